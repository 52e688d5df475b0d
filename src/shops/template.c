/* template.c — the assessment template as JSON: strict parsing with messages naming the place, and the canonical form. */
#include "shops/shops.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[SI__COUNT] = {"yesno", "single", "multi", "number", "metric"};
const char *shops_kind_code(shops_item_kind k) { return (unsigned)k < SI__COUNT ? kinds[k] : ""; }

static void item_free(shops_item *it) {
  free(it->code); free(it->name); free(it->help); free(it->advice); free(it->unit); free(it->num); free(it->den);
  for (size_t i = 0; i < it->nopts; i++) { free(it->opts[i].value); free(it->opts[i].label); }
  free(it->opts); free(it->bands);
}

void shops_tpl_free(shops_tpl *t) {
  if (!t) return;
  for (size_t d = 0; d < t->ndims; d++) {
    for (size_t i = 0; i < t->dims[d].nitems; i++) item_free(&t->dims[d].items[i]);
    free(t->dims[d].items); free(t->dims[d].code); free(t->dims[d].name);
  }
  for (size_t l = 0; l < t->nlevels; l++) free(t->levels[l].name);
  free(t->dims); free(t->levels); free(t->name); free(t);
}

typedef struct pctx { char *err; size_t errlen; char where[96]; } pctx;
static int fail(pctx *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(pctx *p, const char *fmt, ...) {
  char msg[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(p->err, p->errlen, "%s%s", p->where, msg);
  return -1;
}

/* A string field: required or optional (NULL → ""), at most max bytes, no control characters. */
static int get_str(pctx *p, json_t *o, const char *key, const char *label, int required, size_t max, char **out) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v || json_is_null(v)) {
    if (required) return fail(p, "缺少%s", label);
    *out = strdup("");
    return *out ? 0 : fail(p, "内存不足");
  }
  if (!json_is_string(v)) return fail(p, "%s应为文字", label);
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (n > max) return fail(p, "%s过长（最多%zu字节）", label, max);
  if (strlen(s) != n) return fail(p, "%s含有空字符", label);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 && s[i] != '\n') return fail(p, "%s含有控制字符", label);
  if (required && n == 0) return fail(p, "%s不能为空", label);
  *out = strdup(s);
  return *out ? 0 : fail(p, "内存不足");
}

static int get_num(pctx *p, json_t *o, const char *key, const char *label, int required, double def, double min, double max, double *out) {
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required) return fail(p, "缺少%s", label);
    *out = def;
    return 0;
  }
  if (!json_is_number(v)) return fail(p, "%s应为数字", label);
  double x = json_number_value(v);
  if (!isfinite(x) || x < min || x > max) return fail(p, "%s应在 %g 到 %g 之间", label, min, max);
  *out = x;
  return 0;
}

static int check_keys(pctx *p, json_t *o, const char *const *allowed) {
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    size_t i = 0;
    while (allowed[i] && strcmp(allowed[i], k)) i++;
    if (!allowed[i]) return fail(p, "不认识的字段「%.40s」", k);
  }
  return 0;
}

static int code_ok(const char *s) {
  if (!*s || strlen(s) > 40) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
  return 1;
}

static int parse_bands(pctx *p, json_t *a, shops_item *it) {
  if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > 20) return fail(p, "分档（bands）应为 1–20 个 {min, score}");
  it->nbands = json_array_size(a);
  it->bands = calloc(it->nbands, sizeof *it->bands);
  if (!it->bands) return fail(p, "内存不足");
  static const char *const bk[] = {"min", "score", NULL};
  for (size_t i = 0; i < it->nbands; i++) {
    json_t *b = json_array_get(a, i);
    if (!json_is_object(b) || check_keys(p, b, bk)) return json_is_object(b) ? -1 : fail(p, "第%zu档应为对象", i + 1);
    if (get_num(p, b, "min", "分档下限", 1, 0, -1e12, 1e12, &it->bands[i].min) ||
        get_num(p, b, "score", "分档得分", 1, 0, 0, 100, &it->bands[i].score))
      return -1;
    if (i && it->bands[i].min <= it->bands[i - 1].min) return fail(p, "分档下限须从小到大（第%zu档）", i + 1);
  }
  return 0;
}

static int parse_item(pctx *p, json_t *o, shops_item *it) {
  static const char *const keys[] = {"code", "name", "kind", "weight", "help", "advice", "unit", "yes", "no", "options", "bands", "metric", "min", "max", NULL};
  if (!json_is_object(o)) return fail(p, "应为对象");
  if (check_keys(p, o, keys)) return -1;
  char *kind = NULL;
  if (get_str(p, o, "code", "编码", 1, 40, &it->code) || get_str(p, o, "name", "名称", 1, 200, &it->name) ||
      get_str(p, o, "kind", "题型", 1, 10, &kind))
    { free(kind); return -1; }
  if (!code_ok(it->code)) { free(kind); return fail(p, "编码只能用小写字母、数字和下划线"); }
  int k = -1;
  for (int i = 0; i < SI__COUNT; i++)
    if (!strcmp(kind, kinds[i])) k = i;
  free(kind);
  if (k < 0) return fail(p, "题型应为 yesno、single、multi、number、metric 之一");
  it->kind = (shops_item_kind)k;
  if (get_num(p, o, "weight", "权重", 1, 0, 0.000001, 1000, &it->weight) || get_str(p, o, "help", "说明", 0, 2000, &it->help) ||
      get_str(p, o, "advice", "改进建议", 0, 2000, &it->advice) || get_str(p, o, "unit", "单位", 0, 40, &it->unit))
    return -1;
  if (get_num(p, o, "yes", "“是”的得分", 0, 100, 0, 100, &it->yes) || get_num(p, o, "no", "“否”的得分", 0, 0, 0, 100, &it->no)) return -1;
  json_t *opts = json_object_get(o, "options"), *bands = json_object_get(o, "bands"), *m = json_object_get(o, "metric");
  if (it->kind == SI_SINGLE || it->kind == SI_MULTI) {
    if (!json_is_array(opts) || json_array_size(opts) < 1 || json_array_size(opts) > 30) return fail(p, "选项（options）应为 1–30 个");
    it->nopts = json_array_size(opts);
    it->opts = calloc(it->nopts, sizeof *it->opts);
    if (!it->opts) return fail(p, "内存不足");
    static const char *const ok[] = {"value", "label", "score", NULL};
    for (size_t i = 0; i < it->nopts; i++) {
      json_t *op = json_array_get(opts, i);
      if (!json_is_object(op)) return fail(p, "第%zu个选项应为对象", i + 1);
      if (check_keys(p, op, ok) || get_str(p, op, "value", "选项值", 1, 40, &it->opts[i].value) ||
          get_str(p, op, "label", "选项文字", 1, 200, &it->opts[i].label) || get_num(p, op, "score", "选项得分", 1, 0, 0, 100, &it->opts[i].score))
        return -1;
      for (size_t j = 0; j < i; j++)
        if (!strcmp(it->opts[j].value, it->opts[i].value)) return fail(p, "选项值「%.40s」重复", it->opts[i].value);
    }
  } else if (opts) return fail(p, "只有单选、多选题有选项");
  if (it->kind == SI_NUMBER || it->kind == SI_METRIC) {
    if (parse_bands(p, bands, it)) return -1;
  } else if (bands) return fail(p, "只有数值题和指标题有分档");
  /* A number item's allowed answers: by default no lower than its lowest band (a value under every band cannot be a real
   * answer, e.g. a negative member count) and at most 1e12. */
  it->vmin = it->nbands ? it->bands[0].min : 0;
  it->vmax = 1e12;
  if (it->kind == SI_NUMBER) {
    if (get_num(p, o, "min", "允许的最小值", 0, it->vmin, -1e12, 1e12, &it->vmin) || get_num(p, o, "max", "允许的最大值", 0, 1e12, -1e12, 1e12, &it->vmax))
      return -1;
    if (it->vmax < it->vmin) return fail(p, "允许的最大值不能小于最小值");
  } else if (json_object_get(o, "min") || json_object_get(o, "max")) return fail(p, "只有数值题有允许范围（min、max）");
  if (it->kind == SI_METRIC) {
    static const char *const mk[] = {"num", "den", "months", "scale", NULL};
    if (!json_is_object(m)) return fail(p, "指标题须有 metric {num, den, months, scale}");
    if (check_keys(p, m, mk) || get_str(p, m, "num", "分子指标", 1, 40, &it->num)) return -1;
    json_t *den = json_object_get(m, "den");
    if (den && !json_is_null(den) && get_str(p, m, "den", "分母指标", 1, 40, &it->den)) return -1;
    if (!code_ok(it->num) || (it->den && !code_ok(it->den))) return fail(p, "指标编码只能用小写字母、数字和下划线");
    double months, scale;
    if (get_num(p, m, "months", "月数", 0, 3, 1, 24, &months) || get_num(p, m, "scale", "倍数", 0, it->den ? 100 : 1, 0.000001, 1e6, &scale)) return -1;
    if (months != floor(months)) return fail(p, "月数应为整数");
    it->months = (int)months;
    it->scale = scale;
  } else if (m) return fail(p, "只有指标题有 metric");
  return 0;
}

shops_tpl *shops_tpl_parse(const char *json, size_t len, char *err, size_t errlen) {
  char dummy[8];
  if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
  err[0] = 0;
  pctx p = {err, errlen, ""};
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
  if (!root) { snprintf(err, errlen, "模板不是合法的JSON（第%d行）", je.line); return NULL; }
  shops_tpl *t = calloc(1, sizeof *t);
  if (!t) { json_decref(root); snprintf(err, errlen, "内存不足"); return NULL; }
  static const char *const keys[] = {"name", "levels", "dimensions", "advice_below", "min_coverage", NULL};
  int rc = -1;
  if (!json_is_object(root)) { fail(&p, "模板应为对象"); goto out; }
  if (check_keys(&p, root, keys) || get_str(&p, root, "name", "模板名称", 1, 200, &t->name) ||
      get_num(&p, root, "advice_below", "建议阈值", 0, 60, 0, 100, &t->advice_below) ||
      get_num(&p, root, "min_coverage", "最低覆盖率", 0, 0.6, 0, 1, &t->min_coverage))
    goto out;
  json_t *lv = json_object_get(root, "levels");
  if (!json_is_array(lv) || json_array_size(lv) < 1 || json_array_size(lv) > 10) { fail(&p, "等级（levels）应为 1–10 个 {name, min}"); goto out; }
  t->nlevels = json_array_size(lv);
  t->levels = calloc(t->nlevels, sizeof *t->levels);
  if (!t->levels) { fail(&p, "内存不足"); goto out; }
  static const char *const lk[] = {"name", "min", NULL};
  for (size_t i = 0; i < t->nlevels; i++) {
    json_t *l = json_array_get(lv, i);
    snprintf(p.where, sizeof p.where, "等级%zu：", i + 1);
    if (!json_is_object(l)) { fail(&p, "应为对象"); goto out; }
    if (check_keys(&p, l, lk) || get_str(&p, l, "name", "名称", 1, 40, &t->levels[i].name) ||
        get_num(&p, l, "min", "分数下限", 1, 0, 0, 100, &t->levels[i].min))
      goto out;
    if (i == 0 && t->levels[0].min != 0) { fail(&p, "最低等级的分数下限应为 0"); goto out; }
    if (i && t->levels[i].min <= t->levels[i - 1].min) { fail(&p, "分数下限须从小到大"); goto out; }
  }
  p.where[0] = 0;
  json_t *dims = json_object_get(root, "dimensions");
  if (!json_is_array(dims) || json_array_size(dims) < 1 || json_array_size(dims) > 20) { fail(&p, "维度（dimensions）应为 1–20 个"); goto out; }
  t->ndims = json_array_size(dims);
  t->dims = calloc(t->ndims, sizeof *t->dims);
  if (!t->dims) { fail(&p, "内存不足"); goto out; }
  static const char *const dk[] = {"code", "name", "weight", "items", NULL};
  for (size_t d = 0; d < t->ndims; d++) {
    json_t *o = json_array_get(dims, d);
    shops_dim *dm = &t->dims[d];
    snprintf(p.where, sizeof p.where, "维度%zu：", d + 1);
    if (!json_is_object(o)) { fail(&p, "应为对象"); goto out; }
    if (check_keys(&p, o, dk) || get_str(&p, o, "code", "编码", 1, 40, &dm->code) || get_str(&p, o, "name", "名称", 1, 100, &dm->name) ||
        get_num(&p, o, "weight", "权重", 1, 0, 0.000001, 1000, &dm->weight))
      goto out;
    if (!code_ok(dm->code)) { fail(&p, "编码只能用小写字母、数字和下划线"); goto out; }
    json_t *items = json_object_get(o, "items");
    if (!json_is_array(items) || json_array_size(items) < 1 || json_array_size(items) > 50) { fail(&p, "条目（items）应为 1–50 个"); goto out; }
    dm->nitems = json_array_size(items);
    dm->items = calloc(dm->nitems, sizeof *dm->items);
    if (!dm->items) { fail(&p, "内存不足"); goto out; }
    for (size_t i = 0; i < dm->nitems; i++) {
      snprintf(p.where, sizeof p.where, "维度%zu 条目%zu：", d + 1, i + 1);
      if (parse_item(&p, json_array_get(items, i), &dm->items[i])) goto out;
    }
  }
  /* Codes are unique across the template: answers and results are keyed by them. */
  p.where[0] = 0;
  for (size_t d = 0; d < t->ndims; d++) {
    for (size_t e = 0; e < d; e++)
      if (!strcmp(t->dims[d].code, t->dims[e].code)) { fail(&p, "维度编码「%s」重复", t->dims[d].code); goto out; }
    for (size_t i = 0; i < t->dims[d].nitems; i++) {
      size_t dd;
      const shops_item *f = shops_tpl_item(t, t->dims[d].items[i].code, &dd);
      if (f != &t->dims[d].items[i]) { fail(&p, "条目编码「%s」重复", t->dims[d].items[i].code); goto out; }
    }
  }
  rc = 0;
out:
  json_decref(root);
  if (rc) { shops_tpl_free(t); return NULL; }
  return t;
}

const shops_item *shops_tpl_item(const shops_tpl *t, const char *code, size_t *dim_out) {
  for (size_t d = 0; d < t->ndims; d++)
    for (size_t i = 0; i < t->dims[d].nitems; i++)
      if (t->dims[d].items[i].code && !strcmp(t->dims[d].items[i].code, code)) {
        if (dim_out) *dim_out = d;
        return &t->dims[d].items[i];
      }
  return NULL;
}

static json_t *num(double x) { return x == floor(x) && fabs(x) < 1e15 ? json_integer((json_int_t)x) : json_real(x); }

json_t *shops_tpl_json(const shops_tpl *t) {
  json_t *lv = json_array(), *dims = json_array();
  for (size_t l = 0; l < t->nlevels; l++) json_array_append_new(lv, json_pack("{s:s,s:o}", "name", t->levels[l].name, "min", num(t->levels[l].min)));
  for (size_t d = 0; d < t->ndims; d++) {
    json_t *items = json_array();
    for (size_t i = 0; i < t->dims[d].nitems; i++) {
      const shops_item *it = &t->dims[d].items[i];
      json_t *o = json_pack("{s:s,s:s,s:s,s:o,s:s,s:s,s:s}", "code", it->code, "name", it->name, "kind", kinds[it->kind], "weight", num(it->weight),
                            "help", it->help, "advice", it->advice, "unit", it->unit);
      if (it->kind == SI_YESNO) { json_object_set_new(o, "yes", num(it->yes)); json_object_set_new(o, "no", num(it->no)); }
      if (it->nopts) {
        json_t *a = json_array();
        for (size_t k = 0; k < it->nopts; k++)
          json_array_append_new(a, json_pack("{s:s,s:s,s:o}", "value", it->opts[k].value, "label", it->opts[k].label, "score", num(it->opts[k].score)));
        json_object_set_new(o, "options", a);
      }
      if (it->nbands) {
        json_t *a = json_array();
        for (size_t k = 0; k < it->nbands; k++) json_array_append_new(a, json_pack("{s:o,s:o}", "min", num(it->bands[k].min), "score", num(it->bands[k].score)));
        json_object_set_new(o, "bands", a);
      }
      if (it->kind == SI_NUMBER) {
        json_object_set_new(o, "min", num(it->vmin));
        if (it->vmax < 1e12) json_object_set_new(o, "max", num(it->vmax));
      }
      if (it->kind == SI_METRIC)
        json_object_set_new(o, "metric", json_pack("{s:s,s:s?,s:i,s:o}", "num", it->num, "den", it->den, "months", it->months, "scale", num(it->scale)));
      json_array_append_new(items, o);
    }
    json_array_append_new(dims, json_pack("{s:s,s:s,s:o,s:o}", "code", t->dims[d].code, "name", t->dims[d].name, "weight", num(t->dims[d].weight), "items", items));
  }
  return json_pack("{s:s,s:o,s:o,s:o,s:o}", "name", t->name, "advice_below", num(t->advice_below), "min_coverage", num(t->min_coverage), "levels", lv, "dimensions", dims);
}
