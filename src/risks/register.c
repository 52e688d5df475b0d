/* register.c — the 风险清单 over HTTP: list with filters and overdue flags, one risk with its history, create, edit,
 * re-rate (a reason is required; every rating is kept), review (the next date by the level's cadence on working
 * days), the heat map, and the matrix/cadence settings. */
#include "risks/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lists[] = {"权力", "责任", "风险", "措施", NULL};
static const char *const stages[] = {"制定", "执行", "检查考核", "修正", NULL};
static const char *const levels[] = {"低", "中", "高", "重大", NULL};

/* The next review after a review today at this level, on the bureau's working-day calendar. */
static int next_review(const risks_config *cfg, int level, const char *today, char out[11]) {
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  int d = risks_next_review(wd_parse(today), cfg->cadence.months[level], &cal);
  free(cal.days);
  if (d < 0) return -1;
  wd_format(d, out);
  return 0;
}

static int in_list(const char *v, const char *const *vals) {
  for (size_t i = 0; vals[i]; i++)
    if (!strcmp(v, vals[i])) return 1;
  return 0;
}

static int q_enum(req *r, const char *key, const char *const *vals, const char *label, const char **out) {
  const char *v = http_query(r, key);
  *out = NULL;
  if (!v || !*v) return 0;
  if (!in_list(v, vals)) { http_error(r, ERR_BAD_QUERY, key, "%s取值无效", label); return -1; }
  *out = v;
  return 0;
}

static int read_query(req *r, risks_q *q, list_params *lp) {
  memset(q, 0, sizeof *q);
  if (http_list_params(r, NULL, 0, 0, lp) || q_enum(r, "list", lists, "清单", &q->list) || q_enum(r, "level", levels, "等级", &q->level) ||
      risks_q_id(r, "unit_id", &q->unit))
    return -1;
  const char *cat = http_query(r, "category");
  q->category = cat && *cat ? cat : NULL;
  const char *od = http_query(r, "overdue");
  if (od && *od && strcmp(od, "0") && strcmp(od, "1")) { http_error(r, ERR_BAD_QUERY, "overdue", "overdue 应为 0 或 1"); return -1; }
  q->overdue = od && !strcmp(od, "1");
  q->like = dbj_like(r, lp->q);
  return 0;
}

static void h_list(req *r) {
  risks_q q;
  list_params lp;
  if (read_query(r, &q, &lp)) return;
  char today[11];
  risks_today(today);
  size_t len = 0;
  char *buf = risks_store_page(r, &q, today, lp.size, lp.offset, &len);
  if (!buf) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", buf, len);
}

static void h_heat(req *r) {
  risks_q q;
  list_params lp;
  if (read_query(r, &q, &lp)) return;
  risks_config cfg;
  if (risks_config_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char today[11];
  risks_today(today);
  json_t *cells = risks_store_heat(r, &q, today);
  if (!cells) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:o}", "matrix", risks_matrix_to_json(&cfg.matrix), "cells", cells));
}

static json_t *load(req *r, int64_t id, const char *today) {
  int err = 0;
  json_t *j = risks_store_get(r, id, today, &err);
  if (err) http_error(r, ERR_INTERNAL, NULL, NULL);
  else if (!j) http_error(r, ERR_NOT_FOUND, NULL, "风险不存在或不在您的数据范围内");
  return j;
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  char today[11];
  risks_today(today);
  json_t *j = load(r, id, today);
  if (!j) return;
  json_t *ev = risks_store_events(id);
  if (!ev) { json_decref(j); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(j, "events", ev);
  http_json(r, 200, j);
}

/* The descriptive fields of a body; on create every required one, on edit what is present over the stored record. */
static int read_fields(req *r, json_t *o, json_t *cur, risks_row *w) {
  const char *list = NULL, *title = NULL, *cat = NULL, *pre = NULL, *mon = NULL, *han = NULL, *stage = NULL;
  int64_t unit = 0;
  int active = -1, req_ = cur ? JV_OPTIONAL : JV_REQUIRED;
  if (jv_enum(r, o, "list", "清单", req_, lists, &list) < 0 || jv_str(r, o, "title", "风险名称", req_, 1, 200, &title) < 0 ||
      jv_str(r, o, "category", "风险类别", req_, 1, 30, &cat) < 0 || jv_int(r, o, "owner_unit_id", "责任单位", req_, 1, INT64_MAX, &unit) < 0 ||
      jv_str(r, o, "prevention", "预防措施", JV_OPTIONAL, 0, 2000, &pre) < 0 || jv_str(r, o, "monitoring", "监控措施", JV_OPTIONAL, 0, 2000, &mon) < 0 ||
      jv_str(r, o, "handling", "处置措施", JV_OPTIONAL, 0, 2000, &han) < 0 || jv_enum(r, o, "stage", "所处环节", JV_OPTIONAL, stages, &stage) < 0 ||
      jv_bool(r, o, "active", "在用", JV_OPTIONAL, &active) < 0)
    return -1;
  if (unit && !risks_unit_in_scope(r, unit)) { http_error(r, ERR_INVALID, "owner_unit_id", "责任单位不存在或不在您的数据范围内"); return -1; }
#define CUR(k) (cur ? json_string_value(json_object_get(cur, k)) : NULL)
  w->list = list ? list : CUR("list");
  w->title = title ? title : CUR("title");
  w->category = cat ? cat : CUR("category");
  w->prevention = pre ? pre : cur ? CUR("prevention") : "";
  w->monitoring = mon ? mon : cur ? CUR("monitoring") : "";
  w->handling = han ? han : cur ? CUR("handling") : "";
  w->stage = stage ? stage : cur ? CUR("stage") : "执行";
#undef CUR
  w->owner_unit = unit ? unit : cur ? json_integer_value(json_object_get(cur, "owner_unit_id")) : 0;
  w->active = active >= 0 ? active : cur ? json_is_true(json_object_get(cur, "active")) : 1;
  return 0;
}

static int read_rating(req *r, json_t *o, const risks_config *cfg, int required, int *l, int *i, int *level) {
  int64_t lv = 0, iv = 0;
  int n = cfg->matrix.size;
  int a = jv_int(r, o, "likelihood", "可能性", required, 1, n, &lv);
  if (a < 0) return -1;
  int b = jv_int(r, o, "impact", "影响程度", required || a > 0, 1, n, &iv);
  if (b < 0) return -1;
  if (a == 0 && b > 0) { http_error(r, ERR_INVALID, "likelihood", "重新评级需同时给出可能性与影响程度"); return -1; }
  if (!a) return 0;
  *l = (int)lv;
  *i = (int)iv;
  *level = risks_level_of(&cfg->matrix, *l, *i);
  return 1;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"list", "title", "category", "owner_unit_id", "likelihood", "impact", "prevention", "monitoring",
                                        "handling", "stage", "active", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_config cfg;
  if (risks_config_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  risks_row w = {0};
  int l = 0, i = 0, level = 0;
  if (read_fields(r, o, NULL, &w) || read_rating(r, o, &cfg, JV_REQUIRED, &l, &i, &level) < 0) return;
  char today[11], next[11], at[20];
  risks_today(today);
  util_now_text(at);
  if (next_review(&cfg, level, today, next)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  w.likelihood = l, w.impact = i, w.level = level, w.last_review = today, w.next_review = next, w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_insert(&w);
  json_t *after = NULL;
  int err = 0;
  if (!id || risks_store_event_add(id, "登记", l, i, level, "", next, w.created_by, at) || !(after = risks_store_get(r, id, today, &err)) ||
      org_audit(r, "risks.risk.create", "risk", id, w.title, NULL, after)) {
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_update(req *r) {
  static const char *const allowed[] = {"list", "title", "category", "owner_unit_id", "prevention", "monitoring", "handling", "stage", "active", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t id = http_param_id(r, 0);
  char today[11], at[20];
  risks_today(today);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load(r, id, today);
  if (!before) { db_rollback(); return; }
  risks_row w = {0};
  if (read_fields(r, o, before, &w)) { json_decref(before); db_rollback(); return; }
  w.at = at;
  json_t *after = NULL;
  int err = 0;
  if (risks_store_update(id, &w) || !(after = risks_store_get(r, id, today, &err)) ||
      org_audit(r, "risks.risk.update", "risk", id, w.title, before, after)) {
    json_decref(before);
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* POST …/rate {likelihood, impact, note}: a re-rating with its reason; POST …/review {note, likelihood?, impact?}:
 * the periodic review, optionally re-rating. Both set the next review from today by the (new) level. */
static void rate_or_review(req *r, int review) {
  static const char *const allowed[] = {"likelihood", "impact", "note", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t id = http_param_id(r, 0);
  risks_config cfg;
  if (risks_config_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *note = NULL;
  int l = 0, i = 0, level = 0;
  int has = read_rating(r, o, &cfg, review ? JV_OPTIONAL : JV_REQUIRED, &l, &i, &level);
  if (has < 0 || jv_str(r, o, "note", review ? "复核意见" : "调整理由", JV_REQUIRED, 1, 2000, &note) < 0) return;
  char today[11], at[20], next[11];
  risks_today(today);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load(r, id, today);
  if (!before) { db_rollback(); return; }
  if (!has) {
    l = (int)json_integer_value(json_object_get(before, "likelihood"));
    i = (int)json_integer_value(json_object_get(before, "impact"));
    level = risks_level_parse(json_string_value(json_object_get(before, "level")));
  }
  if (!json_is_true(json_object_get(before, "active"))) {
    json_decref(before);
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "风险已停用，不能评级或复核");
    return;
  }
  int changed = l != json_integer_value(json_object_get(before, "likelihood")) || i != json_integer_value(json_object_get(before, "impact"));
  json_t *after = NULL;
  int err = 0;
  if (level < 0 || next_review(&cfg, level, today, next) || risks_store_rate(id, l, i, level, today, next, at) ||
      risks_store_event_add(id, review && !changed ? "复核" : "重新评级", l, i, level, note, next, org_caller(r)->id, at) ||
      !(after = risks_store_get(r, id, today, &err)) ||
      org_audit(r, review ? "risks.risk.review" : "risks.risk.rate", "risk", id, note, before, after)) {
    json_decref(before);
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}
static void h_rate(req *r) { rate_or_review(r, 0); }
static void h_review(req *r) { rate_or_review(r, 1); }

static void h_settings_get(req *r) {
  risks_config cfg;
  if (risks_config_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:o}", "matrix", risks_matrix_to_json(&cfg.matrix), "cadence", risks_cadence_to_json(&cfg.cadence)));
}

static void h_settings_put(req *r) {
  static const char *const allowed[] = {"matrix", "cadence", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_config cfg;
  if (risks_config_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  risks_config next = cfg;
  char why[160];
  json_t *m = json_object_get(o, "matrix"), *c = json_object_get(o, "cadence");
  if (m && risks_matrix_from_json(m, &next.matrix, why, sizeof why)) { http_error(r, ERR_INVALID, "matrix", "%s", why); return; }
  if (c && risks_cadence_from_json(c, &next.cadence, why, sizeof why)) { http_error(r, ERR_INVALID, "cadence", "%s", why); return; }
  json_t *before = json_pack("{s:o,s:o}", "matrix", risks_matrix_to_json(&cfg.matrix), "cadence", risks_cadence_to_json(&cfg.cadence));
  json_t *after = json_pack("{s:o,s:o}", "matrix", risks_matrix_to_json(&next.matrix), "cadence", risks_cadence_to_json(&next.cadence));
  char at[20];
  util_now_text(at);
  char *mt = json_dumps(json_object_get(after, "matrix"), JSON_COMPACT), *ct = json_dumps(json_object_get(after, "cadence"), JSON_COMPACT);
  int bad = !mt || !ct;
  if (!bad && risks_tx_begin(r)) { free(mt); free(ct); json_decref(before); json_decref(after); return; }
  if (bad || risks_store_setting_put("matrix", mt, at) || risks_store_setting_put("cadence", ct, at) ||
      org_audit(r, "risks.settings.update", "risk_settings", 0, "修改风险矩阵与复核周期", before, after)) {
    free(mt), free(ct), json_decref(before), json_decref(after);
    if (bad) http_error(r, ERR_INTERNAL, NULL, NULL);
    else risks_tx_fail(r);
    return;
  }
  free(mt), free(ct), json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* POST /risks/sweep: look for overdue reviews now (the thread does it at start and each new day). */
static void h_sweep(req *r) {
  int opened = 0;
  if (risks_sweep_run(r, &opened)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:i}", "opened", opened));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/register", "risks:register:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/register", "risks:register:add", h_create, 0},
  {HTTP_GET, "/api/v1/risks/register/:id", "risks:register:list", h_get, 0},
  {HTTP_PATCH, "/api/v1/risks/register/:id", "risks:register:edit", h_update, 0},
  {HTTP_POST, "/api/v1/risks/register/:id/rate", "risks:register:edit", h_rate, 0},
  {HTTP_POST, "/api/v1/risks/register/:id/review", "risks:register:edit", h_review, 0},
  {HTTP_GET, "/api/v1/risks/heatmap", "risks:register:list", h_heat, 0},
  {HTTP_GET, "/api/v1/risks/settings", "risks:register:list", h_settings_get, 0},
  {HTTP_PUT, "/api/v1/risks/settings", "risks:register:settings", h_settings_put, 0},
  {HTTP_POST, "/api/v1/risks/sweep", "risks:register:settings", h_sweep, 0},
};

void risks_register_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
