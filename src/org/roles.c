/* roles.c — 角色管理: roles with permission strings and a data scope; the permission catalogue shown as a tree. */
#include "org/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The catalogue: every permission a route asks for, grouped as the menu shows them. Other modules add theirs
 * with org_register_perms at start-up. */
static const org_perm_def org_catalogue[] = {
  {"org", "系统管理"},
  {"org:unit", "单位管理"}, {"org:unit:list", "查询"}, {"org:unit:add", "新增"}, {"org:unit:edit", "修改"}, {"org:unit:remove", "删除"},
  {"org:unit:import", "导入"}, {"org:unit:export", "导出"},
  {"org:user", "用户管理"}, {"org:user:list", "查询"}, {"org:user:add", "新增"}, {"org:user:edit", "修改"}, {"org:user:resetPwd", "重置密码"},
  {"org:user:unlock", "解锁"}, {"org:user:import", "导入"}, {"org:user:export", "导出"},
  {"org:role", "角色管理"}, {"org:role:list", "查询"}, {"org:role:add", "新增"}, {"org:role:edit", "修改"}, {"org:role:remove", "删除"},
  {"org:calendar", "工作日历"}, {"org:calendar:edit", "修改"}, {"org:calendar:import", "导入"},
  {"org:security", "安全设置"}, {"org:security:list", "查看"}, {"org:security:edit", "修改"},
  {"monitor", "系统监控"},
  {"monitor:audit", "操作日志"}, {"monitor:audit:list", "查询"}, {"monitor:audit:export", "导出"}, {"monitor:audit:verify", "核验"},
  {"monitor:login", "登录日志"}, {"monitor:login:list", "查询"}, {"monitor:login:export", "导出"},
  {"monitor:online", "在线用户"}, {"monitor:online:list", "查询"}, {"monitor:online:forceLogout", "强退"},
};
#define NORG (sizeof org_catalogue / sizeof org_catalogue[0])
#define MAX_PERMS 512
static org_perm_def catalogue[MAX_PERMS];
static size_t ncat;

int org_register_perms(const org_perm_def *defs, size_t n) {
  if (ncat == 0) {
    memcpy(catalogue, org_catalogue, sizeof org_catalogue);
    ncat = NORG;
  }
  if (defs == org_catalogue) return 0;
  if (ncat + n > MAX_PERMS) return -1;
  memcpy(catalogue + ncat, defs, n * sizeof *defs);
  ncat += n;
  return 0;
}
#define NCAT (ncat ? ncat : (org_register_perms(org_catalogue, 0), ncat))

static int depth(const char *code) {
  int d = 0;
  for (; *code; code++) d += *code == ':';
  return d;
}

json_t *org_perm_catalogue(void) {
  json_t *roots = json_array(), *mod = NULL, *res = NULL;
  for (size_t i = 0; i < NCAT; i++) {
    json_t *n = json_pack("{s:s,s:s}", "code", catalogue[i].code, "name", catalogue[i].name);
    int d = depth(catalogue[i].code);
    if (d < 2) json_object_set_new(n, "children", json_array());
    if (d == 0) { json_array_append_new(roots, n); mod = n; }
    else if (d == 1 && mod) { json_array_append_new(json_object_get(mod, "children"), n); res = n; }
    else if (res) json_array_append_new(json_object_get(res, "children"), n);
    else json_decref(n);
  }
  return roots;
}

int org_perm_known(const char *perm) {
  if (strcmp(perm, "*:*:*") == 0) return 1;
  for (size_t i = 0; i < NCAT; i++)
    if (depth(catalogue[i].code) == 2 && strcmp(catalogue[i].code, perm) == 0) return 1;
  return 0;
}

static void h_list(req *r) {
  json_t *items = org_store_roles_all();
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_get(req *r) {
  json_t *o = org_store_role_get(http_param_id(r, 0));
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "角色不存在"); return; }
  http_json(r, 200, o);
}

static const char *const scopes[] = {"all", "custom", "unit", "unit_below", "self", NULL};

/* A role is shared by everyone who holds it: changing it changes them. So only someone whose scope covers every
 * holder may edit or delete it. 1 = allowed; otherwise answered 403. */
static int holders_in_scope(req *r, int64_t role_id) {
  if (!org_caller_scope(r)) return 0;
  int64_t outside = org_store_role_holders_outside(r, role_id);
  if (outside < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return 0; }
  if (outside != 0) {
    http_error(r, ERR_GRANT_SCOPE, "id", "该角色也授予了您数据范围以外的人员，您不能修改或删除它");
    return 0;
  }
  return 1;
}

/* Validates perms and units against the catalogue and the caller's own permissions and scope. */
static int check_grants(req *r, const char *scope, const char **perms, size_t np, const int64_t *units, size_t nu) {
  for (size_t i = 0; i < np; i++) {
    if (!org_perm_known(perms[i])) { http_error(r, ERR_INVALID, "perms", "未知的权限 %s", perms[i]); return -1; }
    if (!org_caller_can(r, perms[i])) { http_error(r, ERR_GRANT_SCOPE, "perms", "不能授予您自己没有的权限 %s", perms[i]); return -1; }
  }
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return -1;
  if (scope && strcmp(scope, "all") == 0 && !sc->all) { http_error(r, ERR_GRANT_SCOPE, "data_scope", "不能设置超出您自己数据范围的“全部”数据权限"); return -1; }
  for (size_t i = 0; i < nu; i++) {
    if (!org_unit_exists(units[i])) { http_error(r, ERR_INVALID, "unit_ids", "单位 %lld 不存在", (long long)units[i]); return -1; }
    if (!org_scope_has_unit(sc, units[i])) { http_error(r, ERR_GRANT_SCOPE, "unit_ids", "单位 %lld 不在您的数据范围内", (long long)units[i]); return -1; }
  }
  return 0;
}

/* The role as it will be, given to the caller's own unit and to each holder's unit, must stay within the caller:
 * a relative scope (本单位及以下) is judged by the units it reaches from there. 0 ok, else answered. */
static int def_within(req *r, int64_t id, json_t *before, const char *name, const char *scope, const char **perms, size_t np, int hp,
                      const int64_t *units, size_t nu, int hu) {
  int kind = org_scope_kind_parse(scope ? scope : json_string_value(json_object_get(before, "data_scope")));
  if (kind < 0) kind = SCOPE_SELF;
  char **pp = NULL;
  size_t npp = 0;
  int64_t *uu = NULL;
  size_t nuu = 0;
  json_t *e;
  size_t i;
  if (hp || !before) pp = (char **)perms, npp = np;
  else {
    json_t *a = json_object_get(before, "perms");
    pp = calloc(json_array_size(a) + 1, sizeof *pp);
    json_array_foreach(a, i, e) pp[npp++] = (char *)json_string_value(e);
  }
  if (hu || !before) uu = (int64_t *)units, nuu = nu;
  else {
    json_t *a = json_object_get(before, "unit_ids");
    uu = calloc(json_array_size(a) + 1, sizeof *uu);
    json_array_foreach(a, i, e) uu[nuu++] = json_integer_value(e);
  }
  int64_t *hids = NULL, *hunits = NULL;
  size_t nh = 0;
  char msg[256];
  int rc = id ? org_store_role_holders(id, &hids, &hunits, &nh) : 0;
  if (rc == 0) rc = org_role_def_check(r, name, (org_scope_kind)kind, uu, nuu, pp, npp, org_caller(r)->unit_id, msg, sizeof msg);
  for (size_t k = 0; rc == 0 && k < nh; k++) rc = org_role_def_check(r, name, (org_scope_kind)kind, uu, nuu, pp, npp, hunits[k], msg, sizeof msg);
  if (pp != (char **)perms) free(pp);
  if (uu != units) free(uu);
  free(hids);
  free(hunits);
  if (rc == 0) return 0;
  if (rc == -1) http_error(r, ERR_GRANT_SCOPE, "data_scope", "%s", msg);
  else http_error(r, ERR_INTERNAL, NULL, NULL);
  return -1;
}

static void h_save(req *r) {
  int64_t id = http_param_id(r, 0); /* 0 = create */
  static const char *const allowed[] = {"code", "name", "data_scope", "unit_ids", "perms", "sort", "enabled", "remark", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *code = NULL, *name = NULL, *scope = NULL, *remark = NULL, **perms = NULL;
  int64_t sort = 0, *units = NULL;
  size_t np = 0, nu = 0;
  int enabled = 1, hc, hn, hs, hu, hp, hso, he, hr;
  int req_ = r->method == HTTP_POST ? JV_REQUIRED : JV_OPTIONAL;
  if ((hc = jv_str(r, o, "code", "角色编码", req_, 1, 32, &code)) < 0 || (hn = jv_str(r, o, "name", "角色名称", req_, 1, 32, &name)) < 0 ||
      (hs = jv_enum(r, o, "data_scope", "数据范围", req_, scopes, &scope)) < 0 || (hu = jv_ids(r, o, "unit_ids", "自定义单位", JV_OPTIONAL, 500, &units, &nu)) < 0 ||
      (hp = jv_strs(r, o, "perms", "权限", JV_OPTIONAL, 500, 64, &perms, &np)) < 0 || (hso = jv_int(r, o, "sort", "排序", JV_OPTIONAL, 0, 9999, &sort)) < 0 ||
      (he = jv_bool(r, o, "enabled", "状态", JV_OPTIONAL, &enabled)) < 0 || (hr = jv_str(r, o, "remark", "备注", JV_OPTIONAL, 0, 200, &remark)) < 0)
    return;
  if (hc > 0) {
    for (const char *p = code; *p; p++)
      if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) {
        http_error(r, ERR_INVALID, "code", "角色编码只能由字母、数字、下划线组成");
        return;
      }
  }
  json_t *before = NULL;
  if (id) {
    before = org_store_role_get(id);
    if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "角色不存在"); return; }
    /* Editing one's own role would widen oneself; editing a role one could not grant is granting it. */
    int held = org_store_user_holds_role(org_caller(r)->id, id);
    if (held != 0) {
      json_decref(before);
      if (held < 0) http_error(r, ERR_INTERNAL, NULL, NULL);
      else http_error(r, ERR_GRANT_SCOPE, "id", "不能修改自己拥有的角色");
      return;
    }
    if (!org_can_grant_role(r, id, "perms") || !holders_in_scope(r, id)) { json_decref(before); return; }
    if (json_is_true(json_object_get(before, "builtin")) && hc > 0 && strcmp(code, json_string_value(json_object_get(before, "code")))) {
      json_decref(before);
      http_error(r, ERR_BUILTIN, "code", "内置角色的编码不能修改");
      return;
    }
  }
  if (check_grants(r, hs > 0 ? scope : NULL, perms, np, units, nu) ||
      def_within(r, id, before, hn > 0 ? name : json_string_value(json_object_get(before, "name")), hs > 0 ? scope : NULL, perms, np,
                 hp > 0, units, nu, hu > 0)) {
    json_decref(before);
    return;
  }
  if (org_tx_begin(r)) { json_decref(before); return; }
  char at[20];
  org_now(at);
  org_role_row v = {hc > 0 ? code : NULL, hn > 0 ? name : NULL, hs > 0 ? scope : NULL, hr > 0 ? remark : NULL, sort, hso > 0, enabled, he > 0};
  int st;
  if (!id) {
    v.remark = remark ? remark : "";
    int64_t nid = org_store_role_insert(&v, at);
    st = nid > 0 ? 0 : nid == 0 ? 1 : -1;
    if (nid > 0) id = nid;
  } else {
    st = org_store_role_update(id, &v, at);
  }
  if (st == 1) { db_rollback(); json_decref(before); http_error(r, ERR_DUPLICATE, "code", "角色编码 %s 已存在", code); return; }
  if (st) { json_decref(before); org_tx_fail(r); return; }
  if (org_store_role_sets(id, perms, np, hp > 0 || !before, units, nu, hu > 0 || !before)) { json_decref(before); org_tx_fail(r); return; }
  json_t *after = org_store_role_get(id);
  char sum[200];
  snprintf(sum, sizeof sum, "%s角色 %s", before ? "修改" : "新增", json_string_value(json_object_get(after, "name")));
  int arc = org_audit(r, before ? "org.role.update" : "org.role.create", "role", id, sum, before, after);
  int created = !before;
  json_decref(before);
  if (arc) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, created ? 201 : 200, after);
}

static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *before = org_store_role_get(id);
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "角色不存在"); return; }
  if (json_is_true(json_object_get(before, "builtin"))) { json_decref(before); http_error(r, ERR_BUILTIN, NULL, "内置角色不能删除"); return; }
  if (json_integer_value(json_object_get(before, "user_count")) > 0) { json_decref(before); http_error(r, ERR_ROLE_IN_USE, NULL, NULL); return; }
  if (!org_can_grant_role(r, id, "id") || !holders_in_scope(r, id)) { json_decref(before); return; }
  if (org_tx_begin(r)) { json_decref(before); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "删除角色 %s", json_string_value(json_object_get(before, "name")));
  int bad = org_store_role_delete(id) || org_audit(r, "org.role.delete", "role", id, sum, before, NULL);
  json_decref(before);
  if (bad) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_perms(req *r) { http_json(r, 200, org_perm_catalogue()); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/permissions", NULL, h_perms, 0},
  {HTTP_GET, "/api/v1/org/roles", "org:role:list", h_list, 0},
  {HTTP_GET, "/api/v1/org/roles/:id", "org:role:list", h_get, 0},
  {HTTP_POST, "/api/v1/org/roles", "org:role:add", h_save, 0},
  {HTTP_PATCH, "/api/v1/org/roles/:id", "org:role:edit", h_save, 0},
  {HTTP_DELETE, "/api/v1/org/roles/:id", "org:role:remove", h_delete, 0},
};
void org_roles_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
