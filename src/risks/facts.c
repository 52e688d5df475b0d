/* facts.c — the risks module's facts for the year's review (年度总结), registered through report.h: the register by
 * level, reviews done, safety checks and hazards rectified, complaints handled with 办结率 and 满意率, drills, 三项项目 and their amounts, and audit findings
 * with their rectification (the 整改 items' status comes from tasks.h). */
#include "risks/procure.h"
#include "report/report.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const report_fact_def defs[] = {
  {"risks.register", "风险清单", "安全"},
  {"risks.reviews", "风险复核", "安全"},
  {"risks.complaints", "投诉与信访办理", "专卖"},
  {"risks.safety", "安全生产检查与隐患整改", "安全"},
  {"risks.drills", "应急演练", "安全"},
  {"risks.projects", "三项项目", "管理"},
  {"risks.findings", "审计整改", "管理"},
};

static report_figure *pct(report_fact *f, const char *name, int64_t part, int64_t whole) {
  report_figure *g = report_fig_add(f, name, REPORT_PCT, whole ? 100.0 * (double)part / (double)whole : 0, whole > 0);
  if (g) g->decimals = 1;
  return g;
}

static int facts(int year, int64_t unit_id, report_facts *out) {
  risks_year_facts y;
  int64_t *items = NULL;
  size_t nitems = 0;
  if (risks_store_year_facts(year, unit_id, &y, &items, &nitems)) { free(items); return -1; }
  char link[128];
  report_fact *f;
  int64_t total = y.risks_by_level[RL_LOW] + y.risks_by_level[RL_MID] + y.risks_by_level[RL_HIGH] + y.risks_by_level[RL_MAJOR];
  if (total) {
    if (!(f = report_fact_add(out, "risks.register", "风险清单", "梳理权力、责任、风险、措施“四清单”风险{total}，其中重大风险{major}、高风险{high}、中风险{mid}、低风险{low}",
                              "/risks/register")))
      goto fail;
    report_fig_count(f, "total", (double)total, "项");
    report_fig_count(f, "major", (double)y.risks_by_level[RL_MAJOR], "项");
    report_fig_count(f, "high", (double)y.risks_by_level[RL_HIGH], "项");
    report_fig_count(f, "mid", (double)y.risks_by_level[RL_MID], "项");
    report_fig_count(f, "low", (double)y.risks_by_level[RL_LOW], "项");
  }
  if (y.reviews) {
    if (!(f = report_fact_add(out, "risks.reviews", "风险复核", "按风险等级定期复核，全年开展风险复核和重新评级{count}", "/risks/register"))) goto fail;
    report_fig_count(f, "count", (double)y.reviews, "次");
  }
  if (y.complaints) {
    if (!(f = report_fact_add(out, "risks.complaints", "投诉与信访办理",
                              "受理12313投诉和信访{count}，办结{closed}，办结率{rate}，回访满意率{satisfied}", "/risks/complaints")))
      goto fail;
    report_fig_count(f, "count", (double)y.complaints, "件");
    report_fig_count(f, "closed", (double)y.complaints_closed, "件");
    pct(f, "rate", y.complaints_closed, y.complaints);
    pct(f, "satisfied", y.satisfied, y.rated);
  }
  if (y.checks || y.hazards) {
    snprintf(link, sizeof link, "/risks/safety?year=%d", year);
    if (!(f = report_fact_add(out, "risks.safety", "安全生产检查与隐患整改", "开展安全生产检查{checks}，排查安全隐患{found}，整改关闭{closed}，隐患整改率{rate}", link)))
      goto fail;
    report_fig_count(f, "checks", (double)y.checks, "次");
    report_fig_count(f, "found", (double)y.hazards, "处");
    report_fig_count(f, "closed", (double)y.hazards_closed, "处");
    pct(f, "rate", y.hazards_closed, y.hazards);
  }
  if (y.drills) {
    snprintf(link, sizeof link, "/risks/drills?year=%d", year);
    if (!(f = report_fact_add(out, "risks.drills", "应急演练", "常态化开展应急演练{count}", link))) goto fail;
    report_fig_count(f, "count", (double)y.drills, "次");
  }
  if (y.projects) {
    if (!(f = report_fact_add(out, "risks.projects", "三项项目",
                              "三项工作全流程在线管控，立项三项项目{count}、预算金额{amount}，其中工程投资{works}、物资采购{goods}、宣传促销{promo}",
                              "/risks/projects")))
      goto fail;
    report_fig_count(f, "count", (double)y.projects, "个");
    report_fig_money(f, "amount", y.projects_fen, 1);
    report_fig_count(f, "works", (double)y.projects_by_kind[RPK_WORKS], "个");
    report_fig_count(f, "goods", (double)y.projects_by_kind[RPK_GOODS], "个");
    report_fig_count(f, "promo", (double)y.projects_by_kind[RPK_PROMO], "个");
  }
  if (y.findings) {
    int64_t closed = 0;
    for (size_t i = 0; i < nitems; i++) {
      tasks_cl_brief b;
      int rc = tasks_cl_item_brief(items[i], &b);
      if (rc < 0) goto fail;
      closed += !rc && !strcmp(b.status, "已销号");
    }
    snprintf(link, sizeof link, "/tasks/checklists?year=%d&kind=整改", year);
    if (!(f = report_fact_add(out, "risks.findings", "审计整改", "审计发现问题{count}、涉及金额{amount}，已整改销号{closed}，整改率{rate}", link)))
      goto fail;
    report_fig_count(f, "count", (double)y.findings, "个");
    report_fig_money(f, "amount", y.findings_fen, 0);
    report_fig_count(f, "closed", (double)closed, "个");
    pct(f, "rate", closed, y.findings);
  }
  free(items);
  return 0;
fail:
  free(items);
  return -1;
}

static const report_provider prov = {"risks", defs, sizeof defs / sizeof *defs, facts};

void risks_facts_register(void) { report_register_facts(&prov); }
