/* data.c — monthly shop data (经营数据): import in long or wide layout (GBK or UTF-8 CSV, XLSX) where a month
 * re-imported replaces exactly that shop-month, synchronously for small files and as a background job with progress for
 * large ones; and one shop's series for its page. */
#include "shops/internal.h"
#include "base/import.h"
#include "base/csv.h"
#include "base/job.h"
#include "base/xlsx.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct lic { const char *license; int64_t id; } lic;
static int lic_cmp(const void *a, const void *b) { return strcmp(((const lic *)a)->license, ((const lic *)b)->license); }
/* One value to write: (shop id, month index, metric index) packed so that sorting and duplicate finding compare one
 * integer, and the row it came from (ties keep file order). */
typedef struct keyed { uint64_t key; size_t row; } keyed;
static int keyed_cmp(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}
#define KEY_SHOP_MONTH(k) ((k) >> 6)

typedef struct import_arg {
  char *body; size_t len;
  int keep_valid;
  /* the caller's scope, copied for the job thread */
  int all; char *units_json; int64_t user_id;
  job *j;
} import_arg;

static void arg_free(void *p) {
  import_arg *a = p;
  if (!a) return;
  free(a->body);
  free(a->units_json);
  free(a);
}

size_t shops_vals_json(char *buf, size_t cap, const char *const *codes, const double *vals, size_t n) {
  size_t len = 0;
  if (cap < 3) return 0;
  buf[len++] = '{';
  for (size_t i = 0; i < n; i++) {
    if (i) buf[len++] = ',';
    if (len + 2 >= cap) return 0;
    buf[len++] = '"';
    for (const char *c = codes[i]; *c; c++) {
      if (len + 8 >= cap) return 0;
      unsigned char ch = (unsigned char)*c;
      if (ch == '"' || ch == '\\' || ch < 0x20) len += (size_t)snprintf(buf + len, cap - len, "\\u%04x", ch);
      else buf[len++] = *c;
    }
    if (len + 34 >= cap) return 0;
    buf[len++] = '"';
    buf[len++] = ':';
    double v = vals[i];
    /* Most values are whole or have a few decimals: written as k / 10^d without printf's floating-point formatting,
     * when that reads back exactly (k and 10^d are exact doubles, so k / 10^d is the value strtod gives the digits). */
    static const double p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    int dec = -1;
    int64_t k = 0;
    for (int e = 0; e < 7 && v >= 0 && v * p10[e] < 1e15; e++) {
      k = llround(v * p10[e]);
      if ((double)k / p10[e] == v) { dec = e; break; }
    }
    if (dec >= 0) {
      char dg[24];
      int nd = 0;
      for (int64_t x = k; nd <= dec || x; x /= 10) {
        if (nd == dec && dec > 0) dg[nd++] = '.';
        dg[nd++] = (char)('0' + x % 10);
      }
      while (nd) buf[len++] = dg[--nd];
    } else {
      /* %.15g is exact for a value of up to 15 significant digits; %.17g round-trips the rest */
      char num[32];
      snprintf(num, sizeof num, "%.15g", v);
      if (strtod(num, NULL) != v) snprintf(num, sizeof num, "%.17g", v);
      size_t w = strlen(num);
      memcpy(buf + len, num, w);
      len += w;
    }
  }
  if (len + 2 > cap) return 0;
  buf[len++] = '}';
  buf[len] = 0;
  return len;
}

/* The licences in scope, their text in one buffer (offsets until the buffer stops moving). */
typedef struct lic_set { lic *lics; size_t *offs; char *arena; size_t n, cap, alen, acap; } lic_set;
static int lic_add(void *p, const char *lt, int64_t id) {
  lic_set *ls = p;
  size_t tl = strlen(lt) + 1;
  if (ls->n == ls->cap) {
    ls->cap = ls->cap ? ls->cap * 2 : 1024;
    lic *nlics = realloc(ls->lics, ls->cap * sizeof *ls->lics);
    size_t *noffs = nlics ? realloc(ls->offs, ls->cap * sizeof *ls->offs) : NULL;
    if (nlics) ls->lics = nlics;
    if (noffs) ls->offs = noffs;
    if (!nlics || !noffs) return -1;
  }
  if (ls->alen + tl > ls->acap) {
    ls->acap = ls->acap ? ls->acap * 2 : 1 << 16;
    while (ls->alen + tl > ls->acap) ls->acap *= 2;
    char *na = realloc(ls->arena, ls->acap);
    if (!na) return -1;
    ls->arena = na;
  }
  memcpy(ls->arena + ls->alen, lt, tl);
  ls->offs[ls->n] = ls->alen;
  ls->alen += tl;
  ls->lics[ls->n].id = id;
  ls->n++;
  return 0;
}

/* The whole import; *status: 200 written (or nothing to write), 422 refused with errors, 400 unreadable. New reference. */
static json_t *import_core(import_arg *a, int *status, char *err, size_t errlen) {
  *status = 400;
  tab *t = imp_read_mem(a->body, a->len, err, errlen);
  if (!t) return NULL;
  /* the metric dictionary */
  shops_metric_def defs[64];
  char store[64][2][64];
  size_t nd = shops_store_metric_names(store, 64);
  for (size_t i = 0; i < nd; i++) defs[i] = (shops_metric_def){.code = store[i][0], .name = store[i][1]};
  shops_import imp;
  if (shops_import_read(t, defs, nd, &imp, err, errlen)) { tab_free(t); shops_import_free(&imp); return NULL; }
  tab_free(t);
  if (a->j) job_progress(a->j, 0, (int64_t)imp.nrows + 1);
  /* The licences are looked up inside the write transaction, so every shop id written exists at commit (shop_data's
   * shop_id is no foreign key: schema 003). A larger page cache for this connection keeps the touched B-tree pages in
   * memory instead of spilling them to the WAL mid-transaction and reading them back. */
  db_cache_kib(65536);
  int in_tx = db_begin() == DB_OK;
  int64_t *ids = calloc(imp.nrows + 1, sizeof *ids);
  keyed *order = calloc(imp.nrows + 1, sizeof *order);
  json_t *report = NULL;
  if (!in_tx) { *status = 503; goto out; }
  /* licences in scope, in licence order (the UNIQUE index: no sort), their text in one buffer */
  lic_set ls = {0};
  int lic_fail = shops_store_scope_licences(a->all, a->units_json, a->user_id, lic_add, &ls) != 0;
  lic *lics = ls.lics;
  size_t *offs = ls.offs, nl = ls.n;
  char *arena = ls.arena;
  for (size_t i = 0; i < nl; i++) lics[i].license = arena + offs[i];
  free(offs);
  if (lic_fail) nl = 0;
  size_t nord = 0, bad_lines = 0, last_bad = 0;
  int sorted = 1;
  for (size_t i = 0; ids && order && i < imp.nrows; i++) {
    const shops_import_row *row = &imp.rows[i];
    /* rows of one line share their licence: look it up once per line */
    if (i && row->license == imp.rows[i - 1].license) ids[i] = ids[i - 1];
    else {
      lic key = {row->license, 0};
      lic *f = nl ? bsearch(&key, lics, nl, sizeof *lics, lic_cmp) : NULL;
      ids[i] = f ? f->id : 0;
    }
    if (!ids[i]) {
      if (last_bad != row->line) {
        last_bad = row->line;
        bad_lines++;
        char m[300];
        snprintf(m, sizeof m, "第%zu行 许可证号：零售户「%.40s」不存在或不在您的数据范围内", row->line, row->license);
        if (json_array_size(imp.errors) < 1000) json_array_append_new(imp.errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row->line, "column", "许可证号", "message", m));
      }
      continue;
    }
    uint64_t mk = 0;
    while (mk < nd && defs[mk].code != row->metric) mk++;
    order[nord] = (keyed){(uint64_t)ids[i] << 22 | (uint64_t)(shops_month_index(row->month) & 0xffff) << 6 | mk, i};
    if (nord && order[nord].key < order[nord - 1].key) sorted = 0;
    nord++;
  }
  free(arena);
  free(lics);
  /* a file in shop order (as exported) needs no sort */
  if (!sorted) qsort(order, nord, sizeof *order, keyed_cmp);
  /* the same shop, month and metric twice in one file: which value wins would be a guess */
  for (size_t k = 1; k < nord; k++) {
    if (order[k].key != order[k - 1].key) continue;
    const shops_import_row *first = &imp.rows[order[k - 1].row], *dup = &imp.rows[order[k].row];
    char m[300];
    snprintf(m, sizeof m, "第%zu行：%s %s 的「%s」与第%zu行重复", dup->line, dup->license, dup->month, dup->metric, first->line);
    if (json_array_size(imp.errors) < 1000) json_array_append_new(imp.errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)dup->line, "column", "指标", "message", m));
    ids[order[k].row] = 0;
  }
  size_t nerr = json_array_size(imp.errors);
  report = json_pack("{s:I,s:I,s:s,s:I,s:O}", "lines", (json_int_t)imp.lines, "values", (json_int_t)imp.nrows, "layout", imp.wide ? "宽表" : "长表",
                     "written", (json_int_t)0, "errors", imp.errors);
  if (!ids || !order || lic_fail) { *status = 500; goto out; }
  if (nerr && !a->keep_valid) { *status = 422; goto out; }
  /* one row per shop-month, replaced whole: the metrics of that month not in the file are gone, as documented */
  size_t written = 0, months = 0;
  int fail = 0;
  const char *codes[64];
  double vals[64];
  char buf[64 * 96];
  for (size_t k = 0; !fail && k < nord;) {
    const shops_import_row *row = &imp.rows[order[k].row];
    int64_t shop = ids[order[k].row];
    uint64_t sm = KEY_SHOP_MONTH(order[k].key);
    size_t n = 0;
    for (; k < nord && KEY_SHOP_MONTH(order[k].key) == sm; k++) {
      if (!ids[order[k].row]) continue; /* a duplicate, left out under keep_valid */
      codes[n] = imp.rows[order[k].row].metric;
      vals[n++] = imp.rows[order[k].row].value;
    }
    if (!shop || !n) continue;
    size_t len = shops_vals_json(buf, sizeof buf, codes, vals, n);
    fail = !len || shops_store_data_put(row->month, shop, buf) != 0;
    written += n;
    months++;
    if (a->j && (months & 0x3fff) == 0) job_progress(a->j, (int64_t)k, (int64_t)imp.nrows + 1);
  }
  if (!fail) {
    char sum[160];
    snprintf(sum, sizeof sum, "导入经营数据 %zu 个数值（%zu 个户·月）", written, months);
    fail = org_audit(NULL, "shops.data.import", "shop_data", 0, sum, NULL, NULL) != 0;
  }
  if (fail || db_commit() != DB_OK) { db_rollback(); in_tx = 0; *status = 500; goto out; }
  in_tx = 0;
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  json_object_set_new(report, "shop_months", json_integer((json_int_t)months));
  *status = 200;
out:
  if (in_tx) db_rollback();
  db_cache_kib(2000);
  if (!report) report = json_pack("{s:I,s:I,s:s,s:I,s:O}", "lines", (json_int_t)imp.lines, "values", (json_int_t)imp.nrows, "layout", imp.wide ? "宽表" : "长表",
                                  "written", (json_int_t)0, "errors", imp.errors);
  free(ids);
  free(order);
  shops_import_free(&imp);
  return report;
}

static json_t *import_job(job *j, void *p) {
  import_arg *a = p;
  a->j = j;
  int status;
  char err[256] = "";
  json_t *rep = import_core(a, &status, err, sizeof err);
  if (!rep) { job_fail(j, err[0] ? err : "文件无法读取"); return NULL; }
  if (status >= 500) { json_decref(rep); job_fail(j, "写入失败，数据未改变"); return NULL; }
  json_object_set_new(rep, "ok", json_boolean(status == 200));
  return rep;
}

/* Above this size the import runs as a job the page polls (GET /api/v1/jobs/:id). */
#define SYNC_LIMIT (512 * 1024)

static void h_import(req *r) {
  if (!r->body || !r->body_len) { http_error(r, ERR_BAD_FILE, "file", "没有收到文件"); return; }
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  import_arg *a = calloc(1, sizeof *a);
  if (!a) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  a->keep_valid = imp_flag(r, "keep_valid");
  a->all = sc->all;
  a->units_json = org_scope_units_json(sc);
  a->user_id = org_caller(r)->id;
  if (r->body_len > SYNC_LIMIT || imp_flag(r, "async")) {
    a->body = malloc(r->body_len);
    if (!a->body) { arg_free(a); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    memcpy(a->body, r->body, r->body_len);
    a->len = r->body_len;
    int64_t id = job_start("shop_data_import", org_caller(r)->id, import_job, a, arg_free);
    if (!id) { http_error(r, ERR_INTERNAL, NULL, "无法启动导入任务"); return; }
    http_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
    return;
  }
  a->body = r->body;
  a->len = r->body_len;
  int status;
  char err[256] = "";
  json_t *rep = import_core(a, &status, err, sizeof err);
  a->body = NULL;
  arg_free(a);
  if (!rep) { http_error(r, ERR_BAD_FILE, "file", "文件无法读取：%s", err); return; }
  if (status == 422) { imp_invalid(r, rep); return; }
  if (status == 503) { json_decref(rep); http_error(r, ERR_BUSY, NULL, NULL); return; }
  if (status != 200) { json_decref(rep); http_error(r, ERR_INTERNAL, NULL, "写入失败，数据未改变"); return; }
  http_json(r, 200, rep);
}

static void h_template(req *r) {
  const char *layout = http_query(r, "layout"), *f = http_query(r, "format");
  int fmt = f && !strcmp(f, "csv") ? EXPORT_CSV : EXPORT_XLSX;
  if (layout && !strcmp(layout, "long")) {
    static const export_col c[] = {{"许可证号", "", 0}, {"月份", "", 0}, {"指标", "", 0}, {"数值", "", 0}};
    const char *ex[] = {"331122100001", "2026-03", "订购量", "120"};
    export_template(r, fmt, "经营数据导入模板（长表）", c, 4, ex);
    return;
  }
  static const export_col c[] = {{"许可证号", "", 0}, {"月份", "", 0}, {"订购量(条)", "", 0}, {"扫码销售量(条)", "", 0}, {"网上订货次数", "", 0},
                                 {"移动支付笔数占比(%)", "", 0}, {"终端活跃天数", "", 0}, {"订购金额(元)", "", 0}, {"会员销售量(条)", "", 0}, {"聚合支付笔数", "", 0}};
  const char *ex[] = {"331122100001", "2026-03", "120", "98", "4", "72.5", "27", "21600", "30", "860"};
  export_template(r, fmt, "经营数据导入模板（宽表）", c, 10, ex);
}

/* GET /shops/:id/data?months=12 → {months:[…], metrics:[{code,name,unit,values:[…|null]}]} ending at the latest month with data. */
static void h_shop_data(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  const char *end;
  if (shops_q_month(r, "to", &end)) return;
  char last[8];
  if (end) snprintf(last, sizeof last, "%s", end);
  else shops_latest_month(last);
  if (!last[0]) shops_this_month(last);
  int li = shops_month_index(last), n = 12;
  json_t *months = json_array(), *metrics = json_array();
  char first[8];
  shops_month_str(li - n + 1, first);
  for (int m = li - n + 1; m <= li; m++) { char ym[8]; shops_month_str(m, ym); json_array_append_new(months, json_string(ym)); }
  json_t *defs = shops_store_metrics();
  shops_data d;
  if (!defs || shops_store_data_window(id, first, last, &d)) { json_decref(defs); json_decref(months); json_decref(metrics); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *def;
  json_array_foreach(defs, i, def) {
    json_t *vals = json_array();
    for (int k = 0; k < n; k++) json_array_append_new(vals, json_null());
    json_array_append_new(metrics, json_pack("{s:O,s:O,s:O,s:o}", "code", json_object_get(def, "code"), "name", json_object_get(def, "name"),
                                             "unit", json_object_get(def, "unit"), "values", vals));
  }
  json_decref(defs);
  for (size_t v = 0; v < d.n; v++) {
    int k = shops_month_index(d.v[v].month) - (li - n + 1);
    json_t *mt;
    json_array_foreach(metrics, i, mt)
      if (!strcmp(json_string_value(json_object_get(mt, "code")), d.v[v].metric) && k >= 0 && k < n)
        json_array_set_new(json_object_get(mt, "values"), (size_t)k, json_real(d.v[v].value));
  }
  shops_data_free(&d);
  http_json(r, 200, json_pack("{s:o,s:o}", "months", months, "metrics", metrics));
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/shops/data/import", "shops:data:import", h_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/shops/data/template", "shops:data:import", h_template, 0},
  {HTTP_GET, "/api/v1/shops/:id/data", "shops:shop:list", h_shop_data, 0},
};
void shops_data_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
