/* opinion.c — 舆情 events over HTTP: an event is registered with its source, level and the time it was first seen;
 * response steps are added with the time each was taken (not before first seen, not after today); closing it needs
 * the closure and a review (复盘), and a closed event takes no more steps. */
#include "risks/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sources[] = {"网络媒体", "微博", "微信", "抖音", "新闻媒体", "12345热线", "其他", NULL};
static const char *const levels[] = {"一般", "较大", "重大", NULL};
static const char *const statuses[] = {"处置中", "已关闭", NULL};

/* "YYYY-MM-DD HH:MM" on a real day not after today. 0 ok, -1 answered naming the field. */
static int moment(req *r, const char *v, const char *key, const char *label, const char *today) {
  int ok = strlen(v) == 16 && v[10] == ' ' && v[13] == ':';
  char day[11];
  if (ok) {
    memcpy(day, v, 10);
    day[10] = 0;
    int h = (v[11] - '0') * 10 + (v[12] - '0'), m = (v[14] - '0') * 10 + (v[15] - '0');
    ok = wd_parse(day) >= 0 && v[11] >= '0' && v[11] <= '9' && v[12] >= '0' && v[12] <= '9' && v[14] >= '0' && v[14] <= '9' && v[15] >= '0' &&
         v[15] <= '9' && h < 24 && m < 60;
  }
  if (!ok) { http_error(r, ERR_INVALID, key, "%s应为“YYYY-MM-DD HH:MM”格式的时间", label); return -1; }
  if (strcmp(day, today) > 0) { http_error(r, ERR_INVALID, key, "%s不能晚于今天", label); return -1; }
  return 0;
}

static int q_enum(req *r, const char *key, const char *const *allowed, const char *msg, const char **out) {
  const char *v = http_query(r, key);
  *out = v && *v ? v : NULL;
  for (size_t i = 0; *out && allowed[i]; i++)
    if (!strcmp(*out, allowed[i])) return 0;
  if (!*out) return 0;
  http_error(r, ERR_BAD_QUERY, key, "%s", msg);
  return -1;
}

static void h_list(req *r) {
  list_params lp;
  const char *status, *level;
  if (http_list_params(r, NULL, 0, 0, &lp) || q_enum(r, "status", statuses, "状态应为 处置中 或 已关闭", &status) ||
      q_enum(r, "level", levels, "等级应为 一般、较大、重大 之一", &level) || !org_caller_scope(r))
    return;
  int64_t total = 0;
  json_t *items = risks_store_opinions(r, status, level, lp.size, lp.offset, &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

static json_t *load(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  json_t *o = id ? risks_store_opinion_get(r, id) : NULL;
  if (!o) http_error(r, ERR_NOT_FOUND, NULL, "舆情事件不存在或不在您的数据范围内");
  return o;
}

static void h_get(req *r) {
  json_t *o = load(r, http_param_id(r, 0));
  if (o) http_json(r, 200, o);
}

static void h_create(req *r) {
  static const char *const allowed[] = {"unit_id", "title", "source", "level", "first_seen", "summary", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_opinion_row w = {0};
  if (jv_int(r, o, "unit_id", "责任单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 || jv_str(r, o, "title", "舆情标题", JV_REQUIRED, 1, 200, &w.title) < 0 ||
      jv_enum(r, o, "source", "信息来源", JV_REQUIRED, sources, &w.source) < 0 || jv_enum(r, o, "level", "舆情等级", JV_REQUIRED, levels, &w.level) < 0 ||
      jv_str(r, o, "first_seen", "首次发现时间", JV_REQUIRED, 16, 16, &w.first_seen) < 0 || jv_str(r, o, "summary", "舆情概要", JV_OPTIONAL, 0, 4000, &w.summary) < 0)
    return;
  char today[11], at[20];
  risks_today(today);
  if (moment(r, w.first_seen, "first_seen", "首次发现时间", today)) return;
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "责任单位不存在或不在您的数据范围内"); return; }
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_opinion_insert(&w);
  json_t *after = id ? risks_store_opinion_get(r, id) : NULL;
  if (!after || org_audit(r, "risks.opinion.create", "risk_opinion", id, w.title, NULL, after)) { json_decref(after); risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* A step {at, action} or the closure {closed_at, closure, review}; both only while 处置中, both not before first seen
 * (a closure not before the last step either). */
static void act(req *r, int close) {
  static const char *const a_step[] = {"at", "action", NULL}, *const a_close[] = {"closed_at", "closure", "review", NULL};
  json_t *o = jv_object(r, close ? a_close : a_step);
  if (!o) return;
  const char *when = NULL, *text = NULL, *review = NULL;
  if (close ? (jv_str(r, o, "closed_at", "关闭时间", JV_REQUIRED, 16, 16, &when) < 0 || jv_str(r, o, "closure", "处置结果", JV_REQUIRED, 1, 2000, &text) < 0 ||
               jv_str(r, o, "review", "复盘总结", JV_REQUIRED, 1, 4000, &review) < 0)
            : (jv_str(r, o, "at", "处置时间", JV_REQUIRED, 16, 16, &when) < 0 || jv_str(r, o, "action", "处置措施", JV_REQUIRED, 1, 1000, &text) < 0))
    return;
  char today[11], at[20];
  risks_today(today);
  if (moment(r, when, close ? "closed_at" : "at", close ? "关闭时间" : "处置时间", today)) return;
  int64_t id = http_param_id(r, 0);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load(r, id);
  if (!before) { db_rollback(); return; }
  const char *err = NULL, *field = close ? "closed_at" : "at";
  char msg[200];
  json_t *steps = json_object_get(before, "steps");
  const char *last = json_string_value(json_object_get(json_array_get(steps, json_array_size(steps) - 1), "at"));
  if (strcmp(json_string_value(json_object_get(before, "status")), "处置中")) err = "舆情已关闭，不能再登记";
  else if (strcmp(when, json_string_value(json_object_get(before, "first_seen"))) < 0)
    snprintf(msg, sizeof msg, "%s不能早于首次发现时间 %s", close ? "关闭时间" : "处置时间", json_string_value(json_object_get(before, "first_seen"))), err = msg;
  else if (close && last && strcmp(when, last) < 0) snprintf(msg, sizeof msg, "关闭时间不能早于最后一步处置的时间 %s", last), err = msg;
  else if (close && !json_array_size(steps)) err = "尚未登记任何处置步骤，不能关闭", field = NULL;
  if (err) {
    db_rollback();
    int state = !strcmp(err, "舆情已关闭，不能再登记");
    if (state) http_error(r, ERR_BAD_STATE, NULL, "%s", err);
    else http_error(r, field ? ERR_INVALID : ERR_BAD_STATE, field, "%s", err);
    json_decref(before);
    return;
  }
  int fail = close ? risks_store_opinion_close(id, when, text, review) : risks_store_opinion_step(id, when, text, org_caller(r)->id, at);
  char sum[300];
  snprintf(sum, sizeof sum, "%s %s：%.200s", close ? "关闭" : "处置", when, text);
  json_t *after = NULL;
  if (fail || !(after = risks_store_opinion_get(r, id)) || org_audit(r, close ? "risks.opinion.close" : "risks.opinion.step", "risk_opinion", id, sum, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}
static void h_step(req *r) { act(r, 0); }
static void h_close(req *r) { act(r, 1); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/opinions", "risks:opinion:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/opinions", "risks:opinion:edit", h_create, 0},
  {HTTP_GET, "/api/v1/risks/opinions/:id", "risks:opinion:list", h_get, 0},
  {HTTP_POST, "/api/v1/risks/opinions/:id/steps", "risks:opinion:edit", h_step, 0},
  {HTTP_POST, "/api/v1/risks/opinions/:id/close", "risks:opinion:edit", h_close, 0},
};

void risks_opinion_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
