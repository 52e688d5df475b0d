/* api_rounds.c — handlers of rounds and assignments: open a round (assigning every shop in scope to its manager), the
 * rounds list, completeness, the assignment list a manager works from, reassignment and 催办 to the message centre. */
#include "evals/internal.h"
#include "base/workday.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *q_str(req *r, const char *key) {
  const char *v = http_query(r, key);
  return v && *v ? v : NULL;
}

static void h_list(req *r) {
  static const char *const sorts[] = {"period", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  const char *status = q_str(r, "status");
  if (status && strcmp(status, "open") && strcmp(status, "closed")) { http_error(r, ERR_BAD_QUERY, "status", "status 应为 open 或 closed"); return; }
  if (!org_caller_scope(r)) return;
  size_t len;
  char *txt = evals_store_rounds_page(r, lp.size, lp.offset, lp.q, status, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_create(req *r) {
  static const char *const allowed[] = {"name", "period", "template_id", "unit_ids", "category", "area", "grade_min", "grade_max", "start_date",
                                        "deadline_days", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  evals_round_in in = {0};
  int64_t tpl = 0, gmin = 0, gmax = 0, days = 0;
  int64_t *units = NULL;
  if (jv_str(r, o, "name", "周期名称", JV_REQUIRED, 1, 100, &in.name) < 0 || jv_str(r, o, "period", "评价期", JV_REQUIRED, 7, 7, &in.period) < 0 ||
      jv_int(r, o, "template_id", "评价表", JV_OPTIONAL, 1, INT64_MAX, &tpl) < 0 || jv_ids(r, o, "unit_ids", "评价单位", JV_OPTIONAL, 200, &units, &in.nunits) < 0 ||
      jv_str(r, o, "category", "业态", JV_OPTIONAL, 1, 20, &in.category) < 0 || jv_int(r, o, "grade_min", "最低档位", JV_OPTIONAL, 1, 30, &gmin) < 0 ||
      jv_int(r, o, "grade_max", "最高档位", JV_OPTIONAL, 1, 30, &gmax) < 0 || jv_int(r, o, "deadline_days", "评价期限（工作日）", JV_OPTIONAL, 1, 120, &days) < 0)
    return;
  static const char *const areas[] = {"城镇", "乡村", NULL};
  if (jv_enum(r, o, "area", "城乡", JV_OPTIONAL, areas, &in.area) < 0) return;
  char m1[8], m2[8], d1[11], d2[11];
  if (evals_period_parse(in.period, m1, m2, d1, d2)) { http_error(r, ERR_INVALID, "period", "评价期应为季度（如 2026-Q1）或月份（如 2026-03）"); return; }
  if (gmin && gmax && gmin > gmax) { http_error(r, ERR_INVALID, "grade_max", "最高档位不能低于最低档位"); return; }
  for (size_t i = 0; i < in.nunits; i++)
    if (!org_unit_exists(units[i])) { http_error(r, ERR_INVALID, "unit_ids", "单位 %lld 不存在", (long long)units[i]); return; }
  if (!tpl) tpl = evals_tpl_current();
  if (!tpl || !evals_tpl_get(tpl, NULL)) { http_error(r, ERR_INVALID, "template_id", "评价表不存在或未发布"); return; }
  char today[11];
  evals_today(today);
  const char *start = NULL;
  json_t *sd = json_object_get(o, "start_date");
  if (sd && !json_is_null(sd)) {
    if (!json_is_string(sd) || wd_parse(json_string_value(sd)) < 0) { http_error(r, ERR_INVALID, "start_date", "开始日期应为 YYYY-MM-DD"); return; }
    start = json_string_value(sd);
  }
  in.start_date = start ? start : today;
  evals_settings cfg;
  wd_cal cal = {0};
  if (evals_settings_load(&cfg) || org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  in.deadline_days = (int)(days ? days : cfg.deadline_days);
  char due[11];
  wd_format(wd_add(&cal, wd_parse(in.start_date), in.deadline_days), due);
  free(cal.days);
  in.due_date = due;
  in.template_id = tpl;
  in.unit_ids = units;
  in.grade_min = (int)gmin;
  in.grade_max = (int)gmax;
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) return;
  int64_t n = 0, id = evals_store_round_create(&in, org_caller(r)->id, at, &n);
  json_t *after = id ? evals_store_round_json(id) : NULL;
  char sum[300];
  snprintf(sum, sizeof sum, "新建评价周期 %s（%s），分配 %lld 户", in.name, in.period, (long long)n);
  if (!after || org_audit(r, "evals.round.create", "eval_round", id, sum, NULL, after)) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? evals_store_round_json_scoped(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价周期不存在"); return; }
  char today[11];
  evals_today(today);
  json_t *p = evals_store_round_progress(r, id, today);
  if (!p) { json_decref(o); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(o, "progress", p);
  http_json(r, 200, o);
}

static const export_col progress_cols[] = {{"客户经理", "manager_name", 0}, {"片区", "team_name", 0}, {"应评", "assigned", 1}, {"已评", "done", 1},
                                           {"未评", "pending", 1}, {"逾期", "overdue", 1}, {"退回", "returned", 1}, {"超期提交", "late", 1},
                                           {"有疑点", "flagged", 1}};

/* GET /evals/rounds/:id/progress[?format=xlsx] — completeness per manager (the export) with units and county. */
static void h_progress(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? evals_store_round_json_scoped(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价周期不存在"); return; }
  json_decref(o);
  char today[11];
  evals_today(today);
  json_t *p = evals_store_round_progress(r, id, today);
  if (!p) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *fmt = http_query(r, "format");
  if (fmt && (!strcmp(fmt, "xlsx") || !strcmp(fmt, "csv"))) {
    export_send(r, !strcmp(fmt, "xlsx") ? EXPORT_XLSX : EXPORT_CSV, "评价完成情况", progress_cols, sizeof progress_cols / sizeof progress_cols[0],
                json_object_get(p, "managers"), org_caller(r)->name);
    json_decref(p);
    return;
  }
  http_json(r, 200, p);
}

/* GET /evals/assignments?round_id=&manager_id=&state=&q= — what a manager has to evaluate (his own by scope). */
static void h_assignments(req *r) {
  static const char *const sorts[] = {"shop_name", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 0, &lp)) return;
  int64_t round = 0, manager = 0;
  if (http_query_id(r, "round_id", &round) || http_query_id(r, "manager_id", &manager)) return;
  if (!round) { http_error(r, ERR_BAD_QUERY, "round_id", "缺少 round_id"); return; }
  const char *state = q_str(r, "state");
  if (state && strcmp(state, "pending") && strcmp(state, "done") && evals_state_parse(state) < 0) {
    http_error(r, ERR_BAD_QUERY, "state", "state 应为 pending、done 或评价状态之一");
    return;
  }
  if (state && evals_state_parse(state) >= 0) state = evals_state_code((evals_state)evals_state_parse(state));
  if (!org_caller_scope(r)) return;
  char *txt;
  size_t len;
  if (evals_store_assignments_page(r, round, manager, state, lp.q, lp.size, lp.offset, &txt, &len)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

/* GET /evals/assignments/:id — one shop to evaluate, with the round's template for the form. */
static void h_assignment(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? evals_store_assignment_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价任务不存在"); return; }
  json_t *rd = evals_store_round_json(json_integer_value(json_object_get(o, "round_id")));
  json_t *tp = rd ? evals_store_tpl_json(json_integer_value(json_object_get(rd, "template_id"))) : NULL;
  if (!tp) { json_decref(o); json_decref(rd); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set(o, "template", json_object_get(tp, "body"));
  json_object_set_new(o, "template_version", json_incref(json_object_get(tp, "version")));
  json_object_set_new(o, "round_name", json_incref(json_object_get(rd, "name")));
  json_object_set_new(o, "period", json_incref(json_object_get(rd, "period")));
  json_decref(tp);
  json_decref(rd);
  int64_t ev = json_integer_value(json_object_get(o, "evaluation_id"));
  if (ev) json_object_set_new(o, "evaluation", evals_store_eval_json(ev));
  http_json(r, 200, o);
}

/* PATCH /evals/assignments/:id {manager_id}: reassigned within the caller's scope, audited. */
static void h_reassign(req *r) {
  static const char *const allowed[] = {"manager_id", NULL};
  int64_t id = http_param_id(r, 0), manager;
  json_t *o = jv_object(r, allowed);
  if (!o || jv_int(r, o, "manager_id", "客户经理", JV_REQUIRED, 1, INT64_MAX, &manager) < 0) return;
  if (!org_caller_scope(r)) return;
  json_t *before = id ? evals_store_assignment_json(r, id) : NULL;
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "评价任务不存在"); return; }
  int64_t team;
  if (evals_store_user_unit(manager, &team)) { json_decref(before); http_error(r, ERR_INVALID, "manager_id", "客户经理不存在"); return; }
  const org_scope *sc = org_caller_scope(r);
  if (!sc->all && !org_scope_has_unit(sc, team) && team != org_caller(r)->unit_id) {
    json_decref(before);
    http_error(r, ERR_INVALID, "manager_id", "只能分配给本人数据范围内的客户经理");
    return;
  }
  if (evals_tx_begin(r)) { json_decref(before); return; }
  json_t *after = NULL;
  int bad = evals_store_reassign(id, manager, team) || !(after = evals_store_assignment_json(r, id));
  char sum[300];
  snprintf(sum, sizeof sum, "评价任务 %s 改派给用户 %lld", json_string_value(json_object_get(before, "shop_name")), (long long)manager);
  bad = bad || org_audit(r, "evals.assignment.update", "eval_assignment", id, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* POST /evals/rounds/:id/urge {manager_ids?} — one message per manager with unfinished shops, in the message centre. */
static void h_urge(req *r) {
  static const char *const allowed[] = {"manager_ids", "text", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  int64_t *only = NULL;
  size_t nonly = 0;
  const char *text = NULL;
  if (!o || jv_ids(r, o, "manager_ids", "客户经理", JV_OPTIONAL, 500, &only, &nonly) < 0 || jv_str(r, o, "text", "催办内容", JV_OPTIONAL, 0, 500, &text) < 0) return;
  if (!org_caller_scope(r)) return;
  json_t *rd = id ? evals_store_round_json_scoped(r, id) : NULL;
  if (!rd) { http_error(r, ERR_NOT_FOUND, NULL, "评价周期不存在"); return; }
  json_t *lag = evals_store_round_laggards(r, id);
  if (!lag) { json_decref(rd); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) { json_decref(rd); json_decref(lag); return; }
  size_t i, sent = 0;
  json_t *m;
  int bad = 0;
  json_array_foreach(lag, i, m) {
    int64_t uid = json_integer_value(json_object_get(m, "manager_id"));
    int want = !nonly;
    for (size_t k = 0; k < nonly; k++) want |= only[k] == uid;
    if (!want) continue;
    char title[300], body[900];
    snprintf(title, sizeof title, "催办：%s 终端评价", json_string_value(json_object_get(rd, "name")));
    snprintf(body, sizeof body, "您还有 %lld 户未完成评价（含退回待改），截止日期 %s。%s%s（%s）", (long long)json_integer_value(json_object_get(m, "pending")),
             json_string_value(json_object_get(rd, "due_date")), text && *text ? text : "请抓紧到店评价", "", org_caller(r)->name);
    if (tasks_notice(uid, title, body, NULL, at, NULL) || evals_store_urged(id, uid, at)) { bad = 1; break; }
    sent++;
  }
  char sum[300];
  snprintf(sum, sizeof sum, "催办评价周期 %s：%zu 名客户经理", json_string_value(json_object_get(rd, "name")), sent);
  bad = bad || org_audit(r, "evals.round.urge", "eval_round", id, sum, NULL, NULL);
  json_decref(rd);
  json_decref(lag);
  if (bad) { evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I}", "sent", (json_int_t)sent));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/evals/rounds", "evals:round:list", h_list, 0},
  {HTTP_POST, "/api/v1/evals/rounds", "evals:round:add", h_create, 0},
  {HTTP_GET, "/api/v1/evals/rounds/:id", "evals:round:list", h_get, 0},
  {HTTP_GET, "/api/v1/evals/rounds/:id/progress", "evals:round:list", h_progress, 0},
  {HTTP_POST, "/api/v1/evals/rounds/:id/urge", "evals:round:urge", h_urge, 0},
  {HTTP_GET, "/api/v1/evals/assignments", "evals:round:list", h_assignments, 0},
  {HTTP_GET, "/api/v1/evals/assignments/:id", "evals:round:list", h_assignment, 0},
  {HTTP_PATCH, "/api/v1/evals/assignments/:id", "evals:round:assign", h_reassign, 0},
};
void evals_rounds_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
