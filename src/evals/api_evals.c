/* api_evals.c — handlers of evaluations: the phone's submission (validated, idempotent by request id, checked at once),
 * the filtered list with its export, and one evaluation with its evidence. */
#include "evals/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int evals_check_run(int64_t id, const evals_settings *cfg, const char *at, int *serious) {
  evals_subject sub;
  evals_subject_hold hold;
  evals_flags f = {0};
  int rc = -1;
  if (evals_store_subject(id, cfg, &sub, &hold) == 0 && evals_check(&sub, cfg, &f) == 0 && evals_store_flags_put(id, &f, at) == 0) {
    rc = 0;
    if (serious) *serious = evals_flags_serious(&f);
  }
  evals_flags_free(&f);
  evals_subject_free(&hold);
  return rc;
}

static int request_id_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 8 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_')) return 0;
  return 1;
}

/* A GPS point from three optional fields: 1 present, 0 absent, -1 answered 400. */
static int point_in(req *r, json_t *o, const char *klng, const char *klat, const char *kacc, evals_point *p) {
  json_t *x = json_object_get(o, klng), *y = json_object_get(o, klat), *a = json_object_get(o, kacc);
  memset(p, 0, sizeof *p);
  int hx = x && !json_is_null(x), hy = y && !json_is_null(y);
  if (!hx && !hy) return 0;
  if (!hx || !hy) { http_error(r, ERR_INVALID, hx ? klat : klng, "经度和纬度应同时提供"); return -1; }
  if (!json_is_number(x) || fabs(json_number_value(x)) > 180) { http_error(r, ERR_INVALID, klng, "经度应在 -180 至 180 之间"); return -1; }
  if (!json_is_number(y) || fabs(json_number_value(y)) > 90) { http_error(r, ERR_INVALID, klat, "纬度应在 -90 至 90 之间"); return -1; }
  if (a && !json_is_null(a) && (!json_is_number(a) || json_number_value(a) < 0 || json_number_value(a) > 100000)) {
    http_error(r, ERR_INVALID, kacc, "定位精度应为 0 至 100000 米");
    return -1;
  }
  p->ok = 1;
  p->lng = json_number_value(x);
  p->lat = json_number_value(y);
  p->acc = a && json_is_number(a) ? json_number_value(a) : 0;
  return 1;
}

static void h_submit(req *r) {
  static const char *const allowed[] = {"assignment_id", "request_id", "answers", "lng", "lat", "accuracy", "open_lng", "open_lat", "open_accuracy",
                                        "opened_at", "submitted_at", "photo_ids", "signature_id", "note", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t aid, sig = 0;
  const char *rid, *opened_s, *submitted_s, *note = NULL;
  int64_t *photos = NULL;
  size_t nphotos = 0;
  if (jv_int(r, o, "assignment_id", "评价任务", JV_REQUIRED, 1, INT64_MAX, &aid) < 0 || jv_str(r, o, "request_id", "请求编号", JV_REQUIRED, 8, 64, &rid) < 0 ||
      jv_str(r, o, "opened_at", "打开时间", JV_REQUIRED, 19, 19, &opened_s) < 0 || jv_str(r, o, "submitted_at", "提交时间", JV_REQUIRED, 19, 19, &submitted_s) < 0 ||
      jv_ids(r, o, "photo_ids", "照片", JV_OPTIONAL, 20, &photos, &nphotos) < 0 || jv_id_or_null(r, o, "signature_id", "店主签名", JV_OPTIONAL, &sig) < 0 ||
      jv_str(r, o, "note", "备注", JV_OPTIONAL, 0, 500, &note) < 0)
    return;
  if (!request_id_ok(rid)) { http_error(r, ERR_INVALID, "request_id", "请求编号应为8至64位字母、数字或连字符"); return; }
  org_user *me = org_caller(r);
  /* A resend of a stored submission answers the stored evaluation: nothing is stored twice. */
  int64_t prior = evals_store_by_request(me->id, rid);
  if (prior < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (prior) {
    json_t *e = evals_store_eval_json(prior);
    if (!e) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_object_set_new(e, "replayed", json_true());
    http_json(r, 200, e);
    return;
  }
  evals_submit_in in = {.assignment_id = aid, .request_id = rid, .note = note, .photo_ids = photos, .nphotos = nphotos, .signature_id = sig};
  if (point_in(r, o, "lng", "lat", "accuracy", &in.at) < 0 || point_in(r, o, "open_lng", "open_lat", "open_accuracy", &in.at_open) < 0) return;
  char now[20];
  evals_now(now);
  const char *field;
  char msg[200];
  if (evals_times_check(evals_time_parse(opened_s), evals_time_parse(submitted_s), evals_time_parse(now), &field, msg, sizeof msg)) {
    http_error(r, ERR_INVALID, field, "%s", msg);
    return;
  }
  in.opened_at = opened_s;
  in.submitted_at = submitted_s;
  in.received_at = now;
  if (!org_caller_scope(r)) return;
  json_t *as = evals_store_assignment_json(r, aid);
  if (!as) { http_error(r, ERR_NOT_FOUND, "assignment_id", "评价任务不存在"); return; }
  int64_t as_manager = json_integer_value(json_object_get(as, "manager_id")), as_round = json_integer_value(json_object_get(as, "round_id"));
  int64_t existing = json_integer_value(json_object_get(as, "evaluation_id"));
  const char *as_state = json_string_value(json_object_get(as, "state"));
  int returned = as_state && !strcmp(as_state, "returned");
  const char *shop_name = req_strdup(r, json_string_value(json_object_get(as, "shop_name")));
  json_decref(as);
  if (as_manager != me->id) { http_error(r, ERR_FORBIDDEN, "assignment_id", "该门店不在您的评价任务中"); return; }
  json_t *rd = evals_store_round_json(as_round);
  if (!rd) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int closed = !strcmp(json_string_value(json_object_get(rd, "status")), "closed");
  int64_t tpl_id = json_integer_value(json_object_get(rd, "template_id"));
  json_decref(rd);
  if (closed) { http_error(r, ERR_BAD_STATE, "assignment_id", "评价周期已结束"); return; }
  if (existing && !returned) { http_error(r, ERR_BAD_STATE, "assignment_id", "该门店本周期已评价，只有退回后才能重新提交"); return; }
  const evals_tpl *t = evals_tpl_get(tpl_id, NULL);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int *vals = req_own(r, calloc(t->nitems, sizeof *vals));
  char err[300];
  in.answers = json_object_get(o, "answers");
  if (!vals || evals_answers_read(t, in.answers, vals, err, sizeof err)) { http_error(r, ERR_INVALID, "answers", "%s", err); return; }
  int need_photo = 0;
  for (size_t i = 0; i < t->nitems; i++) need_photo |= t->items[i].photo;
  if (need_photo && !nphotos) { http_error(r, ERR_MISSING, "photo_ids", "评价表要求拍照取证，请至少上传一张照片"); return; }
  char *key = req_own(r, malloc(t->nitems * 8 + 1));
  if (!key) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  evals_answers_key(vals, t->nitems, key, t->nitems * 8 + 1);
  in.vals = vals;
  in.nvals = t->nitems;
  in.total = evals_total(vals, t->nitems);
  in.stars = evals_stars(t, in.total);
  in.answers_key = key;
  evals_settings cfg;
  if (evals_settings_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *before = existing ? evals_store_eval_json(existing) : NULL;
  if (evals_tx_begin(r)) { json_decref(before); return; }
  int64_t id = evals_store_submit(&in, me->id, existing);
  if (id == -2) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_INVALID, "photo_ids", "照片或签名不存在、不是本人上传或已用于其他评价");
    return;
  }
  if (id == -3) {
    /* A concurrent submission of the same shop won the race (the checks above ran before this transaction): the same
     * request sent twice answers the stored evaluation, another submission is refused like a late one. */
    db_rollback();
    json_decref(before);
    int64_t won = evals_store_by_request(me->id, rid);
    json_t *e = won > 0 ? evals_store_eval_json(won) : NULL;
    if (won < 0 || (won > 0 && !e)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (e) {
      json_object_set_new(e, "replayed", json_true());
      http_json(r, 200, e);
      return;
    }
    http_error(r, ERR_BAD_STATE, "assignment_id", "该门店本周期已评价，只有退回后才能重新提交");
    return;
  }
  int serious = 0;
  int bad = id <= 0 || evals_check_run(id, &cfg, now, &serious);
  if (!bad) {
    int st = existing ? evals_next(ES_RETURNED, EA_RESUBMIT, serious) : (serious ? ES_FLAGGED : ES_SUBMITTED);
    bad = st < 0 || evals_store_set_state(id, (evals_state)st, NULL, now);
  }
  json_t *after = bad ? NULL : evals_store_eval_json(id);
  char sum[400];
  snprintf(sum, sizeof sum, "%s终端评价 %s：%.0f 分 %s", existing ? "重新提交" : "提交", shop_name, in.total,
           evals_stars_name(in.stars));
  if (!bad && existing) bad = evals_store_change(id, me->id, "resubmit", "", json_object_get(before, "answers"), in.answers, now);
  bad = bad || !after || org_audit(r, existing ? "evals.evaluation.update" : "evals.evaluation.create", "evaluation", id, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, existing ? 200 : 201, after);
}

static const export_col eval_cols[] = {
  {"评价周期", "round_name", 0}, {"许可证号", "license_no", 0}, {"店名", "shop_name", 0}, {"业态", "category", 0}, {"档位", "grade", 1}, {"城乡", "area", 0},
  {"专卖管理所", "unit_name", 0}, {"客户经理", "manager_name", 0}, {"评价人", "evaluator_name", 0}, {"总分", "total", 1}, {"星级", "stars", 1},
  {"状态", "state", 0}, {"疑点", "flags", 0}, {"提交时间", "submitted_at", 0}};

static int q_id(req *r, json_t *f, const char *key) {
  const char *v = http_query(r, key);
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为正整数", key); return -1; }
  json_object_set_new(f, key, json_integer(n));
  return 0;
}

static void list_with(req *r, const list_params *lp, json_t *f) {
  if (q_id(r, f, "round_id") || q_id(r, f, "unit_id") || q_id(r, f, "manager_id") || q_id(r, f, "evaluator_id") || q_id(r, f, "shop_id")) return;
  const char *state = http_query(r, "state"), *flag = http_query(r, "flag"), *stars = http_query(r, "stars"), *serious = http_query(r, "serious");
  if (state && *state) {
    int s = evals_state_parse(state);
    if (s < 0) { http_error(r, ERR_BAD_QUERY, "state", "状态应为 submitted、flagged、returned、amended、approved、rechecked 之一"); return; }
    json_object_set_new(f, "state", json_string(evals_state_code((evals_state)s)));
  }
  if (flag && *flag) {
    if (evals_flag_parse(flag) < 0) { http_error(r, ERR_BAD_QUERY, "flag", "疑点代码 %s 不存在", flag); return; }
    json_object_set_new(f, "flag", json_string(flag));
  }
  if (stars && *stars) {
    if (strlen(stars) != 1 || stars[0] < '0' || stars[0] > '5') { http_error(r, ERR_BAD_QUERY, "stars", "星级应为 0 至 5"); return; }
    json_object_set_new(f, "stars", json_integer(stars[0] - '0'));
  }
  if (serious && !strcmp(serious, "1")) json_object_set_new(f, "serious", json_true());
  if (lp->q && *lp->q) json_object_set_new(f, "q", json_string(dbj_like(r, lp->q)));
  if (lp->export_fmt && !org_caller_can(r, "evals:eval:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return; }
  if (!org_caller_scope(r)) return;
  if (lp->export_fmt) {
    json_t *rows = NULL;
    if (evals_store_evals_page(r, f, 0, 0, 1, NULL, NULL, &rows)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    export_send(r, lp->export_fmt, "终端评价", eval_cols, sizeof eval_cols / sizeof eval_cols[0], rows, org_caller(r)->name);
    json_decref(rows);
    return;
  }
  char *txt;
  size_t len;
  if (evals_store_evals_page(r, f, lp->size, lp->offset, 0, &txt, &len, NULL)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_list(req *r) {
  static const char *const sorts[] = {"submitted_at", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  json_t *f = json_object();
  list_with(r, &lp, f);
  json_decref(f);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id && evals_store_eval_visible(r, id) ? evals_store_eval_json(id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价不存在"); return; }
  http_json(r, 200, o);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/evals/evaluations", "evals:eval:add", h_submit, 0},
  {HTTP_GET, "/api/v1/evals/evaluations", "evals:eval:list", h_list, 0},
  {HTTP_GET, "/api/v1/evals/evaluations/:id", "evals:eval:list", h_get, 0},
};
void evals_evals_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
