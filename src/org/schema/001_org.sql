-- org 001: units, users, roles and permissions, sessions, the audit and login logs.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('局','部门','所','队','片区','组')),
  sort INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  path TEXT NOT NULL,            -- "/1/4/9/": ids from the root down, for subtree queries
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id, sort);
CREATE INDEX units_path ON units(path);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  position TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled','disabled')),
  pw_hash TEXT NOT NULL,
  must_change INTEGER NOT NULL DEFAULT 1,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,   -- unix time
  last_login_at TEXT,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id, id);
CREATE INDEX users_created ON users(created_at);
CREATE INDEX users_name ON users(name);

CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  data_scope TEXT NOT NULL DEFAULT 'self' CHECK (data_scope IN ('all','custom','unit','unit_below','self')),
  sort INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  remark TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE role_perms (role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE, perm TEXT NOT NULL, PRIMARY KEY (role_id, perm)) WITHOUT ROWID;
CREATE TABLE role_units (role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE, unit_id INTEGER NOT NULL REFERENCES units(id), PRIMARY KEY (role_id, unit_id)) WITHOUT ROWID;
CREATE TABLE user_roles (user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, role_id INTEGER NOT NULL REFERENCES roles(id), PRIMARY KEY (user_id, role_id)) WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles(role_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the cookie token; the token itself is never stored
  public_id TEXT NOT NULL UNIQUE,    -- what the 在线用户 page names a session by
  csrf TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only; each row chains the previous row's hash (see org/audit.c).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_user ON audit_log(username, at);

CREATE TABLE login_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  user_id INTEGER,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  ok INTEGER NOT NULL,
  reason TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX login_at ON login_log(at);
CREATE INDEX login_user ON login_log(username, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER login_no_update BEFORE UPDATE ON login_log BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
CREATE TRIGGER login_no_delete BEFORE DELETE ON login_log BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
