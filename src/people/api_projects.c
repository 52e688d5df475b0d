/* api_projects.c — 项目+人才+激励 over HTTP: project teams (专班) with members and roles, milestones that become 督办
 * tasks through tasks.h (one per milestone, status shown from tasks_brief_of), outputs with points by the configurable
 * rules split among members by shares, the points ledger and ranking, the rules; and the talent part of the profile. */
#include "people/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *list_of(json_t *items) { return json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)); }

int people_points_rules_load(people_points_rules *out) {
  char *txt = people_store_rules_get();
  if (!txt) { people_points_default(out); return 0; }
  char f[64], m[200];
  int rc = people_points_parse(txt, strlen(txt), out, f, sizeof f, m, sizeof m);
  free(txt);
  if (rc) people_points_default(out);
  return 0;
}

/* ---- teams ---- */
static void h_teams(req *r) {
  json_t *t = people_store_teams(r);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(t));
}

static const char *const team_kinds[] = {"专班", "工作室", "团队", NULL};
static const char *const roles[] = {"负责人", "骨干", "成员", NULL};

static void h_team_create(req *r) {
  static const char *const allowed[] = {"name", "kind", "goal", "unit_id", "leader_id", "started_on", "members", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  char today[11];
  util_today(today);
  people_team_row t = {.kind = "专班", .goal = "", .started_on = today};
  if (jv_str(r, o, "name", "名称", JV_REQUIRED, 2, 60, &t.name) < 0 || jv_enum(r, o, "kind", "类型", JV_OPTIONAL, team_kinds, &t.kind) < 0 ||
      jv_str(r, o, "goal", "目标任务", JV_OPTIONAL, 0, 2000, &t.goal) < 0 || jv_id_or_null(r, o, "unit_id", "牵头单位", JV_OPTIONAL, &t.unit_id) < 0 ||
      jv_id_or_null(r, o, "leader_id", "负责人", JV_REQUIRED, &t.leader_id) < 0 || jv_str(r, o, "started_on", "成立日期", JV_OPTIONAL, 10, 10, &t.started_on) < 0)
    return;
  if (wd_parse(t.started_on) < 0) { http_error(r, ERR_INVALID, "started_on", "成立日期应为 YYYY-MM-DD"); return; }
  if (!t.unit_id) t.unit_id = org_caller(r)->unit_id;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  if (!org_unit_exists(t.unit_id) || !org_scope_has_unit(sc, t.unit_id)) { http_error(r, ERR_INVALID, "unit_id", "单位不存在或不在您的数据范围内"); return; }
  json_t *members = json_object_get(o, "members");
  if (members && !json_is_array(members)) { http_error(r, ERR_INVALID, "members", "成员应为数组"); return; }
  size_t nm = json_array_size(members);
  if (nm > 200) { http_error(r, ERR_INVALID, "members", "成员至多 200 人"); return; }
  int in = people_store_person_in_scope(r, t.leader_id);
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!in) { http_error(r, ERR_INVALID, "leader_id", "负责人不存在或不在您的数据范围内"); return; }
  for (size_t i = 0; i < nm; i++) {
    json_t *m = json_array_get(members, i), *u = json_object_get(m, "user_id"), *role = json_object_get(m, "role");
    int ok = json_is_object(m) && json_is_integer(u) && people_store_person_in_scope(r, json_integer_value(u)) == 1;
    if (!ok) { http_error(r, ERR_INVALID, req_printf(r, "members[%zu].user_id", i), "第 %zu 名成员不存在或不在您的数据范围内", i + 1); return; }
    int rok = !role;
    for (int k = 0; role && json_is_string(role) && roles[k]; k++) rok |= !strcmp(roles[k], json_string_value(role));
    if (!rok) { http_error(r, ERR_INVALID, req_printf(r, "members[%zu].role", i), "第 %zu 名成员的角色应为 负责人、骨干 或 成员", i + 1); return; }
  }
  t.created_by = org_caller(r)->id;
  if (people_tx_begin(r)) return;
  int64_t id = people_store_team_insert(&t);
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "name", "本单位已有“%s”", t.name); return; }
  if (id < 0 || people_store_team_member_set(id, t.leader_id, "负责人")) { people_tx_fail(r); return; }
  for (size_t i = 0; i < nm; i++) {
    json_t *m = json_array_get(members, i);
    int64_t u = json_integer_value(json_object_get(m, "user_id"));
    const char *role = json_string_value(json_object_get(m, "role"));
    if (u != t.leader_id && people_store_team_member_set(id, u, role ? role : "成员")) { people_tx_fail(r); return; }
  }
  json_t *after = people_store_team_json(r, id);
  if (!after || org_audit(r, "people.team.create", "people_team", id, req_printf(r, "成立%s %s", t.kind, t.name), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* Each milestone's 督办 task as the 督办台账 shows it today. */
static int add_task_status(json_t *team) {
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(team, "milestone_list"), i, m) {
    json_int_t tid = json_integer_value(json_object_get(m, "task_id"));
    if (!tid) continue;
    tasks_brief b;
    int f = tasks_brief_of(tid, &b);
    if (f < 0) return -1;
    if (f) continue;
    json_object_set_new(m, "task", json_pack("{s:I,s:s,s:s,s:s,s:i,s:b,s:i,s:i}", "id", (json_int_t)b.id, "status", b.status, "due", b.due, "closed_on", b.closed_on,
                                             "progress", b.progress, "on_time", b.on_time, "urges", b.urges, "returns", b.returns));
  }
  return 0;
}

static void h_team_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *t = id ? people_store_team_json(r, id) : NULL;
  if (!t) { http_error(r, ERR_NOT_FOUND, NULL, "专班不存在"); return; }
  if (add_task_status(t)) { json_decref(t); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, t);
}

/* POST /people/teams/:id/milestones {title, due, owner_id}: the milestone and its 督办 task (tasks_open, source
 * people.milestone:<id>, led by the team's unit, given to the owner at once), in one transaction. */
static void h_milestone(req *r) {
  static const char *const allowed[] = {"title", "due", "owner_id", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *title, *due;
  int64_t owner;
  if (jv_str(r, o, "title", "里程碑", JV_REQUIRED, 2, 150, &title) < 0 || jv_str(r, o, "due", "完成时限", JV_REQUIRED, 10, 10, &due) < 0 ||
      jv_id_or_null(r, o, "owner_id", "责任人", JV_REQUIRED, &owner) < 0)
    return;
  char today[11];
  util_today(today);
  if (wd_parse(due) < 0 || strcmp(due, today) < 0) { http_error(r, ERR_INVALID, "due", "完成时限应为不早于今天的 YYYY-MM-DD"); return; }
  json_t *team = id ? people_store_team_json(r, id) : NULL;
  if (!team) { http_error(r, ERR_NOT_FOUND, NULL, "专班不存在"); return; }
  int64_t unit = json_integer_value(json_object_get(team, "unit_id"));
  char tname[200];
  snprintf(tname, sizeof tname, "%s", json_string_value(json_object_get(team, "name")));
  int member = 0;
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(team, "member_list"), i, m) member |= json_integer_value(json_object_get(m, "user_id")) == owner;
  json_decref(team);
  if (!member) { http_error(r, ERR_INVALID, "owner_id", "责任人应是专班成员"); return; }
  if (people_tx_begin(r)) return;
  int64_t mid = people_store_milestone_insert(id, title, due, owner);
  if (mid <= 0) { people_tx_fail(r); return; }
  char source[64], err[200];
  snprintf(source, sizeof source, "people.milestone:%lld", (long long)mid);
  tasks_new tn = {.source = source, .source_label = "专班里程碑", .title = req_printf(r, "【%s】%s", tname, title),
                  .content = req_printf(r, "%s的里程碑：%s，%s 前完成。", tname, title, due), .lead_unit = unit, .owner = owner, .due = due, .assign = 1};
  int created = 0;
  int64_t task = tasks_open(r, &tn, &created, err, sizeof err);
  if (task == 0) { db_rollback(); http_error(r, ERR_INVALID, "title", "%s", err); return; }
  if (task < 0 || people_store_milestone_task(mid, task) ||
      org_audit(r, "people.team.milestone", "people_team", id, req_printf(r, "里程碑 %s（%s）转为督办任务 #%lld", title, due, (long long)task), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)mid, "team_id", (json_int_t)id, "title", title, "due", due, "task_id", (json_int_t)task));
}

/* ---- outputs and points ---- */
static void h_outputs(req *r) {
  const char *y = http_query(r, "year"), *k = http_query(r, "kind"), *t = http_query(r, "team_id");
  int year = y && *y ? atoi(y) : 0;
  if (y && *y && (year < 2000 || year > 2100)) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return; }
  json_t *o = people_store_outputs(r, year, k && *k ? k : NULL, t ? atoll(t) : 0);
  if (!o) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(o));
}

static void h_output_create(req *r) {
  static const char *const allowed[] = {"team_id", "kind", "title", "level", "award", "achieved_on", "note", "members", NULL};
  static const char *const levels[] = {"", "县级", "市级", "省级", "国家级", NULL};
  static const char *const awards[] = {"", "一等奖", "二等奖", "三等奖", "优秀奖", NULL};
  static const char *const kinds[] = {"课题", "QC成果", "数据产品", "融媒体作品", "荣誉", NULL}; /* jv_enum wants a NULL end */
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  people_output_row x = {.level = "", .award = "", .note = ""};
  if (jv_id_or_null(r, o, "team_id", "专班", JV_OPTIONAL, &x.team_id) < 0 ||
      jv_enum(r, o, "kind", "成果类型", JV_REQUIRED, kinds, &x.kind) < 0 || jv_str(r, o, "title", "成果名称", JV_REQUIRED, 2, 150, &x.title) < 0 ||
      jv_enum(r, o, "level", "级别", JV_OPTIONAL, levels, &x.level) < 0 || jv_enum(r, o, "award", "奖次", JV_OPTIONAL, awards, &x.award) < 0 ||
      jv_str(r, o, "achieved_on", "取得日期", JV_REQUIRED, 10, 10, &x.achieved_on) < 0 || jv_str(r, o, "note", "说明", JV_OPTIONAL, 0, 1000, &x.note) < 0)
    return;
  char today[11];
  util_today(today);
  if (wd_parse(x.achieved_on) < 0 || strcmp(x.achieved_on, today) > 0) { http_error(r, ERR_INVALID, "achieved_on", "取得日期应为不晚于今天的 YYYY-MM-DD"); return; }
  json_t *members = json_object_get(o, "members");
  size_t n = json_array_size(members);
  if (!json_is_array(members) || !n || n > 50) { http_error(r, ERR_INVALID, "members", "应列出 1 到 50 名完成人及其份额"); return; }
  int64_t uid[50];
  int share[50], pts[50];
  for (size_t i = 0; i < n; i++) {
    json_t *m = json_array_get(members, i), *u = json_object_get(m, "user_id"), *s = json_object_get(m, "share");
    if (!json_is_object(m) || !json_is_integer(u) || people_store_person_in_scope(r, json_integer_value(u)) != 1) {
      http_error(r, ERR_INVALID, req_printf(r, "members[%zu].user_id", i), "第 %zu 名完成人不存在或不在您的数据范围内", i + 1);
      return;
    }
    uid[i] = json_integer_value(u);
    for (size_t k = 0; k < i; k++)
      if (uid[k] == uid[i]) { http_error(r, ERR_INVALID, req_printf(r, "members[%zu].user_id", i), "第 %zu 名完成人重复", i + 1); return; }
    share[i] = s ? (json_is_integer(s) ? (int)json_integer_value(s) : -1) : (n == 1 ? 100 : -1);
    if (share[i] < 1 || share[i] > 100) { http_error(r, ERR_INVALID, req_printf(r, "members[%zu].share", i), "第 %zu 名完成人的份额应为 1 到 100", i + 1); return; }
  }
  people_points_rules rules;
  people_points_rules_load(&rules);
  char how[200];
  x.points = people_points_of(&rules, people_out_kind(x.kind), people_out_level(x.level), people_out_award(x.award), how, sizeof how);
  if (people_points_split(x.points, share, (int)n, pts)) { http_error(r, ERR_INVALID, "members", "完成人的份额之和应为 100"); return; }
  x.rule = how;
  x.created_by = org_caller(r)->id;
  x.unit_id = org_caller(r)->unit_id;
  if (x.team_id) {
    json_t *t = people_store_team_json(r, x.team_id);
    if (!t) { http_error(r, ERR_INVALID, "team_id", "专班不存在"); return; }
    x.unit_id = json_integer_value(json_object_get(t, "unit_id"));
    json_decref(t);
  }
  if (people_tx_begin(r)) return;
  int64_t id = people_store_output_insert(&x);
  if (id <= 0) { people_tx_fail(r); return; }
  for (size_t i = 0; i < n; i++)
    if (people_store_points_insert(uid[i], id, share[i], pts[i], x.achieved_on, req_printf(r, "%s《%s》%s", x.kind, x.title, how))) { people_tx_fail(r); return; }
  json_t *after = people_store_output_json(r, id);
  if (!after || org_audit(r, "people.output.create", "people_output", id, req_printf(r, "登记成果 %s，%d 分", x.title, x.points), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_output_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? people_store_output_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "成果不存在"); return; }
  http_json(r, 200, o);
}

static int year_q(req *r, int *year) {
  const char *y = http_query(r, "year");
  *year = y && *y ? atoi(y) : 0;
  if (y && *y && (*year < 2000 || *year > 2100)) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return -1; }
  return 0;
}

static void h_ledger(req *r) {
  int year;
  if (year_q(r, &year)) return;
  const char *u = http_query(r, "user_id");
  json_t *l = people_store_ledger(r, year, u ? atoll(u) : 0);
  if (!l) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(l));
}

static void h_ranking(req *r) {
  int year;
  if (year_q(r, &year)) return;
  json_t *l = people_store_ranking(r, year, 50);
  if (!l) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(l));
}

static void h_rules_get(req *r) {
  char *txt = people_store_rules_get();
  json_t *j = json_loads(txt ? txt : people_points_default_json, 0, NULL);
  free(txt);
  if (!j) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o}", "rules", j));
}

/* POST /people/points/rules: the body is the rules object; checked by people_points_parse (fuzzed). Points already
 * given keep the rule they were computed by. */
static void h_rules_set(req *r) {
  people_points_rules rules;
  char field[80], msg[200];
  if (!r->body || !r->body_len) { http_error(r, ERR_MISSING, "base", "缺少积分规则"); return; }
  if (people_points_parse(r->body, r->body_len, &rules, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
  char *canon = strndup(r->body, r->body_len);
  if (!canon) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  req_own(r, canon);
  if (people_tx_begin(r)) return;
  if (people_store_rules_set(canon, org_caller(r)->id) || org_audit(r, "people.points.rules", "people_points", 1, "修改积分规则", NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  h_rules_get(r);
}

/* ---- the profile's talent part ---- */
json_t *people_talent_profile(int64_t user, int year) {
  json_t *hist = people_store_history(user), *outs = people_store_person_outputs(user, year), *all = people_store_person_outputs(user, 0);
  int64_t s10 = 0, i10 = 0, n = 0;
  int req10 = people_store_required(year);
  if (!hist || !outs || !all || req10 < 0 || people_store_hours_of(user, year, &s10, &i10, &n)) {
    json_decref(hist); json_decref(outs); json_decref(all);
    return NULL;
  }
  json_int_t year_pts = 0, all_pts = 0;
  size_t i;
  json_t *o;
  json_array_foreach(outs, i, o) year_pts += json_integer_value(json_object_get(o, "points"));
  json_array_foreach(all, i, o) all_pts += json_integer_value(json_object_get(o, "points"));
  json_decref(outs);
  return json_pack("{s:o,s:{s:f,s:f,s:f,s:I,s:f},s:o,s:I,s:I}", "post_history", hist, "training", "hours", (double)(s10 + i10) / 10.0, "session_hours",
                   (double)s10 / 10.0, "college_hours", (double)i10 / 10.0, "sessions", (json_int_t)n, "required", req10 / 10.0, "outputs", all,
                   "points_year", year_pts, "points_total", all_pts);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/teams", "people:project:list", h_teams, 0},
  {HTTP_POST, "/api/v1/people/teams", "people:project:edit", h_team_create, 0},
  {HTTP_GET, "/api/v1/people/teams/:id", "people:project:list", h_team_get, 0},
  {HTTP_POST, "/api/v1/people/teams/:id/milestones", "people:project:edit", h_milestone, 0},
  {HTTP_GET, "/api/v1/people/outputs", "people:project:list", h_outputs, 0},
  {HTTP_POST, "/api/v1/people/outputs", "people:project:edit", h_output_create, 0},
  {HTTP_GET, "/api/v1/people/outputs/:id", "people:project:list", h_output_get, 0},
  {HTTP_GET, "/api/v1/people/points", "people:project:list", h_ledger, 0},
  {HTTP_GET, "/api/v1/people/points/ranking", "people:project:list", h_ranking, 0},
  {HTTP_GET, "/api/v1/people/points/rules", "people:project:list", h_rules_get, 0},
  {HTTP_POST, "/api/v1/people/points/rules", "people:project:edit", h_rules_set, 0},
};
void people_project_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
