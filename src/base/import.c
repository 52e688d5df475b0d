/* import.c — the shared import pipeline (see import.h): reading uploads, headers, row errors, the report gate. */
#include "base/import.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/xlsx.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tab *imp_read_mem(const void *data, size_t len, char *err, size_t errlen) {
  int is_xlsx = len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
  return is_xlsx ? xlsx_read(data, len, err, errlen) : csv_read(data, len, NULL, err, errlen);
}

tab *imp_read(req *r, size_t min_rows) {
  if (!r->body || r->body_len == 0) { http_error(r, ERR_BAD_FILE, "file", "没有收到文件"); return NULL; }
  const char *fmt = http_query(r, "format");
  int is_xlsx = r->body_len >= 4 && memcmp(r->body, "PK\x03\x04", 4) == 0;
  if (fmt && *fmt && strcmp(fmt, "xlsx") && strcmp(fmt, "csv")) { http_error(r, ERR_BAD_QUERY, "format", "格式只能是 xlsx 或 csv"); return NULL; }
  if (fmt && strcmp(fmt, "xlsx") == 0 && !is_xlsx) { http_error(r, ERR_BAD_FILE, "file", "文件不是有效的xlsx"); return NULL; }
  char err[256] = "";
  tab *t = imp_read_mem(r->body, r->body_len, err, sizeof err);
  if (!t) { http_error(r, ERR_BAD_FILE, "file", "文件无法读取：%s", err); return NULL; }
  if (t->nrows < (min_rows ? min_rows : 1)) {
    tab_free(t);
    http_error(r, ERR_BAD_FILE, "file", min_rows > 1 ? "文件中没有数据行" : "文件是空的");
    return NULL;
  }
  return t;
}

int imp_col(const tab *t, const char *name) {
  for (size_t c = 0; t && t->nrows && c < t->rows[0].ncells; c++) {
    const char *h = t->rows[0].cells[c];
    while (*h == ' ' || *h == '\t') h++;
    if (strncmp(h, name, strlen(name)) == 0) return (int)c;
  }
  return -1;
}

int imp_cols(req *r, const tab *t, const char *const *names, const int *required, int *idx, size_t n) {
  for (size_t i = 0; i < n; i++) {
    idx[i] = imp_col(t, names[i]);
    if (idx[i] < 0 && required && required[i]) { http_error(r, ERR_BAD_FILE, names[i], "缺少必需的列「%s」，请使用导入模板", names[i]); return -1; }
  }
  return 0;
}

const char *imp_cell(const tab *t, size_t row, int col) {
  const char *c = col < 0 ? NULL : tab_cell(t, row, (size_t)col);
  return c ? c : "";
}

int imp_row_blank(const tab *t, size_t row) {
  if (row >= t->nrows) return 1;
  for (size_t c = 0; c < t->rows[row].ncells; c++)
    if (t->rows[row].cells[c][strspn(t->rows[row].cells[c], " \t\r\n")]) return 0;
  return 1;
}

char *imp_trim(req *r, const char *s) {
  if (!s) s = "";
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  return req_own(r, strndup(s, n));
}

void imp_error(json_t *errs, size_t row, const char *col, const char *code, const char *fmt, ...) {
  char msg[300], full[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "第%zu行 %s：%s", row, col, msg);
  json_array_append_new(errs, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column", col, "code", code, "message", full));
}

int imp_flag(req *r, const char *k) {
  const char *v = http_query(r, k);
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

json_t *imp_report(size_t total, size_t valid, json_t *errs) {
  return json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "valid", (json_int_t)valid, "written", (json_int_t)0, "errors", errs);
}

void imp_invalid(req *r, json_t *report) {
  char msg[200];
  snprintf(msg, sizeof msg, "导入数据有 %zu 处错误，未写入任何数据；请修改后重新导入，或选择仅导入正确的行",
           json_array_size(json_object_get(report, "errors")));
  http_error_details(r, ERR_IMPORT_INVALID, msg, report);
}

int imp_gate(req *r, json_t *report) {
  if (json_array_size(json_object_get(report, "errors")) && !imp_flag(r, "keep_valid")) { imp_invalid(r, report); return 0; }
  if (imp_flag(r, "dry_run")) { http_json(r, 200, report); return 0; }
  return 1;
}
