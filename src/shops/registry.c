/* registry.c — 零售户档案: list with filters and paging (GET /api/v1/shops), one shop, create, edit, delete,
 * XLSX/CSV export and import with a per-row report, the 业态 and metric dictionaries. */
#include "shops/internal.h"
#include "base/import.h"
#include "base/csv.h"
#include "base/xlsx.h"
#include "base/util.h"
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"正常", "停业", "注销", NULL};
static const char *const areas[] = {"城镇", "乡村", NULL};

/* 许可证号 format: BUREAU_LICENSE_PATTERN (POSIX extended regex), default twelve digits. Compiled once for the process
 * (regexec on a compiled pattern is thread-safe). */
static regex_t license_re;
static pthread_once_t license_once = PTHREAD_ONCE_INIT;
static void license_compile(void) {
  const char *p = getenv("BUREAU_LICENSE_PATTERN");
  if (!p || !*p || regcomp(&license_re, p, REG_EXTENDED | REG_NOSUB)) regcomp(&license_re, "^[0-9]{12}$", REG_EXTENDED | REG_NOSUB);
}
static int license_ok(const char *s) {
  pthread_once(&license_once, license_compile);
  return strlen(s) <= 40 && regexec(&license_re, s, 0, NULL, 0) == 0;
}

static int format_ok(const char *f) { return shops_store_category_exists(f); }

static int unit_ok(req *r, int64_t unit) {
  const org_scope *sc = org_caller_scope(r);
  return sc && org_unit_exists(unit) && (sc->all || org_scope_has_unit(sc, unit) || org_caller(r)->unit_id == unit);
}

static int manager_ok(int64_t id) { return shops_store_user_exists(id); }

/* ---- list ---- */
static const export_col cols[] = {
  {"许可证号", "license_no", 0}, {"店名", "name", 0}, {"负责人", "owner_name", 0}, {"电话", "phone", 0}, {"地址", "address", 0},
  {"经度", "lng", 1}, {"纬度", "lat", 1}, {"所属单位", "unit_name", 0}, {"客户经理", "manager_name", 0}, {"客户经理账号", "manager_username", 0},
  {"业态", "category", 0}, {"档位", "grade", 1}, {"城乡", "area", 0}, {"状态", "status", 0}, {"状态日期", "status_date", 0},
  {"检测得分", "score", 1}, {"等级", "level", 0}, {"检测时间", "assessed_at", 0}};

static int q_grade(req *r, const char *key, int64_t *out) {
  if (http_query_id(r, key, out)) return -1;
  if (*out > 30) { http_error(r, ERR_BAD_QUERY, key, "档位应为 1–30"); return -1; }
  return 0;
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, shops_list_sorts, 0, 0, &lp)) return;
  shops_list_q q = {0};
  int64_t grade;
  if (http_query_id(r, "unit_id", &q.unit) || http_query_id(r, "manager_id", &q.manager) || q_grade(r, "grade", &grade) || q_grade(r, "grade_min", &q.gmin) ||
      q_grade(r, "grade_max", &q.gmax))
    return;
  if (grade) q.gmin = q.gmax = grade;
  const char *format = http_query(r, "category"), *level = http_query(r, "level"), *status = http_query(r, "status"), *area = http_query(r, "area");
  q.category = format && *format ? format : NULL;
  q.level = level && *level ? level : NULL;
  q.status = status && *status ? status : NULL;
  int known = !q.status;
  for (size_t i = 0; q.status && statuses[i]; i++) known |= !strcmp(q.status, statuses[i]);
  if (!known) { http_error(r, ERR_BAD_QUERY, "status", "经营状态应为 正常、停业、注销 之一"); return; }
  q.area = area && *area ? area : NULL;
  q.sort = lp.sort;
  q.desc = lp.desc;
  if (lp.export_fmt && !org_caller_can(r, "shops:shop:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  if (!org_caller_scope(r)) return;
  q.like = dbj_like(r, lp.q);
  if (lp.export_fmt) {
    json_t *items = shops_store_list_all(r, &q);
    if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    export_send(r, lp.export_fmt, "零售户", cols, sizeof cols / sizeof cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  int64_t total = shops_store_list_count(r, &q);
  if (total < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t len;
  char *txt = shops_store_list_page(r, &q, total, lp.size, lp.offset, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  json_t *o = shops_store_shop_json(id);
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  json_object_set_new(o, "can_assess", json_boolean(org_caller_can(r, "shops:assess:add")));
  json_object_set_new(o, "can_edit", json_boolean(org_caller_can(r, "shops:shop:edit")));
  http_json(r, 200, o);
}

/* ---- create and edit ---- */
typedef shops_shop_in shop_in;

static int jv_coord(req *r, json_t *o, const char *key, const char *label, double min, double max, double *out) {
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) return 0;
  if (!json_is_number(v) || json_number_value(v) < min || json_number_value(v) > max) {
    http_error(r, ERR_INVALID, key, "%s应为 %g 到 %g 之间的数字", label, min, max);
    return -1;
  }
  *out = json_number_value(v);
  return 1;
}

static int jv_date(req *r, json_t *o, const char *key, const char *label, const char **out) {
  int rc = jv_str(r, o, key, label, JV_OPTIONAL, 0, 10, out);
  if (rc <= 0 || !**out) { *out = NULL; return rc < 0 ? -1 : 0; }
  int y, m, d;
  char tail;
  if (sscanf(*out, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31 || strlen(*out) != 10) {
    http_error(r, ERR_INVALID, key, "%s应为 YYYY-MM-DD 格式的日期", label);
    return -1;
  }
  return 1;
}

static int read_shop(req *r, json_t *o, int create, shop_in *in) {
  int rq = create ? JV_REQUIRED : JV_OPTIONAL;
  memset(in, 0, sizeof *in);
  if (jv_str(r, o, "license_no", "许可证号", rq, 1, 40, &in->license) < 0 || jv_str(r, o, "name", "店名", rq, 1, 100, &in->name) < 0 ||
      jv_str(r, o, "owner_name", "负责人", JV_OPTIONAL, 0, 50, &in->owner) < 0 || jv_str(r, o, "phone", "电话", JV_OPTIONAL, 0, 30, &in->phone) < 0 ||
      jv_str(r, o, "address", "地址", JV_OPTIONAL, 0, 200, &in->address) < 0 ||
      jv_int(r, o, "unit_id", "所属单位", rq, 1, INT64_MAX, &in->unit) < 0 ||
      (in->has_manager = jv_id_or_null(r, o, "manager_id", "客户经理", JV_OPTIONAL, &in->manager)) < 0 ||
      jv_str(r, o, "category", "业态", rq, 1, 20, &in->category) < 0 || jv_int(r, o, "grade", "档位", rq, 1, 30, &in->grade) < 0 ||
      jv_enum(r, o, "area", "城乡", rq, areas, &in->area) < 0 || jv_enum(r, o, "status", "状态", JV_OPTIONAL, statuses, &in->status) < 0 ||
      jv_date(r, o, "status_date", "状态日期", &in->status_date) < 0 || jv_date(r, o, "opened_on", "开业日期", &in->opened_on) < 0 ||
      (in->has_lng = jv_coord(r, o, "lng", "经度", 73, 136, &in->lng)) < 0 || (in->has_lat = jv_coord(r, o, "lat", "纬度", 3, 54, &in->lat)) < 0)
    return -1;
  if (in->license && !license_ok(in->license)) { http_error(r, ERR_INVALID, "license_no", "许可证号格式不对（默认应为12位数字）"); return -1; }
  if (in->unit && !unit_ok(r, in->unit)) { http_error(r, ERR_INVALID, "unit_id", "所属单位不存在或不在您的数据范围内"); return -1; }
  if (in->manager && !manager_ok(in->manager)) { http_error(r, ERR_INVALID, "manager_id", "客户经理不存在"); return -1; }
  if (in->category && !format_ok(in->category)) { http_error(r, ERR_INVALID, "category", "业态不在字典中"); return -1; }
  return 0;
}

/* A write the store refused: rolled back and answered (409 naming the field, or 500). 0 when it went through. */
static int write_refused(req *r, shops_write_rc wr, const char *license) {
  switch (wr) {
  case SHOPS_W_OK: return 0;
  case SHOPS_W_DUP_LICENSE: db_rollback(); http_error(r, ERR_DUPLICATE, "license_no", "许可证号 %s 已存在", license ? license : ""); return -1;
  case SHOPS_W_GONE_REF: db_rollback(); http_error(r, ERR_DUPLICATE, "unit_id", "所属单位或客户经理已被删除，请重新选择"); return -1;
  default: shops_tx_fail(r); return -1;
  }
}

static void h_create(req *r) {
  static const char *const allowed[] = {"license_no", "name", "owner_name", "phone", "address", "unit_id", "manager_id", "category", "grade", "area",
                                        "status", "status_date", "opened_on", "lng", "lat", NULL};
  json_t *o = jv_object(r, allowed);
  shop_in in;
  if (!o || read_shop(r, o, 1, &in)) return;
  char at[20];
  org_now(at);
  /* uniqueness is the database's, inside the write transaction: a create racing another with the same 许可证号 gets 409 */
  if (shops_tx_begin(r)) return;
  int64_t id = 0;
  shops_write_rc wr = shops_store_shop_insert(&in, at, &id);
  if (write_refused(r, wr, in.license)) return;
  json_t *after = shops_store_shop_json(id);
  char sum[200];
  snprintf(sum, sizeof sum, "新增零售户 %.60s（%s）", in.name, in.license);
  if (!after || org_audit(r, "shops.shop.create", "shop", id, sum, NULL, after)) { json_decref(after); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_patch(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  static const char *const allowed[] = {"license_no", "name", "owner_name", "phone", "address", "unit_id", "manager_id", "category", "grade", "area",
                                        "status", "status_date", "opened_on", "lng", "lat", NULL};
  json_t *o = jv_object(r, allowed);
  shop_in in;
  if (!o || read_shop(r, o, 0, &in)) return;
  if (shops_tx_begin(r)) return;
  json_t *before = shops_store_shop_json(id);
  if (!before) { shops_tx_fail(r); return; }
  char at[20], today[11];
  org_now(at);
  util_today(today);
  shops_write_rc wr = shops_store_shop_update(id, &in, json_object_get(o, "lng") != NULL, json_object_get(o, "lat") != NULL, today, at);
  if (write_refused(r, wr, in.license)) { json_decref(before); return; }
  json_t *after = shops_store_shop_json(id);
  char sum[200];
  snprintf(sum, sizeof sum, "修改零售户 %.60s", json_string_value(json_object_get(before, "name")));
  if (!after || org_audit(r, "shops.shop.update", "shop", id, sum, before, after)) { json_decref(before); json_decref(after); shops_tx_fail(r); return; }
  json_decref(before);
  if (shops_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  if (shops_tx_begin(r)) return;
  json_t *before = shops_store_shop_json(id);
  if (!before || shops_store_shop_delete(id) || org_audit(r, "shops.shop.delete", "shop", id, "删除零售户", before, NULL)) { json_decref(before); shops_tx_fail(r); return; }
  json_decref(before);
  if (shops_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- import ---- */

enum { I_LIC, I_NAME, I_OWNER, I_PHONE, I_ADDR, I_LNG, I_LAT, I_UNIT, I_MGR, I_FORMAT, I_GRADE, I_AREA, I_STATUS, I__N };
static const char *const reg_cols[I__N] = {"许可证号", "店名", "负责人", "电话", "地址", "经度", "纬度", "所属单位", "客户经理账号", "业态", "档位", "城乡", "状态"};
static const int imp_req[I__N] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0};


static const char *cellt(req *r, tab *t, size_t row, int col) {
  const char *c = col >= 0 ? tab_cell(t, row, (size_t)col) : NULL;
  if (!c) return "";
  while (*c == ' ' || *c == '\t') c++;
  size_t n = strlen(c);
  while (n && (c[n - 1] == ' ' || c[n - 1] == '\t' || c[n - 1] == '\r' || c[n - 1] == '\n')) n--;
  return req_own(r, strndup(c, n));
}

typedef struct imp_row { const char *v[I__N]; int64_t unit, manager, grade; double lng, lat; int ok; } imp_row;

static void h_import(req *r) {
  tab *t = imp_read(r, 2);
  if (!t) return;
  int idx[I__N];
  if (imp_cols(r, t, reg_cols, imp_req, idx, I__N)) { tab_free(t); return; }
  json_t *errs = json_array();
  imp_row *rows = calloc(t->nrows, sizeof *rows);
  size_t total = 0, valid = 0;
  for (size_t i = 1; rows && i < t->nrows; i++) {
    imp_row *x = &rows[i];
    int blank = 1;
    for (int k = 0; k < I__N; k++) { x->v[k] = cellt(r, t, i, idx[k]); blank &= !*x->v[k]; }
    if (blank) continue;
    total++;
    size_t rn = i + 1, before = json_array_size(errs);
    if (!license_ok(x->v[I_LIC])) imp_error(errs, rn, "许可证号", "invalid_field", "格式不对（默认应为12位数字）");
    for (size_t j = 1; j < i; j++)
      if (rows[j].v[I_LIC] && !strcmp(rows[j].v[I_LIC], x->v[I_LIC]) && *x->v[I_LIC]) { imp_error(errs, rn, "许可证号", "invalid_field", "与第%zu行重复", j + 1); break; }
    long nl = jv_utf8_chars(x->v[I_NAME]);
    if (nl < 1 || nl > 100) imp_error(errs, rn, "店名", "invalid_field", "不能为空，最多100个字");
    if (jv_utf8_chars(x->v[I_OWNER]) < 0 || jv_utf8_chars(x->v[I_OWNER]) > 50) imp_error(errs, rn, "负责人", "invalid_field", "最多50个字");
    if (jv_utf8_chars(x->v[I_ADDR]) < 0 || jv_utf8_chars(x->v[I_ADDR]) > 200) imp_error(errs, rn, "地址", "invalid_field", "最多200个字");
    if (strlen(x->v[I_PHONE]) > 30) imp_error(errs, rn, "电话", "invalid_field", "过长");
    x->unit = org_unit_id_by_code(x->v[I_UNIT]);
    if (!x->unit) {
      x->unit = shops_store_unit_by_name(x->v[I_UNIT]);
    }
    if (!x->unit || !unit_ok(r, x->unit)) imp_error(errs, rn, "所属单位", "invalid_field", "单位「%.40s」不存在或不在您的数据范围内", x->v[I_UNIT]);
    if (*x->v[I_MGR]) {
      x->manager = org_user_id_by_username(x->v[I_MGR]);
      if (!x->manager) imp_error(errs, rn, "客户经理账号", "invalid_field", "用户「%.40s」不存在", x->v[I_MGR]);
    }
    if (!format_ok(x->v[I_FORMAT])) imp_error(errs, rn, "业态", "invalid_field", "「%.20s」不在业态字典中", x->v[I_FORMAT]);
    char *end;
    x->grade = strtol(x->v[I_GRADE], &end, 10);
    if (!*x->v[I_GRADE] || *end || x->grade < 1 || x->grade > 30) imp_error(errs, rn, "档位", "invalid_field", "应为 1–30 的整数");
    if (strcmp(x->v[I_AREA], "城镇") && strcmp(x->v[I_AREA], "乡村")) imp_error(errs, rn, "城乡", "invalid_field", "应为 城镇 或 乡村");
    if (*x->v[I_STATUS] && strcmp(x->v[I_STATUS], "正常") && strcmp(x->v[I_STATUS], "停业") && strcmp(x->v[I_STATUS], "注销"))
      imp_error(errs, rn, "状态", "invalid_field", "应为 正常、停业、注销 之一");
    x->lng = x->lat = NAN;
    if (*x->v[I_LNG]) { x->lng = strtod(x->v[I_LNG], &end); if (*end || !(x->lng >= 73 && x->lng <= 136)) imp_error(errs, rn, "经度", "invalid_field", "应为 73–136 之间的数字"); }
    if (*x->v[I_LAT]) { x->lat = strtod(x->v[I_LAT], &end); if (*end || !(x->lat >= 3 && x->lat <= 54)) imp_error(errs, rn, "纬度", "invalid_field", "应为 3–54 之间的数字"); }
    /* An existing licence is updated only when that shop is in the caller's scope. */
    int64_t existing = shops_store_shop_by_license(x->v[I_LIC]);
    if (existing && !shops_visible(r, existing)) imp_error(errs, rn, "许可证号", "invalid_field", "该零售户已存在且不在您的数据范围内");
    x->ok = json_array_size(errs) == before;
    valid += (size_t)x->ok;
  }
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *report = imp_report(total, valid, errs);
  if (!imp_gate(r, report)) { free(rows); tab_free(t); return; }
  char at[20];
  org_now(at);
  if (shops_tx_begin(r)) { free(rows); tab_free(t); json_decref(report); return; }
  size_t written = 0;
  int fail = 0;
  for (size_t i = 1; !fail && i < t->nrows; i++) {
    imp_row *x = &rows[i];
    if (!x->ok) continue;
    shops_import_shop sh = {x->v[I_LIC], x->v[I_NAME], x->v[I_OWNER], x->v[I_PHONE], x->v[I_ADDR], x->lng, x->lat, x->unit, x->manager, x->grade,
                            x->v[I_FORMAT], x->v[I_AREA], *x->v[I_STATUS] ? x->v[I_STATUS] : "正常"};
    fail = shops_store_import_upsert(&sh, at) != 0;
    written++;
  }
  free(rows);
  tab_free(t);
  char sum[100];
  snprintf(sum, sizeof sum, "导入零售户 %zu 户", written);
  if (fail || org_audit(r, "shops.shop.import", "shop", 0, sum, NULL, NULL)) { json_decref(report); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}

static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col tc[] = {{"许可证号", "", 0}, {"店名", "", 0}, {"负责人", "", 0}, {"电话", "", 0}, {"地址", "", 0}, {"经度", "", 0}, {"纬度", "", 0},
                                  {"所属单位", "", 0}, {"客户经理账号", "", 0}, {"业态", "", 0}, {"档位", "", 0}, {"城乡", "", 0}, {"状态", "", 0}};
  const char *ex[] = {"331122100001", "城关镇惠民便利店", "王建国", "13857000001", "城关镇解放路12号", "119.9201", "28.4512", "CQS", "", "便利店", "8", "城镇", "正常"};
  export_template(r, f && !strcmp(f, "csv") ? EXPORT_CSV : EXPORT_XLSX, "零售户导入模板", tc, sizeof tc / sizeof tc[0], ex);
}

static void h_dicts(req *r) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  json_t *formats = shops_store_categories(), *metrics = shops_store_metrics(), *mgr = shops_store_managers(r);
  if (!formats || !metrics || !mgr) { json_decref(formats); json_decref(metrics); json_decref(mgr); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* self_only: the caller sees only his own shops (a 客户经理 whose scope is himself): the list needs no unit or manager filter */
  int self_only = !sc->all && sc->nunits == 0;
  http_json(r, 200, json_pack("{s:o,s:o,s:o,s:[ssss],s:b}", "categories", formats, "metrics", metrics, "managers", mgr,
                              "statuses", "正常", "停业", "注销", "", "self_only", self_only));
}

static void h_format_add(req *r) {
  static const char *const allowed[] = {"name", "sort", NULL};
  json_t *o = jv_object(r, allowed);
  const char *name;
  int64_t sort = 8;
  if (!o || jv_str(r, o, "name", "业态名称", JV_REQUIRED, 1, 20, &name) < 0 || jv_int(r, o, "sort", "排序", JV_OPTIONAL, 0, 1000, &sort) < 0) return;
  if (shops_tx_begin(r)) return;
  shops_write_rc wr = shops_store_category_add(name, sort);
  if (wr == SHOPS_W_DUP_NAME) { db_rollback(); http_error(r, ERR_DUPLICATE, "name", "业态「%s」已存在", name); return; }
  if (wr != SHOPS_W_OK || org_audit(r, "shops.format.create", "shop_format", 0, name, NULL, NULL)) { shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:s,s:I}", "name", name, "sort", (json_int_t)sort));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/shops", "shops:shop:list", h_list, 0},
  {HTTP_POST, "/api/v1/shops", "shops:shop:add", h_create, 0},
  {HTTP_GET, "/api/v1/shops/dicts", "shops:shop:list", h_dicts, 0},
  {HTTP_POST, "/api/v1/shops/categories", "shops:shop:edit", h_format_add, 0},
  {HTTP_GET, "/api/v1/shops/template", "shops:shop:import", h_template, 0},
  {HTTP_POST, "/api/v1/shops/import", "shops:shop:import", h_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/shops/:id", "shops:shop:list", h_get, 0},
  {HTTP_PATCH, "/api/v1/shops/:id", "shops:shop:edit", h_patch, 0},
  {HTTP_DELETE, "/api/v1/shops/:id", "shops:shop:remove", h_delete, 0},
};
void shops_registry_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
