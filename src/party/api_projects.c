/* api_projects.c — 党支部+项目 handlers: a branch takes on a project; each milestone opens one 督办 task through
 * tasks.h (source "party.milestone:<id>") and its progress is read back through tasks_brief_of; a project whose
 * milestones are all 已办结 can be completed with its result, which adds points in 党建考核 by the rule project_points. */
#include "party/internal.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each milestone gets its task's status, light and progress; the project its share of closed milestones. -1 error. */
static int enrich(json_t *p) {
  json_t *ms = json_object_get(p, "milestones"), *m;
  size_t i, closed = 0;
  json_array_foreach(ms, i, m) {
    json_t *tid = json_object_get(m, "task_id");
    tasks_brief b;
    int f = json_is_integer(tid) ? tasks_brief_of(json_integer_value(tid), &b) : 1;
    if (f < 0) return -1;
    if (f) { json_object_set_new(m, "task", json_null()); continue; }
    if (!strcmp(b.status, "已办结")) closed++;
    json_object_set_new(m, "task", json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:s}", "id", (json_int_t)b.id, "status", b.status, "due", b.due, "closed_on", b.closed_on,
                                             "progress", b.progress, "light", tasks_light_code(b.deadline.light), "light_text", b.deadline.text));
  }
  size_t n = json_array_size(ms);
  json_object_set_new(p, "milestones_done", json_integer((json_int_t)closed));
  json_object_set_new(p, "progress", json_integer(n ? (json_int_t)((closed * 100 + n / 2) / n) : 0));
  return 0;
}

/* GET /party/projects?org=&year=: visible projects with their milestones' 督办 progress. */
static void h_list(req *r) {
  int64_t org = 0, year = 0;
  if (party_q_int(r, "org", 1, INT64_MAX, &org) || party_q_int(r, "year", 2000, 2100, &year)) return;
  if (!org_caller_scope(r)) return;
  json_t *items = party_store_projects(r, org, (int)year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *p;
  json_array_foreach(items, i, p) if (enrich(p)) { json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static json_t *project_full(req *r, int64_t id) {
  json_t *p = party_store_project(r, id);
  if (p && enrich(p)) { json_decref(p); return NULL; }
  return p;
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *p = id ? project_full(r, id) : NULL;
  if (!p) { http_error(r, ERR_NOT_FOUND, NULL, "项目不存在"); return; }
  http_json(r, 200, p);
}

/* POST /party/projects {org_id, name, goal?, year?}: a 党支部/党总支 takes on a project (a name once per branch). */
static void h_create(req *r) {
  static const char *const allowed[] = {"org_id", "name", "goal", "year", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  int64_t org, year = atoi(today);
  const char *name, *goal = "";
  if (jv_int(r, o, "org_id", "党支部", JV_REQUIRED, 1, INT64_MAX, &org) < 0 || jv_str(r, o, "name", "项目名称", JV_REQUIRED, 2, 60, &name) < 0 ||
      jv_str(r, o, "goal", "项目目标", JV_OPTIONAL, 0, 1000, &goal) < 0 || jv_int(r, o, "year", "年度", JV_OPTIONAL, 2000, 2100, &year) < 0)
    return;
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  char kind[16];
  int k = party_store_org_kind(org, kind, NULL);
  int vis = k == 0 ? party_store_org_visible(r, org) : 0;
  if (k < 0 || vis < 0) { dbj_tx_fail(r); return; }
  if (!vis || (strcmp(kind, "党支部") && strcmp(kind, "党总支"))) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "党支部不存在"); return; }
  int64_t id = party_store_project_insert(org, (int)year, name, goal, org_caller(r)->id, at);
  if (id < 0) { dbj_tx_fail(r); return; }
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "name", "本支部已有项目“%s”", name); return; }
  json_t *after = party_store_project(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "党支部+项目立项：%s", name);
  if (!after || org_audit(r, "party.project.create", "party_project", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  json_decref(after);
  if (dbj_tx_commit(r)) return;
  json_t *full = project_full(r, id);
  if (!full) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 201, full);
}

/* POST /party/projects/:id/milestones {title, due_on, lead_unit_id, owner_member_id?, content?}: the milestone and its
 * one 督办 task (已交办 to the member's user when he is staff, else a 草稿 for the 督办 admin), in one transaction. */
static void h_milestone(req *r) {
  static const char *const allowed[] = {"title", "due_on", "lead_unit_id", "owner_member_id", "content", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *title, *due, *content = "";
  int64_t unit, owner_member = 0;
  if (jv_str(r, o, "title", "里程碑", JV_REQUIRED, 2, 100, &title) < 0 || jv_str(r, o, "due_on", "完成时限", JV_REQUIRED, 10, 10, &due) < 0 ||
      jv_int(r, o, "lead_unit_id", "牵头单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 ||
      jv_int(r, o, "owner_member_id", "责任党员", JV_OPTIONAL, 1, INT64_MAX, &owner_member) < 0 || jv_str(r, o, "content", "工作内容", JV_OPTIONAL, 0, 1000, &content) < 0)
    return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (!party_date_valid(due) || strcmp(due, today) < 0) { http_error(r, ERR_INVALID, "due_on", "完成时限应为不早于今天的有效日期"); return; }
  if (!org_unit_exists(unit)) { http_error(r, ERR_INVALID, "lead_unit_id", "牵头单位不存在"); return; }
  if (!org_caller_scope(r)) return;
  json_t *p = id ? party_store_project(r, id) : NULL;
  if (!p) { http_error(r, ERR_NOT_FOUND, NULL, "项目不存在"); return; }
  party_hold(p);
  if (strcmp(json_string_value(json_object_get(p, "status")), "进行中")) { http_error(r, ERR_BAD_STATE, NULL, "项目已完成，不能再加里程碑"); return; }
  int64_t org = json_integer_value(json_object_get(p, "org_id"));
  if (dbj_tx_begin(r)) return;
  int64_t owner = 0;
  if (owner_member) {
    int in = party_store_member_in(owner_member, org);
    if (in < 0) { dbj_tx_fail(r); return; }
    if (!in) { db_rollback(); http_error(r, ERR_INVALID, "owner_member_id", "责任党员不是本支部的在册党员"); return; }
    owner = party_store_member_user(owner_member);
    if (owner < 0) { dbj_tx_fail(r); return; }
  }
  int64_t mid = party_store_milestone_insert(id, title, due, at);
  if (mid <= 0) { dbj_tx_fail(r); return; }
  char source[64], ttl[400], body[1400], err[200];
  snprintf(source, sizeof source, "party.milestone:%lld", (long long)mid);
  snprintf(ttl, sizeof ttl, "【党支部+项目】%s：%s", json_string_value(json_object_get(p, "name")), title);
  snprintf(body, sizeof body, "%s 承接的“党支部+项目”%s 的里程碑。%s", json_string_value(json_object_get(p, "org_name")), json_string_value(json_object_get(p, "name")),
           content);
  tasks_new t = {.source = source, .source_label = "党支部+项目", .title = ttl, .content = body, .lead_unit = unit, .owner = owner, .due = due,
                 .priority = "中", .assign = owner > 0};
  int created = 0;
  int64_t tid = tasks_open(r, &t, &created, err, sizeof err);
  if (tid < 0) { dbj_tx_fail(r); return; }
  if (tid == 0) { db_rollback(); http_error(r, ERR_INVALID, "title", "无法建立督办任务：%s", err); return; }
  if (party_store_milestone_task(mid, tid)) { dbj_tx_fail(r); return; }
  char sum[500];
  snprintf(sum, sizeof sum, "项目 %s 新增里程碑 %s（督办任务 %lld）", json_string_value(json_object_get(p, "name")), title, (long long)tid);
  json_t *after = json_pack("{s:I,s:s,s:s,s:I}", "milestone_id", (json_int_t)mid, "title", title, "due_on", due, "task_id", (json_int_t)tid);
  int bad = org_audit(r, "party.project.milestone", "party_project", id, sum, NULL, after);
  json_decref(after);
  if (bad) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  json_t *full = project_full(r, id);
  if (!full) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 201, full);
}

/* POST /party/projects/:id/complete {result}: every milestone's task 已办结 (read through tasks.h), then 已完成. */
static void h_complete(req *r) {
  static const char *const allowed[] = {"result", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *result;
  if (jv_str(r, o, "result", "项目成效", JV_REQUIRED, 2, 1000, &result) < 0) return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  json_t *p = id ? project_full(r, id) : NULL;
  if (!p) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "项目不存在"); return; }
  party_hold(p);
  size_t n = json_array_size(json_object_get(p, "milestones"));
  if (!n) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "项目还没有里程碑"); return; }
  if ((size_t)json_integer_value(json_object_get(p, "milestones_done")) != n) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, "还有 %zu 个里程碑的督办任务未办结", n - (size_t)json_integer_value(json_object_get(p, "milestones_done")));
    return;
  }
  int rc = party_store_project_complete(id, result, today, at);
  if (rc < 0) { dbj_tx_fail(r); return; }
  if (rc) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "项目已完成"); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "党支部+项目完成：%s", json_string_value(json_object_get(p, "name")));
  if (org_audit(r, "party.project.complete", "party_project", id, sum, NULL, o)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  json_t *full = project_full(r, id);
  if (!full) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, full);
}

PARTY_HELD(h_milestone)
PARTY_HELD(h_complete)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/projects", "party:project:list", h_list, 0},
  {HTTP_POST, "/api/v1/party/projects", "party:project:edit", h_create, 0},
  {HTTP_GET, "/api/v1/party/projects/:id", "party:project:list", h_get, 0},
  {HTTP_POST, "/api/v1/party/projects/:id/milestones", "party:project:edit", h_milestone_held, 0},
  {HTTP_POST, "/api/v1/party/projects/:id/complete", "party:project:edit", h_complete_held, 0},
};

void party_projects_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
