/* db.c — SQLite behind the db.h interface: thread-local connection and statement cache, retrying transactions. */
#include "base/db.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/util.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *g_path;

#define CACHE_SLOTS 256
struct cache_ent { const char *sql; sqlite3_stmt *st; uint64_t h; };
static _Thread_local sqlite3 *t_db;
static _Thread_local struct cache_ent *t_cache;

/* Every thread's connection is also listed here, so the server can close them all after its workers stop
 * (libmicrohttpd gives no hook at a pool thread's exit). */
struct conn_reg { sqlite3 *db; struct cache_ent *cache; struct conn_reg *next; };
static struct conn_reg *g_conns;
static pthread_mutex_t g_conns_mu = PTHREAD_MUTEX_INITIALIZER;

static void close_one(sqlite3 *db, struct cache_ent *cache) {
  if (cache) {
    for (int i = 0; i < CACHE_SLOTS; i++) {
      sqlite3_finalize(cache[i].st);
      free((void *)cache[i].sql);
    }
    free(cache);
  }
  sqlite3_close(db);
}

void db_close_all(void) {
  pthread_mutex_lock(&g_conns_mu);
  while (g_conns) {
    struct conn_reg *c = g_conns;
    g_conns = c->next;
    if (c->db == t_db) { t_db = NULL; t_cache = NULL; }
    close_one(c->db, c->cache);
    free(c);
  }
  pthread_mutex_unlock(&g_conns_mu);
}

/* SQLite's 'now' (datetime('now'), unixepoch()) reads the bureau's injectable clock, so SQL stamps and C stamps
 * agree when a test moves the clock (BUREAU_NOW): the default VFS with its two clock methods replaced. */
static sqlite3_vfs g_vfs;
static int vfs_now64(sqlite3_vfs *v, sqlite3_int64 *out) {
  (void)v;
  *out = (sqlite3_int64)util_now_ms() + 210866760000000LL; /* Julian day 2440587.5 (the Unix epoch) in ms */
  return SQLITE_OK;
}
static int vfs_now(sqlite3_vfs *v, double *out) {
  (void)v;
  *out = (double)util_now_ms() / 86400000.0 + 2440587.5;
  return SQLITE_OK;
}

int db_configure(const char *path) {
  /* Before SQLite initialises: connections are never shared between threads (one per thread), and the global
   * memory statistics, kept under one process-wide mutex, would make every allocation of every thread contend. */
  static int configured;
  if (!configured) {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_vfs *d = sqlite3_vfs_find(NULL);
    if (d) {
      g_vfs = *d;
      g_vfs.zName = "bureau";
      g_vfs.xCurrentTime = vfs_now;
      if (g_vfs.iVersion >= 2) g_vfs.xCurrentTimeInt64 = vfs_now64;
      sqlite3_vfs_register(&g_vfs, 1);
    }
    configured = 1;
  }
  free(g_path);
  g_path = strdup(path);
  return g_path ? 0 : -1;
}
const char *db_path(void) { return g_path; }

static sqlite3 *conn(void) {
  if (t_db) return t_db;
  if (!g_path) { log_error("db: not configured"); return NULL; }
  sqlite3 *db;
  if (sqlite3_open_v2(g_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    log_error("db: cannot open %s: %s", g_path, db ? sqlite3_errmsg(db) : "no memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", NULL, NULL, NULL);
  t_cache = calloc(CACHE_SLOTS, sizeof *t_cache);
  struct conn_reg *reg = malloc(sizeof *reg);
  if (!t_cache || !reg) { free(t_cache); free(reg); t_cache = NULL; sqlite3_close(db); return NULL; }
  reg->db = db;
  reg->cache = t_cache;
  pthread_mutex_lock(&g_conns_mu);
  reg->next = g_conns;
  g_conns = reg;
  pthread_mutex_unlock(&g_conns_mu);
  t_db = db;
  return db;
}

void db_thread_close(void) {
  if (!t_db) return;
  pthread_mutex_lock(&g_conns_mu);
  for (struct conn_reg **pp = &g_conns; *pp; pp = &(*pp)->next) {
    if ((*pp)->db == t_db) {
      struct conn_reg *c = *pp;
      *pp = c->next;
      free(c);
      break;
    }
  }
  pthread_mutex_unlock(&g_conns_mu);
  close_one(t_db, t_cache);
  t_db = NULL;
  t_cache = NULL;
}

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

db_stmt *db_prepare(const char *sql) {
  sqlite3 *db = conn();
  if (!db) return NULL;
  uint64_t h = hash_str(sql);
  for (int probe = 0; probe < CACHE_SLOTS; probe++) {
    struct cache_ent *e = &t_cache[(h + (uint64_t)probe) % CACHE_SLOTS];
    if (e->st && e->h == h && strcmp(e->sql, sql) == 0) {
      sqlite3_reset(e->st);
      sqlite3_clear_bindings(e->st);
      return (db_stmt *)e->st;
    }
    if (!e->st) {
      sqlite3_stmt *st;
      if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_error("db: prepare failed: %s; sql=%.200s", sqlite3_errmsg(db), sql);
        return NULL;
      }
      char *copy = strdup(sql);
      if (!copy) { sqlite3_finalize(st); return NULL; }
      e->sql = copy; e->st = st; e->h = h;
      return (db_stmt *)st;
    }
  }
  /* Cache full (dynamic SQL shapes beyond 256): evict the slot we hash to. */
  struct cache_ent *e = &t_cache[h % CACHE_SLOTS];
  sqlite3_finalize(e->st);
  free((void *)e->sql);
  e->st = NULL; e->sql = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v3(db, sql, -1, 0, &st, NULL) != SQLITE_OK) {
    log_error("db: prepare failed: %s", sqlite3_errmsg(db));
    return NULL;
  }
  e->sql = strdup(sql); e->h = h; e->st = st;
  if (!e->sql) { sqlite3_finalize(st); e->st = NULL; return NULL; }
  return (db_stmt *)st;
}

#define ST(s) ((sqlite3_stmt *)(s))
void db_bind_int(db_stmt *s, int i, int64_t v) { sqlite3_bind_int64(ST(s), i, v); }
void db_bind_double(db_stmt *s, int i, double v) { sqlite3_bind_double(ST(s), i, v); }
void db_bind_text(db_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(ST(s), i, v, -1, SQLITE_TRANSIENT); else sqlite3_bind_null(ST(s), i);
}
void db_bind_blob(db_stmt *s, int i, const void *v, size_t n) { sqlite3_bind_blob(ST(s), i, v, (int)n, SQLITE_TRANSIENT); }
void db_bind_null(db_stmt *s, int i) { sqlite3_bind_null(ST(s), i); }

/* What the last DB_CONSTRAINT of this thread was about, read from SQLite's message before the reset clears it:
 * "UNIQUE constraint failed: users.username, users.x" names users.username first. */
static _Thread_local db_constraint_kind t_ckind;
static _Thread_local char t_ccol[64];
static void note_constraint(void) {
  int rc = t_db ? sqlite3_extended_errcode(t_db) : SQLITE_CONSTRAINT;
  t_ckind = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ? DB_C_UNIQUE
          : rc == SQLITE_CONSTRAINT_FOREIGNKEY ? DB_C_FOREIGN
          : rc == SQLITE_CONSTRAINT_NOTNULL ? DB_C_NOTNULL
          : rc == SQLITE_CONSTRAINT_CHECK ? DB_C_CHECK : DB_C_OTHER;
  t_ccol[0] = 0;
  const char *m = t_db ? sqlite3_errmsg(t_db) : "", *c = strstr(m, "failed: ");
  if (!c) return;
  c += 8;
  size_t n = strcspn(c, ", ");
  const char *dot = memchr(c, '.', n);
  if (dot) { n -= (size_t)(dot + 1 - c); c = dot + 1; }
  if (n >= sizeof t_ccol) n = sizeof t_ccol - 1;
  memcpy(t_ccol, c, n);
  t_ccol[n] = 0;
}
db_constraint_kind db_constraint_kind_last(void) { return t_ckind; }
const char *db_constraint_column(void) { return t_ccol; }

void db_bind_now(db_stmt *s, int i) {
  char now[20];
  util_time_str(util_now(), now);
  db_bind_text(s, i, now);
}

int db_bind_ids(db_stmt *s, int i, const int64_t *ids, size_t n) {
  size_t cap = 2 + n * 21, len = 0;
  char *j = malloc(cap + 1);
  if (!j) return -1;
  j[len++] = '[';
  for (size_t k = 0; k < n; k++) len += (size_t)snprintf(j + len, cap + 1 - len, k ? ",%lld" : "%lld", (long long)ids[k]);
  j[len++] = ']';
  j[len] = 0;
  db_bind_text(s, i, j);
  free(j);
  return 0;
}

int64_t db_insert(db_stmt *s) {
  db_status st = db_step(s);
  if (st == DB_DONE) return db_last_id();
  return st == DB_CONSTRAINT ? 0 : -1;
}

db_status db_step(db_stmt *s) {
  if (!s) return DB_ERROR;
  int rc = sqlite3_step(ST(s));
  switch (rc) {
  case SQLITE_ROW: return DB_ROW;
  case SQLITE_DONE: sqlite3_reset(ST(s)); return DB_DONE;
  case SQLITE_BUSY: case SQLITE_LOCKED: sqlite3_reset(ST(s)); return DB_BUSY;
  default:
    if ((rc & 0xff) == SQLITE_CONSTRAINT) { note_constraint(); sqlite3_reset(ST(s)); return DB_CONSTRAINT; }
    log_error("db: step failed (%d): %s; sql=%.200s", rc, sqlite3_errmsg(t_db), sqlite3_sql(ST(s)));
    sqlite3_reset(ST(s));
    return DB_ERROR;
  }
}
void db_reset(db_stmt *s) { if (s) sqlite3_reset(ST(s)); }
int64_t db_col_int(db_stmt *s, int c) { return sqlite3_column_int64(ST(s), c); }
double db_col_double(db_stmt *s, int c) { return sqlite3_column_double(ST(s), c); }
const char *db_col_text(db_stmt *s, int c) {
  const unsigned char *t = sqlite3_column_text(ST(s), c);
  return t ? (const char *)t : "";
}
const void *db_col_blob(db_stmt *s, int c, size_t *n) {
  const void *b = sqlite3_column_blob(ST(s), c);
  *n = (size_t)sqlite3_column_bytes(ST(s), c);
  return b;
}
int db_col_is_null(db_stmt *s, int c) { return sqlite3_column_type(ST(s), c) == SQLITE_NULL; }
int db_col_kind(db_stmt *s, int c) {
  switch (sqlite3_column_type(ST(s), c)) {
  case SQLITE_INTEGER: return DB_T_INT;
  case SQLITE_FLOAT: return DB_T_FLOAT;
  case SQLITE_BLOB: return DB_T_BLOB;
  case SQLITE_NULL: return DB_T_NULL;
  default: return DB_T_TEXT;
  }
}
int db_col_count(db_stmt *s) { return sqlite3_column_count(ST(s)); }
const char *db_col_name(db_stmt *s, int c) { return sqlite3_column_name(ST(s), c); }

db_status db_exec(const char *sql) {
  db_stmt *s = db_prepare(sql);
  if (!s) return DB_ERROR;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {}
  return st;
}

db_status db_exec_script(const char *sql, char *err, size_t errlen) {
  sqlite3 *db = conn();
  if (!db) return DB_ERROR;
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    if (err) snprintf(err, errlen, "%s", msg ? msg : "sqlite error");
    sqlite3_free(msg);
    return DB_ERROR;
  }
  return DB_DONE;
}

int64_t db_last_id(void) { return t_db ? sqlite3_last_insert_rowid(t_db) : 0; }
int db_changes(void) { return t_db ? sqlite3_changes(t_db) : 0; }
const char *db_errmsg(void) { return t_db ? sqlite3_errmsg(t_db) : "no connection"; }

int db_in_tx(void) { return t_db && !sqlite3_get_autocommit(t_db); }
int db_in_write_tx(void) { return t_db && sqlite3_txn_state(t_db, NULL) == SQLITE_TXN_WRITE; }

db_status db_begin(void) {
  sqlite3 *db = conn();
  if (!db) return DB_ERROR;
  for (int attempt = 0; attempt < 20; attempt++) {
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) return DB_OK;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) { log_error("db: begin: %s", sqlite3_errmsg(db)); return DB_ERROR; }
    struct timespec ts = {0, (long)(1 + attempt) * 5000000L};
    nanosleep(&ts, NULL);
  }
  return DB_BUSY;
}
db_status db_read_begin(void) { return db_exec("BEGIN"); }
db_status db_read_end(void) { return db_exec("COMMIT"); }
db_status db_cache_kib(int kib) {
  char sql[48];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib);
  return db_exec(sql);
}

db_status db_commit(void) {
  for (int attempt = 0; attempt < 20; attempt++) {
    int rc = sqlite3_exec(t_db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK) return DB_OK;
    if (rc != SQLITE_BUSY) { log_error("db: commit: %s", sqlite3_errmsg(t_db)); db_rollback(); return DB_ERROR; }
    struct timespec ts = {0, 5000000L};
    nanosleep(&ts, NULL);
  }
  db_rollback();
  return DB_BUSY;
}
void db_rollback(void) {
  if (t_db && !sqlite3_get_autocommit(t_db)) sqlite3_exec(t_db, "ROLLBACK", NULL, NULL, NULL);
}

int db_backup(const char *dest, char *err, size_t errlen) {
  sqlite3 *src = conn();
  if (!src) { snprintf(err, errlen, "数据库无法打开"); return -1; }
  sqlite3 *dst;
  if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "无法创建备份文件 %s: %s", dest, sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return -1;
  }
  sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) { snprintf(err, errlen, "备份失败: %s", sqlite3_errmsg(dst)); sqlite3_close(dst); return -1; }
  int rc;
  /* Copy in steps so writers are not held off for the whole copy; restart is automatic if they write. */
  while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(20);
  }
  sqlite3_backup_finish(b);
  int ok = rc == SQLITE_DONE;
  if (!ok) snprintf(err, errlen, "备份失败: %s", sqlite3_errmsg(dst));
  if (ok) sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
  sqlite3_close(dst);
  return ok ? 0 : -1;
}

/* 1 when this module's migration ver has run, 0 not, -1 error. Judged per number, not by the highest: a migration
 * missing below a later one (a branch landed its number after another's) still runs. */
static int version_applied(const char *module, int ver) {
  db_stmt *s = db_prepare("SELECT count(*) FROM schema_version WHERE module = ? AND version = ?");
  if (!s) return -1;
  db_bind_text(s, 1, module);
  db_bind_int(s, 2, ver);
  int v = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) > 0 : -1;
  db_reset(s);
  return v;
}

int db_migrate(const char *const *modules, char *err, size_t errlen) {
  if (db_exec_script("CREATE TABLE IF NOT EXISTS schema_version(module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
                     " applied_at TEXT NOT NULL, PRIMARY KEY(module, version))",
                     err, errlen) != DB_DONE)
    return -1;
  int applied = 0;
  for (const char *const *m = modules; *m; m++) {
    char prefix[128];
    snprintf(prefix, sizeof prefix, "src/%s/schema/", *m);
    size_t plen = strlen(prefix);
    int prev_ver = 0;
    /* embedded_files is sorted by path (the Makefile sorts), so versions come in order. */
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
      if (strncmp(f->path, prefix, plen) != 0) continue;
      const char *name = f->path + plen;
      int ver = atoi(name);
      if (ver <= 0) continue;
      /* Two files with one number (two branches each adding "the next" migration) would run one and skip the other
       * on every database that already ran the first: refuse to start instead. */
      if (ver == prev_ver) { snprintf(err, errlen, "%s: migration number %03d used twice", f->path, ver); return -1; }
      prev_ver = ver;
      int have = version_applied(*m, ver);
      if (have < 0) { snprintf(err, errlen, "schema_version unreadable"); return -1; }
      if (have) continue;
      if (db_begin() != DB_OK) { snprintf(err, errlen, "cannot begin transaction"); return -1; }
      char *sql = malloc(f->len + 1);
      if (!sql) { db_rollback(); return -1; }
      memcpy(sql, f->data, f->len);
      sql[f->len] = 0;
      char e2[512] = "";
      db_status st = db_exec_script(sql, e2, sizeof e2);
      free(sql);
      if (st != DB_DONE) {
        db_rollback();
        snprintf(err, errlen, "%s: %s", f->path, e2);
        return -1;
      }
      db_stmt *s = db_prepare("INSERT INTO schema_version(module, version, name, applied_at) VALUES(?,?,?,?)");
      db_bind_text(s, 1, *m);
      db_bind_int(s, 2, ver);
      db_bind_text(s, 3, name);
      db_bind_now(s, 4); /* the bureau's clock and zone, like every other stamp (the column's default is never used) */
      if (db_step(s) != DB_DONE || db_commit() != DB_OK) { db_rollback(); snprintf(err, errlen, "%s: cannot record", f->path); return -1; }
      log_info("migration applied module=%s file=%s", *m, name);
      applied++;
    }
  }
  return applied;
}
