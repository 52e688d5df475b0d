/* store.c — every SQL statement of the report module: the template, drafts, their versions, and the two lookups of
 * org's units it needs (a unit's name, a unit by code; read-only). Drafts are scoped by their unit in SQL. */
#include "report/internal.h"
#include <stdio.h>
#include <string.h>

json_t *report_store_template(void) {
  db_stmt *s = db_prepare("SELECT body FROM report_template WHERE id = 1");
  if (!s) return NULL;
  return dbj_one_text(s);
}

int report_store_template_put(const char *body, int64_t user) {
  db_stmt *s = db_prepare("INSERT INTO report_template(id, body, updated_by, updated_at) VALUES (1, ?1, ?2, ?3)"
                          " ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at");
  if (!s) return -1;
  db_bind_text(s, 1, body);
  if (user) db_bind_int(s, 2, user); else db_bind_null(s, 2);
  db_bind_now(s, 3);
  return db_step(s) == DB_DONE ? 0 : -1;
}

static int version_insert(int64_t id, int version, const char *body, const char *note, int64_t user, const char *user_name) {
  db_stmt *s = db_prepare("INSERT INTO report_versions(draft_id, version, body, note, user_id, user_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, version);
  db_bind_text(s, 3, body);
  db_bind_text(s, 4, note);
  if (user) db_bind_int(s, 5, user); else db_bind_null(s, 5);
  db_bind_text(s, 6, user_name ? user_name : "");
  db_bind_now(s, 7);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t report_store_draft_insert(int year, int64_t unit_id, const char *title, const char *body, int64_t user, const char *user_name) {
  db_stmt *s = db_prepare("INSERT INTO report_drafts(year, unit_id, title, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
  if (!s) return 0;
  db_bind_int(s, 1, year);
  if (unit_id) db_bind_int(s, 2, unit_id); else db_bind_null(s, 2);
  db_bind_text(s, 3, title);
  if (user) db_bind_int(s, 4, user); else db_bind_null(s, 4);
  db_bind_now(s, 5);
  int64_t id = db_insert(s);
  if (id <= 0 || version_insert(id, 1, body, "生成", user, user_name)) return 0;
  return id;
}

#define DRAFT_COLS "d.id, d.year, d.unit_id, COALESCE(u.name, '') AS unit_name, d.title, d.version, d.plan_id, d.created_at, d.updated_at"
#define DRAFT_FROM " FROM report_drafts d LEFT JOIN units u ON u.id = d.unit_id"

json_t *report_store_draft_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " DRAFT_COLS ", v.body AS j_body FROM report_drafts d LEFT JOIN units u ON u.id = d.unit_id"
                          " JOIN report_versions v ON v.draft_id = d.id AND v.version = d.version"
                          " WHERE d.id = ?1 AND (?5 = 0 OR " ORG_SCOPE_SQL("d.unit_id", "d.created_by", 2, 3, 4) ")");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  if (r) { org_scope_bind(r, s, 2); db_bind_int(s, 5, 1); }
  else { db_bind_int(s, 2, 1); db_bind_text(s, 3, "[]"); db_bind_int(s, 4, 0); db_bind_int(s, 5, 0); }
  json_t *row = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return row;
}

json_t *report_store_drafts(req *r, int year) {
  db_stmt *s = db_prepare("SELECT " DRAFT_COLS ", (SELECT user_name FROM report_versions v WHERE v.draft_id = d.id AND v.version = d.version) AS updated_by"
                          DRAFT_FROM " WHERE (?1 = 0 OR d.year = ?1) AND " ORG_SCOPE_SQL("d.unit_id", "d.created_by", 2, 3, 4) " ORDER BY d.id DESC LIMIT 500");
  if (!s) return NULL;
  db_bind_int(s, 1, year);
  org_scope_bind(r, s, 2);
  return dbj_rows(s);
}

int report_store_version_add(int64_t id, int expect, const char *title, const char *body, const char *note, int64_t user, const char *user_name) {
  db_stmt *s = db_prepare("UPDATE report_drafts SET version = version + 1, title = ?3, updated_at = ?4 WHERE id = ?1 AND version = ?2");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, expect);
  db_bind_text(s, 3, title);
  db_bind_now(s, 4);
  if (db_step(s) != DB_DONE) return -1;
  if (db_changes() != 1) return 0;
  return version_insert(id, expect + 1, body, note, user, user_name) ? -1 : expect + 1;
}

json_t *report_store_versions(int64_t id) {
  db_stmt *s = db_prepare("SELECT version, note, user_name, created_at FROM report_versions WHERE draft_id = ?1 ORDER BY version DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

json_t *report_store_version_body(int64_t id, int version) {
  db_stmt *s = db_prepare("SELECT body FROM report_versions WHERE draft_id = ?1 AND version = ?2");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, version);
  return dbj_one_text(s);
}

int report_store_set_plan(int64_t id, int64_t plan_id) {
  db_stmt *s = db_prepare("UPDATE report_drafts SET plan_id = ?2 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, plan_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

const char *report_store_unit_name(int64_t unit_id, char *out, size_t outlen) {
  db_stmt *s = db_prepare(unit_id ? "SELECT name FROM units WHERE id = ?1" : "SELECT name FROM units WHERE parent_id IS NULL ORDER BY sort, id LIMIT 1");
  out[0] = 0;
  if (!s) return out;
  if (unit_id) db_bind_int(s, 1, unit_id);
  if (db_step(s) == DB_ROW) snprintf(out, outlen, "%s", db_col_text(s, 0));
  db_reset(s);
  return out;
}

int64_t report_store_unit_by_code(const char *code) { return db_id_by_text("SELECT id FROM units WHERE code = ?", code); }
