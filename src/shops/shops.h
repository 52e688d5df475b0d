/* shops.h — public API of the shops module: the assessment template (parse, canonical JSON), the pure scoring engine,
 * the monthly-data import reader, and the wiring (routes, demo data, `bureau assess`). Other modules use this header only. */
#ifndef SHOPS_SHOPS_H
#define SHOPS_SHOPS_H
#include "base/table.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the template (pure) ---- */
typedef enum { SI_YESNO = 0, SI_SINGLE, SI_MULTI, SI_NUMBER, SI_METRIC, SI__COUNT } shops_item_kind;
const char *shops_kind_code(shops_item_kind k); /* "yesno" "single" "multi" "number" "metric" */
typedef struct shops_band { double min, score; } shops_band;       /* value >= min scores score (the highest such min wins) */
typedef struct shops_option { char *value, *label; double score; } shops_option;
typedef struct shops_item {
  char *code, *name, *help, *advice, *unit;
  shops_item_kind kind;
  double weight;
  double yes, no;                 /* yesno: scores of 是 / 否 */
  shops_option *opts; size_t nopts; /* single, multi (multi: sum of the chosen, capped at 100) */
  shops_band *bands; size_t nbands; /* number, metric; ascending min */
  char *num, *den;                /* metric: metric codes; den NULL = average of num per month */
  int months;                     /* metric: window ending at the assessment month (1..24) */
  double scale;                   /* metric with den: num/den × scale (100 = percent) */
  double vmin, vmax;              /* number: the answers allowed (template "min"/"max"; default the lowest band's min … 1e12) */
} shops_item;
typedef struct shops_dim { char *code, *name; double weight; shops_item *items; size_t nitems; } shops_dim;
typedef struct shops_level { char *name; double min; } shops_level;
typedef struct shops_tpl {
  char *name;
  shops_dim *dims; size_t ndims;
  shops_level *levels; size_t nlevels; /* ascending min; the first min is 0 */
  double advice_below;                 /* items scoring under this (0–100) show their advice; default 60 */
  double min_coverage;                 /* share of weight (0–1) that must be scored for a total and a level; default 0.6 */
} shops_tpl;

/* Parses and checks a template (codes unique, weights > 0, bands ascending, options present…). NULL with a Chinese
 * message naming the place ("维度2 条目3：…") in err. Caller frees with shops_tpl_free. */
shops_tpl *shops_tpl_parse(const char *json, size_t len, char *err, size_t errlen);
void shops_tpl_free(shops_tpl *t);
json_t *shops_tpl_json(const shops_tpl *t); /* canonical form; parsing it gives the same template. New reference. */
const shops_item *shops_tpl_item(const shops_tpl *t, const char *code, size_t *dim_out);

/* ---- monthly data and months (pure) ---- */
typedef struct shops_datum { char month[8]; const char *metric; double value; } shops_datum;
typedef struct shops_data { const shops_datum *v; size_t n; } shops_data;
int shops_month_index(const char *ym);            /* "2026-03" → y*12+m-1; -1 when malformed */
void shops_month_str(int idx, char out[8]);

/* ---- scoring (pure) ---- */
typedef struct shops_item_result {
  size_t dim;
  int scored;              /* 0: could not be scored (missing says why) */
  double score;            /* 0–100 */
  int has_value; double value; /* the metric value or the number answered */
  int months_used;         /* metric: months of data found in the window */
  const char *missing;     /* static Chinese reason, NULL when scored */
  int low;                 /* scored under advice_below: show advice */
} shops_item_result;
typedef struct shops_dim_result { int scored; double score, coverage; } shops_dim_result;
typedef struct shops_result {
  size_t nitems;           /* items in template order across dimensions */
  shops_item_result *items;
  shops_dim_result *dims;
  int has_total; double total, coverage;
  const char *level;       /* NULL when coverage is under min_coverage (数据不足) */
  size_t nmissing;
} shops_result;
/* answers: object item code → value (yesno: true/false; single: option value; multi: array of option values; number: number);
 * month: "YYYY-MM", the last month of metric windows. Metric items ignore answers; question items ignore data.
 * 0 ok, -1 no memory / bad month. Free with shops_result_free. */
int shops_score(const shops_tpl *t, json_t *answers, const shops_data *d, const char *month, shops_result *out);
void shops_result_free(shops_result *r);
/* {total, level, coverage, complete, dims:[{code,name,score,coverage}], items:[{code,name,dim,kind,score,value,missing,advice}],
 *  missing:[{code,name,reason}], weakest:[up to 3 items with advice]} — new reference. */
json_t *shops_result_json(const shops_tpl *t, const shops_result *r);
/* The answer-part of a template: 1 when the item is answered by people (not computed from data). */
int shops_item_is_question(const shops_item *it);
/* A number item's answer inside its allowed range [vmin, vmax]: 1 yes; values outside are refused (API 400) and never scored. */
int shops_number_in_range(const shops_item *it, double v);

/* ---- monthly-data import reader (pure; fuzzed) ---- */
typedef struct shops_metric_def { const char *code, *name; } shops_metric_def;
typedef struct shops_import_row { size_t line; char *license; char month[8]; const char *metric; double value; } shops_import_row;
typedef struct shops_import {
  shops_import_row *rows; size_t nrows;
  json_t *errors;          /* [{row, column, message}] */
  int wide;                /* layout detected */
  size_t lines;            /* data lines read */
} shops_import;
/* Reads a table in long layout (许可证号, 月份, 指标, 数值) or wide layout (许可证号, 月份, one column per metric, headed by
 * name or code). Months "2026-03", "2026/3", "202603", "2026-03-01"; values plain decimals ≥ 0 (a trailing % is dropped).
 * Blank cells in wide layout are skipped (no data, not zero). -1 when the header is unusable (err says why).
 * The rows of one line share its licence string; metric points at defs[k].code. */
int shops_import_read(const tab *t, const shops_metric_def *defs, size_t ndefs, shops_import *out, char *err, size_t errlen);
void shops_import_free(shops_import *imp);
/* One shop-month's values as stored in shop_data.vals: {"code":value,…} into buf (NUL-terminated), values exact
 * (whole numbers as digits, others %.15g or %.17g when needed to round-trip); the length, 0 when cap is too small. */
size_t shops_vals_json(char *buf, size_t cap, const char *const *codes, const double *vals, size_t n);
extern const shops_metric_def shops_default_metrics[];
extern const size_t shops_default_nmetrics;

/* ---- registry reads for the evals module (store_evals_api.c) ---- */
typedef struct shops_brief {
  int64_t id, unit_id, manager_id;   /* manager_id 0 when none */
  char license_no[64], name[200], address[300], category[40], area[16];
  int grade, has_gps;
  double lng, lat;
} shops_brief;
/* Active shops (正常) of the given units (n = 0: every unit) matching the optional filters (NULL / 0 = any), in id
 * order; fn returns non-zero to stop. 0 ok, -1 database error. */
int shops_brief_each(const int64_t *unit_ids, size_t nunits, const char *category, int grade_min, int grade_max, const char *area,
                     int (*fn)(void *ctx, const shops_brief *b), void *ctx);
/* The sum of a metric over the months [from, to] ("YYYY-MM"): 1 with *out, 0 when no month of the range has data for
 * the shop, -1 database error. */
int shops_metric_sum(int64_t shop_id, const char *metric, const char *from, const char *to, double *out);
/* The answer to a question item in the shop's latest visit or self-check: 1 with *out (new reference), 0 none, -1 error. */
int shops_latest_answer(int64_t shop_id, const char *item, json_t **out);
/* One shop by id for another module's record (party's 党建服务包): its brief when it exists and, with r, lies in the
 * caller's data scope as the registry's own pages judge it (its unit, its 客户经理, or a 客户经理 of a unit in scope);
 * r NULL judges no scope (background work). 0 ok, 1 none or outside the scope, -1 database error. */
struct req;
int shops_brief_of(struct req *r, int64_t id, shops_brief *out);
/* The digital-capability level and total of the shop's latest scored assessment (走访 or 批量, not 自测) assessed on or
 * before day ("YYYY-MM-DD"): 1 with level (NUL-terminated) and *total, 0 none, -1 database error. */
int shops_level_on(int64_t shop_id, const char *day, char *level, size_t levellen, double *total);
/* The shop with this licence number (any status), 0 when none: importers of other modules' sheets (evals' 市场检查). */
int64_t shops_id_by_license(const char *license_no);
/* The shop of a self-check link's token (the owner's page: shops' questionnaire, evals' results and appeal), 0 when the
 * token is malformed or unknown or the shop is no longer 正常; its name into name[nlen] when name is not NULL. */
int64_t shops_selfcheck_shop(const char *token, char *name, size_t nlen);

/* ---- wiring ---- */
void shops_register(void);
/* Offers the year's assessments to the year's review (report.h; src/shops/facts.c). */
void shops_facts_register(void);
void shops_workbench_register(void); /* the 零售户 cards of the 工作台 (org_register_card) */
/* The default template as shipped (data/shops-template.json). */
const char *shops_default_template(size_t *len);
/* Published version 1 from the shipped template when no template exists. 0 ok. */
int shops_seed(void);
/* The demo shops, data and a year of visits (after the org demo). Does nothing when already loaded. 0 ok. */
int shops_demo_load(char *err, size_t errlen);
/* `bureau assess --all [--month YYYY-MM]` (the database is open). Returns the exit code. */
int shops_assess_cli(int argc, char **argv);
#endif
