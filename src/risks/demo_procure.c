/* demo_procure.c — demo 三项项目 (`bureau init --demo`): the 局领导 as the 管委会, and projects of the three kinds at
 * every stage, with one planted split purchase (two batches of office computers from one supplier, each under the
 * 询价 ceiling, together above it) and one payment before acceptance (an advance recorded with its exception). */
#include "risks/procure.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct demo_proj {
  const char *kind, *unit, *title, *need, *category;
  int64_t amount_fen;
  int filed_ago;        /* days before today */
  int votes;            /* 同意 votes (all members when it reaches the review's end) */
  int until;            /* 0 审议, 1 reviewed+approved, 2 method, 3 contract, 4 accepted, 5 paid in full */
  const char *method, *reason, *supplier;
  int64_t contract_fen;
  int64_t advance_fen;  /* paid before 验收 with an exception */
} demo_proj;

static const demo_proj projs[] = {
  {"工程投资", "WLZX", "物流中心仓库消防系统改造", "仓库喷淋与烟感系统老化，消防检查要求年内改造", "消防工程", 86000000, 200, 5, 5, "公开招标", "",
   "县安达消防工程有限公司", 84500000, 0},
  {"物资采购", "BGS", "办公电脑采购（第一批）", "更换使用满六年的办公电脑20台", "计算机设备", 12000000, 80, 5, 5, "询价", "", "县鑫达电子商行", 11800000, 0},
  {"物资采购", "BGS", "办公电脑采购（第二批）", "更换使用满六年的办公电脑18台", "计算机设备", 11000000, 50, 4, 3, "询价", "", "县鑫达电子商行", 10900000, 0},
  {"宣传促销", "SCB", "卷烟品牌文化宣传物料制作", "新品上市终端宣传海报、展架与价签", "宣传物料", 6500000, 40, 4, 3, "单一来源", "原设计方持有版权，改版只能由其承接",
   "县印象广告有限公司", 6500000, 1950000},
  {"工程投资", "CQS", "城区管理所办公用房维修", "屋面渗漏与外墙脱落维修", "房屋修缮", 4800000, 30, 4, 2, "竞争性谈判", "", "", 0, 0},
  {"物资采购", "WLZX", "送货车辆更新采购", "更新达到报废年限的送货车辆3辆", "车辆", 38000000, 15, 2, 0, NULL, NULL, NULL, 0, 0},
  {"宣传促销", "SCB", "零售终端形象提升", "城区60户零售终端店招与陈列柜更新", "终端建设", 18000000, 5, 0, 0, NULL, NULL, NULL, 0, 0},
};

int risks_demo_procure(const char *today_s, const char *at) {
  /* The 管委会: the 局领导's members. */
  int64_t uid[RISKS_COMMITTEE_MAX];
  size_t nm = 0;
  risks_procure_cfg cfg;
  risks_procure_cfg_default(&cfg);
  db_stmt *s = db_prepare("SELECT id, username FROM users WHERE unit_id = ? AND status = 'enabled' ORDER BY id");
  if (!s) return -1;
  db_bind_int(s, 1, org_unit_id_by_code("JLD"));
  while (db_step(s) == DB_ROW && nm < RISKS_COMMITTEE_MAX) {
    uid[nm] = db_col_int(s, 0);
    snprintf(cfg.committee[nm], sizeof cfg.committee[nm], "%s", db_col_text(s, 1));
    nm++;
  }
  db_reset(s);
  if (nm < 4) return -1;
  cfg.ncommittee = nm;
  json_t *cj = risks_procure_cfg_to_json(&cfg);
  char *text = json_dumps(cj, JSON_COMPACT);
  json_decref(cj);
  int fail = !text || risks_store_setting_put("procure", text, at);
  free(text);
  int today = wd_parse(today_s);
  for (size_t k = 0; k < sizeof projs / sizeof projs[0] && !fail; k++) {
    const demo_proj *d = &projs[k];
    char filed[11], planned[11], day[11];
    wd_format(today - d->filed_ago, filed);
    wd_format(today - d->filed_ago + 15, planned);
    int64_t unit = org_unit_id_by_code(d->unit), head = org_unit_head(unit);
    risks_proj_row w = {.kind = d->kind, .title = d->title, .need = d->need, .category = d->category, .filed_on = filed, .planned_on = planned,
                        .at = at, .unit = unit, .amount_fen = d->amount_fen};
    int64_t id = unit ? risks_store_proj_insert(&w) : 0;
    if (!id) return -1;
    for (int v = 0; v < d->votes && !fail; v++) fail = risks_store_proj_vote(id, uid[v], "同意", "", at) != 0;
    if (fail || d->until < 1) continue;
    wd_format(today - d->filed_ago + 3, day);
    fail = risks_store_proj_review(id, "通过", (int)nm, day, "审批", at) || risks_store_proj_disclose(id, "事前", "项目需求与预算在局务公开栏公示", day, 0, at);
    size_t idx[RISKS_CHAIN_MAX], n = risks_chain_for(&cfg, d->amount_fen, idx);
    for (size_t i = 0; i < n && !fail; i++) {
      int64_t who = i == 0 && head > 0 ? head : uid[i < nm ? i : nm - 1];
      fail = risks_store_proj_approve(id, cfg.chain[idx[i]].step, who, "同意", "", at) != 0;
    }
    if (fail || (fail = risks_store_proj_stage(id, "采购", at)) || d->until < 2) continue;
    fail = risks_store_proj_method(id, d->method, d->reason, at);
    if (fail || d->until < 3) continue;
    wd_format(today - d->filed_ago + 12, day);
    char no[32];
    snprintf(no, sizeof no, "HT-%s-%02d", filed, (int)k + 1);
    fail = risks_store_proj_contract(id, d->supplier, no, d->contract_fen, day, at) ||
           risks_store_proj_disclose(id, "事中", "采购结果与中标（成交）供应商公示", day, 0, at);
    if (!fail && d->advance_fen) {
      wd_format(today - d->filed_ago + 20, day);
      fail = risks_store_proj_pay(id, d->advance_fen, day, "供应商要求预付30%定金后开工", head > 0 ? head : 0, at);
    }
    if (fail || d->until < 4) continue;
    wd_format(today - d->filed_ago + 40, day);
    fail = risks_store_proj_accept(id, day, "按合同约定数量、质量验收合格", at) || risks_store_proj_disclose(id, "事后", "验收结果公示", day, 0, at);
    if (fail || d->until < 5) continue;
    wd_format(today - d->filed_ago + 45, day);
    fail = risks_store_proj_pay(id, d->contract_fen, day, "", head > 0 ? head : 0, at);
  }
  return fail ? -1 : 0;
}
