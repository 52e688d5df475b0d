/* pagecache.c — list answers under table change counters: a fixed table of entries behind one mutex (a lookup is a
 * hash, a compare and a copy of a few KB), the counters read with one cached statement. */
#include "base/pagecache.h"
#include "base/db.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t db_tables_version(const char *const *tables) {
  db_stmt *s = db_prepare("SELECT coalesce(sum(n), 0), count(*) FROM table_versions WHERE name IN (?1,?2,?3,?4,?5,?6,?7,?8)");
  if (!s) return -1;
  int i = 0;
  for (; tables[i] && i < 8; i++) db_bind_text(s, i + 1, tables[i]);
  int want = i;
  for (; i < 8; i++) db_bind_null(s, i + 1);
  int64_t v = -1;
  /* A table without its counter row would never move the sum: treat it as uncacheable rather than stale. */
  if (db_step(s) == DB_ROW && db_col_int(s, 1) == want) v = db_col_int(s, 0);
  db_reset(s);
  return v;
}

int db_table_bump(const char *table) {
  db_stmt *s = db_prepare("UPDATE table_versions SET n = n + 1 WHERE name = ?");
  if (!s) return -1;
  db_bind_text(s, 1, table);
  return db_step(s) == DB_DONE ? 0 : -1;
}

#define PC_SLOTS 512
#define PC_MAX_TEXT (256 * 1024)
struct pc_ent { uint64_t h; char *key; int64_t version; time_t until; char *text; size_t len; };
static struct pc_ent g_ents[PC_SLOTS];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_on = 1;

void pagecache_enable(int on) { g_on = on; }
int pagecache_enabled(void) { return g_on; }

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static void drop(struct pc_ent *e) {
  free(e->key);
  free(e->text);
  memset(e, 0, sizeof *e);
}

char *pagecache_get(const char *key, int64_t version, time_t now, size_t *len) {
  if (!g_on || version < 0) return NULL;
  uint64_t h = hash(key);
  char *out = NULL;
  pthread_mutex_lock(&g_mu);
  struct pc_ent *e = &g_ents[h % PC_SLOTS];
  if (e->key && e->h == h && e->version == version && (!e->until || now < e->until) && strcmp(e->key, key) == 0) {
    out = malloc(e->len + 1);
    if (out) { memcpy(out, e->text, e->len + 1); *len = e->len; }
  }
  pthread_mutex_unlock(&g_mu);
  return out;
}

void pagecache_put(const char *key, int64_t version, time_t valid_until, const char *text, size_t len) {
  if (!g_on || version < 0 || len > PC_MAX_TEXT) return;
  uint64_t h = hash(key);
  char *k = strdup(key), *t = malloc(len + 1);
  if (!k || !t) { free(k); free(t); return; }
  memcpy(t, text, len);
  t[len] = 0;
  pthread_mutex_lock(&g_mu);
  struct pc_ent *e = &g_ents[h % PC_SLOTS];
  /* An older version never replaces a newer one (a slow request that read an earlier snapshot). */
  if (e->key && e->h == h && e->version > version && strcmp(e->key, key) == 0) {
    pthread_mutex_unlock(&g_mu);
    free(k);
    free(t);
    return;
  }
  drop(e);
  *e = (struct pc_ent){h, k, version, valid_until, t, len};
  pthread_mutex_unlock(&g_mu);
}

void pagecache_clear(void) {
  pthread_mutex_lock(&g_mu);
  for (int i = 0; i < PC_SLOTS; i++) drop(&g_ents[i]);
  pthread_mutex_unlock(&g_mu);
}

int pagecache_answer(req *r, const char *const *tables, pc_req *pc, const char *fmt, ...) {
  pc->version = -1;
  pc->key = NULL;
  if (!g_on) return 0;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *key = n < 0 ? NULL : req_own(r, malloc((size_t)n + 1));
  if (!key) return 0;
  va_start(ap, fmt);
  vsnprintf(key, (size_t)n + 1, fmt, ap);
  va_end(ap);
  pc->version = db_tables_version(tables);
  pc->key = key;
  size_t len;
  char *page = pagecache_get(key, pc->version, util_now(), &len);
  if (!page) return 0;
  http_send(r, 200, "application/json; charset=utf-8", page, len);
  return 1;
}

void pagecache_send(req *r, const pc_req *pc, time_t valid_until, char *page, size_t len) {
  if (pc->key) pagecache_put(pc->key, pc->version, valid_until, page, len);
  http_send(r, 200, "application/json; charset=utf-8", page, len);
}
