/* api_packages.c — 党建服务包 handlers: a branch pairs one 牵头 member and two others with a hardship shop of the
 * registry (read through shops.h, refused when outside the caller's data scope), records the needs and measures, each
 * visit with notes and photos, and the result: the shop's digital-capability level and orders before and after, read
 * through shops.h. Coverage per branch. */
#include "party/internal.h"
#include "base/log.h"
#include "base/util.h"
#include "shops/shops.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const reasons[] = {"高龄", "残疾", "经营困难", "其他困难", NULL};

/* The three months before the month of day: "YYYY-MM" from and to. */
static void months_before(const char *day, char from[8], char to[8]) {
  int idx = util_month_index((char[]){day[0], day[1], day[2], day[3], '-', day[5], day[6], 0});
  util_month_str(idx - 3, from);
  util_month_str(idx - 1, to);
}

/* The shop's standing on a day: level and score of the latest assessment, 订购量 of the three months before. */
static json_t *standing(int64_t shop, const char *day) {
  char level[64] = "", from[8], to[8];
  double total = 0, orders = 0;
  int lv = shops_level_on(shop, day, level, sizeof level, &total);
  months_before(day, from, to);
  int od = shops_metric_sum(shop, "order_qty", from, to, &orders);
  if (lv < 0 || od < 0) return NULL;
  return json_pack("{s:o,s:o,s:o,s:s,s:s}", "level", lv ? json_string(level) : json_null(), "score", lv ? json_real(total) : json_null(), "orders",
                   od ? json_real(orders) : json_null(), "orders_from", from, "orders_to", to);
}

/* Coverage of each visible branch from its packages (items, as listed) — packages, visits this year, visited this
 * quarter, members in a pairing, shops whose score rose. NULL on error. */
static json_t *coverage_of(req *r, json_t *items, const char *today) {
  json_t *branches = party_store_visible_branches(r);
  if (!branches) return NULL;
  json_t *out = json_array();
  size_t i, j;
  json_t *b, *p;
  json_array_foreach(branches, i, b) {
    int64_t org = json_integer_value(json_object_get(b, "id"));
    party_cov_pkg *v = calloc(json_array_size(items) + 1, sizeof *v);
    size_t n = 0;
    json_array_foreach(items, j, p) {
      if (json_integer_value(json_object_get(p, "org_id")) != org) continue;
      v[n].done = !strcmp(json_string_value(json_object_get(p, "status")), "已结对完成");
      v[n].visits_year = json_integer_value(json_object_get(p, "visits"));
      snprintf(v[n].last_visit, sizeof v[n].last_visit, "%s", json_is_string(json_object_get(p, "last_visit")) ? json_string_value(json_object_get(p, "last_visit")) : "");
      json_t *after = json_object_get(p, "after");
      v[n].level_up = json_is_number(json_object_get(after, "score")) && json_is_number(json_object_get(p, "before_score")) &&
                      json_number_value(json_object_get(after, "score")) > json_number_value(json_object_get(p, "before_score"));
      n++;
    }
    int64_t members = 0, paired = 0;
    if (party_store_branch_pairing(org, &members, &paired)) { free(v); json_decref(out); json_decref(branches); return NULL; }
    party_coverage c;
    party_coverage_compute(v, n, members, paired, today, &c);
    free(v);
    json_array_append_new(out, json_pack("{s:I,s:O,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:i,s:i}", "org_id", (json_int_t)org, "org_name", json_object_get(b, "name"),
                                         "packages", (json_int_t)c.packages, "done", (json_int_t)c.done, "visits", (json_int_t)c.visits, "visited_quarter",
                                         (json_int_t)c.visited_quarter, "level_up", (json_int_t)c.level_up, "members", (json_int_t)c.members, "paired_members",
                                         (json_int_t)c.paired_members, "member_rate", c.member_rate, "visit_rate", c.visit_rate));
  }
  json_decref(branches);
  return out;
}

/* GET /party/packages?org=&year=: the packages of visible branches, each with the shop's standing now, and the
 * coverage per branch. */
static void h_list(req *r) {
  char today[11];
  party_today(today);
  int64_t org = 0, year = atoi(today);
  if (party_q_int(r, "org", 1, INT64_MAX, &org) || party_q_int(r, "year", 2000, 2100, &year)) return;
  if (!org_caller_scope(r)) return;
  json_t *items = party_store_packages(r, org, (int)year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *p;
  json_array_foreach(items, i, p) {
    json_t *now = standing(json_integer_value(json_object_get(p, "shop_id")), today);
    if (!now) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_object_set_new(p, "after", now);
  }
  json_t *cov = coverage_of(r, items, today);
  if (!cov) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I,s:o,s:i}", "items", items, "total", (json_int_t)json_array_size(items), "coverage", cov, "year", (int)year));
}

static json_t *package_full(req *r, int64_t id) {
  char today[11];
  party_today(today);
  json_t *o = party_store_package(r, id, atoi(today));
  if (!o) return NULL;
  int64_t shop = json_integer_value(json_object_get(o, "shop_id"));
  shops_brief b;
  int f = shops_brief_of(NULL, shop, &b);
  json_t *now = standing(shop, today);
  if (f < 0 || !now) { json_decref(o); json_decref(now); return NULL; }
  if (f == 0)
    json_object_set_new(o, "shop", json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s}", "id", (json_int_t)b.id, "name", b.name, "license_no", b.license_no, "address",
                                             b.address, "category", b.category, "grade", b.grade, "area", b.area));
  else json_object_set_new(o, "shop", json_null()); /* no longer in the registry: the name kept at pairing stays */
  json_object_set_new(o, "before", json_pack("{s:O,s:O,s:O}", "level", json_object_get(o, "before_level"), "score", json_object_get(o, "before_score"), "orders",
                                             json_object_get(o, "before_orders")));
  json_object_set_new(o, "after", now);
  return o;
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? package_full(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "服务包不存在"); return; }
  http_json(r, 200, o);
}

static int measures_of(req *r, json_t *o, party_measure **m, size_t *n) {
  *m = NULL, *n = 0;
  json_t *arr = json_object_get(o, "measures");
  if (!arr) return 0;
  char field[64], msg[200];
  if (party_measures_parse(arr, m, n, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return -1; }
  return 0;
}

/* POST /party/packages {org_id, shop_id, reason, reason_note?, needs?, started_on, leader_id, partner_ids: [a, b],
 * measures?}: refused, nothing stored, when the shop is not in the registry or outside the caller's data scope (404
 * naming shop_id), a member is not in the branch, the pairing is not one and two, or the shop has a package (409). */
static void h_create(req *r) {
  static const char *const allowed[] = {"org_id", "shop_id", "reason", "reason_note", "needs", "started_on", "leader_id", "partner_ids", "measures", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t org, shop, leader, *partners = NULL;
  size_t npart = 0;
  const char *reason, *note = "", *needs = "", *started;
  if (jv_int(r, o, "org_id", "党支部", JV_REQUIRED, 1, INT64_MAX, &org) < 0 || jv_int(r, o, "shop_id", "零售户", JV_REQUIRED, 1, INT64_MAX, &shop) < 0 ||
      jv_enum(r, o, "reason", "困难类型", JV_REQUIRED, reasons, &reason) < 0 || jv_str(r, o, "reason_note", "困难情况", JV_OPTIONAL, 0, 300, &note) < 0 ||
      jv_str(r, o, "needs", "需求", JV_OPTIONAL, 0, 1000, &needs) < 0 || jv_str(r, o, "started_on", "结对日期", JV_REQUIRED, 10, 10, &started) < 0 ||
      jv_int(r, o, "leader_id", "牵头党员", JV_REQUIRED, 1, INT64_MAX, &leader) < 0 ||
      jv_ids(r, o, "partner_ids", "结对党员", JV_REQUIRED, 2, &partners, &npart) < 0)
    return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (!party_date_valid(started) || strcmp(started, today) > 0) { http_error(r, ERR_INVALID, "started_on", "结对日期应为不晚于今天的有效日期"); return; }
  if (npart != 2) { http_error(r, ERR_INVALID, "partner_ids", "服务包由 1 名牵头党员和 2 名结对党员组成，请选 2 名结对党员"); return; }
  if (partners[0] == partners[1] || partners[0] == leader || partners[1] == leader) { http_error(r, ERR_INVALID, "partner_ids", "牵头党员和结对党员不能重复"); return; }
  party_measure *ms;
  size_t nms;
  if (measures_of(r, o, &ms, &nms)) return;
  if (ms) req_own(r, ms);
  if (!org_caller_scope(r)) return;
  shops_brief b;
  int f = shops_brief_of(r, shop, &b);
  if (f < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (f) { http_error(r, ERR_NOT_FOUND, "shop_id", "零售户不存在或不在您的数据范围内"); return; }
  json_t *before = standing(shop, started);
  if (!before) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  party_hold(before);
  if (dbj_tx_begin(r)) return;
  char kind[16];
  int k = party_store_org_kind(org, kind, NULL);
  int vis = k == 0 ? party_store_org_visible(r, org) : 0;
  if (k < 0 || vis < 0) { dbj_tx_fail(r); return; }
  if (!vis || (strcmp(kind, "党支部") && strcmp(kind, "党总支"))) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "党支部不存在"); return; }
  const int64_t ids[3] = {leader, partners[0], partners[1]};
  for (int i = 0; i < 3; i++) {
    int in = party_store_member_in(ids[i], org);
    if (in < 0) { dbj_tx_fail(r); return; }
    if (!in) {
      db_rollback();
      http_error(r, ERR_INVALID, i ? "partner_ids" : "leader_id", "%s不是本支部的在册党员", i ? "结对党员" : "牵头党员");
      return;
    }
  }
  json_t *lv = json_object_get(before, "level"), *sc = json_object_get(before, "score"), *od = json_object_get(before, "orders");
  int64_t id = party_store_package_insert(org, shop, b.name, b.unit_id, reason, note, needs, started, json_is_string(lv) ? json_string_value(lv) : NULL,
                                          json_number_value(sc), json_is_number(sc), json_number_value(od), json_is_number(od), org_caller(r)->id, at);
  if (id < 0) { dbj_tx_fail(r); return; }
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "shop_id", "%s 已有党建服务包", b.name); return; }
  if (party_store_package_member_add(id, leader, "牵头") || party_store_package_member_add(id, partners[0], "结对") ||
      party_store_package_member_add(id, partners[1], "结对") || party_store_package_measures_set(id, ms, nms)) {
    dbj_tx_fail(r);
    return;
  }
  json_t *after = package_full(r, id);
  char sum[300];
  snprintf(sum, sizeof sum, "结对困难零售户 %s（%s）", b.name, reason);
  if (!after || org_audit(r, "party.package.create", "party_package", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* PATCH /party/packages/:id {needs?, measures?, status?, result_note?}. */
static void h_update(req *r) {
  static const char *const allowed[] = {"needs", "measures", "status", "result_note", NULL};
  static const char *const statuses[] = {"帮扶中", "已结对完成", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *needs = NULL, *status = NULL, *result = NULL;
  if (jv_str(r, o, "needs", "需求", JV_OPTIONAL, 0, 1000, &needs) < 0 || jv_enum(r, o, "status", "状态", JV_OPTIONAL, statuses, &status) < 0 ||
      jv_str(r, o, "result_note", "成效", JV_OPTIONAL, 0, 1000, &result) < 0)
    return;
  party_measure *ms;
  size_t nms;
  if (measures_of(r, o, &ms, &nms)) return;
  if (ms) req_own(r, ms);
  if (!org_caller_scope(r)) return;
  json_t *before = id ? party_store_package(r, id, 0) : NULL;
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "服务包不存在"); return; }
  party_hold(before);
  char at[20];
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_package_update(id, needs, status, result, at) || (json_object_get(o, "measures") && party_store_package_measures_set(id, ms, nms))) {
    dbj_tx_fail(r);
    return;
  }
  json_t *after = party_store_package(r, id, 0);
  if (!after || org_audit(r, "party.package.update", "party_package", id, "修改党建服务包", before, after)) { json_decref(after); dbj_tx_fail(r); return; }
  json_decref(after);
  if (dbj_tx_commit(r)) return;
  json_t *full = package_full(r, id);
  if (!full) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, full);
}

/* POST /party/packages/:id/visits {visited_on, notes}: a visit, not after today nor before the pairing. */
static void h_visit(req *r) {
  static const char *const allowed[] = {"visited_on", "notes", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *on, *notes;
  if (jv_str(r, o, "visited_on", "走访日期", JV_REQUIRED, 10, 10, &on) < 0 || jv_str(r, o, "notes", "走访情况", JV_REQUIRED, 2, 2000, &notes) < 0) return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (!party_date_valid(on) || strcmp(on, today) > 0) { http_error(r, ERR_INVALID, "visited_on", "走访日期应为不晚于今天的有效日期"); return; }
  if (!org_caller_scope(r)) return;
  json_t *p = id ? party_store_package(r, id, 0) : NULL;
  if (!p) { http_error(r, ERR_NOT_FOUND, NULL, "服务包不存在"); return; }
  party_hold(p);
  if (strcmp(on, json_string_value(json_object_get(p, "started_on"))) < 0) { http_error(r, ERR_INVALID, "visited_on", "走访日期不能早于结对日期"); return; }
  if (dbj_tx_begin(r)) return;
  int64_t vid = party_store_visit_insert(id, on, notes, org_caller(r)->id, at);
  if (vid <= 0) { dbj_tx_fail(r); return; }
  char sum[300];
  snprintf(sum, sizeof sum, "走访 %s（%s）", json_string_value(json_object_get(p, "shop_name")), on);
  json_t *after = json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)vid, "package_id", (json_int_t)id, "visited_on", on, "notes", notes);
  if (org_audit(r, "party.package.visit", "party_package", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

#define MAX_PHOTOS 12

/* POST /party/packages/:id/visits/:vid/files?name= (raw body): a photo or file of the visit. */
static void h_upload(req *r) {
  int64_t id = http_param_id(r, 0), vid = http_param_id(r, 1);
  const char *rawname = http_query(r, "name");
  char name[420];
  if (!rawname || !tasks_file_name(rawname, name, sizeof name)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return; }
  if (!org_caller_scope(r)) return;
  json_t *p = id ? party_store_package(r, id, 0) : NULL;
  if (!p) { http_error(r, ERR_NOT_FOUND, NULL, "服务包不存在"); return; }
  json_decref(p);
  int have = vid ? party_store_visit_of(id, vid) : -2;
  if (have == -1) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (have < 0) { http_error(r, ERR_NOT_FOUND, NULL, "走访记录不存在"); return; }
  if (have >= MAX_PHOTOS) { http_error(r, ERR_INVALID, "file", "每次走访最多 %d 个附件", MAX_PHOTOS); return; }
  char sha[65], at[20];
  tasks_file_type by_content = tasks_file_take(r, name, "附件", sha);
  if (!by_content) return;
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_visit_file_add(vid, name, tasks_file_type_code(by_content), r->body_len, sha, org_caller(r)->id, at)) { dbj_tx_fail(r); return; }
  char sum[500];
  snprintf(sum, sizeof sum, "上传走访照片 %s", name);
  if (org_audit(r, "party.package.upload", "party_package", id, sum, NULL, NULL)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  json_t *full = package_full(r, id);
  http_json(r, 201, full ? full : json_object());
}

static void h_download(req *r) {
  int64_t id = http_param_id(r, 0), vid = http_param_id(r, 1), fid = http_param_id(r, 2);
  if (!org_caller_scope(r)) return;
  json_t *f = id && vid && fid ? party_store_visit_file(r, id, vid, fid) : NULL;
  tasks_file_send(r, f, "附件不存在", "附件内容缺失");
}

PARTY_HELD(h_create)
PARTY_HELD(h_update)
PARTY_HELD(h_visit)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/packages", "party:package:list", h_list, 0},
  {HTTP_POST, "/api/v1/party/packages", "party:package:edit", h_create_held, 0},
  {HTTP_GET, "/api/v1/party/packages/:id", "party:package:list", h_get, 0},
  {HTTP_PATCH, "/api/v1/party/packages/:id", "party:package:edit", h_update_held, 0},
  {HTTP_POST, "/api/v1/party/packages/:id/visits", "party:package:edit", h_visit_held, 0},
  {HTTP_POST, "/api/v1/party/packages/:id/visits/:vid/files", "party:package:edit", h_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/party/packages/:id/visits/:vid/files/:fid", "party:package:list", h_download, 0},
};

void party_packages_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
