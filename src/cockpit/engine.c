/* engine.c — loads what a cockpit view needs (indicators, unit tree, a block of months of values, a year's targets)
 * into memory once per request and evaluates roll-ups over it with the pure functions of cockpit.c. */
#include "cockpit/internal.h"
#include "base/log.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

static int by_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

int ck_ind_find(const ck_ctx *c, const char *code) {
  for (size_t i = 0; code && i < c->ninds; i++)
    if (!strcmp(c->inds[i].code, code)) return (int)i;
  return -1;
}
static int ind_by_id(const ck_ctx *c, int64_t id) {
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

static int load_defs(ck_ctx *c) {
  db_stmt *s = db_prepare("SELECT id, code, name, category, uom, direction, time_agg, unit_agg, num_code, den_code, scale,"
                          " COALESCE(band_lo, 0), COALESCE(band_hi, 0), decimals, weight, key_view, sort, weight_code FROM cockpit_indicators WHERE enabled = 1 ORDER BY id");
  if (!s) return -1;
  size_t cap = 0;
  char (*parts)[3][64] = NULL;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (c->ninds == cap) {
      cap = cap ? cap * 2 : 64;
      ck_ind *ni = realloc(c->inds, cap * sizeof *ni);
      char(*np)[3][64] = realloc(parts, cap * sizeof *np);
      if (ni) c->inds = ni;
      if (np) parts = np;
      if (!ni || !np) { db_reset(s); free(parts); return -1; }
    }
    ck_ind *d = &c->inds[c->ninds];
    memset(d, 0, sizeof *d);
    d->id = db_col_int(s, 0);
    cpy(d->code, sizeof d->code, db_col_text(s, 1));
    cpy(d->name, sizeof d->name, db_col_text(s, 2));
    cpy(d->category, sizeof d->category, db_col_text(s, 3));
    cpy(d->uom, sizeof d->uom, db_col_text(s, 4));
    int x = cockpit_dir_parse(db_col_text(s, 5));
    d->dir = x < 0 ? CK_HIGHER : (cockpit_dir)x;
    x = cockpit_agg_parse(db_col_text(s, 6));
    d->tagg = x < 0 ? CK_SUM : (cockpit_agg)x;
    x = cockpit_agg_parse(db_col_text(s, 7));
    d->uagg = x < 0 ? CK_SUM : (cockpit_agg)x;
    cpy(parts[c->ninds][0], 64, db_col_text(s, 8));
    cpy(parts[c->ninds][1], 64, db_col_text(s, 9));
    d->scale = db_col_double(s, 10);
    d->lo = db_col_double(s, 11);
    d->hi = db_col_double(s, 12);
    d->decimals = (int)db_col_int(s, 13);
    d->weight = db_col_double(s, 14);
    d->key_view = (int)db_col_int(s, 15);
    d->sort = (int)db_col_int(s, 16);
    cpy(parts[c->ninds][2], 64, db_col_text(s, 17));
    c->ninds++;
  }
  if (st != DB_DONE) { free(parts); return -1; }
  for (size_t i = 0; i < c->ninds; i++) {
    ck_ind *d = &c->inds[i];
    d->num = d->den = d->wt = -1;
    if (d->tagg == CK_AVG && parts[i][2][0]) {
      /* A weight must be a plain figure (a count): a ratio or another weighted average as weight is ignored. */
      d->wt = ck_ind_find(c, parts[i][2]);
      if (d->wt >= 0 && (c->inds[d->wt].tagg == CK_RATIO || d->wt == (int)i)) d->wt = -1;
    }
    if (d->tagg == CK_RATIO) {
      d->num = ck_ind_find(c, parts[i][0]);
      d->den = ck_ind_find(c, parts[i][1]);
      /* A ratio of ratios would need its parts' parts; definitions refuse it, a broken row is skipped. */
      if (d->num >= 0 && c->inds[d->num].tagg == CK_RATIO) d->num = -1;
      if (d->den >= 0 && c->inds[d->den].tagg == CK_RATIO) d->den = -1;
    }
  }
  free(parts);
  return 0;
}

static int load_units(ck_ctx *c) {
  db_stmt *s = db_prepare("SELECT id, COALESCE(parent_id, 0), code, name, kind FROM units WHERE enabled = 1 ORDER BY id");
  if (!s) return -1;
  size_t cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (c->nunits == cap) {
      cap = cap ? cap * 2 : 64;
      ck_unit *nu = realloc(c->units, cap * sizeof *nu);
      if (!nu) { db_reset(s); return -1; }
      c->units = nu;
    }
    ck_unit *u = &c->units[c->nunits++];
    u->id = db_col_int(s, 0);
    u->parent = db_col_int(s, 1);
    cpy(u->code, sizeof u->code, db_col_text(s, 2));
    cpy(u->name, sizeof u->name, db_col_text(s, 3));
    cpy(u->kind, sizeof u->kind, db_col_text(s, 4));
  }
  if (st != DB_DONE) return -1;
  for (size_t i = 0; i < c->nunits; i++) c->units[i].child = c->units[i].next = -1;
  /* Children linked in reverse id order so that the list reads in id order. */
  for (size_t k = c->nunits; k-- > 0;) {
    ck_unit *u = &c->units[k];
    u->pidx = u->parent ? ck_unit_find(c, u->parent) : -1;
    if (u->pidx >= 0) { u->next = c->units[u->pidx].child; c->units[u->pidx].child = (int)k; }
  }
  return 0;
}

#define CUBE(c, i, u, m) (c)->cube[((size_t)(i) * (c)->nunits + (size_t)(u)) * (size_t)(c)->nm + (size_t)(m)]
#define TGT(c, i, u, m) tgt_at(c, i, u, year, m)

static cockpit_num tgt_at(const ck_ctx *c, int i, int u, int year, int m) {
  if (year < c->y0 || year >= c->y0 + c->ny) return COCKPIT_NONE;
  return c->tgt[(((size_t)i * c->nunits + (size_t)u) * (size_t)c->ny + (size_t)(year - c->y0)) * 13 + (size_t)m];
}

int ck_load(ck_ctx *c, const char *const *want, size_t nwant, int m0, int nm, int year, int years) {
  memset(c, 0, sizeof *c);
  if (load_defs(c) || load_units(c)) { ck_free(c); return -1; }
  for (size_t i = 0; i < c->ninds; i++) c->inds[i].need = want == NULL;
  for (size_t k = 0; want && k < nwant; k++) {
    int i = ck_ind_find(c, want[k]);
    if (i < 0) continue;
    c->inds[i].need = 1;
    if (c->inds[i].num >= 0) c->inds[c->inds[i].num].need = 1;
    if (c->inds[i].den >= 0) c->inds[c->inds[i].den].need = 1;
    if (c->inds[i].wt >= 0) c->inds[c->inds[i].wt].need = 1;
  }
  json_t *ids = json_array();
  for (size_t i = 0; i < c->ninds; i++)
    if (c->inds[i].need) json_array_append_new(ids, json_integer(c->inds[i].id));
  char *idj = json_dumps(ids, JSON_COMPACT);
  json_decref(ids);
  c->m0 = m0;
  c->nm = nm > 0 ? nm : 1;
  c->year = year;
  c->y0 = year - (years > 1 ? years - 1 : 0);
  c->ny = years > 1 ? years : 1;
  size_t cells = c->ninds * (c->nunits ? c->nunits : 1);
  c->cube = calloc(cells * (size_t)c->nm + 1, sizeof *c->cube);
  c->tgt = calloc(cells * (size_t)c->ny * 13 + 1, sizeof *c->tgt);
  if (!idj || !c->cube || !c->tgt) { free(idj); ck_free(c); return -1; }
  char a[8], b[8];
  cockpit_month_str(m0, a);
  cockpit_month_str(m0 + c->nm - 1, b);
  db_stmt *s = db_prepare("SELECT v.indicator_id, v.unit_id, v.month, v.value FROM cockpit_values v"
                          " WHERE v.month BETWEEN ?1 AND ?2 AND v.indicator_id IN (SELECT value FROM json_each(?3))");
  int rc = -1;
  if (s) {
    db_bind_text(s, 1, a);
    db_bind_text(s, 2, b);
    db_bind_text(s, 3, idj);
    db_status st;
    int li = -1;
    int64_t lid = 0;
    while ((st = db_step(s)) == DB_ROW) {
      int64_t iid = db_col_int(s, 0);
      if (iid != lid) { lid = iid; li = ind_by_id(c, iid); }
      int u = ck_unit_find(c, db_col_int(s, 1));
      int m = cockpit_month_parse(db_col_text(s, 2)) - m0;
      if (li < 0 || u < 0 || m < 0 || m >= c->nm) continue;
      CUBE(c, li, u, m) = COCKPIT_VAL(db_col_double(s, 3));
    }
    rc = st == DB_DONE ? 0 : -1;
  }
  s = rc ? NULL : db_prepare("SELECT indicator_id, unit_id, month, value, year FROM cockpit_targets WHERE year BETWEEN ?1 AND ?3"
                             " AND indicator_id IN (SELECT value FROM json_each(?2))");
  if (s) {
    db_bind_int(s, 1, c->y0);
    db_bind_text(s, 2, idj);
    db_bind_int(s, 3, c->y0 + c->ny - 1);
    db_status st;
    while ((st = db_step(s)) == DB_ROW) {
      int i = ind_by_id(c, db_col_int(s, 0)), u = ck_unit_find(c, db_col_int(s, 1));
      int64_t m = db_col_int(s, 2);
      if (i < 0 || u < 0 || m < 0 || m > 12) continue;
      int64_t y = db_col_int(s, 4);
      if (y < c->y0 || y >= c->y0 + c->ny) continue;
      c->tgt[(((size_t)i * c->nunits + (size_t)u) * (size_t)c->ny + (size_t)(y - c->y0)) * 13 + (size_t)m] = COCKPIT_VAL(db_col_double(s, 3));
    }
    rc = st == DB_DONE ? 0 : -1;
  } else rc = -1;
  free(idj);
  if (rc) ck_free(c);
  return rc;
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

int ck_tx_begin(req *r) {
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return -1; }
  return 0;
}
int ck_tx_commit(req *r) {
  if (db_commit() != DB_OK) { http_error(r, ERR_INTERNAL, NULL, "保存失败，数据未改变"); return -1; }
  ck_live_kick();
  return 0;
}
void ck_tx_fail(req *r) {
  db_rollback();
  http_error(r, ERR_INTERNAL, NULL, "保存失败，数据未改变");
}

int ck_value_put(req *r, int64_t ind_id, const char *ind_code, int64_t unit_id, const char *month, const double *value, const char *source,
                 const char *who) {
  db_stmt *s = db_prepare("SELECT value FROM cockpit_values WHERE indicator_id = ? AND unit_id = ? AND month = ?");
  if (!s) return -1;
  db_bind_int(s, 1, ind_id);
  db_bind_int(s, 2, unit_id);
  db_bind_text(s, 3, month);
  int had = db_step(s) == DB_ROW;
  double old = had ? db_col_double(s, 0) : 0;
  db_reset(s);
  char at[20];
  org_now(at);
  if (value) {
    s = db_prepare("INSERT INTO cockpit_values(indicator_id, unit_id, month, value, source, updated_by, updated_at) VALUES(?,?,?,?,?,?,?)"
                   " ON CONFLICT(indicator_id, unit_id, month) DO UPDATE SET value = excluded.value, source = excluded.source,"
                   " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!s) return -1;
    db_bind_int(s, 1, ind_id);
    db_bind_int(s, 2, unit_id);
    db_bind_text(s, 3, month);
    db_bind_double(s, 4, *value);
    db_bind_text(s, 5, source);
    db_bind_text(s, 6, who);
    db_bind_text(s, 7, at);
  } else {
    s = db_prepare("DELETE FROM cockpit_values WHERE indicator_id = ? AND unit_id = ? AND month = ?");
    if (!s) return -1;
    db_bind_int(s, 1, ind_id);
    db_bind_int(s, 2, unit_id);
    db_bind_text(s, 3, month);
  }
  if (db_step(s) != DB_DONE) return -1;
  json_t *before = had ? json_pack("{s:s,s:I,s:s,s:f}", "indicator", ind_code, "unit_id", (json_int_t)unit_id, "month", month, "value", old) : NULL;
  json_t *after = value ? json_pack("{s:s,s:I,s:s,s:f,s:s}", "indicator", ind_code, "unit_id", (json_int_t)unit_id, "month", month, "value", *value,
                                    "source", source)
                        : NULL;
  char sum[200];
  snprintf(sum, sizeof sum, "%s指标值 %s %s", value ? (had ? "修改" : "录入") : "删除", ind_code, month);
  int rc = r ? org_audit(r, value ? "cockpit.value.put" : "cockpit.value.delete", "cockpit_value", unit_id, sum, before, after) : 0;
  json_decref(before);
  json_decref(after);
  return rc;
}
