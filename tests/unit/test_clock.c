/* test_clock.c — the bureau's clock (base/util): the zone wins over the process's TZ, the fixed-offset fallback when
 * tzdata is missing, BUREAU_NOW in both forms starting a clock that runs on, BUREAU_TODAY pinning the date alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/util.h"

static char err[256];

static void test_zone_beats_tz(void **st) {
  (void)st;
  setenv("TZ", "UTC", 1);
  setenv("BUREAU_NOW", "1773156600", 1); /* 2026-03-10 15:30:00 UTC */
  unsetenv("BUREAU_TODAY");
  assert_int_equal(util_clock_init(NULL, err, sizeof err), 0);
  assert_string_equal(util_tz_name(), "Asia/Shanghai");
  char now[20], today[11];
  util_now_text(now);
  assert_memory_equal(now, "2026-03-10 23:3", 15);
  util_today(today);
  assert_string_equal(today, "2026-03-10");
  assert_true(util_now() - 1773156600 >= 0 && util_now() - 1773156600 < 60);
  assert_true(util_now_ms() / 1000 - 1773156600 < 60);
  util_time_str(1773160200, now); /* an hour later: the next day in Beijing */
  assert_string_equal(now, "2026-03-11 00:30:00");
  util_date_str(1773160200, today);
  assert_string_equal(today, "2026-03-11");
}

static void test_text_now_and_today(void **st) {
  (void)st;
  setenv("BUREAU_NOW", "2026-02-12 08:05", 1);
  assert_int_equal(util_clock_init("Asia/Shanghai", err, sizeof err), 0);
  assert_true(util_now() - 1770854700 >= 0 && util_now() - 1770854700 < 60); /* 2026-02-12T00:05:00Z */
  setenv("BUREAU_TODAY", "2023-06-15", 1);
  char today[11];
  util_today(today);
  assert_string_equal(today, "2023-06-15");
  setenv("BUREAU_TODAY", "2023-02-29", 1); /* not a real date: the clock's day */
  util_today(today);
  assert_string_equal(today, "2026-02-12");
  unsetenv("BUREAU_TODAY");
  setenv("BUREAU_NOW", "2026-02-30 08:00", 1);
  assert_int_equal(util_clock_init(NULL, err, sizeof err), -1);
  assert_non_null(strstr(err, "BUREAU_NOW"));
  setenv("BUREAU_NOW", "soon", 1);
  assert_int_equal(util_clock_init(NULL, err, sizeof err), -1);
  unsetenv("BUREAU_NOW");
  assert_int_equal(util_clock_init(NULL, err, sizeof err), 0);
  assert_true(labs((long)(util_now() - time(NULL))) <= 1);
}

static void test_zones(void **st) {
  (void)st;
  setenv("BUREAU_NOW", "1773156600", 1);
  char now[20];
  assert_int_equal(util_clock_init("CST-8", err, sizeof err), 0);
  util_now_text(now);
  assert_memory_equal(now, "2026-03-10 23:3", 15);
  assert_int_equal(util_clock_init("Asia/Tokyo", err, sizeof err), 0);
  util_now_text(now);
  assert_memory_equal(now, "2026-03-11 00:3", 15);
  assert_int_equal(util_clock_init("Mars/Olympus", err, sizeof err), -1);
  assert_non_null(strstr(err, "Mars/Olympus"));
  assert_int_equal(util_clock_init("../../etc/passwd", err, sizeof err), -1);
  assert_int_equal(util_clock_init("X", err, sizeof err), -1);
  /* A host without tzdata: the bureau's zone falls back to its fixed offset. */
  char dir[] = "/tmp/bureau-notz-XXXXXX";
  assert_non_null(mkdtemp(dir));
  setenv("TZDIR", dir, 1);
  assert_int_equal(util_clock_init("Asia/Shanghai", err, sizeof err), 0);
  assert_string_equal(getenv("TZ"), "CST-8");
  assert_string_equal(util_tz_name(), "Asia/Shanghai");
  util_now_text(now);
  assert_memory_equal(now, "2026-03-10 23:3", 15);
  assert_int_equal(util_clock_init("Asia/Tokyo", err, sizeof err), -1); /* no file, no known offset */
  unsetenv("TZDIR");
  rmdir(dir);
  unsetenv("BUREAU_NOW");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_zone_beats_tz),
      cmocka_unit_test(test_text_now_and_today),
      cmocka_unit_test(test_zones),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
