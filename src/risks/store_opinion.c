/* store_opinion.c — the SQL of 舆情 events: the event, its response steps in time order, closure and review. An event
 * is in scope through its unit (or its creator). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_opinion_insert(const risks_opinion_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_opinions(unit_id, title, source, level, first_seen, summary, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, w->unit);
  db_bind_text(s, 2, w->title);
  db_bind_text(s, 3, w->source);
  db_bind_text(s, 4, w->level);
  db_bind_text(s, 5, w->first_seen);
  db_bind_text(s, 6, w->summary ? w->summary : "");
  if (w->created_by) db_bind_int(s, 7, w->created_by);
  else db_bind_null(s, 7);
  db_bind_text(s, 8, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_opinion_step(int64_t id, const char *at, const char *action, int64_t user, const char *now) {
  db_stmt *s = db_prepare("INSERT INTO risk_opinion_steps(opinion_id, at, action, user_id, created_at) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, at);
  db_bind_text(s, 3, action);
  if (user) db_bind_int(s, 4, user);
  else db_bind_null(s, 4);
  db_bind_text(s, 5, now);
  return db_insert(s) > 0 ? 0 : -1;
}

int risks_store_opinion_close(int64_t id, const char *closed_at, const char *closure, const char *review) {
  db_stmt *s = db_prepare("UPDATE risk_opinions SET status = '已关闭', closed_at = ?2, closure = ?3, review = ?4 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, closed_at);
  db_bind_text(s, 3, closure);
  db_bind_text(s, 4, review);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define OP_SCOPE ORG_SCOPE_SQL("o.unit_id", "o.created_by", 1, 2, 3)
/* first_response: minutes from first seen to the first step (the response time the review looks at). */
#define OP_COLS "o.id, o.unit_id, un.name AS unit_name, o.title, o.source, o.level, o.first_seen, o.summary, o.status, o.closed_at, o.closure," \
  " o.review, o.created_at, (SELECT count(*) FROM risk_opinion_steps st WHERE st.opinion_id = o.id) AS steps_count," \
  " (SELECT CAST(round((julianday(min(st.at)) - julianday(o.first_seen)) * 1440) AS INTEGER) FROM risk_opinion_steps st WHERE st.opinion_id = o.id) AS first_response" \
  " FROM risk_opinions o JOIN units un ON un.id = o.unit_id"

json_t *risks_store_opinion_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " OP_COLS " WHERE o.id = ?4 AND " OP_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  db_stmt *st = db_prepare("SELECT st.id, st.at, st.action, us.name AS user_name FROM risk_opinion_steps st LEFT JOIN users us ON us.id = st.user_id"
                           " WHERE st.opinion_id = ? ORDER BY st.at, st.id");
  json_t *steps = NULL;
  if (st) db_bind_int(st, 1, id), steps = dbj_rows(st);
  if (!steps) { json_decref(o); return NULL; }
  json_object_set_new(o, "steps", steps);
  return o;
}

json_t *risks_store_opinions(req *r, const char *status, const char *level, int64_t size, int64_t offset, int64_t *total) {
  db_stmt *c = db_prepare("SELECT count(*) FROM risk_opinions o WHERE " OP_SCOPE " AND (?4 IS NULL OR o.status = ?4) AND (?5 IS NULL OR o.level = ?5)");
  if (!c) return NULL;
  org_scope_bind(r, c, 1);
  db_bind_text(c, 4, status);
  db_bind_text(c, 5, level);
  int ok = db_step(c) == DB_ROW;
  if (ok) *total = db_col_int(c, 0);
  db_reset(c);
  if (!ok) return NULL;
  db_stmt *s = db_prepare("SELECT " OP_COLS " WHERE " OP_SCOPE " AND (?4 IS NULL OR o.status = ?4) AND (?5 IS NULL OR o.level = ?5)"
                          " ORDER BY (o.status = '已关闭'), o.first_seen DESC, o.id DESC LIMIT ?6 OFFSET ?7");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, status);
  db_bind_text(s, 5, level);
  db_bind_int(s, 6, size);
  db_bind_int(s, 7, offset);
  return dbj_rows(s);
}
