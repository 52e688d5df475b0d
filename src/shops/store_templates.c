/* store_templates.c — all SQL of assessment templates and of the module's shared reads: published versions and the one
 * draft, the current version, a version's body for the parser's cache, the shipped version 1, the data scope check of
 * one shop and the latest month with data. Writers hold the caller's transaction. */
#include "shops/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shops_store_visible(req *r, int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT 1 FROM shops s WHERE s.id = ?4 AND " SHOP_SCOPE);
  if (!s) return 0;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, shop_id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

void shops_store_latest_month(const char *not_after, char out[8]) {
  db_stmt *s = db_prepare("SELECT max(month) FROM shop_data WHERE month <= ?");
  out[0] = 0;
  if (!s) return;
  db_bind_text(s, 1, not_after);
  if (db_step(s) == DB_ROW && !db_col_is_null(s, 0)) snprintf(out, 8, "%s", db_col_text(s, 0));
  db_reset(s);
}

int64_t shops_store_template_count(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM shop_templates");
  int64_t n = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int shops_store_template_first(const char *name, const char *body, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO shop_templates(version, name, body, status, published_at, created_at, updated_at) VALUES(1, ?, ?, 'published', ?, ?, ?)");
  if (!s) return -1;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  db_bind_text(s, 3, at);
  db_bind_text(s, 4, at);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t shops_store_current_template(void) {
  db_stmt *s = db_prepare("SELECT id FROM shop_templates WHERE status = 'published' ORDER BY version DESC LIMIT 1");
  int64_t id = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}

char *shops_store_template_body(int64_t id, int *version) {
  db_stmt *s = db_prepare("SELECT body, version FROM shop_templates WHERE id = ? AND status = 'published'");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  char *body = NULL;
  if (db_step(s) == DB_ROW) {
    body = strdup(db_col_text(s, 0));
    *version = (int)db_col_int(s, 1);
  }
  db_reset(s);
  return body;
}

json_t *shops_store_template_list(void) {
  db_stmt *s = db_prepare("SELECT t.id, t.version, t.name, t.status, t.published_at, t.updated_at,"
                          " (SELECT count(*) FROM shop_assessments a WHERE a.template_id = t.id) AS assessments"
                          " FROM shop_templates t ORDER BY t.version IS NOT NULL, t.version DESC");
  return s ? dbj_rows(s) : NULL;
}

#define TPL_COLS "SELECT id, version, name, status, body AS j_body, published_at, updated_at FROM shop_templates"
json_t *shops_store_template_get(int64_t id) {
  db_stmt *s = db_prepare(TPL_COLS " WHERE id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

json_t *shops_store_template_draft(void) {
  db_stmt *s = db_prepare(TPL_COLS " WHERE status = 'draft'");
  if (!s) return NULL;
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

int shops_store_template_save_draft(const char *name, const char *body, int64_t user_id, const char *at) {
  db_stmt *s = db_prepare("UPDATE shop_templates SET name = ?, body = ?, updated_at = ? WHERE status = 'draft'");
  if (!s) return -1;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  db_bind_text(s, 3, at);
  if (db_step(s) != DB_DONE) return -1;
  if (db_changes()) return 0;
  s = db_prepare("INSERT INTO shop_templates(version, name, body, status, created_by, created_at, updated_at) VALUES(NULL, ?, ?, 'draft', ?, ?, ?)");
  if (!s) return -1;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  db_bind_int(s, 3, user_id);
  db_bind_text(s, 4, at);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int shops_store_template_publish(int64_t id, const char *name, const char *body, const char *at) {
  /* the draft row becomes the new version: its id is what assessments will keep */
  db_stmt *s = db_prepare("UPDATE shop_templates SET version = (SELECT coalesce(max(version), 0) + 1 FROM shop_templates), status = 'published',"
                          " body = ?, name = ?, published_at = ?, updated_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, body);
  db_bind_text(s, 2, name);
  db_bind_text(s, 3, at);
  db_bind_text(s, 4, at);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int shops_store_template_discard(void) {
  db_stmt *s = db_prepare("DELETE FROM shop_templates WHERE status = 'draft'");
  return s && db_step(s) == DB_DONE ? 0 : -1;
}
