/* test_party_dues.c — unit tests of the party module's pure 党费 and 党建服务包 logic: the monthly amount by the
 * party's rate bands (band edges, rounding to the 分, a fixed amount, a member's own amount), the rule's parser, the
 * month formats of a dues sheet, the dues import reader's per-row errors, service-package coverage per branch, the
 * measures' parser and the 党支部+项目 rule of 党建考核. Figures computed by hand in the comments. */
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

static void test_amount_bands(void **state) {
  (void)state;
  const party_dues_rule *r = &party_dues_default;
  assert_int_equal(party_dues_amount(r, 300000, -1), 1500);     /* 3000.00 元 × 0.5 % = 15.00 元: the band's upper edge is inside it */
  assert_int_equal(party_dues_amount(r, 300001, -1), 3000);     /* 3000.01 × 1 % = 30.0001 元 → 30.00 */
  assert_int_equal(party_dues_amount(r, 456789, -1), 4568);     /* 4567.89 × 1 % = 45.6789 元 → 45.68 (half up) */
  assert_int_equal(party_dues_amount(r, 500000, -1), 5000);     /* 5000 × 1 % = 50 */
  assert_int_equal(party_dues_amount(r, 500100, -1), 7502);     /* 5001 × 1.5 % = 75.015 元 → 75.02 (half up) */
  assert_int_equal(party_dues_amount(r, 1000000, -1), 15000);   /* 10000 × 1.5 % = 150 */
  assert_int_equal(party_dues_amount(r, 1234567, -1), 24691);   /* 12345.67 × 2 % = 246.9134 → 246.91 */
  assert_int_equal(party_dues_amount(r, 0, -1), 0);
  assert_int_equal(party_dues_amount(r, 456789, 20), 20);       /* his own fixed 0.20 元 wins over the rule */
  party_dues_rule fixed = {.fixed = 1, .fixed_fen = 2000};
  assert_int_equal(party_dues_amount(&fixed, 1234567, -1), 2000);
  assert_int_equal(party_dues_amount(&fixed, 1234567, 0), 0);   /* exempt by his own amount 0 */
}

static int parse(const char *js, party_dues_rule *r, char *field) {
  json_t *o = json_loads(js, 0, NULL);
  assert_non_null(o);
  char msg[200];
  int rc = party_dues_rule_parse(o, r, field, 64, msg, sizeof msg);
  json_decref(o);
  return rc;
}

static void test_rule_parse(void **state) {
  (void)state;
  party_dues_rule r;
  char field[64];
  assert_int_equal(parse("{\"mode\":\"bands\",\"bands\":[{\"upto_fen\":400000,\"bp\":50},{\"upto_fen\":0,\"bp\":100}]}", &r, field), 0);
  assert_int_equal(r.nbands, 2);
  assert_int_equal(party_dues_amount(&r, 400000, -1), 2000); /* 4000 × 0.5 % */
  assert_int_equal(party_dues_amount(&r, 900000, -1), 9000); /* 9000 × 1 % (open-ended last band) */
  assert_int_equal(parse("{\"mode\":\"fixed\",\"fixed_fen\":500}", &r, field), 0);
  assert_true(r.fixed);
  assert_int_equal(r.fixed_fen, 500);
  assert_int_equal(parse("{\"mode\":\"fixed\"}", &r, field), -1);
  assert_string_equal(field, "fixed_fen");
  assert_int_equal(parse("{\"mode\":\"bands\",\"bands\":[{\"upto_fen\":400000,\"bp\":50},{\"upto_fen\":300000,\"bp\":100},{\"upto_fen\":0,\"bp\":150}]}", &r, field), -1);
  assert_string_equal(field, "bands[1].upto_fen");
  assert_int_equal(parse("{\"mode\":\"bands\",\"bands\":[{\"upto_fen\":0,\"bp\":5000}]}", &r, field), -1);
  assert_string_equal(field, "bands[0].bp");
  assert_int_equal(parse("{\"mode\":\"percent\"}", &r, field), -1);
  assert_string_equal(field, "mode");
  assert_int_equal(parse("{\"mode\":\"fixed\",\"fixed_fen\":1,\"rate\":2}", &r, field), -1);
  assert_string_equal(field, "rate");
  /* an empty key is still named (found by fuzz_party_dues) */
  assert_int_equal(parse("{\"\":[{\"upupfen\":400}]}", &r, field), -1);
  assert_string_equal(field, "\"\"");
  /* the canonical JSON parses back to the same rule */
  json_t *j = party_dues_rule_json(&party_dues_default);
  char msg[200];
  assert_int_equal(party_dues_rule_parse(j, &r, field, 64, msg, sizeof msg), 0);
  json_decref(j);
  assert_int_equal(r.nbands, 4);
  assert_int_equal(r.bands[3].bp, 200);
}

static void test_month_norm(void **state) {
  (void)state;
  char m[8];
  const char *ok[][2] = {{"2026-03", "2026-03"}, {"2026-3", "2026-03"}, {"2026/12", "2026-12"}, {"202603", "2026-03"}, {"2026年3月", "2026-03"},
                         {"2026年11月", "2026-11"}, {"2026-03-05", "2026-03"}, {"2026/3/5", "2026-03"}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    assert_int_equal(party_month_norm(ok[i][0], m), 0);
    assert_string_equal(m, ok[i][1]);
  }
  const char *bad[] = {"2026-13", "2026-00", "26-03", "2026-02-30", "202613", "2026年13月", "三月", "", "2026-03x", "1999-01"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(party_month_norm(bad[i], m), -1);
}

static tab *sheet(const char *const rows[][5], size_t n) {
  tab *t = tab_new();
  for (size_t i = 0; i < n; i++) tab_add_row(t, 5, rows[i]);
  return t;
}

static void test_dues_read(void **state) {
  (void)state;
  const char *const rows[][5] = {
    {"姓名", "月份", "金额（元）", "缴纳日期", "备注"},
    {"张三", "2026-03", "45.68", "2026-03-05", ""},
    {"", "2026-03", "10", "", ""},          /* line 3: no name */
    {"李四", "2026-13", "10", "", ""},      /* line 4: no such month */
    {"王五", "2026年4月", "-3", "", ""},    /* line 5: amount not positive */
    {"", "", "", "", ""},                   /* blank: skipped */
    {"赵六", "202604", "12.5", "2026/4/31", ""}, /* line 7: no 31 April */
  };
  tab *t = sheet(rows, sizeof rows / sizeof rows[0]);
  json_t *errs = json_array();
  party_dues_in *v = NULL;
  size_t n = 0;
  char err[200];
  assert_int_equal(party_dues_read(t, &v, &n, errs, err, sizeof err), 0);
  assert_int_equal(n, 5);
  assert_int_equal(v[0].line, 2);
  assert_false(v[0].bad);
  assert_string_equal(v[0].month, "2026-03");
  assert_int_equal(v[0].amount_fen, 4568);
  assert_string_equal(v[0].paid_on, "2026-03-05");
  assert_true(v[1].bad);
  assert_true(v[2].bad);
  assert_true(v[3].bad);
  assert_string_equal(v[3].month, "2026-04");
  assert_true(v[4].bad);
  assert_int_equal(v[4].line, 7);
  assert_int_equal(v[4].amount_fen, 1250);
  assert_int_equal(json_array_size(errs), 4);
  const char *cols[] = {"姓名", "月份", "金额", "缴纳日期"};
  const int lines[] = {3, 4, 5, 7};
  for (size_t i = 0; i < 4; i++) {
    json_t *e = json_array_get(errs, i);
    assert_int_equal(json_integer_value(json_object_get(e, "row")), lines[i]);
    assert_string_equal(json_string_value(json_object_get(e, "column")), cols[i]);
  }
  free(v);
  json_decref(errs);
  tab_free(t);
  /* a sheet without the amount column is refused as a whole */
  const char *const head[][5] = {{"姓名", "月份", "备注", "", ""}, {"张三", "2026-03", "", "", ""}};
  t = sheet(head, 2);
  errs = json_array();
  assert_int_equal(party_dues_read(t, &v, &n, errs, err, sizeof err), -1);
  assert_non_null(strstr(err, "金额"));
  json_decref(errs);
  tab_free(t);
}

static void test_coverage(void **state) {
  (void)state;
  /* today 2026-05-10: the quarter began 2026-04-01 */
  party_cov_pkg p[3] = {{.done = 0, .visits_year = 3, .last_visit = "2026-04-02", .level_up = 1},
                        {.done = 1, .visits_year = 2, .last_visit = "2026-03-31", .level_up = 0},
                        {.done = 0, .visits_year = 0, .last_visit = "", .level_up = 0}};
  party_coverage c;
  party_coverage_compute(p, 3, 20, 7, "2026-05-10", &c);
  assert_int_equal(c.packages, 3);
  assert_int_equal(c.done, 1);
  assert_int_equal(c.visits, 5);
  assert_int_equal(c.visited_quarter, 1);
  assert_int_equal(c.level_up, 1);
  assert_int_equal(c.visit_rate, 333);  /* 1/3 = 333.3‰ */
  assert_int_equal(c.member_rate, 350); /* 7/20 */
  party_coverage_compute(NULL, 0, 0, 0, "2026-05-10", &c);
  assert_int_equal(c.packages, 0);
  assert_int_equal(c.visit_rate, 0);
  assert_int_equal(c.member_rate, 0);
  /* 2 of 3 members paired rounds half up: 666.7‰ → 667 */
  party_coverage_compute(p, 1, 3, 2, "2026-06-30", &c);
  assert_int_equal(c.member_rate, 667);
  assert_int_equal(c.visit_rate, 1000);
}

static void test_measures_parse(void **state) {
  (void)state;
  char field[64], msg[200];
  party_measure *m;
  size_t n;
  json_t *o = json_loads("[{\"kind\":\"设备\",\"content\":\"智能收款终端一台\",\"done_on\":\"2026-03-01\"},{\"kind\":\"指导\",\"content\":\"每月上门\"}]", 0, NULL);
  assert_int_equal(party_measures_parse(o, &m, &n, field, sizeof field, msg, sizeof msg), 0);
  assert_int_equal(n, 2);
  assert_string_equal(m[0].done_on, "2026-03-01");
  assert_string_equal(m[1].done_on, "");
  free(m);
  json_decref(o);
  o = json_loads("[{\"kind\":\"设备\",\"content\":\"a\"},{\"kind\":\"送钱\",\"content\":\"b\"}]", 0, NULL);
  assert_int_equal(party_measures_parse(o, &m, &n, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "measures[1].kind");
  json_decref(o);
  o = json_loads("[{\"kind\":\"柜台\",\"content\":\"c\",\"done_on\":\"2026-02-30\"}]", 0, NULL);
  assert_int_equal(party_measures_parse(o, &m, &n, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "measures[0].done_on");
  json_decref(o);
}

static void test_project_points_rule(void **state) {
  (void)state;
  party_rules r = party_default_rules;
  assert_true(r.project_points == 2);
  char field[64], msg[200];
  json_t *o = json_loads("{\"project_points\":3}", 0, NULL);
  assert_int_equal(party_rules_parse(o, &r, field, sizeof field, msg, sizeof msg), 0);
  assert_true(r.project_points == 3);
  json_decref(o);
  o = json_loads("{\"project_points\":11}", 0, NULL);
  assert_int_equal(party_rules_parse(o, &r, field, sizeof field, msg, sizeof msg), -1);
  assert_string_equal(field, "project_points");
  json_decref(o);
  /* two projects at 3 and a manual honour of 5: 11 additions capped at 10; 100 + 10 = 110 */
  int missed[PK__COUNT] = {0};
  party_adj adj[3] = {{.points = 5}, {.points = 3}, {.points = 3}};
  party_score s;
  party_score_compute(&r, missed, 0, 0, adj, 3, &s);
  assert_true(s.additions == 10);
  assert_true(s.total == 110);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_amount_bands), cmocka_unit_test(test_rule_parse),    cmocka_unit_test(test_month_norm),
    cmocka_unit_test(test_dues_read),    cmocka_unit_test(test_coverage),      cmocka_unit_test(test_measures_parse),
    cmocka_unit_test(test_project_points_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
