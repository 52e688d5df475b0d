/* store_facts.c — what org tells the year's review (年度总结): the staff of a unit's subtree (0: every unit) at the end
 * of a year — enabled accounts created by then, the built-in admin aside. */
#include "org/internal.h"

int org_store_facts_staff(int year, int64_t unit_id, int64_t *staff) {
  db_stmt *s = db_prepare("SELECT count(*) FROM users us WHERE us.status = 'enabled' AND us.username <> 'admin'"
                          " AND substr(us.created_at, 1, 4) <= printf('%04d', ?1)"
                          " AND (?2 = 0 OR us.unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE (SELECT path FROM units WHERE id = ?2) || '%'))");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_int(s, 2, unit_id);
  int rc = -1;
  if (db_step(s) == DB_ROW) { *staff = db_col_int(s, 0); rc = 0; }
  db_reset(s);
  return rc;
}
