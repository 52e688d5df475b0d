/* store_builtin_grants.c — the SQL of giving built-in roles the permissions modules register for them (see builtin_grants.c). */
#include "org/internal.h"

int org_store_grant_give(const char *role, const char *perm) {
  db_stmt *s = db_prepare("INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, ?2 FROM roles r"
                          " WHERE r.code = ?1 AND r.builtin = 1"
                          " AND NOT EXISTS (SELECT 1 FROM role_grants_given g WHERE g.role_code = ?1 AND g.perm = ?2)");
  if (!s) return -1;
  db_bind_text(s, 1, role);
  db_bind_text(s, 2, perm);
  if (db_step(s) != DB_DONE) return -1;
  int given = db_changes();
  s = db_prepare("INSERT OR IGNORE INTO role_grants_given(role_code, perm) SELECT code, ?2 FROM roles WHERE code = ?1 AND builtin = 1");
  if (!s) return -1;
  db_bind_text(s, 1, role);
  db_bind_text(s, 2, perm);
  if (db_step(s) != DB_DONE) return -1;
  return given;
}

int org_store_role_ensure(const char *code, const char *name, const char *data_scope, int sort) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT OR IGNORE INTO roles(code, name, data_scope, sort, builtin, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, 1, ?5, ?5)");
  if (!s) return -1;
  db_bind_text(s, 1, code);
  db_bind_text(s, 2, name);
  db_bind_text(s, 3, data_scope);
  db_bind_int(s, 4, sort);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? db_changes() : -1;
}
