/* feeds.c — indicators fed by other modules: the registry behind cockpit_register_feed, the refresh that asks each
 * feed for every unit's own figure and maps them through the unit tree, and the background thread that repeats it. */
#include "cockpit/internal.h"
#include "base/log.h"
#include "tasks/tasks.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FEEDS 64
static const cockpit_feed *g_feeds[MAX_FEEDS];
static size_t g_nfeeds;

int cockpit_register_feed(const cockpit_feed *f) {
  if (!f || !f->code || !f->fn || g_nfeeds >= MAX_FEEDS || cockpit_dir_parse(f->direction) < 0 || cockpit_agg_parse(f->time_agg) < 0 ||
      cockpit_agg_parse(f->unit_agg) < 0 || !strcmp(f->time_agg, "ratio") || !strcmp(f->unit_agg, "ratio"))
    return -1;
  for (size_t i = 0; i < g_nfeeds; i++)
    if (!strcmp(g_feeds[i]->code, f->code)) return 0;
  g_feeds[g_nfeeds++] = f;
  return 0;
}

/* Creates or refreshes the definitions of registered feeds (the feeding module owns name, unit and roll-ups). */
int ck_feeds_sync_defs(void) {
  for (size_t i = 0; i < g_nfeeds; i++)
    if (ck_store_feed_sync(g_feeds[i])) return -1;
  return 0;
}

/* One feed, one month: every unit's own figure, then what is stored per unit (subtree sums for a sum over units,
 * the own figures otherwise — the engine rolls those up); stale module values of that month go. Rows changed or -1. */
static int refresh_month(const cockpit_feed *f, int64_t ind, const ck_tree *t, cockpit_num *own, cockpit_num *out, const char *ms) {
  double v;
  int got = f->fn(0, ms, &v);
  if (got < 0) return -1;
  for (size_t k = 0; k < t->n; k++) own[k] = COCKPIT_NONE;
  if (got) {
    for (size_t k = 0; k < t->n; k++) {
      int g = f->fn(t->ids[k], ms, &v);
      if (g < 0) return -1;
      if (g) own[k] = COCKPIT_VAL(v);
    }
  }
  if (!strcmp(f->unit_agg, "sum")) cockpit_feed_subtree(own, t->parent, t->n, out);
  else memcpy(out, own, t->n * sizeof *out);
  int64_t *keep = calloc(t->n + 1, sizeof *keep);
  size_t nkeep = 0;
  int written = keep ? 0 : -1;
  for (size_t k = 0; k < t->n && written >= 0; k++) {
    if (!out[k].ok) continue;
    keep[nkeep++] = t->ids[k];
    int n = ck_store_module_put(ind, t->ids[k], ms, out[k].v, f->code);
    written = n < 0 ? -1 : written + n;
  }
  int pruned = written < 0 ? -1 : ck_store_module_prune(ind, ms, keep, nkeep);
  free(keep);
  return pruned < 0 ? -1 : written + pruned;
}

int cockpit_feeds_refresh(int months) {
  if (!g_nfeeds) return 0;
  char today[11], ym[8];
  tasks_today(today);
  memcpy(ym, today, 7);
  ym[7] = 0;
  int cur = cockpit_month_parse(ym);
  if (cur < 0 || db_begin() != DB_OK) return -1;
  ck_tree t;
  int written = 0, fail = ck_feeds_sync_defs() || ck_store_unit_tree(&t);
  if (fail) { db_rollback(); return -1; }
  cockpit_num *own = calloc(t.n + 1, sizeof *own), *out = calloc(t.n + 1, sizeof *out);
  fail = !own || !out;
  for (size_t i = 0; i < g_nfeeds && !fail; i++) {
    const cockpit_feed *f = g_feeds[i];
    int64_t ind = ck_store_ind_id(f->code);
    int first = f->first_month ? f->first_month() : -1;
    if (first < 0 || first > cur - months) first = cur - months;
    /* The current month is still open: feeds cover the months before it. */
    for (int m = first; ind && m < cur && !fail; m++) {
      char ms[8];
      cockpit_month_str(m, ms);
      int n = refresh_month(f, ind, &t, own, out, ms);
      if (n < 0) fail = 1;
      else written += n;
    }
  }
  free(own);
  free(out);
  ck_tree_free(&t);
  if (fail) { db_rollback(); return -1; }
  if (db_commit() != DB_OK) return -1;
  return written;
}

/* ---- the periodic refresh: every 10 minutes, stopped and joined before the server closes its connections ---- */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_stop, g_running;
static pthread_t g_thread;

static void *refresh_thread(void *arg) {
  (void)arg;
  for (;;) {
    int n = cockpit_feeds_refresh(24);
    if (n < 0) log_warn("cockpit: module feeds refresh failed");
    else if (n > 0) log_info("cockpit: module feeds wrote %d value(s)", n);
    if (n > 0) ck_live_kick();
    pthread_mutex_lock(&g_mu);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 600;
    while (!g_stop && pthread_cond_timedwait(&g_cv, &g_mu, &ts) == 0) {
    }
    int stop = g_stop;
    pthread_mutex_unlock(&g_mu);
    if (stop) break;
  }
  db_thread_close(); /* its own connection, before the server closes the rest */
  return NULL;
}

void ck_feeds_start(void) {
  if (!g_nfeeds || g_running) return;
  g_stop = 0;
  if (pthread_create(&g_thread, NULL, refresh_thread, NULL) == 0) g_running = 1;
  else log_error("cockpit: cannot start the module feeds refresh");
}

void ck_feeds_stop(void) {
  if (!g_running) return;
  pthread_mutex_lock(&g_mu);
  g_stop = 1;
  pthread_cond_broadcast(&g_cv);
  pthread_mutex_unlock(&g_mu);
  pthread_join(g_thread, NULL);
  g_running = 0;
}
