/* test_risks.c — the risks module's pure logic: matrix levels and checks, review dates on working days across
 * holidays and month ends, drill compliance at the year and half-year edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>
#include "risks/internal.h"

static int D(const char *s) { return wd_parse(s); }

static void test_matrix_default(void **st) {
  risks_matrix m;
  risks_matrix_default(&m);
  char why[160];
  assert_int_equal(risks_matrix_check(&m, why, sizeof why), 0);
  /* Edges of each band of l×i: 4 低 / 5 中, 9 中 / 10 高, 16 高 / 20 重大. */
  assert_int_equal(risks_level_of(&m, 1, 1), RL_LOW);
  assert_int_equal(risks_level_of(&m, 2, 2), RL_LOW);
  assert_int_equal(risks_level_of(&m, 1, 4), RL_LOW);
  assert_int_equal(risks_level_of(&m, 1, 5), RL_MID);
  assert_int_equal(risks_level_of(&m, 3, 3), RL_MID);
  assert_int_equal(risks_level_of(&m, 2, 5), RL_HIGH);
  assert_int_equal(risks_level_of(&m, 4, 4), RL_HIGH);
  assert_int_equal(risks_level_of(&m, 5, 4), RL_MAJOR);
  assert_int_equal(risks_level_of(&m, 5, 5), RL_MAJOR);
  assert_int_equal(risks_level_of(&m, 0, 3), -1);
  assert_int_equal(risks_level_of(&m, 3, 6), -1);
  assert_string_equal(risks_level_name(RL_MAJOR), "重大");
  assert_int_equal(risks_level_parse("高"), RL_HIGH);
  assert_int_equal(risks_level_parse("极高"), -1);
}

static void test_matrix_json(void **st) {
  char why[160];
  risks_matrix m;
  json_t *j = json_loads("{\"size\":3,\"cells\":[[\"低\",\"低\",\"中\"],[\"低\",\"中\",\"高\"],[\"中\",\"高\",\"重大\"]]}", 0, NULL);
  assert_int_equal(risks_matrix_from_json(j, &m, why, sizeof why), 0);
  assert_int_equal(risks_level_of(&m, 3, 3), RL_MAJOR);
  assert_int_equal(risks_level_of(&m, 2, 3), RL_HIGH);
  json_t *back = risks_matrix_to_json(&m);
  assert_true(json_equal(back, j));
  json_decref(back);
  json_decref(j);
  /* A worse cell rated lower than its neighbour is refused, naming the cell. */
  j = json_loads("{\"size\":3,\"cells\":[[\"低\",\"低\",\"中\"],[\"低\",\"中\",\"低\"],[\"中\",\"高\",\"重大\"]]}", 0, NULL);
  assert_int_equal(risks_matrix_from_json(j, &m, why, sizeof why), -1);
  assert_non_null(strstr(why, "可能性2、影响3"));
  json_decref(j);
  j = json_loads("{\"size\":2,\"cells\":[]}", 0, NULL);
  assert_int_equal(risks_matrix_from_json(j, &m, why, sizeof why), -1);
  json_decref(j);
  j = json_loads("{\"size\":3,\"cells\":[[\"低\",\"低\"],[\"低\",\"中\",\"高\"],[\"中\",\"高\",\"重大\"]]}", 0, NULL);
  assert_int_equal(risks_matrix_from_json(j, &m, why, sizeof why), -1);
  json_decref(j);
}

static void test_cadence(void **st) {
  risks_cadence c;
  risks_cadence_default(&c);
  assert_int_equal(c.months[RL_MAJOR], 1);
  assert_int_equal(c.months[RL_HIGH], 3);
  assert_int_equal(c.months[RL_MID], 6);
  assert_int_equal(c.months[RL_LOW], 12);
  char why[160];
  json_t *j = json_loads("{\"低\":12,\"中\":6,\"高\":2,\"重大\":1}", 0, NULL);
  assert_int_equal(risks_cadence_from_json(j, &c, why, sizeof why), 0);
  assert_int_equal(c.months[RL_HIGH], 2);
  json_decref(j);
  j = json_loads("{\"低\":12,\"中\":6,\"高\":0,\"重大\":1}", 0, NULL);
  assert_int_equal(risks_cadence_from_json(j, &c, why, sizeof why), -1);
  assert_non_null(strstr(why, "高"));
  json_decref(j);
}

static void test_next_review(void **st) {
  /* 国庆 2026: 10月1日–7日 放假, 10月10日(六) 上班. */
  wd_override days[8];
  size_t n = 0;
  for (int d = D("2026-10-01"); d <= D("2026-10-07"); d++) days[n++] = (wd_override){d, WD_HOLIDAY};
  days[n++] = (wd_override){D("2026-10-10"), WD_MAKEUP};
  wd_cal cal = {days, n};
  wd_cal_sort(&cal);
  /* A monthly review from 1 September lands on the holiday and moves to the first working day after it. */
  assert_int_equal(risks_next_review(D("2026-09-01"), 1, &cal), D("2026-10-08"));
  /* Without the calendar it is a plain Thursday. */
  assert_int_equal(risks_next_review(D("2026-09-01"), 1, NULL), D("2026-10-01"));
  /* Month ends: 31 January + 1 month → 28 February 2027 (a Sunday) → Monday 1 March. */
  assert_int_equal(risks_next_review(D("2027-01-31"), 1, NULL), D("2027-03-01"));
  /* Leap year: 31 January 2028 + 1 → 29 February 2028 (Tuesday). */
  assert_int_equal(risks_next_review(D("2028-01-31"), 1, NULL), D("2028-02-29"));
  /* Yearly across the year end; a make-up Saturday counts as working. */
  assert_int_equal(risks_next_review(D("2025-12-15"), 12, NULL), D("2026-12-15"));
  assert_int_equal(risks_next_review(D("2026-07-10"), 3, &cal), D("2026-10-10"));
  assert_int_equal(risks_next_review(D("2026-04-10"), 6, NULL), D("2026-10-12")); /* Saturday 10 Oct without the make-up */
}

static void test_drills(void **st) {
  int today = D("2027-03-01"); /* the year 2026 is over */
  risks_drill_ref full[] = {{D("2026-01-01"), RP_SPECIAL}, {D("2026-06-30"), RP_ONSITE}, {D("2026-07-01"), RP_ONSITE}};
  risks_compliance c = risks_drill_compliance(2026, full, 3, today);
  assert_int_equal(c.annual, RC_MET);
  assert_int_equal(c.h1, RC_MET);
  assert_int_equal(c.h2, RC_MET);
  assert_int_equal(c.h1_n, 1);
  assert_int_equal(c.h2_n, 1);
  assert_true(c.ok);
  /* 30 June is the first half, 1 July the second: with only the 30 June drill the second half is missed. */
  c = risks_drill_compliance(2026, full, 2, today);
  assert_int_equal(c.h2, RC_MISSED);
  assert_false(c.ok);
  /* Drills outside the year do not count (31 Dec 2025, 1 Jan 2027); a 现场处置 drill is not a 综合/专项 one. */
  risks_drill_ref outside[] = {{D("2025-12-31"), RP_GENERAL}, {D("2027-01-01"), RP_GENERAL}, {D("2026-03-01"), RP_ONSITE}};
  c = risks_drill_compliance(2026, outside, 3, today);
  assert_int_equal(c.annual, RC_MISSED);
  assert_int_equal(c.annual_n, 0);
  assert_int_equal(c.h1, RC_MET);
  /* Pending while a period is still running: on 30 June the first half is pending, on 1 July missed. */
  c = risks_drill_compliance(2026, NULL, 0, D("2026-06-30"));
  assert_int_equal(c.h1, RC_PENDING);
  assert_int_equal(c.annual, RC_PENDING);
  assert_true(c.ok);
  c = risks_drill_compliance(2026, NULL, 0, D("2026-07-01"));
  assert_int_equal(c.h1, RC_MISSED);
  assert_int_equal(c.h2, RC_PENDING);
  assert_false(c.ok);
  /* On 31 December the year is still open; on 1 January it is missed. */
  c = risks_drill_compliance(2026, full, 2, D("2026-12-31"));
  assert_int_equal(c.h2, RC_PENDING);
  c = risks_drill_compliance(2026, full, 2, D("2027-01-01"));
  assert_int_equal(c.h2, RC_MISSED);
  assert_string_equal(risks_req_state_code(RC_MISSED), "missed");
  assert_int_equal(risks_plan_kind_parse("现场处置"), RP_ONSITE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_matrix_default), cmocka_unit_test(test_matrix_json), cmocka_unit_test(test_cadence),
    cmocka_unit_test(test_next_review), cmocka_unit_test(test_drills),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
