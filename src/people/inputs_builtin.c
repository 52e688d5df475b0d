/* inputs_builtin.c — the appraisal inputs offered through other modules' public headers (督办 from tasks.h) and the
 * people module's own (纪律 deductions). Each fill reads its figure and says where it comes from. */
#include "people/internal.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <string.h>

/* 督办: the tasks a person owned or a unit led that fell due in the year — on-time closing rate, less 2 points per
 * 催办 and 5 per 退回 (floor 0). */
static int fill_tasks(int year, int64_t user, int64_t unit, people_input_value *out) {
  tasks_record t;
  if (tasks_record_of(user ? 0 : unit, user, year, &t)) return -1;
  if (!t.led) return 1;
  out->value = 100.0 * (double)t.closed_on_time / (double)t.led;
  double sc = out->value - 2.0 * (double)t.urges - 5.0 * (double)t.returns;
  out->score = sc < 0 ? 0 : sc;
  snprintf(out->text, sizeof out->text, "到期任务 %lld 项，按期办结 %lld 项（%.1f%%），已办结 %lld 项，逾期未办结 %lld 项，催办 %lld 次，退回 %lld 次",
           (long long)t.led, (long long)t.closed_on_time, out->value, (long long)t.closed, (long long)t.open_overdue, (long long)t.urges,
           (long long)t.returns);
  if (user) snprintf(out->link, sizeof out->link, "/tasks/board?owner_id=%lld&due_from=%04d-01-01&due_to=%04d-12-31", (long long)user, year, year);
  else snprintf(out->link, sizeof out->link, "/tasks/board?unit_id=%lld&due_from=%04d-01-01&due_to=%04d-12-31", (long long)unit, year, year);
  return 0;
}

/* 纪律: 100 less each sanction decided in the year's deduction (floor 0); no sanction: 100. */
static int fill_sanctions(int year, int64_t user, int64_t unit, people_input_value *out) {
  (void)unit;
  json_t *rows = people_store_sanctions_in_year(user, year);
  if (!rows) return -1;
  int ded = 0;
  size_t n = json_array_size(rows), used = 0;
  char types[96] = "";
  for (size_t i = 0; i < n; i++) {
    const char *t = json_string_value(json_object_get(json_array_get(rows, i), "type"));
    ded += people_sanction_deduction(t);
    if (used + 20 < sizeof types) used += (size_t)snprintf(types + used, sizeof types - used, "%s%s", i ? "、" : "", t);
  }
  json_decref(rows);
  out->value = (double)n;
  out->score = ded >= 100 ? 0 : 100 - ded;
  if (n) snprintf(out->text, sizeof out->text, "本年度受处分 %zu 次（%s），扣 %d 分", n, types, ded);
  else snprintf(out->text, sizeof out->text, "本年度无处分");
  snprintf(out->link, sizeof out->link, "/people/sanctions?user_id=%lld", (long long)user);
  return 0;
}

static const people_input builtin[] = {
  {"tasks.ontime", "督办按期办结", "%", "督查督办", PEOPLE_SUBJ_PERSON | PEOPLE_SUBJ_UNIT, 20, fill_tasks},
  {"people.sanctions", "纪律处分", "次", "队伍建设·纪律", PEOPLE_SUBJ_PERSON, 10, fill_sanctions},
};

void people_inputs_register(void) {
  static int done;
  if (done++) return;
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) people_register_input(&builtin[i]);
  people_training_input_register();
}
