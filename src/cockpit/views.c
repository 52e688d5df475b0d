/* views.c — the comparison views as JSON (and XLSX): 横向 (one indicator, one month, units ranked), 纵向 (one indicator,
 * one unit, months with 环比/同比 and YTD against target and progress), 矩阵 (units × indicators, rank colours and the
 * weighted composite league table), all within the caller's data scope. */
#include "cockpit/internal.h"
#include "tasks/tasks.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *num(cockpit_num n, int decimals) { return n.ok ? json_real(ck_round(n.v, decimals)) : json_null(); }

/* The month a view looks at: ?month=YYYY-MM, default last month (BUREAU_TODAY aware). -1 answered 400. */
static int month_param(req *r, const char *key) {
  const char *m = http_query(r, key);
  if (m && *m) {
    int x = cockpit_month_parse(m);
    if (x < 0) http_error(r, ERR_BAD_QUERY, key, "月份应为 YYYY-MM");
    return x;
  }
  char today[11];
  tasks_today(today);
  char ym[8];
  memcpy(ym, today, 7);
  ym[7] = 0;
  return cockpit_month_parse(ym) - 1;
}

/* ?format=xlsx asks for the export permission on top of the view's. 1 = export wanted and allowed, 0 = JSON, -1 answered. */
static int want_xlsx(req *r) {
  const char *f = http_query(r, "format");
  if (!f || !*f) return 0;
  if (strcmp(f, "xlsx")) { http_error(r, ERR_BAD_QUERY, "format", "导出格式只支持 xlsx"); return -1; }
  if (!org_caller_can(r, "cockpit:view:export")) { http_error(r, ERR_FORBIDDEN, NULL, "没有导出权限"); return -1; }
  return 1;
}

static int load_for(req *r, ck_ctx *c, const char *code, int m0, int nm, int year, int years) {
  const char *want[1] = {code};
  if (ck_load(c, code ? want : NULL, code ? 1 : 0, m0, nm, year, years)) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  return 0;
}

static int ind_param(req *r, ck_ctx *c) {
  int i = ck_ind_find(c, http_query(r, "indicator"));
  if (i < 0) http_error(r, ERR_NOT_FOUND, "indicator", "指标不存在");
  return i;
}

/* ?parent / ?unit: a unit id the caller may see; default the root. -1 answered. */
static int unit_param(req *r, ck_ctx *c, const char *key, int need_own) {
  const char *v = http_query(r, key);
  int u = ck_root(c);
  if (v && *v) {
    char *end;
    long long id = strtoll(v, &end, 10);
    if (*end || id <= 0) { http_error(r, ERR_BAD_QUERY, key, "单位编号不合法"); return -1; }
    u = ck_unit_find(c, id);
  } else if (!ck_unit_visible(r, c, u)) {
    /* No unit named and the bureau's total is not the caller's to see (普通员工: 本单位 only): the highest unit he
     * may see on the way up from his own, rather than an error on opening the page. */
    int org_u = ck_unit_find(c, org_caller(r)->unit_id);
    for (int p = org_u; p >= 0; p = c->units[p].pidx)
      if (ck_unit_visible(r, c, p)) u = p;
  }
  int vis = ck_unit_visible(r, c, u);
  if (u < 0 || !vis || (need_own && vis < 1)) { http_error(r, ERR_NOT_FOUND, key, "单位不存在或不在您的数据范围内"); return -1; }
  return u;
}

static json_t *ind_json(const ck_ind *d) {
  return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:f}", "code", d->code, "name", d->name, "category", d->category, "uom", d->uom, "direction",
                   cockpit_dir_code(d->dir), "time_agg", cockpit_agg_code(d->tagg), "decimals", d->decimals, "weight", d->weight);
}

/* Peers under parent p: its children with a value; when a single child holds them all and has children itself,
 * look one level down (卷烟销量 under the bureau is the 片区 of the 市场部, not the 市场部 alone). */
static int peers_of(const ck_ctx *c, int i, int p, int a, int b, int *out, size_t cap) {
  for (int depth = 0; depth < 8; depth++) {
    size_t n = 0;
    for (int k = c->units[p].child; k >= 0 && n < cap; k = c->units[k].next)
      if (ck_value(c, i, k, a, b).ok) out[n++] = k;
    if (n == 1 && c->units[out[0]].child >= 0) {
      int only = out[0], any = 0;
      for (int k = c->units[only].child; k >= 0; k = c->units[k].next) any |= ck_value(c, i, k, a, b).ok;
      if (any) { p = only; continue; }
    }
    return (int)n;
  }
  return 0;
}

static int has_children_with(const ck_ctx *c, int i, int u, int a, int b) {
  for (int k = c->units[u].child; k >= 0; k = c->units[k].next)
    if (ck_value(c, i, k, a, b).ok) return 1;
  return 0;
}

static const export_col h_cols[] = {
  {"排名", "rank", 1}, {"单位", "unit_name", 0}, {"数值", "value", 1}, {"目标", "target", 1}, {"完成率(%)", "completion", 1},
  {"名次变化", "rank_change", 1}, {"灯", "light_text", 0},
};
static const char *light_text(const char *code) {
  return !strcmp(code, "green") ? "绿" : !strcmp(code, "yellow") ? "黄" : !strcmp(code, "red") ? "红" : "";
}

static void h_horizontal(req *r) {
  int xlsx = want_xlsx(r);
  if (xlsx < 0) return;
  int m = month_param(r, "month");
  if (m < 0) return;
  const char *mode = http_query(r, "mode");
  if (mode && *mode && strcmp(mode, "ytd") && strcmp(mode, "month")) { http_error(r, ERR_BAD_QUERY, "mode", "mode 应为 month 或 ytd"); return; }
  int ytd = mode && !strcmp(mode, "ytd");
  int year = m / 12;
  /* The period and the one before it: a month and the month before; a YTD and the previous month's YTD — January's
   * previous YTD is last year's whole year (January .. December), not December alone. */
  int a = ytd ? year * 12 : m, b = m, pa = ytd ? (m - 1) / 12 * 12 : m - 1, pb = m - 1;
  ck_ctx c;
  if (load_for(r, &c, http_query(r, "indicator"), pa, m - pa + 1, year, 1)) return;
  int i = ind_param(r, &c), p = i < 0 ? -1 : unit_param(r, &c, "parent", 0);
  if (i < 0 || p < 0) { ck_free(&c); return; }
  const ck_ind *d = &c.inds[i];
  int *peers = calloc(c.nunits + 1, sizeof *peers), *ppeers = calloc(c.nunits + 1, sizeof *ppeers);
  cockpit_num *cur = calloc(c.nunits + 1, sizeof *cur), *prev = calloc(c.nunits + 1, sizeof *prev);
  int *rk = calloc(c.nunits + 1, sizeof *rk), *prk = calloc(c.nunits + 1, sizeof *prk);
  if (!peers || !ppeers || !cur || !prev || !rk || !prk) {
    free(peers); free(ppeers); free(cur); free(prev); free(rk); free(prk); ck_free(&c);
    http_error(r, ERR_INTERNAL, NULL, NULL);
    return;
  }
  int n = peers_of(&c, i, p, a, b, peers, c.nunits);
  int lvl = n ? c.units[peers[0]].pidx : p;
  for (int k = 0; k < n; k++) cur[k] = ck_value(&c, i, peers[k], a, b);
  /* The previous period ranked on its own: every unit that reported then, as that period's own view ranks them. */
  int pn = peers_of(&c, i, p, pa, pb, ppeers, c.nunits);
  for (int k = 0; k < pn; k++) prev[k] = ck_value(&c, i, ppeers[k], pa, pb);
  size_t ranked = cockpit_rank_shown(d->dir, cur, (size_t)n, d->lo, d->hi, d->decimals, rk);
  cockpit_rank_shown(d->dir, prev, (size_t)pn, d->lo, d->hi, d->decimals, prk);
  json_t *items = json_array();
  /* 目标: in month mode that month's target; in YTD mode the year's (a level's standard holds all year), judged
   * against 序时进度 when the indicator accumulates over the year. */
  int tm = ytd ? 0 : m % 12 + 1, progress = ytd && ck_cumulative(d);
  int tdec = cockpit_target_decimals(d->decimals);
  for (int k = 0; k < n; k++) {
    int u = peers[k];
    int vis = ck_unit_visible(r, &c, u);
    if (vis < 2) continue;
    cockpit_num t = ck_target(&c, i, u, tm);
    cockpit_num comp = cockpit_completion_shown(d->dir, cur[k], t, d->lo, d->hi, d->decimals);
    double expected = progress ? ck_expected(&c, i, u, m) : 1.0;
    cockpit_light l = cockpit_light_for(d->dir, progress, comp, expected, rk[k], ranked);
    int prank = 0;
    for (int q = 0; q < pn; q++)
      if (ppeers[q] == u) prank = prk[q];
    json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:i,s:o,s:s,s:b}", "unit_id", (json_int_t)c.units[u].id, "unit_code", c.units[u].code, "unit_name",
                          c.units[u].name, "value", num(cur[k], d->decimals), "target", num(t, tdec), "completion", num(comp, 1), "rank", rk[k],
                          "prev_rank", prank ? json_integer(prank) : json_null(), "light", cockpit_light_code(l), "has_children",
                          has_children_with(&c, i, u, a, b));
    json_object_set_new(o, "expected", progress ? json_real(ck_round(expected * 100, 1)) : json_null());
    json_object_set_new(o, "rank_change", rk[k] && prank ? json_integer(prank - rk[k]) : json_null());
    json_object_set_new(o, "light_text", json_string(light_text(cockpit_light_code(l))));
    json_array_append_new(items, o);
  }
  /* Sort by rank for the chart; unranked last. */
  size_t ni = json_array_size(items);
  for (size_t x = 1; x < ni; x++)
    for (size_t y = x; y > 0; y--) {
      json_int_t r1 = json_integer_value(json_object_get(json_array_get(items, y - 1), "rank"));
      json_int_t r2 = json_integer_value(json_object_get(json_array_get(items, y), "rank"));
      if ((r1 == 0 ? 1 << 30 : r1) <= (r2 == 0 ? 1 << 30 : r2)) break;
      json_t *t1 = json_incref(json_array_get(items, y - 1));
      json_array_set(items, y - 1, json_array_get(items, y));
      json_array_set_new(items, y, t1);
    }
  json_t *summary = json_null();
  int lvis = lvl >= 0 ? ck_unit_visible(r, &c, lvl) : 0;
  if (lvis) {
    cockpit_num v = ck_value(&c, i, lvl, a, b), t = ck_target(&c, i, lvl, tm);
    cockpit_num comp = cockpit_completion_shown(d->dir, v, t, d->lo, d->hi, d->decimals);
    double expected = progress ? ck_expected(&c, i, lvl, m) : 1.0;
    summary = json_pack("{s:I,s:s,s:o,s:o,s:o,s:s}", "unit_id", (json_int_t)c.units[lvl].id, "unit_name", c.units[lvl].name, "value", num(v, d->decimals),
                        "target", num(t, tdec), "completion", num(comp, 1), "light", cockpit_light_code(cockpit_light_for(d->dir, progress, comp, expected, 0, 0)));
    json_object_set_new(summary, "expected", progress ? json_real(ck_round(expected * 100, 1)) : json_null());
  }
  json_t *crumbs = json_array();
  /* Up to the first unit the caller may not open: a crumb never leads to 单位不在您的数据范围内. */
  for (int u = lvl; u >= 0 && ck_unit_visible(r, &c, u); u = c.units[u].pidx)
    json_array_insert_new(crumbs, 0, json_pack("{s:I,s:s}", "unit_id", (json_int_t)c.units[u].id, "unit_name", c.units[u].name));
  char ms[8];
  cockpit_month_str(m, ms);
  if (xlsx) {
    char *name = req_printf(r, "横向对比_%s_%s", d->name, ms);
    export_send(r, EXPORT_XLSX, name, h_cols, sizeof h_cols / sizeof h_cols[0], items, org_caller(r)->name);
    json_decref(items);
    json_decref(summary);
    json_decref(crumbs);
  } else {
    ck_json(r, 200, json_pack("{s:o,s:s,s:s,s:s,s:o,s:I,s:o,s:o}", "indicator", ind_json(d), "month", ms, "mode", ytd ? "ytd" : "month",
                                "target_kind", ytd ? "year" : "month", "items", items, "ranked", (json_int_t)ranked, "summary", summary, "path", crumbs));
  }
  free(peers); free(ppeers); free(cur); free(prev); free(rk); free(prk);
  ck_free(&c);
}

static json_t *change_json(cockpit_change ch) {
  return json_pack("{s:s,s:o,s:o}", "status", cockpit_chg_code(ch.status), "diff", num(ch.diff, 4), "pct", num(ch.pct, 2));
}

static const export_col v_cols[] = {
  {"月份", "month", 0}, {"数值", "value", 1}, {"目标", "target", 1}, {"环比(%)", "mom_pct", 1}, {"同比(%)", "yoy_pct", 1}, {"累计", "ytd", 1},
};

static void h_vertical(req *r) {
  int xlsx = want_xlsx(r);
  if (xlsx < 0) return;
  int m = month_param(r, "to");
  if (m < 0) return;
  const char *ms = http_query(r, "months");
  int nm = ms && *ms ? atoi(ms) : 24;
  if (nm < 1 || nm > 120) { http_error(r, ERR_BAD_QUERY, "months", "月数应在1到120之间"); return; }
  int first = m - nm + 1, l0, ln;
  ck_ctx c;
  /* The window, 12 months before it (同比 of its first month) and both Januaries: the YTD does not depend on the window. */
  cockpit_vertical_span(m, nm, &l0, &ln);
  if (load_for(r, &c, http_query(r, "indicator"), l0, ln, m / 12, m / 12 - l0 / 12 + 1)) return;
  int i = ind_param(r, &c), u = i < 0 ? -1 : unit_param(r, &c, "unit", 1);
  if (i < 0 || u < 0) { ck_free(&c); return; }
  const ck_ind *d = &c.inds[i];
  json_t *series = json_array();
  for (int k = first; k <= m; k++) {
    cockpit_num v = ck_value(&c, i, u, k, k), pm = ck_value(&c, i, u, k - 1, k - 1), py = ck_value(&c, i, u, k - 12, k - 12);
    cockpit_change mom = cockpit_change_of(v, pm), yoy = cockpit_change_of(v, py);
    char s[8];
    cockpit_month_str(k, s);
    cockpit_num t = ck_target_y(&c, i, u, k / 12, k % 12 + 1);
    json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "month", s, "value", num(v, d->decimals), "target", num(t, cockpit_target_decimals(d->decimals)), "prev_month",
                          num(pm, d->decimals), "last_year", num(py, d->decimals), "mom", change_json(mom), "yoy", change_json(yoy), "mom_pct", num(mom.pct, 2));
    json_object_set_new(o, "yoy_pct", num(yoy.pct, 2));
    /* Cumulative within its year. */
    json_object_set_new(o, "ytd", ck_cumulative(d) ? num(ck_value(&c, i, u, k / 12 * 12, k), d->decimals) : json_null());
    json_array_append_new(series, o);
  }
  cockpit_num ytd, ytd_ly, yt = ck_target(&c, i, u, 0);
  ck_ytd(&c, i, u, m, &ytd, &ytd_ly);
  double expected = ck_expected(&c, i, u, m);
  cockpit_num comp = cockpit_completion_shown(d->dir, ytd, yt, d->lo, d->hi, d->decimals);
  cockpit_light l = cockpit_light_for(d->dir, ck_cumulative(d), comp, expected, 0, 0);
  char ys[8];
  cockpit_month_str(m, ys);
  json_t *ytdo = json_pack("{s:i,s:s,s:o,s:o,s:o,s:o,s:f,s:s,s:o}", "year", m / 12, "to", ys, "value", num(ytd, d->decimals), "target",
                           num(yt, cockpit_target_decimals(d->decimals)), "completion", num(comp, 1), "last_year", num(ytd_ly, d->decimals), "expected", ck_round(expected * 100, 1),
                           "light", cockpit_light_code(l), "yoy", change_json(cockpit_change_of(ytd, ytd_ly)));
  json_t *subs = json_array();
  for (int k = c.units[u].child; k >= 0; k = c.units[k].next)
    if (ck_value(&c, i, k, first, m).ok && ck_unit_visible(r, &c, k) == 2)
      json_array_append_new(subs, json_pack("{s:I,s:s}", "unit_id", (json_int_t)c.units[k].id, "unit_name", c.units[k].name));
  if (xlsx) {
    char *name = req_printf(r, "纵向对比_%s_%s", d->name, c.units[u].name);
    export_send(r, EXPORT_XLSX, name, v_cols, sizeof v_cols / sizeof v_cols[0], series, org_caller(r)->name);
    json_decref(series); json_decref(ytdo); json_decref(subs);
  } else {
    ck_json(r, 200, json_pack("{s:o,s:{s:I,s:s},s:o,s:o,s:o}", "indicator", ind_json(d), "unit", "unit_id", (json_int_t)c.units[u].id, "unit_name",
                                c.units[u].name, "series", series, "ytd", ytdo, "children", subs));
  }
  ck_free(&c);
}

/* 矩阵: units under ?parent (default root) that have any value × indicators (?indicators=a,b or all enabled). */
static void h_matrix(req *r) {
  int xlsx = want_xlsx(r);
  if (xlsx < 0) return;
  int m = month_param(r, "month");
  if (m < 0) return;
  ck_ctx c;
  if (load_for(r, &c, NULL, m, 1, m / 12, 1)) return;
  int p = unit_param(r, &c, "parent", 0);
  if (p < 0) { ck_free(&c); return; }
  const char *sel = http_query(r, "indicators");
  int *use = calloc(c.ninds + 1, sizeof *use);
  size_t nu = 0;
  int *rows = calloc(c.nunits + 1, sizeof *rows);
  if (!use || !rows) { free(use); free(rows); ck_free(&c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 0; i < c.ninds; i++) {
    if (sel && *sel) {
      size_t l = strlen(c.inds[i].code);
      const char *q = sel;
      while ((q = strstr(q, c.inds[i].code))) {
        if ((q == sel || q[-1] == ',') && (q[l] == ',' || !q[l])) { use[i] = 1; break; }
        q += l;
      }
    } else use[i] = c.inds[i].sort < 500;
  }
  for (int k = c.units[p].child; k >= 0; k = c.units[k].next) {
    int any = 0;
    for (size_t i = 0; i < c.ninds && !any; i++) any = use[i] && ck_value(&c, (int)i, k, m, m).ok;
    if (any) rows[nu++] = k;
  }
  cockpit_num *vals = calloc(nu + 1, sizeof *vals);
  int *rk = calloc(nu + 1, sizeof *rk);
  double *pts = calloc((nu + 1) * (c.ninds + 1), sizeof *pts), *w = calloc(c.ninds + 1, sizeof *w);
  int *has = calloc((nu + 1) * (c.ninds + 1), sizeof *has);
  json_t *cells = json_array(), *cols = json_array();
  for (size_t i = 0; vals && rk && pts && w && has && i < c.ninds; i++) {
    if (!use[i]) continue;
    const ck_ind *d = &c.inds[i];
    for (size_t k = 0; k < nu; k++) vals[k] = ck_value(&c, (int)i, rows[k], m, m);
    size_t ranked = cockpit_rank_shown(d->dir, vals, nu, d->lo, d->hi, d->decimals, rk);
    /* A column only one unit reports compares nobody at this level (the 片区 of 卷烟销量 compare one level down). */
    if (ranked < 2) continue;
    json_t *col = ind_json(d);
    json_object_set_new(col, "ranked", json_integer((json_int_t)ranked));
    json_array_append_new(cols, col);
    w[i] = d->weight;
    json_t *row = json_array();
    for (size_t k = 0; k < nu; k++) {
      /* An indicator only one unit reports ranks nobody: it does not count in the composite. */
      has[k * c.ninds + i] = rk[k] > 0 && ranked >= 2;
      pts[k * c.ninds + i] = cockpit_rank_points(rk[k], ranked);
      json_array_append_new(row, json_pack("{s:o,s:i}", "value", num(vals[k], d->decimals), "rank", rk[k]));
    }
    json_array_append_new(cells, row);
  }
  json_t *units = json_array();
  for (size_t k = 0; vals && pts && has && w && k < nu; k++) {
    cockpit_num comp = COCKPIT_NONE;
    double *pp = calloc(c.ninds + 1, sizeof *pp);
    int *hh = calloc(c.ninds + 1, sizeof *hh);
    if (pp && hh) {
      for (size_t i = 0; i < c.ninds; i++) { pp[i] = pts[k * c.ninds + i]; hh[i] = has[k * c.ninds + i]; }
      comp = cockpit_composite(pp, hh, w, c.ninds);
    }
    free(pp); free(hh);
    int vis = ck_unit_visible(r, &c, rows[k]) == 2;
    json_array_append_new(units, json_pack("{s:I,s:s,s:s,s:o,s:b,s:b}", "unit_id", (json_int_t)c.units[rows[k]].id, "unit_name",
                                            vis ? c.units[rows[k]].name : "（其他单位）", "kind", c.units[rows[k]].kind, "score", num(comp, 1), "visible", vis,
                                            "has_children", c.units[rows[k]].child >= 0));
  }
  /* cells is [indicator][unit]; the client transposes. Hidden units keep their rank, lose their values. */
  for (size_t k = 0; k < nu; k++) {
    if (json_is_true(json_object_get(json_array_get(units, k), "visible"))) continue;
    size_t ci;
    json_t *row;
    json_array_foreach(cells, ci, row) json_object_set_new(json_array_get(row, k), "value", json_null());
  }
  /* League table: composite score, highest first. */
  cockpit_num *sc = calloc(nu + 1, sizeof *sc);
  int *lr = calloc(nu + 1, sizeof *lr);
  json_t *league = json_array();
  if (sc && lr) {
    for (size_t k = 0; k < nu; k++) {
      json_t *s = json_object_get(json_array_get(units, k), "score");
      sc[k] = json_is_number(s) ? COCKPIT_VAL(json_number_value(s)) : COCKPIT_NONE;
    }
    cockpit_rank(CK_HIGHER, sc, nu, 0, 0, lr);
    for (int want = 1; want <= (int)nu; want++)
      for (size_t k = 0; k < nu; k++)
        if (lr[k] == want) {
          json_t *o = json_deep_copy(json_array_get(units, k));
          json_object_set_new(o, "rank", json_integer(lr[k]));
          json_array_append_new(league, o);
        }
  }
  free(sc); free(lr);
  char ms[8];
  cockpit_month_str(m, ms);
  if (xlsx) {
    /* One row per unit: name, score, then each indicator's value. */
    size_t nc = json_array_size(cols) + 3;
    export_col *ec = calloc(nc, sizeof *ec);
    json_t *items = json_array();
    if (ec) {
      ec[0] = (export_col){"单位", "unit_name", 0};
      ec[1] = (export_col){"综合得分", "score", 1};
      ec[2] = (export_col){"综合排名", "rank", 1};
      for (size_t j = 0; j + 3 < nc; j++) {
        json_t *col = json_array_get(cols, j);
        ec[j + 3] = (export_col){json_string_value(json_object_get(col, "name")), json_string_value(json_object_get(col, "code")), 1};
      }
      for (size_t k = 0; k < nu; k++) {
        json_t *o = json_deep_copy(json_array_get(units, k));
        json_object_set_new(o, "rank", json_integer(lr ? 0 : 0));
        for (size_t j = 0; j < json_array_size(cols); j++)
          json_object_set(o, json_string_value(json_object_get(json_array_get(cols, j), "code")),
                          json_object_get(json_array_get(json_array_get(cells, j), k), "value"));
        json_array_append_new(items, o);
      }
      size_t li;
      json_t *lo;
      json_array_foreach(league, li, lo) {
        for (size_t k = 0; k < nu; k++)
          if (json_integer_value(json_object_get(lo, "unit_id")) == json_integer_value(json_object_get(json_array_get(items, k), "unit_id")))
            json_object_set(json_array_get(items, k), "rank", json_object_get(lo, "rank"));
      }
      export_send(r, EXPORT_XLSX, req_printf(r, "指标矩阵_%s", ms), ec, nc, items, org_caller(r)->name);
    } else http_error(r, ERR_INTERNAL, NULL, NULL);
    free(ec);
    json_decref(items);
    json_decref(units); json_decref(cells); json_decref(cols); json_decref(league);
  } else {
    ck_json(r, 200, json_pack("{s:s,s:{s:I,s:s},s:o,s:o,s:o,s:o}", "month", ms, "parent", "unit_id", (json_int_t)c.units[p].id, "unit_name",
                                c.units[p].name, "indicators", cols, "units", units, "cells", cells, "league", league));
  }
  free(use); free(rows); free(vals); free(rk); free(pts); free(w); free(has);
  ck_free(&c);
}

/* The stored history of one cell (click-through): every month's stored value with source and time. */
static void h_history(req *r) {
  ck_ctx c;
  if (load_for(r, &c, http_query(r, "indicator"), 0, 1, 0, 1)) return;
  int i = ind_param(r, &c), u = i < 0 ? -1 : unit_param(r, &c, "unit", 1);
  if (i < 0 || u < 0) { ck_free(&c); return; }
  json_t *rows = ck_store_history(c.inds[i].id, c.units[u].id);
  ck_free(&c);
  if (!rows) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  ck_json(r, 200, json_pack("{s:o,s:I}", "items", rows, "total", (json_int_t)json_array_size(rows)));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/cockpit/horizontal", "cockpit:view:list", h_horizontal, 0},
  {HTTP_GET, "/api/v1/cockpit/vertical", "cockpit:view:list", h_vertical, 0},
  {HTTP_GET, "/api/v1/cockpit/matrix", "cockpit:view:list", h_matrix, 0},
  {HTTP_GET, "/api/v1/cockpit/history", "cockpit:view:list", h_history, 0},
};

void ck_views_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
