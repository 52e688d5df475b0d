/* store_units.c — the SQL behind 单位管理: a unit as JSON, the scoped list, insert with its path, moves (the subtree's
 * paths rewritten), updates, the references that forbid a delete. Typed functions only; units.c checks and audits. */
#include "org/internal.h"
#include <stdio.h>

int org_unit_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM units WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

#define UNIT_COLS "u.id, u.parent_id, u.code, u.name, u.kind, u.sort, u.enabled AS b_enabled, u.created_at, u.updated_at," \
  " (SELECT count(*) FROM users x WHERE x.unit_id = u.id) AS user_count"

json_t *org_unit_get(int64_t id) { return dbj_one("SELECT " UNIT_COLS " FROM units u WHERE u.id = ?", id); }

int64_t org_unit_id_by_code(const char *code) { return db_id_by_text("SELECT id FROM units WHERE code = ?", code); }

json_t *org_store_units_list(req *r, const char *like, int enabled) {
  db_stmt *s = db_prepare("SELECT " UNIT_COLS ", p.code AS parent_code, CASE u.enabled WHEN 1 THEN '正常' ELSE '停用' END AS status_text"
                          " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
                          " WHERE (" ORG_SCOPE_SQL("u.id", "NULL", 1, 2, 3) " OR u.id = ?4)"
                          " AND (?5 IS NULL OR u.name LIKE ?5 ESCAPE '\\' OR u.code LIKE ?5 ESCAPE '\\')"
                          " AND (?6 IS NULL OR u.enabled = ?6)"
                          " ORDER BY u.parent_id IS NOT NULL, u.parent_id, u.sort, u.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->unit_id);
  db_bind_text(s, 5, like);
  if (enabled >= 0) db_bind_int(s, 6, enabled); else db_bind_null(s, 6);
  return dbj_rows(s);
}

int64_t org_unit_insert(int64_t parent, const char *code, const char *name, const char *kind, int64_t sort, int *dup) {
  char at[20];
  org_now(at);
  *dup = 0;
  db_stmt *s = db_prepare("INSERT INTO units(parent_id, code, name, kind, sort, enabled, path, created_at, updated_at) VALUES(?,?,?,?,?,1,'',?,?)");
  if (!s) return 0;
  if (parent) db_bind_int(s, 1, parent); else db_bind_null(s, 1);
  db_bind_text(s, 2, code);
  db_bind_text(s, 3, name);
  db_bind_text(s, 4, kind);
  db_bind_int(s, 5, sort);
  db_bind_text(s, 6, at);
  db_bind_text(s, 7, at);
  db_status st = db_step(s);
  if (st == DB_CONSTRAINT) { *dup = 1; return 0; }
  if (st != DB_DONE) return 0;
  int64_t id = db_last_id();
  s = db_prepare("UPDATE units SET path = COALESCE((SELECT path FROM units WHERE id = ?1), '/') || ?2 || '/' WHERE id = ?2");
  db_bind_int(s, 1, parent);
  db_bind_int(s, 2, id);
  return db_step(s) == DB_DONE ? id : 0;
}

int org_store_unit_paths(int64_t id, int64_t parent, char *oldp, size_t oldlen, char *parp, size_t parlen) {
  *oldp = *parp = 0;
  db_stmt *s = db_prepare("SELECT (SELECT path FROM units WHERE id = ?1), (SELECT path FROM units WHERE id = ?2)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, parent);
  if (db_step(s) == DB_ROW) {
    snprintf(oldp, oldlen, "%s", db_col_text(s, 0));
    snprintf(parp, parlen, "%s", db_col_text(s, 1));
    db_reset(s);
  }
  return *oldp && *parp ? 0 : -1;
}

int org_store_unit_repath(const char *newp, const char *oldp) {
  db_stmt *s = db_prepare("UPDATE units SET path = ?1 || substr(path, length(?2) + 1) WHERE substr(path, 1, length(?2)) = ?2");
  if (!s) return -1;
  db_bind_text(s, 1, newp);
  db_bind_text(s, 2, oldp);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_store_unit_update(int64_t id, const org_unit_row *v, const char *at) {
  db_stmt *s = db_prepare("UPDATE units SET parent_id = CASE WHEN ?1 THEN ?2 ELSE parent_id END, code = COALESCE(?3, code), name = COALESCE(?4, name),"
                          " kind = COALESCE(?5, kind), sort = CASE WHEN ?6 THEN ?7 ELSE sort END, enabled = CASE WHEN ?8 THEN ?9 ELSE enabled END,"
                          " updated_at = ?10 WHERE id = ?11");
  if (!s) return -1;
  db_bind_int(s, 1, v->has_parent);
  db_bind_int(s, 2, v->parent);
  db_bind_text(s, 3, v->code);
  db_bind_text(s, 4, v->name);
  db_bind_text(s, 5, v->kind);
  db_bind_int(s, 6, v->has_sort);
  db_bind_int(s, 7, v->sort);
  db_bind_int(s, 8, v->has_enabled);
  db_bind_int(s, 9, v->enabled);
  db_bind_text(s, 10, at);
  db_bind_int(s, 11, id);
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

int64_t org_store_unit_refs(int64_t id) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM units WHERE parent_id = ?1) + (SELECT count(*) FROM users WHERE unit_id = ?1)"
                          " + (SELECT count(*) FROM role_units WHERE unit_id = ?1)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  int64_t refs = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return refs;
}

int org_store_unit_delete(int64_t id) {
  db_stmt *s = db_prepare("DELETE FROM units WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}
