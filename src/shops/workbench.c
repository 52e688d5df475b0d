/* workbench.c — the 零售户 cards of the 工作台 (registered with org_register_card), for those who visit shops
 * (客户经理, 片区主管): the shops still to visit and assess this month, and the shops most in need of help. */
#include "shops/internal.h"
#include <stdio.h>
#include <string.h>

enum { SHOW = 8 };

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}
/* The lowest two levels call for help first. */
static const char *level_light(const char *level) {
  return !*level ? "none" : !strcmp(level, "起步") ? "red" : !strcmp(level, "成长") ? "yellow" : "green";
}

static json_t *row_of(json_t *o, int assess_link) {
  char sub[600], link[64];
  const char *on = str(o, "assessed_on"), *level = str(o, "level");
  json_t *score = json_object_get(o, "score");
  if (json_is_number(score))
    snprintf(sub, sizeof sub, "%lld档 · %s · 得分 %.1f · 上次 %s", (long long)json_integer_value(json_object_get(o, "grade")), str(o, "category"),
             json_number_value(score), *on ? on : "—");
  else
    snprintf(sub, sizeof sub, "%lld档 · %s · %s", (long long)json_integer_value(json_object_get(o, "grade")), str(o, "category"), str(o, "address"));
  snprintf(link, sizeof link, assess_link ? "/shops/shop/%lld/assess" : "/shops/shop/%lld", (long long)json_integer_value(json_object_get(o, "id")));
  return json_pack("{s:s,s:s,s:s,s:s,s:s}", "title", str(o, "name"), "sub", sub, "light", level_light(level), "tag", *level ? level : "未检测",
                   "link", link);
}

static json_t *visit_card(req *r) {
  char month[8], start[20];
  shops_this_month(month);
  snprintf(start, sizeof start, "%s-01", month);
  int64_t total = 0, open = 0;
  json_t *rows = shops_store_wb_to_visit(r, start, SHOW, &total, &open);
  if (!rows) return NULL;
  if (open == 0) { json_decref(rows); return json_null(); } /* no shops in his care (an office head): no card */
  json_t *items = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(rows, i, o) json_array_append_new(items, row_of(o, 1));
  json_decref(rows);
  char title[64];
  snprintf(title, sizeof title, "本月待走访检测（%lld）", (long long)total);
  return json_pack("{s:s,s:o,s:s,s:{s:s,s:s}}", "title", title, "items", items, "empty", "本月负责的零售户都已走访检测", "more", "text", "零售户档案",
                   "link", "/shops/list");
}

static json_t *need_card(req *r) {
  json_t *rows = shops_store_wb_need(r, SHOW);
  if (!rows) return NULL;
  if (!json_array_size(rows)) { json_decref(rows); return json_null(); } /* nothing assessed in his care */
  json_t *items = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(rows, i, o) json_array_append_new(items, row_of(o, 0));
  json_decref(rows);
  return json_pack("{s:o,s:{s:s,s:s}}", "items", items, "more", "text", "零售户档案", "link", "/shops/list?level=起步");
}

void shops_workbench_register(void) {
  org_register_card("shops.visit", "本月待走访检测", "shops:assess:add", 200, visit_card);
  org_register_card("shops.need", "最需帮扶的零售户", "shops:assess:add", 210, need_card);
}
