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
  {"people:campaign", "年度考核"}, {"people:campaign:list", "查询（考核卡、等次、公示）"}, {"people:campaign:edit", "组织考核（新建、定等次、公示、答复异议）"},
  {"people:campaign:score", "领导评价打分"},
  {"people:selection", "评优评选"}, {"people:selection:list", "查询"}, {"people:selection:edit", "组织评选（新建、投票、公示、表彰）"},
  {"people:selection:nominate", "单位或领导提名"},
};

/* 人事 runs appraisal and votes over every unit: its own built-in role. */
static const org_role_def roles[] = {{"hr_admin", "人事管理员", "all", 9}};
static const org_grant grants[] = {
  {"hr_admin", "people:ballot:list people:ballot:edit people:card:view people:profile:view people:sanction:list people:sanction:add org:user:list org:unit:list"},
  {"hr_admin", "people:campaign:list people:campaign:edit people:selection:list people:selection:edit people:selection:nominate"},
  {"leader", "people:ballot:list people:card:view people:profile:view"},
  {"leader", "people:campaign:list people:campaign:score people:selection:list people:selection:nominate"},
  {"dept_head", "people:selection:nominate"},
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
  {"people.campaign.create", "新建年度考核", NULL},
  {"people.campaign.score", "领导评价打分", NULL},
  {"people.campaign.report", "上传述职述廉报告", NULL},
  {"people.campaign.grade", "确定考核等次", NULL},
  {"people.campaign.publicize", "公示考核结果", NULL},
  {"people.campaign.object", "对考核结果提出异议", NULL},
  {"people.campaign.appeal", "对考核结果申诉", NULL},
  {"people.campaign.answer", "答复考核异议或申诉", NULL},
  {"people.campaign.finalize", "确认考核结果", NULL},
  {"people.selection.create", "新建评优评选", NULL},
  {"people.selection.nominate", "评优提名", NULL},
  {"people.selection.vote", "开始评优投票", NULL},
  {"people.selection.publicize", "公示评优结果", NULL},
  {"people.selection.object", "对评优结果提出异议", NULL},
  {"people.selection.answer", "答复评优异议", NULL},
  {"people.selection.award", "评优表彰", NULL},
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
  people_campaign_routes();
  people_selection_routes();
  people_inputs_cross_register();
}
