/* test_people_campaign.c — unit tests of the 年度考核 and 评优评选 rules (src/people/campaign.c) against hand-computed
 * tables: the card total of three weighted parts (a part without data drops out), grades proposed under the 优秀
 * quota with ties at the boundary, the quota check when grades are decided, the 公示 end day across the National Day
 * holiday and its make-up working days, and a nominee's eligibility (running sanction, minimum grade, no grade). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "people/campaign.h"
#include "people/people.h"
#include "base/workday.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

/* 民主测评 85 × 40 + 领导 90 × 30 + 客观 70 × 30 = 8200 / 100 = 82; without the leaders: (3400 + 2100) / 70 = 78.5714. */
static void test_total(void **st) {
  (void)st;
  const int w[] = {40, 30, 30};
  const double s[] = {85, 90, 70};
  const int all[] = {1, 1, 1}, noleader[] = {1, 0, 1}, none[] = {0, 0, 0};
  NEAR(people_campaign_total(w, s, all), 82.0);
  NEAR(people_campaign_total(w, s, noleader), 5500.0 / 70.0);
  NEAR(people_campaign_total(w, s, none), -1);
  const int w0[] = {0, 50, 50};
  NEAR(people_campaign_total(w0, s, all), 80.0); /* a part weighted 0 does not count */
}

/* 7 subjects, quota 300‰ → ⌊2.1⌋ = 2 may keep 优秀. 95 keeps it; 92 and 92 tie across the boundary (1 above them,
 * 2 tied: 3 > 2) and both drop to 称职; 88, 76 称职; 61 基本称职; 59.9 不称职. */
static void test_propose_tie(void **st) {
  (void)st;
  const double t[] = {92, 95, 59.9, 92, 88, 76, 61};
  const int has[] = {1, 1, 1, 1, 1, 1, 1};
  int g[7];
  people_grades_propose(t, has, 7, 4, 300, g);
  const int want[] = {1, 0, 3, 1, 1, 1, 2};
  for (int i = 0; i < 7; i++) assert_int_equal(g[i], want[i]);
}

/* 6 subjects (one without data), quota 400‰ → ⌊2.4⌋ = 2: 95 and 93 keep 优秀, 91 drops to 称职; 80 称职; 70 基本称职; one without data undecided. */
static void test_propose_quota(void **st) {
  (void)st;
  const double t[] = {91, 95, 80, 93, 70, 0};
  const int has[] = {1, 1, 1, 1, 1, 0};
  int g[6];
  people_grades_propose(t, has, 6, 4, 400, g); /* 6 subjects: ⌊2.4⌋ = 2 */
  const int want[] = {1, 0, 1, 0, 2, -1};
  for (int i = 0; i < 6; i++) assert_int_equal(g[i], want[i]);
  /* two grades only: below 60 is the last (second) grade */
  const double t2[] = {50, 80};
  const int h2[] = {1, 1};
  int g2[2];
  people_grades_propose(t2, h2, 2, 2, 1000, g2);
  assert_int_equal(g2[0], 1);
  assert_int_equal(g2[1], 1);
}

static void test_quota_check(void **st) {
  (void)st;
  int count, quota;
  const int ok[] = {0, 0, 1, 1, 1, 2, 3, 1, 1, 1};
  assert_int_equal(people_quota_exceeded(ok, 10, 200, &count, &quota), 0); /* 10 × 20% = 2, two given */
  assert_int_equal(count, 2);
  assert_int_equal(quota, 2);
  const int over[] = {0, 0, 0, 1, 1, 2, 3, 1, 1, 1};
  assert_int_equal(people_quota_exceeded(over, 10, 200, &count, &quota), 1);
  assert_int_equal(count, 3);
  const int seven[] = {0, 0, 1, 1, 1, 1, 1};
  assert_int_equal(people_quota_exceeded(seven, 7, 150, &count, &quota), 1); /* ⌊7 × 0.15⌋ = 1 */
  assert_int_equal(quota, 1);
}

/* 2025 National Day: 10-01 … 10-08 holidays, Sunday 09-28 and Saturday 10-11 make-up working days. */
static void test_publicity_holidays(void **st) {
  (void)st;
  wd_override days[10];
  size_t n = 0;
  days[n++] = (wd_override){wd_parse("2025-09-28"), WD_MAKEUP};
  for (int d = 1; d <= 8; d++) {
    char s[24];
    snprintf(s, sizeof s, "2025-10-%02d", d);
    days[n++] = (wd_override){wd_parse(s), WD_HOLIDAY};
  }
  days[n++] = (wd_override){wd_parse("2025-10-11"), WD_MAKEUP};
  wd_cal cal = {days, n};
  int first;
  char a[11], b[11];
  /* Monday 09-29, 5 days: 09-29, 09-30, 10-09, 10-10, 10-11 (make-up Saturday) */
  wd_format(people_publicity_end(&cal, wd_parse("2025-09-29"), 5, &first), b);
  wd_format(first, a);
  assert_string_equal(a, "2025-09-29");
  assert_string_equal(b, "2025-10-11");
  /* published on a holiday: it starts on 10-09; 3 days end on 10-11 */
  wd_format(people_publicity_end(&cal, wd_parse("2025-10-01"), 3, &first), b);
  wd_format(first, a);
  assert_string_equal(a, "2025-10-09");
  assert_string_equal(b, "2025-10-11");
  /* published on Saturday 09-27: the make-up Sunday 09-28 is the first day; 09-28, 09-29, 09-30, 10-09, 10-10 */
  wd_format(people_publicity_end(&cal, wd_parse("2025-09-27"), 5, &first), b);
  wd_format(first, a);
  assert_string_equal(a, "2025-09-28");
  assert_string_equal(b, "2025-10-10");
  /* one day on a plain Friday ends that Friday */
  wd_format(people_publicity_end(&cal, wd_parse("2025-11-07"), 1, NULL), b);
  assert_string_equal(b, "2025-11-07");
  assert_int_equal(people_publicity_end(&cal, -1, 5, NULL), -1);
  assert_int_equal(people_publicity_end(&cal, wd_parse("2025-11-07"), 0, NULL), -1);
}

static void test_eligible(void **st) {
  (void)st;
  char why[200];
  people_elig_in s = {.sanction = 1, .why_sanction = "记过处分期内（2025-03-01 至 2026-03-01）", .min_grade = -1, .grade = -1, .year = 2025};
  assert_int_equal(people_eligible(&s, why, sizeof why), 0);
  assert_string_equal(why, "记过处分期内（2025-03-01 至 2026-03-01）");
  people_elig_in low = {.min_grade = 1, .grade = 2, .year = 2025, .min_name = "称职", .grade_name = "基本称职"};
  assert_int_equal(people_eligible(&low, why, sizeof why), 0);
  assert_string_equal(why, "2025年度考核等次为基本称职，低于称职");
  people_elig_in none = {.min_grade = 1, .grade = -1, .year = 2025, .min_name = "称职"};
  assert_int_equal(people_eligible(&none, why, sizeof why), 0);
  assert_string_equal(why, "2025年度无年度考核等次（要求称职及以上）");
  people_elig_in good = {.min_grade = 1, .grade = 0, .year = 2025, .min_name = "称职", .grade_name = "优秀"};
  assert_int_equal(people_eligible(&good, why, sizeof why), 1);
  people_elig_in same = {.min_grade = 1, .grade = 1, .year = 2025, .min_name = "称职", .grade_name = "称职"};
  assert_int_equal(people_eligible(&same, why, sizeof why), 1);
  people_elig_in norule = {.min_grade = -1, .grade = -1, .year = 2025};
  assert_int_equal(people_eligible(&norule, why, sizeof why), 1);
  assert_string_equal(why, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_total),      cmocka_unit_test(test_propose_tie), cmocka_unit_test(test_propose_quota),
    cmocka_unit_test(test_quota_check), cmocka_unit_test(test_publicity_holidays), cmocka_unit_test(test_eligible),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
