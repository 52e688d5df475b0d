/* chain.c — verification of the hash-chained audit and login logs (`bureau audit verify`), and the daily anchors
 * an auditor keeps outside the database (`bureau audit anchor`). */
#include "org/internal.h"
#include "base/job.h"
#include "base/log.h"
#include "base/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The columns hashed, in the order chain_append (auth.c) writes them. */
static const char *const audit_cols = "at, user_id, username, ip, action, entity, entity_id, summary, before, after";
static const char *const login_cols = "at, username, user_id, ip, user_agent, ok, reason";

int org_chain_verify(const char *table, org_chain_report *rep, void (*progress)(void *, int64_t, int64_t), void *ctx) {
  memset(rep, 0, sizeof *rep);
  snprintf(rep->table, sizeof rep->table, "%s", table);
  int audit = strcmp(table, "audit_log") == 0;
  if (!audit && strcmp(table, "login_log") != 0) return -1;
  size_t nf = audit ? 10 : 7;
  char sql[256];
  int64_t total = 0;
  if (progress) {
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    db_stmt *c = db_prepare(sql);
    if (c && db_step(c) == DB_ROW) total = db_col_int(c, 0);
    db_reset(c);
  }
  snprintf(sql, sizeof sql, "SELECT id, prev_hash, hash, %s FROM %s ORDER BY id", audit ? audit_cols : login_cols, table);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  char prev[65];
  memset(prev, '0', 64);
  prev[64] = 0;
  /* After an archive, the chain starts at the archived rows' last hash (recorded in chain_start). */
  db_stmt *has = db_prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'chain_start'");
  int have_start = has && db_step(has) == DB_ROW && db_col_int(has, 0) > 0;
  db_reset(has);
  db_stmt *cs = have_start ? db_prepare("SELECT prev_hash FROM chain_start WHERE table_name = ?") : NULL;
  if (cs) {
    db_bind_text(cs, 1, table);
    if (db_step(cs) == DB_ROW) snprintf(prev, sizeof prev, "%s", db_col_text(cs, 0));
    db_reset(cs);
  }
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    int64_t id = db_col_int(s, 0);
    const char *fields[10];
    for (size_t i = 0; i < nf; i++) fields[i] = db_col_is_null(s, (int)i + 3) ? NULL : db_col_text(s, (int)i + 3);
    const char *stored_prev = db_col_text(s, 1), *stored_hash = db_col_text(s, 2);
    if (strcmp(stored_prev, prev) != 0) {
      rep->broken_id = id;
      snprintf(rep->broken_at, sizeof rep->broken_at, "%s", fields[0] ? fields[0] : "");
      snprintf(rep->reason, sizeof rep->reason, "第 %lld 行记录的上一行哈希与实际上一行不符：其前有记录被删除、插入或改动", (long long)id);
      break;
    }
    size_t clen;
    char *canon = org_audit_canonical(fields, nf, &clen);
    char *buf = canon ? malloc(64 + clen) : NULL;
    if (!buf) { free(canon); db_reset(s); return -1; }
    memcpy(buf, prev, 64);
    memcpy(buf + 64, canon, clen);
    char h[65];
    util_sha256_hex(buf, 64 + clen, h);
    free(buf);
    free(canon);
    if (strcmp(h, stored_hash) != 0) {
      rep->broken_id = id;
      snprintf(rep->broken_at, sizeof rep->broken_at, "%s", fields[0] ? fields[0] : "");
      snprintf(rep->reason, sizeof rep->reason, "第 %lld 行的内容与其哈希不符：该行被改动或伪造", (long long)id);
      break;
    }
    memcpy(prev, stored_hash, 65);
    rep->rows++;
    if (progress && rep->rows % 1000 == 0) progress(ctx, rep->rows, total);
    memcpy(rep->head, prev, 65);
  }
  if (rep->broken_id) { db_reset(s); return 1; }
  return st == DB_DONE ? 0 : -1;
}

static int verify_cli(void) {
  const char *tables[] = {"audit_log", "login_log"};
  int bad = 0;
  for (int i = 0; i < 2; i++) {
    org_chain_report rep;
    int rc = org_chain_verify(tables[i], &rep, NULL, NULL);
    if (rc < 0) { fprintf(stderr, "%s: 无法读取\n", tables[i]); return 2; }
    if (rc == 0) {
      printf("%s: 链完整，共 %lld 行，末行哈希 %s\n", tables[i], (long long)rep.rows, rep.rows ? rep.head : "-");
    } else {
      printf("%s: 链断裂，第一处在 id=%lld（%s）：%s；之前 %lld 行完好\n", tables[i], (long long)rep.broken_id, rep.broken_at, rep.reason,
             (long long)rep.rows);
      bad = 1;
    }
  }
  return bad;
}

/* The last hash of each day: what an auditor writes down and compares later. */
static int anchor_cli(const char *day) {
  db_stmt *s = db_prepare("SELECT g.d, b.hash, g.n FROM (SELECT substr(at, 1, 10) AS d, max(id) AS last, count(*) AS n FROM audit_log"
                          " WHERE (?1 IS NULL OR substr(at, 1, 10) = ?1) GROUP BY d) g JOIN audit_log b ON b.id = g.last ORDER BY g.d");
  if (!s) return 2;
  if (day && strlen(day) != 10) { fprintf(stderr, "日期应为 YYYY-MM-DD\n"); return 2; }
  db_bind_text(s, 1, day);
  int n = 0;
  printf("%-10s  %-64s  %s\n", "日期", "当日末行哈希（锚点）", "当日行数");
  while (db_step(s) == DB_ROW) {
    printf("%-10s  %-64s  %lld\n", db_col_text(s, 0), db_col_text(s, 1), (long long)db_col_int(s, 2));
    n++;
  }
  if (!n && day) { fprintf(stderr, "%s 没有操作日志\n", day); return 1; }
  return 0;
}

/* Moves whole days before `before` of both logs into a new SQLite file that verifies on its own, and records
 * where the remaining chain now starts. One transaction in the live database: either all moves or nothing. */
static int archive_cli(const char *before, const char *out) {
  if (!before || strlen(before) != 10 || !out) { fprintf(stderr, "用法: bureau audit archive --before YYYY-MM-DD --out FILE\n"); return 2; }
  struct stat st;
  if (stat(out, &st) == 0) { fprintf(stderr, "归档文件 %s 已存在，不覆盖\n", out); return 1; }
  /* ATTACH cannot run inside a transaction: check the chains first, attach, then copy and delete in one transaction. */
  org_chain_report rep;
  for (int i = 0; i < 2; i++) {
    if (org_chain_verify(i ? "login_log" : "audit_log", &rep, NULL, NULL) != 0) {
      fprintf(stderr, "%s 的链已断裂（id=%lld），请先查明原因再归档\n", i ? "登录日志" : "操作日志", (long long)rep.broken_id);
      return 1;
    }
  }
  db_stmt *a = db_prepare("ATTACH DATABASE ? AS arch");
  db_bind_text(a, 1, out);
  if (!a || db_step(a) != DB_DONE) { fprintf(stderr, "无法创建 %s\n", out); return 1; }
  int fail = db_begin() != DB_OK;
  int64_t moved[2] = {0, 0};
  const char *tables[] = {"audit_log", "login_log"};
  for (int i = 0; !fail && i < 2; i++) {
    char sql[512];
    snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS arch.%s AS SELECT * FROM main.%s WHERE 0", tables[i], tables[i]);
    fail = db_exec(sql) != DB_DONE;
    if (!fail) fail = db_exec("CREATE TABLE IF NOT EXISTS arch.chain_start AS SELECT * FROM main.chain_start WHERE 0") != DB_DONE;
    /* The archive starts where the live chain started. */
    snprintf(sql, sizeof sql, "INSERT INTO arch.chain_start SELECT * FROM main.chain_start WHERE table_name = '%s'", tables[i]);
    if (!fail) fail = db_exec(sql) != DB_DONE;
    snprintf(sql, sizeof sql, "INSERT INTO arch.%s SELECT * FROM main.%s WHERE at < ?1 ORDER BY id", tables[i], tables[i]);
    db_stmt *s = fail ? NULL : db_prepare(sql);
    if (s) { db_bind_text(s, 1, before); fail = db_step(s) != DB_DONE; moved[i] = db_changes(); }
    else fail = 1;
    if (fail || !moved[i]) continue;
    snprintf(sql, sizeof sql, "SELECT hash FROM main.%s WHERE at < ?1 ORDER BY id DESC LIMIT 1", tables[i]);
    s = db_prepare(sql);
    char last[65] = "";
    if (s) { db_bind_text(s, 1, before); if (db_step(s) == DB_ROW) snprintf(last, sizeof last, "%s", db_col_text(s, 0)); db_reset(s); }
    char at[20];
    org_now(at);
    s = db_prepare("INSERT INTO main.chain_start(table_name, prev_hash, archived_rows, archive_file, archived_at) VALUES(?1, ?2, ?3, ?4, ?5)"
                   " ON CONFLICT(table_name) DO UPDATE SET prev_hash = ?2, archived_rows = archived_rows + ?3, archive_file = ?4, archived_at = ?5");
    db_bind_text(s, 1, tables[i]);
    db_bind_text(s, 2, last);
    db_bind_int(s, 3, moved[i]);
    db_bind_text(s, 4, out);
    db_bind_text(s, 5, at);
    fail = !*last || db_step(s) != DB_DONE;
    /* The append-only triggers stand aside for this one statement only, inside the same transaction. */
    const char *pre = i ? "login" : "audit";
    snprintf(sql, sizeof sql, "DROP TRIGGER %s_no_delete", pre);
    if (!fail) fail = db_exec(sql) != DB_DONE;
    snprintf(sql, sizeof sql, "DELETE FROM main.%s WHERE at < ?1", tables[i]);
    s = fail ? NULL : db_prepare(sql);
    if (s) { db_bind_text(s, 1, before); fail = db_step(s) != DB_DONE; } else fail = 1;
    snprintf(sql, sizeof sql, "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s BEGIN SELECT RAISE(ABORT, '%s is append-only'); END", pre, tables[i], tables[i]);
    if (!fail) fail = db_exec(sql) != DB_DONE;
  }
  char sum[300];
  snprintf(sum, sizeof sum, "归档 %s 之前的操作日志 %lld 行、登录日志 %lld 行到 %s", before, (long long)moved[0], (long long)moved[1], out);
  if (!fail) fail = org_audit(NULL, "org.audit.archive", "audit_log", 0, sum, NULL, NULL) != 0;
  if (fail || db_commit() != DB_OK) {
    db_rollback();
    db_exec("DETACH DATABASE arch");
    unlink(out);
    fprintf(stderr, "归档失败，数据未改变: %s\n", db_errmsg());
    return 1;
  }
  db_exec("DETACH DATABASE arch");
  printf("%s\n归档文件可单独校验：bureau audit verify --db %s\n", sum, out);
  return 0;
}

int org_audit_cli(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fprintf(argc < 2 ? stderr : stdout,
            "用法 / usage:\n"
            "  bureau audit verify [--db FILE]          逐行校验操作日志和登录日志的哈希链；完好时退出码 0，否则指出第一处断裂并退出 1\n"
            "                                           walk both hash chains; exit 0 when whole, else name the first broken row and exit 1\n"
            "  bureau audit anchor [--db FILE] [DATE]   每天末行的哈希（锚点），交审计人员另行保存，日后可证明此前的日志未被改写\n"
            "                                           the last hash of each day, for an auditor to keep outside the database\n"
            "  bureau audit archive --before DATE --out FILE [--db FILE]\n"
            "                                           把 DATE 之前的整天日志移到归档文件（可单独校验），在线日志的链仍然完整\n"
            "                                           move whole days before DATE to a file that verifies on its own; the live chain still verifies\n");
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "verify")) return verify_cli();
  if (!strcmp(argv[1], "anchor")) return anchor_cli(argc > 2 ? argv[2] : NULL);
  if (!strcmp(argv[1], "archive")) {
    const char *before = NULL, *out = NULL;
    for (int i = 2; i + 1 < argc; i++) {
      if (!strcmp(argv[i], "--before")) before = argv[++i];
      else if (!strcmp(argv[i], "--out")) out = argv[++i];
    }
    return archive_cli(before, out);
  }
  fprintf(stderr, "未知的子命令 %s\n", argv[1]);
  return 2;
}

/* ---- the same check from the UI, as a background job ---- */
struct vctx { job *j; int64_t base, total; };
static void vprogress(void *p, int64_t done, int64_t total) {
  struct vctx *v = p;
  (void)total;
  job_progress(v->j, v->base + done, v->total);
}

static json_t *verify_job(job *j, void *arg) {
  (void)arg;
  struct vctx v = {j, 0, 0};
  db_stmt *c = db_prepare("SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM login_log)");
  if (c && db_step(c) == DB_ROW) v.total = db_col_int(c, 0);
  db_reset(c);
  json_t *out = json_array();
  const char *tables[] = {"audit_log", "login_log"};
  int ok = 1;
  for (int i = 0; i < 2; i++) {
    org_chain_report rep;
    int rc = org_chain_verify(tables[i], &rep, vprogress, &v);
    if (rc < 0) { json_decref(out); job_fail(j, "日志无法读取"); return NULL; }
    ok &= rc == 0;
    json_array_append_new(out, json_pack("{s:s,s:s,s:b,s:I,s:s?,s:I,s:s,s:s}", "table", tables[i], "name", i ? "登录日志" : "操作日志", "ok", rc == 0,
                                         "rows", (json_int_t)rep.rows, "head", rep.rows ? rep.head : NULL, "broken_id", (json_int_t)rep.broken_id,
                                         "broken_at", rep.broken_at, "reason", rep.reason));
    v.base += rep.rows;
  }
  job_progress(j, v.total, v.total);
  return json_pack("{s:b,s:o}", "ok", ok, "chains", out);
}

/* One verification at a time: while one runs, every later call is answered with it. */
static pthread_mutex_t verify_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t verify_running;

static void h_verify(req *r) {
  pthread_mutex_lock(&verify_mu);
  if (verify_running) {
    json_t *j = job_get(verify_running, 0);
    const char *st = j ? json_string_value(json_object_get(j, "status")) : NULL;
    int running = st && strcmp(st, "running") == 0;
    json_decref(j);
    if (running) {
      int64_t id = verify_running;
      pthread_mutex_unlock(&verify_mu);
      http_json(r, 202, json_pack("{s:I,s:b}", "job_id", (json_int_t)id, "already_running", 1));
      return;
    }
  }
  int64_t id = job_start("audit_verify", org_caller(r)->id, verify_job, NULL, NULL);
  if (id) verify_running = id;
  pthread_mutex_unlock(&verify_mu);
  if (!id) { http_error(r, ERR_INTERNAL, NULL, "无法启动校验任务"); return; }
  org_audit_event(r, "org.audit.verify", "audit_log", 0, "核验操作日志和登录日志的哈希链");
  http_json(r, 202, json_pack("{s:I,s:b}", "job_id", (json_int_t)id, "already_running", 0));
}

static void h_job(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? job_get(id, org_caller_can(r, "*:*:*") ? 0 : org_caller(r)->id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return; }
  http_json(r, 200, o);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/org/audit/verify", "monitor:audit:verify", h_verify, 0},
  {HTTP_GET, "/api/v1/jobs/:id", NULL, h_job, 0},
};
void org_chain_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
