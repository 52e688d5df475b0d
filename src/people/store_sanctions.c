/* store_sanctions.c — all SQL of discipline records, and the read-only lookups of persons on org's users table. */
#include "people/internal.h"
#include <stdio.h>
#include <string.h>

int people_store_person(int64_t user, int64_t *unit, char *name, size_t cap) {
  db_stmt *s = db_prepare("SELECT unit_id, name FROM users WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    if (unit) *unit = db_col_int(s, 0);
    if (name) snprintf(name, cap, "%s", db_col_text(s, 1));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_person_in_scope(req *r, int64_t user) {
  if (!org_caller_scope(r)) return -1;
  db_stmt *s = db_prepare("SELECT 1 FROM users u WHERE u.id = ?4 AND (" ORG_SCOPE_SQL("u.unit_id", "u.id", 1, 2, 3) " OR u.id = ?5)");
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, user);
  db_bind_int(s, 5, org_caller(r)->id);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int64_t people_store_sanction_insert(const people_sanction_row *x) {
  db_stmt *s = db_prepare("INSERT INTO people_sanctions(user_id, unit_id, type, months, decided_on, ends_on, reason, document_no, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, x->user_id);
  db_bind_int(s, 2, x->unit_id);
  db_bind_text(s, 3, x->type);
  db_bind_int(s, 4, x->months);
  db_bind_text(s, 5, x->decided_on);
  db_bind_text(s, 6, x->ends_on);
  db_bind_text(s, 7, x->reason);
  db_bind_text(s, 8, x->document_no ? x->document_no : "");
  if (x->created_by) db_bind_int(s, 9, x->created_by); else db_bind_null(s, 9);
  db_bind_now(s, 10);
  return db_insert(s);
}

#define SAN_COLS "x.id, x.user_id, p.name AS user_name, x.unit_id, un.name AS unit_name, x.type, x.months, x.decided_on, x.ends_on, x.reason," \
  " x.document_no, x.created_at"
#define SAN_FROM " FROM people_sanctions x JOIN users p ON p.id = x.user_id JOIN units un ON un.id = x.unit_id"
/* ?1–?3 the scope, ?4 mine (1: only the caller's own, ?5 the caller) */
#define SAN_WHERE " WHERE ((?4 = 0 AND " ORG_SCOPE_SQL("x.unit_id", "x.user_id", 1, 2, 3) ") OR x.user_id = ?5 AND ?4 = 1)"

static int bind_scope(req *r, db_stmt *s, int mine) {
  if (!org_caller_scope(r)) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, mine ? 1 : 0);
  db_bind_int(s, 5, org_caller(r)->id);
  return 0;
}

json_t *people_store_sanction_json(req *r, int64_t id, int mine) {
  db_stmt *s = db_prepare("SELECT " SAN_COLS SAN_FROM SAN_WHERE " AND x.id = ?6");
  if (!s || bind_scope(r, s, mine)) return NULL;
  db_bind_int(s, 6, id);
  json_t *o = dbj_first(dbj_rows(s));
  return o;
}

json_t *people_store_sanction_list(req *r, int mine, int64_t user, const char *running_on, int64_t offset, int64_t size, int64_t *total) {
  const char *filt = " AND (?6 = 0 OR x.user_id = ?6) AND (?7 IS NULL OR (x.decided_on <= ?7 AND x.ends_on > ?7))";
  char sql[2048];
  snprintf(sql, sizeof sql, "SELECT count(*)" SAN_FROM SAN_WHERE "%s", filt);
  db_stmt *n = db_prepare(sql);
  if (!n || bind_scope(r, n, mine)) return NULL;
  db_bind_int(n, 6, user);
  db_bind_text(n, 7, running_on);
  *total = db_step(n) == DB_ROW ? db_col_int(n, 0) : -1;
  db_reset(n);
  if (*total < 0) return NULL;
  snprintf(sql, sizeof sql, "SELECT " SAN_COLS SAN_FROM SAN_WHERE "%s ORDER BY x.decided_on DESC, x.id DESC LIMIT ?8 OFFSET ?9", filt);
  db_stmt *s = db_prepare(sql);
  if (!s || bind_scope(r, s, mine)) return NULL;
  db_bind_int(s, 6, user);
  db_bind_text(s, 7, running_on);
  db_bind_int(s, 8, size);
  db_bind_int(s, 9, offset);
  return dbj_rows(s);
}

json_t *people_store_sanctions_in_year(int64_t user, int year) {
  db_stmt *s = db_prepare("SELECT type, decided_on FROM people_sanctions WHERE user_id = ? AND decided_on >= ? AND decided_on < ? ORDER BY decided_on");
  if (!s) return NULL;
  char a[24], b[24];
  snprintf(a, sizeof a, "%04d-01-01", year);
  snprintf(b, sizeof b, "%04d-01-01", year + 1);
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, a);
  db_bind_text(s, 3, b);
  return dbj_rows(s);
}

int people_store_sanction_running(int64_t user, const char *day, char *type, size_t tcap, char *from, char *to) {
  db_stmt *s = db_prepare("SELECT type, decided_on, ends_on FROM people_sanctions WHERE user_id = ?1 AND decided_on <= ?2 AND ends_on > ?2"
                          " ORDER BY ends_on DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, day);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(type, tcap, "%s", db_col_text(s, 0));
    snprintf(from, 11, "%s", db_col_text(s, 1));
    snprintf(to, 11, "%s", db_col_text(s, 2));
  }
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}
