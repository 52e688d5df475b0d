/* feed.c — what 清单闭环 feeds into the cockpit (数字化所队部): per unit and month the items due (QD_DUE) and those
 * closed on time (QD_ONTIME), from tasks_checklist_stats. Registered by tasks itself through cockpit.h; the cockpit
 * maps each unit's own items through the unit tree, so no unit code is named here. */
#include "tasks/tasks.h"
#include "cockpit/cockpit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "YYYY-MM" → its first and last day. */
static int month_range(const char *month, char from[11], char to[11]) {
  int idx = cockpit_month_parse(month);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (idx < 0) return -1;
  unsigned y = (unsigned)(idx / 12) % 10000u, m = (unsigned)(idx % 12);
  unsigned d = (unsigned)days[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  snprintf(from, 11, "%04u-%02u-01", y, (m + 1) % 100u);
  snprintf(to, 11, "%04u-%02u-%02u", y, (m + 1) % 100u, d % 100u);
  return 0;
}

/* The unit's own items due in the month (unit 0: every unit's). */
static int stats(int64_t unit, const char *month, tasks_cl_stats *st) {
  char from[11], to[11];
  if (month_range(month, from, to)) return -1;
  tasks_cl_filter f = {.kind = -1, .unit_id = unit, .from = from, .to = to};
  memset(st, 0, sizeof *st);
  return tasks_checklist_stats(&f, st);
}
static int feed_due(int64_t unit, const char *month, double *out) {
  tasks_cl_stats st;
  if (stats(unit, month, &st)) return -1;
  if (!st.items) return 0;
  *out = (double)st.items;
  return 1;
}
static int feed_on_time(int64_t unit, const char *month, double *out) {
  tasks_cl_stats st;
  if (stats(unit, month, &st)) return -1;
  if (!st.items) return 0;
  *out = (double)st.on_time;
  return 1;
}

/* A bureau's lists can be years old (the demo's are the seed's 2022 lists): the first year within the last ten that
 * has items due, so the cockpit reaches back to it. */
static int first_month(void) {
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

static const cockpit_feed feed_due_def = {"QD_DUE", "到期清单事项数", "内管", "项", "higher", "sum", "sum", feed_due, first_month};
static const cockpit_feed feed_ontime_def = {"QD_ONTIME", "按期销号事项数", "内管", "项", "higher", "sum", "sum", feed_on_time, first_month};

void tasks_feeds_register(void) {
  cockpit_register_feed(&feed_due_def);
  cockpit_register_feed(&feed_ontime_def);
}
