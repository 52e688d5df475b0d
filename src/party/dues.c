/* dues.c — 党费 and 党建服务包 coverage, pure: the monthly amount from the rule (a rate by the band holding the member's
 * base, or a fixed amount), the rule's parser, the dues import reader (a table → rows and per-row errors, fuzzed), and
 * the coverage of a branch's service packages. No I/O. */
#define PARTY_PURE_ONLY
#include "party/internal.h"
#include "base/import.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rule of 中组部《关于中国共产党党费收缴、使用和管理的规定》: a monthly base up to 3000 元 pays 0.5 %, up to 5000 元
 * 1 %, up to 10000 元 1.5 %, above it 2 % — of the whole base, not by slices. */
const party_dues_rule party_dues_default = {
  .fixed = 0, .fixed_fen = 0, .nbands = 4, .bands = {{300000, 50}, {500000, 100}, {1000000, 150}, {0, 200}},
};

int64_t party_dues_amount(const party_dues_rule *r, int64_t base_fen, int64_t own_fixed_fen) {
  if (own_fixed_fen >= 0) return own_fixed_fen;
  if (r->fixed) return r->fixed_fen;
  if (base_fen <= 0 || !r->nbands) return 0;
  int bp = r->bands[r->nbands - 1].bp;
  for (size_t i = 0; i < r->nbands; i++)
    if (r->bands[i].upto_fen == 0 || base_fen <= r->bands[i].upto_fen) { bp = r->bands[i].bp; break; }
  /* 分 × 万分之 bp, rounded half up to the 分: integers only. */
  return (base_fen * bp + 5000) / 10000;
}

static int fail(char *field, size_t fl, char *msg, size_t ml, const char *f, const char *m) {
  snprintf(field, fl, "%s", f);
  snprintf(msg, ml, "%s", m);
  return -1;
}

int party_dues_rule_parse(json_t *o, party_dues_rule *out, char *field, size_t fl, char *msg, size_t ml) {
  memset(out, 0, sizeof *out);
  if (!json_is_object(o)) return fail(field, fl, msg, ml, "rule", "党费规则应为对象");
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) if (strcmp(key, "mode") && strcmp(key, "bands") && strcmp(key, "fixed_fen") && strcmp(key, "from"))
    return fail(field, fl, msg, ml, *key ? key : "\"\"", "不认识的字段");
  json_t *mode = json_object_get(o, "mode");
  if (!json_is_string(mode) || (strcmp(json_string_value(mode), "bands") && strcmp(json_string_value(mode), "fixed")))
    return fail(field, fl, msg, ml, "mode", "计算方式应为 bands（按基数分档比例）或 fixed（固定金额）");
  out->fixed = !strcmp(json_string_value(mode), "fixed");
  if (out->fixed) {
    json_t *f = json_object_get(o, "fixed_fen");
    if (!json_is_integer(f) || json_integer_value(f) < 1 || json_integer_value(f) > 10000000)
      return fail(field, fl, msg, ml, "fixed_fen", "固定金额应为 1 分至 10 万元之间的整数（分）");
    out->fixed_fen = json_integer_value(f);
    return 0;
  }
  json_t *b = json_object_get(o, "bands");
  size_t n = json_array_size(b);
  if (!json_is_array(b) || n < 1 || n > PARTY_DUES_BANDS) return fail(field, fl, msg, ml, "bands", "分档应为 1 至 8 档的列表");
  int64_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_array_get(b, i), *up = json_object_get(e, "upto_fen"), *bp = json_object_get(e, "bp");
    char f[40];
    if (!json_is_object(e) || json_object_size(e) != (size_t)(!!up + !!bp)) {
      snprintf(f, sizeof f, "bands[%zu]", i);
      return fail(field, fl, msg, ml, f, "每档应为 {upto_fen, bp}");
    }
    int last = i + 1 == n;
    if (!json_is_integer(up) || json_integer_value(up) < 0 || json_integer_value(up) > 100000000 || (last ? 0 : json_integer_value(up) <= prev) ||
        (!last && json_integer_value(up) == 0) || (last && json_integer_value(up) != 0 && json_integer_value(up) <= prev)) {
      snprintf(f, sizeof f, "bands[%zu].upto_fen", i);
      return fail(field, fl, msg, ml, f, "各档上限（分）应逐档递增，最后一档可为 0（不封顶）");
    }
    if (!json_is_integer(bp) || json_integer_value(bp) < 0 || json_integer_value(bp) > 1000) {
      snprintf(f, sizeof f, "bands[%zu].bp", i);
      return fail(field, fl, msg, ml, f, "比例应为 0 至 1000 的整数（万分之，50 即 0.5%）");
    }
    out->bands[i].upto_fen = json_integer_value(up);
    out->bands[i].bp = (int)json_integer_value(bp);
    prev = out->bands[i].upto_fen;
  }
  out->nbands = n;
  return 0;
}

json_t *party_dues_rule_json(const party_dues_rule *r) {
  json_t *b = json_array();
  for (size_t i = 0; i < r->nbands; i++) json_array_append_new(b, json_pack("{s:I,s:i}", "upto_fen", (json_int_t)r->bands[i].upto_fen, "bp", r->bands[i].bp));
  return json_pack("{s:s,s:I,s:o}", "mode", r->fixed ? "fixed" : "bands", "fixed_fen", (json_int_t)r->fixed_fen, "bands", b);
}

/* ---- the import reader ---- */

static int digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return n > 0;
}

/* "2026-03-05" or "2026/3/5" → "2026-03-05" when it exists. 0 ok. */
static int day_norm(const char *s, char out[11]) {
  int y, m, d;
  char sep1, sep2, tail;
  if (sscanf(s, "%4d%c%2d%c%2d%c", &y, &sep1, &m, &sep2, &d, &tail) != 5 || sep1 != sep2 || (sep1 != '-' && sep1 != '/' && sep1 != '.')) return -1;
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return party_date_valid(out) ? 0 : -1;
}

/* "2026-03", "2026/3", "2026.3", "202603", "2026年3月", "2026-03-05" → "2026-03". 0 ok. */
int party_month_norm(const char *s, char out[8]) {
  size_t n = strlen(s);
  int y = -1, m = -1;
  char day[11];
  if (n == 6 && digits(s, 6)) y = atoi(s) / 100, m = atoi(s) % 100;
  else if (day_norm(s, day) == 0) y = atoi(day), m = atoi(day + 5);
  else if ((n == 6 || n == 7) && digits(s, 4) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && digits(s + 5, n - 5)) y = atoi(s), m = atoi(s + 5);
  else if ((n == 11 || n == 12) && digits(s, 4) && !strncmp(s + 4, "年", 3) && digits(s + 7, n - 10) && !strcmp(s + n - 3, "月")) y = atoi(s), m = atoi(s + 7);
  else return -1;
  if (y < 2000 || y > 2100 || m < 1 || m > 12) return -1;
  snprintf(out, 8, "%04d-%02d", y, m);
  return 0;
}

static const char *trimmed(const char *s, char *buf, size_t cap) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  if (n >= cap) n = cap - 1;
  memcpy(buf, s, n);
  buf[n] = 0;
  return buf;
}

static long utf8_chars(const char *s) {
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

int party_dues_read(const tab *t, party_dues_in **rows, size_t *nrows, json_t *errors, char *err, size_t errlen) {
  *rows = NULL, *nrows = 0;
  static const char *const names[] = {"姓名", "月份", "金额", "缴纳日期", "所在支部", "备注"};
  int idx[6];
  for (size_t k = 0; k < 6; k++) idx[k] = t && t->nrows ? imp_col(t, names[k]) : -1;
  for (size_t k = 0; k < 3; k++)
    if (idx[k] < 0) { snprintf(err, errlen, "缺少“%s”列（表头应含 姓名、月份、金额（元），可选 缴纳日期、所在支部、备注）", names[k]); return -1; }
  party_dues_in *v = t->nrows > 1 ? calloc(t->nrows - 1, sizeof *v) : NULL;
  if (t->nrows > 1 && !v) { snprintf(err, errlen, "内存不足"); return -1; }
  size_t n = 0;
  for (size_t i = 1; i < t->nrows; i++) {
    int blank = 1;
    for (size_t c = 0; c < t->rows[i].ncells && blank; c++) {
      const char *x = t->rows[i].cells[c];
      while (x && (*x == ' ' || *x == '\t' || *x == '\r' || *x == '\n')) x++;
      if (x && *x) blank = 0;
    }
    if (blank) continue;
    party_dues_in *d = &v[n];
    memset(d, 0, sizeof *d);
    d->line = i + 1;
    size_t errs_before = json_array_size(errors);
    char buf[400];
    trimmed(imp_cell(t, i, idx[0]), d->name, sizeof d->name);
    if (!*d->name) imp_error(errors, i + 1, "姓名", "missing_field", "不能为空");
    else if (utf8_chars(d->name) > 30 || !tab_utf8_valid(d->name, strlen(d->name))) imp_error(errors, i + 1, "姓名", "invalid_field", "姓名过长或编码不对");
    const char *mo = trimmed(imp_cell(t, i, idx[1]), buf, sizeof buf);
    if (!*mo) imp_error(errors, i + 1, "月份", "missing_field", "不能为空");
    else if (party_month_norm(mo, d->month)) imp_error(errors, i + 1, "月份", "invalid_field", "应为 2026-03 这样的年月");
    const char *am = trimmed(imp_cell(t, i, idx[2]), buf, sizeof buf);
    int64_t fen = 0;
    if (!*am) imp_error(errors, i + 1, "金额", "missing_field", "不能为空");
    else if (tasks_money_parse(am, &fen) || fen <= 0 || fen > 10000000) imp_error(errors, i + 1, "金额", "invalid_field", "应为大于 0 的金额（元，至多两位小数）");
    d->amount_fen = fen;
    const char *pd = idx[3] >= 0 ? trimmed(imp_cell(t, i, idx[3]), buf, sizeof buf) : "";
    if (*pd && day_norm(pd, d->paid_on)) imp_error(errors, i + 1, "缴纳日期", "invalid_field", "应为 2026-03-05 这样的日期");
    if (idx[4] >= 0) trimmed(imp_cell(t, i, idx[4]), d->branch, sizeof d->branch);
    if (idx[5] >= 0) {
      trimmed(imp_cell(t, i, idx[5]), d->note, sizeof d->note);
      if (utf8_chars(d->note) > 100) imp_error(errors, i + 1, "备注", "invalid_field", "不超过 100 字");
    }
    d->bad = json_array_size(errors) != errs_before;
    n++;
  }
  *rows = v, *nrows = n;
  return 0;
}

/* ---- 党建服务包 coverage ---- */
void party_coverage_compute(const party_cov_pkg *p, size_t n, int64_t members, int64_t paired_members, const char *today, party_coverage *out) {
  memset(out, 0, sizeof *out);
  out->members = members;
  out->paired_members = paired_members;
  char qfrom[24];
  int y = atoi(today) % 10000, m = atoi(today + 5);
  if (m < 1 || m > 12) m = 1;
  snprintf(qfrom, sizeof qfrom, "%04d-%02d-01", y < 0 ? 0 : y, (m - 1) / 3 * 3 + 1);
  for (size_t i = 0; i < n; i++) {
    out->packages++;
    if (p[i].done) out->done++;
    out->visits += p[i].visits_year;
    if (p[i].last_visit[0] && strcmp(p[i].last_visit, qfrom) >= 0 && strcmp(p[i].last_visit, today) <= 0) out->visited_quarter++;
    if (p[i].level_up) out->level_up++;
  }
  /* permille, rounded half up: a branch with no member or no package shows 0 */
  out->member_rate = members > 0 ? (int)((paired_members * 1000 + members / 2) / members) : 0;
  out->visit_rate = out->packages > 0 ? (int)((out->visited_quarter * 1000 + out->packages / 2) / out->packages) : 0;
}

/* ---- 党建服务包 measures ---- */
int party_measures_parse(json_t *arr, party_measure **out, size_t *n, char *field, size_t fl, char *msg, size_t ml) {
  static const char *const kinds[] = {"提升方案", "设备", "柜台", "指导"};
  *out = NULL, *n = 0;
  if (!json_is_array(arr)) return fail(field, fl, msg, ml, "measures", "帮扶措施应为列表");
  size_t cnt = json_array_size(arr);
  if (cnt > 20) return fail(field, fl, msg, ml, "measures", "帮扶措施最多 20 项");
  party_measure *v = cnt ? calloc(cnt, sizeof *v) : NULL;
  if (cnt && !v) return fail(field, fl, msg, ml, "measures", "内存不足");
  for (size_t i = 0; i < cnt; i++) {
    json_t *o = json_array_get(arr, i), *k = json_object_get(o, "kind"), *c = json_object_get(o, "content"), *d = json_object_get(o, "done_on");
    const char *bad = NULL, *why = NULL;
    int known = 0;
    for (size_t j = 0; j < 4 && json_is_string(k); j++) known |= !strcmp(json_string_value(k), kinds[j]);
    if (!json_is_object(o)) bad = "", why = "应为对象";
    else if (json_object_size(o) != (size_t)(!!k + !!c + !!d)) bad = "", why = "有不认识的字段";
    else if (!known) bad = ".kind", why = "措施类型应为 提升方案、设备、柜台、指导 之一";
    else if (!json_is_string(c) || utf8_chars(json_string_value(c)) < 1 || utf8_chars(json_string_value(c)) > 200 ||
             !tab_utf8_valid(json_string_value(c), strlen(json_string_value(c))))
      bad = ".content", why = "措施内容应为 1 至 200 字";
    else if (d && !json_is_null(d) && (!json_is_string(d) || !party_date_valid(json_string_value(d)))) bad = ".done_on", why = "完成日期应为有效日期 YYYY-MM-DD";
    if (bad) {
      snprintf(field, fl, "measures[%zu]%s", i, bad);
      snprintf(msg, ml, "帮扶措施第%zu项：%s", i + 1, why);
      free(v);
      return -1;
    }
    snprintf(v[i].kind, sizeof v[i].kind, "%s", json_string_value(k));
    snprintf(v[i].content, sizeof v[i].content, "%s", json_string_value(c));
    if (json_is_string(d)) snprintf(v[i].done_on, sizeof v[i].done_on, "%s", json_string_value(d));
  }
  *out = v, *n = cnt;
  return 0;
}
