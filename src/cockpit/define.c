/* define.c — indicator definitions maintained by admins: create, edit and disable (audited, one transaction each),
 * checked by cockpit_def_check against every other definition so that ratios rest on two plain indicators. */
#include "cockpit/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEF_JSON                                                                                                                          \
  "json_object('id', id, 'code', code, 'name', name, 'category', category, 'uom', uom, 'direction', direction, 'time_agg', time_agg," \
  " 'unit_agg', unit_agg, 'num_code', num_code, 'den_code', den_code, 'scale', scale, 'band_lo', band_lo, 'band_hi', band_hi,"       \
  " 'decimals', decimals, 'sort', sort, 'feeder', feeder, 'description', description,"                                                 \
  " 'enabled', json(CASE enabled WHEN 1 THEN 'true' ELSE 'false' END))"

/* The stored definition as JSON (NULL when there is none). */
static json_t *def_row(const char *code) {
  db_stmt *s = db_prepare("SELECT " DEF_JSON " FROM cockpit_indicators WHERE code = ?");
  if (!s) return NULL;
  db_bind_text(s, 1, code);
  json_t *rows = dbj_rows_text(s);
  json_t *one = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
  json_decref(rows);
  return one;
}

/* Every definition but `except`, for the checks. Strings live in *store (one allocation per row set). */
typedef struct refs { cockpit_def_ref *v; size_t n; json_t *rows; } refs;
static int refs_load(refs *rf, const char *except) {
  memset(rf, 0, sizeof *rf);
  db_stmt *s = db_prepare("SELECT json_object('code', code, 'time_agg', time_agg, 'num_code', num_code, 'den_code', den_code, 'enabled', enabled)"
                          " FROM cockpit_indicators WHERE code IS NOT ?");
  if (!s) return -1;
  db_bind_text(s, 1, except);
  rf->rows = dbj_rows_text(s);
  if (!rf->rows) return -1;
  rf->n = json_array_size(rf->rows);
  rf->v = calloc(rf->n + 1, sizeof *rf->v);
  if (!rf->v) { json_decref(rf->rows); return -1; }
  for (size_t i = 0; i < rf->n; i++) {
    json_t *o = json_array_get(rf->rows, i);
    rf->v[i] = (cockpit_def_ref){json_string_value(json_object_get(o, "code")), json_string_value(json_object_get(o, "time_agg")),
                                 json_string_value(json_object_get(o, "num_code")), json_string_value(json_object_get(o, "den_code")),
                                 (int)json_integer_value(json_object_get(o, "enabled"))};
  }
  return 0;
}
static void refs_free(refs *rf) { free(rf->v); json_decref(rf->rows); }

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
                                       "den_code", "scale", "decimals", "sort", "description", "enabled", NULL};

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

  json_t *before = NULL;
  if (path_code) {
    before = def_row(path_code);
    if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
    const char *feeder = json_string_value(json_object_get(before, "feeder"));
    if (feeder && *feeder) {
      json_decref(before);
      http_error(r, ERR_BAD_STATE, "code", "该指标由模块计算，定义随模块维护，不能在此修改");
      return;
    }
    /* What an edit leaves out stays as it was (a ratio's parts keep their place after the headline indicators). */
    if (!json_object_get(o, "enabled")) enabled = json_is_true(json_object_get(before, "enabled"));
    if (!json_object_get(o, "sort")) sort = json_integer_value(json_object_get(before, "sort"));
    if (!has_dec) decimals = json_integer_value(json_object_get(before, "decimals"));
  }
  refs rf;
  if (refs_load(&rf, path_code)) { json_decref(before); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  cockpit_def_err e;
  int bad = cockpit_def_check(&d, rf.v, rf.n, !path_code, &e);
  /* Disabling through an edit must not pull the ground from under a ratio. */
  int user = !bad && path_code && !enabled ? cockpit_def_used_by(path_code, rf.v, rf.n) : -1;
  char user_code[64] = "";
  if (user >= 0) snprintf(user_code, sizeof user_code, "%s", rf.v[user].code);
  refs_free(&rf);
  if (bad) { json_decref(before); http_error(r, e.conflict ? ERR_DUPLICATE : e.missing ? ERR_MISSING : ERR_INVALID, e.field, "%s", e.message); return; }
  if (user >= 0) { json_decref(before); http_error(r, ERR_BAD_STATE, "enabled", "比率指标 %s 由本指标计算，请先停用它", user_code); return; }
  int band = !strcmp(d.direction, "band");

  if (ck_tx_begin(r)) { json_decref(before); return; }
  db_stmt *s = path_code
                   ? db_prepare("UPDATE cockpit_indicators SET name = ?2, category = ?3, uom = ?4, direction = ?5, time_agg = ?6, unit_agg = ?7,"
                                " num_code = ?8, den_code = ?9, scale = ?10, band_lo = ?11, band_hi = ?12, decimals = ?13, sort = ?14,"
                                " description = COALESCE(?15, description), enabled = ?16, updated_at = datetime('now','localtime') WHERE code = ?1")
                   : db_prepare("INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, num_code, den_code, scale,"
                                " band_lo, band_hi, decimals, sort, description, enabled, created_at, updated_at)"
                                " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,COALESCE(?15,''),?16,datetime('now','localtime'),datetime('now','localtime'))");
  int fail = !s;
  if (s) {
    db_bind_text(s, 1, d.code);
    db_bind_text(s, 2, d.name);
    db_bind_text(s, 3, d.category);
    db_bind_text(s, 4, d.uom ? d.uom : "");
    db_bind_text(s, 5, d.direction);
    db_bind_text(s, 6, d.time_agg);
    db_bind_text(s, 7, d.unit_agg);
    db_bind_text(s, 8, ratio ? d.num_code : NULL);
    db_bind_text(s, 9, ratio ? d.den_code : NULL);
    db_bind_double(s, 10, d.scale);
    if (band) { db_bind_double(s, 11, d.band_lo); db_bind_double(s, 12, d.band_hi); } else { db_bind_null(s, 11); db_bind_null(s, 12); }
    db_bind_int(s, 13, decimals);
    db_bind_int(s, 14, sort);
    db_bind_text(s, 15, desc);
    db_bind_int(s, 16, enabled);
    fail = db_step(s) != DB_DONE;
  }
  json_t *after = fail ? NULL : def_row(d.code);
  int64_t id = after ? json_integer_value(json_object_get(after, "id")) : 0;
  if (fail || !after ||
      org_audit(r, path_code ? "cockpit.indicator.update" : "cockpit.indicator.create", "cockpit_indicator", id, d.code, before, after)) {
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
  json_t *before = def_row(code);
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "指标不存在"); return; }
  const char *feeder = json_string_value(json_object_get(before, "feeder"));
  if (feeder && *feeder) { json_decref(before); http_error(r, ERR_BAD_STATE, "code", "该指标由模块计算，不能停用"); return; }
  refs rf;
  if (refs_load(&rf, code)) { json_decref(before); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int user = cockpit_def_used_by(code, rf.v, rf.n);
  char user_code[64] = "";
  if (user >= 0) snprintf(user_code, sizeof user_code, "%s", rf.v[user].code);
  refs_free(&rf);
  if (user >= 0) { json_decref(before); http_error(r, ERR_BAD_STATE, "code", "比率指标 %s 由本指标计算，请先停用它", user_code); return; }
  if (ck_tx_begin(r)) { json_decref(before); return; }
  db_stmt *s = db_prepare("UPDATE cockpit_indicators SET enabled = 0, updated_at = datetime('now','localtime') WHERE code = ? AND enabled = 1");
  int fail = !s;
  if (s) { db_bind_text(s, 1, code); fail = db_step(s) != DB_DONE; }
  int64_t id = json_integer_value(json_object_get(before, "id"));
  json_t *after = fail ? NULL : def_row(code);
  if (fail || !after || org_audit(r, "cockpit.indicator.disable", "cockpit_indicator", id, code, before, after)) {
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
