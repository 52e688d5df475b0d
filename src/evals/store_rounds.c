/* store_rounds.c — rounds (评价周期) and their assignments: opening a round assigns each shop in scope to its manager,
 * completeness per manager, unit and county, reassignment and the managers to urge. All in the caller's data scope. */
#include "evals/internal.h"
#include "shops/shops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int evals_store_user_unit(int64_t user_id, int64_t *unit_id) {
  db_stmt *s = db_prepare("SELECT unit_id FROM users WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  int found = db_step(s) == DB_ROW;
  *unit_id = found ? db_col_int(s, 0) : 0;
  db_reset(s);
  return found ? 0 : -1;
}

typedef struct open_ctx { int64_t round_id, n; int failed; } open_ctx;

static int assign_one(void *p, const shops_brief *b) {
  open_ctx *c = p;
  db_stmt *s = db_prepare("INSERT INTO eval_assignments(round_id, shop_id, unit_id, manager_id, team_id, license_no, shop_name, address, lng, lat,"
                          " category, grade, area) VALUES(?1,?2,?3,?4,(SELECT unit_id FROM users WHERE id = ?4),?5,?6,?7,?8,?9,?10,?11,?12)");
  if (!s) { c->failed = 1; return 1; }
  db_bind_int(s, 1, c->round_id);
  db_bind_int(s, 2, b->id);
  db_bind_int(s, 3, b->unit_id);
  if (b->manager_id) db_bind_int(s, 4, b->manager_id); else db_bind_null(s, 4);
  db_bind_text(s, 5, b->license_no);
  db_bind_text(s, 6, b->name);
  db_bind_text(s, 7, b->address);
  if (b->has_gps) { db_bind_double(s, 8, b->lng); db_bind_double(s, 9, b->lat); }
  else { db_bind_null(s, 8); db_bind_null(s, 9); }
  db_bind_text(s, 10, b->category);
  db_bind_int(s, 11, b->grade);
  db_bind_text(s, 12, b->area);
  if (db_step(s) != DB_DONE) { c->failed = 1; return 1; }
  c->n++;
  return 0;
}

int64_t evals_store_round_create(const evals_round_in *in, int64_t user, const char *at, int64_t *nshops) {
  json_t *scope = json_object(), *units = json_array();
  for (size_t i = 0; i < in->nunits; i++) json_array_append_new(units, json_integer(in->unit_ids[i]));
  json_object_set_new(scope, "unit_ids", units);
  if (in->category) json_object_set_new(scope, "category", json_string(in->category));
  if (in->area) json_object_set_new(scope, "area", json_string(in->area));
  if (in->grade_min) json_object_set_new(scope, "grade_min", json_integer(in->grade_min));
  if (in->grade_max) json_object_set_new(scope, "grade_max", json_integer(in->grade_max));
  char *sc = json_dumps(scope, JSON_COMPACT);
  json_decref(scope);
  db_stmt *s = sc ? db_prepare("INSERT INTO eval_rounds(name, period, template_id, scope, start_date, deadline_days, due_date, seed, created_by, created_at)"
                               " VALUES(?,?,?,?,?,?,?,?,?,?)")
                  : NULL;
  if (!s) { free(sc); return 0; }
  db_bind_text(s, 1, in->name);
  db_bind_text(s, 2, in->period);
  db_bind_int(s, 3, in->template_id);
  db_bind_text(s, 4, sc);
  free(sc);
  db_bind_text(s, 5, in->start_date);
  db_bind_int(s, 6, in->deadline_days);
  db_bind_text(s, 7, in->due_date);
  /* The sample's seed: fixed at opening so every draw of this round's sample is the same. */
  uint64_t seed = evals_mix64((uint64_t)evals_time_parse(at) ^ ((uint64_t)user << 32));
  db_bind_int(s, 8, (int64_t)(seed >> 1));
  db_bind_int(s, 9, user);
  db_bind_text(s, 10, at);
  if (db_step(s) != DB_DONE) return 0;
  open_ctx c = {.round_id = db_last_id()};
  if (shops_brief_each(in->unit_ids, in->nunits, in->category, in->grade_min, in->grade_max, in->area, assign_one, &c) || c.failed) return 0;
  *nshops = c.n;
  return c.round_id;
}

#define ROUND_JSON "json_object('id', r.id, 'name', r.name, 'period', r.period, 'template_id', r.template_id, 'template_version', t.version," \
  " 'scope', json(r.scope), 'start_date', r.start_date, 'deadline_days', r.deadline_days, 'due_date', r.due_date, 'status', r.status," \
  " 'created_at', r.created_at, 'assigned', (SELECT coalesce(sum(c.assigned), 0) FROM eval_progress c WHERE c.round_id = r.id AND " EVALS_SCOPE("c") ")," \
  " 'done', (SELECT coalesce(sum(c.done), 0) FROM eval_progress c WHERE c.round_id = r.id AND " EVALS_SCOPE("c") "))"

json_t *evals_store_round_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT " ROUND_JSON " FROM eval_rounds r JOIN eval_templates t ON t.id = r.template_id WHERE r.id = ?4");
  if (!s) return NULL;
  db_bind_int(s, 1, 1);
  db_bind_text(s, 2, "[]");
  db_bind_int(s, 3, 0);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

json_t *evals_store_round_json_scoped(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " ROUND_JSON " FROM eval_rounds r JOIN eval_templates t ON t.id = r.template_id WHERE r.id = ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

char *evals_store_rounds_page(req *r, int64_t size, int64_t offset, const char *q, const char *status, size_t *len) {
  const char *like = dbj_like(r, q);
  db_stmt *s = db_prepare("SELECT count(*) FROM eval_rounds r WHERE (?1 IS NULL OR r.name LIKE ?1 ESCAPE '\\' OR r.period LIKE ?1 ESCAPE '\\')"
                          " AND (?2 IS NULL OR r.status = ?2)");
  if (!s) return NULL;
  db_bind_text(s, 1, like);
  db_bind_text(s, 2, status);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (total < 0) return NULL;
  s = db_prepare("SELECT " ROUND_JSON " FROM eval_rounds r JOIN eval_templates t ON t.id = r.template_id"
                 " WHERE (?4 IS NULL OR r.name LIKE ?4 ESCAPE '\\' OR r.period LIKE ?4 ESCAPE '\\') AND (?5 IS NULL OR r.status = ?5)"
                 " ORDER BY r.period DESC, r.id DESC LIMIT ?6 OFFSET ?7");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, like);
  db_bind_text(s, 5, status);
  db_bind_int(s, 6, size);
  db_bind_int(s, 7, offset);
  return dbj_page_text(s, total, len);
}

/* Completeness grouped by one column (the manager, the 所) or for the whole county, summed from the round's running
 * totals (eval_progress, kept by the schema's triggers in every writer's transaction): a few cells per manager instead
 * of every assignment. 逾期 is the pending once today is past the due date. */
static json_t *progress_by(req *r, int64_t round_id, const char *today, const char *sql) {
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, today);
  db_bind_int(s, 5, round_id);
  return dbj_rows(s);
}

#define PROGRESS_COLS " sum(c.assigned) AS assigned, sum(c.done) AS done, sum(c.returned) AS returned, sum(c.pending) AS pending," \
  " sum(c.pending) * (?4 > r.due_date) AS overdue, sum(c.late) AS late, sum(c.flagged) AS flagged"
#define PROGRESS_FROM " FROM eval_progress c JOIN eval_rounds r ON r.id = c.round_id"
#define PROGRESS_WHERE " WHERE c.round_id = ?5 AND c.assigned > 0 AND " EVALS_SCOPE("c")

json_t *evals_store_round_progress(req *r, int64_t round_id, const char *today) {
  /* counted per group first, names joined per group afterwards */
  json_t *m = progress_by(r, round_id, today,
                          "SELECT g.manager_id, coalesce(u.name, '（未分配）') AS manager_name, tu.name AS team_name, g.assigned, g.done, g.returned, g.pending,"
                          " g.overdue, g.late, g.flagged FROM (SELECT nullif(c.manager_id, 0) AS manager_id, nullif(max(c.team_id), 0) AS team_id,"
                          PROGRESS_COLS PROGRESS_FROM PROGRESS_WHERE " GROUP BY c.manager_id) g LEFT JOIN users u ON u.id = g.manager_id"
                          " LEFT JOIN units tu ON tu.id = g.team_id ORDER BY tu.sort, tu.id, u.name, g.manager_id");
  json_t *u = progress_by(r, round_id, today,
                          "SELECT g.unit_id, un.name AS unit_name, g.assigned, g.done, g.returned, g.pending, g.overdue, g.late, g.flagged FROM"
                          " (SELECT c.unit_id," PROGRESS_COLS PROGRESS_FROM PROGRESS_WHERE " GROUP BY c.unit_id) g JOIN units un ON un.id = g.unit_id ORDER BY un.sort, un.id");
  json_t *t = progress_by(r, round_id, today, "SELECT 1 AS county," PROGRESS_COLS PROGRESS_FROM PROGRESS_WHERE);
  if (!m || !u || !t) { json_decref(m); json_decref(u); json_decref(t); return NULL; }
  json_t *county = json_incref(json_array_get(t, 0));
  json_decref(t);
  return json_pack("{s:o,s:o,s:o}", "managers", m, "units", u, "county", county ? county : json_object());
}

#define ASSIGN_JSON "json_object('id', a.id, 'round_id', a.round_id, 'shop_id', a.shop_id, 'unit_id', a.unit_id, 'unit_name', un.name," \
  " 'manager_id', a.manager_id, 'manager_name', mu.name, 'team_id', a.team_id, 'license_no', a.license_no, 'shop_name', a.shop_name," \
  " 'address', a.address, 'lng', a.lng, 'lat', a.lat, 'category', a.category, 'grade', a.grade, 'area', a.area, 'evaluation_id', a.evaluation_id," \
  " 'state', e.state, 'total', e.total, 'stars', e.stars, 'return_reason', e.return_reason, 'due_date', r.due_date, 'urge_count', a.urge_count)"
#define ASSIGN_FROM " FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id JOIN units un ON un.id = a.unit_id" \
  " LEFT JOIN users mu ON mu.id = a.manager_id LEFT JOIN eval_evaluations e ON e.id = a.evaluation_id"

json_t *evals_store_assignment_json(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " ASSIGN_JSON ASSIGN_FROM " WHERE a.id = ?4 AND " EVALS_SCOPE("a"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

/* state: "pending" (not yet evaluated), "done", "returned", or an evaluation state code. */
int evals_store_assignments_page(req *r, int64_t round_id, int64_t manager_id, const char *state, const char *q,
                                 int64_t size, int64_t offset, char **text, size_t *len) {
  const char *like = dbj_like(r, q);
  static const char *const where = " WHERE a.round_id = ?4 AND (?5 = 0 OR a.manager_id = ?5)"
                                   " AND (?6 IS NULL OR (?6 = 'pending' AND a.evaluation_id IS NULL) OR (?6 = 'done' AND e.state <> 'returned') OR e.state = ?6)"
                                   " AND (?7 IS NULL OR a.shop_name LIKE ?7 ESCAPE '\\' OR a.license_no LIKE ?7 ESCAPE '\\')";
  char sql[3000];
  snprintf(sql, sizeof sql, "SELECT count(*)" ASSIGN_FROM "%s AND " EVALS_SCOPE("a"), where);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  db_bind_int(s, 5, manager_id);
  db_bind_text(s, 6, state);
  db_bind_text(s, 7, like);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (total < 0) return -1;
  snprintf(sql, sizeof sql, "SELECT " ASSIGN_JSON ASSIGN_FROM "%s AND " EVALS_SCOPE("a") " ORDER BY a.evaluation_id IS NOT NULL, a.shop_name, a.id LIMIT ?8 OFFSET ?9",
           where);
  s = db_prepare(sql);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  db_bind_int(s, 5, manager_id);
  db_bind_text(s, 6, state);
  db_bind_text(s, 7, like);
  db_bind_int(s, 8, size);
  db_bind_int(s, 9, offset);
  *text = dbj_page_text(s, total, len);
  return *text ? 0 : -1;
}

int evals_store_reassign(int64_t id, int64_t manager_id, int64_t team_id) {
  db_stmt *s = db_prepare("UPDATE eval_assignments SET manager_id = ?, team_id = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, manager_id);
  db_bind_int(s, 2, team_id);
  db_bind_int(s, 3, id);
  if (db_step(s) != DB_DONE) return -1;
  /* An evaluation not yet made follows the assignment; one already made keeps its evaluator but moves in scope. */
  s = db_prepare("UPDATE eval_evaluations SET manager_id = ?, team_id = ? WHERE assignment_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, manager_id);
  db_bind_int(s, 2, team_id);
  db_bind_int(s, 3, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *evals_store_round_laggards(req *r, int64_t round_id) {
  db_stmt *s = db_prepare("SELECT a.manager_id, u.name, count(*) AS pending FROM eval_assignments a JOIN users u ON u.id = a.manager_id"
                          " LEFT JOIN eval_evaluations e ON e.id = a.evaluation_id"
                          " WHERE a.round_id = ?4 AND (a.evaluation_id IS NULL OR e.state = 'returned') AND " EVALS_SCOPE("a") " GROUP BY a.manager_id ORDER BY a.manager_id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  return dbj_rows(s);
}

int evals_store_urged(int64_t round_id, int64_t manager_id, const char *at) {
  db_stmt *s = db_prepare("UPDATE eval_assignments SET urged_at = ?1, urge_count = urge_count + 1 WHERE round_id = ?2 AND manager_id = ?3"
                          " AND (evaluation_id IS NULL OR evaluation_id IN (SELECT id FROM eval_evaluations WHERE state = 'returned'))");
  if (!s) return -1;
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, round_id);
  db_bind_int(s, 3, manager_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}
