/* lookback.c — 回头看 of 清单闭环 (its SQL in store_lookback.c): draw N closed (已销号) items of a checklist at random from those in the caller's
 * scope, keep a review record for each, and record the finding: confirmed, or the problem is back and the item
 * returns to 进行中 to be closed again with new evidence. */
#include "tasks/internal.h"
#include <stdio.h>
#include <string.h>

/* POST checklists/:id/lookback {"count": N}: the draw. */
static void h_draw(req *r) {
  int64_t cl = http_param_id(r, 0);
  if (!cl || !tasks_store_checklist_exists(cl)) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  static const char *const allowed[] = {"count", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t count;
  if (jv_int(r, o, "count", "抽查数量", JV_REQUIRED, 1, 100, &count) < 0) return;
  if (!org_caller_scope(r)) return;
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  /* Items already waiting for a finding are not drawn twice. */
  int drawn = 0;
  json_t *items = NULL;
  if (tasks_store_review_draw(r, cl, (int)count, at, &drawn, &items)) { tasks_tx_fail(r); return; }
  if (!drawn) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "没有可抽查的已销号事项"); return; }
  char sum[160];
  snprintf(sum, sizeof sum, "回头看：随机抽查清单 %lld 的已销号事项 %d 项", (long long)cl, drawn);
  if (!items || org_audit(r, "tasks.lookback.create", "checklist_review", cl, sum, NULL, items)) { json_decref(items); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(items); return; }
  http_json(r, 201, json_pack("{s:o,s:i,s:s}", "items", items, "drawn", drawn, "batch", at));
}

static void h_list(req *r) {
  int64_t cl = http_param_id(r, 0);
  if (!cl || !tasks_store_checklist_exists(cl)) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = tasks_store_reviews_of(r, cl);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* POST checklist-reviews/:id {"result": "confirm"|"reopen", "note"}. */
static void h_finding(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *v = id ? tasks_store_review_get(id) : NULL;
  int64_t item = v ? json_integer_value(json_object_get(v, "item_id")) : 0;
  if (!v || !tasks_item_visible(r, item)) { json_decref(v); http_error(r, ERR_NOT_FOUND, NULL, "回头看记录不存在"); return; }
  json_decref(v);
  static const char *const allowed[] = {"result", "note", NULL};
  static const char *const results[] = {"confirm", "reopen", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *result, *note;
  if (jv_enum(r, o, "result", "回头看结论", JV_REQUIRED, results, &result) < 0 || jv_str(r, o, "note", "回头看情况", JV_REQUIRED, 2, 2000, &note) < 0) return;
  int reopen = strcmp(result, "reopen") == 0;
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  json_t *before = tasks_store_review_get(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "回头看记录不存在"); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "待复查")) {
    json_decref(before);
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "该事项的回头看已有结论");
    return;
  }
  int bad = tasks_store_review_finding(id, json_integer_value(json_object_get(before, "item_id")), reopen, note, org_caller(r)->id, at);
  json_t *after = bad ? NULL : tasks_store_review_get(id);
  char sum[500];
  snprintf(sum, sizeof sum, "回头看 %.300s：%s", json_string_value(json_object_get(before, "title")), reopen ? "问题反弹，重新整改" : "确认未反弹");
  bad = bad || !after || org_audit(r, reopen ? "tasks.lookback.reopen" : "tasks.lookback.review", "checklist_review", id, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/tasks/checklists/:id/lookback", "tasks:checklist:approve", h_draw, 0},
  {HTTP_GET, "/api/v1/tasks/checklists/:id/lookback", "tasks:checklist:list", h_list, 0},
  {HTTP_POST, "/api/v1/tasks/checklist-reviews/:id", "tasks:checklist:approve", h_finding, 0},
};
void tasks_lookback_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
