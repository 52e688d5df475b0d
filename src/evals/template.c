/* template.c — the evaluation template (pure): parsing and checking its JSON, canonical form, star cut-offs, reading
 * answers, and the answers' key that makes identical answer sheets easy to count. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fact_codes[] = {"", "ordering", "price", "equipment"};
const char *evals_fact_code(evals_fact f) { return (unsigned)f < 4 ? fact_codes[f] : ""; }

static void seterr(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
}

static int code_ok(const char *c) {
  size_t n = strlen(c);
  if (!n || n > 32) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_')) return 0;
  return 1;
}

/* A text field of at most max bytes; absent gives "" when optional. */
static int text_of(json_t *o, const char *key, int required, size_t max, char **out) {
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required) return -1;
    *out = strdup("");
    return *out ? 0 : -1;
  }
  if (!json_is_string(v) || json_string_length(v) > max || (required && !json_string_length(v))) return -1;
  *out = strdup(json_string_value(v));
  return *out ? 0 : -1;
}

void evals_tpl_free(evals_tpl *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nitems; i++) {
    free(t->items[i].code); free(t->items[i].name); free(t->items[i].group); free(t->items[i].help);
  }
  free(t->items);
  free(t->name);
  free(t);
}

static const char *const tpl_keys[] = {"name", "items", "confirm", "stars", NULL};
static const char *const item_keys[] = {"code", "name", "group", "help", "max", "photo", "fact", NULL};

static const char *unknown_key(json_t *o, const char *const *allowed) {
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    int ok = 0;
    for (size_t i = 0; allowed[i]; i++) ok |= !strcmp(k, allowed[i]);
    if (!ok) return k;
  }
  return NULL;
}

evals_tpl *evals_tpl_parse(const char *json, size_t len, char *err, size_t errlen) {
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
  if (!root || !json_is_object(root)) { seterr(err, errlen, "模板不是合法的JSON对象"); json_decref(root); return NULL; }
  evals_tpl *t = calloc(1, sizeof *t);
  const char *bad;
  if (!t) goto fail_mem;
  if ((bad = unknown_key(root, tpl_keys))) { seterr(err, errlen, "模板：不认识的字段 %.40s", bad); goto fail; }
  if (text_of(root, "name", 1, 200, &t->name)) { seterr(err, errlen, "模板：名称必填，不超过200字节"); goto fail; }
  json_t *c = json_object_get(root, "confirm");
  if (c && !json_is_boolean(c)) { seterr(err, errlen, "模板：confirm 应为 true 或 false"); goto fail; }
  t->confirm = c ? json_is_true(c) : 1;
  json_t *items = json_object_get(root, "items");
  if (!json_is_array(items) || json_array_size(items) < 1 || json_array_size(items) > 60) { seterr(err, errlen, "模板：条目应为1至60项的数组"); goto fail; }
  t->items = calloc(json_array_size(items), sizeof *t->items);
  if (!t->items) goto fail_mem;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    evals_item *e = &t->items[i];
    t->nitems = i + 1;
    if (!json_is_object(it)) { seterr(err, errlen, "条目%zu：应为对象", i + 1); goto fail; }
    if ((bad = unknown_key(it, item_keys))) { seterr(err, errlen, "条目%zu：不认识的字段 %.40s", i + 1, bad); goto fail; }
    if (text_of(it, "code", 1, 32, &e->code) || !code_ok(e->code)) { seterr(err, errlen, "条目%zu：编码必填，只能用小写字母、数字和下划线（不超过32个）", i + 1); goto fail; }
    for (size_t k = 0; k < i; k++)
      if (!strcmp(t->items[k].code, e->code)) { seterr(err, errlen, "条目%zu：编码 %s 重复", i + 1, e->code); goto fail; }
    if (text_of(it, "name", 1, 200, &e->name)) { seterr(err, errlen, "条目%zu：名称必填，不超过200字节", i + 1); goto fail; }
    if (text_of(it, "group", 0, 100, &e->group) || text_of(it, "help", 0, 1000, &e->help)) { seterr(err, errlen, "条目%zu：分组或说明过长", i + 1); goto fail; }
    json_t *m = json_object_get(it, "max");
    if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 100) { seterr(err, errlen, "条目%zu：满分应为1至100的整数", i + 1); goto fail; }
    e->max = (int)json_integer_value(m);
    t->total_max += e->max;
    json_t *p = json_object_get(it, "photo");
    if (p && !json_is_boolean(p)) { seterr(err, errlen, "条目%zu：photo 应为 true 或 false", i + 1); goto fail; }
    e->photo = json_is_true(p);
    json_t *f = json_object_get(it, "fact");
    e->fact = EF_NONE;
    if (f && !json_is_null(f)) {
      int found = -1;
      for (int k = 1; k < 4 && json_is_string(f); k++)
        if (!strcmp(json_string_value(f), fact_codes[k])) found = k;
      if (found < 0) { seterr(err, errlen, "条目%zu：fact 应为 ordering、price、equipment 之一", i + 1); goto fail; }
      e->fact = (evals_fact)found;
    }
  }
  json_t *st = json_object_get(root, "stars");
  if (!json_is_array(st) || json_array_size(st) != 5) { seterr(err, errlen, "模板：星级分数线应为5个数（一星至五星的最低总分）"); goto fail; }
  for (i = 0; i < 5; i++) {
    json_t *v = json_array_get(st, i);
    if (!json_is_number(v)) { seterr(err, errlen, "模板：第%zu个星级分数线不是数", i + 1); goto fail; }
    double d = json_number_value(v);
    if (!isfinite(d) || d < 0 || d > t->total_max || (i && d <= t->stars[i - 1])) {
      seterr(err, errlen, "模板：星级分数线应在0至总分%d之间且逐级升高（第%zu个）", t->total_max, i + 1);
      goto fail;
    }
    t->stars[i] = d;
  }
  json_decref(root);
  return t;
fail_mem:
  seterr(err, errlen, "内存不足");
fail:
  json_decref(root);
  evals_tpl_free(t);
  return NULL;
}

json_t *evals_tpl_json(const evals_tpl *t) {
  json_t *items = json_array();
  for (size_t i = 0; i < t->nitems; i++) {
    const evals_item *e = &t->items[i];
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:i,s:b}", "code", e->code, "name", e->name, "group", e->group, "help", e->help, "max", e->max, "photo", e->photo);
    if (e->fact) json_object_set_new(o, "fact", json_string(evals_fact_code(e->fact)));
    json_array_append_new(items, o);
  }
  json_t *st = json_array();
  for (int i = 0; i < 5; i++) json_array_append_new(st, json_real(t->stars[i]));
  return json_pack("{s:s,s:o,s:b,s:o}", "name", t->name, "items", items, "confirm", t->confirm, "stars", st);
}

int evals_stars(const evals_tpl *t, double total) {
  int s = 0;
  for (int i = 0; i < 5; i++)
    if (total >= t->stars[i]) s = i + 1;
  return s;
}

const char *evals_stars_name(int stars) {
  static const char *const n[] = {"无星", "一星", "二星", "三星", "四星", "五星"};
  return stars >= 0 && stars <= 5 ? n[stars] : "";
}

int evals_answers_read(const evals_tpl *t, json_t *answers, int *vals, char *err, size_t errlen) {
  if (!json_is_object(answers)) { seterr(err, errlen, "评价结果应为对象"); return -1; }
  const char *k;
  json_t *v;
  json_object_foreach(answers, k, v) {
    size_t i = 0;
    while (i < t->nitems && strcmp(t->items[i].code, k)) i++;
    if (i == t->nitems) { seterr(err, errlen, "评价表中没有条目 %.40s", k); return -1; }
  }
  for (size_t i = 0; i < t->nitems; i++) {
    v = json_object_get(answers, t->items[i].code);
    if (!v) { seterr(err, errlen, "%s：未评分", t->items[i].name); return -1; }
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > t->items[i].max) {
      seterr(err, errlen, "%s：得分应为0至%d的整数", t->items[i].name, t->items[i].max);
      return -1;
    }
    vals[i] = (int)json_integer_value(v);
  }
  return 0;
}

void evals_answers_key(const int *vals, size_t n, char *out, size_t outlen) {
  size_t len = 0;
  if (outlen) out[0] = 0;
  for (size_t i = 0; i < n; i++) {
    int k = snprintf(out + len, outlen - len, i ? ",%d" : "%d", vals[i]);
    if (k < 0 || (size_t)k >= outlen - len) return;
    len += (size_t)k;
  }
}

double evals_total(const int *vals, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += vals[i];
  return s;
}
