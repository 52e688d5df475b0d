/* store_checklists.c — the SQL behind 清单闭环: checklists, their items (one insert for the API, the importer and
 * tasks_cl_item_open), the scoped item list, statistics rows, edits and the close-out steps. Typed functions only;
 * checklists.c validates, opens the transaction and audits. */
#include "tasks/internal.h"
#include <stdio.h>

#define ITEM_COLS "i.id, i.checklist_id, c.kind, c.title AS checklist_title, i.seq, i.title, i.target_group, i.source, i.measures," \
  " i.unit_id, u.code AS unit_code, u.name AS unit_name, i.owner_id, ow.username AS owner_username, ow.name AS owner_name, ow.phone AS owner_phone, i.due_date," \
  " i.amount_fen, i.recovered_fen, i.refunded_fen, i.people, i.status, i.evidence, i.reject_reason, i.submitted_at, i.closed_at," \
  " i.created_at, i.updated_at," \
  " (SELECT count(*) FROM task_attachments a WHERE a.owner_kind = 'item' AND a.owner_id = i.id) AS attachment_count"
#define ITEM_FROM " FROM task_checklist_items i JOIN task_checklists c ON c.id = i.checklist_id JOIN units u ON u.id = i.unit_id" \
  " LEFT JOIN users ow ON ow.id = i.owner_id"
#define ITEM_SCOPE "(" ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) " OR i.owner_id = ?4)"

static void bind_scope(req *r, db_stmt *s) {
  if (!r) { /* the system itself (reports): everything */
    db_bind_int(s, 1, 1);
    db_bind_text(s, 2, "[]");
    db_bind_int(s, 3, -1);
    db_bind_int(s, 4, -1);
    return;
  }
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->id);
}

json_t *tasks_store_item_row(int64_t id) {
  db_stmt *s = db_prepare("SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

int tasks_store_item_visible(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM task_checklist_items i WHERE i.id = ?5 AND " ITEM_SCOPE);
  if (!s) return 0;
  bind_scope(r, s);
  db_bind_int(s, 5, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

json_t *tasks_store_checklist_get(int64_t id) {
  db_stmt *s = db_prepare("SELECT c.id, c.kind, c.title, c.year, c.created_at, c.updated_at,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id) AS item_count,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id AND i.status = '已销号') AS closed_count"
                          " FROM task_checklists c WHERE c.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

int tasks_store_cl_stat_rows(req *r, const tasks_cl_filter *f, void (*row)(void *ctx, const tasks_cl_stat_row *x), void *ctx) {
  db_stmt *s = db_prepare("SELECT i.status, COALESCE(i.due_date, ''), substr(COALESCE(i.closed_at, ''), 1, 10), i.amount_fen, i.recovered_fen,"
                          " i.refunded_fen, i.people, i.unit_id, u.name"
                          " FROM task_checklist_items i JOIN task_checklists c ON c.id = i.checklist_id JOIN units u ON u.id = i.unit_id"
                          " WHERE " ITEM_SCOPE " AND (?5 < 0 OR c.kind = ?6) AND (?7 = 0 OR i.checklist_id = ?7)"
                          " AND (?8 = 0 OR i.unit_id = ?8 OR (?12 AND u.path LIKE (SELECT path FROM units WHERE id = ?8) || '%'))"
                          " AND (?9 = 0 OR c.year = ?9) AND (?10 IS NULL OR i.due_date >= ?10) AND (?11 IS NULL OR i.due_date <= ?11)"
                          " ORDER BY u.path, u.sort, u.id");
  if (!s) return -1;
  bind_scope(r, s);
  db_bind_int(s, 5, f->kind);
  db_bind_text(s, 6, f->kind >= 0 ? tasks_cl_kind_name((tasks_cl_kind)f->kind) : "");
  db_bind_int(s, 7, f->checklist_id);
  db_bind_int(s, 8, f->unit_id);
  db_bind_int(s, 9, f->year);
  db_bind_text(s, 10, f->from && *f->from ? f->from : NULL);
  db_bind_text(s, 11, f->to && *f->to ? f->to : NULL);
  db_bind_int(s, 12, f->unit_id && f->below);
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    tasks_cl_stat_row x = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_int(s, 3), db_col_int(s, 4), db_col_int(s, 5),
                           db_col_int(s, 6), db_col_int(s, 7), db_col_text(s, 8)};
    row(ctx, &x);
  }
  return st == DB_DONE ? 0 : -1;
}

json_t *tasks_store_checklists(const char *kind, int64_t year) {
  db_stmt *s = db_prepare("SELECT c.id, c.kind, c.title, c.year, c.created_at,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id) AS item_count,"
                          " (SELECT count(*) FROM task_checklist_items i WHERE i.checklist_id = c.id AND i.status = '已销号') AS closed_count"
                          " FROM task_checklists c WHERE (?1 IS NULL OR c.kind = ?1) AND (?2 = 0 OR c.year = ?2) ORDER BY c.year DESC, c.id");
  if (!s) return NULL;
  db_bind_text(s, 1, kind);
  db_bind_int(s, 2, year);
  return dbj_rows(s);
}

int64_t tasks_store_checklist_insert(const char *kind, const char *title, int64_t year, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_checklists(kind, title, year, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, kind);
  db_bind_text(s, 2, title);
  db_bind_int(s, 3, year);
  if (user) db_bind_int(s, 4, user); else db_bind_null(s, 4);
  db_bind_text(s, 5, at);
  db_bind_text(s, 6, at);
  if (db_step(s) != DB_DONE) return -1;
  return db_last_id();
}

int64_t tasks_cl_item_insert(int64_t checklist, const tasks_item_in *in, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_checklist_items(checklist_id, seq, title, target_group, source, measures, unit_id, owner_id, due_date,"
                          " amount_fen, recovered_fen, refunded_fen, people, created_at, updated_at)"
                          " VALUES(?1, COALESCE(NULLIF(?2, 0), (SELECT COALESCE(max(seq), 0) + 1 FROM task_checklist_items WHERE checklist_id = ?1)),"
                          " ?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14)");
  if (!s) return 0;
  db_bind_int(s, 1, checklist);
  db_bind_int(s, 2, in->seq);
  db_bind_text(s, 3, in->title);
  db_bind_text(s, 4, in->group ? in->group : "");
  db_bind_text(s, 5, in->source ? in->source : "");
  db_bind_text(s, 6, in->measures ? in->measures : "");
  db_bind_int(s, 7, in->unit);
  if (in->owner) db_bind_int(s, 8, in->owner); else db_bind_null(s, 8);
  db_bind_text(s, 9, in->due);
  db_bind_int(s, 10, in->amount);
  db_bind_int(s, 11, in->recovered);
  db_bind_int(s, 12, in->refunded);
  db_bind_int(s, 13, in->people);
  db_bind_text(s, 14, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

#define ITEMS_WHERE " WHERE " ITEM_SCOPE " AND i.checklist_id = ?5 AND (?6 IS NULL OR i.status = ?6)" \
  " AND (?7 = 0 OR i.unit_id = ?7 OR (?11 AND i.unit_id IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?7) || '%')))" \
  " AND (?8 IS NULL OR i.title LIKE ?8 ESCAPE '\\' OR i.measures LIKE ?8 ESCAPE '\\')"

static void bind_items(req *r, db_stmt *s, const tasks_items_q *q) {
  bind_scope(r, s);
  db_bind_int(s, 5, q->checklist);
  db_bind_text(s, 6, q->status);
  db_bind_int(s, 7, q->unit);
  db_bind_text(s, 8, q->like);
  db_bind_int(s, 11, q->unit && q->below);
}

int64_t tasks_store_items_count(req *r, const tasks_items_q *q) {
  db_stmt *s = db_prepare("SELECT count(*) FROM task_checklist_items i" ITEMS_WHERE);
  if (!s) return -1;
  bind_items(r, s, q);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return total;
}

json_t *tasks_store_items_page(req *r, const tasks_items_q *q, int64_t limit, int64_t offset) {
  db_stmt *s = db_prepare("SELECT " ITEM_COLS ITEM_FROM ITEMS_WHERE " ORDER BY i.seq, i.id LIMIT ?9 OFFSET ?10");
  if (!s) return NULL;
  bind_items(r, s, q);
  db_bind_int(s, 9, limit);
  db_bind_int(s, 10, offset);
  return dbj_rows(s);
}

int tasks_store_item_update(int64_t id, const tasks_item_in *in, int set_due, const char *at) {
  enum { I_TITLE, I_GROUP, I_SOURCE, I_MEASURES, I_UNIT, I_OWNER, I_DUE, I_AMOUNT, I_RECOVERED, I_REFUNDED, I_PEOPLE };
  db_stmt *s = db_prepare("UPDATE task_checklist_items SET title = COALESCE(?1, title), target_group = COALESCE(?2, target_group),"
                          " source = COALESCE(?3, source), measures = COALESCE(?4, measures), unit_id = COALESCE(?5, unit_id),"
                          " owner_id = CASE WHEN ?6 THEN ?7 ELSE owner_id END, due_date = CASE WHEN ?8 THEN ?9 ELSE due_date END,"
                          " amount_fen = COALESCE(?10, amount_fen), recovered_fen = COALESCE(?11, recovered_fen), refunded_fen = COALESCE(?12, refunded_fen),"
                          " people = COALESCE(?13, people), updated_at = ?14 WHERE id = ?15");
  if (!s) return -1;
  db_bind_text(s, 1, in->has[I_TITLE] > 0 ? in->title : NULL);
  db_bind_text(s, 2, in->has[I_GROUP] > 0 ? in->group : NULL);
  db_bind_text(s, 3, in->has[I_SOURCE] > 0 ? in->source : NULL);
  db_bind_text(s, 4, in->has[I_MEASURES] > 0 ? in->measures : NULL);
  if (in->has[I_UNIT] > 0) db_bind_int(s, 5, in->unit); else db_bind_null(s, 5);
  db_bind_int(s, 6, in->has[I_OWNER] != 0);
  if (in->owner) db_bind_int(s, 7, in->owner); else db_bind_null(s, 7);
  db_bind_int(s, 8, set_due);
  db_bind_text(s, 9, in->due);
  if (in->has[I_AMOUNT] > 0) db_bind_int(s, 10, in->amount); else db_bind_null(s, 10);
  if (in->has[I_RECOVERED] > 0) db_bind_int(s, 11, in->recovered); else db_bind_null(s, 11);
  if (in->has[I_REFUNDED] > 0) db_bind_int(s, 12, in->refunded); else db_bind_null(s, 12);
  if (in->has[I_PEOPLE] > 0) db_bind_int(s, 13, in->people); else db_bind_null(s, 13);
  db_bind_text(s, 14, at);
  db_bind_int(s, 15, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_item_step(int64_t id, int step, const char *status, const char *evidence, const char *reason, int64_t by, const char *at) {
  db_stmt *s = db_prepare("UPDATE task_checklist_items SET status = ?1, evidence = COALESCE(?2, evidence), reject_reason = COALESCE(?3, ''),"
                          " submitted_at = CASE WHEN ?4 = 0 THEN ?5 ELSE submitted_at END, closed_at = CASE WHEN ?4 = 1 THEN ?5 ELSE NULL END,"
                          " approved_by = CASE WHEN ?4 = 1 THEN ?6 ELSE approved_by END, updated_at = ?5 WHERE id = ?7");
  if (!s) return -1;
  db_bind_text(s, 1, status);
  db_bind_text(s, 2, evidence);
  db_bind_text(s, 3, reason);
  db_bind_int(s, 4, step);
  db_bind_text(s, 5, at);
  db_bind_int(s, 6, by);
  db_bind_int(s, 7, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *tasks_store_items_mine(req *r, int can_approve) {
  db_stmt *s = db_prepare("SELECT " ITEM_COLS ITEM_FROM " WHERE (i.owner_id = ?4 AND i.status = '进行中')"
                          " OR (?5 AND i.status = '待审核' AND " ORG_SCOPE_SQL("i.unit_id", "i.owner_id", 1, 2, 3) ")"
                          " ORDER BY i.due_date IS NULL, i.due_date, i.id LIMIT 500");
  if (!s) return NULL;
  bind_scope(r, s);
  db_bind_int(s, 5, can_approve);
  return dbj_rows(s);
}
