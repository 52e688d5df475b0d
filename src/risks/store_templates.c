/* store_templates.c — the SQL of the 安全生产 check templates: one row per published version of a place's template
 * and its items in order (schema/010). Version 1 of each place is the built-in list (seeded by the migration). The
 * templates are the bureau's own, not any unit's: no data scope. */
#include "risks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *risks_store_template(const char *place, int version, int *err) {
  *err = 0;
  db_stmt *s = db_prepare("SELECT t.id, t.place, t.version, t.created_at, us.name AS created_by_name FROM risk_check_templates t"
                          " LEFT JOIN users us ON us.id = t.created_by WHERE t.place = ?1"
                          " AND t.version = CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT max(version) FROM risk_check_templates WHERE place = ?1) END");
  if (!s) { *err = 1; return NULL; }
  db_bind_text(s, 1, place);
  db_bind_int(s, 2, version);
  json_t *rows = dbj_rows(s);
  if (!rows) { *err = 1; return NULL; }
  json_t *t = dbj_first(rows);
  if (!t) return NULL;
  db_stmt *q = db_prepare("SELECT code, element, text, photo FROM risk_check_template_items WHERE template_id = ? ORDER BY ord");
  json_t *items = NULL;
  if (q) {
    db_bind_int(q, 1, json_integer_value(json_object_get(t, "id")));
    items = dbj_rows(q);
  }
  if (!items) { json_decref(t); *err = 1; return NULL; }
  json_object_del(t, "id");
  json_object_set_new(t, "items", items);
  return t;
}

json_t *risks_store_template_versions(const char *place) {
  db_stmt *s = db_prepare("SELECT t.version, t.created_at, us.name AS created_by_name,"
                          " (SELECT count(*) FROM risk_check_template_items i WHERE i.template_id = t.id) AS items"
                          " FROM risk_check_templates t LEFT JOIN users us ON us.id = t.created_by WHERE t.place = ? ORDER BY t.version DESC");
  if (!s) return NULL;
  db_bind_text(s, 1, place);
  return dbj_rows(s);
}

int risks_store_template_used(const char *place, const char *prefix) {
  db_stmt *s = db_prepare("SELECT coalesce(max(CAST(substr(i.code, ?2) AS INTEGER)), 0) FROM risk_check_template_items i"
                          " JOIN risk_check_templates t ON t.id = i.template_id WHERE t.place = ?1 AND substr(i.code, 1, ?3) = ?4");
  if (!s) return -1;
  db_bind_text(s, 1, place);
  db_bind_int(s, 2, (int64_t)strlen(prefix) + 1);
  db_bind_int(s, 3, (int64_t)strlen(prefix));
  db_bind_text(s, 4, prefix);
  int used = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  return used;
}

int64_t risks_store_template_insert(const char *place, int version, const risks_template_edit *e, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_check_templates(place, version, created_by, created_at) VALUES(?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, place);
  db_bind_int(s, 2, version);
  if (by) db_bind_int(s, 3, by);
  else db_bind_null(s, 3);
  db_bind_text(s, 4, at);
  int64_t id = db_insert(s);
  if (id <= 0) return 0;
  for (size_t i = 0; i < e->n; i++) {
    db_stmt *q = db_prepare("INSERT INTO risk_check_template_items(template_id, ord, code, element, text, photo) VALUES(?,?,?,?,?,?)");
    if (!q) return 0;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, (int64_t)i + 1);
    db_bind_text(q, 3, e->items[i].code);
    db_bind_text(q, 4, e->items[i].element);
    db_bind_text(q, 5, e->items[i].text);
    db_bind_text(q, 6, risks_template_photo_code(e->items[i].photo));
    if (db_insert(q) <= 0) return 0;
  }
  return id;
}
