/* store_users.c — the SQL behind 用户管理: a user as JSON (built by SQLite), the scoped list and its count, creates,
 * edits, roles, password resets, sessions. Typed functions only; users.c checks, opens the transaction and audits. */
#include "org/internal.h"
#include <stdio.h>

/* One user as a JSON object, built by SQLite (the list's hot path builds no jansson tree). */
#define USER_JSON "json_object('id', u.id, 'username', u.username, 'name', u.name, 'unit_id', u.unit_id, 'unit_name', n.name," \
  " 'position', u.position, 'phone', u.phone, 'status', u.status, 'status_text', CASE u.status WHEN 'enabled' THEN '正常' ELSE '停用' END," \
  " 'locked', json(CASE WHEN EXISTS (SELECT 1 FROM login_fail f WHERE f.username = u.username AND f.locked_until > unixepoch()) THEN 'true' ELSE 'false' END)," \
  " 'locked_until', (SELECT datetime(max(f.locked_until), 'unixepoch', 'localtime') FROM login_fail f WHERE f.username = u.username AND f.locked_until > unixepoch())," \
  " 'must_change_password', json(CASE WHEN u.must_change THEN 'true' ELSE 'false' END), 'last_login_at', u.last_login_at," \
  " 'created_at', u.created_at, 'updated_at', u.updated_at," \
  " 'roles', (SELECT json_group_array(json(x)) FROM (SELECT json_object('id', r.id, 'code', r.code, 'name', r.name) AS x" \
  " FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.sort, r.id)))"

json_t *org_user_get_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT " USER_JSON " FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_one_text(s);
}

int org_store_user_visible(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM users u WHERE u.id = ?4 AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3));
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

time_t org_store_users_next_unlock(void) {
  db_stmt *s = db_prepare("SELECT min(locked_until) FROM login_fail WHERE locked_until > unixepoch()");
  time_t t = s && db_step(s) == DB_ROW ? (time_t)db_col_int(s, 0) : 0;
  if (s) db_reset(s);
  return t;
}

static const char *const sort_cols[] = {"u.id", "u.username", "u.name", "u.created_at", "u.last_login_at"};

static const char *list_where =
  " FROM users u JOIN units n ON n.id = u.unit_id WHERE " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3)
  " AND (?4 IS NULL OR u.username LIKE ?4 ESCAPE '\\' OR u.name LIKE ?4 ESCAPE '\\' OR u.phone LIKE ?4 ESCAPE '\\')"
  " AND (?5 IS NULL OR u.unit_id = ?5 OR (?6 = 1 AND n.path LIKE (SELECT path FROM units WHERE id = ?5) || '%'))"
  " AND (?7 IS NULL OR u.status = ?7)"
  " AND (?8 IS NULL OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role_id = ?8))";

static void bind_list(req *r, db_stmt *s, const org_users_q *q) {
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, q->like);
  if (q->unit) db_bind_int(s, 5, q->unit); else db_bind_null(s, 5);
  db_bind_int(s, 6, q->below);
  db_bind_text(s, 7, q->status);
  if (q->role) db_bind_int(s, 8, q->role); else db_bind_null(s, 8);
}

/* The page statement, bound; limit -1 = every row. */
static db_stmt *page_stmt(req *r, const org_users_q *q, int64_t limit, int64_t offset) {
  char sql[2048];
  snprintf(sql, sizeof sql, "SELECT " USER_JSON " %s ORDER BY %s %s, u.id LIMIT ?9 OFFSET ?10", list_where, sort_cols[q->sort], q->desc ? "DESC" : "ASC");
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  bind_list(r, s, q);
  db_bind_int(s, 9, limit);
  db_bind_int(s, 10, offset);
  return s;
}

int64_t org_store_users_count(req *r, const org_users_q *q) {
  char csql[1600];
  snprintf(csql, sizeof csql, "SELECT count(*) %s", list_where);
  db_stmt *s = db_prepare(csql);
  if (!s) return -1;
  bind_list(r, s, q);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return total;
}

char *org_store_users_page(req *r, const org_users_q *q, int64_t total, int64_t size, int64_t offset, size_t *len) {
  db_stmt *s = page_stmt(r, q, size, offset);
  return s ? dbj_page_text(s, total, len) : NULL;
}

json_t *org_store_users_all(req *r, const org_users_q *q) {
  db_stmt *s = page_stmt(r, q, -1, 0);
  return s ? dbj_rows_text(s) : NULL;
}

void org_end_sessions(int64_t user_id) {
  db_stmt *s = db_prepare("DELETE FROM sessions WHERE user_id = ?");
  if (s) { db_bind_int(s, 1, user_id); db_step(s); }
}

int org_create_user_raw(const char *username, const char *name, int64_t unit_id, const char *position, const char *phone,
                        const char *pw_hash, int must_change, int64_t *id_out) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO users(username, name, unit_id, position, phone, pw_hash, must_change, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, username);
  db_bind_text(s, 2, name);
  db_bind_int(s, 3, unit_id);
  db_bind_text(s, 4, position ? position : "");
  db_bind_text(s, 5, phone ? phone : "");
  db_bind_text(s, 6, pw_hash);
  db_bind_int(s, 7, must_change);
  db_bind_text(s, 8, at);
  db_bind_text(s, 9, at);
  db_status st = db_step(s);
  if (st == DB_CONSTRAINT) return 1;
  if (st != DB_DONE) return -1;
  *id_out = db_last_id();
  return 0;
}

int org_store_user_created_by(int64_t id, int64_t by) {
  db_stmt *s = db_prepare("UPDATE users SET created_by = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, by);
  db_bind_int(s, 2, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_set_user_roles(int64_t uid, const int64_t *roles, size_t n) {
  db_stmt *s = db_prepare("DELETE FROM user_roles WHERE user_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, uid);
  if (db_step(s) != DB_DONE) return -1;
  for (size_t i = 0; i < n; i++) {
    s = db_prepare("INSERT OR IGNORE INTO user_roles(user_id, role_id) VALUES(?, ?)");
    db_bind_int(s, 1, uid);
    db_bind_int(s, 2, roles[i]);
    if (db_step(s) != DB_DONE) return -1;
  }
  return 0;
}

int org_store_user_update(int64_t id, const org_user_row *v, const char *at) {
  db_stmt *s = db_prepare("UPDATE users SET name = COALESCE(?1, name), unit_id = COALESCE(?2, unit_id), position = COALESCE(?3, position),"
                          " phone = COALESCE(?4, phone), status = COALESCE(?5, status), updated_at = ?6 WHERE id = ?7");
  if (!s) return -1;
  db_bind_text(s, 1, v->name);
  if (v->unit) db_bind_int(s, 2, v->unit); else db_bind_null(s, 2);
  db_bind_text(s, 3, v->position);
  db_bind_text(s, 4, v->phone);
  db_bind_text(s, 5, v->status);
  db_bind_text(s, 6, at);
  db_bind_int(s, 7, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_user_reset_password(int64_t id, const char *hash, const char *at) {
  /* The shell's reset (at NULL) leaves updated_at as it was. */
  db_stmt *s = db_prepare("UPDATE users SET pw_hash = ?1, must_change = 1, failed_count = 0, locked_until = 0, updated_at = COALESCE(?2, updated_at) WHERE id = ?3");
  if (!s) return -1;
  db_bind_text(s, 1, hash);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_users_each(void (*row)(void *ctx, const char *const *f, int locked), void *ctx) {
  db_stmt *s = db_prepare("SELECT u.username, u.name, n.name, u.position, u.status, EXISTS (SELECT 1 FROM login_fail f WHERE f.username = u.username AND f.locked_until > unixepoch()),"
                          " COALESCE((SELECT group_concat(r.name, '、') FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '')"
                          " FROM users u JOIN units n ON n.id = u.unit_id ORDER BY n.path, u.id");
  if (!s) return -1;
  while (db_step(s) == DB_ROW) {
    const char *f[6] = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 6)};
    row(ctx, f, (int)db_col_int(s, 5));
  }
  return 0;
}

int64_t org_unit_head(int64_t unit_id) {
  db_stmt *s = db_prepare("SELECT u.id FROM users u WHERE u.unit_id = ?1 AND u.status = 'enabled' ORDER BY"
                          " EXISTS (SELECT 1 FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id AND ro.code = 'dept_head') DESC,"
                          " u.id LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, unit_id);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : st == DB_DONE ? 0 : -1;
  db_reset(s);
  return id;
}

json_t *org_users_with_role(req *r, const char *code) {
  db_stmt *s = db_prepare("SELECT u.id, u.name, u.username, un.name AS unit_name FROM users u JOIN units un ON un.id = u.unit_id"
                          " WHERE u.status = 'enabled' AND u.id IN (SELECT ur.user_id FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ro.code = ?4)"
                          " AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3) " ORDER BY un.sort, u.name");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, code);
  return dbj_rows(s);
}
