/* test_shops.c — unit tests of the shops module's pure logic: the template parser, scoring of every item kind with
 * hand-computed expectations, band edges, missing data, versions, and the monthly-data import reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "base/csv.h"
#include "shops/shops.h"

/* A: y yes/no (w1; 是100 否20), s single (w1; a0 b50 c100), m multi (w2; x60 y50 z10) — weight 60.
 * B: n number (w1; ≥0→0, ≥10→50, ≥20→100), r metric scan/order×100 over 3 months (w3; ≥0→0, ≥50→60, ≥90→100) — weight 40. */
static const char *TPL =
  "{\"name\":\"测试\",\"advice_below\":60,\"min_coverage\":0.6,"
  "\"levels\":[{\"name\":\"起步\",\"min\":0},{\"name\":\"成长\",\"min\":50},{\"name\":\"示范\",\"min\":80}],"
  "\"dimensions\":[{\"code\":\"a\",\"name\":\"甲\",\"weight\":60,\"items\":["
  "{\"code\":\"y\",\"name\":\"是否\",\"kind\":\"yesno\",\"weight\":1,\"yes\":100,\"no\":20,\"advice\":\"装上\"},"
  "{\"code\":\"s\",\"name\":\"单选\",\"kind\":\"single\",\"weight\":1,\"advice\":\"选好\",\"options\":[{\"value\":\"a\",\"label\":\"A\",\"score\":0},{\"value\":\"b\",\"label\":\"B\",\"score\":50},{\"value\":\"c\",\"label\":\"C\",\"score\":100}]},"
  "{\"code\":\"m\",\"name\":\"多选\",\"kind\":\"multi\",\"weight\":2,\"options\":[{\"value\":\"x\",\"label\":\"X\",\"score\":60},{\"value\":\"y\",\"label\":\"Y\",\"score\":50},{\"value\":\"z\",\"label\":\"Z\",\"score\":10}]}]},"
  "{\"code\":\"b\",\"name\":\"乙\",\"weight\":40,\"items\":["
  "{\"code\":\"n\",\"name\":\"数值\",\"kind\":\"number\",\"weight\":1,\"advice\":\"多练\",\"bands\":[{\"min\":0,\"score\":0},{\"min\":10,\"score\":50},{\"min\":20,\"score\":100}]},"
  "{\"code\":\"r\",\"name\":\"扫码率\",\"kind\":\"metric\",\"weight\":3,\"advice\":\"扫码\",\"metric\":{\"num\":\"scan_qty\",\"den\":\"order_qty\",\"months\":3,\"scale\":100},"
  "\"bands\":[{\"min\":0,\"score\":0},{\"min\":50,\"score\":60},{\"min\":90,\"score\":100}]}]}]}";

static shops_tpl *tpl(void) {
  char err[256];
  shops_tpl *t = shops_tpl_parse(TPL, strlen(TPL), err, sizeof err);
  if (!t) fail_msg("parse: %s", err);
  return t;
}

static double item_score(const shops_tpl *t, const shops_result *r, const char *code, int *scored) {
  size_t n = 0;
  for (size_t d = 0; d < t->ndims; d++)
    for (size_t i = 0; i < t->dims[d].nitems; i++, n++)
      if (!strcmp(t->dims[d].items[i].code, code)) { *scored = r->items[n].scored; return r->items[n].score; }
  fail_msg("no item %s", code);
  return 0;
}

static shops_datum D(const char *m, const char *metric, double v) { shops_datum x; snprintf(x.month, 8, "%s", m); x.metric = metric; x.value = v; return x; }

static void test_every_kind_full(void **st) {
  (void)st;
  shops_tpl *t = tpl();
  json_t *ans = json_loads("{\"y\":true,\"s\":\"b\",\"m\":[\"x\",\"y\"],\"n\":9.99}", 0, NULL);
  shops_datum v[] = {D("2026-01", "scan_qty", 45), D("2026-01", "order_qty", 50), D("2026-02", "scan_qty", 45), D("2026-02", "order_qty", 50),
                     D("2026-03", "scan_qty", 45), D("2026-03", "order_qty", 50), D("2025-12", "scan_qty", 0), D("2025-12", "order_qty", 50)};
  shops_data d = {v, 8};
  shops_result r;
  assert_int_equal(shops_score(t, ans, &d, "2026-03", &r), 0);
  int sc;
  assert_true(item_score(t, &r, "y", &sc) == 100 && sc);
  assert_true(item_score(t, &r, "s", &sc) == 50 && sc);
  assert_true(item_score(t, &r, "m", &sc) == 100 && sc); /* 60+50 capped at 100 */
  assert_true(item_score(t, &r, "n", &sc) == 0 && sc);   /* 9.99 under the 10 edge */
  assert_true(item_score(t, &r, "r", &sc) == 100 && sc); /* 135/150 = 90% exactly on the edge; 2025-12 outside the window */
  /* A = (100+50+2·100)/4 = 87.5; B = (0+3·100)/4 = 75; total = 0.6·87.5 + 0.4·75 = 82.5 → 示范 */
  assert_true(fabs(r.dims[0].score - 87.5) < 1e-9);
  assert_true(fabs(r.dims[1].score - 75) < 1e-9);
  assert_true(fabs(r.total - 82.5) < 1e-9);
  assert_string_equal(r.level, "示范");
  assert_int_equal(r.nmissing, 0);
  assert_true(fabs(r.coverage - 1) < 1e-9);
  /* low items carry advice: s (50 < 60) and n (0) */
  json_t *j = shops_result_json(t, &r);
  json_t *weak = json_object_get(j, "weakest");
  assert_int_equal(json_array_size(weak), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(weak, 0), "code")), "n");
  assert_string_equal(json_string_value(json_object_get(json_array_get(weak, 0), "advice")), "多练");
  assert_string_equal(json_string_value(json_object_get(json_array_get(weak, 1), "code")), "s");
  assert_true(json_is_true(json_object_get(j, "complete")));
  json_decref(j);
  shops_result_free(&r);
  json_decref(ans);
  shops_tpl_free(t);
}

static void test_band_edges(void **st) {
  (void)st;
  shops_tpl *t = tpl();
  const struct { double n; double want; } nb[] = {{0, 0}, {9.999, 0}, {10, 50}, {19.99, 50}, {20, 100}, {1e9, 100}};
  for (size_t i = 0; i < sizeof nb / sizeof nb[0]; i++) {
    json_t *a = json_pack("{s:f}", "n", nb[i].n);
    shops_result r;
    shops_score(t, a, NULL, "2026-03", &r);
    int sc;
    if (item_score(t, &r, "n", &sc) != nb[i].want || !sc) fail_msg("n=%g", nb[i].n);
    shops_result_free(&r);
    json_decref(a);
  }
  /* metric: 49.99% → 0, 50% → 60, 89.99% → 60 (value rounded to 2 places before banding) */
  const struct { double scan, order, want, value; } mb[] = {{4999, 10000, 0, 49.99}, {50, 100, 60, 50}, {8999, 10000, 60, 89.99}, {89999, 100000, 100, 90}};
  for (size_t i = 0; i < sizeof mb / sizeof mb[0]; i++) {
    shops_datum v[] = {D("2026-03", "scan_qty", mb[i].scan), D("2026-03", "order_qty", mb[i].order)};
    shops_data d = {v, 2};
    shops_result r;
    shops_score(t, NULL, &d, "2026-03", &r);
    int sc;
    if (item_score(t, &r, "r", &sc) != mb[i].want || !sc) fail_msg("metric case %zu", i);
    assert_true(fabs(r.items[4].value - mb[i].value) < 1e-9);
    assert_int_equal(r.items[4].months_used, 1);
    shops_result_free(&r);
  }
  shops_tpl_free(t);
}

static void test_missing_not_zero(void **st) {
  (void)st;
  shops_tpl *t = tpl();
  json_t *ans = json_loads("{\"y\":true,\"m\":[\"x\",\"y\",\"x\"],\"n\":10}", 0, NULL);
  shops_datum v[] = {D("2025-12", "scan_qty", 45), D("2025-12", "order_qty", 50)}; /* outside the window */
  shops_data d = {v, 2};
  shops_result r;
  shops_score(t, ans, &d, "2026-03", &r);
  /* A scored on y and m: (100 + 2·100)/3 = 100, coverage 3/4. B on n only: 50, coverage 1/4.
   * total = (60·0.75·100 + 40·0.25·50) / (60·0.75 + 40·0.25) = 5000/55 = 90.909… → 90.9; coverage 55% < 60% → no level. */
  assert_int_equal(r.nmissing, 2);
  assert_true(fabs(r.dims[0].score - 100) < 1e-9 && fabs(r.dims[0].coverage - 0.75) < 1e-9);
  assert_true(fabs(r.total - 90.9) < 1e-9);
  assert_true(fabs(r.coverage - 0.55) < 1e-9);
  assert_null(r.level);
  int sc;
  item_score(t, &r, "s", &sc);
  assert_false(sc);
  assert_string_equal(r.items[1].missing, "未作答");
  assert_string_equal(r.items[4].missing, "近期无经营数据");
  json_t *j = shops_result_json(t, &r);
  json_t *miss = json_object_get(j, "missing");
  assert_int_equal(json_array_size(miss), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(miss, 0), "code")), "s");
  assert_string_equal(json_string_value(json_object_get(json_array_get(miss, 1), "code")), "r");
  assert_true(json_is_null(json_object_get(j, "level")));
  assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "items"), 1), "score"))); /* null, not 0 */
  json_decref(j);
  shops_result_free(&r);
  json_decref(ans);
  /* a zero denominator is missing too, and wrong answers are not scored */
  shops_datum z[] = {D("2026-03", "scan_qty", 5), D("2026-03", "order_qty", 0)};
  shops_data dz = {z, 2};
  ans = json_loads("{\"y\":\"yes\",\"s\":\"q\",\"m\":[\"x\",\"w\"],\"n\":\"5\"}", 0, NULL);
  shops_score(t, ans, &dz, "2026-03", &r);
  assert_int_equal(r.nmissing, 5);
  assert_false(r.has_total);
  assert_string_equal(r.items[4].missing, "分母为0，无法计算");
  shops_result_free(&r);
  json_decref(ans);
  /* an empty multi answer is an answer: score 0 */
  ans = json_loads("{\"m\":[]}", 0, NULL);
  shops_score(t, ans, NULL, "2026-03", &r);
  assert_true(r.items[2].scored && r.items[2].score == 0);
  shops_result_free(&r);
  json_decref(ans);
  assert_int_equal(shops_score(t, NULL, NULL, "2026-13", &r), -1);
  shops_tpl_free(t);
}

static void test_metric_average_and_months(void **st) {
  (void)st;
  const char *j = "{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":["
                  "{\"code\":\"o\",\"name\":\"网上订货\",\"kind\":\"metric\",\"weight\":1,\"metric\":{\"num\":\"online_orders\",\"months\":3},"
                  "\"bands\":[{\"min\":0,\"score\":0},{\"min\":2,\"score\":70},{\"min\":4,\"score\":100}]}]}]}";
  char err[200];
  shops_tpl *t = shops_tpl_parse(j, strlen(j), err, sizeof err);
  assert_non_null(t);
  /* Jan 4, Feb missing, Mar 1 → average over the 2 months present = 2.5 → 70; window crosses the year (2025-11..2026-01) */
  shops_datum v[] = {D("2026-01", "online_orders", 4), D("2026-03", "online_orders", 1), D("2025-11", "online_orders", 6)};
  shops_data d = {v, 3};
  shops_result r;
  shops_score(t, NULL, &d, "2026-03", &r);
  assert_true(r.items[0].scored && fabs(r.items[0].value - 2.5) < 1e-9 && r.items[0].score == 70 && r.items[0].months_used == 2);
  shops_result_free(&r);
  shops_score(t, NULL, &d, "2026-01", &r);
  assert_true(fabs(r.items[0].value - 5) < 1e-9 && r.items[0].score == 100);
  assert_string_equal(r.level, "L");
  shops_result_free(&r);
  shops_tpl_free(t);
}

static void test_versions_and_canonical(void **st) {
  (void)st;
  shops_tpl *v1 = tpl();
  /* version 2 of the same template weighs B more: the same answers give another total, v1 unchanged */
  json_t *tj = shops_tpl_json(v1);
  json_object_set_new(json_array_get(json_object_get(tj, "dimensions"), 1), "weight", json_integer(60));
  char *s2 = json_dumps(tj, 0);
  char err[200];
  shops_tpl *v2 = shops_tpl_parse(s2, strlen(s2), err, sizeof err);
  assert_non_null(v2);
  json_t *ans = json_loads("{\"y\":true,\"s\":\"b\",\"m\":[\"x\",\"y\"],\"n\":9.99}", 0, NULL);
  shops_datum v[] = {D("2026-03", "scan_qty", 90), D("2026-03", "order_qty", 100)};
  shops_data d = {v, 2};
  shops_result r1, r2;
  shops_score(v1, ans, &d, "2026-03", &r1);
  shops_score(v2, ans, &d, "2026-03", &r2);
  assert_true(fabs(r1.total - 82.5) < 1e-9);
  assert_true(fabs(r2.total - 81.3) < 1e-9); /* (60·87.5 + 60·75)/120 = 81.25 → 81.3 */
  shops_result_free(&r1);
  shops_result_free(&r2);
  json_decref(ans);
  /* canonical JSON parses back to the same canonical JSON */
  json_t *c1 = shops_tpl_json(v1);
  char *a = json_dumps(c1, JSON_SORT_KEYS);
  shops_tpl *back = shops_tpl_parse(a, strlen(a), err, sizeof err);
  json_t *c2 = shops_tpl_json(back);
  char *b = json_dumps(c2, JSON_SORT_KEYS);
  assert_string_equal(a, b);
  free(a); free(b); free(s2);
  json_decref(c1); json_decref(c2); json_decref(tj);
  shops_tpl_free(back); shops_tpl_free(v1); shops_tpl_free(v2);
}

static void test_parse_errors(void **st) {
  (void)st;
  const struct { const char *json, *want; } cases[] = {
    {"[]", "模板应为对象"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":5}],\"dimensions\":[]}", "最低等级的分数下限应为 0"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"number\",\"weight\":1,\"bands\":[{\"min\":5,\"score\":1},{\"min\":5,\"score\":2}]}]}]}", "分档下限须从小到大"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"yesno\",\"weight\":1},{\"code\":\"x\",\"name\":\"Y\",\"kind\":\"yesno\",\"weight\":1}]}]}", "条目编码「x」重复"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":0,\"items\":[]}]}", "权重应在"},
    {"{\"name\":\"t\",\"bogus\":1}", "不认识的字段"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"metric\",\"weight\":1,\"bands\":[{\"min\":0,\"score\":0}]}]}]}", "指标题须有 metric"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char err[256] = "";
    shops_tpl *t = shops_tpl_parse(cases[i].json, strlen(cases[i].json), err, sizeof err);
    if (t || !strstr(err, cases[i].want)) fail_msg("case %zu: %s", i, err);
  }
}

static void test_default_template(void **st) {
  (void)st;
  size_t len;
  const char *s = shops_default_template(&len);
  assert_non_null(s);
  char err[256];
  shops_tpl *t = shops_tpl_parse(s, len, err, sizeof err);
  if (!t) fail_msg("%s", err);
  const char *names[] = {"数字化设施", "数字化订货", "数字化销售", "数字化管理", "数字化营销", "数字素养"};
  assert_int_equal(t->ndims, 6);
  for (size_t i = 0; i < 6; i++) assert_string_equal(t->dims[i].name, names[i]);
  assert_int_equal(t->nlevels, 5);
  assert_string_equal(t->levels[4].name, "示范");
  size_t d;
  const shops_item *sr = shops_tpl_item(t, "scan_rate", &d);
  assert_non_null(sr);
  assert_int_equal(d, 2);
  assert_string_equal(sr->den, "order_qty");
  for (size_t k = 0; k < t->ndims; k++)
    for (size_t i = 0; i < t->dims[k].nitems; i++) assert_true(*t->dims[k].items[i].advice && *t->dims[k].items[i].help);
  shops_tpl_free(t);
}

static tab *csv(const char *s) { tab *t = csv_read(s, strlen(s), NULL, NULL, 0); assert_non_null(t); return t; }

/* shop_data.vals: valid JSON, every value read back exactly, too small a buffer refused */
static void test_vals_json(void **st) {
  (void)st;
  const char *codes[] = {"order_qty", "scan_qty", "mobile_pay_share", "order_amount", "a\"b"};
  const double vals[] = {120, 0, 72.5, 0.1 + 0.2, 999999999999};
  char buf[256];
  size_t n = shops_vals_json(buf, sizeof buf, codes, vals, 5);
  assert_true(n > 0 && n == strlen(buf));
  assert_string_equal(buf, "{\"order_qty\":120,\"scan_qty\":0,\"mobile_pay_share\":72.5,\"order_amount\":0.30000000000000004,\"a\\u0022b\":999999999999}");
  json_t *o = json_loads(buf, 0, NULL);
  assert_non_null(o);
  for (size_t i = 0; i < 5; i++) assert_true(json_number_value(json_object_get(o, codes[i])) == vals[i]);
  json_decref(o);
  const char *c3[] = {"a", "b", "c", "d", "e"};
  const double v3[] = {24.8, 0.05, 1e12, 123456.789012, 1.0 / 3};
  n = shops_vals_json(buf, sizeof buf, c3, v3, 5);
  assert_string_equal(buf, "{\"a\":24.8,\"b\":0.05,\"c\":1000000000000,\"d\":123456.789012,\"e\":0.33333333333333331}");
  o = json_loads(buf, 0, NULL);
  assert_non_null(o);
  for (size_t i = 0; i < 5; i++) assert_true(json_number_value(json_object_get(o, c3[i])) == v3[i]);
  json_decref(o);
  assert_int_equal(shops_vals_json(buf, 20, codes, vals, 5), 0);
  assert_int_equal(shops_vals_json(buf, sizeof buf, codes, vals, 0), 2);
  assert_string_equal(buf, "{}");
}

static void test_import_reader(void **st) {
  (void)st;
  char err[200];
  shops_import imp;
  tab *t = csv("许可证号,月份,指标,数值\n330100000001,2026-03,订购量,120\n330100000001,2026/3,scan_qty,\"1,100\"\n330100000002,202603,移动支付笔数占比,85%\n"
               ",2026-03,订购量,1\n330100000003,2026-13,订购量,1\n330100000003,2026-03,不存在,1\n330100000003,2026-03,订购量,-1\n");
  assert_int_equal(shops_import_read(t, shops_default_metrics, shops_default_nmetrics, &imp, err, sizeof err), 0);
  assert_false(imp.wide);
  assert_int_equal(imp.nrows, 3);
  assert_string_equal(imp.rows[1].month, "2026-03");
  assert_string_equal(imp.rows[1].metric, "scan_qty");
  assert_true(imp.rows[1].value == 1100);
  assert_true(imp.rows[2].value == 85);
  assert_int_equal(json_array_size(imp.errors), 4);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(imp.errors, 0), "row")), 5);
  shops_import_free(&imp);
  tab_free(t);
  /* wide: a blank cell is no data; a bad cell voids the whole row */
  t = csv("许可证号,月份,订购量(条),扫码销售量（条）,网上订货次数\n330100000001,2026-03-01,100,90,\n330100000002,2026年3月,50,x,2\n");
  assert_int_equal(shops_import_read(t, shops_default_metrics, shops_default_nmetrics, &imp, err, sizeof err), 0);
  assert_true(imp.wide);
  assert_int_equal(imp.nrows, 2);
  assert_string_equal(imp.rows[0].metric, "order_qty");
  assert_string_equal(imp.rows[1].metric, "scan_qty");
  assert_int_equal(json_array_size(imp.errors), 1);
  shops_import_free(&imp);
  tab_free(t);
  t = csv("店名,月份\nA,2026-03\n");
  assert_int_equal(shops_import_read(t, shops_default_metrics, shops_default_nmetrics, &imp, err, sizeof err), -1);
  assert_non_null(strstr(err, "许可证号"));
  shops_import_free(&imp);
  tab_free(t);
}

/* Issue 11 item 12: a number answer outside the template's allowed range is never scored. Default range: the lowest band's
 * min (0 for n) up; "min"/"max" set it; only number items may have one. Hand-computed totals:
 * n = 15: A = 100 (w60, coverage 1), B = n 50 alone (w40 × coverage 1/4 = 10) → (6000 + 500) / 70 = 92.857 → 92.9, coverage 0.7.
 * n = -1: B unscored → total 100 from A alone, coverage 0.6 (still enough for a level). */
static void test_number_range(void **st) {
  (void)st;
  shops_tpl *t = tpl();
  const shops_item *n = shops_tpl_item(t, "n", NULL);
  assert_true(n->vmin == 0 && n->vmax == 1e12);
  assert_true(shops_number_in_range(n, 0) && !shops_number_in_range(n, -1) && !shops_number_in_range(n, NAN));
  json_t *ans = json_loads("{\"y\":true,\"s\":\"c\",\"m\":[\"x\",\"y\"],\"n\":15}", 0, NULL);
  shops_result r;
  assert_int_equal(shops_score(t, ans, NULL, "2026-03", &r), 0);
  assert_true(r.has_total && fabs(r.total - 92.9) < 1e-9 && fabs(r.coverage - 0.7) < 1e-9);
  shops_result_free(&r);
  json_object_set_new(ans, "n", json_integer(-1));
  assert_int_equal(shops_score(t, ans, NULL, "2026-03", &r), 0);
  assert_false(r.items[3].scored);
  assert_string_equal(r.items[3].missing, "答案超出允许范围");
  assert_true(r.has_total && r.total == 100 && fabs(r.coverage - 0.6) < 1e-9);
  assert_string_equal(r.level, "示范");
  shops_result_free(&r);
  json_decref(ans);
  /* the canonical form carries the range, and parsing it gives the same range */
  json_t *cj = shops_tpl_json(t);
  char *txt = json_dumps(cj, JSON_COMPACT);
  assert_non_null(strstr(txt, "\"score\":100}],\"min\":0}"));
  json_decref(cj);
  free(txt);
  shops_tpl_free(t);
  const char *j = "{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":["
                  "{\"code\":\"k\",\"name\":\"K\",\"kind\":\"number\",\"weight\":1,\"min\":1,\"max\":10,\"bands\":[{\"min\":0,\"score\":0},{\"min\":5,\"score\":100}]}]}]}";
  char err[200];
  t = shops_tpl_parse(j, strlen(j), err, sizeof err);
  assert_non_null(t);
  n = &t->dims[0].items[0];
  assert_true(shops_number_in_range(n, 1) && shops_number_in_range(n, 10) && !shops_number_in_range(n, 0.5) && !shops_number_in_range(n, 10.5));
  cj = shops_tpl_json(t);
  txt = json_dumps(cj, JSON_COMPACT);
  shops_tpl *t2 = shops_tpl_parse(txt, strlen(txt), err, sizeof err);
  assert_non_null(t2);
  assert_true(t2->dims[0].items[0].vmin == 1 && t2->dims[0].items[0].vmax == 10);
  shops_tpl_free(t2);
  json_decref(cj);
  free(txt);
  shops_tpl_free(t);
  const char *bad[][2] = {
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"yesno\",\"weight\":1,\"min\":0}]}]}", "只有数值题有允许范围"},
    {"{\"name\":\"t\",\"levels\":[{\"name\":\"L\",\"min\":0}],\"dimensions\":[{\"code\":\"d\",\"name\":\"D\",\"weight\":1,\"items\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"number\",\"weight\":1,\"min\":5,\"max\":1,\"bands\":[{\"min\":0,\"score\":0}]}]}]}", "最大值不能小于最小值"},
  };
  for (size_t i = 0; i < 2; i++) {
    t = shops_tpl_parse(bad[i][0], strlen(bad[i][0]), err, sizeof err);
    assert_null(t);
    if (!strstr(err, bad[i][1])) fail_msg("%s: %s", bad[i][1], err);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_kind_full), cmocka_unit_test(test_band_edges), cmocka_unit_test(test_missing_not_zero),
    cmocka_unit_test(test_metric_average_and_months), cmocka_unit_test(test_versions_and_canonical), cmocka_unit_test(test_parse_errors),
    cmocka_unit_test(test_default_template), cmocka_unit_test(test_import_reader), cmocka_unit_test(test_vals_json), cmocka_unit_test(test_number_range),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
