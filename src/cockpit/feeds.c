/* feeds.c — indicators fed by other modules: the registry behind cockpit_register_feed, the definitions it keeps in
 * step, the refresh that asks each feed for its values, and the built-in example fed by 清单闭环 (src/tasks). */
#include "cockpit/internal.h"
#include "base/log.h"
#include "tasks/tasks.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FEEDS 64
static const cockpit_feed *g_feeds[MAX_FEEDS];
static size_t g_nfeeds;

int cockpit_register_feed(const cockpit_feed *f) {
  if (!f || !f->code || !f->fn || g_nfeeds >= MAX_FEEDS || cockpit_dir_parse(f->direction) < 0 || cockpit_agg_parse(f->time_agg) < 0 ||
      cockpit_agg_parse(f->unit_agg) < 0 || !strcmp(f->time_agg, "ratio"))
    return -1;
  for (size_t i = 0; i < g_nfeeds; i++)
    if (!strcmp(g_feeds[i]->code, f->code)) return 0;
  g_feeds[g_nfeeds++] = f;
  return 0;
}

/* Creates or refreshes the definitions of registered feeds (the feeding module owns name, unit and roll-ups). */
int ck_feeds_sync_defs(void) {
  int fail = 0;
  for (size_t i = 0; i < g_nfeeds && !fail; i++) {
    const cockpit_feed *f = g_feeds[i];
    db_stmt *s = db_prepare("INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, feeder, sort, created_at, updated_at)"
                            " VALUES(?1,?2,?3,?4,?5,?6,?7,'module',900,datetime('now','localtime'),datetime('now','localtime'))"
                            " ON CONFLICT(code) DO UPDATE SET name = excluded.name, category = excluded.category, uom = excluded.uom,"
                            " direction = excluded.direction, time_agg = excluded.time_agg, unit_agg = excluded.unit_agg, feeder = 'module'");
    if (!s) return -1;
    db_bind_text(s, 1, f->code);
    db_bind_text(s, 2, f->name);
    db_bind_text(s, 3, f->category);
    db_bind_text(s, 4, f->uom ? f->uom : "");
    db_bind_text(s, 5, f->direction);
    db_bind_text(s, 6, f->time_agg);
    db_bind_text(s, 7, f->unit_agg);
    fail = db_step(s) != DB_DONE;
  }
  return fail ? -1 : 0;
}

int cockpit_feeds_refresh(int months) {
  if (!g_nfeeds) return 0;
  char today[11], ym[8];
  tasks_today(today);
  memcpy(ym, today, 7);
  ym[7] = 0;
  int cur = cockpit_month_parse(ym);
  if (cur < 0 || db_begin() != DB_OK) return -1;
  int written = 0, fail = ck_feeds_sync_defs();
  for (size_t i = 0; i < g_nfeeds && !fail; i++) {
    const cockpit_feed *f = g_feeds[i];
    db_stmt *s = db_prepare("SELECT id FROM cockpit_indicators WHERE code = ?");
    if (!s) { fail = 1; break; }
    db_bind_text(s, 1, f->code);
    int64_t ind = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    int first = f->first_month ? f->first_month() : -1;
    if (first < 0) first = cur;
    for (const char *const *uc = f->unit_codes; ind && uc && *uc && !fail; uc++) {
      int64_t unit = org_unit_id_by_code(*uc);
      if (!unit) continue;
      /* The current month is still open: feeds cover the months before it. */
      for (int m = first < cur - months ? first : cur - months; m < cur && !fail; m++) {
        char ms[8];
        cockpit_month_str(m, ms);
        double v;
        int got = f->fn(unit, ms, &v);
        if (got < 0) { fail = 1; break; }
        if (!got) continue;
        s = db_prepare("INSERT INTO cockpit_values(indicator_id, unit_id, month, value, source, updated_by, updated_at)"
                       " VALUES(?,?,?,?,'module',?,datetime('now','localtime')) ON CONFLICT(indicator_id, unit_id, month)"
                       " DO UPDATE SET value = excluded.value, source = 'module', updated_by = excluded.updated_by, updated_at = excluded.updated_at"
                       " WHERE value IS NOT excluded.value");
        if (!s) { fail = 1; break; }
        db_bind_int(s, 1, ind);
        db_bind_int(s, 2, unit);
        db_bind_text(s, 3, ms);
        db_bind_double(s, 4, v);
        db_bind_text(s, 5, f->code);
        if (db_step(s) != DB_DONE) fail = 1;
        else written += db_changes();
      }
    }
  }
  if (fail) { db_rollback(); return -1; }
  if (db_commit() != DB_OK) return -1;
  return written;
}

/* ---- the built-in example: 清单闭环 items due in a month, and those closed on time, per unit ---- */
static void month_range(const char *month, char from[11], char to[11]) {
  int idx = cockpit_month_parse(month);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (idx < 0) idx = 0;
  unsigned y = (unsigned)(idx / 12) % 10000u, m = (unsigned)(idx % 12);
  unsigned d = (unsigned)days[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  snprintf(from, 11, "%04u-%02u-01", y, (m + 1) % 100u);
  snprintf(to, 11, "%04u-%02u-%02u", y, (m + 1) % 100u, d % 100u);
}
static int cl_stats(int64_t unit, const char *month, tasks_cl_stats *st) {
  char from[11], to[11];
  month_range(month, from, to);
  tasks_cl_filter f = {.kind = -1, .unit_id = unit, .from = from, .to = to};
  memset(st, 0, sizeof *st);
  return tasks_checklist_stats(&f, st);
}
static int feed_due(int64_t unit, const char *month, double *out) {
  tasks_cl_stats st;
  if (cl_stats(unit, month, &st)) return -1;
  if (!st.items) return 0;
  *out = (double)st.items;
  return 1;
}
static int feed_on_time(int64_t unit, const char *month, double *out) {
  tasks_cl_stats st;
  if (cl_stats(unit, month, &st)) return -1;
  if (!st.items) return 0;
  *out = (double)st.on_time;
  return 1;
}

/* The demo's lists (and a bureau's real ones) can be years old: the first year within the last ten with items due. */
static int cl_first_month(void) {
  char today[11];
  tasks_today(today);
  int y = atoi(today), first = -1;
  for (int k = 0; k < 10 && y - k > 0; k++) {
    char from[16], to[16];
    snprintf(from, sizeof from, "%04u-01-01", (unsigned)(y - k) % 10000u);
    snprintf(to, sizeof to, "%04u-12-31", (unsigned)(y - k) % 10000u);
    tasks_cl_filter f = {.kind = -1, .from = from, .to = to};
    tasks_cl_stats st;
    memset(&st, 0, sizeof st);
    if (tasks_checklist_stats(&f, &st)) return first;
    if (st.items) first = (y - k) * 12;
  }
  return first;
}

static const char *const task_units[] = {"JLD", "BGS", "CWK", "NGK", "SCB", "CQS", "LTS", "SMS", "JCD", "WLZX", NULL};
static const cockpit_feed feed_cl_due = {"QD_DUE", "到期清单事项数", "内管", "项", "higher", "sum", "sum", task_units, feed_due, cl_first_month};
static const cockpit_feed feed_cl_ontime = {"QD_ONTIME", "按期销号事项数", "内管", "项", "higher", "sum", "sum", task_units, feed_on_time, cl_first_month};

static void *refresh_thread(void *arg) {
  (void)arg;
  for (;;) {
    int n = cockpit_feeds_refresh(24);
    if (n < 0) log_warn("cockpit: module feeds refresh failed");
    else if (n > 0) log_info("cockpit: module feeds wrote %d value(s)", n);
    if (n > 0) ck_live_kick();
    struct timespec ts = {600, 0};
    nanosleep(&ts, NULL);
  }
  return NULL;
}

void ck_feeds_register_builtin(void) {
  cockpit_register_feed(&feed_cl_due);
  cockpit_register_feed(&feed_cl_ontime);
}

void ck_feeds_builtin(void) {
  ck_feeds_register_builtin();
  pthread_t t;
  if (pthread_create(&t, NULL, refresh_thread, NULL) == 0) pthread_detach(t);
}
