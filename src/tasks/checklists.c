/* checklists.c — 清单闭环: checklists of kind 办实事 / 整改 / 通用, their items (money in 分), closing with evidence and
 * approval (进行中 → 待审核 → 已销号), statistics by period and unit, XLSX/CSV import with a per-row report and export. */
#include "tasks/internal.h"
#include "base/import.h"
#include "base/table.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"办实事", "整改", "通用", NULL};
static const char *const groups[] = {"群众", "客户", "基层", NULL};
#define MONEY_MAX 1000000000000LL /* 1e10 元 in 分: beyond any county's books */

#define ITEM_COLS "i.id, i.checklist_id, c.kind, c.title AS checklist_title, i.seq, i.title, i.target_group, i.source, i.measures," \
  " i.unit_id, u.code AS unit_code, u.name AS unit_name, i.owner_id, ow.username AS owner_username, ow.name AS owner_name, ow.phone AS owner_phone, i.due_date," \
  " i.amount_fen, i.recovered_fen, i.refunded_fen, i.people, i.status, i.evidence, i.reject_reason, i.submitted_at, i.closed_at," \
  " i.created_at, i.updated_at," \
  " (SELECT count(*) FROM task_attachments a WHERE a.owner_kind = 'item' AND a.owner_id = i.id) AS attachment_count"
#define ITEM_FROM " FROM task_checklist_items i JOIN task_checklists c ON c.id = i.checklist_id JOIN units u ON u.id = i.unit_id" \
  " LEFT JOIN users ow ON ow.id = i.owner_id"
#define ITEM_SCOPE "(" ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) " OR i.owner_id = ?4)"

static void bind_scope(req *r, db_stmt *s) {
  if (!r) { /* the system itself (reports): everything */
    db_bind_int(s, 1, 1);
    db_bind_text(s, 2, "[]");
    db_bind_int(s, 3, -1);
    db_bind_int(s, 4, -1);
    return;
  }
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
}

/* An item's light on calendar days, as a task's: 已销号 done, past its deadline red, within the warning days yellow. */
static void add_item_light(json_t *o, const tasks_clock *c) {
  const char *st = json_string_value(json_object_get(o, "status"));
  tasks_deadline d = tasks_deadline_of(st && strcmp(st, "已销号") == 0 ? TS_CLOSED : TS_DOING, wd_parse(json_string_value(json_object_get(o, "due_date"))),
                                       c->today, c->warn, NULL);
  json_object_set_new(o, "light", json_string(tasks_light_code(d.light)));
  json_object_set_new(o, "light_text", json_string(tasks_light_text(d.light)));
  json_object_set_new(o, "deadline_text", json_string(d.text));
}

static void add_money_text(json_t *o) {
  static const char *const keys[] = {"amount_fen", "recovered_fen", "refunded_fen"};
  static const char *const yuan[] = {"amount_yuan", "recovered_yuan", "refunded_yuan"};
  for (int k = 0; k < 3; k++) {
    char b[40];
    tasks_money_format(json_integer_value(json_object_get(o, keys[k])), 0, b, sizeof b);
    json_object_set_new(o, yuan[k], json_string(b));
  }
}

json_t *tasks_item_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  if (!o) return NULL;
  add_money_text(o);
  json_t *att = tasks_attachments_of("item", id);
  if (!att) { json_decref(o); return NULL; }
  json_object_set_new(o, "attachments", att);
  return o;
}

int tasks_item_visible(req *r, int64_t id) {
  if (!id || !org_caller_scope(r)) return 0;
  db_stmt *s = db_prepare("SELECT 1 FROM task_checklist_items i WHERE i.id = ?5 AND " ITEM_SCOPE);
  if (!s) return 0;
  bind_scope(r, s);
  db_bind_int(s, 5, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

static json_t *checklist_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT c.id, c.kind, c.title, c.year, c.created_at, c.updated_at,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id) AS item_count,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id AND i.status = '已销号') AS closed_count"
                          " FROM task_checklists c WHERE c.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

/* ---- statistics ---- */
typedef struct unit_acc { int64_t id; char name[128]; tasks_cl_stats st; } unit_acc;

/* r NULL: no scope. units (optional, up to nmax) receives per-unit figures. */
static int cl_stats(req *r, const tasks_cl_filter *f, tasks_cl_stats *out, unit_acc *units, size_t nmax, size_t *nunits) {
  db_stmt *s = db_prepare("SELECT i.status, COALESCE(i.due_date, ''), substr(COALESCE(i.closed_at, ''), 1, 10), i.amount_fen, i.recovered_fen,"
                          " i.refunded_fen, i.people, i.unit_id, u.name"
                          " FROM task_checklist_items i JOIN task_checklists c ON c.id = i.checklist_id JOIN units u ON u.id = i.unit_id"
                          " WHERE " ITEM_SCOPE " AND (?5 < 0 OR c.kind = ?6) AND (?7 = 0 OR i.checklist_id = ?7)"
                          " AND (?8 = 0 OR i.unit_id = ?8 OR (?12 AND u.path LIKE (SELECT path FROM units WHERE id = ?8) || '%'))"
                          " AND (?9 = 0 OR c.year = ?9) AND (?10 IS NULL OR i.due_date >= ?10) AND (?11 IS NULL OR i.due_date <= ?11)"
                          " ORDER BY u.path, u.sort, u.id");
  if (!s) return -1;
  bind_scope(r, s);
  db_bind_int(s, 5, f->kind);
  db_bind_text(s, 6, f->kind >= 0 ? tasks_cl_kind_name((tasks_cl_kind)f->kind) : "");
  db_bind_int(s, 7, f->checklist_id);
  db_bind_int(s, 8, f->unit_id);
  db_bind_int(s, 9, f->year);
  db_bind_text(s, 10, f->from && *f->from ? f->from : NULL);
  db_bind_text(s, 11, f->to && *f->to ? f->to : NULL);
  db_bind_int(s, 12, f->unit_id && f->below);
  char today[11];
  tasks_today(today);
  memset(out, 0, sizeof *out);
  if (nunits) *nunits = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    const char *status = db_col_text(s, 0), *due = db_col_text(s, 1), *closed = db_col_text(s, 2);
    int64_t a = db_col_int(s, 3), rc = db_col_int(s, 4), rf = db_col_int(s, 5), p = db_col_int(s, 6);
    tasks_cl_stats_add(out, status, due, closed, today, a, rc, rf, p);
    if (!units) continue;
    int64_t uid = db_col_int(s, 7);
    size_t k = 0;
    while (k < *nunits && units[k].id != uid) k++;
    if (k == *nunits) {
      if (k >= nmax) continue;
      memset(&units[k], 0, sizeof units[k]);
      units[k].id = uid;
      snprintf(units[k].name, sizeof units[k].name, "%s", db_col_text(s, 8));
      (*nunits)++;
    }
    tasks_cl_stats_add(&units[k].st, status, due, closed, today, a, rc, rf, p);
  }
  return st == DB_DONE ? 0 : -1;
}

int tasks_checklist_stats(const tasks_cl_filter *f, tasks_cl_stats *out) {
  tasks_cl_filter any = {.kind = -1};
  return cl_stats(NULL, f ? f : &any, out, NULL, 0, NULL);
}

static json_t *stats_obj(const tasks_cl_stats *st) {
  char a[40], b[40], c[40], aw[40];
  tasks_money_format(st->amount_fen, 0, a, sizeof a);
  tasks_money_format(st->recovered_fen, 0, b, sizeof b);
  tasks_money_format(st->refunded_fen, 0, c, sizeof c);
  tasks_money_format(st->amount_fen, 1, aw, sizeof aw);
  return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:f,s:f}", "items", (json_int_t)st->items, "closed", (json_int_t)st->closed,
                   "on_time", (json_int_t)st->on_time, "pending", (json_int_t)st->pending, "overdue", (json_int_t)st->overdue,
                   "amount_fen", (json_int_t)st->amount_fen, "recovered_fen", (json_int_t)st->recovered_fen, "refunded_fen", (json_int_t)st->refunded_fen,
                   "people", (json_int_t)st->people, "amount_yuan", a, "recovered_yuan", b, "refunded_yuan", c, "amount_wan", aw,
                   "closed_rate", tasks_permille(st->closed, st->items) / 10.0, "on_time_rate", tasks_permille(st->on_time, st->closed) / 10.0);
}

static int q_int(req *r, const char *key, int64_t min, int64_t max, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n < min || n > max) { http_error(r, ERR_BAD_QUERY, key, "%s 不合法", key); return -1; }
  *out = n;
  return 0;
}

static void h_stats(req *r) {
  tasks_cl_filter f = {.kind = -1};
  int64_t year;
  const char *k = http_query(r, "kind");
  if (k && *k && (f.kind = tasks_cl_kind_parse(k)) < 0) { http_error(r, ERR_BAD_QUERY, "kind", "清单类型应为 办实事、整改、通用 之一"); return; }
  if (q_int(r, "checklist_id", 1, INT64_MAX, &f.checklist_id) || q_int(r, "unit_id", 1, INT64_MAX, &f.unit_id) || q_int(r, "year", 2000, 2100, &year)) return;
  f.year = (int)year;
  f.below = imp_flag(r, "below");
  f.from = http_query(r, "from");
  f.to = http_query(r, "to");
  if ((f.from && *f.from && wd_parse(f.from) < 0) || (f.to && *f.to && wd_parse(f.to) < 0)) {
    http_error(r, ERR_BAD_QUERY, f.from && *f.from && wd_parse(f.from) < 0 ? "from" : "to", "日期应为 YYYY-MM-DD");
    return;
  }
  if (!org_caller_scope(r)) return;
  enum { MAXU = 256 };
  unit_acc *units = calloc(MAXU, sizeof *units);
  size_t n = 0;
  tasks_cl_stats tot;
  if (!units || cl_stats(r, &f, &tot, units, MAXU, &n)) { free(units); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = stats_obj(&units[i].st);
    json_object_set_new(o, "unit_id", json_integer(units[i].id));
    json_object_set_new(o, "unit_name", json_string(units[i].name));
    json_array_append_new(arr, o);
  }
  free(units);
  http_json(r, 200, json_pack("{s:o,s:o}", "total", stats_obj(&tot), "units", arr));
}

/* ---- checklists ---- */
static void h_cl_list(req *r) {
  int64_t year;
  const char *k = http_query(r, "kind");
  if (k && *k && tasks_cl_kind_parse(k) < 0) { http_error(r, ERR_BAD_QUERY, "kind", "清单类型应为 办实事、整改、通用 之一"); return; }
  if (q_int(r, "year", 2000, 2100, &year)) return;
  db_stmt *s = db_prepare("SELECT c.id, c.kind, c.title, c.year, c.created_at,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id) AS item_count,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id AND i.status = '已销号') AS closed_count"
                          " FROM task_checklists c WHERE (?1 IS NULL OR c.kind = ?1) AND (?2 = 0 OR c.year = ?2) ORDER BY c.year DESC, c.id");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_text(s, 1, k && *k ? k : NULL);
  db_bind_int(s, 2, year);
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_cl_get(req *r) {
  json_t *o = checklist_json(http_param_id(r, 0));
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  http_json(r, 200, o);
}

static void h_cl_create(req *r) {
  static const char *const allowed[] = {"kind", "title", "year", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *kind, *title;
  int64_t year;
  if (jv_enum(r, o, "kind", "清单类型", JV_REQUIRED, kinds, &kind) < 0 || jv_str(r, o, "title", "清单名称", JV_REQUIRED, 1, 100, &title) < 0 ||
      jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0)
    return;
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  db_stmt *s = db_prepare("INSERT INTO task_checklists(kind, title, year, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?)");
  if (!s) { tasks_tx_fail(r); return; }
  db_bind_text(s, 1, kind);
  db_bind_text(s, 2, title);
  db_bind_int(s, 3, year);
  db_bind_int(s, 4, org_caller(r)->id);
  db_bind_text(s, 5, at);
  db_bind_text(s, 6, at);
  if (db_step(s) != DB_DONE) { tasks_tx_fail(r); return; }
  int64_t id = db_last_id();
  json_t *after = checklist_json(id);
  char sum[200];
  snprintf(sum, sizeof sum, "新建%s清单 %.100s", kind, title);
  if (!after || org_audit(r, "tasks.checklist.create", "checklist", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* ---- items ---- */
typedef tasks_item_in item_in; /* internal.h: public.c fills one too */
enum { I_TITLE, I_GROUP, I_SOURCE, I_MEASURES, I_UNIT, I_OWNER, I_DUE, I_AMOUNT, I_RECOVERED, I_REFUNDED, I_PEOPLE };

int64_t tasks_cl_item_insert(int64_t checklist, const item_in *in, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_checklist_items(checklist_id, seq, title, target_group, source, measures, unit_id, owner_id, due_date,"
                          " amount_fen, recovered_fen, refunded_fen, people, created_at, updated_at)"
                          " VALUES(?1, COALESCE(NULLIF(?2, 0), (SELECT COALESCE(max(seq), 0) + 1 FROM task_checklist_items WHERE checklist_id = ?1)),"
                          " ?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14)");
  if (!s) return 0;
  db_bind_int(s, 1, checklist);
  db_bind_int(s, 2, in->seq);
  db_bind_text(s, 3, in->title);
  db_bind_text(s, 4, in->group ? in->group : "");
  db_bind_text(s, 5, in->source ? in->source : "");
  db_bind_text(s, 6, in->measures ? in->measures : "");
  db_bind_int(s, 7, in->unit);
  if (in->owner) db_bind_int(s, 8, in->owner); else db_bind_null(s, 8);
  db_bind_text(s, 9, in->due);
  db_bind_int(s, 10, in->amount);
  db_bind_int(s, 11, in->recovered);
  db_bind_int(s, 12, in->refunded);
  db_bind_int(s, 13, in->people);
  db_bind_text(s, 14, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

static int read_item(req *r, json_t *o, int create, item_in *in) {
  int rq = create ? JV_REQUIRED : JV_OPTIONAL;
  memset(in, 0, sizeof *in);
  if ((in->has[I_TITLE] = jv_str(r, o, "title", "事项", rq, 1, 300, &in->title)) < 0 ||
      (in->has[I_GROUP] = jv_enum(r, o, "target_group", "服务对象", JV_OPTIONAL, groups, &in->group)) < 0 ||
      (in->has[I_SOURCE] = jv_str(r, o, "source", "问题来源", JV_OPTIONAL, 0, 50, &in->source)) < 0 ||
      (in->has[I_MEASURES] = jv_str(r, o, "measures", "具体措施", JV_OPTIONAL, 0, 5000, &in->measures)) < 0 ||
      (in->has[I_UNIT] = jv_int(r, o, "unit_id", "责任单位", rq, 1, INT64_MAX, &in->unit)) < 0 ||
      (in->has[I_OWNER] = jv_id_or_null(r, o, "owner_id", "责任人", JV_OPTIONAL, &in->owner)) < 0 ||
      (in->has[I_DUE] = tasks_jv_date(r, o, "due_date", "完成时限", JV_OPTIONAL, &in->due)) < 0 ||
      (in->has[I_AMOUNT] = jv_int(r, o, "amount_fen", "整改涉及金额", JV_OPTIONAL, 0, MONEY_MAX, &in->amount)) < 0 ||
      (in->has[I_RECOVERED] = jv_int(r, o, "recovered_fen", "收回损失", JV_OPTIONAL, 0, MONEY_MAX, &in->recovered)) < 0 ||
      (in->has[I_REFUNDED] = jv_int(r, o, "refunded_fen", "清退费用", JV_OPTIONAL, 0, MONEY_MAX, &in->refunded)) < 0 ||
      (in->has[I_PEOPLE] = jv_int(r, o, "people", "处理处分人次", JV_OPTIONAL, 0, 100000, &in->people)) < 0)
    return -1;
  if (in->has[I_UNIT] > 0 && !tasks_unit_in_scope(r, in->unit)) { http_error(r, ERR_INVALID, "unit_id", "责任单位不存在或不在您的数据范围内"); return -1; }
  if (in->owner && !tasks_user_exists(in->owner)) { http_error(r, ERR_INVALID, "owner_id", "责任人不存在"); return -1; }
  return 0;
}

static void h_item_create(req *r) {
  int64_t cl = http_param_id(r, 0);
  json_t *c = cl ? checklist_json(cl) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  json_decref(c);
  static const char *const allowed[] = {"title", "target_group", "source", "measures", "unit_id", "owner_id", "due_date", "amount_fen",
                                        "recovered_fen", "refunded_fen", "people", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  item_in in;
  if (read_item(r, o, 1, &in)) return;
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  int64_t id = tasks_cl_item_insert(cl, &in, at);
  json_t *after = id ? tasks_item_json(id) : NULL;
  char sum[400];
  snprintf(sum, sizeof sum, "新增清单事项 %.300s", in.title);
  if (!after || org_audit(r, "tasks.checklist_item.create", "checklist_item", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static const export_col item_cols[] = {
  {"序号", "seq", 1}, {"事项", "title", 0}, {"服务对象", "target_group", 0}, {"问题来源", "source", 0}, {"具体措施", "measures", 0},
  {"责任单位编码", "unit_code", 0}, {"责任单位", "unit_name", 0}, {"责任人用户名", "owner_username", 0}, {"责任人", "owner_name", 0},
  {"完成时限", "due_date", 0}, {"整改涉及金额(元)", "amount_yuan", 0}, {"收回损失(元)", "recovered_yuan", 0}, {"清退费用(元)", "refunded_yuan", 0},
  {"处理处分人次", "people", 1}, {"状态", "status", 0}, {"佐证材料", "evidence", 0}, {"销号时间", "closed_at", 0}};

static void h_items(req *r) {
  int64_t cl = http_param_id(r, 0);
  json_t *c = cl ? checklist_json(cl) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  list_params lp;
  int64_t unit;
  if (http_list_params(r, NULL, 0, 0, &lp) || q_int(r, "unit_id", 1, INT64_MAX, &unit)) { json_decref(c); return; }
  const char *status = http_query(r, "status");
  if (status && !*status) status = NULL;
  if (lp.export_fmt && !org_caller_can(r, "tasks:checklist:export")) { json_decref(c); http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  if (!org_caller_scope(r)) { json_decref(c); return; }
  const char *like = dbj_like(r, lp.q);
  int64_t total = 0;
  for (int pass = 0; pass < 2; pass++) {
    db_stmt *s = db_prepare(pass == 0 ? "SELECT count(*) FROM task_checklist_items i WHERE " ITEM_SCOPE " AND i.checklist_id = ?5 AND (?6 IS NULL OR i.status = ?6)"
                                        " AND (?7 = 0 OR i.unit_id = ?7 OR (?11 AND i.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?7) || '%')))"
                                        " AND (?8 IS NULL OR i.title LIKE ?8 ESCAPE '\\' OR i.measures LIKE ?8 ESCAPE '\\')"
                                      : "SELECT " ITEM_COLS ITEM_FROM " WHERE " ITEM_SCOPE " AND i.checklist_id = ?5 AND (?6 IS NULL OR i.status = ?6)"
                                        " AND (?7 = 0 OR i.unit_id = ?7 OR (?11 AND i.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?7) || '%')))"
                                        " AND (?8 IS NULL OR i.title LIKE ?8 ESCAPE '\\' OR i.measures LIKE ?8 ESCAPE '\\')"
                                        " ORDER BY i.seq, i.id LIMIT ?9 OFFSET ?10");
    if (!s) { json_decref(c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    bind_scope(r, s);
    db_bind_int(s, 5, cl);
    db_bind_text(s, 6, status);
    db_bind_int(s, 7, unit);
    db_bind_text(s, 8, like);
    db_bind_int(s, 11, unit && imp_flag(r, "below"));
    if (pass == 0) {
      total = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
      db_reset(s);
      continue;
    }
    db_bind_int(s, 9, lp.export_fmt ? -1 : lp.size);
    db_bind_int(s, 10, lp.export_fmt ? 0 : lp.offset);
    json_t *items = dbj_rows(s);
    if (!items) { json_decref(c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    size_t i;
    json_t *it;
    tasks_clock ck;
    if (tasks_clock_load(&ck)) { json_decref(items); json_decref(c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_array_foreach(items, i, it) {
      add_money_text(it);
      add_item_light(it, &ck);
    }
    tasks_clock_free(&ck);
    if (lp.export_fmt) {
      char name[160];
      snprintf(name, sizeof name, "%s清单", json_string_value(json_object_get(c, "kind")));
      export_send(r, lp.export_fmt, name, item_cols, sizeof item_cols / sizeof item_cols[0], items, org_caller(r)->name);
      json_decref(items);
      json_decref(c);
      return;
    }
    http_json(r, 200, json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)total, "checklist", c));
  }
}

static void h_item_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = tasks_item_visible(r, id) ? tasks_item_json(id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "清单事项不存在"); return; }
  http_json(r, 200, o);
}

static void h_item_patch(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_item_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "清单事项不存在"); return; }
  static const char *const allowed[] = {"title", "target_group", "source", "measures", "unit_id", "owner_id", "due_date", "amount_fen",
                                        "recovered_fen", "refunded_fen", "people", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  item_in in;
  if (read_item(r, o, 0, &in)) return;
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_item_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "清单事项不存在"); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "已销号") == 0) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_BAD_STATE, NULL, "事项已销号，不能修改");
    return;
  }
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("UPDATE task_checklist_items SET title = COALESCE(?1, title), target_group = COALESCE(?2, target_group),"
                          " source = COALESCE(?3, source), measures = COALESCE(?4, measures), unit_id = COALESCE(?5, unit_id),"
                          " owner_id = CASE WHEN ?6 THEN ?7 ELSE owner_id END, due_date = CASE WHEN ?8 THEN ?9 ELSE due_date END,"
                          " amount_fen = COALESCE(?10, amount_fen), recovered_fen = COALESCE(?11, recovered_fen), refunded_fen = COALESCE(?12, refunded_fen),"
                          " people = COALESCE(?13, people), updated_at = ?14 WHERE id = ?15");
  if (!s) { json_decref(before); tasks_tx_fail(r); return; }
  db_bind_text(s, 1, in.has[I_TITLE] > 0 ? in.title : NULL);
  db_bind_text(s, 2, in.has[I_GROUP] > 0 ? in.group : NULL);
  db_bind_text(s, 3, in.has[I_SOURCE] > 0 ? in.source : NULL);
  db_bind_text(s, 4, in.has[I_MEASURES] > 0 ? in.measures : NULL);
  if (in.has[I_UNIT] > 0) db_bind_int(s, 5, in.unit); else db_bind_null(s, 5);
  db_bind_int(s, 6, in.has[I_OWNER] != 0);
  if (in.owner) db_bind_int(s, 7, in.owner); else db_bind_null(s, 7);
  db_bind_int(s, 8, in.has[I_DUE] != 0 || json_object_get(o, "due_date") != NULL);
  db_bind_text(s, 9, in.due);
  if (in.has[I_AMOUNT] > 0) db_bind_int(s, 10, in.amount); else db_bind_null(s, 10);
  if (in.has[I_RECOVERED] > 0) db_bind_int(s, 11, in.recovered); else db_bind_null(s, 11);
  if (in.has[I_REFUNDED] > 0) db_bind_int(s, 12, in.refunded); else db_bind_null(s, 12);
  if (in.has[I_PEOPLE] > 0) db_bind_int(s, 13, in.people); else db_bind_null(s, 13);
  db_bind_text(s, 14, at);
  db_bind_int(s, 15, id);
  if (db_step(s) != DB_DONE) { json_decref(before); tasks_tx_fail(r); return; }
  json_t *after = tasks_item_json(id);
  char sum[400];
  snprintf(sum, sizeof sum, "修改清单事项 %.300s", json_string_value(json_object_get(after, "title")));
  int arc = !after || org_audit(r, "tasks.checklist_item.update", "checklist_item", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* submit (进行中 → 待审核, with evidence), approve (待审核 → 已销号), reject (待审核 → 进行中, with a reason). */
enum { IA_SUBMIT, IA_APPROVE, IA_REJECT };
static void item_action(req *r, int a) {
  int64_t id = http_param_id(r, 0);
  if (!tasks_item_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "清单事项不存在"); return; }
  static const char *const allowed[] = {"evidence", "reason", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *evidence = NULL, *reason = NULL;
  if (a == IA_SUBMIT && jv_str(r, o, "evidence", "佐证材料", JV_REQUIRED, 2, 5000, &evidence) < 0) return;
  if (a == IA_REJECT && jv_str(r, o, "reason", "退回原因", JV_REQUIRED, 1, 1000, &reason) < 0) return;
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_item_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "清单事项不存在"); return; }
  const char *st = json_string_value(json_object_get(before, "status"));
  const char *want = a == IA_SUBMIT ? "进行中" : "待审核";
  if (strcmp(st, want)) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "事项当前为「%s」，不能%s", st, a == IA_SUBMIT ? "提交销号" : a == IA_APPROVE ? "审核销号" : "退回");
    json_decref(before);
    return;
  }
  /* Evidence is text plus at least one file (佐证材料): without a file the item cannot go for approval. */
  if (a == IA_SUBMIT && json_array_size(json_object_get(before, "attachments")) == 0) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_MISSING, "attachments", "请先上传至少一个佐证附件（pdf、jpg、png、docx、xlsx、txt）");
    return;
  }
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("UPDATE task_checklist_items SET status = ?1, evidence = COALESCE(?2, evidence), reject_reason = COALESCE(?3, ''),"
                          " submitted_at = CASE WHEN ?4 = 0 THEN ?5 ELSE submitted_at END, closed_at = CASE WHEN ?4 = 1 THEN ?5 ELSE NULL END,"
                          " approved_by = CASE WHEN ?4 = 1 THEN ?6 ELSE approved_by END, updated_at = ?5 WHERE id = ?7");
  if (!s) { json_decref(before); tasks_tx_fail(r); return; }
  db_bind_text(s, 1, a == IA_SUBMIT ? "待审核" : a == IA_APPROVE ? "已销号" : "进行中");
  db_bind_text(s, 2, evidence);
  db_bind_text(s, 3, reason);
  db_bind_int(s, 4, a);
  db_bind_text(s, 5, at);
  db_bind_int(s, 6, org_caller(r)->id);
  db_bind_int(s, 7, id);
  if (db_step(s) != DB_DONE) { json_decref(before); tasks_tx_fail(r); return; }
  json_t *after = tasks_item_json(id);
  char sum[400];
  snprintf(sum, sizeof sum, "清单事项 %.300s：%s", json_string_value(json_object_get(before, "title")),
           a == IA_SUBMIT ? "提交销号" : a == IA_APPROVE ? "审核销号" : "退回");
  int arc = !after || org_audit(r, a == IA_SUBMIT ? "tasks.checklist_item.submit" : a == IA_APPROVE ? "tasks.checklist_item.approve" : "tasks.checklist_item.return", "checklist_item", id, sum, before, after);
  json_decref(before);
  if (arc) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}
static void h_item_submit(req *r) { item_action(r, IA_SUBMIT); }
static void h_item_approve(req *r) { item_action(r, IA_APPROVE); }
static void h_item_reject(req *r) { item_action(r, IA_REJECT); }

json_t *tasks_cl_mine(req *r) {
  db_stmt *s = db_prepare("SELECT " ITEM_COLS ITEM_FROM " WHERE (i.owner_id = ?4 AND i.status = '进行中')"
                          " OR (?5 AND i.status = '待审核' AND " ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) ")"
                          " ORDER BY i.due_date IS NULL, i.due_date, i.id LIMIT 500");
  if (!s) return NULL;
  bind_scope(r, s);
  db_bind_int(s, 5, org_caller_can(r, "tasks:checklist:approve"));
  json_t *items = dbj_rows(s);
  tasks_clock ck;
  if (!items || tasks_clock_load(&ck)) { json_decref(items); return NULL; }
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    add_money_text(it);
    add_item_light(it, &ck);
  }
  tasks_clock_free(&ck);
  return items;
}

/* ---- import ---- */
static const char *const imp_names[] = {"序号", "事项", "服务对象", "问题来源", "具体措施", "责任单位编码", "责任人用户名", "完成时限",
                                       "整改涉及金额", "收回损失", "清退费用", "处理处分人次"};
enum { C_SEQ, C_TITLE, C_GROUP, C_SOURCE, C_MEASURES, C_UNIT, C_OWNER, C_DUE, C_AMOUNT, C_RECOVERED, C_REFUNDED, C_PEOPLE, C__N };

static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col cols[] = {{"序号", "", 1}, {"事项", "", 0}, {"服务对象", "", 0}, {"问题来源", "", 0}, {"具体措施", "", 0},
    {"责任单位编码", "", 0}, {"责任人用户名", "", 0}, {"完成时限", "", 0}, {"整改涉及金额(元)", "", 0}, {"收回损失(元)", "", 0},
    {"清退费用(元)", "", 0}, {"处理处分人次", "", 1}};
  const char *ex[] = {"1", "规范餐费报销", "", "政治巡察反馈", "对照制度逐笔核查，清退不合规费用", "CWK", "", "2023-06-30", "1200.50", "0", "1200.50", "1"};
  export_template(r, f && strcmp(f, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, "清单导入模板", cols, C__N, ex);
}


static void h_import(req *r) {
  int64_t cl = http_param_id(r, 0);
  json_t *c = cl ? checklist_json(cl) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  json_decref(c);
  tab *t = imp_read(r, 1);
  if (!t) return;
  static const int required[C__N] = {[C_TITLE] = 1, [C_UNIT] = 1};
  int idx[C__N];
  if (imp_cols(r, t, imp_names, required, idx, C__N)) { tab_free(t); return; }
  if (!org_caller_scope(r)) { tab_free(t); return; }
  item_in *rows = calloc(t->nrows ? t->nrows : 1, sizeof *rows);
  int *ok = calloc(t->nrows ? t->nrows : 1, sizeof *ok);
  json_t *errs = json_array();
  size_t total = 0, valid = 0;
  for (size_t i = 1; rows && ok && i < t->nrows; i++) {
    const char *v[C__N];
    int blank = 1;
    for (int k = 0; k < C__N; k++) {
      v[k] = imp_trim(r, imp_cell(t, i, idx[k]));
      blank &= !*v[k];
    }
    if (blank) continue;
    total++;
    size_t rn = i + 1, before = json_array_size(errs);
    item_in *in = &rows[i];
    in->title = v[C_TITLE];
    long tl = jv_utf8_chars(v[C_TITLE]);
    if (!*v[C_TITLE]) imp_error(errs, rn, "事项", "missing_field", "不能为空");
    else if (tl < 0 || tl > 300) imp_error(errs, rn, "事项", "invalid_field", "不能超过300个字");
    if (*v[C_SEQ]) {
      char *end;
      long long n = strtoll(v[C_SEQ], &end, 10);
      if (*end || n < 1 || n > 100000) imp_error(errs, rn, "序号", "invalid_field", "应为正整数");
      else in->seq = n;
    }
    if (*v[C_GROUP]) {
      int g = 0;
      for (const char *const *p = groups; *p; p++) g |= strcmp(*p, v[C_GROUP]) == 0;
      if (!g) imp_error(errs, rn, "服务对象", "invalid_field", "应为 群众、客户、基层 之一");
      else in->group = v[C_GROUP];
    }
    in->source = v[C_SOURCE];
    in->measures = v[C_MEASURES];
    if (jv_utf8_chars(v[C_SOURCE]) < 0 || jv_utf8_chars(v[C_SOURCE]) > 50) imp_error(errs, rn, "问题来源", "invalid_field", "不能超过50个字");
    if (jv_utf8_chars(v[C_MEASURES]) < 0 || jv_utf8_chars(v[C_MEASURES]) > 5000) imp_error(errs, rn, "具体措施", "invalid_field", "不能超过5000个字");
    if (!*v[C_UNIT]) imp_error(errs, rn, "责任单位编码", "missing_field", "不能为空");
    else if (!(in->unit = org_unit_id_by_code(v[C_UNIT])) || !tasks_unit_in_scope(r, in->unit))
      imp_error(errs, rn, "责任单位编码", "not_found", "单位 %.40s 不存在或不在您的数据范围内", v[C_UNIT]);
    if (*v[C_OWNER]) {
      in->owner = org_user_id_by_username(v[C_OWNER]);
      if (!in->owner) imp_error(errs, rn, "责任人用户名", "not_found", "用户 %.40s 不存在", v[C_OWNER]);
    }
    if (*v[C_DUE]) {
      if (wd_parse(v[C_DUE]) < 0) imp_error(errs, rn, "完成时限", "invalid_field", "应为 YYYY-MM-DD 格式的日期");
      else in->due = v[C_DUE];
    }
    static const struct { int col; const char *name; } money[] = {{C_AMOUNT, "整改涉及金额"}, {C_RECOVERED, "收回损失"}, {C_REFUNDED, "清退费用"}};
    int64_t *dest[] = {&in->amount, &in->recovered, &in->refunded};
    for (int k = 0; k < 3; k++) {
      if (!*v[money[k].col]) continue;
      if (tasks_money_parse(v[money[k].col], dest[k]) || *dest[k] < 0 || *dest[k] > MONEY_MAX)
        imp_error(errs, rn, money[k].name, "invalid_field", "应为不小于0、最多两位小数的金额（元）");
    }
    if (*v[C_PEOPLE]) {
      char *end;
      long long n = strtoll(v[C_PEOPLE], &end, 10);
      if (*end || n < 0 || n > 100000) imp_error(errs, rn, "处理处分人次", "invalid_field", "应为不小于0的整数");
      else in->people = n;
    }
    ok[i] = json_array_size(errs) == before;
    valid += (size_t)ok[i];
  }
  if (!rows || !ok) { free(rows); free(ok); tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *report = imp_report(total, valid, errs);
  if (total == 0) {
    free(rows); free(ok); tab_free(t); json_decref(report);
    http_error(r, ERR_BAD_FILE, "file", "文件中没有数据行");
    return;
  }
  if (!imp_gate(r, report)) { free(rows); free(ok); tab_free(t); return; }
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) { free(rows); free(ok); tab_free(t); json_decref(report); return; }
  size_t written = 0;
  int fail = 0;
  for (size_t i = 1; !fail && i < t->nrows; i++) {
    if (!ok[i]) continue;
    int64_t id = tasks_cl_item_insert(cl, &rows[i], at);
    if (!id) fail = 1;
    written++;
  }
  free(rows);
  free(ok);
  tab_free(t);
  char sum[200];
  snprintf(sum, sizeof sum, "导入清单事项 %zu 条", written);
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  if (fail || org_audit(r, "tasks.checklist.import", "checklist", cl, sum, NULL, NULL)) { json_decref(report); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(report); return; }
  http_json(r, 200, report);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/tasks/checklists/stats", "tasks:checklist:list", h_stats, 0},
  {HTTP_GET, "/api/v1/tasks/checklists/template", "tasks:checklist:import", h_template, 0},
  /* The same template under a checklist's own path, where the shared import dialog looks for it. */
  {HTTP_GET, "/api/v1/tasks/checklists/:id/template", "tasks:checklist:import", h_template, 0},
  {HTTP_GET, "/api/v1/tasks/checklists", "tasks:checklist:list", h_cl_list, 0},
  {HTTP_POST, "/api/v1/tasks/checklists", "tasks:checklist:add", h_cl_create, 0},
  {HTTP_GET, "/api/v1/tasks/checklists/:id", "tasks:checklist:list", h_cl_get, 0},
  {HTTP_GET, "/api/v1/tasks/checklists/:id/items", "tasks:checklist:list", h_items, 0},
  {HTTP_POST, "/api/v1/tasks/checklists/:id/items", "tasks:checklist:add", h_item_create, 0},
  {HTTP_POST, "/api/v1/tasks/checklists/:id/import", "tasks:checklist:import", h_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/tasks/checklist-items/:id", "tasks:checklist:list", h_item_get, 0},
  {HTTP_PATCH, "/api/v1/tasks/checklist-items/:id", "tasks:checklist:edit", h_item_patch, 0},
  {HTTP_POST, "/api/v1/tasks/checklist-items/:id/submit", "tasks:checklist:handle", h_item_submit, 0},
  {HTTP_POST, "/api/v1/tasks/checklist-items/:id/approve", "tasks:checklist:approve", h_item_approve, 0},
  {HTTP_POST, "/api/v1/tasks/checklist-items/:id/reject", "tasks:checklist:approve", h_item_reject, 0},
};
void tasks_checklists_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
