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

static void list_common(req *r, const char *cols, const char *where, const char *const *sorts, const char *const *sort_cols,
                        const char *const *binds, size_t nbinds, const char *name, const export_col *ecols, size_t necols, const char *export_perm,
                        void (*decorate)(json_t *items)) {
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  char sql[2048], csql[1024];
  snprintf(sql, sizeof sql, "SELECT %s %s ORDER BY %s %s LIMIT ?%zu OFFSET ?%zu", cols, where, sort_cols[lp.sort], lp.desc ? "DESC" : "ASC", nbinds + 1, nbinds + 2);
  snprintf(csql, sizeof csql, "SELECT count(*) %s", where);
  db_stmt *s = db_prepare(sql), *c = lp.export_fmt ? NULL : db_prepare(csql);
  if (!s || (!lp.export_fmt && !c)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 0; i < nbinds; i++) {
    db_bind_text(s, (int)i + 1, binds[i]);
    if (c) db_bind_text(c, (int)i + 1, binds[i]);
  }
  db_bind_int(s, (int)nbinds + 1, lp.export_fmt ? 100000 : lp.size);
  db_bind_int(s, (int)nbinds + 2, lp.export_fmt ? 0 : lp.offset);
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (decorate) decorate(items);
  if (lp.export_fmt) {
    if (!org_caller_can(r, export_perm)) { json_decref(items); http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
    export_send(r, lp.export_fmt, name, ecols, necols, items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  int64_t total = db_step(c) == DB_ROW ? db_col_int(c, 0) : 0;
  db_reset(c);
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
  const char *binds[] = {q, username && *username ? username : NULL, action && *action ? action : NULL, entity && *entity ? entity : NULL, from, to,
                         legacy_entity ? legacy_action : NULL, legacy_entity};
  static const char *const sorts[] = {"id", "at", NULL};
  static const char *const sort_cols[] = {"id", "at"};
  static const export_col cols[] = {{"编号", "id", 1}, {"时间", "at", 0}, {"操作人", "username", 0}, {"IP", "ip", 0}, {"操作", "action_label", 0},
                                    {"对象", "entity", 0}, {"对象编号", "entity_id", 0}, {"摘要", "summary", 0}};
  list_common(r, "id, at, user_id, username, ip, action, entity, entity_id, summary, before AS j_before, after AS j_after",
              "FROM audit_log WHERE (?1 IS NULL OR summary LIKE ?1 ESCAPE '\\' OR username LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR username = ?2)"
              " AND (?3 IS NULL OR action = ?3 OR (action = ?7 AND entity = ?8)) AND (?4 IS NULL OR entity = ?4) AND (?5 IS NULL OR at >= ?5)"
              " AND (?6 IS NULL OR at <= ?6)",
              sorts, sort_cols, binds, 8, "操作日志", cols, sizeof cols / sizeof cols[0], "monitor:audit:export", org_audit_label_rows);
}

static void h_logins(req *r) {
  const char *from, *to;
  if (date_range(r, &from, &to)) return;
  const char *username = http_query(r, "username"), *ok = http_query(r, "ok");
  if (ok && *ok && strcmp(ok, "1") && strcmp(ok, "0")) { http_error(r, ERR_BAD_QUERY, "ok", "ok 只能是 1 或 0"); return; }
  const char *binds[] = {username && *username ? dbj_like(r, username) : NULL, ok && *ok ? ok : NULL, from, to};
  static const char *const sorts[] = {"id", "at", NULL};
  static const char *const sort_cols[] = {"id", "at"};
  static const export_col cols[] = {{"编号", "id", 1}, {"时间", "at", 0}, {"用户名", "username", 0}, {"IP", "ip", 0}, {"结果", "result", 0},
                                    {"说明", "reason", 0}, {"浏览器", "user_agent", 0}};
  list_common(r, "id, at, username, user_id, ip, user_agent, ok AS b_ok, CASE ok WHEN 1 THEN '成功' ELSE '失败' END AS result, reason",
              "FROM login_log WHERE (?1 IS NULL OR username LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR ok = CAST(?2 AS INTEGER))"
              " AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at <= ?4)",
              sorts, sort_cols, binds, 4, "登录日志", cols, sizeof cols / sizeof cols[0], "monitor:login:export", NULL);
}

static void h_sessions(req *r) {
  db_stmt *s = db_prepare("SELECT s.public_id AS id, s.user_id, u.username, u.name, COALESCE(n.name,'') AS unit_name, s.ip, s.user_agent,"
                          " datetime(s.created_at, 'unixepoch', 'localtime') AS created_at, datetime(s.last_seen, 'unixepoch', 'localtime') AS last_seen_at,"
                          " (s.id = ?1) AS b_current FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.id = u.unit_id"
                          " WHERE s.last_seen > ?2 ORDER BY s.last_seen DESC LIMIT 1000");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_int(s, 1, org_caller(r)->session_id);
  db_bind_int(s, 2, (int64_t)util_now() - org_idle_timeout_s);
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_kick(req *r) {
  const char *pid = http_param(r, 0);
  db_stmt *s = db_prepare("SELECT s.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.public_id = ?");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_text(s, 1, pid);
  if (db_step(s) != DB_ROW) { http_error(r, ERR_NOT_FOUND, NULL, "会话不存在或已结束"); return; }
  int64_t sid = db_col_int(s, 0);
  char sum[160];
  snprintf(sum, sizeof sum, "强制用户 %s 下线", db_col_text(s, 1));
  db_reset(s);
  if (org_tx_begin(r)) return;
  s = db_prepare("DELETE FROM sessions WHERE id = ?");
  db_bind_int(s, 1, sid);
  if (db_step(s) != DB_DONE || org_audit(r, "org.session.delete", "session", sid, sum, NULL, NULL)) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static int64_t scalar(const char *sql, const char *arg) {
  db_stmt *s = db_prepare(sql);
  if (!s) return 0;
  if (arg) db_bind_text(s, 1, arg);
  int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return v;
}

json_t *org_dashboard_json(req *r) {
  char today[11];
  time_t now = util_now();
  util_date_str(now, today);
  json_t *o = json_object();
  json_object_set_new(o, "units", json_integer(scalar("SELECT count(*) FROM units WHERE enabled = 1", NULL)));
  json_object_set_new(o, "users", json_integer(scalar("SELECT count(*) FROM users", NULL)));
  json_object_set_new(o, "users_enabled", json_integer(scalar("SELECT count(*) FROM users WHERE status = 'enabled'", NULL)));
  /* Logins, failures and who is online are the login log's business: only for those who may read it. */
  int logs = org_caller_can(r, "monitor:login:list"), online = org_caller_can(r, "monitor:online:list");
  json_object_set_new(o, "logins_today", logs ? json_integer(scalar("SELECT count(*) FROM login_log WHERE ok = 1 AND at >= ?", today)) : json_null());
  json_object_set_new(o, "failed_logins_today", logs ? json_integer(scalar("SELECT count(*) FROM login_log WHERE ok = 0 AND at >= ?", today)) : json_null());
  char since[24];
  snprintf(since, sizeof since, "%lld", (long long)(now - org_idle_timeout_s));
  json_object_set_new(o, "online", online ? json_integer(scalar("SELECT count(DISTINCT user_id) FROM sessions WHERE last_seen > CAST(? AS INTEGER)", since)) : json_null());
  /* Logins per day for the last 14 days, zero-filled. */
  json_t *days = json_array();
  for (int d = 13; logs && d >= 0; d--) {
    char day[11], next[11];
    util_date_str(now - (time_t)d * 86400, day);
    util_date_str(now - (time_t)(d - 1) * 86400, next);
    db_stmt *s = db_prepare("SELECT COALESCE(sum(ok),0), COALESCE(sum(1-ok),0) FROM login_log WHERE at >= ?1 AND at < ?2");
    int64_t okc = 0, bad = 0;
    if (s) {
      db_bind_text(s, 1, day);
      db_bind_text(s, 2, next);
      if (db_step(s) == DB_ROW) { okc = db_col_int(s, 0); bad = db_col_int(s, 1); }
      db_reset(s);
    }
    json_array_append_new(days, json_pack("{s:s,s:I,s:I}", "date", day, "ok", (json_int_t)okc, "failed", (json_int_t)bad));
  }
  json_object_set_new(o, "logins_by_day", days);
  db_stmt *s = db_prepare("SELECT n.name AS unit, count(u.id) AS count FROM units n JOIN users u ON u.unit_id = n.id GROUP BY n.id ORDER BY count DESC, n.sort LIMIT 20");
  json_t *by = s ? dbj_rows(s) : NULL;
  json_object_set_new(o, "users_by_unit", by ? by : json_array());
  json_t *recent = NULL;
  if (org_caller_can(r, "monitor:audit:list")) {
    s = db_prepare("SELECT id, at, username, action, entity, entity_id, summary FROM audit_log ORDER BY id DESC LIMIT 10");
    recent = s ? dbj_rows(s) : NULL;
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
