/* plans.c — 年度工作计划: parse pasted text into an outline tree (no write), save a plan with its edited tree, list and read plans. */
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
  plan_tree_free(t);
  if (!tree) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o}", "tree", tree));
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

static const char *str_of(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static int insert_nodes(int64_t plan, int64_t parent, int level, json_t *arr) {
  size_t i;
  json_t *n;
  json_array_foreach(arr, i, n) {
    db_stmt *s = db_prepare("INSERT INTO task_plan_nodes(plan_id, parent_id, sort, level, label, title, body) VALUES(?,?,?,?,?,?,?)");
    if (!s) return -1;
    db_bind_int(s, 1, plan);
    if (parent) db_bind_int(s, 2, parent); else db_bind_null(s, 2);
    db_bind_int(s, 3, (int64_t)i);
    db_bind_int(s, 4, level);
    db_bind_text(s, 5, str_of(n, "label"));
    db_bind_text(s, 6, str_of(n, "title"));
    db_bind_text(s, 7, str_of(n, "body"));
    if (db_step(s) != DB_DONE) return -1;
    int64_t id = db_last_id();
    json_t *c = json_object_get(n, "children");
    if (json_is_array(c) && insert_nodes(plan, id, level + 1, c)) return -1;
  }
  return 0;
}

int64_t tasks_plan_insert(int year, const char *title, const char *theme, const char *text, json_t *tree, int64_t user_id) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO task_plans(year, title, theme, source_text, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, theme);
  db_bind_text(s, 4, text);
  if (user_id) db_bind_int(s, 5, user_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  db_bind_text(s, 7, at);
  if (db_step(s) != DB_DONE) return 0;
  int64_t id = db_last_id();
  return insert_nodes(id, 0, 1, tree) ? 0 : id;
}

#define PLAN_COLS "p.id, p.year, p.title, p.theme, p.created_at, p.updated_at," \
  " (SELECT count(*) FROM task_plan_nodes n WHERE n.plan_id = p.id) AS node_count," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS task_count," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND t.status = '已办结') AS closed_count"

static json_t *plan_json(int64_t id, int with_text) {
  db_stmt *s = db_prepare("SELECT " PLAN_COLS ", p.source_text FROM task_plans p WHERE p.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  if (!o) return NULL;
  if (!with_text) json_object_del(o, "source_text");
  /* Nodes were inserted depth-first, so a parent's id is always smaller than its children's. */
  s = db_prepare("SELECT n.id, n.parent_id, n.level, n.label, n.title, n.body,"
                 " (SELECT count(*) FROM tasks t WHERE t.node_id = n.id) AS task_count"
                 " FROM task_plan_nodes n WHERE n.plan_id = ? ORDER BY n.id");
  db_bind_int(s, 1, id);
  json_t *rows = s ? dbj_rows(s) : NULL;
  if (!rows) { json_decref(o); return NULL; }
  json_t *roots = json_array(), *byid = json_object();
  size_t i;
  json_t *n;
  json_array_foreach(rows, i, n) {
    char k[24], pk[24];
    json_object_set_new(n, "children", json_array());
    snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(n, "id")));
    json_object_set(byid, k, n);
    json_t *p = json_object_get(n, "parent_id");
    json_t *parent = NULL;
    if (json_is_integer(p)) {
      snprintf(pk, sizeof pk, "%lld", (long long)json_integer_value(p));
      parent = json_object_get(byid, pk);
    }
    json_array_append(parent ? json_object_get(parent, "children") : roots, n);
  }
  json_decref(byid);
  json_decref(rows);
  json_object_set_new(o, "tree", roots);
  return o;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"year", "title", "theme", "text", "tree", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t year;
  const char *title, *theme = "", *text = "";
  if (jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0 || jv_str(r, o, "title", "计划名称", JV_REQUIRED, 1, 100, &title) < 0 ||
      jv_str(r, o, "theme", "年度主题", JV_OPTIONAL, 0, 50, &theme) < 0 || jv_str(r, o, "text", "计划正文", JV_OPTIONAL, 0, PLAN_MAX_INPUT, &text) < 0)
    return;
  json_t *tree = json_object_get(o, "tree");
  json_t *parsed = NULL;
  if (!tree || json_is_null(tree)) {
    /* No edited tree: take the parser's as it is. */
    if (!*text) { http_error(r, ERR_MISSING, "text", "请提供计划正文或任务树"); return; }
    char err[160];
    plan_tree *t = plan_parse(text, strlen(text), err, sizeof err);
    if (!t) { http_error(r, ERR_INVALID, "text", "%s", err); return; }
    tree = parsed = plan_tree_json(t);
    plan_tree_free(t);
    if (!tree) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  }
  size_t count = 0;
  if (check_tree(r, tree, 1, &count, "tree")) { json_decref(parsed); return; }
  if (count == 0) { json_decref(parsed); http_error(r, ERR_INVALID, "tree", "任务树是空的"); return; }
  if (tasks_tx_begin(r)) { json_decref(parsed); return; }
  int64_t id = tasks_plan_insert((int)year, title, theme, text, tree, org_caller(r)->id);
  json_decref(parsed);
  if (!id) { tasks_tx_fail(r); return; }
  json_t *after = plan_json(id, 0);
  char sum[200];
  snprintf(sum, sizeof sum, "新建年度计划 %.120s（%zu个节点）", title, count);
  if (!after || org_audit(r, "create", "task_plan", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *y = http_query(r, "year");
  int64_t year = y && *y ? atoll(y) : 0;
  db_stmt *s = db_prepare("SELECT " PLAN_COLS " FROM task_plans p WHERE (?1 = 0 OR p.year = ?1)"
                          " AND (?2 IS NULL OR p.title LIKE ?2 ESCAPE '\\' OR p.theme LIKE ?2 ESCAPE '\\') ORDER BY p.year DESC, p.id DESC");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, dbj_like(r, lp.q));
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? plan_json(id, 1) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "计划不存在"); return; }
  http_json(r, 200, o);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/tasks/plans/parse", "tasks:plan:list", h_parse, 0},
  {HTTP_GET, "/api/v1/tasks/plans", "tasks:plan:list", h_list, 0},
  {HTTP_GET, "/api/v1/tasks/plans/:id", "tasks:plan:list", h_get, 0},
  {HTTP_POST, "/api/v1/tasks/plans", "tasks:plan:add", h_create, 0},
};
void tasks_plans_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
