/* units.c — 单位管理: the unit tree (局/部门/所/队/片区/组): list, create, rename, move without cycles, disable, delete. */
#include "org/internal.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"局", "部门", "所", "队", "片区", "组", NULL};

int org_tx_begin(req *r) { return dbj_tx_begin(r); }
int org_tx_commit(req *r) { return dbj_tx_commit(r); }
void org_tx_fail(req *r) { dbj_tx_fail(r); }

int org_unit_visible(req *r, int64_t unit_id) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return 0;
  return (org_caller(r)->unit_id == unit_id || org_scope_has_unit(sc, unit_id)) && org_unit_exists(unit_id);
}

static const export_col unit_cols[] = {
  {"编码", "code", 0}, {"名称", "name", 0}, {"类型", "kind", 0}, {"上级编码", "parent_code", 0}, {"排序", "sort", 1},
  {"状态", "status_text", 0}, {"用户数", "user_count", 1}};

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *en = http_query(r, "enabled");
  if (en && strcmp(en, "1") && strcmp(en, "0") && *en) { http_error(r, ERR_BAD_QUERY, "enabled", "enabled 只能是 1 或 0"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = org_store_units_list(r, dbj_like(r, lp.q), en && *en ? atoi(en) : -1);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (lp.export_fmt) {
    if (!org_caller_can(r, "org:unit:export")) { json_decref(items); http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
    export_send(r, lp.export_fmt, "单位列表", unit_cols, sizeof unit_cols / sizeof unit_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id || !org_unit_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  json_t *o = org_unit_get(id);
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  http_json(r, 200, o);
}

static int code_ok(const char *code) {
  size_t n = strlen(code);
  if (n < 1 || n > 32) return 0;
  for (const char *p = code; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) return 0;
  return 1;
}

/* Shared checks of a unit's fields; also used by the importer. Returns the failing field or NULL. */
const char *org_unit_check(const char *code, const char *kind, char *msg, size_t msglen) {
  if (code && !code_ok(code)) { snprintf(msg, msglen, "编码只能由1到32位字母、数字、-、_组成"); return "code"; }
  if (kind) {
    int ok = 0;
    for (const char *const *k = kinds; *k; k++) ok |= strcmp(*k, kind) == 0;
    if (!ok) { snprintf(msg, msglen, "类型应为 局、部门、所、队、片区、组 之一"); return "kind"; }
  }
  return NULL;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"parent_id", "code", "name", "kind", "sort", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t parent, sort = 0;
  const char *code, *name, *kind;
  if (jv_int(r, o, "parent_id", "上级单位", JV_REQUIRED, 1, INT64_MAX, &parent) < 0 ||
      jv_str(r, o, "code", "编码", JV_REQUIRED, 1, 32, &code) < 0 || jv_str(r, o, "name", "名称", JV_REQUIRED, 1, 64, &name) < 0 ||
      jv_enum(r, o, "kind", "类型", JV_REQUIRED, kinds, &kind) < 0 || jv_int(r, o, "sort", "排序", JV_OPTIONAL, 0, 9999, &sort) < 0)
    return;
  char msg[160];
  const char *bad = org_unit_check(code, kind, msg, sizeof msg);
  if (bad) { http_error(r, ERR_INVALID, bad, "%s", msg); return; }
  if (!org_unit_visible(r, parent)) { http_error(r, ERR_INVALID, "parent_id", "上级单位不存在或不在您的数据范围内"); return; }
  if (org_tx_begin(r)) return;
  int dup;
  int64_t id = org_unit_insert(parent, code, name, kind, sort, &dup);
  if (!id) {
    db_rollback();
    if (dup) http_error(r, ERR_DUPLICATE, "code", "单位编码 %s 已存在", code);
    else http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  json_t *after = org_unit_get(id);
  char sum[200];
  snprintf(sum, sizeof sum, "新增单位 %s", name);
  if (org_audit(r, "org.unit.create", "unit", id, sum, NULL, after)) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_patch(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id || !org_unit_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  static const char *const allowed[] = {"parent_id", "code", "name", "kind", "sort", "enabled", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t parent = 0, sort = 0;
  const char *code = NULL, *name = NULL, *kind = NULL;
  int enabled = 1;
  int hp, hc, hn, hk, hs, he;
  if ((hp = jv_int(r, o, "parent_id", "上级单位", JV_OPTIONAL, 1, INT64_MAX, &parent)) < 0 ||
      (hc = jv_str(r, o, "code", "编码", JV_OPTIONAL, 1, 32, &code)) < 0 || (hn = jv_str(r, o, "name", "名称", JV_OPTIONAL, 1, 64, &name)) < 0 ||
      (hk = jv_enum(r, o, "kind", "类型", JV_OPTIONAL, kinds, &kind)) < 0 || (hs = jv_int(r, o, "sort", "排序", JV_OPTIONAL, 0, 9999, &sort)) < 0 ||
      (he = jv_bool(r, o, "enabled", "状态", JV_OPTIONAL, &enabled)) < 0)
    return;
  char msg[160];
  const char *bad = org_unit_check(hc ? code : NULL, NULL, msg, sizeof msg);
  if (bad) { http_error(r, ERR_INVALID, bad, "%s", msg); return; }
  json_t *before = org_unit_get(id);
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  int is_root = json_is_null(json_object_get(before, "parent_id"));
  if (hp && is_root) { json_decref(before); http_error(r, ERR_INVALID, "parent_id", "最上级单位不能移动"); return; }
  if (he && !enabled && id == org_caller(r)->unit_id) { json_decref(before); http_error(r, ERR_INVALID, "enabled", "不能停用自己所在的单位"); return; }
  if (hp && !org_unit_visible(r, parent)) { json_decref(before); http_error(r, ERR_INVALID, "parent_id", "上级单位不存在或不在您的数据范围内"); return; }
  if (org_tx_begin(r)) { json_decref(before); return; }
  if (hp) {
    /* A move: the new parent must not be the unit itself or below it; then every path in the subtree is rewritten. */
    char oldp[512], parp[512];
    org_store_unit_paths(id, parent, oldp, sizeof oldp, parp, sizeof parp);
    if (!*oldp || !*parp) { json_decref(before); org_tx_fail(r); return; }
    if (strncmp(parp, oldp, strlen(oldp)) == 0) {
      db_rollback();
      json_decref(before);
      http_error(r, ERR_UNIT_CYCLE, "parent_id", NULL);
      return;
    }
    char newp[560];
    snprintf(newp, sizeof newp, "%s%lld/", parp, (long long)id);
    if (org_store_unit_repath(newp, oldp)) { json_decref(before); org_tx_fail(r); return; }
  }
  char at[20];
  org_now(at);
  org_unit_row v = {hp > 0, parent, hc > 0 ? code : NULL, hn > 0 ? name : NULL, hk > 0 ? kind : NULL, hs > 0, sort, he > 0, enabled};
  int st = org_store_unit_update(id, &v, at);
  if (st == 1) { db_rollback(); json_decref(before); http_error(r, ERR_DUPLICATE, "code", "单位编码 %s 已存在", code); return; }
  if (st) { json_decref(before); org_tx_fail(r); return; }
  json_t *after = org_unit_get(id);
  char sum[200];
  snprintf(sum, sizeof sum, "%s单位 %s", hp ? "移动" : he && !enabled ? "停用" : "修改", json_string_value(json_object_get(after, "name")));
  int arc = org_audit(r, "org.unit.update", "unit", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id || !org_unit_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  if (org_tx_begin(r)) return;
  int64_t refs = org_store_unit_refs(id);
  if (refs != 0) { db_rollback(); if (refs < 0) http_error(r, ERR_INTERNAL, NULL, NULL); else http_error(r, ERR_UNIT_IN_USE, NULL, NULL); return; }
  json_t *before = org_unit_get(id);
  int st = org_store_unit_delete(id);
  if (st == 1) { db_rollback(); json_decref(before); http_error(r, ERR_UNIT_IN_USE, NULL, "单位仍被其他数据引用，不能删除，可以停用"); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "删除单位 %s", before ? json_string_value(json_object_get(before, "name")) : "");
  int arc = st != 0 || org_audit(r, "org.unit.delete", "unit", id, sum, before, NULL);
  json_decref(before);
  if (arc) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col cols[] = {{"编码", "", 0}, {"名称", "", 0}, {"类型", "", 0}, {"上级编码", "", 0}, {"排序", "", 1}};
  const char *ex[] = {"CQ-SZ", "城区专卖管理所", "所", "JU", "10"};
  export_template(r, f && strcmp(f, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, "单位导入模板", cols, 5, ex);
}

/* GET /org/units/options[?scope=1]: names and tree for pickers, open to every signed-in user (scope=1: only the caller's). */
static void h_options(req *r) {
  const char *sc = http_query(r, "scope");
  if (sc && *sc && strcmp(sc, "1") && strcmp(sc, "0")) { http_error(r, ERR_BAD_QUERY, "scope", "scope 只能是 1 或 0"); return; }
  int in_scope = sc && strcmp(sc, "1") == 0;
  if (in_scope && !org_caller_scope(r)) return;
  json_t *items = org_store_unit_options(r, in_scope);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

void org_units_import(req *r);

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/units", "org:unit:list", h_list, 0},
  {HTTP_GET, "/api/v1/org/units/options", NULL, h_options, 0},
  {HTTP_GET, "/api/v1/org/units/template", "org:unit:import", h_template, 0},
  {HTTP_POST, "/api/v1/org/units/import", "org:unit:import", org_units_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/org/units/:id", "org:unit:list", h_get, 0},
  {HTTP_POST, "/api/v1/org/units", "org:unit:add", h_create, 0},
  {HTTP_PATCH, "/api/v1/org/units/:id", "org:unit:edit", h_patch, 0},
  {HTTP_DELETE, "/api/v1/org/units/:id", "org:unit:remove", h_delete, 0},
};
void org_units_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
