/* plans.c — 年度工作计划: parse pasted text into an outline tree (no write), save a plan with its edited tree (once per year
 * and title), edit or delete it while none of its tasks is assigned, list and read plans. SQL in store_plans.c. */
#include "tasks/internal.h"
#include "tasks/plan_parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 2000
#define MAX_DEPTH 8

static void h_parse(req *r) {
  static const char *const allowed[] = {"text", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *text;
  if (jv_str(r, o, "text", "计划正文", JV_REQUIRED, 1, PLAN_MAX_INPUT, &text) < 0) return;
  char err[160];
  plan_tree *t = plan_parse(text, strlen(text), err, sizeof err);
  if (!t) { http_error(r, ERR_INVALID, "text", "%s", err); return; }
  json_t *tree = plan_tree_json(t);
  char *preamble = plan_tree_preamble(t);
  plan_tree_free(t);
  if (!tree || !preamble) { json_decref(tree); free(preamble); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* the text before the first heading is the plan's 前言: shown apart, never a node to make a task of */
  http_json(r, 200, json_pack("{s:o,s:s}", "tree", tree, "preamble", preamble));
  free(preamble);
}

/* Checks an edited tree; answers 400 naming the node ("tree[2].children[0].title") and returns -1 when bad. */
static int check_tree(req *r, json_t *arr, int depth, size_t *count, const char *path) {
  if (!json_is_array(arr)) { http_error(r, ERR_INVALID, "tree", "%s 应为数组", path); return -1; }
  if (depth > MAX_DEPTH) { http_error(r, ERR_INVALID, "tree", "任务树层级不能超过%d层", MAX_DEPTH); return -1; }
  size_t i;
  json_t *n;
  json_array_foreach(arr, i, n) {
    char here[200];
    snprintf(here, sizeof here, "%s[%zu]", path, i);
    if (!json_is_object(n)) { http_error(r, ERR_INVALID, "tree", "%s 应为对象", here); return -1; }
    if (++*count > MAX_NODES) { http_error(r, ERR_INVALID, "tree", "任务树节点不能超过%d个", MAX_NODES); return -1; }
    static const struct { const char *key; size_t max; } f[] = {{"label", 32}, {"title", 500}, {"body", 20000}};
    size_t total = 0;
    for (size_t k = 0; k < 3; k++) {
      json_t *v = json_object_get(n, f[k].key);
      if (!v || json_is_null(v)) continue;
      long chars = json_is_string(v) ? jv_utf8_chars(json_string_value(v)) : -1;
      if (chars < 0 || (size_t)chars > f[k].max) {
        http_error(r, ERR_INVALID, "tree", "%s.%s 应为不超过%zu字的文本", here, f[k].key, f[k].max);
        return -1;
      }
      total += (size_t)chars;
    }
    if (!total) { http_error(r, ERR_INVALID, "tree", "%s 是空节点", here); return -1; }
    json_t *c = json_object_get(n, "children");
    if (c && !json_is_null(c)) {
      char sub[240];
      snprintf(sub, sizeof sub, "%s.children", here);
      if (check_tree(r, c, depth + 1, count, sub)) return -1;
    }
  }
  return 0;
}

/* Year, title, theme, text and the tree of a plan body (create: tree or text required). 0 ok, -1 answered. *parsed
 * holds a tree made from the text, for the caller to release. */
typedef struct plan_in { int64_t year; const char *title, *theme, *text; json_t *tree; size_t count; } plan_in;

static int read_plan(req *r, json_t *o, plan_in *in, json_t **parsed) {
  *parsed = NULL;
  in->theme = "";
  in->text = NULL;
  if (jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &in->year) < 0 || jv_str(r, o, "title", "计划名称", JV_REQUIRED, 1, 100, &in->title) < 0 ||
      jv_str(r, o, "theme", "年度主题", JV_OPTIONAL, 0, 50, &in->theme) < 0 || jv_str(r, o, "text", "计划正文", JV_OPTIONAL, 0, PLAN_MAX_INPUT, &in->text) < 0)
    return -1;
  in->tree = json_object_get(o, "tree");
  if (!in->tree || json_is_null(in->tree)) {
    /* No edited tree: take the parser's as it is. */
    if (!in->text || !*in->text) { http_error(r, ERR_MISSING, "text", "请提供计划正文或任务树"); return -1; }
    char err[160];
    plan_tree *t = plan_parse(in->text, strlen(in->text), err, sizeof err);
    if (!t) { http_error(r, ERR_INVALID, "text", "%s", err); return -1; }
    in->tree = *parsed = plan_tree_json(t);
    plan_tree_free(t);
    if (!in->tree) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  }
  in->count = 0;
  if (check_tree(r, in->tree, 1, &in->count, "tree")) return -1;
  if (in->count == 0) { http_error(r, ERR_INVALID, "tree", "任务树是空的"); return -1; }
  return 0;
}

/* Inside the transaction: another plan of the same year and title answers 409 naming the title. */
static int unique_title(req *r, const plan_in *in, int64_t except) {
  int dup = tasks_store_plan_find((int)in->year, in->title, except);
  if (dup < 0) { tasks_tx_fail(r); return -1; }
  if (dup) {
    db_rollback();
    http_error(r, ERR_DUPLICATE, "title", "%lld年度已有名为「%.100s」的计划", (long long)in->year, in->title);
    return -1;
  }
  return 0;
}

/* Reads and checks a plan body, then opens the write transaction. 0 inside it; -1 answered (*parsed released). */
static int plan_write_begin(req *r, plan_in *in, json_t **parsed) {
  static const char *const allowed[] = {"year", "title", "theme", "text", "tree", NULL};
  json_t *o = jv_object(r, allowed);
  *parsed = NULL;
  if (!o) return -1;
  if (read_plan(r, o, in, parsed) || tasks_tx_begin(r)) { json_decref(*parsed); *parsed = NULL; return -1; }
  return 0;
}

static void h_create(req *r) {
  plan_in in;
  json_t *parsed;
  if (plan_write_begin(r, &in, &parsed)) return;
  if (unique_title(r, &in, 0)) { json_decref(parsed); return; }
  int64_t id = tasks_plan_insert((int)in.year, in.title, in.theme, in.text ? in.text : "", in.tree, org_caller(r)->id);
  json_decref(parsed);
  if (!id) { tasks_tx_fail(r); return; }
  json_t *after = tasks_store_plan_get(id, 0);
  char sum[200];
  snprintf(sum, sizeof sum, "新建年度计划 %.120s（%zu个节点）", in.title, in.count);
  if (!after || org_audit(r, "tasks.plan.create", "task_plan", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* PUT plans/:id — the whole plan again (year, title, theme, tree with the ids of nodes kept), while none of its tasks
 * has been assigned. A node left out goes with its children, unless a task hangs on it. */
static void h_update(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id || !tasks_store_plan_exists(id)) { http_error(r, ERR_NOT_FOUND, NULL, "计划不存在"); return; }
  plan_in in;
  json_t *parsed;
  if (plan_write_begin(r, &in, &parsed)) return;
  int64_t total, drafts, bad;
  char node[240];
  json_t *before = tasks_store_plan_get(id, 0);
  int rc = !before || tasks_store_plan_tasks(id, &total, &drafts) ? -1 : 0;
  if (!rc && total > drafts) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "计划已有 %lld 项任务交办，不能再修改", (long long)(total - drafts));
    rc = 1;
  }
  if (!rc && (rc = tasks_store_plan_check_ids(id, in.tree, &bad)) > 0) {
    db_rollback();
    http_error(r, ERR_INVALID, "tree", rc == 1 ? "节点编号 %lld 在任务树中出现了两次" : "节点编号 %lld 不属于这个计划", (long long)bad);
  }
  if (!rc && (rc = tasks_store_plan_dropped_with_tasks(id, in.tree, node, sizeof node)) == 1) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, "tree", "节点「%s」已立项，不能删除；请先删除它的草稿任务", node);
  }
  if (!rc) rc = unique_title(r, &in, id) ? 1 : 0;
  if (!rc && tasks_store_plan_update(id, (int)in.year, in.title, in.theme, in.text, in.tree)) rc = -1;
  json_decref(parsed);
  json_t *after = rc ? NULL : tasks_store_plan_get(id, 0);
  char sum[200];
  snprintf(sum, sizeof sum, "修改年度计划 %.120s（%zu个节点）", in.title, in.count);
  if (!rc && (!after || org_audit(r, "tasks.plan.update", "task_plan", id, sum, before, after))) rc = -1;
  json_decref(before);
  if (rc < 0) tasks_tx_fail(r);
  if (rc) { json_decref(after); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* DELETE plans/:id — with its draft tasks; refused once one of its tasks has been assigned. */
static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!id || !tasks_store_plan_exists(id)) { http_error(r, ERR_NOT_FOUND, NULL, "计划不存在"); return; }
  if (tasks_tx_begin(r)) return;
  int64_t total, drafts;
  json_t *before = tasks_store_plan_get(id, 0);
  if (!before || tasks_store_plan_tasks(id, &total, &drafts)) { json_decref(before); tasks_tx_fail(r); return; }
  if (total > drafts) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_BAD_STATE, NULL, "计划已有 %lld 项任务交办，不能删除", (long long)(total - drafts));
    return;
  }
  char sum[200];
  snprintf(sum, sizeof sum, "删除年度计划 %.120s 及其 %lld 项草稿任务", json_string_value(json_object_get(before, "title")), (long long)drafts);
  int bad = tasks_store_plan_delete(id) || org_audit(r, "tasks.plan.delete", "task_plan", id, sum, before, NULL);
  json_decref(before);
  if (bad) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b,s:I}", "ok", 1, "deleted_tasks", (json_int_t)drafts));
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *y = http_query(r, "year");
  json_t *items = tasks_store_plan_list(y && *y ? atoll(y) : 0, dbj_like(r, lp.q));
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? tasks_store_plan_get(id, 1) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "计划不存在"); return; }
  http_json(r, 200, o);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/tasks/plans/parse", "tasks:plan:list", h_parse, 0},
  {HTTP_GET, "/api/v1/tasks/plans", "tasks:plan:list", h_list, 0},
  {HTTP_GET, "/api/v1/tasks/plans/:id", "tasks:plan:list", h_get, 0},
  {HTTP_POST, "/api/v1/tasks/plans", "tasks:plan:add", h_create, 0},
  {HTTP_PUT, "/api/v1/tasks/plans/:id", "tasks:plan:add", h_update, 0},
  {HTTP_DELETE, "/api/v1/tasks/plans/:id", "tasks:plan:add", h_delete, 0},
};
void tasks_plans_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
