/* report.c — pure logic of the year's review: figures written the way offices cite them (万元/元, %, 同比, 百分点,
 * ranks), heading numbers, and the fact lists providers fill. No database, no I/O. */
#include "report/report.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t put(char *out, size_t outlen, const char *fmt, ...) {
  if (!outlen) return 0;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(out, outlen, fmt, ap);
  va_end(ap);
  if (n < 0) { out[0] = 0; return 0; }
  return (size_t)n < outlen ? (size_t)n : outlen - 1;
}

const char *report_fig_kind_code(report_fig_kind k) {
  static const char *const c[] = {"count", "money", "pct", "growth", "pp", "rank"};
  return (unsigned)k < sizeof c / sizeof *c ? c[k] : "";
}

/* v rounded half away from zero to d places, as an integer count of 10^-d (exact for the figures a review shows). */
static long long scaled(double v, int d) {
  double m = 1;
  for (int i = 0; i < d; i++) m *= 10;
  double x = v * m;
  /* 52.25 × 10 may come out as 522.4999…: nudge by a relative epsilon before rounding */
  x += x >= 0 ? 1e-9 * (fabs(x) + 1) : -1e-9 * (fabs(x) + 1);
  return llround(x);
}

static int clampd(int d) { return d < 0 ? 0 : d > 4 ? 4 : d; }

size_t report_fmt_num(double v, int decimals, char *out, size_t outlen) {
  int d = clampd(decimals);
  long long s = scaled(v, d);
  long long m = 1;
  for (int i = 0; i < d; i++) m *= 10;
  const char *sign = s < 0 ? "-" : "";
  unsigned long long a = (unsigned long long)(s < 0 ? -s : s);
  if (!d) return put(out, outlen, "%s%llu", sign, a);
  return put(out, outlen, "%s%llu.%0*llu", sign, a / (unsigned long long)m, d, a % (unsigned long long)m);
}

size_t report_fmt_money(int64_t fen, int wan, char *out, size_t outlen) {
  const char *sign = fen < 0 ? "-" : "";
  uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  if (wan) {
    uint64_t h = (a + 5000) / 10000; /* hundredths of 万元 (1 万元 = 1,000,000 分), half up */
    return put(out, outlen, "%s%llu.%02llu万元", sign, (unsigned long long)(h / 100), (unsigned long long)(h % 100));
  }
  if (a % 100 == 0) return put(out, outlen, "%s%llu元", sign, (unsigned long long)(a / 100));
  return put(out, outlen, "%s%llu.%02llu元", sign, (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

size_t report_cite_share(double pct, int ok, int decimals, char *out, size_t outlen) {
  if (!ok) return put(out, outlen, "%s", "");
  char n[48];
  report_fmt_num(pct, decimals, n, sizeof n);
  return put(out, outlen, "完成年计划的%s%%", n);
}

/* "增长5.1%" / "下降3.2%" / "持平" / "为零" / "" without any prefix. */
static size_t growth_core(double cur, double base, int has_base, int ok, int decimals, char *out, size_t outlen, int *kind) {
  *kind = 0;
  if (!ok || !has_base) return put(out, outlen, "%s", "");
  int d = clampd(decimals);
  if (base == 0) {
    *kind = cur == 0 ? 1 : 2;
    return put(out, outlen, "%s", "");
  }
  double pct = (cur - base) / fabs(base) * 100;
  long long s = scaled(pct, d);
  if (s == 0) { *kind = 1; return put(out, outlen, "%s", ""); }
  char n[48];
  report_fmt_num(fabs(pct), d, n, sizeof n);
  *kind = 3;
  return put(out, outlen, "%s%s%%", s > 0 ? "增长" : "下降", n);
}

size_t report_cite_growth(double cur, double base, int has_base, int ok, int decimals, const char *prefix, char *out, size_t outlen) {
  char core[64];
  int kind;
  growth_core(cur, base, has_base, ok, decimals, core, sizeof core, &kind);
  const char *p = prefix ? prefix : "同比";
  switch (kind) {
  case 1: return put(out, outlen, "%s", "与上年持平");
  case 2: return put(out, outlen, "%s", "上年同期为零");
  case 3: return put(out, outlen, "%s%s", p, core);
  default: return put(out, outlen, "%s", "");
  }
}

size_t report_cite_pp(double cur, double base, int has_base, int ok, int decimals, char *out, size_t outlen) {
  if (!ok || !has_base) return put(out, outlen, "%s", "");
  int d = clampd(decimals);
  long long s = scaled(cur - base, d);
  if (s == 0) return put(out, outlen, "%s", "与上年持平");
  char n[48];
  report_fmt_num(fabs(cur - base), d, n, sizeof n);
  return put(out, outlen, "%s%s个百分点", s > 0 ? "提高" : "下降", n);
}

size_t report_cite_rank(int rank, int of, int tied, const char *where, char *out, size_t outlen) {
  (void)of;
  if (rank < 1) return put(out, outlen, "%s", "");
  return put(out, outlen, "%s%s第%d位", tied ? "并列" : "居", where ? where : "全市", rank);
}

size_t report_fig_text(const report_figure *f, char *out, size_t outlen) {
  char n[64];
  int kind;
  switch (f->kind) {
  case REPORT_COUNT:
    if (!f->ok) break;
    report_fmt_num(f->v, f->decimals, n, sizeof n);
    return put(out, outlen, "%s%s", n, f->unit);
  case REPORT_MONEY:
    if (!f->ok) break;
    return report_fmt_money((int64_t)llround(f->v), f->wan, out, outlen);
  case REPORT_PCT:
    if (!f->ok) break;
    report_fmt_num(f->v, f->decimals ? f->decimals : 1, n, sizeof n);
    return put(out, outlen, "%s%%", n);
  case REPORT_GROWTH:
    growth_core(f->v, f->base, f->has_base, f->ok, f->decimals ? f->decimals : 1, n, sizeof n, &kind);
    if (kind == 1) return put(out, outlen, "%s", "持平");
    if (kind == 2) return put(out, outlen, "%s", "上年为零");
    return put(out, outlen, "%s", n);
  case REPORT_PP:
    if (!f->ok || !f->has_base) break;
    report_cite_pp(f->v, f->base, 1, 1, f->decimals ? f->decimals : 1, n, sizeof n);
    if (!strcmp(n, "与上年持平")) return put(out, outlen, "%s", "持平");
    return put(out, outlen, "%s", n);
  case REPORT_RANK:
    if (!f->ok || f->v < 1) break;
    return put(out, outlen, "%s第%d位", f->tied ? "并列" : "", (int)llround(f->v));
  }
  return put(out, outlen, "%s", "");
}

size_t report_cn_num(int n, char *out, size_t outlen) {
  static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 0 || n > 99) return put(out, outlen, "%d", n);
  if (n < 10) return put(out, outlen, "%s", d[n]);
  if (n < 20) return put(out, outlen, "十%s", n % 10 ? d[n % 10] : "");
  return put(out, outlen, "%s十%s", d[n / 10], n % 10 ? d[n % 10] : "");
}

size_t report_heading(int level, int i, char *out, size_t outlen) {
  char c[16];
  report_cn_num(i, c, sizeof c);
  switch (level) {
  case 1: return put(out, outlen, "%s、", c);
  case 2: return put(out, outlen, "（%s）", c);
  case 3: return put(out, outlen, "%s是", c);
  case 4: return put(out, outlen, "%d.", i);
  default: return put(out, outlen, "（%d）", i);
  }
}

size_t report_lines(const report_line **out) {
  static const report_line lines[] = {{"党建", "党的建设"}, {"管理", "管理转型"}, {"队伍", "队伍建设"},
                                      {"营销市场", "营销市场"}, {"专卖", "专卖管理"}, {"安全", "安全稳定"}};
  *out = lines;
  return sizeof lines / sizeof *lines;
}

/* ---- fact lists ---- */
static void copy(char *dst, size_t cap, const char *src) { snprintf(dst, cap, "%s", src ? src : ""); }

report_fact *report_fact_add(report_facts *out, const char *key, const char *name, const char *pattern, const char *link) {
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 16;
    report_fact *v = realloc(out->v, cap * sizeof *v);
    if (!v) return NULL;
    out->v = v, out->cap = cap;
  }
  report_fact *f = &out->v[out->n++];
  memset(f, 0, sizeof *f);
  copy(f->key, sizeof f->key, key);
  copy(f->name, sizeof f->name, name);
  copy(f->pattern, sizeof f->pattern, pattern);
  copy(f->link, sizeof f->link, link);
  return f;
}

report_figure *report_fig_add(report_fact *f, const char *name, report_fig_kind kind, double v, int ok) {
  if (f->nfig >= REPORT_MAX_FIGS) return NULL;
  report_figure *g = &f->figs[f->nfig++];
  memset(g, 0, sizeof *g);
  copy(g->name, sizeof g->name, name);
  g->kind = kind, g->v = v, g->ok = ok;
  return g;
}

report_figure *report_fig_count(report_fact *f, const char *name, double v, const char *unit) {
  report_figure *g = report_fig_add(f, name, REPORT_COUNT, v, 1);
  if (g) copy(g->unit, sizeof g->unit, unit);
  return g;
}

report_figure *report_fig_money(report_fact *f, const char *name, int64_t fen, int wan) {
  report_figure *g = report_fig_add(f, name, REPORT_MONEY, (double)fen, 1);
  if (g) g->wan = wan;
  return g;
}

void report_facts_free(report_facts *fs) {
  free(fs->v);
  fs->v = NULL, fs->n = fs->cap = 0;
}

const report_fact *report_facts_find(const report_facts *fs, const char *key) {
  for (size_t i = 0; i < fs->n; i++)
    if (!strcmp(fs->v[i].key, key)) return &fs->v[i];
  return NULL;
}
