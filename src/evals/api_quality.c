/* api_quality.c — handlers after the review: the county's sampled re-check, appeals by the manager or the shop owner,
 * each evaluator's quality score, a shop's star history and the distribution of stars; and the cockpit feed. */
#include "evals/internal.h"
#include "base/workday.h"
#include "cockpit/cockpit.h"
#include "shops/shops.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t q_round(req *r) {
  const char *v = http_query(r, "round_id");
  char *end;
  long long n = v ? strtoll(v, &end, 10) : 0;
  if (!v || *end || n <= 0) { http_error(r, ERR_BAD_QUERY, "round_id", "round_id 应为正整数"); return 0; }
  return n;
}

static int want_export(req *r) {
  const char *f = http_query(r, "format");
  return !f ? 0 : !strcmp(f, "xlsx") ? EXPORT_XLSX : !strcmp(f, "csv") ? EXPORT_CSV : -1;
}

/* POST /evals/rounds/:id/rechecks/pick — every flagged evaluation plus each evaluator's reproducible sample. */
static void h_pick(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *rd = id ? evals_store_round_json_scoped(r, id) : NULL;
  if (!rd) { http_error(r, ERR_NOT_FOUND, NULL, "评价周期不存在"); return; }
  evals_settings cfg;
  if (evals_settings_load(&cfg)) { json_decref(rd); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) { json_decref(rd); return; }
  int64_t picked = 0;
  char sum[300];
  snprintf(sum, sizeof sum, "抽取复核样本：%s（抽查比例 %.1f%% 另加全部有疑点评价）", json_string_value(json_object_get(rd, "name")), cfg.sample_pct);
  json_decref(rd);
  if (evals_store_recheck_pick(id, &cfg, at, &picked) || org_audit(r, "evals.round.pick", "eval_round", id, sum, NULL, NULL)) { evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I}", "picked", (json_int_t)picked));
}

static const export_col recheck_cols[] = {
  {"店名", "shop_name", 0}, {"许可证号", "license_no", 0}, {"专卖管理所", "unit_name", 0}, {"评价人", "evaluator_name", 0}, {"原评分", "first_total", 1},
  {"抽取原因", "reason", 0}, {"复核状态", "status", 0}, {"复核人", "rechecker_name", 0}, {"复核分", "total", 1}, {"差值", "diff", 1}};

/* GET /evals/rechecks?round_id=&status=[&format=xlsx] — the sample; its export is the city-level sample. */
static void h_rechecks(req *r) {
  int64_t round = q_round(r);
  if (!round) return;
  const char *status = http_query(r, "status");
  if (status && !*status) status = NULL;
  if (status && strcmp(status, "pending") && strcmp(status, "done")) { http_error(r, ERR_BAD_QUERY, "status", "status 应为 pending 或 done"); return; }
  int fmt = want_export(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "format 应为 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = evals_store_rechecks(r, round, status);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (fmt) {
    export_send(r, fmt, "抽查复核样本", recheck_cols, sizeof recheck_cols / sizeof recheck_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* POST /evals/rechecks/:id {answers} — another person re-evaluates; a difference beyond the tolerance is a deviation. */
static void h_recheck(req *r) {
  static const char *const allowed[] = {"answers", "note", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  const char *note = NULL;
  if (!o || jv_str(r, o, "note", "备注", JV_OPTIONAL, 0, 500, &note) < 0) return;
  json_t *k = id ? evals_store_recheck_json(id) : NULL;
  if (!org_caller_scope(r)) { json_decref(k); return; }
  int64_t ev = k ? json_integer_value(json_object_get(k, "evaluation_id")) : 0;
  if (!k || !evals_store_eval_visible(r, ev)) { json_decref(k); http_error(r, ERR_NOT_FOUND, NULL, "复核任务不存在"); return; }
  if (strcmp(json_string_value(json_object_get(k, "status")), "pending")) { json_decref(k); http_error(r, ERR_BAD_STATE, NULL, "已复核"); return; }
  if (json_integer_value(json_object_get(k, "evaluator_id")) == org_caller(r)->id) { json_decref(k); http_error(r, ERR_FORBIDDEN, NULL, "复核须由原评价人以外的人进行"); return; }
  const evals_tpl *t = evals_tpl_get(json_integer_value(json_object_get(k, "template_id")), NULL);
  int *vals = t ? req_own(r, calloc(t->nitems, sizeof *vals)) : NULL;
  char err[300];
  if (!vals) { json_decref(k); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *answers = json_object_get(o, "answers");
  if (evals_answers_read(t, answers, vals, err, sizeof err)) { json_decref(k); http_error(r, ERR_INVALID, "answers", "%s", err); return; }
  evals_settings cfg;
  if (evals_settings_load(&cfg)) { json_decref(k); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  double total = evals_total(vals, t->nitems), first = json_number_value(json_object_get(k, "first_total"));
  int dev = evals_deviates(first, total, cfg.recheck_tolerance);
  int st = evals_state_parse(json_string_value(json_object_get(k, "eval_state")));
  int next = st < 0 ? -1 : evals_next((evals_state)st, EA_RECHECK, 0);
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) { json_decref(k); return; }
  json_t *b = json_pack("{s:f}", "total", first), *af = json_pack("{s:O,s:f,s:b}", "answers", answers, "total", total, "deviation", dev);
  char reason[700];
  snprintf(reason, sizeof reason, "抽查复核 %.0f 分，与原评分相差 %.0f 分%s%s%s", total, fabs(total - first), dev ? "，超出容差，计为偏差" : "", note && *note ? "。" : "",
           note ? note : "");
  int bad = evals_store_recheck_done(id, org_caller(r)->id, answers, total, total - first, dev, at) ||
            evals_store_change(ev, org_caller(r)->id, "recheck", reason, b, af, at) || (next >= 0 && evals_store_set_state(ev, (evals_state)next, NULL, at));
  json_decref(b);
  json_decref(af);
  json_t *after = bad ? NULL : evals_store_recheck_json(id);
  bad = bad || !after || org_audit(r, "evals.evaluation.recheck", "evaluation", ev, reason, k, after);
  json_decref(k);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* The last day an appeal is taken: appeal_days working days after the result (its approval). */
static int appeal_open(json_t *ev, const evals_settings *cfg, char last[11]) {
  const char *at = json_string_value(json_object_get(ev, "approved_at"));
  if (!at || strlen(at) < 10) return 0;
  char d[11], today[11];
  memcpy(d, at, 10);
  d[10] = 0;
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return 0;
  wd_format(wd_add(&cal, wd_parse(d), cfg->appeal_days), last);
  free(cal.days);
  evals_today(today);
  return strcmp(today, last) <= 0;
}

static int appeal_checks(req *r, json_t *ev) {
  const char *st = json_string_value(json_object_get(ev, "state"));
  if (strcmp(st, "approved") && strcmp(st, "rechecked")) { http_error(r, ERR_BAD_STATE, NULL, "评价结果通过审核后才能申诉"); return -1; }
  evals_settings cfg;
  char last[11] = "";
  if (evals_settings_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  if (!appeal_open(ev, &cfg, last)) { http_error(r, ERR_BAD_STATE, NULL, "已超过申诉期限（结果通过后 %d 个工作日内，截至 %s）", cfg.appeal_days, last); return -1; }
  int pending = evals_store_appeal_pending(json_integer_value(json_object_get(ev, "id")));
  if (pending < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  if (pending) { http_error(r, ERR_DUPLICATE, NULL, "该评价已有待处理的申诉"); return -1; }
  return 0;
}

static void appeal_store(req *r, json_t *ev, const char *by_kind, int64_t user, const char *reason) {
  char at[20];
  evals_now(at);
  int64_t eid = json_integer_value(json_object_get(ev, "id"));
  if (evals_tx_begin(r)) return;
  int64_t id = evals_store_appeal_add(eid, by_kind, user, reason, at);
  json_t *after = id ? evals_store_appeal_json(id) : NULL;
  char sum[700];
  snprintf(sum, sizeof sum, "%s对 %s 的评价结果提出申诉：%s", strcmp(by_kind, "owner") ? "客户经理" : "店主", json_string_value(json_object_get(ev, "shop_name")), reason);
  int bad = !after || evals_store_change(eid, user, "appeal", reason, NULL, NULL, at) || org_audit(r, "evals.evaluation.appeal", "evaluation", eid, sum, NULL, after);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* POST /evals/evaluations/:id/appeals {reason} — the manager who evaluated, within the appeal period. */
static void h_appeal(req *r) {
  static const char *const allowed[] = {"reason", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  const char *reason;
  if (!o || jv_str(r, o, "reason", "申诉理由", JV_REQUIRED, 2, 1000, &reason) < 0) return;
  if (!org_caller_scope(r)) return;
  json_t *ev = id && evals_store_eval_visible(r, id) ? evals_store_eval_json(id) : NULL;
  if (!ev) { http_error(r, ERR_NOT_FOUND, NULL, "评价不存在"); return; }
  if (json_integer_value(json_object_get(ev, "evaluator_id")) != org_caller(r)->id) {
    json_decref(ev);
    http_error(r, ERR_FORBIDDEN, NULL, "只有评价人本人可以申诉；店主请通过自助检测页面申诉");
    return;
  }
  if (!appeal_checks(r, ev)) appeal_store(r, ev, "manager", org_caller(r)->id, reason);
  json_decref(ev);
}

/* The owner's appeals through the public link, like the self-check's submissions: a sliding window per shop and source
 * (BUREAU_APPEAL_LIMIT an hour, default 5); only a valid link is counted, so random tokens never fill the table. */
static ratelimit *appeal_rl;
static unsigned appeal_limit(void) {
  const char *v = getenv("BUREAU_APPEAL_LIMIT");
  int n = v ? atoi(v) : 0;
  return n > 0 ? (unsigned)n : 5;
}

/* POST /evals/public/appeals {token, reason} — the owner, through the shop's self-check link: the shop's latest result. */
static void h_owner_appeal(req *r) {
  if (!org_origin_ok(r)) { http_error(r, ERR_CSRF, NULL, "请求来源不正确"); return; }
  static const char *const allowed[] = {"token", "reason", NULL};
  json_t *o = jv_object(r, allowed);
  const char *token, *reason;
  if (!o || jv_str(r, o, "token", "链接", JV_REQUIRED, 8, 100, &token) < 0 || jv_str(r, o, "reason", "申诉理由", JV_REQUIRED, 2, 1000, &reason) < 0) return;
  int64_t shop = shops_selfcheck_shop(token, NULL, 0);
  if (shop) {
    char key[96];
    snprintf(key, sizeof key, "%lld|%s", (long long)shop, r->ip);
    unsigned wait = rl_hit(appeal_rl, key, util_now());
    if (wait) {
      char w[16];
      snprintf(w, sizeof w, "%u", wait);
      http_add_header(r, "Retry-After", w);
      http_error(r, ERR_RATE_LIMITED, NULL, "提交过于频繁，请 %u 秒后再试", wait);
      return;
    }
  }
  int64_t eid = shop ? evals_store_latest_result(shop) : 0;
  if (eid < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *ev = eid ? evals_store_eval_json(eid) : NULL;
  if (!ev) { http_error(r, ERR_NOT_FOUND, "token", "链接无效或该店还没有评价结果"); return; }
  if (!appeal_checks(r, ev)) appeal_store(r, ev, "owner", 0, reason);
  json_decref(ev);
}

/* The owner's view of the shop's latest result: the round, total and stars, each item's score against its maximum (the
 * form as the evaluation kept it), whether an appeal is still taken and until when. Nothing of the review (flags,
 * photos, who reviewed) is shown. NULL on error. */
static json_t *owner_latest(int64_t eid) {
  json_t *ev = evals_store_eval_json(eid);
  if (!ev) return NULL;
  const evals_tpl *t = evals_tpl_get(json_integer_value(json_object_get(ev, "template_id")), NULL);
  evals_settings cfg;
  if (!t || evals_settings_load(&cfg)) { json_decref(ev); return NULL; }
  json_t *answers = json_object_get(ev, "answers"), *items = json_array();
  for (size_t i = 0; i < t->nitems; i++) {
    const evals_item *it = &t->items[i];
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:i,s:O}", "code", it->code, "name", it->name, "group", it->group, "max", it->max,
                                           "score", json_object_get(answers, it->code) ? json_object_get(answers, it->code) : json_null()));
  }
  char last[11] = "";
  int open = appeal_open(ev, &cfg, last);
  int pending = evals_store_appeal_pending(eid);
  if (pending < 0) { json_decref(items); json_decref(ev); return NULL; }
  json_t *o = json_pack("{s:I,s:O,s:O,s:O,s:O,s:O,s:O,s:o,s:s,s:b,s:b}", "id", (json_int_t)eid, "round_name", json_object_get(ev, "round_name"),
                        "period", json_object_get(ev, "period"), "total", json_object_get(ev, "total"), "stars", json_object_get(ev, "stars"),
                        "stars_name", json_object_get(ev, "stars_name"), "approved_at", json_object_get(ev, "approved_at"), "items", items,
                        "appeal_until", last, "can_appeal", open && !pending, "appeal_pending", pending > 0);
  json_decref(ev);
  return o;
}

/* GET /evals/public/results?token= — the shop's star history for the owner's page. */
static void h_owner_results(req *r) {
  const char *token = http_query(r, "token");
  int64_t shop = shops_selfcheck_shop(token, NULL, 0);
  if (!shop) { http_error(r, ERR_NOT_FOUND, "token", "链接无效"); return; }
  json_t *items = evals_store_owner_results(shop);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int64_t eid = evals_store_latest_result(shop);
  json_t *latest = eid > 0 ? owner_latest(eid) : json_null();
  if (eid < 0 || !latest) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:o}", "items", items, "latest", latest));
}

static void h_appeals(req *r) {
  const char *status = http_query(r, "status");
  if (status && !*status) status = NULL;
  if (status && strcmp(status, "pending") && strcmp(status, "upheld") && strcmp(status, "rejected")) {
    http_error(r, ERR_BAD_QUERY, "status", "status 应为 pending、upheld 或 rejected");
    return;
  }
  if (!org_caller_scope(r)) return;
  json_t *items = evals_store_appeals(r, status);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* POST /evals/appeals/:id/decide {decision: upheld|rejected, note, answers?} — upheld with answers changes the result. */
static void h_decide(req *r) {
  static const char *const allowed[] = {"decision", "note", "answers", NULL};
  static const char *const decisions[] = {"upheld", "rejected", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  const char *decision, *note;
  if (!o || jv_enum(r, o, "decision", "处理结果", JV_REQUIRED, decisions, &decision) < 0 || jv_str(r, o, "note", "处理意见", JV_REQUIRED, 2, 1000, &note) < 0) return;
  json_t *answers = json_object_get(o, "answers");
  if (answers && strcmp(decision, "upheld")) { http_error(r, ERR_INVALID, "answers", "驳回申诉不改评分"); return; }
  json_t *ap = id ? evals_store_appeal_json(id) : NULL;
  if (!org_caller_scope(r)) { json_decref(ap); return; }
  int64_t eid = ap ? json_integer_value(json_object_get(ap, "evaluation_id")) : 0;
  if (!ap || !evals_store_eval_visible(r, eid)) { json_decref(ap); http_error(r, ERR_NOT_FOUND, NULL, "申诉不存在"); return; }
  int pending = !strcmp(json_string_value(json_object_get(ap, "status")), "pending");
  json_decref(ap);
  if (!pending) { http_error(r, ERR_BAD_STATE, NULL, "申诉已处理"); return; }
  json_t *ev = evals_store_eval_json(eid);
  if (!ev) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (json_integer_value(json_object_get(ev, "evaluator_id")) == org_caller(r)->id) { json_decref(ev); http_error(r, ERR_FORBIDDEN, NULL, "不能处理对自己评价的申诉"); return; }
  double total = 0;
  int stars = 0;
  char *key = NULL;
  if (answers) {
    const evals_tpl *t = evals_tpl_get(json_integer_value(json_object_get(ev, "template_id")), NULL);
    int *vals = t ? req_own(r, calloc(t->nitems, sizeof *vals)) : NULL;
    key = t ? req_own(r, malloc(t->nitems * 8 + 1)) : NULL;
    char err[300];
    if (!vals || !key) { json_decref(ev); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (evals_answers_read(t, answers, vals, err, sizeof err)) { json_decref(ev); http_error(r, ERR_INVALID, "answers", "%s", err); return; }
    evals_answers_key(vals, t->nitems, key, t->nitems * 8 + 1);
    total = evals_total(vals, t->nitems);
    stars = evals_stars(t, total);
  }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) { json_decref(ev); return; }
  int bad = evals_store_appeal_decide(id, decision, note, org_caller(r)->id, at);
  char reason[1200];
  snprintf(reason, sizeof reason, "申诉%s：%s", strcmp(decision, "upheld") ? "驳回" : "成立", note);
  if (!bad && answers) {
    json_t *b = json_pack("{s:O,s:O,s:O}", "answers", json_object_get(ev, "answers"), "total", json_object_get(ev, "total"), "stars", json_object_get(ev, "stars"));
    json_t *af = json_pack("{s:O,s:f,s:i}", "answers", answers, "total", total, "stars", stars);
    bad = evals_store_update_answers(eid, answers, total, stars, key) || evals_store_change(eid, org_caller(r)->id, "appeal_decision", reason, b, af, at);
    json_decref(b);
    json_decref(af);
  } else if (!bad) {
    bad = evals_store_change(eid, org_caller(r)->id, "appeal_decision", reason, NULL, NULL, at);
  }
  json_t *after = bad ? NULL : evals_store_appeal_json(id);
  json_t *ev_after = bad ? NULL : evals_store_eval_json(eid);
  bad = bad || !after || !ev_after || org_audit(r, "evals.evaluation.decide", "evaluation", eid, reason, ev, ev_after);
  json_decref(ev);
  json_decref(ev_after);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const export_col quality_cols[] = {
  {"客户经理", "name", 0}, {"片区", "team_name", 0}, {"应评", "assigned", 1}, {"已评", "submitted", 1}, {"覆盖率（%）", "coverage", 1}, {"有疑点", "flagged", 1},
  {"退回", "returned", 1}, {"超期", "late", 1}, {"已复核", "rechecked", 1}, {"偏差", "deviations", 1}, {"评价质量分", "score", 1}};

static double pct1(double part, double whole) { return round(part / whole * 1000) / 10; }

/* GET /evals/quality?round_id=[&format=xlsx] — 评价质量分 per evaluator in the caller's scope (a manager sees his own). */
static void h_quality(req *r) {
  int64_t round = q_round(r);
  if (!round) return;
  int fmt = want_export(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "format 应为 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  char today[11];
  evals_today(today);
  json_t *items = evals_store_quality(r, round, today);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* 覆盖率: the share of his assigned shops he has evaluated, in percent to one decimal (none assigned: no figure) */
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    double assigned = json_number_value(json_object_get(it, "assigned")), done = json_number_value(json_object_get(it, "submitted"));
    json_object_set_new(it, "coverage", assigned > 0 ? json_real(pct1(done, assigned)) : json_null());
  }
  if (fmt) {
    export_send(r, fmt, "评价质量分", quality_cols, sizeof quality_cols / sizeof quality_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I,s:s}", "items", items, "total", (json_int_t)json_array_size(items), "formula",
                              "100 − 40×有疑点率 − 30×复核偏差率 − 20×退回率 − 10×超期率"));
}

static void h_history(req *r) {
  int64_t shop = http_param_id(r, 0);
  if (!shop) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = evals_store_shop_history(r, shop);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static const export_col dist_cols[] = {{"分组", "grp", 0}, {"户数", "n", 1}, {"无星", "s0", 1}, {"一星", "s1", 1}, {"二星", "s2", 1}, {"三星", "s3", 1},
                                       {"四星", "s4", 1}, {"五星", "s5", 1}, {"平均分", "avg_total", 1}};

/* GET /evals/distribution?round_id=&by=unit|category|band|area[&format=xlsx] */
static void h_distribution(req *r) {
  int64_t round = q_round(r);
  if (!round) return;
  const char *by = http_query(r, "by");
  if (!by || !*by) by = "unit";
  if (strcmp(by, "unit") && strcmp(by, "category") && strcmp(by, "band") && strcmp(by, "area")) {
    http_error(r, ERR_BAD_QUERY, "by", "by 应为 unit、category、band 或 area");
    return;
  }
  int fmt = want_export(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "format 应为 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = evals_store_distribution(r, round, by);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (fmt) {
    export_send(r, fmt, "星级分布", dist_cols, sizeof dist_cols / sizeof dist_cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static const cockpit_feed quality_feed = {"EV_QUALITY", "终端评价质量分", "营销", "分", "higher", "avg", "avg", evals_store_quality_feed, NULL};
void evals_feeds_register(void) { cockpit_register_feed(&quality_feed); }

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/evals/rounds/:id/rechecks/pick", "evals:recheck:pick", h_pick, 0},
  {HTTP_GET, "/api/v1/evals/rechecks", "evals:eval:list", h_rechecks, 0},
  {HTTP_POST, "/api/v1/evals/rechecks/:id", "evals:recheck:do", h_recheck, 0},
  {HTTP_POST, "/api/v1/evals/evaluations/:id/appeals", "evals:appeal:add", h_appeal, 0},
  {HTTP_GET, "/api/v1/evals/appeals", "evals:eval:list", h_appeals, 0},
  {HTTP_POST, "/api/v1/evals/appeals/:id/decide", "evals:appeal:decide", h_decide, 0},
  {HTTP_POST, "/api/v1/evals/public/appeals", NULL, h_owner_appeal, R_PUBLIC},
  {HTTP_GET, "/api/v1/evals/public/results", NULL, h_owner_results, R_PUBLIC},
  {HTTP_GET, "/api/v1/evals/quality", "evals:quality:view", h_quality, 0},
  {HTTP_GET, "/api/v1/evals/shops/:id/history", "evals:eval:list", h_history, 0},
  {HTTP_GET, "/api/v1/evals/distribution", "evals:eval:list", h_distribution, 0},
};
void evals_quality_routes(void) {
  if (!appeal_rl) appeal_rl = rl_new(appeal_limit(), 3600);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
}
