/* store_auth.c — the SQL behind logging in: the account, failed attempts per account and source, sessions,
 * password history, the security settings. Typed functions only; the rules live in login.c and security.c. */
#include "org/internal.h"
#include <stdio.h>
#include <string.h>

int org_store_login_user(const char *username, org_login_user *out) {
  memset(out, 0, sizeof *out);
  db_stmt *s = db_prepare("SELECT id, pw_hash, status = 'enabled', username, COALESCE(pw_changed_at, created_at) FROM users WHERE username = ?");
  if (!s) return -1;
  db_bind_text(s, 1, username);
  if (db_step(s) != DB_ROW) return 0;
  out->id = db_col_int(s, 0);
  snprintf(out->hash, sizeof out->hash, "%s", db_col_text(s, 1));
  out->enabled = (int)db_col_int(s, 2);
  snprintf(out->username, sizeof out->username, "%s", db_col_text(s, 3));
  snprintf(out->pw_changed_at, sizeof out->pw_changed_at, "%s", db_col_text(s, 4));
  db_reset(s);
  return 1;
}

int org_store_user_hash(int64_t user_id, char hash[160]) {
  hash[0] = 0;
  db_stmt *s = db_prepare("SELECT pw_hash FROM users WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  if (db_step(s) == DB_ROW) { snprintf(hash, 160, "%s", db_col_text(s, 0)); db_reset(s); }
  return 0;
}

int64_t org_store_lock_until(const char *username, const char *ip) {
  db_stmt *s = db_prepare("SELECT locked_until FROM login_fail WHERE username = ? AND ip = ?");
  if (!s) return -1;
  db_bind_text(s, 1, username);
  db_bind_text(s, 2, ip);
  int64_t t = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return t;
}

int org_store_fail_count(const char *username, const char *ip, int64_t now, int lock_after, int64_t lock_s, int64_t *locked_until) {
  *locked_until = 0;
  /* A failure older than the lock period no longer counts: the run restarts. */
  db_stmt *s = db_prepare("INSERT INTO login_fail(username, ip, count, last_at, locked_until) VALUES(?1, ?2, 1, ?3, 0)"
                          " ON CONFLICT(username, ip) DO UPDATE SET count = CASE WHEN last_at < ?3 - ?4 OR locked_until > 0 THEN 1 ELSE count + 1 END,"
                          " last_at = ?3, locked_until = 0 RETURNING count");
  if (!s) return -1;
  db_bind_text(s, 1, username);
  db_bind_text(s, 2, ip);
  db_bind_int(s, 3, now);
  db_bind_int(s, 4, lock_s);
  int count = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  if (count < 0) return -1;
  if (count >= lock_after) {
    s = db_prepare("UPDATE login_fail SET locked_until = ? WHERE username = ? AND ip = ?");
    if (!s) return -1;
    db_bind_int(s, 1, now + lock_s);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, ip);
    if (db_step(s) != DB_DONE) return -1;
    *locked_until = now + lock_s;
  }
  return count;
}

int org_store_fail_clear(const char *username, const char *ip) {
  db_stmt *s = db_prepare("DELETE FROM login_fail WHERE username = ?1 AND (?2 IS NULL OR ip = ?2)");
  if (!s) return -1;
  db_bind_text(s, 1, username);
  db_bind_text(s, 2, ip);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes();
}

json_t *org_store_locks(int64_t now) {
  db_stmt *s = db_prepare("SELECT f.username, f.ip, f.count, datetime(f.locked_until, 'unixepoch', 'localtime') AS locked_until,"
                          " f.locked_until - ?1 AS retry_after, datetime(f.last_at, 'unixepoch', 'localtime') AS last_at, u.id AS user_id, u.name"
                          " FROM login_fail f LEFT JOIN users u ON u.username = f.username WHERE f.locked_until > ?1 ORDER BY f.locked_until DESC LIMIT 500");
  if (!s) return NULL;
  db_bind_int(s, 1, now);
  return dbj_rows(s);
}

int org_store_login_ok(int64_t user_id, const char *at, int expire) {
  db_stmt *s = db_prepare("UPDATE users SET last_login_at = ?, must_change = CASE WHEN ? THEN 1 ELSE must_change END WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, expire);
  db_bind_int(s, 3, user_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t org_store_session_new(const char *token_hash, const char *public_id, const char *csrf, int64_t user_id, int64_t now, const char *ip, const char *ua) {
  db_stmt *s = db_prepare("INSERT INTO sessions(token_hash, public_id, csrf, user_id, created_at, last_seen, ip, user_agent) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, token_hash);
  db_bind_text(s, 2, public_id);
  db_bind_text(s, 3, csrf);
  db_bind_int(s, 4, user_id);
  db_bind_int(s, 5, now);
  db_bind_int(s, 6, now);
  db_bind_text(s, 7, ip);
  db_bind_text(s, 8, ua);
  return db_step(s) == DB_DONE ? db_last_id() : -1;
}

int org_store_session_end(int64_t session_id) {
  db_stmt *s = db_prepare("DELETE FROM sessions WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, session_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_sessions_end_others(int64_t user_id, int64_t keep) {
  db_stmt *s = db_prepare("DELETE FROM sessions WHERE user_id = ? AND id <> ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, keep);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_pw_history(int64_t user_id, int n, char hashes[][160]) {
  db_stmt *s = db_prepare("SELECT pw_hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, n);
  int k = 0;
  while (k < n && db_step(s) == DB_ROW) snprintf(hashes[k++], 160, "%s", db_col_text(s, 0));
  db_reset(s);
  return k;
}

int org_store_pw_set(int64_t user_id, const char *old_hash, const char *new_hash, const char *at, int keep) {
  db_stmt *s = db_prepare("INSERT INTO password_history(user_id, pw_hash, changed_at) VALUES(?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_text(s, 2, old_hash);
  db_bind_text(s, 3, at);
  if (db_step(s) != DB_DONE) return -1;
  s = db_prepare("DELETE FROM password_history WHERE user_id = ?1 AND id NOT IN (SELECT id FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, keep > 0 ? keep : 1);
  if (db_step(s) != DB_DONE) return -1;
  s = db_prepare("UPDATE users SET pw_hash = ?, must_change = 0, pw_changed_at = ?, updated_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, new_hash);
  db_bind_text(s, 2, at);
  db_bind_text(s, 3, at);
  db_bind_int(s, 4, user_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_settings_load(org_security *out) {
  db_stmt *s = db_prepare("SELECT key, value FROM security_settings");
  if (!s) return -1;
  while (db_step(s) == DB_ROW) {
    const char *k = db_col_text(s, 0);
    int v = (int)db_col_int(s, 1);
    if (!strcmp(k, "idle_timeout_min")) out->idle_timeout_min = v;
    else if (!strcmp(k, "lock_after")) out->lock_after = v;
    else if (!strcmp(k, "lock_minutes")) out->lock_minutes = v;
    else if (!strcmp(k, "pw_min_length")) out->pw_min_length = v;
    else if (!strcmp(k, "pw_history")) out->pw_history = v;
    else if (!strcmp(k, "pw_expiry_days")) out->pw_expiry_days = v;
  }
  return 0;
}

int org_store_setting_set(const char *key, int value) {
  db_stmt *s = db_prepare("INSERT INTO security_settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s) return -1;
  db_bind_text(s, 1, key);
  db_bind_int(s, 2, value);
  return db_step(s) == DB_DONE ? 0 : -1;
}

/* Single administrator: someone holds both 系统管理员 and 审计管理员. */
int org_store_single_admin(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM user_roles a JOIN roles ra ON ra.id = a.role_id AND ra.code = 'admin'"
                          " JOIN user_roles b ON b.user_id = a.user_id JOIN roles rb ON rb.id = b.role_id AND rb.code = 'auditor'"
                          " JOIN users u ON u.id = a.user_id AND u.status = 'enabled'");
  if (!s) return -1;
  int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 0;
  db_reset(s);
  return n > 0;
}

int org_store_session_get(const char *token_hash, org_session_row *out) {
  db_stmt *s = db_prepare("SELECT s.id, s.csrf, s.created_at, s.last_seen, u.id, u.username, u.name, u.unit_id, u.status = 'enabled', u.must_change,"
                          " COALESCE(n.name,''), (SELECT n FROM auth_epoch) FROM sessions s JOIN users u ON u.id = s.user_id"
                          " LEFT JOIN units n ON n.id = u.unit_id WHERE s.token_hash = ?");
  if (!s) return -1;
  db_bind_text(s, 1, token_hash);
  if (db_step(s) != DB_ROW) return 0;
  out->sid = db_col_int(s, 0);
  snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(s, 1));
  out->created = db_col_int(s, 2);
  out->seen = db_col_int(s, 3);
  out->uid = db_col_int(s, 4);
  snprintf(out->username, sizeof out->username, "%s", db_col_text(s, 5));
  snprintf(out->name, sizeof out->name, "%s", db_col_text(s, 6));
  out->unit_id = db_col_int(s, 7);
  out->enabled = (int)db_col_int(s, 8);
  out->must_change = (int)db_col_int(s, 9);
  snprintf(out->unit_name, sizeof out->unit_name, "%s", db_col_text(s, 10));
  out->epoch = db_col_int(s, 11);
  db_reset(s);
  return 1;
}

int org_store_session_touch(int64_t session_id, int64_t now) {
  db_stmt *s = db_prepare("UPDATE sessions SET last_seen = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, now);
  db_bind_int(s, 2, session_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *org_store_user_roles_brief(int64_t user_id) {
  db_stmt *s = db_prepare("SELECT r.id, r.code, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.sort, r.id");
  if (!s) return NULL;
  db_bind_int(s, 1, user_id);
  return dbj_rows(s);
}

json_t *org_store_login_me(int64_t user_id) {
  return dbj_one("SELECT u.username, u.name, u.unit_id, u.must_change AS b_must, COALESCE(n.name,'') AS unit_name FROM users u"
                 " LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ?", user_id);
}
