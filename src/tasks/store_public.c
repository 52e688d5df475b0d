/* store_public.c — the SQL behind tasks.h's calls for other modules (public.c): sources of tasks and checklist items, a
 * task's brief, the record of a unit or person over a year, the checklist a module's items join. */
#include "tasks/internal.h"
#include "base/db.h"
#include <stdio.h>
#include <string.h>

static int64_t id_by_source(const char *sql, const char *source) {
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  db_bind_text(s, 1, source);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : st == DB_DONE ? 0 : -1;
  db_reset(s);
  return id;
}

int64_t tasks_store_source_task(const char *source) { return id_by_source("SELECT id FROM tasks WHERE source_ref = ?", source); }
int64_t tasks_store_source_item(const char *source) { return id_by_source("SELECT id FROM task_checklist_items WHERE source_ref = ?", source); }

int tasks_store_task_set_source(int64_t id, const char *source, const char *label) {
  db_stmt *s = db_prepare("UPDATE tasks SET source_ref = ?1, source_label = ?2 WHERE id = ?3");
  if (!s) return -1;
  db_bind_text(s, 1, source);
  db_bind_text(s, 2, label);
  db_bind_int(s, 3, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_item_set_source(int64_t id, const char *source) {
  db_stmt *s = db_prepare("UPDATE task_checklist_items SET source_ref = ?1 WHERE id = ?2");
  if (!s) return -1;
  db_bind_text(s, 1, source);
  db_bind_int(s, 2, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

int tasks_store_brief(int64_t id, tasks_brief *out, int *workdays) {
  db_stmt *s = db_prepare("SELECT t.id, t.lead_unit_id, COALESCE(t.owner_id, 0), t.status, t.due_date, COALESCE(substr(t.closed_at, 1, 10), ''),"
                          " t.progress, t.urge_count, (SELECT count(*) FROM task_events e WHERE e.task_id = t.id AND e.kind = 'return'), t.workdays"
                          " FROM tasks t WHERE t.id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st != DB_ROW) {
    db_reset(s);
    return st == DB_DONE ? 1 : -1;
  }
  out->id = db_col_int(s, 0);
  out->lead_unit = db_col_int(s, 1);
  out->owner = db_col_int(s, 2);
  copy(out->status, sizeof out->status, db_col_text(s, 3));
  copy(out->due, sizeof out->due, db_col_text(s, 4));
  copy(out->closed_on, sizeof out->closed_on, db_col_text(s, 5));
  out->progress = (int)db_col_int(s, 6);
  out->urges = (int)db_col_int(s, 7);
  out->returns = (int)db_col_int(s, 8);
  *workdays = (int)db_col_int(s, 9);
  out->on_time = out->closed_on[0] && strcmp(out->closed_on, out->due) <= 0;
  db_reset(s);
  return 0;
}

int tasks_store_record(int64_t unit, int64_t owner, int year, const char *today, tasks_record *out) {
  char from[11], to[11];
  snprintf(from, sizeof from, "%04d-01-01", year);
  snprintf(to, sizeof to, "%04d-12-31", year);
  db_stmt *s = db_prepare("WITH t AS (SELECT id, status, due_date, substr(closed_at, 1, 10) AS closed_on, urge_count FROM tasks"
                          "  WHERE status <> '草稿' AND due_date BETWEEN ?1 AND ?2 AND (?3 = 0 OR lead_unit_id = ?3) AND (?4 = 0 OR owner_id = ?4))"
                          " SELECT count(*), COALESCE(sum(status = '已办结'), 0), COALESCE(sum(status = '已办结' AND closed_on <= due_date), 0),"
                          "  COALESCE(sum(status <> '已办结' AND due_date < ?5), 0), COALESCE(sum(urge_count), 0),"
                          "  (SELECT count(*) FROM task_events e JOIN t ON t.id = e.task_id WHERE e.kind = 'return')"
                          " FROM t");
  if (!s) return -1;
  db_bind_text(s, 1, from);
  db_bind_text(s, 2, to);
  db_bind_int(s, 3, unit);
  db_bind_int(s, 4, owner);
  db_bind_text(s, 5, today);
  if (db_step(s) != DB_ROW) {
    db_reset(s);
    return -1;
  }
  out->led = db_col_int(s, 0);
  out->closed = db_col_int(s, 1);
  out->closed_on_time = db_col_int(s, 2);
  out->open_overdue = db_col_int(s, 3);
  out->urges = db_col_int(s, 4);
  out->returns = db_col_int(s, 5);
  db_reset(s);
  return 0;
}

int64_t tasks_store_checklist_ensure(const char *kind, const char *title, int year, int64_t user, const char *at, int *made) {
  *made = 0;
  db_stmt *s = db_prepare("SELECT id FROM task_checklists WHERE kind = ? AND title = ? AND year = ? ORDER BY id LIMIT 1");
  if (!s) return -1;
  db_bind_text(s, 1, kind);
  db_bind_text(s, 2, title);
  db_bind_int(s, 3, year);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : st == DB_DONE ? 0 : -1;
  db_reset(s);
  if (id) return id;
  id = tasks_store_checklist_insert(kind, title, year, user, at);
  if (id > 0) *made = 1;
  return id;
}

int tasks_store_item_brief(int64_t id, tasks_cl_brief *out) {
  db_stmt *s = db_prepare("SELECT id, status, COALESCE(substr(closed_at, 1, 10), '') FROM task_checklist_items WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st != DB_ROW) {
    db_reset(s);
    return st == DB_DONE ? 1 : -1;
  }
  out->id = db_col_int(s, 0);
  copy(out->status, sizeof out->status, db_col_text(s, 1));
  copy(out->closed_on, sizeof out->closed_on, db_col_text(s, 2));
  db_reset(s);
  return 0;
}
