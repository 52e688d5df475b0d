/* store_plans.c — the SQL of emergency plans: plans, their versions (every revision kept, exactly one current), the
 * drills that exercised a version, and the drill's links (plan version, the task its problems opened). A plan is in
 * scope through its unit (or its creator). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_plan_insert(int64_t unit, const char *kind, const char *title, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_plans(unit_id, kind, title, created_by, created_at) VALUES(?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, title);
  if (user) db_bind_int(s, 4, user);
  else db_bind_null(s, 4);
  db_bind_text(s, 5, at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int64_t risks_store_plan_version_add(const risks_version_row *w) {
  db_stmt *u = db_prepare("UPDATE risk_plan_versions SET current = 0 WHERE plan_id = ? AND current = 1");
  if (!u) return -1;
  db_bind_int(u, 1, w->plan);
  if (db_step(u) != DB_DONE) return -1;
  db_stmt *s = db_prepare("INSERT INTO risk_plan_versions(plan_id, version, issued_on, content, change_note, current, created_by, created_at)"
                          " VALUES(?,?,?,?,?,1,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, w->plan);
  db_bind_text(s, 2, w->version);
  db_bind_text(s, 3, w->issued_on);
  db_bind_text(s, 4, w->content ? w->content : "");
  db_bind_text(s, 5, w->change_note ? w->change_note : "");
  if (w->created_by) db_bind_int(s, 6, w->created_by);
  else db_bind_null(s, 6);
  db_bind_text(s, 7, w->at);
  return db_insert(s); /* 0 when the version text is taken */
}

#define PL_SCOPE ORG_SCOPE_SQL("p.unit_id", "p.created_by", 1, 2, 3)
#define PL_COLS "p.id, p.unit_id, un.name AS unit_name, p.kind, p.title, p.created_at, v.id AS version_id, v.version, v.issued_on," \
  " (SELECT count(*) FROM risk_plan_versions v2 WHERE v2.plan_id = p.id) AS versions," \
  " (SELECT count(*) FROM risk_drills d JOIN risk_plan_versions v3 ON v3.id = d.plan_version_id WHERE v3.plan_id = p.id) AS drills," \
  " (SELECT max(d.day) FROM risk_drills d JOIN risk_plan_versions v4 ON v4.id = d.plan_version_id WHERE v4.plan_id = p.id) AS last_drill" \
  " FROM risk_plans p JOIN units un ON un.id = p.unit_id LEFT JOIN risk_plan_versions v ON v.plan_id = p.id AND v.current = 1"

json_t *risks_store_plans(req *r, const char *kind) {
  db_stmt *s = db_prepare("SELECT " PL_COLS " WHERE " PL_SCOPE " AND (?4 IS NULL OR p.kind = ?4) ORDER BY CASE p.kind WHEN '综合' THEN 0 WHEN '专项' THEN 1 ELSE 2 END, un.sort, p.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, kind);
  return dbj_rows(s);
}

json_t *risks_store_plan_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " PL_COLS " WHERE p.id = ?4 AND " PL_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *p = dbj_first(dbj_rows(s));
  if (!p) return NULL;
  db_stmt *v = db_prepare("SELECT v.id, v.version, v.issued_on, v.content, v.change_note, v.current AS b_current, v.created_at, us.name AS created_by_name"
                          " FROM risk_plan_versions v LEFT JOIN users us ON us.id = v.created_by WHERE v.plan_id = ? ORDER BY v.id DESC");
  db_stmt *d = db_prepare("SELECT d.id, d.day, d.title, d.form, d.mode, d.problems, d.task_id, v.version FROM risk_drills d"
                          " JOIN risk_plan_versions v ON v.id = d.plan_version_id WHERE v.plan_id = ? ORDER BY d.day DESC");
  json_t *vs = NULL, *ds = NULL;
  if (v) db_bind_int(v, 1, id), vs = dbj_rows(v);
  if (d) db_bind_int(d, 1, id), ds = dbj_rows(d);
  if (!vs || !ds) { json_decref(p), json_decref(vs), json_decref(ds); return NULL; }
  json_object_set_new(p, "history", vs);
  json_object_set_new(p, "drill_list", ds);
  return p;
}

int risks_store_plan_version_kind(req *r, int64_t version, char kind[16]) {
  db_stmt *s = db_prepare("SELECT p.kind FROM risk_plan_versions v JOIN risk_plans p ON p.id = v.plan_id WHERE v.id = ?4 AND " PL_SCOPE);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, version);
  db_status st = db_step(s);
  if (st == DB_ROW) snprintf(kind, 16, "%s", db_col_text(s, 0));
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int risks_store_drill_links(int64_t drill, int64_t version, int64_t task) {
  db_stmt *s = db_prepare("UPDATE risk_drills SET plan_version_id = coalesce(?2, plan_version_id), task_id = coalesce(?3, task_id) WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, drill);
  if (version) db_bind_int(s, 2, version);
  else db_bind_null(s, 2);
  if (task) db_bind_int(s, 3, task);
  else db_bind_null(s, 3);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_drills_link_version(int64_t unit, const char *plan_kind, int64_t version) {
  db_stmt *s = db_prepare("UPDATE risk_drills SET plan_version_id = ?3 WHERE unit_id = ?1 AND plan_kind = ?2 AND plan_version_id IS NULL");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, plan_kind);
  db_bind_int(s, 3, version);
  return db_step(s) == DB_DONE ? 0 : -1;
}
