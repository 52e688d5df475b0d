/* workbench.c — the 工作台's indicator card (registered with org_register_card): the key indicators of the caller's
 * unit (the bureau for bureau-wide roles), year to date against target and 序时进度, the red ones first — the same
 * figures and light as 纵向对比's 年度累计 (ck_ytd, ck_expected, cockpit_light_for). */
#include "cockpit/internal.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TILES = 8 };

static int light_rank(cockpit_light l) { return l == CK_LIGHT_RED ? 0 : l == CK_LIGHT_YELLOW ? 1 : l == CK_LIGHT_GREEN ? 2 : 3; }

typedef struct tile { int ind, rank; cockpit_light light; cockpit_num v, t, comp; } tile;
static int by_light(const void *a, const void *b) {
  const tile *x = a, *y = b;
  int d = light_rank(x->light) - light_rank(y->light);
  return d ? d : x->rank - y->rank;
}

static json_t *indicators_card(req *r) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return NULL;
  if (!sc->all && sc->nunits == 0) return json_null(); /* a self-scoped role has no unit figures of its own */
  char today[11], ym[8];
  tasks_today(today);
  memcpy(ym, today, 7);
  ym[7] = 0;
  int m = cockpit_month_parse(ym) - 1; /* last month: the newest complete one, as the views default to */
  if (m < 0) return NULL;
  int y0 = m / 12 * 12;
  ck_ctx c;
  if (ck_load(&c, NULL, 0, y0 - 12, m - y0 + 13, m / 12, 1)) return NULL; /* and last year's, as 纵向 loads for its YTD */
  int u = ck_root(&c);
  if (!sc->all) u = ck_unit_find(&c, org_caller(r)->unit_id);
  if (u < 0 || ck_unit_visible(r, &c, u) < 2) { ck_free(&c); return json_null(); }
  tile *ts = calloc(c.ninds + 1, sizeof *ts);
  if (!ts) { ck_free(&c); return NULL; }
  size_t n = 0;
  int any_key = 0;
  for (size_t i = 0; i < c.ninds; i++) any_key |= c.inds[i].key_view;
  for (size_t i = 0; i < c.ninds; i++) {
    const ck_ind *d = &c.inds[i];
    if (d->sort >= 500 || (any_key && !d->key_view)) continue;
    cockpit_num v, ly, t = ck_target(&c, (int)i, u, 0);
    ck_ytd(&c, (int)i, u, m, &v, &ly);
    if (!v.ok) continue;
    cockpit_num comp = cockpit_completion_shown(d->dir, v, t, d->lo, d->hi, d->decimals);
    cockpit_light l = cockpit_light_for(d->dir, ck_cumulative(d), comp, ck_expected(&c, (int)i, u, m), 0, 0);
    ts[n] = (tile){(int)i, (int)n, l, v, t, comp};
    n++;
  }
  qsort(ts, n, sizeof *ts, by_light);
  json_t *tiles = json_array();
  for (size_t k = 0; k < n && k < MAX_TILES; k++) {
    const ck_ind *d = &c.inds[ts[k].ind];
    int td = cockpit_target_decimals(d->decimals);
    char sub[96] = "无目标";
    if (ts[k].t.ok && ts[k].comp.ok) snprintf(sub, sizeof sub, "完成 %.1f%% · 目标 %.*f", ck_round(ts[k].comp.v, 1), td, ck_round(ts[k].t.v, td));
    else if (ts[k].t.ok) snprintf(sub, sizeof sub, "目标 %.*f", td, ck_round(ts[k].t.v, td));
    char link[160];
    snprintf(link, sizeof link, "/cockpit/vertical?indicator=%s&unit=%lld", d->code, (long long)c.units[u].id);
    json_t *o = json_pack("{s:s,s:f,s:s,s:s,s:s,s:s}", "label", d->name, "value", ck_round(ts[k].v.v, d->decimals), "uom", d->uom, "sub", sub,
                          "light", cockpit_light_code(ts[k].light), "link", link);
    json_array_append_new(tiles, o);
  }
  char title[200];
  snprintf(title, sizeof title, "关键指标 · %s · %d年1–%d月累计", c.units[u].name, m / 12, m % 12 + 1);
  free(ts);
  ck_free(&c);
  return json_pack("{s:s,s:o,s:s,s:{s:s,s:s}}", "title", title, "tiles", tiles, "empty", "本单位暂无指标数据", "more", "text", "横向对比", "link",
                   "/cockpit/horizontal");
}

void cockpit_workbench_register(void) { org_register_card("cockpit.indicators", "关键指标", "cockpit:view:list", 50, indicators_card); }
