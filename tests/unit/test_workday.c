/* test_workday.c — working-day arithmetic on a hand-made calendar: the 2026 Spring Festival week with its make-up
 * Saturdays, and the National Day week. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "base/workday.h"

static wd_override days[32];
static wd_cal cal;

static int setup(void **st) {
  size_t n = 0;
  /* 春节 2026: 2月15日–23日 放假, 2月14日(六)、2月28日(六) 上班. */
  for (int d = wd_parse("2026-02-15"); d <= wd_parse("2026-02-23"); d++) days[n++] = (wd_override){d, WD_HOLIDAY};
  days[n++] = (wd_override){wd_parse("2026-02-28"), WD_MAKEUP};
  days[n++] = (wd_override){wd_parse("2026-02-14"), WD_MAKEUP};
  /* 国庆 2026: 10月1日–7日, 10月10日(六) 上班. Given twice: the later entry wins. */
  for (int d = wd_parse("2026-10-01"); d <= wd_parse("2026-10-07"); d++) days[n++] = (wd_override){d, WD_HOLIDAY};
  days[n++] = (wd_override){wd_parse("2026-10-10"), WD_RESTDAY};
  days[n++] = (wd_override){wd_parse("2026-10-10"), WD_MAKEUP};
  cal.days = days;
  cal.n = n;
  wd_cal_sort(&cal);
  return 0;
}

static void test_dates(void **st) {
  char out[11];
  assert_int_equal(wd_parse("1970-01-01"), 0);
  assert_int_equal(wd_weekday(0), 4); /* Thursday */
  assert_int_equal(wd_weekday(wd_parse("2026-11-25")), 3);
  assert_int_equal(wd_weekday(wd_parse("2026-02-14")), 6);
  wd_format(wd_parse("2024-02-29"), out);
  assert_string_equal(out, "2024-02-29");
  wd_format(wd_parse("2026-12-31") + 1, out);
  assert_string_equal(out, "2027-01-01");
  assert_int_equal(wd_parse("2026-02-29"), -1);
  assert_int_equal(wd_parse("2026-13-01"), -1);
  assert_int_equal(wd_parse("2026-1-01"), -1);
  assert_int_equal(wd_parse("20260101xx"), -1);
  assert_int_equal(wd_parse(NULL), -1);
  assert_int_equal(wd_kind_parse("调休上班"), WD_MAKEUP);
  assert_int_equal(wd_kind_parse("法定节假日"), WD_HOLIDAY);
  assert_int_equal(wd_kind_parse("weekend?"), -1);
  assert_string_equal(wd_kind_name(WD_RESTDAY), "休息日");
}

static void test_is_working(void **st) {
  assert_int_equal(cal.n, 19); /* the duplicate 10-10 folded */
  assert_true(wd_is_working(&cal, wd_parse("2026-02-13")));  /* Friday */
  assert_true(wd_is_working(&cal, wd_parse("2026-02-14")));  /* make-up Saturday */
  assert_false(wd_is_working(&cal, wd_parse("2026-02-16"))); /* holiday Monday */
  assert_false(wd_is_working(&cal, wd_parse("2026-02-21"))); /* holiday Saturday */
  assert_true(wd_is_working(&cal, wd_parse("2026-02-24")));
  assert_false(wd_is_working(&cal, wd_parse("2026-03-01"))); /* ordinary Sunday */
  assert_true(wd_is_working(&cal, wd_parse("2026-10-10")));  /* the later entry (make-up) wins */
  assert_true(wd_is_working(NULL, wd_parse("2026-02-16")));  /* no calendar: plain Monday */
}

static void test_add(void **st) {
  char out[11];
  /* Friday 2026-02-13 + 1 working day = Saturday 02-14 (make-up), + 2 = 02-24 (after the holiday). */
  wd_format(wd_add(&cal, wd_parse("2026-02-13"), 1), out);
  assert_string_equal(out, "2026-02-14");
  wd_format(wd_add(&cal, wd_parse("2026-02-13"), 2), out);
  assert_string_equal(out, "2026-02-24");
  /* From inside the holiday, 0 days is the first working day after it. */
  wd_format(wd_add(&cal, wd_parse("2026-02-18"), 0), out);
  assert_string_equal(out, "2026-02-24");
  /* 5 working days from Monday 2026-02-23 (holiday): start at 02-24, then 25, 26, 27, 28 (make-up Saturday), 03-02 (Monday). */
  wd_format(wd_add(&cal, wd_parse("2026-02-23"), 5), out);
  assert_string_equal(out, "2026-03-02");
  wd_format(wd_add(&cal, wd_parse("2026-09-30"), 1), out);
  assert_string_equal(out, "2026-10-08");
}

static void test_between(void **st) {
  /* Working days after 02-12 up to and including 02-24: 13, 14(make-up), 24 → 3. */
  assert_int_equal(wd_between(&cal, wd_parse("2026-02-12"), wd_parse("2026-02-24")), 3);
  assert_int_equal(wd_between(&cal, wd_parse("2026-02-24"), wd_parse("2026-02-12")), -3);
  assert_int_equal(wd_between(&cal, wd_parse("2026-02-16"), wd_parse("2026-02-16")), 0);
  /* An ordinary week: Monday to next Monday is 5. */
  assert_int_equal(wd_between(&cal, wd_parse("2026-11-23"), wd_parse("2026-11-30")), 5);
  /* Without a calendar the holiday week counts as work. */
  assert_int_equal(wd_between(NULL, wd_parse("2026-02-12"), wd_parse("2026-02-24")), 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_dates), cmocka_unit_test(test_is_working), cmocka_unit_test(test_add),
                                     cmocka_unit_test(test_between)};
  return cmocka_run_group_tests(tests, setup, NULL);
}
