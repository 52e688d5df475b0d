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

/* One row of the 台账 as JSON built by SQLite (the same keys as TASK_COLS through dbj_row); the deadline fields are
 * added in C (they need the working-day calendar) by appending to the object's text, no tree is built. */
#define TASK_JSON "json_object('id', t.id, 'plan_id', t.plan_id, 'plan_title', p.title, 'node_id', t.node_id, 'node_label', nd.label," \
  " 'node_title', nd.title, 'title', t.title, 'content', t.content, 'lead_unit_id', t.lead_unit_id, 'lead_unit_name', lu.name," \
  " 'co_unit_ids', json(t.co_unit_ids)," \
  " 'co_unit_names', (SELECT group_concat(u2.name, '、') FROM json_each(t.co_unit_ids) je JOIN units u2 ON u2.id = je.value)," \
  " 'owner_id', t.owner_id, 'owner_name', ow.name, 'owner_phone', ow.phone, 'leader_id', t.leader_id, 'leader_name', ld.name, 'start_date', t.start_date," \
  " 'due_date', t.due_date, 'priority', t.priority, 'evidence_required', t.evidence_required, 'status', t.status, 'progress', t.progress," \
  " 'return_reason', t.return_reason, 'urge_count', t.urge_count, 'evaluation', t.evaluation, 'evaluation_note', t.evaluation_note," \
  " 'assigned_at', t.assigned_at, 'closed_at', t.closed_at, 'created_at', t.created_at, 'updated_at', t.updated_at," \
  " 'workdays', json(CASE WHEN t.workdays THEN 'true' ELSE 'false' END)), t.status, t.due_date, t.workdays"

/* The WHERE of the 台账, made of the filters actually given: only column names and placeholders are written into the
 * text, every value is bound (in the order the placeholders appear). A short WHERE lets SQLite use the indexes — a
 * count over 100,000 tasks with every optional filter spelt out as "(? IS NULL OR …)" scans the whole table. */
typedef struct where {
  char sql[2048];
  size_t len;
  int n;
  struct { int is_text; int64_t i; const char *s; } v[24];
} where;

static void w_add(where *w, const char *frag) {
  int k = snprintf(w->sql + w->len, sizeof w->sql - w->len, "%s%s", w->len ? " AND " : " WHERE ", frag);
  if (k > 0 && (size_t)k < sizeof w->sql - w->len) w->len += (size_t)k;
}
static void w_int(where *w, int64_t v) { if (w->n < 24) { w->v[w->n].is_text = 0; w->v[w->n++].i = v; } }
static void w_text(where *w, const char *v) { if (w->n < 24) { w->v[w->n].is_text = 1; w->v[w->n++].s = v; } }
static int w_bind(const where *w, db_stmt *s, int first) {
  for (int k = 0; k < w->n; k++) {
    if (w->v[k].is_text) db_bind_text(s, first + k, w->v[k].s);
    else db_bind_int(s, first + k, w->v[k].i);
  }
  return first + w->n;
}

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

/* Appends to buf (growing it) the rows of a stepped statement whose columns are TASK_JSON's: the object text with its
 * deadline fields and the row's number. 0 ok, -1 out of memory or a database error. */
static int page_rows(db_stmt *s, const tasks_clock *ck, char **buf, size_t *len, size_t *cap) {
  db_status st;
  int first = 1;
  size_t seq = 0;
  while ((st = db_step(s)) == DB_ROW) {
    const char *obj = db_col_text(s, 0);
    size_t ol = strlen(obj);
    if (ol < 2 || obj[ol - 1] != '}') { db_reset(s); return -1; }
    tasks_deadline d = tasks_clock_deadline(ck, db_col_text(s, 1), db_col_text(s, 2), (int)db_col_int(s, 3));
    if (*len + ol + 256 > *cap) {
      while (*len + ol + 256 > *cap) *cap *= 2;
      char *n = realloc(*buf, *cap);
      if (!n) { db_reset(s); return -1; }
      *buf = n;
    }
    if (!first) (*buf)[(*len)++] = ',';
    first = 0;
    memcpy(*buf + *len, obj, ol - 1);
    *len += ol - 1;
    char days[16] = "null";
    if (d.days >= 0) snprintf(days, sizeof days, "%d", d.days);
    /* The texts come from our own tables of words (tasks.c), no character in them needs escaping. */
    *len += (size_t)snprintf(*buf + *len, *cap - *len, ",\"light\":\"%s\",\"light_text\":\"%s\",\"deadline_text\":\"%s\",\"deadline_days\":%s,\"seq\":%zu}",
                             tasks_light_code(d.light), tasks_light_text(d.light), d.text, days, ++seq);
  }
  return st == DB_DONE ? 0 : -1;
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
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  where w = {.len = 0};
  /* A task is in scope through its lead unit or its owner (TASK_SCOPE), written out only when the caller is limited. */
  if (!sc->all) {
    w_add(&w, "(t.lead_unit_id IN (SELECT value FROM json_each(?)) OR t.owner_id = ?)");
    w_text(&w, org_caller(r)->scope_units_json ? org_caller(r)->scope_units_json : "[]");
    w_int(&w, org_caller(r)->id);
  }
  if (plan) { w_add(&w, "t.plan_id = ?"); w_int(&w, plan); }
  if (node) { w_add(&w, "t.node_id = ?"); w_int(&w, node); }
  if (unit && org_import_flag(r, "below")) {
    w_add(&w, "t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')");
    w_int(&w, unit);
  } else if (unit) { w_add(&w, "t.lead_unit_id = ?"); w_int(&w, unit); }
  if (owner) { w_add(&w, "t.owner_id = ?"); w_int(&w, owner); }
  if (status) { w_add(&w, "t.status = ?"); w_text(&w, status); }
  if (from) { w_add(&w, "t.due_date >= ?"); w_text(&w, from); }
  if (to) { w_add(&w, "t.due_date <= ?"); w_text(&w, to); }
  const char *like = dbj_like(r, lp.q);
  if (like) { w_add(&w, "(t.title LIKE ? ESCAPE '\\' OR t.content LIKE ? ESCAPE '\\')"); w_text(&w, like); w_text(&w, like); }
  /* Lights: the due date against the bounds of the task's own clock (tasks_light_bounds, so the filter agrees with the
   * light of each row); the outer range over both clocks lets the (status, due_date) index narrow the scan. */
  int lt = light ? tasks_light_parse(light) : -1;
  const char *lo0 = strcmp(ck.red_s[0], ck.red_s[1]) < 0 ? ck.red_s[0] : ck.red_s[1], *hi0 = lo0 == ck.red_s[0] ? ck.red_s[1] : ck.red_s[0];
  const char *lo1 = strcmp(ck.yellow_s[0], ck.yellow_s[1]) < 0 ? ck.yellow_s[0] : ck.yellow_s[1], *hi1 = lo1 == ck.yellow_s[0] ? ck.yellow_s[1] : ck.yellow_s[0];
  if (lt == TL_DONE) w_add(&w, "t.status = '已办结'");
  else if (lt == TL_NONE) w_add(&w, "t.status = '草稿'");
  else if (lt == TL_RED) {
    w_add(&w, "t.status IN ('已交办','办理中','待审核') AND t.due_date <= ? AND t.due_date <= CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(&w, hi0); w_text(&w, ck.red_s[1]); w_text(&w, ck.red_s[0]);
  } else if (lt == TL_YELLOW) {
    w_add(&w, "t.status IN ('已交办','办理中','待审核') AND t.due_date > ? AND t.due_date <= ?"
              " AND t.due_date > CASE WHEN t.workdays THEN ? ELSE ? END AND t.due_date <= CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(&w, lo0); w_text(&w, hi1); w_text(&w, ck.red_s[1]); w_text(&w, ck.red_s[0]); w_text(&w, ck.yellow_s[1]); w_text(&w, ck.yellow_s[0]);
  } else if (lt == TL_GREEN) {
    w_add(&w, "t.status IN ('已交办','办理中','待审核') AND t.due_date > ? AND t.due_date > CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(&w, lo1); w_text(&w, ck.yellow_s[1]); w_text(&w, ck.yellow_s[0]);
  }
  char sql[6144];
  if (lp.export_fmt) {
    snprintf(sql, sizeof sql, "SELECT " TASK_COLS TASK_FROM "%s%s", w.sql, orders[lp.sort][lp.desc]);
    db_stmt *s = db_prepare(sql);
    if (s) w_bind(&w, s, 1);
    json_t *items = s ? dbj_rows(s) : NULL;
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
  snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks t%s", w.sql);
  db_stmt *s = db_prepare(sql);
  int64_t total = -1;
  if (s) {
    w_bind(&w, s, 1);
    total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
  }
  if (total < 0) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* The page's ids first, from the narrow rows (an index for each sort); names and JSON only for those 20. */
  snprintf(sql, sizeof sql, "SELECT " TASK_JSON " FROM (SELECT t.id FROM tasks t%s%s LIMIT ? OFFSET ?) pg JOIN tasks t ON t.id = pg.id"
           " LEFT JOIN task_plans p ON p.id = t.plan_id LEFT JOIN task_plan_nodes nd ON nd.id = t.node_id JOIN units lu ON lu.id = t.lead_unit_id"
           " LEFT JOIN users ow ON ow.id = t.owner_id LEFT JOIN users ld ON ld.id = t.leader_id%s",
           w.sql, orders[lp.sort][lp.desc], orders[lp.sort][lp.desc]);
  s = db_prepare(sql);
  size_t cap = 16384, len = 0;
  char *buf = s ? malloc(cap) : NULL;
  if (!buf) { tasks_clock_free(&ck); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int k = w_bind(&w, s, 1);
  db_bind_int(s, k, lp.size);
  db_bind_int(s, k + 1, lp.offset);
  len = (size_t)snprintf(buf, cap, "{\"items\":[");
  int rc = page_rows(s, &ck, &buf, &len, &cap);
  tasks_clock_free(&ck);
  if (rc || len + 64 > cap) { free(buf); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  len += (size_t)snprintf(buf + len, cap - len, "],\"total\":%lld}", (long long)total);
  http_send(r, 200, "application/json; charset=utf-8", buf, len);
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
