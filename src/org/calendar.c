/* calendar.c — 工作日历: the days that differ from Monday-to-Friday (statutory holidays, 调休 make-up working days),
 * edited day by day or imported each year from the State Council's arrangement; and working-day counts for others. */
#include "org/internal.h"
#include "base/import.h"
#include "base/csv.h"
#include "base/embedded.h"
#include "base/table.h"
#include "base/workday.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Validates a table of (日期, 类型, 名称) rows; fills errs; returns the count of valid rows. Header row 0 is skipped. */
static size_t check_rows(tab *t, int ci[3], json_t *errs, char *ok, size_t *total) {
  size_t valid = 0;
  for (size_t i = 1; i < t->nrows; i++) {
    const char *d = ci[0] >= 0 ? tab_cell(t, i, (size_t)ci[0]) : NULL, *k = ci[1] >= 0 ? tab_cell(t, i, (size_t)ci[1]) : NULL;
    const char *n = ci[2] >= 0 ? tab_cell(t, i, (size_t)ci[2]) : NULL;
    if ((!d || !*d) && (!k || !*k)) continue;
    size_t before = json_array_size(errs);
    if (!d || wd_parse(d) < 0) imp_error(errs, i + 1, "日期", "invalid_field", "应为 YYYY-MM-DD 格式的真实日期");
    if (!k || wd_kind_parse(k) < 0) imp_error(errs, i + 1, "类型", "invalid_field", "应为 工作日、休息日、法定节假日、调休上班 之一");
    if (n && (jv_utf8_chars(n) < 0 || jv_utf8_chars(n) > 32)) imp_error(errs, i + 1, "名称", "invalid_field", "不能超过32个字");
    if (json_array_size(errs) == before) valid++;
    else if (ok) ok[i] = 0;
    if (total) (*total)++;
  }
  return valid;
}

static void find_cols(tab *t, int ci[3]) {
  static const char *const names[] = {"日期", "类型", "名称"};
  for (int c = 0; c < 3; c++) {
    ci[c] = -1;
    for (size_t k = 0; t->nrows && k < t->rows[0].ncells; k++)
      if (strstr(t->rows[0].cells[k], names[c])) { ci[c] = (int)k; break; }
  }
}

/* Loads the shipped arrangement for a year (data/holidays-YYYY.csv) unless that year already has entries. */
int org_calendar_seed(void) {
  for (const struct embedded_file *f = embedded_files; f->path; f++) {
    if (strncmp(f->path, "data/holidays-", 14) != 0) continue;
    char year[5];
    snprintf(year, sizeof year, "%.4s", f->path + 14);
    int64_t have = org_store_calendar_year_count(year);
    if (have < 0) return -1;
    if (have != 0) continue;
    char err[200];
    tab *t = csv_read(f->data, f->len, NULL, err, sizeof err);
    if (!t) return -1;
    int ci[3];
    find_cols(t, ci);
    for (size_t i = 1; i < t->nrows; i++)
      if (org_store_calendar_upsert(tab_cell(t, i, (size_t)ci[0]), wd_kind_name((wd_kind)wd_kind_parse(tab_cell(t, i, (size_t)ci[1]))), tab_cell(t, i, (size_t)ci[2]))) {
        tab_free(t);
        return -1;
      }
    tab_free(t);
  }
  return 0;
}

static void h_list(req *r) {
  const char *y = http_query(r, "year");
  char year[5];
  if (y && (strlen(y) != 4 || atoi(y) < 1970 || atoi(y) > 9999)) { http_error(r, ERR_BAD_QUERY, "year", "年份应为四位数字"); return; }
  char now[20];
  org_now(now);
  memcpy(year, y ? y : now, 4); /* this year when not asked */
  year[4] = 0;
  json_t *items = org_store_calendar_year(year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  wd_cal cal;
  if (org_calendar_load(&cal)) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char d0[11], d1[11];
  snprintf(d0, sizeof d0, "%s-01-01", year);
  snprintf(d1, sizeof d1, "%s-12-31", year);
  int work = wd_between(&cal, wd_parse(d0) - 1, wd_parse(d1));
  free(cal.days);
  http_json(r, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)json_array_size(items), "year", atoi(year), "working_days", work));
}

static void h_put(req *r) {
  const char *day = http_param(r, 0);
  if (wd_parse(day) < 0) { http_error(r, ERR_INVALID, "day", "日期应为 YYYY-MM-DD 格式的真实日期"); return; }
  static const char *const allowed[] = {"kind", "name", NULL};
  static const char *const kinds[] = {"工作日", "休息日", "法定节假日", "调休上班", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *kind, *name = "";
  if (jv_enum(r, o, "kind", "类型", JV_REQUIRED, kinds, &kind) < 0 || jv_str(r, o, "name", "名称", JV_OPTIONAL, 0, 32, &name) < 0) return;
  if (org_tx_begin(r)) return;
  json_t *before = org_store_calendar_day(day);
  json_t *after = json_pack("{s:s,s:s,s:s}", "day", day, "kind", kind, "name", name ? name : "");
  char sum[120];
  snprintf(sum, sizeof sum, "工作日历：%s 设为%s", day, kind);
  int bad = org_store_calendar_upsert(day, kind, name) || org_audit(r, before ? "org.calendar.update" : "org.calendar.create", "calendar", 0, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_delete(req *r) {
  const char *day = http_param(r, 0);
  if (wd_parse(day) < 0) { http_error(r, ERR_INVALID, "day", "日期应为 YYYY-MM-DD 格式的真实日期"); return; }
  if (org_tx_begin(r)) return;
  json_t *before = org_store_calendar_day(day);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "这一天没有特别安排"); return; }
  char sum[120];
  snprintf(sum, sizeof sum, "工作日历：%s 恢复默认", day);
  int bad = org_store_calendar_delete(day) || org_audit(r, "org.calendar.delete", "calendar", 0, sum, before, NULL);
  json_decref(before);
  if (bad) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_import(req *r) {
  tab *t = imp_read(r, 1);
  if (!t) return;
  int ci[3];
  find_cols(t, ci);
  if (ci[0] < 0 || ci[1] < 0) { tab_free(t); http_error(r, ERR_BAD_FILE, "file", "缺少必需的列「日期」「类型」，请使用导入模板"); return; }
  json_t *errs = json_array();
  char *ok = malloc(t->nrows);
  if (!ok) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  memset(ok, 1, t->nrows);
  size_t total = 0, valid = check_rows(t, ci, errs, ok, &total);
  json_t *report = imp_report(total, valid, errs);
  if (!imp_gate(r, report)) { free(ok); tab_free(t); return; }
  if (org_tx_begin(r)) { free(ok); json_decref(report); tab_free(t); return; }
  size_t written = 0;
  int bad = 0;
  for (size_t i = 1; !bad && i < t->nrows; i++) {
    const char *d = tab_cell(t, i, (size_t)ci[0]);
    if (!d || !*d || !ok[i]) continue;
    bad = org_store_calendar_upsert(d, wd_kind_name((wd_kind)wd_kind_parse(tab_cell(t, i, (size_t)ci[1]))), ci[2] >= 0 ? tab_cell(t, i, (size_t)ci[2]) : "");
    written++;
  }
  char sum[120];
  snprintf(sum, sizeof sum, "导入工作日历 %zu 天", written);
  free(ok);
  tab_free(t);
  if (bad || org_audit(r, "org.calendar.import", "calendar", 0, sum, NULL, NULL)) { json_decref(report); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}

static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col cols[] = {{"日期", "", 0}, {"类型", "", 0}, {"名称", "", 0}};
  const char *ex[] = {"2027-01-01", "法定节假日", "元旦"};
  export_template(r, f && strcmp(f, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, "工作日历导入模板", cols, 3, ex);
}

/* ?from=D&to=D → working days in (from, to]; ?from=D&add=N → the date N working days later. */
static void h_count(req *r) {
  const char *f = http_query(r, "from"), *t = http_query(r, "to"), *a = http_query(r, "add");
  int from = wd_parse(f);
  if (from < 0) { http_error(r, ERR_BAD_QUERY, "from", "开始日期应为 YYYY-MM-DD"); return; }
  wd_cal cal;
  if (org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (a) {
    char *end;
    long n = strtol(a, &end, 10);
    if (*end || n < 0 || n > 3650) { free(cal.days); http_error(r, ERR_BAD_QUERY, "add", "天数应为 0 到 3650 的整数"); return; }
    char out[11];
    wd_format(wd_add(&cal, from, (int)n), out);
    free(cal.days);
    http_json(r, 200, json_pack("{s:s,s:i,s:s}", "from", f, "add", (int)n, "date", out));
    return;
  }
  int to = wd_parse(t);
  if (to < 0 || to - from > 3660 || from - to > 3660) { free(cal.days); http_error(r, ERR_BAD_QUERY, "to", "结束日期应为 YYYY-MM-DD，且与开始日期相差不超过十年"); return; }
  int n = wd_between(&cal, from, to);
  free(cal.days);
  http_json(r, 200, json_pack("{s:s,s:s,s:i}", "from", f, "to", t, "working_days", n));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/calendar", NULL, h_list, 0},
  {HTTP_GET, "/api/v1/org/calendar/count", NULL, h_count, 0},
  {HTTP_GET, "/api/v1/org/calendar/template", "org:calendar:import", h_template, 0},
  {HTTP_POST, "/api/v1/org/calendar/import", "org:calendar:import", h_import, R_RAW_BODY},
  {HTTP_PUT, "/api/v1/org/calendar/:day", "org:calendar:edit", h_put, 0},
  {HTTP_DELETE, "/api/v1/org/calendar/:day", "org:calendar:edit", h_delete, 0},
};
void org_calendar_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
