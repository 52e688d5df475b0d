/* test_daily.c — base/daily.h: a date-change job runs at start, again only when the bureau's today (BUREAU_TODAY)
 * changes, retries a failed day at the next wake; a periodic job runs once per interval and ticks on every wake;
 * stop joins and a stopped job is not kicked; the interval variable is clamped. Every wait is a daily_kick_wait, so
 * nothing depends on timing (the intervals are an hour: the thread never wakes by itself during the test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "base/daily.h"

typedef struct {
  int runs, ticks, fail_next;
  char days[8][11]; /* the today each run saw */
} counter;

static int count_run(void *arg) {
  counter *c = arg;
  if (c->runs < 8) {
    const char *t = getenv("BUREAU_TODAY");
    strncpy(c->days[c->runs], t ? t : "", 10);
  }
  c->runs++;
  if (c->fail_next) { c->fail_next--; return -1; }
  return 0;
}

static void count_tick(void *arg) { ((counter *)arg)->ticks++; }

static void test_runs_when_the_date_changes(void **st) {
  (void)st;
  setenv("T_DAILY_A", "3600", 1);
  setenv("BUREAU_TODAY", "2026-03-01", 1);
  counter c = {0};
  daily_spec s = {.name = "test.date", .env = "T_DAILY_A", .every_def = 600, .every_max = 3600, .run = count_run, .arg = &c};
  daily *d = daily_add(&s);
  assert_non_null(d);
  daily_start(d);
  daily_kick_wait(d); /* the start's pass ran the job; this pass sees the same day */
  assert_int_equal(c.runs, 1);
  daily_kick_wait(d);
  assert_int_equal(c.runs, 1);
  setenv("BUREAU_TODAY", "2026-03-02", 1); /* the thread is waiting: kick_wait returned after its pass */
  daily_kick_wait(d);
  assert_int_equal(c.runs, 2);
  assert_string_equal(c.days[0], "2026-03-01");
  assert_string_equal(c.days[1], "2026-03-02");
  daily_kick_wait(d);
  assert_int_equal(c.runs, 2);
  daily_stop(d);
  daily_kick_wait(d); /* a stopped job: returns at once, runs nothing */
  daily_kick(d);
  assert_int_equal(c.runs, 2);
}

static void test_failed_day_is_retried(void **st) {
  (void)st;
  setenv("BUREAU_TODAY", "2026-03-05", 1);
  counter c = {.fail_next = 1};
  daily_spec s = {.name = "test.retry", .env = "T_DAILY_A", .every_def = 600, .every_max = 3600, .run = count_run, .arg = &c};
  daily *d = daily_add(&s);
  daily_start(d);
  /* The start's pass fails; the next wake (this kick's pass, or the next one's when the two passes were one) tries
   * the day again and succeeds; after that the day is done. */
  daily_kick_wait(d);
  daily_kick_wait(d);
  assert_int_equal(c.runs, 2);
  daily_kick_wait(d);
  assert_int_equal(c.runs, 2);
  daily_stop(d);
  /* Started again (a second serve in one process): the first pass runs the day again. */
  daily_start(d);
  daily_kick_wait(d);
  assert_int_equal(c.runs, 3);
  daily_stop(d);
}

static void test_periodic_runs_once_per_interval_and_ticks(void **st) {
  (void)st;
  unsetenv("T_DAILY_P"); /* the default, an hour */
  counter c = {0};
  daily_spec s = {.name = "test.periodic", .env = "T_DAILY_P", .every_def = 3600, .every_max = 86400, .periodic = 1,
                  .run = count_run, .tick = count_tick, .tick_max_s = 3600, .arg = &c};
  daily *d = daily_add(&s);
  daily_start(d);
  daily_kick_wait(d); /* the start's pass (maybe one with this kick's) ran the job and ticked */
  int t0 = c.ticks;
  assert_true(t0 >= 1);
  daily_kick_wait(d);
  setenv("BUREAU_TODAY", "2026-03-09", 1); /* a new day does not matter to a periodic job */
  daily_kick_wait(d);
  daily_stop(d);
  assert_int_equal(c.runs, 1);
  assert_int_equal(c.ticks, t0 + 2); /* one tick per kick, no run */
}

static void test_same_name_registers_once(void **st) {
  (void)st;
  counter c = {0};
  daily_spec s = {.name = "test.once", .env = NULL, .every_def = 3600, .every_max = 3600, .run = count_run, .arg = &c};
  daily *a = daily_add(&s), *b = daily_add(&s);
  assert_ptr_equal(a, b);
  daily_stop(a); /* never started: a no-op */
  daily_stop(NULL);
  daily_kick(NULL);
  daily_kick_wait(NULL);
  assert_int_equal(c.runs, 0);
}

static void test_interval_clamped(void **st) {
  (void)st;
  unsetenv("T_DAILY_I");
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 600);
  setenv("T_DAILY_I", "", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 600);
  setenv("T_DAILY_I", "1", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 1);
  setenv("T_DAILY_I", "0", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 1);
  setenv("T_DAILY_I", "-5", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 1);
  setenv("T_DAILY_I", "99999", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 3600);
  setenv("T_DAILY_I", "12abc", 1);
  assert_int_equal(daily_interval_s("T_DAILY_I", 600, 3600), 600);
  assert_int_equal(daily_interval_s(NULL, 600, 3600), 600);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_runs_when_the_date_changes),
      cmocka_unit_test(test_failed_day_is_retried),
      cmocka_unit_test(test_periodic_runs_once_per_interval_and_ticks),
      cmocka_unit_test(test_same_name_registers_once),
      cmocka_unit_test(test_interval_clamped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
