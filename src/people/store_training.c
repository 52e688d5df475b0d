/* store_training.c — all SQL of training: 内训师, courses and their files, sessions and QR sign-ins, study hours from
 * the online college, the year's required hours, and the figures of the 学时 chart and the cockpit's 培训人次. */
#include "people/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *people_store_trainers(void) {
  db_stmt *s = db_prepare("SELECT t.user_id, u.name, un.name AS unit_name, t.title, t.speciality, t.since,"
                          " (SELECT count(*) FROM people_sessions x WHERE x.teacher_id = t.user_id) AS sessions"
                          " FROM people_trainers t JOIN users u ON u.id = t.user_id LEFT JOIN units un ON un.id = u.unit_id ORDER BY t.since, t.user_id");
  return s ? dbj_rows(s) : NULL;
}

int people_store_trainer_set(int64_t user, const char *title, const char *speciality, const char *since) {
  db_stmt *s = db_prepare("INSERT INTO people_trainers(user_id, title, speciality, since) VALUES(?1,?2,?3,?4)"
                          " ON CONFLICT(user_id) DO UPDATE SET title = ?2, speciality = ?3");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, speciality);
  db_bind_text(s, 4, since);
  return people_store_step(s) ? -1 : 0;
}

int64_t people_store_course_insert(const people_course_row *c) {
  db_stmt *s = db_prepare("INSERT INTO people_courses(unit_id, title, category, hours_x10, teacher_id, summary, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, c->unit_id);
  db_bind_text(s, 2, c->title);
  db_bind_text(s, 3, c->category);
  db_bind_int(s, 4, c->hours_x10);
  if (c->teacher_id) db_bind_int(s, 5, c->teacher_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, c->summary ? c->summary : "");
  if (c->created_by) db_bind_int(s, 7, c->created_by); else db_bind_null(s, 7);
  db_bind_now(s, 8);
  return db_insert(s);
}

#define COURSE_COLS "c.id, c.unit_id, un.name AS unit_name, c.title, c.category, c.hours_x10 / 10.0 AS hours, c.teacher_id, t.name AS teacher_name," \
  " c.summary, c.created_at, (SELECT count(*) FROM people_files f WHERE f.owner_kind = 'course' AND f.owner_id = c.id) AS files," \
  " (SELECT count(*) FROM people_sessions x WHERE x.course_id = c.id) AS sessions"
#define COURSE_FROM " FROM people_courses c JOIN units un ON un.id = c.unit_id LEFT JOIN users t ON t.id = c.teacher_id"

/* The library is shared: every signed-in holder of the permission sees every course (the point of sharing). */
json_t *people_store_courses(req *r, const char *like) {
  (void)r;
  db_stmt *s = db_prepare("SELECT " COURSE_COLS COURSE_FROM " WHERE ?1 IS NULL OR c.title LIKE ?1 ESCAPE '\\' OR c.category LIKE ?1 ESCAPE '\\'"
                          " ORDER BY c.id DESC");
  if (!s) return NULL;
  db_bind_text(s, 1, like);
  return dbj_rows(s);
}

json_t *people_store_course_json(req *r, int64_t id) {
  (void)r;
  db_stmt *s = db_prepare("SELECT " COURSE_COLS COURSE_FROM " WHERE c.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  db_stmt *f = db_prepare("SELECT id, name, type, size, created_at FROM people_files WHERE owner_kind = 'course' AND owner_id = ? ORDER BY id");
  json_t *files = NULL;
  if (f) { db_bind_int(f, 1, id); files = dbj_rows(f); }
  if (!files) { json_decref(o); return NULL; }
  json_object_set_new(o, "file_list", files);
  return o;
}

int64_t people_store_file_insert(const char *kind, int64_t owner, const char *name, const char *type, size_t size, const char *sha, int64_t by) {
  db_stmt *s = db_prepare("INSERT INTO people_files(owner_kind, owner_id, name, type, size, sha256, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, kind);
  db_bind_int(s, 2, owner);
  db_bind_text(s, 3, name);
  db_bind_text(s, 4, type);
  db_bind_int(s, 5, (int64_t)size);
  db_bind_text(s, 6, sha);
  if (by) db_bind_int(s, 7, by); else db_bind_null(s, 7);
  db_bind_now(s, 8);
  return db_insert(s);
}

json_t *people_store_file_json(const char *kind, int64_t owner, int64_t id) {
  db_stmt *s = db_prepare("SELECT id, name, type, size, sha256 FROM people_files WHERE owner_kind = ? AND owner_id = ? AND id = ?");
  if (!s) return NULL;
  db_bind_text(s, 1, kind);
  db_bind_int(s, 2, owner);
  db_bind_int(s, 3, id);
  return dbj_first(dbj_rows(s));
}

int64_t people_store_session_insert(const people_session_row *x) {
  db_stmt *s = db_prepare("INSERT INTO people_sessions(course_id, unit_id, held_on, place, teacher_id, hours_x10, token, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, x->course_id);
  db_bind_int(s, 2, x->unit_id);
  db_bind_text(s, 3, x->held_on);
  db_bind_text(s, 4, x->place ? x->place : "");
  if (x->teacher_id) db_bind_int(s, 5, x->teacher_id); else db_bind_null(s, 5);
  db_bind_int(s, 6, x->hours_x10);
  db_bind_text(s, 7, x->token);
  if (x->created_by) db_bind_int(s, 8, x->created_by); else db_bind_null(s, 8);
  db_bind_now(s, 9);
  return db_insert(s);
}

#define SESSION_COLS "x.id, x.course_id, c.title, c.category, x.unit_id, un.name AS unit_name, x.held_on, x.place, x.teacher_id, t.name AS teacher_name," \
  " x.hours_x10 / 10.0 AS hours, (SELECT count(*) FROM people_signins g WHERE g.session_id = x.id) AS signed"
#define SESSION_FROM " FROM people_sessions x JOIN people_courses c ON c.id = x.course_id JOIN units un ON un.id = x.unit_id" \
  " LEFT JOIN users t ON t.id = x.teacher_id WHERE " ORG_SCOPE_SQL("x.unit_id", "x.created_by", 1, 2, 3)

json_t *people_store_sessions(req *r, int year, int64_t course) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " SESSION_COLS SESSION_FROM " AND (?4 = 0 OR substr(x.held_on, 1, 4) = printf('%04d', ?4)) AND (?5 = 0 OR x.course_id = ?5)"
                          " ORDER BY x.held_on DESC, x.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, year);
  db_bind_int(s, 5, course);
  return dbj_rows(s);
}

json_t *people_store_session_json(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " SESSION_COLS ", x.token" SESSION_FROM " AND x.id = ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  db_stmt *g = db_prepare("SELECT g.user_id, u.name, un.name AS unit_name, g.signed_at FROM people_signins g JOIN users u ON u.id = g.user_id"
                          " LEFT JOIN units un ON un.id = u.unit_id WHERE g.session_id = ? ORDER BY g.signed_at, g.user_id");
  json_t *list = NULL;
  if (g) { db_bind_int(g, 1, id); list = dbj_rows(g); }
  if (!list) { json_decref(o); return NULL; }
  json_object_set_new(o, "signins", list);
  return o;
}

int people_store_session_brief(int64_t id, char held_on[11], char *token, size_t tcap, char *title, size_t ticap) {
  db_stmt *s = db_prepare("SELECT x.held_on, x.token, c.title FROM people_sessions x JOIN people_courses c ON c.id = x.course_id WHERE x.id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(held_on, 11, "%s", db_col_text(s, 0));
    snprintf(token, tcap, "%s", db_col_text(s, 1));
    snprintf(title, ticap, "%s", db_col_text(s, 2));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_signin(int64_t session, int64_t user) {
  db_stmt *s = db_prepare("INSERT INTO people_signins(session_id, user_id, signed_at) VALUES(?,?,?) ON CONFLICT DO NOTHING");
  if (!s) return -1;
  db_bind_int(s, 1, session);
  db_bind_int(s, 2, user);
  db_bind_now(s, 3);
  if (people_store_step(s)) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int64_t people_store_study_insert(int64_t user, const char *course, const char *day, int hours_x10, int64_t by) {
  db_stmt *s = db_prepare("INSERT INTO people_study_hours(user_id, course, studied_on, hours_x10, created_by, created_at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, course);
  db_bind_text(s, 3, day);
  db_bind_int(s, 4, hours_x10);
  if (by) db_bind_int(s, 5, by); else db_bind_null(s, 5);
  db_bind_now(s, 6);
  return db_insert(s);
}

int people_store_study_exists(int64_t user, const char *course, const char *day) {
  db_stmt *s = db_prepare("SELECT 1 FROM people_study_hours WHERE user_id = ? AND course = ? AND studied_on = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, course);
  db_bind_text(s, 3, day);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

static void year_range(int year, char a[16], char b[16]) {
  if (year < 0 || year > 9000) year = 0;
  snprintf(a, 16, "%04d-01-01", year % 10000);
  snprintf(b, 16, "%04d-01-01", (year + 1) % 10000);
}

int people_store_hours_of(int64_t user, int year, int64_t *session_x10, int64_t *study_x10, int64_t *sessions) {
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare("SELECT (SELECT coalesce(sum(x.hours_x10), 0) FROM people_signins g JOIN people_sessions x ON x.id = g.session_id"
                          "   WHERE g.user_id = ?1 AND x.held_on >= ?2 AND x.held_on < ?3),"
                          " (SELECT coalesce(sum(hours_x10), 0) FROM people_study_hours WHERE user_id = ?1 AND studied_on >= ?2 AND studied_on < ?3),"
                          " (SELECT count(*) FROM people_signins g JOIN people_sessions x ON x.id = g.session_id"
                          "   WHERE g.user_id = ?1 AND x.held_on >= ?2 AND x.held_on < ?3)");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, a);
  db_bind_text(s, 3, b);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    *session_x10 = db_col_int(s, 0);
    *study_x10 = db_col_int(s, 1);
    *sessions = db_col_int(s, 2);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : -1;
}

/* Per person: hours from sessions + imports in the year (tenths). */
#define HOURS_CTE "WITH h AS (SELECT g.user_id, x.hours_x10 AS x10, 1 AS n FROM people_signins g JOIN people_sessions x ON x.id = g.session_id" \
  " WHERE x.held_on >= ?4 AND x.held_on < ?5 UNION ALL SELECT user_id, hours_x10, 0 FROM people_study_hours WHERE studied_on >= ?4 AND studied_on < ?5) "

json_t *people_store_hours_people(req *r, int year, int64_t unit) {
  if (!org_caller_scope(r)) return NULL;
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare(HOURS_CTE "SELECT u.id AS user_id, u.name, u.unit_id, un.name AS unit_name, coalesce(sum(h.x10), 0) / 10.0 AS hours,"
                          " coalesce(sum(h.n), 0) AS sessions FROM users u JOIN units un ON un.id = u.unit_id LEFT JOIN h ON h.user_id = u.id"
                          " WHERE u.status = 'enabled' AND u.username <> 'admin' AND (?6 = 0 OR u.unit_id = ?6) AND " ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3)
                          " GROUP BY u.id ORDER BY hours DESC, u.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, a);
  db_bind_text(s, 5, b);
  db_bind_int(s, 6, unit);
  return dbj_rows(s);
}

json_t *people_store_hours_by_unit(req *r, int year) {
  if (!org_caller_scope(r)) return NULL;
  char a[16], b[16];
  year_range(year, a, b);
  db_stmt *s = db_prepare(HOURS_CTE "SELECT un.id AS unit_id, un.name AS unit_name, count(DISTINCT u.id) AS people, coalesce(sum(h.x10), 0) / 10.0 AS hours,"
                          " coalesce(sum(h.n), 0) AS signins FROM units un JOIN users u ON u.unit_id = un.id AND u.status = 'enabled' AND u.username <> 'admin'"
                          " LEFT JOIN h ON h.user_id = u.id WHERE " ORG_SCOPE_SQL("un.id", "0", 1, 2, 3) " GROUP BY un.id ORDER BY un.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, a);
  db_bind_text(s, 5, b);
  return dbj_rows(s);
}

int people_store_required(int year) {
  db_stmt *s = db_prepare("SELECT hours_x10 FROM people_training_required WHERE year <= ? ORDER BY year DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_status st = db_step(s);
  int v = st == DB_ROW ? (int)db_col_int(s, 0) : st == DB_DONE ? 400 : -1;
  db_reset(s);
  return v;
}

int people_store_required_set(int year, int hours_x10) {
  db_stmt *s = db_prepare("INSERT INTO people_training_required(year, hours_x10) VALUES(?1, ?2) ON CONFLICT(year) DO UPDATE SET hours_x10 = ?2");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_int(s, 2, hours_x10);
  return people_store_step(s) ? -1 : 0;
}

int people_store_month_signins(int64_t unit, const char *from, const char *to, int64_t *n) {
  db_stmt *s = db_prepare("SELECT count(*) FROM people_signins g JOIN people_sessions x ON x.id = g.session_id JOIN users u ON u.id = g.user_id"
                          " WHERE (?1 = 0 OR u.unit_id = ?1) AND x.held_on >= ?2 AND x.held_on < ?3");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  db_status st = db_step(s);
  if (st == DB_ROW) *n = db_col_int(s, 0);
  db_reset(s);
  return st == DB_ROW ? 0 : -1;
}

int people_store_first_session_year(void) {
  db_stmt *s = db_prepare("SELECT CAST(substr(min(held_on), 1, 4) AS INTEGER) FROM people_sessions");
  if (!s) return 0;
  int y = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 0;
  db_reset(s);
  return y;
}
