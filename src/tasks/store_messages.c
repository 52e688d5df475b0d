/* store_messages.c — the SQL behind the message centre (消息中心) and the units' group robots: messages, the caller's
 * list and unread count, robot settings, the outbox the background sender posts, and the deadline sweep's batch.
 * Typed functions only; messages.c and notifier.c check, open the transactions and audit. */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tasks_message_add(int64_t user_id, const char *kind, int64_t task_id, const char *title, const char *body, const char *dedupe,
                      const char *at, int *added) {
  db_stmt *s = db_prepare("INSERT OR IGNORE INTO task_messages(user_id, kind, task_id, title, body, dedupe, created_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_text(s, 2, kind);
  if (task_id) db_bind_int(s, 3, task_id); else db_bind_null(s, 3);
  db_bind_text(s, 4, title);
  db_bind_text(s, 5, body ? body : "");
  db_bind_text(s, 6, dedupe);
  db_bind_text(s, 7, at);
  if (db_step(s) != DB_DONE) return -1;
  if (added) *added = db_changes() > 0;
  return 0;
}

int tasks_webhook_enqueue(int64_t unit_id, const char *content, const char *at) {
  db_stmt *s = db_prepare("SELECT url FROM task_unit_webhooks WHERE unit_id = ? AND enabled = 1");
  if (!s) return -1;
  db_bind_int(s, 1, unit_id);
  if (db_step(s) != DB_ROW) { db_reset(s); return 0; }
  char url[1100];
  snprintf(url, sizeof url, "%s", db_col_text(s, 0));
  db_reset(s);
  char *body = tasks_robot_body(content);
  if (!body) return -1;
  s = db_prepare("INSERT INTO task_webhook_outbox(unit_id, url, body, next_at, created_at) VALUES(?,?,?,?,?)");
  if (!s) { free(body); return -1; }
  db_bind_int(s, 1, unit_id);
  db_bind_text(s, 2, url);
  db_bind_text(s, 3, body);
  db_bind_text(s, 4, at);
  db_bind_text(s, 5, at);
  free(body);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t tasks_store_unread(int64_t user) {
  db_stmt *s = db_prepare("SELECT count(*) FROM task_messages WHERE user_id = ? AND read_at IS NULL");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

json_t *tasks_store_messages(int64_t user, int only_unread, int64_t size, int64_t offset, int64_t *total) {
  db_stmt *s = db_prepare("SELECT count(*) FROM task_messages m WHERE m.user_id = ?1 AND (?2 = 0 OR m.read_at IS NULL)");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  db_bind_int(s, 2, only_unread);
  *total = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  s = db_prepare("SELECT json_object('id', m.id, 'kind', m.kind, 'task_id', m.task_id, 'title', m.title, 'body', m.body,"
                 " 'read', json(CASE WHEN m.read_at IS NULL THEN 'false' ELSE 'true' END), 'read_at', m.read_at, 'created_at', m.created_at)"
                 " FROM task_messages m WHERE m.user_id = ?1 AND (?2 = 0 OR m.read_at IS NULL) ORDER BY m.id DESC LIMIT ?3 OFFSET ?4");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  db_bind_int(s, 2, only_unread);
  db_bind_int(s, 3, size);
  db_bind_int(s, 4, offset);
  return dbj_rows_text(s);
}

int tasks_store_messages_read(int64_t user, int all, const int64_t *ids, size_t n, const char *at) {
  db_stmt *s = db_prepare("UPDATE task_messages SET read_at = ?1 WHERE user_id = ?2 AND read_at IS NULL"
                          " AND (?3 OR id" DB_IN_IDS(4) ")");
  if (!s) return -1;
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, user);
  db_bind_int(s, 3, all);
  if (db_bind_ids(s, 4, ids, n)) { db_reset(s); return -1; }
  if (db_step(s) != DB_DONE) return -1;
  return db_changes();
}

json_t *tasks_store_webhooks(int64_t unit) {
  db_stmt *s = db_prepare("SELECT w.unit_id, u.name AS unit_name, w.url, w.enabled AS b_enabled, w.updated_at,"
                          " (SELECT count(*) FROM task_webhook_outbox o WHERE o.unit_id = w.unit_id AND o.status = 'sent') AS sent,"
                          " (SELECT count(*) FROM task_webhook_outbox o WHERE o.unit_id = w.unit_id AND o.status = 'pending') AS pending,"
                          " (SELECT count(*) FROM task_webhook_outbox o WHERE o.unit_id = w.unit_id AND o.status = 'failed') AS failed,"
                          " (SELECT o.last_error FROM task_webhook_outbox o WHERE o.unit_id = w.unit_id AND o.last_error <> '' ORDER BY o.id DESC LIMIT 1) AS last_error"
                          " FROM task_unit_webhooks w JOIN units u ON u.id = w.unit_id WHERE (?1 = 0 OR w.unit_id = ?1) ORDER BY u.path, u.sort, u.id");
  if (!s) return NULL;
  db_bind_int(s, 1, unit);
  return dbj_rows(s);
}

int tasks_store_webhook_put(int64_t unit, const char *url, int enabled, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO task_unit_webhooks(unit_id, url, enabled, updated_at) VALUES(?1, ?2, ?3, ?4)"
                          " ON CONFLICT(unit_id) DO UPDATE SET url = ?2, enabled = ?3, updated_at = ?4");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, url);
  db_bind_int(s, 3, enabled);
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_webhook_delete(int64_t unit) {
  db_stmt *s = db_prepare("DELETE FROM task_unit_webhooks WHERE unit_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t tasks_store_webhook_enabled(int64_t unit) {
  db_stmt *s = db_prepare("SELECT count(*) FROM task_unit_webhooks WHERE unit_id = ? AND enabled = 1");
  if (!s) return 0;
  db_bind_int(s, 1, unit);
  int64_t have = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return have;
}

int tasks_store_outbox_next(const char *now, tasks_outbox_row *out) {
  db_stmt *s = db_prepare("SELECT id, url, body, attempts FROM task_webhook_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT 1");
  if (!s) return -1;
  db_bind_text(s, 1, now);
  if (db_step(s) != DB_ROW) { db_reset(s); return 0; }
  out->id = db_col_int(s, 0);
  out->attempts = (int)db_col_int(s, 3);
  out->url = strdup(db_col_text(s, 1));
  out->body = strdup(db_col_text(s, 2));
  db_reset(s);
  return 1;
}

int tasks_store_outbox_done(int64_t id, int ok, const char *err, const char *next, const char *now) {
  db_stmt *s = db_prepare("UPDATE task_webhook_outbox SET status = CASE WHEN ?1 THEN 'sent' WHEN attempts + 1 >= 5 THEN 'failed' ELSE 'pending' END,"
                          " attempts = attempts + 1, last_error = ?2, next_at = ?3, sent_at = CASE WHEN ?1 THEN ?4 END WHERE id = ?5");
  if (!s) return -1;
  db_bind_int(s, 1, ok);
  db_bind_text(s, 2, ok ? "" : err);
  db_bind_text(s, 3, next);
  db_bind_text(s, 4, now);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_store_sweep_batch(int64_t cursor, const char *yellow_work, const char *yellow_cal, tasks_sweep_row *rows, size_t cap, size_t *n) {
  *n = 0;
  db_stmt *s = db_prepare("SELECT t.id, t.title, t.status, t.due_date, t.workdays, t.owner_id, t.leader_id, t.lead_unit_id, lu.name, ow.name"
                          " FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id LEFT JOIN users ow ON ow.id = t.owner_id"
                          " WHERE t.id > ?1 AND t.status IN ('已交办','办理中')"
                          " AND t.due_date <= CASE WHEN t.workdays THEN ?2 ELSE ?3 END ORDER BY t.id LIMIT ?4");
  if (!s) return -1;
  db_bind_int(s, 1, cursor);
  db_bind_text(s, 2, yellow_work);
  db_bind_text(s, 3, yellow_cal);
  db_bind_int(s, 4, (int64_t)cap);
  db_status st = DB_DONE;
  while (*n < cap && (st = db_step(s)) == DB_ROW) {
    tasks_sweep_row *w = &rows[(*n)++];
    w->id = db_col_int(s, 0);
    snprintf(w->title, sizeof w->title, "%s", db_col_text(s, 1));
    snprintf(w->status, sizeof w->status, "%s", db_col_text(s, 2));
    snprintf(w->due, sizeof w->due, "%s", db_col_text(s, 3));
    w->workdays = (int)db_col_int(s, 4);
    w->owner = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
    w->leader = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
    w->unit = db_col_int(s, 7);
    snprintf(w->unit_name, sizeof w->unit_name, "%s", db_col_text(s, 8));
    snprintf(w->owner_name, sizeof w->owner_name, "%s", db_col_text(s, 9));
  }
  if (st == DB_ROW) st = db_step(s); /* the LIMIT ends the rows: this is DB_DONE */
  if (st != DB_DONE) { db_reset(s); return -1; }
  return 0;
}
