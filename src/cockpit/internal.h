/* internal.h — shared between the cockpit module's own files: the in-memory cube a view is computed from (indicators,
 * the unit tree, values and targets loaded once per request), scope checks, and the route groups. */
#ifndef COCKPIT_INTERNAL_H
#define COCKPIT_INTERNAL_H
#include "cockpit/cockpit.h"
#include "base/export.h"
#include "base/jv.h"
#include "base/table.h"
#include "org/org.h"
#include <jansson.h>

typedef struct ck_ind {
  int64_t id;
  char code[64], name[96], category[16], uom[32];
  cockpit_dir dir;
  cockpit_agg tagg, uagg;
  int num, den; /* indices of the ratio's parts, -1 */
  int wt;       /* an average's weight indicator (weighted mean over months and units), -1 none */
  double scale, lo, hi, weight;
  int decimals, key_view, need, sort; /* sort ≥ 500: a ratio's part, left out of default views */
} ck_ind;

typedef struct ck_unit {
  int64_t id, parent;
  char code[64], name[128], kind[16];
  int pidx, child, next; /* parent index, first child, next sibling (-1 none) */
} ck_unit;

typedef struct ck_ctx {
  ck_ind *inds;
  size_t ninds;
  ck_unit *units;
  size_t nunits;
  int m0, nm;          /* months loaded: m0 .. m0+nm-1 (cockpit month indices) */
  cockpit_num *cube;   /* [ind][unit][month] */
  int year;            /* the view's year (ck_target) */
  int y0, ny;          /* targets loaded for years y0 .. y0+ny-1 */
  cockpit_num *tgt;    /* [ind][unit][year][13]: 0 = year, 1..12 = month split */
} ck_ctx;

/* store.c: loads indicators, units and the values of months [m0, m0+nm) for the indicators whose need flag the caller sets
 * through `want` (codes, NULL = all); ratio parts come along. 0 ok, -1 error. */
int ck_load(ck_ctx *c, const char *const *want, size_t nwant, int m0, int nm, int year, int years); /* targets of years year-years+1 .. year */
void ck_free(ck_ctx *c);
int ck_ind_find(const ck_ctx *c, const char *code);
int ck_ind_by_id(const ck_ctx *c, int64_t id); /* the index of a loaded indicator, -1 */
int ck_unit_find(const ck_ctx *c, int64_t id);
int ck_root(const ck_ctx *c);
/* The value of indicator i for unit u over months [a, b] (indices): own values rolled over time, else its children's
 * rolled over units; ratios as rolled numerator over rolled denominator. */
cockpit_num ck_value(const ck_ctx *c, int i, int u, int a, int b);
/* Target of indicator i for unit u: month 0 the year, 1..12 that month (a sum indicator without a split: year/12). */
cockpit_num ck_target(const ck_ctx *c, int i, int u, int month);
cockpit_num ck_target_y(const ck_ctx *c, int i, int u, int year, int month); /* another loaded year; none outside */
int ck_cumulative(const ck_ind *d);
/* 序时进度 (0..1) of indicator i for unit u by the end of month m: its month targets' cumulative share, else m/12; 1 for levels. */
double ck_expected(const ck_ctx *c, int i, int u, int m);  /* sum indicators accumulate over the year; levels do not */
double ck_round(double v, int decimals);
/* The year-to-date of month m (January .. m) and of the same months last year: the same figures whatever other
 * months the context holds, as long as it holds both Januaries (cockpit_vertical_span). Cumulative or not. */
void ck_ytd(const ck_ctx *c, int i, int u, int m, cockpit_num *ytd, cockpit_num *last_year);

/* What the caller may see of a unit: 2 its own rows (scope), 1 an ancestor aggregate the role allows, 0 nothing. */
int ck_unit_visible(req *r, const ck_ctx *c, int u);
int ck_can_peers(req *r);
/* The caller may set values and targets of this (existing) unit: his own, or within his data scope. */
int ck_unit_writable(req *r, int64_t unit_id);
void ck_json(req *r, int status, json_t *body); /* http_json with numbers printed to 15 digits */

/* Write transactions. */
int ck_tx_begin(req *r);
int ck_tx_commit(req *r);
void ck_tx_fail(req *r);
/* Stores one value (insert or update) inside the caller's transaction, audited. value NULL deletes. 0 ok. */
int ck_value_put(req *r, int64_t ind_id, const char *ind_code, int64_t unit_id, const char *month, const double *value, const char *source,
                 const char *who);
/* After a commit: lets open streams know without waiting for the poll. */
void ck_live_kick(void);
void ck_live_start(void);
void ck_live_stop(void);

/* store.c: a cell's stored months (newest first, at most 120) as [{month, value, source, updated_by, updated_at}]; NULL on error. */
json_t *ck_store_history(int64_t ind_id, int64_t unit_id);

/* ---- store_data.c: the data in (writes inside the caller's transaction) ---- */
json_t *ck_store_indicators(const char *category, int all); /* the list's items; NULL on error */
typedef struct ck_ind_kind { int ratio, sum; } ck_ind_kind;
/* An indicator's id by code (enabled ones only when asked), 0 none; *kind (optional) says whether it is a ratio or a sum. */
int64_t ck_store_ind_lookup(const char *code, int enabled_only, ck_ind_kind *kind);
/* Admin settings; NULL / -1 leave a setting as it is. */
db_status ck_store_ind_settings(int64_t id, const double *weight, int key_view, int enabled, const char *description);
typedef struct ck_values_filter { const char *indicator, *from, *to; int64_t unit_id; } ck_values_filter;
/* A page of stored values within the caller's data scope as {"items","total"} text; malloc'd, NULL on error. */
char *ck_store_values_page(req *r, const ck_values_filter *f, int64_t size, int64_t offset, size_t *len);
/* Replaces a unit's targets of a year: t[0] the year, t[1..12] the months (ok = 0: none). */
db_status ck_store_targets_replace(int64_t ind, int64_t unit, int64_t year, const cockpit_num t[13]);
int ck_store_targets_get(int64_t ind, int64_t unit, int64_t year, cockpit_num t[13]); /* 0 ok */
json_t *ck_store_keys(void);
int64_t ck_store_key_insert(const char *name, const char *prefix, const char *hash, const char *codes_json, int64_t created_by); /* id, 0 error */
int ck_store_key_revoke(int64_t id); /* rows changed (0: none or already revoked), -1 error */
/* A live key by the hash of its text: 1 found (*scope: its indicator codes, caller frees), 0 none, -1 error. */
int ck_store_key_find(const char *hash, int64_t *id, char *name, size_t namelen, json_t **scope);
db_status ck_store_key_touch(int64_t id);
json_t *ck_store_units(void); /* every enabled unit {id, parent_id, code, name, kind} in tree order */

/* ---- store_live.c: the change log ---- */
int64_t ck_store_changes_max(void); /* the last change's id (0 none), -1 error */
typedef void (*ck_change_fn)(void *ctx, int64_t id, int64_t unit_id, const char *month, const char *indicator);
/* Calls fn for up to `limit` changes after `after`, in order; returns the last id read (`after` when none). */
int64_t ck_store_changes_read(int64_t after, int limit, ck_change_fn fn, void *ctx);
void ck_store_changes_prune(int64_t below);

/* ---- store_define.c: indicator definitions (the caller holds the transaction) ---- */
/* Every definition but `except`, for cockpit_def_check; strings live in rows. */
typedef struct ck_refs { cockpit_def_ref *v; size_t n; json_t *rows; } ck_refs;
int ck_store_def_refs(ck_refs *rf, const char *except); /* 0 ok, -1 error */
void ck_store_refs_free(ck_refs *rf);
json_t *ck_store_def_get(const char *code);             /* the stored definition as JSON; NULL none (or error) */
typedef struct ck_def_write { const cockpit_def *def; int64_t decimals, sort; const char *description; int enabled; } ck_def_write;
db_status ck_store_def_write(int creating, const ck_def_write *w); /* DB_DONE, DB_CONSTRAINT (code taken), DB_ERROR */
db_status ck_store_def_disable(const char *code);

/* ---- store_feeds.c: module feeds (the caller holds the transaction) ---- */
typedef struct ck_tree { int64_t *ids; int *parent; size_t n; } ck_tree; /* enabled units by id; parent index or -1 */
int ck_store_unit_tree(ck_tree *t); /* 0 ok */
void ck_tree_free(ck_tree *t);
int ck_tree_find(const ck_tree *t, int64_t id); /* index of the unit, -1 */
/* Every stored target of an indicator and year: grid[u * 13 + m] for the tree's unit u (m 0 the year, 1..12 months). */
int ck_store_targets_year(int64_t ind, int64_t year, const ck_tree *t, cockpit_num *grid);
int ck_store_feed_sync(const cockpit_feed *f);  /* creates or refreshes the feed's definition; 0 ok */
int64_t ck_store_ind_id(const char *code);      /* 0 none */
/* Upsert of a module value (no change log row when equal): rows changed, -1 error. */
int ck_store_module_put(int64_t ind, int64_t unit, const char *month, double v, const char *who);
/* Removes the module values of that indicator and month for units not in keep[0..nkeep): rows removed, -1 error. */
int ck_store_module_prune(int64_t ind, const char *month, const int64_t *keep, size_t nkeep);

void ck_views_routes(void);
void ck_data_routes(void);
void ck_grid_routes(void); /* 目标分解表 */
void ck_define_routes(void); /* indicator definitions: create, edit, disable */
void ck_import_routes(void);
void ck_live_routes(void);
void ck_feeds_start(void); /* the periodic refresh of registered feeds (a joinable thread) */
void ck_feeds_stop(void);  /* stops and joins it */
int ck_feeds_sync_defs(void);
/* Import: parses a table (wide: 指标编码,单位编码, then one column per month; long: 指标编码,单位编码,月份,数值) into rows;
 * per-row errors into errs (array). Pure apart from the lookups passed in. Returns rows parsed, -1 no memory. */
typedef struct ck_imp_row { char ind[64], unit[64], month[8]; double value; int row; } ck_imp_row;
long ck_import_parse(const tab *t, ck_imp_row **out, json_t *errs);
/* The value importer's lookup (store_import.c): an enabled, non-ratio indicator by code; 0 when none. */
int64_t ck_store_import_indicator(const char *code);
#endif
