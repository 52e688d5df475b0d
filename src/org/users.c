/* users.c — 用户管理: list with filters and data scope, create, edit, disable, reset password, unlock. */
#include "org/internal.h"
#include "base/pagecache.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is the user row inside the caller's scope? Answers 404 when not. */
static int user_visible(req *r, int64_t id) {
  if (!org_caller_scope(r)) return 0;
  int ok = org_store_user_visible(r, id);
  if (ok < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return 0; }
  if (!ok) http_error(r, ERR_NOT_FOUND, NULL, "用户不存在");
  return ok;
}

static const char *const sorts[] = {"id", "username", "name", "created_at", "last_login_at", NULL};

static const export_col user_cols[] = {
  {"用户名", "username", 0}, {"姓名", "name", 0}, {"单位", "unit_name", 0}, {"职务", "position", 0}, {"手机号", "phone", 0},
  {"角色", "roles[].name", 0}, {"状态", "status_text", 0}, {"最近登录", "last_login_at", 0}, {"创建时间", "created_at", 0}};

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, sorts, 0, 0, &lp)) return;
  const char *v;
  int64_t unit = 0, role = 0;
  int below = 0;
  const char *status = NULL;
  if ((v = http_query(r, "unit_id")) && *v && (unit = strtoll(v, NULL, 10)) <= 0) { http_error(r, ERR_BAD_QUERY, "unit_id", "单位编号不合法"); return; }
  if ((v = http_query(r, "role_id")) && *v && (role = strtoll(v, NULL, 10)) <= 0) { http_error(r, ERR_BAD_QUERY, "role_id", "角色编号不合法"); return; }
  if ((v = http_query(r, "below"))) below = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
  if ((v = http_query(r, "status")) && *v) {
    if (strcmp(v, "enabled") && strcmp(v, "disabled")) { http_error(r, ERR_BAD_QUERY, "status", "状态只能是 enabled 或 disabled"); return; }
    status = v;
  }
  const char *scope = org_scope_key(r);
  if (!scope) return;
  const char *like = dbj_like(r, lp.q);
  /* The same page for the same scope and filters while none of the tables it reads has changed (base/pagecache.h). */
  static const char *const tables[] = {"users", "units", "roles", "user_roles", "login_fail", NULL};
  pc_req pc = {-1, NULL};
  if (!lp.export_fmt && pagecache_answer(r, tables, &pc, "org.users|%s|%d:%d:%lld:%lld:%lld:%d:%s:%lld:%s", scope, lp.sort, lp.desc, (long long)lp.size,
                                         (long long)lp.offset, (long long)unit, below, status ? status : "", (long long)role, like ? like : "-"))
    return;
  org_users_q q = {like, unit, below, status, role, lp.sort, lp.desc};
  if (lp.export_fmt) {
    if (!org_caller_can(r, "org:user:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
    json_t *items = org_store_users_all(r, &q);
    if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    export_send(r, lp.export_fmt, "用户列表", user_cols, sizeof user_cols / sizeof user_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  /* total first: the page statement then streams straight into the answer. */
  int64_t total = org_store_users_count(r, &q);
  size_t len;
  char *page = total < 0 ? NULL : org_store_users_page(r, &q, total, lp.size, lp.offset, &len);
  if (!page) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* 'locked' turns false by the clock alone: the page is kept until the next lock runs out. */
  pagecache_send(r, &pc, pc.key ? org_store_users_next_unlock() : 0, page, len);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "用户不存在"); return; }
  if (!user_visible(r, id)) return;
  json_t *o = org_user_get_json(id);
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "用户不存在"); return; }
  http_json(r, 200, o);
}

/* Field checks shared with the importer: returns the failing field name (and a message) or NULL. */
const char *org_user_check(const char *username, const char *phone, char *msg, size_t msglen) {
  if (username) {
    size_t n = strlen(username);
    int ok = n >= 3 && n <= 32;
    for (const char *p = username; ok && *p; p++)
      ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.';
    if (!ok) { snprintf(msg, msglen, "用户名应为3到32位字母、数字、下划线或点"); return "username"; }
  }
  if (phone && *phone) {
    size_t n = strlen(phone);
    int ok = n == 11 && phone[0] == '1' && phone[1] >= '3' && phone[1] <= '9';
    for (size_t i = 0; ok && i < n; i++) ok = phone[i] >= '0' && phone[i] <= '9';
    int landline = !ok && phone[0] == '0' && n >= 10 && n <= 13;
    for (size_t i = 0; landline && i < n; i++) landline = (phone[i] >= '0' && phone[i] <= '9') || (phone[i] == '-' && i >= 3 && i <= 4);
    if (!ok && !landline) { snprintf(msg, msglen, "手机号格式不正确（11位手机号或带区号的固定电话）"); return "phone"; }
  }
  return NULL;
}

/* After the write, inside its transaction: the target as written must stay within the caller. 0 ok; else rolled
 * back and answered. */
static int still_within(req *r, int64_t id, const char *field) {
  char msg[256];
  int rc = org_target_check(r, id, msg, sizeof msg);
  if (rc == 0) return 0;
  db_rollback();
  if (rc == -2) http_error(r, ERR_INTERNAL, NULL, NULL);
  else http_error(r, ERR_GRANT_SCOPE, field, "%s", msg);
  return -1;
}

/* A grant for a user of unit_id, answered when refused. 1 ok. */
static int can_grant_to(req *r, int64_t role_id, int64_t unit_id, const char *field) {
  char msg[256];
  if (org_role_grant_check_for(r, role_id, unit_id, msg, sizeof msg) == 0) return 1;
  if (!r->answered) http_error(r, strstr(msg, "不存在") ? ERR_INVALID : ERR_GRANT_SCOPE, field, "%s", msg);
  return 0;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"username", "name", "unit_id", "position", "phone", "role_ids", "password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *username, *name, *position = "", *phone = "", *password = NULL;
  int64_t unit, *roles = NULL;
  size_t nroles = 0;
  if (jv_str(r, o, "username", "用户名", JV_REQUIRED, 3, 32, &username) < 0 || jv_str(r, o, "name", "姓名", JV_REQUIRED, 1, 32, &name) < 0 ||
      jv_int(r, o, "unit_id", "单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 || jv_str(r, o, "position", "职务", JV_OPTIONAL, 0, 32, &position) < 0 ||
      jv_str(r, o, "phone", "手机号", JV_OPTIONAL, 0, 20, &phone) < 0 || jv_ids(r, o, "role_ids", "角色", JV_OPTIONAL, 16, &roles, &nroles) < 0 ||
      jv_str(r, o, "password", "密码", JV_OPTIONAL, 1, 128, &password) < 0)
    return;
  char msg[200];
  const char *bad = org_user_check(username, phone, msg, sizeof msg);
  if (bad) { http_error(r, ERR_INVALID, bad, "%s", msg); return; }
  if (!org_unit_exists(unit)) { http_error(r, ERR_INVALID, "unit_id", "单位不存在"); return; }
  if (!org_unit_visible(r, unit)) { http_error(r, ERR_GRANT_SCOPE, "unit_id", "不能把用户放到您数据范围以外的单位"); return; }
  for (size_t i = 0; i < nroles; i++)
    if (!can_grant_to(r, roles[i], unit, "role_ids")) return;
  char temp[13];
  if (password) {
    if (org_password_policy_for(username, name, password, msg, sizeof msg)) { http_error(r, ERR_WEAK_PASSWORD, "password", "%s", msg); return; }
  } else {
    util_temp_password(temp);
    password = temp;
  }
  char hash[128];
  int hrc = org_password_hash_try(password, hash);
  if (hrc) { http_error(r, hrc == -2 ? ERR_BUSY : ERR_INTERNAL, NULL, NULL); return; }
  if (org_tx_begin(r)) return;
  int64_t id;
  int rc = org_create_user_raw(username, name, unit, position, phone, hash, 1, &id);
  if (rc == 1) { db_rollback(); http_error(r, ERR_DUPLICATE, "username", "用户名 %s 已存在", username); return; }
  if (rc || org_set_user_roles(id, roles, nroles)) { org_tx_fail(r); return; }
  if (still_within(r, id, "role_ids")) return;
  org_store_user_created_by(id, org_caller(r)->id);
  json_t *after = org_user_get_json(id);
  char sum[200];
  snprintf(sum, sizeof sum, "新增用户 %s（%s）", username, name);
  if (!after || org_audit(r, "org.user.create", "user", id, sum, NULL, after)) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, json_pack("{s:o,s:s}", "user", after, "initial_password", password));
}

static void h_patch(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "用户不存在"); return; }
  if (!user_visible(r, id)) return;
  static const char *const allowed[] = {"name", "unit_id", "position", "phone", "role_ids", "status", NULL};
  static const char *const statuses[] = {"enabled", "disabled", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *name = NULL, *position = NULL, *phone = NULL, *status = NULL;
  int64_t unit = 0, *roles = NULL;
  size_t nroles = 0;
  int hn, hu, hp, hph, hr, hs;
  if ((hn = jv_str(r, o, "name", "姓名", JV_OPTIONAL, 1, 32, &name)) < 0 || (hu = jv_int(r, o, "unit_id", "单位", JV_OPTIONAL, 1, INT64_MAX, &unit)) < 0 ||
      (hp = jv_str(r, o, "position", "职务", JV_OPTIONAL, 0, 32, &position)) < 0 || (hph = jv_str(r, o, "phone", "手机号", JV_OPTIONAL, 0, 20, &phone)) < 0 ||
      (hr = jv_ids(r, o, "role_ids", "角色", JV_OPTIONAL, 16, &roles, &nroles)) < 0 ||
      (hs = jv_enum(r, o, "status", "状态", JV_OPTIONAL, statuses, &status)) < 0)
    return;
  /* Whoever holds more than the caller is not his to edit, disable or regrant. */
  if (!org_target_within(r, id, hr > 0 ? "role_ids" : hs > 0 ? "status" : NULL)) return;
  char msg[200];
  const char *bad = org_user_check(NULL, hph > 0 ? phone : NULL, msg, sizeof msg);
  if (bad) { http_error(r, ERR_INVALID, bad, "%s", msg); return; }
  if (hu > 0 && !org_unit_exists(unit)) { http_error(r, ERR_INVALID, "unit_id", "单位不存在"); return; }
  if (hu > 0 && !org_unit_visible(r, unit)) { http_error(r, ERR_GRANT_SCOPE, "unit_id", "不能把用户调到您数据范围以外的单位"); return; }
  int self = id == org_caller(r)->id;
  if (self && hs > 0 && strcmp(status, "disabled") == 0) { http_error(r, ERR_INVALID, "status", "不能停用自己的账号"); return; }
  if (self && hr > 0) { http_error(r, ERR_GRANT_SCOPE, "role_ids", "不能修改自己的角色"); return; }
  int64_t unit_after = hu > 0 ? unit : org_store_user_unit(id);
  for (size_t i = 0; hr > 0 && i < nroles; i++)
    if (!can_grant_to(r, roles[i], unit_after, "role_ids")) return;
  if (org_tx_begin(r)) return;
  json_t *before = org_user_get_json(id);
  if (hr > 0) {
    /* Roles the caller could not grant must not be taken away by him either. */
    json_t *old = json_object_get(before, "roles");
    size_t i;
    json_t *e;
    json_array_foreach(old, i, e) {
      int64_t rid = json_integer_value(json_object_get(e, "id"));
      int kept = 0;
      for (size_t k = 0; k < nroles; k++) kept |= roles[k] == rid;
      if (!kept && !can_grant_to(r, rid, unit_after, "role_ids")) { db_rollback(); json_decref(before); return; }
    }
  }
  char at[20];
  org_now(at);
  org_user_row v = {hn > 0 ? name : NULL, hu > 0 ? unit : 0, hp > 0 ? position : NULL, hph > 0 ? phone : NULL, hs > 0 ? status : NULL};
  if (org_store_user_update(id, &v, at) || (hr > 0 && org_set_user_roles(id, roles, nroles))) { json_decref(before); org_tx_fail(r); return; }
  if (still_within(r, id, hr > 0 ? "role_ids" : "unit_id")) { json_decref(before); return; }
  if (hr > 0 || (hs > 0 && strcmp(status, "disabled") == 0)) org_end_sessions(id);
  json_t *after = org_user_get_json(id);
  char sum[200];
  snprintf(sum, sizeof sum, "%s用户 %s", hs > 0 && strcmp(status, "disabled") == 0 ? "停用" : hs > 0 ? "启用/修改" : "修改",
           json_string_value(json_object_get(after, "username")));
  int arc = org_audit(r, "org.user.update", "user", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_reset(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "用户不存在"); return; }
  if (!user_visible(r, id) || !org_target_within(r, id, NULL)) return;
  static const char *const allowed[] = {"password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *password = NULL;
  if (jv_str(r, o, "password", "密码", JV_OPTIONAL, 1, 128, &password) < 0) return;
  json_t *u = org_user_get_json(id);
  const char *uname = u ? json_string_value(json_object_get(u, "username")) : "";
  char msg[200], temp[13], hash[128];
  if (password && org_password_policy_for(uname, json_string_value(json_object_get(u, "name")), password, msg, sizeof msg)) {
    json_decref(u);
    http_error(r, ERR_WEAK_PASSWORD, "password", "%s", msg);
    return;
  }
  if (!password) { util_temp_password(temp); password = temp; }
  int hrc = org_password_hash_try(password, hash);
  if (hrc || org_tx_begin(r)) { json_decref(u); if (!r->answered) http_error(r, hrc == -2 ? ERR_BUSY : ERR_INTERNAL, NULL, NULL); return; }
  char at[20];
  org_now(at);
  if (org_store_fail_clear(uname, NULL) < 0) { json_decref(u); org_tx_fail(r); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "重置用户 %s 的密码", uname);
  json_decref(u);
  if (org_store_user_reset_password(id, hash, at)) { org_tx_fail(r); return; }
  org_end_sessions(id);
  if (org_audit(r, "org.user.reset_password", "user", id, sum, NULL, NULL)) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:s}", "password", password));
}

static void h_unlock(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "用户不存在"); return; }
  if (!user_visible(r, id) || !org_target_within(r, id, NULL)) return;
  if (org_tx_begin(r)) return;
  json_t *before = org_user_get_json(id);
  /* Every source's lock on this account goes. */
  int bad = org_store_fail_clear(json_string_value(json_object_get(before, "username")), NULL) < 0;
  char sum[200];
  snprintf(sum, sizeof sum, "解锁用户 %s", json_string_value(json_object_get(before, "username")));
  json_t *after = bad ? NULL : org_user_get_json(id);
  bad = bad || org_audit(r, "org.user.unlock", "user", id, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col cols[] = {{"用户名", "", 0}, {"姓名", "", 0}, {"单位编码", "", 0}, {"职务", "", 0}, {"手机号", "", 0}, {"角色编码", "", 0}};
  const char *ex[] = {"zhangsan", "张三", "CQS", "客户经理", "13800000000", "customer_manager"};
  export_template(r, f && strcmp(f, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, "用户导入模板", cols, 6, ex);
}

void org_users_import(req *r);

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/users", "org:user:list", h_list, 0},
  {HTTP_GET, "/api/v1/org/users/template", "org:user:import", h_template, 0},
  {HTTP_POST, "/api/v1/org/users/import", "org:user:import", org_users_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/org/users/:id", "org:user:list", h_get, 0},
  {HTTP_POST, "/api/v1/org/users", "org:user:add", h_create, 0},
  {HTTP_PATCH, "/api/v1/org/users/:id", "org:user:edit", h_patch, 0},
  {HTTP_POST, "/api/v1/org/users/:id/reset-password", "org:user:resetPwd", h_reset, 0},
  {HTTP_POST, "/api/v1/org/users/:id/unlock", "org:user:unlock", h_unlock, 0},
};
void org_users_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
