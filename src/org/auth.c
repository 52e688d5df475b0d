/* auth.c — login, logout, sessions, CSRF, permission checks on every request, password hashing,
 * and the hash-chained audit and login logs. */
#include "org/internal.h"
#include "base/jv.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned org_idle_timeout_s = 30 * 60, org_absolute_timeout_s = 12 * 3600;
int org_secure_cookie = 0;

#define COOKIE "bureau_sid"

void org_now(char out[20]) { util_now_text(out); }

/* The bureau's clock for the browser: its zone (for Intl), its UTC offset now (for a zone Intl does not know),
 * and its current time (so pages and the watermark follow the server's clock, injected ones included). */
json_t *org_clock_json(void) {
  time_t t = util_now();
  struct tm tm;
  localtime_r(&t, &tm);
  char now[20], today[11];
  util_time_str(t, now);
  util_today(today);
  return json_pack("{s:s,s:s,s:s,s:I,s:I}", "tz", util_tz_name(), "now", now, "today", today, "now_ms", (json_int_t)util_now_ms(),
                   "utc_offset_min", (json_int_t)(tm.tm_gmtoff / 60));
}

/* ---- hash-chained logs ---- */
int org_chain_anchors_logged = 1;

int org_chain_append(const char *table, const char *const *fields, size_t nfields) {
  char prev[65], prev_day[11] = "";
  if (org_store_chain_last(table, prev, prev_day)) return -1;
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
  return org_store_chain_insert(table, fields, nfields, prev, hash);
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
  int rc = org_chain_append("audit_log", fields, 10);
  free(b);
  free(a);
  if (rc) log_error("audit: append failed: %s", db_errmsg());
  return rc;
}

int org_audit_event(req *r, const char *action, const char *entity, int64_t entity_id, const char *summary) {
  /* Inside a caller's write transaction the row joins it; otherwise it is its own small write. A read request's
   * snapshot cannot be upgraded safely (another writer may have moved on), so it is closed for the write and a
   * new one opened for the rest of the handler. */
  if (db_in_write_tx()) return org_audit(r, action, entity, entity_id, summary, NULL, NULL);
  int reading = db_in_tx();
  if (reading && db_read_end() != DB_DONE) db_rollback();
  int rc = -1;
  if (db_begin() == DB_OK) {
    rc = org_audit(r, action, entity, entity_id, summary, NULL, NULL) || db_commit() != DB_OK ? -1 : 0;
    if (rc) db_rollback();
  }
  if (reading) db_read_begin();
  return rc;
}

int org_audit_read(req *r, const char *entity, int64_t entity_id, const char *summary) {
  return org_audit_event(r, "org.record.read", entity, entity_id, summary);
}

/* Every export and download leaves a chained row: what, how many rows, and the filter it was asked with. */
static void download_hook(req *r, const char *filename, size_t len) {
  if (!r->auth) return;
  char q[600] = "";
  size_t o = 0;
  for (size_t i = 0; i < r->nquery && o + 2 < sizeof q; i++)
    o += (size_t)snprintf(q + o, sizeof q - o, "%s%s=%s", i ? "&" : "", r->query[i].key, r->query[i].val ? r->query[i].val : "");
  if (o >= sizeof q) o = sizeof q - 1;
  char *sum = r->download_rows >= 0 ? req_printf(r, "导出 %s（%ld 行）；条件：%s", filename, r->download_rows, q[0] ? q : "无")
                                     : req_printf(r, "下载 %s（%zu 字节）：%s", filename, len, r->path);
  org_audit_event(r, r->download_rows >= 0 ? "org.data.export" : "org.file.download", "download", 0, sum);
}

void org_audit_hooks(void) { http_set_download_hook(download_hook); }

int org_login_log_at(const char *at, const char *username, int64_t user_id, const char *ip, const char *ua, int ok, const char *reason) {
  char uid[24] = "";
  if (user_id) snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  const char *fields[] = {at, username, uid[0] ? uid : NULL, ip, ua, ok ? "1" : "0", reason};
  return org_chain_append("login_log", fields, 7);
}

void org_login_log(req *r, const char *username, int64_t user_id, int ok, const char *reason) {
  char at[20], uid[24] = "";
  org_now(at);
  if (user_id) snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  const char *ua = http_header(r, "User-Agent");
  char uabuf[256];
  snprintf(uabuf, sizeof uabuf, "%s", ua ? ua : "");
  const char *fields[] = {at, username, uid[0] ? uid : NULL, r->ip, uabuf, ok ? "1" : "0", reason};
  if (org_chain_append("login_log", fields, 7))
    log_error("login_log: append failed");
}

/* ---- the caller ---- */
void org_user_free(void *p) {
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
int org_load_caller_perms(org_user *u) { return load_perms(u); }
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

json_t *org_caller_json(org_user *u) {
  json_t *perms = json_array();
  for (size_t i = 0; i < u->nperms; i++) json_array_append_new(perms, json_string(u->perms[i]));
  json_t *roles = org_store_user_roles_brief(u->id);
  if (!roles) roles = json_array();
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
  org_session_row sr;
  if (org_store_session_get(th, &sr) != 1) return NULL;
  time_t now = util_now();
  int disabled = !sr.enabled;
  org_security sec = org_security_get();
  time_t idle = sec.idle_timeout_min > 0 ? (time_t)sec.idle_timeout_min * 60 : (time_t)org_idle_timeout_s;
  if (disabled || now - sr.seen > idle || now - sr.created > (time_t)org_absolute_timeout_s) {
    /* The session's end is a chained login-log row, like a logout. */
    if (db_begin() == DB_OK) {
      org_store_session_end(sr.sid);
      org_login_log(r, sr.username, sr.uid, 1, disabled ? "会话结束（账号已停用）" : "会话超时");
      if (db_commit() != DB_OK) db_rollback();
    }
    *expired = 1;
    return NULL;
  }
  org_user *u = calloc(1, sizeof *u);
  if (!u) return NULL;
  u->session_id = sr.sid;
  snprintf(u->csrf, sizeof u->csrf, "%s", sr.csrf);
  u->id = sr.uid;
  snprintf(u->username, sizeof u->username, "%s", sr.username);
  snprintf(u->name, sizeof u->name, "%s", sr.name);
  u->unit_id = sr.unit_id;
  u->must_change = sr.must_change;
  snprintf(u->unit_name, sizeof u->unit_name, "%s", sr.unit_name);
  u->auth_epoch = sr.epoch;
  /* Sliding idle timeout, written at most once a minute per session. */
  if (now - sr.seen >= 60) org_store_session_touch(sr.sid, now);
  return u;
}

static const char *method_name(int m) {
  return m == HTTP_POST ? "POST" : m == HTTP_PATCH ? "PATCH" : m == HTTP_PUT ? "PUT" : m == HTTP_DELETE ? "DELETE" : "GET";
}

int org_origin_ok(req *r) {
  /* Browsers send Origin on every unsafe request, so a write without one is not from our pages: refused. (API-key
   * clients call their own public routes, which never come here.) */
  const char *origin = http_header(r, "Origin");
  if (!origin || strcmp(origin, "null") == 0) return 0;
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
  r->auth_free = org_user_free;
  r->log_user = u->username;
  if (r->method & (HTTP_POST | HTTP_PATCH | HTTP_PUT | HTTP_DELETE)) {
    const char *t = http_header(r, "X-CSRF-Token");
    if (!t || strlen(t) != strlen(u->csrf) || sodium_memcmp(t, u->csrf, strlen(u->csrf)) != 0 || !org_origin_ok(r)) {
      log_info("csrf rejected user=%s path=%s", u->username, r->path);
      org_audit_event(r, "org.request.refuse_csrf", "request", 0, req_printf(r, "安全校验失败（CSRF/来源）：%s %s", method_name(r->method), r->path));
      http_error(r, ERR_CSRF, NULL, NULL);
      return -1;
    }
  }
  if (auth_from_cache(u, u->auth_epoch) != 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  if (u->must_change && !(r->route->flags & R_PRE_PASSWORD)) { http_error(r, ERR_PWD_CHANGE, NULL, NULL); return -1; }
  if (r->route->perm && !org_caller_can(r, r->route->perm)) {
    org_audit_event(r, "org.request.refuse_permission", "request", 0, req_printf(r, "无权访问：%s %s（需要 %s）", method_name(r->method), r->path, r->route->perm));
    http_error(r, ERR_FORBIDDEN, NULL, "没有权限（需要 %s）", r->route->perm);
    return -1;
  }
  return 0;
}

static void h_me(req *r) {
  org_user *u = org_caller(r);
  http_json(r, 200, json_pack("{s:s,s:o,s:o}", "csrf_token", u->csrf, "user", org_caller_json(u), "clock", org_clock_json()));
}

static void h_health(req *r) { http_json(r, 200, json_pack("{s:b,s:s}", "ok", 1, "version", BUREAU_VERSION)); }

static const http_route auth_routes[] = {
  {HTTP_GET, "/api/v1/health", NULL, h_health, R_PUBLIC},
  {HTTP_GET, "/api/v1/auth/me", NULL, h_me, R_PRE_PASSWORD},
};

void org_auth_routes(void) {
  http_add_routes(auth_routes, sizeof auth_routes / sizeof auth_routes[0]);
  org_login_routes();
  org_security_routes();
}
