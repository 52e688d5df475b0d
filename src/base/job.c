/* job.c — background jobs: a detached worker thread per job, progress and result kept in the jobs table. */
#include "base/job.h"
#include "base/db.h"
#include "base/export.h"
#include "base/http.h"
#include "base/log.h"
#include "base/util.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct job {
  int64_t id;
  job_fn fn;
  void *arg;
  void (*free_arg)(void *);
  long long last_us;
  char error[256];
};

static atomic_int running;

static void set_status(int64_t id, const char *status, json_t *result, const char *error) {
  char *res = result ? json_dumps(result, JSON_COMPACT) : NULL;
  char at[20];
  util_time_str(util_now(), at);
  db_stmt *s = db_prepare("UPDATE jobs SET status = ?, result = ?, error = ?, finished_at = ? WHERE id = ?");
  if (s) {
    db_bind_text(s, 1, status);
    db_bind_text(s, 2, res);
    db_bind_text(s, 3, error);
    db_bind_text(s, 4, at);
    db_bind_int(s, 5, id);
    for (int i = 0; i < 50 && db_step(s) == DB_BUSY; i++) {
      struct timespec ts = {0, 20000000L};
      nanosleep(&ts, NULL);
    }
  }
  free(res);
}

static void *worker(void *p) {
  job *j = p;
  json_t *result = j->fn(j, j->arg);
  if (result) set_status(j->id, "done", result, NULL);
  else set_status(j->id, "failed", NULL, j->error[0] ? j->error : "任务失败");
  log_info("job done id=%lld status=%s", (long long)j->id, result ? "done" : "failed");
  json_decref(result);
  if (j->free_arg) j->free_arg(j->arg);
  free(j);
  db_thread_close();
  atomic_fetch_sub(&running, 1);
  return NULL;
}

/* The job never ran: its argument is still ours to free (it may be a copy of a large upload). */
static int64_t not_started(job *j, void *arg, void (*free_arg)(void *)) {
  free(j);
  if (free_arg) free_arg(arg);
  return 0;
}

int64_t job_start(const char *kind, int64_t user_id, job_fn fn, void *arg, void (*free_arg)(void *)) {
  job *j = calloc(1, sizeof *j);
  if (!j) return not_started(j, arg, free_arg);
  db_stmt *s = db_prepare("INSERT INTO jobs(kind, status, done, total, user_id, created_at) VALUES(?, 'running', 0, 0, ?, ?)");
  if (!s) return not_started(j, arg, free_arg);
  db_bind_text(s, 1, kind);
  db_bind_int(s, 2, user_id);
  db_bind_now(s, 3);
  j->id = db_insert(s);
  if (j->id <= 0) return not_started(j, arg, free_arg);
  j->fn = fn;
  j->arg = arg;
  j->free_arg = free_arg;
  pthread_t t;
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  atomic_fetch_add(&running, 1);
  int64_t id = j->id;
  if (pthread_create(&t, &a, worker, j) != 0) {
    atomic_fetch_sub(&running, 1);
    set_status(id, "failed", NULL, "无法启动后台任务");
    id = not_started(j, arg, free_arg);
  }
  pthread_attr_destroy(&a);
  return id;
}

void job_progress(job *j, int64_t done, int64_t total) {
  long long now = http_now_us();
  if (done < total && now - j->last_us < 200000) return;
  j->last_us = now;
  db_stmt *s = db_prepare("UPDATE jobs SET done = ?, total = ? WHERE id = ?");
  if (!s) return;
  db_bind_int(s, 1, done);
  db_bind_int(s, 2, total);
  db_bind_int(s, 3, j->id);
  db_step(s); /* progress is best effort: a busy database only delays the next report */
}

void job_fail(job *j, const char *message) { snprintf(j->error, sizeof j->error, "%s", message); }

json_t *job_get(int64_t id, int64_t user_id) {
  db_stmt *s = db_prepare("SELECT id, kind, status, done, total, CASE WHEN total > 0 THEN done * 100 / total WHEN status = 'done' THEN 100 ELSE 0 END AS percent,"
                          " result AS j_result, error, created_at, finished_at FROM jobs WHERE id = ? AND (user_id = ? OR ? = 0)");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, user_id);
  db_bind_int(s, 3, user_id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

void job_wait_all(void) {
  for (int i = 0; i < 600 && atomic_load(&running) > 0; i++) {
    struct timespec ts = {0, 100000000L};
    nanosleep(&ts, NULL);
  }
}

void job_recover(void) {
  db_stmt *s = db_prepare("UPDATE jobs SET status = 'failed', error = '服务重启，任务中断，请重新发起' WHERE status = 'running'");
  if (s) db_step(s);
}
