/* store_data.c — the SQL of the monthly-data importer (data.c): the metric dictionary, the licences in the caller's
 * scope, and one shop-month's values replaced whole. Typed functions only; data.c reads, checks and audits. */
#include "shops/internal.h"
#include <stdio.h>

size_t shops_store_metric_names(char (*out)[2][64], size_t cap) {
  db_stmt *s = db_prepare("SELECT code, name FROM shop_metrics ORDER BY sort");
  size_t n = 0;
  while (s && n < cap && db_step(s) == DB_ROW) {
    snprintf(out[n][0], 64, "%s", db_col_text(s, 0));
    snprintf(out[n][1], 64, "%s", db_col_text(s, 1));
    n++;
  }
  db_reset(s);
  return n;
}

int shops_store_scope_licences(int all, const char *units_json, int64_t user_id, int (*row)(void *ctx, const char *license, int64_t id), void *ctx) {
  /* in licence order (the UNIQUE index: no sort) */
  db_stmt *s = db_prepare("SELECT s.license_no, s.id FROM shops s WHERE " SHOP_SCOPE " ORDER BY s.license_no");
  if (!s) return -1;
  db_bind_int(s, 1, all);
  db_bind_text(s, 2, units_json);
  db_bind_int(s, 3, user_id);
  int fail = 0;
  while (!fail && db_step(s) == DB_ROW) fail = row(ctx, db_col_text(s, 0), db_col_int(s, 1));
  db_reset(s);
  return fail ? -1 : 0;
}

int shops_store_data_put(const char *month, int64_t shop, const char *vals_json) {
  db_stmt *put = db_prepare("INSERT OR REPLACE INTO shop_data(month, shop_id, vals) VALUES(?,?,?)");
  if (!put) return -1;
  db_bind_text(put, 1, month);
  db_bind_int(put, 2, shop);
  db_bind_text(put, 3, vals_json);
  return db_step(put) == DB_DONE ? 0 : -1;
}
