/* store_dues.c — SQL of 党费: the rule in force by month (settings), each member's base, payments (one per member and
 * month, the key refusing a second), a branch's grid for a year and the members an import row names. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int party_store_dues_rules(party_dues_rule_at **out, size_t *n) {
  *out = NULL, *n = 0;
  db_stmt *s = db_prepare("SELECT from_month, mode, bands, fixed_fen FROM party_dues_rules ORDER BY from_month");
  if (!s) return -1;
  size_t cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      party_dues_rule_at *v = realloc(*out, cap * sizeof *v);
      if (!v) { db_reset(s); free(*out); *out = NULL; *n = 0; return -1; }
      *out = v;
    }
    party_dues_rule_at *a = &(*out)[*n];
    snprintf(a->from, sizeof a->from, "%s", db_col_text(s, 0));
    json_t *o = json_pack("{s:s,s:I}", "mode", db_col_text(s, 1), "fixed_fen", (json_int_t)db_col_int(s, 3));
    json_t *b = json_loads(db_col_text(s, 2), 0, NULL);
    json_object_set_new(o, "bands", b ? b : json_array());
    char field[64], msg[200];
    int bad = party_dues_rule_parse(o, &a->rule, field, sizeof field, msg, sizeof msg);
    json_decref(o);
    if (!bad) (*n)++; /* a row this version cannot read is skipped: the rule before it stays in force */
  }
  if (st != DB_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
  return 0;
}

int party_store_dues_rule_set(const char *from, const party_dues_rule *r, int64_t by, const char *at) {
  json_t *j = party_dues_rule_json(r);
  char *bands = json_dumps(json_object_get(j, "bands"), JSON_COMPACT);
  json_decref(j);
  if (!bands) return -1;
  db_stmt *s = db_prepare("INSERT INTO party_dues_rules(from_month, mode, bands, fixed_fen, updated_by, updated_at) VALUES(?,?,?,?,?,?)"
                          " ON CONFLICT(from_month) DO UPDATE SET mode = excluded.mode, bands = excluded.bands, fixed_fen = excluded.fixed_fen,"
                          " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
  if (!s) { free(bands); return -1; }
  db_bind_text(s, 1, from);
  db_bind_text(s, 2, r->fixed ? "fixed" : "bands");
  db_bind_text(s, 3, bands);
  db_bind_int(s, 4, r->fixed_fen);
  if (by) db_bind_int(s, 5, by); else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  free(bands);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_dues_base_set(int64_t member, const char *from, int64_t base_fen, int64_t fixed_fen, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_dues_bases(member_id, from_month, base_fen, fixed_fen, updated_at) VALUES(?,?,?,?,?)"
                          " ON CONFLICT(member_id, from_month) DO UPDATE SET base_fen = excluded.base_fen, fixed_fen = excluded.fixed_fen,"
                          " updated_at = excluded.updated_at");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_text(s, 2, from);
  db_bind_int(s, 3, base_fen);
  if (fixed_fen >= 0) db_bind_int(s, 4, fixed_fen); else db_bind_null(s, 4);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *party_store_dues_grid(int64_t org, const char *from, const char *to) {
  db_stmt *s = db_prepare(
      "SELECT json_object('member_id', m.id, 'name', m.name, 'status', m.status, 'role', m.role, 'group_name', gp.name, 'joined_on', m.joined_on,"
      " 'in_branch', m.org_id = ?1 AND m.status <> '已转出',"
      " 'bases', json((SELECT json_group_array(json_object('from', b.from_month, 'base_fen', b.base_fen, 'fixed_fen', b.fixed_fen))"
      "   FROM (SELECT * FROM party_dues_bases WHERE member_id = m.id ORDER BY from_month) b)),"
      " 'paid', json((SELECT json_group_object(d.month, json_object('amount_fen', d.amount_fen, 'paid_on', d.paid_on, 'note', d.note))"
      "   FROM party_dues d WHERE d.member_id = m.id AND d.org_id = ?1 AND d.month BETWEEN ?2 AND ?3)))"
      " FROM party_members m LEFT JOIN party_orgs gp ON gp.id = m.group_id"
      " WHERE (m.org_id = ?1 AND m.status <> '已转出') OR EXISTS (SELECT 1 FROM party_dues d WHERE d.member_id = m.id AND d.org_id = ?1 AND d.month BETWEEN ?2 AND ?3)"
      " ORDER BY coalesce(gp.sort, 0), m.id");
  if (!s) return NULL;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  return dbj_rows_text(s);
}

int party_store_dues_insert(int64_t member, const char *month, int64_t amount_fen, const char *paid_on, int64_t org, const char *note, int64_t by,
                            const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_dues(member_id, month, amount_fen, paid_on, org_id, note, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_text(s, 2, month);
  db_bind_int(s, 3, amount_fen);
  db_bind_text(s, 4, paid_on);
  db_bind_int(s, 5, org);
  db_bind_text(s, 6, note ? note : "");
  if (by) db_bind_int(s, 7, by); else db_bind_null(s, 7);
  db_bind_text(s, 8, at);
  /* a WITHOUT ROWID table: the step's status tells, not a row id */
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

int party_store_dues_paid(int64_t member, const char *month) {
  db_stmt *s = db_prepare("SELECT 1 FROM party_dues WHERE member_id = ? AND month = ?");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_text(s, 2, month);
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int party_store_dues_base_of(int64_t member, const char *month, int64_t *base_fen, int64_t *fixed_fen) {
  *base_fen = 0, *fixed_fen = -1;
  db_stmt *s = db_prepare("SELECT base_fen, fixed_fen FROM party_dues_bases WHERE member_id = ? AND from_month <= ? ORDER BY from_month DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, member);
  db_bind_text(s, 2, month);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    *base_fen = db_col_int(s, 0);
    *fixed_fen = db_col_is_null(s, 1) ? -1 : db_col_int(s, 1);
  }
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int party_store_member_by_name(req *r, const char *name, const char *branch, int64_t *id, int64_t *org) {
  *id = 0, *org = 0;
  db_stmt *s = db_prepare("SELECT m.id, m.org_id FROM party_members m JOIN party_orgs g ON g.id = m.org_id WHERE m.name = ?4 AND m.status <> '已转出'"
                          " AND (?5 IS NULL OR g.name = ?5) AND " PARTY_VISIBLE("m.org_id") " LIMIT 2");
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, name);
  db_bind_text(s, 5, branch && *branch ? branch : NULL);
  int n = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (!n) *id = db_col_int(s, 0), *org = db_col_int(s, 1);
    n++;
  }
  return st == DB_DONE ? n : -1;
}
