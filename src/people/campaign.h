/* campaign.h — the pure rules of 年度考核 campaigns and 评优评选 (people module's own files and unit tests): the
 * weighted total of a card's three parts, grades proposed and checked under the 优秀 quota, the 公示 end day in
 * working days, and the eligibility of a nominee. No database. */
#ifndef PEOPLE_CAMPAIGN_H
#define PEOPLE_CAMPAIGN_H
#include "base/workday.h"
#include <stddef.h>

/* The parts of an appraisal card, each scored 0–100. */
enum { PEOPLE_PART_BALLOT = 0, PEOPLE_PART_LEADER, PEOPLE_PART_INPUTS, PEOPLE_PARTS };
/* Σ w × score / Σ w over the parts that have data (has[i]) and weight > 0; -1 when none. Weights in percent points. */
double people_campaign_total(const int w[PEOPLE_PARTS], const double s[PEOPLE_PARTS], const int has[PEOPLE_PARTS]);

/* Grades proposed from the totals (grade indexes into a list best first, ngrades ≥ 2): a total ≥ 90 proposes the first
 * grade, but only the best ⌊n × quota‰ / 1000⌋ of them keep it (ranked by total; a tie at the boundary keeps neither:
 * both drop to the second grade, the admin decides), the others the second; ≥ 75 the second, ≥ 60 the third (when
 * there is one), below 60 the last. A subject without a total (has 0) gets -1 (undecided). */
void people_grades_propose(const double *totals, const int *has, size_t n, int ngrades, int quota_permille, int *grade);
/* The 优秀 quota check when grades are decided: grade[i] are indexes (0 = the first grade). 0 within the quota; 1 over
 * it, with *count the subjects given the first grade and *quota the most allowed (⌊n × quota‰ / 1000⌋). */
int people_quota_exceeded(const int *grade, size_t n, int quota_permille, int *count, int *quota);

/* 公示 published on day `start` for `days` working days: it runs from the first working day on or after start through
 * the last of those days (inclusive). Returns that end day; *first the first day. -1 on bad input. */
int people_publicity_end(const wd_cal *c, int start, int days, int *first);

/* Eligibility of a nominee for a selection. sanction: 1 when a sanction runs on the day (why_sanction its text);
 * min_grade: index of the lowest grade allowed (-1 no rule); grade: the nominee's final grade index of the year (-1 none).
 * 1 eligible; 0 not, with the reason in why ("记过处分期内（…）", "2025年度考核等次为基本称职，低于称职"). */
typedef struct people_elig_in {
  int sanction;
  const char *why_sanction;
  int min_grade, grade, year;
  const char *min_name, *grade_name;
} people_elig_in;
int people_eligible(const people_elig_in *in, char *why, size_t whylen);
#endif
