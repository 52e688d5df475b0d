/* store_review.c — after the review: the sampled re-check (抽查复核), appeals (申诉), each evaluator's quality per round,
 * a shop's history and the county's distribution of stars. All reads of lists apply the caller's data scope. */
#include "evals/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- re-check ---- */

static int insert_recheck(int64_t eval_id, int64_t round_id, const char *reason, const char *at, int64_t *picked) {
  db_stmt *s = db_prepare("INSERT OR IGNORE INTO eval_rechecks(evaluation_id, round_id, reason, picked_at) VALUES(?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  db_bind_int(s, 2, round_id);
  db_bind_text(s, 3, reason);
  db_bind_text(s, 4, at);
  if (db_step(s) != DB_DONE) return -1;
  *picked += db_changes();
  return 0;
}

int evals_store_recheck_pick(int64_t round_id, const evals_settings *cfg, const char *at, int64_t *picked) {
  *picked = 0;
  db_stmt *s = db_prepare("SELECT seed FROM eval_rounds WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, round_id);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  uint64_t seed = (uint64_t)db_col_int(s, 0);
  db_reset(s);
  /* Every evaluation with a serious flag… */
  s = db_prepare("SELECT id FROM eval_evaluations WHERE round_id = ? AND serious = 1 AND state <> 'returned' ORDER BY id");
  if (!s) return -1;
  db_bind_int(s, 1, round_id);
  int64_t *ids = NULL, *ev = NULL;
  size_t n = 0, cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      int64_t *g = realloc(ids, cap * 2 * sizeof *g);
      if (!g) { db_reset(s); free(ids); return -1; }
      ids = g;
    }
    ids[n++] = db_col_int(s, 0);
  }
  if (st != DB_DONE) { free(ids); return -1; }
  for (size_t i = 0; i < n; i++)
    if (insert_recheck(ids[i], round_id, "flagged", at, picked)) { free(ids); return -1; }
  /* …plus a reproducible sample of each evaluator's: the round's seed and the evaluation ids decide it. */
  s = db_prepare("SELECT evaluator_id, id FROM eval_evaluations WHERE round_id = ? AND state <> 'returned' ORDER BY evaluator_id, id");
  if (!s) { free(ids); return -1; }
  db_bind_int(s, 1, round_id);
  n = 0;
  while ((st = db_step(s)) == DB_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      int64_t *g = realloc(ids, cap * 2 * sizeof *g);
      if (!g) { db_reset(s); free(ids); return -1; }
      ids = g;
    }
    ids[2 * n] = db_col_int(s, 0);
    ids[2 * n + 1] = db_col_int(s, 1);
    n++;
  }
  if (st != DB_DONE) { free(ids); return -1; }
  ev = malloc((n ? n : 1) * sizeof *ev);
  unsigned char *chosen = malloc(n ? n : 1);
  int rc = ev && chosen ? 0 : -1;
  for (size_t i = 0; i < n && !rc;) {
    size_t j = i, k = 0;
    while (j < n && ids[2 * j] == ids[2 * i]) ev[k++] = ids[2 * j++ + 1];
    evals_sample(ev, k, seed, cfg->sample_pct, chosen);
    for (size_t q = 0; q < k && !rc; q++)
      if (chosen[q]) rc = insert_recheck(ev[q], round_id, "sample", at, picked);
    i = j;
  }
  free(ids);
  free(ev);
  free(chosen);
  return rc;
}

json_t *evals_store_recheck_json(int64_t id) {
  return dbj_one("SELECT k.id, k.evaluation_id, k.round_id, k.reason, k.status, k.rechecker_id, k.answers AS j_answers, k.total, k.diff,"
                 " k.deviation AS b_deviation, k.picked_at, k.done_at, e.evaluator_id, e.total AS first_total, e.state AS eval_state, e.template_id"
                 " FROM eval_rechecks k JOIN eval_evaluations e ON e.id = k.evaluation_id WHERE k.id = ?", id);
}

int evals_store_recheck_done(int64_t id, int64_t user, json_t *answers, double total, double diff, int deviation, const char *at) {
  char *txt = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
  db_stmt *s = txt ? db_prepare("UPDATE eval_rechecks SET status = 'done', rechecker_id = ?, answers = ?, total = ?, diff = ?, deviation = ?, done_at = ?"
                                " WHERE id = ? AND status = 'pending'")
                   : NULL;
  if (!s) { free(txt); return -1; }
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, txt);
  free(txt);
  db_bind_double(s, 3, total);
  db_bind_double(s, 4, diff);
  db_bind_int(s, 5, deviation);
  db_bind_text(s, 6, at);
  db_bind_int(s, 7, id);
  return db_step(s) == DB_DONE && db_changes() == 1 ? 0 : -1;
}

json_t *evals_store_rechecks(req *r, int64_t round_id, const char *status) {
  db_stmt *s = db_prepare("SELECT k.id, k.evaluation_id, k.reason, k.status, k.total, k.diff, k.deviation AS b_deviation, k.picked_at, k.done_at,"
                          " k.rechecker_id, ru.name AS rechecker_name, e.total AS first_total, e.stars, e.evaluator_id, eu.name AS evaluator_name,"
                          " a.shop_name, a.license_no, un.name AS unit_name, e.state"
                          " FROM eval_rechecks k JOIN eval_evaluations e ON e.id = k.evaluation_id JOIN eval_assignments a ON a.id = e.assignment_id"
                          " JOIN units un ON un.id = e.unit_id LEFT JOIN users eu ON eu.id = e.evaluator_id LEFT JOIN users ru ON ru.id = k.rechecker_id"
                          " WHERE k.round_id = ?4 AND (?5 IS NULL OR k.status = ?5) AND (" EVALS_SCOPE("e") " OR e.evaluator_id = ?3)"
                          " ORDER BY k.status DESC, k.reason, k.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  db_bind_text(s, 5, status);
  return dbj_rows(s);
}

/* ---- appeals ---- */

int64_t evals_store_appeal_add(int64_t eval_id, const char *by_kind, int64_t user, const char *reason, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO eval_appeals(evaluation_id, by_kind, by_user, reason, created_at) VALUES(?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, eval_id);
  db_bind_text(s, 2, by_kind);
  if (user) db_bind_int(s, 3, user); else db_bind_null(s, 3);
  db_bind_text(s, 4, reason);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

int evals_store_appeal_pending(int64_t eval_id) {
  db_stmt *s = db_prepare("SELECT count(*) FROM eval_appeals WHERE evaluation_id = ? AND status = 'pending'");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

json_t *evals_store_appeal_json(int64_t id) {
  return dbj_one("SELECT p.id, p.evaluation_id, p.by_kind, p.by_user, p.reason, p.status, p.decision, p.decided_by, p.decided_at, p.created_at"
                 " FROM eval_appeals p WHERE p.id = ?", id);
}

int evals_store_appeal_decide(int64_t id, const char *decision, const char *note, int64_t user, const char *at) {
  db_stmt *s = db_prepare("UPDATE eval_appeals SET status = ?, decision = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'");
  if (!s) return -1;
  db_bind_text(s, 1, decision);
  db_bind_text(s, 2, note);
  db_bind_int(s, 3, user);
  db_bind_text(s, 4, at);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE && db_changes() == 1 ? 0 : -1;
}

json_t *evals_store_appeals(req *r, const char *status) {
  db_stmt *s = db_prepare("SELECT p.id, p.evaluation_id, p.by_kind, p.by_user, bu.name AS by_name, p.reason, p.status, p.decision, p.decided_at, p.created_at,"
                          " a.shop_name, a.license_no, e.total, e.stars, eu.name AS evaluator_name, rd.name AS round_name"
                          " FROM eval_appeals p JOIN eval_evaluations e ON e.id = p.evaluation_id JOIN eval_assignments a ON a.id = e.assignment_id"
                          " JOIN eval_rounds rd ON rd.id = e.round_id LEFT JOIN users bu ON bu.id = p.by_user LEFT JOIN users eu ON eu.id = e.evaluator_id"
                          " WHERE (?4 IS NULL OR p.status = ?4) AND (" EVALS_SCOPE("e") " OR e.evaluator_id = ?3) ORDER BY p.status = 'pending' DESC, p.id DESC LIMIT 500");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, status);
  return dbj_rows(s);
}

/* ---- quality per evaluator and round ---- */

/* Counts per manager of a round: assignments, evaluations (by the evaluator), serious flags, returns, late, re-checks. */
#define QUALITY_SQL \
  "SELECT m.manager_id, u.name, tu.name AS team_name, m.team_id," \
  " (SELECT count(*) FROM eval_assignments a WHERE a.round_id = ?4 AND a.manager_id = m.manager_id) AS assigned," \
  " (SELECT count(*) FROM eval_evaluations e WHERE e.round_id = ?4 AND e.evaluator_id = m.manager_id) AS submitted," \
  " (SELECT count(*) FROM eval_evaluations e WHERE e.round_id = ?4 AND e.evaluator_id = m.manager_id AND e.serious = 1) AS flagged," \
  " (SELECT count(*) FROM eval_evaluations e WHERE e.round_id = ?4 AND e.evaluator_id = m.manager_id AND e.returned_count > 0) AS returned," \
  " (SELECT count(*) FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id LEFT JOIN eval_evaluations e ON e.id = a.evaluation_id" \
  "   WHERE a.round_id = ?4 AND a.manager_id = m.manager_id AND ((e.id IS NULL AND ?5 > r.due_date) OR substr(e.received_at, 1, 10) > r.due_date)) AS late," \
  " (SELECT count(*) FROM eval_rechecks k JOIN eval_evaluations e ON e.id = k.evaluation_id WHERE k.round_id = ?4 AND k.status = 'done'" \
  "   AND e.evaluator_id = m.manager_id) AS rechecked," \
  " (SELECT count(*) FROM eval_rechecks k JOIN eval_evaluations e ON e.id = k.evaluation_id WHERE k.round_id = ?4 AND k.status = 'done'" \
  "   AND k.deviation = 1 AND e.evaluator_id = m.manager_id) AS deviations" \
  " FROM (SELECT DISTINCT a.manager_id, a.team_id FROM eval_assignments a WHERE a.round_id = ?4 AND a.manager_id IS NOT NULL AND "

static void quality_add(json_t *row) {
  evals_quality q = {0};
  q.assigned = json_integer_value(json_object_get(row, "assigned"));
  q.submitted = json_integer_value(json_object_get(row, "submitted"));
  q.flagged = json_integer_value(json_object_get(row, "flagged"));
  q.returned = json_integer_value(json_object_get(row, "returned"));
  q.late = json_integer_value(json_object_get(row, "late"));
  q.rechecked = json_integer_value(json_object_get(row, "rechecked"));
  q.deviations = json_integer_value(json_object_get(row, "deviations"));
  evals_quality_compute(&q);
  json_object_set_new(row, "score", q.has ? json_real(q.score) : json_null());
}

json_t *evals_store_quality(req *r, int64_t round_id, const char *today) {
  db_stmt *s = db_prepare(QUALITY_SQL "(" EVALS_SCOPE("a") ")) m LEFT JOIN users u ON u.id = m.manager_id LEFT JOIN units tu ON tu.id = m.team_id"
                          " ORDER BY tu.sort, tu.id, u.name");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  db_bind_text(s, 5, today);
  json_t *rows = dbj_rows(s);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) quality_add(row);
  return rows;
}

int evals_quality_of(int64_t user_id, int64_t round_id, evals_quality *out) {
  char today[11];
  evals_today(today);
  db_stmt *s = db_prepare(QUALITY_SQL "a.manager_id = ?1) m LEFT JOIN users u ON u.id = m.manager_id LEFT JOIN units tu ON tu.id = m.team_id");
  memset(out, 0, sizeof *out);
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 4, round_id);
  db_bind_text(s, 5, today);
  json_t *rows = dbj_rows(s);
  if (!rows) return -1;
  json_t *row = json_array_get(rows, 0);
  if (row) {
    out->assigned = json_integer_value(json_object_get(row, "assigned"));
    out->submitted = json_integer_value(json_object_get(row, "submitted"));
    out->flagged = json_integer_value(json_object_get(row, "flagged"));
    out->returned = json_integer_value(json_object_get(row, "returned"));
    out->late = json_integer_value(json_object_get(row, "late"));
    out->rechecked = json_integer_value(json_object_get(row, "rechecked"));
    out->deviations = json_integer_value(json_object_get(row, "deviations"));
  }
  json_decref(rows);
  evals_quality_compute(out);
  return 0;
}

int evals_quality_of_year(int64_t user_id, int year, evals_quality *out, int *rounds) {
  memset(out, 0, sizeof *out);
  *rounds = 0;
  char prefix[8];
  snprintf(prefix, sizeof prefix, "%04d-", year % 10000);
  db_stmt *s = db_prepare("SELECT DISTINCT a.round_id FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id"
                          " WHERE a.manager_id = ? AND substr(r.period, 1, 5) = ? ORDER BY a.round_id");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_text(s, 2, prefix);
  int64_t ids[64];
  size_t n = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW)
    if (n < 64) ids[n++] = db_col_int(s, 0);
  db_reset(s);
  if (st != DB_DONE) return -1;
  double sum = 0;
  for (size_t k = 0; k < n; k++) {
    evals_quality q;
    if (evals_quality_of(user_id, ids[k], &q)) return -1;
    if (!q.has) continue;
    (*rounds)++;
    sum += q.score;
    out->assigned += q.assigned, out->submitted += q.submitted, out->flagged += q.flagged, out->returned += q.returned;
    out->late += q.late, out->rechecked += q.rechecked, out->deviations += q.deviations;
  }
  out->has = *rounds > 0;
  out->score = *rounds ? sum / *rounds : 0;
  return 0;
}

/* The cockpit's 评价质量分: the mean score of the managers of a unit (their 片区; 0 every unit) over the rounds that
 * end in the month. */
int evals_store_quality_feed(int64_t unit_id, const char *month, double *out) {
  char today[11];
  evals_today(today);
  db_stmt *s = db_prepare("SELECT id, period FROM eval_rounds ORDER BY id");
  if (!s) return -1;
  int64_t rounds[64];
  size_t nr = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    char m1[8], m2[8], d1[11], d2[11];
    if (evals_period_parse(db_col_text(s, 1), m1, m2, d1, d2) == 0 && !strcmp(m2, month) && nr < 64) rounds[nr++] = db_col_int(s, 0);
  }
  if (st != DB_DONE) return -1;
  double sum = 0;
  int64_t n = 0;
  for (size_t k = 0; k < nr; k++) {
    s = db_prepare(QUALITY_SQL "(?1 = 0 OR a.team_id = ?1)) m LEFT JOIN users u ON u.id = m.manager_id LEFT JOIN units tu ON tu.id = m.team_id");
    if (!s) return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 4, rounds[k]);
    db_bind_text(s, 5, today);
    json_t *rows = dbj_rows(s);
    if (!rows) return -1;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
      quality_add(row);
      if (json_is_number(json_object_get(row, "score"))) { sum += json_number_value(json_object_get(row, "score")); n++; }
    }
    json_decref(rows);
  }
  if (!n) return 0;
  *out = sum / (double)n;
  return 1;
}

/* ---- a shop's history and the county's distribution ---- */

json_t *evals_store_shop_history(req *r, int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT e.id, rd.name AS round_name, rd.period, e.total, e.stars, e.state, e.submitted_at, eu.name AS evaluator_name, e.flag_count,"
                          " (SELECT json_group_array(json_object('kind', c.kind, 'reason', c.reason, 'at', c.at, 'by', cu.name, 'before', json(c.before),"
                          "   'after', json(c.after))) FROM eval_changes c LEFT JOIN users cu ON cu.id = c.by_user WHERE c.evaluation_id = e.id) AS j_changes,"
                          " (SELECT json_group_array(json_object('id', p.id, 'by_kind', p.by_kind, 'reason', p.reason, 'status', p.status, 'decision', p.decision,"
                          "   'created_at', p.created_at)) FROM eval_appeals p WHERE p.evaluation_id = e.id) AS j_appeals"
                          " FROM eval_evaluations e JOIN eval_rounds rd ON rd.id = e.round_id LEFT JOIN users eu ON eu.id = e.evaluator_id"
                          " WHERE e.shop_id = ?4 AND (" EVALS_SCOPE("e") " OR e.evaluator_id = ?3) ORDER BY rd.period DESC, e.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, shop_id);
  return dbj_rows(s);
}

/* Stars of a round's evaluations grouped by one attribute of the shop (or its unit), in scope. */
json_t *evals_store_distribution(req *r, int64_t round_id, const char *by) {
  const char *col = !strcmp(by, "category") ? "a.category" : !strcmp(by, "area") ? "a.area" : !strcmp(by, "band") ? "((a.grade - 1) / 5 * 5 + 1) || '–' || ((a.grade - 1) / 5 * 5 + 5) || '档'"
                  : "un.name";
  char sql[1600];
  snprintf(sql, sizeof sql,
           "SELECT %s AS grp, count(*) AS n, sum(e.stars = 0) AS s0, sum(e.stars = 1) AS s1, sum(e.stars = 2) AS s2, sum(e.stars = 3) AS s3,"
           " sum(e.stars = 4) AS s4, sum(e.stars = 5) AS s5, round(avg(e.total), 1) AS avg_total"
           " FROM eval_evaluations e JOIN eval_assignments a ON a.id = e.assignment_id JOIN units un ON un.id = e.unit_id"
           " WHERE e.round_id = ?4 AND e.state <> 'returned' AND (" EVALS_SCOPE("e") " OR e.evaluator_id = ?3) GROUP BY 1 ORDER BY 1",
           col);
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, round_id);
  return dbj_rows(s);
}

/* The shop's latest approved (or re-checked) evaluation, 0 none, -1 error. */
int64_t evals_store_latest_result(int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT e.id FROM eval_evaluations e JOIN eval_rounds r ON r.id = e.round_id WHERE e.shop_id = ? AND e.state IN ('approved','rechecked')"
                          " ORDER BY r.period DESC, e.id DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return st == DB_ROW || st == DB_DONE ? id : -1;
}

/* What the owner sees: results that passed review, and his appeals. */
json_t *evals_store_owner_results(int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT e.id, rd.name AS round_name, rd.period, e.total, e.stars, e.approved_at,"
                          " (SELECT json_group_array(json_object('reason', p.reason, 'status', p.status, 'decision', p.decision, 'created_at', p.created_at))"
                          "   FROM eval_appeals p WHERE p.evaluation_id = e.id) AS j_appeals"
                          " FROM eval_evaluations e JOIN eval_rounds rd ON rd.id = e.round_id WHERE e.shop_id = ? AND e.state IN ('approved','rechecked')"
                          " ORDER BY rd.period DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, shop_id);
  return dbj_rows(s);
}
