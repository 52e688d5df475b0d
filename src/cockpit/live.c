/* live.c — live dashboards: a watcher thread polls the change log (filled by triggers, so writes from any process
 * count) every 300 ms, or at once when this process commits, keeps recent changes in a ring and wakes the open
 * server-sent-event streams, which send each client the changes after the last one it saw. */
#include "cockpit/internal.h"
#include "base/log.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 1024
/* Each change twice: with its unit for those who may see that unit, without it for the others (their aggregates moved). */
typedef struct ev { int64_t seq, unit_id; char text[224], anon[200]; } ev;
static ev g_ring[RING];
static int64_t g_head; /* last seq in the ring; 0 none */
static int64_t g_base; /* first seq held (g_head - RING < g_base) */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_kick, g_started, g_stop;
static pthread_t g_thread;
static unsigned g_max_streams = 600;

void ck_live_kick(void) {
  if (!g_started) return;
  pthread_mutex_lock(&g_mu);
  g_kick = 1;
  pthread_cond_signal(&g_cv);
  pthread_mutex_unlock(&g_mu);
}

/* Under g_mu: one change into the ring. */
static void ring_put(void *ctx, int64_t id, int64_t unit_id, const char *month, const char *code) {
  (void)ctx;
  ev *e = &g_ring[id % RING];
  e->seq = id;
  e->unit_id = unit_id;
  snprintf(e->text, sizeof e->text, "{\"seq\":%lld,\"indicator\":\"%.60s\",\"unit_id\":%lld,\"month\":\"%.7s\"}", (long long)id, code, (long long)unit_id, month);
  snprintf(e->anon, sizeof e->anon, "{\"seq\":%lld,\"indicator\":\"%.60s\",\"unit_id\":null,\"month\":\"%.7s\"}", (long long)id, code, month);
  if (!g_base || id - g_base >= RING) g_base = id - RING + 1 > 1 ? id - RING + 1 : 1;
  g_head = id;
}

/* Reads changes after `after` into the ring; returns the new head. */
static int64_t pull(int64_t after) {
  pthread_mutex_lock(&g_mu);
  int64_t last = ck_store_changes_read(after, 2000, ring_put, NULL);
  pthread_mutex_unlock(&g_mu);
  return last;
}

static void *watcher(void *arg) {
  (void)arg;
  int64_t seen = ck_store_changes_max();
  if (seen < 0) seen = 0;
  pthread_mutex_lock(&g_mu);
  g_head = seen;
  g_base = seen + 1;
  pthread_mutex_unlock(&g_mu);
  long long last_wake = 0, last_prune = 0;
  for (;;) {
    pthread_mutex_lock(&g_mu);
    if (g_stop) { pthread_mutex_unlock(&g_mu); break; }
    if (!g_kick) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 300000000L;
      if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
      pthread_cond_timedwait(&g_cv, &g_mu, &ts);
    }
    g_kick = 0;
    pthread_mutex_unlock(&g_mu);
    int64_t max = ck_store_changes_max();
    long long now = http_now_us();
    if (max > seen) {
      while (seen < max) {
        int64_t got = pull(seen);
        if (got == seen) break;
        seen = got;
      }
      http_sse_wake();
      last_wake = now;
    } else if (now - last_wake >= 5000000LL) {
      http_sse_wake(); /* idle streams send their ~15 s keep-alive (and find departed peers) */
      last_wake = now;
    }
    if (now - last_prune > 60000000LL && max > 20000) {
      /* The log only feeds the streams; old rows are of no use once every watcher has read them. */
      ck_store_changes_prune(max - 10000);
      last_prune = now;
    }
  }
  db_thread_close(); /* its own connection, before the server closes the rest */
  return NULL;
}

void ck_live_stop(void) {
  if (!g_started) return;
  pthread_mutex_lock(&g_mu);
  g_stop = 1;
  pthread_cond_signal(&g_cv);
  pthread_mutex_unlock(&g_mu);
  pthread_join(g_thread, NULL);
  g_started = 0;
}

void ck_live_start(void) {
  const char *m = getenv("BUREAU_SSE_MAX");
  if (m && atoi(m) > 0) g_max_streams = (unsigned)atoi(m);
  if (pthread_create(&g_thread, NULL, watcher, NULL) == 0) {
    g_started = 1;
  } else {
    log_error("cockpit: cannot start the live-change watcher");
  }
}

typedef struct stream {
  int64_t last;
  int hello, all;
  int64_t *units; /* sorted: the units whose changes this client may see by name */
  size_t nunits;
} stream;

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}
static void stream_free(void *p) {
  stream *st = p;
  if (st) free(st->units);
  free(st);
}

static size_t fill(void *ctx, char *buf, size_t cap) {
  stream *st = ctx;
  size_t n = 0;
  pthread_mutex_lock(&g_mu);
  if (st->hello) {
    n = (size_t)snprintf(buf, cap, "retry: 2000\nevent: hello\ndata: {\"seq\":%lld}\n\n", (long long)g_head);
    st->last = g_head;
    st->hello = 0;
  } else if (st->last < g_head) {
    if (st->last + 1 < g_base) {
      /* Fell behind the ring: the client reloads its view. */
      n = (size_t)snprintf(buf, cap, "event: reset\ndata: {\"seq\":%lld}\n\n", (long long)g_head);
      st->last = g_head;
    } else {
      while (st->last < g_head) {
        const ev *e = &g_ring[(st->last + 1) % RING];
        char line[300];
        int named = st->all || bsearch(&e->unit_id, st->units, st->nunits, sizeof *st->units, cmp64) != NULL;
        int l = snprintf(line, sizeof line, "id: %lld\nevent: change\ndata: %s\n\n", (long long)e->seq, named ? e->text : e->anon);
        if (l < 0 || n + (size_t)l >= cap) break;
        memcpy(buf + n, line, (size_t)l);
        n += (size_t)l;
        st->last++;
      }
    }
  }
  pthread_mutex_unlock(&g_mu);
  return n;
}

/* GET /api/v1/cockpit/stream — EventSource. Events: hello {seq}, change {seq, indicator, unit_id, month}, reset.
 * unit_id is null for a unit the caller may not see (only that something under the aggregates changed). */
static void h_stream(req *r) {
  const org_scope *sc = org_caller_scope(r);
  stream *st = sc ? calloc(1, sizeof *st) : NULL;
  if (!st) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  st->hello = 1;
  st->all = sc->all || ck_can_peers(r);
  st->units = calloc(sc->nunits + 1, sizeof *st->units);
  if (!st->units) { free(st); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  memcpy(st->units, sc->units, sc->nunits * sizeof *st->units);
  st->units[sc->nunits] = org_caller(r)->unit_id;
  st->nunits = sc->nunits + 1;
  qsort(st->units, st->nunits, sizeof *st->units, cmp64);
  http_sse(r, fill, st, stream_free, g_max_streams);
}

static void h_live_stats(req *r) {
  pthread_mutex_lock(&g_mu);
  int64_t head = g_head;
  pthread_mutex_unlock(&g_mu);
  http_json(r, 200, json_pack("{s:I,s:I,s:I}", "streams", (json_int_t)http_sse_count(), "max_streams", (json_int_t)g_max_streams, "seq", (json_int_t)head));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/cockpit/stream", "cockpit:view:list", h_stream, 0},
  {HTTP_GET, "/api/v1/cockpit/live", "cockpit:view:list", h_live_stats, 0},
};

void ck_live_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
