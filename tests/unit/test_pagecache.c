/* test_pagecache.c — the list page cache's rules without a database: a page is served only for its own key and
 * version and before its time limit; a page built from an older snapshot never replaces a newer one; off means off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "base/pagecache.h"

static void test_key_version_time(void **st) {
  (void)st;
  pagecache_clear();
  size_t len = 0;
  assert_null(pagecache_get("users|scope:1:-1:[]|p1", 7, 1000, &len));
  pagecache_put("users|scope:1:-1:[]|p1", 7, 0, "{\"items\":[1]}", 13);
  char *p = pagecache_get("users|scope:1:-1:[]|p1", 7, 1000, &len);
  assert_non_null(p);
  assert_int_equal(len, 13);
  assert_string_equal(p, "{\"items\":[1]}");
  free(p);
  assert_null(pagecache_get("users|scope:1:-1:[]|p1", 8, 1000, &len)); /* a table moved on */
  assert_null(pagecache_get("users|scope:0:5:[]|p1", 7, 1000, &len));  /* another caller's scope */
  assert_null(pagecache_get("users|scope:1:-1:[]|p1", -1, 1000, &len)); /* counters unreadable */
  /* A time limit (a lock running out): served before, not at or after. */
  pagecache_put("users|scope:1:-1:[]|p2", 9, 2000, "{}", 2);
  p = pagecache_get("users|scope:1:-1:[]|p2", 9, 1999, &len);
  assert_non_null(p);
  free(p);
  assert_null(pagecache_get("users|scope:1:-1:[]|p2", 9, 2000, &len));
}

static void test_older_never_replaces_newer(void **st) {
  (void)st;
  pagecache_clear();
  size_t len;
  pagecache_put("k", 10, 0, "new", 3);
  pagecache_put("k", 9, 0, "old", 3);
  char *p = pagecache_get("k", 10, 0, &len);
  assert_non_null(p);
  assert_string_equal(p, "new");
  free(p);
  pagecache_put("k", 11, 0, "newer", 5);
  p = pagecache_get("k", 11, 0, &len);
  assert_string_equal(p, "newer");
  free(p);
}

static void test_off(void **st) {
  (void)st;
  pagecache_clear();
  size_t len;
  pagecache_enable(0);
  assert_int_equal(pagecache_enabled(), 0);
  pagecache_put("k", 1, 0, "x", 1);
  assert_null(pagecache_get("k", 1, 0, &len));
  pagecache_enable(1);
  assert_null(pagecache_get("k", 1, 0, &len));
  pagecache_put("k", 1, 0, "x", 1);
  char *p = pagecache_get("k", 1, 0, &len);
  assert_non_null(p);
  free(p);
  pagecache_clear();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_key_version_time),
      cmocka_unit_test(test_older_never_replaces_newer),
      cmocka_unit_test(test_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
