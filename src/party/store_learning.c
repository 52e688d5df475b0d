/* store_learning.c — SQL of learning sessions (第一议题, 周一夜学, 读书班): sessions of visible organisations, their
 * attendance and 心得, and hours per member per year. */
#include "party/internal.h"
#include <stdio.h>
#include <string.h>

int party_store_member_in_tree(int64_t member, int64_t org) {
  db_stmt *s = db_prepare("SELECT 1 FROM party_members m JOIN party_orgs b ON b.id = m.org_id JOIN party_orgs o ON o.id = ?2"
                          " WHERE m.id = ?1 AND m.status <> '已转出' AND substr(b.path, 1, length(o.path)) = o.path"
                          " OR (m.id = ?1 AND m.status <> '已转出' AND m.group_id = ?2)");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_int(s, 2, org);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int64_t party_store_learning_insert(int64_t org, const char *kind, const char *held, const char *topic, const char *material, double hours,
                                    const char *place, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_learning(org_id, kind, held_on, topic, material, hours, place, created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, held);
  db_bind_text(s, 4, topic);
  db_bind_text(s, 5, material ? material : "");
  db_bind_double(s, 6, hours);
  db_bind_text(s, 7, place ? place : "");
  if (by) db_bind_int(s, 8, by); else db_bind_null(s, 8);
  db_bind_text(s, 9, at);
  return db_insert(s);
}

int party_store_learning_expected(int64_t session, int64_t org) {
  db_stmt *s = db_prepare("INSERT INTO party_learning_att(session_id, member_id, state) SELECT ?1, m.id, '缺席' FROM party_members m"
                          " WHERE m.status <> '已转出' AND (m.org_id = ?2 OR m.group_id = ?2)");
  if (!s) return -1;
  db_bind_int(s, 1, session);
  db_bind_int(s, 2, org);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes();
}

int party_store_learning_att_set(int64_t session, const party_att *a) {
  db_stmt *s = db_prepare("INSERT INTO party_learning_att(session_id, member_id, state, reason) VALUES(?,?,?,?)"
                          " ON CONFLICT(session_id, member_id) DO UPDATE SET state = excluded.state, reason = excluded.reason");
  if (!s) return -1;
  db_bind_int(s, 1, session);
  db_bind_int(s, 2, a->member_id);
  db_bind_text(s, 3, a->state);
  db_bind_text(s, 4, a->reason);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define LEARN_JSON "json_object('id', l.id, 'org_id', l.org_id, 'org_name', g.name, 'kind', l.kind, 'held_on', l.held_on, 'topic', l.topic," \
  " 'material', l.material, 'hours', l.hours, 'place', l.place," \
  " 'expected', (SELECT count(*) FROM party_learning_att a WHERE a.session_id = l.id)," \
  " 'present', (SELECT count(*) FROM party_learning_att a WHERE a.session_id = l.id AND a.state = '出席')," \
  " 'notes', (SELECT count(*) FROM party_learning_att a WHERE a.session_id = l.id AND a.note <> ''))"
#define LEARN_WHERE " FROM party_learning l JOIN party_orgs g ON g.id = l.org_id WHERE " PARTY_VISIBLE("l.org_id") \
  " AND (?4 = 0 OR l.org_id = ?4 OR g.parent_id = ?4) AND (?5 IS NULL OR l.kind = ?5) AND (?6 = 0 OR substr(l.held_on, 1, 4) = printf('%04d', ?6))"

typedef struct learning_q { req *r; int64_t org; const char *kind; int year; } learning_q;
static void bind_learning(db_stmt *s, const void *ctx) {
  const learning_q *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_int(s, 4, q->org);
  db_bind_text(s, 5, q->kind);
  db_bind_int(s, 6, q->year);
}

char *party_store_learning_page(req *r, int64_t org, const char *kind, int year, int64_t size, int64_t offset, size_t *len) {
  learning_q q = {r, org, kind, year};
  return dbj_page("SELECT count(*)" LEARN_WHERE, "SELECT " LEARN_JSON LEARN_WHERE " ORDER BY l.held_on DESC, l.id DESC LIMIT ?7 OFFSET ?8",
                  bind_learning, &q, 7, size, offset, len);
}

json_t *party_store_learning(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT json_set(" LEARN_JSON ", '$.attendance', json((SELECT json_group_array(json_object('member_id', a.member_id, 'name', m.name,"
                          " 'user_id', m.user_id, 'state', a.state, 'reason', a.reason, 'note', a.note, 'noted_at', a.noted_at))"
                          " FROM (SELECT * FROM party_learning_att WHERE session_id = l.id) a JOIN party_members m ON m.id = a.member_id)))"
                          " FROM party_learning l JOIN party_orgs g ON g.id = l.org_id WHERE l.id = ?4 AND " PARTY_VISIBLE("l.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

int party_store_learning_note(int64_t session, int64_t user, const char *note, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_learning_att SET note = ?, noted_at = ? WHERE session_id = ? AND state = '出席'"
                          " AND member_id = (SELECT id FROM party_members WHERE user_id = ?)");
  if (!s) return -1;
  db_bind_text(s, 1, note);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, session);
  db_bind_int(s, 4, user);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 1 : 0;
}

json_t *party_store_learning_hours(req *r, int64_t org, int year) {
  db_stmt *s = db_prepare("SELECT json_object('member_id', m.id, 'name', m.name, 'org_name', g.name, 'sessions', count(l.id),"
                          " 'hours', coalesce(sum(l.hours), 0)) FROM party_members m JOIN party_orgs g ON g.id = m.org_id"
                          " LEFT JOIN party_learning_att a ON a.member_id = m.id AND a.state = '出席'"
                          " LEFT JOIN party_learning l ON l.id = a.session_id AND substr(l.held_on, 1, 4) = printf('%04d', ?5)"
                          " WHERE m.status <> '已转出' AND " PARTY_VISIBLE("m.org_id") " AND (?4 = 0 OR m.org_id = ?4 OR m.group_id = ?4)"
                          " GROUP BY m.id ORDER BY coalesce(sum(l.hours), 0) DESC, m.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org);
  db_bind_int(s, 5, year);
  return dbj_rows_text(s);
}
