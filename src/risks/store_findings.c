/* store_findings.c — the SQL of audit findings: insert, link to the checklist item, one finding, the scoped list. */
#include "risks/internal.h"

int64_t risks_store_finding_insert(const risks_finding_row *w) {
  db_stmt *s = db_prepare("INSERT INTO risk_findings(source, title, severity, unit_id, amount_fen, due, created_by, created_at) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, w->source);
  db_bind_text(s, 2, w->title);
  db_bind_text(s, 3, w->severity);
  db_bind_int(s, 4, w->unit);
  db_bind_int(s, 5, w->amount_fen);
  db_bind_text(s, 6, w->due);
  if (w->created_by) db_bind_int(s, 7, w->created_by);
  else db_bind_null(s, 7);
  db_bind_text(s, 8, w->at);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int risks_store_finding_item(int64_t id, int64_t item) {
  db_stmt *s = db_prepare("UPDATE risk_findings SET item_id = ?2 WHERE id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, item);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define F_COLS "f.id, f.source, f.title, f.severity, f.unit_id, un.name AS unit_name, f.amount_fen, f.due, f.item_id, f.created_at" \
  " FROM risk_findings f JOIN units un ON un.id = f.unit_id"

json_t *risks_store_finding_get(int64_t id) { return dbj_one("SELECT " F_COLS " WHERE f.id = ?", id); }

json_t *risks_store_findings(req *r) {
  db_stmt *s = db_prepare("SELECT " F_COLS " WHERE " ORG_SCOPE_SQL("f.unit_id", "f.created_by", 1, 2, 3) " ORDER BY f.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}
