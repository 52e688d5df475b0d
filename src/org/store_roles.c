/* store_roles.c — the SQL behind 角色管理: a role as JSON, the list, its permissions and custom units, writes.
 * Typed functions only; the handlers (roles.c) check, open the transaction and audit. */
#include "org/internal.h"
#include <stdio.h>

#define ROLE_SELECT "SELECT r.id, r.code, r.name, r.data_scope, r.sort, r.enabled AS b_enabled, r.builtin AS b_builtin, r.remark," \
  " r.created_at, r.updated_at, (SELECT count(*) FROM user_roles ur WHERE ur.role_id = r.id) AS user_count," \
  " (SELECT json_group_array(perm) FROM (SELECT perm FROM role_perms WHERE role_id = r.id ORDER BY perm)) AS j_perms," \
  " (SELECT json_group_array(unit_id) FROM (SELECT unit_id FROM role_units WHERE role_id = r.id ORDER BY unit_id)) AS j_unit_ids FROM roles r"

json_t *org_store_role_get(int64_t id) { return dbj_one(ROLE_SELECT " WHERE r.id = ?", id); }

/* One statement for the whole list (it used to fetch each role again by id). */
json_t *org_store_roles_all(void) { return dbj_rows(db_prepare(ROLE_SELECT " ORDER BY r.sort, r.id")); }

int64_t org_role_id_by_code(const char *code) { return db_id_by_text("SELECT id FROM roles WHERE code = ?", code); }

int64_t org_store_role_holders_outside(req *r, int64_t role_id) {
  db_stmt *s = db_prepare("SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE ur.role_id = ?4 AND NOT "
                          ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3));
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, role_id);
  int64_t outside = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return outside;
}

int org_store_role_sets(int64_t id, const char **perms, size_t np, int hp, const int64_t *units, size_t nu, int hu) {
  db_stmt *s;
  if (hp) {
    s = db_prepare("DELETE FROM role_perms WHERE role_id = ?");
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_DONE) return -1;
    for (size_t i = 0; i < np; i++) {
      s = db_prepare("INSERT OR IGNORE INTO role_perms(role_id, perm) VALUES(?,?)");
      db_bind_int(s, 1, id);
      db_bind_text(s, 2, perms[i]);
      if (db_step(s) != DB_DONE) return -1;
    }
  }
  if (hu) {
    s = db_prepare("DELETE FROM role_units WHERE role_id = ?");
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_DONE) return -1;
    for (size_t i = 0; i < nu; i++) {
      s = db_prepare("INSERT OR IGNORE INTO role_units(role_id, unit_id) VALUES(?,?)");
      db_bind_int(s, 1, id);
      db_bind_int(s, 2, units[i]);
      if (db_step(s) != DB_DONE) return -1;
    }
  }
  return 0;
}

int64_t org_store_role_insert(const org_role_row *v, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO roles(code, name, data_scope, sort, enabled, remark, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, v->code);
  db_bind_text(s, 2, v->name);
  db_bind_text(s, 3, v->data_scope);
  db_bind_int(s, 4, v->sort);
  db_bind_int(s, 5, v->enabled);
  db_bind_text(s, 6, v->remark ? v->remark : "");
  db_bind_text(s, 7, at);
  db_bind_text(s, 8, at);
  return db_insert(s);
}

int org_store_role_update(int64_t id, const org_role_row *v, const char *at) {
  db_stmt *s = db_prepare("UPDATE roles SET code = COALESCE(?1, code), name = COALESCE(?2, name), data_scope = COALESCE(?3, data_scope),"
                          " sort = CASE WHEN ?4 THEN ?5 ELSE sort END, enabled = CASE WHEN ?6 THEN ?7 ELSE enabled END, remark = COALESCE(?8, remark),"
                          " updated_at = ?9 WHERE id = ?10");
  if (!s) return -1;
  db_bind_text(s, 1, v->code);
  db_bind_text(s, 2, v->name);
  db_bind_text(s, 3, v->data_scope);
  db_bind_int(s, 4, v->has_sort);
  db_bind_int(s, 5, v->sort);
  db_bind_int(s, 6, v->has_enabled);
  db_bind_int(s, 7, v->enabled);
  db_bind_text(s, 8, v->remark);
  db_bind_text(s, 9, at);
  db_bind_int(s, 10, id);
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

int org_store_role_delete(int64_t id) {
  db_stmt *s = db_prepare("DELETE FROM roles WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_role_name(int64_t id, char *name, size_t len) {
  db_stmt *s = db_prepare("SELECT name FROM roles WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  int found = db_step(s) == DB_ROW;
  if (found) snprintf(name, len, "%s", db_col_text(s, 0));
  db_reset(s);
  return found;
}
