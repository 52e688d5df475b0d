/* test_cockpit_engine.c — roll-ups over the unit tree and months on a hand-built cube (no database): a parent is its
 * children's sum/average, a ratio is Σnum/Σden at every level, 持证户数 is the last month then the sum of units, own
 * values win over children's, targets add up or are inherited, ranks and missing data along the way. */
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

/* Units: 0 局 (root) → 1 市场部 → 2 片区A, 3 片区B; 0 → 4 所.  Indicators: 0 SUM, 1 num, 2 den, 3 RATIO(1/2 ×100), 4 LAST/SUM, 5 AVG.
 * Months: 3 (m0 = 2025-01). */
enum { NU = 5, NI = 6, NM = 3 };
static ck_ctx c;

static void set(int i, int u, int m, double v) { c.cube[((size_t)i * NU + (size_t)u) * NM + (size_t)m] = COCKPIT_VAL(v); }
static void tgt(int i, int u, int m, double v) { c.tgt[((size_t)i * NU + (size_t)u) * 13 + (size_t)m] = COCKPIT_VAL(v); }

static int setup(void **st) {
  (void)st;
  memset(&c, 0, sizeof c);
  c.ninds = NI;
  c.nunits = NU;
  c.nm = NM;
  c.m0 = 2025 * 12;
  c.year = 2025;
  c.y0 = 2025;
  c.ny = 1;
  c.inds = calloc(NI, sizeof *c.inds);
  c.units = calloc(NU, sizeof *c.units);
  c.cube = calloc((size_t)NI * NU * NM, sizeof *c.cube);
  c.tgt = calloc((size_t)NI * NU * 13, sizeof *c.tgt);
  static const int parent[NU] = {-1, 0, 1, 1, 0};
  for (int u = 0; u < NU; u++) { c.units[u].id = u + 1; c.units[u].pidx = parent[u]; c.units[u].child = c.units[u].next = -1; }
  for (int u = NU - 1; u >= 0; u--)
    if (parent[u] >= 0) { c.units[u].next = c.units[parent[u]].child; c.units[parent[u]].child = u; }
  static const cockpit_agg ta[NI] = {CK_SUM, CK_SUM, CK_SUM, CK_RATIO, CK_LAST, CK_AVG}, ua[NI] = {CK_SUM, CK_SUM, CK_SUM, CK_RATIO, CK_SUM, CK_AVG};
  for (int i = 0; i < NI; i++) { c.inds[i].id = i + 1; c.inds[i].tagg = ta[i]; c.inds[i].uagg = ua[i]; c.inds[i].num = c.inds[i].den = c.inds[i].wt = -1; c.inds[i].scale = 1; }
  c.inds[3].num = 1; c.inds[3].den = 2; c.inds[3].scale = 100;
  /* SUM: 片区A 10, 20, (missing); 片区B 5, 5, 5; 所 has its own 7 in month 0 only. */
  set(0, 2, 0, 10); set(0, 2, 1, 20); set(0, 3, 0, 5); set(0, 3, 1, 5); set(0, 3, 2, 5); set(0, 4, 0, 7);
  /* Ratio parts: A 90/100 and B 10/50 in month 0; A 0/0 in month 1 (a zero denominator). */
  set(1, 2, 0, 90); set(2, 2, 0, 100); set(1, 3, 0, 10); set(2, 3, 0, 50); set(1, 2, 1, 0); set(2, 2, 1, 0);
  /* LAST/SUM (持证户数): A 100, 102, 101; B 50, (missing), 52. */
  set(4, 2, 0, 100); set(4, 2, 1, 102); set(4, 2, 2, 101); set(4, 3, 0, 50); set(4, 3, 2, 52);
  /* AVG (存销比): A 1.0, 1.2; B 2.0 — and the 市场部 has its own figure 9 in month 2, which wins there. */
  set(5, 2, 0, 1.0); set(5, 2, 1, 1.2); set(5, 3, 0, 2.0); set(5, 1, 2, 9);
  /* Targets: year 120 for A, 60 for B with a month split for B; a level standard at the root. */
  tgt(0, 2, 0, 120); tgt(0, 3, 0, 60); tgt(0, 3, 1, 10); tgt(0, 3, 2, 5);
  tgt(3, 0, 0, 95);
  return 0;
}
static int teardown(void **st) { (void)st; ck_free(&c); return 0; }

static void test_sum_over_tree_and_time(void **st) {
  (void)st;
  int a = c.m0, b = c.m0 + 2;
  near(ck_value(&c, 0, 2, a, b).v, 30);      /* 10 + 20, the missing month adds nothing */
  near(ck_value(&c, 0, 1, a, b).v, 45);      /* 市场部 = A + B */
  near(ck_value(&c, 0, 0, a, b).v, 45 + 7);  /* 局 = 市场部 + 所 */
  near(ck_value(&c, 0, 0, a, a).v, 10 + 5 + 7);
  assert_false(ck_value(&c, 0, 4, a + 1, a + 1).ok); /* the 所 reported nothing in month 1 */
  near(ck_value(&c, 0, 0, a + 2, a + 2).v, 5);       /* A missing, B 5 */
}

static void test_ratio_sum_over_sum_at_every_level(void **st) {
  (void)st;
  int a = c.m0;
  near(ck_value(&c, 3, 2, a, a).v, 90);
  near(ck_value(&c, 3, 3, a, a).v, 20);
  near(ck_value(&c, 3, 1, a, a).v, 100.0 * 100 / 150); /* not (90 + 20) / 2 */
  near(ck_value(&c, 3, 0, a, a).v, 100.0 * 100 / 150);
  assert_false(ck_value(&c, 3, 2, a + 1, a + 1).ok);   /* 0/0 */
  near(ck_value(&c, 3, 2, a, a + 1).v, 90);            /* over two months: 90/100 */
}

static void test_last_then_sum_and_avg(void **st) {
  (void)st;
  int a = c.m0, b = c.m0 + 2;
  near(ck_value(&c, 4, 1, a, b).v, 101 + 52);   /* month-end per 片区, then summed */
  near(ck_value(&c, 4, 1, a, a + 1).v, 102 + 50); /* B's last month with data is month 0 */
  near(ck_value(&c, 5, 2, a, a + 1).v, 1.1);
  near(ck_value(&c, 5, 1, a, a + 1).v, (1.1 + 2.0) / 2); /* average of the 片区 averages */
  near(ck_value(&c, 5, 1, b, b).v, 9);          /* own figure wins */
}

static void test_targets(void **st) {
  (void)st;
  near(ck_target(&c, 0, 2, 0).v, 120);
  near(ck_target(&c, 0, 2, 3).v, 10);            /* no split: year/12 */
  near(ck_target(&c, 0, 3, 1).v, 10);            /* explicit split */
  assert_false(ck_target(&c, 0, 3, 5).ok);       /* partial split: no target that month */
  near(ck_target(&c, 0, 1, 0).v, 180);           /* parent = sum of children */
  near(ck_target(&c, 0, 1, 1).v, 10 + 10);       /* month 1: A year/12 + B's split */
  near(ck_target(&c, 3, 2, 0).v, 95);            /* level inherited from the root */
  near(ck_target(&c, 3, 2, 7).v, 95);
  assert_false(ck_target(&c, 5, 2, 0).ok);
  assert_false(ck_target_y(&c, 0, 2, 2024, 0).ok); /* a year not loaded */
}

static void test_ranks_of_children(void **st) {
  (void)st;
  int a = c.m0;
  cockpit_num v[2] = {ck_value(&c, 3, 2, a, a), ck_value(&c, 3, 3, a, a)};
  int r[2];
  assert_int_equal(cockpit_rank(CK_HIGHER, v, 2, 0, 0, r), 2);
  assert_int_equal(r[0], 1);
  assert_int_equal(r[1], 2);
  cockpit_num comp = cockpit_completion(CK_HIGHER, v[1], ck_target(&c, 3, 3, 1), 0, 0);
  near(comp.v, 20.0 / 95 * 100);
  assert_int_equal(cockpit_light_target(comp, 90), CK_LIGHT_RED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sum_over_tree_and_time), cmocka_unit_test(test_ratio_sum_over_sum_at_every_level),
    cmocka_unit_test(test_last_then_sum_and_avg), cmocka_unit_test(test_targets), cmocka_unit_test(test_ranks_of_children),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
