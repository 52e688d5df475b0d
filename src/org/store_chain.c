/* store_chain.c — the SQL behind the hash-chained logs' verification, daily anchors and archiving (chain.c holds the
 * hashing and the CLI). Typed functions only; the table names come from code, never from input. */
#include "org/internal.h"
#include <stdio.h>
#include <string.h>

/* The columns hashed, in the order chain_append (auth.c) writes them. */
static const char *const audit_cols = "at, user_id, username, ip, action, entity, entity_id, summary, before, after";
static const char *const login_cols = "at, username, user_id, ip, user_agent, ok, reason";

int64_t org_store_chain_count(const char *table) {
  char sql[256];
  int64_t total = 0;
  if (table) snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  else snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM login_log)");
  db_stmt *c = db_prepare(sql);
  if (c && db_step(c) == DB_ROW) total = db_col_int(c, 0);
  db_reset(c);
  return total;
}

void org_store_chain_start(const char *table, char prev[65]) {
  /* After an archive, the chain starts at the archived rows' last hash (recorded in chain_start). */
  db_stmt *has = db_prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'chain_start'");
  int have_start = has && db_step(has) == DB_ROW && db_col_int(has, 0) > 0;
  db_reset(has);
  db_stmt *cs = have_start ? db_prepare("SELECT prev_hash FROM chain_start WHERE table_name = ?") : NULL;
  if (cs) {
    db_bind_text(cs, 1, table);
    if (db_step(cs) == DB_ROW) snprintf(prev, 65, "%s", db_col_text(cs, 0));
    db_reset(cs);
  }
}

int org_store_chain_rows(const char *table, int (*row)(void *ctx, int64_t id, const char *prev, const char *hash, const char *const *fields, size_t nf),
                         void *ctx) {
  int audit = strcmp(table, "audit_log") == 0;
  size_t nf = audit ? 10 : 7;
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT id, prev_hash, hash, %s FROM %s ORDER BY id", audit ? audit_cols : login_cols, table);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    const char *fields[10];
    for (size_t i = 0; i < nf; i++) fields[i] = db_col_is_null(s, (int)i + 3) ? NULL : db_col_text(s, (int)i + 3);
    int rc = row(ctx, db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), fields, nf);
    if (rc) { db_reset(s); return rc; }
  }
  return st == DB_DONE ? 0 : -1;
}

int org_store_audit_anchors(const char *day, void (*row)(void *ctx, const char *d, const char *hash, int64_t n), void *ctx) {
  db_stmt *s = db_prepare("SELECT g.d, b.hash, g.n FROM (SELECT substr(at, 1, 10) AS d, max(id) AS last, count(*) AS n FROM audit_log"
                          " WHERE (?1 IS NULL OR substr(at, 1, 10) = ?1) GROUP BY d) g JOIN audit_log b ON b.id = g.last ORDER BY g.d");
  if (!s) return -1;
  db_bind_text(s, 1, day);
  int n = 0;
  while (db_step(s) == DB_ROW) {
    row(ctx, db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2));
    n++;
  }
  return n;
}

int org_store_archive_attach(const char *out) {
  db_stmt *a = db_prepare("ATTACH DATABASE ? AS arch");
  db_bind_text(a, 1, out);
  return !a || db_step(a) != DB_DONE ? -1 : 0;
}

void org_store_archive_detach(void) { db_exec("DETACH DATABASE arch"); }

int org_store_archive_table(int login, const char *before, const char *out, int64_t *moved) {
  const char *table = login ? "login_log" : "audit_log";
  char sql[512];
  *moved = 0;
  snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS arch.%s AS SELECT * FROM main.%s WHERE 0", table, table);
  int fail = db_exec(sql) != DB_DONE;
  if (!fail) fail = db_exec("CREATE TABLE IF NOT EXISTS arch.chain_start AS SELECT * FROM main.chain_start WHERE 0") != DB_DONE;
  /* The archive starts where the live chain started. */
  snprintf(sql, sizeof sql, "INSERT INTO arch.chain_start SELECT * FROM main.chain_start WHERE table_name = '%s'", table);
  if (!fail) fail = db_exec(sql) != DB_DONE;
  snprintf(sql, sizeof sql, "INSERT INTO arch.%s SELECT * FROM main.%s WHERE at < ?1 ORDER BY id", table, table);
  db_stmt *s = fail ? NULL : db_prepare(sql);
  if (s) { db_bind_text(s, 1, before); fail = db_step(s) != DB_DONE; *moved = db_changes(); }
  else fail = 1;
  if (fail || !*moved) return fail ? -1 : 0;
  snprintf(sql, sizeof sql, "SELECT hash FROM main.%s WHERE at < ?1 ORDER BY id DESC LIMIT 1", table);
  s = db_prepare(sql);
  char last[65] = "";
  if (s) { db_bind_text(s, 1, before); if (db_step(s) == DB_ROW) snprintf(last, sizeof last, "%s", db_col_text(s, 0)); db_reset(s); }
  char at[20];
  org_now(at);
  s = db_prepare("INSERT INTO main.chain_start(table_name, prev_hash, archived_rows, archive_file, archived_at) VALUES(?1, ?2, ?3, ?4, ?5)"
                 " ON CONFLICT(table_name) DO UPDATE SET prev_hash = ?2, archived_rows = archived_rows + ?3, archive_file = ?4, archived_at = ?5");
  db_bind_text(s, 1, table);
  db_bind_text(s, 2, last);
  db_bind_int(s, 3, *moved);
  db_bind_text(s, 4, out);
  db_bind_text(s, 5, at);
  fail = !*last || db_step(s) != DB_DONE;
  /* The append-only triggers stand aside for this one statement only, inside the same transaction. */
  const char *pre = login ? "login" : "audit";
  snprintf(sql, sizeof sql, "DROP TRIGGER %s_no_delete", pre);
  if (!fail) fail = db_exec(sql) != DB_DONE;
  snprintf(sql, sizeof sql, "DELETE FROM main.%s WHERE at < ?1", table);
  s = fail ? NULL : db_prepare(sql);
  if (s) { db_bind_text(s, 1, before); fail = db_step(s) != DB_DONE; } else fail = 1;
  snprintf(sql, sizeof sql, "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s BEGIN SELECT RAISE(ABORT, '%s is append-only'); END", pre, table, table);
  if (!fail) fail = db_exec(sql) != DB_DONE;
  return fail ? -1 : 0;
}

int org_store_chain_last(const char *table, char prev[65], char prev_day[11]) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT hash, substr(at, 1, 10) FROM %s ORDER BY id DESC LIMIT 1", table);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  prev_day[0] = 0;
  if (db_step(s) == DB_ROW) {
    snprintf(prev, 65, "%s", db_col_text(s, 0));
    snprintf(prev_day, 11, "%s", db_col_text(s, 1));
  } else {
    memset(prev, '0', 64), prev[64] = 0;
  }
  db_reset(s);
  return 0;
}

int org_store_chain_insert(const char *table, const char *const *fields, size_t nfields, const char *prev, const char *hash) {
  db_stmt *s = db_prepare(strcmp(table, "audit_log") == 0
                            ? "INSERT INTO audit_log(at,user_id,username,ip,action,entity,entity_id,summary,before,after,prev_hash,hash)"
                              " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"
                            : "INSERT INTO login_log(at,username,user_id,ip,user_agent,ok,reason,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  for (size_t i = 0; i < nfields; i++) {
    if (fields[i]) db_bind_text(s, (int)i + 1, fields[i]);
    else db_bind_null(s, (int)i + 1);
  }
  db_bind_text(s, (int)nfields + 1, prev);
  db_bind_text(s, (int)nfields + 2, hash);
  return db_step(s) == DB_DONE ? 0 : -1;
}
