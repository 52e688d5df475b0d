/* lookback.c — 回头看 of 清单闭环: draw N closed (已销号) items of a checklist at random from those in the caller's
 * scope, keep a review record for each, and record the finding: confirmed, or the problem is back and the item
 * returns to 进行中 to be closed again with new evidence. */
#include "tasks/internal.h"
#include <stdio.h>
#include <string.h>

#define REVIEW_COLS "v.id, v.checklist_id, v.item_id, i.seq, i.title, u.name AS unit_name, i.status AS item_status, i.closed_at," \
  " v.batch, v.status, v.note, d.name AS drawn_by_name, w.name AS reviewed_by_name, v.created_at, v.reviewed_at"
#define REVIEW_FROM " FROM task_cl_reviews v JOIN task_checklist_items i ON i.id = v.item_id JOIN units u ON u.id = i.unit_id" \
  " LEFT JOIN users d ON d.id = v.drawn_by LEFT JOIN users w ON w.id = v.reviewed_by"
#define ITEM_SCOPE "(" ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) " OR i.owner_id = ?4)"

static json_t *review_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

static int checklist_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM task_checklists WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

/* POST checklists/:id/lookback {"count": N}: the draw. */
static void h_draw(req *r) {
  int64_t cl = http_param_id(r, 0);
  if (!cl || !checklist_exists(cl)) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
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
  db_stmt *s = db_prepare("INSERT INTO task_cl_reviews(checklist_id, item_id, batch, drawn_by, created_at)"
                          " SELECT i.checklist_id, i.id, ?6, ?7, ?6 FROM task_checklist_items i WHERE i.checklist_id = ?5 AND i.status = '已销号'"
                          " AND " ITEM_SCOPE " AND NOT EXISTS (SELECT 1 FROM task_cl_reviews v WHERE v.item_id = i.id AND v.status = '待复查')"
                          " ORDER BY random() LIMIT ?8");
  if (!s) { tasks_tx_fail(r); return; }
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
  db_bind_int(s, 5, cl);
  db_bind_text(s, 6, at);
  db_bind_int(s, 7, org_caller(r)->id);
  db_bind_int(s, 8, count);
  if (db_step(s) != DB_DONE) { tasks_tx_fail(r); return; }
  int drawn = db_changes();
  if (!drawn) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "没有可抽查的已销号事项"); return; }
  s = db_prepare("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.checklist_id = ? AND v.batch = ? AND v.drawn_by = ? ORDER BY i.seq, i.id");
  if (!s) { tasks_tx_fail(r); return; }
  db_bind_int(s, 1, cl);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, org_caller(r)->id);
  json_t *items = dbj_rows(s);
  char sum[160];
  snprintf(sum, sizeof sum, "回头看：随机抽查清单 %lld 的已销号事项 %d 项", (long long)cl, drawn);
  if (!items || org_audit(r, "tasks.lookback.create", "checklist_review", cl, sum, NULL, items)) { json_decref(items); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(items); return; }
  http_json(r, 201, json_pack("{s:o,s:i,s:s}", "items", items, "drawn", drawn, "batch", at));
}

static void h_list(req *r) {
  int64_t cl = http_param_id(r, 0);
  if (!cl || !checklist_exists(cl)) { http_error(r, ERR_NOT_FOUND, NULL, "清单不存在"); return; }
  if (!org_caller_scope(r)) return;
  db_stmt *s = db_prepare("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.checklist_id = ?5 AND " ITEM_SCOPE " ORDER BY v.id DESC LIMIT 500");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
  db_bind_int(s, 5, cl);
  json_t *items = dbj_rows(s);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* POST checklist-reviews/:id {"result": "confirm"|"reopen", "note"}. */
static void h_finding(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *v = id ? review_json(id) : NULL;
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
  json_t *before = review_json(id);
  if (!before) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "回头看记录不存在"); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "待复查")) {
    json_decref(before);
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "该事项的回头看已有结论");
    return;
  }
  db_stmt *s = db_prepare("UPDATE task_cl_reviews SET status = ?1, note = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?5");
  int bad = !s;
  if (s) {
    db_bind_text(s, 1, reopen ? "已重新整改" : "已确认");
    db_bind_text(s, 2, note);
    db_bind_int(s, 3, org_caller(r)->id);
    db_bind_text(s, 4, at);
    db_bind_int(s, 5, id);
    bad = db_step(s) != DB_DONE;
  }
  if (!bad && reopen) {
    /* The problem is back: the item is open again and must be closed anew, with new evidence and approval. */
    s = db_prepare("UPDATE task_checklist_items SET status = '进行中', reject_reason = ?1, closed_at = NULL, submitted_at = NULL, updated_at = ?2"
                   " WHERE id = ?3 AND status = '已销号'");
    char why[2100];
    snprintf(why, sizeof why, "回头看发现问题反弹：%s", note);
    bad = !s;
    if (s) {
      db_bind_text(s, 1, why);
      db_bind_text(s, 2, at);
      db_bind_int(s, 3, json_integer_value(json_object_get(before, "item_id")));
      bad = db_step(s) != DB_DONE;
    }
  }
  json_t *after = bad ? NULL : review_json(id);
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
