/* store_secrecy.c — the SQL of 保密: the register of classified documents, their loans (借阅, 归还 with sign-offs and
 * due days), 保密 checks and their findings. Documents and checks are in scope through their unit (or creator). */
#include "risks/internal.h"
#include <stdio.h>

int64_t risks_store_doc_insert(const risks_doc_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_secret_docs(unit_id, doc_no, title, level, issuer, received_on, received_sign, copies, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, w->unit);
  db_bind_text(s, 2, w->doc_no);
  db_bind_text(s, 3, w->title);
  db_bind_text(s, 4, w->level);
  db_bind_text(s, 5, w->issuer);
  db_bind_text(s, 6, w->received_on);
  db_bind_text(s, 7, w->received_sign);
  db_bind_int(s, 8, w->copies);
  if (w->created_by) db_bind_int(s, 9, w->created_by);
  else db_bind_null(s, 9);
  db_bind_text(s, 10, w->at);
  return db_insert(s);
}

#define DOC_SCOPE ORG_SCOPE_SQL("d.unit_id", "d.created_by", 1, 2, 3)
#define DOC_COLS "d.id, d.unit_id, un.name AS unit_name, d.doc_no, d.title, d.level, d.issuer, d.received_on, d.received_sign, d.copies, d.created_at," \
  " (SELECT count(*) FROM risk_secret_loans l WHERE l.doc_id = d.id AND l.returned_on IS NULL) AS out," \
  " (SELECT min(l.due_on) FROM risk_secret_loans l WHERE l.doc_id = d.id AND l.returned_on IS NULL) AS next_due," \
  " (SELECT group_concat(l.borrower, '、') FROM risk_secret_loans l WHERE l.doc_id = d.id AND l.returned_on IS NULL) AS borrowers" \
  " FROM risk_secret_docs d JOIN units un ON un.id = d.unit_id"

json_t *risks_store_doc_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " DOC_COLS " WHERE d.id = ?4 AND " DOC_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *d = dbj_first(dbj_rows(s));
  if (!d) return NULL;
  db_stmt *l = db_prepare("SELECT l.id, l.borrower, l.lent_on, l.due_on, l.lent_sign, l.returned_on, l.return_sign, l.created_at"
                          " FROM risk_secret_loans l WHERE l.doc_id = ? ORDER BY l.id DESC");
  json_t *loans = NULL;
  if (l) db_bind_int(l, 1, id), loans = dbj_rows(l);
  if (!loans) { json_decref(d); return NULL; }
  json_object_set_new(d, "loans", loans);
  return d;
}

json_t *risks_store_docs(req *r, int overdue, const char *today, int64_t size, int64_t offset, int64_t *total) {
#define DOC_FILTER " AND (?4 = 0 OR EXISTS (SELECT 1 FROM risk_secret_loans l WHERE l.doc_id = d.id AND l.returned_on IS NULL AND l.due_on < ?5))"
  db_stmt *c = db_prepare("SELECT count(*) FROM risk_secret_docs d WHERE " DOC_SCOPE DOC_FILTER);
  if (!c) return NULL;
  org_scope_bind(r, c, 1);
  db_bind_int(c, 4, overdue);
  db_bind_text(c, 5, today);
  int ok = db_step(c) == DB_ROW;
  if (ok) *total = db_col_int(c, 0);
  db_reset(c);
  if (!ok) return NULL;
  db_stmt *s = db_prepare("SELECT " DOC_COLS " WHERE " DOC_SCOPE DOC_FILTER " ORDER BY d.received_on DESC, d.id DESC LIMIT ?6 OFFSET ?7");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, overdue);
  db_bind_text(s, 5, today);
  db_bind_int(s, 6, size);
  db_bind_int(s, 7, offset);
  return dbj_rows(s);
}

int64_t risks_store_doc_open_loans(int64_t doc) {
  db_stmt *s = db_prepare("SELECT count(*) FROM risk_secret_loans WHERE doc_id = ? AND returned_on IS NULL");
  if (!s) return -1;
  db_bind_int(s, 1, doc);
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int64_t risks_store_loan_add(int64_t doc, const char *borrower, const char *lent_on, const char *due_on, const char *sign, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_secret_loans(doc_id, borrower, lent_on, due_on, lent_sign, created_by, created_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, doc);
  db_bind_text(s, 2, borrower);
  db_bind_text(s, 3, lent_on);
  db_bind_text(s, 4, due_on);
  db_bind_text(s, 5, sign);
  if (user) db_bind_int(s, 6, user);
  else db_bind_null(s, 6);
  db_bind_text(s, 7, at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_loan_find(int64_t doc, int64_t loan, char returned_on[11], char lent_on[11]) {
  db_stmt *s = db_prepare("SELECT coalesce(returned_on, ''), lent_on FROM risk_secret_loans WHERE id = ? AND doc_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, loan);
  db_bind_int(s, 2, doc);
  db_status st = db_step(s);
  if (st == DB_ROW) snprintf(returned_on, 11, "%s", db_col_text(s, 0)), snprintf(lent_on, 11, "%s", db_col_text(s, 1));
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int risks_store_loan_return(int64_t loan, const char *day, const char *sign) {
  db_stmt *s = db_prepare("UPDATE risk_secret_loans SET returned_on = ?2, return_sign = ?3 WHERE id = ?1 AND returned_on IS NULL");
  if (!s) return -1;
  db_bind_int(s, 1, loan);
  db_bind_text(s, 2, day);
  db_bind_text(s, 3, sign);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t risks_store_secret_check_insert(int64_t unit, const char *day, const char *scope, const char *inspectors, const char *conclusion,
                                         int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_secret_checks(unit_id, day, scope, inspectors, conclusion, created_by, created_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, day);
  db_bind_text(s, 3, scope);
  db_bind_text(s, 4, inspectors ? inspectors : "");
  db_bind_text(s, 5, conclusion ? conclusion : "");
  if (user) db_bind_int(s, 6, user);
  else db_bind_null(s, 6);
  db_bind_text(s, 7, at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int64_t risks_store_secret_finding_insert(int64_t check, const char *title, const char *measures, const char *due, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO risk_secret_findings(check_id, title, measures, due, created_at) VALUES(?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, check);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, measures ? measures : "");
  db_bind_text(s, 4, due);
  db_bind_text(s, 5, at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_secret_finding_item(int64_t finding, int64_t item) {
  db_stmt *s = db_prepare("UPDATE risk_secret_findings SET item_id = ?2 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, finding);
  db_bind_int(s, 2, item);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define SC_SCOPE ORG_SCOPE_SQL("c.unit_id", "c.created_by", 1, 2, 3)
#define SC_COLS "c.id, c.unit_id, un.name AS unit_name, c.day, c.scope, c.inspectors, c.conclusion, c.created_at," \
  " (SELECT count(*) FROM risk_secret_findings f WHERE f.check_id = c.id) AS findings_count FROM risk_secret_checks c JOIN units un ON un.id = c.unit_id"

json_t *risks_store_secret_check_get(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " SC_COLS " WHERE c.id = ?4 AND " SC_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *c = dbj_first(dbj_rows(s));
  if (!c) return NULL;
  db_stmt *f = db_prepare("SELECT id, title, measures, due, item_id FROM risk_secret_findings WHERE check_id = ? ORDER BY id");
  json_t *fs = NULL;
  if (f) db_bind_int(f, 1, id), fs = dbj_rows(f);
  if (!fs) { json_decref(c); return NULL; }
  json_object_set_new(c, "findings", fs);
  return c;
}

json_t *risks_store_secret_checks(req *r) {
  db_stmt *s = db_prepare("SELECT " SC_COLS " WHERE " SC_SCOPE " ORDER BY c.day DESC, c.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}
