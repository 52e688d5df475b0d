/* reader.c — the monthly-data import reader: a table in long or wide layout becomes (licence, month, metric, value)
 * rows and a per-row error list. Pure (no database); fuzzed through fuzz/fuzz_shops_import.c. */
#include "shops/shops.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const shops_metric_def shops_default_metrics[] = {
  {"order_qty", "订购量"}, {"scan_qty", "扫码销售量"}, {"online_orders", "网上订货次数"}, {"mobile_pay_share", "移动支付笔数占比"},
  {"active_days", "终端活跃天数"}, {"order_amount", "订购金额"}, {"member_qty", "会员销售量"}, {"pay_count", "聚合支付笔数"},
};
const size_t shops_default_nmetrics = sizeof shops_default_metrics / sizeof shops_default_metrics[0];

static const char *trim(const char *s, size_t *n) {
  while (*s == ' ' || *s == '\t') s++;
  size_t k = strlen(s);
  while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r' || s[k - 1] == '\n')) k--;
  *n = k;
  return s;
}

/* "订购量", "订购量(条)", "订购量（条）" or the code itself. */
static const char *metric_of(const char *h, const shops_metric_def *defs, size_t ndefs) {
  size_t n;
  h = trim(h, &n);
  if (!n) return NULL;
  for (size_t i = 0; i < ndefs; i++) {
    size_t cl = strlen(defs[i].code), nl = strlen(defs[i].name);
    if (n == cl && !memcmp(h, defs[i].code, n)) return defs[i].code;
    if (n >= nl && !memcmp(h, defs[i].name, nl) && (n == nl || h[nl] == '(' || !strncmp(h + nl, "（", 3))) return defs[i].code;
  }
  return NULL;
}

static int header_is(const char *h, const char *const *names) {
  size_t n;
  h = trim(h, &n);
  for (; *names; names++)
    if (strlen(*names) == n && !memcmp(h, *names, n)) return 1;
  return 0;
}

static int digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return n > 0;
}

/* Normalises a month cell into "YYYY-MM"; 0 ok. */
static int parse_month(const char *c, char out[8]) {
  size_t n;
  const char *s = trim(c, &n);
  int y, m;
  if (n == 6 && digits(s, 6)) { y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'); m = (s[4] - '0') * 10 + (s[5] - '0'); }
  else {
    if (n < 6 || n > 16 || !digits(s, 4)) return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    size_t i = 4;
    if (s[i] == '-' || s[i] == '/' || s[i] == '.') i++;
    else if (n >= 7 && !memcmp(s + i, "年", 3)) i += 3;
    else return -1;
    size_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9' && j - i < 2) j++;
    if (j == i) return -1;
    if (j - i == 2) m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    else m = s[i] - '0';
    /* what may follow: nothing, 月, or a day ("-01", "/1", "-01 00:00:00") */
    if (j < n) {
      if (n - j == 3 && !memcmp(s + j, "月", 3)) {}
      else if (s[j] == '-' || s[j] == '/' || s[j] == '.') {
        size_t k = j + 1, d0 = k;
        while (k < n && s[k] >= '0' && s[k] <= '9') k++;
        if (k == d0 || k - d0 > 2) return -1;
        if (k < n && strncmp(s + k, " 00:00:00", n - k)) return -1;
      } else return -1;
    }
  }
  if (y < 2000 || y > 2099 || m < 1 || m > 12) return -1;
  snprintf(out, 8, "%04d-%02d", y, m);
  return 0;
}

/* A plain decimal ≥ 0: digits with thousands commas, one dot, optional trailing %. */
static int parse_value(const char *c, double *v) {
  size_t n;
  const char *s = trim(c, &n);
  if (n && s[n - 1] == '%') n--;
  if (!n || n > 30) return -1;
  char buf[32];
  size_t k = 0;
  int dot = 0, dig = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ',') continue;
    if (s[i] == '.') { if (dot++) return -1; }
    else if (s[i] >= '0' && s[i] <= '9') dig++;
    else return -1;
    buf[k++] = s[i];
  }
  if (!dig) return -1;
  buf[k] = 0;
  *v = strtod(buf, NULL);
  return isfinite(*v) && *v <= 1e12 ? 0 : -1;
}

static void err_add(shops_import *o, size_t line, const char *col, const char *msg, const char *cell) {
  char full[400];
  if (cell) snprintf(full, sizeof full, "第%zu行 %s：%s（%.60s）", line, col, msg, cell);
  else snprintf(full, sizeof full, "第%zu行 %s：%s", line, col, msg);
  if (json_array_size(o->errors) < 1000) json_array_append_new(o->errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)line, "column", col, "message", full));
}

/* The rows of one line share one copy of its licence (a wide line has a row per metric): only the first row of a line
 * owns it, which row_owns tells. */
static int row_owns(const shops_import *o, size_t i) { return i == 0 || o->rows[i - 1].license != o->rows[i].license; }

static int push(shops_import *o, size_t *cap, size_t line, const char *lic, size_t licn, const char *month, const char *metric, double v) {
  if (o->nrows == *cap) {
    size_t nc = *cap ? *cap * 2 : 256;
    shops_import_row *nr = realloc(o->rows, nc * sizeof *nr);
    if (!nr) return -1;
    o->rows = nr;
    *cap = nc;
  }
  shops_import_row *r = &o->rows[o->nrows];
  r->license = o->nrows && o->rows[o->nrows - 1].line == line ? o->rows[o->nrows - 1].license : strndup(lic, licn);
  if (!r->license) return -1;
  r->line = line;
  memcpy(r->month, month, 8);
  r->metric = metric;
  r->value = v;
  o->nrows++;
  return 0;
}

int shops_import_read(const tab *t, const shops_metric_def *defs, size_t ndefs, shops_import *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->errors = json_array();
  if (!out->errors) { snprintf(err, errlen, "内存不足"); return -1; }
  if (!t || t->nrows < 1) { snprintf(err, errlen, "文件是空的"); return -1; }
  static const char *const h_lic[] = {"许可证号", "许可证", "license_no", NULL}, *const h_month[] = {"月份", "month", NULL},
                           *const h_metric[] = {"指标", "metric", NULL}, *const h_value[] = {"数值", "value", NULL};
  const tab_row *h = &t->rows[0];
  int c_lic = -1, c_month = -1, c_metric = -1, c_value = -1;
  const char **colmetric = calloc(h->ncells ? h->ncells : 1, sizeof *colmetric);
  if (!colmetric) { snprintf(err, errlen, "内存不足"); return -1; }
  size_t nmcols = 0;
  for (size_t c = 0; c < h->ncells; c++) {
    const char *x = h->cells[c];
    if (c_lic < 0 && header_is(x, h_lic)) c_lic = (int)c;
    else if (c_month < 0 && header_is(x, h_month)) c_month = (int)c;
    else if (c_metric < 0 && header_is(x, h_metric)) c_metric = (int)c;
    else if (c_value < 0 && header_is(x, h_value)) c_value = (int)c;
    else if ((colmetric[c] = metric_of(x, defs, ndefs))) {
      for (size_t e = 0; e < c; e++)
        if (colmetric[e] == colmetric[c]) { free(colmetric); snprintf(err, errlen, "指标列「%.60s」重复", x); return -1; }
      nmcols++;
    }
  }
  if (c_lic < 0 || c_month < 0) { free(colmetric); snprintf(err, errlen, "缺少必需的列「许可证号」或「月份」，请使用导入模板"); return -1; }
  out->wide = !(c_metric >= 0 && c_value >= 0);
  if (out->wide && !nmcols) { free(colmetric); snprintf(err, errlen, "没有认得的指标列：长表需要「指标」「数值」两列，宽表每个指标一列"); return -1; }
  size_t cap = 0;
  for (size_t r = 1; r < t->nrows; r++) {
    const tab_row *row = &t->rows[r];
    size_t line = r + 1;
    if (!row->ncells) continue;
    int blank = 1;
    for (size_t c = 0; c < row->ncells && blank; c++) { size_t n; trim(row->cells[c], &n); blank = n == 0; }
    if (blank) continue;
    out->lines++;
    size_t ln;
    const char *lic = trim(tab_cell(t, r, (size_t)c_lic) ? tab_cell(t, r, (size_t)c_lic) : "", &ln);
    const char *mc = tab_cell(t, r, (size_t)c_month);
    char month[8];
    int bad = 0;
    if (!ln) { err_add(out, line, "许可证号", "不能为空", NULL); bad = 1; }
    else if (ln > 40) { err_add(out, line, "许可证号", "过长", NULL); bad = 1; }
    if (parse_month(mc ? mc : "", month)) { err_add(out, line, "月份", "应为 YYYY-MM（如 2026-03）", mc ? mc : ""); bad = 1; }
    if (!out->wide) {
      const char *mn = tab_cell(t, r, (size_t)c_metric), *vc = tab_cell(t, r, (size_t)c_value);
      const char *metric = metric_of(mn ? mn : "", defs, ndefs);
      double v;
      if (!metric) { err_add(out, line, "指标", "不是指标字典中的指标", mn ? mn : ""); bad = 1; }
      if (parse_value(vc ? vc : "", &v)) { err_add(out, line, "数值", "应为不小于0的数字", vc ? vc : ""); bad = 1; }
      if (!bad && push(out, &cap, line, lic, ln, month, metric, v)) goto nomem;
      continue;
    }
    for (size_t c = 0; c < row->ncells && c < h->ncells; c++) { /* cells past the header have no metric */
      if (!colmetric[c]) continue;
      size_t n;
      trim(row->cells[c], &n);
      if (!n) continue; /* blank: no data for this metric, not zero */
      double v;
      if (parse_value(row->cells[c], &v)) { err_add(out, line, h->cells[c], "应为不小于0的数字", row->cells[c]); bad = 1; continue; }
      if (!bad && push(out, &cap, line, lic, ln, month, colmetric[c], v)) goto nomem;
    }
    /* A row with an error contributes nothing, even its good cells. */
    if (bad)
      while (out->nrows && out->rows[out->nrows - 1].line == line) {
        out->nrows--;
        if (row_owns(out, out->nrows)) free(out->rows[out->nrows].license);
      }
  }
  free(colmetric);
  return 0;
nomem:
  free(colmetric);
  snprintf(err, errlen, "内存不足");
  return -1;
}

void shops_import_free(shops_import *imp) {
  if (!imp) return;
  for (size_t i = 0; i < imp->nrows; i++)
    if (row_owns(imp, i)) free(imp->rows[i].license);
  free(imp->rows);
  json_decref(imp->errors);
  memset(imp, 0, sizeof *imp);
}
