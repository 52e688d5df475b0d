/* store.c — SQL of 党组织 and members: the visible tree (scope through the units an organisation covers), members and
 * their transfers. Every read is limited to what the caller may see (PARTY_VISIBLE). */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int party_store_file_row(db_stmt *s, int64_t owner, const char *name, const char *type, size_t size, const char *sha, int64_t by, const char *at) {
  if (!s) return -1;
  db_bind_int(s, 1, owner);
  db_bind_text(s, 2, name);
  db_bind_text(s, 3, type);
  db_bind_int(s, 4, (int64_t)size);
  db_bind_text(s, 5, sha);
  if (by) db_bind_int(s, 6, by); else db_bind_null(s, 6);
  db_bind_text(s, 7, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define ORG_JSON "json_object('id', g.id, 'parent_id', g.parent_id, 'kind', g.kind, 'name', g.name, 'founded_on', g.founded_on, 'sort', g.sort," \
  " 'units', json((SELECT json_group_array(json_object('id', u.id, 'name', u.name)) FROM party_org_units pu JOIN units u ON u.id = pu.unit_id WHERE pu.org_id = g.id))," \
  " 'members', (SELECT count(*) FROM party_members m WHERE (m.org_id = g.id OR m.group_id = g.id) AND m.status <> '已转出')," \
  " 'secretary', json((SELECT json_object('member_id', m.id, 'name', m.name, 'user_id', m.user_id, 'username', us.username) FROM party_members m" \
  "   LEFT JOIN users us ON us.id = m.user_id WHERE m.org_id = g.id AND m.role = '书记' AND m.status <> '已转出' ORDER BY m.id LIMIT 1)))"

json_t *party_store_orgs(req *r) {
  db_stmt *s = db_prepare("SELECT " ORG_JSON " FROM party_orgs g WHERE " PARTY_VISIBLE("g.id") " ORDER BY g.path, g.sort, g.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows_text(s);
}

json_t *party_store_org(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT " ORG_JSON " FROM party_orgs g WHERE g.id = ?4 AND " PARTY_VISIBLE("g.id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

int party_store_org_visible(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM party_orgs g WHERE g.id = ?4 AND " PARTY_VISIBLE("g.id"));
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int64_t party_store_org_insert(int64_t parent, const char *kind, const char *name, const char *founded_on, int sort, const int64_t *units,
                               size_t nunits) {
  char at[20];
  party_now(at);
  db_stmt *s = db_prepare("INSERT INTO party_orgs(parent_id, kind, name, path, founded_on, sort, created_at, updated_at) VALUES(?,?,?,'',?,?,?,?)");
  if (!s) return 0;
  if (parent) db_bind_int(s, 1, parent); else db_bind_null(s, 1);
  db_bind_text(s, 2, kind);
  db_bind_text(s, 3, name);
  db_bind_text(s, 4, founded_on);
  db_bind_int(s, 5, sort);
  db_bind_text(s, 6, at);
  db_bind_text(s, 7, at);
  int64_t id = db_insert(s);
  if (!id) return 0;
  s = db_prepare("UPDATE party_orgs SET path = coalesce((SELECT p.path FROM party_orgs p WHERE p.id = ?1), '/') || ?2 || '/' WHERE id = ?2");
  if (!s) return 0;
  if (parent) db_bind_int(s, 1, parent); else db_bind_null(s, 1);
  db_bind_int(s, 2, id);
  if (db_step(s) != DB_DONE) return 0;
  for (size_t i = 0; i < nunits; i++) {
    s = db_prepare("INSERT INTO party_org_units(org_id, unit_id) VALUES(?,?)");
    if (!s) return 0;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, units[i]);
    if (db_step(s) != DB_DONE) return 0;
  }
  return id;
}

int party_store_org_kind(int64_t id, char kind[16], int64_t *parent) {
  db_stmt *s = db_prepare("SELECT kind, coalesce(parent_id, 0) FROM party_orgs WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(kind, 16, "%s", db_col_text(s, 0));
    if (parent) *parent = db_col_int(s, 1);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

#define MEMBER_JSON "json_object('id', m.id, 'name', m.name, 'user_id', m.user_id, 'username', us.username, 'unit_name', un.name," \
  " 'org_id', m.org_id, 'org_name', g.name, 'group_id', m.group_id, 'group_name', gg.name, 'status', m.status, 'role', m.role," \
  " 'joined_on', m.joined_on, 'full_on', m.full_on, 'phone', m.phone)"
#define MEMBER_FROM " FROM party_members m JOIN party_orgs g ON g.id = m.org_id LEFT JOIN party_orgs gg ON gg.id = m.group_id" \
  " LEFT JOIN users us ON us.id = m.user_id LEFT JOIN units un ON un.id = us.unit_id"
#define MEMBER_WHERE " WHERE " PARTY_VISIBLE("m.org_id") " AND (?4 = 0 OR m.org_id = ?4 OR m.group_id = ?4)" \
  " AND (?5 IS NULL OR m.name LIKE ?5 ESCAPE '\\') AND (?6 IS NULL OR m.status = ?6)"

typedef struct members_q { req *r; int64_t org; const char *like, *status; } members_q;
static void bind_members(db_stmt *s, const void *ctx) {
  const members_q *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_int(s, 4, q->org);
  db_bind_text(s, 5, q->like);
  db_bind_text(s, 6, q->status);
}

char *party_store_members_page(req *r, int64_t org, const char *q, const char *status, int64_t size, int64_t offset, size_t *len) {
  members_q m = {r, org, dbj_like(r, q), status};
  return dbj_page("SELECT count(*)" MEMBER_FROM MEMBER_WHERE,
                  "SELECT " MEMBER_JSON MEMBER_FROM MEMBER_WHERE
                  " ORDER BY g.path, CASE m.role WHEN '书记' THEN 0 WHEN '副书记' THEN 1 WHEN '党员' THEN 3 ELSE 2 END, m.id LIMIT ?7 OFFSET ?8",
                  bind_members, &m, 7, size, offset, len);
}

json_t *party_store_member(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT json_set(" MEMBER_JSON ", '$.transfers', json((SELECT json_group_array(json_object('id', t.id, 'kind', t.kind,"
                          " 'from', fo.name, 'to', tor.name, 'outside', t.outside, 'on_date', t.on_date, 'reason', t.reason))"
                          " FROM (SELECT * FROM party_transfers WHERE member_id = m.id ORDER BY on_date, id) t"
                          " LEFT JOIN party_orgs fo ON fo.id = t.from_org_id LEFT JOIN party_orgs tor ON tor.id = t.to_org_id)))"
                          MEMBER_FROM " WHERE m.id = ?4 AND " PARTY_VISIBLE("m.org_id"));
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  return dbj_one_text(s);
}

int64_t party_store_member_insert(const char *name, int64_t user_id, int64_t org, int64_t group, const char *status, const char *role,
                                  const char *joined, const char *full_on, const char *phone, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_members(name, user_id, org_id, group_id, status, role, joined_on, full_on, phone, created_at, updated_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, name);
  if (user_id) db_bind_int(s, 2, user_id); else db_bind_null(s, 2);
  db_bind_int(s, 3, org);
  if (group) db_bind_int(s, 4, group); else db_bind_null(s, 4);
  db_bind_text(s, 5, status);
  db_bind_text(s, 6, role);
  db_bind_text(s, 7, joined);
  db_bind_text(s, 8, full_on);
  db_bind_text(s, 9, phone ? phone : "");
  db_bind_text(s, 10, at);
  db_bind_text(s, 11, at);
  return db_insert(s);
}

int party_store_member_move(int64_t id, int64_t org, int64_t group, const char *status, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_members SET org_id = ?, group_id = ?, status = ?, role = CASE WHEN ?3 = '已转出' THEN '党员' ELSE role END,"
                          " updated_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  if (group) db_bind_int(s, 2, group); else db_bind_null(s, 2);
  db_bind_text(s, 3, status);
  db_bind_text(s, 4, at);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_member_role(int64_t id, const char *role, const char *at) {
  db_stmt *s = db_prepare("UPDATE party_members SET role = ?, updated_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, role);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_transfer_insert(int64_t member, const char *kind, int64_t from, int64_t to, const char *outside, const char *on,
                                const char *reason, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_transfers(member_id, kind, from_org_id, to_org_id, outside, on_date, reason, created_by, created_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_text(s, 2, kind);
  if (from) db_bind_int(s, 3, from); else db_bind_null(s, 3);
  if (to) db_bind_int(s, 4, to); else db_bind_null(s, 4);
  db_bind_text(s, 5, outside ? outside : "");
  db_bind_text(s, 6, on);
  db_bind_text(s, 7, reason ? reason : "");
  if (by) db_bind_int(s, 8, by); else db_bind_null(s, 8);
  db_bind_text(s, 9, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_member_org(int64_t id, int64_t *org, int64_t *group, char status[16]) {
  db_stmt *s = db_prepare("SELECT org_id, coalesce(group_id, 0), status FROM party_members WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    *org = db_col_int(s, 0);
    *group = db_col_int(s, 1);
    snprintf(status, 16, "%s", db_col_text(s, 2));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int party_store_user_exists(int64_t user_id) {
  db_stmt *s = db_prepare("SELECT 1 FROM users WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}
