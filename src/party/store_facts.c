/* store_facts.c — SQL behind what the party module offers other modules: the year's figures for 年度总结 (over a unit
 * and every unit below it, through the units an organisation covers and the units of members' users) and the
 * cockpit's monthly attendance per unit (a member counts in his user's unit). No caller scope: system reports. */
#include "party/internal.h"
#include <stdio.h>
#include <string.h>

/* Units in the subtree of ?1 (0: every unit). */
#define SUBTREE(col) "(?1 = 0 OR " col " IN (SELECT u.id FROM units u WHERE u.path LIKE (SELECT p.path FROM units p WHERE p.id = ?1) || '%'))"

int party_store_year_facts(int year, int64_t unit, party_year_facts *out) {
  memset(out, 0, sizeof *out);
  char from[24], to[24];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare("SELECT count(*) FROM party_meetings e WHERE e.held_on BETWEEN ?2 AND ?3 AND (?1 = 0 OR EXISTS (SELECT 1 FROM party_org_units pu"
                          " WHERE pu.org_id = e.org_id AND " SUBTREE("pu.unit_id") "))");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  out->meetings = db_col_int(s, 0);
  db_reset(s);
  s = db_prepare("SELECT count(*), coalesce(sum(a.state = '出席'), 0) FROM party_attendance a JOIN party_meetings e ON e.id = a.meeting_id"
                 " JOIN party_members m ON m.id = a.member_id LEFT JOIN users us ON us.id = m.user_id"
                 " WHERE e.held_on BETWEEN ?2 AND ?3 AND (?1 = 0 OR " SUBTREE("us.unit_id") ")");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  out->expected = db_col_int(s, 0);
  out->present = db_col_int(s, 1);
  db_reset(s);
  s = db_prepare("SELECT count(*), coalesce(sum(m.status = '预备'), 0) FROM party_members m LEFT JOIN users us ON us.id = m.user_id"
                 " WHERE m.status <> '已转出' AND (?1 = 0 OR " SUBTREE("us.unit_id") ")");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  out->members = db_col_int(s, 0);
  out->probation = db_col_int(s, 1);
  db_reset(s);
  return 0;
}

int party_store_month_attendance(int64_t unit, const char *from, const char *to, int64_t *expected, int64_t *present) {
  /* the unit's own members (not its sub-units'); unit 0: everyone */
  db_stmt *s = db_prepare("SELECT count(*), coalesce(sum(a.state = '出席'), 0) FROM party_attendance a JOIN party_meetings e ON e.id = a.meeting_id"
                          " JOIN party_members m ON m.id = a.member_id LEFT JOIN users us ON us.id = m.user_id"
                          " WHERE e.held_on BETWEEN ?2 AND ?3 AND (?1 = 0 OR us.unit_id = ?1)");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  *expected = db_col_int(s, 0);
  *present = db_col_int(s, 1);
  db_reset(s);
  return 0;
}

int party_store_first_year(void) {
  db_stmt *s = db_prepare("SELECT coalesce(min(substr(held_on, 1, 4)), 0) FROM party_meetings WHERE held_on IS NOT NULL");
  if (!s) return -1;
  int y = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
  db_reset(s);
  return y;
}

int party_store_month_learning(int64_t unit, const char *from, const char *to, double *hours, int64_t *rows) {
  /* hours of sessions attended (出席) by the unit's own members (0: everyone) */
  db_stmt *s = db_prepare("SELECT count(*), coalesce(sum(l.hours), 0) FROM party_learning_att a JOIN party_learning l ON l.id = a.session_id"
                          " JOIN party_members m ON m.id = a.member_id LEFT JOIN users us ON us.id = m.user_id"
                          " WHERE a.state = '出席' AND l.held_on BETWEEN ?2 AND ?3 AND (?1 = 0 OR us.unit_id = ?1)");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  *rows = db_col_int(s, 0);
  *hours = db_col_double(s, 1);
  db_reset(s);
  return 0;
}
