/* store_workbench.c — what the 工作台's 督办 cards read: open tasks in the caller's scope by deadline, and the 台账's
 * light counts (the same bounds as the 台账's light filter, so a tile and the list it links to agree). */
#include "tasks/internal.h"

json_t *tasks_store_wb_tasks(req *r, const char *statuses_json, int limit) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " TASK_COLS TASK_FROM " WHERE " TASK_SCOPE
                          " AND t.status IN (SELECT value FROM json_each(?5))"
                          " ORDER BY t.due_date, t.id LIMIT ?6");
  if (!s) return NULL;
  tasks_task_bind_scope(r, s);
  db_bind_text(s, 5, statuses_json);
  db_bind_int(s, 6, limit);
  return dbj_rows(s);
}

int tasks_store_wb_lights(req *r, const tasks_clock *ck, int64_t *red, int64_t *yellow, int64_t *green, int64_t *review) {
  if (!org_caller_scope(r)) return -1;
  db_stmt *s = db_prepare("SELECT COALESCE(sum(t.due_date <= CASE WHEN t.workdays THEN ?5 ELSE ?6 END), 0),"
                          " COALESCE(sum(t.due_date > CASE WHEN t.workdays THEN ?5 ELSE ?6 END AND t.due_date <= CASE WHEN t.workdays THEN ?7 ELSE ?8 END), 0),"
                          " COALESCE(sum(t.due_date > CASE WHEN t.workdays THEN ?7 ELSE ?8 END), 0), COALESCE(sum(t.status = '待审核'), 0)"
                          " FROM tasks t WHERE " TASK_SCOPE " AND t.status IN ('已交办','办理中','待审核')");
  if (!s) return -1;
  tasks_task_bind_scope(r, s);
  db_bind_text(s, 5, ck->red_s[1]);
  db_bind_text(s, 6, ck->red_s[0]);
  db_bind_text(s, 7, ck->yellow_s[1]);
  db_bind_text(s, 8, ck->yellow_s[0]);
  int rc = -1;
  if (db_step(s) == DB_ROW) {
    *red = db_col_int(s, 0);
    *yellow = db_col_int(s, 1);
    *green = db_col_int(s, 2);
    *review = db_col_int(s, 3);
    rc = 0;
  }
  db_reset(s);
  return rc;
}
