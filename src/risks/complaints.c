/* complaints.c — complaints (12313, 信访, 来电, 网络) as work orders over HTTP: intake, dispatch to a unit in the
 * caller's scope with a time limit in working days, handling notes, reply, the caller's rating with the return visit,
 * overdue lights and 催办 through the message centre. Complaints about staff conduct are answered only to holders of
 * risks:complaint:conduct (内管/纪检), and reading one leaves an audit row. */
#include "risks/internal.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const channels[] = {"12313", "信访", "来电", "网络", NULL};
static const char *const statuses[] = {"待派发", "办理中", "已回复", "已办结", NULL};
static const char *const ratings[] = {"满意", "基本满意", "不满意", NULL};

static int conduct_ok(req *r) { return org_caller_can(r, "risks:complaint:conduct"); }

/* The due day: limit working days after the day received, on the bureau's calendar. 0 ok. */
static int due_of(const char *received, int limit, char out[11]) {
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  wd_format(wd_add(&cal, wd_parse(received), limit), out);
  free(cal.days);
  return 0;
}

/* A page of the list that shows staff-conduct complaints (their caller, phone and content) is a read of restricted
 * records like opening one: one chained audit row naming the ones shown. 0 ok (or none shown), -1 error. */
static int audit_conduct_page(req *r, const char *buf, size_t len) {
  json_t *page = json_loadb(buf, len, 0, NULL);
  if (!page) return -1;
  json_t *items = json_object_get(page, "items");
  char ids[400] = "";
  size_t n = 0, used = 0;
  for (size_t i = 0; i < json_array_size(items); i++) {
    json_t *it = json_array_get(items, i);
    if (!json_is_true(json_object_get(it, "conduct"))) continue;
    if (used + 24 < sizeof ids) used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lld", n ? "," : "", (long long)json_integer_value(json_object_get(it, "id")));
    n++;
  }
  json_decref(page);
  return n ? org_audit_read(r, "risk_complaint", 0, req_printf(r, "在投诉列表中查阅涉及工作人员作风的投诉 %zu 条（编号 %s）", n, ids)) : 0;
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *status = http_query(r, "status"), *channel = http_query(r, "channel"), *od = http_query(r, "overdue");
  if (status && !*status) status = NULL;
  if (channel && !*channel) channel = NULL;
  int ok = 1;
  for (size_t i = 0; status && statuses[i]; i++) ok = ok && strcmp(status, statuses[i]);
  if (status && ok) { http_error(r, ERR_BAD_QUERY, "status", "状态应为 待派发、办理中、已回复、已办结 之一"); return; }
  ok = 1;
  for (size_t i = 0; channel && channels[i]; i++) ok = ok && strcmp(channel, channels[i]);
  if (channel && ok) { http_error(r, ERR_BAD_QUERY, "channel", "渠道应为 12313、信访、来电、网络 之一"); return; }
  if (od && *od && strcmp(od, "0") && strcmp(od, "1")) { http_error(r, ERR_BAD_QUERY, "overdue", "overdue 应为 0 或 1"); return; }
  if (!org_caller_scope(r)) return;
  char today[11];
  risks_today(today);
  size_t len = 0;
  int conduct = conduct_ok(r);
  char *buf = risks_store_complaint_page(r, conduct, today, status, channel, od && !strcmp(od, "1"), lp.size, lp.offset, &len);
  if (!buf) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (conduct && audit_conduct_page(r, buf, len)) { free(buf); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", buf, len);
}

static json_t *load(req *r, int64_t id, const char *today) {
  if (!org_caller_scope(r)) return NULL;
  json_t *c = risks_store_complaint_get(r, id, conduct_ok(r), today);
  if (!c) http_error(r, ERR_NOT_FOUND, NULL, "投诉不存在或不在您的数据范围内");
  return c;
}

static void h_get(req *r) {
  char today[11];
  risks_today(today);
  int64_t id = http_param_id(r, 0);
  json_t *c = load(r, id, today);
  if (!c) return;
  json_t *ev = risks_store_complaint_events(id);
  if (!ev) { json_decref(c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(c, "events", ev);
  if (json_is_true(json_object_get(c, "conduct")) && org_audit_read(r, "risk_complaint", id, "查阅涉及工作人员作风的投诉")) {
    json_decref(c);
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  http_json(r, 200, c);
}

static void h_create(req *r) {
  static const char *const allowed[] = {"channel", "category", "conduct", "caller", "phone", "subject", "content", "received_on", "unit_id", "limit_days", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_complaint_row w = {0};
  int64_t limit = 5;
  if (jv_enum(r, o, "channel", "渠道", JV_REQUIRED, channels, &w.channel) < 0 || jv_str(r, o, "category", "投诉类别", JV_REQUIRED, 1, 30, &w.category) < 0 ||
      jv_bool(r, o, "conduct", "涉及工作人员作风", JV_OPTIONAL, &w.conduct) < 0 || jv_str(r, o, "caller", "来电人", JV_OPTIONAL, 0, 50, &w.caller) < 0 ||
      jv_str(r, o, "phone", "联系电话", JV_OPTIONAL, 0, 30, &w.phone) < 0 || jv_str(r, o, "subject", "投诉事项", JV_REQUIRED, 1, 200, &w.subject) < 0 ||
      jv_str(r, o, "content", "投诉内容", JV_OPTIONAL, 0, 4000, &w.content) < 0 || jv_str(r, o, "received_on", "受理日期", JV_OPTIONAL, 10, 10, &w.received_on) < 0 ||
      jv_int(r, o, "unit_id", "承办单位", JV_OPTIONAL, 1, INT64_MAX, &w.unit) < 0 || jv_int(r, o, "limit_days", "办理时限", JV_OPTIONAL, 1, 60, &limit) < 0)
    return;
  char today[11], at[20], due[11];
  risks_today(today);
  if (!w.received_on) w.received_on = today;
  if (wd_parse(w.received_on) < 0 || strcmp(w.received_on, today) > 0) { http_error(r, ERR_INVALID, "received_on", "受理日期应为不晚于今天的日期"); return; }
  if (w.conduct && !conduct_ok(r)) { http_error(r, ERR_FORBIDDEN, "conduct", "涉及工作人员作风的投诉只能由内管或纪检受理"); return; }
  if (w.unit && !risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "承办单位不存在或不在您的数据范围内"); return; }
  w.limit_days = (int)limit;
  if (due_of(w.received_on, w.limit_days, due)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  w.due = w.unit ? due : NULL;
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_complaint_insert(&w);
  json_t *after = NULL;
  if (!id || risks_store_complaint_event(id, "受理", w.subject, w.created_by, at) || (w.unit && risks_store_complaint_event(id, "派发", "", w.created_by, at)) ||
      !(after = risks_store_complaint_get(r, id, 1, today)) || org_audit(r, "risks.complaint.create", "risk_complaint", id, w.subject, NULL, after)) {
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* The actions on one complaint: dispatch, note, reply, rate, urge. Each checks the state inside the transaction. */
enum { A_DISPATCH, A_NOTE, A_REPLY, A_RATE, A_URGE };
static void act(req *r, int a) {
  static const char *const allowed[][4] = {{"unit_id", "limit_days", NULL}, {"note", NULL}, {"reply", NULL}, {"rating", "return_visit", NULL}, {"note", NULL}};
  json_t *o = jv_object(r, allowed[a]);
  if (!o) return;
  int64_t unit = 0, limit = 5;
  const char *text = NULL, *visit = NULL;
  if ((a == A_DISPATCH && (jv_int(r, o, "unit_id", "承办单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 || jv_int(r, o, "limit_days", "办理时限", JV_OPTIONAL, 1, 60, &limit) < 0)) ||
      (a == A_NOTE && jv_str(r, o, "note", "办理情况", JV_REQUIRED, 1, 2000, &text) < 0) || (a == A_REPLY && jv_str(r, o, "reply", "答复内容", JV_REQUIRED, 1, 4000, &text) < 0) ||
      (a == A_RATE && (jv_enum(r, o, "rating", "满意度", JV_REQUIRED, ratings, &text) < 0 || jv_str(r, o, "return_visit", "回访记录", JV_REQUIRED, 1, 2000, &visit) < 0)) ||
      (a == A_URGE && jv_str(r, o, "note", "催办内容", JV_OPTIONAL, 0, 500, &text) < 0))
    return;
  if (a == A_DISPATCH && !risks_unit_in_scope(r, unit)) { http_error(r, ERR_INVALID, "unit_id", "承办单位不存在或不在您的数据范围内"); return; }
  int64_t id = http_param_id(r, 0);
  char today[11], at[20], due[11];
  risks_today(today);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load(r, id, today);
  if (!before) { db_rollback(); return; }
  const char *st = json_string_value(json_object_get(before, "status"));
  static const char *const need[] = {"待派发|办理中", "办理中", "办理中", "已回复", "办理中"};
  if (!strstr(need[a], st)) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "投诉当前为“%s”，不能%s", st, (const char *[]){"派发", "登记办理情况", "答复", "评价", "催办"}[a]);
    json_decref(before); /* st lives in it */
    return;
  }
  int64_t me = org_caller(r)->id;
  int fail = 0;
  static const char *const kinds[] = {"派发", "办理", "回复", "回访", "催办"};
  static const char *const codes[] = {"risks.complaint.dispatch", "risks.complaint.note", "risks.complaint.reply", "risks.complaint.rate", "risks.complaint.urge"};
  char note[600];
  snprintf(note, sizeof note, "%s", text ? text : "");
  if (a == A_DISPATCH) {
    fail = due_of(json_string_value(json_object_get(before, "received_on")), (int)limit, due) ||
           risks_store_complaint_dispatch(id, unit, (int)limit, due, at);
    snprintf(note, sizeof note, "时限 %d 个工作日，%s 前办结", (int)limit, due);
  } else if (a == A_REPLY) fail = risks_store_complaint_reply(id, text, today, at);
  else if (a == A_RATE) {
    fail = risks_store_complaint_rate(id, text, visit, today, at);
    snprintf(note, sizeof note, "%s：%s", text, visit);
  } else if (a == A_URGE) {
    int64_t head = org_unit_head(json_integer_value(json_object_get(before, "unit_id")));
    char title[300], body[700], key[64];
    snprintf(title, sizeof title, "催办投诉：%.200s", json_string_value(json_object_get(before, "subject")));
    snprintf(body, sizeof body, "办理期限 %s。%s", json_string_value(json_object_get(before, "due")), text ? text : "");
    snprintf(key, sizeof key, "risks.complaint.urge:%lld:%s", (long long)id, at);
    int added = 0;
    fail = head < 0 || (head > 0 && tasks_notice(head, title, body, key, at, &added)) || risks_store_complaint_urge(id, at);
  }
  json_t *after = NULL;
  if (fail || risks_store_complaint_event(id, kinds[a], note, me, at) || !(after = risks_store_complaint_get(r, id, 1, today)) ||
      org_audit(r, codes[a], "risk_complaint", id, note, before, after)) {
    json_decref(before);
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}
static void h_dispatch(req *r) { act(r, A_DISPATCH); }
static void h_note(req *r) { act(r, A_NOTE); }
static void h_reply(req *r) { act(r, A_REPLY); }
static void h_rate(req *r) { act(r, A_RATE); }
static void h_urge(req *r) { act(r, A_URGE); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/complaints", "risks:complaint:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/complaints", "risks:complaint:add", h_create, 0},
  {HTTP_GET, "/api/v1/risks/complaints/:id", "risks:complaint:list", h_get, 0},
  {HTTP_POST, "/api/v1/risks/complaints/:id/dispatch", "risks:complaint:add", h_dispatch, 0},
  {HTTP_POST, "/api/v1/risks/complaints/:id/note", "risks:complaint:handle", h_note, 0},
  {HTTP_POST, "/api/v1/risks/complaints/:id/reply", "risks:complaint:handle", h_reply, 0},
  {HTTP_POST, "/api/v1/risks/complaints/:id/rate", "risks:complaint:add", h_rate, 0},
  {HTTP_POST, "/api/v1/risks/complaints/:id/urge", "risks:complaint:add", h_urge, 0},
};

void risks_complaints_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
