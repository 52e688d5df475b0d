/* store_safety.c — the SQL of 安全生产: checks and their answered items, photos, hazards with their events, the lists
 * and the cockpit's monthly figures. A check and its hazards and photos are in scope through the check's unit (or its
 * creator). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_check_insert(const risks_check_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_safety_checks(unit_id, place, target, day, inspectors, created_by, created_at, template_version)"
                          " VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, w->unit);
  db_bind_text(s, 2, w->place);
  db_bind_text(s, 3, w->target);
  db_bind_text(s, 4, w->day);
  db_bind_text(s, 5, w->inspectors ? w->inspectors : "");
  if (w->created_by) db_bind_int(s, 6, w->created_by);
  else db_bind_null(s, 6);
  db_bind_text(s, 7, w->at);
  db_bind_int(s, 8, w->version > 0 ? w->version : 1);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_check_result(int64_t check, const risks_check_result *res) {
  static const char *const names[] = {"合格", "不合格", "不适用"};
  db_stmt *s = db_prepare("INSERT INTO risk_safety_results(check_id, code, element, text, result, note) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, check);
  db_bind_text(s, 2, res->item->code);
  db_bind_text(s, 3, res->item->element);
  db_bind_text(s, 4, res->item->text);
  db_bind_text(s, 5, names[res->result]);
  db_bind_text(s, 6, res->note);
  return db_insert(s) > 0 ? 0 : -1;
}

int risks_store_check_finish(int64_t check, int total, int failed, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_safety_checks SET status = '已完成', items_total = ?2, items_failed = ?3, finished_at = ?4 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, check);
  db_bind_int(s, 2, total);
  db_bind_int(s, 3, failed);
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t risks_store_check_photos(int64_t check, const char *code) {
  db_stmt *s = db_prepare("SELECT count(*) FROM risk_safety_photos WHERE check_id = ? AND code = ? AND stage = '检查'");
  if (!s) return -1;
  db_bind_int(s, 1, check);
  db_bind_text(s, 2, code);
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int64_t risks_store_photo_add(const risks_photo_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_safety_photos(check_id, hazard_id, code, stage, name, type, size, sha256, uploaded_by, uploaded_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, w->check);
  if (w->hazard) db_bind_int(s, 2, w->hazard);
  else db_bind_null(s, 2);
  db_bind_text(s, 3, w->code ? w->code : "");
  db_bind_text(s, 4, w->stage);
  db_bind_text(s, 5, w->name);
  db_bind_text(s, 6, w->type);
  db_bind_int(s, 7, w->size);
  db_bind_text(s, 8, w->sha256);
  if (w->uploaded_by) db_bind_int(s, 9, w->uploaded_by);
  else db_bind_null(s, 9);
  db_bind_text(s, 10, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

#define CK_SCOPE ORG_SCOPE_SQL("c.unit_id", "c.created_by", 1, 2, 3)

json_t *risks_store_photo_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT p.id, p.name, p.type, p.size, p.sha256 FROM risk_safety_photos p JOIN risk_safety_checks c ON c.id = p.check_id"
                          " WHERE p.id = ?4 AND " CK_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_first(dbj_rows(s));
}

static json_t *photos(const char *where, int64_t id) {
  char sql[400];
  snprintf(sql, sizeof sql, "SELECT p.id, p.code, p.stage, p.name, p.type, p.size, p.uploaded_at, us.name AS uploaded_by_name FROM risk_safety_photos p"
           " LEFT JOIN users us ON us.id = p.uploaded_by WHERE %s = ? ORDER BY p.id", where);
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

/* The hazard's light as risks_hazard_light computes it (rules.c), in SQL so lists can filter on it. ?T is today. */
#define HZ_LIGHT(T) "CASE WHEN h.status = '已关闭' THEN 'done' WHEN h.due < ?" #T " THEN 'red' WHEN h.due = ?" #T " THEN 'yellow' ELSE 'green' END"
#define HZ_COLS(T) "h.id, h.check_id, h.unit_id, un.name AS unit_name, c.place, c.target, h.code, h.description, h.severity, h.found_on," \
  " h.limit_days, h.due, h.status, h.rectified_on, h.closed_on, " HZ_LIGHT(T) " AS light"
#define HZ_FROM " FROM risk_hazards h JOIN risk_safety_checks c ON c.id = h.check_id JOIN units un ON un.id = h.unit_id"

json_t *risks_store_check_get(req *r, int64_t id, const char *today) {
  db_stmt *s = db_prepare("SELECT c.id, c.unit_id, un.name AS unit_name, c.place, c.target, c.day, c.inspectors, c.status, c.items_total,"
                          " c.items_failed, c.finished_at, c.created_at, us.name AS created_by_name, c.template_version FROM risk_safety_checks c"
                          " JOIN units un ON un.id = c.unit_id LEFT JOIN users us ON us.id = c.created_by WHERE c.id = ?4 AND " CK_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *c = dbj_first(dbj_rows(s));
  if (!c) return NULL;
  db_stmt *q = db_prepare("SELECT code, element, text, result, note FROM risk_safety_results WHERE check_id = ? ORDER BY code");
  json_t *res = NULL, *hz = NULL, *ph = photos("p.check_id", id);
  if (q) {
    db_bind_int(q, 1, id);
    res = dbj_rows(q);
  }
  db_stmt *h = db_prepare("SELECT " HZ_COLS(2) HZ_FROM " WHERE h.check_id = ?1 ORDER BY h.id");
  if (h) {
    db_bind_int(h, 1, id);
    db_bind_text(h, 2, today);
    hz = dbj_rows(h);
  }
  if (!res || !hz || !ph) {
    json_decref(c), json_decref(res), json_decref(hz), json_decref(ph);
    return NULL;
  }
  json_object_set_new(c, "results", res);
  json_object_set_new(c, "hazards", hz);
  json_object_set_new(c, "photos", ph);
  return c;
}

int64_t risks_store_hazard_insert(const risks_hazard_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_hazards(check_id, unit_id, code, description, severity, found_on, limit_days, due, created_at, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?9)");
  if (!s) return 0;
  db_bind_int(s, 1, w->check);
  db_bind_int(s, 2, w->unit);
  db_bind_text(s, 3, w->code);
  db_bind_text(s, 4, w->description);
  db_bind_text(s, 5, w->severity);
  db_bind_text(s, 6, w->found_on);
  db_bind_int(s, 7, w->limit_days);
  db_bind_text(s, 8, w->due);
  db_bind_text(s, 9, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_hazard_event(int64_t id, const char *kind, const char *note, int64_t user, const char *at) {
  return risks_store_history_add(db_prepare("INSERT INTO risk_hazard_events(hazard_id, kind, note, user_id, at) VALUES(?,?,?,?,?)"), id, kind, note,
                                 user, at);
}

int risks_store_hazard_state(int64_t id, const char *status, const char *rectified_on, const char *closed_on, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_hazards SET status = ?2, rectified_on = coalesce(?3, rectified_on), closed_on = coalesce(?4, closed_on),"
                          " updated_at = ?5 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, status);
  db_bind_text(s, 3, rectified_on);
  db_bind_text(s, 4, closed_on);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *risks_store_hazard_get(req *r, int64_t id, const char *today) {
  db_stmt *s = db_prepare("SELECT " HZ_COLS(5) HZ_FROM " WHERE h.id = ?4 AND " CK_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  db_bind_text(s, 5, today);
  json_t *h = dbj_first(dbj_rows(s));
  if (!h) return NULL;
  db_stmt *e = db_prepare("SELECT e.id, e.kind, e.note, e.at, us.name AS user_name FROM risk_hazard_events e LEFT JOIN users us ON us.id = e.user_id"
                          " WHERE e.hazard_id = ? ORDER BY e.id");
  json_t *ev = NULL, *ph = photos("p.hazard_id", id);
  if (e) {
    db_bind_int(e, 1, id);
    ev = dbj_rows(e);
  }
  if (!ev || !ph) {
    json_decref(h), json_decref(ev), json_decref(ph);
    return NULL;
  }
  json_object_set_new(h, "events", ev);
  json_object_set_new(h, "photos", ph);
  return h;
}

/* Filters shared by the lists: ?4 place, ?5 unit, ?6 from, ?7 to (days of the check or of finding). */
#define CK_FILTER " AND (?4 IS NULL OR c.place = ?4) AND (?5 = 0 OR c.unit_id = ?5) AND (?6 IS NULL OR c.day >= ?6) AND (?7 IS NULL OR c.day <= ?7)"

static void bind_q(req *r, db_stmt *s, const risks_safety_q *q) {
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, q->place);
  db_bind_int(s, 5, q->unit);
  db_bind_text(s, 6, q->from);
  db_bind_text(s, 7, q->to);
}

static int count(db_stmt *s, int64_t *total) {
  int ok = db_step(s) == DB_ROW;
  if (ok) *total = db_col_int(s, 0);
  db_reset(s);
  return ok ? 0 : -1;
}

json_t *risks_store_checks(req *r, const risks_safety_q *q, int64_t size, int64_t offset, int64_t *total) {
  db_stmt *c = db_prepare("SELECT count(*) FROM risk_safety_checks c WHERE " CK_SCOPE CK_FILTER);
  if (!c) return NULL;
  bind_q(r, c, q);
  if (count(c, total)) return NULL;
  db_stmt *s = db_prepare("SELECT c.id, c.unit_id, un.name AS unit_name, c.place, c.target, c.day, c.inspectors, c.status, c.items_total, c.items_failed,"
                          " (SELECT count(*) FROM risk_hazards h WHERE h.check_id = c.id AND h.status <> '已关闭') AS hazards_open"
                          " FROM risk_safety_checks c JOIN units un ON un.id = c.unit_id WHERE " CK_SCOPE CK_FILTER
                          " ORDER BY c.day DESC, c.id DESC LIMIT ?8 OFFSET ?9");
  if (!s) return NULL;
  bind_q(r, s, q);
  db_bind_int(s, 8, size);
  db_bind_int(s, 9, offset);
  return dbj_rows(s);
}

#define HZ_FILTER " AND (?4 IS NULL OR c.place = ?4) AND (?5 = 0 OR h.unit_id = ?5) AND (?6 IS NULL OR h.found_on >= ?6) AND (?7 IS NULL OR h.found_on <= ?7)" \
  " AND (?8 IS NULL OR h.status = ?8) AND (?9 = 0 OR (h.status <> '已关闭' AND h.due < ?10))"

json_t *risks_store_hazards(req *r, const risks_safety_q *q, const char *today, int64_t size, int64_t offset, int64_t *total) {
  db_stmt *c = db_prepare("SELECT count(*)" HZ_FROM " WHERE " CK_SCOPE HZ_FILTER);
  if (!c) return NULL;
  bind_q(r, c, q);
  db_bind_text(c, 8, q->status);
  db_bind_int(c, 9, q->overdue);
  db_bind_text(c, 10, today);
  if (count(c, total)) return NULL;
  /* Overdue first, then open by due day, the closed last (newest first). */
  db_stmt *s = db_prepare("SELECT " HZ_COLS(10) HZ_FROM " WHERE " CK_SCOPE HZ_FILTER
                          " ORDER BY (h.status = '已关闭'), (h.due >= ?10), h.due, h.id DESC LIMIT ?11 OFFSET ?12");
  if (!s) return NULL;
  bind_q(r, s, q);
  db_bind_text(s, 8, q->status);
  db_bind_int(s, 9, q->overdue);
  db_bind_text(s, 10, today);
  db_bind_int(s, 11, size);
  db_bind_int(s, 12, offset);
  return dbj_rows(s);
}

json_t *risks_store_safety_stats(req *r, const char *from, const char *to, const char *today) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM risk_safety_checks c WHERE " CK_SCOPE " AND c.status = '已完成' AND c.day BETWEEN ?4 AND ?5) AS checks,"
                          " (SELECT count(*)" HZ_FROM " WHERE " CK_SCOPE " AND h.found_on BETWEEN ?4 AND ?5) AS found,"
                          " (SELECT count(*)" HZ_FROM " WHERE " CK_SCOPE " AND h.found_on BETWEEN ?4 AND ?5 AND h.status = '已关闭') AS closed,"
                          " (SELECT count(*)" HZ_FROM " WHERE " CK_SCOPE " AND h.status <> '已关闭' AND h.due < ?6) AS overdue,"
                          " (SELECT count(*)" HZ_FROM " WHERE " CK_SCOPE " AND h.status <> '已关闭') AS open");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  db_bind_text(s, 6, today);
  return dbj_first(dbj_rows(s));
}

int risks_store_safety_month(int64_t unit, const char *from, const char *to, int64_t *checks, int64_t *found, int64_t *closed) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM risk_safety_checks WHERE status = '已完成' AND day BETWEEN ?1 AND ?2 AND (?3 = 0 OR unit_id = ?3)),"
                          " (SELECT count(*) FROM risk_hazards WHERE found_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR unit_id = ?3)),"
                          " (SELECT count(*) FROM risk_hazards WHERE found_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR unit_id = ?3) AND status = '已关闭')");
  if (!s) return -1;
  db_bind_text(s, 1, from);
  db_bind_text(s, 2, to);
  db_bind_int(s, 3, unit);
  int ok = db_step(s) == DB_ROW;
  if (ok) *checks = db_col_int(s, 0), *found = db_col_int(s, 1), *closed = db_col_int(s, 2);
  db_reset(s);
  return ok ? 0 : -1;
}

int64_t risks_store_check_count(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM risk_safety_checks");
  if (!s) return -1;
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}
