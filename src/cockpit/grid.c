/* grid.c — 目标分解表: one indicator's targets for a year as a grid of every unit the caller may set × (the year and its
 * 12 months), read and saved at once; a sum indicator's children must add up to their parent's yearly target. */
#include "cockpit/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *num_or_null(cockpit_num n) { return n.ok ? json_real(n.v) : json_null(); }

/* The indicator of ?indicator / body: id and its stored definition; 0 answered 404. */
static int64_t indicator_of(req *r, const char *code, ck_ind_kind *kind, json_t **def) {
  int64_t ind = code && *code ? ck_store_ind_lookup(code, 1, kind) : 0;
  *def = ind ? ck_store_def_get(code) : NULL;
  if (!ind || !*def) { http_error(r, ERR_NOT_FOUND, "indicator", "指标不存在"); return 0; }
  return ind;
}
static int additive_def(json_t *def) {
  const char *ua = json_string_value(json_object_get(def, "unit_agg")), *ta = json_string_value(json_object_get(def, "time_agg"));
  return ua && ta && !strcmp(ua, "sum") && strcmp(ta, "ratio");
}
static int cumulative_def(json_t *def) {
  const char *ta = json_string_value(json_object_get(def, "time_agg"));
  return ta && !strcmp(ta, "sum");
}

/* GET /targets/grid?indicator=&year= → {indicator, year, additive, cumulative, rows:[{unit_id, unit_name, parent_id,
 * depth, value, derived, months[12]}]} in tree order; derived: a parent's sum of its children (additive, no own target). */
static void h_grid_get(req *r) {
  const char *ys = http_query(r, "year");
  int64_t year = ys ? atoll(ys) : 0;
  if (year < 2000 || year > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度应为2000到2100"); return; }
  ck_ind_kind kind;
  json_t *def;
  int64_t ind = indicator_of(r, http_query(r, "indicator"), &kind, &def);
  if (!ind) return;
  ck_tree t;
  json_t *units = ck_store_units();
  cockpit_num *grid = NULL;
  if (!units || ck_store_unit_tree(&t)) { json_decref(units); json_decref(def); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  grid = calloc(t.n * 13 + 1, sizeof *grid);
  if (!grid || ck_store_targets_year(ind, year, &t, grid)) {
    free(grid); ck_tree_free(&t); json_decref(units); json_decref(def);
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  int additive = additive_def(def);
  json_t *rows = json_array();
  size_t k;
  json_t *u;
  json_array_foreach(units, k, u) {
    int64_t id = json_integer_value(json_object_get(u, "id"));
    int x = ck_tree_find(&t, id);
    if (x < 0 || !ck_unit_writable(r, id)) continue;
    int depth = 0;
    for (int p = t.parent[x]; p >= 0 && depth < 64; p = t.parent[p]) depth++;
    json_t *months = json_array();
    for (int m = 1; m <= 12; m++) json_array_append_new(months, num_or_null(grid[(size_t)x * 13 + (size_t)m]));
    cockpit_num derived = COCKPIT_NONE;
    if (additive && !grid[(size_t)x * 13].ok) {
      for (size_t c = 0; c < t.n; c++)
        if (t.parent[c] == x && grid[c * 13].ok) derived = COCKPIT_VAL((derived.ok ? derived.v : 0) + grid[c * 13].v);
    }
    json_array_append_new(rows, json_pack("{s:I,s:s,s:o,s:i,s:o,s:o,s:o}", "unit_id", (json_int_t)id, "unit_name",
                                          json_string_value(json_object_get(u, "name")), "parent_id", json_incref(json_object_get(u, "parent_id")), "depth",
                                          depth, "value", num_or_null(grid[(size_t)x * 13]), "derived", num_or_null(derived), "months", months));
  }
  free(grid);
  ck_tree_free(&t);
  json_decref(units);
  json_t *ij = json_pack("{s:O,s:O,s:O,s:O,s:O}", "code", json_object_get(def, "code"), "name", json_object_get(def, "name"), "uom",
                         json_object_get(def, "uom"), "decimals", json_object_get(def, "decimals"), "time_agg", json_object_get(def, "time_agg"));
  ck_json(r, 200, json_pack("{s:o,s:I,s:b,s:b,s:o}", "indicator", ij, "year", (json_int_t)year, "additive", additive, "cumulative", cumulative_def(def),
                            "rows", rows));
  json_decref(def);
}

/* One row of the body: its unit and 13 figures (year, months). 0 ok; -1 answered 400 naming rows[i].field. */
static int row_of(req *r, json_t *row, size_t i, int64_t *unit, cockpit_num t[13]) {
  static const char *const keys[] = {"unit_id", "value", "months", NULL};
  const char *key;
  json_t *v;
  if (!json_is_object(row)) { http_error(r, ERR_INVALID, req_printf(r, "rows[%zu]", i), "第%zu行应为对象", i + 1); return -1; }
  json_object_foreach(row, key, v) {
    int known = 0;
    for (int k = 0; keys[k]; k++) known |= !strcmp(keys[k], key);
    if (!known) { http_error(r, ERR_UNKNOWN_FIELD, req_printf(r, "rows[%zu].%s", i, key), "第%zu行有未知字段 %s", i + 1, key); return -1; }
  }
  json_t *u = json_object_get(row, "unit_id");
  if (!json_is_integer(u) || json_integer_value(u) <= 0) { http_error(r, ERR_INVALID, req_printf(r, "rows[%zu].unit_id", i), "第%zu行缺少单位", i + 1); return -1; }
  *unit = json_integer_value(u);
  v = json_object_get(row, "value");
  if (v && !json_is_null(v) && (!json_is_number(v) || !isfinite(json_number_value(v)) || fabs(json_number_value(v)) > 1e13)) {
    http_error(r, ERR_INVALID, req_printf(r, "rows[%zu].value", i), "第%zu行的年度目标应为数字或空", i + 1);
    return -1;
  }
  t[0] = v && json_is_number(v) ? COCKPIT_VAL(json_number_value(v)) : COCKPIT_NONE;
  json_t *ms = json_object_get(row, "months");
  if (ms && !json_is_null(ms) && (!json_is_array(ms) || json_array_size(ms) != 12)) {
    http_error(r, ERR_INVALID, req_printf(r, "rows[%zu].months", i), "第%zu行的月度目标应为12个数", i + 1);
    return -1;
  }
  for (int m = 1; m <= 12; m++) {
    json_t *x = ms && json_is_array(ms) ? json_array_get(ms, (size_t)m - 1) : NULL;
    if (x && !json_is_null(x) && (!json_is_number(x) || !isfinite(json_number_value(x)) || fabs(json_number_value(x)) > 1e13)) {
      http_error(r, ERR_INVALID, req_printf(r, "rows[%zu].months", i), "第%zu行%d月的目标应为数字或空", i + 1, m);
      return -1;
    }
    t[m] = x && json_is_number(x) ? COCKPIT_VAL(json_number_value(x)) : COCKPIT_NONE;
  }
  return 0;
}

/* PUT /targets/grid {indicator, year, rows:[{unit_id, value, months}]} — every row replaces that unit's targets of the
 * year, in one transaction with one audit row. Sum indicators: a row's 12 given months add up to its year; every parent's
 * year equals the sum of its children's (the rows sent over what is stored), within 0.5 %. */
static void h_grid_put(req *r) {
  static const char *const allowed[] = {"indicator", "year", "rows", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *code;
  int64_t year;
  if (jv_str(r, o, "indicator", "指标编码", JV_REQUIRED, 1, 60, &code) < 0 || jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0) return;
  json_t *rows = json_object_get(o, "rows");
  if (!json_is_array(rows) || !json_array_size(rows) || json_array_size(rows) > 2000) { http_error(r, ERR_INVALID, "rows", "rows 应为1到2000行"); return; }
  ck_ind_kind kind;
  json_t *def;
  int64_t ind = indicator_of(r, code, &kind, &def);
  if (!ind) return;
  int additive = additive_def(def), cumulative = cumulative_def(def);
  json_decref(def);
  size_t n = json_array_size(rows);
  int64_t *units = calloc(n, sizeof *units);
  cockpit_num *vals = calloc(n * 13, sizeof *vals), *grid = NULL, *years = NULL;
  ck_tree t = {0};
  int *at = NULL;
  if (!units || !vals) goto oom;
  for (size_t i = 0; i < n; i++) {
    if (row_of(r, json_array_get(rows, i), i, &units[i], &vals[i * 13])) goto done;
    if (!ck_unit_writable(r, units[i])) {
      http_error(r, ERR_NOT_FOUND, req_printf(r, "rows[%zu].unit_id", i), "第%zu行的单位不存在或不在您的数据范围内", i + 1);
      goto done;
    }
    if (cumulative && vals[i * 13].ok) {
      double s = 0;
      int given = 0;
      for (int m = 1; m <= 12; m++)
        if (vals[i * 13 + (size_t)m].ok) { s += vals[i * 13 + (size_t)m].v; given++; }
      double y = vals[i * 13].v;
      if (given == 12 && fabs(s - y) > 0.005 * fmax(1, fabs(y))) {
        http_error(r, ERR_INVALID, req_printf(r, "rows[%zu].months", i), "第%zu行12个月的目标之和（%.2f）应等于年度目标（%.2f）", i + 1, s, y);
        goto done;
      }
    }
  }
  if (ck_tx_begin(r)) goto done;
  /* The add-up check reads what is stored inside the write transaction, the rows sent laid over it. */
  if (ck_store_unit_tree(&t)) goto fail;
  grid = calloc(t.n * 13 + 1, sizeof *grid);
  years = calloc(t.n + 1, sizeof *years);
  at = calloc(t.n + 1, sizeof *at);
  if (!grid || !years || !at || ck_store_targets_year(ind, year, &t, grid)) goto fail;
  for (size_t x = 0; x < t.n; x++) { years[x] = grid[x * 13]; at[x] = -1; }
  for (size_t i = 0; i < n; i++) {
    int x = ck_tree_find(&t, units[i]);
    if (x >= 0) { years[x] = vals[i * 13]; at[x] = (int)i; }
  }
  double sum = 0;
  int bad = additive ? cockpit_targets_add_up(years, t.parent, t.n, 0.005, &sum) : -1;
  if (bad >= 0) {
    db_rollback();
    http_error(r, ERR_INVALID, at[bad] >= 0 ? req_printf(r, "rows[%d].value", at[bad]) : "rows", "下级单位目标之和（%.2f）与该单位年度目标（%.2f）不一致", sum,
               years[bad].v);
    goto done;
  }
  for (size_t i = 0; i < n; i++)
    if (ck_store_targets_replace(ind, units[i], year, &vals[i * 13]) != DB_DONE) goto fail;
  if (org_audit(r, "cockpit.target.grid", "cockpit_target", ind, req_printf(r, "目标分解表 %s %lld年，%zu个单位", code, (long long)year, n), NULL, o)) goto fail;
  if (ck_tx_commit(r)) goto done;
  ck_json(r, 200, json_pack("{s:b,s:I}", "ok", 1, "rows", (json_int_t)n));
  goto done;
fail:
  ck_tx_fail(r);
  goto done;
oom:
  http_error(r, ERR_INTERNAL, NULL, NULL);
done:
  free(units); free(vals); free(grid); free(years); free(at);
  ck_tree_free(&t);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/cockpit/targets/grid", "cockpit:indicator:edit", h_grid_get, 0},
  {HTTP_PUT, "/api/v1/cockpit/targets/grid", "cockpit:indicator:edit", h_grid_put, 0},
};

void ck_grid_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
