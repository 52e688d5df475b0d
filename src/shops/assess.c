/* assess.c — 数字化经营能力检测 in use: the visit form and its submission (answers, GPS, time), results and their
 * history, the per-shop summary (radar, weakest items, trend, unit and county averages), the self-check link (自测,
 * no account, rate-limited), and the batch that rescores every active shop from its data (CLI and background job). */
#include "shops/internal.h"
#include "base/import.h"
#include "base/job.h"
#include "base/log.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <time.h>
#include <unistd.h>

int shops_data_load(int64_t shop_id, const shops_tpl *t, const char *month, shops_data *d) {
  int months = 1;
  for (size_t k = 0; k < t->ndims; k++)
    for (size_t i = 0; i < t->dims[k].nitems; i++)
      if (t->dims[k].items[i].kind == SI_METRIC && t->dims[k].items[i].months > months) months = t->dims[k].items[i].months;
  char first[8];
  shops_month_str(shops_month_index(month) - months + 1, first);
  return shops_store_data_window(shop_id, first, month, d);
}

void shops_data_free(shops_data *d) {
  for (size_t i = 0; i < d->n; i++) free((char *)d->v[i].metric);
  free((void *)d->v);
  memset(d, 0, sizeof *d);
}

int64_t shops_assess_store(int64_t shop_id, int64_t template_id, const char *kind, const char *month, json_t *answers, double lng, double lat,
                           int64_t user_id, const char *at) {
  return shops_assess_store_keyed(shop_id, template_id, kind, month, answers, lng, lat, user_id, at, NULL, NULL);
}

int64_t shops_assess_store_keyed(int64_t shop_id, int64_t template_id, const char *kind, const char *month, json_t *answers, double lng, double lat,
                                 int64_t user_id, const char *at, const char *request_id, const char *carried) {
  int version;
  const shops_tpl *t = shops_template_get(template_id, &version);
  if (!t) return 0;
  shops_data d;
  if (shops_data_load(shop_id, t, month, &d)) return 0;
  shops_result res;
  int rc = shops_score(t, answers, &d, month, &res);
  shops_data_free(&d);
  if (rc) return 0;
  json_t *rj = shops_result_json(t, &res);
  json_object_set_new(rj, "template_version", json_integer(version));
  json_object_set_new(rj, "month", json_string(month));
  char *rtxt = json_dumps(rj, JSON_COMPACT), *atxt = answers ? json_dumps(answers, JSON_COMPACT) : strdup("{}");
  json_decref(rj);
  int64_t id = 0;
  if (rtxt && atxt) {
    shops_assessment_row row = {.shop_id = shop_id, .template_id = template_id, .user_id = user_id, .kind = kind, .month = month, .answers = atxt,
                                .result = rtxt, .level = res.level, .at = at, .request_id = request_id, .carried = carried, .has_total = res.has_total,
                                .total = res.total, .coverage = round(res.coverage * 1000) / 10, .lng = lng, .lat = lat};
    id = shops_store_assessment_insert(&row);
  }
  free(rtxt);
  free(atxt);
  /* The shop's current level comes from visits and the batch; an owner's self-check does not change it. */
  if (id && strcmp(kind, "自测") && shops_store_shop_level(shop_id, res.has_total, res.total, res.level, at, id)) id = 0;
  shops_result_free(&res);
  return id;
}

/* The month metric windows end at: ?month=, else the latest month with data, else this month. */
static void pick_month(const char *given, char out[8]) {
  if (given && *given) { snprintf(out, 8, "%s", given); return; }
  shops_latest_month(out);
  if (!out[0]) shops_this_month(out);
}

/* Answers may name only question items of the template; anything else is refused before scoring. */
static int check_answers(req *r, const shops_tpl *t, json_t *a, int self_only) {
  if (!json_is_object(a)) { http_error(r, ERR_INVALID, "answers", "答案应为对象"); return -1; }
  const char *k;
  json_t *v;
  json_object_foreach(a, k, v) {
    const shops_item *it = shops_tpl_item(t, k, NULL);
    if (!it || !shops_item_is_question(it)) { http_error(r, ERR_INVALID, "answers", "答案中的「%.40s」不是本模板的问题", k); return -1; }
    /* A number outside the template's allowed range (a negative member count) is refused, naming the item. */
    if (it->kind == SI_NUMBER && json_is_number(v) && !shops_number_in_range(it, json_number_value(v))) {
      if (it->vmax < 1e12)
        http_error(r, ERR_INVALID, req_printf(r, "answers.%s", it->code), "「%s」应在 %g 到 %g 之间", it->name, it->vmin, it->vmax);
      else
        http_error(r, ERR_INVALID, req_printf(r, "answers.%s", it->code), "「%s」不能小于 %g", it->name, it->vmin);
      return -1;
    }
    (void)self_only;
  }
  return 0;
}

/* GET /shops/:id/assess-form — the current template, the last visit's answers (offered item by item, 沿用上次) and the metric items filled from data. */
static void h_form(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  const char *mq;
  if (shops_q_month(r, "month", &mq)) return;
  char month[8], at[20];
  pick_month(mq, month);
  int64_t tid = shops_current_template();
  int version;
  const shops_tpl *t = tid ? shops_template_get(tid, &version) : NULL;
  if (!t) { http_error(r, ERR_INTERNAL, NULL, "没有已发布的检测模板"); return; }
  shops_data d;
  shops_result res;
  if (shops_data_load(id, t, month, &d)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  shops_score(t, NULL, &d, month, &res);
  shops_data_free(&d);
  json_t *preview = shops_result_json(t, &res);
  shops_result_free(&res);
  json_t *metrics = json_array();
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(preview, "items"), i, it)
    if (!strcmp(json_string_value(json_object_get(it, "kind")), "metric")) json_array_append(metrics, it);
  json_decref(preview);
  /* The form starts empty; the last visit's answers are offered per item (沿用上次), never chosen in advance. */
  char last_at[20];
  json_t *last = shops_store_last_visit(id, last_at);
  org_now(at);
  http_json(r, 200, json_pack("{s:I,s:i,s:o,s:s,s:o,s:o,s:s?,s:s}", "template_id", (json_int_t)tid, "template_version", version, "template", shops_tpl_json(t),
                              "month", month, "metrics", metrics, "last_answers", last ? last : json_object(), "last_visit_at", last ? last_at : NULL, "now", at));
}

static int read_coord(req *r, json_t *o, const char *key, double min, double max, double *out) {
  json_t *v = json_object_get(o, key);
  *out = NAN;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_number(v) || json_number_value(v) < min || json_number_value(v) > max) { http_error(r, ERR_INVALID, key, "坐标不合法"); return -1; }
  *out = json_number_value(v);
  return 0;
}

/* A request_id as the phone makes it: 8-4-4-4-12 hex digits. */
static int uuid_ok(const char *u) {
  for (int i = 0; i < 36; i++) {
    char c = u[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) { if (c != '-') return 0; }
    else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return 0;
  }
  return u[36] == 0;
}

/* carried: the item codes whose answer was carried over from the last visit (沿用上次). Each must be a question of the
 * template answered in this sheet with exactly the last visit's answer, so the record says truly which answers were not
 * asked again. Returns the canonical JSON array text (owned by r), NULL when none; "" after answering 400. */
static const char *check_carried(req *r, const shops_tpl *t, json_t *answers, json_t *carried, json_t *last) {
  if (!carried || json_is_null(carried)) return NULL;
  if (!json_is_array(carried) || json_array_size(carried) > 500) { http_error(r, ERR_INVALID, "carried", "沿用上次的条目应为条目编码的数组"); return ""; }
  if (!json_array_size(carried)) return NULL;
  json_t *out = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(carried, i, c) {
    const char *code = json_string_value(c);
    const shops_item *it = code ? shops_tpl_item(t, code, NULL) : NULL;
    if (!it || !shops_item_is_question(it)) { json_decref(out); http_error(r, ERR_INVALID, "carried", "沿用上次的第%zu项不是本模板的问题", i + 1); return ""; }
    json_t *now = json_object_get(answers, code), *was = last ? json_object_get(last, code) : NULL;
    if (!was) { json_decref(out); http_error(r, ERR_INVALID, "carried", "「%s」上次没有答案，不能沿用上次", it->name); return ""; }
    if (!now || !json_equal(now, was)) { json_decref(out); http_error(r, ERR_INVALID, "carried", "「%s」的答案与上次不同，不能标为沿用上次", it->name); return ""; }
    size_t k;
    json_t *x;
    int dup = 0;
    json_array_foreach(out, k, x) dup |= !strcmp(json_string_value(x), code);
    if (!dup) json_array_append_new(out, json_string(code));
  }
  char *txt = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  return txt ? req_own(r, txt) : "";
}

/* POST /shops/:id/assessments {answers, carried?, lng, lat, month?, captured_at?, request_id?} — a visit; a repeated
 * request_id answers 200 with the visit stored the first time (201 when new). */
static void h_assess(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  static const char *const allowed[] = {"answers", "carried", "lng", "lat", "month", "captured_at", "template_id", "request_id", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *month = NULL, *captured = NULL, *rid = NULL;
  double lng, lat;
  int64_t tid_in = 0;
  if (jv_str(r, o, "month", "月份", JV_OPTIONAL, 7, 7, &month) < 0 || jv_str(r, o, "captured_at", "采集时间", JV_OPTIONAL, 19, 19, &captured) < 0 ||
      read_coord(r, o, "lng", 73, 136, &lng) || read_coord(r, o, "lat", 3, 54, &lat) ||
      jv_int(r, o, "template_id", "模板", JV_OPTIONAL, 1, INT64_MAX, &tid_in) < 0 ||
      jv_str(r, o, "request_id", "请求编号", JV_OPTIONAL, 36, 36, &rid) < 0)
    return;
  if (rid && !uuid_ok(rid)) { http_error(r, ERR_INVALID, "request_id", "请求编号应为 UUID（如 0f8e2b7c-3a41-4d2e-9b1a-6c5d4e3f2a10）"); return; }
  if (month && shops_month_index(month) < 0) { http_error(r, ERR_INVALID, "month", "月份应为 YYYY-MM"); return; }
  if (captured && !util_datetime_valid(captured)) { http_error(r, ERR_INVALID, "captured_at", "采集时间应为有效的 YYYY-MM-DD HH:MM:SS"); return; }
  int64_t tid = shops_current_template();
  /* A draft kept on the phone may have been started on an older version; it is scored with the current one. */
  (void)tid_in;
  const shops_tpl *t = tid ? shops_template_get(tid, NULL) : NULL;
  if (!t) { http_error(r, ERR_INTERNAL, NULL, "没有已发布的检测模板"); return; }
  json_t *answers = json_object_get(o, "answers");
  if (!answers) { http_error(r, ERR_MISSING, "answers", "缺少答案"); return; }
  if (check_answers(r, t, answers, 0)) return;
  char m[8], at[20];
  pick_month(month, m);
  org_now(at);
  /* The time the phone captured the answers (offline drafts) is kept when it is in the past day; else the server's. */
  if (captured && strcmp(captured, at) <= 0) {
    time_t now = util_now() - 86400;
    char lim[20];
    util_time_str(now, lim);
    if (strcmp(captured, lim) >= 0) snprintf(at, sizeof at, "%s", captured);
  }
  if (shops_tx_begin(r)) return;
  /* The phone resends a sheet whose answer it never got: the same request_id finds the visit already stored, answered
   * as it was and not stored twice. Looked up inside the write transaction, so two resends racing cannot both insert. */
  if (rid) {
    int64_t had = shops_store_assessment_by_request(id, rid);
    if (had < 0) { shops_tx_fail(r); return; }
    if (had) {
      db_rollback();
      json_t *stored = shops_store_assessment_json(had);
      if (!stored) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      http_json(r, 200, stored);
      return;
    }
  }
  /* carried-over answers are checked against the last visit as stored now, inside the transaction */
  json_t *last = shops_store_last_visit(id, NULL);
  const char *carried = check_carried(r, t, answers, json_object_get(o, "carried"), last);
  json_decref(last);
  if (carried && !*carried) { db_rollback(); return; }
  int64_t aid = shops_assess_store_keyed(id, tid, "走访", m, answers, lng, lat, org_caller(r)->id, at, rid, carried);
  json_t *after = aid ? shops_store_assessment_json(aid) : NULL;
  if (!after || org_audit(r, "shops.assessment.create", "shop_assessment", aid, "走访检测", NULL, json_object_get(after, "result"))) { json_decref(after); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_history(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  json_t *items = shops_store_history(id);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_one(req *r) {
  int64_t id = http_param_id(r, 0), aid = http_param_id(r, 1);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  json_t *o = aid ? shops_store_assessment_json(aid) : NULL;
  if (!o || json_integer_value(json_object_get(o, "shop_id")) != id) { json_decref(o); http_error(r, ERR_NOT_FOUND, NULL, "检测记录不存在"); return; }
  http_json(r, 200, o);
}

/* GET /shops/:id/summary — the latest result, the trend, and the averages of the shop's unit and of the county. */
static void h_summary(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  int64_t last, unit;
  if (shops_store_shop_last(id, &last, &unit)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *latest = last ? shops_store_assessment_json(last) : NULL, *trend = shops_store_trend(id);
  /* averages of each dimension over the latest results of the unit's and the county's active shops */
  json_t *u = shops_store_dim_averages(unit), *c = shops_store_dim_averages(0);
  json_t *avg = json_pack("{s:o,s:o}", "unit", u ? u : json_object(), "county", c ? c : json_object());
  http_json(r, 200, json_pack("{s:o,s:o,s:o}", "latest", latest ? latest : json_null(), "trend", trend ? trend : json_array(), "averages", avg));
}

/* ---- self-check (自测) ---- */
static ratelimit *self_rl;
static unsigned self_limit(void) {
  const char *v = getenv("BUREAU_SELFCHECK_LIMIT");
  int n = v ? atoi(v) : 0;
  return n > 0 ? (unsigned)n : 5;
}

static void h_link(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  int rotate = imp_flag(r, "rotate");
  char tok[64];
  if (shops_store_selfcheck_token(id, tok, sizeof tok)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!tok[0] || rotate) {
    util_random_token(tok, sizeof tok, 18);
    if (shops_tx_begin(r)) return;
    if (shops_store_set_selfcheck_token(id, tok) || org_audit(r, "shops.shop.selftest_link", "shop", id, "生成自测链接", NULL, NULL)) { shops_tx_fail(r); return; }
    if (shops_tx_commit(r)) return;
  }
  http_json(r, 200, json_pack("{s:s,s:s}", "token", tok, "path", req_printf(r, "/selfcheck/%s", tok)));
}

/* The questionnaire part only: metric items are left out (the owner cannot change data), and nothing else of the shop is shown. */
static json_t *questions_only(const shops_tpl *t) {
  json_t *j = shops_tpl_json(t), *dims = json_object_get(j, "dimensions");
  size_t d;
  json_t *dm;
  json_array_foreach(dims, d, dm) {
    json_t *items = json_object_get(dm, "items");
    for (size_t i = json_array_size(items); i-- > 0;)
      if (!strcmp(json_string_value(json_object_get(json_array_get(items, i), "kind")), "metric")) json_array_remove(items, i);
  }
  return j;
}

static void h_self_get(req *r) {
  char name[200];
  int64_t id = shops_selfcheck_shop(http_param(r, 0), name, sizeof name);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "自测链接无效或已失效"); return; }
  int64_t tid = shops_current_template();
  const shops_tpl *t = tid ? shops_template_get(tid, NULL) : NULL;
  if (!t) { http_error(r, ERR_INTERNAL, NULL, "没有已发布的检测模板"); return; }
  http_json(r, 200, json_pack("{s:s,s:o}", "shop_name", name, "template", questions_only(t)));
}

static void h_self_post(req *r) {
  if (!org_origin_ok(r)) { http_error(r, ERR_CSRF, NULL, "请求来源不正确"); return; }
  const char *tok = http_param(r, 0);
  char name[200];
  /* Only a valid link is counted (random tokens never enter the limiter's table), per shop and source. */
  int64_t id = shops_selfcheck_shop(tok, name, sizeof name);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "自测链接无效或已失效"); return; }
  char key[96];
  snprintf(key, sizeof key, "%lld|%s", (long long)id, r->ip);
  unsigned wait = rl_hit(self_rl, key, util_now());
  if (wait) {
    char w[16];
    snprintf(w, sizeof w, "%u", wait);
    http_add_header(r, "Retry-After", w);
    http_error(r, ERR_RATE_LIMITED, NULL, "提交过于频繁，请 %u 秒后再试", wait);
    return;
  }
  static const char *const allowed[] = {"answers", "request_id", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *rid = NULL;
  if (jv_str(r, o, "request_id", "请求编号", JV_OPTIONAL, 36, 36, &rid) < 0) return;
  if (rid && !uuid_ok(rid)) { http_error(r, ERR_INVALID, "request_id", "请求编号应为 UUID（如 0f8e2b7c-3a41-4d2e-9b1a-6c5d4e3f2a10）"); return; }
  int64_t tid = shops_current_template();
  const shops_tpl *t = tid ? shops_template_get(tid, NULL) : NULL;
  if (!t) { http_error(r, ERR_INTERNAL, NULL, "没有已发布的检测模板"); return; }
  json_t *answers = json_object_get(o, "answers");
  if (!answers) { http_error(r, ERR_MISSING, "answers", "缺少答案"); return; }
  if (check_answers(r, t, answers, 1)) return;
  char m[8], at[20];
  pick_month(NULL, m);
  org_now(at);
  if (shops_tx_begin(r)) return;
  /* The owner's page resends a sheet whose answer it lost with the same request_id: answered with the self-check stored
   * the first time, never stored twice (looked up inside the write transaction, as for visits). */
  int64_t had = rid ? shops_store_assessment_by_request(id, rid) : 0;
  if (had < 0) { shops_tx_fail(r); return; }
  if (had) {
    db_rollback();
    json_t *stored = shops_store_assessment_json(had);
    if (!stored) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_t *sres = json_incref(json_object_get(stored, "result"));
    json_decref(stored);
    http_json(r, 200, json_pack("{s:s,s:o}", "shop_name", name, "result", sres));
    return;
  }
  int64_t aid = shops_assess_store_keyed(id, tid, "自测", m, answers, NAN, NAN, 0, at, rid, NULL);
  json_t *after = aid ? shops_store_assessment_json(aid) : NULL;
  if (!after || org_audit(r, "shops.assessment.selftest", "shop_assessment", aid, "零售户自测", NULL, NULL)) { json_decref(after); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(after); return; }
  /* the owner sees his own result, not the record's ids */
  json_t *res = json_incref(json_object_get(after, "result"));
  json_decref(after);
  http_json(r, 201, json_pack("{s:s,s:o}", "shop_name", name, "result", res));
}

/* ---- batch ---- */
#define CHUNK 500

json_t *shops_batch_run(const char *month_in, void (*progress)(void *, int64_t, int64_t), void *ctx, char *err, size_t errlen) {
  char month[8], at[20];
  pick_month(month_in, month);
  int64_t tid = shops_current_template();
  if (!tid || !shops_template_get(tid, NULL)) { snprintf(err, errlen, "没有已发布的检测模板"); return NULL; }
  int64_t total = shops_store_active_count();
  /* resume an unfinished run of the same month and template */
  int64_t after, done;
  int64_t run = shops_store_run_open(month, tid, &after, &done);
  org_now(at);
  if (!run) {
    if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return NULL; }
    run = shops_store_run_insert(month, tid, total, at);
    if (!run) { db_rollback(); snprintf(err, errlen, "无法记录批次"); return NULL; }
    if (db_commit() != DB_OK) { snprintf(err, errlen, "无法记录批次"); return NULL; }
  }
  int resumed = after > 0;
  int64_t *ids = malloc(CHUNK * sizeof *ids);
  char **ans = calloc(CHUNK, sizeof *ans);
  if (!ids || !ans) { free(ids); free(ans); snprintf(err, errlen, "内存不足"); return NULL; }
  for (;;) {
    int n = shops_store_batch_chunk(after, CHUNK, ids, ans);
    if (n <= 0) break;
    if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); goto fail; }
    int bad = 0;
    for (int i = 0; i < n && !bad; i++) {
      json_t *a = ans[i] ? json_loads(ans[i], 0, NULL) : NULL;
      bad = !shops_assess_store(ids[i], tid, "批量", month, a, NAN, NAN, 0, at);
      json_decref(a);
    }
    if (bad || shops_store_run_advance(run, ids[n - 1], n) || db_commit() != DB_OK) {
      db_rollback();
      snprintf(err, errlen, "第 %" PRId64 " 户之后的批次写入失败，可重新运行以继续", after);
      goto fail;
    }
    for (int i = 0; i < n; i++) { free(ans[i]); ans[i] = NULL; }
    after = ids[n - 1];
    done += n;
    if (progress) progress(ctx, done, total);
  }
  free(ids);
  free(ans);
  org_now(at);
  shops_store_run_finish(run, at);
  return json_pack("{s:I,s:s,s:I,s:b}", "run_id", (json_int_t)run, "month", month, "shops", (json_int_t)done, "resumed", resumed);
fail:
  for (int i = 0; i < CHUNK; i++) free(ans[i]);
  free(ids);
  free(ans);
  return NULL;
}

static void job_prog(void *ctx, int64_t done, int64_t total) { job_progress(ctx, done, total); }
static json_t *batch_job(job *j, void *arg) {
  char err[256] = "";
  json_t *res = shops_batch_run(arg, job_prog, j, err, sizeof err);
  if (!res) job_fail(j, err);
  return res;
}

static void h_batch(req *r) {
  static const char *const allowed[] = {"month", NULL};
  json_t *o = jv_object(r, allowed);
  const char *month = NULL;
  if (!o || jv_str(r, o, "month", "月份", JV_OPTIONAL, 0, 7, &month) < 0) return;
  if (month && *month && shops_month_index(month) < 0) { http_error(r, ERR_INVALID, "month", "月份应为 YYYY-MM"); return; }
  char *m = strdup(month ? month : "");
  int64_t id = m ? job_start("shop_assess_batch", org_caller(r)->id, batch_job, m, free) : 0;
  if (!id) { http_error(r, ERR_INTERNAL, NULL, "无法启动批量检测"); return; }
  http_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
}

static void cli_prog(void *ctx, int64_t done, int64_t total) {
  (void)ctx;
  fprintf(stderr, "\r已检测 %" PRId64 " / %" PRId64 " 户", done, total);
}

int shops_assess_cli(int argc, char **argv) {
  int all = 0;
  const char *month = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--all")) all = 1;
    else if (!strcmp(argv[i], "--month") && i + 1 < argc) month = argv[++i];
    else if (!strncmp(argv[i], "--month=", 8)) month = argv[i] + 8;
    else { fprintf(stderr, "不认识的参数: %s\n", argv[i]); return 2; }
  }
  if (!all) { fprintf(stderr, "用法: bureau assess --all [--db FILE] [--month YYYY-MM]\n"); return 2; }
  if (month && shops_month_index(month) < 0) { fprintf(stderr, "月份应为 YYYY-MM: %s\n", month); return 2; }
  char err[256] = "";
  long long t0 = http_now_us();
  json_t *res = shops_batch_run(month, isatty(2) ? cli_prog : NULL, NULL, err, sizeof err);
  if (!res) { fprintf(stderr, "\n批量检测失败: %s\n", err); return 1; }
  double secs = (double)(http_now_us() - t0) / 1e6;
  int64_t n = json_integer_value(json_object_get(res, "shops"));
  if (isatty(2)) fprintf(stderr, "\n");
  printf("批量检测完成：%s 月数据，%" PRId64 " 户，用时 %.2f 秒（%.0f 户/秒）%s\n", json_string_value(json_object_get(res, "month")), n, secs,
         secs > 0 ? (double)n / secs : 0.0, json_is_true(json_object_get(res, "resumed")) ? "，接续上次未完成的批次" : "");
  json_decref(res);
  return 0;
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/shops/:id/assess-form", "shops:assess:add", h_form, 0},
  {HTTP_POST, "/api/v1/shops/:id/assessments", "shops:assess:add", h_assess, 0},
  {HTTP_GET, "/api/v1/shops/:id/assessments", "shops:assess:list", h_history, 0},
  {HTTP_GET, "/api/v1/shops/:id/assessments/:aid", "shops:assess:list", h_one, 0},
  {HTTP_GET, "/api/v1/shops/:id/summary", "shops:assess:list", h_summary, 0},
  {HTTP_POST, "/api/v1/shops/:id/selfcheck-link", "shops:assess:add", h_link, 0},
  {HTTP_POST, "/api/v1/shops/assess/batch", "shops:assess:batch", h_batch, 0},
  {HTTP_GET, "/api/v1/selfcheck/:token", NULL, h_self_get, R_PUBLIC},
  {HTTP_POST, "/api/v1/selfcheck/:token", NULL, h_self_post, R_PUBLIC},
};
void shops_assess_routes(void) {
  if (!self_rl) self_rl = rl_new(self_limit(), 3600);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
}
