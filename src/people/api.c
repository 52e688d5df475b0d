/* api.c — the people module's wiring: permissions, built-in grants, audit vocabulary, routes. */
#include "people/internal.h"

int people_tx_begin(req *r) { return dbj_tx_begin(r); }
int people_tx_commit(req *r) { return dbj_tx_commit(r); }
void people_tx_fail(req *r) { dbj_tx_fail(r); }

static const org_perm_def perms[] = {
  {"people", "队伍建设"},
  {"people:ballot", "测评投票"}, {"people:ballot:list", "查询（投票率、结束后的结果）"}, {"people:ballot:edit", "组织投票（新建、发放选票码、开始、结束）"},
  {"people:sanction", "纪律处分"}, {"people:sanction:list", "查询（每次查看留痕）"}, {"people:sanction:add", "登记处分"},
  {"people:profile", "个人档案"}, {"people:profile:view", "查看数据范围内人员的档案（本人档案无需此权限）"},
  {"people:card", "考核卡"}, {"people:card:view", "查看（各模块登记的客观指标）"},
};

/* 人事 runs appraisal and votes over every unit: its own built-in role. */
static const org_role_def roles[] = {{"hr_admin", "人事管理员", "all", 9}};
static const org_grant grants[] = {
  {"hr_admin", "people:ballot:list people:ballot:edit people:card:view people:profile:view people:sanction:list people:sanction:add org:user:list org:unit:list"},
  {"leader", "people:ballot:list people:card:view people:profile:view"},
  {"discipline", "people:ballot:list people:profile:view people:sanction:list people:sanction:add"},
};

static const org_audit_def actions[] = {
  {"people.ballot.create", "新建测评投票", NULL},
  {"people.ballot.issue", "发放选票码", NULL},
  {"people.ballot.open", "开始投票", NULL},
  {"people.ballot.close", "结束投票", NULL},
  {"people.ballot.cast", "投票（匿名）", NULL},
  {"people.sanction.create", "登记处分", NULL},
  {"people.demo.load", "载入演示队伍建设数据", NULL},
};

void people_register(void) {
  static int done;
  if (done++) return;
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_roles(roles, sizeof roles / sizeof roles[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  people_ballot_routes();
  people_sanction_routes(); /* /sanctions/mine before /sanctions/:id */
  people_card_routes();
  people_profile_routes();
  people_inputs_register();
}
