/* import.c — values from XLSX/CSV: the long layout (指标编码, 单位编码, 月份, 数值) or the wide one (指标编码, 单位编码,
 * then one column per month "YYYY-MM"); a per-row report, nothing written unless every row is valid (or keep_valid=1). */
#include "cockpit/internal.h"
#include "base/import.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void err_add(json_t *errs, size_t row, const char *col, const char *msg) {
  if (json_array_size(errs) < 1000)
    json_array_append_new(errs, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row, "column", col, "message", msg));
}

static const char *trim(const char *s, char *buf, size_t n) {
  while (*s == ' ' || *s == '\t') s++;
  snprintf(buf, n, "%s", s);
  size_t l = strlen(buf);
  while (l && (buf[l - 1] == ' ' || buf[l - 1] == '\t' || buf[l - 1] == '\r' || buf[l - 1] == '\n')) buf[--l] = 0;
  return buf;
}

/* Copies a code already checked to fit (strlen < 64). */
static void cp64(char dst[64], const char *src) {
  size_t l = strlen(src);
  if (l > 63) l = 63;
  memcpy(dst, src, l);
  dst[l] = 0;
}

static int parse_number(const char *s, double *v) {
  char b[64], clean[64];
  trim(s, b, sizeof b);
  size_t k = 0;
  /* Thousands separators as Excel users type them. */
  for (const char *p = b; *p && k + 1 < sizeof clean; p++)
    if (*p != ',') clean[k++] = *p;
  clean[k] = 0;
  if (!*clean) return 0;
  char *end;
  double x = strtod(clean, &end);
  if (*end || !isfinite(x) || fabs(x) > 1e13) return -1;
  *v = x;
  return 1;
}

static int col_of(const tab *t, const char *name) {
  char b[128];
  for (size_t k = 0; t->nrows && k < t->rows[0].ncells; k++)
    if (!strcmp(trim(t->rows[0].cells[k], b, sizeof b), name)) return (int)k;
  return -1;
}

long ck_import_parse(const tab *t, ck_imp_row **out, json_t *errs) {
  *out = NULL;
  if (!t || t->nrows < 1) { err_add(errs, 1, "", "文件为空"); return 0; }
  int ci = col_of(t, "指标编码"), cu = col_of(t, "单位编码"), cm = col_of(t, "月份"), cv = col_of(t, "数值");
  if (ci < 0 || cu < 0) { err_add(errs, 1, ci < 0 ? "指标编码" : "单位编码", "缺少必需的列，请使用导入模板"); return 0; }
  int wide = cm < 0 && cv < 0;
  if (!wide && (cm < 0 || cv < 0)) { err_add(errs, 1, cm < 0 ? "月份" : "数值", "长表需要「月份」和「数值」两列"); return 0; }
  /* Wide: every header cell that is a month names a column of values. */
  size_t ncols = t->rows[0].ncells, nmonths = 0;
  int *mcol = calloc(ncols + 1, sizeof *mcol);
  if (!mcol) return -1;
  for (size_t k = 0; wide && k < ncols; k++) {
    char b[32];
    if (cockpit_month_parse(trim(t->rows[0].cells[k], b, sizeof b)) >= 0) mcol[nmonths++] = (int)k;
  }
  if (wide && !nmonths) { free(mcol); err_add(errs, 1, "", "宽表的表头应有「YYYY-MM」格式的月份列"); return 0; }
  size_t cap = (t->nrows) * (wide ? nmonths : 1) + 1;
  if (cap > 2000000) { free(mcol); err_add(errs, 1, "", "数据过多（上限200万个数值）"); return 0; }
  ck_imp_row *rows = calloc(cap, sizeof *rows);
  if (!rows) { free(mcol); return -1; }
  long n = 0;
  for (size_t i = 1; i < t->nrows; i++) {
    char ind[128], unit[128];
    trim(tab_cell(t, i, (size_t)ci) ? tab_cell(t, i, (size_t)ci) : "", ind, sizeof ind);
    trim(tab_cell(t, i, (size_t)cu) ? tab_cell(t, i, (size_t)cu) : "", unit, sizeof unit);
    int blank = !*ind && !*unit;
    for (size_t k = 0; blank && k < t->rows[i].ncells; k++) blank = !*t->rows[i].cells[k];
    if (blank) continue;
    size_t rn = i + 1;
    int bad = 0;
    if (!*ind || strlen(ind) >= sizeof rows->ind) { err_add(errs, rn, "指标编码", !*ind ? "不能为空" : "过长"); bad = 1; }
    if (!*unit || strlen(unit) >= sizeof rows->unit) { err_add(errs, rn, "单位编码", !*unit ? "不能为空" : "过长"); bad = 1; }
    if (wide) {
      for (size_t k = 0; k < nmonths; k++) {
        const char *cell = tab_cell(t, i, (size_t)mcol[k]);
        double v;
        int got = parse_number(cell ? cell : "", &v);
        if (got < 0) { err_add(errs, rn, t->rows[0].cells[mcol[k]], "应为数字"); bad = 1; continue; }
        if (!got || bad) continue;
        ck_imp_row *o = &rows[n++];
        cp64(o->ind, ind);
        cp64(o->unit, unit);
        trim(t->rows[0].cells[mcol[k]], o->month, sizeof o->month);
        o->value = v;
        o->row = (int)rn;
      }
    } else {
      char m[32];
      trim(tab_cell(t, i, (size_t)cm) ? tab_cell(t, i, (size_t)cm) : "", m, sizeof m);
      double v = 0;
      int got = parse_number(tab_cell(t, i, (size_t)cv) ? tab_cell(t, i, (size_t)cv) : "", &v);
      if (cockpit_month_parse(m) < 0) { err_add(errs, rn, "月份", "应为 YYYY-MM"); bad = 1; }
      if (got <= 0) { err_add(errs, rn, "数值", got < 0 ? "应为数字" : "不能为空"); bad = 1; }
      if (bad) continue;
      ck_imp_row *o = &rows[n++];
      cp64(o->ind, ind);
      cp64(o->unit, unit);
      memcpy(o->month, m, 7); /* validated: exactly YYYY-MM */
      o->month[7] = 0;
      o->value = v;
      o->row = (int)rn;
    }
  }
  free(mcol);
  *out = rows;
  return n;
}


static void h_import(req *r) {
  tab *t = imp_read(r, 0);
  if (!t) return;
  json_t *errs = json_array();
  ck_imp_row *rows = NULL;
  long n = ck_import_parse(t, &rows, errs);
  tab_free(t);
  if (n < 0) { json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (n == 0 && json_array_size(errs) && json_integer_value(json_object_get(json_array_get(errs, 0), "row")) == 1) {
    json_t *e = json_array_get(errs, 0);
    http_error(r, ERR_BAD_FILE, "file", "%s：%s", json_string_value(json_object_get(e, "column")), json_string_value(json_object_get(e, "message")));
    json_decref(errs);
    free(rows);
    return;
  }
  /* Lookups: indicator (enabled, not a ratio) and unit (inside the caller's scope). */
  int64_t *ind = calloc((size_t)n + 1, sizeof *ind), *unit = calloc((size_t)n + 1, sizeof *unit);
  const org_scope *sc = org_caller_scope(r);
  if (!ind || !unit || !sc) { free(ind); free(unit); free(rows); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char lastc[64] = "", lastu[64] = "";
  int64_t li = 0, lu = 0;
  int lu_ok = 0;
  for (long k = 0; k < n; k++) {
    if (strcmp(rows[k].ind, lastc)) {
      snprintf(lastc, sizeof lastc, "%s", rows[k].ind);
      li = ck_store_import_indicator(rows[k].ind);
    }
    if (strcmp(rows[k].unit, lastu)) {
      snprintf(lastu, sizeof lastu, "%s", rows[k].unit);
      lu = org_unit_id_by_code(rows[k].unit);
      lu_ok = lu && (sc->all || org_caller(r)->unit_id == lu || org_scope_has_unit(sc, lu));
    }
    ind[k] = li;
    unit[k] = lu_ok ? lu : 0;
    char msg[160];
    if (!li) { snprintf(msg, sizeof msg, "指标 %.40s 不存在或是比率指标（由分子分母计算）", rows[k].ind); err_add(errs, (size_t)rows[k].row, "指标编码", msg); }
    if (!unit[k]) { snprintf(msg, sizeof msg, "单位 %.40s 不存在或不在您的数据范围内", rows[k].unit); err_add(errs, (size_t)rows[k].row, "单位编码", msg); }
  }
  size_t nerr = json_array_size(errs), valid = 0;
  for (long k = 0; k < n; k++) valid += ind[k] && unit[k];
  json_t *report = json_pack("{s:I,s:I,s:I,s:I,s:o}", "total", (json_int_t)n, "values", (json_int_t)n, "valid", (json_int_t)valid, "written", (json_int_t)0, "errors", errs);
  if (!valid && !(nerr && !imp_flag(r, "keep_valid")) && !imp_flag(r, "dry_run")) {
    free(ind); free(unit); free(rows); json_decref(report);
    http_error(r, ERR_BAD_FILE, "file", "文件中没有数据");
    return;
  }
  if (!imp_gate(r, report)) { free(ind); free(unit); free(rows); return; }
  if (ck_tx_begin(r)) { free(ind); free(unit); free(rows); json_decref(report); return; }
  int fail = 0;
  size_t written = 0;
  const char *who = org_caller(r)->name;
  for (long k = 0; k < n && !fail; k++) {
    if (!ind[k] || !unit[k]) continue;
    /* One audit row for the whole file below, not one per value. */
    fail = ck_value_put(NULL, ind[k], rows[k].ind, unit[k], rows[k].month, &rows[k].value, "import", who);
    written += !fail;
  }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  char sum[120];
  snprintf(sum, sizeof sum, "导入指标数据 %zu 个", written);
  json_t *after = json_pack("{s:I,s:s}", "written", (json_int_t)written, "layout", "file");
  if (fail || org_audit(r, "cockpit.value.import", "cockpit_value", 0, sum, NULL, after)) {
    json_decref(after); json_decref(report); free(ind); free(unit); free(rows);
    ck_tx_fail(r);
    return;
  }
  json_decref(after);
  free(ind); free(unit); free(rows);
  if (ck_tx_commit(r)) { json_decref(report); return; }
  http_json(r, 200, report);
}

static const export_col tpl_cols[] = {{"指标编码", "i", 0}, {"单位编码", "u", 0}, {"月份", "m", 0}, {"数值", "v", 1}};
static void h_template(req *r) {
  const char *ex[] = {"XSL", "SCB-CQ", "2026-01", "1234.5"};
  const char *f = http_query(r, "format");
  export_template(r, f && !strcmp(f, "csv") ? EXPORT_CSV : EXPORT_XLSX, "指标数据导入模板", tpl_cols, 4, ex);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/cockpit/import", "cockpit:value:import", h_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/cockpit/template", "cockpit:value:import", h_template, 0},
};

void ck_import_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
