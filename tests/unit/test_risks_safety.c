/* test_risks_safety.c — pure rules of 安全生产 and 保密: the check templates, the parser of a check's answered form,
 * hazard deadlines in working days across the National Day holiday and its make-up Saturday, hazard lights, and
 * overdue returns of classified documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "risks/internal.h"

static int D(const char *s) { return wd_parse(s); }

static void test_templates(void **st) {
  (void)st;
  size_t n = 0, total = 0;
  for (size_t p = 0; risks_check_places[p]; p++) {
    const risks_check_item *t = risks_check_template(risks_check_places[p], &n);
    assert_non_null(t);
    assert_true(n >= 6);
    total += n;
    for (size_t i = 0; i < n; i++) {
      assert_true(t[i].photo >= 0 && t[i].photo <= 2);
      for (size_t k = 0; k < i; k++) assert_string_not_equal(t[i].code, t[k].code);
    }
  }
  assert_int_equal(total, 10 + 7 + 8 + 6);
  assert_null(risks_check_template("食堂", &n));
  assert_int_equal(n, 0);
}

/* The template edit: kept rows keep their codes (each once), new rows get the place's next numbers, the order is the
 * list's; a bad row is named (第N行, items[N-1].key); the same list again publishes nothing. */
static int edit(const char *body, int used, risks_template_edit *e, char *why, char *field) {
  size_t nt = 0;
  const risks_check_item *t = risks_check_template("营业网点", &nt);
  json_t *j = json_loads(body, 0, NULL);
  assert_non_null(j);
  why[0] = field[0] = 0;
  int rc = risks_template_parse("营业网点", j, t, nt, used, e, why, 300, field, 40);
  json_decref(j); /* element and text pointed into it: the tests read codes and photos only */
  return rc;
}

static void test_template_edit(void **st) {
  (void)st;
  static risks_template_edit e;
  char why[300], field[40];
  assert_int_equal(edit("[{\"code\":\"YY06\",\"element\":\"安全防范\",\"text\":\"门窗完好\",\"photo\":\"always\"},"
                        "{\"text\":\"充电桩周边无可燃物\",\"photo\":\"on_fail\"},{\"code\":\"YY01\",\"text\":\"灭火器\",\"photo\":\"never\"},"
                        "{\"text\":\"充电桩漏电保护\",\"photo\":\"none\",\"element\":null,\"code\":null}]", 6, &e, why, field), 0);
  assert_int_equal(e.n, 4);
  assert_string_equal(e.items[0].code, "YY06");
  assert_string_equal(e.items[1].code, "YY07");
  assert_string_equal(e.items[2].code, "YY01");
  assert_string_equal(e.items[3].code, "YY08");
  assert_int_equal(e.items[0].photo, 2);
  assert_int_equal(e.items[1].photo, 1);
  assert_int_equal(e.items[2].photo, 0);
  assert_int_equal(e.items[3].photo, 0);
  /* a number once used is not given again */
  assert_int_equal(edit("[{\"text\":\"新项\",\"photo\":\"never\"}]", 12, &e, why, field), 0);
  assert_string_equal(e.items[0].code, "YY13");
  /* 200 characters (600 bytes of UTF-8) pass, 201 do not */
  char body[1200];
  char text[700] = "";
  for (int i = 0; i < 200; i++) strcat(text, "充");
  snprintf(body, sizeof body, "[{\"text\":\"%s\",\"photo\":\"never\"}]", text);
  assert_int_equal(edit(body, 6, &e, why, field), 0);
  snprintf(body, sizeof body, "[{\"text\":\"充%s\",\"photo\":\"never\"}]", text);
  assert_int_equal(edit(body, 6, &e, why, field), -1);
  assert_string_equal(field, "items[0].text");
  static const struct { const char *body, *field, *why; } bad[] = {
    {"[]", "items", "检查项应为1至60行的列表（收到 0 行）"},
    {"{}", "items", "检查项应为1至60行的列表（收到 0 行）"},
    {"[{\"text\":\"a\",\"photo\":\"never\"},{\"text\":\"\",\"photo\":\"never\"}]", "items[1].text", "第2行：检查内容必填，应为不超过200字的文字"},
    {"[{\"text\":\"a\\nb\",\"photo\":\"never\"}]", "items[0].text", "第1行：检查内容必填，应为不超过200字的文字"},
    {"[{\"text\":7,\"photo\":\"never\"}]", "items[0].text", "第1行：检查内容必填，应为不超过200字的文字"},
    {"[{\"text\":\"a\",\"photo\":\"sometimes\"}]", "items[0].photo", "第1行：拍照要求应为 always（每次拍照）、on_fail（不合格时拍照）、never（不需拍照）之一"},
    {"[{\"text\":\"a\",\"photo\":\"never\"},{\"text\":\"a\",\"photo\":\"always\"}]", "items[1].text", "第2行：检查内容与第1行重复"},
    {"[{\"code\":\"CK01\",\"text\":\"a\",\"photo\":\"never\"}]", "items[0].code", "第1行：检查项编号CK01不属于现行检查表（新增的行不填编号）"},
    {"[{\"code\":\"YY01\",\"text\":\"a\",\"photo\":\"never\"},{\"code\":\"YY01\",\"text\":\"b\",\"photo\":\"never\"}]", "items[1].code",
     "第2行：检查项编号 YY01 与前面的行重复"},
    {"[{\"text\":\"a\",\"photo\":\"never\",\"order\":1}]", "items[0]", "第1行：有未知字段 order"},
    {"[1]", "items[0]", "第1行：应为对象"},
    {"[{\"text\":\"a\",\"photo\":\"never\",\"element\":5}]", "items[0].element", "第1行：检查要素应为不超过30字的文字"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(edit(bad[i].body, 6, &e, why, field), -1);
    assert_string_equal(field, bad[i].field);
    assert_string_equal(why, bad[i].why);
    assert_int_equal(e.n, 0);
  }
  /* 61 rows are too many */
  json_t *many = json_array();
  for (int i = 0; i < 61; i++) json_array_append_new(many, json_pack("{s:s,s:s}", "text", "x", "photo", "never"));
  char *m = json_dumps(many, 0);
  assert_int_equal(edit(m, 6, &e, why, field), -1);
  assert_string_equal(field, "items");
  free(m), json_decref(many);
  /* the built-in list itself: nothing to publish */
  size_t nt = 0;
  const risks_check_item *t = risks_check_template("营业网点", &nt);
  json_t *same = json_array();
  for (size_t i = 0; i < nt; i++)
    json_array_append_new(same, json_pack("{s:s,s:s,s:s,s:s}", "code", t[i].code, "element", t[i].element, "text", t[i].text, "photo",
                                          risks_template_photo_code(t[i].photo)));
  char *sb = json_dumps(same, 0);
  assert_int_equal(edit(sb, 6, &e, why, field), -1);
  assert_string_equal(why, "检查项与现行检查表相同，无需发布新版本");
  free(sb), json_decref(same);
  json_t *none = json_array();
  assert_int_equal(risks_template_parse("食堂", none, t, nt, 0, &e, why, 300, field, 40), -1);
  json_decref(none);
  assert_string_equal(field, "place");
  assert_string_equal(risks_template_prefix("办公楼"), "BG");
  assert_null(risks_template_prefix(NULL));
  assert_int_equal(risks_template_photo_parse("never"), 0);
  assert_int_equal(risks_template_photo_parse(NULL), -1);
}

/* Every item of the 车辆 form passed, except those set in `fails`; returns the array. */
static json_t *form(const char *place, int fail_index, const char *note) {
  size_t n = 0;
  const risks_check_item *t = risks_check_template(place, &n);
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_pack("{s:s,s:s}", "code", t[i].code, "result", (int)i == fail_index ? "不合格" : "合格");
    if ((int)i == fail_index && note) json_object_set_new(o, "note", json_string(note));
    json_array_append_new(a, o);
  }
  return a;
}

static void test_parse(void **st) {
  (void)st;
  risks_check_result out[16];
  size_t n = 99;
  char why[300], field[32];
  json_t *a = form("车辆", 0, "左后轮胎磨损超限");
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), 0);
  assert_int_equal(n, 7);
  assert_int_equal(out[0].result, 1);
  assert_int_equal(out[0].limit_days, 10);
  assert_int_equal(out[0].major, 0);
  assert_string_equal(out[0].note, "左后轮胎磨损超限");
  assert_int_equal(out[1].result, 0);
  /* 重大隐患: 30 working days unless given. */
  json_object_set_new(json_array_get(a, 0), "severity", json_string("重大隐患"));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), 0);
  assert_int_equal(out[0].major, 1);
  assert_int_equal(out[0].limit_days, 30);
  json_object_set_new(json_array_get(a, 0), "limit_days", json_integer(5));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), 0);
  assert_int_equal(out[0].limit_days, 5);
  json_object_set_new(json_array_get(a, 0), "limit_days", json_integer(91));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_string_equal(field, "results");
  assert_non_null(strstr(why, "第1项（CL01）的整改时限"));
  json_decref(a);
  /* A failed item needs what was seen. */
  a = form("车辆", 2, "  ");
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "第3项（CL03）不合格，应说明发现的隐患"));
  json_decref(a);
  /* A passed item takes no severity. */
  a = form("车辆", -1, NULL);
  json_object_set_new(json_array_get(a, 4), "severity", json_string("一般隐患"));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "第5项（CL05）未判为不合格"));
  json_decref(a);
  /* Every item once: a missing one, a duplicate, an item of another place, an unknown key, a wrong result. */
  a = form("车辆", -1, NULL);
  json_array_remove(a, 6);
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "共 7 项"));
  json_array_append_new(a, json_pack("{s:s,s:s}", "code", "CL01", "result", "合格"));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "第7项与前面的检查项 CL01 重复"));
  json_array_set_new(a, 6, json_pack("{s:s,s:s}", "code", "CK01", "result", "合格"));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "不属于“车辆”检查表"));
  json_array_set_new(a, 6, json_pack("{s:s,s:s,s:i}", "code", "CL07", "result", "合格", "photo", 1));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "未知字段 photo"));
  json_array_set_new(a, 6, json_pack("{s:s,s:s}", "code", "CL07", "result", "良好"));
  assert_int_equal(risks_check_results_parse("车辆", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_non_null(strstr(why, "合格、不合格、不适用"));
  assert_int_equal(risks_check_results_parse("食堂", a, out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_string_equal(field, "place");
  assert_int_equal(risks_check_results_parse("车辆", json_object_get(json_array_get(a, 0), "code"), out, 16, &n, why, sizeof why, field, sizeof field), -1);
  assert_int_equal(n, 0);
  json_decref(a);
}

static void test_hazard_due(void **st) {
  (void)st;
  /* 国庆 2026: 10月1日–7日 放假, 10月10日(六) 调休上班. */
  wd_override days[8];
  size_t n = 0;
  for (int d = D("2026-10-01"); d <= D("2026-10-07"); d++) days[n++] = (wd_override){d, WD_HOLIDAY};
  days[n++] = (wd_override){D("2026-10-10"), WD_MAKEUP};
  wd_cal cal = {days, n};
  wd_cal_sort(&cal);
  /* Found Wednesday 30 September, 10 working days: 8, 9, 10 (make-up Saturday), 12–16, 19, 20 October. */
  assert_int_equal(risks_hazard_due(&cal, D("2026-09-30"), 10), D("2026-10-20"));
  /* Without the holiday it would be Wednesday 14 October. */
  assert_int_equal(risks_hazard_due(NULL, D("2026-09-30"), 10), D("2026-10-14"));
  /* Found on a holiday: counted from the first working day after it (8 October), so one working day is the 9th. */
  assert_int_equal(risks_hazard_due(&cal, D("2026-10-03"), 1), D("2026-10-09"));
  /* 30 working days for a 重大隐患 found Friday 25 September: 28, 29, 30 Sep, then 8, 9, 10, 12–16, 19–23, 26–30 Oct,
   * 2–6, 9–12 Nov → Thursday 12 November. */
  assert_int_equal(risks_hazard_due(&cal, D("2026-09-25"), 30), D("2026-11-12"));
  /* Lights. */
  assert_string_equal(risks_hazard_light(0, D("2026-10-20"), D("2026-10-21")), "red");
  assert_string_equal(risks_hazard_light(0, D("2026-10-20"), D("2026-10-20")), "yellow");
  assert_string_equal(risks_hazard_light(0, D("2026-10-20"), D("2026-10-19")), "green");
  assert_string_equal(risks_hazard_light(1, D("2026-10-20"), D("2026-12-01")), "done");
}

static void test_loans(void **st) {
  (void)st;
  int s = -1;
  /* Out, due today: not yet late; the day after: one day overdue. */
  assert_int_equal(risks_loan_late(D("2026-12-01"), -1, D("2026-12-01"), &s), 0);
  assert_int_equal(s, 0);
  assert_string_equal(risks_loan_state_name(s), "借出");
  assert_int_equal(risks_loan_late(D("2026-12-01"), -1, D("2026-12-02"), &s), 1);
  assert_int_equal(s, 1);
  assert_string_equal(risks_loan_state_name(s), "逾期未还");
  /* Across the year end: due 28 December, still out on 5 January → 8 days. */
  assert_int_equal(risks_loan_late(D("2026-12-28"), -1, D("2027-01-05"), &s), 8);
  /* Returned on the due day; returned three days late (stays recorded as late whatever today is). */
  assert_int_equal(risks_loan_late(D("2026-12-01"), D("2026-12-01"), D("2027-03-01"), &s), 0);
  assert_string_equal(risks_loan_state_name(s), "已归还");
  assert_int_equal(risks_loan_late(D("2026-12-01"), D("2026-12-04"), D("2027-03-01"), &s), 3);
  assert_string_equal(risks_loan_state_name(s), "逾期归还");
  assert_string_equal(risks_loan_state_name(7), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_templates), cmocka_unit_test(test_template_edit), cmocka_unit_test(test_parse), cmocka_unit_test(test_hazard_due), cmocka_unit_test(test_loans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
