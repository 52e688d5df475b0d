/* facts.c — the cockpit's facts for the year's review (年度总结), registered through report.h: each indicator's value
 * of the year for the unit, its share of the year's target, 同比 in amount and per cent (a rate: in 百分点), and its
 * rank among its sibling units — computed with the cockpit's own engine (ck_ytd, ck_target, cockpit_completion_shown,
 * cockpit_rank_shown), so the review cites what 纵向对比 and 横向对比 show. The indicators are those defined when the
 * server started (a template names them by "cockpit.<code>"). */
#include "cockpit/internal.h"
#include "report/report.h"
#include "tasks/tasks.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static report_fact_def *g_defs;
static size_t g_ndefs;

static const char *line_of(const char *category) {
  static const char *const map[][2] = {{"营销", "营销市场"}, {"专卖", "专卖"}, {"内管", "管理"}, {"党建", "党建"}, {"安全", "安全"}, {"综合", "管理"}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (!strcmp(category, map[i][0])) return map[i][1];
  return "管理";
}

/* An indicator measured in per cent changes in 百分点, not in per cent of itself. */
static int is_rate(const ck_ind *d) { return !strcmp(d->uom, "%") || !strcmp(d->uom, "％"); }

static int facts(int year, int64_t unit_id, report_facts *out) {
  ck_ctx c;
  if (ck_load(&c, NULL, 0, (year - 1) * 12, 24, year, 2)) return -1;
  int u = unit_id ? ck_unit_find(&c, unit_id) : ck_root(&c);
  int *peers = calloc(c.nunits + 1, sizeof *peers), *rk = calloc(c.nunits + 1, sizeof *rk);
  cockpit_num *vals = calloc(c.nunits + 1, sizeof *vals);
  int rc = peers && rk && vals ? 0 : -1;
  int m = year * 12 + 11, jan = year * 12;
  for (size_t i = 0; u >= 0 && !rc && i < c.ninds; i++) {
    const ck_ind *d = &c.inds[i];
    if (d->sort >= 500) continue; /* a ratio's part */
    cockpit_num ytd, ly;
    ck_ytd(&c, (int)i, u, m, &ytd, &ly);
    if (!ytd.ok) continue;
    char key[REPORT_KEY_LEN + 16], link[256], pattern[256];
    snprintf(key, sizeof key, "cockpit.%s", d->code);
    snprintf(link, sizeof link, "/cockpit/vertical?indicator=%s&unit=%lld&to=%04d-12", d->code, (long long)c.units[u].id, year % 10000);
    cockpit_num t = ck_target(&c, (int)i, u, 0);
    cockpit_num comp = cockpit_completion_shown(d->dir, ytd, t, d->lo, d->hi, d->decimals);
    int rate = is_rate(d);
    double diff = ly.ok ? cockpit_round(ytd.v, d->decimals) - cockpit_round(ly.v, d->decimals) : 0;
    /* the rank among the unit's siblings that have a value, as 横向对比 ranks them */
    int p = c.units[u].pidx, n = 0, rank = 0, tied = 0;
    if (p >= 0)
      for (int k = c.units[p].child; k >= 0; k = c.units[k].next) {
        cockpit_num v = ck_value(&c, (int)i, k, jan, m);
        if (v.ok) peers[n] = k, vals[n++] = v;
      }
    size_t ranked = n > 1 ? cockpit_rank_shown(d->dir, vals, (size_t)n, d->lo, d->hi, d->decimals, rk) : 0;
    for (int k = 0; k < n && ranked; k++)
      if (peers[k] == u) rank = rk[k];
    for (int k = 0; k < n && rank; k++) tied |= peers[k] != u && rk[k] == rank;
    snprintf(pattern, sizeof pattern, "%s{value}，完成年计划的{share}，%s，居同级单位{rank}", d->name,
             rate ? "较上年{pp}" : diff < 0 ? "同比减少{diff}，{growth}" : "同比增加{diff}，{growth}");
    report_fact *f = report_fact_add(out, key, d->name, pattern, link);
    if (!f) { rc = -1; break; }
    report_figure *g = report_fig_count(f, "value", ytd.v, d->uom);
    if (g) g->decimals = d->decimals;
    g = report_fig_add(f, "share", REPORT_PCT, comp.ok ? comp.v : 0, comp.ok && t.ok);
    if (g) g->decimals = 1;
    if (rate) {
      g = report_fig_add(f, "pp", REPORT_PP, ytd.v, 1);
      if (g) g->base = ly.v, g->has_base = ly.ok, g->decimals = d->decimals ? d->decimals : 1;
    } else {
      g = report_fig_count(f, "diff", fabs(diff), d->uom);
      if (g) g->decimals = d->decimals, g->ok = ly.ok && diff != 0;
      /* 同比 per cent: a zero base has none (the clause drops, never "增长∞") */
      g = report_fig_add(f, "growth", REPORT_GROWTH, ytd.v, ly.ok && ly.v != 0);
      if (g) g->base = ly.v, g->has_base = ly.ok, g->decimals = 1;
    }
    g = report_fig_add(f, "rank", REPORT_RANK, rank, rank > 0);
    if (g) g->of = (int)ranked, g->tied = tied;
  }
  free(peers);
  free(rk);
  free(vals);
  ck_free(&c);
  return rc;
}

int cockpit_unit_year_of(int64_t unit_id, int year, cockpit_unit_year *out) {
  ck_ctx c;
  memset(out, 0, sizeof *out);
  /* the year's months and targets only: the year-to-December is ck_ytd's figure without last year's comparison */
  if (ck_load(&c, NULL, 0, year * 12, 12, year, 1)) return -1;
  int u = ck_unit_find(&c, unit_id), m = year * 12 + 11;
  double sum = 0;
  for (size_t i = 0; u >= 0 && i < c.ninds; i++) {
    const ck_ind *d = &c.inds[i];
    if (d->sort >= 500) continue;
    cockpit_num ytd = ck_value(&c, (int)i, u, year * 12, m);
    cockpit_num t = ck_target(&c, (int)i, u, 0);
    cockpit_num comp = cockpit_completion_shown(d->dir, ytd, t, d->lo, d->hi, d->decimals);
    if (!ytd.ok || !t.ok || !comp.ok) continue;
    out->indicators++;
    out->met += comp.v >= 100;
    sum += comp.v > 100 ? 100 : comp.v;
  }
  ck_free(&c);
  if (u < 0) return -1;
  out->mean = out->indicators ? sum / out->indicators : 0;
  return 0;
}

static report_provider g_prov = {"cockpit", NULL, 0, facts};

void cockpit_facts_register(void) {
  if (g_defs) return;
  ck_ctx c;
  char today[11];
  tasks_today(today);
  int y = atoi(today);
  if (ck_load(&c, NULL, 0, y * 12, 1, y, 1)) return;
  g_defs = calloc(c.ninds + 1, sizeof *g_defs);
  for (size_t i = 0; g_defs && i < c.ninds; i++) {
    if (c.inds[i].sort >= 500) continue;
    char key[REPORT_KEY_LEN + 16];
    snprintf(key, sizeof key, "cockpit.%s", c.inds[i].code);
    /* kept for the program's life: the registry borrows them */
    g_defs[g_ndefs].key = strdup(key);
    g_defs[g_ndefs].name = strdup(c.inds[i].name);
    g_defs[g_ndefs].line = line_of(c.inds[i].category);
    if (g_defs[g_ndefs].key && g_defs[g_ndefs].name) g_ndefs++;
  }
  ck_free(&c);
  g_prov.defs = g_defs;
  g_prov.ndefs = g_ndefs;
  report_register_facts(&g_prov);
}
