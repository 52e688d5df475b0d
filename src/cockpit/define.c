/* define.c — indicator definitions maintained by admins: create, edit and disable (audited, one transaction each),
 * checked by cockpit_def_check against every other definition so that ratios rest on two plain indicators. */
#include "cockpit/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_num(req *r, json_t *o, const char *key, const char *label, double lo, double hi, int *has, double *out) {
  json_t *x = json_object_get(o, key);
  *has = 0;
  if (!x || json_is_null(x)) return 0;
  if (!json_is_number(x) || !isfinite(json_number_value(x)) || json_number_value(x) < lo || json_number_value(x) > hi) {
    http_error(r, ERR_INVALID, key, "%s应为%g到%g之间的数", label, lo, hi);
    return -1;
  }
  *has = 1;
  *out = json_number_value(x);
  return 0;
}

static const char *const def_keys[] = {"code", "name", "category", "uom", "direction", "band_lo", "band_hi", "time_agg", "unit_agg", "num_code",
                                       "den_code", "scale", "decimals", "sort", "description", "enabled", "weight_code", NULL};

/* Reads, checks and writes a definition: creating (code from the body) or editing `path_code`. */
static void def_save(req *r, const char *path_code) {
  json_t *o = jv_object(r, def_keys);
  if (!o) return;
  cockpit_def d = {0};
  const char *desc = NULL;
  int64_t decimals = 0, sort = 400;
  int has_scale = 0, has_dec = 0, enabled = 1;
  d.scale = 1;
  if (path_code) {
    d.code = path_code;
    json_t *c = json_object_get(o, "code");
    if (c && (!json_is_string(c) || strcmp(json_string_value(c), path_code))) { http_error(r, ERR_INVALID, "code", "编码创建后不能修改"); return; }
  } else if (jv_str(r, o, "code", "编码", JV_REQUIRED, 1, 32, &d.code) < 0) {
    return;
  }
  if (jv_str(r, o, "name", "名称", JV_REQUIRED, 1, 30, &d.name) < 0 || jv_str(r, o, "category", "类别", JV_REQUIRED, 1, 4, &d.category) < 0 ||
      jv_str(r, o, "uom", "计量单位", JV_OPTIONAL, 0, 10, &d.uom) < 0 || jv_str(r, o, "direction", "方向", JV_REQUIRED, 1, 10, &d.direction) < 0 ||
      jv_str(r, o, "time_agg", "时间汇总", JV_REQUIRED, 1, 10, &d.time_agg) < 0 ||
      jv_str(r, o, "unit_agg", "单位汇总", JV_OPTIONAL, 1, 10, &d.unit_agg) < 0 || jv_str(r, o, "num_code", "分子指标", JV_OPTIONAL, 0, 32, &d.num_code) < 0 ||
      jv_str(r, o, "den_code", "分母指标", JV_OPTIONAL, 0, 32, &d.den_code) < 0 ||
      jv_str(r, o, "weight_code", "权重指标", JV_OPTIONAL, 0, 32, &d.weight_code) < 0 ||
      jv_str(r, o, "description", "说明", JV_OPTIONAL, 0, 500, &desc) < 0 || jv_bool(r, o, "enabled", "启用", JV_OPTIONAL, &enabled) < 0 ||
      opt_num(r, o, "band_lo", "下限", -1e13, 1e13, &d.has_lo, &d.band_lo) < 0 || opt_num(r, o, "band_hi", "上限", -1e13, 1e13, &d.has_hi, &d.band_hi) < 0 ||
      opt_num(r, o, "scale", "倍数", 1e-6, 1e6, &has_scale, &d.scale) < 0)
    return;
  if (json_object_get(o, "decimals") && jv_int(r, o, "decimals", "小数位", JV_REQUIRED, 0, 4, &decimals) < 0) return;
  if (json_object_get(o, "sort") && jv_int(r, o, "sort", "排序", JV_REQUIRED, 0, 999, &sort) < 0) return;
  has_dec = json_object_get(o, "decimals") != NULL;
  if (!d.unit_agg) d.unit_agg = d.time_agg && !strcmp(d.time_agg, "ratio") ? "ratio" : d.time_agg;
  int ratio = d.time_agg && !strcmp(d.time_agg, "ratio");
  if (!ratio) d.scale = 1;
  if (!has_dec) decimals = ratio ? 2 : 0;

  /* Everything that depends on other rows is read and checked inside the write transaction: two admins creating the
   * same code at once get 201 and 409, never a 500. */
  if (ck_tx_begin(r)) return;
  json_t *before = NULL;
  if (path_code) {
    before = ck_store_def_get(path_code);
    if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
    const char *feeder = json_string_value(json_object_get(before, "feeder"));
    if (feeder && *feeder) {
      json_decref(before);
      db_rollback();
      http_error(r, ERR_BAD_STATE, "code", "该指标由模块计算，定义随模块维护，不能在此修改");
      return;
    }
    /* What an edit leaves out stays as it was (a ratio's parts keep their place after the headline indicators). */
    if (!json_object_get(o, "enabled")) enabled = json_is_true(json_object_get(before, "enabled"));
    if (!json_object_get(o, "sort")) sort = json_integer_value(json_object_get(before, "sort"));
    if (!has_dec) decimals = json_integer_value(json_object_get(before, "decimals"));
    if (!json_object_get(o, "weight_code")) d.weight_code = json_string_value(json_object_get(before, "weight_code"));
  }
  ck_refs rf;
  if (ck_store_def_refs(&rf, path_code)) { json_decref(before); ck_tx_fail(r); return; }
  cockpit_def_err e;
  int bad = cockpit_def_check(&d, rf.v, rf.n, !path_code, &e);
  /* Disabling through an edit must not pull the ground from under a ratio. */
  int user = !bad && path_code && !enabled ? cockpit_def_used_by(path_code, rf.v, rf.n) : -1;
  char user_code[64] = "";
  if (user >= 0) snprintf(user_code, sizeof user_code, "%s", rf.v[user].code);
  ck_store_refs_free(&rf);
  if (bad || user >= 0) {
    db_rollback();
    if (bad) http_error(r, e.conflict ? ERR_DUPLICATE : e.missing ? ERR_MISSING : ERR_INVALID, e.field, "%s", e.message);
    else http_error(r, ERR_BAD_STATE, "enabled", "比率指标 %s 由本指标计算，请先停用它", user_code);
    json_decref(before);
    return;
  }
  ck_def_write w = {&d, decimals, sort, desc, enabled};
  db_status st = ck_store_def_write(!path_code, &w);
  if (st == DB_CONSTRAINT) {
    /* Only the code is unique; the checks above hold every other constraint. */
    json_decref(before);
    db_rollback();
    http_error(r, ERR_DUPLICATE, "code", "编码 %s 已被其他指标使用（含已停用的指标）", d.code);
    return;
  }
  json_t *after = st == DB_DONE ? ck_store_def_get(d.code) : NULL;
  int64_t id = after ? json_integer_value(json_object_get(after, "id")) : 0;
  if (!after || org_audit(r, path_code ? "cockpit.indicator.update" : "cockpit.indicator.create", "cockpit_indicator", id, d.code, before, after)) {
    json_decref(before); json_decref(after);
    ck_tx_fail(r);
    return;
  }
  json_decref(before);
  if (ck_tx_commit(r)) { json_decref(after); return; }
  ck_json(r, path_code ? 200 : 201, after);
}

static void h_def_create(req *r) { def_save(r, NULL); }
static void h_def_update(req *r) { def_save(r, http_param(r, 0)); }

/* DELETE /indicators/:code — disables (values and targets stay; PUT with enabled=true brings it back). */
static void h_def_disable(req *r) {
  const char *code = http_param(r, 0);
  if (ck_tx_begin(r)) return;
  json_t *before = ck_store_def_get(code);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
  const char *feeder = json_string_value(json_object_get(before, "feeder"));
  if (feeder && *feeder) { json_decref(before); db_rollback(); http_error(r, ERR_BAD_STATE, "code", "该指标由模块计算，不能停用"); return; }
  ck_refs rf;
  if (ck_store_def_refs(&rf, code)) { json_decref(before); ck_tx_fail(r); return; }
  int user = cockpit_def_used_by(code, rf.v, rf.n);
  char user_code[64] = "";
  if (user >= 0) snprintf(user_code, sizeof user_code, "%s", rf.v[user].code);
  ck_store_refs_free(&rf);
  if (user >= 0) { json_decref(before); db_rollback(); http_error(r, ERR_BAD_STATE, "code", "比率指标 %s 由本指标计算，请先停用它", user_code); return; }
  int64_t id = json_integer_value(json_object_get(before, "id"));
  json_t *after = ck_store_def_disable(code) == DB_DONE ? ck_store_def_get(code) : NULL;
  if (!after || org_audit(r, "cockpit.indicator.disable", "cockpit_indicator", id, code, before, after)) {
    json_decref(before); json_decref(after);
    ck_tx_fail(r);
    return;
  }
  json_decref(before);
  if (ck_tx_commit(r)) { json_decref(after); return; }
  ck_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/cockpit/indicators", "cockpit:indicator:define", h_def_create, 0},
  {HTTP_PUT, "/api/v1/cockpit/indicators/:code", "cockpit:indicator:define", h_def_update, 0},
  {HTTP_DELETE, "/api/v1/cockpit/indicators/:code", "cockpit:indicator:define", h_def_disable, 0},
};

void ck_define_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
