/* batch.c — 批量立项: tasks for several nodes of an annual plan at once, each with its lead unit, co-units and deadline
 * (defaults from the request and the plan), all in one transaction: every task is made or none. */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX 200

/* Rewrites the error just answered for item i: field "items[i].<field>", message "第i+1项：…". */
static void prefix_error(req *r, size_t i) {
  json_error_t je;
  json_t *b = r->resp ? json_loadb(r->resp, r->resp_len, 0, &je) : NULL;
  json_t *e = json_object_get(b, "error");
  if (!e) { json_decref(b); return; }
  const char *f = json_string_value(json_object_get(e, "field"));
  char field[120], msg[700];
  snprintf(field, sizeof field, "items[%zu]%s%s", i, f ? "." : "", f ? f : "");
  snprintf(msg, sizeof msg, "第%zu项：%s", i + 1, json_string_value(json_object_get(e, "message")) ? json_string_value(json_object_get(e, "message")) : "");
  json_object_set_new(e, "field", json_string(field));
  json_object_set_new(e, "message", json_string(msg));
  char *out = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  if (!out) return;
  free(r->resp);
  r->resp = out;
  r->resp_len = strlen(out);
}

/* The node's heading as a task name: label and title without the closing punctuation, else the start of its body;
 * at most 200 characters. */
static const char *node_name(req *r, json_t *node) {
  const char *t = json_string_value(json_object_get(node, "title"));
  if (!t || !*t) t = json_string_value(json_object_get(node, "body"));
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", t ? t : "");
  size_t n = strlen(buf);
  static const char *const tails[] = {"。", "；", "：", "，", ";", ":", ",", "."};
  for (int again = 1; again && n;) {
    again = 0;
    for (size_t k = 0; k < sizeof tails / sizeof *tails; k++) {
      size_t tl = strlen(tails[k]);
      if (n >= tl && memcmp(buf + n - tl, tails[k], tl) == 0) { n -= tl; buf[n] = 0; again = 1; }
    }
  }
  /* 200 characters at most, cut on a character boundary */
  size_t chars = 0, i = 0;
  while (buf[i] && chars < 200) {
    i++;
    while ((buf[i] & 0xC0) == 0x80) i++;
    chars++;
  }
  buf[i] = 0;
  return req_strdup(r, buf);
}

static void h_batch(req *r) {
  static const char *const allowed[] = {"plan_id", "lead_unit_id", "co_unit_ids", "due_date", "start_date", "workdays", "priority", "items", NULL};
  static const char *const item_keys[] = {"node_id", "title", "content", "lead_unit_id", "co_unit_ids", "owner_id", "leader_id", "due_date",
                                          "start_date", "priority", "evidence_required", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t plan;
  const char *due = NULL, *dummy;
  if (jv_int(r, o, "plan_id", "年度计划", JV_REQUIRED, 1, INT64_MAX, &plan) < 0 || tasks_jv_date(r, o, "due_date", "完成时限", JV_OPTIONAL, &due) < 0 ||
      tasks_jv_date(r, o, "start_date", "开始日期", JV_OPTIONAL, &dummy) < 0)
    return;
  json_t *items = json_object_get(o, "items");
  if (!json_is_array(items) || !json_array_size(items)) { http_error(r, ERR_MISSING, "items", "请勾选至少一个计划条目"); return; }
  if (json_array_size(items) > BATCH_MAX) { http_error(r, ERR_INVALID, "items", "一次最多立项 %d 项", BATCH_MAX); return; }
  json_t *p = tasks_store_plan_get(plan, 0);
  if (!p) { http_error(r, ERR_INVALID, "plan_id", "年度计划不存在"); return; }
  /* The plan's default deadline: the end of its year. */
  char year_end[11];
  snprintf(year_end, sizeof year_end, "%04d-12-31", (int)json_integer_value(json_object_get(p, "year")));
  json_decref(p);
  size_t n = json_array_size(items);
  task_in *in = req_own(r, calloc(n, sizeof *in));
  if (!in) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* keep holds each item's merged body: the checked fields point into it until the tasks are written. */
  json_t *seen = json_object(), *keep = json_array(), *made = NULL;
  for (size_t i = 0; i < n; i++) {
    json_t *it = json_array_get(items, i);
    const char *bad = NULL;
    if (!json_is_object(it)) { http_error(r, ERR_INVALID, "items", "第%zu项应为对象", i + 1); goto out; }
    const char *k;
    json_t *v;
    json_object_foreach(it, k, v) {
      int known = 0;
      for (const char *const *a = item_keys; *a; a++) known |= strcmp(*a, k) == 0;
      if (!known) bad = k;
    }
    if (bad) { http_error(r, ERR_UNKNOWN_FIELD, NULL, "不认识的字段：%.60s", bad); goto item_bad; }
    json_t *nid = json_object_get(it, "node_id");
    if (!json_is_integer(nid)) { http_error(r, ERR_MISSING, "node_id", "缺少计划条目"); goto item_bad; }
    json_t *node = tasks_store_node_plan(json_integer_value(nid)) == plan ? tasks_store_node_get(json_integer_value(nid)) : NULL;
    if (!node) { http_error(r, ERR_INVALID, "node_id", "计划条目不存在或不属于所选计划"); goto item_bad; }
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)json_integer_value(nid));
    if (json_object_get(seen, key)) { json_decref(node); http_error(r, ERR_INVALID, "node_id", "同一计划条目勾选了两次"); goto item_bad; }
    json_object_set_new(seen, key, json_true());
    /* The task as a single 立项 would send it: the item's own fields, else the batch's defaults, else the plan's. */
    json_t *t = json_deep_copy(it);
    json_array_append_new(keep, t);
    json_object_set_new(t, "plan_id", json_integer(plan));
    if (!json_object_get(t, "title")) json_object_set_new(t, "title", json_string(node_name(r, node)));
    if (!json_object_get(t, "content")) json_object_set(t, "content", json_object_get(node, "full_text"));
    static const char *const shared[] = {"lead_unit_id", "co_unit_ids", "start_date", "workdays", "priority"};
    for (size_t k2 = 0; k2 < sizeof shared / sizeof *shared; k2++)
      if (!json_object_get(t, shared[k2]) && json_object_get(o, shared[k2])) json_object_set(t, shared[k2], json_object_get(o, shared[k2]));
    if (!json_object_get(t, "due_date")) json_object_set_new(t, "due_date", json_string(due ? due : year_end));
    json_decref(node);
    if (tasks_read_task(r, t, 1, &in[i])) goto item_bad;
    if (in[i].start && strcmp(in[i].start, in[i].due) > 0) { http_error(r, ERR_INVALID, "due_date", "完成时限不能早于开始日期"); goto item_bad; }
    continue;
  item_bad:
    prefix_error(r, i);
    goto out;
  }
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) goto out;
  made = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *after = NULL;
    if (!tasks_task_create(r, &in[i], 0, at, &after)) { tasks_tx_fail(r); goto out; }
    json_array_append_new(made, after);
  }
  /* each task has its own audit row (tasks_task_create) */
  if (tasks_tx_commit(r)) goto out;
  http_json(r, 201, json_pack("{s:O,s:I}", "items", made, "total", (json_int_t)n));
out:
  json_decref(made);
  json_decref(keep);
  json_decref(seen);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/tasks/tasks/batch", "tasks:task:add", h_batch, 0},
};
void tasks_batch_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
