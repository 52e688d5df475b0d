/* security.c — the security settings the 安全管理员 sees and edits (idle timeout, lock rule, password rules), the
 * live login locks an administrator lifts, and whether the installation still runs with one administrator. */
#include "org/internal.h"
#include "base/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the settings, re-read every few seconds (several processes may share the database) ---- */
static const org_security defaults = {30, 5, 10, 8, 5, 0};
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static org_security cached;
static time_t cached_at;

void org_security_invalidate(void) {
  pthread_mutex_lock(&mu);
  cached_at = 0;
  pthread_mutex_unlock(&mu);
}

org_security org_security_get(void) {
  time_t now = util_now();
  pthread_mutex_lock(&mu);
  if (cached_at && now - cached_at < 5) {
    org_security s = cached;
    pthread_mutex_unlock(&mu);
    return s;
  }
  pthread_mutex_unlock(&mu);
  org_security s = defaults;
  if (org_store_settings_load(&s) != 0) s = defaults;
  const char *env = getenv("BUREAU_IDLE_MINUTES");
  if (env && atoi(env) > 0) s.idle_timeout_min = atoi(env);
  pthread_mutex_lock(&mu);
  cached = s;
  cached_at = now;
  pthread_mutex_unlock(&mu);
  return s;
}

int org_password_policy_for(const char *username, const char *name, const char *pw, char *msg, size_t msglen) {
  return org_password_policy_ex(org_security_get().pw_min_length, username, name, pw, msg, msglen);
}

/* ---- /org/security/settings ---- */
struct setting { const char *key, *label; int min, max; };
static const struct setting settings[] = {
  {"idle_timeout_min", "空闲超时（分钟）", 5, 480},
  {"lock_after", "连续输错几次锁定", 3, 20},
  {"lock_minutes", "锁定时长（分钟）", 1, 1440},
  {"pw_min_length", "密码最短长度", 8, 32},
  {"pw_history", "不得重复使用最近几次的密码", 0, 20},
  {"pw_expiry_days", "密码有效期（天，0 为不过期）", 0, 365},
};
#define NSET (sizeof settings / sizeof settings[0])

static int value_of(const org_security *s, size_t i) {
  const int v[] = {s->idle_timeout_min, s->lock_after, s->lock_minutes, s->pw_min_length, s->pw_history, s->pw_expiry_days};
  return v[i];
}

static json_t *settings_json(void) {
  org_security s = defaults;
  org_store_settings_load(&s);
  json_t *items = json_array(), *values = json_object();
  for (size_t i = 0; i < NSET; i++) {
    json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:i,s:i,s:i}", "key", settings[i].key, "label", settings[i].label, "value", value_of(&s, i),
                                           "default", value_of(&defaults, i), "min", settings[i].min, "max", settings[i].max));
    json_object_set_new(values, settings[i].key, json_integer(value_of(&s, i)));
  }
  int single = org_store_single_admin();
  return json_pack("{s:o,s:o,s:b}", "items", items, "values", values, "single_admin", single > 0);
}

static void h_get(req *r) { http_json(r, 200, settings_json()); }

static void h_patch(req *r) {
  static const char *const allowed[] = {"idle_timeout_min", "lock_after", "lock_minutes", "pw_min_length", "pw_history", "pw_expiry_days", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t v[NSET];
  int has[NSET];
  for (size_t i = 0; i < NSET; i++)
    if ((has[i] = jv_int(r, o, settings[i].key, settings[i].label, JV_OPTIONAL, settings[i].min, settings[i].max, &v[i])) < 0) return;
  json_t *before = settings_json();
  if (org_tx_begin(r)) { json_decref(before); return; }
  for (size_t i = 0; i < NSET; i++)
    if (has[i] > 0 && org_store_setting_set(settings[i].key, (int)v[i])) { json_decref(before); org_tx_fail(r); return; }
  json_t *after = settings_json();
  int bad = org_audit(r, "org.security.update", "security_settings", 0, "修改安全设置", json_object_get(before, "values"), json_object_get(after, "values"));
  json_decref(before);
  if (bad) { json_decref(after); org_tx_fail(r); return; }
  if (org_tx_commit(r)) { json_decref(after); return; }
  org_security_invalidate();
  http_json(r, 200, after);
}

/* Whether one account holds all three roles is the 安全管理员's business (the 工作台 shows the warning to whoever
 * administers through its own card); an ordinary user learns nothing about who holds what. */
static void h_status(req *r) {
  int single = org_store_single_admin();
  if (single < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:b,s:s?}", "single_admin", single,
                              "warning", single ? ORG_SINGLE_ADMIN_WARNING : NULL));
}

/* ---- login locks (per account and source) ---- */
static void h_locks(req *r) {
  json_t *items = org_store_locks(util_now());
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_unlock(req *r) {
  static const char *const allowed[] = {"username", "ip", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *username, *ip = NULL;
  if (jv_str(r, o, "username", "用户名", JV_REQUIRED, 1, 64, &username) < 0 || jv_str(r, o, "ip", "来源地址", JV_OPTIONAL, 1, 64, &ip) < 0) return;
  /* A real account's lock is lifted only by someone who covers that account. */
  org_login_user lu;
  int found = org_store_login_user(username, &lu);
  if (found < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (found && !org_target_within(r, lu.id, "username")) return;
  if (org_tx_begin(r)) return;
  int n = org_store_fail_clear(username, ip);
  char *sum = req_printf(r, "解除登录锁定：%s%s%s", username, ip ? " 来自 " : "", ip ? ip : "");
  if (n < 0 || org_audit(r, "org.lock.remove", "login_lock", found ? lu.id : 0, sum, NULL, NULL)) { org_tx_fail(r); return; }
  if (org_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b,s:i}", "ok", 1, "removed", n));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/security/settings", "org:security:list", h_get, 0},
  {HTTP_PATCH, "/api/v1/org/security/settings", "org:security:edit", h_patch, 0},
  {HTTP_GET, "/api/v1/org/security/status", "org:security:list", h_status, 0},
  {HTTP_GET, "/api/v1/org/locks", "org:user:unlock", h_locks, 0},
  {HTTP_POST, "/api/v1/org/locks/remove", "org:user:unlock", h_unlock, 0},
};
void org_security_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
