/* test_tasks_public.c — tasks.h's calls for other modules, on a real SQLite file migrated like `bureau init`: a task or
 * checklist item opened once per source, bad input refused with nothing written, a task's brief and light, the record of
 * a unit and a person over a year, a plan made from outline text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/db.h"
#include "org/org.h"
#include "tasks/tasks.h"

static char dir[64];
static int64_t unit_a, unit_b, user_a;

static int64_t one(const char *sql) {
  db_stmt *s = db_prepare(sql);
  assert_non_null(s);
  assert_int_equal(db_step(s), DB_ROW);
  int64_t v = db_col_int(s, 0);
  db_reset(s);
  return v;
}

static void exec(const char *sql) { assert_int_equal(db_exec(sql), DB_DONE); }

static int setup(void **st) {
  (void)st;
  setenv("BUREAU_TODAY", "2026-06-15", 1);
  snprintf(dir, sizeof dir, "/tmp/bureau-tp-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  char path[128], err[512];
  snprintf(path, sizeof path, "%s/t.db", dir);
  static const char *const mods[] = {"base", "org", "tasks", NULL};
  if (db_configure(path) || db_migrate(mods, err, sizeof err) < 0) { fprintf(stderr, "migrate: %s\n", err); return -1; }
  if (org_init_db("Zq7#unit-test-pw", 0, err, sizeof err)) { fprintf(stderr, "init: %s\n", err); return -1; }
  if (db_exec("INSERT INTO units(id, parent_id, code, name, kind, path, created_at, updated_at) VALUES"
              " (20, 1, 'A', '城区所', '所', '/1/20/', '2026-01-01 08:00:00', '2026-01-01 08:00:00'),"
              " (21, 1, 'B', '石门所', '所', '/1/21/', '2026-01-01 08:00:00', '2026-01-01 08:00:00')") != DB_DONE) {
    fprintf(stderr, "units: %s\n", db_errmsg());
    return -1;
  }
  unit_a = 20;
  unit_b = 21;
  user_a = one("SELECT id FROM users WHERE username = 'admin'");
  return 0;
}

static int teardown(void **st) {
  (void)st;
  db_close_all();
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd);
}

static int64_t open_task(const tasks_new *t, int *created, char *err) {
  assert_int_equal(db_begin(), DB_OK);
  int64_t id = tasks_open(NULL, t, created, err, 200);
  if (id > 0) assert_int_equal(db_commit(), DB_OK); else db_rollback();
  return id;
}

static void test_open_once_per_source(void **st) {
  (void)st;
  int64_t audit0 = one("SELECT count(*) FROM audit_log WHERE action = 'tasks.task.create'");
  tasks_new t = {.source = "risks.review:7:2026-06", .source_label = "风险复评逾期", .title = "复评：仓储火灾风险", .lead_unit = unit_a,
                 .due = "2026-06-30"};
  int created;
  char err[200] = "";
  int64_t id = open_task(&t, &created, err);
  assert_true(id > 0);
  assert_int_equal(created, 1);
  int64_t again = open_task(&t, &created, err);
  assert_int_equal(again, id);
  assert_int_equal(created, 0);
  assert_int_equal(one("SELECT count(*) FROM tasks WHERE source_ref = 'risks.review:7:2026-06'"), 1);
  assert_int_equal(one("SELECT count(*) FROM audit_log WHERE action = 'tasks.task.create'"), audit0 + 1);
  /* a draft with its source on the timeline, audited as the system */
  tasks_brief b;
  assert_int_equal(tasks_brief_of(id, &b), 0);
  assert_string_equal(b.status, "草稿");
  assert_string_equal(b.due, "2026-06-30");
  assert_int_equal(b.lead_unit, unit_a);
  assert_int_equal(one("SELECT count(*) FROM task_events WHERE kind = 'create' AND text LIKE '%风险复评逾期%'"), 1);
  assert_int_equal(one("SELECT count(*) FROM audit_log WHERE action = 'tasks.task.create' AND username = 'system'"), 1);
  assert_int_equal(tasks_brief_of(999999, &b), 1);
}

static void test_open_refuses_bad_input(void **st) {
  (void)st;
  int64_t n0 = one("SELECT count(*) FROM tasks");
  int created;
  char err[200];
  tasks_new t = {.source = "x:1", .title = "t", .lead_unit = 9999, .due = "2026-06-30"};
  assert_int_equal(open_task(&t, &created, err), 0);
  assert_non_null(strstr(err, "牵头单位"));
  t.lead_unit = unit_a;
  t.due = "2026-02-30";
  assert_int_equal(open_task(&t, &created, err), 0);
  assert_non_null(strstr(err, "完成时限"));
  t.due = "2026-06-30";
  t.assign = 1;
  assert_int_equal(open_task(&t, &created, err), 0);
  assert_non_null(strstr(err, "责任人"));
  t.assign = 0;
  t.source = "";
  assert_int_equal(open_task(&t, &created, err), 0);
  assert_non_null(strstr(err, "source"));
  assert_int_equal(one("SELECT count(*) FROM tasks"), n0);
}

static void test_assign_tells_the_owner(void **st) {
  (void)st;
  tasks_new t = {.source = "party.project:3:m1", .title = "党支部+项目：里程碑一", .lead_unit = unit_b, .owner = user_a, .due = "2026-06-16",
                 .priority = "高", .assign = 1};
  int created;
  char err[200];
  int64_t m0 = one("SELECT count(*) FROM task_messages WHERE kind = 'assign'");
  int64_t id = open_task(&t, &created, err);
  assert_true(id > 0);
  tasks_brief b;
  assert_int_equal(tasks_brief_of(id, &b), 0);
  assert_string_equal(b.status, "已交办");
  assert_int_equal(b.owner, user_a);
  /* due tomorrow (a Tuesday after a Monday): yellow, one working day left */
  assert_int_equal(b.deadline.light, TL_YELLOW);
  assert_int_equal(one("SELECT count(*) FROM task_messages WHERE kind = 'assign'"), m0 + 1);
}

static void test_record_of_a_year(void **st) {
  (void)st;
  /* unit B, 2025: four given tasks and a draft. One closed on time, one closed late, one open and overdue, one open
   * not yet due (by BUREAU_TODAY 2026-06-15 everything in 2025 is past due). */
  exec("INSERT INTO tasks(title, lead_unit_id, owner_id, due_date, status, urge_count, closed_at, created_at, updated_at) VALUES"
       " ('r1', 21, NULL, '2025-03-31', '已办结', 0, '2025-03-30 10:00:00', '2025-01-01', '2025-01-01'),"
       " ('r2', 21, 1,    '2025-04-30', '已办结', 2, '2025-05-06 10:00:00', '2025-01-01', '2025-01-01'),"
       " ('r3', 21, 1,    '2025-09-30', '办理中', 1, NULL, '2025-01-01', '2025-01-01'),"
       " ('r4', 21, NULL, '2025-12-31', '草稿', 0, NULL, '2025-01-01', '2025-01-01'),"
       " ('r5', 20, 1,    '2025-10-31', '已办结', 0, '2025-10-31 18:00:00', '2025-01-01', '2025-01-01'),"
       " ('r6', 21, NULL, '2024-12-31', '办理中', 5, NULL, '2024-01-01', '2024-01-01')");
  exec("INSERT INTO task_events(task_id, kind, text, at) SELECT id, 'return', '材料不全', '2025-05-01 09:00:00' FROM tasks WHERE title IN ('r2', 'r3')");
  exec("INSERT INTO task_events(task_id, kind, text, at) SELECT id, 'return', '再补', '2025-05-02 09:00:00' FROM tasks WHERE title = 'r2'");
  tasks_record rec;
  assert_int_equal(tasks_record_of(unit_b, 0, 2025, &rec), 0);
  assert_int_equal(rec.led, 3);
  assert_int_equal(rec.closed, 2);
  assert_int_equal(rec.closed_on_time, 1);
  assert_int_equal(rec.open_overdue, 1);
  assert_int_equal(rec.urges, 3);
  assert_int_equal(rec.returns, 3);
  /* the admin's tasks of 2025 in any unit: r2, r3, r5 */
  assert_int_equal(tasks_record_of(0, 1, 2025, &rec), 0);
  assert_int_equal(rec.led, 3);
  assert_int_equal(rec.closed_on_time, 1);
  assert_int_equal(rec.closed, 2);
  /* unit B and the admin together: r2, r3 */
  assert_int_equal(tasks_record_of(unit_b, 1, 2025, &rec), 0);
  assert_int_equal(rec.led, 2);
  assert_int_equal(rec.returns, 3);
  assert_int_equal(tasks_record_of(unit_a, 0, 2023, &rec), 0);
  assert_int_equal(rec.led, 0);
  tasks_brief b;
  assert_int_equal(tasks_brief_of(one("SELECT id FROM tasks WHERE title = 'r2'"), &b), 0);
  assert_string_equal(b.closed_on, "2025-05-06");
  assert_int_equal(b.on_time, 0);
  assert_int_equal(b.returns, 2);
  assert_int_equal(b.urges, 2);
  assert_int_equal(b.deadline.light, TL_DONE);
}

static int64_t open_item(const tasks_cl_new *n, int *created, char *err) {
  assert_int_equal(db_begin(), DB_OK);
  int64_t id = tasks_cl_item_open(NULL, n, created, err, 200);
  if (id > 0) assert_int_equal(db_commit(), DB_OK); else db_rollback();
  return id;
}

static void test_checklist_items(void **st) {
  (void)st;
  tasks_cl_new n = {.source = "risks.finding:1", .kind = "整改", .list_title = "2026年审计整改清单", .year = 2026, .title = "差旅费超标准报销",
                    .origin = "市局审计", .measures = "清退超标部分", .unit = unit_a, .due = "2026-09-30", .amount_fen = 895600, .refunded_fen = 863100,
                    .people = 2};
  int created;
  char err[200];
  int64_t lists0 = one("SELECT count(*) FROM task_checklists");
  int64_t id = open_item(&n, &created, err);
  assert_true(id > 0);
  assert_int_equal(created, 1);
  assert_int_equal(one("SELECT count(*) FROM task_checklists"), lists0 + 1);
  assert_int_equal(open_item(&n, &created, err), id);
  assert_int_equal(created, 0);
  tasks_cl_new m = n;
  m.source = "risks.finding:2";
  m.title = "公务用车管理不规范";
  m.amount_fen = 0;
  m.refunded_fen = 0;
  m.recovered_fen = 875700;
  m.people = 1;
  int64_t id2 = open_item(&m, &created, err);
  assert_true(id2 > id);
  assert_int_equal(one("SELECT count(*) FROM task_checklists"), lists0 + 1); /* joined the same list */
  tasks_cl_filter f = {.kind = CL_ZHENGGAI, .year = 2026};
  assert_int_equal(tasks_cl_kind_parse("整改"), CL_ZHENGGAI);
  tasks_cl_stats s;
  assert_int_equal(tasks_checklist_stats(&f, &s), 0);
  assert_int_equal(s.amount_fen, 895600);
  assert_int_equal(s.recovered_fen, 875700);
  assert_int_equal(s.refunded_fen, 863100);
  assert_int_equal(s.people, 3);
  tasks_cl_brief b;
  assert_int_equal(tasks_cl_item_brief(id2, &b), 0);
  assert_string_equal(b.status, "进行中");
  assert_string_equal(b.closed_on, "");
  m.source = "risks.finding:3";
  m.people = -1;
  assert_int_equal(open_item(&m, &created, err), 0);
  assert_non_null(strstr(err, "人次"));
  m.people = 0;
  m.kind = "其他";
  assert_int_equal(open_item(&m, &created, err), 0);
  assert_non_null(strstr(err, "清单类型"));
  assert_int_equal(one("SELECT count(*) FROM task_checklist_items WHERE source_ref = 'risks.finding:3'"), 0);
}

static void test_plan_from_text(void **st) {
  (void)st;
  const char *text = "二、2027年工作安排\n（一）持续夯实政治根基。一是深化理论武装；二是抓实第一议题。\n（二）提升营销质效。一是优化货源投放。\n";
  char err[200];
  assert_int_equal(db_begin(), DB_OK);
  int64_t id = tasks_plan_from_text(NULL, 2027, "2027年工作计划", text, err, sizeof err);
  assert_true(id > 0);
  assert_int_equal(db_commit(), DB_OK);
  assert_true(one("SELECT count(*) FROM task_plan_nodes WHERE plan_id = (SELECT max(id) FROM task_plans)") >= 5);
  assert_int_equal(db_begin(), DB_OK);
  assert_int_equal(tasks_plan_from_text(NULL, 2027, "2027年工作计划", text, err, sizeof err), 0);
  db_rollback();
  assert_non_null(strstr(err, "已有名为"));
  assert_int_equal(one("SELECT count(*) FROM task_plans WHERE year = 2027"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_open_once_per_source), cmocka_unit_test(test_open_refuses_bad_input), cmocka_unit_test(test_assign_tells_the_owner),
    cmocka_unit_test(test_record_of_a_year),     cmocka_unit_test(test_checklist_items),        cmocka_unit_test(test_plan_from_text),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
