/* store_tasks.c — all SQL of 督办 tasks: one task's row, scope and timeline, insert, edit, delete and transitions. */
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

json_t *tasks_store_task_row(int64_t id) { return dbj_one("SELECT " TASK_COLS TASK_FROM " WHERE t.id = ?", id); }

void tasks_task_bind_scope(req *r, db_stmt *s) {
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
}

int tasks_task_visible(req *r, int64_t id) {
  if (!id || !org_caller_scope(r)) return 0;
  db_stmt *s = db_prepare("SELECT 1 FROM tasks t WHERE t.id = ?5 AND " TASK_SCOPE);
  if (!s) return 0;
  tasks_task_bind_scope(r, s);
  db_bind_int(s, 5, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}


int tasks_event_add(int64_t task_id, const char *kind, int percent, const char *text, int64_t user_id, const char *user_name, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_events(task_id, kind, percent, text, user_id, user_name, at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, task_id);
  db_bind_text(s, 2, kind);
  if (percent >= 0) db_bind_int(s, 3, percent); else db_bind_null(s, 3);
  db_bind_text(s, 4, text ? text : "");
  if (user_id) db_bind_int(s, 5, user_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, user_name ? user_name : "");
  db_bind_text(s, 7, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}


json_t *tasks_store_task_events(int64_t id) {
  db_stmt *s = db_prepare("SELECT e.id, e.kind, e.percent, e.text, e.user_id, e.user_name, e.at,"
                          " (SELECT json_group_array(json_object('id', a.id, 'name', a.name, 'size', a.size, 'type', a.type))"
                          "  FROM task_attachments a WHERE a.event_id = e.id) AS j_attachments"
                          " FROM task_events e WHERE e.task_id = ? ORDER BY e.id");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

json_t *tasks_store_task_pending_files(int64_t task, int64_t user) {
  db_stmt *s = db_prepare("SELECT a.id, a.name, a.size, a.type, a.uploaded_at FROM task_attachments a WHERE a.owner_kind = 'task' AND a.owner_id = ?"
                          " AND a.event_id IS NULL AND a.uploaded_by = ? ORDER BY a.id");
  if (!s) return NULL;
  db_bind_int(s, 1, task);
  db_bind_int(s, 2, user);
  return dbj_rows(s);
}

int tasks_store_task_update(int64_t id, const task_in *in, const char *co, int set_start, const char *at) {
  db_stmt *s = db_prepare("UPDATE tasks SET plan_id = CASE WHEN ?1 THEN ?2 ELSE plan_id END, node_id = CASE WHEN ?3 THEN ?4 ELSE node_id END,"
                          " title = COALESCE(?5, title), content = COALESCE(?6, content), lead_unit_id = COALESCE(?7, lead_unit_id),"
                          " co_unit_ids = COALESCE(?8, co_unit_ids), owner_id = CASE WHEN ?9 THEN ?10 ELSE owner_id END,"
                          " leader_id = CASE WHEN ?11 THEN ?12 ELSE leader_id END, start_date = CASE WHEN ?13 THEN ?14 ELSE start_date END,"
                          " due_date = COALESCE(?15, due_date), priority = COALESCE(?16, priority), evidence_required = COALESCE(?17, evidence_required),"
                          " updated_at = ?18, workdays = COALESCE(?20, workdays) WHERE id = ?19");
  if (!s) return -1;
  db_bind_int(s, 1, in->has[F_PLAN] != 0);
  if (in->plan) db_bind_int(s, 2, in->plan); else db_bind_null(s, 2);
  db_bind_int(s, 3, in->has[F_NODE] != 0);
  if (in->node) db_bind_int(s, 4, in->node); else db_bind_null(s, 4);
  db_bind_text(s, 5, in->has[F_TITLE] > 0 ? in->title : NULL);
  db_bind_text(s, 6, in->has[F_CONTENT] > 0 ? in->content : NULL);
  if (in->has[F_LEAD] > 0) db_bind_int(s, 7, in->lead); else db_bind_null(s, 7);
  db_bind_text(s, 8, in->has[F_CO] > 0 ? co : NULL);
  db_bind_int(s, 9, in->has[F_OWNER] != 0);
  if (in->owner) db_bind_int(s, 10, in->owner); else db_bind_null(s, 10);
  db_bind_int(s, 11, in->has[F_LEADER] != 0);
  if (in->leader) db_bind_int(s, 12, in->leader); else db_bind_null(s, 12);
  db_bind_int(s, 13, set_start); /* null clears it */
  db_bind_text(s, 14, in->start);
  db_bind_text(s, 15, in->has[F_DUE] > 0 ? in->due : NULL);
  db_bind_text(s, 16, in->has[F_PRIO] > 0 ? in->priority : NULL);
  db_bind_text(s, 17, in->has[F_EVID] > 0 ? in->evidence : NULL);
  db_bind_text(s, 18, at);
  db_bind_int(s, 19, id);
  if (in->has[F_WORKDAYS] > 0) db_bind_int(s, 20, in->workdays); else db_bind_null(s, 20);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_task_delete(int64_t id) {
  db_stmt *s = db_prepare("DELETE FROM tasks WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_task_transition(int64_t id, const tasks_transition *t) {
  db_stmt *s = db_prepare("UPDATE tasks SET status = ?1, progress = CASE WHEN ?2 >= 0 THEN ?2 ELSE progress END,"
                          " return_reason = CASE WHEN ?3 IS NOT NULL THEN ?3 WHEN ?1 = '已办结' THEN '' ELSE return_reason END,"
                          " urge_count = urge_count + ?4, evaluation = CASE WHEN ?5 IS NOT NULL THEN ?5 WHEN ?1 <> '已办结' THEN '' ELSE evaluation END,"
                          " evaluation_note = CASE WHEN ?5 IS NOT NULL THEN ?6 WHEN ?1 <> '已办结' THEN '' ELSE evaluation_note END,"
                          " assigned_at = CASE WHEN ?7 THEN ?8 ELSE assigned_at END,"
                          " closed_at = CASE WHEN ?1 = '已办结' THEN COALESCE(CASE WHEN ?9 THEN ?8 END, closed_at) ELSE NULL END,"
                          " updated_at = ?8 WHERE id = ?10");

  if (!s) return -1;
  db_bind_text(s, 1, t->status);
  db_bind_int(s, 2, t->progress);
  db_bind_text(s, 3, t->reason);
  db_bind_int(s, 4, t->urge);
  db_bind_text(s, 5, t->evaluation);
  db_bind_text(s, 6, t->note);
  db_bind_int(s, 7, t->assign);
  db_bind_text(s, 8, t->at);
  db_bind_int(s, 9, t->close);
  db_bind_int(s, 10, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_user_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM users WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

