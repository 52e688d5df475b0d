/* facts.c — the tasks module's facts for the year's review (年度总结), registered through report.h: 办实事 and 整改
 * checklists (tasks_checklist_stats, the figures the 清单闭环 page shows), the year's 督办 tasks and 回头看. */
#include "tasks/internal.h"
#include "report/report.h"
#include <stdio.h>

static const report_fact_def defs[] = {
    {"tasks.checklist.shishi", "办实事清单", "党建"},
    {"tasks.checklist.zhenggai", "整改清单", "党建"},
    {"tasks.lookback", "整改回头看", "党建"},
    {"tasks.tasks.year", "督办任务", "管理"},
};

static void link_of(char *out, size_t cap, const char *path, int year, int64_t unit_id, const char *kind) {
  int n = snprintf(out, cap, "%s?year=%d", path, year);
  if (unit_id && n > 0 && (size_t)n < cap) n += snprintf(out + n, cap - (size_t)n, "&unit_id=%lld&below=1", (long long)unit_id);
  if (kind && n > 0 && (size_t)n < cap) snprintf(out + n, cap - (size_t)n, "&kind=%s", kind);
}

static void money(report_fact *f, const char *name, int64_t fen, int wan) {
  report_figure *g = report_fig_money(f, name, fen, wan);
  if (g && !fen) g->ok = 0; /* no money involved: the clause drops, never "0元" */
}

static int facts(int year, int64_t unit_id, report_facts *out) {
  char link[256];
  tasks_cl_filter flt = {.kind = CL_SHISHI, .unit_id = unit_id, .below = 1, .year = year};
  tasks_cl_stats st = {0};
  if (tasks_checklist_stats(&flt, &st)) return -1;
  if (st.items) {
    link_of(link, sizeof link, "/tasks/checklist", year, unit_id, "办实事");
    report_fact *f = report_fact_add(out, "tasks.checklist.shishi", "办实事清单",
                                     "深入开展“我为群众办实事”活动，聚焦群众、客户和基层，梳理办实事清单{count}，通过清单式推进，已办结{closed}", link);
    if (!f) return -1;
    report_fig_count(f, "count", (double)st.items, "条");
    report_fig_count(f, "closed", (double)st.closed, "条")->ok = st.closed > 0;
  }
  tasks_cl_stats zg = {0};
  flt.kind = CL_ZHENGGAI;
  if (tasks_checklist_stats(&flt, &zg)) return -1;
  if (zg.items) {
    link_of(link, sizeof link, "/tasks/checklist", year, unit_id, "整改");
    report_fact *f = report_fact_add(out, "tasks.checklist.zhenggai", "整改清单",
                                     "标本兼治完成整改任务共计{closed}，整改涉及金额{amount}，收回损失{recovered}，清退费用{refunded}，处理处分{people}", link);
    if (!f) return -1;
    report_fig_count(f, "closed", (double)zg.closed, "项")->ok = zg.closed > 0;
    money(f, "amount", zg.amount_fen, 1);
    money(f, "recovered", zg.recovered_fen, 0);
    money(f, "refunded", zg.refunded_fen, 0);
    report_fig_count(f, "people", (double)zg.people, "人次")->ok = zg.people > 0;
  }
  int64_t drawn, confirmed, reopened;
  if (tasks_store_facts_lookback(year, unit_id, &drawn, &confirmed, &reopened)) return -1;
  if (drawn) {
    link_of(link, sizeof link, "/tasks/checklist", year, unit_id, "整改");
    report_fact *f = report_fact_add(out, "tasks.lookback", "整改回头看", "开展整改“回头看”，抽查已销号事项{drawn}，确认问题未反弹{confirmed}，重新整改{reopened}", link);
    if (!f) return -1;
    report_fig_count(f, "drawn", (double)drawn, "项");
    report_fig_count(f, "confirmed", (double)confirmed, "项")->ok = confirmed > 0;
    report_fig_count(f, "reopened", (double)reopened, "项")->ok = reopened > 0;
  }
  int64_t total, closed, on_time, planned;
  if (tasks_store_facts_tasks(year, unit_id, &total, &closed, &on_time, &planned)) return -1;
  if (total) {
    link_of(link, sizeof link, "/tasks/board", year, unit_id, NULL);
    report_fact *f = report_fact_add(out, "tasks.tasks.year", "督办任务", "全年督办任务{total}，其中年度计划任务{planned}，已办结{closed}，按期办结率{on_time_rate}", link);
    if (!f) return -1;
    report_fig_count(f, "total", (double)total, "项");
    report_fig_count(f, "planned", (double)planned, "项")->ok = planned > 0;
    report_fig_count(f, "closed", (double)closed, "项")->ok = closed > 0;
    report_figure *g = report_fig_add(f, "on_time_rate", REPORT_PCT, closed ? tasks_permille(on_time, closed) / 10.0 : 0, closed > 0);
    if (g) g->decimals = 1;
  }
  return 0;
}

static const report_provider prov = {"tasks", defs, sizeof defs / sizeof *defs, facts};

void tasks_facts_register(void) { report_register_facts(&prov); }
