/* inputs_cross.c — appraisal inputs read through other modules' public headers beyond 督办: the unit's indicator
 * completion from the cockpit (cockpit.h) and the evaluator quality score of the year from terminal evaluations
 * (evals.h). Training hours (`people.training.hours`) are registered by the training part of this module. */
#include "people/internal.h"
#include "cockpit/cockpit.h"
#include "evals/evals.h"
#include <stdio.h>

/* 指标完成: the unit's indicators with a yearly target and a value; score = mean 完成率 capped at 100 each. A person's
 * card shows his unit's figure. */
static int fill_cockpit(int year, int64_t user, int64_t unit, people_input_value *out) {
  cockpit_unit_year y;
  if (!unit) return 1;
  if (cockpit_unit_year_of(unit, year, &y)) return org_unit_exists(unit) ? -1 : 1;
  if (!y.indicators) return 1;
  out->value = y.mean;
  out->score = y.mean;
  snprintf(out->text, sizeof out->text, "%s %d 项有年度目标的指标，达标 %d 项，平均完成率 %.1f%%（单项计至 100%%）", user ? "所在单位" : "本单位",
           y.indicators, y.met, y.mean);
  snprintf(out->link, sizeof out->link, "/cockpit/vertical?unit=%lld&to=%04d-12", (long long)unit, year % 10000);
  return 0;
}

/* 评价质量: the mean of the year's rounds' evaluator quality scores (终端评价). */
static int fill_evals(int year, int64_t user, int64_t unit, people_input_value *out) {
  (void)unit;
  evals_quality q;
  int rounds;
  if (evals_quality_of_year(user, year, &q, &rounds)) return -1;
  if (!q.has) return 1;
  out->value = q.score;
  out->score = q.score;
  snprintf(out->text, sizeof out->text, "%d 个评价周期平均质量分 %.1f：应评 %lld 户，已评 %lld 户，被标记 %lld 户，退回 %lld 户，逾期 %lld 户", rounds,
           q.score, (long long)q.assigned, (long long)q.submitted, (long long)q.flagged, (long long)q.returned, (long long)q.late);
  snprintf(out->link, sizeof out->link, "/evals/rounds?q=%04d&quality_of=%lld", year % 10000, (long long)user);
  return 0;
}

static const people_input cross[] = {
  {"cockpit.completion", "指标完成", "%", "数字化所队部", PEOPLE_SUBJ_PERSON | PEOPLE_SUBJ_UNIT, 20, fill_cockpit},
  {"evals.quality", "终端评价质量", "分", "终端评价", PEOPLE_SUBJ_PERSON, 10, fill_evals},
};

void people_inputs_cross_register(void) {
  static int done;
  if (done++) return;
  for (size_t i = 0; i < sizeof cross / sizeof cross[0]; i++) people_register_input(&cross[i]);
}
