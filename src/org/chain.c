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

struct walk { org_chain_report *rep; char prev[65]; void (*progress)(void *, int64_t, int64_t); void *ctx; int64_t total; int fail; };

/* One stored row: its prev_hash must be the last row's hash, and its hash the hash of that and its fields. */
static int walk_row(void *p, int64_t id, const char *stored_prev, const char *stored_hash, const char *const *fields, size_t nf) {
  struct walk *w = p;
  org_chain_report *rep = w->rep;
  if (strcmp(stored_prev, w->prev) != 0) {
    rep->broken_id = id;
    snprintf(rep->broken_at, sizeof rep->broken_at, "%s", fields[0] ? fields[0] : "");
    snprintf(rep->reason, sizeof rep->reason, "第 %lld 行记录的上一行哈希与实际上一行不符：其前有记录被删除、插入或改动", (long long)id);
    return 1;
  }
  size_t clen;
  char *canon = org_audit_canonical(fields, nf, &clen);
  char *buf = canon ? malloc(64 + clen) : NULL;
  if (!buf) { free(canon); return -1; }
  memcpy(buf, w->prev, 64);
  memcpy(buf + 64, canon, clen);
  char h[65];
  util_sha256_hex(buf, 64 + clen, h);
  free(buf);
  free(canon);
  if (strcmp(h, stored_hash) != 0) {
    rep->broken_id = id;
    snprintf(rep->broken_at, sizeof rep->broken_at, "%s", fields[0] ? fields[0] : "");
    snprintf(rep->reason, sizeof rep->reason, "第 %lld 行的内容与其哈希不符：该行被改动或伪造", (long long)id);
    return 1;
  }
  memcpy(w->prev, stored_hash, 65);
  rep->rows++;
  if (w->progress && rep->rows % 1000 == 0) w->progress(w->ctx, rep->rows, w->total);
  memcpy(rep->head, w->prev, 65);
  return 0;
}

int org_chain_verify(const char *table, org_chain_report *rep, void (*progress)(void *, int64_t, int64_t), void *ctx) {
  memset(rep, 0, sizeof *rep);
  snprintf(rep->table, sizeof rep->table, "%s", table);
  int audit = strcmp(table, "audit_log") == 0;
  if (!audit && strcmp(table, "login_log") != 0) return -1;
  struct walk w = {rep, "", progress, ctx, progress ? org_store_chain_count(table) : 0, 0};
  memset(w.prev, '0', 64);
  w.prev[64] = 0;
  org_store_chain_start(table, w.prev);
  int rc = org_store_chain_rows(table, walk_row, &w);
  if (rep->broken_id) return 1;
  return rc == 0 ? 0 : -1;
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

static void anchor_row(void *ctx, const char *d, const char *hash, int64_t n) {
  (void)ctx;
  printf("%-10s  %-64s  %lld\n", d, hash, (long long)n);
}

/* The last hash of each day: what an auditor writes down and compares later. */
static int anchor_cli(const char *day) {
  if (day && strlen(day) != 10) { fprintf(stderr, "日期应为 YYYY-MM-DD\n"); return 2; }
  printf("%-10s  %-64s  %s\n", "日期", "当日末行哈希（锚点）", "当日行数");
  int n = org_store_audit_anchors(day, anchor_row, NULL);
  if (n < 0) return 2;
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
  if (org_store_archive_attach(out)) { fprintf(stderr, "无法创建 %s\n", out); return 1; }
  int fail = db_begin() != DB_OK;
  int64_t moved[2] = {0, 0};
  for (int i = 0; !fail && i < 2; i++) fail = org_store_archive_table(i, before, out, &moved[i]) != 0;
  char sum[300];
  snprintf(sum, sizeof sum, "归档 %s 之前的操作日志 %lld 行、登录日志 %lld 行到 %s", before, (long long)moved[0], (long long)moved[1], out);
  if (!fail) fail = org_audit(NULL, "org.audit.archive", "audit_log", 0, sum, NULL, NULL) != 0;
  if (fail || db_commit() != DB_OK) {
    db_rollback();
    org_store_archive_detach();
    unlink(out);
    fprintf(stderr, "归档失败，数据未改变: %s\n", db_errmsg());
    return 1;
  }
  org_store_archive_detach();
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
  v.total = org_store_chain_count(NULL);
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
  /* The request's own row is written before the job starts, so the walk sees it: the job reads a log nobody is
   * appending to on its behalf. */
  org_audit_event(r, "org.audit.verify", "audit_log", 0, "核验操作日志和登录日志的哈希链");
  int64_t id = job_start("audit_verify", org_caller(r)->id, verify_job, NULL, NULL);
  if (id) verify_running = id;
  pthread_mutex_unlock(&verify_mu);
  if (!id) { http_error(r, ERR_INTERNAL, NULL, "无法启动校验任务"); return; }
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
