/* store_logs.c — the SQL behind 操作日志, 登录日志, 在线用户 and the 首页 summary's counts. Typed functions only;
 * logs.c parses the filters, checks permissions and answers. */
#include "org/internal.h"
#include <stdio.h>

static const char *const sort_cols[] = {"id", "at"};

/* One page of a log (limit/offset) and, when total is not NULL, its count; binds are text, NULL binds SQL NULL. */
static json_t *log_rows(const char *cols, const char *where, const char *const *binds, size_t nbinds, int sort, int desc,
                        int64_t limit, int64_t offset, int64_t *total) {
  char sql[2048], csql[1024];
  snprintf(sql, sizeof sql, "SELECT %s %s ORDER BY %s %s LIMIT ?%zu OFFSET ?%zu", cols, where, sort_cols[sort], desc ? "DESC" : "ASC", nbinds + 1, nbinds + 2);
  snprintf(csql, sizeof csql, "SELECT count(*) %s", where);
  db_stmt *s = db_prepare(sql), *c = total ? db_prepare(csql) : NULL;
  if (!s || (total && !c)) return NULL;
  for (size_t i = 0; i < nbinds; i++) {
    db_bind_text(s, (int)i + 1, binds[i]);
    if (c) db_bind_text(c, (int)i + 1, binds[i]);
  }
  db_bind_int(s, (int)nbinds + 1, limit);
  db_bind_int(s, (int)nbinds + 2, offset);
  json_t *items = dbj_rows(s);
  if (items && c) {
    *total = db_step(c) == DB_ROW ? db_col_int(c, 0) : 0;
    db_reset(c);
  }
  return items;
}

json_t *org_store_audit_rows(const org_log_q *q, int64_t limit, int64_t offset, int64_t *total) {
  return log_rows("id, at, user_id, username, ip, action, entity, entity_id, summary, before AS j_before, after AS j_after",
                  "FROM audit_log WHERE (?1 IS NULL OR summary LIKE ?1 ESCAPE '\\' OR username LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR username = ?2)"
                  " AND (?3 IS NULL OR action = ?3 OR (action = ?7 AND entity = ?8)) AND (?4 IS NULL OR entity = ?4) AND (?5 IS NULL OR at >= ?5)"
                  " AND (?6 IS NULL OR at <= ?6)",
                  (const char *const[]){q->q, q->username, q->action, q->entity, q->from, q->to, q->legacy_action, q->legacy_entity}, 8,
                  q->sort, q->desc, limit, offset, total);
}

json_t *org_store_login_rows(const org_log_q *q, int64_t limit, int64_t offset, int64_t *total) {
  return log_rows("id, at, username, user_id, ip, user_agent, ok AS b_ok, CASE ok WHEN 1 THEN '成功' ELSE '失败' END AS result, reason",
                  "FROM login_log WHERE (?1 IS NULL OR username LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR ok = CAST(?2 AS INTEGER))"
                  " AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at <= ?4)",
                  (const char *const[]){q->username, q->ok, q->from, q->to}, 4, q->sort, q->desc, limit, offset, total);
}

json_t *org_store_sessions_live(int64_t current, int64_t since) {
  db_stmt *s = db_prepare("SELECT s.public_id AS id, s.user_id, u.username, u.name, COALESCE(n.name,'') AS unit_name, s.ip, s.user_agent,"
                          " datetime(s.created_at, 'unixepoch', 'localtime') AS created_at, datetime(s.last_seen, 'unixepoch', 'localtime') AS last_seen_at,"
                          " (s.id = ?1) AS b_current FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.id = u.unit_id"
                          " WHERE s.last_seen > ?2 ORDER BY s.last_seen DESC LIMIT 1000");
  if (!s) return NULL;
  db_bind_int(s, 1, current);
  db_bind_int(s, 2, since);
  return dbj_rows(s);
}

int org_store_session_by_public(const char *public_id, int64_t *sid, char *username, size_t ulen) {
  db_stmt *s = db_prepare("SELECT s.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.public_id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, public_id);
  if (db_step(s) != DB_ROW) return 0;
  *sid = db_col_int(s, 0);
  snprintf(username, ulen, "%s", db_col_text(s, 1));
  db_reset(s);
  return 1;
}

static int64_t scalar(const char *sql, const char *arg) {
  db_stmt *s = db_prepare(sql);
  if (!s) return 0;
  if (arg) db_bind_text(s, 1, arg);
  int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return v;
}

int64_t org_store_count_units_enabled(void) { return scalar("SELECT count(*) FROM units WHERE enabled = 1", NULL); }
int64_t org_store_count_users(req *r, int enabled_only) {
  db_stmt *s = db_prepare("SELECT count(*) FROM users u WHERE (?4 = 0 OR u.status = 'enabled') AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3));
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, enabled_only);
  int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return v;
}
int64_t org_store_count_logins(const char *since, int ok) {
  return ok ? scalar("SELECT count(*) FROM login_log WHERE ok = 1 AND at >= ?", since) : scalar("SELECT count(*) FROM login_log WHERE ok = 0 AND at >= ?", since);
}
int64_t org_store_count_online(int64_t since) {
  char v[24];
  snprintf(v, sizeof v, "%lld", (long long)since);
  return scalar("SELECT count(DISTINCT user_id) FROM sessions WHERE last_seen > CAST(? AS INTEGER)", v);
}

void org_store_logins_between(const char *from, const char *to, int64_t *ok, int64_t *bad) {
  *ok = *bad = 0;
  db_stmt *s = db_prepare("SELECT COALESCE(sum(ok),0), COALESCE(sum(1-ok),0) FROM login_log WHERE at >= ?1 AND at < ?2");
  if (!s) return;
  db_bind_text(s, 1, from);
  db_bind_text(s, 2, to);
  if (db_step(s) == DB_ROW) { *ok = db_col_int(s, 0); *bad = db_col_int(s, 1); }
  db_reset(s);
}

json_t *org_store_users_by_unit(req *r) {
  db_stmt *s = db_prepare("SELECT n.name AS unit, count(u.id) AS count FROM units n JOIN users u ON u.unit_id = n.id"
                          " WHERE " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3) " GROUP BY n.id ORDER BY count DESC, n.sort LIMIT 20");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}

json_t *org_store_audit_recent(void) {
  db_stmt *s = db_prepare("SELECT id, at, username, action, entity, entity_id, summary FROM audit_log ORDER BY id DESC LIMIT 10");
  return s ? dbj_rows(s) : NULL;
}
