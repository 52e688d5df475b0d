/* store_files.c — all SQL of attachments (the files themselves live on disk by hash, see files.c). */
#include "tasks/internal.h"

#define ATT_COLS "a.id, a.name, a.size, a.type, a.sha256, a.owner_kind, a.owner_id, a.event_id, a.uploaded_by, us.name AS uploaded_by_name, a.uploaded_at"
#define ATT_FROM " FROM task_attachments a LEFT JOIN users us ON us.id = a.uploaded_by"

json_t *tasks_attachments_of(const char *owner_kind, int64_t owner_id) {
  db_stmt *s = db_prepare("SELECT a.id, a.name, a.size, a.type, a.event_id, us.name AS uploaded_by_name, a.uploaded_by, a.uploaded_at" ATT_FROM
                          " WHERE a.owner_kind = ? AND a.owner_id = ? ORDER BY a.id");
  if (!s) return NULL;
  db_bind_text(s, 1, owner_kind);
  db_bind_int(s, 2, owner_id);
  return dbj_rows(s);
}


int tasks_store_attachment_link(int64_t id, int64_t task, int64_t event, int64_t user) {
  db_stmt *s = db_prepare("UPDATE task_attachments SET event_id = ?1 WHERE id = ?2 AND owner_kind = 'task' AND owner_id = ?3"
                            " AND event_id IS NULL AND uploaded_by = ?4");
  if (!s) return -1;
  db_bind_int(s, 1, event);
  db_bind_int(s, 2, id);
  db_bind_int(s, 3, task);
  db_bind_int(s, 4, user);
  return db_step(s) == DB_DONE ? db_changes() : -1;
}

json_t *tasks_store_attachment_get(int64_t id) { return dbj_one("SELECT " ATT_COLS ATT_FROM " WHERE a.id = ?", id); }

int64_t tasks_store_attachment_count(const char *kind, int64_t owner) {
  db_stmt *s = db_prepare("SELECT count(*) FROM task_attachments WHERE owner_kind = ? AND owner_id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, kind);
  db_bind_int(s, 2, owner);
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int64_t tasks_store_attachment_insert(const char *sha, const char *name, int64_t size, const char *type, const char *kind, int64_t owner,
                                      int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_attachments(sha256, name, size, type, owner_kind, owner_id, uploaded_by, uploaded_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, sha);
  db_bind_text(s, 2, name);
  db_bind_int(s, 3, size);
  db_bind_text(s, 4, type);
  db_bind_text(s, 5, kind);
  db_bind_int(s, 6, owner);
  db_bind_int(s, 7, user);
  db_bind_text(s, 8, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

int tasks_store_attachment_delete(int64_t id) {
  db_stmt *s = db_prepare("DELETE FROM task_attachments WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}
