/* calc.c — the small pure pieces of the evals module: wall-clock times, distances, periods, review states, the
 * reproducible re-check sample and the evaluator quality score. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include "base/workday.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t evals_time_parse(const char *s) {
  if (!s || strlen(s) != 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return -1;
  char d[11];
  memcpy(d, s, 10);
  d[10] = 0;
  int day = wd_parse(d);
  if (day < 0) return -1;
  int hms[3];
  for (int i = 0; i < 3; i++) {
    const char *p = s + 11 + 3 * i;
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return -1;
    hms[i] = (p[0] - '0') * 10 + (p[1] - '0');
  }
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 59) return -1;
  return (int64_t)day * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
}

void evals_time_str(int64_t secs, char out[20]) {
  char d[11];
  int64_t day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rest = secs - day * 86400;
  wd_format((int)day, d);
  unsigned hh = (unsigned)(rest / 3600) % 24u, mm = (unsigned)(rest / 60 % 60), ss = (unsigned)(rest % 60);
  memcpy(out, d, 10);
  out[10] = ' ';
  out[11] = (char)('0' + hh / 10); out[12] = (char)('0' + hh % 10); out[13] = ':';
  out[14] = (char)('0' + mm / 10); out[15] = (char)('0' + mm % 10); out[16] = ':';
  out[17] = (char)('0' + ss / 10); out[18] = (char)('0' + ss % 10); out[19] = 0;
}

double evals_distance_m(double lng1, double lat1, double lng2, double lat2) {
  const double r = 6371008.8, rad = M_PI / 180.0;
  double p1 = lat1 * rad, p2 = lat2 * rad, dp = (lat2 - lat1) * rad, dl = (lng2 - lng1) * rad;
  double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
  if (a > 1) a = 1;
  return 2 * r * asin(sqrt(a));
}

int evals_period_parse(const char *p, char first_month[8], char last_month[8], char first_day[11], char last_day[11]) {
  if (!p) return -1;
  size_t n = strlen(p);
  int y, m1, m2;
  if (n < 7 || p[4] != '-') return -1;
  for (int i = 0; i < 4; i++)
    if (p[i] < '0' || p[i] > '9') return -1;
  y = atoi(p);
  if (y < 2000 || y > 2100) return -1;
  if (n == 7 && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
    m1 = (p[6] - '1') * 3 + 1;
    m2 = m1 + 2;
  } else if (n == 7 && p[5] >= '0' && p[5] <= '1' && p[6] >= '0' && p[6] <= '9') {
    m1 = m2 = (p[5] - '0') * 10 + (p[6] - '0');
    if (m1 < 1 || m1 > 12) return -1;
  } else {
    return -1;
  }
  snprintf(first_month, 8, "%04d-%02d", y, m1);
  snprintf(last_month, 8, "%04d-%02d", y, m2);
  snprintf(first_day, 11, "%04d-%02d-01", y, m1);
  char next[11];
  snprintf(next, sizeof next, "%04d-%02d-01", m2 == 12 ? y + 1 : y, m2 == 12 ? 1 : m2 + 1);
  wd_format(wd_parse(next) - 1, last_day);
  return 0;
}

/* ---- review states ---- */
static const char *const st_codes[] = {"submitted", "flagged", "returned", "amended", "approved", "rechecked"};
static const char *const st_names[] = {"已提交", "有疑点", "已退回", "已修改", "已通过", "已复核"};
static const char *const act_codes[] = {"resubmit", "return", "amend", "approve", "recheck", "change"};
const char *evals_state_code(evals_state s) { return (unsigned)s < ES__COUNT ? st_codes[s] : ""; }
const char *evals_state_name(evals_state s) { return (unsigned)s < ES__COUNT ? st_names[s] : ""; }
int evals_state_parse(const char *code) {
  for (int i = 0; code && i < ES__COUNT; i++)
    if (!strcmp(code, st_codes[i]) || !strcmp(code, st_names[i])) return i;
  return -1;
}
const char *evals_action_code(evals_action a) { return (unsigned)a < EA__COUNT ? act_codes[a] : ""; }
int evals_action_parse(const char *code) {
  for (int i = 0; code && i < EA__COUNT; i++)
    if (!strcmp(code, act_codes[i])) return i;
  return -1;
}

int evals_next(evals_state s, evals_action a, int serious) {
  evals_state fresh = serious ? ES_FLAGGED : ES_SUBMITTED;
  switch (a) {
  case EA_RESUBMIT: return s == ES_RETURNED ? (int)fresh : -1;
  case EA_RETURN: return s == ES_SUBMITTED || s == ES_FLAGGED || s == ES_AMENDED ? ES_RETURNED : -1;
  case EA_AMEND: return s == ES_SUBMITTED || s == ES_FLAGGED || s == ES_AMENDED ? ES_AMENDED : -1;
  case EA_APPROVE: return s == ES_SUBMITTED || s == ES_FLAGGED || s == ES_AMENDED ? ES_APPROVED : -1;
  case EA_RECHECK: return s == ES_APPROVED ? ES_RECHECKED : -1;
  case EA_CHANGE: return s == ES_APPROVED || s == ES_RECHECKED ? (int)s : -1;
  default: return -1;
  }
}

/* ---- sampling ---- */
uint64_t evals_mix64(uint64_t x) { /* splitmix64's finaliser: a fixed, well-mixed permutation of 64-bit values */
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

typedef struct keyed { uint64_t key; size_t idx; } keyed;
static int keyed_cmp(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key ? 1 : (x->idx > y->idx) - (x->idx < y->idx);
}

size_t evals_sample(const int64_t *ids, size_t n, uint64_t seed, double pct, unsigned char *chosen) {
  if (!n) return 0;
  memset(chosen, 0, n);
  size_t k = (size_t)ceil(pct / 100.0 * (double)n - 1e-9);
  if (k < 1) k = 1;
  if (k > n) k = n;
  keyed *v = malloc(n * sizeof *v);
  if (!v) return 0;
  for (size_t i = 0; i < n; i++) v[i] = (keyed){evals_mix64(seed ^ (uint64_t)ids[i]), i};
  qsort(v, n, sizeof *v, keyed_cmp);
  for (size_t i = 0; i < k; i++) chosen[v[i].idx] = 1;
  free(v);
  return k;
}

int evals_deviates(double first_total, double recheck_total, double tolerance) { return fabs(first_total - recheck_total) > tolerance + 1e-9; }

/* ---- quality score ---- */
static double share(int64_t num, int64_t den) { return den > 0 ? (double)num / (double)den : 0; }

void evals_quality_compute(evals_quality *q) {
  q->has = q->assigned > 0 || q->submitted > 0;
  if (!q->has) { q->score = 0; return; }
  double s = 100 - 40 * share(q->flagged, q->submitted) - 30 * share(q->deviations, q->rechecked) - 20 * share(q->returned, q->submitted) -
             10 * share(q->late, q->assigned);
  if (s < 0) s = 0;
  if (s > 100) s = 100;
  q->score = floor(s * 10 + 0.5) / 10;
}
