/* data.c — the cockpit's data in: indicator list and admin settings (weights, 大屏), values entered by hand (audited),
 * targets, API keys for other systems (hashed, scoped to indicators, revocable) and the push endpoint they call. */
#include "cockpit/internal.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void h_indicators(req *r) {
  const char *all = http_query(r, "all");
  json_t *items = ck_store_indicators(http_query(r, "category"), all && !strcmp(all, "1"));
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  ck_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static int64_t ind_id_by_code(const char *code, int *tagg_ratio) {
  ck_ind_kind k = {0, 0};
  int64_t id = ck_store_ind_lookup(code, 1, &k);
  if (tagg_ratio) *tagg_ratio = k.ratio;
  return id;
}

/* PATCH /indicators/:code — admin settings: weight (composite), key_view (大屏), enabled, description. */
static void h_indicator_patch(req *r) {
  static const char *const allowed[] = {"weight", "key_view", "enabled", "description", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *code = http_param(r, 0);
  int64_t id = ck_store_ind_lookup(code, 0, NULL);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
  json_t *w = json_object_get(o, "weight");
  if (w && (!json_is_number(w) || json_number_value(w) < 0 || json_number_value(w) > 100)) { http_error(r, ERR_INVALID, "weight", "权重应为0到100之间的数"); return; }
  int kv = -1, en = -1;
  const char *desc = NULL;
  if (jv_bool(r, o, "key_view", "大屏展示", JV_OPTIONAL, &kv) < 0 || jv_bool(r, o, "enabled", "启用", JV_OPTIONAL, &en) < 0 ||
      jv_str(r, o, "description", "说明", JV_OPTIONAL, 0, 500, &desc) < 0)
    return;
  double wv = w ? json_number_value(w) : 0;
  if (ck_tx_begin(r)) return;
  db_status st = ck_store_ind_settings(id, w ? &wv : NULL, kv >= 0 && json_object_get(o, "key_view") ? kv : -1,
                                       en >= 0 && json_object_get(o, "enabled") ? en : -1, desc);
  if (st != DB_DONE || org_audit(r, "cockpit.indicator.edit", "cockpit_indicator", id, code, NULL, o)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:b}", "ok", 1));
}


/* GET /values?indicator=&unit=&from=&to=&page=&size= — stored values within the caller's scope, a page at a time. */
static void h_values(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  for (int k = 0; k < 2; k++) {
    const char *v = http_query(r, k ? "to" : "from");
    if (v && *v && !util_month_valid(v)) { http_error(r, ERR_BAD_QUERY, k ? "to" : "from", "月份应为有效的 YYYY-MM"); return; }
  }
  const char *u = http_query(r, "unit");
  ck_values_filter f = {http_query(r, "indicator"), http_query(r, "from"), http_query(r, "to"), u && *u ? atoll(u) : 0};
  size_t len;
  char *page = ck_store_values_page(r, &f, lp.size, lp.offset, &len);
  if (!page) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", page, len);
}

/* Validates {indicator, unit_id, month[, value]}; 0 ok with outputs, -1 answered. */
static int value_input(req *r, json_t *o, int need_value, int64_t *ind, const char **code, int64_t *unit, const char **month, double *v) {
  if (jv_str(r, o, "indicator", "指标编码", JV_REQUIRED, 1, 60, code) < 0) return -1;
  if (jv_int(r, o, "unit_id", "单位", JV_REQUIRED, 1, INT64_MAX, unit) < 0) return -1;
  if (jv_str(r, o, "month", "月份", JV_REQUIRED, 7, 7, month) < 0) return -1;
  if (cockpit_month_parse(*month) < 0) { http_error(r, ERR_INVALID, "month", "月份应为 YYYY-MM"); return -1; }
  int ratio = 0;
  *ind = ind_id_by_code(*code, &ratio);
  if (!*ind) { http_error(r, ERR_NOT_FOUND, "indicator", "指标 %.40s 不存在", *code); return -1; }
  if (ratio) { http_error(r, ERR_INVALID, "indicator", "比率指标由分子、分母指标计算，不能直接录入"); return -1; }
  if (!ck_unit_writable(r, *unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return -1; }
  if (need_value) {
    json_t *jv = json_object_get(o, "value");
    if (!jv || json_is_null(jv)) { http_error(r, ERR_MISSING, "value", "缺少数值"); return -1; }
    if (!json_is_number(jv) || !isfinite(json_number_value(jv)) || fabs(json_number_value(jv)) > 1e13) {
      http_error(r, ERR_INVALID, "value", "数值应为有限的数字");
      return -1;
    }
    *v = json_number_value(jv);
  }
  return 0;
}

static void h_value_put(req *r) {
  static const char *const allowed[] = {"indicator", "unit_id", "month", "value", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t ind, unit;
  const char *code, *month;
  double v = 0;
  if (value_input(r, o, 1, &ind, &code, &unit, &month, &v)) return;
  if (ck_tx_begin(r)) return;
  if (ck_value_put(r, ind, code, unit, month, &v, "manual", org_caller(r)->name)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:s,s:I,s:s,s:f}", "indicator", code, "unit_id", (json_int_t)unit, "month", month, "value", v));
}

static void h_value_delete(req *r) {
  static const char *const allowed[] = {"indicator", "unit_id", "month", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t ind, unit;
  const char *code, *month;
  if (value_input(r, o, 0, &ind, &code, &unit, &month, NULL)) return;
  if (ck_tx_begin(r)) return;
  if (ck_value_put(r, ind, code, unit, month, NULL, "manual", org_caller(r)->name)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* PUT /targets {indicator, unit_id, year, value, months?: [12 numbers or null]} */
static void h_target_put(req *r) {
  static const char *const allowed[] = {"indicator", "unit_id", "year", "value", "months", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *code;
  int64_t unit, year;
  if (jv_str(r, o, "indicator", "指标编码", JV_REQUIRED, 1, 60, &code) < 0 || jv_int(r, o, "unit_id", "单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 ||
      jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0)
    return;
  ck_ind_kind kind = {0, 0};
  int64_t ind = ck_store_ind_lookup(code, 1, &kind);
  if (!ind) { http_error(r, ERR_NOT_FOUND, "indicator", "指标不存在"); return; }
  if (!ck_unit_writable(r, unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return; }
  json_t *v = json_object_get(o, "value"), *ms = json_object_get(o, "months");
  if (!v || !json_is_number(v) || !isfinite(json_number_value(v))) { http_error(r, ERR_INVALID, "value", "目标值应为数字"); return; }
  if (ms && !json_is_null(ms) && (!json_is_array(ms) || json_array_size(ms) != 12)) { http_error(r, ERR_INVALID, "months", "月度分解应为12个数"); return; }
  for (size_t k = 0; ms && json_is_array(ms) && k < 12; k++) {
    json_t *x = json_array_get(ms, k);
    if (!json_is_null(x) && !json_is_number(x)) { http_error(r, ERR_INVALID, "months", "第%zu月的目标应为数字或空", k + 1); return; }
  }
  /* A sum indicator's month split is a share of the year: when every month is given they add up to it. */
  if (ms && json_is_array(ms)) {
    double sum = 0;
    int given = 0;
    for (size_t k = 0; k < 12; k++) {
      json_t *x = json_array_get(ms, k);
      if (json_is_number(x)) { sum += json_number_value(x); given++; }
    }
    int is_sum = kind.sum;
    double yv = json_number_value(v);
    if (is_sum && given == 12 && fabs(sum - yv) > 0.005 * fmax(1, fabs(yv))) {
      http_error(r, ERR_INVALID, "months", "12个月的目标之和（%.2f）应等于年度目标（%.2f）", sum, yv);
      return;
    }
  }
  cockpit_num t[13];
  t[0] = COCKPIT_VAL(json_number_value(v));
  for (int k = 1; k <= 12; k++) {
    json_t *x = ms && json_is_array(ms) ? json_array_get(ms, (size_t)k - 1) : NULL;
    t[k] = x && json_is_number(x) ? COCKPIT_VAL(json_number_value(x)) : COCKPIT_NONE;
  }
  if (ck_tx_begin(r)) return;
  int fail = ck_store_targets_replace(ind, unit, year, t) != DB_DONE;
  if (fail || org_audit(r, "cockpit.target.put", "cockpit_target", unit, code, NULL, o)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* GET /targets?indicator=&unit_id=&year= — the stored yearly target and month split (null where none) of a unit the
 * caller may write, for the target form. */
static void h_target_get(req *r) {
  const char *code = http_query(r, "indicator"), *us = http_query(r, "unit_id"), *ys = http_query(r, "year");
  int64_t unit = us ? atoll(us) : 0, year = ys ? atoll(ys) : 0;
  if (!code || !*code) { http_error(r, ERR_BAD_QUERY, "indicator", "缺少指标"); return; }
  if (year < 2000 || year > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度应为2000到2100"); return; }
  int64_t ind = ind_id_by_code(code, NULL);
  if (!ind) { http_error(r, ERR_NOT_FOUND, "indicator", "指标不存在"); return; }
  if (!ck_unit_writable(r, unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return; }
  cockpit_num t[13];
  if (ck_store_targets_get(ind, unit, year, t)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *months = json_array(), *yv = t[0].ok ? json_real(t[0].v) : json_null();
  for (int k = 1; k <= 12; k++) json_array_append_new(months, t[k].ok ? json_real(t[k].v) : json_null());
  ck_json(r, 200, json_pack("{s:s,s:I,s:I,s:o,s:o}", "indicator", code, "unit_id", (json_int_t)unit, "year", (json_int_t)year, "value", yv, "months", months));
}

/* ---- API keys ---- */
static void h_keys(req *r) {
  json_t *items = ck_store_keys();
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  ck_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_key_create(req *r) {
  static const char *const allowed[] = {"name", "indicators", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *name;
  const char **codes;
  size_t n;
  if (jv_str(r, o, "name", "名称", JV_REQUIRED, 1, 60, &name) < 0 || jv_strs(r, o, "indicators", "可写指标", JV_REQUIRED, 200, 60, &codes, &n) < 0) return;
  if (!n) { http_error(r, ERR_MISSING, "indicators", "至少选择一个指标"); return; }
  for (size_t k = 0; k < n; k++) {
    int ratio = 0;
    if (!ind_id_by_code(codes[k], &ratio) || ratio) { http_error(r, ERR_INVALID, "indicators", "指标 %.40s 不存在或不能直接写入", codes[k]); return; }
  }
  char tok[48], key[64], hash[65], prefix[16];
  util_random_token(tok, sizeof tok, 24);
  snprintf(key, sizeof key, "ckk_%s", tok);
  util_sha256_hex(key, strlen(key), hash);
  snprintf(prefix, sizeof prefix, "%.10s", key);
  char *codes_json = json_dumps(json_object_get(o, "indicators"), JSON_COMPACT);
  if (ck_tx_begin(r)) { free(codes_json); return; }
  int64_t id = ck_store_key_insert(name, prefix, hash, codes_json, org_caller(r)->id);
  int fail = !id;
  json_t *after = json_pack("{s:s,s:s,s:O}", "name", name, "prefix", prefix, "indicators", json_object_get(o, "indicators"));
  free(codes_json);
  if (fail || org_audit(r, "cockpit.key.create", "cockpit_key", id, name, NULL, after)) { json_decref(after); ck_tx_fail(r); return; }
  json_decref(after);
  if (ck_tx_commit(r)) return;
  /* The key itself is shown this once; only its hash is kept. */
  http_json(r, 201, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "name", name, "prefix", prefix, "key", key));
}

static void h_key_revoke(req *r) {
  int64_t id = http_param_id(r, 0);
  if (ck_tx_begin(r)) return;
  int n = ck_store_key_revoke(id);
  if (n < 0) { ck_tx_fail(r); return; }
  if (!n) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "密钥不存在或已吊销"); return; }
  if (org_audit(r, "cockpit.key.revoke", "cockpit_key", id, "吊销接口密钥", NULL, NULL)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* POST /push (R_PUBLIC; Authorization: Bearer ckk_…) {values: [{indicator, unit, month, value}]} — all or nothing. */
static void h_push(req *r) {
  const char *auth = http_header(r, "Authorization");
  if (!auth || strncmp(auth, "Bearer ", 7) != 0 || strlen(auth + 7) > 100) { http_error(r, ERR_UNAUTHENTICATED, NULL, "缺少接口密钥"); return; }
  char hash[65];
  util_sha256_hex(auth + 7, strlen(auth + 7), hash);
  int64_t key_id = 0;
  char key_name[128];
  json_t *scope = NULL;
  int found = ck_store_key_find(hash, &key_id, key_name, sizeof key_name, &scope);
  if (found < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!found) { http_error(r, ERR_UNAUTHENTICATED, NULL, "接口密钥无效或已吊销"); return; }
  char *who = req_printf(r, "接口:%s", key_name);
  static const char *const allowed[] = {"values", NULL};
  json_t *o = jv_object(r, allowed);
  json_t *vals = o ? json_object_get(o, "values") : NULL;
  if (!o) { json_decref(scope); return; }
  if (!json_is_array(vals) || !json_array_size(vals) || json_array_size(vals) > 10000) {
    json_decref(scope);
    http_error(r, ERR_INVALID, "values", "values 应为1到10000条的数组");
    return;
  }
  json_t *errs = json_array();
  size_t k;
  json_t *it;
  int64_t *ids = calloc(json_array_size(vals), sizeof *ids), *units = calloc(json_array_size(vals), sizeof *units);
  json_array_foreach(vals, k, it) {
    const char *code = json_string_value(json_object_get(it, "indicator")), *uc = json_string_value(json_object_get(it, "unit")),
               *m = json_string_value(json_object_get(it, "month"));
    json_t *v = json_object_get(it, "value");
    const char *field = NULL, *msg = NULL;
    int in_scope = 0;
    size_t si;
    json_t *sv;
    json_array_foreach(scope, si, sv) in_scope |= code && json_is_string(sv) && !strcmp(json_string_value(sv), code);
    int ratio = 0;
    if (!json_is_object(it) || !code) field = "indicator", msg = "缺少指标编码";
    else if (!in_scope) field = "indicator", msg = "该密钥无权写入此指标";
    else if (!(ids ? (ids[k] = ind_id_by_code(code, &ratio)) : 0) || ratio) field = "indicator", msg = "指标不存在或不能直接写入";
    else if (!uc || !(units ? (units[k] = org_unit_id_by_code(uc)) : 0)) field = "unit", msg = "单位编码不存在";
    else if (!m || cockpit_month_parse(m) < 0) field = "month", msg = "月份应为 YYYY-MM";
    else if (!json_is_number(v) || !isfinite(json_number_value(v))) field = "value", msg = "数值应为数字";
    if (field) json_array_append_new(errs, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)k + 1, "field", field, "message", msg));
  }
  json_decref(scope);
  if (json_array_size(errs)) {
    free(ids); free(units);
    int forbidden = 0;
    size_t ei;
    json_t *e;
    json_array_foreach(errs, ei, e) forbidden |= !strcmp(json_string_value(json_object_get(e, "message")), "该密钥无权写入此指标");
    if (forbidden) { json_decref(errs); http_error(r, ERR_FORBIDDEN, "indicator", "该密钥无权写入此指标，未写入任何数据"); return; }
    http_error_details(r, ERR_IMPORT_INVALID, "推送数据有误，未写入任何数据", json_pack("{s:o}", "errors", errs));
    return;
  }
  json_decref(errs);
  if (ck_tx_begin(r)) { free(ids); free(units); return; }
  int fail = 0;
  json_array_foreach(vals, k, it) {
    double v = json_number_value(json_object_get(it, "value"));
    if ((fail = ck_value_put(r, ids[k], json_string_value(json_object_get(it, "indicator")), units[k], json_string_value(json_object_get(it, "month")), &v,
                             "api", who)))
      break;
  }
  free(ids); free(units);
  if (!fail) fail = ck_store_key_touch(key_id) != DB_DONE;
  if (fail) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:I}", "written", (json_int_t)json_array_size(vals)));
}

/* The unit tree for drill-down pickers: units the caller may look at. */
static void h_units(req *r) {
  json_t *all = ck_store_units();
  if (!all) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const org_scope *sc = org_caller_scope(r);
  int peers = ck_can_peers(r);
  json_t *items = json_array();
  size_t k;
  json_t *u;
  json_array_foreach(all, k, u) {
    int64_t id = json_integer_value(json_object_get(u, "id"));
    if (peers || (sc && (sc->all || org_scope_has_unit(sc, id))) || id == org_caller(r)->unit_id) json_array_append(items, u);
  }
  json_decref(all);
  ck_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/cockpit/indicators", "cockpit:view:list", h_indicators, 0},
  {HTTP_PATCH, "/api/v1/cockpit/indicators/:code", "cockpit:indicator:edit", h_indicator_patch, 0},
  {HTTP_GET, "/api/v1/cockpit/units", "cockpit:view:list", h_units, 0},
  {HTTP_GET, "/api/v1/cockpit/values", "cockpit:view:list", h_values, 0},
  {HTTP_PUT, "/api/v1/cockpit/values", "cockpit:value:edit", h_value_put, 0},
  {HTTP_DELETE, "/api/v1/cockpit/values", "cockpit:value:edit", h_value_delete, 0},
  {HTTP_GET, "/api/v1/cockpit/targets", "cockpit:indicator:edit", h_target_get, 0},
  {HTTP_PUT, "/api/v1/cockpit/targets", "cockpit:indicator:edit", h_target_put, 0},
  {HTTP_GET, "/api/v1/cockpit/keys", "cockpit:key:manage", h_keys, 0},
  {HTTP_POST, "/api/v1/cockpit/keys", "cockpit:key:manage", h_key_create, 0},
  {HTTP_DELETE, "/api/v1/cockpit/keys/:id", "cockpit:key:manage", h_key_revoke, 0},
  {HTTP_POST, "/api/v1/cockpit/push", NULL, h_push, R_PUBLIC},
};

void ck_data_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
