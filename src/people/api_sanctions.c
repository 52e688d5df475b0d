/* api_sanctions.c — discipline records (纪律): record a sanction (end day computed from the type's term), list and read
 * them within the data scope — 纪检 and 人事 hold the permission, each person sees his own — every read audited. */
#include "people/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include <stdio.h>
#include <string.h>

int people_sanction_active(int64_t user_id, const char *day, char *why, size_t whylen) {
  char type[32], from[11], to[11];
  int rc = people_store_sanction_running(user_id, day, type, sizeof type, from, to);
  if (rc == 1 && why) snprintf(why, whylen, "%s处分期内（%s 至 %s）", type, from, to);
  return rc;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"user_id", "type", "decided_on", "months", "reason", "document_no", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t user, months = -1;
  const char *type, *on, *reason, *doc = "";
  if (jv_int(r, o, "user_id", "受处分人", JV_REQUIRED, 1, INT64_MAX / 2, &user) < 0 || jv_str(r, o, "type", "处分类型", JV_REQUIRED, 1, 20, &type) < 0 ||
      jv_str(r, o, "decided_on", "处分决定日期", JV_REQUIRED, 10, 10, &on) < 0 || jv_int(r, o, "months", "影响期（月）", JV_OPTIONAL, 0, 12, &months) < 0 ||
      jv_str(r, o, "reason", "违纪事实", JV_REQUIRED, 1, 1000, &reason) < 0 || jv_str(r, o, "document_no", "处分文号", JV_OPTIONAL, 0, 60, &doc) < 0)
    return;
  int term = people_sanction_term(type);
  if (term == -1) { http_error(r, ERR_INVALID, "type", "处分类型应为 警告、记过、记大过、降级、撤职，或 批评教育、通报批评、诫勉谈话、待岗培训"); return; }
  if (term >= 0 && months >= 0 && months != term) { http_error(r, ERR_INVALID, "months", "%s的影响期固定为 %d 个月，不能另设", type, term); return; }
  if (term == -2 && months < 0) { http_error(r, ERR_MISSING, "months", "%s应填写影响期（0–12 个月）", type); return; }
  int start = wd_parse(on);
  if (start < 0) { http_error(r, ERR_INVALID, "decided_on", "处分决定日期应为 YYYY-MM-DD 的真实日期"); return; }
  char today[11];
  util_today(today);
  if (start > wd_parse(today)) { http_error(r, ERR_INVALID, "decided_on", "处分决定日期不能晚于今天"); return; }
  int m = term >= 0 ? term : (int)months;
  char ends[11];
  wd_format(people_sanction_end(start, m), ends);
  int64_t unit;
  int in = people_store_person_in_scope(r, user);
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!in || people_store_person(user, &unit, NULL, 0)) { http_error(r, ERR_INVALID, "user_id", "受处分人不存在或不在您的数据范围内"); return; }
  people_sanction_row row = {.user_id = user, .unit_id = unit, .created_by = org_caller(r)->id, .type = type, .decided_on = on, .ends_on = ends,
                             .reason = reason, .document_no = doc ? doc : "", .months = m};
  if (people_tx_begin(r)) return;
  int64_t id = people_store_sanction_insert(&row);
  json_t *after = id > 0 ? people_store_sanction_json(r, id, 0) : NULL;
  if (!after || org_audit(r, "people.sanction.create", "people_sanction", id, req_printf(r, "%s（至 %s）", type, ends), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* Every read leaves an audit row naming the records shown. */
static int audit_list(req *r, json_t *items) {
  char ids[400] = "";
  size_t n = json_array_size(items), used = 0;
  for (size_t i = 0; i < n && used + 24 < sizeof ids; i++)
    used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lld", i ? "," : "", (long long)json_integer_value(json_object_get(json_array_get(items, i), "id")));
  return org_audit_read(r, "people_sanction", 0, req_printf(r, "查看处分记录 %zu 条（编号 %s）", n, n ? ids : "无"));
}

static void list(req *r, int mine) {
  static const char *const sorts[] = {"decided_on", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  const char *u = http_query(r, "user_id"), *on = http_query(r, "running_on");
  int64_t user = 0;
  if (u && *u && (sscanf(u, "%lld", (long long *)&user) != 1 || user <= 0)) { http_error(r, ERR_BAD_QUERY, "user_id", "user_id 应为正整数"); return; }
  if (on && *on && wd_parse(on) < 0) { http_error(r, ERR_BAD_QUERY, "running_on", "running_on 应为 YYYY-MM-DD"); return; }
  int64_t total;
  json_t *items = people_store_sanction_list(r, mine, user, on && *on ? on : NULL, lp.offset, lp.size, &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (audit_list(r, items)) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}
static void h_list(req *r) { list(r, 0); }
static void h_mine(req *r) { list(r, 1); }

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  /* the holder of the permission within his scope, or the person himself */
  json_t *o = id ? people_store_sanction_json(r, id, 0) : NULL;
  if (!o && id) o = people_store_sanction_json(r, id, 1);
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "处分记录不存在"); return; }
  if (org_audit_read(r, "people_sanction", id, "查看处分记录")) { json_decref(o); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, o);
}

/* GET /people/sanctions/:id answers the person himself too: the route needs a session, the store decides. */
static void h_get_checked(req *r) {
  if (!org_caller_can(r, "people:sanction:list")) {
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? people_store_sanction_json(r, id, 1) : NULL;
    if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "处分记录不存在"); return; }
    if (org_audit_read(r, "people_sanction", id, "本人查看处分记录")) { json_decref(o); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    http_json(r, 200, o);
    return;
  }
  h_get(r);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/sanctions", "people:sanction:list", h_list, 0},
  {HTTP_POST, "/api/v1/people/sanctions", "people:sanction:add", h_create, 0},
  {HTTP_GET, "/api/v1/people/sanctions/mine", NULL, h_mine, 0},
  {HTTP_GET, "/api/v1/people/sanctions/:id", NULL, h_get_checked, 0},
};
void people_sanction_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
