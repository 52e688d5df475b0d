/* store_selections.c — all SQL of 评优评选: the selection, its nominations and winners, and the 表彰 records (honours)
 * that land in the winners' profiles. */
#include "people/internal.h"
#include <stdio.h>
#include <string.h>

int64_t people_store_selection_insert(const people_selection_row *v) {
  db_stmt *s = db_prepare("INSERT INTO people_selections(year, title, kind, subject, unit_id, places, min_grade, grade_year, publicity_days,"
                          " created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, v->year);
  db_bind_text(s, 2, v->title);
  db_bind_text(s, 3, v->kind);
  db_bind_text(s, 4, v->subject);
  db_bind_int(s, 5, v->unit_id);
  db_bind_int(s, 6, v->places);
  db_bind_text(s, 7, v->min_grade);
  if (v->min_grade) db_bind_int(s, 8, v->grade_year); else db_bind_null(s, 8);
  db_bind_int(s, 9, v->publicity_days);
  if (v->created_by) db_bind_int(s, 10, v->created_by); else db_bind_null(s, 10);
  db_bind_now(s, 11);
  return db_insert(s);
}

#define SEL_SCOPE ORG_SCOPE_SQL("x.unit_id", "x.created_by", 1, 2, 3)
#define SEL_COLS "x.id, x.year, x.title, x.kind, x.subject, x.unit_id, u.name AS unit_name, x.places, x.min_grade, x.grade_year, x.publicity_days," \
  " x.ballot_id, x.status, x.publicity_from, x.publicity_to, x.awarded_on, x.document_no, x.created_at," \
  " (SELECT b.status FROM people_ballots b WHERE b.id = x.ballot_id) AS ballot_status," \
  " (SELECT count(*) FROM people_nominations n WHERE n.selection_id = x.id) AS nominations," \
  " (SELECT count(*) FROM people_nominations n WHERE n.selection_id = x.id AND n.winner = 1) AS winners"

json_t *people_store_selection_json(req *r, int64_t id) {
  db_stmt *s;
  if (r) {
    if (!org_caller_scope(r)) return NULL;
    s = db_prepare("SELECT " SEL_COLS " FROM people_selections x JOIN units u ON u.id = x.unit_id WHERE x.id = ?4 AND " SEL_SCOPE);
    if (!s) return NULL;
    org_scope_bind(r, s, 1);
  } else {
    s = db_prepare("SELECT " SEL_COLS " FROM people_selections x JOIN units u ON u.id = x.unit_id WHERE x.id = ?4");
    if (!s) return NULL;
  }
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  return o;
}

typedef struct scoped_year { req *r; int year; } scoped_year;
static void bind_scoped_year(db_stmt *s, const void *ctx) {
  const scoped_year *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_int(s, 4, q->year);
}

char *people_store_selection_page(req *r, int year, int64_t offset, int64_t size, size_t *len) {
  if (!org_caller_scope(r)) return NULL;
  scoped_year q = {r, year};
  return dbj_page("SELECT count(*) FROM people_selections x WHERE " SEL_SCOPE " AND (?4 = 0 OR x.year = ?4)",
                  "SELECT json_object('id', x.id, 'year', x.year, 'title', x.title, 'kind', x.kind, 'subject', x.subject, 'unit_id', x.unit_id,"
                  " 'unit_name', u.name, 'places', x.places, 'status', x.status, 'ballot_id', x.ballot_id, 'publicity_from', x.publicity_from,"
                  " 'publicity_to', x.publicity_to, 'awarded_on', x.awarded_on,"
                  " 'nominations', (SELECT count(*) FROM people_nominations n WHERE n.selection_id = x.id),"
                  " 'winners', (SELECT count(*) FROM people_nominations n WHERE n.selection_id = x.id AND n.winner = 1))"
                  " FROM people_selections x JOIN units u ON u.id = x.unit_id WHERE " SEL_SCOPE " AND (?4 = 0 OR x.year = ?4)"
                  " ORDER BY x.year DESC, x.id DESC LIMIT ?5 OFFSET ?6",
                  bind_scoped_year, &q, 5, size, offset, len);
}

int people_store_selection_set(int64_t id, const char *status, int64_t ballot, const char *from, const char *to, const char *awarded_on, const char *doc) {
  db_stmt *s = db_prepare("UPDATE people_selections SET status = ?2, ballot_id = coalesce(?3, ballot_id), publicity_from = coalesce(?4, publicity_from),"
                          " publicity_to = coalesce(?5, publicity_to), awarded_on = coalesce(?6, awarded_on), document_no = coalesce(?7, document_no) WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, status);
  if (ballot) db_bind_int(s, 3, ballot); else db_bind_null(s, 3);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  db_bind_text(s, 6, awarded_on);
  db_bind_text(s, 7, doc);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t people_store_nomination_insert(int64_t sel, int64_t user, int64_t unit, const char *name, const char *by_kind, int64_t by, const char *reason) {
  db_stmt *s = db_prepare("INSERT INTO people_nominations(selection_id, user_id, unit_id, name, by_kind, by_user, reason, at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, sel);
  if (user) db_bind_int(s, 2, user); else db_bind_null(s, 2);
  db_bind_int(s, 3, unit);
  db_bind_text(s, 4, name);
  db_bind_text(s, 5, by_kind);
  if (by) db_bind_int(s, 6, by); else db_bind_null(s, 6);
  db_bind_text(s, 7, reason ? reason : "");
  db_bind_now(s, 8);
  return db_insert(s);
}

json_t *people_store_nominations(int64_t sel) {
  db_stmt *s = db_prepare("SELECT n.id, n.user_id, n.unit_id, un.name AS unit_name, n.name, n.by_kind, n.by_user, bu.name AS by_name, n.reason, n.at,"
                          " n.candidate_id, n.winner AS b_winner FROM people_nominations n JOIN units un ON un.id = n.unit_id"
                          " LEFT JOIN users bu ON bu.id = n.by_user WHERE n.selection_id = ? ORDER BY n.id");
  if (!s) return NULL;
  db_bind_int(s, 1, sel);
  return dbj_rows(s);
}

int people_store_nominations_link(int64_t sel, int64_t ballot) {
  db_stmt *s = db_prepare("UPDATE people_nominations SET candidate_id = (SELECT c.id FROM people_ballot_candidates c WHERE c.ballot_id = ?1 AND c.note = 'nomination:' || people_nominations.id)"
                          " WHERE selection_id = ?2");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_bind_int(s, 2, sel);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int people_store_nomination_win(int64_t sel, int64_t nomination, int winner) {
  db_stmt *s = db_prepare("UPDATE people_nominations SET winner = ? WHERE id = ? AND selection_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, winner);
  db_bind_int(s, 2, nomination);
  db_bind_int(s, 3, sel);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int64_t people_store_honour_insert(int64_t user, int64_t unit, const char *name, const char *title, int year, int64_t sel, const char *on, const char *doc) {
  db_stmt *s = db_prepare("INSERT INTO people_honours(user_id, unit_id, name, title, year, selection_id, awarded_on, document_no) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  if (user) db_bind_int(s, 1, user); else db_bind_null(s, 1);
  db_bind_int(s, 2, unit);
  db_bind_text(s, 3, name);
  db_bind_text(s, 4, title);
  db_bind_int(s, 5, year);
  if (sel) db_bind_int(s, 6, sel); else db_bind_null(s, 6);
  db_bind_text(s, 7, on);
  db_bind_text(s, 8, doc ? doc : "");
  return db_insert(s);
}

json_t *people_store_honours_of(int64_t user) {
  db_stmt *s = db_prepare("SELECT h.id, h.title, h.year, h.selection_id, h.awarded_on, h.document_no FROM people_honours h WHERE h.user_id = ?"
                          " ORDER BY h.awarded_on DESC, h.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  return dbj_rows(s);
}

json_t *people_store_publicity(void) {
  db_stmt *c = db_prepare("SELECT c.id, c.year, c.title, u.name AS unit_name, c.publicity_from, c.publicity_to,"
                          " (SELECT json_group_array(json_object('id', s.id, 'name', s.name, 'unit_name', su.name, 'grade', s.grade))"
                          "   FROM people_campaign_subjects s JOIN units su ON su.id = s.unit_id WHERE s.campaign_id = c.id ORDER BY s.sort) AS j_subjects"
                          " FROM people_campaigns c JOIN units u ON u.id = c.unit_id WHERE c.status = '公示中' ORDER BY c.publicity_to, c.id");
  if (!c) return NULL;
  json_t *camps = dbj_rows(c);
  db_stmt *s = db_prepare("SELECT x.id, x.year, x.title, x.kind, u.name AS unit_name, x.places, x.publicity_from, x.publicity_to,"
                          " (SELECT json_group_array(json_object('id', n.id, 'name', n.name, 'unit_name', nu.name))"
                          "   FROM people_nominations n JOIN units nu ON nu.id = n.unit_id WHERE n.selection_id = x.id AND n.winner = 1) AS j_winners"
                          " FROM people_selections x JOIN units u ON u.id = x.unit_id WHERE x.status = '公示中' ORDER BY x.publicity_to, x.id");
  json_t *sels = s ? dbj_rows(s) : NULL;
  if (!camps || !sels) { json_decref(camps); json_decref(sels); return NULL; }
  return json_pack("{s:o,s:o}", "campaigns", camps, "selections", sels);
}
