/* store_live.c — the SQL of live updates: the change log the triggers on cockpit_values fill (so writes from any
 * process are seen), read in order after the last row seen, and pruned once every watcher has read it. */
#include "cockpit/internal.h"

int64_t ck_store_changes_max(void) {
  db_stmt *s = db_prepare("SELECT COALESCE(max(id), 0) FROM cockpit_changes");
  if (!s) return -1;
  int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return v;
}

int64_t ck_store_changes_read(int64_t after, int limit, ck_change_fn fn, void *ctx) {
  db_stmt *s = db_prepare("SELECT c.id, c.unit_id, c.month, i.code FROM cockpit_changes c LEFT JOIN cockpit_indicators i ON i.id = c.indicator_id"
                          " WHERE c.id > ? ORDER BY c.id LIMIT ?");
  if (!s) return after;
  db_bind_int(s, 1, after);
  db_bind_int(s, 2, limit);
  int64_t last = after;
  while (db_step(s) == DB_ROW) {
    last = db_col_int(s, 0);
    fn(ctx, last, db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3));
  }
  db_reset(s);
  return last;
}

void ck_store_changes_prune(int64_t below) {
  db_stmt *s = db_prepare("DELETE FROM cockpit_changes WHERE id < ?");
  if (s) {
    db_bind_int(s, 1, below);
    db_step(s);
  }
}
