/* cockpit.c — the cockpit's pure computations: roll-ups, ratios, months, completion, expected progress, ranks,
 * 同比/环比, lights and composite scores. No I/O: plain values in, plain values out. */
#include "cockpit/cockpit.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Values come from SQLite REALs and imports; two values this close are the same figure (ties share a rank). */
#define EPS 1e-9

static const char *const agg_codes[] = {"sum", "avg", "last", "ratio"};
static const char *const dir_codes[] = {"higher", "lower", "band"};

const char *cockpit_agg_code(cockpit_agg a) { return (unsigned)a < 4 ? agg_codes[a] : "sum"; }
int cockpit_agg_parse(const char *s) {
  for (int i = 0; s && i < 4; i++)
    if (!strcmp(s, agg_codes[i])) return i;
  return -1;
}
const char *cockpit_dir_code(cockpit_dir d) { return (unsigned)d < 3 ? dir_codes[d] : "higher"; }
int cockpit_dir_parse(const char *s) {
  for (int i = 0; s && i < 3; i++)
    if (!strcmp(s, dir_codes[i])) return i;
  return -1;
}

cockpit_num cockpit_rollup(cockpit_agg a, const cockpit_num *vals, size_t n) {
  double sum = 0;
  size_t k = 0;
  cockpit_num last = COCKPIT_NONE;
  for (size_t i = 0; i < n; i++) {
    if (!vals[i].ok) continue;
    sum += vals[i].v;
    k++;
    last = vals[i];
  }
  if (!k) return COCKPIT_NONE;
  switch (a) {
  case CK_SUM: return COCKPIT_VAL(sum);
  case CK_AVG: return COCKPIT_VAL(sum / (double)k);
  case CK_LAST: return last;
  default: return COCKPIT_NONE;
  }
}

cockpit_num cockpit_ratio(cockpit_num num, cockpit_num den, double scale) {
  if (!num.ok || !den.ok || fabs(den.v) < EPS) return COCKPIT_NONE;
  return COCKPIT_VAL(num.v / den.v * scale);
}

int cockpit_month_parse(const char *s) { return util_month_index(s); }
void cockpit_month_str(int idx, char out[8]) { util_month_str(idx, out); }

cockpit_num cockpit_completion(cockpit_dir d, cockpit_num v, cockpit_num target, double band_lo, double band_hi) {
  if (!v.ok) return COCKPIT_NONE;
  switch (d) {
  case CK_HIGHER:
    if (!target.ok || target.v <= EPS) return COCKPIT_NONE;
    return COCKPIT_VAL(v.v / target.v * 100.0);
  case CK_LOWER:
    /* Lower is better: at target 100, at zero 200, at twice the target 0 — and 0 beyond (a completion rate below
     * nothing done reads as nonsense: 存销比 3.0 against 1.2 is 0 %, not −50 %). */
    if (!target.ok || target.v <= EPS) return COCKPIT_NONE;
    return COCKPIT_VAL(v.v >= 2.0 * target.v ? 0.0 : (2.0 - v.v / target.v) * 100.0);
  case CK_BAND:
    if (band_lo <= 0 || band_hi < band_lo) return COCKPIT_NONE;
    if (v.v >= band_lo - EPS && v.v <= band_hi + EPS) return COCKPIT_VAL(100.0);
    if (v.v < band_lo) return COCKPIT_VAL(v.v / band_lo * 100.0);
    return COCKPIT_VAL(band_hi / v.v * 100.0);
  }
  return COCKPIT_NONE;
}

double cockpit_expected(int cumulative, const cockpit_num *month_targets, int m) {
  if (!cumulative) return 1.0;
  if (m < 1) return 0.0;
  if (m > 12) m = 12;
  if (month_targets) {
    double total = 0, upto = 0;
    int any = 0;
    for (int i = 0; i < 12; i++) {
      if (!month_targets[i].ok) continue;
      any = 1;
      total += month_targets[i].v;
      if (i < m) upto += month_targets[i].v;
    }
    if (any && total > EPS) return upto / total;
  }
  return m / 12.0;
}

double cockpit_round(double v, int decimals) {
  double f = pow(10, decimals < 0 ? 0 : decimals > 4 ? 4 : decimals);
  return round(v * f) / f;
}

int cockpit_target_decimals(int decimals) { return decimals < 2 ? 2 : decimals > 4 ? 4 : decimals; }

cockpit_num cockpit_completion_shown(cockpit_dir d, cockpit_num v, cockpit_num target, double band_lo, double band_hi, int decimals) {
  if (v.ok) v.v = cockpit_round(v.v, decimals);
  if (target.ok) target.v = cockpit_round(target.v, cockpit_target_decimals(decimals));
  return cockpit_completion(d, v, target, band_lo, band_hi);
}

void cockpit_vertical_span(int to, int months, int *m0, int *nm) {
  if (months < 1) months = 1;
  int first = to - months + 1 - 12;   /* 同比 of the first month shown */
  int jan_last = (to / 12 - 1) * 12;  /* last year's YTD starts here */
  if (jan_last < first) first = jan_last;
  *m0 = first;
  *nm = to - first + 1;
}

static double rank_key(cockpit_dir d, double v, double lo, double hi) {
  /* Smaller key ranks first. */
  switch (d) {
  case CK_HIGHER: return -v;
  case CK_LOWER: return v;
  case CK_BAND: return v < lo ? lo - v : v > hi ? v - hi : 0.0;
  }
  return -v;
}

size_t cockpit_rank(cockpit_dir d, const cockpit_num *vals, size_t n, double band_lo, double band_hi, int *rank_out) {
  size_t ranked = 0;
  for (size_t i = 0; i < n; i++) {
    if (!vals[i].ok) { rank_out[i] = 0; continue; }
    ranked++;
    double ki = rank_key(d, vals[i].v, band_lo, band_hi);
    int better = 0;
    /* O(n²) is fine: a cockpit ranks tens of units, at most a few hundred. */
    for (size_t j = 0; j < n; j++)
      if (vals[j].ok && rank_key(d, vals[j].v, band_lo, band_hi) < ki - EPS) better++;
    rank_out[i] = better + 1;
  }
  return ranked;
}

size_t cockpit_rank_shown(cockpit_dir d, const cockpit_num *vals, size_t n, double band_lo, double band_hi, int decimals, int *rank_out) {
  cockpit_num *r = malloc((n ? n : 1) * sizeof *r);
  if (!r) return cockpit_rank(d, vals, n, band_lo, band_hi, rank_out);
  for (size_t i = 0; i < n; i++) r[i] = vals[i].ok ? COCKPIT_VAL(cockpit_round(vals[i].v, decimals)) : COCKPIT_NONE;
  size_t k = cockpit_rank(d, r, n, band_lo, band_hi, rank_out);
  free(r);
  return k;
}

cockpit_change cockpit_change_of(cockpit_num cur, cockpit_num base) {
  cockpit_change c = {CK_CHG_OK, COCKPIT_NONE, COCKPIT_NONE};
  if (!cur.ok) { c.status = CK_CHG_NO_CURRENT; return c; }
  if (!base.ok) { c.status = CK_CHG_NO_BASE; return c; }
  c.diff = COCKPIT_VAL(cur.v - base.v);
  if (fabs(base.v) < EPS) { c.status = CK_CHG_ZERO_BASE; return c; }
  /* |base| keeps the sign meaningful when the base is negative: −10 → −5 is an improvement of +50%. */
  c.pct = COCKPIT_VAL((cur.v - base.v) / fabs(base.v) * 100.0);
  return c;
}

const char *cockpit_chg_code(cockpit_chg_status s) {
  static const char *const c[] = {"ok", "no_current", "no_base", "zero_base"};
  return (unsigned)s < 4 ? c[s] : "ok";
}

const char *cockpit_light_code(cockpit_light l) {
  static const char *const c[] = {"none", "green", "yellow", "red"};
  return (unsigned)l < 4 ? c[l] : "none";
}

cockpit_light cockpit_light_target(cockpit_num completion, double yellow_pct) {
  if (!completion.ok) return CK_LIGHT_NONE;
  if (completion.v >= 100.0 - EPS) return CK_LIGHT_GREEN;
  if (completion.v >= yellow_pct - EPS) return CK_LIGHT_YELLOW;
  return CK_LIGHT_RED;
}

cockpit_light cockpit_light_progress(cockpit_num completion, double expected) {
  if (!completion.ok) return CK_LIGHT_NONE;
  double done = completion.v / 100.0;
  if (done >= expected - EPS) return CK_LIGHT_GREEN;
  if (done >= expected - 0.10 - EPS) return CK_LIGHT_YELLOW;
  return CK_LIGHT_RED;
}

cockpit_light cockpit_light_peers(int rank, size_t ranked) {
  if (rank <= 0 || ranked == 0) return CK_LIGHT_NONE;
  /* Thirds by rank position: g = ⌈n/3⌉; ranks 1..g green, ranks above n − g red, the rest yellow. Green is asked
   * first, so one unit alone is green; of 4, ranks 1–2 green and 3–4 red; of 7, 1–3 green, 4 yellow, 5–7 red. */
  size_t g = (ranked + 2) / 3;
  if ((size_t)rank <= g) return CK_LIGHT_GREEN;
  if ((size_t)rank > ranked - g) return CK_LIGHT_RED;
  return CK_LIGHT_YELLOW;
}

cockpit_light cockpit_light_for(cockpit_dir d, int progress, cockpit_num completion, double expected, int rank, size_t ranked) {
  if (d == CK_BAND) return cockpit_light_target(completion, 90);
  if (!completion.ok) return cockpit_light_peers(rank, ranked);
  if (progress && d == CK_HIGHER) return cockpit_light_progress(completion, expected);
  return cockpit_light_target(completion, 90);
}

double cockpit_rank_points(int rank, size_t ranked) {
  if (rank <= 0 || ranked == 0) return 0;
  if (ranked == 1) return 100.0;
  return (double)(ranked - (size_t)rank) / (double)(ranked - 1) * 100.0;
}

cockpit_num cockpit_composite(const double *points, const int *has, const double *weights, size_t n) {
  double s = 0, w = 0;
  for (size_t i = 0; i < n; i++) {
    if (!has[i] || weights[i] <= 0) continue;
    s += points[i] * weights[i];
    w += weights[i];
  }
  if (w <= 0) return COCKPIT_NONE;
  return COCKPIT_VAL(s / w);
}

void cockpit_feed_subtree(const cockpit_num *own, const int *parent, size_t n, cockpit_num *out) {
  for (size_t k = 0; k < n; k++) out[k] = COCKPIT_NONE;
  /* Each own figure climbs to the root; a depth guard stops a malformed tree (a cycle) from looping. */
  for (size_t k = 0; k < n; k++) {
    if (!own[k].ok) continue;
    size_t depth = 0;
    for (int u = (int)k; u >= 0 && (size_t)u < n && depth <= n; u = parent[u], depth++) {
      if (out[u].ok) out[u].v += own[k].v;
      else out[u] = own[k];
    }
  }
}

int cockpit_targets_add_up(const cockpit_num *year, const int *parent, size_t n, double tol, double *sum) {
  for (size_t p = 0; p < n; p++) {
    if (!year[p].ok) continue;
    double s = 0;
    int any = 0;
    for (size_t k = 0; k < n; k++)
      if (parent[k] == (int)p && year[k].ok) { s += year[k].v; any = 1; }
    if (any && fabs(s - year[p].v) > tol * (fabs(year[p].v) > 1 ? fabs(year[p].v) : 1)) {
      if (sum) *sum = s;
      return (int)p;
    }
  }
  return -1;
}
