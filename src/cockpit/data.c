/* data.c — the cockpit's data in: indicator list and admin settings (weights, 大屏), values entered by hand (audited),
 * targets, API keys for other systems (hashed, scoped to indicators, revocable) and the push endpoint they call. */
#include "cockpit/internal.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void h_indicators(req *r) {
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'code', code, 'name', name, 'category', category, 'uom', uom, 'direction', direction,"
                          " 'time_agg', time_agg, 'unit_agg', unit_agg, 'num_code', num_code, 'den_code', den_code, 'weight_code', weight_code, 'scale', scale, 'band_lo', band_lo,"
                          " 'band_hi', band_hi, 'decimals', decimals, 'weight', weight, 'key_view', json(CASE key_view WHEN 1 THEN 'true' ELSE 'false' END),"
                          " 'feeder', feeder, 'description', description, 'enabled', json(CASE enabled WHEN 1 THEN 'true' ELSE 'false' END))"
                          " FROM cockpit_indicators WHERE (?1 IS NULL OR category = ?1) AND (?2 = 1 OR enabled = 1) ORDER BY sort, id");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_text(s, 1, http_query(r, "category"));
  db_bind_int(s, 2, http_query(r, "all") && !strcmp(http_query(r, "all"), "1"));
  json_t *items = dbj_rows_text(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  ck_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static int64_t ind_id_by_code(const char *code, int *tagg_ratio) {
  db_stmt *s = db_prepare("SELECT id, time_agg FROM cockpit_indicators WHERE code = ? AND enabled = 1");
  if (!s) return 0;
  db_bind_text(s, 1, code);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  if (id && tagg_ratio) *tagg_ratio = !strcmp(db_col_text(s, 1), "ratio");
  db_reset(s);
  return id;
}

/* PATCH /indicators/:code — admin settings: weight (composite), key_view (大屏), enabled, description. */
static void h_indicator_patch(req *r) {
  static const char *const allowed[] = {"weight", "key_view", "enabled", "description", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *code = http_param(r, 0);
  int64_t id = ind_id_by_code(code, NULL);
  if (!id) {
    db_stmt *s = db_prepare("SELECT id FROM cockpit_indicators WHERE code = ?");
    if (s) { db_bind_text(s, 1, code); id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0; db_reset(s); }
  }
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
  json_t *w = json_object_get(o, "weight");
  if (w && (!json_is_number(w) || json_number_value(w) < 0 || json_number_value(w) > 100)) { http_error(r, ERR_INVALID, "weight", "权重应为0到100之间的数"); return; }
  int kv = -1, en = -1;
  const char *desc = NULL;
  if (jv_bool(r, o, "key_view", "大屏展示", JV_OPTIONAL, &kv) < 0 || jv_bool(r, o, "enabled", "启用", JV_OPTIONAL, &en) < 0 ||
      jv_str(r, o, "description", "说明", JV_OPTIONAL, 0, 500, &desc) < 0)
    return;
  if (ck_tx_begin(r)) return;
  db_stmt *s = db_prepare("UPDATE cockpit_indicators SET weight = COALESCE(?2, weight), key_view = COALESCE(?3, key_view), enabled = COALESCE(?4, enabled),"
                          " description = COALESCE(?5, description), updated_at = datetime('now','localtime') WHERE id = ?1");
  if (!s) { ck_tx_fail(r); return; }
  db_bind_int(s, 1, id);
  if (w) db_bind_double(s, 2, json_number_value(w)); else db_bind_null(s, 2);
  if (kv >= 0 && json_object_get(o, "key_view")) db_bind_int(s, 3, kv); else db_bind_null(s, 3);
  if (en >= 0 && json_object_get(o, "enabled")) db_bind_int(s, 4, en); else db_bind_null(s, 4);
  db_bind_text(s, 5, desc);
  if (db_step(s) != DB_DONE || org_audit(r, "cockpit.indicator.edit", "cockpit_indicator", id, code, NULL, o)) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static int unit_writable(req *r, int64_t unit_id) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc || !org_unit_exists(unit_id)) return 0;
  return sc->all || org_caller(r)->unit_id == unit_id || org_scope_has_unit(sc, unit_id);
}

/* GET /values?indicator=&unit=&from=&to=&page=&size= — stored values within the caller's scope, a page at a time. */
static void h_values(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
#define VALUES_WHERE                                                                                                                       \
  " FROM cockpit_values v JOIN cockpit_indicators i ON i.id = v.indicator_id JOIN units u ON u.id = v.unit_id"                           \
  " WHERE (?4 IS NULL OR i.code = ?4) AND (?5 IS NULL OR v.unit_id = ?5) AND (?6 IS NULL OR v.month >= ?6) AND (?7 IS NULL OR v.month <= ?7)" \
  " AND " ORG_SCOPE_SQL("v.unit_id", "NULL", 1, 2, 3)
  db_stmt *stmts[2] = {
    db_prepare("SELECT json_object('indicator', i.code, 'indicator_name', i.name, 'unit_id', v.unit_id, 'unit_name', u.name, 'month', v.month,"
               " 'value', v.value, 'source', v.source, 'updated_by', v.updated_by, 'updated_at', v.updated_at)" VALUES_WHERE
               " ORDER BY v.month DESC, i.sort, i.id, u.sort, u.id LIMIT ?8 OFFSET ?9"),
    db_prepare("SELECT count(*)" VALUES_WHERE),
  };
#undef VALUES_WHERE
  if (!stmts[0] || !stmts[1] || !org_caller_scope(r)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *u = http_query(r, "unit");
  for (int k = 0; k < 2; k++) {
    db_stmt *s = stmts[k];
    org_scope_bind(r, s, 1);
    db_bind_text(s, 4, http_query(r, "indicator"));
    if (u && *u) db_bind_int(s, 5, atoll(u)); else db_bind_null(s, 5);
    db_bind_text(s, 6, http_query(r, "from"));
    db_bind_text(s, 7, http_query(r, "to"));
  }
  db_bind_int(stmts[0], 8, lp.size);
  db_bind_int(stmts[0], 9, lp.offset);
  int64_t total = db_step(stmts[1]) == DB_ROW ? db_col_int(stmts[1], 0) : 0;
  db_reset(stmts[1]);
  size_t len;
  char *page = dbj_page_text(stmts[0], total, &len);
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
  if (!unit_writable(r, *unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return -1; }
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
  int64_t ind = ind_id_by_code(code, NULL);
  if (!ind) { http_error(r, ERR_NOT_FOUND, "indicator", "指标不存在"); return; }
  if (!unit_writable(r, unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return; }
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
    db_stmt *q = db_prepare("SELECT time_agg = 'sum' FROM cockpit_indicators WHERE id = ?");
    int is_sum = 0;
    if (q) { db_bind_int(q, 1, ind); is_sum = db_step(q) == DB_ROW && db_col_int(q, 0); db_reset(q); }
    double yv = json_number_value(v);
    if (is_sum && given == 12 && fabs(sum - yv) > 0.005 * fmax(1, fabs(yv))) {
      http_error(r, ERR_INVALID, "months", "12个月的目标之和（%.2f）应等于年度目标（%.2f）", sum, yv);
      return;
    }
  }
  if (ck_tx_begin(r)) return;
  db_stmt *s = db_prepare("DELETE FROM cockpit_targets WHERE indicator_id = ? AND unit_id = ? AND year = ?");
  int fail = !s;
  if (s) { db_bind_int(s, 1, ind); db_bind_int(s, 2, unit); db_bind_int(s, 3, year); fail = db_step(s) != DB_DONE; }
  for (int k = 0; !fail && k <= 12; k++) {
    json_t *x = k == 0 ? v : (ms && json_is_array(ms) ? json_array_get(ms, (size_t)k - 1) : NULL);
    if (!x || json_is_null(x)) continue;
    s = db_prepare("INSERT INTO cockpit_targets(indicator_id, unit_id, year, month, value, updated_at) VALUES(?,?,?,?,?,datetime('now','localtime'))");
    if (!s) { fail = 1; break; }
    db_bind_int(s, 1, ind); db_bind_int(s, 2, unit); db_bind_int(s, 3, year); db_bind_int(s, 4, k); db_bind_double(s, 5, json_number_value(x));
    fail = db_step(s) != DB_DONE;
  }
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
  if (!unit_writable(r, unit)) { http_error(r, ERR_NOT_FOUND, "unit_id", "单位不存在或不在您的数据范围内"); return; }
  db_stmt *s = db_prepare("SELECT month, value FROM cockpit_targets WHERE indicator_id = ? AND unit_id = ? AND year = ?");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_int(s, 1, ind); db_bind_int(s, 2, unit); db_bind_int(s, 3, year);
  json_t *months = json_array(), *yv = json_null();
  for (int k = 0; k < 12; k++) json_array_append_new(months, json_null());
  while (db_step(s) == DB_ROW) {
    int m = (int)db_col_int(s, 0);
    if (m == 0) { json_decref(yv); yv = json_real(db_col_double(s, 1)); }
    else if (m >= 1 && m <= 12) json_array_set_new(months, (size_t)m - 1, json_real(db_col_double(s, 1)));
  }
  db_reset(s);
  ck_json(r, 200, json_pack("{s:s,s:I,s:I,s:o,s:o}", "indicator", code, "unit_id", (json_int_t)unit, "year", (json_int_t)year, "value", yv, "months", months));
}

/* ---- API keys ---- */
static void h_keys(req *r) {
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'name', name, 'prefix', prefix, 'indicators', json(indicator_codes), 'created_at', created_at,"
                          " 'revoked_at', revoked_at, 'last_used_at', last_used_at) FROM cockpit_keys ORDER BY id DESC");
  json_t *items = s ? dbj_rows_text(s) : NULL;
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
  db_stmt *s = db_prepare("INSERT INTO cockpit_keys(name, prefix, key_hash, indicator_codes, created_by, created_at) VALUES(?,?,?,?,?,datetime('now','localtime'))");
  int fail = !s;
  if (s) {
    db_bind_text(s, 1, name); db_bind_text(s, 2, prefix); db_bind_text(s, 3, hash); db_bind_text(s, 4, codes_json); db_bind_int(s, 5, org_caller(r)->id);
    fail = db_step(s) != DB_DONE;
  }
  int64_t id = fail ? 0 : db_last_id();
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
  db_stmt *s = db_prepare("UPDATE cockpit_keys SET revoked_at = datetime('now','localtime') WHERE id = ? AND revoked_at IS NULL");
  if (!s) { ck_tx_fail(r); return; }
  db_bind_int(s, 1, id);
  if (db_step(s) != DB_DONE) { ck_tx_fail(r); return; }
  if (!db_changes()) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "密钥不存在或已吊销"); return; }
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
  db_stmt *s = db_prepare("SELECT id, name, indicator_codes FROM cockpit_keys WHERE key_hash = ? AND revoked_at IS NULL");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_text(s, 1, hash);
  if (db_step(s) != DB_ROW) { db_reset(s); http_error(r, ERR_UNAUTHENTICATED, NULL, "接口密钥无效或已吊销"); return; }
  int64_t key_id = db_col_int(s, 0);
  char *who = req_printf(r, "接口:%s", db_col_text(s, 1));
  json_t *scope = json_loads(db_col_text(s, 2), 0, NULL);
  db_reset(s);
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
  s = fail ? NULL : db_prepare("UPDATE cockpit_keys SET last_used_at = datetime('now','localtime') WHERE id = ?");
  if (s) { db_bind_int(s, 1, key_id); fail = db_step(s) != DB_DONE; } else fail = 1;
  if (fail) { ck_tx_fail(r); return; }
  if (ck_tx_commit(r)) return;
  ck_json(r, 200, json_pack("{s:I}", "written", (json_int_t)json_array_size(vals)));
}

/* The unit tree for drill-down pickers: units the caller may look at. */
static void h_units(req *r) {
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'parent_id', parent_id, 'code', code, 'name', name, 'kind', kind) FROM units WHERE enabled = 1 ORDER BY path, sort");
  json_t *all = s ? dbj_rows_text(s) : NULL;
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
