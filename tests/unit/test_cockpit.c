/* test_cockpit.c — unit tests of the cockpit's pure computations against hand-computed tables: roll-ups and ratios,
 * months, completion, expected progress, ranks with ties, 同比/环比 with missing and zero bases, lights, composites. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cockpit/cockpit.h"

#define N COCKPIT_NONE
#define V(x) COCKPIT_VAL(x)
#define near(a, b) assert_true((a) > (b) - 1e-6 && (a) < (b) + 1e-6)

static void test_rollups(void **st) {
  (void)st;
  /* Months Jan..Apr with March missing and a negative April (a correction). */
  cockpit_num m[] = {V(10), V(20), N, V(-4)};
  cockpit_num r = cockpit_rollup(CK_SUM, m, 4);
  assert_true(r.ok); near(r.v, 26);
  r = cockpit_rollup(CK_AVG, m, 4);
  assert_true(r.ok); near(r.v, 26.0 / 3); /* over the 3 months with data, not 4 */
  r = cockpit_rollup(CK_LAST, m, 4);
  assert_true(r.ok); near(r.v, -4);
  cockpit_num tail_missing[] = {V(7), V(9), N};
  r = cockpit_rollup(CK_LAST, tail_missing, 3);
  near(r.v, 9); /* the last month that has data */
  cockpit_num none[] = {N, N};
  assert_false(cockpit_rollup(CK_SUM, none, 2).ok); /* no data is not zero */
  assert_false(cockpit_rollup(CK_AVG, none, 2).ok);
  assert_false(cockpit_rollup(CK_LAST, none, 0).ok);
  assert_false(cockpit_rollup(CK_RATIO, m, 4).ok);
  cockpit_num zeros[] = {V(0), V(0)};
  r = cockpit_rollup(CK_SUM, zeros, 2);
  assert_true(r.ok); near(r.v, 0);
}

static void test_ratio_is_sum_over_sum(void **st) {
  (void)st;
  /* 订单满足率 of two 片区: A 90/100, B 10/50. Sum over sum: 100/150 = 66.67%; the average of ratios (70%) is wrong. */
  cockpit_num num[] = {V(90), V(10)}, den[] = {V(100), V(50)};
  cockpit_num r = cockpit_ratio(cockpit_rollup(CK_SUM, num, 2), cockpit_rollup(CK_SUM, den, 2), 100);
  assert_true(r.ok); near(r.v, 100.0 * 100 / 150);
  /* 单箱销售额: 销售额 万元 / 销量 箱 × 10000 → 元/箱 */
  r = cockpit_ratio(V(450.5), V(170), 10000);
  near(r.v, 4505000.0 / 170);
  assert_false(cockpit_ratio(V(5), V(0), 100).ok);   /* zero denominator */
  assert_false(cockpit_ratio(V(5), N, 100).ok);      /* missing denominator */
  assert_false(cockpit_ratio(N, V(5), 100).ok);
  r = cockpit_ratio(V(-3), V(6), 1);
  near(r.v, -0.5);
  /* A unit missing its numerator for a month still counts the months it has. */
  cockpit_num n2[] = {V(30), N, V(30)}, d2[] = {V(40), V(40), V(40)};
  near(cockpit_ratio(cockpit_rollup(CK_SUM, n2, 3), cockpit_rollup(CK_SUM, d2, 3), 100).v, 50);
}

static void test_months(void **st) {
  (void)st;
  assert_int_equal(cockpit_month_parse("2025-01"), 2025 * 12);
  assert_int_equal(cockpit_month_parse("2025-12"), 2025 * 12 + 11);
  assert_int_equal(cockpit_month_parse("2025-13"), -1);
  assert_int_equal(cockpit_month_parse("2025-00"), -1);
  assert_int_equal(cockpit_month_parse("2025-1"), -1);
  assert_int_equal(cockpit_month_parse("2025/01"), -1);
  assert_int_equal(cockpit_month_parse(NULL), -1);
  char b[8];
  cockpit_month_str(cockpit_month_parse("2025-01") - 1, b);
  assert_string_equal(b, "2024-12");
  cockpit_month_str(cockpit_month_parse("2025-03") - 12, b);
  assert_string_equal(b, "2024-03");
}

static void test_completion(void **st) {
  (void)st;
  /* higher: value, target → % */
  static const struct { double v, t; int ok; double want; } hi[] = {
    {120, 100, 1, 120}, {95, 100, 1, 95}, {0, 100, 1, 0}, {-5, 10, 1, -50}, {5, 0, 0, 0}, {5, -10, 0, 0},
  };
  for (size_t i = 0; i < sizeof hi / sizeof hi[0]; i++) {
    cockpit_num c = cockpit_completion(CK_HIGHER, V(hi[i].v), V(hi[i].t), 0, 0);
    assert_int_equal(c.ok, hi[i].ok);
    if (c.ok) near(c.v, hi[i].want);
  }
  assert_false(cockpit_completion(CK_HIGHER, N, V(100), 0, 0).ok);
  assert_false(cockpit_completion(CK_HIGHER, V(100), N, 0, 0).ok);
  /* lower (许可办理时限 target 10 days): 10 → 100, 8 → 120, 0 → 200, 15 → 50, 25 → 0 (floored: past twice the target) */
  static const struct { double v, want; } lo[] = {{10, 100}, {8, 120}, {0, 200}, {15, 50}, {25, 0}};
  for (size_t i = 0; i < sizeof lo / sizeof lo[0]; i++) near(cockpit_completion(CK_LOWER, V(lo[i].v), V(10), 0, 0).v, lo[i].want);
  assert_false(cockpit_completion(CK_LOWER, V(3), V(0), 0, 0).ok);
  /* band [95, 105] (市场零售价格指数): inside 100, 90 → 94.74, 110 → 95.45 */
  near(cockpit_completion(CK_BAND, V(100), N, 95, 105).v, 100);
  near(cockpit_completion(CK_BAND, V(95), N, 95, 105).v, 100);
  near(cockpit_completion(CK_BAND, V(90), N, 95, 105).v, 90.0 / 95 * 100);
  near(cockpit_completion(CK_BAND, V(110), N, 95, 105).v, 105.0 / 110 * 100);
  assert_false(cockpit_completion(CK_BAND, V(110), N, 0, 0).ok);
}

static void test_expected(void **st) {
  (void)st;
  near(cockpit_expected(1, NULL, 3), 0.25);
  near(cockpit_expected(1, NULL, 12), 1.0);
  near(cockpit_expected(1, NULL, 0), 0.0);
  near(cockpit_expected(0, NULL, 3), 1.0); /* level indicators: the target holds every month */
  /* Month split with the Spring Festival: Jan 20, Feb 10, others 7 each (total 100). */
  cockpit_num mt[12];
  mt[0] = V(20); mt[1] = V(10);
  for (int i = 2; i < 12; i++) mt[i] = V(7);
  near(cockpit_expected(1, mt, 1), 0.20);
  near(cockpit_expected(1, mt, 2), 0.30);
  near(cockpit_expected(1, mt, 3), 0.37);
  cockpit_num none[12];
  for (int i = 0; i < 12; i++) none[i] = N;
  near(cockpit_expected(1, none, 6), 0.5); /* no split → even */
}

static void test_ranks(void **st) {
  (void)st;
  /* values:       50   80   80   N   20   -10 */
  cockpit_num v[] = {V(50), V(80), V(80), N, V(20), V(-10)};
  int r[6];
  assert_int_equal(cockpit_rank(CK_HIGHER, v, 6, 0, 0, r), 5);
  int want_hi[] = {3, 1, 1, 0, 4, 5};
  assert_memory_equal(r, want_hi, sizeof r);
  cockpit_rank(CK_LOWER, v, 6, 0, 0, r);
  int want_lo[] = {3, 4, 4, 0, 2, 1};
  assert_memory_equal(r, want_lo, sizeof r);
  /* band [40, 60]: distances 0, 20, 20, -, 20, 50 */
  cockpit_rank(CK_BAND, v, 6, 40, 60, r);
  int want_band[] = {1, 2, 2, 0, 2, 5};
  assert_memory_equal(r, want_band, sizeof r);
  cockpit_num all_missing[] = {N, N};
  int r2[2];
  assert_int_equal(cockpit_rank(CK_HIGHER, all_missing, 2, 0, 0, r2), 0);
  assert_int_equal(r2[0], 0);
}

static void test_changes(void **st) {
  (void)st;
  cockpit_change c = cockpit_change_of(V(110), V(100));
  assert_int_equal(c.status, CK_CHG_OK); near(c.diff.v, 10); near(c.pct.v, 10);
  c = cockpit_change_of(V(90), V(120));
  near(c.pct.v, -25);
  c = cockpit_change_of(V(-5), V(-10)); /* a loss halved: +50% */
  near(c.diff.v, 5); near(c.pct.v, 50);
  c = cockpit_change_of(V(5), V(0));
  assert_int_equal(c.status, CK_CHG_ZERO_BASE); assert_true(c.diff.ok); near(c.diff.v, 5); assert_false(c.pct.ok);
  c = cockpit_change_of(V(5), N);
  assert_int_equal(c.status, CK_CHG_NO_BASE); assert_false(c.diff.ok); assert_false(c.pct.ok);
  c = cockpit_change_of(N, V(5));
  assert_int_equal(c.status, CK_CHG_NO_CURRENT); assert_false(c.pct.ok);
  assert_string_equal(cockpit_chg_code(CK_CHG_ZERO_BASE), "zero_base");
}

static void test_lights(void **st) {
  (void)st;
  assert_int_equal(cockpit_light_target(V(100), 90), CK_LIGHT_GREEN);
  assert_int_equal(cockpit_light_target(V(99.99), 90), CK_LIGHT_YELLOW);
  assert_int_equal(cockpit_light_target(V(90), 90), CK_LIGHT_YELLOW);
  assert_int_equal(cockpit_light_target(V(89.9), 90), CK_LIGHT_RED);
  assert_int_equal(cockpit_light_target(V(-20), 90), CK_LIGHT_RED);
  assert_int_equal(cockpit_light_target(N, 90), CK_LIGHT_NONE);
  /* YTD 30% of target by March (expected 25%) green; 20% yellow; 10% red */
  assert_int_equal(cockpit_light_progress(V(30), 0.25), CK_LIGHT_GREEN);
  assert_int_equal(cockpit_light_progress(V(20), 0.25), CK_LIGHT_YELLOW);
  assert_int_equal(cockpit_light_progress(V(10), 0.25), CK_LIGHT_RED);
  /* peers, 9 ranked: 1-3 green, 4-6 yellow, 7-9 red; ties keep their rank */
  static const int want9[] = {0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
  for (int k = 1; k <= 9; k++) assert_int_equal(cockpit_light_peers(k, 9), want9[k]);
  assert_int_equal(cockpit_light_peers(1, 1), CK_LIGHT_GREEN);
  assert_int_equal(cockpit_light_peers(0, 5), CK_LIGHT_NONE);
  assert_int_equal(cockpit_light_peers(2, 2), CK_LIGHT_RED);
}

static void test_composite(void **st) {
  (void)st;
  near(cockpit_rank_points(1, 5), 100);
  near(cockpit_rank_points(5, 5), 0);
  near(cockpit_rank_points(3, 5), 50);
  near(cockpit_rank_points(1, 1), 100);
  near(cockpit_rank_points(0, 5), 0);
  /* Three indicators weighted 2, 1, 1; the unit has no rank on the third: (100×2 + 50×1) / 3 */
  double pts[] = {100, 50, 0}, w[] = {2, 1, 1};
  int has[] = {1, 1, 0};
  cockpit_num c = cockpit_composite(pts, has, w, 3);
  assert_true(c.ok); near(c.v, 250.0 / 3);
  double w0[] = {0, 0, 0};
  assert_false(cockpit_composite(pts, has, w0, 3).ok);
  int none[] = {0, 0, 0};
  assert_false(cockpit_composite(pts, none, w, 3).ok);
}

static void test_codes(void **st) {
  (void)st;
  for (int i = 0; i < 4; i++) assert_int_equal(cockpit_agg_parse(cockpit_agg_code((cockpit_agg)i)), i);
  for (int i = 0; i < 3; i++) assert_int_equal(cockpit_dir_parse(cockpit_dir_code((cockpit_dir)i)), i);
  assert_int_equal(cockpit_agg_parse("median"), -1);
  assert_int_equal(cockpit_dir_parse(NULL), -1);
  assert_string_equal(cockpit_light_code(CK_LIGHT_RED), "red");
}

/* Definitions: a ratio needs two existing, enabled, distinct non-ratio parts; codes unique; no ratio of ratios/cycles. */
static const cockpit_def_ref REFS[] = {
  {"XSL", "sum", NULL, NULL, 1}, {"XSE", "sum", NULL, NULL, 1}, {"DXE", "ratio", "XSE", "XSL", 1}, {"OLD", "sum", NULL, NULL, 0},
};
static void test_def_check(void **st) {
  (void)st;
  cockpit_def_err e;
  cockpit_def ok = {.code = "JZ_1", .name = "均值", .category = "营销", .direction = "higher", .time_agg = "avg", .unit_agg = "avg", .scale = 1};
  assert_int_equal(cockpit_def_check(&ok, REFS, 4, 1, &e), 0);
  cockpit_def d = ok;
  d.code = "xsl"; assert_int_equal(cockpit_def_check(&d, REFS, 4, 1, &e), -1); assert_string_equal(e.field, "code");
  d.code = "XSL"; assert_int_equal(cockpit_def_check(&d, REFS, 4, 1, &e), -1); assert_string_equal(e.field, "code"); assert_int_equal(e.conflict, 1);
  d = ok; d.category = "其他"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "category");
  d = ok; d.direction = "band"; d.has_lo = 1; d.band_lo = 90; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "band_hi");
  d.has_hi = 1; d.band_hi = 80; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "band_hi");
  d.band_hi = 110; assert_int_equal(cockpit_def_check(&d, REFS, 4, 1, &e), 0);
  cockpit_def r = ok;
  r.time_agg = r.unit_agg = "ratio"; r.num_code = "XSE"; r.den_code = "XSL"; r.scale = 100;
  assert_int_equal(cockpit_def_check(&r, REFS, 4, 1, &e), 0);
  d = r; d.den_code = NULL; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "den_code");
  d = r; d.num_code = "NOPE"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "num_code");
  d = r; d.num_code = "DXE"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "num_code"); /* a ratio of a ratio */
  d = r; d.den_code = "OLD"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "den_code"); /* disabled */
  d = r; d.den_code = "XSE"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "den_code"); /* same part twice */
  d = r; d.num_code = "JZ_1"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "num_code"); /* itself */
  d = r; d.unit_agg = "sum"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "unit_agg");
  d = ok; d.num_code = "XSE"; cockpit_def_check(&d, REFS, 4, 1, &e); assert_string_equal(e.field, "num_code");
  /* Editing XSL (the others without it) into a ratio would make DXE a ratio of a ratio: refused on time_agg. */
  static const cockpit_def_ref others[] = {{"XSE", "sum", NULL, NULL, 1}, {"DXE", "ratio", "XSE", "XSL", 1}, {"AJS", "sum", NULL, NULL, 1}};
  d = r; d.code = "XSL"; d.num_code = "XSE"; d.den_code = "AJS";
  assert_int_equal(cockpit_def_check(&d, others, 3, 0, &e), -1); assert_string_equal(e.field, "time_agg");
  assert_int_equal(cockpit_def_used_by("XSL", others, 3), 1);
  assert_int_equal(cockpit_def_used_by("AJS", others, 3), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rollups), cmocka_unit_test(test_ratio_is_sum_over_sum), cmocka_unit_test(test_months),
    cmocka_unit_test(test_completion), cmocka_unit_test(test_expected), cmocka_unit_test(test_ranks),
    cmocka_unit_test(test_changes), cmocka_unit_test(test_lights), cmocka_unit_test(test_composite), cmocka_unit_test(test_codes), cmocka_unit_test(test_def_check),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
