/* store_ledger.c — all SQL of the 督办台账: the WHERE made of the filters given (values bound), the page of ids first and
 * its rows as JSON built by SQLite with the deadline fields spliced in C, the export rows; 我的待办; the rows of the
 * per-unit rates. */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The WHERE of the caller's 台账 query: data scope, the filters given, the light by each task's own clock. */
static void ledger_where(req *r, const tasks_ledger_q *q, const tasks_clock *ck, where *w) {
  /* A task is in scope through its lead unit or its owner (TASK_SCOPE), written out only when the caller is limited. */
  if (!org_caller_scope(r)->all) {
    w_add(w, "(t.lead_unit_id IN (SELECT value FROM json_each(?)) OR t.owner_id = ?)");
    w_text(w, org_caller(r)->scope_units_json ? org_caller(r)->scope_units_json : "[]");
    w_int(w, org_caller(r)->id);
  }
  if (q->plan) { w_add(w, "t.plan_id = ?"); w_int(w, q->plan); }
  if (q->node) { w_add(w, "t.node_id = ?"); w_int(w, q->node); }
  if (q->unit && q->below) {
    w_add(w, "t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')");
    w_int(w, q->unit);
  } else if (q->unit) { w_add(w, "t.lead_unit_id = ?"); w_int(w, q->unit); }
  if (q->owner) { w_add(w, "t.owner_id = ?"); w_int(w, q->owner); }
  if (q->status) { w_add(w, "t.status = ?"); w_text(w, q->status); }
  if (q->from) { w_add(w, "t.due_date >= ?"); w_text(w, q->from); }
  if (q->to) { w_add(w, "t.due_date <= ?"); w_text(w, q->to); }
  const char *like = q->like;
  if (like) { w_add(w, "(t.title LIKE ? ESCAPE '\\' OR t.content LIKE ? ESCAPE '\\')"); w_text(w, like); w_text(w, like); }
  /* Lights: the due date against the bounds of the task's own clock (tasks_light_bounds, so the filter agrees with the
   * light of each row); the outer range over both clocks lets the (status, due_date) index narrow the scan. */
  int lt = q->light;
  const char *lo0 = strcmp(ck->red_s[0], ck->red_s[1]) < 0 ? ck->red_s[0] : ck->red_s[1], *hi0 = lo0 == ck->red_s[0] ? ck->red_s[1] : ck->red_s[0];
  const char *lo1 = strcmp(ck->yellow_s[0], ck->yellow_s[1]) < 0 ? ck->yellow_s[0] : ck->yellow_s[1], *hi1 = lo1 == ck->yellow_s[0] ? ck->yellow_s[1] : ck->yellow_s[0];
  if (lt == TL_DONE) w_add(w, "t.status = '已办结'");
  else if (lt == TL_NONE) w_add(w, "t.status = '草稿'");
  else if (lt == TL_RED) {
    w_add(w, "t.status IN ('已交办','办理中','待审核') AND t.due_date <= ? AND t.due_date <= CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(w, hi0); w_text(w, ck->red_s[1]); w_text(w, ck->red_s[0]);
  } else if (lt == TL_YELLOW) {
    w_add(w, "t.status IN ('已交办','办理中','待审核') AND t.due_date > ? AND t.due_date <= ?"
              " AND t.due_date > CASE WHEN t.workdays THEN ? ELSE ? END AND t.due_date <= CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(w, lo0); w_text(w, hi1); w_text(w, ck->red_s[1]); w_text(w, ck->red_s[0]); w_text(w, ck->yellow_s[1]); w_text(w, ck->yellow_s[0]);
  } else if (lt == TL_GREEN) {
    w_add(w, "t.status IN ('已交办','办理中','待审核') AND t.due_date > ? AND t.due_date > CASE WHEN t.workdays THEN ? ELSE ? END");
    w_text(w, lo1); w_text(w, ck->yellow_s[1]); w_text(w, ck->yellow_s[0]);
  }
}

json_t *tasks_store_ledger_rows(req *r, const tasks_ledger_q *q, const tasks_clock *ck) {
  where w = {.len = 0};
  ledger_where(r, q, ck, &w);
  char sql[6144];
  snprintf(sql, sizeof sql, "SELECT " TASK_COLS TASK_FROM "%s%s", w.sql, orders[q->sort][q->desc]);
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  w_bind(&w, s, 1);
  return dbj_rows(s);
}

char *tasks_store_ledger_page(req *r, const tasks_ledger_q *q, const tasks_clock *ck, int64_t size, int64_t offset, size_t *out_len) {
  where w = {.len = 0};
  ledger_where(r, q, ck, &w);
  char sql[6144];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks t%s", w.sql);
  db_stmt *s = db_prepare(sql);
  int64_t total = -1;
  if (s) {
    w_bind(&w, s, 1);
    total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
  }
  if (total < 0) return NULL;
  /* The page's ids first, from the narrow rows (an index for each sort); names and JSON only for those 20. */
  snprintf(sql, sizeof sql, "SELECT " TASK_JSON " FROM (SELECT t.id FROM tasks t%s%s LIMIT ? OFFSET ?) pg JOIN tasks t ON t.id = pg.id"
           " LEFT JOIN task_plans p ON p.id = t.plan_id LEFT JOIN task_plan_nodes nd ON nd.id = t.node_id JOIN units lu ON lu.id = t.lead_unit_id"
           " LEFT JOIN users ow ON ow.id = t.owner_id LEFT JOIN users ld ON ld.id = t.leader_id%s",
           w.sql, orders[q->sort][q->desc], orders[q->sort][q->desc]);
  s = db_prepare(sql);
  size_t cap = 16384, len = 0;
  char *buf = s ? malloc(cap) : NULL;
  if (!buf) return NULL;
  int k = w_bind(&w, s, 1);
  db_bind_int(s, k, size);
  db_bind_int(s, k + 1, offset);
  len = (size_t)snprintf(buf, cap, "{\"items\":[");
  int rc = page_rows(s, ck, &buf, &len, &cap);
  if (rc || len + 64 > cap) { free(buf); return NULL; }
  len += (size_t)snprintf(buf + len, cap - len, "],\"total\":%lld}", (long long)total);
  *out_len = len;
  return buf;
}

json_t *tasks_store_mine(req *r, int supervise) {
  db_stmt *s = db_prepare("SELECT " TASK_COLS TASK_FROM " WHERE (t.owner_id = ?4 AND t.status IN ('已交办','办理中'))"
                          " OR (?5 AND t.status = '待审核' AND " ORG_SCOPE_SQL("t.lead_unit_id", "t.owner_id", 1, 2, 3) ")"
                          " ORDER BY t.due_date, t.id LIMIT 500");
  if (!s) return NULL;
  tasks_task_bind_scope(r, s);
  db_bind_int(s, 5, supervise);
  return dbj_rows(s);
}

db_stmt *tasks_store_stats_rows(req *r, int64_t plan) {
  db_stmt *s = db_prepare("SELECT t.lead_unit_id, lu.name, t.status, t.due_date, substr(COALESCE(t.closed_at, ''), 1, 10), t.urge_count, t.workdays"
                          " FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE " TASK_SCOPE " AND (?5 = 0 OR t.plan_id = ?5)"
                          " ORDER BY lu.path, lu.sort, lu.id");
  if (!s) return NULL;
  tasks_task_bind_scope(r, s);
  db_bind_int(s, 5, plan);
  return s;
}
