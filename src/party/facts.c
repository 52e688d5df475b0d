/* facts.c — what the party module offers other modules: its figures of a year for 年度总结 (report.h) and its
 * monthly attendance and learning hours for the cockpit (cockpit.h: 党员应参会人次, 党员参会人次 and 党员学习学时 per
 * unit; the attendance rate is a
 * ratio of the two, which an administrator defines in the cockpit, since a feed may not be a ratio itself). */
#include "party/internal.h"
#include "cockpit/cockpit.h"
#include "report/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const report_fact_def defs[] = {
  {"party.meetings", "三会一课召开与参会", "党建"},
  {"party.members", "党员队伍", "党建"},
};

static int facts(int year, int64_t unit, report_facts *out) {
  party_year_facts f;
  if (party_store_year_facts(year, unit, &f)) return -1;
  char link[128];
  snprintf(link, sizeof link, "/party/meetings");
  if (f.meetings) {
    report_fact *x = report_fact_add(out, "party.meetings", "三会一课召开与参会", "{年}各党组织召开三会一课及主题党日{meetings}，党员参会{present}，参会率{rate}", link);
    if (!x) return -1;
    report_fig_count(x, "meetings", (double)f.meetings, "次");
    report_fig_count(x, "present", (double)f.present, "人次");
    report_figure *r = report_fig_add(x, "rate", REPORT_PCT, f.expected ? 100.0 * (double)f.present / (double)f.expected : 0, f.expected > 0);
    if (r) r->decimals = 1;
  }
  if (f.members) {
    report_fact *x = report_fact_add(out, "party.members", "党员队伍", "现有党员{members}，其中预备党员{probation}", "/party/orgs");
    if (!x) return -1;
    report_fig_count(x, "members", (double)f.members, "名");
    report_fig_count(x, "probation", (double)f.probation, "名");
  }
  return 0;
}

static const report_provider prov = {"party", defs, sizeof defs / sizeof *defs, facts};
void party_facts_register(void) { report_register_facts(&prov); }

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

static int attendance(int64_t unit, const char *month, int want_present, double *out) {
  char from[11], to[11];
  int64_t expected, present;
  if (month_range(month, from, to) || party_store_month_attendance(unit, from, to, &expected, &present)) return -1;
  if (!expected) return 0;
  *out = (double)(want_present ? present : expected);
  return 1;
}
static int feed_learning(int64_t unit, const char *month, double *out) {
  char from[11], to[11];
  double hours;
  int64_t rows;
  if (month_range(month, from, to) || party_store_month_learning(unit, from, to, &hours, &rows)) return -1;
  if (!rows) return 0;
  *out = hours;
  return 1;
}
/* 党建服务包走访次数: visits to packaged hardship shops of the unit (the shop's unit when it was paired). */
static int feed_pkg_visits(int64_t unit, const char *month, double *out) {
  char from[11], to[11];
  int64_t n;
  if (month_range(month, from, to) || party_store_month_pkg_visits(unit, from, to, &n)) return -1;
  if (!n) return 0;
  *out = (double)n;
  return 1;
}
static int feed_expected(int64_t unit, const char *month, double *out) { return attendance(unit, month, 0, out); }
static int feed_present(int64_t unit, const char *month, double *out) { return attendance(unit, month, 1, out); }
static int first_month(void) {
  int y = party_store_first_year();
  return y > 0 ? y * 12 : -1;
}

static const cockpit_feed feed_expected_def = {"DJ_EXPECTED", "党员应参会人次", "党建", "人次", "higher", "sum", "sum", feed_expected, first_month};
static const cockpit_feed feed_learning_def = {"DJ_LEARN_HOURS", "党员学习学时", "党建", "学时", "higher", "sum", "sum", feed_learning, first_month};
static const cockpit_feed feed_pkg_def = {"DJ_PKG_VISITS", "党建服务包走访次数", "党建", "次", "higher", "sum", "sum", feed_pkg_visits, first_month};
static const cockpit_feed feed_present_def = {"DJ_PRESENT", "党员参会人次", "党建", "人次", "higher", "sum", "sum", feed_present, first_month};

void party_feeds_register(void) {
  cockpit_register_feed(&feed_expected_def);
  cockpit_register_feed(&feed_present_def);
  cockpit_register_feed(&feed_learning_def);
  cockpit_register_feed(&feed_pkg_def);
}
