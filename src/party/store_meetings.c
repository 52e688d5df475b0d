/* store_meetings.c — SQL of 三会一课 records: the list, one meeting with its attendance and files, expected attendees
 * from the member list, attendance and the once-per-member QR sign-in. Reads are limited to visible organisations. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEETING_JSON "json_object('id', e.id, 'org_id', e.org_id, 'org_name', g.name, 'kind', e.kind, 'topic', e.topic, 'planned_on', e.planned_on," \
  " 'held_on', e.held_on, 'place', e.place, 'presenter_id', e.presenter_id, 'presenter', pr.name, 'recorder_id', e.recorder_id, 'recorder', rc.name," \
  " 'expected', (SELECT count(*) FROM party_attendance a WHERE a.meeting_id = e.id)," \
  " 'present', (SELECT count(*) FROM party_attendance a WHERE a.meeting_id = e.id AND a.state = '出席')," \
  " 'excused', (SELECT count(*) FROM party_attendance a WHERE a.meeting_id = e.id AND a.state = '请假'))"
#define MEETING_FROM " FROM party_meetings e JOIN party_orgs g ON g.id = e.org_id LEFT JOIN party_members pr ON pr.id = e.presenter_id" \
  " LEFT JOIN party_members rc ON rc.id = e.recorder_id"
#define MEETING_WHERE " WHERE " PARTY_VISIBLE("e.org_id") " AND (?4 = 0 OR e.org_id = ?4 OR g.parent_id = ?4) AND (?5 IS NULL OR e.kind = ?5)" \
  " AND (?6 IS NULL OR coalesce(e.held_on, e.planned_on) >= ?6) AND (?7 IS NULL OR coalesce(e.held_on, e.planned_on) <= ?7)"

typedef struct meetings_q { req *r; int64_t org; const char *kind, *from, *to; } meetings_q;
static void bind_meetings(db_stmt *s, const void *ctx) {
  const meetings_q *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_int(s, 4, q->org);
  db_bind_text(s, 5, q->kind);
  db_bind_text(s, 6, q->from);
  db_bind_text(s, 7, q->to);
}

char *party_store_meetings_page(req *r, int64_t org, const char *kind, const char *from, const char *to, int64_t size, int64_t offset,
                                size_t *len) {
  meetings_q q = {r, org, kind, from, to};
  return dbj_page("SELECT count(*)" MEETING_FROM MEETING_WHERE,
                  "SELECT " MEETING_JSON MEETING_FROM MEETING_WHERE " ORDER BY coalesce(e.held_on, e.planned_on) DESC, e.id DESC LIMIT ?8 OFFSET ?9",
                  bind_meetings, &q, 8, size, offset, len);
}

json_t *party_store_meeting(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT json_set(" MEETING_JSON ", '$.content', e.content, '$.decisions', e.decisions, '$.sign_token', e.sign_token,"
                          " '$.attendance', json((SELECT json_group_array(json_object('member_id', a.member_id, 'name', m.name, 'role', m.role,"
                          "   'state', a.state, 'reason', a.reason, 'signed_at', a.signed_at)) FROM (SELECT * FROM party_attendance WHERE meeting_id = e.id) a"
                          "   JOIN party_members m ON m.id = a.member_id)),"
                          " '$.files', json((SELECT json_group_array(json_object('id', f.id, 'name', f.name, 'type', f.type, 'size', f.size,"
                          "   'created_at', f.created_at)) FROM party_meeting_files f WHERE f.meeting_id = e.id)))"
                          MEETING_FROM " WHERE e.id = ?4 AND " PARTY_VISIBLE("e.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

int64_t party_store_meeting_insert(int64_t org, const char *kind, const char *topic, const char *planned, const char *held,
                                   const char *place, int64_t presenter, int64_t recorder, const char *content, const char *decisions,
                                   const char *token, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_meetings(org_id, kind, topic, planned_on, held_on, place, presenter_id, recorder_id, content, decisions,"
                          " sign_token, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, topic);
  db_bind_text(s, 4, planned);
  db_bind_text(s, 5, held);
  db_bind_text(s, 6, place ? place : "");
  if (presenter) db_bind_int(s, 7, presenter); else db_bind_null(s, 7);
  if (recorder) db_bind_int(s, 8, recorder); else db_bind_null(s, 8);
  db_bind_text(s, 9, content ? content : "");
  db_bind_text(s, 10, decisions ? decisions : "");
  db_bind_text(s, 11, token);
  if (by) db_bind_int(s, 12, by); else db_bind_null(s, 12);
  db_bind_text(s, 13, at);
  db_bind_text(s, 14, at);
  return db_insert(s);
}

int party_store_meeting_update(int64_t id, const char *topic, const char *planned, const char *held, const char *place, int64_t presenter,
                               int64_t recorder, const char *content, const char *decisions, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_meetings SET topic = ?, planned_on = ?, held_on = ?, place = ?, presenter_id = ?, recorder_id = ?, content = ?,"
                          " decisions = ?, updated_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, topic);
  db_bind_text(s, 2, planned);
  db_bind_text(s, 3, held);
  db_bind_text(s, 4, place ? place : "");
  if (presenter) db_bind_int(s, 5, presenter); else db_bind_null(s, 5);
  if (recorder) db_bind_int(s, 6, recorder); else db_bind_null(s, 6);
  db_bind_text(s, 7, content ? content : "");
  db_bind_text(s, 8, decisions ? decisions : "");
  db_bind_text(s, 9, at);
  db_bind_int(s, 10, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_member_in(int64_t member, int64_t org) {
  db_stmt *s = db_prepare("SELECT 1 FROM party_members WHERE id = ?1 AND status <> '已转出' AND (org_id = ?2 OR group_id = ?2)");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_int(s, 2, org);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int party_store_attendance_expected(int64_t meeting, int64_t org, const char *kind) {
  db_stmt *s = db_prepare("INSERT INTO party_attendance(meeting_id, member_id, state) SELECT ?1, id, '缺席' FROM party_members"
                          " WHERE status <> '已转出' AND (org_id = ?2 OR group_id = ?2) AND (?3 <> '支委会' OR role IN ('书记','副书记','组织委员','宣传委员','纪检委员'))");
  if (!s) return -1;
  db_bind_int(s, 1, meeting);
  db_bind_int(s, 2, org);
  db_bind_text(s, 3, kind);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes();
}

int party_store_attendance_set(int64_t meeting, const party_att *a) {
  db_stmt *s = db_prepare("INSERT INTO party_attendance(meeting_id, member_id, state, reason) VALUES(?,?,?,?)"
                          " ON CONFLICT(meeting_id, member_id) DO UPDATE SET state = excluded.state, reason = excluded.reason");
  if (!s) return -1;
  db_bind_int(s, 1, meeting);
  db_bind_int(s, 2, a->member_id);
  db_bind_text(s, 3, a->state);
  db_bind_text(s, 4, a->reason);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_signin_find(int64_t meeting, int64_t user, int64_t *member, int *signed_in) {
  db_stmt *s = db_prepare("SELECT a.member_id, a.signed_at IS NOT NULL FROM party_attendance a JOIN party_members m ON m.id = a.member_id"
                          " WHERE a.meeting_id = ? AND m.user_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, meeting);
  db_bind_int(s, 2, user);
  db_status st = db_step(s);
  if (st == DB_ROW) { *member = db_col_int(s, 0); *signed_in = (int)db_col_int(s, 1); }
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int party_store_signin(int64_t meeting, int64_t member, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_attendance SET state = '出席', reason = '', signed_at = ? WHERE meeting_id = ? AND member_id = ? AND signed_at IS NULL");
  if (!s) return -1;
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, meeting);
  db_bind_int(s, 3, member);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int party_store_meeting_file_add(int64_t meeting, const char *name, const char *type, size_t size, const char *sha, int64_t by,
                                 const char *at) {
  return party_store_file_row(db_prepare("INSERT INTO party_meeting_files(meeting_id, name, type, size, sha256, uploaded_by, created_at) VALUES(?,?,?,?,?,?,?)"),
                              meeting, name, type, size, sha, by, at);
}

json_t *party_store_meeting_file(req *r, int64_t meeting, int64_t file) {
  db_stmt *s = db_prepare("SELECT json_object('name', f.name, 'type', f.type, 'size', f.size, 'sha256', f.sha256) FROM party_meeting_files f"
                          " JOIN party_meetings e ON e.id = f.meeting_id WHERE f.id = ?5 AND f.meeting_id = ?4 AND " PARTY_VISIBLE("e.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, meeting);
  db_bind_int(s, 5, file);
  return dbj_one_text(s);
}

int party_store_meeting_org(int64_t id, int64_t *org, char kind[32], char held[11]) {
  db_stmt *s = db_prepare("SELECT org_id, kind, coalesce(held_on, planned_on) FROM party_meetings WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    *org = db_col_int(s, 0);
    snprintf(kind, 32, "%s", db_col_text(s, 1));
    snprintf(held, 11, "%s", db_col_text(s, 2));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int party_store_meeting_token_ok(int64_t id, const char *token) {
  db_stmt *s = db_prepare("SELECT 1 FROM party_meetings WHERE id = ? AND sign_token = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, token);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}
