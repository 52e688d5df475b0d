/* test_limiter.c — the sliding-window rate limiter with an injected clock: "at most N in any window" at every
 * moment (including where clock minutes meet), a refused key stays refused while other keys flood the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/util.h"

static uint64_t seed = 88172645463325252ULL;
static unsigned next_rand(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return (unsigned)(seed >> 11); }

/* Random attempts over an hour; every accepted set must hold at most 20 in any 60 s, and a refusal must only come
 * when 20 were already accepted in the 60 s before it. */
static void test_at_most_20_in_any_60s(void **st) {
  ratelimit *rl = rl_new(20, 60);
  assert_non_null(rl);
  time_t accepted[4000];
  size_t na = 0;
  time_t t = 1700000000 - 1700000000 % 60 - 30; /* starts half a clock minute before a boundary */
  for (int i = 0; i < 3600 && na < 4000; i++) {
    t += next_rand() % 3 == 0 ? 1 : 0; /* bursts: several attempts within the same second */
    size_t in_window = 0;
    for (size_t k = 0; k < na; k++) in_window += accepted[k] > t - 60;
    unsigned wait = rl_hit(rl, "10.0.0.1", t);
    if (wait == 0) {
      assert_true(in_window < 20);
      accepted[na++] = t;
    } else {
      assert_int_equal(in_window, 20);
      assert_true(wait >= 1 && wait <= 60);
    }
  }
  assert_true(na > 100);
  /* Check every window of 60 s over the run. */
  for (size_t k = 0; k < na; k++) {
    size_t n = 0;
    for (size_t j = 0; j < na; j++) n += accepted[j] >= accepted[k] && accepted[j] < accepted[k] + 60;
    assert_true(n <= 20);
  }
  rl_free(rl);
  (void)st;
}

/* 40 attempts straddling a clock minute: a fixed window let 40 through; a sliding one 20. */
static void test_minute_boundary(void **st) {
  ratelimit *rl = rl_new(20, 60);
  time_t edge = 1700000040; /* a multiple of 60 */
  int ok = 0;
  for (int i = 0; i < 20; i++) ok += rl_hit(rl, "k", edge - 1) == 0;
  for (int i = 0; i < 20; i++) ok += rl_hit(rl, "k", edge) == 0;
  assert_int_equal(ok, 20);
  assert_int_equal(rl_hit(rl, "k", edge + 58), 1);
  assert_int_equal(rl_hit(rl, "k", edge + 59), 0); /* the first 20 left the window */
  for (int i = 0; i < 19; i++) assert_int_equal(rl_hit(rl, "k", edge + 59), 0);
  int first;
  assert_true(rl_hit_ex(rl, "k", edge + 59, &first) > 0);
  assert_int_equal(first, 1);
  assert_true(rl_hit_ex(rl, "k", edge + 59, &first) > 0);
  assert_int_equal(first, 0);
  rl_free(rl);
  (void)st;
}

/* Thousands of random keys cannot push out a live counter. */
static void test_flood_keeps_live_counts(void **st) {
  ratelimit *rl = rl_new(5, 3600);
  time_t t = 1700000000;
  for (int i = 0; i < 5; i++) assert_int_equal(rl_hit(rl, "token-A|10.0.0.9", t), 0);
  assert_true(rl_hit(rl, "token-A|10.0.0.9", t) > 0);
  char key[64];
  for (int i = 0; i < 60000; i++) {
    snprintf(key, sizeof key, "rnd-%u-%d|10.0.%d.%d", next_rand(), i, i % 250, i % 199);
    rl_hit(rl, key, t + i / 100);
  }
  assert_true(rl_hit(rl, "token-A|10.0.0.9", t + 700) > 0);
  /* After the window every slot is free again. */
  assert_int_equal(rl_hit(rl, "token-A|10.0.0.9", t + 3600 + 700), 0);
  rl_free(rl);
  (void)st;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_at_most_20_in_any_60s), cmocka_unit_test(test_minute_boundary), cmocka_unit_test(test_flood_keeps_live_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
