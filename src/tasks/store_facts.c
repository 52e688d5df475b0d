/* store_facts.c — what the tasks module tells the year's review (年度总结) besides its checklist statistics: the tasks
 * due in a year over a unit's subtree (by plan, closed, closed on time) and the 回头看 of that year's checklists.
 * No caller scope: the report module checks the caller may see the unit before asking. */
#include "tasks/internal.h"

/* Units: 0 every unit, else the unit and every unit below it (units.path). */
#define FACTS_UNIT(col) "(?2 = 0 OR " col " IN (SELECT u.id FROM units u WHERE u.path LIKE (SELECT path FROM units WHERE id = ?2) || '%'))"

int tasks_store_facts_tasks(int year, int64_t unit_id, int64_t *total, int64_t *closed, int64_t *on_time, int64_t *planned) {
  db_stmt *s = db_prepare("SELECT count(*), COALESCE(sum(t.status = '已办结'), 0),"
                          " COALESCE(sum(t.status = '已办结' AND substr(t.closed_at, 1, 10) <= t.due_date), 0),"
                          " COALESCE(sum(t.plan_id IS NOT NULL), 0)"
                          " FROM tasks t WHERE t.status <> '草稿' AND substr(t.due_date, 1, 4) = printf('%04d', ?1) AND " FACTS_UNIT("t.lead_unit_id"));
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_int(s, 2, unit_id);
  int rc = -1;
  if (db_step(s) == DB_ROW) {
    *total = db_col_int(s, 0), *closed = db_col_int(s, 1), *on_time = db_col_int(s, 2), *planned = db_col_int(s, 3);
    rc = 0;
  }
  db_reset(s);
  return rc;
}

int tasks_store_facts_lookback(int year, int64_t unit_id, int64_t *drawn, int64_t *confirmed, int64_t *reopened) {
  db_stmt *s = db_prepare("SELECT count(*), COALESCE(sum(r.status = '已确认'), 0), COALESCE(sum(r.status = '已重新整改'), 0)"
                          " FROM task_cl_reviews r JOIN task_checklists c ON c.id = r.checklist_id"
                          " JOIN task_checklist_items i ON i.id = r.item_id WHERE c.year = ?1 AND " FACTS_UNIT("i.unit_id"));
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_int(s, 2, unit_id);
  int rc = -1;
  if (db_step(s) == DB_ROW) {
    *drawn = db_col_int(s, 0), *confirmed = db_col_int(s, 1), *reopened = db_col_int(s, 2);
    rc = 0;
  }
  db_reset(s);
  return rc;
}
