/* messages.c — the message centre (消息中心): messages to the people of a task on assignment, urge, return and deadline
 * (written in the same transaction as what they tell of), the caller's list, unread count and mark-as-read, and each
 * unit's group robot (企业微信/钉钉 webhook): its settings and the outbox rows the background sender posts. */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

int tasks_notify_action(const char *kind, json_t *task, const char *by, const char *text, const char *at) {
  json_t *owner = json_object_get(task, "owner_id");
  char title[400], body[2400];
  const char *t = str(task, "title");
  if (strcmp(kind, "assign") == 0) {
    snprintf(title, sizeof title, "新交办：%.300s", t);
    snprintf(body, sizeof body, "完成时限 %s（%s）。交办人：%.60s", str(task, "due_date"), str(task, "deadline_text"), by);
  } else if (strcmp(kind, "urge") == 0) {
    snprintf(title, sizeof title, "催办：%.300s", t);
    snprintf(body, sizeof body, "%.60s第%lld次催办：%.1800s。完成时限 %s，%s", by, (long long)json_integer_value(json_object_get(task, "urge_count")),
             text && *text ? text : "请抓紧推进，按期办结", str(task, "due_date"), str(task, "deadline_text"));
  } else {
    snprintf(title, sizeof title, "退回：%.300s", t);
    snprintf(body, sizeof body, "退回原因：%.1800s（%.60s）", text ? text : "", by);
  }
  if (json_is_integer(owner) && tasks_message_add(json_integer_value(owner), kind, json_integer_value(json_object_get(task, "id")), title, body,
                                                  NULL, at, NULL))
    return -1;
  char robot[3000];
  snprintf(robot, sizeof robot, "【督查督办】%s\n%s\n牵头单位：%s　责任人：%s", title, body, str(task, "lead_unit_name"), str(task, "owner_name"));
  return tasks_webhook_enqueue(json_integer_value(json_object_get(task, "lead_unit_id")), robot, at);
}

/* ---- the caller's messages ---- */
static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *u = http_query(r, "unread");
  int only_unread = u && (strcmp(u, "1") == 0 || strcmp(u, "true") == 0);
  int64_t me = org_caller(r)->id;
  int64_t total = 0;
  json_t *items = tasks_store_messages(me, only_unread, lp.size, lp.offset, &total);
  int64_t unread = tasks_store_unread(me);
  if (!items || unread < 0) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total, "unread", (json_int_t)unread));
}

static void h_unread(req *r) {
  int64_t n = tasks_store_unread(org_caller(r)->id);
  if (n < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:I}", "unread", (json_int_t)n));
}

/* {"ids":[…]} marks those of the caller's messages read; {"all":true} all of them. */
static void h_read(req *r) {
  static const char *const allowed[] = {"ids", "all", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t *ids = NULL;
  size_t n = 0;
  int all = 0;
  if (jv_ids(r, o, "ids", "消息", JV_OPTIONAL, 500, &ids, &n) < 0 || jv_bool(r, o, "all", "全部已读", JV_OPTIONAL, &all) < 0) return;
  if (!all && !n) { http_error(r, ERR_MISSING, "ids", "请指定要标记已读的消息"); return; }
  int64_t me = org_caller(r)->id;
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  int changed = tasks_store_messages_read(me, all, ids, n, at);
  if (changed < 0) { tasks_tx_fail(r); return; }
  char sum[120];
  snprintf(sum, sizeof sum, "消息标记已读 %d 条", changed);
  if (changed && org_audit(r, "tasks.message.read", "task_message", 0, sum, NULL, NULL)) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  int64_t unread = tasks_store_unread(me);
  http_json(r, 200, json_pack("{s:i,s:I}", "marked", changed, "unread", (json_int_t)(unread < 0 ? 0 : unread)));
}

/* ---- group robots of the units ---- */
static void h_hooks(req *r) {
  json_t *items = tasks_store_webhooks(0);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_hook_put(req *r) {
  int64_t unit = http_param_id(r, 0);
  if (!unit || !tasks_unit_in_scope(r, unit)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  static const char *const allowed[] = {"url", "enabled", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *url;
  int enabled = 1;
  if (jv_str(r, o, "url", "机器人地址", JV_REQUIRED, 8, 1000, &url) < 0 || jv_bool(r, o, "enabled", "启用", JV_OPTIONAL, &enabled) < 0) return;
  tasks_url u;
  if (tasks_url_parse(url, &u)) {
    http_error(r, ERR_INVALID, "url", "机器人地址应为 http://主机[:端口]/路径（不支持 https，可经内网转发）");
    return;
  }
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_store_webhooks(unit);
  if (!before) { tasks_tx_fail(r); return; }
  json_t *after = tasks_store_webhook_put(unit, url, enabled, at) == 0 ? tasks_store_webhooks(unit) : NULL;
  char sum[200];
  snprintf(sum, sizeof sum, "设置单位 %lld 的群机器人", (long long)unit);
  int bad = !after || org_audit(r, json_array_size(before) ? "tasks.webhook.update" : "tasks.webhook.create", "task_webhook", unit, sum, json_array_get(before, 0), json_array_get(after, 0));
  json_decref(before);
  if (bad) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  json_t *one = json_incref(json_array_get(after, 0));
  json_decref(after);
  http_json(r, 200, one);
}

static void h_hook_delete(req *r) {
  int64_t unit = http_param_id(r, 0);
  if (!unit || !tasks_unit_in_scope(r, unit)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_store_webhooks(unit);
  if (!before || !json_array_size(before)) { json_decref(before); db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "该单位没有设置群机器人"); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "删除单位 %lld 的群机器人", (long long)unit);
  int bad = tasks_store_webhook_delete(unit) || org_audit(r, "tasks.webhook.delete", "task_webhook", unit, sum, json_array_get(before, 0), NULL);
  json_decref(before);
  if (bad) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* A test post to the unit's robot, so the admin sees it arrive in the group. */
static void h_hook_test(req *r) {
  int64_t unit = http_param_id(r, 0);
  if (!unit || !tasks_unit_in_scope(r, unit)) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  char at[20], text[200];
  org_now(at);
  snprintf(text, sizeof text, "【督查督办】群机器人测试消息（%s，%.60s）", at, org_caller(r)->name);
  if (tasks_tx_begin(r)) return;
  int64_t have = tasks_store_webhook_enabled(unit);
  if (!have) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "该单位没有启用的群机器人"); return; }
  if (tasks_webhook_enqueue(unit, text, at) || org_audit(r, "tasks.webhook.test", "task_webhook", unit, "群机器人测试消息", NULL, NULL)) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  tasks_notifier_kick();
  http_json(r, 200, json_pack("{s:b}", "queued", 1));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/tasks/messages", NULL, h_list, 0},
  {HTTP_GET, "/api/v1/tasks/messages/unread-count", NULL, h_unread, 0},
  {HTTP_POST, "/api/v1/tasks/messages/read", NULL, h_read, 0},
  {HTTP_GET, "/api/v1/tasks/webhooks", "tasks:webhook:edit", h_hooks, 0},
  {HTTP_PUT, "/api/v1/tasks/webhooks/:id", "tasks:webhook:edit", h_hook_put, 0},
  {HTTP_DELETE, "/api/v1/tasks/webhooks/:id", "tasks:webhook:edit", h_hook_delete, 0},
  {HTTP_POST, "/api/v1/tasks/webhooks/:id/test", "tasks:webhook:edit", h_hook_test, 0},
};
void tasks_messages_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
