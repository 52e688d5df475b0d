/* store_calendar.c — the SQL behind 工作日历: the days that differ from Monday-to-Friday. Typed functions only;
 * calendar.c validates, opens the transaction and audits. */
#include "org/internal.h"
#include "base/workday.h"
#include <stdlib.h>
#include <string.h>

int org_calendar_load(wd_cal *out) {
  memset(out, 0, sizeof *out);
  db_stmt *s = db_prepare("SELECT day, kind FROM calendar_days ORDER BY day");
  if (!s) return -1;
  size_t cap = 0;
  while (db_step(s) == DB_ROW) {
    if (out->n == cap) {
      cap = cap ? cap * 2 : 128;
      wd_override *n = realloc(out->days, cap * sizeof *n);
      if (!n) { db_reset(s); free(out->days); out->days = NULL; out->n = 0; return -1; }
      out->days = n;
    }
    int d = wd_parse(db_col_text(s, 0)), k = wd_kind_parse(db_col_text(s, 1));
    if (d >= 0 && k > 0) out->days[out->n++] = (wd_override){d, (wd_kind)k};
  }
  wd_cal_sort(out);
  return 0;
}

int org_store_calendar_upsert(const char *day, const char *kind, const char *name) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO calendar_days(day, kind, name, updated_at) VALUES(?1, ?2, ?3, ?4)"
                          " ON CONFLICT(day) DO UPDATE SET kind = ?2, name = ?3, updated_at = ?4");
  if (!s) return -1;
  db_bind_text(s, 1, day);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, name ? name : "");
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t org_store_calendar_year_count(const char *year) {
  db_stmt *s = db_prepare("SELECT count(*) FROM calendar_days WHERE substr(day, 1, 4) = ?");
  if (!s) return -1;
  db_bind_text(s, 1, year);
  int64_t have = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return have;
}

json_t *org_store_calendar_year(const char *year) {
  db_stmt *s = db_prepare("SELECT day, kind, name, updated_at FROM calendar_days WHERE substr(day, 1, 4) = ? ORDER BY day");
  if (!s) return NULL;
  db_bind_text(s, 1, year);
  return dbj_rows(s);
}

json_t *org_store_calendar_day(const char *day) {
  db_stmt *s = db_prepare("SELECT day, kind, name FROM calendar_days WHERE day = ?");
  if (!s) return NULL;
  db_bind_text(s, 1, day);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

int org_store_calendar_delete(const char *day) {
  db_stmt *s = db_prepare("DELETE FROM calendar_days WHERE day = ?");
  if (!s) return -1;
  db_bind_text(s, 1, day);
  return db_step(s) == DB_DONE ? 0 : -1;
}
