/* test_report.c — the year's review's pure wording: figures as offices cite them (万元/元, %, 同比 growth and decline,
 * zero and missing bases, 百分点, ranks with ties), heading numbers, and fact lists — by hand-written tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "report/internal.h"

static void test_numbers_and_money(void **st) {
  (void)st;
  char b[64];
  struct { double v; int d; const char *want; } nums[] = {
      {52.25, 1, "52.3"}, {52.0, 1, "52.0"}, {-3.25, 1, "-3.3"}, {1234.5, 0, "1235"}, {0.004, 2, "0.00"}, {28, 0, "28"}, {2.675, 2, "2.68"},
  };
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
    report_fmt_num(nums[i].v, nums[i].d, b, sizeof b);
    assert_string_equal(b, nums[i].want);
  }
  struct { int64_t fen; int wan; const char *want; } money[] = {
      {8960000, 1, "8.96万元"}, /* the seed's 整改涉及金额 */
      {875700, 0, "8757元"},    /* 收回损失 */
      {863100, 0, "8631元"},    /* 清退费用 */
      {875750, 0, "8757.50元"}, {8955000, 1, "8.96万元"}, {8954999, 1, "8.95万元"}, {0, 1, "0.00万元"}, {-300, 0, "-3元"},
      {123456789012, 1, "123456.79万元"},
  };
  for (size_t i = 0; i < sizeof money / sizeof *money; i++) {
    report_fmt_money(money[i].fen, money[i].wan, b, sizeof b);
    assert_string_equal(b, money[i].want);
  }
}

static void test_citations(void **st) {
  (void)st;
  char b[96];
  report_cite_share(52.34, 1, 1, b, sizeof b);
  assert_string_equal(b, "完成年计划的52.3%");
  report_cite_share(52.34, 0, 1, b, sizeof b);
  assert_string_equal(b, "");
  struct { double cur, base; int has_base, ok; const char *want; } g[] = {
      {105.1, 100, 1, 1, "同比增长5.1%"},
      {96.8, 100, 1, 1, "同比下降3.2%"},
      {100.04, 100, 1, 1, "与上年持平"}, /* equal as shown */
      {100, 100, 1, 1, "与上年持平"},
      {12, 0, 1, 1, "上年同期为零"},     /* zero base: no per cent */
      {0, 0, 1, 1, "与上年持平"},
      {12, 0, 0, 1, ""},                 /* missing base: no comparison */
      {0, 10, 1, 0, ""},                 /* missing current */
      {-50, -100, 1, 1, "同比增长50.0%"},  /* a loss halved grows on |base| */
      {250, 100, 1, 1, "同比增长150.0%"},
  };
  for (size_t i = 0; i < sizeof g / sizeof *g; i++) {
    report_cite_growth(g[i].cur, g[i].base, g[i].has_base, g[i].ok, 1, NULL, b, sizeof b);
    assert_string_equal(b, g[i].want);
  }
  report_cite_growth(105.1, 100, 1, 1, 1, "较上年", b, sizeof b);
  assert_string_equal(b, "较上年增长5.1%");
  struct { double cur, base; int has_base; const char *want; } pp[] = {
      {93.5, 92.3, 1, "提高1.2个百分点"}, {91.5, 92.3, 1, "下降0.8个百分点"}, {92.31, 92.3, 1, "与上年持平"}, {92.3, 0, 0, ""},
      {5.0, 0.0, 1, "提高5.0个百分点"}, /* a rate from zero is still a change in points */
  };
  for (size_t i = 0; i < sizeof pp / sizeof *pp; i++) {
    report_cite_pp(pp[i].cur, pp[i].base, pp[i].has_base, 1, 1, b, sizeof b);
    assert_string_equal(b, pp[i].want);
  }
  report_cite_rank(2, 7, 0, NULL, b, sizeof b);
  assert_string_equal(b, "居全市第2位");
  report_cite_rank(2, 7, 1, NULL, b, sizeof b);
  assert_string_equal(b, "并列全市第2位");
  report_cite_rank(1, 12, 0, "全省系统", b, sizeof b);
  assert_string_equal(b, "居全省系统第1位");
  report_cite_rank(0, 7, 0, NULL, b, sizeof b);
  assert_string_equal(b, "");
}

static void test_figures(void **st) {
  (void)st;
  char b[96];
  report_facts fs = {0};
  report_fact *f = report_fact_add(&fs, "tasks.checklist.zhenggai", "整改清单", "整改{items}，涉及金额{amount}", "/tasks/checklists");
  assert_non_null(f);
  report_fig_count(f, "items", 21, "项");
  report_fig_money(f, "amount", 8960000, 1);
  report_fig_money(f, "recovered", 875700, 0);
  report_figure *g = report_fig_add(f, "growth", REPORT_GROWTH, 105.1, 1);
  g->base = 100, g->has_base = 1;
  report_figure *p = report_fig_add(f, "pp", REPORT_PP, 93.5, 1);
  p->base = 92.3, p->has_base = 1;
  report_figure *r = report_fig_add(f, "rank", REPORT_RANK, 2, 1);
  r->of = 7, r->tied = 1;
  report_figure *s = report_fig_add(f, "share", REPORT_PCT, 52.34, 1);
  report_figure *none = report_fig_add(f, "none", REPORT_COUNT, 0, 0);
  assert_null(report_fig_add(f, "ninth", REPORT_COUNT, 1, 1)); /* REPORT_MAX_FIGS */
  const char *want[] = {"21项", "8.96万元", "8757元", "增长5.1%", "提高1.2个百分点", "并列第2位", "52.3%", ""};
  for (size_t i = 0; i < f->nfig; i++) {
    report_fig_text(&f->figs[i], b, sizeof b);
    assert_string_equal(b, want[i]);
  }
  (void)s, (void)none;
  g->base = 0;
  report_fig_text(g, b, sizeof b);
  assert_string_equal(b, "上年为零");
  for (int i = 0; i < 40; i++) assert_non_null(report_fact_add(&fs, "k", "n", "p", NULL)); /* grows */
  assert_string_equal(report_facts_find(&fs, "tasks.checklist.zhenggai")->name, "整改清单");
  assert_null(report_facts_find(&fs, "nope"));
  assert_string_equal(fs.v[1].link, "");
  report_facts_free(&fs);
}

static void test_headings(void **st) {
  (void)st;
  char b[32];
  struct { int n; const char *want; } cn[] = {{1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {26, "二十六"}, {99, "九十九"}};
  for (size_t i = 0; i < sizeof cn / sizeof *cn; i++) {
    report_cn_num(cn[i].n, b, sizeof b);
    assert_string_equal(b, cn[i].want);
  }
  struct { int level, i; const char *want; } h[] = {{1, 1, "一、"}, {1, 2, "二、"}, {2, 6, "（六）"}, {2, 12, "（十二）"},
                                                    {3, 1, "一是"}, {3, 3, "三是"}, {4, 2, "2."}, {5, 3, "（3）"}};
  for (size_t i = 0; i < sizeof h / sizeof *h; i++) {
    report_heading(h[i].level, h[i].i, b, sizeof b);
    assert_string_equal(b, h[i].want);
  }
  const report_line *l;
  assert_int_equal(report_lines(&l), 6);
  assert_string_equal(l[0].code, "党建");
  assert_string_equal(l[5].code, "安全");
}

static int fake_fn(int year, int64_t unit_id, report_facts *out) {
  report_fact *f = report_fact_add(out, "test.one", "一", "有{n}", NULL);
  report_fig_count(f, "n", year, "条");
  report_fact_add(out, "test.undeclared", "x", "x", NULL); /* dropped: not declared */
  (void)unit_id;
  return 0;
}

static void test_registry(void **st) {
  (void)st;
  static const report_fact_def defs[] = {{"test.one", "一", "党建"}};
  static const report_provider p = {"test", defs, 1, fake_fn};
  static const report_fact_def dup[] = {{"test.one", "二", "管理"}};
  static const report_provider q = {"test2", dup, 1, fake_fn};
  assert_int_equal(report_register_facts(&p), 0);
  assert_int_equal(report_register_facts(&p), 0); /* same provider again: once */
  assert_int_equal(report_register_facts(&q), -1); /* a key another provider offers */
  assert_int_equal(report_register_facts(NULL), -1);
  const report_fact_def *d[4];
  assert_int_equal(report_fact_defs(d, 4), 1);
  assert_non_null(report_fact_def_find("test.one"));
  assert_null(report_fact_def_find("test.two"));
  report_facts fs = {0};
  assert_int_equal(report_facts_collect(2022, 0, &fs), 0);
  assert_int_equal(fs.n, 1);
  assert_int_equal((int)fs.v[0].figs[0].v, 2022);
  report_facts_free(&fs);
}

static const char *runs_text(const json_t *runs, char *b, size_t cap) {
  size_t i, n = 0;
  json_t *r;
  b[0] = 0;
  json_array_foreach(runs, i, r) n += (size_t)snprintf(b + n, cap - n, "%s", json_string_value(json_object_get(r, "t")));
  return b;
}

static void test_sentences_and_edits(void **st) {
  (void)st;
  char b[512];
  report_facts fs = {0};
  report_fact *f = report_fact_add(&fs, "test.one", "整改清单", "{年}年完成整改{n}，涉及金额{m}，处理处分{p}", "/l");
  report_fig_count(f, "n", 21, "项");
  report_fig_money(f, "m", 8960000, 1);
  report_fig_count(f, "p", 0, "人次")->ok = 0; /* no data: its clause drops, never "0人次" */
  json_t *s = report_sentence(f, 2022);
  assert_string_equal(runs_text(s, b, sizeof b), "2022年完成整改21项，涉及金额8.96万元");
  assert_int_equal(json_array_size(s), 4); /* text, figure, text, figure */
  assert_string_equal(json_string_value(json_object_get(json_array_get(s, 1), "f")), "test.one");
  json_decref(s);
  f->figs[0].ok = f->figs[1].ok = 0; /* no figure left: no sentence */
  assert_null(report_sentence(f, 2022));
  f->figs[0].ok = f->figs[1].ok = 1;
  /* a section from a template naming the fact, one naming nothing → "no data" */
  json_t *tpl = json_pack("{s:[{s:s,s:s,s:[s]},{s:s,s:s,s:[]}]}", "sections", "line", "党建", "title", "党建", "facts", "test.one", "line", "管理", "title", "管理", "facts");
  json_t *body = report_generate(2022, "县局", tpl, &fs);
  json_t *p0 = json_array_get(json_object_get(json_array_get(json_object_get(body, "sections"), 0), "paras"), 0);
  assert_string_equal(runs_text(p0, b, sizeof b), "一是2022年完成整改21项，涉及金额8.96万元。");
  assert_true(json_is_true(json_object_get(json_array_get(json_object_get(body, "sections"), 1), "nodata")));
  assert_string_equal(json_string_value(json_object_get(body, "title")), "县局2022年工作总结和2023年工作安排");
  /* an edit: the figure sent back unchanged keeps its mark (value from the draft), one changed loses it */
  json_t *edit = json_loads("{\"sections\":[{\"paras\":[[{\"t\":\"一是完成\"},{\"t\":\"21项\",\"f\":\"test.one\",\"g\":\"n\"},"
                            "{\"t\":\"约9万元\",\"f\":\"test.one\",\"g\":\"m\"}]]},{}]}", 0, NULL);
  char field[64], msg[256];
  json_t *nb = report_draft_edit(body, edit, field, sizeof field, msg, sizeof msg);
  assert_non_null(nb);
  json_t *np = json_array_get(json_object_get(json_array_get(json_object_get(nb, "sections"), 0), "paras"), 0);
  assert_int_equal(json_array_size(np), 3);
  assert_string_equal(json_string_value(json_object_get(json_array_get(np, 1), "g")), "n");
  assert_float_equal(json_real_value(json_object_get(json_array_get(np, 1), "v")), 21, 1e-9);
  assert_null(json_object_get(json_array_get(np, 2), "f"));
  report_diff_note(body, nb, b, sizeof b);
  assert_string_equal(b, "（一）党建");
  /* the source moved on: 已变化 with old and new */
  f->figs[0].v = 22;
  json_t *ch = report_changes(nb, &fs);
  assert_int_equal(json_array_size(ch), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "old")), "21项");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "new")), "22项");
  json_decref(ch);
  json_decref(nb);
  json_decref(edit);
  /* refused: wrong number of sections, a run without text */
  edit = json_loads("{\"sections\":[{}]}", 0, NULL);
  assert_null(report_draft_edit(body, edit, field, sizeof field, msg, sizeof msg));
  assert_string_equal(field, "sections");
  json_decref(edit);
  edit = json_loads("{\"sections\":[{\"paras\":[[{\"f\":\"x\"}]]},{}]}", 0, NULL);
  assert_null(report_draft_edit(body, edit, field, sizeof field, msg, sizeof msg));
  assert_string_equal(field, "sections[0]");
  json_decref(edit);
  json_decref(body);
  json_decref(tpl);
  report_facts_free(&fs);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_numbers_and_money), cmocka_unit_test(test_citations), cmocka_unit_test(test_figures),
                                     cmocka_unit_test(test_headings), cmocka_unit_test(test_registry), cmocka_unit_test(test_sentences_and_edits)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
