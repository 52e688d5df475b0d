/* api_learning.c — handlers of learning: 第一议题 (the leadership's first item of business, kept on the 党委),
 * 周一夜学 and 专题读书班 sessions with the material studied and their hours, attendance from the member list,
 * each attendee's own 心得, and hours per member per year. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"第一议题", "周一夜学", "读书班", "专题学习", NULL};

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  int64_t org = 0, year = 0;
  if (party_q_int(r, "org", 1, INT64_MAX, &org) || party_q_int(r, "year", 2000, 2100, &year)) return;
  const char *kind = http_query(r, "kind");
  if (kind && !*kind) kind = NULL;
  int ok = !kind;
  for (size_t i = 0; kind && kinds[i]; i++) ok |= !strcmp(kind, kinds[i]);
  if (!ok) { http_error(r, ERR_BAD_QUERY, "kind", "kind 应为 第一议题、周一夜学、读书班 或 专题学习"); return; }
  if (!org_caller_scope(r)) return;
  size_t len;
  char *txt = party_store_learning_page(r, org, kind, (int)year, lp.size, lp.offset, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? party_store_learning(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "学习记录不存在"); return; }
  http_json(r, 200, o);
}

/* POST /party/learning {org_id, kind, held_on, topic, material?, hours, place?, attendance?}: a session held (not
 * after today); the attendees are members of the organisation or of one below it. */
static void h_create(req *r) {
  static const char *const allowed[] = {"org_id", "kind", "held_on", "topic", "material", "hours", "place", "attendance", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t org;
  const char *kind, *held, *topic, *material = "", *place = "";
  if (jv_int(r, o, "org_id", "党组织", JV_REQUIRED, 1, INT64_MAX, &org) < 0 || jv_enum(r, o, "kind", "学习类型", JV_REQUIRED, kinds, &kind) < 0 ||
      jv_str(r, o, "held_on", "学习日期", JV_REQUIRED, 10, 10, &held) < 0 || jv_str(r, o, "topic", "学习主题", JV_REQUIRED, 1, 100, &topic) < 0 ||
      jv_str(r, o, "material", "学习材料", JV_OPTIONAL, 0, 2000, &material) < 0 || jv_str(r, o, "place", "地点", JV_OPTIONAL, 0, 60, &place) < 0)
    return;
  json_t *h = json_object_get(o, "hours");
  if (!json_is_number(h) || json_number_value(h) <= 0 || json_number_value(h) > 40) { http_error(r, ERR_INVALID, "hours", "学时应为大于 0、不超过 40 的数"); return; }
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (!party_date_valid(held)) { http_error(r, ERR_INVALID, "held_on", "学习日期应为有效日期 YYYY-MM-DD"); return; }
  if (strcmp(held, today) > 0) { http_error(r, ERR_INVALID, "held_on", "学习日期 %s 晚于今天，尚未举行的学习不能登记", held); return; }
  party_att *att = NULL;
  size_t natt = 0;
  json_t *aj = json_object_get(o, "attendance");
  if (aj) {
    char field[64], msg[200];
    if (party_attendance_parse(aj, &att, &natt, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
    req_own(r, att);
  }
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  char okind[16];
  int f = party_store_org_kind(org, okind, NULL);
  if (f < 0) { dbj_tx_fail(r); return; }
  int vis = f == 0 ? party_store_org_visible(r, org) : 0;
  if (vis < 0) { dbj_tx_fail(r); return; }
  if (!vis) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "党组织不存在"); return; }
  for (size_t i = 0; i < natt; i++) {
    int in = party_store_member_in_tree(att[i].member_id, org);
    if (in < 0) { dbj_tx_fail(r); return; }
    if (!in) {
      db_rollback();
      char field[48];
      snprintf(field, sizeof field, "attendance[%zu].member_id", i);
      http_error(r, ERR_INVALID, field, "出席情况第%zu行：党员 %lld 不在本组织，不能登记", i + 1, (long long)att[i].member_id);
      return;
    }
  }
  int64_t id = party_store_learning_insert(org, kind, held, topic, material, json_number_value(h), place, org_caller(r)->id, at);
  if (!id || (strcmp(okind, "党委") && party_store_learning_expected(id, org) < 0)) { dbj_tx_fail(r); return; }
  for (size_t i = 0; i < natt; i++)
    if (party_store_learning_att_set(id, &att[i])) { dbj_tx_fail(r); return; }
  json_t *after = party_store_learning(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "%s：%s", kind, topic);
  if (!after || org_audit(r, "party.learning.create", "party_learning", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* PUT /party/learning/:id/note {note}: an attendee writes his own 心得. */
static void h_note(req *r) {
  static const char *const allowed[] = {"note", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *note;
  if (jv_str(r, o, "note", "学习心得", JV_REQUIRED, 1, 3000, &note) < 0) return;
  if (!org_caller_scope(r)) return;
  char at[20];
  party_now(at);
  if (dbj_tx_begin(r)) return;
  int f = party_store_learning_note(id, org_caller(r)->id, note, at);
  if (f < 0) { dbj_tx_fail(r); return; }
  if (!f) { db_rollback(); http_error(r, ERR_FORBIDDEN, NULL, "只有出席本次学习的党员本人可以提交心得"); return; }
  if (org_audit(r, "party.learning.note", "party_learning", id, "提交学习心得", NULL, NULL)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:s}", "session_id", (json_int_t)id, "noted_at", at));
}

static void h_hours(req *r) {
  int64_t org = 0, year = 0;
  if (party_q_int(r, "org", 1, INT64_MAX, &org) || party_q_int(r, "year", 2000, 2100, &year)) return;
  if (!year) {
    char today[11];
    party_today(today);
    year = atoi(today);
  }
  if (!org_caller_scope(r)) return;
  json_t *items = party_store_learning_hours(r, org, (int)year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)json_array_size(items), "year", (json_int_t)year));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/learning", "party:meeting:list", h_list, 0},
  {HTTP_POST, "/api/v1/party/learning", "party:meeting:edit", h_create, 0},
  {HTTP_GET, "/api/v1/party/learning/hours", "party:meeting:list", h_hours, 0},
  {HTTP_GET, "/api/v1/party/learning/:id", "party:meeting:list", h_get, 0},
  /* the attendee himself: checked against the attendance row */
  {HTTP_PUT, "/api/v1/party/learning/:id/note", NULL, h_note, 0},
};

void party_learning_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
