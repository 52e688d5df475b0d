/* plans.c — emergency plans (应急预案: 综合, 专项, 现场处置) over HTTP: a plan is registered with its first version;
 * each revision adds a version that becomes the current one while the earlier ones stay readable; a plan's page lists
 * the drills that exercised each version (drills.c links a drill to the version it exercised). */
#include "risks/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"综合", "专项", "现场处置", NULL};

static void h_list(req *r) {
  const char *kind = http_query(r, "kind");
  if (kind && !*kind) kind = NULL;
  int ok = !kind;
  for (size_t i = 0; kind && kinds[i]; i++) ok = ok || !strcmp(kind, kinds[i]);
  if (!ok) { http_error(r, ERR_BAD_QUERY, "kind", "预案类别应为 综合、专项、现场处置 之一"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = risks_store_plans(r, kind);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static json_t *load(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  json_t *p = id ? risks_store_plan_get(r, id) : NULL;
  if (!p) http_error(r, ERR_NOT_FOUND, NULL, "应急预案不存在或不在您的数据范围内");
  return p;
}

static void h_get(req *r) {
  json_t *p = load(r, http_param_id(r, 0));
  if (p) http_json(r, 200, p);
}

/* The fields of a version, shared by registering a plan and revising it. 0 ok, -1 answered. */
static int version_fields(req *r, json_t *o, risks_version_row *v, int revise) {
  if (jv_str(r, o, "version", "版本号", JV_REQUIRED, 1, 20, &v->version) < 0 || jv_str(r, o, "issued_on", "发布日期", JV_REQUIRED, 10, 10, &v->issued_on) < 0 ||
      jv_str(r, o, "content", "预案要点", JV_OPTIONAL, 0, 20000, &v->content) < 0 ||
      jv_str(r, o, "change_note", "修订说明", revise ? JV_REQUIRED : JV_OPTIONAL, revise ? 1 : 0, 2000, &v->change_note) < 0)
    return -1;
  char today[11];
  risks_today(today);
  if (wd_parse(v->issued_on) < 0 || strcmp(v->issued_on, today) > 0) { http_error(r, ERR_INVALID, "issued_on", "发布日期应为不晚于今天的日期"); return -1; }
  return 0;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"unit_id", "kind", "title", "version", "issued_on", "content", "change_note", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t unit = 0;
  const char *kind, *title;
  risks_version_row v = {0};
  if (jv_int(r, o, "unit_id", "编制单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 || jv_enum(r, o, "kind", "预案类别", JV_REQUIRED, kinds, &kind) < 0 ||
      jv_str(r, o, "title", "预案名称", JV_REQUIRED, 1, 200, &title) < 0 || version_fields(r, o, &v, 0))
    return;
  if (!risks_unit_in_scope(r, unit)) { http_error(r, ERR_INVALID, "unit_id", "编制单位不存在或不在您的数据范围内"); return; }
  char at[20];
  util_now_text(at);
  v.at = at;
  v.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_plan_insert(unit, kind, title, v.created_by, at);
  v.plan = id;
  json_t *after = NULL;
  if (!id || risks_store_plan_version_add(&v) <= 0 || !(after = risks_store_plan_get(r, id)) ||
      org_audit(r, "risks.plan.create", "risk_plan", id, title, NULL, after)) {
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_revise(req *r) {
  static const char *const allowed[] = {"version", "issued_on", "content", "change_note", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_version_row v = {0};
  if (version_fields(r, o, &v, 1)) return;
  int64_t id = http_param_id(r, 0);
  char at[20];
  util_now_text(at);
  v.at = at;
  v.plan = id;
  v.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  json_t *before = load(r, id);
  if (!before) { db_rollback(); return; }
  const char *cur = json_string_value(json_object_get(before, "issued_on"));
  if (cur && strcmp(v.issued_on, cur) < 0) {
    db_rollback();
    http_error(r, ERR_INVALID, "issued_on", "发布日期不能早于现行版本的发布日期 %s", cur);
    json_decref(before);
    return;
  }
  int64_t vid = risks_store_plan_version_add(&v);
  if (vid == 0) {
    db_rollback();
    json_decref(before);
    http_error(r, ERR_DUPLICATE, "version", "版本号 %s 已存在", v.version);
    return;
  }
  char sum[300];
  snprintf(sum, sizeof sum, "修订为 %s：%.200s", v.version, v.change_note);
  json_t *after = NULL;
  if (vid < 0 || !(after = risks_store_plan_get(r, id)) || org_audit(r, "risks.plan.revise", "risk_plan", id, sum, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/plans", "risks:plan:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/plans", "risks:plan:edit", h_create, 0},
  {HTTP_GET, "/api/v1/risks/plans/:id", "risks:plan:list", h_get, 0},
  {HTTP_POST, "/api/v1/risks/plans/:id/versions", "risks:plan:edit", h_revise, 0},
};

void risks_plans_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
