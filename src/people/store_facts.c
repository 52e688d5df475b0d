/* store_facts.c — the SQL behind the people module's facts for 年度总结: votes closed and ballots cast in a year, and
 * sanctions decided in it, over a unit and every unit below it (0: the whole bureau). */
#include "people/internal.h"
#include <stdio.h>

#define SUBTREE "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE ?2 = 0 OR id = ?2 UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "

int people_store_facts_votes(int year, int64_t unit, const char *purpose, int64_t *boxes, int64_t *ballots) {
  db_stmt *s = db_prepare(SUBTREE "SELECT count(*), coalesce(sum((SELECT count(*) FROM people_ballot_casts x WHERE x.ballot_id = b.id)), 0)"
                          " FROM people_ballots b WHERE b.status = '已结束' AND b.purpose = ?3 AND substr(b.closed_at, 1, 4) = ?1"
                          " AND b.unit_id IN (SELECT id FROM sub)");
  if (!s) return -1;
  char y[16];
  snprintf(y, sizeof y, "%04d", year);
  db_bind_text(s, 1, y);
  db_bind_int(s, 2, unit);
  db_bind_text(s, 3, purpose);
  int ok = db_step(s) == DB_ROW;
  if (ok) { *boxes = db_col_int(s, 0); *ballots = db_col_int(s, 1); }
  db_reset(s);
  return ok ? 0 : -1;
}

int people_store_facts_sanctions(int year, int64_t unit, int64_t *count) {
  db_stmt *s = db_prepare(SUBTREE "SELECT count(*) FROM people_sanctions x WHERE substr(x.decided_on, 1, 4) = ?1 AND x.unit_id IN (SELECT id FROM sub)");
  if (!s) return -1;
  char y[16];
  snprintf(y, sizeof y, "%04d", year);
  db_bind_text(s, 1, y);
  db_bind_int(s, 2, unit);
  int ok = db_step(s) == DB_ROW;
  if (ok) *count = db_col_int(s, 0);
  db_reset(s);
  return ok ? 0 : -1;
}
