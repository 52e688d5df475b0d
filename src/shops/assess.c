/* assess.c — 数字化经营能力检测 in use: the visit form and its submission (answers, GPS, time), results and their
 * history, the per-shop summary (radar, weakest items, trend, unit and county averages), the self-check link (自测,
 * no account, rate-limited), and the batch that rescores every active shop from its data (CLI and background job). */
#include "shops/internal.h"
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
  memset(d, 0, sizeof *d);
  int months = 1;
  for (size_t k = 0; k < t->ndims; k++)
    for (size_t i = 0; i < t->dims[k].nitems; i++)
      if (t->dims[k].items[i].kind == SI_METRIC && t->dims[k].items[i].months > months) months = t->dims[k].items[i].months;
  char first[8];
  shops_month_str(shops_month_index(month) - months + 1, first);
  db_stmt *s = db_prepare("SELECT d.month, j.key, j.value FROM shop_data d, json_each(d.vals) j WHERE d.month IN (SELECT month FROM shop_data_months WHERE month BETWEEN ?2 AND ?3) AND d.shop_id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, first);
  db_bind_text(s, 3, month);
  size_t cap = 0;
  shops_datum *v = NULL;
  while (db_step(s) == DB_ROW) {
    if (d->n == cap) {
      cap = cap ? cap * 2 : 32;
      shops_datum *nv = realloc(v, cap * sizeof *nv);
      if (!nv) { db_reset(s); free(v); return -1; }
      v = nv;
    }
    snprintf(v[d->n].month, 8, "%s", db_col_text(s, 0));
    v[d->n].metric = strdup(db_col_text(s, 1));
    v[d->n].value = db_col_double(s, 2);
    d->n++;
  }
  d->v = v;
  return 0;
}

void shops_data_free(shops_data *d) {
  for (size_t i = 0; i < d->n; i++) free((char *)d->v[i].metric);
  free((void *)d->v);
  memset(d, 0, sizeof *d);
}

int64_t shops_assess_store(int64_t shop_id, int64_t template_id, const char *kind, const char *month, json_t *answers, double lng, double lat,
                           int64_t user_id, const char *at) {
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
  db_stmt *s = db_prepare("INSERT INTO shop_assessments(shop_id, template_id, kind, month, answers, result, total, level, coverage, lng, lat, assessed_by, assessed_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int64_t id = 0;
  if (s && rtxt && atxt) {
    db_bind_int(s, 1, shop_id);
    db_bind_int(s, 2, template_id);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, month);
    db_bind_text(s, 5, atxt);
    db_bind_text(s, 6, rtxt);
    if (res.has_total) db_bind_double(s, 7, res.total); else db_bind_null(s, 7);
    db_bind_text(s, 8, res.level);
    db_bind_double(s, 9, round(res.coverage * 1000) / 10);
    if (!isnan(lng)) db_bind_double(s, 10, lng); else db_bind_null(s, 10);
    if (!isnan(lat)) db_bind_double(s, 11, lat); else db_bind_null(s, 11);
    if (user_id) db_bind_int(s, 12, user_id); else db_bind_null(s, 12);
    db_bind_text(s, 13, at);
    if (db_step(s) == DB_DONE) id = db_last_id();
  }
  free(rtxt);
  free(atxt);
  /* The shop's current level comes from visits and the batch; an owner's self-check does not change it. */
  if (id && strcmp(kind, "自测")) {
    s = db_prepare("UPDATE shops SET score = ?, level = ?, assessed_at = ?, last_assessment_id = ? WHERE id = ? AND (assessed_at IS NULL OR assessed_at <= ?)");
    if (!s) { shops_result_free(&res); return 0; }
    if (res.has_total) db_bind_double(s, 1, res.total); else db_bind_null(s, 1);
    db_bind_text(s, 2, res.level);
    db_bind_text(s, 3, at);
    db_bind_int(s, 4, id);
    db_bind_int(s, 5, shop_id);
    db_bind_text(s, 6, at);
    if (db_step(s) != DB_DONE) id = 0;
  }
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

static json_t *assessment_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT a.id, a.shop_id, a.template_id, t.version AS template_version, a.kind, a.month, a.answers AS j_answers, a.result AS j_result,"
                          " a.total, a.level, a.coverage, a.lng, a.lat, a.assessed_by, u.name AS assessed_by_name, a.assessed_at"
                          " FROM shop_assessments a JOIN shop_templates t ON t.id = a.template_id LEFT JOIN users u ON u.id = a.assessed_by WHERE a.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

/* GET /shops/:id/assess-form — the current template, the last visit's answers (to start from) and the metric items filled from data. */
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
  db_stmt *s = db_prepare("SELECT answers FROM shop_assessments WHERE shop_id = ? AND kind = '走访' ORDER BY assessed_at DESC, id DESC LIMIT 1");
  db_bind_int(s, 1, id);
  json_t *last = s && db_step(s) == DB_ROW ? json_loads(db_col_text(s, 0), 0, NULL) : NULL;
  db_reset(s);
  org_now(at);
  http_json(r, 200, json_pack("{s:I,s:i,s:o,s:s,s:o,s:o,s:s}", "template_id", (json_int_t)tid, "template_version", version, "template", shops_tpl_json(t),
                              "month", month, "metrics", metrics, "last_answers", last ? last : json_object(), "now", at));
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

/* POST /shops/:id/assessments {answers, lng, lat, month?, captured_at?, request_id?} — a visit; a repeated request_id
 * answers 200 with the visit stored the first time (201 when new). */
static void h_assess(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  static const char *const allowed[] = {"answers", "lng", "lat", "month", "captured_at", "template_id", "request_id", NULL};
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
    time_t now = time(NULL) - 86400;
    char lim[20];
    util_time_str(now, lim);
    if (strcmp(captured, lim) >= 0) snprintf(at, sizeof at, "%s", captured);
  }
  if (shops_tx_begin(r)) return;
  /* The phone resends a sheet whose answer it never got: the same request_id finds the visit already stored, answered
   * as it was and not stored twice. Looked up inside the write transaction, so two resends racing cannot both insert. */
  if (rid) {
    db_stmt *q = db_prepare("SELECT id FROM shop_assessments WHERE shop_id = ? AND request_id = ?");
    if (!q) { shops_tx_fail(r); return; }
    db_bind_int(q, 1, id);
    db_bind_text(q, 2, rid);
    int64_t had = db_step(q) == DB_ROW ? db_col_int(q, 0) : 0;
    db_reset(q);
    if (had) {
      db_rollback();
      json_t *stored = assessment_json(had);
      if (!stored) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      http_json(r, 200, stored);
      return;
    }
  }
  int64_t aid = shops_assess_store(id, tid, "走访", m, answers, lng, lat, org_caller(r)->id, at);
  if (aid && rid) {
    db_stmt *u = db_prepare("UPDATE shop_assessments SET request_id = ? WHERE id = ?");
    if (u) { db_bind_text(u, 1, rid); db_bind_int(u, 2, aid); }
    if (!u || db_step(u) != DB_DONE) aid = 0;
  }
  json_t *after = aid ? assessment_json(aid) : NULL;
  if (!after || org_audit(r, "create", "shop_assessment", aid, "走访检测", NULL, json_object_get(after, "result"))) { json_decref(after); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_history(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  db_stmt *s = db_prepare("SELECT a.id, a.kind, a.month, a.total, a.level, a.coverage, t.version AS template_version, u.name AS assessed_by_name, a.assessed_at,"
                          " a.lng, a.lat FROM shop_assessments a JOIN shop_templates t ON t.id = a.template_id LEFT JOIN users u ON u.id = a.assessed_by"
                          " WHERE a.shop_id = ? ORDER BY a.assessed_at DESC, a.id DESC LIMIT 200");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_int(s, 1, id);
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_one(req *r) {
  int64_t id = http_param_id(r, 0), aid = http_param_id(r, 1);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  json_t *o = aid ? assessment_json(aid) : NULL;
  if (!o || json_integer_value(json_object_get(o, "shop_id")) != id) { json_decref(o); http_error(r, ERR_NOT_FOUND, NULL, "检测记录不存在"); return; }
  http_json(r, 200, o);
}

/* GET /shops/:id/summary — the latest result, the trend, and the averages of the shop's unit and of the county. */
static void h_summary(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!shops_visible(r, id)) { http_error(r, ERR_NOT_FOUND, NULL, "零售户不存在"); return; }
  db_stmt *s = db_prepare("SELECT last_assessment_id, unit_id FROM shops WHERE id = ?");
  db_bind_int(s, 1, id);
  int64_t last = 0, unit = 0;
  if (s && db_step(s) == DB_ROW) { last = db_col_int(s, 0); unit = db_col_int(s, 1); }
  db_reset(s);
  json_t *latest = last ? assessment_json(last) : NULL;
  s = db_prepare("SELECT assessed_at, kind, total, level FROM shop_assessments WHERE shop_id = ? AND kind <> '自测' AND total IS NOT NULL ORDER BY assessed_at, id");
  db_bind_int(s, 1, id);
  json_t *trend = s ? dbj_rows(s) : json_array();
  /* Averages of each dimension over the latest results of the unit's and the county's active shops; a result without a
   * level (数据不足) stays out, as in the county picture. */
  json_t *avg = json_object();
  for (int pass = 0; pass < 2; pass++) {
    s = db_prepare("SELECT je.value ->> 'code', avg(je.value ->> 'score'), avg(a.total) FROM shops sh JOIN shop_assessments a ON a.id = sh.last_assessment_id,"
                   " json_each(a.result, '$.dims') je WHERE sh.status = '正常' AND a.level IS NOT NULL AND (?1 = 0 OR sh.unit_id = ?1) GROUP BY 1");
    if (!s) break;
    db_bind_int(s, 1, pass == 0 ? unit : 0);
    json_t *dims = json_object();
    double total = NAN;
    while (db_step(s) == DB_ROW) {
      if (!db_col_is_null(s, 1)) json_object_set_new(dims, db_col_text(s, 0), json_real(round(db_col_double(s, 1) * 10) / 10));
      total = round(db_col_double(s, 2) * 10) / 10;
    }
    json_object_set_new(avg, pass == 0 ? "unit" : "county", json_pack("{s:o,s:o}", "dims", dims, "total", isnan(total) ? json_null() : json_real(total)));
  }
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
  int rotate = shops_flag(r, "rotate");
  db_stmt *s = db_prepare("SELECT selfcheck_token FROM shops WHERE id = ?");
  db_bind_int(s, 1, id);
  char tok[64] = "";
  if (s && db_step(s) == DB_ROW) snprintf(tok, sizeof tok, "%s", db_col_text(s, 0));
  db_reset(s);
  if (!tok[0] || rotate) {
    util_random_token(tok, sizeof tok, 18);
    if (shops_tx_begin(r)) return;
    s = db_prepare("UPDATE shops SET selfcheck_token = ? WHERE id = ?");
    db_bind_text(s, 1, tok);
    db_bind_int(s, 2, id);
    if (!s || db_step(s) != DB_DONE || org_audit(r, "update", "shop", id, "生成自测链接", NULL, NULL)) { shops_tx_fail(r); return; }
    if (shops_tx_commit(r)) return;
  }
  http_json(r, 200, json_pack("{s:s,s:s}", "token", tok, "path", req_printf(r, "/selfcheck/%s", tok)));
}

static int64_t token_shop(req *r, const char *tok, char *name, size_t nlen) {
  if (!tok || strlen(tok) < 16 || strlen(tok) > 60) return 0;
  db_stmt *s = db_prepare("SELECT id, name FROM shops WHERE selfcheck_token = ? AND status = '正常'");
  db_bind_text(s, 1, tok);
  int64_t id = 0;
  if (s && db_step(s) == DB_ROW) { id = db_col_int(s, 0); snprintf(name, nlen, "%s", db_col_text(s, 1)); }
  db_reset(s);
  (void)r;
  return id;
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
  int64_t id = token_shop(r, http_param(r, 0), name, sizeof name);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "自测链接无效或已失效"); return; }
  int64_t tid = shops_current_template();
  const shops_tpl *t = tid ? shops_template_get(tid, NULL) : NULL;
  if (!t) { http_error(r, ERR_INTERNAL, NULL, "没有已发布的检测模板"); return; }
  http_json(r, 200, json_pack("{s:s,s:o}", "shop_name", name, "template", questions_only(t)));
}

static void h_self_post(req *r) {
  const char *tok = http_param(r, 0);
  char key[160];
  snprintf(key, sizeof key, "%.60s|%s", tok ? tok : "", r->ip);
  unsigned wait = rl_hit(self_rl, key, time(NULL));
  if (wait) {
    char w[16];
    snprintf(w, sizeof w, "%u", wait);
    http_add_header(r, "Retry-After", w);
    http_error(r, ERR_RATE_LIMITED, NULL, "提交过于频繁，请 %u 秒后再试", wait);
    return;
  }
  char name[200];
  int64_t id = token_shop(r, tok, name, sizeof name);
  if (!id) { http_error(r, ERR_NOT_FOUND, NULL, "自测链接无效或已失效"); return; }
  static const char *const allowed[] = {"answers", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
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
  int64_t aid = shops_assess_store(id, tid, "自测", m, answers, NAN, NAN, 0, at);
  json_t *after = aid ? assessment_json(aid) : NULL;
  if (!after || org_audit(r, "create", "shop_assessment", aid, "零售户自测", NULL, NULL)) { json_decref(after); shops_tx_fail(r); return; }
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
  db_stmt *s = db_prepare("SELECT count(*) FROM shops WHERE status = '正常'");
  int64_t total = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  /* resume an unfinished run of the same month and template */
  s = db_prepare("SELECT id, last_shop_id, done FROM shop_assess_runs WHERE status = 'running' AND month = ? AND template_id = ? ORDER BY id DESC LIMIT 1");
  db_bind_int(s, 2, tid);
  db_bind_text(s, 1, month);
  int64_t run = 0, after = 0, done = 0;
  if (s && db_step(s) == DB_ROW) { run = db_col_int(s, 0); after = db_col_int(s, 1); done = db_col_int(s, 2); }
  db_reset(s);
  org_now(at);
  if (!run) {
    if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return NULL; }
    s = db_prepare("INSERT INTO shop_assess_runs(month, template_id, total, started_at) VALUES(?,?,?,?)");
    db_bind_text(s, 1, month);
    db_bind_int(s, 2, tid);
    db_bind_int(s, 3, total);
    db_bind_text(s, 4, at);
    if (!s || db_step(s) != DB_DONE) { db_rollback(); snprintf(err, errlen, "无法记录批次"); return NULL; }
    run = db_last_id();
    if (db_commit() != DB_OK) { snprintf(err, errlen, "无法记录批次"); return NULL; }
  }
  int resumed = after > 0;
  int64_t *ids = malloc(CHUNK * sizeof *ids);
  char **ans = calloc(CHUNK, sizeof *ans);
  if (!ids || !ans) { free(ids); free(ans); snprintf(err, errlen, "内存不足"); return NULL; }
  for (;;) {
    /* the next chunk: active shops after the last committed one, each with its last visit's answers */
    s = db_prepare("SELECT s.id, (SELECT a.answers FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)"
                   " FROM shops s WHERE s.status = '正常' AND s.id > ? ORDER BY s.id LIMIT ?");
    if (!s) break;
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, CHUNK);
    int n = 0;
    while (n < CHUNK && db_step(s) == DB_ROW) {
      ids[n] = db_col_int(s, 0);
      ans[n] = db_col_is_null(s, 1) ? NULL : strdup(db_col_text(s, 1));
      n++;
    }
    db_reset(s);
    if (!n) break;
    if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); goto fail; }
    int bad = 0;
    for (int i = 0; i < n && !bad; i++) {
      json_t *a = ans[i] ? json_loads(ans[i], 0, NULL) : NULL;
      bad = !shops_assess_store(ids[i], tid, "批量", month, a, NAN, NAN, 0, at);
      json_decref(a);
    }
    s = db_prepare("UPDATE shop_assess_runs SET last_shop_id = ?, done = done + ? WHERE id = ?");
    db_bind_int(s, 1, ids[n - 1]);
    db_bind_int(s, 2, n);
    db_bind_int(s, 3, run);
    if (bad || !s || db_step(s) != DB_DONE || db_commit() != DB_OK) { db_rollback(); snprintf(err, errlen, "第 %" PRId64 " 户之后的批次写入失败，可重新运行以继续", after); goto fail; }
    for (int i = 0; i < n; i++) { free(ans[i]); ans[i] = NULL; }
    after = ids[n - 1];
    done += n;
    if (progress) progress(ctx, done, total);
  }
  free(ids);
  free(ans);
  s = db_prepare("UPDATE shop_assess_runs SET status = 'done', finished_at = ? WHERE id = ?");
  org_now(at);
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, run);
  if (s) db_step(s);
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
