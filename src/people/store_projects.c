/* store_projects.c — all SQL of 项目+人才+激励: teams (专班) and members, milestones (the 督办 task's id only), outputs,
 * the points ledger and ranking, and the points rules. */
#include "people/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void year_range(int year, char a[16], char b[16]) {
  if (year < 0 || year > 9000) year = 0;
  snprintf(a, 16, "%04d-01-01", year ? year % 10000 : 1900);
  snprintf(b, 16, "%04d-01-01", year ? (year + 1) % 10000 : 9999);
}

int64_t people_store_team_insert(const people_team_row *t) {
  db_stmt *s = db_prepare("INSERT INTO people_teams(unit_id, name, kind, goal, leader_id, started_on, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, t->unit_id);
  db_bind_text(s, 2, t->name);
  db_bind_text(s, 3, t->kind);
  db_bind_text(s, 4, t->goal ? t->goal : "");
  if (t->leader_id) db_bind_int(s, 5, t->leader_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, t->started_on);
  if (t->created_by) db_bind_int(s, 7, t->created_by); else db_bind_null(s, 7);
  db_bind_now(s, 8);
  return db_insert(s);
}

int people_store_team_member_set(int64_t team, int64_t user, const char *role) {
  db_stmt *s = db_prepare("INSERT INTO people_team_members(team_id, user_id, role) VALUES(?1,?2,?3) ON CONFLICT(team_id, user_id) DO UPDATE SET role = ?3");
  if (!s) return -1;
  db_bind_int(s, 1, team);
  db_bind_int(s, 2, user);
  db_bind_text(s, 3, role);
  return people_store_step(s) ? -1 : 0;
}

#define TEAM_COLS "t.id, t.unit_id, un.name AS unit_name, t.name, t.kind, t.goal, t.leader_id, l.name AS leader_name, t.started_on, t.created_at," \
  " (SELECT count(*) FROM people_team_members m WHERE m.team_id = t.id) AS members," \
  " (SELECT count(*) FROM people_milestones m WHERE m.team_id = t.id) AS milestones," \
  " (SELECT count(*) FROM people_outputs o WHERE o.team_id = t.id) AS outputs," \
  " (SELECT coalesce(sum(o.points), 0) FROM people_outputs o WHERE o.team_id = t.id) AS points"
#define TEAM_FROM " FROM people_teams t JOIN units un ON un.id = t.unit_id LEFT JOIN users l ON l.id = t.leader_id WHERE " \
  ORG_SCOPE_SQL("t.unit_id", "t.leader_id", 1, 2, 3)

json_t *people_store_teams(req *r) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " TEAM_COLS TEAM_FROM " ORDER BY t.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}

json_t *people_store_team_json(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " TEAM_COLS TEAM_FROM " AND t.id = ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  json_t *m = NULL, *ms = NULL, *out = NULL;
  db_stmt *a = db_prepare("SELECT m.user_id, u.name, un.name AS unit_name, m.role FROM people_team_members m JOIN users u ON u.id = m.user_id"
                          " LEFT JOIN units un ON un.id = u.unit_id WHERE m.team_id = ?"
                          " ORDER BY CASE m.role WHEN '负责人' THEN 0 WHEN '骨干' THEN 1 ELSE 2 END, m.user_id");
  if (a) { db_bind_int(a, 1, id); m = dbj_rows(a); }
  db_stmt *b = db_prepare("SELECT m.id, m.title, m.due, m.owner_id, u.name AS owner_name, m.task_id FROM people_milestones m LEFT JOIN users u ON u.id = m.owner_id"
                          " WHERE m.team_id = ? ORDER BY m.due, m.id");
  if (b) { db_bind_int(b, 1, id); ms = dbj_rows(b); }
  db_stmt *c = db_prepare("SELECT id, kind, title, level, award, achieved_on, points FROM people_outputs WHERE team_id = ? ORDER BY achieved_on DESC, id DESC");
  if (c) { db_bind_int(c, 1, id); out = dbj_rows(c); }
  if (!m || !ms || !out) { json_decref(o); json_decref(m); json_decref(ms); json_decref(out); return NULL; }
  json_object_set_new(o, "member_list", m);
  json_object_set_new(o, "milestone_list", ms);
  json_object_set_new(o, "output_list", out);
  return o;
}

int64_t people_store_milestone_insert(int64_t team, const char *title, const char *due, int64_t owner) {
  db_stmt *s = db_prepare("INSERT INTO people_milestones(team_id, title, due, owner_id, created_at) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, team);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, due);
  if (owner) db_bind_int(s, 4, owner); else db_bind_null(s, 4);
  db_bind_now(s, 5);
  return db_insert(s);
}

int people_store_milestone_task(int64_t id, int64_t task) {
  db_stmt *s = db_prepare("UPDATE people_milestones SET task_id = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, task);
  db_bind_int(s, 2, id);
  return people_store_step(s) ? -1 : 0;
}

int64_t people_store_output_insert(const people_output_row *o) {
  db_stmt *s = db_prepare("INSERT INTO people_outputs(team_id, unit_id, kind, title, level, award, achieved_on, points, rule, note, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  if (o->team_id) db_bind_int(s, 1, o->team_id); else db_bind_null(s, 1);
  db_bind_int(s, 2, o->unit_id);
  db_bind_text(s, 3, o->kind);
  db_bind_text(s, 4, o->title);
  db_bind_text(s, 5, o->level ? o->level : "");
  db_bind_text(s, 6, o->award ? o->award : "");
  db_bind_text(s, 7, o->achieved_on);
  db_bind_int(s, 8, o->points);
  db_bind_text(s, 9, o->rule ? o->rule : "");
  db_bind_text(s, 10, o->note ? o->note : "");
  if (o->created_by) db_bind_int(s, 11, o->created_by); else db_bind_null(s, 11);
  db_bind_now(s, 12);
  return db_insert(s);
}

int people_store_points_insert(int64_t user, int64_t output, int share, int points, const char *day, const char *reason) {
  db_stmt *s = db_prepare("INSERT INTO people_points(user_id, output_id, share, points, on_day, reason, created_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  if (output) db_bind_int(s, 2, output); else db_bind_null(s, 2);
  db_bind_int(s, 3, share);
  db_bind_int(s, 4, points);
  db_bind_text(s, 5, day);
  db_bind_text(s, 6, reason);
  db_bind_now(s, 7);
  return db_insert(s) > 0 ? 0 : -1;
}

#define OUT_COLS "o.id, o.team_id, t.name AS team_name, o.unit_id, un.name AS unit_name, o.kind, o.title, o.level, o.award, o.achieved_on, o.points," \
  " o.rule, o.note, o.created_at, (SELECT count(*) FROM people_files f WHERE f.owner_kind = 'output' AND f.owner_id = o.id) AS files," \
  " (SELECT group_concat(u.name, '、') FROM people_points p JOIN users u ON u.id = p.user_id WHERE p.output_id = o.id) AS member_names"
#define OUT_FROM " FROM people_outputs o JOIN units un ON un.id = o.unit_id LEFT JOIN people_teams t ON t.id = o.team_id WHERE " \
  ORG_SCOPE_SQL("o.unit_id", "o.created_by", 1, 2, 3)

json_t *people_store_outputs(req *r, int year, const char *kind, int64_t team) {
  if (!org_caller_scope(r)) return NULL;
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare("SELECT " OUT_COLS OUT_FROM " AND o.achieved_on >= ?4 AND o.achieved_on < ?5 AND (?6 IS NULL OR o.kind = ?6) AND (?7 = 0 OR o.team_id = ?7)"
                          " ORDER BY o.achieved_on DESC, o.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, a);
  db_bind_text(s, 5, b);
  db_bind_text(s, 6, kind);
  db_bind_int(s, 7, team);
  return dbj_rows(s);
}

json_t *people_store_output_json(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " OUT_COLS OUT_FROM " AND o.id = ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  json_t *m = NULL, *f = NULL;
  db_stmt *a = db_prepare("SELECT p.user_id, u.name, p.share, p.points FROM people_points p JOIN users u ON u.id = p.user_id WHERE p.output_id = ? ORDER BY p.id");
  if (a) { db_bind_int(a, 1, id); m = dbj_rows(a); }
  db_stmt *b = db_prepare("SELECT id, name, type, size, created_at FROM people_files WHERE owner_kind = 'output' AND owner_id = ? ORDER BY id");
  if (b) { db_bind_int(b, 1, id); f = dbj_rows(b); }
  if (!m || !f) { json_decref(o); json_decref(m); json_decref(f); return NULL; }
  json_object_set_new(o, "member_list", m);
  json_object_set_new(o, "file_list", f);
  return o;
}

json_t *people_store_ledger(req *r, int year, int64_t user) {
  if (!org_caller_scope(r)) return NULL;
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare("SELECT p.id, p.user_id, u.name, un.name AS unit_name, p.output_id, o.kind, o.title, p.share, p.points, p.on_day, p.reason"
                          " FROM people_points p JOIN users u ON u.id = p.user_id JOIN units un ON un.id = u.unit_id LEFT JOIN people_outputs o ON o.id = p.output_id"
                          " WHERE p.on_day >= ?4 AND p.on_day < ?5 AND (?6 = 0 OR p.user_id = ?6) AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3)
                          " ORDER BY p.on_day DESC, p.id DESC LIMIT 2000");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, a);
  db_bind_text(s, 5, b);
  db_bind_int(s, 6, user);
  return dbj_rows(s);
}

json_t *people_store_ranking(req *r, int year, int limit) {
  if (!org_caller_scope(r)) return NULL;
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare("SELECT p.user_id, u.name, un.name AS unit_name, sum(p.points) AS points, count(DISTINCT p.output_id) AS outputs"
                          " FROM people_points p JOIN users u ON u.id = p.user_id JOIN units un ON un.id = u.unit_id"
                          " WHERE p.on_day >= ?4 AND p.on_day < ?5 AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3)
                          " GROUP BY p.user_id ORDER BY points DESC, p.user_id LIMIT ?6");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, a);
  db_bind_text(s, 5, b);
  db_bind_int(s, 6, limit);
  return dbj_rows(s);
}

char *people_store_rules_get(void) {
  db_stmt *s = db_prepare("SELECT rules FROM people_point_rules WHERE id = 1");
  if (!s) return NULL;
  char *out = db_step(s) == DB_ROW ? strdup(db_col_text(s, 0)) : NULL;
  db_reset(s);
  return out;
}

int people_store_rules_set(const char *json, int64_t by) {
  db_stmt *s = db_prepare("INSERT INTO people_point_rules(id, rules, updated_by, updated_at) VALUES(1, ?1, ?2, ?3)"
                          " ON CONFLICT(id) DO UPDATE SET rules = ?1, updated_by = ?2, updated_at = ?3");
  if (!s) return -1;
  db_bind_text(s, 1, json);
  if (by) db_bind_int(s, 2, by); else db_bind_null(s, 2);
  db_bind_now(s, 3);
  return people_store_step(s) ? -1 : 0;
}

json_t *people_store_person_outputs(int64_t user, int year) {
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare("SELECT o.id, o.kind, o.title, o.level, o.award, o.achieved_on, p.share, p.points, t.name AS team_name FROM people_points p"
                          " JOIN people_outputs o ON o.id = p.output_id LEFT JOIN people_teams t ON t.id = o.team_id"
                          " WHERE p.user_id = ? AND p.on_day >= ? AND p.on_day < ? ORDER BY o.achieved_on DESC, o.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, a);
  db_bind_text(s, 3, b);
  return dbj_rows(s);
}
