/* sweep.c — overdue risk reviews become 督办 tasks: each risk in use whose next review is before today gets one task
 * for its owner unit through tasks_open (source "risks.review:<id>:<due>", so a review that is overdue again after a
 * later review opens a new task, and the same overdue review never opens two). Runs at start and again whenever the
 * bureau's date changes (checked every BUREAU_RISKS_SWEEP_SECONDS, default 600), and on demand (POST /risks/sweep). */
#include "risks/internal.h"
#include "base/daily.h"
#include "base/log.h"
#include "tasks/tasks.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Serialises sweeps: the thread's and an administrator's would otherwise race for the same source keys. */
static pthread_mutex_t g_sweep_mu = PTHREAD_MUTEX_INITIALIZER;

int risks_sweep_run(req *r, int *opened) {
  *opened = 0;
  char today[11];
  risks_today(today);
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  char due[11];
  wd_format(wd_add(&cal, wd_parse(today), 5), due); /* five working days to review and report */
  free(cal.days);
  pthread_mutex_lock(&g_sweep_mu);
  json_t *rows = risks_store_overdue(today);
  int rc = rows ? 0 : -1;
  if (!rc && json_array_size(rows)) {
    if (db_begin() != DB_OK) rc = -1;
    size_t i;
    json_t *it;
    json_array_foreach(rows, i, it) {
      if (rc) break;
      int64_t id = json_integer_value(json_object_get(it, "id")), unit = json_integer_value(json_object_get(it, "owner_unit_id"));
      const char *title = json_string_value(json_object_get(it, "title")), *next = json_string_value(json_object_get(it, "next_review"));
      const char *level = json_string_value(json_object_get(it, "level"));
      char source[80], t[300], content[600], err[200];
      snprintf(source, sizeof source, "risks.review:%lld:%s", (long long)id, next);
      snprintf(t, sizeof t, "风险复核逾期：%.200s", title);
      snprintf(content, sizeof content, "%s风险“%.200s”应于 %s 复核，已逾期。请组织复核措施落实情况，在风险清单中登记复核意见（必要时重新评级）。", level, title, next);
      int64_t owner = org_unit_head(unit);
      tasks_new n = {.source = source, .source_label = "风险复核逾期", .title = t, .content = content, .lead_unit = unit, .owner = owner > 0 ? owner : 0,
                     .due = due, .priority = !strcmp(level, "重大") || !strcmp(level, "高") ? "高" : "中", .assign = owner > 0};
      int created = 0;
      int64_t tid = tasks_open(r, &n, &created, err, sizeof err);
      if (tid < 0) rc = -1;
      else if (tid == 0) log_warn("risk review task not opened risk=%lld: %s", (long long)id, err);
      else *opened += created;
    }
    if (rc || db_commit() != DB_OK) { db_rollback(); rc = -1; *opened = 0; }
  }
  pthread_mutex_unlock(&g_sweep_mu);
  json_decref(rows);
  return rc;
}

static daily *g_job;

static int sweep_job(void *arg) {
  (void)arg;
  int opened = 0;
  if (risks_sweep_run(NULL, &opened)) { log_warn("risk review sweep failed: %s", db_errmsg()); return -1; }
  if (opened) log_info("risk review sweep: %d tasks opened", opened);
  return 0;
}

void risks_sweep_start(void) {
  /* At start and whenever the bureau's date changes, looked at every BUREAU_RISKS_SWEEP_SECONDS (default 600). */
  daily_spec s = {.name = "risks.review_sweep", .env = "BUREAU_RISKS_SWEEP_SECONDS", .every_def = 600, .every_max = 3600,
                  .run = sweep_job};
  g_job = daily_add(&s);
  daily_start(g_job);
}

void risks_sweep_stop(void) { daily_stop(g_job); }
