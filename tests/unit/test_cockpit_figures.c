/* test_cockpit_figures.c — the figures an independent recomputation checked (issue 11), each pinned by a hand-computed
 * answer on a hand-built cube: the YTD and 同比 of a month whatever 纵向 window is asked (every window, and random ones),
 * ratios only from units and months having both parts, a weighted average, the target of "last over months, sum over
 * units", the lower-is-better floor, the target shown with its 完成率, ties at the shown precision, peer thirds,
 * lights against 序时进度, and a module feed mapped through the unit tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cockpit/internal.h"

#define near(a, b) assert_true((a) > (b) - 1e-6 && (a) < (b) + 1e-6)
#define V(x) COCKPIT_VAL(x)
#define N COCKPIT_NONE

/* Units: 0 局 → 1 市场部 → 2 片区A, 3 片区B; 0 → 4 所X, 5 所Y.
 * Indicators: 0 XSL (sum), 1 N (sum), 2 D (sum), 3 R = N ÷ D × 10000 (ratio), 4 CCHS (last over months, sum over
 * units), 5 XKSX (avg weighted by 6), 6 XKJS (sum), 7 CXB (avg, unweighted).
 * Months: 2024-01 .. 2026-12 (36). */
enum { NU = 6, NI = 8, M0 = 2024 * 12, NM = 36 };
static const int parent[NU] = {-1, 0, 1, 1, 0, 0};

static void ctx_init(ck_ctx *c, int m0, int nm, int y0, int ny) {
  memset(c, 0, sizeof *c);
  c->ninds = NI;
  c->nunits = NU;
  c->m0 = m0;
  c->nm = nm;
  c->year = y0 + ny - 1;
  c->y0 = y0;
  c->ny = ny;
  c->inds = calloc(NI, sizeof *c->inds);
  c->units = calloc(NU, sizeof *c->units);
  c->cube = calloc((size_t)NI * NU * (size_t)nm, sizeof *c->cube);
  c->tgt = calloc((size_t)NI * NU * (size_t)ny * 13, sizeof *c->tgt);
  for (int u = 0; u < NU; u++) { c->units[u].id = u + 1; c->units[u].pidx = parent[u]; c->units[u].child = c->units[u].next = -1; }
  for (int u = NU - 1; u >= 0; u--)
    if (parent[u] >= 0) { c->units[u].next = c->units[parent[u]].child; c->units[parent[u]].child = u; }
  static const cockpit_agg ta[NI] = {CK_SUM, CK_SUM, CK_SUM, CK_RATIO, CK_LAST, CK_AVG, CK_SUM, CK_AVG};
  static const cockpit_agg ua[NI] = {CK_SUM, CK_SUM, CK_SUM, CK_RATIO, CK_SUM, CK_AVG, CK_SUM, CK_AVG};
  for (int i = 0; i < NI; i++) {
    ck_ind *d = &c->inds[i];
    d->id = i + 1; d->tagg = ta[i]; d->uagg = ua[i]; d->num = d->den = d->wt = -1; d->scale = 1; d->decimals = 1;
  }
  c->inds[3].num = 1; c->inds[3].den = 2; c->inds[3].scale = 10000;
  c->inds[5].wt = 6;
  c->inds[7].dir = CK_LOWER;
}
static cockpit_num *cell(ck_ctx *c, int i, int u, int month) {
  return &c->cube[((size_t)i * NU + (size_t)u) * (size_t)c->nm + (size_t)(month - c->m0)];
}
static void set(ck_ctx *c, int i, int u, int month, double v) { *cell(c, i, u, month) = V(v); }
static void tgt(ck_ctx *c, int i, int u, int year, int m, double v) {
  c->tgt[(((size_t)i * NU + (size_t)u) * (size_t)c->ny + (size_t)(year - c->y0)) * 13 + (size_t)m] = V(v);
}
static int ym(int y, int m) { return y * 12 + m - 1; }

/* XSL: 片区A month k (k = 0 for 2024-01) 100 + k, 片区B 50 every month. */
static ck_ctx full;
static int setup(void **st) {
  (void)st;
  ctx_init(&full, M0, NM, 2024, 3);
  for (int k = 0; k < NM; k++) { set(&full, 0, 2, M0 + k, 100 + k); set(&full, 0, 3, M0 + k, 50); }
  return 0;
}
static int teardown(void **st) { (void)st; ck_free(&full); return 0; }

/* What a 纵向 request of `months` ending at `to` holds in memory: exactly cockpit_vertical_span's months of `full`. */
static void window(ck_ctx *w, int to, int months) {
  int m0, nm;
  cockpit_vertical_span(to, months, &m0, &nm);
  ctx_init(w, m0, nm, m0 / 12, to / 12 - m0 / 12 + 1);
  for (int i = 0; i < NI; i++)
    for (int u = 0; u < NU; u++)
      for (int k = 0; k < nm; k++)
        if (m0 + k >= full.m0 && m0 + k < full.m0 + full.nm) *cell(w, i, u, m0 + k) = *cell(&full, i, u, m0 + k);
}

/* Issue 11.1: XSL, 片区A, to 2026-11: YTD = Σ_{k=24..34} (100 + k) = 1100 + 319 = 1419; last year's January–November
 * Σ_{k=12..22} (100 + k) = 1100 + 187 = 1287; 同比 (1419 − 1287) / 1287 = +10.2564 %. The bureau: + 11 × 50 each. Every
 * window from 1 to 120 months gives these. */
static void test_ytd_every_window(void **st) {
  (void)st;
  int to = ym(2026, 11);
  for (int months = 1; months <= 120; months++) {
    ck_ctx w;
    window(&w, to, months);
    cockpit_num y, ly;
    ck_ytd(&w, 0, 2, to, &y, &ly);
    assert_true(y.ok && ly.ok);
    near(y.v, 1419);
    near(ly.v, 1287);
    near(cockpit_change_of(y, ly).pct.v, 132.0 / 1287 * 100);
    ck_ytd(&w, 0, 0, to, &y, &ly);
    near(y.v, 1419 + 550);
    near(ly.v, 1287 + 550);
    ck_free(&w);
  }
}

/* Property: for random (to, months) the YTD and 同比 of `to` equal the ones computed with every month in memory. */
static void test_ytd_random_windows(void **st) {
  (void)st;
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int n = 0; n < 500; n++) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    int to = ym(2025, 1) + (int)(x % 24); /* 2025-01 .. 2026-12: last year's January is in `full` */
    int months = 1 + (int)((x >> 20) % 120);
    int u = (int)((x >> 40) % NU);
    ck_ctx w;
    window(&w, to, months);
    cockpit_num y, ly, fy, fly;
    ck_ytd(&w, 0, u, to, &y, &ly);
    ck_ytd(&full, 0, u, to, &fy, &fly);
    assert_int_equal(y.ok, fy.ok);
    assert_int_equal(ly.ok, fly.ok);
    if (y.ok) near(y.v, fy.v);
    if (ly.ok) near(ly.v, fly.v);
    cockpit_change a = cockpit_change_of(y, ly), b = cockpit_change_of(fy, fly);
    assert_int_equal(a.status, b.status);
    if (a.pct.ok) near(a.pct.v, b.pct.v);
    /* And the window starts no later than last year's January. */
    int m0, nm;
    cockpit_vertical_span(to, months, &m0, &nm);
    assert_true(m0 <= (to / 12 - 1) * 12 && m0 + nm - 1 == to && m0 <= to - months + 1 - 12);
    ck_free(&w);
  }
}

/* Issue 11.5: 单箱销售额 = Σ销售额 ÷ Σ销量 × 10000 only over units and months having both. 2026-01: A 100 万元 / 50 箱,
 * B 30 万元 and no 销量 → 市场部 100 / 50 × 10000 = 20000 元/箱 (not 130 / 50 × 10000 = 26000). 2026-02: A 10 万元, no
 * 销量 → A over January–February stays 20000. A zero denominator with a numerator gives no figure. */
static void test_ratio_needs_both_parts(void **st) {
  (void)st;
  ck_ctx c;
  ctx_init(&c, ym(2026, 1), 2, 2026, 1);
  int jan = ym(2026, 1), feb = ym(2026, 2);
  set(&c, 1, 2, jan, 100); set(&c, 2, 2, jan, 50); set(&c, 1, 3, jan, 30); set(&c, 1, 2, feb, 10);
  near(ck_value(&c, 3, 1, jan, jan).v, 20000);
  near(ck_value(&c, 3, 0, jan, jan).v, 20000);
  near(ck_value(&c, 3, 2, jan, feb).v, 20000);
  assert_false(ck_value(&c, 3, 3, jan, jan).ok);
  set(&c, 2, 3, jan, 0); /* B now reports 0 箱: both parts, so B adds 30 and 0 → (100 + 30) / 50 */
  near(ck_value(&c, 3, 1, jan, jan).v, 26000);
  assert_false(ck_value(&c, 3, 3, jan, jan).ok);
  ck_free(&c);
}

/* Issue 11.10: 许可办理时限 weighted by 许可办理件数. 所X: January 10 days over 100 licences, February 4 over 20; 所Y:
 * January 2 over 300. 所X January–February (10×100 + 4×20) / 120 = 9.0 (unweighted 7); the bureau in January
 * (10×100 + 2×300) / 400 = 4.0 (unweighted 6); January–February (9×120 + 2×300) / 420 = 4.0. 存销比 without a weight
 * keeps the mean of the units' means. */
static void test_weighted_average(void **st) {
  (void)st;
  ck_ctx c;
  ctx_init(&c, ym(2026, 1), 2, 2026, 1);
  int jan = ym(2026, 1), feb = ym(2026, 2);
  set(&c, 5, 4, jan, 10); set(&c, 6, 4, jan, 100); set(&c, 5, 4, feb, 4); set(&c, 6, 4, feb, 20);
  set(&c, 5, 5, jan, 2); set(&c, 6, 5, jan, 300);
  near(ck_value(&c, 5, 4, jan, feb).v, 9.0);
  near(ck_value(&c, 5, 0, jan, jan).v, 4.0);
  near(ck_value(&c, 5, 0, jan, feb).v, 4.0);
  set(&c, 7, 4, jan, 1.0); set(&c, 7, 4, feb, 2.0); set(&c, 7, 5, jan, 3.0);
  near(ck_value(&c, 7, 0, jan, feb).v, (1.5 + 3.0) / 2);
  ck_free(&c);
}

/* Issue 11.4: 持证户数 (last over months, sum over units): 所X's yearly target 1000 and 所Y's 923 make the bureau's 1923, for
 * the year and for any month; a unit with no target of its own does not inherit its parent's. */
static void test_last_sum_target(void **st) {
  (void)st;
  ck_ctx c;
  ctx_init(&c, ym(2026, 1), 1, 2026, 1);
  tgt(&c, 4, 4, 2026, 0, 1000);
  tgt(&c, 4, 5, 2026, 0, 923);
  near(ck_target(&c, 4, 0, 0).v, 1923);
  near(ck_target(&c, 4, 0, 6).v, 1923);
  near(ck_target(&c, 4, 4, 6).v, 1000); /* a month-end stock: the year's figure holds every month */
  assert_false(ck_target(&c, 4, 2, 0).ok);
  tgt(&c, 4, 0, 2026, 0, 2000);
  assert_false(ck_target(&c, 4, 2, 0).ok); /* still: a sum over units is not inherited */
  near(ck_target(&c, 4, 0, 0).v, 2000);
  ck_free(&c);
}

/* Issues 11.2 and 11.7: XSE, year target 1000, January–November 939 (93.9 %), 序时进度 11/12 = 91.7 % → green (against
 * the target alone it would be yellow). A month target 40/12 is shown 3.33, and 6 against it is 180.2 %, which a reader
 * gets dividing 6 by 3.33. */
static void test_progress_light_and_shown_target(void **st) {
  (void)st;
  cockpit_num comp = cockpit_completion_shown(CK_HIGHER, V(939), V(1000), 0, 0, 1);
  near(comp.v, 93.9);
  double expected = cockpit_expected(1, NULL, 11);
  assert_int_equal(cockpit_light_for(CK_HIGHER, 1, comp, expected, 3, 4), CK_LIGHT_GREEN);
  assert_int_equal(cockpit_light_for(CK_HIGHER, 0, comp, expected, 3, 4), CK_LIGHT_YELLOW);
  assert_int_equal(cockpit_light_for(CK_HIGHER, 1, V(80), expected, 1, 4), CK_LIGHT_RED);   /* 80 < 91.7 − 10 */
  assert_int_equal(cockpit_light_for(CK_HIGHER, 1, V(82), expected, 1, 4), CK_LIGHT_YELLOW); /* within 10 points */
  assert_int_equal(cockpit_light_for(CK_HIGHER, 0, N, 0, 1, 4), CK_LIGHT_GREEN);             /* no target: peers */
  assert_int_equal(cockpit_target_decimals(0), 2);
  near(cockpit_round(40.0 / 12, cockpit_target_decimals(0)), 3.33);
  comp = cockpit_completion_shown(CK_HIGHER, V(6), V(40.0 / 12), 0, 0, 0);
  near(cockpit_round(comp.v, 1), 180.2);
  near(cockpit_round(6 / 3.33 * 100, 1), cockpit_round(comp.v, 1));
  /* The shown value counts too: 5.6 shown as 6 at 0 decimals. */
  near(cockpit_round(cockpit_completion_shown(CK_HIGHER, V(5.6), V(40.0 / 12), 0, 0, 0).v, 1), 180.2);
}

/* Issue 11.6: 存销比 3.0 against 1.2 is 0 %, not −50 %; 2.4 (twice) is 0; 1.8 is 50. */
static void test_lower_floor(void **st) {
  (void)st;
  near(cockpit_completion(CK_LOWER, V(3.0), V(1.2), 0, 0).v, 0);
  near(cockpit_completion(CK_LOWER, V(2.4), V(1.2), 0, 0).v, 0);
  near(cockpit_completion(CK_LOWER, V(1.8), V(1.2), 0, 0).v, 50);
  near(cockpit_completion(CK_LOWER, V(0.6), V(1.2), 0, 0).v, 150);
}

/* Issue 11.8: 0.14 and 0.06 are both shown 0.1 at one decimal: they share rank 1, the 0.04 shown 0.0 is third. */
static void test_ties_at_shown_precision(void **st) {
  (void)st;
  cockpit_num v[] = {V(0.14), V(0.06), V(0.04)};
  int r[3];
  assert_int_equal(cockpit_rank_shown(CK_HIGHER, v, 3, 0, 0, 1, r), 3);
  assert_int_equal(r[0], 1);
  assert_int_equal(r[1], 1);
  assert_int_equal(r[2], 3);
  cockpit_rank_shown(CK_HIGHER, v, 3, 0, 0, 2, r); /* at two decimals they differ */
  assert_int_equal(r[1], 2);
}

/* Issue 11.9: thirds by rank position, g = ⌈n/3⌉: green ranks 1..g, red above n − g. G green, Y yellow, R red. */
static void test_peer_thirds(void **st) {
  (void)st;
  static const char *const want[8] = {"", "G", "GR", "GYR", "GGRR", "GGYRR", "GGYYRR", "GGGYRRR"};
  for (size_t n = 1; n <= 7; n++)
    for (int k = 1; k <= (int)n; k++) {
      char got = "?GYR"[cockpit_light_peers(k, n)];
      if (got != want[n][k - 1]) fail_msg("n=%zu rank %d: %c, want %c", n, k, got, want[n][k - 1]);
    }
  assert_int_equal(cockpit_light_peers(0, 4), CK_LIGHT_NONE);
  /* Ties: of 4, ranks 1 1 3 4 → G G R R. */
  assert_int_equal(cockpit_light_peers(1, 4), CK_LIGHT_GREEN);
  assert_int_equal(cockpit_light_peers(3, 4), CK_LIGHT_RED);
}

/* Issue 11.15: a feed's own figures through the tree. 市场部 has 5 items of its own, 片区A 3 and 片区B 1, 所X 2:
 * stored 市场部 9, 局 11, 片区A 3, 片区B 1, 所X 2, 所Y none. The parent index may come after the child. */
static void test_feed_subtree(void **st) {
  (void)st;
  cockpit_num own[NU] = {N, V(5), V(3), V(1), V(2), N}, out[NU];
  cockpit_feed_subtree(own, parent, NU, out);
  near(out[0].v, 11); near(out[1].v, 9); near(out[2].v, 3); near(out[3].v, 1); near(out[4].v, 2);
  assert_false(out[5].ok);
  static const int rev[3] = {-1, 2, 0}; /* 0 root ← 2 ← 1 */
  cockpit_num o2[3] = {N, V(4), N}, r2[3];
  cockpit_feed_subtree(o2, rev, 3, r2);
  near(r2[0].v, 4); near(r2[1].v, 4); near(r2[2].v, 4);
}

/* 目标分解表: 所X 1000 + 所Y 923 = 1923 under the bureau. 1930 typed for the bureau is off by 7, within 0.5 % of 1930
 * (9.65): accepted; 1950 is off by 27 and names the bureau; a parent whose children have no targets is left alone. */
static void test_targets_add_up(void **st) {
  (void)st;
  cockpit_num y[NU] = {V(1923), N, N, N, V(1000), V(923)};
  double sum = 0;
  assert_int_equal(cockpit_targets_add_up(y, parent, NU, 0.005, &sum), -1);
  y[0] = V(1930);
  assert_int_equal(cockpit_targets_add_up(y, parent, NU, 0.005, &sum), -1);
  y[0] = V(1950);
  assert_int_equal(cockpit_targets_add_up(y, parent, NU, 0.005, &sum), 0);
  near(sum, 1923);
  y[1] = V(500); /* 市场部 500 with its 片区 missing: nothing to add up; the bureau now sums 500 + 1000 + 923 */
  y[0] = V(2423);
  assert_int_equal(cockpit_targets_add_up(y, parent, NU, 0.005, &sum), -1);
  y[2] = V(200); y[3] = V(250); /* 片区 450 ≠ 500 */
  assert_int_equal(cockpit_targets_add_up(y, parent, NU, 0.005, &sum), 1);
  near(sum, 450);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ytd_every_window), cmocka_unit_test(test_ytd_random_windows), cmocka_unit_test(test_ratio_needs_both_parts),
    cmocka_unit_test(test_weighted_average), cmocka_unit_test(test_last_sum_target), cmocka_unit_test(test_progress_light_and_shown_target),
    cmocka_unit_test(test_lower_floor), cmocka_unit_test(test_ties_at_shown_precision), cmocka_unit_test(test_peer_thirds),
    cmocka_unit_test(test_feed_subtree), cmocka_unit_test(test_targets_add_up),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
