/* store_feeds.c — the SQL behind module feeds: the definitions they keep in step, the unit tree they are mapped
 * through (org's units, read only) and the values they write (source "module"). The caller holds the transaction. */
#include "cockpit/internal.h"
#include <stdlib.h>
#include <string.h>

int ck_store_feed_sync(const cockpit_feed *f) {
  db_stmt *s = db_prepare("INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, feeder, sort, created_at, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,'module',900,?8,?8)"
                          " ON CONFLICT(code) DO UPDATE SET name = excluded.name, category = excluded.category, uom = excluded.uom,"
                          " direction = excluded.direction, time_agg = excluded.time_agg, unit_agg = excluded.unit_agg, feeder = 'module'");
  if (!s) return -1;
  db_bind_text(s, 1, f->code);
  db_bind_text(s, 2, f->name);
  db_bind_text(s, 3, f->category);
  db_bind_text(s, 4, f->uom ? f->uom : "");
  db_bind_text(s, 5, f->direction);
  db_bind_text(s, 6, f->time_agg);
  db_bind_text(s, 7, f->unit_agg);
  char at[20];
  org_now(at);
  db_bind_text(s, 8, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int64_t ck_store_ind_id(const char *code) { return db_id_by_text("SELECT id FROM cockpit_indicators WHERE code = ?", code); }

int ck_store_unit_tree(ck_tree *t) {
  memset(t, 0, sizeof *t);
  db_stmt *s = db_prepare("SELECT id, COALESCE(parent_id, 0) FROM units WHERE enabled = 1 ORDER BY id");
  if (!s) return -1;
  size_t cap = 0;
  int64_t *par = NULL;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (t->n == cap) {
      cap = cap ? cap * 2 : 64;
      int64_t *ni = realloc(t->ids, cap * sizeof *ni), *np = realloc(par, cap * sizeof *np);
      if (ni) t->ids = ni;
      if (np) par = np;
      if (!ni || !np) { db_reset(s); free(par); ck_tree_free(t); return -1; }
    }
    t->ids[t->n] = db_col_int(s, 0);
    par[t->n] = db_col_int(s, 1);
    t->n++;
  }
  t->parent = calloc(t->n + 1, sizeof *t->parent);
  if (st != DB_DONE || !t->parent) { free(par); ck_tree_free(t); return -1; }
  /* ids ascending: the parent's index by binary search; a disabled parent leaves its child at the top. */
  for (size_t k = 0; k < t->n; k++) {
    size_t lo = 0, hi = t->n;
    t->parent[k] = -1;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (t->ids[mid] < par[k]) lo = mid + 1;
      else hi = mid;
    }
    if (par[k] && lo < t->n && t->ids[lo] == par[k]) t->parent[k] = (int)lo;
  }
  free(par);
  return 0;
}
void ck_tree_free(ck_tree *t) {
  free(t->ids);
  free(t->parent);
  memset(t, 0, sizeof *t);
}

int ck_store_module_put(int64_t ind, int64_t unit, const char *month, double v, const char *who) {
  db_stmt *s = db_prepare("INSERT INTO cockpit_values(indicator_id, unit_id, month, value, source, updated_by, updated_at)"
                          " VALUES(?,?,?,?,'module',?,?) ON CONFLICT(indicator_id, unit_id, month)"
                          " DO UPDATE SET value = excluded.value, source = 'module', updated_by = excluded.updated_by, updated_at = excluded.updated_at"
                          " WHERE value IS NOT excluded.value");
  if (!s) return -1;
  db_bind_int(s, 1, ind);
  db_bind_int(s, 2, unit);
  db_bind_text(s, 3, month);
  db_bind_double(s, 4, v);
  db_bind_text(s, 5, who);
  char at[20];
  org_now(at);
  db_bind_text(s, 6, at);
  return db_step(s) == DB_DONE ? db_changes() : -1;
}

int ck_store_module_prune(int64_t ind, const char *month, const int64_t *keep, size_t nkeep) {
  db_stmt *s = db_prepare("DELETE FROM cockpit_values WHERE indicator_id = ?1 AND month = ?2 AND source = 'module' AND unit_id NOT" DB_IN_IDS(3));
  if (!s) return -1;
  db_bind_int(s, 1, ind);
  db_bind_text(s, 2, month);
  if (db_bind_ids(s, 3, keep, nkeep)) return -1;
  return db_step(s) == DB_DONE ? db_changes() : -1;
}

int ck_tree_find(const ck_tree *t, int64_t id) {
  size_t lo = 0, hi = t->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < t->n && t->ids[lo] == id ? (int)lo : -1;
}
