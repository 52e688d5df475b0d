/* risks.c — the risks module's pure logic: matrix levels, review dates on working days, drill compliance. */
#include "risks/risks.h"
#include <stdio.h>
#include <string.h>

static const char *const level_names[RL__COUNT] = {"低", "中", "高", "重大"};

const char *risks_level_name(int level) { return level >= 0 && level < RL__COUNT ? level_names[level] : ""; }

int risks_level_parse(const char *name) {
  for (int i = 0; name && i < RL__COUNT; i++)
    if (!strcmp(name, level_names[i])) return i;
  return -1;
}

void risks_matrix_default(risks_matrix *m) {
  memset(m, 0, sizeof *m);
  m->size = 5;
  for (int l = 1; l <= 5; l++)
    for (int i = 1; i <= 5; i++) {
      int s = l * i;
      m->cell[l - 1][i - 1] = (unsigned char)(s <= 4 ? RL_LOW : s <= 9 ? RL_MID : s <= 16 ? RL_HIGH : RL_MAJOR);
    }
}

int risks_matrix_check(const risks_matrix *m, char *why, size_t whylen) {
  if (m->size < RISKS_MATRIX_MIN || m->size > RISKS_MATRIX_MAX) {
    snprintf(why, whylen, "矩阵阶数应为%d至%d", RISKS_MATRIX_MIN, RISKS_MATRIX_MAX);
    return -1;
  }
  for (int l = 0; l < m->size; l++)
    for (int i = 0; i < m->size; i++) {
      if (m->cell[l][i] >= RL__COUNT) { snprintf(why, whylen, "可能性%d、影响%d的等级无效", l + 1, i + 1); return -1; }
      if ((l && m->cell[l][i] < m->cell[l - 1][i]) || (i && m->cell[l][i] < m->cell[l][i - 1])) {
        snprintf(why, whylen, "可能性%d、影响%d的等级低于可能性或影响更小的格子", l + 1, i + 1);
        return -1;
      }
    }
  return 0;
}

int risks_level_of(const risks_matrix *m, int likelihood, int impact) {
  if (likelihood < 1 || impact < 1 || likelihood > m->size || impact > m->size) return -1;
  return m->cell[likelihood - 1][impact - 1];
}

void risks_cadence_default(risks_cadence *c) {
  c->months[RL_LOW] = 12;
  c->months[RL_MID] = 6;
  c->months[RL_HIGH] = 3;
  c->months[RL_MAJOR] = 1;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int risks_next_review(int from, int months, const wd_cal *cal) {
  char s[11];
  wd_format(from, s);
  int y, m, d;
  if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3) return -1;
  int idx = y * 12 + (m - 1) + (months < 0 ? 0 : months);
  y = idx / 12;
  m = idx % 12 + 1;
  if (d > month_days(y, m)) d = month_days(y, m);
  char t[40];
  snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
  int day = wd_parse(t);
  if (day < 0) return -1;
  wd_cal none = {0};
  return wd_add(cal ? cal : &none, day, 0);
}

static const char *const plan_kinds[RP__COUNT] = {"综合", "专项", "现场处置"};
const char *risks_plan_kind_name(int k) { return k >= 0 && k < RP__COUNT ? plan_kinds[k] : ""; }
int risks_plan_kind_parse(const char *name) {
  for (int i = 0; name && i < RP__COUNT; i++)
    if (!strcmp(name, plan_kinds[i])) return i;
  return -1;
}

const char *risks_req_state_code(int s) { return s == RC_MET ? "met" : s == RC_PENDING ? "pending" : "missed"; }

static int state(int n, int period_end, int today) { return n > 0 ? RC_MET : today <= period_end ? RC_PENDING : RC_MISSED; }

risks_compliance risks_drill_compliance(int year, const risks_drill_ref *drills, size_t n, int today) {
  char b[40];
  snprintf(b, sizeof b, "%04d-01-01", year);
  int y0 = wd_parse(b);
  snprintf(b, sizeof b, "%04d-07-01", year);
  int h2 = wd_parse(b);
  snprintf(b, sizeof b, "%04d-12-31", year);
  int y1 = wd_parse(b);
  risks_compliance c = {0};
  for (size_t k = 0; k < n; k++) {
    int d = drills[k].day;
    if (d < y0 || d > y1) continue;
    if (drills[k].plan_kind == RP_GENERAL || drills[k].plan_kind == RP_SPECIAL) c.annual_n++;
    else if (drills[k].plan_kind == RP_ONSITE) {
      if (d < h2) c.h1_n++;
      else c.h2_n++;
    }
  }
  c.annual = state(c.annual_n, y1, today);
  c.h1 = state(c.h1_n, h2 - 1, today);
  c.h2 = state(c.h2_n, y1, today);
  c.ok = c.annual != RC_MISSED && c.h1 != RC_MISSED && c.h2 != RC_MISSED;
  return c;
}
