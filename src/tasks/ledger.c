/* ledger.c — the 督办台账 (filters, lights on each task's clock, XLSX/CSV export), 我的待办, and per-unit completion and
 * on-time rates. */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sorts[] = {"due_date", "created_at", "updated_at", "priority", "progress", NULL};
static const char *const orders[][2] = {
  {" ORDER BY t.due_date, t.id", " ORDER BY t.due_date DESC, t.id DESC"},
  {" ORDER BY t.created_at, t.id", " ORDER BY t.created_at DESC, t.id DESC"},
  {" ORDER BY t.updated_at, t.id", " ORDER BY t.updated_at DESC, t.id DESC"},
  {" ORDER BY CASE t.priority WHEN '高' THEN 0 WHEN '中' THEN 1 ELSE 2 END, t.due_date, t.id",
   " ORDER BY CASE t.priority WHEN '高' THEN 2 WHEN '中' THEN 1 ELSE 0 END, t.due_date, t.id"},
  {" ORDER BY t.progress, t.id", " ORDER BY t.progress DESC, t.id DESC"},
};
/* The light filter compares the due date with the bounds of the task's own clock (?13/?14 calendar days, ?16/?17
 * working days, from tasks_light_bounds), so it agrees with the light computed for each row. */
#define RED_MAX "CASE WHEN t.workdays THEN ?16 ELSE ?13 END"
#define YELLOW_MAX "CASE WHEN t.workdays THEN ?17 ELSE ?14 END"
#define LIST_WHERE " WHERE " TASK_SCOPE \
  " AND (?5 = 0 OR t.plan_id = ?5) AND (?6 = 0 OR t.lead_unit_id = ?6) AND (?7 IS NULL OR t.status = ?7) AND (?8 = 0 OR t.owner_id = ?8)" \
  " AND (?9 IS NULL OR t.due_date >= ?9) AND (?10 IS NULL OR t.due_date <= ?10)" \
  " AND (?11 IS NULL OR t.title LIKE ?11 ESCAPE '\\' OR t.content LIKE ?11 ESCAPE '\\')" \
  " AND (?12 IS NULL OR (?12 = 'done' AND t.status = '已办结') OR (?12 = 'none' AND t.status = '草稿')" \
  "   OR (t.status IN ('已交办','办理中','待审核') AND ((?12 = 'red' AND t.due_date <= " RED_MAX ")" \
  "   OR (?12 = 'yellow' AND t.due_date > " RED_MAX " AND t.due_date <= " YELLOW_MAX ") OR (?12 = 'green' AND t.due_date > " YELLOW_MAX "))))" \
  " AND (?15 = 0 OR t.node_id = ?15)"

static const export_col task_cols[] = {
  {"序号", "seq", 1}, {"年度计划", "plan_title", 0}, {"任务名称", "title", 0}, {"工作内容", "content", 0}, {"牵头单位", "lead_unit_name", 0},
  {"配合单位", "co_unit_names", 0}, {"责任人", "owner_name", 0}, {"分管领导", "leader_name", 0}, {"开始日期", "start_date", 0},
  {"完成时限", "due_date", 0}, {"优先级", "priority", 0}, {"状态", "status", 0}, {"进度(%)", "progress", 1}, {"预警", "light_text", 0},
  {"期限", "deadline_text", 0}, {"催办次数", "urge_count", 1}, {"评价", "evaluation", 0}, {"办结时间", "closed_at", 0}};

static int q_id(req *r, const char *key, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为正整数", key); return -1; }
  *out = n;
  return 0;
}

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
  if (q_id(r, "plan_id", &plan) || q_id(r, "unit_id", &unit) || q_id(r, "owner_id", &owner) || q_id(r, "node_id", &node) ||
      q_date(r, "due_from", &from) || q_date(r, "due_to", &to))
    return;
  if (status && !*status) status = NULL;
  if (light && !*light) light = NULL;
  if (status && tasks_status_parse(status) < 0) { http_error(r, ERR_BAD_QUERY, "status", "状态应为 草稿、已交办、办理中、待审核、已办结 之一"); return; }
  if (light && tasks_light_parse(light) < 0) { http_error(r, ERR_BAD_QUERY, "light", "预警应为 green、yellow、red、done、none 之一"); return; }
  if (lp.export_fmt && !org_caller_can(r, "tasks:task:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  if (!org_caller_scope(r)) return;
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *like = dbj_like(r, lp.q);
  char sql[4096];
  int64_t total = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 0 && lp.export_fmt) continue;
    if (pass == 0) snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks t" LIST_WHERE);
    else snprintf(sql, sizeof sql, "SELECT " TASK_COLS TASK_FROM LIST_WHERE "%s LIMIT ?18 OFFSET ?19", orders[lp.sort][lp.desc]);
    db_stmt *s = db_prepare(sql);
    if (!s) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    tasks_task_bind_scope(r, s);
    db_bind_int(s, 5, plan);
    db_bind_int(s, 6, unit);
    db_bind_text(s, 7, status);
    db_bind_int(s, 8, owner);
    db_bind_text(s, 9, from);
    db_bind_text(s, 10, to);
    db_bind_text(s, 11, like);
    db_bind_text(s, 12, light);
    db_bind_text(s, 13, ck.red_s[0]);
    db_bind_text(s, 14, ck.yellow_s[0]);
    db_bind_int(s, 15, node);
    db_bind_text(s, 16, ck.red_s[1]);
    db_bind_text(s, 17, ck.yellow_s[1]);
    if (pass == 0) {
      total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
      db_reset(s);
      if (total < 0) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      continue;
    }
    db_bind_int(s, 18, lp.export_fmt ? -1 : lp.size);
    db_bind_int(s, 19, lp.export_fmt ? 0 : lp.offset);
    json_t *items = dbj_rows(s);
    if (!items) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
      tasks_add_deadline(it, &ck);
      json_object_set_new(it, "seq", json_integer((json_int_t)i + 1));
    }
    tasks_clock_free(&ck);
    if (lp.export_fmt) {
      export_send(r, lp.export_fmt, "督办台账", task_cols, sizeof task_cols / sizeof task_cols[0], items, org_caller(r)->name);
      json_decref(items);
      return;
    }
    http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
  }
}

/* ---- 我的待办 ---- */
static void h_mine(req *r) {
  if (!org_caller_scope(r)) return;
  org_user *u = org_caller(r);
  int sup = org_caller_can(r, "tasks:task:supervise");
  db_stmt *s = db_prepare("SELECT " TASK_COLS TASK_FROM " WHERE (t.owner_id = ?4 AND t.status IN ('已交办','办理中'))"
                          " OR (?5 AND t.status = '待审核' AND " ORG_SCOPE_SQL("t.lead_unit_id", "t.owner_id", 1, 2, 3) ")"
                          " ORDER BY t.due_date, t.id LIMIT 500");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  tasks_task_bind_scope(r, s);
  db_bind_int(s, 5, sup);
  json_t *items = dbj_rows(s);
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
  if (q_id(r, "plan_id", &plan)) return;
  if (!org_caller_scope(r)) return;
  db_stmt *s = db_prepare("SELECT t.lead_unit_id, lu.name, t.status, t.due_date, substr(COALESCE(t.closed_at, ''), 1, 10), t.urge_count, t.workdays"
                          " FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE " TASK_SCOPE " AND (?5 = 0 OR t.plan_id = ?5)"
                          " ORDER BY lu.path, lu.sort, lu.id");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  tasks_task_bind_scope(r, s);
  db_bind_int(s, 5, plan);
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
