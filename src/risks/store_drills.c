/* store_drills.c — the SQL of emergency drills: insert, the scoped list of a year, and the drills per unit that
 * the compliance check reads (units in the caller's scope that have ever recorded a drill). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_drill_insert(const risks_drill_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_drills(unit_id, plan_kind, form, mode, day, title, scenario, participants, evaluation, problems, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, w->unit);
  db_bind_text(s, 2, w->plan_kind);
  db_bind_text(s, 3, w->form);
  db_bind_text(s, 4, w->mode);
  db_bind_text(s, 5, w->day);
  db_bind_text(s, 6, w->title);
  db_bind_text(s, 7, w->scenario ? w->scenario : "");
  db_bind_int(s, 8, w->participants);
  db_bind_text(s, 9, w->evaluation ? w->evaluation : "");
  db_bind_text(s, 10, w->problems ? w->problems : "");
  if (w->created_by) db_bind_int(s, 11, w->created_by);
  else db_bind_null(s, 11);
  db_bind_text(s, 12, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

#define DRILL_SCOPE ORG_SCOPE_SQL("d.unit_id", "d.created_by", 1, 2, 3)

json_t *risks_store_drill_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT d.id, d.unit_id, un.name AS unit_name, d.plan_kind, d.form, d.mode, d.day, d.title, d.scenario, d.participants,"
                          " d.evaluation, d.problems, d.created_at, d.plan_version_id, d.task_id, pv.version AS plan_version, pl.title AS plan_title FROM risk_drills d"
                          " JOIN units un ON un.id = d.unit_id LEFT JOIN risk_plan_versions pv ON pv.id = d.plan_version_id LEFT JOIN risk_plans pl ON pl.id = pv.plan_id"
                          " WHERE d.id = ?4 AND " DRILL_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *one = dbj_first(dbj_rows(s));
  return one;
}

json_t *risks_store_drills(req *r, int year, int64_t unit) {
  char from[16], to[16];
  snprintf(from, sizeof from, "%04d-01-01", year % 10000);
  snprintf(to, sizeof to, "%04d-12-31", year % 10000);
  db_stmt *s = db_prepare("SELECT d.id, d.unit_id, un.name AS unit_name, d.plan_kind, d.form, d.mode, d.day, d.title, d.scenario, d.participants,"
                          " d.evaluation, d.problems, d.created_at, d.plan_version_id, d.task_id, pv.version AS plan_version, pl.title AS plan_title FROM risk_drills d"
                          " JOIN units un ON un.id = d.unit_id LEFT JOIN risk_plan_versions pv ON pv.id = d.plan_version_id LEFT JOIN risk_plans pl ON pl.id = pv.plan_id"
                          " WHERE " DRILL_SCOPE " AND d.day BETWEEN ?4 AND ?5 AND (?6 = 0 OR d.unit_id = ?6) ORDER BY d.day DESC, d.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  db_bind_int(s, 6, unit);
  return dbj_rows(s);
}

json_t *risks_store_drill_units(req *r) {
  db_stmt *s = db_prepare("SELECT un.id AS unit_id, un.name AS unit_name,"
                          " (SELECT " DB_JSON_ARRAY_AGG "(" DB_JSON_OBJECT "('day', d2.day, 'plan_kind', d2.plan_kind)) FROM risk_drills d2 WHERE d2.unit_id = un.id) AS j_drills"
                          " FROM units un WHERE un.id IN (SELECT d.unit_id FROM risk_drills d WHERE " DRILL_SCOPE ") ORDER BY un.sort, un.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}

int64_t risks_store_drill_count(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM risk_drills");
  if (!s) return -1;
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}
