/* test_tasks.c — unit tests of the tasks module's pure logic: state machine, dates, lights, money, statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tasks/tasks.h"

/* Every (status, action) pair: the expected next status, -1 refused. */
static void test_transitions_table(void **st) {
  (void)st;
  static const int want[TS__COUNT][TA__COUNT] = {
    /*            assign       accept    report    submit     return    close      urge         review     reopen */
    [TS_DRAFT]    = {TS_ASSIGNED, -1,       -1,       -1,        -1,       -1,        -1,          -1,        -1},
    [TS_ASSIGNED] = {-1,          TS_DOING, -1,       -1,        -1,       -1,        TS_ASSIGNED, -1,        -1},
    [TS_DOING]    = {-1,          -1,       TS_DOING, TS_REVIEW, -1,       -1,        TS_DOING,    -1,        -1},
    [TS_REVIEW]   = {-1,          -1,       -1,       -1,        TS_DOING, TS_CLOSED, -1,          -1,        -1},
    [TS_CLOSED]   = {-1,          -1,       -1,       -1,        -1,       -1,        -1,          TS_CLOSED, TS_DOING},
  };
  for (int s = 0; s < TS__COUNT; s++)
    for (int a = 0; a < TA__COUNT; a++) {
      if (tasks_next((tasks_status)s, (tasks_action)a) != want[s][a]) fail_msg("status %s action %s", tasks_status_name((tasks_status)s), tasks_action_code((tasks_action)a));
    }
  assert_int_equal(tasks_next((tasks_status)TS_DRAFT, (tasks_action)99), -1);
}

static void test_whole_life(void **st) {
  (void)st;
  int s = TS_DRAFT;
  const tasks_action path[] = {TA_ASSIGN, TA_URGE, TA_ACCEPT, TA_REPORT, TA_SUBMIT, TA_RETURN, TA_REPORT, TA_SUBMIT, TA_CLOSE, TA_REVIEW, TA_REOPEN, TA_SUBMIT, TA_CLOSE};
  for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
    s = tasks_next((tasks_status)s, path[i]);
    assert_true(s >= 0);
  }
  assert_int_equal(s, TS_CLOSED);
}

static void test_allowed_by_role(void **st) {
  (void)st;
  assert_int_equal(tasks_allowed(TS_DRAFT, 1, 0), 1u << TA_ASSIGN);
  assert_int_equal(tasks_allowed(TS_DRAFT, 0, 1), 0u);
  assert_int_equal(tasks_allowed(TS_ASSIGNED, 0, 1), 1u << TA_ACCEPT);
  assert_int_equal(tasks_allowed(TS_ASSIGNED, 1, 0), 1u << TA_URGE);
  assert_int_equal(tasks_allowed(TS_DOING, 0, 1), (1u << TA_REPORT) | (1u << TA_SUBMIT));
  assert_int_equal(tasks_allowed(TS_REVIEW, 1, 1), (1u << TA_RETURN) | (1u << TA_CLOSE));
  assert_int_equal(tasks_allowed(TS_CLOSED, 1, 0), (1u << TA_REVIEW) | (1u << TA_REOPEN));
  assert_int_equal(tasks_allowed(TS_CLOSED, 0, 1), 0u);
  for (int a = 0; a < TA__COUNT; a++) assert_int_equal(tasks_action_parse(tasks_action_code((tasks_action)a)), a);
  for (int s = 0; s < TS__COUNT; s++) assert_int_equal(tasks_status_parse(tasks_status_name((tasks_status)s)), s);
  assert_int_equal(tasks_status_parse("完成"), -1);
  assert_int_equal(tasks_action_parse("delete"), -1);
}

static void test_dates(void **st) {
  (void)st;
  assert_int_equal(tasks_date_days("1970-01-01"), 0);
  assert_int_equal(tasks_date_days("2023-03-01") - tasks_date_days("2023-02-28"), 1);
  assert_int_equal(tasks_date_days("2024-03-01") - tasks_date_days("2024-02-28"), 2);
  assert_int_equal(tasks_date_days("2023-02-29"), INT32_MIN);
  assert_int_equal(tasks_date_days("2023-13-01"), INT32_MIN);
  assert_int_equal(tasks_date_days("2023-1-01"), INT32_MIN);
  assert_int_equal(tasks_date_days(""), INT32_MIN);
  assert_int_equal(tasks_date_days(NULL), INT32_MIN);
  char b[11];
  for (int32_t d = tasks_date_days("1999-12-25"); d < tasks_date_days("2031-01-10"); d += 37) {
    tasks_date_str(d, b);
    assert_int_equal(tasks_date_days(b), d);
  }
  tasks_date_str(tasks_date_days("2000-02-29"), b);
  assert_string_equal(b, "2000-02-29");
  setenv("BUREAU_TODAY", "2023-06-15", 1);
  tasks_today(b);
  assert_string_equal(b, "2023-06-15");
  setenv("BUREAU_TODAY", "not a date", 1);
  tasks_today(b);
  assert_true(tasks_date_days(b) != INT32_MIN);
  unsetenv("BUREAU_TODAY");
  unsetenv("BUREAU_TASK_WARN_DAYS");
  assert_int_equal(tasks_warn_days(), 3);
  setenv("BUREAU_TASK_WARN_DAYS", "5", 1);
  assert_int_equal(tasks_warn_days(), 5);
  unsetenv("BUREAU_TASK_WARN_DAYS");
}

static void test_lights(void **st) {
  (void)st;
  const char *today = "2023-06-15";
  assert_int_equal(tasks_light_of(TS_DOING, "2023-07-01", today, 3), TL_GREEN);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-19", today, 3), TL_GREEN);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-18", today, 3), TL_YELLOW);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-15", today, 3), TL_YELLOW);
  assert_int_equal(tasks_light_of(TS_ASSIGNED, "2023-06-14", today, 3), TL_RED);
  assert_int_equal(tasks_light_of(TS_REVIEW, "2023-01-01", today, 3), TL_RED);
  assert_int_equal(tasks_light_of(TS_CLOSED, "2023-01-01", today, 3), TL_DONE);
  assert_int_equal(tasks_light_of(TS_DRAFT, "2023-01-01", today, 3), TL_NONE);
  assert_int_equal(tasks_light_of(TS_DOING, "", today, 3), TL_NONE);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-16", today, 0), TL_GREEN);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-15", today, 0), TL_YELLOW);
  /* The same task changes colour as "today" moves on. */
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-30", "2023-06-01", 3), TL_GREEN);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-30", "2023-06-28", 3), TL_YELLOW);
  assert_int_equal(tasks_light_of(TS_DOING, "2023-06-30", "2023-07-01", 3), TL_RED);
  for (int l = 0; l <= TL_DONE; l++) assert_int_equal(tasks_light_parse(tasks_light_code((tasks_light)l)), l);
  assert_int_equal(tasks_light_parse("blue"), -1);
}

static void test_money(void **st) {
  (void)st;
  char b[40];
  tasks_money_format(8960000, 0, b, sizeof b);
  assert_string_equal(b, "89,600.00");
  tasks_money_format(8960000, 1, b, sizeof b);
  assert_string_equal(b, "8.96");
  tasks_money_format(875700, 0, b, sizeof b);
  assert_string_equal(b, "8,757.00");
  tasks_money_format(875700, 1, b, sizeof b);
  assert_string_equal(b, "0.88");
  tasks_money_format(5, 0, b, sizeof b);
  assert_string_equal(b, "0.05");
  tasks_money_format(0, 1, b, sizeof b);
  assert_string_equal(b, "0.00");
  tasks_money_format(-123456789, 0, b, sizeof b);
  assert_string_equal(b, "-1,234,567.89");
  tasks_money_format(INT64_MIN, 0, b, sizeof b);
  assert_true(b[0] == '-');
  int64_t f;
  assert_int_equal(tasks_money_parse("8757", &f), 0); assert_int_equal(f, 875700);
  assert_int_equal(tasks_money_parse("8,757.5", &f), 0); assert_int_equal(f, 875750);
  assert_int_equal(tasks_money_parse(" 89600.00 ", &f), 0); assert_int_equal(f, 8960000);
  assert_int_equal(tasks_money_parse(".05", &f), 0); assert_int_equal(f, 5);
  assert_int_equal(tasks_money_parse("-3", &f), 0); assert_int_equal(f, -300);
  assert_int_equal(tasks_money_parse("0.1", &f), 0); assert_int_equal(f, 10);
  assert_int_equal(tasks_money_parse("1.234", &f), -1);
  assert_int_equal(tasks_money_parse("1.2.3", &f), -1);
  assert_int_equal(tasks_money_parse("", &f), -1);
  assert_int_equal(tasks_money_parse("abc", &f), -1);
  assert_int_equal(tasks_money_parse("12 3", &f), -1);
  assert_int_equal(tasks_money_parse(",5", &f), -1);
  assert_int_equal(tasks_money_parse("99999999999999", &f), -1);
  assert_int_equal(tasks_money_parse(NULL, &f), -1);
  /* Exactness: 0.1 + 0.2 in 分 is 0.30 exactly. */
  int64_t a, c;
  tasks_money_parse("0.1", &a);
  tasks_money_parse("0.2", &c);
  tasks_money_format(a + c, 0, b, sizeof b);
  assert_string_equal(b, "0.30");
}

static void test_rates(void **st) {
  (void)st;
  tasks_rate_stat s = {0};
  const char *today = "2023-06-15";
  tasks_rate_add(&s, TS_CLOSED, "2023-06-10", "2023-06-09", today); /* on time */
  tasks_rate_add(&s, TS_CLOSED, "2023-06-10", "2023-06-10", today); /* on time, the last day */
  tasks_rate_add(&s, TS_CLOSED, "2023-06-10", "2023-06-12", today); /* late */
  tasks_rate_add(&s, TS_DOING, "2023-06-14", "", today);            /* overdue */
  tasks_rate_add(&s, TS_DOING, "2023-06-20", "", today);
  tasks_rate_add(&s, TS_DRAFT, "2023-01-01", "", today);            /* no clock */
  assert_int_equal(s.total, 6);
  assert_int_equal(s.closed, 3);
  assert_int_equal(s.on_time, 2);
  assert_int_equal(s.overdue, 2);
  assert_int_equal(tasks_permille(3, 6), 500);
  assert_int_equal(tasks_permille(2, 3), 667);
  assert_int_equal(tasks_permille(1, 3), 333);
  assert_int_equal(tasks_permille(1, 0), 0);
  assert_int_equal(tasks_permille(7, 7), 1000);
}

static void test_checklist_stats(void **st) {
  (void)st;
  tasks_cl_stats s = {0};
  tasks_cl_stats_add(&s, "已销号", "2023-06-30", "2023-06-01", "2023-07-15", 100, 50, 20, 2);
  tasks_cl_stats_add(&s, "已销号", "2023-06-30", "2023-07-01", "2023-07-15", 0, 0, 0, 1);
  tasks_cl_stats_add(&s, "待审核", "2023-06-30", "", "2023-07-15", 1, 2, 3, 0);
  tasks_cl_stats_add(&s, "进行中", "2023-08-30", "", "2023-07-15", 0, 0, 0, 0);
  assert_int_equal(s.items, 4);
  assert_int_equal(s.closed, 2);
  assert_int_equal(s.on_time, 1);
  assert_int_equal(s.pending, 1);
  assert_int_equal(s.overdue, 1);
  assert_int_equal(s.amount_fen, 101);
  assert_int_equal(s.recovered_fen, 52);
  assert_int_equal(s.refunded_fen, 23);
  assert_int_equal(s.people, 3);
  for (int k = 0; k <= CL_GENERIC; k++) assert_int_equal(tasks_cl_kind_parse(tasks_cl_kind_name((tasks_cl_kind)k)), k);
  assert_int_equal(tasks_cl_kind_parse("其他"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_transitions_table), cmocka_unit_test(test_whole_life), cmocka_unit_test(test_allowed_by_role),
    cmocka_unit_test(test_dates), cmocka_unit_test(test_lights), cmocka_unit_test(test_money),
    cmocka_unit_test(test_rates), cmocka_unit_test(test_checklist_stats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
