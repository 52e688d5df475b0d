/* api_profile.c — a person's profile (个人档案): who he is, the vote results he stood in (民主测评 grades, 评优 votes),
 * his 年度考核 card inputs of a year, and his sanctions only for the permission's holders and himself (that read
 * audited). The holder of people:profile:view within his data scope, or the person himself; XLSX with ?format=xlsx. */
#include "people/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The person's line in each closed box he stood in. NULL on error. */
static json_t *votes_of(int64_t user) {
  json_t *boxes = people_store_person_boxes(user), *out = json_array();
  if (!boxes || !out) { json_decref(boxes); json_decref(out); return NULL; }
  size_t i;
  json_t *b;
  json_array_foreach(boxes, i, b) {
    char err[128];
    json_t *res = people_ballot_results(json_integer_value(json_object_get(b, "box_id")), err, sizeof err);
    if (!res) continue;
    json_int_t cid = json_integer_value(json_object_get(b, "candidate_id"));
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(res, "items"), k, it) {
      if (json_integer_value(json_object_get(it, "id")) != cid) continue;
      json_t *row = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "box_id", json_object_get(b, "box_id"), "title", json_object_get(b, "title"), "purpose",
                              json_object_get(b, "purpose"), "closed_at", json_object_get(b, "closed_at"), "score", json_object_get(it, "score"), "rank",
                              json_object_get(it, "rank"), "candidates", json_object_get(res, "total"));
      const char *kind = json_string_value(json_object_get(b, "kind"));
      if (!strcmp(kind, "grade")) json_object_set(row, "result", json_object_get(it, "grade"));
      else {
        json_t *e = json_object_get(it, "elected");
        json_object_set_new(row, "result", json_is_null(e) ? json_string("同分待定") : json_string(json_is_true(e) ? "当选" : "未当选"));
      }
      json_array_append_new(out, row);
    }
    json_decref(res);
  }
  json_decref(boxes);
  return out;
}

static const export_col cols[] = {{"项目", "section", 0}, {"内容", "item", 0}, {"结果", "result", 0}, {"说明", "note", 0}};

static void add_row(json_t *rows, const char *section, const char *item, const char *result, const char *note) {
  json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s}", "section", section, "item", item ? item : "", "result", result ? result : "", "note", note ? note : ""));
}

static void h_profile(req *r) {
  int64_t id = http_param_id(r, 0);
  org_user *me = org_caller(r);
  int self = id && id == me->id;
  if (!self) {
    int in = id && org_caller_can(r, "people:profile:view") ? people_store_person_in_scope(r, id) : 0;
    if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!in) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  }
  json_t *person = people_store_person_json(id);
  if (!person) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  const char *y = http_query(r, "year");
  char today[11];
  util_today(today);
  char *yend = NULL;
  long year = y && *y ? strtol(y, &yend, 10) : atoi(today) - 1;
  if ((yend && *yend) || year < 2000 || year > 2100) { json_decref(person); http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return; }
  json_t *votes = votes_of(id), *card = people_card_json((int)year, id, json_integer_value(json_object_get(person, "unit_id")));
  json_t *sanctions = NULL;
  int see_sanctions = self || org_caller_can(r, "people:sanction:list");
  if (see_sanctions) {
    int64_t total;
    sanctions = people_store_sanction_list(r, self && !org_caller_can(r, "people:sanction:list"), id, NULL, 0, 100, &total);
    if (sanctions && org_audit_read(r, "people_sanction", 0, req_printf(r, "在个人档案中查看 %s 的处分记录 %zu 条", json_string_value(json_object_get(person, "name")),
                                                                       json_array_size(sanctions)))) {
      json_decref(sanctions);
      sanctions = NULL;
    }
  }
  if (!votes || !card || (see_sanctions && !sanctions)) {
    json_decref(person); json_decref(votes); json_decref(card); json_decref(sanctions);
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  const char *fmt = http_query(r, "format");
  if (fmt && (!strcmp(fmt, "xlsx") || !strcmp(fmt, "csv"))) {
    json_t *rows = json_array();
    add_row(rows, "基本信息", "姓名", json_string_value(json_object_get(person, "name")), NULL);
    add_row(rows, "基本信息", "单位", json_string_value(json_object_get(person, "unit_name")), NULL);
    add_row(rows, "基本信息", "职务", json_string_value(json_object_get(person, "position")), NULL);
    size_t i;
    json_t *v;
    json_array_foreach(votes, i, v)
      add_row(rows, json_string_value(json_object_get(v, "purpose")), json_string_value(json_object_get(v, "title")),
              json_string_value(json_object_get(v, "result")), req_printf(r, "得分 %.2f，第 %lld 名", json_real_value(json_object_get(v, "score")),
                                                                         (long long)json_integer_value(json_object_get(v, "rank"))));
    json_array_foreach(json_object_get(card, "inputs"), i, v)
      add_row(rows, req_printf(r, "%ld年度考核指标", year), json_string_value(json_object_get(v, "label")),
              json_is_real(json_object_get(v, "score")) ? req_printf(r, "%.1f 分", json_real_value(json_object_get(v, "score"))) : "无数据",
              json_string_value(json_object_get(v, "text")));
    json_t *hon = people_store_honours_of(id), *apr = people_store_person_appraisals(id);
    json_array_foreach(apr, i, v)
      add_row(rows, "年度考核", json_string_value(json_object_get(v, "title")), json_string_value(json_object_get(v, "grade")),
              json_is_number(json_object_get(v, "total")) ? req_printf(r, "综合得分 %.2f", json_number_value(json_object_get(v, "total"))) : NULL);
    json_array_foreach(hon, i, v)
      add_row(rows, "荣誉", json_string_value(json_object_get(v, "title")), json_string_value(json_object_get(v, "awarded_on")),
              json_string_value(json_object_get(v, "document_no")));
    json_decref(hon);
    json_decref(apr);
    json_array_foreach(sanctions, i, v)
      add_row(rows, "纪律处分", json_string_value(json_object_get(v, "type")),
              req_printf(r, "%s 至 %s", json_string_value(json_object_get(v, "decided_on")), json_string_value(json_object_get(v, "ends_on"))),
              json_string_value(json_object_get(v, "reason")));
    json_t *tal = people_talent_profile(id, (int)year); /* 双聘 history, training hours, outputs and points */
    json_array_foreach(json_object_get(tal, "post_history"), i, v)
      add_row(rows, "岗位职级履历", json_string_value(json_object_get(v, "post_name")) ? json_string_value(json_object_get(v, "post_name")) : "—",
              json_string_value(json_object_get(v, "grade_name")),
              req_printf(r, "%s 至 %s", json_string_value(json_object_get(v, "started_on")),
                         json_string_value(json_object_get(v, "ended_on")) ? json_string_value(json_object_get(v, "ended_on")) : "今"));
    json_t *tr = json_object_get(tal, "training");
    if (tr)
      add_row(rows, req_printf(r, "%ld年培训学时", year), "学时", req_printf(r, "%.1f / 要求 %.1f", json_number_value(json_object_get(tr, "hours")),
                                                                        json_number_value(json_object_get(tr, "required"))),
              req_printf(r, "培训班 %lld 次，网络学院 %.1f 学时", (long long)json_integer_value(json_object_get(tr, "sessions")),
                         json_number_value(json_object_get(tr, "college_hours"))));
    json_array_foreach(json_object_get(tal, "outputs"), i, v)
      add_row(rows, "成果与积分", json_string_value(json_object_get(v, "title")), req_printf(r, "%lld 分", (long long)json_integer_value(json_object_get(v, "points"))),
              req_printf(r, "%s %s%s（%s）", json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "level")),
                         json_string_value(json_object_get(v, "award")), json_string_value(json_object_get(v, "achieved_on"))));
    json_decref(tal);
    export_send(r, !strcmp(fmt, "csv") ? EXPORT_CSV : EXPORT_XLSX, req_printf(r, "个人档案_%s", json_string_value(json_object_get(person, "name"))), cols,
                sizeof cols / sizeof cols[0], rows, me->name);
    json_decref(rows);
    json_decref(person); json_decref(votes); json_decref(card); json_decref(sanctions);
    return;
  }
  json_t *out = json_pack("{s:o,s:o,s:o,s:b}", "person", person, "votes", votes, "card", card, "sanctions_visible", see_sanctions);
  json_t *talent = people_talent_profile(id, year); /* post/grade history, training hours, outputs and points */
  json_object_set_new(out, "talent", talent ? talent : json_null());
  json_object_set_new(out, "sanctions", sanctions ? sanctions : json_null());
  /* 荣誉 (评优评选's 表彰) and the final 年度考核 grades */
  json_t *hon = people_store_honours_of(id), *apr = people_store_person_appraisals(id);
  if (!hon || !apr) { json_decref(hon); json_decref(apr); json_decref(out); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(out, "honours", hon);
  json_object_set_new(out, "appraisals", apr);
  http_json(r, 200, out);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/persons/:id/profile", NULL, h_profile, 0},
};
void people_profile_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
