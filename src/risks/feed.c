/* feed.c — what the complaints and the safety checks feed into the cockpit (数字化所队部): per unit and month the complaints received (TSSL,
 * 投诉受理数) and those of them closed (TSBJ, 投诉办结数), from which the cockpit's 投诉办结率 (TSBJL) is computed. The
 * cockpit maps each unit's own complaints through the unit tree. */
#include "risks/internal.h"
#include "cockpit/cockpit.h"
#include <stdio.h>
#include <stdlib.h>

static int month_range(const char *month, char from[11], char to[11]) {
  int idx = cockpit_month_parse(month);
  if (idx < 0) return -1;
  unsigned y = (unsigned)(idx / 12) % 10000u, m = (unsigned)(idx % 12) + 1;
  snprintf(from, 11, "%04u-%02u-01", y, m % 100u);
  snprintf(to, 11, "%04u-%02u-31", y, m % 100u); /* compared as text: the 31st bounds every month */
  return 0;
}

static int feed(int64_t unit, const char *month, double *out, int closed) {
  char from[11], to[11];
  int64_t received = 0, done = 0;
  if (month_range(month, from, to) || risks_store_complaint_month(unit, from, to, &received, &done)) return -1;
  if (!received) return 0;
  *out = (double)(closed ? done : received);
  return 1;
}
static int feed_received(int64_t unit, const char *month, double *out) { return feed(unit, month, out, 0); }
static int feed_closed(int64_t unit, const char *month, double *out) { return feed(unit, month, out, 1); }

static const cockpit_feed received_def = {"TSSL", "投诉受理数", "内管", "件", "higher", "sum", "sum", feed_received, NULL};
static const cockpit_feed closed_def = {"TSBJ", "投诉办结数", "内管", "件", "higher", "sum", "sum", feed_closed, NULL};

/* 安全生产: per unit and month the checks finished (AQJC, 安全检查次数), hazards found (YHFX) and of those closed (YHZG),
 * from which the cockpit computes 隐患整改率 (YHZGL = YHZG ÷ YHFX). A month without a check or a hazard has no figure. */
static int safety(int64_t unit, const char *month, double *out, int which) {
  char from[11], to[11];
  int64_t v[3] = {0, 0, 0};
  if (month_range(month, from, to) || risks_store_safety_month(unit, from, to, &v[0], &v[1], &v[2])) return -1;
  if (which == 0 ? !v[0] : !v[1]) return 0;
  *out = (double)v[which];
  return 1;
}
static int feed_checks(int64_t unit, const char *month, double *out) { return safety(unit, month, out, 0); }
static int feed_found(int64_t unit, const char *month, double *out) { return safety(unit, month, out, 1); }
static int feed_fixed(int64_t unit, const char *month, double *out) { return safety(unit, month, out, 2); }
static const cockpit_feed checks_def = {"AQJC", "安全检查次数", "安全", "次", "higher", "sum", "sum", feed_checks, NULL};
static const cockpit_feed found_def = {"YHFX", "发现隐患数", "安全", "项", "higher", "sum", "sum", feed_found, NULL};
static const cockpit_feed fixed_def = {"YHZG", "已整改隐患数", "安全", "项", "higher", "sum", "sum", feed_fixed, NULL};

void risks_feeds_register(void) {
  static int done;
  if (done) return;
  done = 1;
  cockpit_register_feed(&received_def);
  cockpit_register_feed(&closed_def);
  cockpit_register_feed(&checks_def);
  cockpit_register_feed(&found_def);
  cockpit_register_feed(&fixed_def);
}
