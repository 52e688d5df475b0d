/* facts.c — org's facts for the year's review (年度总结), registered through report.h: the staff of the unit's subtree. */
#include "org/internal.h"
#include "report/report.h"
#include <stdio.h>

static const report_fact_def defs[] = {{"org.staff", "在册员工", "队伍"}};

static int facts(int year, int64_t unit_id, report_facts *out) {
  int64_t staff;
  if (org_store_facts_staff(year, unit_id, &staff)) return -1;
  if (!staff) return 0;
  char link[96];
  if (unit_id) snprintf(link, sizeof link, "/system/user?unit_id=%lld", (long long)unit_id);
  else snprintf(link, sizeof link, "/system/user");
  report_fact *f = report_fact_add(out, "org.staff", "在册员工", "现有在册员工{staff}", link);
  if (!f) return -1;
  report_fig_count(f, "staff", (double)staff, "名");
  return 0;
}

static const report_provider prov = {"org", defs, sizeof defs / sizeof *defs, facts};

void org_facts_register(void) { report_register_facts(&prov); }
