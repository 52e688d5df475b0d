/* store_campaigns.c — all SQL of 年度考核 campaigns: the campaign, its subjects, the leaders' scores, 述职述廉 reports,
 * objections and appeals (shared with 评优评选), and the final grades other parts read (eligibility, the profile). */
#include "people/internal.h"
#include <stdio.h>
#include <string.h>

int64_t people_store_campaign_insert(const people_campaign_row *c) {
  db_stmt *s = db_prepare("INSERT INTO people_campaigns(year, title, subject, unit_id, w_ballot, w_leader, w_inputs, input_weights, quota_permille,"
                          " publicity_days, created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, c->year);
  db_bind_text(s, 2, c->title);
  db_bind_text(s, 3, c->subject);
  db_bind_int(s, 4, c->unit_id);
  db_bind_int(s, 5, c->w_ballot);
  db_bind_int(s, 6, c->w_leader);
  db_bind_int(s, 7, c->w_inputs);
  db_bind_text(s, 8, c->input_weights);
  db_bind_int(s, 9, c->quota_permille);
  db_bind_int(s, 10, c->publicity_days);
  if (c->created_by) db_bind_int(s, 11, c->created_by); else db_bind_null(s, 11);
  db_bind_now(s, 12);
  return db_insert(s);
}

int people_store_campaign_set_ballot(int64_t id, int64_t ballot) {
  db_stmt *s = db_prepare("UPDATE people_campaigns SET ballot_id = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_bind_int(s, 2, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t people_store_subject_insert(int64_t campaign, int sort, int64_t user, int64_t unit, const char *name) {
  db_stmt *s = db_prepare("INSERT INTO people_campaign_subjects(campaign_id, sort, user_id, unit_id, name) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, campaign);
  db_bind_int(s, 2, sort);
  if (user) db_bind_int(s, 3, user); else db_bind_null(s, 3);
  db_bind_int(s, 4, unit);
  db_bind_text(s, 5, name);
  return db_insert(s);
}

/* The candidates of a box follow the subjects' order: candidate k (sort k) is subject k. */
int people_store_subjects_link(int64_t campaign, int64_t ballot) {
  db_stmt *s = db_prepare("UPDATE people_campaign_subjects SET candidate_id = (SELECT c.id FROM people_ballot_candidates c WHERE c.ballot_id = ?1"
                          " AND c.sort = people_campaign_subjects.sort) WHERE campaign_id = ?2");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_bind_int(s, 2, campaign);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define CAMP_SCOPE ORG_SCOPE_SQL("c.unit_id", "c.created_by", 1, 2, 3)
#define CAMP_COLS "c.id, c.year, c.title, c.subject, c.unit_id, u.name AS unit_name, c.w_ballot, c.w_leader, c.w_inputs," \
  " c.input_weights AS j_input_weights, c.grades AS j_grades, c.quota_permille, c.publicity_days, c.ballot_id, c.status, c.publicity_from," \
  " c.publicity_to, c.decided_at, c.finalized_at, c.created_at, (SELECT b.status FROM people_ballots b WHERE b.id = c.ballot_id) AS ballot_status," \
  " (SELECT count(*) FROM people_campaign_subjects s WHERE s.campaign_id = c.id) AS subjects," \
  " (SELECT count(*) FROM people_campaign_subjects s WHERE s.campaign_id = c.id AND s.grade = json_extract(c.grades, '$[0]')) AS first_grade"

json_t *people_store_campaign_json(req *r, int64_t id) {
  db_stmt *s;
  if (r) {
    if (!org_caller_scope(r)) return NULL;
    s = db_prepare("SELECT " CAMP_COLS " FROM people_campaigns c JOIN units u ON u.id = c.unit_id WHERE c.id = ?4 AND " CAMP_SCOPE);
    if (!s) return NULL;
    org_scope_bind(r, s, 1);
  } else {
    s = db_prepare("SELECT " CAMP_COLS " FROM people_campaigns c JOIN units u ON u.id = c.unit_id WHERE c.id = ?4");
    if (!s) return NULL;
  }
  db_bind_int(s, 4, id);
  return dbj_first(dbj_rows(s));
}

typedef struct scoped_year { req *r; int year; } scoped_year;
static void bind_scoped_year(db_stmt *s, const void *ctx) {
  const scoped_year *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_int(s, 4, q->year);
}

char *people_store_campaign_page(req *r, int year, int64_t offset, int64_t size, size_t *len) {
  if (!org_caller_scope(r)) return NULL;
  scoped_year q = {r, year};
  return dbj_page("SELECT count(*) FROM people_campaigns c WHERE " CAMP_SCOPE " AND (?4 = 0 OR c.year = ?4)",
                  "SELECT json_object('id', c.id, 'year', c.year, 'title', c.title, 'subject', c.subject, 'unit_id', c.unit_id, 'unit_name', u.name,"
                  " 'status', c.status, 'ballot_id', c.ballot_id, 'quota_permille', c.quota_permille, 'publicity_from', c.publicity_from,"
                  " 'publicity_to', c.publicity_to, 'subjects', (SELECT count(*) FROM people_campaign_subjects s WHERE s.campaign_id = c.id),"
                  " 'first_grade', (SELECT count(*) FROM people_campaign_subjects s WHERE s.campaign_id = c.id AND s.grade = json_extract(c.grades, '$[0]')),"
                  " 'open_objections', (SELECT count(*) FROM people_objections o WHERE o.owner = 'campaign' AND o.owner_id = c.id AND o.answered_at IS NULL))"
                  " FROM people_campaigns c JOIN units u ON u.id = c.unit_id WHERE " CAMP_SCOPE " AND (?4 = 0 OR c.year = ?4)"
                  " ORDER BY c.year DESC, c.id DESC LIMIT ?5 OFFSET ?6",
                  bind_scoped_year, &q, 5, size, offset, len);
}

json_t *people_store_subjects(int64_t campaign) {
  db_stmt *s = db_prepare(
      "SELECT s.id, s.sort, s.user_id, s.unit_id, un.name AS unit_name, s.name, s.candidate_id, s.total, s.grade,"
      " (SELECT json_group_array(json_object('leader_id', l.leader_id, 'leader_name', lu.name, 'score', l.score, 'comment', l.comment, 'at', l.at))"
      "   FROM people_leader_scores l LEFT JOIN users lu ON lu.id = l.leader_id WHERE l.subject_id = s.id) AS j_leader_scores,"
      " (SELECT json_group_array(json_object('id', f.id, 'name', f.name, 'type', f.type, 'size', f.size, 'at', f.at))"
      "   FROM people_campaign_reports f WHERE f.subject_id = s.id) AS j_reports"
      " FROM people_campaign_subjects s JOIN units un ON un.id = s.unit_id WHERE s.campaign_id = ? ORDER BY s.sort");
  if (!s) return NULL;
  db_bind_int(s, 1, campaign);
  return dbj_rows(s);
}

int people_store_subject_find(int64_t campaign, int64_t subject, int64_t *user, char *name, size_t cap) {
  db_stmt *s = db_prepare("SELECT coalesce(user_id, 0), name FROM people_campaign_subjects WHERE id = ? AND campaign_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, subject);
  db_bind_int(s, 2, campaign);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    if (user) *user = db_col_int(s, 0);
    if (name) snprintf(name, cap, "%s", db_col_text(s, 1));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_leader_score_put(int64_t subject, int64_t leader, int score, const char *comment) {
  db_stmt *s = db_prepare("INSERT INTO people_leader_scores(subject_id, leader_id, score, comment, at) VALUES(?1,?2,?3,?4,?5)"
                          " ON CONFLICT(subject_id, leader_id) DO UPDATE SET score = ?3, comment = ?4, at = ?5");
  if (!s) return -1;
  db_bind_int(s, 1, subject);
  db_bind_int(s, 2, leader);
  db_bind_int(s, 3, score);
  db_bind_text(s, 4, comment ? comment : "");
  db_bind_now(s, 5);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int people_store_subject_decide(int64_t subject, double total, int has_total, const char *grade) {
  db_stmt *s = db_prepare("UPDATE people_campaign_subjects SET total = ?, grade = ? WHERE id = ?");
  if (!s) return -1;
  if (has_total) db_bind_double(s, 1, total); else db_bind_null(s, 1);
  db_bind_text(s, 2, grade);
  db_bind_int(s, 3, subject);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int people_store_subject_regrade(int64_t subject, const char *grade) {
  db_stmt *s = db_prepare("UPDATE people_campaign_subjects SET grade = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, grade);
  db_bind_int(s, 2, subject);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int people_store_campaign_set_status(int64_t id, const char *status, const char *from, const char *to) {
  db_stmt *s = db_prepare("UPDATE people_campaigns SET status = ?2, publicity_from = coalesce(?3, publicity_from), publicity_to = coalesce(?4, publicity_to),"
                          " decided_at = CASE WHEN ?2 = '已定等次' THEN ?5 ELSE decided_at END,"
                          " finalized_at = CASE WHEN ?2 = '已完成' THEN ?5 ELSE finalized_at END WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, status);
  db_bind_text(s, 3, from);
  db_bind_text(s, 4, to);
  db_bind_now(s, 5);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t people_store_report_add(int64_t subject, const char *name, const char *type, size_t size, const char *sha, int64_t by) {
  db_stmt *s = db_prepare("INSERT INTO people_campaign_reports(subject_id, name, type, size, sha256, uploaded_by, at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, subject);
  db_bind_text(s, 2, name);
  db_bind_text(s, 3, type);
  db_bind_int(s, 4, (int64_t)size);
  db_bind_text(s, 5, sha);
  if (by) db_bind_int(s, 6, by); else db_bind_null(s, 6);
  db_bind_now(s, 7);
  return db_insert(s);
}

json_t *people_store_report_get(int64_t subject, int64_t id) {
  db_stmt *s = db_prepare("SELECT id, name, type, size, sha256 FROM people_campaign_reports WHERE id = ? AND subject_id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, subject);
  return dbj_first(dbj_rows(s));
}

int people_store_report_count(int64_t subject) {
  db_stmt *s = db_prepare("SELECT count(*) FROM people_campaign_reports WHERE subject_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, subject);
  int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

/* ---- objections and appeals ---- */
int64_t people_store_objection_add(const char *owner, int64_t owner_id, const char *stage, int64_t ref, const char *subject_name, const char *text, int64_t by) {
  db_stmt *s = db_prepare("INSERT INTO people_objections(owner, owner_id, stage, subject_ref, subject_name, text, by_user, at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, owner);
  db_bind_int(s, 2, owner_id);
  db_bind_text(s, 3, stage);
  if (ref) db_bind_int(s, 4, ref); else db_bind_null(s, 4);
  db_bind_text(s, 5, subject_name ? subject_name : "");
  db_bind_text(s, 6, text);
  if (by) db_bind_int(s, 7, by); else db_bind_null(s, 7);
  db_bind_now(s, 8);
  return db_insert(s);
}

json_t *people_store_objections(const char *owner, int64_t owner_id) {
  db_stmt *s = db_prepare("SELECT o.id, o.stage, o.subject_ref, o.subject_name, o.text, o.by_user, bu.name AS by_name, o.at, o.answer, o.outcome,"
                          " o.answered_by, au.name AS answered_name, o.answered_at FROM people_objections o LEFT JOIN users bu ON bu.id = o.by_user"
                          " LEFT JOIN users au ON au.id = o.answered_by WHERE o.owner = ? AND o.owner_id = ? ORDER BY o.id");
  if (!s) return NULL;
  db_bind_text(s, 1, owner);
  db_bind_int(s, 2, owner_id);
  return dbj_rows(s);
}

json_t *people_store_objection_get(int64_t id) {
  db_stmt *s = db_prepare("SELECT id, owner, owner_id, stage, subject_ref, subject_name, text, by_user, at, answer, outcome, answered_at"
                          " FROM people_objections WHERE id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_first(dbj_rows(s));
}

int people_store_objection_answer(int64_t id, const char *answer, const char *outcome, int64_t by) {
  db_stmt *s = db_prepare("UPDATE people_objections SET answer = ?, outcome = ?, answered_by = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL");
  if (!s) return -1;
  db_bind_text(s, 1, answer);
  db_bind_text(s, 2, outcome);
  if (by) db_bind_int(s, 3, by); else db_bind_null(s, 3);
  db_bind_now(s, 4);
  db_bind_int(s, 5, id);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int people_store_objections_open(const char *owner, int64_t owner_id, const char *stage) {
  db_stmt *s = db_prepare("SELECT count(*) FROM people_objections WHERE owner = ? AND owner_id = ? AND stage = ? AND answered_at IS NULL");
  if (!s) return -1;
  db_bind_text(s, 1, owner);
  db_bind_int(s, 2, owner_id);
  db_bind_text(s, 3, stage);
  int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

/* ---- final grades ---- */
int people_store_final_grade(int64_t user, int64_t unit, int year, char *grade, size_t gcap, json_t **grades) {
  db_stmt *s = db_prepare("SELECT s.grade, c.grades FROM people_campaign_subjects s JOIN people_campaigns c ON c.id = s.campaign_id"
                          " WHERE c.status = '已完成' AND c.year = ?3 AND s.grade IS NOT NULL AND"
                          " (CASE WHEN ?1 > 0 THEN s.user_id = ?1 ELSE s.user_id IS NULL AND s.unit_id = ?2 END) ORDER BY c.id DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_int(s, 2, unit);
  db_bind_int(s, 3, year);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(grade, gcap, "%s", db_col_text(s, 0));
    if (grades) *grades = json_loads(db_col_text(s, 1), 0, NULL);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

json_t *people_store_person_appraisals(int64_t user) {
  db_stmt *s = db_prepare("SELECT c.id AS campaign_id, s.id AS subject_id, c.year, c.title, c.status, s.total, s.grade FROM people_campaign_subjects s"
                          " JOIN people_campaigns c ON c.id = s.campaign_id WHERE s.user_id = ? AND s.grade IS NOT NULL AND c.status IN ('公示中','已完成')"
                          " ORDER BY c.year DESC, c.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  return dbj_rows(s);
}

int people_store_unit_name(int64_t unit, char *name, size_t cap) {
  db_stmt *s = db_prepare("SELECT name FROM units WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_status st = db_step(s);
  if (st == DB_ROW) snprintf(name, cap, "%s", db_col_text(s, 0));
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int64_t people_store_ballot_by_source(const char *source) {
  db_stmt *s = db_prepare("SELECT id FROM people_ballots WHERE source = ?");
  if (!s) return -1;
  db_bind_text(s, 1, source);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : st == DB_DONE ? 0 : -1;
  db_reset(s);
  return id;
}

json_t *people_store_ballot_candidates(int64_t ballot) {
  db_stmt *s = db_prepare("SELECT id, sort, name, user_id, unit_id FROM people_ballot_candidates WHERE ballot_id = ? ORDER BY sort");
  if (!s) return NULL;
  db_bind_int(s, 1, ballot);
  return dbj_rows(s);
}
