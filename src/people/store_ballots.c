/* store_ballots.c — all SQL of ballot boxes: the box, its candidates and voter groups, one-time codes, cast ballots. */
#include "people/internal.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int64_t people_store_ballot_insert(const people_ballot_row *b) {
  db_stmt *s = db_prepare("INSERT INTO people_ballots(title, purpose, kind, grades, points, max_choices, quota_permille, places, unit_id,"
                          " source, created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, b->title);
  db_bind_text(s, 2, b->purpose);
  db_bind_text(s, 3, b->kind);
  db_bind_text(s, 4, b->grades_json);
  db_bind_text(s, 5, b->points_json);
  db_bind_int(s, 6, b->max_choices);
  db_bind_int(s, 7, b->quota_permille);
  db_bind_int(s, 8, b->places);
  db_bind_int(s, 9, b->unit_id);
  db_bind_text(s, 10, b->source);
  if (b->created_by) db_bind_int(s, 11, b->created_by); else db_bind_null(s, 11);
  db_bind_now(s, 12);
  return db_insert(s);
}

int people_store_candidate_insert(int64_t ballot, int sort, const char *name, int64_t user_id, int64_t unit_id, const char *note) {
  db_stmt *s = db_prepare("INSERT INTO people_ballot_candidates(ballot_id, sort, name, user_id, unit_id, note) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_bind_int(s, 2, sort);
  db_bind_text(s, 3, name);
  if (user_id) db_bind_int(s, 4, user_id); else db_bind_null(s, 4);
  if (unit_id) db_bind_int(s, 5, unit_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, note ? note : "");
  return db_insert(s) > 0 ? 0 : -1;
}

int64_t people_store_group_insert(int64_t ballot, int sort, const char *name, int weight) {
  db_stmt *s = db_prepare("INSERT INTO people_ballot_groups(ballot_id, sort, name, weight) VALUES(?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_bind_int(s, 2, sort);
  db_bind_text(s, 3, name);
  db_bind_int(s, 4, weight);
  return db_insert(s);
}

#define BOX_SCOPE ORG_SCOPE_SQL("b.unit_id", "b.created_by", 1, 2, 3)
#define BOX_JSON "json_object('id', b.id, 'title', b.title, 'purpose', b.purpose, 'kind', b.kind, 'grades', json(b.grades)," \
  " 'points', json(b.points), 'max_choices', b.max_choices, 'quota_permille', b.quota_permille, 'places', b.places, 'unit_id', b.unit_id," \
  " 'unit_name', u.name, 'source', b.source, 'status', b.status, 'created_by', b.created_by, 'created_at', b.created_at," \
  " 'opened_at', b.opened_at, 'closed_at', b.closed_at," \
  " 'candidates', (SELECT count(*) FROM people_ballot_candidates c WHERE c.ballot_id = b.id)," \
  " 'issued', (SELECT coalesce(sum(g.issued), 0) FROM people_ballot_groups g WHERE g.ballot_id = b.id)," \
  " 'cast', (SELECT count(*) FROM people_ballot_casts x WHERE x.ballot_id = b.id))"

json_t *people_store_ballot_json(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " BOX_JSON " FROM people_ballots b JOIN units u ON u.id = b.unit_id WHERE b.id = ?4 AND " BOX_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows_text(s));
  if (!o) return NULL;
  db_stmt *c = db_prepare("SELECT c.id, c.sort, c.name, c.user_id, c.unit_id, un.name AS unit_name, c.note FROM people_ballot_candidates c"
                          " LEFT JOIN units un ON un.id = c.unit_id WHERE c.ballot_id = ? ORDER BY c.sort");
  json_t *cands = NULL, *groups = people_store_groups(id);
  if (c) { db_bind_int(c, 1, id); cands = dbj_rows(c); }
  if (!cands || !groups) { json_decref(cands); json_decref(groups); json_decref(o); return NULL; }
  json_object_set_new(o, "candidate_list", cands);
  json_object_set_new(o, "groups", groups);
  return o;
}

json_t *people_store_groups(int64_t ballot) {
  db_stmt *s = db_prepare("SELECT g.id, g.name, g.weight, g.issued, (SELECT count(*) FROM people_ballot_casts x WHERE x.group_id = g.id) AS cast"
                          " FROM people_ballot_groups g WHERE g.ballot_id = ? ORDER BY g.sort");
  if (!s) return NULL;
  db_bind_int(s, 1, ballot);
  return dbj_rows(s);
}

typedef struct scoped_like { req *r; const char *like; } scoped_like;
static void bind_scoped_like(db_stmt *s, const void *ctx) {
  const scoped_like *q = ctx;
  org_scope_bind(q->r, s, 1);
  db_bind_text(s, 4, q->like);
}

char *people_store_ballot_page(req *r, const char *like, int64_t offset, int64_t size, size_t *len) {
  if (!org_caller_scope(r)) return NULL;
  scoped_like q = {r, like};
  return dbj_page("SELECT count(*) FROM people_ballots b WHERE " BOX_SCOPE " AND (?4 IS NULL OR b.title LIKE ?4 ESCAPE '\\')",
                  "SELECT " BOX_JSON " FROM people_ballots b JOIN units u ON u.id = b.unit_id WHERE " BOX_SCOPE
                  " AND (?4 IS NULL OR b.title LIKE ?4 ESCAPE '\\') ORDER BY b.id DESC LIMIT ?5 OFFSET ?6",
                  bind_scoped_like, &q, 5, size, offset, len);
}

int people_store_ballot_status(int64_t id, char *status, size_t cap) {
  db_stmt *s = db_prepare("SELECT status FROM people_ballots WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) snprintf(status, cap, "%s", db_col_text(s, 0));
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_ballot_set_status(int64_t id, const char *status) {
  db_stmt *s = db_prepare("UPDATE people_ballots SET status = ?2, opened_at = CASE WHEN ?2 = '投票中' THEN ?3 ELSE opened_at END,"
                          " closed_at = CASE WHEN ?2 = '已结束' THEN ?3 ELSE closed_at END WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, status);
  db_bind_now(s, 3);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t people_store_group_of(int64_t ballot, int64_t group) {
  db_stmt *s = db_prepare("SELECT id FROM people_ballot_groups WHERE id = ? AND ballot_id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, group);
  db_bind_int(s, 2, ballot);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}

int people_store_code_insert(const char *hash, int64_t ballot, int64_t group) {
  db_stmt *s = db_prepare("INSERT INTO people_ballot_codes(hash, ballot_id, group_id) VALUES(?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, hash);
  db_bind_int(s, 2, ballot);
  db_bind_int(s, 3, group);
  db_status st = db_step(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

int people_store_group_add_issued(int64_t group, int n) {
  db_stmt *s = db_prepare("UPDATE people_ballot_groups SET issued = issued + ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, n);
  db_bind_int(s, 2, group);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int people_store_code_find(const char *hash, int64_t *ballot, int64_t *group, int *used) {
  db_stmt *s = db_prepare("SELECT ballot_id, group_id, used FROM people_ballot_codes WHERE hash = ?");
  if (!s) return -1;
  db_bind_text(s, 1, hash);
  db_status st = db_step(s);
  if (st == DB_ROW) { *ballot = db_col_int(s, 0); *group = db_col_int(s, 1); *used = (int)db_col_int(s, 2); }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_code_use(const char *hash) {
  db_stmt *s = db_prepare("UPDATE people_ballot_codes SET used = 1 WHERE hash = ? AND used = 0");
  if (!s) return -1;
  db_bind_text(s, 1, hash);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1;
}

int people_store_form(int64_t ballot, people_form_row *f) {
  memset(f, 0, sizeof *f);
  db_stmt *s = db_prepare("SELECT b.kind, b.grades, b.points, b.max_choices, b.quota_permille, b.places,"
                          " json_object('id', b.id, 'title', b.title, 'purpose', b.purpose, 'kind', b.kind, 'status', b.status,"
                          " 'max_choices', b.max_choices, 'unit_name', u.name)"
                          " FROM people_ballots b JOIN units u ON u.id = b.unit_id WHERE b.id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, ballot);
  db_status st = db_step(s);
  if (st != DB_ROW) { db_reset(s); return st == DB_DONE ? 1 : -1; }
  f->kind = !strcmp(db_col_text(s, 0), "grade") ? PEOPLE_BALLOT_GRADE : PEOPLE_BALLOT_CHOOSE;
  f->grades = json_loads(db_col_text(s, 1), 0, NULL);
  f->points = json_loads(db_col_text(s, 2), 0, NULL);
  f->max_choices = (int)db_col_int(s, 3);
  f->quota_permille = (int)db_col_int(s, 4);
  f->places = (int)db_col_int(s, 5);
  f->box = json_loads(db_col_text(s, 6), 0, NULL);
  db_reset(s);
  db_stmt *c = db_prepare("SELECT id, name, note, unit_id, (SELECT name FROM units WHERE id = c.unit_id) FROM people_ballot_candidates c"
                          " WHERE ballot_id = ? ORDER BY sort");
  json_t *list = json_array();
  if (!c || !f->grades || !f->points || !f->box || !list) { json_decref(list); people_form_free(f); return -1; }
  db_bind_int(c, 1, ballot);
  size_t cap = 16;
  f->cand_ids = malloc(cap * sizeof *f->cand_ids);
  while (f->cand_ids && (st = db_step(c)) == DB_ROW) {
    if ((size_t)f->ncand == cap) {
      int64_t *p = realloc(f->cand_ids, (cap *= 2) * sizeof *p);
      if (!p) break;
      f->cand_ids = p;
    }
    f->cand_ids[f->ncand++] = db_col_int(c, 0);
    json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s?}", "id", (json_int_t)db_col_int(c, 0), "name", db_col_text(c, 1),
                                          "note", db_col_text(c, 2), "unit_name", db_col_is_null(c, 4) ? NULL : db_col_text(c, 4)));
  }
  db_reset(c);
  json_object_set_new(f->box, "candidates", list);
  if (!f->cand_ids || st != DB_DONE) { people_form_free(f); return -1; }
  return 0;
}

void people_form_free(people_form_row *f) {
  free(f->cand_ids);
  json_decref(f->grades);
  json_decref(f->points);
  json_decref(f->box);
  memset(f, 0, sizeof *f);
}

int people_store_cast_insert(int64_t ballot, int64_t group, const char *marks_json) {
  db_stmt *s = db_prepare("INSERT INTO people_ballot_casts(id, ballot_id, group_id, marks) VALUES(?,?,?,?)");
  if (!s) return -1;
  for (int tries = 0; tries < 8; tries++) {
    uint64_t v;
    randombytes_buf(&v, sizeof v);
    int64_t id = (int64_t)(v >> 2) + 1; /* positive, random: the row order says nothing of the casting order */
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, ballot);
    db_bind_int(s, 3, group);
    db_bind_text(s, 4, marks_json);
    db_status st = db_step(s);
    if (st == DB_DONE) return 0;
    if (st != DB_CONSTRAINT) return -1;
  }
  return -1;
}

json_t *people_store_casts(int64_t ballot) {
  db_stmt *s = db_prepare("SELECT group_id, marks FROM people_ballot_casts WHERE ballot_id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, ballot);
  json_t *a = json_array();
  db_status st;
  while (a && (st = db_step(s)) == DB_ROW) json_array_append_new(a, json_pack("[I,s]", (json_int_t)db_col_int(s, 0), db_col_text(s, 1)));
  db_reset(s);
  if (a && st != DB_DONE) { json_decref(a); return NULL; }
  return a;
}
