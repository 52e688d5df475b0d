/* store_lookback.c — all SQL of 回头看: the random draw of closed items in scope, review records, findings. */
#include "tasks/internal.h"
#include <stdio.h>

#define REVIEW_COLS "v.id, v.checklist_id, v.item_id, i.seq, i.title, u.name AS unit_name, i.status AS item_status, i.closed_at," \
  " v.batch, v.status, v.note, d.name AS drawn_by_name, w.name AS reviewed_by_name, v.created_at, v.reviewed_at"
#define REVIEW_FROM " FROM task_cl_reviews v JOIN task_checklist_items i ON i.id = v.item_id JOIN units u ON u.id = i.unit_id" \
  " LEFT JOIN users d ON d.id = v.drawn_by LEFT JOIN users w ON w.id = v.reviewed_by"
#define ITEM_SCOPE "(" ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) " OR i.owner_id = ?4)"

json_t *tasks_store_review_get(int64_t id) { return dbj_one("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.id = ?", id); }

int tasks_store_checklist_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM task_checklists WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}


int tasks_store_review_draw(req *r, int64_t cl, int count, const char *at, int *drawn, json_t **items) {
  /* Items already waiting for a finding are not drawn twice. */
  db_stmt *s = db_prepare("INSERT INTO task_cl_reviews(checklist_id, item_id, batch, drawn_by, created_at)"
                          " SELECT i.checklist_id, i.id, ?6, ?7, ?6 FROM task_checklist_items i WHERE i.checklist_id = ?5 AND i.status = '已销号'"
                          " AND " ITEM_SCOPE " AND NOT EXISTS (SELECT 1 FROM task_cl_reviews v WHERE v.item_id = i.id AND v.status = '待复查')"
                          " ORDER BY random() LIMIT ?8");
  *drawn = 0;
  *items = NULL;
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
  db_bind_int(s, 5, cl);
  db_bind_text(s, 6, at);
  db_bind_int(s, 7, org_caller(r)->id);
  db_bind_int(s, 8, count);
  if (db_step(s) != DB_DONE) return -1;
  *drawn = db_changes();
  if (!*drawn) return 0;
  s = db_prepare("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.checklist_id = ? AND v.batch = ? AND v.drawn_by = ? ORDER BY i.seq, i.id");
  if (!s) return -1;
  db_bind_int(s, 1, cl);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, org_caller(r)->id);
  *items = dbj_rows(s);
  return *items ? 0 : -1;
}

json_t *tasks_store_reviews_of(req *r, int64_t cl) {
  db_stmt *s = db_prepare("SELECT " REVIEW_COLS REVIEW_FROM " WHERE v.checklist_id = ?5 AND " ITEM_SCOPE " ORDER BY v.id DESC LIMIT 500");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
  db_bind_int(s, 5, cl);
  return dbj_rows(s);
}

int tasks_store_review_finding(int64_t id, int64_t item, int reopen, const char *note, int64_t user, const char *at) {
  db_stmt *s = db_prepare("UPDATE task_cl_reviews SET status = ?1, note = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?5");
  if (!s) return -1;
  db_bind_text(s, 1, reopen ? "已重新整改" : "已确认");
  db_bind_text(s, 2, note);
  db_bind_int(s, 3, user);
  db_bind_text(s, 4, at);
  db_bind_int(s, 5, id);
  if (db_step(s) != DB_DONE) return -1;
  if (!reopen) return 0;
  /* The problem is back: the item is open again and must be closed anew, with new evidence and approval. */
  s = db_prepare("UPDATE task_checklist_items SET status = '进行中', reject_reason = ?1, closed_at = NULL, submitted_at = NULL, updated_at = ?2"
                 " WHERE id = ?3 AND status = '已销号'");
  if (!s) return -1;
  char why[2100];
  snprintf(why, sizeof why, "回头看发现问题反弹：%s", note);
  db_bind_text(s, 1, why);
  db_bind_text(s, 2, at);
  db_bind_int(s, 3, item);
  return db_step(s) == DB_DONE ? 0 : -1;
}
