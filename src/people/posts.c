/* posts.c — 双聘's pure rules: who may apply (sanction, years in grade, the latest appraisal grade), the weighted total of written
 * test, interview and 测评, the ranking against the post's places, and the 公示's last working day. */
#include "people/talent.h"
#include "people/people.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int people_qualify(const people_qual_rule *rule, const people_qual_facts *f, char *why, size_t whylen) {
  if (f->sanctioned) {
    snprintf(why, whylen, "不符合报名条件：%s", f->sanction_why && *f->sanction_why ? f->sanction_why : "处分期内");
    return 0;
  }
  int years = 0;
  if (f->grade_since >= 0 && f->today >= f->grade_since)
    while (years < 60 && people_sanction_end(f->grade_since, 12 * (years + 1)) <= f->today) years++;
  if (rule->min_years > 0) {
    if (f->grade_since < 0) {
      snprintf(why, whylen, "不符合报名条件：无职级任职记录，要求现职级任职满 %d 年", rule->min_years);
      return 0;
    }
    if (years < rule->min_years) {
      snprintf(why, whylen, "不符合报名条件：现职级%s任职 %d 年，不满 %d 年", f->grade_name ? f->grade_name : "", years, rule->min_years);
      return 0;
    }
  }
  if (rule->min_grade >= 0 && f->appraisal >= 0 && f->appraisal > rule->min_grade) {
    snprintf(why, whylen, "不符合报名条件：最近考核等次为%s，低于要求", f->appraisal_name ? f->appraisal_name : "");
    return 0;
  }
  char g[80] = "无职级记录", a[80] = "无考核等次记录";
  if (f->grade_since >= 0) snprintf(g, sizeof g, "现职级%s任职 %d 年", f->grade_name ? f->grade_name : "", years);
  if (f->appraisal >= 0) snprintf(a, sizeof a, "最近考核等次%s", f->appraisal_name ? f->appraisal_name : "");
  snprintf(why, whylen, "%s；%s；无处分期", g, a);
  return 1;
}

int people_round_weights_ok(int a, int b, int c) { return a >= 0 && b >= 0 && c >= 0 && a <= 100 && b <= 100 && c <= 100 && a + b + c == 100; }

static int score_ok(double x) { return x >= 0 && x <= 100; }

double people_round_total(int ww, int wi, int wr, double w, double i, double r) {
  if (!score_ok(w) || !score_ok(i) || !score_ok(r)) return -1;
  double t = ((double)ww * w + (double)wi * i + (double)wr * r) / 100.0;
  return floor(t * 100.0 + 0.5 + 1e-9) / 100.0;
}

void people_round_rank(const double *totals, int n, int places, int *rank, int *proposed, int *tie) {
  for (int i = 0; i < n; i++) {
    rank[i] = 0;
    proposed[i] = tie[i] = 0;
    if (totals[i] < 0) continue;
    int above = 0, equal = 0;
    for (int j = 0; j < n; j++) {
      if (totals[j] < 0) continue;
      if (totals[j] > totals[i] + 1e-9) above++;
      else if (fabs(totals[j] - totals[i]) <= 1e-9) equal++;
    }
    rank[i] = above + 1;
    if (above + equal <= places) proposed[i] = 1;
    else if (above < places) tie[i] = 1;
  }
}

int people_round_publicity_end(const wd_cal *c, int from, int days) {
  if (days < 1 || from < 0) return -1;
  int first = wd_add(c, from, 0);
  return wd_add(c, first, days - 1);
}
