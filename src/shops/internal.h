/* internal.h — shared between the shops module's own files; other modules include shops.h only. */
#ifndef SHOPS_INTERNAL_H
#define SHOPS_INTERNAL_H
#include "shops/shops.h"
#include "base/export.h"
#include "base/jv.h"
#include "org/org.h"
#include <jansson.h>

/* Write transactions: begin or answer 503; commit or answer 500; roll back and answer 500. 0 ok. */
int shops_tx_begin(req *r);
int shops_tx_commit(req *r);
void shops_tx_fail(req *r);

/* A shop is in the caller's scope through its unit (所), its manager's unit (片区) or its manager (self).
 * Takes numbered parameters ?1 ?2 ?3 bound by org_scope_bind(r, s, 1). */
#define SHOP_SCOPE "(" ORG_SCOPE_SQL("s.unit_id", "s.manager_id", 1, 2, 3) \
  " OR s.manager_id IN (SELECT id FROM users WHERE unit_id IN (SELECT value FROM json_each(?2))))"
int shops_visible(req *r, int64_t shop_id);
/* Query helpers: an optional positive id / integer in a range; -1 when answered 400. */
int shops_q_month(req *r, const char *key, const char **out);
/* The current month "YYYY-MM": BUREAU_TODAY when set (tests, demos), else the local date. */
void shops_this_month(char out[8]);
/* The latest month that has any data, or "" when none. */
void shops_latest_month(char out[8]);

/* Templates: the published template with the highest version (id and parsed) — cached per thread by id. */
int64_t shops_current_template(void);
const shops_tpl *shops_template_get(int64_t id, int *version_out); /* parsed; owned by the thread's cache; NULL when absent/broken */
/* The shop's data for the window ending at month (longest window in the template). Caller frees with shops_data_free. */
int shops_data_load(int64_t shop_id, const shops_tpl *t, const char *month, shops_data *d);
void shops_data_free(shops_data *d);
/* Scores one shop and stores the assessment (inside the caller's transaction) and the shop's latest level.
 * answers borrowed; lng/lat NAN when none. Returns the assessment id, 0 on error. */
int64_t shops_assess_store(int64_t shop_id, int64_t template_id, const char *kind, const char *month, json_t *answers, double lng, double lat,
                           int64_t user_id, const char *at);
/* The same with the visit's idempotency key and the JSON array of item codes carried over from the last visit (either NULL). */
int64_t shops_assess_store_keyed(int64_t shop_id, int64_t template_id, const char *kind, const char *month, json_t *answers, double lng, double lat,
                                 int64_t user_id, const char *at, const char *request_id, const char *carried);
/* The batch: every active shop rescored (answers carried from its last visit) in chunks of one transaction each;
 * resumes a run left unfinished for the same month. progress may be NULL. Result {run_id, month, shops, done}. */
json_t *shops_batch_run(const char *month, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx, char *err, size_t errlen);

/* ---- store_assess.c: all SQL of assessments (typed; the caller holds the transaction for writes) ---- */
typedef struct shops_assessment_row {
  int64_t shop_id, template_id, user_id;
  const char *kind, *month, *answers, *result, *level, *at, *request_id, *carried; /* level, request_id, carried may be NULL */
  int has_total; double total, coverage, lng, lat;                                  /* lng/lat NAN when none */
} shops_assessment_row;
int shops_store_data_window(int64_t shop_id, const char *first, const char *last, shops_data *d); /* free with shops_data_free */
int64_t shops_store_assessment_insert(const shops_assessment_row *a);                               /* the new id, 0 on error */
int shops_store_shop_level(int64_t shop_id, int has_total, double total, const char *level, const char *at, int64_t aid);
json_t *shops_store_assessment_json(int64_t id);            /* NULL when absent */
json_t *shops_store_last_visit(int64_t shop_id, char at[20]); /* the last 走访's answers (NULL when none) and its time into at (may be NULL) */
int64_t shops_store_assessment_by_request(int64_t shop_id, const char *rid); /* the stored id, 0 none, -1 error */
json_t *shops_store_history(int64_t shop_id);
int shops_store_shop_last(int64_t shop_id, int64_t *last_assessment, int64_t *unit);
json_t *shops_store_trend(int64_t shop_id);
json_t *shops_store_dim_averages(int64_t unit_id);          /* unit 0: the county; {dims:{code:avg}, total} */
int shops_store_selfcheck_token(int64_t shop_id, char *tok, size_t cap);
int shops_store_set_selfcheck_token(int64_t shop_id, const char *tok);
int64_t shops_store_active_count(void);
int64_t shops_store_run_open(const char *month, int64_t tid, int64_t *after, int64_t *done); /* an unfinished run, 0 none */
int64_t shops_store_run_insert(const char *month, int64_t tid, int64_t total, const char *at);
int shops_store_batch_chunk(int64_t after, int max, int64_t *ids, char **ans); /* rows read (ans[i] malloc'd or NULL), -1 error */
int shops_store_run_advance(int64_t run, int64_t last_shop, int n);
int shops_store_run_finish(int64_t run, const char *at);

/* ---- store_templates.c: templates, and the module's shared reads ---- */
int shops_store_visible(req *r, int64_t shop_id);            /* 1 when the shop is in the caller's scope */
void shops_store_latest_month(const char *not_after, char out[8]);
int64_t shops_store_template_count(void);                    /* -1 on error */
int shops_store_template_first(const char *name, const char *body, const char *at);
int64_t shops_store_current_template(void);
char *shops_store_template_body(int64_t id, int *version);   /* a published version's body, caller frees; NULL when absent */
json_t *shops_store_template_list(void);
json_t *shops_store_template_get(int64_t id);                /* {id, version, name, status, body, …}; NULL when absent */
json_t *shops_store_template_draft(void);                    /* NULL when there is no draft */
int shops_store_template_save_draft(const char *name, const char *body, int64_t user_id, const char *at);
int shops_store_template_publish(int64_t id, const char *name, const char *body, const char *at);
int shops_store_template_discard(void);

/* ---- store_picture.c: the county picture (every read in the caller's scope) ---- */
typedef struct shops_pic_row {
  int64_t unit_id; const char *unit_name; int64_t unit_sort; const char *category; int64_t category_sort;
  int64_t band; const char *area, *level; int64_t n, scored; double score_sum;
} shops_pic_row; /* one row of shop_picture; strings valid during the callback */
int shops_store_picture_rows(req *r, int (*row)(void *ctx, const shops_pic_row *p), void *ctx); /* stops when row returns non-zero */
int shops_store_levels_at(req *r, const char *from, const char *to, void (*row)(void *ctx, const char *a, const char *b), void *ctx);
json_t *shops_store_needs(req *r, int per);
json_t *shops_store_coverage(req *r, const char *now, int days);
char *shops_store_map(req *r, size_t *len); /* {items:[[lng,lat,level,id,name]…], total} as text; caller frees */

/* ---- store_shops.c: the registry outside its import ---- */
typedef enum { SHOPS_W_OK = 0, SHOPS_W_ERROR, SHOPS_W_DUP_LICENSE, SHOPS_W_DUP_NAME, SHOPS_W_GONE_REF } shops_write_rc;
typedef struct shops_shop_in {
  const char *license, *name, *owner, *phone, *address, *category, *area, *status, *status_date, *opened_on; /* NULL: absent */
  int64_t unit, manager, grade;
  double lng, lat;
  int has_lng, has_lat, has_manager;
} shops_shop_in;
typedef struct shops_list_q {
  int64_t unit, manager, gmin, gmax;                             /* 0: any */
  const char *category, *level, *status, *area, *like;           /* NULL: any */
  int sort, desc;                                                /* index into shops_list_sorts */
} shops_list_q;
extern const char *const shops_list_sorts[];
int shops_store_category_exists(const char *name);
int shops_store_user_exists(int64_t id);
json_t *shops_store_shop_json(int64_t id);                      /* NULL when absent */
int64_t shops_store_list_count(req *r, const shops_list_q *q);  /* -1 on error */
char *shops_store_list_page(req *r, const shops_list_q *q, int64_t total, int64_t size, int64_t offset, size_t *len); /* {items,total} text */
json_t *shops_store_list_all(req *r, const shops_list_q *q);    /* every row (export) */
shops_write_rc shops_store_shop_insert(const shops_shop_in *in, const char *at, int64_t *id);
shops_write_rc shops_store_shop_update(int64_t id, const shops_shop_in *in, int lng_given, int lat_given, const char *today, const char *at);
int shops_store_shop_delete(int64_t id);
json_t *shops_store_categories(void);
json_t *shops_store_metrics(void);
json_t *shops_store_managers(req *r);
shops_write_rc shops_store_category_add(const char *name, int64_t sort);

void shops_registry_routes(void);
void shops_data_routes(void);
void shops_assess_routes(void);
void shops_template_routes(void);
void shops_picture_routes(void);
/* ---- the 工作台's 零售户 cards (workbench.c, store_workbench.c) ---- */
/* Open shops in scope not assessed since month_start ("YYYY-MM-01"), never assessed first; *total counts them all,
 * *open every open shop in scope. NULL on error. */
json_t *shops_store_wb_to_visit(req *r, const char *month_start, int limit, int64_t *total, int64_t *open);
/* Open assessed shops in scope, lowest score first. NULL on error. */
json_t *shops_store_wb_need(req *r, int limit);

/* The registry importer's SQL (store_import.c): lookups (0 when none) and the insert-or-update by licence (0 ok). */
typedef struct shops_import_shop {
  const char *license, *name, *owner, *phone, *address;
  double lng, lat; /* NAN = none */
  int64_t unit, manager, grade;
  const char *format, *area, *status;
} shops_import_shop;
int64_t shops_store_unit_by_name(const char *name);
int64_t shops_store_shop_by_license(const char *license);
int shops_store_import_upsert(const shops_import_shop *x, const char *at);
/* The monthly-data importer's SQL (store_data.c). */
size_t shops_store_metric_names(char (*out)[2][64], size_t cap); /* code and name of each metric, in order; how many */
/* The licences (and shop ids) in a scope, in licence order; row's non-zero answer stops. 0 ok, -1 error or stopped. */
int shops_store_scope_licences(int all, const char *units_json, int64_t user_id, int (*row)(void *ctx, const char *license, int64_t id), void *ctx);
int shops_store_data_put(const char *month, int64_t shop, const char *vals_json); /* the shop-month replaced whole; 0 ok */
/* store_facts.c: the year's assessments over unit_id's subtree (0 all): visits, shops, shops whose level rose / fell. 0 ok. */
int shops_store_facts_year(int year, int64_t unit_id, int64_t *visits, int64_t *shops, int64_t *up, int64_t *down);

#endif
