/* test_db.c — the database layer's helpers on a real SQLite file: constraint failures naming their column, the
 * insert/id-list/current-time helpers, and job_start freeing its argument when the job cannot start. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/db.h"
#include "base/job.h"

static char path[64];

static int setup(void **st) {
  (void)st;
  snprintf(path, sizeof path, "/tmp/test_db_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  if (db_configure(path)) return -1;
  if (db_exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, parent INTEGER REFERENCES t(id))") != DB_DONE) return -1;
  return 0;
}

static int teardown(void **st) {
  (void)st;
  db_close_all();
  char wal[80];
  unlink(path);
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(wal);
  snprintf(wal, sizeof wal, "%s-shm", path);
  unlink(wal);
  return 0;
}

static int64_t insert(const char *name, int64_t parent) {
  db_stmt *s = db_prepare("INSERT INTO t(name, parent) VALUES(?, ?)");
  db_bind_text(s, 1, name);
  if (parent) db_bind_int(s, 2, parent);
  return db_insert(s);
}

static void test_constraints(void **st) {
  (void)st;
  int64_t a = insert("甲", 0);
  assert_true(a > 0);
  assert_true(insert("乙", a) > a);
  /* a duplicate is refused with the column named */
  assert_int_equal(insert("甲", 0), 0);
  assert_int_equal(db_constraint_kind_last(), DB_C_UNIQUE);
  assert_string_equal(db_constraint_column(), "name");
  /* NOT NULL names its column too */
  assert_int_equal(insert(NULL, 0), 0);
  assert_int_equal(db_constraint_kind_last(), DB_C_NOTNULL);
  assert_string_equal(db_constraint_column(), "name");
  /* a foreign key names none */
  assert_int_equal(insert("丙", 999), 0);
  assert_int_equal(db_constraint_kind_last(), DB_C_FOREIGN);
  assert_string_equal(db_constraint_column(), "");
  /* a failed statement inside a transaction leaves the transaction usable and rolls back whole */
  assert_int_equal(db_begin(), DB_OK);
  assert_true(insert("丁", 0) > 0);
  assert_int_equal(insert("甲", 0), 0);
  db_rollback();
  db_stmt *s = db_prepare("SELECT count(*) FROM t WHERE name = '丁'");
  assert_int_equal(db_step(s), DB_ROW);
  assert_int_equal(db_col_int(s, 0), 0);
  db_reset(s);
}

static void test_ids_and_now(void **st) {
  (void)st;
  int64_t ids[3];
  ids[0] = insert("x1", 0);
  ids[1] = insert("x2", 0);
  ids[2] = insert("x3", 0);
  int64_t pick[] = {ids[0], ids[2], 123456};
  db_stmt *s = db_prepare("SELECT group_concat(name, ',') FROM (SELECT name FROM t WHERE id" DB_IN_IDS(1) " ORDER BY id)");
  assert_int_equal(db_bind_ids(s, 1, pick, 3), 0);
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "x1,x3");
  db_reset(s);
  s = db_prepare("SELECT count(*) FROM t WHERE id" DB_IN_IDS(1));
  assert_int_equal(db_bind_ids(s, 1, NULL, 0), 0);
  assert_int_equal(db_step(s), DB_ROW);
  assert_int_equal(db_col_int(s, 0), 0);
  db_reset(s);
  /* insert-or-ignore leaves the first row */
  s = db_prepare(DB_INSERT_IGNORE "t(name) VALUES('x1')" DB_ON_CONFLICT_IGNORE);
  assert_int_equal(db_step(s), DB_DONE);
  assert_int_equal(db_changes(), 0);
  /* JSON built in SQL, and the bureau's clock bound as text */
  s = db_prepare("SELECT " DB_JSON_ARRAY_AGG "(" DB_JSON_OBJECT "('n', name)), ? FROM (SELECT name FROM t WHERE name IN ('x1','x2') ORDER BY name)");
  db_bind_now(s, 1);
  assert_int_equal(db_step(s), DB_ROW);
  assert_string_equal(db_col_text(s, 0), "[{\"n\":\"x1\"},{\"n\":\"x2\"}]");
  const char *now = db_col_text(s, 1);
  assert_int_equal(strlen(now), 19);
  assert_true(now[4] == '-' && now[10] == ' ' && now[13] == ':');
  db_reset(s);
}

static int freed;
static void count_free(void *p) { freed++; free(p); }
static json_t *never(job *j, void *arg) { (void)j; (void)arg; return NULL; }

static void test_job_start_frees_arg_when_it_cannot_start(void **st) {
  (void)st;
  /* no jobs table here: the job cannot be recorded, so it cannot start */
  char *big = malloc(1 << 20);
  assert_non_null(big);
  freed = 0;
  assert_int_equal(job_start("test", 1, never, big, count_free), 0);
  assert_int_equal(freed, 1); /* and ASan sees no leak */
  assert_int_equal(job_start("test", 1, never, NULL, NULL), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_constraints),
    cmocka_unit_test(test_ids_and_now),
    cmocka_unit_test(test_job_start_frees_arg_when_it_cannot_start),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
