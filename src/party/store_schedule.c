/* store_schedule.c — SQL behind the schedule checker: frequencies in force, the held meetings of an organisation in a
 * year, its 党小组, its secretaries (for reminders) and the branches the caller sees. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int party_store_freqs(party_freq **out, size_t *n) {
  *out = NULL, *n = 0;
  db_stmt *s = db_prepare("SELECT kind, from_date, months FROM party_freq ORDER BY from_date");
  if (!s) return -1;
  size_t cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    int k = party_kind_parse(db_col_text(s, 0));
    if (k < 0) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      party_freq *v = realloc(*out, cap * sizeof *v);
      if (!v) { db_reset(s); free(*out); *out = NULL; return -1; }
      *out = v;
    }
    party_freq *f = &(*out)[(*n)++];
    f->kind = (party_kind)k;
    snprintf(f->from, sizeof f->from, "%s", db_col_text(s, 1));
    f->months = (int)db_col_int(s, 2);
  }
  if (st != DB_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
  return 0;
}

int party_store_freq_set(party_kind k, const char *from, int months) {
  db_stmt *s = db_prepare("INSERT INTO party_freq(kind, from_date, months) VALUES(?,?,?) ON CONFLICT(kind, from_date) DO UPDATE SET months = excluded.months");
  if (!s) return -1;
  db_bind_text(s, 1, party_kind_code(k));
  db_bind_text(s, 2, from);
  db_bind_int(s, 3, months);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_held(int64_t org, int year, party_held **out, size_t *n) {
  *out = NULL, *n = 0;
  char from[24], to[24];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  /* The secretary's 党课: presented by a member who is 书记 of the meeting's organisation. */
  db_stmt *s = db_prepare("SELECT e.kind, e.held_on, EXISTS (SELECT 1 FROM party_members p WHERE p.id = e.presenter_id AND p.role = '书记')"
                          " FROM party_meetings e WHERE e.org_id = ? AND e.held_on BETWEEN ? AND ? ORDER BY e.held_on");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  size_t cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    int k = party_kind_parse(db_col_text(s, 0));
    if (k < 0) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      party_held *v = realloc(*out, cap * sizeof *v);
      if (!v) { db_reset(s); free(*out); *out = NULL; return -1; }
      *out = v;
    }
    party_held *h = &(*out)[(*n)++];
    h->kind = (party_kind)k;
    snprintf(h->date, sizeof h->date, "%s", db_col_text(s, 1));
    h->by_secretary = (int)db_col_int(s, 2);
  }
  if (st != DB_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
  return 0;
}

json_t *party_store_groups(int64_t org) {
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'name', name, 'founded_on', founded_on) FROM party_orgs WHERE parent_id = ? AND kind = '党小组'"
                          " ORDER BY sort, id");
  if (!s) return NULL;
  db_bind_int(s, 1, org);
  return dbj_rows_text(s);
}

json_t *party_store_secretaries(int64_t org) {
  db_stmt *s = db_prepare("SELECT json_object('user_id', user_id, 'name', name) FROM party_members WHERE org_id = ? AND role IN ('书记','副书记')"
                          " AND status <> '已转出' AND user_id IS NOT NULL ORDER BY role, id");
  if (!s) return NULL;
  db_bind_int(s, 1, org);
  return dbj_rows_text(s);
}

json_t *party_store_visible_branches(req *r) {
  db_stmt *s = db_prepare("SELECT json_object('id', g.id, 'name', g.name, 'kind', g.kind, 'founded_on', g.founded_on) FROM party_orgs g"
                          " WHERE g.kind IN ('党支部','党总支') AND " PARTY_VISIBLE("g.id") " ORDER BY g.path, g.sort, g.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows_text(s);
}

json_t *party_store_all_branches(void) {
  db_stmt *s = db_prepare("SELECT json_object('id', id, 'name', name, 'kind', kind, 'founded_on', founded_on) FROM party_orgs"
                          " WHERE kind IN ('党支部','党总支') ORDER BY path, sort, id");
  if (!s) return NULL;
  return dbj_rows_text(s);
}

int party_store_org_founded(int64_t id, char founded[11], char kind[16], char name[128]) {
  db_stmt *s = db_prepare("SELECT founded_on, kind, name FROM party_orgs WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(founded, 11, "%s", db_col_text(s, 0));
    snprintf(kind, 16, "%s", db_col_text(s, 1));
    snprintf(name, 128, "%s", db_col_text(s, 2));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}
