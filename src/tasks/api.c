/* api.c — the tasks module's wiring: permissions, routes, and the small helpers its handlers share (transactions,
 * scope checks of units, date fields, the request's clock for deadlines). */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tasks_tx_begin(req *r) { return dbj_tx_begin(r); }
int tasks_tx_commit(req *r) { return dbj_tx_commit(r); }
void tasks_tx_fail(req *r) {
  /* A constraint the checks before the write could not see (another writer got there first: a unique value taken, a
   * unit or user removed meanwhile) is a conflict the caller can resolve, never a server error. */
  char msg[256];
  snprintf(msg, sizeof msg, "%s", db_errmsg() ? db_errmsg() : "");
  db_rollback();
  const char *c = strstr(msg, "constraint failed");
  if (!c) { http_error(r, ERR_INTERNAL, NULL, "保存失败，数据未改变"); return; }
  if (strncmp(msg, "UNIQUE", 6) == 0) {
    /* "UNIQUE constraint failed: task_plans.year, task_plans.title": the last column names the field */
    const char *col = strrchr(msg, '.');
    http_error(r, ERR_DUPLICATE, col ? req_strdup(r, col + 1) : NULL, "已有相同的记录，未保存");
    return;
  }
  http_error(r, ERR_BAD_STATE, NULL, "关联的数据已变化（可能刚被他人修改或删除），未保存；请刷新后重试");
}

int tasks_unit_in_scope(req *r, int64_t unit_id) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc || !org_unit_exists(unit_id)) return 0;
  return sc->all || org_caller(r)->unit_id == unit_id || org_scope_has_unit(sc, unit_id);
}

int tasks_jv_date(req *r, json_t *o, const char *key, const char *label, int required, const char **out) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if ((!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) && !required) return 0;
  if (!v || json_is_null(v)) { http_error(r, ERR_MISSING, key, "缺少%s", label); return -1; }
  if (!json_is_string(v) || wd_parse(json_string_value(v)) < 0) {
    http_error(r, ERR_INVALID, key, "%s应为 YYYY-MM-DD 格式的日期", label);
    return -1;
  }
  *out = json_string_value(v);
  return 1;
}

int tasks_clock_load(tasks_clock *c) {
  memset(c, 0, sizeof *c);
  tasks_today(c->today_s);
  c->today = wd_parse(c->today_s);
  c->warn = tasks_warn_days();
  if (org_calendar_load(&c->cal)) return -1;
  for (int k = 0; k < 2; k++) {
    tasks_light_bounds(c->today, c->warn, k ? &c->cal : NULL, &c->red_max[k], &c->yellow_max[k]);
    wd_format(c->red_max[k], c->red_s[k]);
    wd_format(c->yellow_max[k], c->yellow_s[k]);
  }
  return 0;
}

void tasks_clock_free(tasks_clock *c) {
  free(c->cal.days);
  c->cal.days = NULL;
  c->cal.n = 0;
}

tasks_deadline tasks_clock_deadline(const tasks_clock *c, const char *status, const char *due, int workdays) {
  int st = tasks_status_parse(status);
  return tasks_deadline_of(st < 0 ? TS_DRAFT : (tasks_status)st, wd_parse(due), c->today, c->warn, workdays ? &c->cal : NULL);
}

void tasks_add_deadline(json_t *o, const tasks_clock *c) {
  tasks_deadline d = tasks_clock_deadline(c, json_string_value(json_object_get(o, "status")), json_string_value(json_object_get(o, "due_date")),
                                          json_is_true(json_object_get(o, "workdays")));
  json_object_set_new(o, "light", json_string(tasks_light_code(d.light)));
  json_object_set_new(o, "light_text", json_string(tasks_light_text(d.light)));
  json_object_set_new(o, "deadline_text", json_string(d.text));
  json_object_set_new(o, "deadline_days", d.days >= 0 ? json_integer(d.days) : json_null());
}

static const org_perm_def perms[] = {
  {"tasks", "督查督办"},
  {"tasks:plan", "年度计划"}, {"tasks:plan:list", "查询"}, {"tasks:plan:add", "新建"},
  {"tasks:task", "督办任务"}, {"tasks:task:list", "查询"}, {"tasks:task:add", "立项"}, {"tasks:task:edit", "修改"},
  {"tasks:task:remove", "删除"}, {"tasks:task:supervise", "督办（交办、催办、退回、办结、回头看）"}, {"tasks:task:handle", "承办（签收、反馈、提交）"},
  {"tasks:task:export", "导出"},
  {"tasks:checklist", "清单闭环"}, {"tasks:checklist:list", "查询"}, {"tasks:checklist:add", "新建"}, {"tasks:checklist:edit", "修改"},
  {"tasks:checklist:handle", "办理（提交佐证）"}, {"tasks:checklist:approve", "审核销号"}, {"tasks:checklist:import", "导入"},
  {"tasks:checklist:export", "导出"},
  {"tasks:webhook", "群机器人"}, {"tasks:webhook:edit", "设置（企业微信/钉钉群机器人）"},
};

/* What the built-in roles get of this module (given once by org at start). */
static const org_grant grants[] = {
  {"leader", "tasks:plan:list tasks:plan:add tasks:task:list tasks:task:add tasks:task:edit tasks:task:supervise tasks:task:export"
             " tasks:checklist:list tasks:checklist:add tasks:checklist:approve tasks:checklist:export"},
  {"dept_head", "tasks:plan:list tasks:task:list tasks:task:handle tasks:task:export tasks:checklist:list tasks:checklist:handle"
                " tasks:checklist:export"},
  {"discipline", "tasks:plan:list tasks:task:list tasks:checklist:list tasks:checklist:add tasks:checklist:edit tasks:checklist:approve"
                 " tasks:checklist:import tasks:checklist:export"},
  {"inspector", "tasks:task:list tasks:task:handle tasks:checklist:list tasks:checklist:handle"},
  {"customer_manager", "tasks:task:list tasks:task:handle tasks:checklist:list tasks:checklist:handle"},
  {"staff", "tasks:task:list tasks:task:handle tasks:checklist:list tasks:checklist:handle"},
};

/* The office runs 督查督办: its own built-in role (立项, 交办, 催办, 审核, 办结 over every unit). */
static const org_role_def roles[] = {{"supervision_admin", "督办管理员", "all", 8}};
static const org_grant admin_grants[] = {
  {"supervision_admin", "tasks:plan:list tasks:plan:add tasks:task:list tasks:task:add tasks:task:edit tasks:task:remove tasks:task:supervise"
                        " tasks:task:export tasks:checklist:list tasks:checklist:export org:user:list"},
};

static const org_audit_def actions[] = {
  {"tasks.plan.create", "新建年度计划", "create task_plan"},
  {"tasks.plan.update", "修改年度计划", "update task_plan"},
  {"tasks.plan.delete", "删除年度计划", "delete task_plan"},
  {"tasks.task.create", "督办立项", "create task"},
  {"tasks.task.update", "修改督办任务", "update task"},
  {"tasks.task.delete", "删除督办任务", "delete task"},
  {"tasks.task.assign", "交办", "assign task"},
  {"tasks.task.accept", "签收", "accept task"},
  {"tasks.task.report", "反馈进展", "report task"},
  {"tasks.task.submit", "提交办结", "submit task"},
  {"tasks.task.return", "退回", "return task"},
  {"tasks.task.close", "办结", "close task"},
  {"tasks.task.urge", "催办", "urge task"},
  {"tasks.task.review", "回头看（任务）", "review task"},
  {"tasks.task.reopen", "重新打开任务", "reopen task"},
  {"tasks.attachment.upload", "上传附件", "upload attachment"},
  {"tasks.attachment.delete", "删除附件", "delete attachment"},
  {"tasks.checklist.create", "新建清单", "create checklist"},
  {"tasks.checklist.import", "导入清单", "import checklist"},
  {"tasks.checklist_item.create", "新增清单事项", "create checklist_item"},
  {"tasks.checklist_item.update", "修改清单事项", "update checklist_item"},
  {"tasks.checklist_item.submit", "提交佐证", "submit checklist_item"},
  {"tasks.checklist_item.approve", "审核销号", "approve checklist_item"},
  {"tasks.checklist_item.return", "退回清单事项", "return checklist_item"},
  {"tasks.lookback.create", "发起回头看", "create checklist_review"},
  {"tasks.lookback.review", "回头看复核", "review checklist_review"},
  {"tasks.lookback.reopen", "回头看重新整改", "reopen checklist_review"},
  {"tasks.message.create", "发送提醒消息", "create task_message"},
  {"tasks.message.read", "消息标记已读", "update task_message"},
  {"tasks.webhook.create", "设置群机器人", "create task_webhook"},
  {"tasks.webhook.update", "修改群机器人", "update task_webhook"},
  {"tasks.webhook.delete", "删除群机器人", "delete task_webhook"},
  {"tasks.webhook.test", "群机器人测试消息", NULL},
  {"tasks.demo.load", "载入演示督办数据", NULL},
};

void tasks_register_catalogue(void) {
  static int done;
  if (done++) return;
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_roles(roles, sizeof roles / sizeof roles[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_grants(admin_grants, sizeof admin_grants / sizeof admin_grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
}

void tasks_register(void) {
  tasks_register_catalogue();
  tasks_plans_routes();
  tasks_batch_routes(); /* before tasks/:id */
  tasks_tasks_routes();
  tasks_ledger_routes();
  tasks_checklists_routes();
  tasks_files_routes();
  tasks_messages_routes();
  tasks_lookback_routes();
}
