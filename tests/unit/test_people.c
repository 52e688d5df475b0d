/* test_people.c — unit tests of the people module's pure logic: the weighted ballot tally against hand-computed
 * tables (weights, an empty group, abstentions, blank ballots, the 优秀 quota, ties at the boundary), the cast body's
 * parser, and the registry of appraisal inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "people/people.h"
#include "base/workday.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static const int pts4[] = {100, 80, 60, 0};

/* Three groups 40/30/30, the third cast nothing. 候选人甲: A 优秀 2 称职 1 (one abstains), B 优秀 1 称职 1.
 *   优秀 = (40·2/3 + 30·1/2) / 70 = 59.5238%, 称职 = (40·1/3 + 30·1/2) / 70 = 40.4762%, score = 59.5238 + 0.8·40.4762 = 91.9048.
 * 候选人乙: A 称职 3 基本称职 1, B 优秀 2.
 *   优秀 = 30/70 = 42.8571%, 称职 = 40·3/4/70 = 42.8571%, 基本称职 = 40·1/4/70 = 14.2857%: 优秀 and 称职 tie → 称职;
 *   score = 42.8571 + 0.8·42.8571 + 0.6·14.2857 = 85.7143. */
static void test_grade_weights_empty_group(void **st) {
  (void)st;
  const int w[] = {40, 30, 30};
  const int grp[] = {0, 0, 0, 0, 1, 1};
  const signed char marks[] = {0, 1, 0, 1, 1, 2, -1, 1, 1, 0, 0, 0};
  people_tally_in in = {.kind = PEOPLE_BALLOT_GRADE, .ncand = 2, .ngrades = 4, .ngroups = 3, .weights = w, .points = pts4, .nballots = 6,
                        .group_of = grp, .marks = marks};
  people_tally_cand out[2];
  int counts[2 * 3 * 4], gb[3];
  assert_int_equal(people_tally(&in, -1, out, counts, gb), 0);
  NEAR(out[0].share[0], 59.5238095238);
  NEAR(out[0].share[1], 40.4761904762);
  NEAR(out[0].score, 91.9047619048);
  assert_int_equal(out[0].plurality, 0);
  assert_int_equal(out[0].decided, 0);
  assert_int_equal(out[0].votes, 5);
  assert_int_equal(out[0].rank, 1);
  NEAR(out[1].share[0], 42.8571428571);
  NEAR(out[1].share[1], 42.8571428571);
  NEAR(out[1].share[2], 14.2857142857);
  NEAR(out[1].score, 85.7142857143);
  assert_int_equal(out[1].plurality, 1);
  assert_int_equal(out[1].votes, 6);
  assert_int_equal(out[1].rank, 2);
  const int want_counts[] = {2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  assert_memory_equal(counts, want_counts, sizeof want_counts);
  assert_int_equal(gb[0], 4);
  assert_int_equal(gb[1], 2);
  assert_int_equal(gb[2], 0);
}

/* One group, three ballots, four candidates: 丙 优秀 3/3; 甲 and 乙 优秀 2/3 each (the same marks); 丁 称职 3/3. */
static void test_grade_quota_and_ties(void **st) {
  (void)st;
  const int w[] = {1};
  const int grp[] = {0, 0, 0};
  const signed char marks[] = {0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1};
  people_tally_in in = {.kind = PEOPLE_BALLOT_GRADE, .ncand = 4, .ngrades = 4, .ngroups = 1, .weights = w, .points = pts4, .nballots = 3,
                        .group_of = grp, .marks = marks};
  people_tally_cand out[4];
  /* quota 2: 丙 keeps 优秀; 甲 and 乙 tie for the last place: both undecided */
  assert_int_equal(people_tally(&in, 2, out, NULL, NULL), 0);
  assert_int_equal(out[2].decided, 0);
  assert_int_equal(out[0].decided, -1);
  assert_int_equal(out[1].decided, -1);
  assert_true(out[0].tie && out[1].tie && !out[2].tie && !out[3].tie);
  assert_int_equal(out[3].decided, 1);
  NEAR(out[0].score, 100 * 2.0 / 3 + 80 * 1.0 / 3);
  assert_int_equal(out[2].rank, 1);
  assert_int_equal(out[0].rank, 2);
  assert_int_equal(out[1].rank, 2); /* shared rank */
  assert_int_equal(out[3].rank, 4);
  /* quota 1: 丙 alone; 甲 and 乙 drop to 称职 without a tie */
  assert_int_equal(people_tally(&in, 1, out, NULL, NULL), 0);
  assert_int_equal(out[2].decided, 0);
  assert_int_equal(out[0].decided, 1);
  assert_int_equal(out[1].decided, 1);
  assert_false(out[0].tie);
  /* quota 3 and none: all three keep 优秀; quota 0: nobody */
  assert_int_equal(people_tally(&in, 3, out, NULL, NULL), 0);
  assert_int_equal(out[0].decided + out[1].decided + out[2].decided, 0);
  assert_int_equal(people_tally(&in, 0, out, NULL, NULL), 0);
  assert_int_equal(out[0].decided, 1);
  assert_int_equal(out[2].decided, 1);
  assert_int_equal(people_quota_of(150, 20), 3);
  assert_int_equal(people_quota_of(150, 19), 2);
  assert_int_equal(people_quota_of(0, 5), 0);
  assert_int_equal(people_quota_of(1000, 7), 7);
}

/* 差额: groups 60/40, one place. G0: {甲}, {甲,乙}, blank; G1: {乙}, {乙}.
 * 甲 = 60·2/3 = 40%, 乙 = 60·1/3 + 40·2/2 = 60%, 丙 0 (no vote: never elected). */
static void test_choose_weights_blank(void **st) {
  (void)st;
  const int w[] = {60, 40};
  const int grp[] = {0, 0, 0, 1, 1};
  const signed char marks[] = {1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0};
  people_tally_in in = {.kind = PEOPLE_BALLOT_CHOOSE, .ncand = 3, .ngroups = 2, .weights = w, .nballots = 5, .group_of = grp, .marks = marks};
  people_tally_cand out[3];
  assert_int_equal(people_tally(&in, 1, out, NULL, NULL), 0);
  NEAR(out[0].score, 40);
  NEAR(out[1].score, 60);
  NEAR(out[2].score, 0);
  assert_int_equal(out[0].votes, 2);
  assert_int_equal(out[1].votes, 3);
  assert_int_equal(out[1].decided, 1);
  assert_int_equal(out[0].decided, 0);
  assert_int_equal(out[2].decided, 0);
  assert_int_equal(out[1].rank, 1);
  assert_int_equal(out[2].rank, 3);
  /* three places: only those with a vote are elected */
  assert_int_equal(people_tally(&in, 3, out, NULL, NULL), 0);
  assert_int_equal(out[0].decided + out[1].decided + out[2].decided, 2);
}

static void test_choose_tie(void **st) {
  (void)st;
  const int w[] = {1};
  const int grp[] = {0, 0};
  const signed char marks[] = {1, 0, 0, 1};
  people_tally_in in = {.kind = PEOPLE_BALLOT_CHOOSE, .ncand = 2, .ngroups = 1, .weights = w, .nballots = 2, .group_of = grp, .marks = marks};
  people_tally_cand out[2];
  assert_int_equal(people_tally(&in, 1, out, NULL, NULL), 0);
  assert_int_equal(out[0].decided, -1);
  assert_int_equal(out[1].decided, -1);
  assert_true(out[0].tie && out[1].tie);
  assert_int_equal(people_tally(&in, 2, out, NULL, NULL), 0);
  assert_int_equal(out[0].decided, 1);
  assert_int_equal(out[1].decided, 1);
}

static void test_empty_and_bad(void **st) {
  (void)st;
  const int w[] = {50, 50};
  people_tally_in in = {.kind = PEOPLE_BALLOT_GRADE, .ncand = 2, .ngrades = 4, .ngroups = 2, .weights = w, .points = pts4};
  people_tally_cand out[2];
  assert_int_equal(people_tally(&in, 1, out, NULL, NULL), 0); /* no ballots at all */
  assert_int_equal(out[0].plurality, -1);
  assert_int_equal(out[0].decided, -1);
  NEAR(out[0].score, 0);
  assert_int_equal(out[0].rank, 1);
  assert_int_equal(out[1].rank, 1);
  const int grp_bad[] = {2};
  const signed char m[] = {0, 0};
  in.nballots = 1;
  in.group_of = grp_bad;
  in.marks = m;
  assert_int_equal(people_tally(&in, -1, out, NULL, NULL), -1); /* group out of range */
  const int grp_ok[] = {0};
  const signed char m_bad[] = {4, 0};
  in.group_of = grp_ok;
  in.marks = m_bad;
  assert_int_equal(people_tally(&in, -1, out, NULL, NULL), -1); /* grade out of range */
  in.kind = 7;
  assert_int_equal(people_tally(&in, -1, out, NULL, NULL), -1);
}

static void test_cast_parse(void **st) {
  (void)st;
  const int64_t ids[] = {11, 12, 13};
  const char *const grades[] = {"优秀", "称职", "基本称职", "不称职"};
  people_cast_form g = {.kind = PEOPLE_BALLOT_GRADE, .ncand = 3, .ngrades = 4, .cand_ids = ids, .grades = grades};
  signed char m[3];
  char field[64], msg[160];
#define PARSE(f, s) people_cast_parse(s, strlen(s), f, m, field, sizeof field, msg, sizeof msg)
  assert_int_equal(PARSE(&g, "{\"grades\":{\"11\":\"优秀\",\"13\":\"不称职\",\"12\":null}}"), 0);
  assert_int_equal(m[0], 0);
  assert_int_equal(m[1], -1);
  assert_int_equal(m[2], 3);
  assert_int_equal(PARSE(&g, "{\"grades\":{\"11\":\"卓越\"}}"), -1);
  assert_string_equal(field, "grades.11");
  assert_non_null(strstr(msg, "等次不在可选范围内"));
  assert_int_equal(PARSE(&g, "{\"grades\":{\"99\":\"优秀\"}}"), -1);
  assert_string_equal(field, "grades.99");
  assert_int_equal(PARSE(&g, "{\"grades\":{\"011\":\"优秀\"}}"), -1);
  assert_int_equal(PARSE(&g, "{\"grades\":{},\"who\":\"张三\"}"), -1);
  assert_string_equal(field, "who");
  assert_int_equal(PARSE(&g, "{\"grades\":{\"11\":\"优秀\",\"11\":\"称职\"}}"), -1); /* duplicate keys */
  assert_int_equal(PARSE(&g, "[1]"), -1);
  assert_int_equal(PARSE(&g, "{}"), -1);
  assert_string_equal(field, "grades");
  people_cast_form c = {.kind = PEOPLE_BALLOT_CHOOSE, .ncand = 3, .max_choices = 2, .cand_ids = ids};
  assert_int_equal(PARSE(&c, "{\"chosen\":[13,11]}"), 0);
  assert_int_equal(m[0], 1);
  assert_int_equal(m[1], 0);
  assert_int_equal(m[2], 1);
  assert_int_equal(PARSE(&c, "{\"chosen\":[]}"), 0); /* a blank ballot */
  assert_int_equal(m[0] + m[1] + m[2], 0);
  assert_int_equal(PARSE(&c, "{\"chosen\":[11,12,13]}"), -1);
  assert_non_null(strstr(msg, "最多可选 2 人"));
  assert_int_equal(PARSE(&c, "{\"chosen\":[11,11]}"), -1);
  assert_string_equal(field, "chosen[1]");
  assert_int_equal(PARSE(&c, "{\"chosen\":[\"11\"]}"), -1);
  assert_int_equal(PARSE(&c, "{\"chosen\":[14]}"), -1);
#undef PARSE
}

static int fill_none(int year, int64_t user, int64_t unit, people_input_value *out) {
  (void)year, (void)user, (void)unit, (void)out;
  return 1;
}
static void test_inputs_registry(void **st) {
  (void)st;
  static const people_input a = {"test.a", "甲项", "%", "测试", PEOPLE_SUBJ_PERSON, 10, fill_none};
  static const people_input dup = {"test.a", "重复", "%", "测试", PEOPLE_SUBJ_PERSON, 10, fill_none};
  static const people_input nofill = {"test.b", "乙项", "%", "测试", PEOPLE_SUBJ_UNIT, 10, NULL};
  static const people_input nosubj = {"test.c", "丙项", "%", "测试", 0, 10, fill_none};
  size_t n0;
  people_inputs(&n0);
  assert_int_equal(people_register_input(&a), 0);
  assert_int_equal(people_register_input(&dup), -1);
  assert_int_equal(people_register_input(&nofill), -1);
  assert_int_equal(people_register_input(&nosubj), -1);
  size_t n;
  const people_input *const *all = people_inputs(&n);
  assert_int_equal(n, n0 + 1);
  assert_ptr_equal(all[n - 1], &a);
  assert_ptr_equal(people_input_find("test.a"), &a);
  assert_null(people_input_find("test.zz"));
}

static int day(const char *s) { return wd_parse(s); }
static void test_sanction_terms(void **st) {
  (void)st;
  assert_int_equal(people_sanction_term("警告"), 6);
  assert_int_equal(people_sanction_term("记过"), 12);
  assert_int_equal(people_sanction_term("记大过"), 18);
  assert_int_equal(people_sanction_term("降级"), 24);
  assert_int_equal(people_sanction_term("撤职"), 24);
  assert_int_equal(people_sanction_term("通报批评"), -2);
  assert_int_equal(people_sanction_term("开除"), -1);
  assert_int_equal(people_sanction_deduction("记过"), 20);
  assert_int_equal(people_sanction_deduction("诫勉谈话"), 5);
  /* same day of the month; the month's last day when there is no such day (leap years too) */
  assert_int_equal(people_sanction_end(day("2025-01-15"), 12), day("2026-01-15"));
  assert_int_equal(people_sanction_end(day("2025-03-10"), 18), day("2026-09-10"));
  assert_int_equal(people_sanction_end(day("2025-08-31"), 6), day("2026-02-28"));
  assert_int_equal(people_sanction_end(day("2023-08-31"), 6), day("2024-02-29"));
  assert_int_equal(people_sanction_end(day("2024-02-29"), 24), day("2026-02-28"));
  assert_int_equal(people_sanction_end(day("2025-10-31"), 1), day("2025-11-30"));
  assert_int_equal(people_sanction_end(day("2025-12-05"), 0), day("2025-12-05"));
  assert_int_equal(people_sanction_end(-1, 6), -1);
  assert_int_equal(people_sanction_end(day("2025-12-05"), -1), -1);
  /* running from the decision day up to, not including, the end day */
  int s = day("2025-01-15"), e = people_sanction_end(s, 6);
  assert_false(people_sanction_running(s, e, day("2025-01-14")));
  assert_true(people_sanction_running(s, e, s));
  assert_true(people_sanction_running(s, e, day("2025-07-14")));
  assert_false(people_sanction_running(s, e, day("2025-07-15")));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_grade_weights_empty_group), cmocka_unit_test(test_grade_quota_and_ties), cmocka_unit_test(test_choose_weights_blank),
    cmocka_unit_test(test_choose_tie), cmocka_unit_test(test_empty_and_bad), cmocka_unit_test(test_cast_parse), cmocka_unit_test(test_inputs_registry), cmocka_unit_test(test_sanction_terms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
