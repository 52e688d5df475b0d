/* test_people_points.c — unit tests of 双聘's and 项目+人才+激励's pure rules, with hand-computed figures: the points
 * rules (parse, an output's points, the split among members), qualification (sanction, years in grade, 民主测评 grade),
 * the weighted total and ranking of a round, and the 公示's last working day across the Spring Festival holiday. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "people/talent.h"
#include "base/workday.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static int parse(const char *j, people_points_rules *r, char *field) {
  char msg[200];
  return people_points_parse(j, strlen(j), r, field, 64, msg, sizeof msg);
}

static void test_points_rules(void **st) {
  (void)st;
  people_points_rules d, r;
  char f[64];
  people_points_default(&d);
  assert_int_equal(parse(people_points_default_json, &r, f), 0);
  assert_memory_equal(&d, &r, sizeof d);
  char how[160];
  /* 课题 30 × 市级 200% × 一等奖 150% = 90; 融媒体作品 5 × 省级 400% × 三等奖 100% = 20; 数据产品 15 plain;
   * QC成果 20 × 国家级 800% × 优秀奖 80% = 128; 荣誉 10 × 县级 100% × 二等奖 120% = 12 */
  assert_int_equal(people_points_of(&d, people_out_kind("课题"), people_out_level("市级"), people_out_award("一等奖"), how, sizeof how), 90);
  assert_string_equal(how, "课题 30 × 市级 200% × 一等奖 150% = 90");
  assert_int_equal(people_points_of(&d, people_out_kind("融媒体作品"), people_out_level("省级"), people_out_award("三等奖"), NULL, 0), 20);
  assert_int_equal(people_points_of(&d, people_out_kind("数据产品"), people_out_level(""), people_out_award("无"), how, sizeof how), 15);
  assert_string_equal(how, "数据产品 15 × 无级别 100% × 无奖次 100% = 15");
  assert_int_equal(people_points_of(&d, people_out_kind("QC成果"), people_out_level("国家级"), people_out_award("优秀奖"), NULL, 0), 128);
  assert_int_equal(people_points_of(&d, people_out_kind("荣誉"), people_out_level("县级"), people_out_award("二等奖"), NULL, 0), 12);
  assert_int_equal(people_points_of(&d, 5, 0, 0, NULL, 0), -1);
  assert_int_equal(people_out_kind("论文"), -1);
  assert_int_equal(people_out_level("乡级"), -1);
  /* rounding half up: 7 × 150% × 50% = 5.25 → 5; 9 × 150% × 50% = 6.75 → 7; 1 × 150% = 1.5 → 2 */
  assert_int_equal(parse("{\"base\":{\"课题\":7,\"QC成果\":9,\"数据产品\":1,\"融媒体作品\":0,\"荣誉\":0},\"level_pct\":{\"市级\":150},"
                         "\"award_pct\":{\"优秀奖\":50}}", &r, f), 0);
  assert_int_equal(r.level_pct[people_out_level("省级")], 100); /* left out: 100 % */
  assert_int_equal(people_points_of(&r, 0, 2, 4, NULL, 0), 5);
  assert_int_equal(people_points_of(&r, 1, 2, 4, NULL, 0), 7);
  assert_int_equal(people_points_of(&r, 2, 2, 0, NULL, 0), 2);
  /* refused, naming the field */
  assert_int_equal(parse("{\"level_pct\":{}}", &r, f), -1);
  assert_string_equal(f, "base");
  assert_int_equal(parse("{\"base\":{\"课题\":1}}", &r, f), -1);
  assert_string_equal(f, "base.QC成果");
  assert_int_equal(parse("{\"base\":{\"课题\":1,\"QC成果\":1,\"数据产品\":1,\"融媒体作品\":1,\"荣誉\":1},\"level_pct\":{\"乡级\":100}}", &r, f), -1);
  assert_string_equal(f, "level_pct.乡级");
  assert_int_equal(parse("{\"base\":{\"课题\":-1,\"QC成果\":1,\"数据产品\":1,\"融媒体作品\":1,\"荣誉\":1}}", &r, f), -1);
  assert_string_equal(f, "base.课题");
  assert_int_equal(parse("{\"base\":{\"课题\":1.5,\"QC成果\":1,\"数据产品\":1,\"融媒体作品\":1,\"荣誉\":1}}", &r, f), -1);
  assert_string_equal(f, "base.课题");
  assert_int_equal(parse("{\"foo\":1}", &r, f), -1);
  assert_string_equal(f, "foo");
  assert_int_equal(parse("[1,2]", &r, f), -1);
  assert_string_equal(f, "rules");
  assert_int_equal(parse("{\"base\":", &r, f), -1);
}

static void test_points_split(void **st) {
  (void)st;
  int out[4];
  assert_int_equal(people_points_split(90, (int[]){50, 30, 20}, 3, out), 0);
  assert_int_equal(out[0], 45); assert_int_equal(out[1], 27); assert_int_equal(out[2], 18);
  /* 10 × 34/33/33 = 3.4, 3.3, 3.3: the one left goes to the largest remainder, the first */
  assert_int_equal(people_points_split(10, (int[]){34, 33, 33}, 3, out), 0);
  assert_int_equal(out[0], 4); assert_int_equal(out[1], 3); assert_int_equal(out[2], 3);
  /* 7 × 50/50 = 3.5 each: the earlier member gets the odd point */
  assert_int_equal(people_points_split(7, (int[]){50, 50}, 2, out), 0);
  assert_int_equal(out[0], 4); assert_int_equal(out[1], 3);
  /* 5 × 33/33/34 = 1.65, 1.65, 1.7: two left, to the third (0.70) then the first (0.65) */
  assert_int_equal(people_points_split(5, (int[]){33, 33, 34}, 3, out), 0);
  assert_int_equal(out[0], 2); assert_int_equal(out[1], 1); assert_int_equal(out[2], 2);
  assert_int_equal(people_points_split(20, (int[]){100}, 1, out), 0);
  assert_int_equal(out[0], 20);
  assert_int_equal(people_points_split(10, (int[]){50, 40}, 2, out), -1);
  assert_int_equal(people_points_split(10, (int[]){0, 100}, 2, out), -1);
  assert_int_equal(people_points_split(10, NULL, 0, out), -1);
}

static void test_qualify(void **st) {
  (void)st;
  char why[200];
  people_qual_rule rule = {.min_years = 3, .min_grade = 1};
  people_qual_facts f = {.today = wd_parse("2026-02-28"), .grade_since = wd_parse("2023-03-01"), .grade_name = "四级员工", .appraisal = 1,
                         .appraisal_name = "称职"};
  /* 2023-03-01 → 2026-02-28: two full years */
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 0);
  assert_string_equal(why, "不符合报名条件：现职级四级员工任职 2 年，不满 3 年");
  f.today = wd_parse("2026-03-01");
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 1);
  assert_string_equal(why, "现职级四级员工任职 3 年；最近考核等次称职；无处分期");
  /* a running sanction refuses first, with its reason */
  f.sanctioned = 1;
  f.sanction_why = "记过处分期内（2025-09-01 至 2026-09-01）";
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 0);
  assert_string_equal(why, "不符合报名条件：记过处分期内（2025-09-01 至 2026-09-01）");
  f.sanctioned = 0;
  /* 基本称职 (index 2) is below 称职 (1) */
  f.appraisal = 2;
  f.appraisal_name = "基本称职";
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 0);
  assert_string_equal(why, "不符合报名条件：最近考核等次为基本称职，低于要求");
  /* no 民主测评 on record: the grade rule does not apply */
  f.appraisal = -1;
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 1);
  assert_string_equal(why, "现职级四级员工任职 3 年；无考核等次记录；无处分期");
  /* no grade on record and years asked */
  f.grade_since = -1;
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 0);
  assert_string_equal(why, "不符合报名条件：无职级任职记录，要求现职级任职满 3 年");
  rule.min_years = 0;
  assert_int_equal(people_qualify(&rule, &f, why, sizeof why), 1);
}

static void test_scores_and_rank(void **st) {
  (void)st;
  assert_true(people_round_weights_ok(40, 40, 20));
  assert_false(people_round_weights_ok(50, 40, 20));
  assert_false(people_round_weights_ok(-10, 90, 20));
  /* 40/40/20: 85.5·0.4 + 78·0.4 + 90·0.2 = 34.2 + 31.2 + 18 = 83.40 */
  NEAR(people_round_total(40, 40, 20, 85.5, 78, 90), 83.4);
  /* 30/50/20: 77.7·0.3 + 88.8·0.5 + 66.6·0.2 = 23.31 + 44.4 + 13.32 = 81.03 */
  NEAR(people_round_total(30, 50, 20, 77.7, 88.8, 66.6), 81.03);
  /* 1/1/98 of 33.33, 0, 66.67 = 0.3333 + 65.3366 = 65.6699 → 65.67 */
  NEAR(people_round_total(1, 1, 98, 33.33, 0, 66.67), 65.67);
  NEAR(people_round_total(40, 40, 20, 101, 78, 90), -1);
  NEAR(people_round_total(40, 40, 20, 80, -0.5, 90), -1);
  const double t[] = {83.4, 90, 83.4, 70, -1};
  int rank[5], prop[5], tie[5];
  people_round_rank(t, 5, 2, rank, prop, tie);
  int er[] = {2, 1, 2, 4, 0}, ep[] = {0, 1, 0, 0, 0}, et[] = {1, 0, 1, 0, 0};
  for (int i = 0; i < 5; i++) {
    assert_int_equal(rank[i], er[i]);
    assert_int_equal(prop[i], ep[i]);
    assert_int_equal(tie[i], et[i]);
  }
  people_round_rank(t, 5, 3, rank, prop, tie);
  int ep3[] = {1, 1, 1, 0, 0};
  for (int i = 0; i < 5; i++) { assert_int_equal(prop[i], ep3[i]); assert_int_equal(tie[i], 0); }
}

/* Spring Festival 2026 as an example calendar: 02-15 (Sun) … 02-23 (Mon) off, 02-14 (Sat) and 02-28 (Sat) worked. */
static void test_publicity_end(void **st) {
  (void)st;
  wd_override ov[12];
  size_t n = 0;
  for (int d = wd_parse("2026-02-15"); d <= wd_parse("2026-02-23"); d++) ov[n++] = (wd_override){d, WD_HOLIDAY};
  ov[n++] = (wd_override){wd_parse("2026-02-14"), WD_MAKEUP};
  ov[n++] = (wd_override){wd_parse("2026-02-28"), WD_MAKEUP};
  wd_cal c = {ov, n};
  wd_cal_sort(&c);
  char s[11];
  /* from Thursday 02-12, 5 working days: 12, 13, 14 (make-up Saturday), then 24, 25 */
  wd_format(people_round_publicity_end(&c, wd_parse("2026-02-12"), 5), s);
  assert_string_equal(s, "2026-02-25");
  /* posted during the holiday: the first day is 02-24; 3 days end on 02-26 */
  wd_format(people_round_publicity_end(&c, wd_parse("2026-02-16"), 3), s);
  assert_string_equal(s, "2026-02-26");
  /* 5 days from Thursday 02-26: 26, 27, 28 (make-up), then Monday 03-02, Tuesday 03-03 */
  wd_format(people_round_publicity_end(&c, wd_parse("2026-02-26"), 5), s);
  assert_string_equal(s, "2026-03-03");
  /* no calendar: Monday to Friday */
  wd_format(people_round_publicity_end(NULL, wd_parse("2026-02-12"), 5), s);
  assert_string_equal(s, "2026-02-18");
  /* one day posted on a Saturday: the next Monday */
  wd_format(people_round_publicity_end(NULL, wd_parse("2026-03-07"), 1), s);
  assert_string_equal(s, "2026-03-09");
  assert_int_equal(people_round_publicity_end(&c, wd_parse("2026-02-12"), 0), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_points_rules), cmocka_unit_test(test_points_split), cmocka_unit_test(test_qualify),
    cmocka_unit_test(test_scores_and_rank), cmocka_unit_test(test_publicity_end),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
