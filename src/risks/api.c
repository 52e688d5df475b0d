/* api.c — the risks module's wiring: permissions, built-in grants, audit actions, routes, and the helpers its
 * handlers share (transactions, today, scope checks, query parameters). */
#include "risks/procure.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int risks_tx_begin(req *r) { return dbj_tx_begin(r); }
int risks_tx_commit(req *r) { return dbj_tx_commit(r); }
void risks_tx_fail(req *r) { dbj_tx_fail(r); }
void risks_today(char out[11]) { util_today(out); }

int risks_unit_in_scope(req *r, int64_t unit_id) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc || !org_unit_exists(unit_id)) return 0;
  return sc->all || org_caller(r)->unit_id == unit_id || org_scope_has_unit(sc, unit_id);
}

int risks_q_id(req *r, const char *key, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为正整数", key); return -1; }
  *out = n;
  return 0;
}

static const org_perm_def perms[] = {
  {"risks", "风险防控"},
  {"risks:register", "风险清单"}, {"risks:register:list", "查询"}, {"risks:register:add", "登记风险"},
  {"risks:register:edit", "修改、重新评级、复核"}, {"risks:register:settings", "设置风险矩阵与复核周期"},
  {"risks:drill", "应急演练"}, {"risks:drill:list", "查询、达标情况"}, {"risks:drill:add", "登记演练"},
  {"risks:complaint", "投诉与信访"}, {"risks:complaint:list", "查询"}, {"risks:complaint:add", "受理、派发、催办、回访"},
  {"risks:complaint:handle", "办理、答复"},
  {"risks:complaint:conduct", "涉及工作人员作风的投诉（内管/纪检）"},
  {"risks:finding", "审计整改"}, {"risks:finding:list", "查询"}, {"risks:finding:add", "登记审计发现问题"},
  {"risks:safety", "安全生产"}, {"risks:safety:list", "查询检查与隐患"}, {"risks:safety:check", "安全检查、拍照、隐患整改"},
  {"risks:safety:review", "隐患复查销号"}, {"risks:safety:template", "维护安全检查表（检查项、拍照要求）"},
  {"risks:plan", "应急预案"}, {"risks:plan:list", "查询"}, {"risks:plan:edit", "登记预案、修订版本"},
  {"risks:opinion", "舆情管理"}, {"risks:opinion:list", "查询"}, {"risks:opinion:edit", "登记舆情、处置、关闭与复盘"},
  {"risks:secrecy", "保密管理"}, {"risks:secrecy:list", "查询"}, {"risks:secrecy:edit", "收文登记、借阅归还签收"},
  {"risks:secrecy:check", "保密检查与问题整改"},
};

static const org_grant grants[] = {
  {"leader", "risks:register:list risks:register:edit risks:drill:list risks:complaint:list"},
  {"leader", "risks:safety:list risks:safety:review risks:plan:list risks:opinion:list risks:secrecy:list"},
  {"dept_head", "risks:safety:template"},
  {"dept_head", "risks:safety:list risks:safety:check risks:safety:review risks:plan:list risks:plan:edit risks:opinion:list risks:secrecy:list"},
  {"staff", "risks:safety:list risks:safety:check risks:plan:list risks:opinion:list risks:opinion:edit risks:secrecy:list risks:secrecy:edit"},
  {"discipline", "risks:safety:list risks:plan:list risks:opinion:list risks:opinion:edit risks:secrecy:list risks:secrecy:edit risks:secrecy:check"},
  {"dept_head", "risks:register:list risks:register:add risks:register:edit risks:drill:list risks:drill:add risks:complaint:list risks:complaint:handle"},
  {"discipline", "risks:register:list risks:register:add risks:register:edit risks:register:settings risks:drill:list"
                 " risks:complaint:list risks:complaint:add risks:complaint:handle risks:complaint:conduct risks:finding:list risks:finding:add"},
};

static const org_audit_def actions[] = {
  {"risks.risk.create", "登记风险", NULL},
  {"risks.risk.update", "修改风险", NULL},
  {"risks.risk.rate", "风险重新评级", NULL},
  {"risks.risk.review", "风险复核", NULL},
  {"risks.settings.update", "修改风险矩阵与复核周期", NULL},
  {"risks.drill.create", "登记应急演练", NULL},
  {"risks.finding.create", "登记审计发现问题", NULL},
  {"risks.complaint.create", "受理投诉", NULL}, {"risks.complaint.dispatch", "派发投诉", NULL},
  {"risks.complaint.note", "登记投诉办理情况", NULL}, {"risks.complaint.reply", "答复投诉", NULL},
  {"risks.complaint.rate", "投诉回访评价", NULL}, {"risks.complaint.urge", "催办投诉", NULL},
  {"risks.demo.load", "载入演示风险数据", NULL},
  {"risks.safety.check", "开始安全检查", NULL}, {"risks.safety.photo", "安全检查拍照", NULL}, {"risks.safety.submit", "提交安全检查", NULL},
  {"risks.hazard.photo", "隐患整改照片", NULL}, {"risks.hazard.rectify", "登记隐患整改", NULL}, {"risks.hazard.reinspect", "隐患复查", NULL},
  {"risks.safety_template.update", "发布安全检查表新版本", NULL},
  {"risks.plan.create", "登记应急预案", NULL}, {"risks.plan.revise", "修订应急预案", NULL},
  {"risks.opinion.create", "登记舆情事件", NULL}, {"risks.opinion.step", "登记舆情处置步骤", NULL}, {"risks.opinion.close", "关闭舆情并复盘", NULL},
  {"risks.secret.receive", "涉密文件收文登记", NULL}, {"risks.secret.lend", "涉密文件借阅", NULL}, {"risks.secret.return", "涉密文件归还", NULL},
  {"risks.secret.check", "登记保密检查", NULL},
};

void risks_audit_register(void) {
  static int done;
  if (!done) done = !org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
}

void risks_register(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  risks_audit_register();
  risks_register_routes();
  risks_drills_routes();
  risks_complaints_routes();
  risks_findings_routes();
  risks_safety_routes();
  risks_templates_routes();
  risks_plans_routes();
  risks_opinion_routes();
  risks_secrecy_routes();
  risks_procure_routes();
  risks_feeds_register();
}
