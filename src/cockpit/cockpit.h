/* cockpit.h — public API of the cockpit module (数字化所队部): indicator computations (pure: roll-ups, completion,
 * expected progress, ranks, 同比/环比, lights, composite scores), the hook other modules call to feed indicators,
 * and the wiring (routes, live stream, demo data). */
#ifndef COCKPIT_COCKPIT_H
#define COCKPIT_COCKPIT_H
#include <stddef.h>
#include <stdint.h>

/* ---- numbers that may be missing (pure) ---- */
/* A value that may be absent: ok = 0 means "no data", never zero. */
typedef struct cockpit_num { double v; int ok; } cockpit_num;
#define COCKPIT_NONE ((cockpit_num){0, 0})
#define COCKPIT_VAL(x) ((cockpit_num){(x), 1})

/* How an indicator rolls up over months or over units. A ratio indicator has no values of its own: it is the sum
 * of its numerator indicator over the sum of its denominator indicator (times a scale), never an average of ratios. */
typedef enum { CK_SUM = 0, CK_AVG, CK_LAST, CK_RATIO } cockpit_agg;
typedef enum { CK_HIGHER = 0, CK_LOWER, CK_BAND } cockpit_dir;
const char *cockpit_agg_code(cockpit_agg a);   /* "sum" "avg" "last" "ratio" */
int cockpit_agg_parse(const char *s);          /* -1 when unknown */
const char *cockpit_dir_code(cockpit_dir d);   /* "higher" "lower" "band" */
int cockpit_dir_parse(const char *s);

/* Roll-up of vals[0..n) in order (time order for CK_LAST): sum / mean / last of the present values; none present →
 * missing. CK_RATIO is not a roll-up of values (use cockpit_ratio on rolled-up numerators and denominators). */
cockpit_num cockpit_rollup(cockpit_agg a, const cockpit_num *vals, size_t n);
/* num / den × scale; missing when either is missing or den is 0. */
cockpit_num cockpit_ratio(cockpit_num num, cockpit_num den, double scale);

/* ---- months as an index: year*12 + month-1 (pure) ---- */
int cockpit_month_parse(const char *s);        /* "2025-03" → index, -1 when malformed */
void cockpit_month_str(int idx, char out[8]);  /* index → "2025-03" */

/* ---- targets and completion (pure) ---- */
/* 完成率 in percent: higher: v/t×100 (t must be > 0); lower: (2 − v/t)×100 floored at 0 (t > 0: 100 at target, 200 at
 * zero, 0 at twice the target and beyond); band [lo, hi]: 100 inside, below lo: v/lo×100, above hi: hi/v×100 (positive bounds). Missing when not meaningful. */
cockpit_num cockpit_completion(cockpit_dir d, cockpit_num v, cockpit_num target, double band_lo, double band_hi);
/* 时序进度: the share (0..1) of a yearly target expected by the end of month m (1..12). With month targets
 * (12 entries, any missing) their cumulative share of their total is used; else m/12. Level indicators (avg, last,
 * ratio) are expected at 100% of the target from the first month: pass cumulative = 0. */
double cockpit_expected(int cumulative, const cockpit_num *month_targets, int m);

/* v rounded half away from zero to `decimals` (clamped to 0..4): the figure as shown. */
double cockpit_round(double v, int decimals);
/* How many decimals a target is shown with: the indicator's, at least 2 (a month's share 3.33 of a yearly 40 must not
 * read 3 beside a 完成率 computed from 3.33). */
int cockpit_target_decimals(int decimals);
/* 完成率 of the figures as shown: the value rounded to `decimals`, the target to cockpit_target_decimals(decimals), so a
 * reader dividing the two shown figures finds the shown 完成率. */
cockpit_num cockpit_completion_shown(cockpit_dir d, cockpit_num v, cockpit_num target, double band_lo, double band_hi, int decimals);
/* The months a 纵向 view needs in memory: `months` months ending at `to`, the 12 before them (同比 of each), and both
 * years' January (the YTD of `to` and of the same month last year, whatever the window). Sets *m0 and *nm. */
void cockpit_vertical_span(int to, int months, int *m0, int *nm);

/* A target grid of units (parent[k] the index of unit k's parent, -1 none) added up over units: for every unit with a
 * yearly target whose children in the grid have targets, Σ children's targets must equal it within `tol` (relative,
 * |Σ − t| ≤ tol × max(1, |t|)). Returns the index of the first unit that does
 * not add up (its children's sum in *sum), -1 when all do. */
int cockpit_targets_add_up(const cockpit_num *year, const int *parent, size_t n, double tol, double *sum);

/* ---- ranks (pure) ---- */
/* Competition ranks ("1224"): equal values share a rank, the next rank skips. Missing values get rank 0 and are not
 * counted. Band: the distance from the band (0 inside) ranks, smaller first. Returns the number of ranked values. */
size_t cockpit_rank(cockpit_dir d, const cockpit_num *vals, size_t n, double band_lo, double band_hi, int *rank_out);

/* cockpit_rank on the values as shown (rounded to `decimals`): two figures both shown 0.1 share a rank. */
size_t cockpit_rank_shown(cockpit_dir d, const cockpit_num *vals, size_t n, double band_lo, double band_hi, int decimals, int *rank_out);

/* ---- 同比 / 环比 (pure) ---- */
typedef enum { CK_CHG_OK = 0, CK_CHG_NO_CURRENT, CK_CHG_NO_BASE, CK_CHG_ZERO_BASE } cockpit_chg_status;
typedef struct cockpit_change {
  cockpit_chg_status status;
  cockpit_num diff; /* cur − base, when both present */
  cockpit_num pct;  /* (cur − base) / |base| × 100, when both present and base ≠ 0 */
} cockpit_change;
cockpit_change cockpit_change_of(cockpit_num cur, cockpit_num base);
const char *cockpit_chg_code(cockpit_chg_status s); /* "ok" "no_current" "no_base" "zero_base" */

/* ---- lights (pure) ---- */
typedef enum { CK_LIGHT_NONE = 0, CK_LIGHT_GREEN, CK_LIGHT_YELLOW, CK_LIGHT_RED } cockpit_light;
const char *cockpit_light_code(cockpit_light l); /* "none" "green" "yellow" "red" */
/* Against a target: completion ≥ 100 green, ≥ yellow_pct yellow, else red; missing → none. */
cockpit_light cockpit_light_target(cockpit_num completion, double yellow_pct);
/* Against progress (YTD): completion/100 ≥ expected green, within 10 points yellow, else red. */
cockpit_light cockpit_light_progress(cockpit_num completion, double expected);
/* Against peers when there is no target, thirds by rank position: with g = ⌈n/3⌉ ranks 1..g green, ranks above n − g
 * red, the rest yellow (one unit alone: green); rank 0 → none. */
cockpit_light cockpit_light_peers(int rank, size_t ranked);
/* The light a view shows: a band indicator against its band; with a 完成率, `progress` (a year-to-date figure of an
 * indicator that accumulates over the year, higher is better) against 序时进度 `expected`, otherwise against the
 * target (yellow from 90 %); without a 完成率 against peers. */
cockpit_light cockpit_light_for(cockpit_dir d, int progress, cockpit_num completion, double expected, int rank, size_t ranked);

/* ---- composite score (pure) ---- */
/* The points of rank `rank` among `ranked`: 100 for the first, 0 for the last, linear between; 100 when alone. */
double cockpit_rank_points(int rank, size_t ranked);
/* Weighted mean of points over the indicators where the unit has a rank (weights ≤ 0 ignored); missing when none. */
cockpit_num cockpit_composite(const double *points, const int *has, const double *weights, size_t n);

/* ---- indicator definitions (pure) ---- */
/* A definition as entered by an admin. Band limits only count for direction "band"; num/den only for ratios. */
typedef struct cockpit_def {
  const char *code, *name, *category, *uom, *direction, *time_agg, *unit_agg, *num_code, *den_code;
  int has_lo, has_hi;
  double band_lo, band_hi, scale;
  const char *weight_code; /* an average's weight (e.g. licences handled for 许可办理时限); NULL or "" unweighted */
} cockpit_def;
/* Every other indicator already defined (not the one being edited): what a ratio may refer to. */
typedef struct cockpit_def_ref { const char *code, *time_agg, *num_code, *den_code; int enabled; } cockpit_def_ref;
typedef struct cockpit_def_err {
  const char *field;
  char message[192];
  int conflict, missing; /* a duplicate code (409); a required part left out */
} cockpit_def_err;
/* Checks a definition against the others: code format and uniqueness (when creating), category, direction and band,
 * roll-ups (a ratio names two existing, enabled, distinct non-ratio indicators and rolls up as a ratio over units; no
 * other indicator names them), and that an indicator another ratio is built on does not become a ratio itself (the
 * only way a cycle could form); an average's weight_code names an existing, enabled, non-ratio indicator other than
 * itself, and only an average has one. 0 valid; -1 with err naming the field. */
int cockpit_def_check(const cockpit_def *d, const cockpit_def_ref *others, size_t n, int creating, cockpit_def_err *err);
/* The first enabled ratio among refs built on `code` (its numerator or denominator), or -1: such an indicator cannot be disabled. */
int cockpit_def_used_by(const char *code, const cockpit_def_ref *refs, size_t n);

/* ---- indicators fed by other modules ---- */
/* A module computes its indicator from its own records: the figure of the records that belong to unit `unit_id`
 * itself (not to its sub-units) in month `month` ("YYYY-MM"); unit_id 0 asks for the records of every unit together.
 * Return 1 with *out set, 0 for no records (no data), -1 on error. It runs in the cockpit's refresh (a background
 * thread with its own database connection). The cockpit maps records to units through the unit tree: it asks every
 * enabled unit, and for a sum over units stores each unit's figure as its own plus all its sub-units' (a 市场部 with
 * items of its own and of its 片区 counts both); no unit codes are known in advance. */
typedef int (*cockpit_feed_fn)(int64_t unit_id, const char *month, double *out);
typedef struct cockpit_feed {
  const char *code, *name, *category, *uom; /* the indicator it defines (created or refreshed at start-up) */
  const char *direction;                    /* "higher" | "lower" | "band" */
  const char *time_agg, *unit_agg;          /* "sum" | "avg" | "last" */
  cockpit_feed_fn fn;
  /* Optional: the first month index (cockpit_month_parse) the module has data for, -1 none. A refresh then reaches back
   * to it as well as over its usual window, so history older than the window (e.g. a past year's lists) is shown. */
  int (*first_month)(void);
} cockpit_feed;
/* Registers a feed (a module calls it at start-up, before cockpit_register and before cockpit_demo_load). The struct
 * must outlive the program. 0 ok, -1 refused (malformed, a ratio, or the registry full). */
int cockpit_register_feed(const cockpit_feed *f);
/* Recomputes every registered feed for the last `months` months (values with source "module"). Returns rows written, -1 error. */
int cockpit_feeds_refresh(int months);
/* Pure: the stored figures of a sum-over-units feed. own[k] is unit k's own figure (ok = 0 none), parent[k] its parent's
 * index (-1 root; parents may come after children); out[k] = own[k] plus every descendant's own figure, none when the
 * whole subtree has none. */
void cockpit_feed_subtree(const cockpit_num *own, const int *parent, size_t n, cockpit_num *out);

/* ---- a unit's year, for other modules (the people module's 年度考核 card) ---- */
/* Over the indicators (a ratio's parts aside) that have, for the unit and the year, both a yearly target and a
 * year-to-December value: how many (`indicators`), how many reached 100 % (`met`), and the mean of their 完成率 as
 * 纵向对比 shows them, each capped at 100 (`mean`, 0 when indicators is 0). No data scope. 0 ok, -1 error (or no such unit). */
typedef struct cockpit_unit_year { int indicators, met; double mean; } cockpit_unit_year;
int cockpit_unit_year_of(int64_t unit_id, int year, cockpit_unit_year *out);

/* ---- wiring ---- */
/* Offers every indicator's year (value, share of plan, 同比, rank among siblings) to the year's review (report.h;
 * src/cockpit/facts.c), the indicators defined at the time of the call. Needs the open database. */
void cockpit_facts_register(void);
void cockpit_workbench_register(void);               /* the 工作台's key-indicator card (org_register_card) */
void cockpit_register(void);                          /* routes, permissions, the live-change watcher, the refresh of registered feeds */
/* Stops and joins the module feeds refresh and the live-change watcher (after the server has stopped, before the database closes). */
void cockpit_stop(void);
int cockpit_demo_load(char *err, size_t errlen);      /* ~25 indicators × demo units × 24 months with targets; once */
#endif
