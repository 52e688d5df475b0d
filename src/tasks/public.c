/* public.c — what other modules call (tasks.h): open a 督办 task or a checklist item once per source, read a task's brief
 * and a unit's or person's record of a year, make a plan from outline text. Checks here; SQL in store_public.c. */
#include "tasks/internal.h"
#include "tasks/plan_parse.h"
#include <stdio.h>
#include <string.h>

static int64_t bad(char *err, size_t errlen, const char *msg) {
  snprintf(err, errlen, "%s", msg);
  return 0;
}

static int valid_date(const char *s) { return s && strlen(s) == 10 && wd_parse(s) >= 0; }

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

int64_t tasks_open(req *r, const tasks_new *t, int *created, char *err, size_t errlen) {
  *created = 0;
  if (!t->source || !*t->source || strlen(t->source) > 200) return bad(err, errlen, "来源标识（source）为空或过长");
  if (!t->title || !*t->title || utf8_chars(t->title) > 200) return bad(err, errlen, "任务名称为空或超过200字");
  if (!t->lead_unit || !org_unit_exists(t->lead_unit)) return bad(err, errlen, "牵头单位不存在");
  if (t->owner && !tasks_user_exists(t->owner)) return bad(err, errlen, "责任人不存在");
  if (!valid_date(t->due)) return bad(err, errlen, "完成时限应为有效日期（YYYY-MM-DD）");
  if (t->priority && strcmp(t->priority, "高") && strcmp(t->priority, "中") && strcmp(t->priority, "低")) return bad(err, errlen, "优先级应为 高、中 或 低");
  if (t->assign && !t->owner) return bad(err, errlen, "交办任务须指定责任人");
  int64_t found = tasks_store_source_task(t->source);
  if (found) return found;
  org_user *u = r ? org_caller(r) : NULL;
  const char *by = u ? u->name : "系统";
  char at[20];
  org_now(at);
  int assign = t->assign != 0;
  tasks_task_row row = {.lead = t->lead_unit, .owner = t->owner, .created_by = u ? u->id : 0, .title = t->title,
                        .content = t->content ? t->content : "", .co_json = "[]", .due = t->due, .priority = t->priority ? t->priority : "中",
                        .evidence = "", .status = assign ? "已交办" : "草稿", .assigned_at = assign ? at : NULL, .at = at, .workdays = 1};
  int64_t id = tasks_store_task_insert(&row);
  if (!id || tasks_store_task_set_source(id, t->source, t->source_label ? t->source_label : "")) return -1;
  char what[300];
  snprintf(what, sizeof what, "立项（来源：%.200s）", t->source_label && *t->source_label ? t->source_label : t->source);
  if (tasks_event_add(id, "create", -1, what, u ? u->id : 0, by, at) || (assign && tasks_event_add(id, "assign", -1, "交办", u ? u->id : 0, by, at)))
    return -1;
  json_t *after = tasks_task_json(id);
  char sum[400];
  snprintf(sum, sizeof sum, "新建督办任务 %.200s（来源 %.150s）", t->title, t->source);
  int rc = !after || org_audit(r, "tasks.task.create", "task", id, sum, NULL, after) || (assign && tasks_notify_action("assign", after, by, NULL, at));
  json_decref(after);
  if (rc) return -1;
  *created = 1;
  return id;
}

int tasks_brief_of(int64_t id, tasks_brief *out) {
  memset(out, 0, sizeof *out);
  int workdays = 1;
  int rc = tasks_store_brief(id, out, &workdays);
  if (rc) return rc;
  tasks_clock c;
  if (tasks_clock_load(&c)) return -1;
  out->deadline = tasks_clock_deadline(&c, out->status, out->due, workdays);
  tasks_clock_free(&c);
  return 0;
}

int tasks_record_of(int64_t unit, int64_t owner, int year, tasks_record *out) {
  memset(out, 0, sizeof *out);
  char today[11];
  tasks_today(today);
  return tasks_store_record(unit, owner, year, today, out);
}

static const char *const cl_kinds[] = {"办实事", "整改", "通用", NULL};

int64_t tasks_cl_item_open(req *r, const tasks_cl_new *n, int *created, char *err, size_t errlen) {
  *created = 0;
  if (!n->source || !*n->source || strlen(n->source) > 200) return bad(err, errlen, "来源标识（source）为空或过长");
  int kind_ok = 0;
  for (size_t i = 0; cl_kinds[i]; i++) kind_ok |= n->kind && strcmp(n->kind, cl_kinds[i]) == 0;
  if (!kind_ok) return bad(err, errlen, "清单类型应为 办实事、整改 或 通用");
  if (!n->list_title || !*n->list_title || utf8_chars(n->list_title) > 100) return bad(err, errlen, "清单名称为空或超过100字");
  if (n->year < 2000 || n->year > 2100) return bad(err, errlen, "清单年度应在2000至2100之间");
  if (!n->title || !*n->title || utf8_chars(n->title) > 300) return bad(err, errlen, "事项为空或超过300字");
  if (!n->unit || !org_unit_exists(n->unit)) return bad(err, errlen, "责任单位不存在");
  if (n->owner && !tasks_user_exists(n->owner)) return bad(err, errlen, "责任人不存在");
  if (n->due && !valid_date(n->due)) return bad(err, errlen, "完成时限应为有效日期（YYYY-MM-DD）");
  if (n->amount_fen < 0 || n->recovered_fen < 0 || n->refunded_fen < 0 || n->people < 0) return bad(err, errlen, "金额和人次不能为负数");
  int64_t found = tasks_store_source_item(n->source);
  if (found) return found;
  char at[20];
  org_now(at);
  org_user *u = r ? org_caller(r) : NULL;
  int made = 0;
  int64_t cl = tasks_store_checklist_ensure(n->kind, n->list_title, n->year, u ? u->id : 0, at, &made);
  if (cl <= 0) return -1;
  if (made) {
    char sum[200];
    snprintf(sum, sizeof sum, "新建清单 %.100s（%d年%s）", n->list_title, n->year, n->kind);
    if (org_audit(r, "tasks.checklist.create", "checklist", cl, sum, NULL, NULL)) return -1;
  }
  tasks_item_in in = {.title = n->title, .source = n->origin ? n->origin : "", .measures = n->measures ? n->measures : "", .due = n->due,
                      .unit = n->unit, .owner = n->owner, .amount = n->amount_fen, .recovered = n->recovered_fen, .refunded = n->refunded_fen,
                      .people = n->people};
  int64_t id = tasks_cl_item_insert(cl, &in, at);
  if (!id || tasks_store_item_set_source(id, n->source)) return -1;
  json_t *after = tasks_item_json(id);
  char sum[500];
  snprintf(sum, sizeof sum, "新增清单事项 %.300s（来源 %.80s）", n->title, n->source);
  int rc = !after || org_audit(r, "tasks.checklist_item.create", "checklist_item", id, sum, NULL, after);
  json_decref(after);
  if (rc) return -1;
  *created = 1;
  return id;
}

int tasks_cl_item_brief(int64_t id, tasks_cl_brief *out) {
  memset(out, 0, sizeof *out);
  return tasks_store_item_brief(id, out);
}

int64_t tasks_plan_from_text(req *r, int year, const char *title, const char *text, char *err, size_t errlen) {
  if (year < 2000 || year > 2100) return bad(err, errlen, "年度应在2000至2100之间");
  if (!title || !*title || utf8_chars(title) > 100) return bad(err, errlen, "计划名称为空或超过100字");
  if (!text || !*text || strlen(text) > PLAN_MAX_INPUT) return bad(err, errlen, "计划正文为空或过长");
  int dup = tasks_store_plan_find(year, title, 0);
  if (dup < 0) return -1;
  if (dup) {
    snprintf(err, errlen, "%d年度已有名为「%.100s」的计划", year, title);
    return 0;
  }
  plan_tree *t = plan_parse(text, strlen(text), err, errlen);
  if (!t) return 0;
  json_t *tree = plan_tree_json(t);
  plan_tree_free(t);
  if (!tree) return -1;
  if (!json_array_size(tree)) {
    json_decref(tree);
    return bad(err, errlen, "计划正文中没有可识别的条目");
  }
  org_user *u = r ? org_caller(r) : NULL;
  int64_t id = tasks_plan_insert(year, title, "", text, tree, u ? u->id : 0);
  json_decref(tree);
  if (!id) return -1;
  json_t *after = tasks_store_plan_get(id, 0);
  char sum[200];
  snprintf(sum, sizeof sum, "新建年度计划 %.120s（由正文生成）", title);
  int rc = !after || org_audit(r, "tasks.plan.create", "task_plan", id, sum, NULL, after);
  json_decref(after);
  return rc ? -1 : id;
}
