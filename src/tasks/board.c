/* board.c — 督办: one task (read with its timeline, create, edit, delete drafts) and its transitions (assign, accept,
 * report, submit, return, close, urge, 回头看). The 督办台账 list, 我的待办 and statistics are in ledger.c. */
#include "tasks/internal.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *tasks_task_json(int64_t id) {
  json_t *o = tasks_store_task_row(id);
  if (!o) return NULL;
  tasks_clock c;
  if (tasks_clock_load(&c)) { json_decref(o); return NULL; }
  tasks_add_deadline(o, &c);
  tasks_clock_free(&c);
  return o;
}

int tasks_task_is_handler(req *r, json_t *t) {
  if (!org_caller_can(r, "tasks:task:handle")) return 0;
  org_user *u = org_caller(r);
  json_t *ow = json_object_get(t, "owner_id");
  if (json_is_integer(ow) && json_integer_value(ow) == u->id) return 1;
  int64_t unit = json_integer_value(json_object_get(t, "lead_unit_id"));
  const org_scope *sc = org_caller_scope(r);
  return sc && (sc->all || unit == u->unit_id || org_scope_has_unit(sc, unit));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_task_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  json_t *o = tasks_task_json(id);
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  json_t *ev = tasks_store_task_events(id);
  if (!ev) { json_decref(o); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(o, "events", ev);
  /* Files uploaded by the caller and not yet sent with a report: the report form shows them as attached. */
  json_t *pend = tasks_store_task_pending_files(id, org_caller(r)->id);
  if (!pend) { json_decref(o); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(o, "pending_attachments", pend);
  /* Where the task sits in its plan: the headings from the root to its node. */
  json_t *nd = json_is_integer(json_object_get(o, "node_id")) ? tasks_store_node_get(json_integer_value(json_object_get(o, "node_id"))) : NULL;
  json_object_set_new(o, "node_path", nd ? json_incref(json_object_get(nd, "path")) : json_null());
  json_decref(nd);
  int st = tasks_status_parse(json_string_value(json_object_get(o, "status")));
  unsigned m = tasks_allowed((tasks_status)(st < 0 ? 0 : st), org_caller_can(r, "tasks:task:supervise"), tasks_task_is_handler(r, o));
  json_t *acts = json_array();
  for (int a = 0; a < TA__COUNT; a++)
    if (m & (1u << a)) json_array_append_new(acts, json_string(tasks_action_code((tasks_action)a)));
  if (st != TS_CLOSED && org_caller_can(r, "tasks:task:edit")) json_array_append_new(acts, json_string("edit"));
  if (st == TS_DRAFT && org_caller_can(r, "tasks:task:remove")) json_array_append_new(acts, json_string("delete"));
  json_object_set_new(o, "actions", acts);
  http_json(r, 200, o);
}

/* ---- create and edit ---- */
static const char *const priorities[] = {"高", "中", "低", NULL};
int tasks_read_task(req *r, json_t *o, int create, task_in *in) {
  int rq = create ? JV_REQUIRED : JV_OPTIONAL;
  memset(in, 0, sizeof *in);
  if ((in->has[F_PLAN] = jv_id_or_null(r, o, "plan_id", "年度计划", JV_OPTIONAL, &in->plan)) < 0 ||
      (in->has[F_NODE] = jv_id_or_null(r, o, "node_id", "计划条目", JV_OPTIONAL, &in->node)) < 0 ||
      (in->has[F_TITLE] = jv_str(r, o, "title", "任务名称", rq, 1, 200, &in->title)) < 0 ||
      (in->has[F_CONTENT] = jv_str(r, o, "content", "工作内容", JV_OPTIONAL, 0, 20000, &in->content)) < 0 ||
      (in->has[F_LEAD] = jv_int(r, o, "lead_unit_id", "牵头单位", rq, 1, INT64_MAX, &in->lead)) < 0 ||
      (in->has[F_CO] = jv_ids(r, o, "co_unit_ids", "配合单位", JV_OPTIONAL, 20, &in->co, &in->nco)) < 0 ||
      (in->has[F_OWNER] = jv_id_or_null(r, o, "owner_id", "责任人", JV_OPTIONAL, &in->owner)) < 0 ||
      (in->has[F_LEADER] = jv_id_or_null(r, o, "leader_id", "分管领导", JV_OPTIONAL, &in->leader)) < 0 ||
      (in->has[F_START] = tasks_jv_date(r, o, "start_date", "开始日期", JV_OPTIONAL, &in->start)) < 0 ||
      (in->has[F_DUE] = tasks_jv_date(r, o, "due_date", "完成时限", rq, &in->due)) < 0 ||
      (in->has[F_PRIO] = jv_enum(r, o, "priority", "优先级", JV_OPTIONAL, priorities, &in->priority)) < 0 ||
      (in->has[F_EVID] = jv_str(r, o, "evidence_required", "佐证要求", JV_OPTIONAL, 0, 500, &in->evidence)) < 0 ||
      (in->has[F_WORKDAYS] = jv_bool(r, o, "workdays", "按工作日计算期限", JV_OPTIONAL, &in->workdays)) < 0)
    return -1;
  if (in->has[F_LEAD] > 0 && !tasks_unit_in_scope(r, in->lead)) { http_error(r, ERR_INVALID, "lead_unit_id", "牵头单位不存在或不在您的数据范围内"); return -1; }
  for (size_t i = 0; i < in->nco; i++)
    if (!org_unit_exists(in->co[i]) || in->co[i] == in->lead) { http_error(r, ERR_INVALID, "co_unit_ids", "配合单位不存在或与牵头单位相同"); return -1; }
  if (in->owner && !tasks_user_exists(in->owner)) { http_error(r, ERR_INVALID, "owner_id", "责任人不存在"); return -1; }
  if (in->leader && !tasks_user_exists(in->leader)) { http_error(r, ERR_INVALID, "leader_id", "分管领导不存在"); return -1; }
  if (in->node) {
    int64_t p = tasks_store_node_plan(in->node);
    if (p < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
    if (!p || (in->plan && in->plan != p)) { http_error(r, ERR_INVALID, "node_id", "计划条目不存在或不属于所选计划"); return -1; }
    in->plan = p;
    in->has[F_PLAN] = 1;
  } else if (in->plan && !tasks_store_plan_exists(in->plan)) {
    http_error(r, ERR_INVALID, "plan_id", "年度计划不存在");
    return -1;
  }
  return 0;
}

static char *co_json(req *r, const task_in *in) {
  json_t *a = json_array();
  for (size_t i = 0; i < in->nco; i++) json_array_append_new(a, json_integer(in->co[i]));
  char *s = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  return req_own(r, s);
}

int64_t tasks_task_create(req *r, const task_in *in, int assign, const char *at, json_t **after) {
  org_user *u = org_caller(r);
  tasks_task_row row = {.plan = in->plan, .node = in->node, .lead = in->lead, .owner = in->owner, .leader = in->leader, .created_by = u->id,
                        .title = in->title, .content = in->content ? in->content : "", .co_json = co_json(r, in), .start = in->start, .due = in->due,
                        .priority = in->priority ? in->priority : "中", .evidence = in->evidence ? in->evidence : "",
                        .status = assign ? "已交办" : "草稿", .assigned_at = assign ? at : NULL, .at = at,
                        /* New tasks count their deadline in working days unless told otherwise. */
                        .workdays = in->has[F_WORKDAYS] > 0 ? in->workdays : 1};
  int64_t id = tasks_store_task_insert(&row);
  *after = NULL;
  if (!id || tasks_event_add(id, "create", -1, "立项", u->id, u->name, at) || (assign && tasks_event_add(id, "assign", -1, "交办", u->id, u->name, at)))
    return 0;
  *after = tasks_task_json(id);
  char sum[300];
  snprintf(sum, sizeof sum, "新建督办任务 %.200s", in->title);
  if (!*after || org_audit(r, "tasks.task.create", "task", id, sum, NULL, *after) || (assign && tasks_notify_action("assign", *after, u->name, NULL, at))) {
    json_decref(*after);
    *after = NULL;
    return 0;
  }
  return id;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"plan_id", "node_id", "title", "content", "lead_unit_id", "co_unit_ids", "owner_id", "leader_id",
                                        "start_date", "due_date", "priority", "evidence_required", "workdays", "assign", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  task_in in;
  int assign = 0;
  if (tasks_read_task(r, o, 1, &in) || jv_bool(r, o, "assign", "立即交办", JV_OPTIONAL, &assign) < 0) return;
  if (in.start && strcmp(in.start, in.due) > 0) { http_error(r, ERR_INVALID, "due_date", "完成时限不能早于开始日期"); return; }
  if (assign && !org_caller_can(r, "tasks:task:supervise")) { http_error(r, ERR_FORBIDDEN, "assign", "没有交办权限"); return; }
  if (assign && !in.owner) { http_error(r, ERR_MISSING, "owner_id", "交办任务须指定责任人"); return; }
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  json_t *after = NULL;
  if (!tasks_task_create(r, &in, assign, at, &after)) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  if (assign) tasks_notifier_kick();
  http_json(r, 201, after);
}

static void h_patch(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_task_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  static const char *const allowed[] = {"plan_id", "node_id", "title", "content", "lead_unit_id", "co_unit_ids", "owner_id", "leader_id",
                                        "start_date", "due_date", "priority", "evidence_required", "workdays", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  task_in in;
  if (tasks_read_task(r, o, 0, &in)) return;
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_task_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "已办结") == 0) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_BAD_STATE, NULL, "任务已办结，不能修改");
    return;
  }
  const char *start = in.has[F_START] ? in.start : json_string_value(json_object_get(before, "start_date"));
  const char *due = in.has[F_DUE] ? in.due : json_string_value(json_object_get(before, "due_date"));
  if (start && due && strcmp(start, due) > 0) { db_rollback(); json_decref(before); http_error(r, ERR_INVALID, "due_date", "完成时限不能早于开始日期"); return; }
  char at[20];
  org_now(at);
  if (tasks_store_task_update(id, &in, in.has[F_CO] > 0 ? co_json(r, &in) : NULL, in.has[F_START] != 0 || json_is_null(json_object_get(o, "start_date")), at)) {
    json_decref(before);
    tasks_tx_fail(r);
    return;
  }
  json_t *after = tasks_task_json(id);
  char sum[300];
  snprintf(sum, sizeof sum, "修改督办任务 %.200s", json_string_value(json_object_get(after, "title")));
  int arc = !after || tasks_event_add(id, "edit", -1, "修改任务信息", org_caller(r)->id, org_caller(r)->name, at) ||
            org_audit(r, "tasks.task.update", "task", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_task_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_task_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "草稿")) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_BAD_STATE, NULL, "只能删除草稿状态的任务");
    return;
  }
  char sum[300];
  snprintf(sum, sizeof sum, "删除督办任务 %.200s", json_string_value(json_object_get(before, "title")));
  int arc = tasks_store_task_delete(id) || org_audit(r, "tasks.task.delete", "task", id, sum, before, NULL);
  json_decref(before);
  if (arc) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- transitions ---- */
static const char *const evaluations[] = {"优秀", "良好", "合格", "不合格", NULL};
static const char *const review_results[] = {"confirm", "reopen", NULL};

static void do_action(req *r, tasks_action a) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_task_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  static const char *const allowed[] = {"percent", "text", "reason", "evaluation", "result", "attachment_ids", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t percent = -1;
  const char *text = "", *reason = NULL, *eval = NULL, *result = NULL;
  int rc = 0;
  switch (a) {
  case TA_REPORT:
    rc = jv_int(r, o, "percent", "完成进度", JV_REQUIRED, 0, 100, &percent) < 0 || jv_str(r, o, "text", "进展情况", JV_REQUIRED, 1, 5000, &text) < 0;
    break;
  case TA_SUBMIT: rc = jv_str(r, o, "text", "办结情况", JV_REQUIRED, 1, 5000, &text) < 0; break;
  case TA_RETURN: rc = jv_str(r, o, "reason", "退回原因", JV_REQUIRED, 1, 1000, &reason) < 0; text = reason; break;
  case TA_CLOSE:
    rc = jv_enum(r, o, "evaluation", "评价", JV_REQUIRED, evaluations, &eval) < 0 || jv_str(r, o, "text", "评价意见", JV_OPTIONAL, 0, 2000, &text) < 0;
    break;
  case TA_REVIEW:
    rc = jv_enum(r, o, "result", "回头看结论", JV_REQUIRED, review_results, &result) < 0 || jv_str(r, o, "text", "回头看情况", JV_REQUIRED, 1, 5000, &text) < 0;
    if (!rc && strcmp(result, "reopen") == 0) a = TA_REOPEN;
    break;
  default: rc = jv_str(r, o, "text", "说明", JV_OPTIONAL, 0, 2000, &text) < 0; break;
  }
  if (rc) return;
  if (!text) text = "";
  /* Files go with a progress report or the submission (办结材料); they were uploaded to the task beforehand. */
  int64_t *att = NULL;
  size_t natt = 0;
  if (a == TA_REPORT || a == TA_SUBMIT) {
    if (jv_ids(r, o, "attachment_ids", "附件", JV_OPTIONAL, 20, &att, &natt) < 0) return;
  } else if (json_object_get(o, "attachment_ids")) {
    http_error(r, ERR_UNKNOWN_FIELD, "attachment_ids", "只有进度反馈和提交办结可以附带附件");
    return;
  }
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_task_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  int st = tasks_status_parse(json_string_value(json_object_get(before, "status")));
  int next = st < 0 ? -1 : tasks_next((tasks_status)st, a);
  if (next < 0) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "任务当前为「%s」，不能%s", json_string_value(json_object_get(before, "status")),
               a == TA_ASSIGN ? "交办" : a == TA_ACCEPT ? "签收" : a == TA_REPORT ? "反馈进度" : a == TA_SUBMIT ? "提交办结" : a == TA_RETURN ? "退回"
               : a == TA_CLOSE ? "办结" : a == TA_URGE ? "催办" : "回头看");
    json_decref(before);
    return;
  }
  if (!tasks_action_by_supervisor(a) && !tasks_task_is_handler(r, before)) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_FORBIDDEN, NULL, "只有责任人或牵头单位人员可以办理");
    return;
  }
  if (a == TA_ASSIGN && !json_is_integer(json_object_get(before, "owner_id"))) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_MISSING, "owner_id", "交办任务须先指定责任人");
    return;
  }
  org_user *u = org_caller(r);
  char at[20];
  org_now(at);
  tasks_transition tr = {.status = tasks_status_name((tasks_status)next), .progress = a == TA_REPORT ? (int)percent : a == TA_CLOSE ? 100 : -1,
                         .reason = reason, .urge = a == TA_URGE, .evaluation = eval, .note = text, .assign = a == TA_ASSIGN, .close = a == TA_CLOSE, .at = at};
  if (tasks_store_task_transition(id, &tr)) { json_decref(before); tasks_tx_fail(r); return; }
  char evtext[2100];
  if (a == TA_CLOSE) snprintf(evtext, sizeof evtext, "评价：%s%s%s", eval, *text ? "；" : "", text);
  else snprintf(evtext, sizeof evtext, "%s", text);
  json_t *after = NULL;
  if (tasks_event_add(id, tasks_action_code(a), a == TA_REPORT ? (int)percent : -1, evtext, u->id, u->name, at)) {
    json_decref(before);
    tasks_tx_fail(r);
    return;
  }
  if (natt && tasks_attachments_link(r, id, db_last_id(), att, natt)) { db_rollback(); json_decref(before); return; }
  int arc = 0;
  after = tasks_task_json(id);
  if (after && (a == TA_ASSIGN || a == TA_URGE || a == TA_RETURN))
    arc = tasks_notify_action(tasks_action_code(a), after, u->name, a == TA_RETURN ? reason : text, at);
  char sum[300];
  snprintf(sum, sizeof sum, "督办任务 %.200s：%s → %s", json_string_value(json_object_get(before, "title")),
           json_string_value(json_object_get(before, "status")), tasks_status_name((tasks_status)next));
  arc = arc || !after || org_audit(r, req_printf(r, "tasks.task.%s", tasks_action_code(a)), "task", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  tasks_notifier_kick();
  http_json(r, 200, after);
}

static void h_assign(req *r) { do_action(r, TA_ASSIGN); }
static void h_accept(req *r) { do_action(r, TA_ACCEPT); }
static void h_report(req *r) { do_action(r, TA_REPORT); }
static void h_submit(req *r) { do_action(r, TA_SUBMIT); }
static void h_return(req *r) { do_action(r, TA_RETURN); }
static void h_close(req *r) { do_action(r, TA_CLOSE); }
static void h_urge(req *r) { do_action(r, TA_URGE); }
static void h_review(req *r) { do_action(r, TA_REVIEW); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/tasks/tasks/:id", "tasks:task:list", h_get, 0},
  {HTTP_POST, "/api/v1/tasks/tasks", "tasks:task:add", h_create, 0},
  {HTTP_PATCH, "/api/v1/tasks/tasks/:id", "tasks:task:edit", h_patch, 0},
  {HTTP_DELETE, "/api/v1/tasks/tasks/:id", "tasks:task:remove", h_delete, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/assign", "tasks:task:supervise", h_assign, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/accept", "tasks:task:handle", h_accept, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/report", "tasks:task:handle", h_report, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/submit", "tasks:task:handle", h_submit, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/return", "tasks:task:supervise", h_return, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/close", "tasks:task:supervise", h_close, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/urge", "tasks:task:supervise", h_urge, 0},
  {HTTP_POST, "/api/v1/tasks/tasks/:id/review", "tasks:task:supervise", h_review, 0},
};
void tasks_tasks_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
