/* store_assess.c — SQL of 党建考核: the scoring rules as settings, each branch's assessment row for a year, and the
 * attendance figures its score is computed from. */
#include "party/internal.h"
#include <stdio.h>
#include <string.h>

int party_store_rules(party_rules *r) {
  *r = party_default_rules;
  db_stmt *s = db_prepare("SELECT key, value FROM party_settings");
  if (!s) return -1;
  json_t *o = json_object();
  db_status st;
  while ((st = db_step(s)) == DB_ROW) json_object_set_new(o, db_col_text(s, 0), json_real(db_col_double(s, 1)));
  char field[64], msg[200];
  int bad = st != DB_DONE;
  /* a key written by an older version and no longer known is skipped, one at a time */
  const char *k;
  json_t *v;
  void *tmp;
  json_object_foreach_safe(o, tmp, k, v) {
    json_t *one = json_pack("{s:O}", k, v);
    party_rules_parse(one, r, field, sizeof field, msg, sizeof msg);
    json_decref(one);
  }
  json_decref(o);
  return bad ? -1 : 0;
}

int party_store_rule_set(const char *key, double v) {
  db_stmt *s = db_prepare("INSERT INTO party_settings(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s) return -1;
  db_bind_text(s, 1, key);
  db_bind_double(s, 2, v);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *party_store_assessment(int64_t org, int year) {
  db_stmt *s = db_prepare("SELECT json_object('status', status, 'adjustments', json(adjustments), 'note', note, 'confirmed_score', confirmed_score,"
                          " 'confirmed_detail', json(confirmed_detail), 'updated_at', updated_at) FROM party_assessments WHERE org_id = ? AND year = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, org);
  db_bind_int(s, 2, year);
  db_status st = db_step(s);
  json_t *o = st == DB_ROW ? json_loads(db_col_text(s, 0), 0, NULL)
              : st == DB_DONE ? json_pack("{s:s,s:[],s:s,s:n,s:n,s:n}", "status", "草稿", "adjustments", "note", "", "confirmed_score", "confirmed_detail",
                                          "updated_at")
                              : NULL;
  db_reset(s);
  return o;
}

int party_store_assessment_save(int64_t org, int year, const char *status, const char *adjustments, const char *note, double *confirmed,
                                const char *detail, int64_t by, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO party_assessments(org_id, year, status, adjustments, note, confirmed_score, confirmed_detail, updated_by, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(org_id, year) DO UPDATE SET status = ?3, adjustments = ?4, note = ?5,"
                          " confirmed_score = ?6, confirmed_detail = ?7, updated_by = ?8, updated_at = ?9");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_bind_int(s, 2, year);
  db_bind_text(s, 3, status);
  db_bind_text(s, 4, adjustments);
  db_bind_text(s, 5, note ? note : "");
  if (confirmed) db_bind_double(s, 6, *confirmed); else db_bind_null(s, 6);
  db_bind_text(s, 7, detail);
  if (by) db_bind_int(s, 8, by); else db_bind_null(s, 8);
  db_bind_text(s, 9, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int party_store_org_attendance(int64_t org, int year, int64_t *expected, int64_t *present) {
  char from[24], to[24];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare("SELECT count(*), coalesce(sum(a.state = '出席'), 0) FROM party_attendance a JOIN party_meetings e ON e.id = a.meeting_id"
                          " JOIN party_orgs g ON g.id = e.org_id WHERE (g.id = ?1 OR g.parent_id = ?1) AND e.held_on BETWEEN ?2 AND ?3");
  if (!s) return -1;
  db_bind_int(s, 1, org);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  *expected = db_col_int(s, 0);
  *present = db_col_int(s, 1);
  db_reset(s);
  return 0;
}
