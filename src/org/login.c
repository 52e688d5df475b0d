/* login.c — logging in and out and changing one's password. Failures are counted per account and source address,
 * the same way for unknown, disabled and real accounts (the answers and the time they take do not tell them
 * apart); a sliding-window limiter bounds attempts per address; hashing goes through the bounded queue. */
#include "org/internal.h"
#include "base/log.h"
#include "base/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ratelimit *ip_limiter;
static pthread_once_t limiter_once = PTHREAD_ONCE_INIT;
static void limiter_init(void) { ip_limiter = rl_new(20, 60); }

void org_set_cookie(req *r, const char *token, int clear) {
  char c[256];
  snprintf(c, sizeof c, "bureau_sid=%s; Path=/; HttpOnly; SameSite=Strict%s%s", clear ? "" : token, org_secure_cookie ? "; Secure" : "",
           clear ? "; Max-Age=0" : "");
  http_add_header(r, "Set-Cookie", c);
}

static void answer_locked(req *r, int64_t retry_after, int lock_after, int lock_minutes, int just_now) {
  char msg[200];
  if (just_now)
    snprintf(msg, sizeof msg, "密码连续错误%d次，该账号已在本机所在网络锁定，请%d分钟后再试，或联系管理员解锁", lock_after, lock_minutes);
  else
    snprintf(msg, sizeof msg, "密码连续错误次数过多，该账号已在本机所在网络锁定，请%lld分钟后再试，或联系管理员解锁", (long long)((retry_after + 59) / 60));
  char ra[24];
  snprintf(ra, sizeof ra, "%lld", (long long)retry_after);
  http_add_header(r, "Retry-After", ra);
  json_t *err = json_pack("{s:s,s:s,s:I}", "code", "account_locked", "message", msg, "retry_after", (json_int_t)retry_after);
  http_json(r, 423, json_pack("{s:o}", "error", err));
}

/* Days since a "YYYY-MM-DD HH:MM:SS" stamp, by the bureau's clock; -1 when unreadable. */
static long days_since(const char *stamp, time_t now) {
  struct tm tm = {0};
  if (!stamp || sscanf(stamp, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_hour = 12;
  tm.tm_isdst = -1;
  time_t t = mktime(&tm);
  return t == (time_t)-1 ? -1 : (long)((now - t) / 86400);
}

static void h_login(req *r) {
  /* Login is the one write without a session, so no CSRF token: the Origin check stands in for it. */
  if (!org_origin_ok(r)) { http_error(r, ERR_CSRF, NULL, "请求来源不正确"); return; }
  static const char *const allowed[] = {"username", "password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *username, *password;
  if (jv_str(r, o, "username", "用户名", JV_REQUIRED, 1, 64, &username) < 0) return;
  if (jv_str(r, o, "password", "密码", JV_REQUIRED, 1, 128, &password) < 0) return;
  time_t now = util_now();
  pthread_once(&limiter_once, limiter_init);
  int first = 0;
  unsigned wait = ip_limiter ? rl_hit_ex(ip_limiter, r->ip, now, &first) : 0;
  if (wait) {
    /* One chained row per burst, not per refused request: a flood cannot turn into a flood of writes. */
    if (first && db_begin() == DB_OK) {
      org_login_log(r, username, 0, 0, "登录尝试过于频繁，被限流拒绝");
      if (db_commit() != DB_OK) db_rollback();
    }
    char ra[16];
    snprintf(ra, sizeof ra, "%u", wait);
    http_add_header(r, "Retry-After", ra);
    http_error(r, ERR_RATE_LIMITED, NULL, "登录尝试过于频繁，请%u秒后再试", wait);
    return;
  }
  org_security sec = org_security_get();
  int64_t lock_s = (int64_t)sec.lock_minutes * 60;
  int64_t until = org_store_lock_until(username, r->ip);
  if (until < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_login_user lu;
  int found = org_store_login_user(username, &lu);
  if (found < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *logname = found ? lu.username : username;
  if (until > now) {
    /* Still hashed, so a locked name answers in the same time as any other. */
    org_password_check(NULL, password);
    if (db_begin() == DB_OK) {
      org_login_log(r, logname, found ? lu.id : 0, 0, "该账号在此来源已锁定");
      if (db_commit() != DB_OK) db_rollback();
    }
    answer_locked(r, until - now, sec.lock_after, sec.lock_minutes, 0);
    return;
  }
  int ok = org_password_check(found ? lu.hash : NULL, password);
  if (ok == -2) { http_error(r, ERR_BUSY, NULL, "登录人数较多，请稍后再试"); return; }
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return; }
  if (!ok || !lu.enabled) {
    /* Unknown, disabled and wrong password: one answer, one count, one lock rule. Only the log tells them apart. */
    int64_t locked_until;
    int n = org_store_fail_count(username, r->ip, now, sec.lock_after, lock_s, &locked_until);
    const char *why = !found ? "用户不存在" : !ok ? "密码错误" : "账号已停用";
    org_login_log(r, logname, found ? lu.id : 0, 0, locked_until ? req_printf(r, "%s，该账号在此来源已锁定", why) : why);
    if (n < 0 || db_commit() != DB_OK) { db_rollback(); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (locked_until) answer_locked(r, lock_s, sec.lock_after, sec.lock_minutes, 1);
    else http_error(r, ERR_BAD_CREDENTIALS, NULL, NULL);
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
  long age = sec.pw_expiry_days > 0 ? days_since(lu.pw_changed_at, now) : -1;
  int expire = sec.pw_expiry_days > 0 && age >= sec.pw_expiry_days;
  int bad = org_store_fail_clear(username, r->ip) < 0 || org_store_login_ok(lu.id, at, expire) != 0;
  int64_t sid = bad ? -1 : org_store_session_new(th, pub, csrf, lu.id, now, r->ip, uabuf);
  org_login_log(r, logname, lu.id, 1, expire ? "登录成功（密码已过期，须修改）" : "登录成功");
  if (sid < 0 || db_commit() != DB_OK) { db_rollback(); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_set_cookie(r, token, 0);
  /* Answer as the new session would see itself. */
  org_user *me = calloc(1, sizeof *me);
  if (!me) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *row = org_store_login_me(lu.id);
  me->id = lu.id;
  me->session_id = sid;
  if (row) {
    snprintf(me->username, sizeof me->username, "%s", json_string_value(json_object_get(row, "username")));
    snprintf(me->name, sizeof me->name, "%s", json_string_value(json_object_get(row, "name")));
    me->unit_id = json_integer_value(json_object_get(row, "unit_id"));
    me->must_change = json_is_true(json_object_get(row, "must"));
    snprintf(me->unit_name, sizeof me->unit_name, "%s", json_string_value(json_object_get(row, "unit_name")));
    json_decref(row);
  }
  r->auth = me;
  r->auth_free = org_user_free;
  r->log_user = me->username;
  org_load_caller_perms(me);
  http_json(r, 200, json_pack("{s:s,s:o,s:o}", "csrf_token", csrf, "user", org_caller_json(me), "clock", org_clock_json()));
}

static void h_logout(req *r) {
  org_user *u = org_caller(r);
  if (db_begin() == DB_OK) {
    org_store_session_end(u->session_id);
    org_login_log(r, u->username, u->id, 1, "退出登录");
    if (db_commit() != DB_OK) db_rollback();
  }
  org_set_cookie(r, "", 1);
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void h_password(req *r) {
  static const char *const allowed[] = {"old_password", "new_password", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *oldp, *newp;
  if (jv_str(r, o, "old_password", "原密码", JV_REQUIRED, 1, 128, &oldp) < 0) return;
  if (jv_str(r, o, "new_password", "新密码", JV_REQUIRED, 1, 128, &newp) < 0) return;
  org_user *u = org_caller(r);
  org_security sec = org_security_get();
  int64_t lock_s = (int64_t)sec.lock_minutes * 60;
  time_t now = util_now();
  /* A wrong old password counts like a failed login of this account from this address. */
  int64_t until = org_store_lock_until(u->username, r->ip);
  if (until > now) {
    if (db_begin() == DB_OK) {
      org_store_session_end(u->session_id);
      org_login_log(r, u->username, u->id, 0, "修改密码被拒绝：该账号在此来源已锁定，会话结束");
      if (db_commit() != DB_OK) db_rollback();
    }
    org_set_cookie(r, "", 1);
    answer_locked(r, until - now, sec.lock_after, sec.lock_minutes, 0);
    return;
  }
  char msg[200];
  if (org_password_policy_for(u->username, u->name, newp, msg, sizeof msg) != 0) { http_error(r, ERR_WEAK_PASSWORD, "new_password", "%s", msg); return; }
  if (strcmp(oldp, newp) == 0) { http_error(r, ERR_WEAK_PASSWORD, "new_password", "新密码不能与原密码相同"); return; }
  char hash[160];
  if (org_store_user_hash(u->id, hash)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int ok = org_password_check(hash, oldp);
  if (ok == -2) { http_error(r, ERR_BUSY, NULL, NULL); return; }
  if (!ok) {
    if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return; }
    int64_t locked_until;
    int n = org_store_fail_count(u->username, r->ip, now, sec.lock_after, lock_s, &locked_until);
    if (locked_until) org_store_session_end(u->session_id);
    org_login_log(r, u->username, u->id, 0, locked_until ? "修改密码时原密码错误，该账号在此来源已锁定，会话结束" : "修改密码时原密码错误");
    if (n < 0 || db_commit() != DB_OK) { db_rollback(); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (locked_until) { org_set_cookie(r, "", 1); answer_locked(r, lock_s, sec.lock_after, sec.lock_minutes, 1); }
    else http_error(r, ERR_WRONG_PASSWORD, "old_password", NULL);
    return;
  }
  /* No reuse of the last pw_history passwords (the current one is checked above by the inequality). */
  int keep = sec.pw_history > 0 ? sec.pw_history : 0;
  if (keep > 20) keep = 20;
  char (*old)[160] = keep ? calloc((size_t)keep, sizeof *old) : NULL;
  int nold = keep ? org_store_pw_history(u->id, keep - 1, old) : 0;
  for (int i = 0; i < nold; i++) {
    int m = org_password_check(old[i], newp);
    if (m == -2) { free(old); http_error(r, ERR_BUSY, NULL, NULL); return; }
    if (m == 1) { free(old); http_error(r, ERR_WEAK_PASSWORD, "new_password", "新密码不能与最近%d次用过的密码相同", keep); return; }
  }
  free(old);
  char nh[128];
  int hr = org_password_hash_try(newp, nh);
  if (hr) { http_error(r, hr == -2 ? ERR_BUSY : ERR_INTERNAL, NULL, NULL); return; }
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return; }
  char at[20];
  org_now(at);
  /* Other sessions of this user end: whoever knew the old password is out. */
  if (org_store_pw_set(u->id, hash, nh, at, keep) || org_store_sessions_end_others(u->id, u->session_id) ||
      org_store_fail_clear(u->username, r->ip) < 0 || org_audit(r, "org.user.change_password", "user", u->id, "修改本人密码", NULL, NULL) || db_commit() != DB_OK) {
    db_rollback();
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/auth/login", NULL, h_login, R_PUBLIC},
  {HTTP_POST, "/api/v1/auth/logout", NULL, h_logout, R_PRE_PASSWORD},
  {HTTP_POST, "/api/v1/auth/password", NULL, h_password, R_PRE_PASSWORD},
};
void org_login_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
