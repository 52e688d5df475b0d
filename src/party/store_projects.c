/* store_projects.c — SQL of 党支部+项目: a branch's projects and their milestones (each holding the id of the 督办 task
 * opened for it through tasks.h), completion, and the projects completed in a year for 党建考核. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROJECT_JSON "json_object('id', p.id, 'org_id', p.org_id, 'org_name', g.name, 'year', p.year, 'name', p.name, 'goal', p.goal, 'status', p.status," \
  " 'result', p.result, 'completed_on', p.completed_on, 'milestones', json((SELECT json_group_array(json_object('id', x.id, 'title', x.title, 'due_on', x.due_on," \
  " 'task_id', x.task_id)) FROM (SELECT * FROM party_milestones WHERE project_id = p.id ORDER BY due_on, id) x)))"

json_t *party_store_projects(req *r, int64_t org, int year) {
  db_stmt *s = db_prepare("SELECT " PROJECT_JSON " FROM party_projects p JOIN party_orgs g ON g.id = p.org_id WHERE " PARTY_VISIBLE("p.org_id")
                          " AND (?4 = 0 OR p.org_id = ?4) AND (?5 = 0 OR p.year = ?5) ORDER BY g.path, p.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org);
  db_bind_int(s, 5, year);
  return dbj_rows_text(s);
}

json_t *party_store_project(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " PROJECT_JSON " FROM party_projects p JOIN party_orgs g ON g.id = p.org_id WHERE p.id = ?4 AND " PARTY_VISIBLE("p.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

int64_t party_store_project_insert(int64_t org, int year, const char *name, const char *goal, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_projects(org_id, year, name, goal, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_bind_int(s, 2, year);
  db_bind_text(s, 3, name);
  db_bind_text(s, 4, goal ? goal : "");
  if (by) db_bind_int(s, 5, by); else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  db_bind_text(s, 7, at);
  return db_insert(s);
}

int64_t party_store_milestone_insert(int64_t project, const char *title, const char *due, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_milestones(project_id, title, due_on, created_at) VALUES(?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, project);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, due);
  db_bind_text(s, 4, at);
  return db_insert(s);
}

int party_store_milestone_task(int64_t milestone, int64_t task) {
  db_stmt *s = db_prepare("UPDATE party_milestones SET task_id = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, task);
  db_bind_int(s, 2, milestone);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_project_complete(int64_t id, const char *result, const char *on, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_projects SET status = '已完成', result = ?, completed_on = ?, updated_at = ? WHERE id = ? AND status = '进行中'");
  if (!s) return -1;
  db_bind_text(s, 1, result);
  db_bind_text(s, 2, on);
  db_bind_text(s, 3, at);
  db_bind_int(s, 4, id);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int64_t party_store_member_user(int64_t member) {
  db_stmt *s = db_prepare("SELECT coalesce(user_id, 0) FROM party_members WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_status st = db_step(s);
  int64_t u = st == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return st == DB_ROW || st == DB_DONE ? u : -1;
}

json_t *party_store_projects_done(int64_t org, int year) {
  char from[11], to[11];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'name', name, 'completed_on', completed_on) FROM party_projects WHERE org_id = ? AND status = '已完成'"
                          " AND completed_on BETWEEN ? AND ? ORDER BY completed_on, id");
  if (!s) return NULL;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  return dbj_rows_text(s);
}
