/* api.c — the party module's wiring (permissions, grants, audit actions, routes) and the handlers of 党组织 and
 * members: the visible tree, creating organisations, members, and transfers in, out and between branches. */
#include "party/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void party_today(char out[11]) { util_today(out); }
void party_now(char out[20]) { util_now_text(out); }

int party_q_int(req *r, const char *key, int64_t lo, int64_t hi, int64_t *out) {
  const char *v = http_query(r, key);
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n < lo || n > hi) { http_error(r, ERR_BAD_QUERY, key, "%s 应为 %lld 至 %lld 的整数", key, (long long)lo, (long long)hi); return -1; }
  *out = n;
  return 0;
}

static _Thread_local json_t *held[8];
static _Thread_local size_t nheld;
json_t *party_hold(json_t *j) {
  if (j && nheld < sizeof held / sizeof held[0]) held[nheld++] = j;
  return j;
}
void party_release(void) {
  while (nheld) json_decref(held[--nheld]);
}

static void h_orgs(req *r) {
  if (!org_caller_scope(r)) return;
  json_t *items = party_store_orgs(r);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_org(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? party_store_org(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "党组织不存在"); return; }
  json_t *groups = party_store_groups(id);
  json_object_set_new(o, "groups", groups ? groups : json_array());
  http_json(r, 200, o);
}

/* POST /party/orgs {parent_id, kind, name, founded_on, unit_ids, sort}: a 党委 at the root, 党总支/党支部 under a 党委
 * or 党总支, a 党小组 under a 党支部. */
static void h_org_create(req *r) {
  static const char *const allowed[] = {"parent_id", "kind", "name", "founded_on", "unit_ids", "sort", NULL};
  static const char *const kinds[] = {"党委", "党总支", "党支部", "党小组", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *kind, *name, *founded;
  int64_t parent = 0, sort = 0, *units = NULL;
  size_t nunits = 0;
  if (jv_enum(r, o, "kind", "组织类型", JV_REQUIRED, kinds, &kind) < 0 || jv_str(r, o, "name", "组织名称", JV_REQUIRED, 2, 60, &name) < 0 ||
      jv_str(r, o, "founded_on", "成立日期", JV_REQUIRED, 10, 10, &founded) < 0 || jv_int(r, o, "parent_id", "上级组织", JV_OPTIONAL, 1, INT64_MAX, &parent) < 0 ||
      jv_ids(r, o, "unit_ids", "覆盖单位", JV_OPTIONAL, 100, &units, &nunits) < 0 || jv_int(r, o, "sort", "排序", JV_OPTIONAL, 0, 9999, &sort) < 0)
    return;
  if (!party_date_valid(founded)) { http_error(r, ERR_INVALID, "founded_on", "成立日期应为 YYYY-MM-DD 格式的有效日期"); return; }
  for (size_t i = 0; i < nunits; i++)
    if (!org_unit_exists(units[i])) { http_error(r, ERR_INVALID, "unit_ids", "单位 %lld 不存在", (long long)units[i]); return; }
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  char pkind[16] = "";
  int found = parent ? party_store_org_kind(parent, pkind, NULL) : 1;
  if (found < 0) { dbj_tx_fail(r); return; }
  int ok = !strcmp(kind, "党委") ? !parent
           : !strcmp(kind, "党小组") ? found == 0 && !strcmp(pkind, "党支部")
                                    : found == 0 && (!strcmp(pkind, "党委") || !strcmp(pkind, "党总支"));
  if (!ok) { db_rollback(); http_error(r, ERR_INVALID, "parent_id", "%s的上级组织不对：党委无上级，党总支、党支部在党委或党总支之下，党小组在党支部之下", kind); return; }
  if (parent && party_store_org_visible(r, parent) != 1) { db_rollback(); http_error(r, ERR_NOT_FOUND, "parent_id", "上级组织不存在"); return; }
  int64_t id = party_store_org_insert(parent, kind, name, founded, (int)sort, units, nunits);
  if (!id) {
    if (db_constraint_kind_last() != DB_C_NONE) { db_rollback(); dbj_constraint_error(r, "组织名称"); return; }
    dbj_tx_fail(r);
    return;
  }
  json_t *after = party_store_org(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "新建%s %s", kind, name);
  if (!after || org_audit(r, "party.org.create", "party_org", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static int q_id(req *r, const char *key, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为正整数", key); return -1; }
  *out = n;
  return 0;
}

static void h_members(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  int64_t org;
  if (q_id(r, "org", &org)) return;
  const char *status = http_query(r, "status");
  if (status && !*status) status = NULL;
  if (status && strcmp(status, "正式") && strcmp(status, "预备") && strcmp(status, "已转出")) {
    http_error(r, ERR_BAD_QUERY, "status", "status 应为 正式、预备 或 已转出");
    return;
  }
  if (!org_caller_scope(r)) return;
  size_t len;
  char *txt = party_store_members_page(r, org, lp.q, status, lp.size, lp.offset, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_member(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? party_store_member(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "党员不存在"); return; }
  http_json(r, 200, o);
}

static const char *const roles[] = {"书记", "副书记", "组织委员", "宣传委员", "纪检委员", "党小组长", "党员", NULL};

/* The branch a member may belong to and the 党小组 within it: org must be a visible 党支部 or 党总支, group (when
 * given) a 党小组 under it. 0 ok, -1 answered. Inside the transaction. */
static int check_place(req *r, int64_t org, int64_t group) {
  char kind[16];
  int64_t parent = 0;
  int f = party_store_org_kind(org, kind, NULL);
  if (f < 0) { dbj_tx_fail(r); return -1; }
  int vis = f == 0 ? party_store_org_visible(r, org) : 0;
  if (vis < 0) { dbj_tx_fail(r); return -1; }
  if (!vis) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "所在支部不存在"); return -1; }
  if (strcmp(kind, "党支部") && strcmp(kind, "党总支")) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "党员应编入党支部或党总支"); return -1; }
  if (group) {
    f = party_store_org_kind(group, kind, &parent);
    if (f < 0) { dbj_tx_fail(r); return -1; }
    if (f || strcmp(kind, "党小组") || parent != org) { db_rollback(); http_error(r, ERR_INVALID, "group_id", "党小组应属于所在支部"); return -1; }
  }
  return 0;
}

/* POST /party/members {name, user_id?, org_id, group_id?, status, role, joined_on, full_on?, phone?, transfer_from?}:
 * a member joins a branch (转入 when he comes from outside). A user already a member anywhere is refused: one branch
 * at a time. */
static void h_member_create(req *r) {
  static const char *const allowed[] = {"name", "user_id", "org_id", "group_id", "status", "role", "joined_on", "full_on", "phone", "transfer_from", NULL};
  static const char *const statuses[] = {"正式", "预备", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *name, *status, *role = "党员", *joined, *full_on = NULL, *phone = "", *from = NULL;
  int64_t user = 0, org = 0, group = 0;
  if (jv_str(r, o, "name", "姓名", JV_REQUIRED, 1, 30, &name) < 0 || jv_int(r, o, "user_id", "对应用户", JV_OPTIONAL, 1, INT64_MAX, &user) < 0 ||
      jv_int(r, o, "org_id", "所在支部", JV_REQUIRED, 1, INT64_MAX, &org) < 0 || jv_int(r, o, "group_id", "党小组", JV_OPTIONAL, 1, INT64_MAX, &group) < 0 ||
      jv_enum(r, o, "status", "党员状态", JV_REQUIRED, statuses, &status) < 0 || jv_enum(r, o, "role", "党内职务", JV_OPTIONAL, roles, &role) < 0 ||
      jv_str(r, o, "joined_on", "入党日期", JV_REQUIRED, 10, 10, &joined) < 0 || jv_str(r, o, "full_on", "转正日期", JV_OPTIONAL, 10, 10, &full_on) < 0 ||
      jv_str(r, o, "phone", "电话", JV_OPTIONAL, 0, 20, &phone) < 0 || jv_str(r, o, "transfer_from", "转入前组织", JV_OPTIONAL, 1, 60, &from) < 0)
    return;
  if (!party_date_valid(joined)) { http_error(r, ERR_INVALID, "joined_on", "入党日期应为有效日期 YYYY-MM-DD"); return; }
  if (full_on && (!party_date_valid(full_on) || strcmp(full_on, joined) < 0)) { http_error(r, ERR_INVALID, "full_on", "转正日期应为不早于入党日期的有效日期"); return; }
  if (!strcmp(status, "正式") && !full_on) { http_error(r, ERR_MISSING, "full_on", "正式党员须填写转正日期"); return; }
  if (!strcmp(status, "预备") && full_on) { http_error(r, ERR_INVALID, "full_on", "预备党员尚未转正，不填转正日期"); return; }
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (strcmp(joined, today) > 0) { http_error(r, ERR_INVALID, "joined_on", "入党日期不能晚于今天"); return; }
  if (user) {
    int e = party_store_user_exists(user);
    if (e < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!e) { http_error(r, ERR_INVALID, "user_id", "对应用户不存在"); return; }
  }
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  if (check_place(r, org, group)) return;
  int64_t id = party_store_member_insert(name, user, org, group, status, role, joined, full_on, phone, at);
  if (!id) {
    if (db_constraint_kind_last() == DB_C_UNIQUE) {
      db_rollback();
      http_error(r, ERR_DUPLICATE, "user_id", "该用户已是党员（已在一个支部），同一时间只能在一个支部；请办理组织关系调动");
      return;
    }
    dbj_tx_fail(r);
    return;
  }
  if (party_store_transfer_insert(id, "转入", 0, org, from ? from : "", today, from ? "组织关系转入" : "建立党员档案", org_caller(r)->id, at)) { dbj_tx_fail(r); return; }
  json_t *after = party_store_member(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "党员 %s 编入支部", name);
  if (!after || org_audit(r, "party.member.create", "party_member", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* POST /party/members/:id/transfer {kind: 内部调动|转出, to_org_id?, group_id?, outside?, on_date, reason}. */
static void h_member_transfer(req *r) {
  static const char *const allowed[] = {"kind", "to_org_id", "group_id", "outside", "on_date", "reason", NULL};
  static const char *const kinds[] = {"内部调动", "转出", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *kind, *outside = "", *on, *reason = "";
  int64_t to = 0, group = 0;
  if (jv_enum(r, o, "kind", "调动类型", JV_REQUIRED, kinds, &kind) < 0 || jv_int(r, o, "to_org_id", "转入支部", JV_OPTIONAL, 1, INT64_MAX, &to) < 0 ||
      jv_int(r, o, "group_id", "党小组", JV_OPTIONAL, 1, INT64_MAX, &group) < 0 || jv_str(r, o, "outside", "转往组织", JV_OPTIONAL, 1, 60, &outside) < 0 ||
      jv_str(r, o, "on_date", "调动日期", JV_REQUIRED, 10, 10, &on) < 0 || jv_str(r, o, "reason", "原因", JV_OPTIONAL, 0, 200, &reason) < 0)
    return;
  if (!party_date_valid(on)) { http_error(r, ERR_INVALID, "on_date", "调动日期应为有效日期 YYYY-MM-DD"); return; }
  int internal = !strcmp(kind, "内部调动");
  if (internal && !to) { http_error(r, ERR_MISSING, "to_org_id", "内部调动须选择转入支部"); return; }
  if (!internal && !*outside) { http_error(r, ERR_MISSING, "outside", "转出须填写转往的组织"); return; }
  if (!org_caller_scope(r)) return;
  json_t *before = id ? party_store_member(r, id) : NULL;
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "党员不存在"); return; }
  party_hold(before);
  char at[20];
  party_now(at);
  if (dbj_tx_begin(r)) return;
  int64_t from = 0, fgroup = 0;
  char status[16];
  if (party_store_member_org(id, &from, &fgroup, status)) { dbj_tx_fail(r); return; }
  if (!strcmp(status, "已转出")) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "该党员已转出"); return; }
  if (internal && to == from) { db_rollback(); http_error(r, ERR_INVALID, "to_org_id", "转入支部与现在所在支部相同"); return; }
  if (internal && check_place(r, to, group)) return;
  if (party_store_member_move(id, internal ? to : from, internal ? group : 0, internal ? status : "已转出", at) ||
      party_store_transfer_insert(id, kind, from, internal ? to : 0, outside, on, reason, org_caller(r)->id, at)) {
    dbj_tx_fail(r);
    return;
  }
  json_t *after = party_store_member(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "党员 %s %s", json_string_value(json_object_get(before, "name")), kind);
  json_incref(before);
  int bad = !after || org_audit(r, "party.member.transfer", "party_member", id, sum, before, after);
  json_decref(before);
  if (bad) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* PATCH /party/members/:id {role}: 书记, 委员… within the same branch. */
static void h_member_role(req *r) {
  static const char *const allowed[] = {"role", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *role;
  if (jv_enum(r, o, "role", "党内职务", JV_REQUIRED, roles, &role) < 0) return;
  if (!org_caller_scope(r)) return;
  json_t *before = id ? party_store_member(r, id) : NULL;
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "党员不存在"); return; }
  party_hold(before);
  char at[20];
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_member_role(id, role, at)) { dbj_tx_fail(r); return; }
  json_t *after = party_store_member(r, id);
  if (!after || org_audit(r, "party.member.update", "party_member", id, "修改党内职务", before, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

PARTY_HELD(h_member_transfer)
PARTY_HELD(h_member_role)

static const org_perm_def perms[] = {
  {"party", "党建"},
  {"party:org", "党组织"}, {"party:org:list", "查询"}, {"party:org:edit", "新建党组织"},
  {"party:member", "党员"}, {"party:member:list", "查询"}, {"party:member:edit", "编入、调动、职务"},
  {"party:meeting", "三会一课"}, {"party:meeting:list", "查询"}, {"party:meeting:edit", "记录会议、出席"},
  {"party:schedule", "会议频次"}, {"party:schedule:edit", "设置频次、发送提醒"},
  {"party:assess", "党建考核"}, {"party:assess:list", "查询、排名"}, {"party:assess:self", "支部自评"}, {"party:assess:review", "审核、退回"},
  {"party:assess:confirm", "确认、设置考核规则"},
  {"party:dues", "党费"}, {"party:dues:list", "查询、导出"}, {"party:dues:edit", "登记缴纳、导入、核定基数"}, {"party:dues:rule", "设置党费规则"},
  {"party:package", "党建服务包"}, {"party:package:list", "查询"}, {"party:package:edit", "结对、走访、成效"},
  {"party:project", "党支部+项目"}, {"party:project:list", "查询"}, {"party:project:edit", "立项、里程碑、完成"},
};

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/orgs", "party:org:list", h_orgs, 0},
  {HTTP_POST, "/api/v1/party/orgs", "party:org:edit", h_org_create, 0},
  {HTTP_GET, "/api/v1/party/orgs/:id", "party:org:list", h_org, 0},
  {HTTP_GET, "/api/v1/party/members", "party:member:list", h_members, 0},
  {HTTP_POST, "/api/v1/party/members", "party:member:edit", h_member_create, 0},
  {HTTP_GET, "/api/v1/party/members/:id", "party:member:list", h_member, 0},
  {HTTP_PATCH, "/api/v1/party/members/:id", "party:member:edit", h_member_role_held, 0},
  {HTTP_POST, "/api/v1/party/members/:id/transfer", "party:member:edit", h_member_transfer_held, 0},
};

/* Built-in roles: what they see is limited by PARTY_VISIBLE (the units a branch covers, or being its 书记/副书记), so a
 * self-scoped staff member who is a branch secretary sees and records his own branch only. */
static const org_grant grants[] = {
  {"leader", "party:org:list party:member:list party:meeting:list party:assess:list party:assess:review party:assess:confirm party:dues:list"
             " party:package:list party:project:list"},
  {"dept_head", "party:org:list party:member:list party:meeting:list party:meeting:edit party:member:edit party:assess:list party:assess:self"
                " party:dues:list party:dues:edit party:package:list party:package:edit party:project:list party:project:edit"},
  {"staff", "party:org:list party:member:list party:meeting:list party:meeting:edit party:assess:list party:assess:self party:dues:list party:dues:edit"
            " party:package:list party:package:edit party:project:list party:project:edit"},
  {"customer_manager", "party:org:list party:member:list party:meeting:list party:meeting:edit party:assess:list party:assess:self party:dues:list"
                       " party:dues:edit party:package:list party:package:edit party:project:list party:project:edit"},
  {"inspector", "party:org:list party:member:list party:meeting:list party:package:list"},
};

static const org_audit_def actions[] = {
  {"party.org.create", "新建党组织", NULL},
  {"party.member.create", "党员编入支部", NULL},
  {"party.member.transfer", "党员组织关系调动", NULL},
  {"party.member.update", "修改党内职务", NULL},
  {"party.meeting.create", "记录三会一课", NULL},
  {"party.meeting.update", "修改会议记录", NULL},
  {"party.meeting.signin", "会议扫码签到", NULL},
  {"party.meeting.upload", "上传会议照片或附件", NULL},
  {"party.schedule.update", "修改会议频次", NULL},
  {"party.schedule.remind", "发送三会一课提醒", NULL},
  {"party.assess.update", "党建考核（自评、审核、确认）", NULL},
  {"party.assess.rules", "修改党建考核规则", NULL},
  {"party.learning.create", "记录学习（第一议题、周一夜学、读书班）", NULL},
  {"party.learning.note", "提交学习心得", NULL},
  {"party.demo.load", "载入演示党建数据", NULL},
  {"party.dues.pay", "登记党费缴纳", NULL},
  {"party.dues.import", "导入党费", NULL},
  {"party.dues.base", "核定党费基数", NULL},
  {"party.dues.rule", "修改党费计算规则", NULL},
  {"party.package.create", "建立党建服务包（结对困难零售户）", NULL},
  {"party.package.update", "修改党建服务包（需求、措施、成效）", NULL},
  {"party.package.visit", "登记服务包走访", NULL},
  {"party.package.upload", "上传走访照片", NULL},
  {"party.project.create", "党支部+项目立项", NULL},
  {"party.project.milestone", "新增项目里程碑（督办任务）", NULL},
  {"party.project.complete", "党支部+项目完成", NULL},
};

void party_register(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
  party_meetings_routes();
  party_schedule_routes();
  party_assess_routes();
  party_learning_routes();
  party_dues_routes();
  party_packages_routes();
  party_projects_routes();
}
