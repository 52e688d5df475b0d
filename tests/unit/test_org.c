/* test_org.c — unit tests of the org module's pure logic: data scope over the unit tree, permission matching,
 * the audit row's canonical encoding, the password policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "org/org.h"
#include <pthread.h>
#include <sched.h>

/* 1 局 ─┬ 2 市场部 ─┬ 5 城区片区
 *       │          └ 6 东部片区 ── 9 一组
 *       ├ 3 城区所
 *       └ 4 乡镇所               (listed out of order on purpose) */
static const org_unit_ref tree[] = {{9, 6}, {1, 0}, {5, 2}, {2, 1}, {3, 1}, {6, 2}, {4, 1}};
#define NT (sizeof tree / sizeof tree[0])

static void assert_units(const org_scope *s, const int64_t *want, size_t n) {
  assert_int_equal(s->nunits, n);
  for (size_t i = 0; i < n; i++) assert_int_equal(s->units[i], want[i]);
}

static void test_scope_kinds(void **st) {
  org_scope s;
  org_role_scope r = {SCOPE_UNIT_BELOW, NULL, 0};
  assert_int_equal(org_scope_compute(tree, NT, 2, 77, &r, 1, &s), 0);
  assert_false(s.all);
  assert_false(s.self);
  assert_units(&s, (int64_t[]){2, 5, 6, 9}, 4);
  assert_true(org_scope_has_unit(&s, 9));
  assert_false(org_scope_has_unit(&s, 3));
  free(s.units);

  r.kind = SCOPE_UNIT;
  org_scope_compute(tree, NT, 3, 77, &r, 1, &s);
  assert_units(&s, (int64_t[]){3}, 1);
  assert_false(org_scope_has_unit(&s, 4));
  free(s.units);

  r.kind = SCOPE_SELF;
  org_scope_compute(tree, NT, 3, 77, &r, 1, &s);
  assert_int_equal(s.nunits, 0);
  assert_true(s.self);
  assert_int_equal(s.self_id, 77);
  free(s.units);

  r.kind = SCOPE_ALL;
  org_scope_compute(tree, NT, 3, 77, &r, 1, &s);
  assert_true(s.all);
  assert_true(org_scope_has_unit(&s, 12345));
  free(s.units);

  /* Custom units: exactly those listed (not their children), unknown ids ignored. */
  const int64_t custom[] = {6, 4, 404};
  r = (org_role_scope){SCOPE_CUSTOM, custom, 3};
  org_scope_compute(tree, NT, 3, 77, &r, 1, &s);
  assert_units(&s, (int64_t[]){4, 6}, 2);
  free(s.units);
}

static void test_scope_union(void **st) {
  /* A 城区所 inspector who is also a customer manager: his unit, plus his own rows. */
  org_role_scope roles[] = {{SCOPE_UNIT, NULL, 0}, {SCOPE_SELF, NULL, 0}, {SCOPE_UNIT, NULL, 0}};
  org_scope s;
  org_scope_compute(tree, NT, 3, 5, roles, 3, &s);
  assert_units(&s, (int64_t[]){3}, 1); /* no duplicates */
  assert_true(s.self);
  char *j = org_scope_units_json(&s);
  assert_string_equal(j, "[3]");
  free(j);
  free(s.units);
  /* No roles at all: only himself. */
  org_scope_compute(tree, NT, 3, 5, NULL, 0, &s);
  assert_true(s.self);
  assert_false(s.all);
  assert_int_equal(s.nunits, 0);
  j = org_scope_units_json(&s);
  assert_string_equal(j, "[]");
  free(j);
  free(s.units);
  /* A custom scope of 市场部 (2) beside a 本单位及以下 role held in 城区所 (3): 2 alone plus 3's subtree. The custom unit's
   * children (5, 6, 9) stay out whichever order the roles come in (the property test of the grants found 2's subtree
   * leaking in when the custom role came first). */
  const int64_t custom[] = {2};
  org_role_scope mixed[] = {{SCOPE_CUSTOM, custom, 1}, {SCOPE_UNIT_BELOW, NULL, 0}};
  org_scope_compute(tree, NT, 3, 5, mixed, 2, &s);
  assert_units(&s, (int64_t[]){2, 3}, 2);
  free(s.units);
  org_role_scope mixed2[] = {{SCOPE_UNIT_BELOW, NULL, 0}, {SCOPE_CUSTOM, custom, 1}};
  org_scope_compute(tree, NT, 3, 5, mixed2, 2, &s);
  assert_units(&s, (int64_t[]){2, 3}, 2);
  free(s.units);
  /* and below a unit that has children: 市场部's 本单位及以下 with a custom 城区所: 2, 5, 6, 9 and 3, not 4 */
  const int64_t c3[] = {3};
  org_role_scope mixed3[] = {{SCOPE_CUSTOM, c3, 1}, {SCOPE_UNIT_BELOW, NULL, 0}};
  org_scope_compute(tree, NT, 2, 5, mixed3, 2, &s);
  assert_units(&s, (int64_t[]){2, 3, 5, 6, 9}, 5);
  free(s.units);
}

static void test_scope_kind_names(void **st) {
  assert_int_equal(org_scope_kind_parse("unit_below"), SCOPE_UNIT_BELOW);
  assert_int_equal(org_scope_kind_parse("ALL"), -1);
  assert_int_equal(org_scope_kind_parse(NULL), -1);
  assert_string_equal(org_scope_kind_name(SCOPE_CUSTOM), "custom");
}

static void test_perm_match(void **st) {
  struct { const char *g, *w; int want; } t[] = {
    {"*:*:*", "org:user:list", 1}, {"org:user:list", "org:user:list", 1}, {"org:user:list", "org:user:add", 0},
    {"org:*:list", "org:unit:list", 1}, {"org:*:list", "org:unit:add", 0}, {"org:*", "org:user:resetPwd", 1},
    {"org:user", "org:user:list", 0}, {"org:user:list", "org:user", 0}, {"org:user:list:x", "org:user:list", 0},
    {"org:users:list", "org:user:list", 0}, {"", "org:user:list", 0}, {"monitor:*:*", "org:user:list", 0},
    {"*", "anything:at:all", 1},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    if (org_perm_match(t[i].g, t[i].w) != t[i].want) fail_msg("granted %s wanted %s: expected %d", t[i].g, t[i].w, t[i].want);
  }
}

static void test_audit_canonical(void **st) {
  const char *a[] = {"2026-01-01 00:00:00", "1", "admin", "127.0.0.1", "update", "user", "5", "改", "{\"a\":1}", NULL};
  size_t la, lb;
  char *ca = org_audit_canonical(a, 10, &la);
  assert_string_equal(ca, "19:2026-01-01 00:00:00;1:1;5:admin;9:127.0.0.1;6:update;4:user;1:5;3:改;7:{\"a\":1};0:;");
  /* Moving a separator between fields changes the encoding (no ambiguity). */
  const char *b[] = {"2026-01-01 00:00:00", "1", "admin;", "127.0.0.1", "update", "user", "5", "改", "{\"a\":1}", NULL};
  char *cb = org_audit_canonical(b, 10, &lb);
  assert_true(la != lb || memcmp(ca, cb, la) != 0);
  free(ca);
  free(cb);
}

static void test_password_policy(void **st) {
  char msg[200];
  struct { const char *user, *pw; int ok; const char *why; } t[] = {
    {"zhangsan", "Short1!", 0, "8"},
    {"zhangsan", "abcdefghij", 0, "两类"},
    {"zhangsan", "12345678901", 0, "两类"},
    {"zhangsan", "xZhangSan2023", 0, "用户名"},
    {"zhangsan", "password1", 0, "常见"},
    {"zhangsan", "Password1", 0, "常见"},          /* case-insensitive */
    {"zhangsan", "woaini1314", 0, "常见"},
    {"zhangsan", "qwe123456", 0, "连续"},          /* 12345 is a run */
    {"zhangsan", "Aaaaaaaa", 0, "两类"},           /* upper and lower case are one kind */
    {"zhangsan", "11111111!", 0, "相同"},
    {"zhangsan", "Zxcvbnm1", 0, "连续"},
    {"zhangsan", "Mnbvcxz#9", 0, "连续"},          /* backwards too */
    {"zhangsan", "tobacco2026", 0, "单位"},
    {"zhangsan", "YanCao#2026x", 0, "单位"},
    {"zhangsan", "Password2026!", 0, "常见"},      /* a common word with digits and a symbol added */
    {"zhangsan", "Tobacco-County-7", 0, "单位"},
    {"zhangsan", "Copper-County-7", 1, NULL},
    {"zhangsan", "县局管理2026年度", 1, NULL},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    msg[0] = 0;
    int rc = org_password_policy(t[i].user, t[i].pw, msg, sizeof msg);
    if ((rc == 0) != t[i].ok) fail_msg("%s: expected %s, got %d (%s)", t[i].pw, t[i].ok ? "ok" : "refused", rc, msg);
    if (t[i].why && !strstr(msg, t[i].why)) fail_msg("%s: message '%s' lacks '%s'", t[i].pw, msg, t[i].why);
  }
  /* The shipped list has 10,000 entries; a few from different parts of it. */
  assert_true(org_password_is_common("123456"));
  assert_true(org_password_is_common("19850808"));
  assert_false(org_password_is_common("Tobacco-County-7"));
}

static void test_password_hash(void **st) {
  char h[128];
  assert_int_equal(org_password_hash("Tobacco-County-7", h), 0);
  assert_memory_equal(h, "$argon2id$", 10);
  assert_int_equal(org_password_verify(h, "Tobacco-County-7"), 1);
  assert_int_equal(org_password_verify(h, "tobacco-county-7"), 0);
  /* An unknown user (no hash) never verifies, whatever is typed. */
  assert_int_equal(org_password_verify(NULL, "Tobacco-County-7"), 0);
  assert_int_equal(org_password_verify("", ""), 0);
}

/* Scopes compared as sets of units: a relative scope is judged by what it reaches from the holder's unit. */
static void test_scope_covers(void **st) {
  org_scope mine, theirs;
  org_role_scope unit = {SCOPE_UNIT, NULL, 0}, below = {SCOPE_UNIT_BELOW, NULL, 0}, self = {SCOPE_SELF, NULL, 0}, all = {SCOPE_ALL, NULL, 0};
  /* 本单位 at 市场部 does not cover 本单位及以下 at 市场部 (it reaches 5, 6, 9 too) */
  org_scope_compute(tree, NT, 2, 10, &unit, 1, &mine);
  org_scope_compute(tree, NT, 2, 11, &below, 1, &theirs);
  assert_false(org_scope_covers(&mine, &theirs, 2));
  free(theirs.units);
  /* …but does cover 本单位 and 仅本人 of a colleague in the same unit */
  org_scope_compute(tree, NT, 2, 11, &unit, 1, &theirs);
  assert_true(org_scope_covers(&mine, &theirs, 2));
  free(theirs.units);
  org_scope_compute(tree, NT, 2, 11, &self, 1, &theirs);
  assert_true(org_scope_covers(&mine, &theirs, 2));
  /* 仅本人 of someone in another unit is outside */
  assert_false(org_scope_covers(&mine, &theirs, 3));
  free(theirs.units);
  free(mine.units);
  /* 本单位及以下 at 市场部 covers 本单位及以下 at 东部片区, not at the 局 */
  org_scope_compute(tree, NT, 2, 10, &below, 1, &mine);
  org_scope_compute(tree, NT, 6, 11, &below, 1, &theirs);
  assert_true(org_scope_covers(&mine, &theirs, 6));
  free(theirs.units);
  org_scope_compute(tree, NT, 1, 11, &below, 1, &theirs);
  assert_false(org_scope_covers(&mine, &theirs, 1));
  free(theirs.units);
  /* "all" only under "all", even when the tree has no other unit */
  org_scope_compute(tree, NT, 1, 11, &all, 1, &theirs);
  assert_false(org_scope_covers(&mine, &theirs, 1));
  free(mine.units);
  org_scope_compute(tree, NT, 5, 10, &all, 1, &mine);
  assert_true(org_scope_covers(&mine, &theirs, 1));
  free(theirs.units);
  free(mine.units);
  /* one's own 仅本人 covers oneself */
  org_scope_compute(tree, NT, 3, 10, &self, 1, &mine);
  org_scope_compute(tree, NT, 3, 10, &self, 1, &theirs);
  assert_true(org_scope_covers(&mine, &theirs, 3));
  free(theirs.units);
  free(mine.units);
  (void)st;
}

static void test_perms_cover(void **st) {
  char *have[] = {"org:user:*", "monitor:audit:list"};
  char *want1[] = {"org:user:resetPwd", "monitor:audit:list"};
  char *want2[] = {"org:user:list", "*:*:*"};
  char *want3[] = {"org:role:edit"};
  char *star[] = {"*:*:*"};
  assert_null(org_perms_cover(have, 2, want1, 2));
  assert_string_equal(org_perms_cover(have, 2, want2, 2), "*:*:*");
  assert_string_equal(org_perms_cover(have, 2, want3, 1), "org:role:edit");
  assert_null(org_perms_cover(star, 1, want2, 2));
  assert_null(org_perms_cover(have, 2, NULL, 0));
  assert_string_equal(org_perms_cover(NULL, 0, want3, 1), "org:role:edit");
  (void)st;
}

/* The hashing queue: one runs, one may wait, a third is told "busy" at once; the waiter goes on when the first leaves. */
static org_gate tg;
static void *waiter(void *p) { int rc = org_gate_enter(&tg, 0); *(int *)p = rc; if (rc == 0) org_gate_leave(&tg); return NULL; }
static void test_hash_gate(void **st) {
  org_gate_init(&tg, 1, 0);
  assert_int_equal(org_gate_enter(&tg, 0), 0);
  assert_int_equal(org_gate_enter(&tg, 0), -2);
  org_gate_leave(&tg);
  assert_int_equal(org_gate_enter(&tg, 0), 0);
  org_gate_leave(&tg);
  org_gate_init(&tg, 1, 1);
  assert_int_equal(org_gate_enter(&tg, 0), 0);
  int got = 99;
  pthread_t t;
  pthread_create(&t, NULL, waiter, &got);
  while (org_gate_waiting(&tg) != 1) sched_yield(); /* the second is queued */
  assert_int_equal(org_gate_enter(&tg, 0), -2);      /* the third is refused at once */
  org_gate_leave(&tg);
  pthread_join(t, NULL);
  assert_int_equal(got, 0);
  /* A waiter gives up after wait_ms while the one in front still runs. */
  org_gate_init(&tg, 1, 1);
  tg.wait_ms = 50;
  assert_int_equal(org_gate_enter(&tg, 0), 0);
  got = 99;
  pthread_create(&t, NULL, waiter, &got);
  pthread_join(t, NULL);
  assert_int_equal(got, -2);
  assert_int_equal(org_gate_waiting(&tg), 0);
  org_gate_leave(&tg);
  (void)st;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_scope_kinds), cmocka_unit_test(test_scope_union), cmocka_unit_test(test_scope_kind_names),
    cmocka_unit_test(test_perm_match), cmocka_unit_test(test_audit_canonical), cmocka_unit_test(test_password_policy),
    cmocka_unit_test(test_password_hash), cmocka_unit_test(test_scope_covers), cmocka_unit_test(test_perms_cover), cmocka_unit_test(test_hash_gate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
