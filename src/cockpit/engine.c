/* engine.c — evaluates a cockpit view over the cube store.c loads once per request (indicators, unit tree, a block of
 * months of values, targets): roll-ups over months and units, targets, 序时进度, with the pure functions of cockpit.c;
 * plus the request helpers every handler shares (scope, JSON, transactions). */
#include "cockpit/internal.h"
#include "base/log.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

int ck_ind_find(const ck_ctx *c, const char *code) {
  for (size_t i = 0; code && i < c->ninds; i++)
    if (!strcmp(c->inds[i].code, code)) return (int)i;
  return -1;
}
int ck_ind_by_id(const ck_ctx *c, int64_t id) {
  ck_ind key = {.id = id};
  const ck_ind *p = bsearch(&key, c->inds, c->ninds, sizeof *c->inds, by_id);
  return p ? (int)(p - c->inds) : -1;
}
int ck_unit_find(const ck_ctx *c, int64_t id) {
  ck_unit key = {.id = id};
  const ck_unit *p = bsearch(&key, c->units, c->nunits, sizeof *c->units, by_id);
  return p ? (int)(p - c->units) : -1;
}
int ck_root(const ck_ctx *c) {
  for (size_t i = 0; i < c->nunits; i++)
    if (c->units[i].pidx < 0) return (int)i;
  return -1;
}

void ck_free(ck_ctx *c) {
  free(c->inds);
  free(c->units);
  free(c->cube);
  free(c->tgt);
  memset(c, 0, sizeof *c);
}

#define CUBE(c, i, u, m) (c)->cube[((size_t)(i) * (c)->nunits + (size_t)(u)) * (size_t)(c)->nm + (size_t)(m)]
#define TGT(c, i, u, m) tgt_at(c, i, u, year, m)

static cockpit_num tgt_at(const ck_ctx *c, int i, int u, int year, int m) {
  if (year < c->y0 || year >= c->y0 + c->ny) return COCKPIT_NONE;
  return c->tgt[(((size_t)i * c->nunits + (size_t)u) * (size_t)c->ny + (size_t)(year - c->y0)) * 13 + (size_t)m];
}

/* The loaded slice of months [a, b] as cube offsets; 0 when nothing of it is loaded. */
static int span(const ck_ctx *c, int a, int b, int *lo, int *hi) {
  *lo = a - c->m0 < 0 ? 0 : a - c->m0;
  *hi = b - c->m0 >= c->nm ? c->nm - 1 : b - c->m0;
  return *lo <= *hi;
}
static int has_own(const ck_ctx *c, int i, int u, int lo, int hi) {
  for (int m = lo; m <= hi; m++)
    if (CUBE(c, i, u, m).ok) return 1;
  return 0;
}

/* A ratio's parts over units and months, paired: a unit (and, within a unit, a month) adds to Σ numerator and
 * Σ denominator only where both parts are present, so a month with sales but no 销量 cannot blow up 单箱销售额. */
static void ratio_parts(const ck_ctx *c, const ck_ind *d, int u, int lo, int hi, double *sn, double *sd, int *any) {
  if (has_own(c, d->num, u, lo, hi) || has_own(c, d->den, u, lo, hi)) {
    cockpit_num nb[128], db[128];
    size_t k = 0;
    for (int m = lo; m <= hi && k < 128; m++) {
      cockpit_num n = CUBE(c, d->num, u, m), q = CUBE(c, d->den, u, m);
      if (n.ok && q.ok) { nb[k] = n; db[k] = q; k++; }
    }
    cockpit_num n = cockpit_rollup(c->inds[d->num].tagg, nb, k), q = cockpit_rollup(c->inds[d->den].tagg, db, k);
    if (n.ok && q.ok) { *sn += n.v; *sd += q.v; *any = 1; }
    return;
  }
  for (int k = c->units[u].child; k >= 0; k = c->units[k].next) ratio_parts(c, d, k, lo, hi, sn, sd, any);
}

/* A weighted average and the weight behind it: own months Σ v·w ÷ Σ w over the months having both; else the children's
 * Σ v·w ÷ Σ w over the children having both. Without any weight: the plain mean of the values, weight 0 (so that unit
 * adds nothing to its parent's weighted mean). */
static cockpit_num weighted(const ck_ctx *c, const ck_ind *d, int i, int u, int lo, int hi, double *wsum) {
  double sv = 0, sw = 0;
  *wsum = 0;
  if (has_own(c, i, u, lo, hi)) {
    for (int m = lo; m <= hi; m++) {
      cockpit_num v = CUBE(c, i, u, m), w = CUBE(c, d->wt, u, m);
      if (v.ok && w.ok && w.v > 0) { sv += v.v * w.v; sw += w.v; }
    }
    if (sw > 0) { *wsum = sw; return COCKPIT_VAL(sv / sw); }
    return cockpit_rollup(CK_AVG, &CUBE(c, i, u, lo), (size_t)(hi - lo + 1));
  }
  int anyv = 0;
  for (int k = c->units[u].child; k >= 0; k = c->units[k].next) {
    double w;
    cockpit_num v = weighted(c, d, i, k, lo, hi, &w);
    anyv |= v.ok;
    if (v.ok && w > 0) { sv += v.v * w; sw += w; }
  }
  if (sw > 0) { *wsum = sw; return COCKPIT_VAL(sv / sw); }
  (void)anyv;
  return COCKPIT_NONE;
}

cockpit_num ck_value(const ck_ctx *c, int i, int u, int a, int b) {
  if (i < 0 || u < 0 || (size_t)i >= c->ninds) return COCKPIT_NONE;
  const ck_ind *d = &c->inds[i];
  int lo, hi;
  if (!span(c, a, b, &lo, &hi)) return COCKPIT_NONE;
  if (d->tagg == CK_RATIO) {
    if (d->num < 0 || d->den < 0) return COCKPIT_NONE;
    double sn = 0, sd = 0;
    int any = 0;
    ratio_parts(c, d, u, lo, hi, &sn, &sd, &any);
    return any ? cockpit_ratio(COCKPIT_VAL(sn), COCKPIT_VAL(sd), d->scale) : COCKPIT_NONE;
  }
  if (d->wt >= 0) {
    double w;
    return weighted(c, d, i, u, lo, hi, &w);
  }
  if (has_own(c, i, u, lo, hi)) return cockpit_rollup(d->tagg, &CUBE(c, i, u, lo), (size_t)(hi - lo + 1));
  /* No own figures: the unit's value is its children's, rolled over units. */
  cockpit_num buf[64] = {{0, 0}};
  size_t n = 0, cap = 64;
  cockpit_num *v = buf;
  for (int k = c->units[u].child; k >= 0; k = c->units[k].next) {
    if (n == cap) {
      cockpit_num *nv = malloc(cap * 2 * sizeof *nv);
      if (!nv) break;
      memcpy(nv, v, n * sizeof *nv);
      if (v != buf) free(v);
      v = nv;
      cap *= 2;
    }
    v[n++] = ck_value(c, i, k, a, b);
  }
  cockpit_num r = cockpit_rollup(d->uagg == CK_RATIO ? CK_SUM : d->uagg, v, n);
  if (v != buf) free(v);
  return r;
}

void ck_ytd(const ck_ctx *c, int i, int u, int m, cockpit_num *ytd, cockpit_num *last_year) {
  int jan = m / 12 * 12;
  *ytd = ck_value(c, i, u, jan, m);
  *last_year = ck_value(c, i, u, jan - 12, m - 12);
}

int ck_cumulative(const ck_ind *d) { return d->tagg == CK_SUM; }

cockpit_num ck_target(const ck_ctx *c, int i, int u, int month) { return ck_target_y(c, i, u, c->year, month); }

cockpit_num ck_target_y(const ck_ctx *c, int i, int u, int year, int month) {
  if (i < 0 || u < 0 || month < 0 || month > 12) return COCKPIT_NONE;
  const ck_ind *d = &c->inds[i];
  int cum = ck_cumulative(d);
  /* Added up over units (sum, and "last over months, sum over units" such as 持证户数): a parent's target is its
   * children's; a level over units (average, ratio) is one standard inherited from the nearest ancestor. */
  int additive = d->uagg == CK_SUM && d->tagg != CK_RATIO;
  cockpit_num t = TGT(c, i, u, month);
  if (t.ok) return t;
  if (additive && !TGT(c, i, u, 0).ok) {
    double s = 0;
    int any = 0;
    for (int k = c->units[u].child; k >= 0; k = c->units[k].next) {
      cockpit_num ct = ck_target_y(c, i, k, year, month);
      if (ct.ok) { s += ct.v; any = 1; }
    }
    return any ? COCKPIT_VAL(s) : COCKPIT_NONE;
  }
  if (month > 0) {
    if (!cum) return ck_target_y(c, i, u, year, 0); /* a level (or a month-end stock) holds all year */
    cockpit_num y = TGT(c, i, u, 0);
    if (!y.ok) return COCKPIT_NONE;
    /* No split at all: the year spread evenly; a partial split leaves the other months without a target. */
    for (int m = 1; m <= 12; m++)
      if (TGT(c, i, u, m).ok) return COCKPIT_NONE;
    return COCKPIT_VAL(y.v / 12.0);
  }
  if (additive) return COCKPIT_NONE;
  for (int p = c->units[u].pidx; p >= 0; p = c->units[p].pidx)
    if (TGT(c, i, p, 0).ok) return TGT(c, i, p, 0);
  return COCKPIT_NONE;
}

double ck_round(double v, int decimals) { return cockpit_round(v, decimals); }

double ck_expected(const ck_ctx *c, int i, int u, int m) {
  const ck_ind *d = &c->inds[i];
  if (!ck_cumulative(d)) return 1.0;
  cockpit_num splits[12];
  int any = 0;
  for (int k = 0; k < 12; k++) {
    splits[k] = ck_target_y(c, i, u, m / 12, k + 1);
    any |= splits[k].ok;
  }
  return cockpit_expected(1, any ? splits : NULL, m % 12 + 1);
}

void ck_json(req *r, int status, json_t *body) {
  if (r->answered) { json_decref(body); return; }
  /* 15 significant digits: 925.2 reads 925.2, not 925.20000000000005. */
  char *s = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
  json_decref(body);
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, status, "application/json; charset=utf-8", s, strlen(s));
}

int ck_can_peers(req *r) { return org_caller_can(r, "cockpit:view:peers"); }

int ck_unit_writable(req *r, int64_t unit_id) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc || !org_unit_exists(unit_id)) return 0;
  return sc->all || org_caller(r)->unit_id == unit_id || org_scope_has_unit(sc, unit_id);
}

int ck_unit_visible(req *r, const ck_ctx *c, int u) {
  if (u < 0) return 0;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return 0;
  org_user *me = org_caller(r);
  int64_t id = c->units[u].id;
  if (sc->all || me->unit_id == id || org_scope_has_unit(sc, id)) return 2;
  if (ck_can_peers(r)) return 2;
  /* An ancestor of the caller's unit: its aggregate is shown when the role allows bureau-wide figures. */
  int mine = ck_unit_find(c, me->unit_id);
  for (int p = mine; p >= 0; p = c->units[p].pidx)
    if (p == u) return org_caller_can(r, "cockpit:view:bureau") ? 1 : 0;
  return 0;
}

int ck_tx_begin(req *r) { return dbj_tx_begin(r); }
int ck_tx_commit(req *r) {
  if (dbj_tx_commit(r)) return -1;
  ck_live_kick();
  return 0;
}
void ck_tx_fail(req *r) { dbj_tx_fail(r); }
