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
  json_t *o = tasks_store_item_row(id);
  if (!o) return NULL;
  add_money_text(o);
  json_t *att = tasks_attachments_of("item", id);
  if (!att) { json_decref(o); return NULL; }
  json_object_set_new(o, "attachments", att);
  return o;
}

int tasks_item_visible(req *r, int64_t id) {
  if (!id || !org_caller_scope(r)) return 0;
  return tasks_store_item_visible(r, id);
}

/* ---- statistics ---- */
typedef struct unit_acc { int64_t id; char name[128]; tasks_cl_stats st; } unit_acc;

struct stats_ctx { tasks_cl_stats *out; unit_acc *units; size_t nmax, *nunits; char today[11]; };
static void stats_row(void *p, const tasks_cl_stat_row *x) {
  struct stats_ctx *c = p;
  tasks_cl_stats_add(c->out, x->status, x->due, x->closed, c->today, x->amount, x->recovered, x->refunded, x->people);
  if (!c->units) return;
  size_t k = 0;
  while (k < *c->nunits && c->units[k].id != x->unit_id) k++;
  if (k == *c->nunits) {
    if (k >= c->nmax) return;
    memset(&c->units[k], 0, sizeof c->units[k]);
    c->units[k].id = x->unit_id;
    snprintf(c->units[k].name, sizeof c->units[k].name, "%s", x->unit_name);
    (*c->nunits)++;
  }
  tasks_cl_stats_add(&c->units[k].st, x->status, x->due, x->closed, c->today, x->amount, x->recovered, x->refunded, x->people);
}

/* r NULL: no scope. units (optional, up to nmax) receives per-unit figures. */
static int cl_stats(req *r, const tasks_cl_filter *f, tasks_cl_stats *out, unit_acc *units, size_t nmax, size_t *nunits) {
  struct stats_ctx c = {out, units, nmax, nunits, ""};
  tasks_today(c.today);
  memset(out, 0, sizeof *out);
  if (nunits) *nunits = 0;
  return tasks_store_cl_stat_rows(r, f, stats_row, &c);
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
  json_t *items = tasks_store_checklists(k && *k ? k : NULL, year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(items);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static void h_cl_get(req *r) {
  json_t *o = tasks_store_checklist_get(http_param_id(r, 0));
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
  int64_t id = tasks_store_checklist_insert(kind, title, year, org_caller(r)->id, at);
  if (id <= 0) { tasks_tx_fail(r); return; }
  json_t *after = tasks_store_checklist_get(id);
  char sum[200];
  snprintf(sum, sizeof sum, "新建%s清单 %.100s", kind, title);
  if (!after || org_audit(r, "tasks.checklist.create", "checklist", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* ---- items ---- */
typedef tasks_item_in item_in; /* internal.h: public.c fills one too */
enum { I_TITLE, I_GROUP, I_SOURCE, I_MEASURES, I_UNIT, I_OWNER, I_DUE, I_AMOUNT, I_RECOVERED, I_REFUNDED, I_PEOPLE };

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
  json_t *c = cl ? tasks_store_checklist_get(cl) : NULL;
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
  json_t *c = cl ? tasks_store_checklist_get(cl) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  list_params lp;
  int64_t unit;
  if (http_list_params(r, NULL, 0, 0, &lp) || q_int(r, "unit_id", 1, INT64_MAX, &unit)) { json_decref(c); return; }
  const char *status = http_query(r, "status");
  if (status && !*status) status = NULL;
  if (lp.export_fmt && !org_caller_can(r, "tasks:checklist:export")) { json_decref(c); http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  if (!org_caller_scope(r)) { json_decref(c); return; }
  const char *like = dbj_like(r, lp.q);
  tasks_items_q q = {cl, status, unit, unit && imp_flag(r, "below"), like};
  int64_t total = lp.export_fmt ? 0 : tasks_store_items_count(r, &q);
  json_t *items = total < 0 ? NULL : tasks_store_items_page(r, &q, lp.export_fmt ? -1 : lp.size, lp.export_fmt ? 0 : lp.offset);
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
  if (tasks_store_item_update(id, &in, in.has[I_DUE] != 0 || json_object_get(o, "due_date") != NULL, at)) { json_decref(before); tasks_tx_fail(r); return; }
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
  if (tasks_store_item_step(id, a, a == IA_SUBMIT ? "待审核" : a == IA_APPROVE ? "已销号" : "进行中", evidence, reason, org_caller(r)->id, at)) {
    json_decref(before);
    tasks_tx_fail(r);
    return;
  }
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
  json_t *items = tasks_store_items_mine(r, org_caller_can(r, "tasks:checklist:approve"));
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
  json_t *c = cl ? tasks_store_checklist_get(cl) : NULL;
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
