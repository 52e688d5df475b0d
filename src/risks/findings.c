/* findings.c — audit findings (审计整改) over HTTP: a finding is recorded and, in the same transaction, opened as a
 * 整改 checklist item through tasks_cl_item_open (one item per finding, source "risks.finding:<id>"), so rectification
 * (deadline, evidence, 回头看, money and people) is tracked where the bureau's other 整改 items are. */
#include "risks/procure.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void h_list(req *r) {
  if (!org_caller_scope(r)) return;
  json_t *items = risks_store_findings(r);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    tasks_cl_brief b;
    json_t *iid = json_object_get(it, "item_id");
    if (json_is_integer(iid) && tasks_cl_item_brief(json_integer_value(iid), &b) == 0) {
      json_object_set_new(it, "item_status", json_string(b.status));
      json_object_set_new(it, "item_closed_on", b.closed_on[0] ? json_string(b.closed_on) : json_null());
    }
  }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int64_t risks_finding_open(req *r, const risks_finding_row *w, const char *measures, char *err, size_t errlen) {
  int64_t id = risks_store_finding_insert(w);
  if (!id) return -1;
  char source[48], list[64], today[11];
  snprintf(source, sizeof source, "risks.finding:%lld", (long long)id);
  risks_today(today);
  int year = atoi(today);
  snprintf(list, sizeof list, "%d年审计发现问题整改清单", year);
  int64_t head = org_unit_head(w->unit);
  tasks_cl_new n = {.source = source, .kind = "整改", .list_title = list, .year = year, .title = w->title, .origin = w->source,
                    .measures = measures ? measures : "", .unit = w->unit, .owner = head > 0 ? head : 0, .due = w->due, .amount_fen = w->amount_fen};
  int created = 0;
  int64_t item = tasks_cl_item_open(r, &n, &created, err, errlen);
  if (item <= 0) return item;
  json_t *after = NULL;
  int fail = risks_store_finding_item(id, item) || !(after = risks_store_finding_get(id)) ||
             org_audit(r, "risks.finding.create", "risk_finding", id, w->title, NULL, after);
  json_decref(after);
  return fail ? -1 : id;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"source", "title", "severity", "unit_id", "amount", "due", "measures", NULL};
  static const char *const sources[] = {"内部审计", "市局审计", "巡察", "专项检查", NULL}, *const sev[] = {"一般", "较重", "严重", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_finding_row w = {0};
  const char *amount = NULL, *measures = NULL;
  if (jv_enum(r, o, "source", "问题来源", JV_REQUIRED, sources, &w.source) < 0 || jv_str(r, o, "title", "问题", JV_REQUIRED, 1, 200, &w.title) < 0 ||
      jv_enum(r, o, "severity", "严重程度", JV_REQUIRED, sev, &w.severity) < 0 || jv_int(r, o, "unit_id", "整改单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 ||
      jv_str(r, o, "amount", "涉及金额（元）", JV_OPTIONAL, 0, 20, &amount) < 0 || jv_str(r, o, "due", "整改期限", JV_REQUIRED, 10, 10, &w.due) < 0 ||
      jv_str(r, o, "measures", "整改措施", JV_OPTIONAL, 0, 2000, &measures) < 0)
    return;
  if (amount && *amount && (tasks_money_parse(amount, &w.amount_fen) || w.amount_fen < 0)) {
    http_error(r, ERR_INVALID, "amount", "涉及金额应为不小于0、至多两位小数的元数");
    return;
  }
  if (wd_parse(w.due) < 0) { http_error(r, ERR_INVALID, "due", "整改期限应为 YYYY-MM-DD 格式的日期"); return; }
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "整改单位不存在或不在您的数据范围内"); return; }
  char at[20];
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  char err[200] = "";
  int64_t id = risks_finding_open(r, &w, measures, err, sizeof err);
  if (id == 0) { db_rollback(); http_error(r, ERR_INVALID, NULL, "%s", err); return; }
  json_t *after = NULL;
  if (id < 0 || !(after = risks_store_finding_get(id))) {
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/findings", "risks:finding:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/findings", "risks:finding:add", h_create, 0},
};

void risks_findings_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
