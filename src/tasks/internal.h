/* internal.h — shared between the tasks module's own files; other modules include tasks.h only. */
#ifndef TASKS_INTERNAL_H
#define TASKS_INTERNAL_H
#include "tasks/tasks.h"
#include "base/export.h"
#include "base/jv.h"
#include "org/org.h"
#include <jansson.h>

/* Write transactions: begin or answer 503; commit or answer 500; roll back and answer 500. 0 ok. */
int tasks_tx_begin(req *r);
int tasks_tx_commit(req *r);
void tasks_tx_fail(req *r);

/* The unit exists and lies in the caller's data scope (or is the caller's own unit). */
int tasks_unit_in_scope(req *r, int64_t unit_id);
int tasks_user_exists(int64_t id);
/* A date field "YYYY-MM-DD": 1 present and valid, 0 absent/null (when optional), -1 answered 400. */
int tasks_jv_date(req *r, json_t *o, const char *key, const char *label, int required, const char **out);

void tasks_plans_routes(void);
void tasks_tasks_routes(void);
void tasks_checklists_routes(void);

/* Saves a plan and its node tree (array of {label,title,body,children}) inside the caller's transaction.
 * Returns the plan id, 0 on a database error. */
int64_t tasks_plan_insert(int year, const char *title, const char *theme, const char *text, json_t *tree, int64_t user_id);
/* One task as JSON with names and its light; NULL when absent. */
json_t *tasks_task_json(int64_t id);
/* Appends an event to a task's timeline. 0 ok. */
int tasks_event_add(int64_t task_id, const char *kind, int percent, const char *text, int64_t user_id, const char *user_name, const char *at);
/* The caller's open checklist items (owner) and those awaiting his approval, for 我的待办. NULL on error. */
json_t *tasks_cl_mine(req *r);
#endif
