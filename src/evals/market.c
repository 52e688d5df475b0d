/* market.c — the market-check (市场检查) import reader, pure: a table with 许可证号, 检查日期, 明码标价 and an optional
 * 备注 becomes plain rows (the licence, the date as YYYY-MM-DD, whether prices were marked as required) and per-cell
 * errors. The handler then finds each licence's shop through shops.h and stores the rows (api_market.c). Fuzzed by
 * fuzz/fuzz_evals_market.c. */
#include "evals/internal.h"
#include "base/table.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const heads[EVALS_MKT_NCOLS] = {"许可证号", "检查日期", "明码标价", "备注"};

/* Whitespace-trimmed copy of s into out[cap] (cut at cap - 1 bytes); its length. */
static size_t trim_into(const char *s, char *out, size_t cap) {
  if (!s) s = "";
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  if (n >= cap) n = cap - 1;
  memcpy(out, s, n);
  out[n] = 0;
  return n;
}

static int leap(int y) { return (y % 4 == 0 && y % 100) || y % 400 == 0; }

/* "2026-03-05", "2026/3/5", "2026.3.5" or "20260305" → "2026-03-05"; 0 ok, -1 not a date. */
int evals_market_date(const char *s, char out[11]) {
  int y = 0, m = 0, d = 0, n = 0;
  size_t len = strlen(s);
  if (len == 8 && strspn(s, "0123456789") == 8) {
    if (sscanf(s, "%4d%2d%2d", &y, &m, &d) != 3) return -1;
  } else {
    char a, b;
    if (sscanf(s, "%4d%c%2d%c%2d%n", &y, &a, &m, &b, &d, &n) != 5 || (size_t)n != len || a != b || (a != '-' && a != '/' && a != '.')) return -1;
  }
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y))) return -1;
  char buf[40];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  memcpy(out, buf, 10);
  out[10] = 0;
  return 0;
}

/* 明码标价 as inspectors write it: 合格/符合/是/到位/1/√ met; 不合格/不符合/否/不到位/0/× not met. 1, 0, or -1 unknown. */
int evals_market_verdict(const char *s) {
  static const char *const yes[] = {"合格", "符合", "是", "到位", "规范", "1", "√", "✓", "Y", "y", NULL};
  static const char *const no[] = {"不合格", "不符合", "否", "不到位", "不规范", "0", "×", "✗", "N", "n", NULL};
  for (size_t i = 0; yes[i]; i++) if (!strcmp(s, yes[i])) return 1;
  for (size_t i = 0; no[i]; i++) if (!strcmp(s, no[i])) return 0;
  return -1;
}

static void add_error(json_t *errs, size_t line, const char *col, const char *code, const char *msg) {
  char m[200];
  snprintf(m, sizeof m, "第%zu行 %s：%s", line, col, msg);
  json_array_append_new(errs, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)line, "column", col, "code", code, "message", m));
}

int evals_market_read(const tab *t, evals_market *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->errors = json_array();
  if (!t || t->nrows < 1 || !out->errors) { snprintf(err, errlen, "文件是空的"); return -1; }
  int idx[EVALS_MKT_NCOLS];
  for (size_t k = 0; k < EVALS_MKT_NCOLS; k++) {
    idx[k] = -1;
    for (size_t c = 0; c < t->rows[0].ncells; c++) {
      char h[64];
      trim_into(t->rows[0].cells[c], h, sizeof h);
      if (!strncmp(h, heads[k], strlen(heads[k]))) { idx[k] = (int)c; break; }
    }
    if (idx[k] < 0 && k < 3) { snprintf(err, errlen, "缺少列：%s", heads[k]); return -1; }
  }
  out->rows = calloc(t->nrows, sizeof *out->rows);
  if (!out->rows) { snprintf(err, errlen, "内存不足"); return -1; }
  for (size_t i = 1; i < t->nrows; i++) {
    char cell[EVALS_MKT_NCOLS][200];
    int blank = 1;
    for (size_t k = 0; k < EVALS_MKT_NCOLS; k++) {
      const char *v = idx[k] >= 0 && (size_t)idx[k] < t->rows[i].ncells ? t->rows[i].cells[idx[k]] : "";
      blank &= trim_into(v, cell[k], sizeof cell[k]) == 0;
    }
    if (blank) continue;
    out->total++;
    size_t line = i + 1, before = json_array_size(out->errors);
    evals_market_row *r = &out->rows[out->nrows];
    r->line = line;
    if (!*cell[0]) add_error(out->errors, line, heads[0], "missing_field", "不能为空");
    else if (strlen(cell[0]) >= sizeof r->license) add_error(out->errors, line, heads[0], "invalid_field", "过长");
    else memcpy(r->license, cell[0], strlen(cell[0]) + 1); /* shorter than the field: checked just above */
    if (!*cell[1]) add_error(out->errors, line, heads[1], "missing_field", "不能为空");
    else if (evals_market_date(cell[1], r->date)) add_error(out->errors, line, heads[1], "invalid_field", "应为日期，如 2026-03-05");
    r->price_ok = evals_market_verdict(cell[2]);
    if (!*cell[2]) add_error(out->errors, line, heads[2], "missing_field", "不能为空");
    else if (r->price_ok < 0) add_error(out->errors, line, heads[2], "invalid_field", "应为 合格 或 不合格");
    snprintf(r->note, sizeof r->note, "%s", cell[3]);
    if (json_array_size(out->errors) == before) out->nrows++;
  }
  return 0;
}

void evals_market_free(evals_market *m) {
  free(m->rows);
  json_decref(m->errors);
  memset(m, 0, sizeof *m);
}
