/* store_settings.c — the thresholds of the quality checks and of sampling (eval_settings): read all, write one. */
#include "evals/internal.h"

int evals_store_settings_each(int (*fn)(void *ctx, const char *key, double value), void *ctx) {
  db_stmt *s = db_prepare("SELECT key, value FROM eval_settings");
  if (!s) return -1;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) fn(ctx, db_col_text(s, 0), db_col_double(s, 1));
  return st == DB_DONE ? 0 : -1;
}

int evals_store_setting_put(const char *key, double value, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO eval_settings(key, value, updated_at) VALUES(?,?,?)"
                          " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!s) return -1;
  db_bind_text(s, 1, key);
  db_bind_double(s, 2, value);
  db_bind_text(s, 3, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}
