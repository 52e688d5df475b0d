/* facts.c — the shops module's facts for the year's review (年度总结), registered through report.h: the year's
 * 数字化经营能力检测 (visits, shops assessed) and the shops whose level rose or fell over the year. */
#include "shops/internal.h"
#include "report/report.h"
#include <stdio.h>

static const report_fact_def defs[] = {{"shops.assess.year", "零售户经营能力检测", "营销市场"}};

static int facts(int year, int64_t unit_id, report_facts *out) {
  int64_t visits, shops, up, down;
  if (shops_store_facts_year(year, unit_id, &visits, &shops, &up, &down)) return -1;
  if (!shops) return 0;
  char link[96];
  if (unit_id) snprintf(link, sizeof link, "/shops/list?unit_id=%lld&below=1", (long long)unit_id);
  else snprintf(link, sizeof link, "/shops/list");
  report_fact *f = report_fact_add(out, "shops.assess.year", "零售户经营能力检测",
                                   "全年开展零售户数字化经营能力检测{visits}，覆盖零售户{shops}，其中{up}能力等级提升，{down}等级回落", link);
  if (!f) return -1;
  report_fig_count(f, "visits", (double)visits, "户次");
  report_fig_count(f, "shops", (double)shops, "户");
  report_fig_count(f, "up", (double)up, "户")->ok = up > 0;
  report_fig_count(f, "down", (double)down, "户")->ok = down > 0;
  return 0;
}

static const report_provider prov = {"shops", defs, sizeof defs / sizeof *defs, facts};

void shops_facts_register(void) { report_register_facts(&prov); }
