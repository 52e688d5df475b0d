/* store_tasks.c — SQL of 督办 tasks: insert (more of the tasks' statements move here from the handlers over time). */
#include "tasks/internal.h"

int64_t tasks_store_task_insert(const tasks_task_row *t) {
  db_stmt *s = db_prepare("INSERT INTO tasks(plan_id, node_id, title, content, lead_unit_id, co_unit_ids, owner_id, leader_id, start_date, due_date,"
                          " priority, evidence_required, status, assigned_at, created_by, created_at, updated_at, workdays)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?16,?17)");
  if (!s) return 0;
  if (t->plan) db_bind_int(s, 1, t->plan); else db_bind_null(s, 1);
  if (t->node) db_bind_int(s, 2, t->node); else db_bind_null(s, 2);
  db_bind_text(s, 3, t->title);
  db_bind_text(s, 4, t->content);
  db_bind_int(s, 5, t->lead);
  db_bind_text(s, 6, t->co_json);
  if (t->owner) db_bind_int(s, 7, t->owner); else db_bind_null(s, 7);
  if (t->leader) db_bind_int(s, 8, t->leader); else db_bind_null(s, 8);
  db_bind_text(s, 9, t->start);
  db_bind_text(s, 10, t->due);
  db_bind_text(s, 11, t->priority);
  db_bind_text(s, 12, t->evidence);
  db_bind_text(s, 13, t->status);
  db_bind_text(s, 14, t->assigned_at);
  if (t->created_by) db_bind_int(s, 15, t->created_by); else db_bind_null(s, 15);
  db_bind_text(s, 16, t->at);
  db_bind_int(s, 17, t->workdays);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}
