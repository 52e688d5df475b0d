/* store_complaints.c — the SQL of complaint work orders. A complaint is in scope through the unit it was dispatched
 * to or its creator; staff-conduct complaints are answered only when the caller may read them (bound flag). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_complaint_insert(const risks_complaint_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_complaints(channel, category, conduct, caller, phone, subject, content, received_on, unit_id, limit_days, due,"
                          " status, created_by, created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14)");
  if (!s) return 0;
  db_bind_text(s, 1, w->channel);
  db_bind_text(s, 2, w->category);
  db_bind_int(s, 3, w->conduct);
  db_bind_text(s, 4, w->caller ? w->caller : "");
  db_bind_text(s, 5, w->phone ? w->phone : "");
  db_bind_text(s, 6, w->subject);
  db_bind_text(s, 7, w->content ? w->content : "");
  db_bind_text(s, 8, w->received_on);
  if (w->unit) db_bind_int(s, 9, w->unit);
  else db_bind_null(s, 9);
  db_bind_int(s, 10, w->limit_days);
  db_bind_text(s, 11, w->due);
  db_bind_text(s, 12, w->unit ? "办理中" : "待派发");
  if (w->created_by) db_bind_int(s, 13, w->created_by);
  else db_bind_null(s, 13);
  db_bind_text(s, 14, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_complaint_event(int64_t id, const char *kind, const char *note, int64_t user, const char *at) {
  return risks_store_history_add(db_prepare("INSERT INTO risk_complaint_events(complaint_id, kind, note, user_id, at) VALUES(?,?,?,?,?)"), id, kind,
                                 note, user, at);
}

int risks_store_complaint_dispatch(int64_t id, int64_t unit, int limit_days, const char *due, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_complaints SET unit_id = ?2, limit_days = ?3, due = ?4, status = '办理中', updated_at = ?5 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, unit);
  db_bind_int(s, 3, limit_days);
  db_bind_text(s, 4, due);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_complaint_reply(int64_t id, const char *reply, const char *day, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_complaints SET reply = ?2, replied_on = ?3, status = '已回复', updated_at = ?4 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, reply);
  db_bind_text(s, 3, day);
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_complaint_rate(int64_t id, const char *rating, const char *visit, const char *day, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_complaints SET rating = ?2, return_visit = ?3, closed_on = ?4, status = '已办结', updated_at = ?5 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, rating);
  db_bind_text(s, 3, visit);
  db_bind_text(s, 4, day);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_complaint_urge(int64_t id, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_complaints SET urges = urges + 1, updated_at = ?2 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define C_JSON DB_JSON_OBJECT "('id', c.id, 'channel', c.channel, 'category', c.category, 'conduct', json(CASE WHEN c.conduct THEN 'true' ELSE 'false' END)," \
  " 'caller', c.caller, 'phone', c.phone, 'subject', c.subject, 'content', c.content, 'received_on', c.received_on, 'unit_id', c.unit_id," \
  " 'unit_name', un.name, 'limit_days', c.limit_days, 'due', c.due, 'status', c.status, 'reply', c.reply, 'replied_on', c.replied_on," \
  " 'rating', c.rating, 'return_visit', c.return_visit, 'closed_on', c.closed_on, 'urges', c.urges, 'created_at', c.created_at," \
  " 'light', CASE WHEN c.status IN ('已回复','已办结') THEN 'done' WHEN c.due IS NULL THEN 'none' WHEN c.due < ?5 THEN 'red' WHEN c.due = ?5 THEN 'yellow' ELSE 'green' END)"
#define C_FROM " FROM risk_complaints c LEFT JOIN units un ON un.id = c.unit_id"
#define C_SCOPE "(" ORG_SCOPE_SQL("c.unit_id", "c.created_by", 1, 2, 3) ") AND (c.conduct = 0 OR ?4 = 1)"

static void bind_scope(req *r, db_stmt *s, int conduct_ok, const char *today) {
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, conduct_ok);
  db_bind_text(s, 5, today);
}

json_t *risks_store_complaint_get(req *r, int64_t id, int conduct_ok, const char *today) {
  db_stmt *s = db_prepare("SELECT " C_JSON C_FROM " WHERE c.id = ?6 AND " C_SCOPE);
  if (!s) return NULL;
  bind_scope(r, s, conduct_ok, today);
  db_bind_int(s, 6, id);
  json_t *one = dbj_first(dbj_rows_text(s));
  return one;
}

json_t *risks_store_complaint_events(int64_t id) {
  db_stmt *s = db_prepare("SELECT e.id, e.kind, e.note, e.at, us.name AS user_name FROM risk_complaint_events e LEFT JOIN users us ON us.id = e.user_id"
                          " WHERE e.complaint_id = ? ORDER BY e.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

#define C_FILTER " AND (?6 IS NULL OR c.status = ?6) AND (?7 IS NULL OR c.channel = ?7)" \
  " AND (?8 = 0 OR (c.status IN ('待派发','办理中') AND c.due < ?5))"

typedef struct page_q { req *r; int conduct_ok; const char *today, *status, *channel; int overdue; } page_q;
static void bind_page(db_stmt *s, const void *ctx) {
  const page_q *q = ctx;
  bind_scope(q->r, s, q->conduct_ok, q->today);
  db_bind_text(s, 6, q->status);
  db_bind_text(s, 7, q->channel);
  db_bind_int(s, 8, q->overdue);
}

char *risks_store_complaint_page(req *r, int conduct_ok, const char *today, const char *status, const char *channel, int overdue,
                                 int64_t size, int64_t offset, size_t *len) {
  page_q q = {r, conduct_ok, today, status, channel, overdue};
  return dbj_page("SELECT count(*)" C_FROM " WHERE " C_SCOPE C_FILTER,
                  "SELECT " C_JSON C_FROM " WHERE " C_SCOPE C_FILTER " ORDER BY c.received_on DESC, c.id DESC LIMIT ?9 OFFSET ?10",
                  bind_page, &q, 9, size, offset, len);
}

int risks_store_complaint_month(int64_t unit, const char *from, const char *to, int64_t *received, int64_t *closed) {
  db_stmt *s = db_prepare("SELECT count(*), coalesce(sum(status = '已办结'), 0) FROM risk_complaints"
                          " WHERE received_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR unit_id = ?3) AND unit_id IS NOT NULL");
  if (!s) return -1;
  db_bind_text(s, 1, from);
  db_bind_text(s, 2, to);
  db_bind_int(s, 3, unit);
  int ok = db_step(s) == DB_ROW;
  if (ok) *received = db_col_int(s, 0), *closed = db_col_int(s, 1);
  db_reset(s);
  return ok ? 0 : -1;
}
