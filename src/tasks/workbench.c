/* workbench.c — the 督办 cards of the 工作台 (registered with org_register_card): 督办台账 lights and what to urge
 * (督办 holders: 办公室, 局领导), 待审核 办结 waiting for a decision, and the caller's or his unit's 待办 (承办 holders). */
#include "tasks/internal.h"
#include <stdio.h>
#include <string.h>

enum { SHOW = 8 };

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

/* A task as a card row: title, lead unit and deadline, its light, a link to its page. */
static json_t *row_of(json_t *t, int with_urges) {
  char sub[512];
  int n = snprintf(sub, sizeof sub, "%s · %s", str(t, "lead_unit_name"), str(t, "deadline_text"));
  json_int_t urges = json_integer_value(json_object_get(t, "urge_count"));
  if (with_urges && urges > 0 && n > 0 && (size_t)n < sizeof sub) snprintf(sub + n, sizeof sub - (size_t)n, " · 已催办 %lld 次", (long long)urges);
  char link[48];
  snprintf(link, sizeof link, "/tasks/task/%lld", (long long)json_integer_value(json_object_get(t, "id")));
  const char *light = str(t, "light");
  return json_pack("{s:s,s:s,s:s,s:s,s:s}", "title", str(t, "title"), "sub", sub, "light", light, "tag",
                   *str(t, "light_text") ? str(t, "light_text") : str(t, "status"), "link", link);
}

/* Open tasks with their lights, red first, then yellow, then the rest (each by due date); keep = which lights to keep ("" all). */
static json_t *rows(req *r, const char *statuses, const char *keep, int with_urges, size_t *total) {
  json_t *ts = tasks_store_wb_tasks(r, statuses, 300);
  if (!ts) return NULL;
  tasks_clock ck;
  if (tasks_clock_load(&ck)) { json_decref(ts); return NULL; }
  size_t i;
  json_t *t;
  json_array_foreach(ts, i, t) tasks_add_deadline(t, &ck);
  tasks_clock_free(&ck);
  json_t *out = json_array();
  static const char *const order[] = {"red", "yellow", "green", "none", "done"};
  *total = 0;
  for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
    if (*keep && !strstr(keep, order[o])) continue;
    json_array_foreach(ts, i, t) {
      if (strcmp(str(t, "light"), order[o])) continue;
      (*total)++;
      if (json_array_size(out) < SHOW) json_array_append_new(out, row_of(t, with_urges));
    }
  }
  json_decref(ts);
  return out;
}

static json_t *todo_card(req *r) {
  size_t total;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return NULL;
  int self = !sc->all && sc->nunits == 0;
  json_t *items = rows(r, "[\"已交办\",\"办理中\"]", "", 0, &total);
  if (!items) return NULL;
  char title[64];
  snprintf(title, sizeof title, "%s（%zu）", self ? "我的待办" : "本单位待办", total);
  return json_pack("{s:s,s:o,s:s,s:{s:s,s:s}}", "title", title, "items", items, "empty", "没有待办的督办任务", "more", "text", "我的待办",
                   "link", "/tasks/mine");
}

static json_t *review_card(req *r) {
  size_t total;
  json_t *items = rows(r, "[\"待审核\"]", "", 0, &total);
  if (!items) return NULL;
  char title[64];
  snprintf(title, sizeof title, "待审核办结（%zu）", total);
  return json_pack("{s:s,s:o,s:s,s:{s:s,s:s}}", "title", title, "items", items, "empty", "没有等待审核的办结申请", "more", "text", "督办台账",
                   "link", "/tasks/board?status=待审核");
}

static json_t *tile(const char *label, int64_t v, const char *light, const char *link) {
  return json_pack("{s:s,s:I,s:s,s:s,s:s}", "label", label, "value", (json_int_t)v, "uom", "件", "light", light, "link", link);
}

static json_t *ledger_card(req *r) {
  tasks_clock ck;
  if (tasks_clock_load(&ck)) return NULL;
  int64_t red = 0, yellow = 0, green = 0, review = 0;
  int rc = tasks_store_wb_lights(r, &ck, &red, &yellow, &green, &review);
  tasks_clock_free(&ck);
  if (rc) return NULL;
  size_t total;
  json_t *items = rows(r, "[\"已交办\",\"办理中\",\"待审核\"]", "red yellow", 1, &total);
  if (!items) return NULL;
  json_t *tiles = json_array();
  json_array_append_new(tiles, tile("逾期", red, "red", "/tasks/board?light=red"));
  json_array_append_new(tiles, tile("临期", yellow, "yellow", "/tasks/board?light=yellow"));
  json_array_append_new(tiles, tile("正常", green, "green", "/tasks/board?light=green"));
  json_array_append_new(tiles, tile("待审核", review, "none", "/tasks/board?status=待审核"));
  return json_pack("{s:o,s:o,s:s,s:s,s:{s:s,s:s}}", "tiles", tiles, "items", items, "items_title", "逾期与临期（待催办）", "empty",
                   "没有逾期或临期的任务", "more", "text", "督办台账", "link", "/tasks/board");
}

void tasks_workbench_register(void) {
  org_register_card("tasks.ledger", "督办台账", "tasks:task:supervise", 100, ledger_card);
  org_register_card("tasks.review", "待审核办结", "tasks:task:supervise", 110, review_card);
  org_register_card("tasks.todo", "我的待办", "tasks:task:handle", 120, todo_card);
}
