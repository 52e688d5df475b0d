/* test_tasks.c — unit tests of the tasks module's pure logic: state machine, lights on calendar and working-day clocks
 * (a hand-made Spring Festival calendar), money, statistics, what an attachment is and a safe form of its name,
 * group-robot URLs and message bodies. */
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

static void test_today_and_warn(void **st) {
  (void)st;
  char b[11];
  setenv("BUREAU_TODAY", "2023-06-15", 1);
  tasks_today(b);
  assert_string_equal(b, "2023-06-15");
  setenv("BUREAU_TODAY", "2023-02-29", 1); /* not a real date: the clock is used */
  tasks_today(b);
  assert_true(wd_parse(b) >= 0 && strcmp(b, "2023-02-29") != 0);
  unsetenv("BUREAU_TODAY");
  unsetenv("BUREAU_TASK_WARN_DAYS");
  assert_int_equal(tasks_warn_days(), 3);
  setenv("BUREAU_TASK_WARN_DAYS", "5", 1);
  assert_int_equal(tasks_warn_days(), 5);
  setenv("BUREAU_TASK_WARN_DAYS", "999", 1);
  assert_int_equal(tasks_warn_days(), 60);
  unsetenv("BUREAU_TASK_WARN_DAYS");
}

static tasks_light light_cal(tasks_status s, const char *due, const char *today, int warn) {
  return tasks_deadline_of(s, wd_parse(due), wd_parse(today), warn, NULL).light;
}

static void test_lights(void **st) {
  (void)st;
  const char *today = "2023-06-15";
  assert_int_equal(light_cal(TS_DOING, "2023-07-01", today, 3), TL_GREEN);
  assert_int_equal(light_cal(TS_DOING, "2023-06-19", today, 3), TL_GREEN);
  assert_int_equal(light_cal(TS_DOING, "2023-06-18", today, 3), TL_YELLOW);
  assert_int_equal(light_cal(TS_DOING, "2023-06-15", today, 3), TL_YELLOW);
  assert_int_equal(light_cal(TS_ASSIGNED, "2023-06-14", today, 3), TL_RED);
  assert_int_equal(light_cal(TS_REVIEW, "2023-01-01", today, 3), TL_RED);
  assert_int_equal(light_cal(TS_CLOSED, "2023-01-01", today, 3), TL_DONE);
  assert_int_equal(light_cal(TS_DRAFT, "2023-01-01", today, 3), TL_NONE);
  assert_int_equal(light_cal(TS_DOING, "", today, 3), TL_NONE);
  assert_int_equal(light_cal(TS_DOING, "2023-06-16", today, 0), TL_GREEN);
  assert_int_equal(light_cal(TS_DOING, "2023-06-15", today, 0), TL_YELLOW);
  /* The same task changes colour as "today" moves on. */
  assert_int_equal(light_cal(TS_DOING, "2023-06-30", "2023-06-01", 3), TL_GREEN);
  assert_int_equal(light_cal(TS_DOING, "2023-06-30", "2023-06-28", 3), TL_YELLOW);
  assert_int_equal(light_cal(TS_DOING, "2023-06-30", "2023-07-01", 3), TL_RED);
  /* Calendar days: the reason in words. */
  tasks_deadline d = tasks_deadline_of(TS_DOING, wd_parse("2023-06-17"), wd_parse(today), 3, NULL);
  assert_string_equal(d.text, "还剩 2 天");
  assert_int_equal(d.days, 2);
  assert_false(d.workdays);
  d = tasks_deadline_of(TS_DOING, wd_parse("2023-06-12"), wd_parse(today), 3, NULL);
  assert_string_equal(d.text, "已逾期 3 天");
  d = tasks_deadline_of(TS_DOING, wd_parse(today), wd_parse(today), 3, NULL);
  assert_string_equal(d.text, "今日到期");
  d = tasks_deadline_of(TS_CLOSED, wd_parse(today), wd_parse(today), 3, NULL);
  assert_string_equal(d.text, "");
  assert_int_equal(d.days, -1);
  for (int l = 0; l <= TL_DONE; l++) assert_int_equal(tasks_light_parse(tasks_light_code((tasks_light)l)), l);
  assert_int_equal(tasks_light_parse("blue"), -1);
  assert_string_equal(tasks_light_text(TL_YELLOW), "临期");
}

/* A hand-made calendar: the 2026 Spring Festival (2月15日–23日 放假; 2月14日(六)、2月28日(六) 调休上班). */
static wd_override sf_days[16];
static wd_cal sf;
static void spring_festival(void) {
  size_t n = 0;
  for (int d = wd_parse("2026-02-15"); d <= wd_parse("2026-02-23"); d++) sf_days[n++] = (wd_override){d, WD_HOLIDAY};
  sf_days[n++] = (wd_override){wd_parse("2026-02-28"), WD_MAKEUP};
  sf_days[n++] = (wd_override){wd_parse("2026-02-14"), WD_MAKEUP};
  sf.days = sf_days;
  sf.n = n;
  wd_cal_sort(&sf);
}
static tasks_deadline dl(const char *due, const char *today, int warn, const wd_cal *cal) {
  return tasks_deadline_of(TS_DOING, wd_parse(due), wd_parse(today), warn, cal);
}

static void test_working_day_lights(void **st) {
  (void)st;
  spring_festival();
  /* Thursday before the holiday, due the first working day after it: 12 calendar days, but only 13th, the make-up
   * Saturday 14th and the 24th are working days — yellow on the working-day clock, green on the plain one. */
  tasks_deadline d = dl("2026-02-24", "2026-02-12", 3, &sf);
  assert_int_equal(d.light, TL_YELLOW);
  assert_int_equal(d.days, 3);
  assert_true(d.workdays);
  assert_string_equal(d.text, "还剩 3 个工作日");
  d = dl("2026-02-24", "2026-02-12", 3, NULL);
  assert_int_equal(d.light, TL_GREEN);
  assert_string_equal(d.text, "还剩 12 天");
  /* A deadline inside the holiday moves to the first working day after it. */
  d = dl("2026-02-18", "2026-02-12", 3, &sf);
  assert_int_equal(d.light, TL_YELLOW);
  assert_int_equal(d.days, 3);
  d = dl("2026-02-18", "2026-02-19", 3, &sf);
  assert_int_equal(d.light, TL_YELLOW);
  assert_string_equal(d.text, "还剩 1 个工作日");
  assert_int_equal(dl("2026-02-18", "2026-02-19", 3, NULL).light, TL_RED);
  d = dl("2026-02-24", "2026-02-24", 3, &sf);
  assert_string_equal(d.text, "今日到期");
  assert_int_equal(d.light, TL_YELLOW);
  /* Overdue: counted in working days lost since the deadline. */
  d = dl("2026-02-13", "2026-02-16", 3, &sf);
  assert_int_equal(d.light, TL_RED);
  assert_string_equal(d.text, "已逾期 1 个工作日"); /* the make-up Saturday */
  d = dl("2026-02-13", "2026-02-25", 3, &sf);
  assert_string_equal(d.text, "已逾期 3 个工作日");
  assert_string_equal(dl("2026-02-13", "2026-02-25", 3, NULL).text, "已逾期 12 天");
  d = dl("2026-02-14", "2026-02-15", 3, &sf);
  assert_int_equal(d.light, TL_RED);
  assert_int_equal(d.days, 0);
  assert_string_equal(d.text, "已逾期（今日休息）");
  /* Far enough: green, with the count. */
  d = dl("2026-03-02", "2026-02-12", 3, &sf);
  assert_int_equal(d.light, TL_GREEN);
  assert_string_equal(d.text, "还剩 8 个工作日");
  /* An ordinary weekend: due Monday, seen on Friday → 1 working day left. */
  assert_string_equal(dl("2026-03-09", "2026-03-06", 3, &sf).text, "还剩 1 个工作日");
  assert_string_equal(dl("2026-03-07", "2026-03-06", 0, &sf).text, "还剩 1 个工作日"); /* Saturday → Monday */
}

/* The SQL filter's bounds classify every due date exactly as tasks_deadline_of does, on both clocks. */
static void test_light_bounds(void **st) {
  (void)st;
  spring_festival();
  const wd_cal *cals[] = {NULL, &sf};
  for (int c = 0; c < 2; c++)
    for (int warn = 0; warn <= 5; warn++)
      for (int today = wd_parse("2026-01-25"); today <= wd_parse("2026-03-10"); today++) {
        int red, yellow;
        tasks_light_bounds(today, warn, cals[c], &red, &yellow);
        assert_true(red < today);
        assert_true(yellow >= red);
        for (int due = today - 40; due <= today + 60; due++) {
          tasks_light want = tasks_deadline_of(TS_DOING, due, today, warn, cals[c]).light;
          tasks_light got = due <= red ? TL_RED : due <= yellow ? TL_YELLOW : TL_GREEN;
          if (want != got) {
            char a[11], b[11];
            wd_format(today, a);
            wd_format(due, b);
            fail_msg("cal %d warn %d today %s due %s: %s vs %s", c, warn, a, b, tasks_light_code(want), tasks_light_code(got));
          }
        }
      }
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
  int today = wd_parse("2023-06-15");
  tasks_rate_add(&s, TS_CLOSED, wd_parse("2023-06-10"), wd_parse("2023-06-09"), today, NULL); /* on time */
  tasks_rate_add(&s, TS_CLOSED, wd_parse("2023-06-10"), wd_parse("2023-06-10"), today, NULL); /* on time, the last day */
  tasks_rate_add(&s, TS_CLOSED, wd_parse("2023-06-10"), wd_parse("2023-06-12"), today, NULL); /* late */
  tasks_rate_add(&s, TS_DOING, wd_parse("2023-06-14"), -1, today, NULL);                      /* overdue */
  tasks_rate_add(&s, TS_DOING, wd_parse("2023-06-20"), -1, today, NULL);
  tasks_rate_add(&s, TS_DRAFT, wd_parse("2023-01-01"), -1, today, NULL);                      /* no clock */
  assert_int_equal(s.total, 6);
  assert_int_equal(s.closed, 3);
  assert_int_equal(s.on_time, 2);
  assert_int_equal(s.overdue, 2);
  /* On the working-day clock a deadline on a holiday is met on the first working day after it. */
  spring_festival();
  tasks_rate_stat w = {0}, c = {0};
  tasks_rate_add(&w, TS_CLOSED, wd_parse("2026-02-20"), wd_parse("2026-02-24"), wd_parse("2026-03-01"), &sf);
  tasks_rate_add(&c, TS_CLOSED, wd_parse("2026-02-20"), wd_parse("2026-02-24"), wd_parse("2026-03-01"), NULL);
  assert_int_equal(w.on_time, 1);
  assert_int_equal(c.on_time, 0);
  assert_int_equal(c.overdue, 1);
  tasks_rate_add(&w, TS_DOING, wd_parse("2026-02-20"), -1, wd_parse("2026-02-23"), &sf); /* still in the holiday: not late */
  assert_int_equal(w.overdue, 0);
  tasks_rate_add(&w, TS_DOING, wd_parse("2026-02-20"), -1, wd_parse("2026-02-25"), &sf);
  assert_int_equal(w.overdue, 1);
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

static char *read_sample(const char *name, size_t *len) {
  static const char *dirs[] = {"tests/data/attachments/", "../tests/data/attachments/", "../../tests/data/attachments/", "/work/main/tests/data/attachments/"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    char p[512];
    snprintf(p, sizeof p, "%s%s", dirs[i], name);
    FILE *f = fopen(p, "rb");
    if (!f) continue;
    static char buf[65536];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
  }
  fail_msg("sample %s not found", name);
  return NULL;
}

static void test_file_sniff(void **st) {
  (void)st;
  static const struct { const char *file; tasks_file_type want; } cases[] = {
    {"整改报告.pdf", TF_PDF}, {"照片.jpg", TF_JPG}, {"现场照片.png", TF_PNG}, {"工作总结.docx", TF_DOCX}, {"台账.xlsx", TF_XLSX},
    {"说明.txt", TF_TXT}, {"说明-gbk.txt", TF_TXT}, {"other.zip", TF_NONE}, {"program.exe", TF_NONE}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n;
    const char *b = read_sample(cases[i].file, &n);
    if (tasks_file_sniff(b, n) != cases[i].want) fail_msg("%s: got %d", cases[i].file, tasks_file_sniff(b, n));
  }
  /* A renamed file keeps what it is: the name does not decide. */
  assert_int_equal(tasks_file_ext("报告.PDF"), TF_PDF);
  assert_int_equal(tasks_file_ext("a.jpeg"), TF_JPG);
  assert_int_equal(tasks_file_ext("a.exe"), TF_NONE);
  assert_int_equal(tasks_file_ext("noext"), TF_NONE);
  assert_int_equal(tasks_file_ext("dot."), TF_NONE);
  assert_int_equal(tasks_file_sniff("", 0), TF_NONE);
  assert_int_equal(tasks_file_sniff("%PDF", 4), TF_TXT);              /* too short for the magic: just text */
  assert_int_equal(tasks_file_sniff("PK\x03\x04garbage", 11), TF_NONE); /* a broken ZIP */
  assert_int_equal(tasks_file_sniff("a\0b", 3), TF_NONE);               /* NUL: binary */
  assert_int_equal(tasks_file_sniff("<html>\x1b[31m", 11), TF_NONE);    /* control characters */
  assert_int_equal(tasks_file_sniff("\xef\xbb\xbf\xe6\x95\xb4\xe6\x94\xb9", 9), TF_TXT);
  assert_int_equal(tasks_file_sniff("\xff\xfe", 2), TF_NONE);
  for (int t = 1; t < TF__COUNT; t++) {
    assert_int_equal(tasks_file_type_parse(tasks_file_type_code((tasks_file_type)t)), t);
    assert_true(strlen(tasks_file_mime((tasks_file_type)t)) > 5);
  }
  assert_int_equal(tasks_file_type_parse("exe"), -1);
}

static void test_file_name(void **st) {
  (void)st;
  char out[420];
  assert_int_equal(tasks_file_name("整改报告.pdf", out, sizeof out), strlen("整改报告.pdf"));
  assert_string_equal(out, "整改报告.pdf");
  tasks_file_name("../../etc/passwd", out, sizeof out);
  assert_string_equal(out, "passwd");
  tasks_file_name("C:\\Users\\张三\\照片.jpg", out, sizeof out);
  assert_string_equal(out, "照片.jpg");
  tasks_file_name("a\"b<c>|d:e*f?g\r\n.txt", out, sizeof out);
  assert_string_equal(out, "abcdefg.txt");
  tasks_file_name("..  .hidden.txt ", out, sizeof out);
  assert_string_equal(out, "hidden.txt");
  assert_int_equal(tasks_file_name("/", out, sizeof out), 0);
  assert_int_equal(tasks_file_name("\xff\xfe", out, sizeof out), 0);
  assert_int_equal(tasks_file_name(NULL, out, sizeof out), 0);
  char longname[1000];
  for (int i = 0; i < 300; i++) memcpy(longname + i * 3, "报", 3);
  longname[900] = 0;
  tasks_file_name(longname, out, sizeof out);
  assert_int_equal(strlen(out), 300); /* 100 characters of 3 bytes */
  char tiny[8];
  tasks_file_name("报告报告.pdf", tiny, sizeof tiny);
  assert_string_equal(tiny, "报告"); /* cut on a character boundary */
}

static void test_robot_url(void **st) {
  (void)st;
  tasks_url u;
  assert_int_equal(tasks_url_parse("http://127.0.0.1:8081/cgi-bin/webhook/send?key=abc-123", &u), 0);
  assert_string_equal(u.host, "127.0.0.1");
  assert_int_equal(u.port, 8081);
  assert_string_equal(u.path, "/cgi-bin/webhook/send?key=abc-123");
  assert_int_equal(tasks_url_parse("HTTP://robot.example.local", &u), 0);
  assert_int_equal(u.port, 80);
  assert_string_equal(u.path, "/");
  assert_int_equal(tasks_url_parse("http://relay?token=x", &u), 0);
  assert_string_equal(u.path, "/?token=x");
  static const char *const bad[] = {"https://oapi.dingtalk.com/robot/send?access_token=x", "http://", "http://:80/", "http://a b/", "http://a/b c",
                                    "http://user:pw@host/", "http://[::1]/", "http://host:0/", "http://host:65536/", "http://host:/", "http://host/#frag",
                                    "ftp://host/", "http://.host/", "http://host./", "http://host/\x01", "http://host/\xe4\xb8\xad", NULL};
  for (int i = 0; bad[i]; i++)
    if (tasks_url_parse(bad[i], &u) == 0) fail_msg("accepted %s", bad[i]);
  assert_int_equal(tasks_url_parse(NULL, &u), -1);
  char longurl[1100] = "http://h/";
  memset(longurl + 9, 'a', 1000);
  longurl[1009] = 0;
  assert_int_equal(tasks_url_parse(longurl, &u), -1);
  char *b = tasks_robot_body("【督查督办】新交办：\"夜查\"\n第二行");
  assert_string_equal(b, "{\"msgtype\":\"text\",\"text\":{\"content\":\"【督查督办】新交办：\\\"夜查\\\"\\n第二行\"}}");
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_transitions_table), cmocka_unit_test(test_whole_life), cmocka_unit_test(test_allowed_by_role),
    cmocka_unit_test(test_today_and_warn), cmocka_unit_test(test_lights), cmocka_unit_test(test_working_day_lights),
    cmocka_unit_test(test_light_bounds), cmocka_unit_test(test_money),
    cmocka_unit_test(test_rates), cmocka_unit_test(test_checklist_stats), cmocka_unit_test(test_file_sniff),
    cmocka_unit_test(test_file_name), cmocka_unit_test(test_robot_url),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
