/* auth.c — login, logout, sessions, CSRF, permission checks on every request, password hashing,
 * and the hash-chained audit and login logs. */
#include "org/internal.h"
#include "base/jv.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned org_idle_timeout_s = 30 * 60, org_absolute_timeout_s = 12 * 3600;
int org_secure_cookie = 0;

#define COOKIE "bureau_sid"
#define LOCK_AFTER 5
#define LOCK_SECONDS 600

void org_now(char out[20]) { util_now_text(out); }

/* The bureau's clock for the browser: its zone (for Intl), its UTC offset now (for a zone Intl does not know),
 * and its current time (so pages and the watermark follow the server's clock, injected ones included). */
static json_t *clock_json(void) {
  time_t t = util_now();
  struct tm tm;
  localtime_r(&t, &tm);
  char now[20], today[11];
  util_time_str(t, now);
  util_today(today);
  return json_pack("{s:s,s:s,s:s,s:I,s:I}", "tz", util_tz_name(), "now", now, "today", today, "now_ms", (json_int_t)util_now_ms(),
                   "utc_offset_min", (json_int_t)(tm.tm_gmtoff / 60));
}

/* ---- password hashing: bounded to one hash per core so a burst of logins cannot exhaust memory ---- */
static sem_t hash_sem;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];
static void hash_init(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  sem_init(&hash_sem, 0, (unsigned)(n > 0 ? n : 1));
  /* A real hash of a random password: verifying unknown users against it costs the same time as a real check. */
  char pw[32];
  util_random_token(pw, sizeof pw, 16);
  if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    dummy_hash[0] = 0;
}

int org_password_hash(const char *pw, char out[128]) {
  pthread_once(&hash_once, hash_init);
  sem_wait(&hash_sem);
  int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  sem_post(&hash_sem);
  return rc == 0 ? 0 : -1;
}

int org_password_verify(const char *hash, const char *pw) {
  pthread_once(&hash_once, hash_init);
  sem_wait(&hash_sem);
  int ok = crypto_pwhash_str_verify(hash && *hash ? hash : dummy_hash, pw, strlen(pw)) == 0;
  sem_post(&hash_sem);
  return ok && hash && *hash;
}

/* ---- hash-chained logs ---- */
int org_chain_anchors_logged = 1;

int org_chain_append(const char *table, const char *const *fields, size_t nfields, const char *insert_sql) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT hash, substr(at, 1, 10) FROM %s ORDER BY id DESC LIMIT 1", table);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  char prev[65], prev_day[11] = "";
  if (db_step(s) == DB_ROW) {
    snprintf(prev, sizeof prev, "%s", db_col_text(s, 0));
    snprintf(prev_day, sizeof prev_day, "%s", db_col_text(s, 1));
  } else {
    memset(prev, '0', 64), prev[64] = 0;
  }
  db_reset(s);
  /* The first row of a new day closes the previous one: its last hash goes to the server log as that day's anchor. */
  if (org_chain_anchors_logged && prev_day[0] && strncmp(prev_day, fields[0], 10) != 0)
    log_info("chain anchor table=%s day=%s hash=%s", table, prev_day, prev);
  size_t clen;
  char *canon = org_audit_canonical(fields, nfields, &clen);
  if (!canon) return -1;
  size_t tlen = 64 + clen;
  char *all = malloc(tlen);
  if (!all) { free(canon); return -1; }
  memcpy(all, prev, 64);
  memcpy(all + 64, canon, clen);
  char hash[65];
  util_sha256_hex(all, tlen, hash);
  free(all);
  free(canon);
  s = db_prepare(insert_sql);
  if (!s) return -1;
  for (size_t i = 0; i < nfields; i++) {
    if (fields[i]) db_bind_text(s, (int)i + 1, fields[i]);
    else db_bind_null(s, (int)i + 1);
  }
  db_bind_text(s, (int)nfields + 1, prev);
  db_bind_text(s, (int)nfields + 2, hash);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int org_audit(req *r, const char *action, const char *entity, int64_t entity_id, const char *summary, json_t *before, json_t *after) {
  org_audit_action_check(action);
  org_user *u = r ? org_caller(r) : NULL;
  char at[20], uid[24] = "", eid[24];
  org_now(at);
  if (u) snprintf(uid, sizeof uid, "%lld", (long long)u->id);
  snprintf(eid, sizeof eid, "%lld", (long long)entity_id);
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
  const char *fields[] = {at, uid[0] ? uid : NULL, u ? u->username : "system", r ? r->ip : "-", action, entity, eid, summary ? summary : "", b, a};
  int rc = org_chain_append("audit_log", fields, 10,
                        "INSERT INTO audit_log(at,user_id,username,ip,action,entity,entity_id,summary,before,after,prev_hash,hash)"
                        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  free(b);
  free(a);
  if (rc) log_error("audit: append failed: %s", db_errmsg());
  return rc;
}

int org_login_log_at(const char *at, const char *username, int64_t user_id, const char *ip, const char *ua, int ok, const char *reason) {
  char uid[24] = "";
  if (user_id) snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  const char *fields[] = {at, username, uid[0] ? uid : NULL, ip, ua, ok ? "1" : "0", reason};
  return org_chain_append("login_log", fields, 7,
                          "INSERT INTO login_log(at,username,user_id,ip,user_agent,ok,reason,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?)");
}

static void login_log(req *r, const char *username, int64_t user_id, int ok, const char *reason) {
  char at[20], uid[24] = "";
  org_now(at);
  if (user_id) snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  const char *ua = http_header(r, "User-Agent");
  char uabuf[256];
  snprintf(uabuf, sizeof uabuf, "%s", ua ? ua : "");
  const char *fields[] = {at, username, uid[0] ? uid : NULL, r->ip, uabuf, ok ? "1" : "0", reason};
  if (org_chain_append("login_log", fields, 7,
                   "INSERT INTO login_log(at,username,user_id,ip,user_agent,ok,reason,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?)"))
    log_error("login_log: append failed");
}

/* ---- the caller ---- */
static void user_free(void *p) {
  org_user *u = p;
  if (!u) return;
  if (u->cached) { free(u); return; } /* perms and scope belong to the thread's cache */
  for (size_t i = 0; i < u->nperms; i++) free(u->perms[i]);
  free(u->perms);
  free(u->scope.units);
  free(u->scope_units_json);
  free(u);
}

org_user *org_caller(req *r) { return r->auth; }

int org_caller_can(req *r, const char *perm) {
  org_user *u = org_caller(r);
  if (!u) return 0;
  for (size_t i = 0; i < u->nperms; i++)
    if (org_perm_match(u->perms[i], perm)) return 1;
  return 0;
}

/* Per-thread cache of each user's permissions and scope, valid while auth_epoch (bumped by triggers on every table
 * they derive from) and the user's unit stay the same. Entries are only replaced between this thread's requests. */
#define AUTH_CACHE 64
struct auth_cache_ent { int64_t user_id, unit_id, epoch; char **perms; size_t nperms; org_scope scope; char *scope_json; };
static _Thread_local struct auth_cache_ent t_auth[AUTH_CACHE];

static void cache_ent_clear(struct auth_cache_ent *e) {
  for (size_t i = 0; i < e->nperms; i++) free(e->perms[i]);
  free(e->perms);
  free(e->scope.units);
  free(e->scope_json);
  memset(e, 0, sizeof *e);
}

void org_auth_cache_clear(void) {
  for (int i = 0; i < AUTH_CACHE; i++) cache_ent_clear(&t_auth[i]);
}

/* A thread's cache is freed as the thread ends (the server's pool threads end at shutdown). */
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;
static void cache_key_dtor(void *p) { (void)p; org_auth_cache_clear(); }
static void cache_key_init(void) { pthread_key_create(&cache_key, cache_key_dtor); }

static int load_perms(org_user *u);
int org_load_scope(int64_t user_id, int64_t unit_id, org_scope *out);

/* Fills u's perms and scope from the cache, loading them on a miss. 0 ok. */
static int auth_from_cache(org_user *u, int64_t epoch) {
  pthread_once(&cache_key_once, cache_key_init);
  if (!pthread_getspecific(cache_key)) pthread_setspecific(cache_key, (void *)1);
  struct auth_cache_ent *e = &t_auth[(uint64_t)u->id % AUTH_CACHE];
  if (!(e->user_id == u->id && e->epoch == epoch && e->unit_id == u->unit_id && e->scope_json)) {
    cache_ent_clear(e);
    org_user tmp = {.id = u->id, .unit_id = u->unit_id};
    if (load_perms(&tmp) != 0 || org_load_scope(u->id, u->unit_id, &tmp.scope) != 0 || !(tmp.scope_units_json = org_scope_units_json(&tmp.scope))) {
      for (size_t i = 0; i < tmp.nperms; i++) free(tmp.perms[i]);
      free(tmp.perms);
      free(tmp.scope.units);
      return -1;
    }
    *e = (struct auth_cache_ent){u->id, u->unit_id, epoch, tmp.perms, tmp.nperms, tmp.scope, tmp.scope_units_json};
  }
  u->perms = e->perms;
  u->nperms = e->nperms;
  u->scope = e->scope;
  u->scope_units_json = e->scope_json;
  u->scope_loaded = 1;
  u->cached = 1;
  return 0;
}

static int load_perms(org_user *u) { return org_store_user_perms(u->id, 0, &u->perms, &u->nperms); }

const org_scope *org_caller_scope(req *r) {
  org_user *u = org_caller(r);
  if (!u) return NULL;
  if (!u->scope_loaded) {
    if (org_load_scope(u->id, u->unit_id, &u->scope) != 0 || !(u->scope_units_json = org_scope_units_json(&u->scope))) {
      http_error(r, ERR_INTERNAL, NULL, NULL);
      return NULL;
    }
    u->scope_loaded = 1;
  }
  return &u->scope;
}

const char *org_scope_key(req *r) {
  const org_scope *sc = org_caller_scope(r);
  org_user *u = org_caller(r);
  if (!sc) return NULL;
  strbuf b = {0};
  if (sb_addf(&b, "scope:%d:%lld:%s", sc->all ? 1 : 0, (long long)(sc->self ? sc->self_id : -1), u->scope_units_json ? u->scope_units_json : "[]")) {
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return NULL;
  }
  return req_own(r, b.p);
}

void org_scope_bind(req *r, db_stmt *s, int first) {
  const org_scope *sc = org_caller_scope(r);
  org_user *u = org_caller(r);
  db_bind_int(s, first, sc && sc->all ? 1 : 0);
  db_bind_text(s, first + 1, sc && u->scope_units_json ? u->scope_units_json : "[]");
  db_bind_int(s, first + 2, sc && sc->self ? sc->self_id : -1);
}

static json_t *caller_json(org_user *u) {
  json_t *perms = json_array();
  for (size_t i = 0; i < u->nperms; i++) json_array_append_new(perms, json_string(u->perms[i]));
  json_t *roles = json_array();
  db_stmt *s = db_prepare("SELECT r.id, r.code, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.sort, r.id");
  if (s) {
    db_bind_int(s, 1, u->id);
    while (db_step(s) == DB_ROW)
      json_array_append_new(roles, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(s, 0), "code", db_col_text(s, 1), "name", db_col_text(s, 2)));
  }
  return json_pack("{s:I,s:s,s:s,s:I,s:s,s:b,s:o,s:o}", "id", (json_int_t)u->id, "username", u->username, "name", u->name,
                   "unit_id", (json_int_t)u->unit_id, "unit_name", u->unit_name, "must_change_password", u->must_change, "perms", perms,
                   "roles", roles);
}

/* Reads the session named by the cookie; fills a new org_user. NULL when none or expired. */
static org_user *session_user(req *r, int *expired) {
  char token[128];
  *expired = 0;
  const char *cookie = http_header(r, "Cookie");
  if (!http_cookie_get(cookie, COOKIE, token, sizeof token) || strlen(token) < 40) return NULL;
  char th[65];
  util_sha256_hex(token, strlen(token), th);
  db_stmt *s = db_prepare("SELECT s.id, s.csrf, s.created_at, s.last_seen, u.id, u.username, u.name, u.unit_id, u.status, u.must_change,"
                          " COALESCE(n.name,''), (SELECT n FROM auth_epoch) FROM sessions s JOIN users u ON u.id = s.user_id"
                          " LEFT JOIN units n ON n.id = u.unit_id WHERE s.token_hash = ?");
  if (!s) return NULL;
  db_bind_text(s, 1, th);
  if (db_step(s) != DB_ROW) return NULL;
  time_t now = util_now();
  int64_t sid = db_col_int(s, 0), created = db_col_int(s, 2), seen = db_col_int(s, 3);
  int disabled = strcmp(db_col_text(s, 8), "enabled") != 0;
  if (disabled || now - seen > (time_t)org_idle_timeout_s || now - created > (time_t)org_absolute_timeout_s) {
    db_reset(s);
    db_stmt *d = db_prepare("DELETE FROM sessions WHERE id = ?");
    if (d) { db_bind_int(d, 1, sid); db_step(d); }
    *expired = 1;
    return NULL;
  }
  org_user *u = calloc(1, sizeof *u);
  if (!u) { db_reset(s); return NULL; }
  u->session_id = sid;
  snprintf(u->csrf, sizeof u->csrf, "%s", db_col_text(s, 1));
  u->id = db_col_int(s, 4);
  snprintf(u->username, sizeof u->username, "%s", db_col_text(s, 5));
  snprintf(u->name, sizeof u->name, "%s", db_col_text(s, 6));
  u->unit_id = db_col_int(s, 7);
  u->must_change = (int)db_col_int(s, 9);
  snprintf(u->unit_name, sizeof u->unit_name, "%s", db_col_text(s, 10));
  u->auth_epoch = db_col_int(s, 11);
  db_reset(s);
  if (now - seen >= 60) {
    /* Sliding idle timeout, written at most once a minute per session. */
    db_stmt *t = db_prepare("UPDATE sessions SET last_seen = ? WHERE id = ?");
    if (t) { db_bind_int(t, 1, now); db_bind_int(t, 2, sid); db_step(t); }
  }
  return u;
}

static int origin_ok(req *r) {
  const char *origin = http_header(r, "Origin");
  if (!origin || strcmp(origin, "null") == 0) return origin == NULL;
  const char *host = http_header(r, "Host");
  if (!host) return 0;
  const char *p = strstr(origin, "://");
  if (!p) return 0;
  return strcmp(p + 3, host) == 0;
}

int org_auth_hook(req *r) {
  int expired;
  org_user *u = session_user(r, &expired);
  if (!u) {
    http_error(r, ERR_UNAUTHENTICATED, NULL, expired ? "登录已超时，请重新登录" : NULL);
    return -1;
  }
  r->auth = u;
  r->auth_free = user_free;
  r->log_user = u->username;
  if (r->method & (HTTP_POST | HTTP_PATCH | HTTP_PUT | HTTP_DELETE)) {
    const char *t = http_header(r, "X-CSRF-Token");
    if (!t || strlen(t) != strlen(u->csrf) || sodium_memcmp(t, u->csrf, strlen(u->csrf)) != 0 || !origin_ok(r)) {
      log_info("csrf rejected user=%s path=%s", u->username, r->path);
      http_error(r, ERR_CSRF, NULL, NULL);
      return -1;
    }
  }
  if (auth_from_cache(u, u->auth_epoch) != 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  if (u->must_change && !(r->route->flags & R_PRE_PASSWORD)) { http_error(r, ERR_PWD_CHANGE, NULL, NULL); return -1; }
  if (r->route->perm && !org_caller_can(r, r->route->perm)) { http_error(r, ERR_FORBIDDEN, NULL, "没有权限（需要 %s）", r->route->perm); return -1; }
  return 0;
}

/* ---- handlers ---- */
static ratelimit *ip_limiter;
static pthread_once_t limiter_once = PTHREAD_ONCE_INIT;
static void limiter_init(void) { ip_limiter = rl_new(20, 60); }

static void set_cookie(req *r, const char *token, int clear) {
  char c[256];
  snprintf(c, sizeof c, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", clear ? "" : token,
           org_secure_cookie ? "; Secure" : "", clear ? "; Max-Age=0" : "");
  http_add_header(r, "Set-Cookie", c);
}

static void h_login(req *r) {
  pthread_once(&limiter_once, limiter_init);
  unsigned wait = ip_limiter ? rl_hit(ip_limiter, r->ip, util_now()) : 0;
  if (wait) {
    char ra[16];
    snprintf(ra, sizeof ra, "%u", wait);
    http_add_header(r, "Retry-After", ra);
    http_error(r, ERR_RATE_LIMITED, NULL, "登录尝试过于频繁，请%u秒后再试", wait);
    return;
  }
  /* Login is the one write without a session, so no CSRF token: the Origin check stands in for it. */
  if (!origin_ok(r)) { http_error(r, ERR_CSRF, NULL, "请求来源不正确"); return; }
  static const char *const allowed[] = {"username", "password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *username, *password;
  if (jv_str(r, o, "username", "用户名", JV_REQUIRED, 1, 64, &username) < 0) return;
  if (jv_str(r, o, "password", "密码", JV_REQUIRED, 1, 128, &password) < 0) return;

  db_stmt *s = db_prepare("SELECT u.id, u.pw_hash, u.status, u.failed_count, u.locked_until, u.username FROM users u WHERE u.username = ?");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  db_bind_text(s, 1, username);
  int64_t uid = 0, failed = 0, locked_until = 0;
  char hash[160] = "", status[16] = "", canon[64] = "";
  if (db_step(s) == DB_ROW) {
    uid = db_col_int(s, 0);
    snprintf(hash, sizeof hash, "%s", db_col_text(s, 1));
    snprintf(status, sizeof status, "%s", db_col_text(s, 2));
    failed = db_col_int(s, 3);
    locked_until = db_col_int(s, 4);
    snprintf(canon, sizeof canon, "%s", db_col_text(s, 5));
    db_reset(s);
  }
  time_t now = util_now();
  const char *logname = uid ? canon : username;
  if (uid && locked_until > now) {
    long mins = (long)((locked_until - now + 59) / 60);
    if (db_begin() == DB_OK) { login_log(r, logname, uid, 0, "账号已锁定"); db_commit(); }
    json_t *details = json_pack("{s:I}", "retry_after", (json_int_t)(locked_until - now));
    char msg[128];
    snprintf(msg, sizeof msg, "密码连续错误次数过多，账号已锁定，请%ld分钟后再试", mins);
    json_t *err = json_pack("{s:s,s:s,s:I}", "code", "account_locked", "message", msg, "retry_after", (json_int_t)(locked_until - now));
    json_decref(details);
    http_json(r, 423, json_pack("{s:o}", "error", err));
    return;
  }
  int ok = org_password_verify(uid ? hash : NULL, password);
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return; }
  if (!ok) {
    int locked_now = 0;
    if (uid) {
      failed++;
      db_stmt *u = db_prepare("UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?");
      if (failed >= LOCK_AFTER) { locked_now = 1; locked_until = now + LOCK_SECONDS; failed = 0; }
      db_bind_int(u, 1, failed);
      db_bind_int(u, 2, locked_now ? locked_until : 0);
      db_bind_int(u, 3, uid);
      db_step(u);
    }
    login_log(r, logname, uid, 0, !uid ? "用户不存在" : locked_now ? "密码错误，账号已锁定" : "密码错误");
    db_commit();
    if (locked_now) {
      json_t *err = json_pack("{s:s,s:s,s:I}", "code", "account_locked", "message", "密码连续错误5次，账号已锁定，请10分钟后再试", "retry_after",
                              (json_int_t)LOCK_SECONDS);
      http_json(r, 423, json_pack("{s:o}", "error", err));
    } else if (uid) {
      http_error(r, ERR_BAD_CREDENTIALS, NULL, "用户名或密码错误，再错%lld次账号将被锁定", (long long)(LOCK_AFTER - failed));
    } else {
      http_error(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    }
    return;
  }
  if (strcmp(status, "enabled") != 0) {
    login_log(r, logname, uid, 0, "账号已停用");
    db_commit();
    http_error(r, ERR_FORBIDDEN, NULL, "账号已停用，请联系管理员");
    return;
  }
  char token[64], th[65], csrf[64], pub[32], at[20];
  util_random_token(token, sizeof token, 32);
  util_sha256_hex(token, strlen(token), th);
  util_random_token(csrf, sizeof csrf, 32);
  util_random_token(pub, sizeof pub, 12);
  org_now(at);
  const char *ua = http_header(r, "User-Agent");
  char uabuf[256];
  snprintf(uabuf, sizeof uabuf, "%s", ua ? ua : "");
  db_stmt *u = db_prepare("UPDATE users SET failed_count = 0, locked_until = 0, last_login_at = ? WHERE id = ?");
  db_bind_text(u, 1, at);
  db_bind_int(u, 2, uid);
  db_status st1 = db_step(u);
  db_stmt *ins = db_prepare("INSERT INTO sessions(token_hash, public_id, csrf, user_id, created_at, last_seen, ip, user_agent) VALUES(?,?,?,?,?,?,?,?)");
  db_bind_text(ins, 1, th);
  db_bind_text(ins, 2, pub);
  db_bind_text(ins, 3, csrf);
  db_bind_int(ins, 4, uid);
  db_bind_int(ins, 5, now);
  db_bind_int(ins, 6, now);
  db_bind_text(ins, 7, r->ip);
  db_bind_text(ins, 8, uabuf);
  db_status st2 = db_step(ins);
  int64_t sid = db_last_id();
  login_log(r, logname, uid, 1, "登录成功");
  if (st1 != DB_DONE || st2 != DB_DONE || db_commit() != DB_OK) { db_rollback(); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  set_cookie(r, token, 0);
  /* Answer as the new session would see itself. */
  int dummy;
  (void)dummy;
  org_user *me = calloc(1, sizeof *me);
  if (!me) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  me->id = uid;
  me->session_id = sid;
  r->auth = me;
  r->auth_free = user_free;
  db_stmt *q = db_prepare("SELECT u.username, u.name, u.unit_id, u.must_change, COALESCE(n.name,'') FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ?");
  db_bind_int(q, 1, uid);
  if (q && db_step(q) == DB_ROW) {
    snprintf(me->username, sizeof me->username, "%s", db_col_text(q, 0));
    snprintf(me->name, sizeof me->name, "%s", db_col_text(q, 1));
    me->unit_id = db_col_int(q, 2);
    me->must_change = (int)db_col_int(q, 3);
    snprintf(me->unit_name, sizeof me->unit_name, "%s", db_col_text(q, 4));
    db_reset(q);
  }
  r->log_user = me->username;
  load_perms(me);
  http_json(r, 200, json_pack("{s:s,s:o,s:o}", "csrf_token", csrf, "user", caller_json(me), "clock", clock_json()));
}

static void h_logout(req *r) {
  org_user *u = org_caller(r);
  db_stmt *d = db_prepare("DELETE FROM sessions WHERE id = ?");
  if (d) { db_bind_int(d, 1, u->session_id); db_step(d); }
  set_cookie(r, "", 1);
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_me(req *r) {
  org_user *u = org_caller(r);
  http_json(r, 200, json_pack("{s:s,s:o,s:o}", "csrf_token", u->csrf, "user", caller_json(u), "clock", clock_json()));
}

static void h_password(req *r) {
  static const char *const allowed[] = {"old_password", "new_password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *oldp, *newp;
  if (jv_str(r, o, "old_password", "原密码", JV_REQUIRED, 1, 128, &oldp) < 0) return;
  if (jv_str(r, o, "new_password", "新密码", JV_REQUIRED, 1, 128, &newp) < 0) return;
  org_user *u = org_caller(r);
  char msg[160];
  if (org_password_policy(u->username, newp, msg, sizeof msg) != 0) { http_error(r, ERR_WEAK_PASSWORD, "new_password", "%s", msg); return; }
  if (strcmp(oldp, newp) == 0) { http_error(r, ERR_WEAK_PASSWORD, "new_password", "新密码不能与原密码相同"); return; }
  db_stmt *s = db_prepare("SELECT pw_hash FROM users WHERE id = ?");
  db_bind_int(s, 1, u->id);
  char hash[160] = "";
  if (s && db_step(s) == DB_ROW) { snprintf(hash, sizeof hash, "%s", db_col_text(s, 0)); db_reset(s); }
  if (!org_password_verify(hash, oldp)) { http_error(r, ERR_WRONG_PASSWORD, "old_password", NULL); return; }
  char nh[128];
  if (org_password_hash(newp, nh) != 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return; }
  char at[20];
  org_now(at);
  db_stmt *up = db_prepare("UPDATE users SET pw_hash = ?, must_change = 0, updated_at = ? WHERE id = ?");
  db_bind_text(up, 1, nh);
  db_bind_text(up, 2, at);
  db_bind_int(up, 3, u->id);
  db_status st = db_step(up);
  /* Other sessions of this user end: whoever knew the old password is out. */
  db_stmt *d = db_prepare("DELETE FROM sessions WHERE user_id = ? AND id <> ?");
  db_bind_int(d, 1, u->id);
  db_bind_int(d, 2, u->session_id);
  db_step(d);
  if (st != DB_DONE || org_audit(r, "org.user.change_password", "user", u->id, "修改本人密码", NULL, NULL) || db_commit() != DB_OK) {
    db_rollback();
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_health(req *r) { http_json(r, 200, json_pack("{s:b,s:s}", "ok", 1, "version", BUREAU_VERSION)); }

static const http_route auth_routes[] = {
  {HTTP_GET, "/api/v1/health", NULL, h_health, R_PUBLIC},
  {HTTP_POST, "/api/v1/auth/login", NULL, h_login, R_PUBLIC},
  {HTTP_POST, "/api/v1/auth/logout", NULL, h_logout, R_PRE_PASSWORD},
  {HTTP_GET, "/api/v1/auth/me", NULL, h_me, R_PRE_PASSWORD},
  {HTTP_POST, "/api/v1/auth/password", NULL, h_password, R_PRE_PASSWORD},
};

void org_auth_routes(void) { http_add_routes(auth_routes, sizeof auth_routes / sizeof auth_routes[0]); }
