/* store_procure.c — the SQL of 三项项目: projects and their votes, approvals, payments, disclosures and the flags
 * turned into findings. A project belongs to its unit (申报单位); scoped reads bind the caller's scope. */
#include "risks/procure.h"
#include <string.h>

#define P_COLS "p.id, p.kind, p.title, p.need, p.category, p.unit_id, un.name AS unit_name, p.amount_fen, p.filed_on, p.planned_on, p.stage," \
  " p.review_result, p.review_on, p.committee_n, p.method, p.method_reason, p.supplier, p.contract_no, p.contract_fen, p.contract_on," \
  " p.accepted_on, p.accept_note, p.paid_fen, p.created_at," \
  " (SELECT count(*) FROM risk_project_votes v WHERE v.project_id = p.id) AS votes_cast," \
  " (SELECT count(*) FROM risk_project_votes v WHERE v.project_id = p.id AND v.vote = '同意') AS votes_yes," \
  " (SELECT min(y.paid_on) FROM risk_project_payments y WHERE y.project_id = p.id) AS first_paid_on," \
  " coalesce((SELECT group_concat(y.exception, '；') FROM risk_project_payments y WHERE y.project_id = p.id AND y.exception <> ''), '') AS pay_exception" \
  " FROM risk_projects p JOIN units un ON un.id = p.unit_id"
#define P_SCOPE ORG_SCOPE_SQL("p.unit_id", "p.created_by", 1, 2, 3)

/* The caller's scope, or everything for the module's own readers (facts, demo) when r is NULL. */
static void bind_scope(req *r, db_stmt *s) {
  if (r) { org_scope_bind(r, s, 1); return; }
  db_bind_int(s, 1, 1);
  db_bind_text(s, 2, "[]");
  db_bind_int(s, 3, 0);
}

int64_t risks_store_proj_insert(const risks_proj_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_projects(kind, title, need, category, unit_id, amount_fen, filed_on, planned_on, created_by, created_at, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)");
  if (!s) return 0;
  db_bind_text(s, 1, w->kind);
  db_bind_text(s, 2, w->title);
  db_bind_text(s, 3, w->need);
  db_bind_text(s, 4, w->category);
  db_bind_int(s, 5, w->unit);
  db_bind_int(s, 6, w->amount_fen);
  db_bind_text(s, 7, w->filed_on);
  db_bind_text(s, 8, w->planned_on);
  if (w->created_by) db_bind_int(s, 9, w->created_by);
  else db_bind_null(s, 9);
  db_bind_text(s, 10, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

json_t *risks_store_proj_get(req *r, int64_t id, int *err) {
  *err = 0;
  db_stmt *s = db_prepare("SELECT " P_COLS " WHERE p.id = ?4 AND " P_SCOPE);
  if (!s) { *err = 1; return NULL; }
  bind_scope(r, s);
  db_bind_int(s, 4, id);
  json_t *rows = dbj_rows(s);
  if (!rows) { *err = 1; return NULL; }
  return dbj_first(rows);
}

json_t *risks_store_projs(req *r) {
  db_stmt *s = db_prepare("SELECT " P_COLS " WHERE " P_SCOPE " ORDER BY p.filed_on DESC, p.id DESC");
  if (!s) return NULL;
  bind_scope(r, s);
  return dbj_rows(s);
}

int risks_store_proj_stage(int64_t id, const char *stage, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_projects SET stage = ?2, updated_at = ?3 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, stage);
  db_bind_text(s, 3, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_proj_vote(int64_t id, int64_t user, const char *vote, const char *note, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_project_votes(project_id, user_id, vote, note, at) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, user);
  db_bind_text(s, 3, vote);
  db_bind_text(s, 4, note ? note : "");
  db_bind_text(s, 5, at);
  int64_t v = db_insert(s);
  return v > 0 ? 0 : v == 0 ? 1 : -1;
}

json_t *risks_store_proj_votes(int64_t id) {
  db_stmt *s = db_prepare("SELECT v.user_id, us.name AS user_name, us.username, v.vote, v.note, v.at FROM risk_project_votes v"
                          " LEFT JOIN users us ON us.id = v.user_id WHERE v.project_id = ? ORDER BY v.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

int risks_store_proj_review(int64_t id, const char *result, int committee_n, const char *day, const char *stage, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_projects SET review_result = ?2, committee_n = ?3, review_on = ?4, stage = ?5, updated_at = ?6 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, result);
  db_bind_int(s, 3, committee_n);
  db_bind_text(s, 4, day);
  db_bind_text(s, 5, stage);
  db_bind_text(s, 6, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_proj_approve(int64_t id, const char *step, int64_t user, const char *decision, const char *opinion, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_project_approvals(project_id, step, user_id, decision, opinion, at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, step);
  if (user) db_bind_int(s, 3, user);
  else db_bind_null(s, 3);
  db_bind_text(s, 4, decision);
  db_bind_text(s, 5, opinion ? opinion : "");
  db_bind_text(s, 6, at);
  int64_t v = db_insert(s);
  return v > 0 ? 0 : v == 0 ? 1 : -1;
}

json_t *risks_store_proj_approvals(int64_t id) {
  db_stmt *s = db_prepare("SELECT a.step, a.user_id, us.name AS user_name, a.decision, a.opinion, a.at FROM risk_project_approvals a"
                          " LEFT JOIN users us ON us.id = a.user_id WHERE a.project_id = ? ORDER BY a.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

int risks_store_proj_method(int64_t id, const char *method, const char *reason, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_projects SET method = ?2, method_reason = ?3, stage = '合同', updated_at = ?4 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, method);
  db_bind_text(s, 3, reason ? reason : "");
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_proj_contract(int64_t id, const char *supplier, const char *no, int64_t fen, const char *day, const char *at) {
  db_stmt *s = db_prepare("UPDATE risk_projects SET supplier = ?2, contract_no = ?3, contract_fen = ?4, contract_on = ?5, stage = '验收', updated_at = ?6 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, supplier);
  db_bind_text(s, 3, no);
  db_bind_int(s, 4, fen);
  db_bind_text(s, 5, day);
  db_bind_text(s, 6, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_proj_accept(int64_t id, const char *day, const char *note, const char *at) {
  /* Accepted and already paid in full (an excepted advance payment): nothing is left to pay. */
  db_stmt *s = db_prepare("UPDATE risk_projects SET accepted_on = ?2, accept_note = ?3, stage = CASE WHEN paid_fen >= contract_fen THEN '完结' ELSE '付款' END,"
                          " updated_at = ?4 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, day);
  db_bind_text(s, 3, note ? note : "");
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int risks_store_proj_pay(int64_t id, int64_t fen, const char *day, const char *exception, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_project_payments(project_id, amount_fen, paid_on, exception, user_id, at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, fen);
  db_bind_text(s, 3, day);
  db_bind_text(s, 4, exception ? exception : "");
  if (user) db_bind_int(s, 5, user);
  else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  if (db_insert(s) <= 0) return -1;
  /* Paid in full after 验收 closes the project. */
  db_stmt *u = db_prepare("UPDATE risk_projects SET paid_fen = paid_fen + ?2, stage = CASE WHEN stage = '付款' AND paid_fen + ?2 >= contract_fen THEN '完结' ELSE stage END,"
                          " updated_at = ?3 WHERE id = ?1");
  if (!u) return -1;
  db_bind_int(u, 1, id);
  db_bind_int(u, 2, fen);
  db_bind_text(u, 3, at);
  return db_step(u) == DB_DONE ? 0 : -1;
}

json_t *risks_store_proj_payments(int64_t id) {
  db_stmt *s = db_prepare("SELECT y.id, y.amount_fen, y.paid_on, y.exception, us.name AS user_name, y.at FROM risk_project_payments y"
                          " LEFT JOIN users us ON us.id = y.user_id WHERE y.project_id = ? ORDER BY y.paid_on, y.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

int risks_store_proj_disclose(int64_t id, const char *phase, const char *content, const char *day, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_project_disclosures(project_id, phase, content, day, user_id, at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, phase);
  db_bind_text(s, 3, content);
  db_bind_text(s, 4, day);
  if (user) db_bind_int(s, 5, user);
  else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  return db_insert(s) > 0 ? 0 : -1;
}

json_t *risks_store_proj_disclosures(int64_t id) {
  db_stmt *s = db_prepare("SELECT d.id, d.phase, d.content, d.day, us.name AS user_name, d.at FROM risk_project_disclosures d"
                          " LEFT JOIN users us ON us.id = d.user_id WHERE d.project_id = ? ORDER BY d.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

int64_t risks_store_proj_flag_finding(int64_t id, const char *code) {
  db_stmt *s = db_prepare("SELECT finding_id FROM risk_project_flags WHERE project_id = ? AND code = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, code);
  db_status st = db_step(s);
  int64_t f = st == DB_ROW ? db_col_int(s, 0) : st == DB_DONE ? 0 : -1;
  db_reset(s);
  return f;
}

int risks_store_proj_flag_link(int64_t id, const char *code, int64_t finding, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_project_flags(project_id, code, finding_id, at) VALUES(?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, code);
  db_bind_int(s, 3, finding);
  db_bind_text(s, 4, at);
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

json_t *risks_store_users_named(const char *const *usernames, size_t n) {
  json_t *out = json_array();
  db_stmt *s = db_prepare("SELECT id, name FROM users WHERE username = ?");
  if (!s) { json_decref(out); return NULL; }
  for (size_t i = 0; i < n; i++) {
    db_bind_text(s, 1, usernames[i]);
    db_status st = db_step(s);
    json_t *o = json_pack("{s:s}", "username", usernames[i]);
    if (st == DB_ROW) {
      json_object_set_new(o, "user_id", json_integer(db_col_int(s, 0)));
      json_object_set_new(o, "name", json_string(db_col_text(s, 1)));
    } else {
      json_object_set_new(o, "user_id", json_null());
      json_object_set_new(o, "name", json_string(usernames[i]));
    }
    db_reset(s);
    json_array_append_new(out, o);
    if (st != DB_ROW && st != DB_DONE) { json_decref(out); return NULL; }
  }
  return out;
}
