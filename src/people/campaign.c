/* campaign.c — the pure rules of 年度考核 and 评优评选: card totals, grades under the 优秀 quota, 公示 end days,
 * eligibility (declared in campaign.h; unit-tested in tests/unit/test_people_campaign.c). */
#include "people/campaign.h"
#include "people/people.h"
#include <stdio.h>
#include <stdlib.h>

double people_campaign_total(const int w[PEOPLE_PARTS], const double s[PEOPLE_PARTS], const int has[PEOPLE_PARTS]) {
  return people_card_total(w, s, has, PEOPLE_PARTS);
}

void people_grades_propose(const double *totals, const int *has, size_t n, int ngrades, int quota_permille, int *grade) {
  int quota = people_quota_of(quota_permille, (int)n);
  int third = ngrades > 2 ? 2 : 1, last = ngrades - 1;
  for (size_t i = 0; i < n; i++) {
    if (!has[i]) { grade[i] = -1; continue; }
    double t = totals[i];
    grade[i] = t >= 90 ? 0 : t >= 75 ? 1 : t >= 60 ? third : last;
  }
  /* the first grade: the best `quota` of those proposing it; a subject keeps it when fewer than quota others rank
   * strictly above him and no one tied with him would fall outside (a tie across the boundary keeps neither) */
  for (size_t i = 0; i < n; i++) {
    if (grade[i] != 0) continue;
    int above = 0, equal = 0;
    for (size_t j = 0; j < n; j++) {
      if (j == i || !has[j] || !(totals[j] >= 90)) continue;
      if (totals[j] > totals[i]) above++;
      else if (totals[j] == totals[i]) equal++;
    }
    if (above + equal + 1 > quota) grade[i] = 1;
  }
}

int people_quota_exceeded(const int *grade, size_t n, int quota_permille, int *count, int *quota) {
  int c = 0;
  for (size_t i = 0; i < n; i++) c += grade[i] == 0;
  *count = c;
  *quota = people_quota_of(quota_permille, (int)n);
  return c > *quota;
}

int people_publicity_end(const wd_cal *c, int start, int days, int *first) {
  if (start < 0 || days < 1) return -1;
  int f = wd_add(c, start, 0);
  if (first) *first = f;
  return wd_add(c, f, days - 1);
}

int people_eligible(const people_elig_in *in, char *why, size_t whylen) {
  if (in->sanction) { snprintf(why, whylen, "%s", in->why_sanction ? in->why_sanction : "处分期内"); return 0; }
  if (in->min_grade >= 0) {
    if (in->grade < 0) { snprintf(why, whylen, "%d年度无年度考核等次（要求%s及以上）", in->year, in->min_name ? in->min_name : ""); return 0; }
    if (in->grade > in->min_grade) {
      snprintf(why, whylen, "%d年度考核等次为%s，低于%s", in->year, in->grade_name ? in->grade_name : "", in->min_name ? in->min_name : "");
      return 0;
    }
  }
  if (whylen) why[0] = 0;
  return 1;
}
