/* store.c — every SQL statement of the risk register: settings, risks, their events, the list, the heat map and
 * the overdue reviews the sweep turns into 督办 tasks. Scoped reads bind the caller's scope (ORG_SCOPE_SQL). */
#include "risks/internal.h"
#include <stdlib.h>
#include <string.h>

int risks_store_history_add(db_stmt *s, int64_t id, const char *kind, const char *note, int64_t user, const char *at) {
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, note ? note : "");
  if (user) db_bind_int(s, 4, user);
  else db_bind_null(s, 4);
  db_bind_text(s, 5, at);
  return db_insert(s) > 0 ? 0 : -1;
}

char *risks_store_setting_get(const char *key, int *err) {
  *err = 0;
  db_stmt *s = db_prepare("SELECT value FROM risk_settings WHERE key = ?");
  if (!s) { *err = 1; return NULL; }
  db_bind_text(s, 1, key);
  db_status st = db_step(s);
  char *v = st == DB_ROW ? strdup(db_col_text(s, 0)) : NULL;
  db_reset(s);
  if (st != DB_ROW && st != DB_DONE) *err = 1;
  return v;
}

int risks_store_setting_put(const char *key, const char *value, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_settings(key, value, updated_at) VALUES(?,?,?)"
                          " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!s) return -1;
  db_bind_text(s, 1, key);
  db_bind_text(s, 2, value);
  db_bind_text(s, 3, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t risks_store_insert(const risks_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risks(list, title, category, owner_unit_id, likelihood, impact, level, prevention, monitoring, handling,"
                          " stage, active, last_review, next_review, created_by, created_at, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,1,?12,?13,?14,?15,?15)");
  if (!s) return 0;
  db_bind_text(s, 1, w->list);
  db_bind_text(s, 2, w->title);
  db_bind_text(s, 3, w->category);
  db_bind_int(s, 4, w->owner_unit);
  db_bind_int(s, 5, w->likelihood);
  db_bind_int(s, 6, w->impact);
  db_bind_text(s, 7, risks_level_name(w->level));
  db_bind_text(s, 8, w->prevention ? w->prevention : "");
  db_bind_text(s, 9, w->monitoring ? w->monitoring : "");
  db_bind_text(s, 10, w->handling ? w->handling : "");
  db_bind_text(s, 11, w->stage ? w->stage : "执行");
  db_bind_text(s, 12, w->last_review);
  db_bind_text(s, 13, w->next_review);
  if (w->created_by) db_bind_int(s, 14, w->created_by);
  else db_bind_null(s, 14);
  db_bind_text(s, 15, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_update(int64_t id, const risks_row *w) {
  db_stmt *s = db_prepare("UPDATE risks SET list = ?2, title = ?3, category = ?4, owner_unit_id = ?5, prevention = ?6, monitoring = ?7,"
                          " handling = ?8, stage = ?9, active = ?10, updated_at = ?11 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, w->list);
  db_bind_text(s, 3, w->title);
  db_bind_text(s, 4, w->category);
  db_bind_int(s, 5, w->owner_unit);
  db_bind_text(s, 6, w->prevention);
  db_bind_text(s, 7, w->monitoring);
  db_bind_text(s, 8, w->handling);
  db_bind_text(s, 9, w->stage);
  db_bind_int(s, 10, w->active);
  db_bind_text(s, 11, w->at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_rate(int64_t id, int likelihood, int impact, int level, const char *last_review, const char *next_review, const char *at) {
  db_stmt *s = db_prepare("UPDATE risks SET likelihood = ?2, impact = ?3, level = ?4, last_review = ?5, next_review = ?6, updated_at = ?7 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, likelihood);
  db_bind_int(s, 3, impact);
  db_bind_text(s, 4, risks_level_name(level));
  db_bind_text(s, 5, last_review);
  db_bind_text(s, 6, next_review);
  db_bind_text(s, 7, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_event_add(int64_t risk, const char *kind, int likelihood, int impact, int level, const char *note,
                          const char *next_review, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_events(risk_id, kind, likelihood, impact, level, note, next_review, user_id, at) VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, risk);
  db_bind_text(s, 2, kind);
  db_bind_int(s, 3, likelihood);
  db_bind_int(s, 4, impact);
  db_bind_text(s, 5, risks_level_name(level));
  db_bind_text(s, 6, note ? note : "");
  db_bind_text(s, 7, next_review);
  if (user) db_bind_int(s, 8, user);
  else db_bind_null(s, 8);
  db_bind_text(s, 9, at);
  return db_insert(s) > 0 ? 0 : -1;
}

#define RISK_JSON DB_JSON_OBJECT "('id', r.id, 'list', r.list, 'title', r.title, 'category', r.category, 'owner_unit_id', r.owner_unit_id," \
  " 'owner_unit_name', u.name, 'likelihood', r.likelihood, 'impact', r.impact, 'level', r.level, 'prevention', r.prevention," \
  " 'monitoring', r.monitoring, 'handling', r.handling, 'stage', r.stage, 'active', json(CASE WHEN r.active THEN 'true' ELSE 'false' END)," \
  " 'last_review', r.last_review, 'next_review', r.next_review, 'overdue', json(CASE WHEN r.active AND r.next_review < ?4 THEN 'true' ELSE 'false' END)," \
  " 'created_at', r.created_at, 'updated_at', r.updated_at)"
#define RISK_FROM " FROM risks r JOIN units u ON u.id = r.owner_unit_id"
#define RISK_SCOPE ORG_SCOPE_SQL("r.owner_unit_id", "r.created_by", 1, 2, 3)

json_t *risks_store_get(req *r, int64_t id, const char *today, int *err) {
  *err = 0;
  db_stmt *s = db_prepare("SELECT " RISK_JSON RISK_FROM " WHERE r.id = ?5 AND " RISK_SCOPE);
  if (!s) { *err = 1; return NULL; }
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, today);
  db_bind_int(s, 5, id);
  json_t *rows = dbj_rows_text(s);
  if (!rows) { *err = 1; return NULL; }
  return dbj_first(rows);
}

json_t *risks_store_events(int64_t id) {
  db_stmt *s = db_prepare("SELECT e.id, e.kind, e.likelihood, e.impact, e.level, e.note, e.next_review, e.at, us.name AS user_name"
                          " FROM risk_events e LEFT JOIN users us ON us.id = e.user_id WHERE e.risk_id = ? ORDER BY e.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

/* Filters ?5…?10 shared by the list, its count and the heat map. */
#define RISK_FILTER " AND (?5 IS NULL OR r.list = ?5) AND (?6 IS NULL OR r.category = ?6) AND (?7 IS NULL OR r.level = ?7)" \
  " AND (?8 = 0 OR r.owner_unit_id = ?8) AND (?9 IS NULL OR r.title LIKE ?9 ESCAPE '\\' OR r.category LIKE ?9 ESCAPE '\\')" \
  " AND (?10 = 0 OR (r.active AND r.next_review < ?4))"

static void bind_filter(req *r, db_stmt *s, const risks_q *q, const char *today) {
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, today);
  db_bind_text(s, 5, q->list);
  db_bind_text(s, 6, q->category);
  db_bind_text(s, 7, q->level);
  db_bind_int(s, 8, q->unit);
  db_bind_text(s, 9, q->like);
  db_bind_int(s, 10, q->overdue);
}

typedef struct page_q { req *r; const risks_q *q; const char *today; } page_q;
static void bind_page(db_stmt *s, const void *ctx) {
  const page_q *p = ctx;
  bind_filter(p->r, s, p->q, p->today);
}

char *risks_store_page(req *r, const risks_q *q, const char *today, int64_t size, int64_t offset, size_t *len) {
  page_q p = {r, q, today};
  return dbj_page("SELECT count(*)" RISK_FROM " WHERE " RISK_SCOPE RISK_FILTER,
                  "SELECT " RISK_JSON RISK_FROM " WHERE " RISK_SCOPE RISK_FILTER
                  " ORDER BY (r.active AND r.next_review < ?4) DESC, CASE r.level WHEN '重大' THEN 0 WHEN '高' THEN 1 WHEN '中' THEN 2 ELSE 3 END,"
                  " r.next_review, r.id LIMIT ?11 OFFSET ?12",
                  bind_page, &p, 11, size, offset, len);
}

json_t *risks_store_heat(req *r, const risks_q *q, const char *today) {
  db_stmt *s = db_prepare("SELECT r.likelihood, r.impact, count(*)" RISK_FROM " WHERE r.active AND " RISK_SCOPE RISK_FILTER
                          " GROUP BY r.likelihood, r.impact");
  if (!s) return NULL;
  bind_filter(r, s, q, today);
  json_t *out = json_array();
  db_status st;
  while ((st = db_step(s)) == DB_ROW)
    json_array_append_new(out, json_pack("[I,I,I]", (json_int_t)db_col_int(s, 0), (json_int_t)db_col_int(s, 1), (json_int_t)db_col_int(s, 2)));
  if (st != DB_DONE) { json_decref(out); return NULL; }
  return out;
}

json_t *risks_store_overdue(const char *today) {
  db_stmt *s = db_prepare("SELECT r.id, r.title, r.owner_unit_id, r.next_review, r.level FROM risks r"
                          " WHERE r.active AND r.next_review < ? ORDER BY r.id");
  if (!s) return NULL;
  db_bind_text(s, 1, today);
  return dbj_rows(s);
}

int64_t risks_store_count(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM risks");
  if (!s) return -1;
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

