-- org 009: failed logins per account and source, password history and age, the security settings the 安全管理员
-- edits, and the built-in 安全管理员 / 审计管理员 roles (三员分立).
CREATE TABLE login_fail (
  username TEXT NOT NULL COLLATE NOCASE,  -- as typed: unknown names are counted exactly like real ones
  ip TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  last_at INTEGER NOT NULL,               -- unix time
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (username, ip)
) WITHOUT ROWID;
CREATE INDEX login_fail_locked ON login_fail(locked_until);
-- The users list shows 'locked' from here, so a lock or its removal is a change the list's page cache must see.
INSERT OR IGNORE INTO table_versions(name) VALUES ('login_fail');
CREATE TRIGGER tv_login_fail_i AFTER INSERT ON login_fail BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'login_fail'; END;
CREATE TRIGGER tv_login_fail_u AFTER UPDATE OF locked_until ON login_fail BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'login_fail'; END;
CREATE TRIGGER tv_login_fail_d AFTER DELETE ON login_fail BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'login_fail'; END;
CREATE TABLE password_history (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  pw_hash TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);
ALTER TABLE users ADD COLUMN pw_changed_at TEXT;
CREATE TABLE security_settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO security_settings(key, value) VALUES ('idle_timeout_min', 30), ('lock_after', 5), ('lock_minutes', 10),
  ('pw_min_length', 8), ('pw_history', 5), ('pw_expiry_days', 0);
INSERT INTO roles(code, name, data_scope, sort, builtin, remark, created_at, updated_at) VALUES
  ('secadmin', '安全管理员', 'all', 1, 1, '三员之一：安全策略、账号解锁与登录锁定', datetime('now','localtime'), datetime('now','localtime')),
  ('auditor', '审计管理员', 'all', 1, 1, '三员之一：查阅与核验一切日志，不做任何修改', datetime('now','localtime'), datetime('now','localtime'));
INSERT INTO role_perms(role_id, perm) SELECT r.id, p.perm FROM roles r, (SELECT 'org:security:list' AS perm UNION ALL SELECT 'org:security:edit'
  UNION ALL SELECT 'org:user:list' UNION ALL SELECT 'org:user:unlock' UNION ALL SELECT 'org:unit:list' UNION ALL SELECT 'monitor:login:list'
  UNION ALL SELECT 'monitor:online:list' UNION ALL SELECT 'monitor:online:forceLogout') p WHERE r.code = 'secadmin';
INSERT INTO role_perms(role_id, perm) SELECT r.id, p.perm FROM roles r, (SELECT 'monitor:audit:list' AS perm UNION ALL SELECT 'monitor:audit:export'
  UNION ALL SELECT 'monitor:audit:verify' UNION ALL SELECT 'monitor:login:list' UNION ALL SELECT 'monitor:login:export'
  UNION ALL SELECT 'monitor:online:list' UNION ALL SELECT 'org:unit:list' UNION ALL SELECT 'org:user:list' UNION ALL SELECT 'org:role:list') p
  WHERE r.code = 'auditor';
-- An upgraded installation keeps one administrator by choice: he holds the three roles until they are split.
INSERT OR IGNORE INTO user_roles(user_id, role_id) SELECT u.id, r.id FROM users u JOIN user_roles ur ON ur.user_id = u.id
  JOIN roles a ON a.id = ur.role_id AND a.code = 'admin', roles r WHERE r.code IN ('secadmin', 'auditor');
