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

/* ---- tasks: the columns of one task as JSON (dbj_row), and the data scope ---- */
#define TASK_COLS "t.id, t.plan_id, p.title AS plan_title, t.node_id, nd.label AS node_label, nd.title AS node_title, t.title, t.content," \
  " t.lead_unit_id, lu.name AS lead_unit_name, t.co_unit_ids AS j_co_unit_ids," \
  " (SELECT group_concat(u2.name, '、') FROM json_each(t.co_unit_ids) je JOIN units u2 ON u2.id = je.value) AS co_unit_names," \
  " t.owner_id, ow.name AS owner_name, ow.phone AS owner_phone, t.leader_id, ld.name AS leader_name, t.start_date, t.due_date, t.priority, t.evidence_required," \
  " t.status, t.progress, t.return_reason, t.urge_count, t.evaluation, t.evaluation_note, t.assigned_at, t.closed_at, t.created_at, t.updated_at," \
  " t.workdays AS b_workdays, t.source_label"
#define TASK_FROM " FROM tasks t LEFT JOIN task_plans p ON p.id = t.plan_id LEFT JOIN task_plan_nodes nd ON nd.id = t.node_id" \
  " JOIN units lu ON lu.id = t.lead_unit_id LEFT JOIN users ow ON ow.id = t.owner_id LEFT JOIN users ld ON ld.id = t.leader_id"
/* A task is in scope through its lead unit or its owner; its owner always sees it. */
#define TASK_SCOPE "(" ORG_SCOPE_SQL("t.lead_unit_id", "t.owner_id", 1, 2, 3) " OR t.owner_id = ?4)"
/* Binds TASK_SCOPE's parameters 1–4. */
void tasks_task_bind_scope(req *r, db_stmt *s);
/* The task exists and is in the caller's scope. */
int tasks_task_visible(req *r, int64_t id);
/* The caller may handle the task (承办): holds tasks:task:handle and owns it or has its lead unit in scope. */
int tasks_task_is_handler(req *r, json_t *task);
/* The fields of a task body (create or PATCH), checked: units in scope, users and plan node exist. */
typedef struct task_in {
  int64_t plan, node, lead, owner, leader;
  int64_t *co;
  size_t nco;
  const char *title, *content, *start, *due, *priority, *evidence;
  int workdays;
  int has[13]; /* presence of each field, in the order read */
} task_in;
enum { F_PLAN, F_NODE, F_TITLE, F_CONTENT, F_LEAD, F_CO, F_OWNER, F_LEADER, F_START, F_DUE, F_PRIO, F_EVID, F_WORKDAYS };
/* 0 ok; -1 answered 400 naming the field. */
int tasks_read_task(req *r, json_t *o, int create, task_in *in);
/* Inside the caller's transaction: the task (草稿, or 已交办 with assign), its 立项/交办 events, the audit row and the
 * assignment message. Returns its id and *after (caller decrefs), 0 on a database error (nothing answered). */
int64_t tasks_task_create(req *r, const task_in *in, int assign, const char *at, json_t **after);

/* A checklist item's fields (checklists.c reads them from a body; public.c from another module). */
typedef struct tasks_item_in {
  const char *title, *group, *source, *measures, *due;
  int64_t unit, owner, amount, recovered, refunded, people, seq;
  int has[11];
} tasks_item_in;
/* ---- store_checklists.c: 清单闭环 (scoped calls take the request for its scope; r NULL: the system, everything) ---- */
/* The one insert of an item: the API, the importer and tasks_cl_item_open. The new id, 0 on error. */
int64_t tasks_cl_item_insert(int64_t checklist, const tasks_item_in *in, const char *at);
int64_t tasks_store_checklist_insert(const char *kind, const char *title, int64_t year, int64_t user, const char *at); /* new id, -1 error */
json_t *tasks_store_checklist_get(int64_t id);               /* with item and closed counts; NULL when absent */
json_t *tasks_store_checklists(const char *kind, int64_t year); /* kind NULL / year 0: any; NULL error */
json_t *tasks_store_item_row(int64_t id);                    /* the item's columns (no attachments); NULL when absent */
int tasks_store_item_visible(req *r, int64_t id);            /* 1 in scope (unit or owner), 0 not or error */
typedef struct tasks_cl_stat_row {
  const char *status, *due, *closed; /* closed: its day, "" when open */
  int64_t amount, recovered, refunded, people, unit_id;
  const char *unit_name;
} tasks_cl_stat_row;
/* The items a filter selects, one call per item, in unit order. 0 ok, -1 error. */
int tasks_store_cl_stat_rows(req *r, const tasks_cl_filter *f, void (*row)(void *ctx, const tasks_cl_stat_row *x), void *ctx);
/* A checklist's items: status and like (LIKE pattern) NULL, unit 0 for any; below: the unit's subtree. */
typedef struct tasks_items_q { int64_t checklist; const char *status; int64_t unit; int below; const char *like; } tasks_items_q;
int64_t tasks_store_items_count(req *r, const tasks_items_q *q);                           /* -1 error */
json_t *tasks_store_items_page(req *r, const tasks_items_q *q, int64_t limit, int64_t offset); /* limit -1: all; NULL error */
/* The fields in->has marks (set_due: due_date too, NULL clears it). 0 ok, -1 error. */
int tasks_store_item_update(int64_t id, const tasks_item_in *in, int set_due, const char *at);
/* A close-out step (0 submit, 1 approve, 2 return) to status, with evidence or reason. 0 ok, -1 error. */
int tasks_store_item_step(int64_t id, int step, const char *status, const char *evidence, const char *reason, int64_t by, const char *at);
json_t *tasks_store_items_mine(req *r, int can_approve);     /* the caller's open items and, if he approves, those awaiting him */

/* ---- store_public.c: the SQL behind tasks.h's calls for other modules ---- */
int64_t tasks_store_source_task(const char *source);  /* the task opened for this source, 0 none, -1 error */
int tasks_store_task_set_source(int64_t id, const char *source, const char *label); /* 0 ok */
int tasks_store_brief(int64_t id, tasks_brief *out, int *workdays); /* 0 ok, 1 absent, -1 error */
int tasks_store_record(int64_t unit, int64_t owner, int year, const char *today, tasks_record *out); /* 0 ok, -1 error */
int64_t tasks_store_source_item(const char *source);  /* the item opened for this source, 0 none, -1 error */
int tasks_store_item_set_source(int64_t id, const char *source); /* 0 ok */
/* The checklist of kind, title and year; made (with *made = 1) when missing. Its id, -1 on error. */
int64_t tasks_store_checklist_ensure(const char *kind, const char *title, int year, int64_t user, const char *at, int *made);
int tasks_store_item_brief(int64_t id, tasks_cl_brief *out); /* 0 ok, 1 absent, -1 error */

/* ---- store_tasks.c: the SQL of tasks ---- */
typedef struct tasks_task_row {
  int64_t plan, node, lead, owner, leader, created_by; /* 0 = none */
  const char *title, *content, *co_json, *start, *due, *priority, *evidence, *status, *assigned_at, *at;
  int workdays;
} tasks_task_row;
int64_t tasks_store_task_insert(const tasks_task_row *t); /* the new id, 0 on a database error */
json_t *tasks_store_task_row(int64_t id);                   /* TASK_COLS of one task (no deadline), NULL when absent */
json_t *tasks_store_task_events(int64_t id);                /* the timeline with each event's files; NULL on error */
json_t *tasks_store_task_pending_files(int64_t task, int64_t user); /* the user's uploads not yet sent; NULL on error */
/* PATCH: the fields present in in (co the co-units as JSON or NULL; set_start also clears a null start date). 0 ok. */
int tasks_store_task_update(int64_t id, const task_in *in, const char *co, int set_start, const char *at);
int tasks_store_task_delete(int64_t id);                     /* 0 ok */
/* A transition's write: the new status; progress (-1 keeps it), a return reason, one more urge, the closing evaluation
 * and its note, assigned_at / closed_at stamped at at. */
typedef struct tasks_transition {
  const char *status, *reason, *evaluation, *note, *at;
  int progress, urge, assign, close;
} tasks_transition;
int tasks_store_task_transition(int64_t id, const tasks_transition *t); /* 0 ok */

/* A checklist item as JSON (money texts, attachments) and its visibility to the caller. */
json_t *tasks_item_json(int64_t id);
int tasks_item_visible(req *r, int64_t id);

/* ---- attachments (files.c) ---- */
/* The attachments of a task event, a task or a checklist item as an array of {id,name,size,type,uploaded_by_name,
 * uploaded_at}, for the JSON of their record. NULL on a database error. */
json_t *tasks_attachments_of(const char *owner_kind, int64_t owner_id);
/* Links the caller's unlinked uploads of a task to one of its events (a progress report): each id must be an
 * attachment of that task, uploaded by the caller and not yet linked. Answers (400, or 500 on a database error) and
 * returns -1 when one is not. */
int tasks_attachments_link(req *r, int64_t task_id, int64_t event_id, const int64_t *ids, size_t n);

/* ---- the clock of one request: today, warning days, the working-day calendar and the light bounds of both clocks ---- */
typedef struct tasks_clock {
  int today, warn;
  char today_s[11];
  wd_cal cal;
  int red_max[2], yellow_max[2];     /* [0] calendar days, [1] working days: see tasks_light_bounds */
  char red_s[2][11], yellow_s[2][11]; /* the same as "YYYY-MM-DD" for SQL */
} tasks_clock;
int tasks_clock_load(tasks_clock *c); /* 0 ok, -1 database error */
void tasks_clock_free(tasks_clock *c);
tasks_deadline tasks_clock_deadline(const tasks_clock *c, const char *status, const char *due, int workdays);
/* Sets light, light_text, deadline_text and deadline_days on a task object from its status, due_date and workdays. */
void tasks_add_deadline(json_t *o, const tasks_clock *c);

/* Permissions, built-in roles and grants, audit actions (once; tasks_register and the demo loader call it). */
void tasks_register_catalogue(void);
void tasks_plans_routes(void);
void tasks_ledger_routes(void);
void tasks_tasks_routes(void);
void tasks_checklists_routes(void);
void tasks_files_routes(void);
void tasks_messages_routes(void);
void tasks_lookback_routes(void);
void tasks_batch_routes(void);

/* ---- messages (messages.c, notifier.c); all inside the caller's transaction unless said otherwise ---- */
/* A message to one user; with a dedupe key a second one with the same key is not made (*added says, may be NULL). */
int tasks_message_add(int64_t user_id, const char *kind, int64_t task_id, const char *title, const char *body, const char *dedupe,
                      const char *at, int *added);
/* A post for the unit's group robot, when it has an enabled one (nothing otherwise). 0 ok. */
int tasks_webhook_enqueue(int64_t unit_id, const char *content, const char *at);
/* ---- store_messages.c: the message centre, the robots' settings and outbox, the deadline sweep ---- */
int64_t tasks_store_unread(int64_t user);  /* -1 error */
/* The user's messages newest first, a page, and (total) how many in all. NULL error. */
json_t *tasks_store_messages(int64_t user, int only_unread, int64_t size, int64_t offset, int64_t *total);
int tasks_store_messages_read(int64_t user, int all, const int64_t *ids, size_t n, const char *at); /* rows marked, -1 error */
json_t *tasks_store_webhooks(int64_t unit);                  /* unit 0: every unit's robot; NULL error */
int tasks_store_webhook_put(int64_t unit, const char *url, int enabled, const char *at); /* 0 ok, -1 error */
int tasks_store_webhook_delete(int64_t unit);                /* 0 ok, -1 error */
int64_t tasks_store_webhook_enabled(int64_t unit);           /* 1 when the unit has an enabled robot, 0 otherwise */
typedef struct tasks_outbox_row { int64_t id; int attempts; char *url, *body; } tasks_outbox_row;
/* The oldest post due by now (url and body are the caller's to free). 1 found, 0 none, -1 error. */
int tasks_store_outbox_next(const char *now, tasks_outbox_row *out);
int tasks_store_outbox_done(int64_t id, int ok, const char *err, const char *next, const char *now); /* 0 ok */
typedef struct tasks_sweep_row {
  int64_t id, owner, leader, unit;
  char title[400], due[11], unit_name[128], owner_name[64], status[16];
  int workdays;
} tasks_sweep_row;
/* Up to cap open tasks after cursor due by the yellow day (working-day or calendar clock). 0 ok, -1 error. */
int tasks_store_sweep_batch(int64_t cursor, const char *yellow_work, const char *yellow_cal, tasks_sweep_row *rows, size_t cap, size_t *n);
/* Tells the task's owner (and the lead unit's robot) of an assign, urge or return by whom, with the urge text or the
 * return reason. task is the task after the action. 0 ok. */
int tasks_notify_action(const char *kind, json_t *task, const char *by, const char *text, const char *at);
/* Wakes the background sender (after a commit that queued robot posts). */
void tasks_notifier_kick(void);
/* One deadline sweep now (its own transactions); *made counts the messages made. 0 ok. */
int tasks_deadline_sweep(int *made);

/* ---- store_files.c: attachments ---- */
json_t *tasks_store_attachment_get(int64_t id);                 /* NULL when absent */
int64_t tasks_store_attachment_count(const char *kind, int64_t owner); /* -1 on error */
int64_t tasks_store_attachment_insert(const char *sha, const char *name, int64_t size, const char *type, const char *kind, int64_t owner,
                                      int64_t user, const char *at); /* the id, 0 on error */
int tasks_store_attachment_delete(int64_t id);                   /* 0 ok */
/* Links the user's unsent upload id of the task to the event: 1 linked, 0 not such an upload, -1 error. */
int tasks_store_attachment_link(int64_t id, int64_t task, int64_t event, int64_t user);

/* ---- store_ledger.c: the 督办台账 ---- */
typedef struct tasks_ledger_q {
  int64_t plan, node, unit, owner; /* 0 any */
  int below;                       /* with unit: its lead unit is the unit or below it */
  const char *status, *from, *to, *like; /* NULL any; from/to on the due date; like from dbj_like */
  int light;                       /* tasks_light, -1 any: by the bounds of each task's own clock */
  int sort, desc;                  /* index into ledger.c's sorts */
} tasks_ledger_q;
json_t *tasks_store_ledger_rows(req *r, const tasks_ledger_q *q, const tasks_clock *ck); /* every row (export), TASK_COLS */
/* One page as the answer's JSON text {"items":[…],"total":N} (caller frees), NULL on a database error. */
char *tasks_store_ledger_page(req *r, const tasks_ledger_q *q, const tasks_clock *ck, int64_t size, int64_t offset, size_t *len);
/* 我的待办: open tasks the caller owns, and (supervise) those awaiting review in his scope. NULL on error. */
json_t *tasks_store_mine(req *r, int supervise);
/* The caller's tasks (of one plan, 0 any) by lead unit in tree order, bound and ready to step: lead_unit_id, unit name,
 * status, due_date, closing day, urge_count, workdays. NULL on error. */
db_stmt *tasks_store_stats_rows(req *r, int64_t plan);

/* ---- store_lookback.c: 回头看 ---- */
json_t *tasks_store_review_get(int64_t id);       /* one review record with its item, NULL when absent */
int tasks_store_checklist_exists(int64_t id);
/* Draws up to count 已销号 items of the checklist in the caller's scope not waiting for a finding; *items the records. 0 ok. */
int tasks_store_review_draw(req *r, int64_t cl, int count, const char *at, int *drawn, json_t **items);
json_t *tasks_store_reviews_of(req *r, int64_t cl); /* the records of items in the caller's scope, newest first */
/* Records the finding; reopen puts the item back to 进行中 with the note as its reason. 0 ok. */
int tasks_store_review_finding(int64_t id, int64_t item, int reopen, const char *note, int64_t user, const char *at);

/* ---- store_plans.c: the SQL of plans and their node trees (inside the caller's transaction for writes) ---- */
/* Saves a plan and its node tree (array of {label,title,body,children}). Returns the plan id, 0 on a database error. */
int64_t tasks_plan_insert(int year, const char *title, const char *theme, const char *text, json_t *tree, int64_t user_id);
/* Rewrites a plan: nodes carrying the "id" of one of its nodes keep it, others are added, those left out are deleted
 * (with their children). text NULL keeps the source text; tree NULL keeps the tree. 0 ok, -1 database error. */
int tasks_store_plan_update(int64_t id, int year, const char *title, const char *theme, const char *text, json_t *tree);
/* The "id"s of an edited tree: 0 each is a node of this plan and given once; 1 one is given twice, 2 one is not of this
 * plan (*bad says which); -1 database error. */
int tasks_store_plan_check_ids(int64_t plan, json_t *tree, int64_t *bad);
/* A node of the plan left out of the tree has a task: 1 (node names it), 0 none, -1 database error. */
int tasks_store_plan_dropped_with_tasks(int64_t plan, json_t *tree, char *node, size_t nodelen);
/* Another plan (not except) has this year and title: 1, 0 none, -1 database error. */
int tasks_store_plan_find(int year, const char *title, int64_t except);
/* Its tasks, and how many of them are drafts. 0 ok. */
int tasks_store_plan_tasks(int64_t id, int64_t *total, int64_t *drafts);
/* Deletes the plan, its nodes and its draft tasks. 0 ok. */
int tasks_store_plan_delete(int64_t id);
int tasks_store_plan_exists(int64_t id);
/* The plan of a node: its id, 0 when the node does not exist, -1 database error. */
int64_t tasks_store_node_plan(int64_t node);
/* A plan with counts (task_count, draft_count, closed_count), editable, and its tree; each node with text (its own),
 * full_text (with every node below it) and path (headings from the root). NULL when absent. */
json_t *tasks_store_plan_get(int64_t id, int with_text);
json_t *tasks_store_plan_list(int64_t year, const char *like);
/* One node as in tasks_store_plan_get, with plan_year and plan_title. NULL when absent. */
json_t *tasks_store_node_get(int64_t node);
/* One task as JSON with names and its light; NULL when absent. */
json_t *tasks_task_json(int64_t id);
/* Appends an event to a task's timeline. 0 ok. */
int tasks_event_add(int64_t task_id, const char *kind, int percent, const char *text, int64_t user_id, const char *user_name, const char *at);
/* The caller's open checklist items (owner) and those awaiting his approval, for 我的待办. NULL on error. */
json_t *tasks_cl_mine(req *r);
/* ---- the 工作台's 督办 cards (workbench.c, store_workbench.c) ---- */
/* Tasks in the caller's scope whose status is in the JSON array statuses_json, by due date (TASK_COLS rows). NULL on error. */
json_t *tasks_store_wb_tasks(req *r, const char *statuses_json, int limit);
/* Open tasks in the caller's scope by light (the 台账's bounds) and those 待审核. 0 ok, -1 error. */
int tasks_store_wb_lights(req *r, const tasks_clock *ck, int64_t *red, int64_t *yellow, int64_t *green, int64_t *review);

/* ---- store_facts.c: the year's review (facts.c) ---- */
/* Tasks due in `year` led by unit_id's subtree (0 all), drafts aside: total, closed, closed by the due date, in a plan. 0 ok, -1 error. */
int tasks_store_facts_tasks(int year, int64_t unit_id, int64_t *total, int64_t *closed, int64_t *on_time, int64_t *planned);
/* 回头看 records of `year`'s checklists over unit_id's subtree: drawn, confirmed, reopened. 0 ok, -1 error. */
int tasks_store_facts_lookback(int year, int64_t unit_id, int64_t *drawn, int64_t *confirmed, int64_t *reopened);

#endif
