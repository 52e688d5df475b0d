/* ledger.c — the 督办台账 (its SQL in store_ledger.c) (filters, lights on each task's clock, XLSX/CSV export), 我的待办, and per-unit completion and
 * on-time rates. */
#include "tasks/internal.h"
#include "base/import.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sorts[] /* the order of tasks_ledger_q.sort (store_ledger.c) */ = {"due_date", "created_at", "updated_at", "priority", "progress", NULL};
static const export_col task_cols[] = {
  {"序号", "seq", 1}, {"年度计划", "plan_title", 0}, {"任务名称", "title", 0}, {"工作内容", "content", 0}, {"牵头单位", "lead_unit_name", 0},
  {"配合单位", "co_unit_names", 0}, {"责任人", "owner_name", 0}, {"分管领导", "leader_name", 0}, {"开始日期", "start_date", 0},
  {"完成时限", "due_date", 0}, {"优先级", "priority", 0}, {"状态", "status", 0}, {"进度(%)", "progress", 1}, {"预警", "light_text", 0},
  {"期限", "deadline_text", 0}, {"催办次数", "urge_count", 1}, {"评价", "evaluation", 0}, {"办结时间", "closed_at", 0}};

static int q_date(req *r, const char *key, const char **out) {
  const char *v = http_query(r, key);
  *out = NULL;
  if (!v || !*v) return 0;
  if (wd_parse(v) < 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为 YYYY-MM-DD 格式的日期", key); return -1; }
  *out = v;
  return 0;
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, sorts, 0, 0, &lp)) return;
  int64_t plan, unit, owner, node;
  const char *from, *to, *status = http_query(r, "status"), *light = http_query(r, "light");
  if (http_query_id(r, "plan_id", &plan) || http_query_id(r, "unit_id", &unit) || http_query_id(r, "owner_id", &owner) || http_query_id(r, "node_id", &node) ||
      q_date(r, "due_from", &from) || q_date(r, "due_to", &to))
    return;
  if (status && !*status) status = NULL;
  if (light && !*light) light = NULL;
  if (status && tasks_status_parse(status) < 0) { http_error(r, ERR_BAD_QUERY, "status", "状态应为 草稿、已交办、办理中、待审核、已办结 之一"); return; }
  if (light && tasks_light_parse(light) < 0) { http_error(r, ERR_BAD_QUERY, "light", "预警应为 green、yellow、red、done、none 之一"); return; }
  if (lp.export_fmt && !org_caller_can(r, "tasks:task:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  tasks_ledger_q q = {.plan = plan, .node = node, .unit = unit, .below = unit && imp_flag(r, "below"), .owner = owner, .status = status,
                      .from = from, .to = to, .like = dbj_like(r, lp.q), .light = light ? tasks_light_parse(light) : -1, .sort = lp.sort, .desc = lp.desc};
  if (lp.export_fmt) {
    json_t *items = tasks_store_ledger_rows(r, &q, &ck);
    if (!items) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
      tasks_add_deadline(it, &ck);
      json_object_set_new(it, "seq", json_integer((json_int_t)i + 1));
    }
    tasks_clock_free(&ck);
    export_send(r, lp.export_fmt, "督办台账", task_cols, sizeof task_cols / sizeof task_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  size_t len = 0;
  char *buf = tasks_store_ledger_page(r, &q, &ck, lp.size, lp.offset, &len);
  tasks_clock_free(&ck);
  if (!buf) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", buf, len);
}

/* ---- 我的待办 ---- */
static void h_mine(req *r) {
  if (!org_caller_scope(r)) return;
  org_user *u = org_caller(r);
  int sup = org_caller_can(r, "tasks:task:supervise");
  json_t *items = tasks_store_mine(r, sup);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    tasks_add_deadline(it, &ck);
    json_object_set_new(it, "todo", json_string(json_integer_value(json_object_get(it, "owner_id")) == u->id &&
                                                strcmp(json_string_value(json_object_get(it, "status")), "待审核") ? "办理" : "审核"));
  }
  json_t *cl = tasks_cl_mine(r);
  if (!cl) { tasks_clock_free(&ck); json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:o,s:s}", "tasks", items, "items", cl, "today", ck.today_s));
  tasks_clock_free(&ck);
}

/* ---- per-unit completion and on-time rates ---- */
static void h_stats(req *r) {
  int64_t plan;
  if (http_query_id(r, "plan_id", &plan)) return;
  if (!org_caller_scope(r)) return;
  db_stmt *s = tasks_store_stats_rows(r, plan);
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { db_reset(s); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  enum { MAXU = 256 };
  static __thread tasks_rate_stat st[MAXU + 1];
  static __thread int64_t uid[MAXU], urges[MAXU + 1];
  static __thread char names[MAXU][128];
  size_t n = 0;
  memset(st, 0, sizeof st);
  memset(urges, 0, sizeof urges);
  db_status ds;
  while ((ds = db_step(s)) == DB_ROW) {
    int64_t u = db_col_int(s, 0);
    size_t k = 0;
    while (k < n && uid[k] != u) k++;
    if (k == n && n < MAXU) {
      uid[n] = u;
      snprintf(names[n], sizeof names[n], "%s", db_col_text(s, 1));
      n++;
    }
    if (k >= MAXU) continue;
    int stt = tasks_status_parse(db_col_text(s, 2));
    int due = wd_parse(db_col_text(s, 3)), closed = wd_parse(db_col_text(s, 4));
    const wd_cal *cal = db_col_int(s, 6) ? &ck.cal : NULL;
    tasks_rate_add(&st[k], (tasks_status)(stt < 0 ? 0 : stt), due, closed, ck.today, cal);
    tasks_rate_add(&st[MAXU], (tasks_status)(stt < 0 ? 0 : stt), due, closed, ck.today, cal);
    urges[k] += db_col_int(s, 5);
    urges[MAXU] += db_col_int(s, 5);
  }
  char today[11];
  memcpy(today, ck.today_s, sizeof today);
  tasks_clock_free(&ck);
  if (ds != DB_DONE) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *units = json_array();
  for (size_t k = 0; k <= n; k++) {
    size_t j = k == n ? MAXU : k;
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:f}", "total", (json_int_t)st[j].total, "closed", (json_int_t)st[j].closed,
                          "on_time", (json_int_t)st[j].on_time, "overdue", (json_int_t)st[j].overdue, "urges", (json_int_t)urges[j],
                          "completion_rate", tasks_permille(st[j].closed, st[j].total) / 10.0, "on_time_rate", tasks_permille(st[j].on_time, st[j].closed) / 10.0);
    if (k == n) {
      http_json(r, 200, json_pack("{s:o,s:o,s:s}", "units", units, "total", o, "today", today));
      return;
    }
    json_object_set_new(o, "unit_id", json_integer(uid[k]));
    json_object_set_new(o, "unit_name", json_string(names[k]));
    json_array_append_new(units, o);
  }
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/tasks/mine", NULL, h_mine, 0},
  {HTTP_GET, "/api/v1/tasks/stats", "tasks:task:list", h_stats, 0},
  {HTTP_GET, "/api/v1/tasks/tasks", "tasks:task:list", h_list, 0},
};
void tasks_ledger_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
