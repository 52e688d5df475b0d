/* store.c — the SQL of the cockpit's views and values: loading the cube a view is computed from (definitions, the unit
 * tree from org's units, a block of months of values, targets), a cell's stored history, and writing one value
 * (audited, inside the caller's transaction). */
#include "cockpit/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

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
  int64_t *idj = calloc(c->ninds + 1, sizeof *idj);
  size_t nid = 0;
  for (size_t i = 0; idj && i < c->ninds; i++)
    if (c->inds[i].need) idj[nid++] = c->inds[i].id;
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
                          " WHERE v.month BETWEEN ?1 AND ?2 AND v.indicator_id" DB_IN_IDS(3));
  int rc = -1;
  if (s) {
    db_bind_text(s, 1, a);
    db_bind_text(s, 2, b);
    if (db_bind_ids(s, 3, idj, nid)) { free(idj); ck_free(c); return -1; }
    db_status st;
    int li = -1;
    int64_t lid = 0;
    while ((st = db_step(s)) == DB_ROW) {
      int64_t iid = db_col_int(s, 0);
      if (iid != lid) { lid = iid; li = ck_ind_by_id(c, iid); }
      int u = ck_unit_find(c, db_col_int(s, 1));
      int m = cockpit_month_parse(db_col_text(s, 2)) - m0;
      if (li < 0 || u < 0 || m < 0 || m >= c->nm) continue;
      CUBE(c, li, u, m) = COCKPIT_VAL(db_col_double(s, 3));
    }
    rc = st == DB_DONE ? 0 : -1;
  }
  s = rc ? NULL : db_prepare("SELECT indicator_id, unit_id, month, value, year FROM cockpit_targets WHERE year BETWEEN ?1 AND ?3"
                             " AND indicator_id" DB_IN_IDS(2));
  if (s) {
    db_bind_int(s, 1, c->y0);
    if (db_bind_ids(s, 2, idj, nid)) { free(idj); ck_free(c); return -1; }
    db_bind_int(s, 3, c->y0 + c->ny - 1);
    db_status st;
    while ((st = db_step(s)) == DB_ROW) {
      int i = ck_ind_by_id(c, db_col_int(s, 0)), u = ck_unit_find(c, db_col_int(s, 1));
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

json_t *ck_store_history(int64_t ind_id, int64_t unit_id) {
  db_stmt *s = db_prepare("SELECT month, value, source, updated_by, updated_at FROM cockpit_values WHERE indicator_id = ? AND unit_id = ? ORDER BY month DESC LIMIT 120");
  if (!s) return NULL;
  db_bind_int(s, 1, ind_id);
  db_bind_int(s, 2, unit_id);
  return dbj_rows(s);
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
