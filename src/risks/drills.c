/* drills.c — emergency drills over HTTP: record a drill, list a year's drills, and the compliance check per unit
 * and year (at least one 综合 or 专项 drill a year, a 现场处置 drill every half year) shown red/green. */
#include "risks/internal.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int q_year(req *r, int *year) {
  char today[11];
  risks_today(today);
  *year = atoi(today);
  const char *v = http_query(r, "year");
  if (!v || !*v) return 0;
  char *end;
  long y = strtol(v, &end, 10);
  if (*end || y < 2000 || y > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度应为2000至2100之间的年份"); return -1; }
  *year = (int)y;
  return 0;
}

static void h_list(req *r) {
  int year;
  int64_t unit;
  if (q_year(r, &year) || risks_q_id(r, "unit_id", &unit)) return;
  json_t *items = risks_store_drills(r, year, unit);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_create(req *r) {
  static const char *const allowed[] = {"unit_id", "plan_kind", "form", "mode", "day", "title", "scenario", "participants", "evaluation", "problems",
                                        "plan_version_id", NULL};
  static const char *const kinds[] = {"综合", "专项", "现场处置", NULL}, *const forms[] = {"综合", "单项", NULL}, *const modes[] = {"实战", "桌面", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_drill_row w = {0};
  if (jv_int(r, o, "unit_id", "演练单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 || jv_enum(r, o, "plan_kind", "预案类别", JV_REQUIRED, kinds, &w.plan_kind) < 0 ||
      jv_enum(r, o, "form", "演练形式", JV_REQUIRED, forms, &w.form) < 0 || jv_enum(r, o, "mode", "演练方式", JV_REQUIRED, modes, &w.mode) < 0 ||
      jv_str(r, o, "day", "演练日期", JV_REQUIRED, 10, 10, &w.day) < 0 || jv_str(r, o, "title", "演练名称", JV_REQUIRED, 1, 200, &w.title) < 0 ||
      jv_str(r, o, "scenario", "演练场景", JV_OPTIONAL, 0, 2000, &w.scenario) < 0 ||
      jv_int(r, o, "participants", "参演人数", JV_OPTIONAL, 0, 10000, &w.participants) < 0 ||
      jv_str(r, o, "evaluation", "演练评估", JV_OPTIONAL, 0, 2000, &w.evaluation) < 0 || jv_str(r, o, "problems", "发现的问题", JV_OPTIONAL, 0, 2000, &w.problems) < 0)
    return;
  int64_t version = 0;
  if (jv_int(r, o, "plan_version_id", "演练的预案版本", JV_OPTIONAL, 1, INT64_MAX, &version) < 0) return;
  char today[11], at[20];
  risks_today(today);
  if (wd_parse(w.day) < 0) { http_error(r, ERR_INVALID, "day", "演练日期应为 YYYY-MM-DD 格式的日期"); return; }
  if (strcmp(w.day, today) > 0) { http_error(r, ERR_INVALID, "day", "演练日期不能晚于今天"); return; }
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "演练单位不存在或不在您的数据范围内"); return; }
  if (version) {
    char kind[16];
    int f = risks_store_plan_version_kind(r, version, kind);
    if (f < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (f) { http_error(r, ERR_INVALID, "plan_version_id", "预案版本不存在或不在您的数据范围内"); return; }
    if (strcmp(kind, w.plan_kind)) { http_error(r, ERR_INVALID, "plan_version_id", "所选预案为%s预案，与演练的预案类别“%s”不符", kind, w.plan_kind); return; }
  }
  /* Problems found become one 督办 task for the unit (its head owns it), due in ten working days. */
  wd_cal cal = {0};
  char due[11];
  int has_problems = 0;
  for (const char *p = w.problems; p && *p && !has_problems; p++) has_problems = *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r';
  if (has_problems) {
    if (org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    wd_format(wd_add(&cal, wd_parse(today), 10), due);
    free(cal.days);
  }
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_drill_insert(&w), task = 0;
  if (id && has_problems) {
    char source[48], title[300], err[200] = "";
    snprintf(source, sizeof source, "risks.drill:%lld", (long long)id);
    snprintf(title, sizeof title, "整改应急演练发现的问题：%.200s", w.title);
    int64_t head = org_unit_head(w.unit);
    tasks_new t = {.source = source, .source_label = "应急演练发现问题", .title = title, .content = w.problems, .lead_unit = w.unit,
                   .owner = head > 0 ? head : 0, .due = due, .assign = head > 0};
    int created = 0;
    task = tasks_open(r, &t, &created, err, sizeof err);
    if (task == 0) { db_rollback(); http_error(r, ERR_INVALID, "problems", "%s", err); return; }
  }
  json_t *after = NULL;
  if (id && (task < 0 || ((version || task) && risks_store_drill_links(id, version, task)))) id = 0;
  after = id ? risks_store_drill_get(r, id) : NULL;
  if (!after || org_audit(r, "risks.drill.create", "risk_drill", id, w.title, NULL, after)) { json_decref(after); risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static const char *state_text(int s, int h) {
  if (s == RC_MET) return "已完成";
  if (s == RC_MISSED) return "未完成";
  return h == 1 ? "待完成（6月30日前）" : "待完成（12月31日前）";
}

static void h_compliance(req *r) {
  int year;
  if (q_year(r, &year)) return;
  json_t *units = risks_store_drill_units(r);
  if (!units) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char today[11];
  risks_today(today);
  int t = wd_parse(today), red = 0;
  size_t i;
  json_t *u;
  json_array_foreach(units, i, u) {
    json_t *ds = json_object_get(u, "drills");
    size_t n = json_array_size(ds);
    risks_drill_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) { json_decref(units); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    for (size_t k = 0; k < n; k++) {
      json_t *d = json_array_get(ds, k);
      refs[k].day = wd_parse(json_string_value(json_object_get(d, "day")));
      refs[k].plan_kind = risks_plan_kind_parse(json_string_value(json_object_get(d, "plan_kind")));
    }
    risks_compliance c = risks_drill_compliance(year, refs, n, t);
    free(refs);
    json_object_del(u, "drills");
    json_object_set_new(u, "annual", json_pack("{s:s,s:s,s:i}", "state", risks_req_state_code(c.annual), "text", state_text(c.annual, 0), "count", c.annual_n));
    json_object_set_new(u, "h1", json_pack("{s:s,s:s,s:i}", "state", risks_req_state_code(c.h1), "text", state_text(c.h1, 1), "count", c.h1_n));
    json_object_set_new(u, "h2", json_pack("{s:s,s:s,s:i}", "state", risks_req_state_code(c.h2), "text", state_text(c.h2, 2), "count", c.h2_n));
    int pending = c.annual == RC_PENDING || c.h1 == RC_PENDING || c.h2 == RC_PENDING;
    json_object_set_new(u, "light", json_string(!c.ok ? "red" : pending ? "yellow" : "green"));
    red += !c.ok;
  }
  http_json(r, 200, json_pack("{s:i,s:o,s:I,s:i}", "year", year, "items", units, "total", (json_int_t)json_array_size(units), "red", red));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/drills", "risks:drill:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/drills", "risks:drill:add", h_create, 0},
  {HTTP_GET, "/api/v1/risks/drills/compliance", "risks:drill:list", h_compliance, 0},
};

void risks_drills_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
