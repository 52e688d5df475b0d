/* api_review.c — the review of an evaluation by the 所/片区: return with a reason, amend (before and after kept),
 * approve, and a change after approval (reason required). Each step is audited and shows on the shop's history. */
#include "evals/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads and scores new answers against the evaluation's template: 0 ok (total, stars, key filled), -1 answered 400. */
static int rescore(req *r, json_t *ev, json_t *answers, double *total, int *stars, char **key) {
  const evals_tpl *t = evals_tpl_get(json_integer_value(json_object_get(ev, "template_id")), NULL);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  int *vals = req_own(r, calloc(t->nitems, sizeof *vals));
  *key = req_own(r, malloc(t->nitems * 8 + 1));
  char err[300];
  if (!vals || !*key) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  if (evals_answers_read(t, answers, vals, err, sizeof err)) { http_error(r, ERR_INVALID, "answers", "%s", err); return -1; }
  evals_answers_key(vals, t->nitems, *key, t->nitems * 8 + 1);
  *total = evals_total(vals, t->nitems);
  *stars = evals_stars(t, *total);
  return 0;
}

/* POST /evals/evaluations/:id/review {action: return|amend|approve|change, reason, answers} */
static void h_review(req *r) {
  static const char *const allowed[] = {"action", "reason", "answers", NULL};
  static const char *const actions[] = {"return", "amend", "approve", "change", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  const char *act, *reason = NULL;
  if (!o || jv_enum(r, o, "action", "审核操作", JV_REQUIRED, actions, &act) < 0 || jv_str(r, o, "reason", "理由", JV_OPTIONAL, 0, 500, &reason) < 0) return;
  evals_action a = (evals_action)evals_action_parse(act);
  if ((a == EA_RETURN || a == EA_CHANGE) && (!reason || !*reason)) {
    http_error(r, ERR_MISSING, "reason", a == EA_RETURN ? "退回必须写明原因" : "通过后修改结果必须写明理由");
    return;
  }
  json_t *answers = json_object_get(o, "answers");
  if ((a == EA_AMEND || a == EA_CHANGE) && !answers) { http_error(r, ERR_MISSING, "answers", "修改需提供修改后的评分"); return; }
  if ((a == EA_RETURN || a == EA_APPROVE) && answers) { http_error(r, ERR_UNKNOWN_FIELD, "answers", "退回或通过不改评分"); return; }
  if (!org_caller_scope(r)) return;
  json_t *ev = id && evals_store_eval_visible(r, id) ? evals_store_eval_json(id) : NULL;
  if (!ev) { http_error(r, ERR_NOT_FOUND, NULL, "评价不存在"); return; }
  int st = evals_state_parse(json_string_value(json_object_get(ev, "state")));
  int next = st < 0 ? -1 : evals_next((evals_state)st, a, 0);
  if (next < 0) {
    http_error(r, ERR_BAD_STATE, "action", "评价当前为「%s」，不能%s", st < 0 ? "" : evals_state_name((evals_state)st),
               a == EA_RETURN ? "退回" : a == EA_AMEND ? "修改" : a == EA_APPROVE ? "通过" : "在通过后修改");
    json_decref(ev);
    return;
  }
  if (json_integer_value(json_object_get(ev, "evaluator_id")) == org_caller(r)->id) {
    json_decref(ev);
    http_error(r, ERR_FORBIDDEN, NULL, "不能审核自己的评价");
    return;
  }
  double total = 0;
  int stars = 0;
  char *key = NULL;
  if (answers && rescore(r, ev, answers, &total, &stars, &key)) { json_decref(ev); return; }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) { json_decref(ev); return; }
  int bad = 0;
  if (answers) {
    json_t *b = json_pack("{s:O,s:O,s:O}", "answers", json_object_get(ev, "answers"), "total", json_object_get(ev, "total"), "stars", json_object_get(ev, "stars"));
    json_t *af = json_pack("{s:O,s:f,s:i}", "answers", answers, "total", total, "stars", stars);
    bad = evals_store_update_answers(id, answers, total, stars, key) || evals_store_change(id, org_caller(r)->id, act, reason, b, af, at);
    json_decref(b);
    json_decref(af);
  } else {
    bad = evals_store_change(id, org_caller(r)->id, act, reason, NULL, NULL, at);
  }
  bad = bad || evals_store_set_state(id, (evals_state)next, reason, at);
  json_t *after = bad ? NULL : evals_store_eval_json(id);
  char sum[400];
  snprintf(sum, sizeof sum, "终端评价 %s：%s%s%s", json_string_value(json_object_get(ev, "shop_name")),
           a == EA_RETURN ? "退回" : a == EA_AMEND ? "审核修改" : a == EA_APPROVE ? "审核通过" : "通过后修改结果", reason && *reason ? "，理由：" : "", reason ? reason : "");
  bad = bad || !after || org_audit(r, req_printf(r, "evals.evaluation.%s", act), "evaluation", id, sum, ev, after);
  json_decref(ev);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/evals/evaluations/:id/review", "evals:eval:review", h_review, 0},
};
void evals_review_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
