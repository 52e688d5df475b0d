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
  {"people:post", "双聘"}, {"people:post:list", "查询（岗位、职级、竞聘）"}, {"people:post:edit", "管理（岗位职级、报名、成绩、公示、任命）"},
  {"people:training", "培训"}, {"people:training:list", "查询（课程、培训班、学时）"}, {"people:training:edit", "管理（课程、培训班、学时导入、学时要求）"},
  {"people:project", "项目积分"}, {"people:project:list", "查询（专班、成果、积分）"}, {"people:project:edit", "管理（专班、里程碑、成果、积分规则）"},
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
  {"hr_admin", "people:post:list people:post:edit people:training:list people:training:edit people:project:list people:project:edit"},
  {"leader", "people:post:list people:training:list people:project:list"},
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
  {"people.grade.create", "新增职级", NULL},
  {"people.post.create", "新增岗位", NULL},
  {"people.post.record", "登记岗位职级", NULL},
  {"people.round.create", "新建双聘", NULL},
  {"people.round.apply", "双聘报名", NULL},
  {"people.round.score", "录入双聘成绩", NULL},
  {"people.round.publicize", "双聘公示", NULL},
  {"people.round.appoint", "双聘任命", NULL},
  {"people.trainer.set", "聘任内训师", NULL},
  {"people.course.create", "新增课程", NULL},
  {"people.course.upload", "上传课程资料", NULL},
  {"people.session.create", "新建培训班", NULL},
  {"people.session.signin", "培训扫码签到", NULL},
  {"people.training.required", "设置年度学时要求", NULL},
  {"people.training.import", "导入网络学院学时", NULL},
  {"people.team.create", "成立专班", NULL},
  {"people.team.milestone", "专班里程碑转督办", NULL},
  {"people.output.create", "登记成果与积分", NULL},
  {"people.output.upload", "上传成果佐证", NULL},
  {"people.points.rules", "修改积分规则", NULL},
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
  people_post_routes();
  people_training_routes(); /* also the appraisal input people.training.hours */
  people_project_routes();
}
