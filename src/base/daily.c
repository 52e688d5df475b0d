/* daily.c — the one background loop behind every "run when the bureau's date changes" job (daily.h): a thread per
 * job waiting on its own condition variable, so a slow job (a robot post with its 5 s limits) never delays another. */
#include "base/daily.h"
#include "base/db.h"
#include "base/log.h"
#include "base/util.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct daily {
  daily_spec s;
  pthread_t th;
  pthread_cond_t wake, done_cv;
  int started, stop;
  unsigned long kicks; /* kicks asked for */
  unsigned long done;  /* every kick up to this one has seen a whole pass */
};

enum { DAILY_MAX = 32 };
static daily g_jobs[DAILY_MAX];
static int g_n;
/* One mutex for all jobs: it guards only counters and flags, never a job's work. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

int daily_interval_s(const char *env, int def, int max) {
  const char *e = env ? getenv(env) : NULL;
  int n = def;
  if (e && *e) {
    char *end;
    long v = strtol(e, &end, 10);
    if (end != e && !*end) n = v < 1 ? 1 : v > max ? max : (int)v;
  }
  return n < 1 ? 1 : n > max ? max : n;
}

daily *daily_add(const daily_spec *spec) {
  pthread_mutex_lock(&g_mu);
  daily *d = NULL;
  for (int i = 0; i < g_n && !d; i++)
    if (!strcmp(g_jobs[i].s.name, spec->name)) d = &g_jobs[i];
  if (!d && g_n < DAILY_MAX) {
    d = &g_jobs[g_n++];
    pthread_cond_init(&d->wake, NULL);
    pthread_cond_init(&d->done_cv, NULL);
  }
  if (d && !d->started) d->s = *spec;
  pthread_mutex_unlock(&g_mu);
  if (!d) log_error("daily: no room for job %s", spec->name);
  return d;
}

static void *loop(void *arg) {
  daily *d = arg;
  const daily_spec *s = &d->s;
  int every = daily_interval_s(s->env, s->every_def, s->every_max);
  char last_day[11] = "";
  time_t last_run = 0;
  int ran = 0;
  pthread_mutex_lock(&g_mu);
  while (!d->stop) {
    unsigned long seen = d->kicks;
    pthread_mutex_unlock(&g_mu);
    if (s->periodic) {
      time_t now = util_now();
      if (!ran || now - last_run >= every) {
        (void)s->run(s->arg);
        last_run = now;
        ran = 1;
      }
    } else {
      char today[11];
      util_today(today);
      if (strcmp(today, last_day) && s->run(s->arg) == 0) memcpy(last_day, today, sizeof last_day);
    }
    if (s->tick) s->tick(s->arg);
    pthread_mutex_lock(&g_mu);
    d->done = seen;
    pthread_cond_broadcast(&d->done_cv);
    if (d->stop || d->kicks != seen) continue;
    int wait = s->periodic ? every - (int)(util_now() - last_run) : every;
    if (s->tick && wait > s->tick_max_s) wait = s->tick_max_s;
    if (wait < 1) wait = 1;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += wait;
    pthread_cond_timedwait(&d->wake, &g_mu, &ts);
  }
  d->done = d->kicks; /* nobody waits on a stopped job */
  pthread_cond_broadcast(&d->done_cv);
  pthread_mutex_unlock(&g_mu);
  db_thread_close();
  return NULL;
}

static void start_locked(daily *d) {
  if (d->started) return;
  d->stop = 0;
  d->done = d->kicks;
  if (pthread_create(&d->th, NULL, loop, d) == 0) d->started = 1;
  else log_error("daily: cannot start the thread of %s", d->s.name);
}

void daily_start(daily *d) {
  if (!d) return;
  pthread_mutex_lock(&g_mu);
  start_locked(d);
  pthread_mutex_unlock(&g_mu);
}

void daily_stop(daily *d) {
  if (!d) return;
  pthread_mutex_lock(&g_mu);
  int was = d->started;
  d->stop = 1;
  pthread_cond_signal(&d->wake);
  pthread_mutex_unlock(&g_mu);
  if (was) pthread_join(d->th, NULL);
  pthread_mutex_lock(&g_mu);
  d->started = 0;
  pthread_mutex_unlock(&g_mu);
}

void daily_kick(daily *d) {
  if (!d) return;
  pthread_mutex_lock(&g_mu);
  if (d->started && !d->stop) {
    d->kicks++;
    pthread_cond_signal(&d->wake);
  }
  pthread_mutex_unlock(&g_mu);
}

void daily_kick_wait(daily *d) {
  if (!d) return;
  pthread_mutex_lock(&g_mu);
  if (d->started && !d->stop) {
    unsigned long want = ++d->kicks;
    pthread_cond_signal(&d->wake);
    while (d->done < want && !d->stop) pthread_cond_wait(&d->done_cv, &g_mu);
  }
  pthread_mutex_unlock(&g_mu);
}
