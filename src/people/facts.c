/* facts.c — the people module's facts for the year's review (年度总结), registered through report.h: 民主测评 and 评优
 * votes held (ballots cast) and sanctions decided, over a unit and the units below it. */
#include "people/internal.h"
#include "report/report.h"
#include <stdio.h>

static const report_fact_def defs[] = {
  {"people.votes.appraisal", "民主测评", "队伍"},
  {"people.votes.selection", "评优投票", "队伍"},
  {"people.sanctions", "纪律处分", "队伍"},
};

static int facts(int year, int64_t unit_id, report_facts *out) {
  static const struct { const char *key, *name, *purpose, *pattern; } v[] = {
    {"people.votes.appraisal", "民主测评", "民主测评", "组织民主测评{boxes}，按领导班子、中层干部、职工代表等群体加权计票，收回无记名选票{ballots}"},
    {"people.votes.selection", "评优投票", "评优", "开展评优评选投票{boxes}，收回无记名选票{ballots}"},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    int64_t boxes, ballots;
    if (people_store_facts_votes(year, unit_id, v[i].purpose, &boxes, &ballots)) return -1;
    if (!boxes) continue;
    report_fact *f = report_fact_add(out, v[i].key, v[i].name, v[i].pattern, "/people/votes");
    if (!f) return -1;
    report_fig_count(f, "boxes", (double)boxes, "次");
    report_figure *g = report_fig_count(f, "ballots", (double)ballots, "张");
    if (g) g->ok = ballots > 0;
  }
  int64_t n;
  if (people_store_facts_sanctions(year, unit_id, &n)) return -1;
  if (n) {
    report_fact *f = report_fact_add(out, "people.sanctions", "纪律处分", "严肃执纪问责，全年给予纪律处分{count}", "/people/sanctions");
    if (!f) return -1;
    report_fig_count(f, "count", (double)n, "人次");
  }
  return 0;
}

static const report_provider prov = {"people", defs, sizeof defs / sizeof *defs, facts};

void people_facts_register(void) { report_register_facts(&prov); }
