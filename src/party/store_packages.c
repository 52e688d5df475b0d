/* store_packages.c — SQL of 党建服务包: packages of visible branches (one per shop), the pairing, measures, visits and
 * their photos, a branch's member counts for coverage, and visits per unit and month for the cockpit. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKG_JSON "json_object('id', p.id, 'org_id', p.org_id, 'org_name', g.name, 'shop_id', p.shop_id, 'shop_name', p.shop_name, 'reason', p.reason," \
  " 'reason_note', p.reason_note, 'needs', p.needs, 'started_on', p.started_on, 'status', p.status, 'before_level', p.before_level," \
  " 'before_score', p.before_score, 'before_orders', p.before_orders, 'result_note', p.result_note," \
  " 'leader', (SELECT m.name FROM party_package_members pm JOIN party_members m ON m.id = pm.member_id WHERE pm.package_id = p.id AND pm.role = '牵头')," \
  " 'visits', (SELECT count(*) FROM party_package_visits v WHERE v.package_id = p.id AND v.visited_on BETWEEN ?4 AND ?5)," \
  " 'visits_total', (SELECT count(*) FROM party_package_visits v WHERE v.package_id = p.id)," \
  " 'last_visit', (SELECT max(v.visited_on) FROM party_package_visits v WHERE v.package_id = p.id))"

json_t *party_store_packages(req *r, int64_t org, int year) {
  char from[11], to[11];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare("SELECT " PKG_JSON " FROM party_packages p JOIN party_orgs g ON g.id = p.org_id WHERE " PARTY_VISIBLE("p.org_id")
                          " AND (?6 = 0 OR p.org_id = ?6) ORDER BY g.path, p.started_on, p.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  db_bind_int(s, 6, org);
  return dbj_rows_text(s);
}

json_t *party_store_package(req *r, int64_t id, int year) {
  char from[11], to[11];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare(
      "SELECT json_set(" PKG_JSON ","
      " '$.members', json((SELECT json_group_array(json_object('member_id', m.id, 'name', m.name, 'role', pm.role, 'party_role', m.role))"
      "   FROM (SELECT * FROM party_package_members WHERE package_id = p.id ORDER BY role DESC, member_id) pm JOIN party_members m ON m.id = pm.member_id)),"
      " '$.measures', json((SELECT json_group_array(json_object('id', x.id, 'kind', x.kind, 'content', x.content, 'done_on', x.done_on))"
      "   FROM (SELECT * FROM party_package_measures WHERE package_id = p.id ORDER BY id) x)),"
      " '$.visit_list', json((SELECT json_group_array(json_object('id', v.id, 'visited_on', v.visited_on, 'notes', v.notes, 'by', u.name,"
      "   'files', json((SELECT json_group_array(json_object('id', f.id, 'name', f.name, 'type', f.type, 'size', f.size)) FROM party_visit_files f"
      "   WHERE f.visit_id = v.id)))) FROM (SELECT * FROM party_package_visits WHERE package_id = p.id ORDER BY visited_on DESC, id DESC) v"
      "   LEFT JOIN users u ON u.id = v.created_by)))"
      " FROM party_packages p JOIN party_orgs g ON g.id = p.org_id WHERE p.id = ?6 AND " PARTY_VISIBLE("p.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  db_bind_int(s, 6, id);
  return dbj_one_text(s);
}

int64_t party_store_package_insert(int64_t org, int64_t shop, const char *shop_name, int64_t shop_unit, const char *reason, const char *reason_note,
                                   const char *needs, const char *started, const char *before_level, double before_score, int has_score,
                                   double before_orders, int has_orders, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_packages(org_id, shop_id, shop_name, shop_unit_id, reason, reason_note, needs, started_on, before_level,"
                          " before_score, before_orders, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_bind_int(s, 2, shop);
  db_bind_text(s, 3, shop_name);
  db_bind_int(s, 4, shop_unit);
  db_bind_text(s, 5, reason);
  db_bind_text(s, 6, reason_note ? reason_note : "");
  db_bind_text(s, 7, needs ? needs : "");
  db_bind_text(s, 8, started);
  db_bind_text(s, 9, before_level);
  if (has_score) db_bind_double(s, 10, before_score); else db_bind_null(s, 10);
  if (has_orders) db_bind_double(s, 11, before_orders); else db_bind_null(s, 11);
  if (by) db_bind_int(s, 12, by); else db_bind_null(s, 12);
  db_bind_text(s, 13, at);
  db_bind_text(s, 14, at);
  return db_insert(s);
}

int party_store_package_member_add(int64_t pkg, int64_t member, const char *role) {
  db_stmt *s = db_prepare("INSERT INTO party_package_members(package_id, member_id, role) VALUES(?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, pkg);
  db_bind_int(s, 2, member);
  db_bind_text(s, 3, role);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_package_measures_set(int64_t pkg, const party_measure *m, size_t n) {
  db_stmt *d = db_prepare("DELETE FROM party_package_measures WHERE package_id = ?");
  if (!d) return -1;
  db_bind_int(d, 1, pkg);
  if (db_step(d) != DB_DONE) return -1;
  for (size_t i = 0; i < n; i++) {
    db_stmt *s = db_prepare("INSERT INTO party_package_measures(package_id, kind, content, done_on) VALUES(?,?,?,?)");
    if (!s) return -1;
    db_bind_int(s, 1, pkg);
    db_bind_text(s, 2, m[i].kind);
    db_bind_text(s, 3, m[i].content);
    db_bind_text(s, 4, m[i].done_on[0] ? m[i].done_on : NULL);
    if (db_step(s) != DB_DONE) return -1;
  }
  return 0;
}

int party_store_package_update(int64_t id, const char *needs, const char *status, const char *result_note, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_packages SET needs = coalesce(?1, needs), status = coalesce(?2, status), result_note = coalesce(?3, result_note),"
                          " updated_at = ?4 WHERE id = ?5");
  if (!s) return -1;
  db_bind_text(s, 1, needs);
  db_bind_text(s, 2, status);
  db_bind_text(s, 3, result_note);
  db_bind_text(s, 4, at);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t party_store_visit_insert(int64_t pkg, const char *on, const char *notes, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_package_visits(package_id, visited_on, notes, created_by, created_at) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, pkg);
  db_bind_text(s, 2, on);
  db_bind_text(s, 3, notes);
  if (by) db_bind_int(s, 4, by); else db_bind_null(s, 4);
  db_bind_text(s, 5, at);
  return db_insert(s);
}

int party_store_visit_of(int64_t pkg, int64_t visit) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM party_visit_files WHERE visit_id = v.id) FROM party_package_visits v WHERE v.id = ? AND v.package_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, visit);
  db_bind_int(s, 2, pkg);
  db_status st = db_step(s);
  int n = st == DB_ROW ? (int)db_col_int(s, 0) : 0;
  db_reset(s);
  return st == DB_ROW ? n : st == DB_DONE ? -2 : -1;
}

int party_store_visit_file_add(int64_t visit, const char *name, const char *type, size_t size, const char *sha, int64_t by, const char *at) {
  return party_store_file_row(db_prepare("INSERT INTO party_visit_files(visit_id, name, type, size, sha256, uploaded_by, created_at) VALUES(?,?,?,?,?,?,?)"),
                              visit, name, type, size, sha, by, at);
}

json_t *party_store_visit_file(req *r, int64_t pkg, int64_t visit, int64_t file) {
  db_stmt *s = db_prepare("SELECT json_object('name', f.name, 'type', f.type, 'size', f.size, 'sha256', f.sha256) FROM party_visit_files f"
                          " JOIN party_package_visits v ON v.id = f.visit_id JOIN party_packages p ON p.id = v.package_id"
                          " WHERE f.id = ?4 AND v.id = ?5 AND p.id = ?6 AND " PARTY_VISIBLE("p.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, file);
  db_bind_int(s, 5, visit);
  db_bind_int(s, 6, pkg);
  return dbj_one_text(s);
}

int party_store_branch_pairing(int64_t org, int64_t *members, int64_t *paired) {
  db_stmt *s = db_prepare("SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM party_package_members pm JOIN party_packages p ON p.id = pm.package_id"
                          " WHERE pm.member_id = m.id AND p.org_id = ?1)) FROM party_members m WHERE m.org_id = ?1 AND m.status <> '已转出'");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_status st = db_step(s);
  if (st == DB_ROW) *members = db_col_int(s, 0), *paired = db_col_int(s, 1);
  db_reset(s);
  return st == DB_ROW ? 0 : -1;
}

int party_store_month_pkg_visits(int64_t unit, const char *from, const char *to, int64_t *visits) {
  db_stmt *s = db_prepare("SELECT count(*) FROM party_package_visits v JOIN party_packages p ON p.id = v.package_id"
                          " WHERE v.visited_on BETWEEN ?2 AND ?3 AND (?1 = 0 OR p.shop_unit_id = ?1)");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  db_status st = db_step(s);
  if (st == DB_ROW) *visits = db_col_int(s, 0);
  db_reset(s);
  return st == DB_ROW ? 0 : -1;
}
