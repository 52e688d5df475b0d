/* logs.c — 操作日志, 登录日志, 在线用户 (read-only lists, export, force logout) and the 首页 summary. */
#include "org/internal.h"
#include "base/workday.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int date_ok(const char *d) {
  if (strlen(d) != 10) return 0;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return 0;
  return 1;
}

/* from/to as dates; to is inclusive. 0 ok, -1 answered. */
static int date_range(req *r, const char **from, const char **to) {
  *from = http_query(r, "from");
  *to = http_query(r, "to");
  if (*from && !**from) *from = NULL;
  if (*to && !**to) *to = NULL;
  if (*from && (!date_ok(*from) || wd_parse(*from) < 0)) { http_error(r, ERR_BAD_QUERY, "from", "开始日期应为有效的 YYYY-MM-DD"); return -1; }
  if (*to && (!date_ok(*to) || wd_parse(*to) < 0)) { http_error(r, ERR_BAD_QUERY, "to", "结束日期应为有效的 YYYY-MM-DD"); return -1; }
  if (*to) *to = req_printf(r, "%s 23:59:59", *to);
  return 0;
}

/* A log's page (or, for an export, every row up to 100000) answered as {items,total}; the rows come from fetch. */
static void list_common(req *r, org_log_q *q, json_t *(*fetch)(const org_log_q *, int64_t, int64_t, int64_t *), const char *name,
                        const export_col *ecols, size_t necols, const char *export_perm, void (*decorate)(json_t *items)) {
  static const char *const sorts[] = {"id", "at", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  q->sort = lp.sort;
  q->desc = lp.desc;
  int64_t total = 0;
  json_t *items = fetch(q, lp.export_fmt ? 100000 : lp.size, lp.export_fmt ? 0 : lp.offset, lp.export_fmt ? NULL : &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (decorate) decorate(items);
  if (lp.export_fmt) {
    if (!org_caller_can(r, export_perm)) { json_decref(items); http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
    export_send(r, lp.export_fmt, name, ecols, necols, items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

static void h_audit(req *r) {
  const char *from, *to;
  if (date_range(r, &from, &to)) return;
  const char *q = dbj_like(r, http_query(r, "q") && *http_query(r, "q") ? http_query(r, "q") : NULL);
  const char *username = http_query(r, "username"), *action = http_query(r, "action"), *entity = http_query(r, "entity");
  /* A registered code also finds the rows stored before the vocabulary under its legacy (action, entity) pair. */
  const org_audit_def *def = action && *action ? org_audit_action_find(action, NULL) : NULL;
  char legacy_action[32] = "", *legacy_entity = NULL;
  if (def && def->legacy) {
    snprintf(legacy_action, sizeof legacy_action, "%s", def->legacy);
    legacy_entity = strchr(legacy_action, ' ');
    if (legacy_entity) *legacy_entity++ = 0;
  }
  org_log_q lq = {.q = q, .username = username && *username ? username : NULL, .action = action && *action ? action : NULL,
                  .entity = entity && *entity ? entity : NULL, .from = from, .to = to, .legacy_action = legacy_entity ? legacy_action : NULL,
                  .legacy_entity = legacy_entity};
  static const export_col cols[] = {{"编号", "id", 1}, {"时间", "at", 0}, {"操作人", "username", 0}, {"IP", "ip", 0}, {"操作", "action_label", 0},
                                    {"对象", "entity", 0}, {"对象编号", "entity_id", 0}, {"摘要", "summary", 0}};
  list_common(r, &lq, org_store_audit_rows, "操作日志", cols, sizeof cols / sizeof cols[0], "monitor:audit:export", org_audit_label_rows);
}

static void h_logins(req *r) {
  const char *from, *to;
  if (date_range(r, &from, &to)) return;
  const char *username = http_query(r, "username"), *ok = http_query(r, "ok");
  if (ok && *ok && strcmp(ok, "1") && strcmp(ok, "0")) { http_error(r, ERR_BAD_QUERY, "ok", "ok 只能是 1 或 0"); return; }
  org_log_q lq = {.username = username && *username ? dbj_like(r, username) : NULL, .ok = ok && *ok ? ok : NULL, .from = from, .to = to};
  static const export_col cols[] = {{"编号", "id", 1}, {"时间", "at", 0}, {"用户名", "username", 0}, {"IP", "ip", 0}, {"结果", "result", 0},
                                    {"说明", "reason", 0}, {"浏览器", "user_agent", 0}};
  list_common(r, &lq, org_store_login_rows, "登录日志", cols, sizeof cols / sizeof cols[0], "monitor:login:export", NULL);
}

static void h_sessions(req *r) {
  json_t *items = org_store_sessions_live(org_caller(r)->session_id, (int64_t)util_now() - org_idle_timeout_s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_kick(req *r) {
  const char *pid = http_param(r, 0);
  int64_t sid = 0;
  char uname[64];
  int found = org_store_session_by_public(pid, &sid, uname, sizeof uname);
  if (found < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!found) { http_error(r, ERR_NOT_FOUND, NULL, "会话不存在或已结束"); return; }
  char sum[160];
  snprintf(sum, sizeof sum, "强制用户 %s 下线", uname);
  if (org_tx_begin(r)) return;
  if (org_store_session_end(sid) || org_audit(r, "org.session.delete", "session", sid, sum, NULL, NULL)) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

json_t *org_dashboard_json(req *r) {
  char today[11];
  time_t now = util_now();
  util_date_str(now, today);
  json_t *o = json_object();
  json_object_set_new(o, "units", json_integer(org_store_count_units_enabled()));
  /* Users are counted as 用户管理 lists them: only for those who may list users, and within their data scope. */
  int users = org_caller_can(r, "org:user:list") && org_caller_scope(r);
  int64_t nu = users ? org_store_count_users(r, 0) : -1, ne = users ? org_store_count_users(r, 1) : -1;
  json_object_set_new(o, "users", nu >= 0 ? json_integer(nu) : json_null());
  json_object_set_new(o, "users_enabled", ne >= 0 ? json_integer(ne) : json_null());
  /* Logins, failures and who is online are the login log's business: only for those who may read it. */
  int logs = org_caller_can(r, "monitor:login:list"), online = org_caller_can(r, "monitor:online:list");
  json_object_set_new(o, "logins_today", logs ? json_integer(org_store_count_logins(today, 1)) : json_null());
  json_object_set_new(o, "failed_logins_today", logs ? json_integer(org_store_count_logins(today, 0)) : json_null());
  json_object_set_new(o, "online", online ? json_integer(org_store_count_online(now - org_idle_timeout_s)) : json_null());
  /* Logins per day for the last 14 days, zero-filled. */
  json_t *days = json_array();
  for (int d = 13; logs && d >= 0; d--) {
    char day[11], next[11];
    util_date_str(now - (time_t)d * 86400, day);
    util_date_str(now - (time_t)(d - 1) * 86400, next);
    int64_t okc, bad;
    org_store_logins_between(day, next, &okc, &bad);
    json_array_append_new(days, json_pack("{s:s,s:I,s:I}", "date", day, "ok", (json_int_t)okc, "failed", (json_int_t)bad));
  }
  json_object_set_new(o, "logins_by_day", days);
  json_t *by = users ? org_store_users_by_unit(r) : NULL;
  json_object_set_new(o, "users_by_unit", by ? by : json_array());
  json_t *recent = NULL;
  if (org_caller_can(r, "monitor:audit:list")) {
    recent = org_store_audit_recent();
    if (recent) org_audit_label_rows(recent);
  }
  json_object_set_new(o, "recent_audit", recent ? recent : json_array());
  return o;
}

static void h_summary(req *r) { http_json(r, 200, org_dashboard_json(r)); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/audit", "monitor:audit:list", h_audit, 0},
  {HTTP_GET, "/api/v1/org/logins", "monitor:login:list", h_logins, 0},
  {HTTP_GET, "/api/v1/org/sessions", "monitor:online:list", h_sessions, 0},
  {HTTP_DELETE, "/api/v1/org/sessions/:id", "monitor:online:forceLogout", h_kick, 0},
  {HTTP_GET, "/api/v1/dashboard/summary", NULL, h_summary, 0},
};
void org_logs_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }

void org_audit_hooks(void);

void org_register_routes(void) {
  org_audit_hooks();
  org_auth_routes();
  org_units_routes();
  org_users_routes();
  org_roles_routes();
  org_logs_routes();
  org_calendar_routes();
  org_chain_routes();
  org_actions_routes();
  org_workbench_register();
}
