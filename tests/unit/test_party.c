/* test_party.c — unit tests of the party module's pure logic: the 三会一课 schedule checker over months and quarters
 * (a meeting on a quarter's last day, a branch founded mid-year, frequencies changed mid-year, the secretary's 党课,
 * reminders near a period's end) and the parsers of attendance lists and frequency settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define PARTY_PURE_ONLY
#include "party/internal.h"

static const party_period *find(const party_schedule *s, party_kind k, int first_month) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].kind == k && s->v[i].first_month == first_month) return &s->v[i];
  return NULL;
}

static size_t count_kind(const party_schedule *s, party_kind k) {
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++) n += s->v[i].kind == k;
  return n;
}

static void test_monthly_and_quarterly_periods(void **st) {
  (void)st;
  party_schedule s;
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-12-31", (1u << PK_COMMITTEE) | (1u << PK_CONGRESS), NULL, 0, NULL, 0, 7, &s), 0);
  assert_int_equal(count_kind(&s, PK_COMMITTEE), 12);
  assert_int_equal(count_kind(&s, PK_CONGRESS), 4);
  const party_period *q2 = find(&s, PK_CONGRESS, 4);
  assert_non_null(q2);
  assert_string_equal(q2->from, "2026-04-01");
  assert_string_equal(q2->to, "2026-06-30");
  assert_int_equal(q2->state, PS_MISSED);
  const party_period *feb = find(&s, PK_COMMITTEE, 2);
  assert_string_equal(feb->to, "2026-02-28");
  assert_int_equal(s.due, 16);
  /* on 31 December, December and Q4 are still open: a period ends after its last day */
  assert_int_equal(find(&s, PK_COMMITTEE, 12)->state, PS_OPEN);
  assert_int_equal(find(&s, PK_CONGRESS, 10)->state, PS_OPEN);
  assert_int_equal(s.missed, 14);
  party_schedule_free(&s);
  /* a leap year's February ends on the 29th */
  assert_int_equal(party_schedule_check(2028, "2020-01-01", "2028-03-01", 1u << PK_COMMITTEE, NULL, 0, NULL, 0, 7, &s), 0);
  assert_string_equal(find(&s, PK_COMMITTEE, 2)->to, "2028-02-29");
  party_schedule_free(&s);
}

static void test_meeting_on_quarters_last_day(void **st) {
  (void)st;
  party_held h[] = {{PK_CONGRESS, "2026-03-31", 0}, {PK_CONGRESS, "2026-07-01", 0}};
  party_schedule s;
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-12-31", 1u << PK_CONGRESS, NULL, 0, h, 2, 7, &s), 0);
  assert_int_equal(find(&s, PK_CONGRESS, 1)->state, PS_HELD);   /* the 31st of March is still Q1 */
  assert_int_equal(find(&s, PK_CONGRESS, 4)->state, PS_MISSED); /* the 1st of July does not count for Q2 */
  assert_int_equal(find(&s, PK_CONGRESS, 7)->held, 1);
  assert_int_equal(s.held_ok, 2);
  assert_int_equal(s.missed, 1);
  party_schedule_free(&s);
}

static void test_founded_mid_year(void **st) {
  (void)st;
  party_schedule s;
  /* founded 15 May: May (partial) and earlier months are not due, June on is; Q2 began before it, so not due */
  assert_int_equal(party_schedule_check(2026, "2026-05-15", "2026-12-31", (1u << PK_COMMITTEE) | (1u << PK_LECTURE), NULL, 0, NULL, 0, 7, &s), 0);
  assert_int_equal(find(&s, PK_COMMITTEE, 5)->state, PS_NOT_DUE);
  assert_int_equal(find(&s, PK_COMMITTEE, 5)->months, 0);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->state, PS_MISSED);
  assert_int_equal(find(&s, PK_LECTURE, 4)->state, PS_NOT_DUE);
  assert_int_equal(find(&s, PK_LECTURE, 7)->state, PS_MISSED);
  assert_int_equal(s.due, 7 + 2); /* June–December, Q3 and Q4 */
  party_schedule_free(&s);
  /* founded on the first day of a quarter: that quarter is due */
  assert_int_equal(party_schedule_check(2026, "2026-07-01", "2026-12-31", 1u << PK_LECTURE, NULL, 0, NULL, 0, 7, &s), 0);
  assert_int_equal(find(&s, PK_LECTURE, 7)->months, 3);
  assert_int_equal(s.due, 2);
  party_schedule_free(&s);
}

static void test_frequencies_changed(void **st) {
  (void)st;
  /* 支委会 monthly until April, then quarterly from 1 April; from 1 November not required */
  party_freq f[] = {{PK_COMMITTEE, "2026-11-01", 0}, {PK_COMMITTEE, "2026-04-01", 3}};
  party_held h[] = {{PK_COMMITTEE, "2026-05-20", 0}};
  party_schedule s;
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-12-31", 1u << PK_COMMITTEE, f, 2, h, 1, 7, &s), 0);
  assert_non_null(find(&s, PK_COMMITTEE, 3));
  assert_int_equal(find(&s, PK_COMMITTEE, 3)->last_month, 3);
  const party_period *q2 = find(&s, PK_COMMITTEE, 4);
  assert_int_equal(q2->last_month, 6);
  assert_int_equal(q2->state, PS_HELD);
  assert_int_equal(find(&s, PK_COMMITTEE, 10)->last_month, 12);
  assert_int_equal(find(&s, PK_COMMITTEE, 10)->months, 3);
  assert_null(find(&s, PK_COMMITTEE, 11));
  /* Jan, Feb, Mar monthly + Q2, Q3, Q4 quarterly */
  assert_int_equal(s.due, 6);
  assert_int_equal(s.held_ok, 1);
  party_schedule_free(&s);
  /* quarterly until May, monthly from 1 May: Q2 runs under the quarterly rule it began with; July is monthly again */
  party_freq g[] = {{PK_CONGRESS, "2026-05-01", 1}};
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-12-31", 1u << PK_CONGRESS, g, 1, NULL, 0, 7, &s), 0);
  assert_int_equal(find(&s, PK_CONGRESS, 4)->last_month, 6);
  assert_int_equal(find(&s, PK_CONGRESS, 7)->last_month, 7);
  assert_int_equal(s.due, 2 + 6);
  party_schedule_free(&s);
  /* a change in mid-month takes effect with the next period that begins on or after it */
  party_freq m[] = {{PK_THEME_DAY, "2026-06-15", 3}};
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-12-31", 1u << PK_THEME_DAY, m, 1, NULL, 0, 7, &s), 0);
  assert_int_equal(find(&s, PK_THEME_DAY, 6)->last_month, 6);
  assert_int_equal(find(&s, PK_THEME_DAY, 7)->last_month, 9);
  party_schedule_free(&s);
}

static void test_secretary_lecture_and_states(void **st) {
  (void)st;
  party_held h[] = {{PK_LECTURE, "2026-02-10", 0}, {PK_COMMITTEE, "2026-06-03", 0}};
  party_schedule s;
  unsigned k = (1u << PK_SECRETARY_LECTURE) | (1u << PK_COMMITTEE);
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-06-26", k, NULL, 0, h, 2, 7, &s), 0);
  const party_period *y = find(&s, PK_SECRETARY_LECTURE, 1);
  assert_int_equal(y->last_month, 12);
  assert_int_equal(y->state, PS_OPEN); /* a 党课 not by the secretary does not count */
  assert_int_equal(y->remind, 0);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->state, PS_HELD);
  assert_int_equal(find(&s, PK_COMMITTEE, 7)->state, PS_FUTURE);
  assert_int_equal(find(&s, PK_COMMITTEE, 5)->state, PS_MISSED);
  party_schedule_free(&s);
  h[0].by_secretary = 1;
  /* June not held yet on the 24th: six days left → reminded; on the 23rd seven → reminded; on the 22nd eight → not */
  h[1].date[5] = '0', h[1].date[6] = '1';
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-06-24", k, NULL, 0, h, 2, 7, &s), 0);
  assert_int_equal(find(&s, PK_SECRETARY_LECTURE, 1)->state, PS_HELD);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->state, PS_OPEN);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->remind, 1);
  party_schedule_free(&s);
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-06-23", k, NULL, 0, h, 2, 7, &s), 0);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->remind, 1);
  party_schedule_free(&s);
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-06-22", k, NULL, 0, h, 2, 7, &s), 0);
  assert_int_equal(find(&s, PK_COMMITTEE, 6)->remind, 0);
  party_schedule_free(&s);
  /* bad dates are refused */
  assert_int_equal(party_schedule_check(2026, "2026-02-30", "2026-06-22", k, NULL, 0, NULL, 0, 7, &s), -1);
  assert_int_equal(party_schedule_check(2026, "2020-01-01", "2026-6-22", k, NULL, 0, NULL, 0, 7, &s), -1);
}

static void test_defaults_and_kinds(void **st) {
  (void)st;
  assert_int_equal(party_freq_default(PK_COMMITTEE), 1);
  assert_int_equal(party_freq_default(PK_GROUP), 1);
  assert_int_equal(party_freq_default(PK_THEME_DAY), 1);
  assert_int_equal(party_freq_default(PK_CONGRESS), 3);
  assert_int_equal(party_freq_default(PK_LECTURE), 3);
  assert_int_equal(party_freq_default(PK_SECRETARY_LECTURE), 12);
  assert_int_equal(party_kind_parse("支委会"), PK_COMMITTEE);
  assert_int_equal(party_kind_parse("theme_day"), PK_THEME_DAY);
  assert_int_equal(party_kind_parse("书记讲党课"), -1);
  assert_int_equal(party_kind_parse("座谈会"), -1);
  assert_true(party_date_valid("2024-02-29"));
  assert_false(party_date_valid("2026-02-29"));
  assert_false(party_date_valid("2026-13-01"));
}

static void test_attendance_parse(void **st) {
  (void)st;
  char field[64], msg[200];
  party_att *a;
  size_t n;
  json_t *j = json_loads("[{\"member_id\":3,\"state\":\"出席\"},{\"member_id\":4,\"state\":\"请假\",\"reason\":\"外出培训\"}]", 0, NULL);
  assert_int_equal(party_attendance_parse(j, &a, &n, field, sizeof field, msg, sizeof msg), 0);
  assert_int_equal(n, 2);
  assert_string_equal(a[1].reason, "外出培训");
  free(a);
  json_decref(j);
  static const struct { const char *json, *field; } bad[] = {
    {"[{\"member_id\":3,\"state\":\"迟到\"}]", "attendance[0].state"},
    {"[{\"member_id\":3,\"state\":\"出席\"},{\"member_id\":5,\"state\":\"请假\"}]", "attendance[1].reason"},
    {"[{\"member_id\":3,\"state\":\"出席\"},{\"member_id\":3,\"state\":\"缺席\"}]", "attendance[1].member_id"},
    {"[{\"member_id\":0,\"state\":\"出席\"}]", "attendance[0].member_id"},
    {"[{\"member_id\":2,\"state\":\"出席\",\"x\":1}]", "attendance[0].member_id"},
    {"[7]", "attendance[0]"},
    {"{}", "attendance"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    j = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
    assert_non_null(j);
    assert_int_equal(party_attendance_parse(j, &a, &n, field, sizeof field, msg, sizeof msg), -1);
    assert_string_equal(field, bad[i].field);
    json_decref(j);
  }
}

static void test_freq_parse(void **st) {
  (void)st;
  char field[64], msg[200];
  int m[PK__COUNT];
  json_t *j = json_loads("{\"committee\":3,\"theme_day\":0}", 0, NULL);
  assert_int_equal(party_freq_parse(j, m, field, sizeof field, msg, sizeof msg), 0);
  assert_int_equal(m[PK_COMMITTEE], 3);
  assert_int_equal(m[PK_THEME_DAY], 0);
  assert_int_equal(m[PK_LECTURE], -1);
  json_decref(j);
  j = json_loads("{\"committee\":2}", 0, NULL);
  assert_int_equal(party_freq_parse(j, m, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "committee");
  json_decref(j);
  j = json_loads("{\"meeting\":1}", 0, NULL);
  assert_int_equal(party_freq_parse(j, m, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "meeting");
  json_decref(j);
}

static void test_score_rules(void **st) {
  (void)st;
  int missed[PK__COUNT] = {0};
  party_score sc;
  /* nothing missed, full attendance, no adjustments: the base */
  party_score_compute(&party_default_rules, missed, 100, 100, NULL, 0, &sc);
  assert_true(sc.total == 100);
  /* two missed 支委会 (2 each), a missed 党课 (3), the secretary's 党课 missing (5) */
  missed[PK_COMMITTEE] = 2, missed[PK_LECTURE] = 1, missed[PK_SECRETARY_LECTURE] = 1;
  party_score_compute(&party_default_rules, missed, 100, 90, NULL, 0, &sc);
  assert_true(sc.missed_deduct == 12);
  assert_true(sc.total == 88);
  /* attendance exactly at the threshold does not deduct; just under it does */
  memset(missed, 0, sizeof missed);
  party_score_compute(&party_default_rules, missed, 100, 80, NULL, 0, &sc);
  assert_true(sc.att_deduct == 0);
  party_score_compute(&party_default_rules, missed, 1000, 799, NULL, 0, &sc);
  assert_true(sc.att_deduct == 5);
  assert_true(sc.total == 95);
  /* nothing expected: no attendance deduction */
  party_score_compute(&party_default_rules, missed, 0, 0, NULL, 0, &sc);
  assert_false(sc.has_att);
  assert_true(sc.total == 100);
  /* additions are capped at 10 in total; manual deductions are not */
  party_adj adj[] = {{6, "全省系统先锋能手"}, {8, "党支部+项目获奖"}, {-3.5, "台账不全"}};
  party_score_compute(&party_default_rules, missed, 10, 10, adj, 3, &sc);
  assert_true(sc.additions == 10);
  assert_true(sc.deductions == 3.5);
  assert_true(sc.total == 106.5);
  /* never under zero; rules are settings */
  party_rules r = party_default_rules;
  r.miss[PK_COMMITTEE] = 20;
  missed[PK_COMMITTEE] = 12;
  party_score_compute(&r, missed, 10, 1, NULL, 0, &sc);
  assert_true(sc.total == 0);
}

static void test_rank_and_parsers(void **st) {
  (void)st;
  double scores[] = {95, 98.5, 95, 80};
  int ranks[4];
  party_rank(scores, 4, ranks);
  assert_int_equal(ranks[0], 2);
  assert_int_equal(ranks[1], 1);
  assert_int_equal(ranks[2], 2);
  assert_int_equal(ranks[3], 4);
  char field[64], msg[200];
  party_adj *a;
  size_t n;
  json_t *j = json_loads("[{\"points\":2.5,\"reason\":\"先锋能手\"},{\"points\":-1,\"reason\":\"迟报\"}]", 0, NULL);
  assert_int_equal(party_adj_parse(j, &a, &n, field, sizeof field, msg, sizeof msg), 0);
  assert_int_equal(n, 2);
  free(a);
  json_decref(j);
  static const struct { const char *json, *field; } bad[] = {
    {"[{\"points\":0,\"reason\":\"x\"}]", "adjustments[0].points"},
    {"[{\"points\":21,\"reason\":\"x\"}]", "adjustments[0].points"},
    {"[{\"points\":1.25,\"reason\":\"x\"}]", "adjustments[0].points"},
    {"[{\"points\":1,\"reason\":\"\"}]", "adjustments[0].reason"},
    {"[{\"points\":1,\"reason\":\"a\",\"x\":1}]", "adjustments[0]"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    j = json_loads(bad[i].json, 0, NULL);
    assert_int_equal(party_adj_parse(j, &a, &n, field, sizeof field, msg, sizeof msg), -1);
    assert_string_equal(field, bad[i].field);
    json_decref(j);
  }
  party_rules r = party_default_rules;
  j = json_loads("{\"miss_committee\":4,\"att_threshold\":90}", 0, NULL);
  assert_int_equal(party_rules_parse(j, &r, field, sizeof field, msg, sizeof msg), 0);
  assert_true(r.miss[PK_COMMITTEE] == 4 && r.att_threshold == 90 && r.base == 100);
  json_decref(j);
  j = json_loads("{\"att_threshold\":120}", 0, NULL);
  assert_int_equal(party_rules_parse(j, &r, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "att_threshold");
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_monthly_and_quarterly_periods), cmocka_unit_test(test_meeting_on_quarters_last_day),
    cmocka_unit_test(test_founded_mid_year),              cmocka_unit_test(test_frequencies_changed),
    cmocka_unit_test(test_secretary_lecture_and_states),  cmocka_unit_test(test_defaults_and_kinds),
    cmocka_unit_test(test_attendance_parse),              cmocka_unit_test(test_freq_parse),
    cmocka_unit_test(test_score_rules),                   cmocka_unit_test(test_rank_and_parsers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
