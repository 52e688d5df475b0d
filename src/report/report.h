/* report.h — public API of the report module (年度总结): the registry through which every module offers the facts
 * of a year to the review, the pure wording of figures as offices cite them, and the module's wiring. */
#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H
#include <stddef.h>
#include <stdint.h>

/* ---- figures ---- */
/* What a figure is, and so how it is written:
 *   COUNT   v units of `unit` ("28条", "26人次"); decimals as given (0 for counts)
 *   MONEY   v in 分: "8.96万元" (wan = 1, two decimals) or exact 元 "8757元" (wan = 0)
 *   PCT     a share in per cent: "52.3%" (decimals, default 1)
 *   GROWTH  change of v on base, in per cent: "增长5.1%" / "下降3.2%" / "持平"; base 0 or missing → see report_cite_growth
 *   PP      change of a rate v on base, in 百分点: "提高1.2个百分点" / "下降0.8个百分点" / "持平"
 *   RANK    rank v among `of` peers; tied when another peer shares it: "第2位" / "并列第2位" */
typedef enum { REPORT_COUNT = 0, REPORT_MONEY, REPORT_PCT, REPORT_GROWTH, REPORT_PP, REPORT_RANK } report_fig_kind;
const char *report_fig_kind_code(report_fig_kind k); /* "count" "money" "pct" "growth" "pp" "rank" */

#define REPORT_FIG_NAME 24
#define REPORT_FIG_UNIT 16
typedef struct report_figure {
  char name[REPORT_FIG_NAME]; /* its slot in the fact's pattern: {name} */
  report_fig_kind kind;
  double v;
  int ok;                    /* 0: no data (never shown as zero) */
  double base;               /* GROWTH / PP: last year's value */
  int has_base;              /* GROWTH / PP: 0 when last year has no data */
  char unit[REPORT_FIG_UNIT]; /* COUNT: 条 项 人次 户 名 个 万箱 …; MONEY/PCT/GROWTH/PP/RANK: ignored */
  int decimals;              /* COUNT/PCT/GROWTH/PP: places shown (COUNT default 0, others 1) */
  int wan;                   /* MONEY: 1 → 万元 with two decimals, 0 → exact 元 */
  int of, tied;              /* RANK: number of peers ranked; another peer shares the rank */
} report_figure;

/* ---- facts ---- */
#define REPORT_MAX_FIGS 8
#define REPORT_KEY_LEN 64
typedef struct report_fact {
  char key[REPORT_KEY_LEN]; /* stable, module-prefixed: "tasks.checklist.shishi" */
  char name[64];            /* shown in the template editor and the source hover: "办实事清单" */
  /* The sentence, with {name} for each figure and {年} for the year: "梳理办实事清单{count}，已销号{closed}". A figure
   * whose value is missing makes the whole sentence drop out of the draft (nothing is shown as zero). */
  char pattern[256];
  char link[256];           /* web path and query of the list that proves it: "/tasks/checklists?year=2022&kind=办实事" */
  report_figure figs[REPORT_MAX_FIGS];
  size_t nfig;
} report_fact;

/* What a provider fills: a growing list of facts. */
typedef struct report_facts { report_fact *v; size_t n, cap; } report_facts;
/* Appends a fact (key, name, pattern, link copied; link may be NULL); NULL when out of memory. */
report_fact *report_fact_add(report_facts *out, const char *key, const char *name, const char *pattern, const char *link);
/* Appends a figure to f; NULL when f already has REPORT_MAX_FIGS. The returned figure has kind, name and (ok, v) set;
 * the caller sets unit/decimals/wan/base/of as its kind needs. */
report_figure *report_fig_add(report_fact *f, const char *name, report_fig_kind kind, double v, int ok);
/* Shorthands for the common kinds. */
report_figure *report_fig_count(report_fact *f, const char *name, double v, const char *unit);
report_figure *report_fig_money(report_fact *f, const char *name, int64_t fen, int wan);
void report_facts_free(report_facts *fs);
const report_fact *report_facts_find(const report_facts *fs, const char *key);

/* A fact a provider can offer, whether or not a given year has data for it: what a template may name. `line` is the
 * line of work (section) it belongs to by default: 党建 管理 队伍 营销市场 专卖 安全 (report_lines()). */
typedef struct report_fact_def { const char *key, *name, *line; } report_fact_def;

/* A provider computes its facts of `year` over unit `unit_id` and every unit below it (0: the whole bureau). It reads
 * its own module's records (with its own store functions, outside any HTTP request: no caller scope — the report
 * module checks the caller may see unit_id before asking) and appends to out. It may omit a fact it has no data for.
 * 0 ok, -1 database error. */
typedef int (*report_facts_fn)(int year, int64_t unit_id, report_facts *out);
typedef struct report_provider {
  const char *module;          /* "tasks" */
  const report_fact_def *defs; /* the facts it can offer */
  size_t ndefs;
  report_facts_fn fn;
} report_provider;
/* Registers a provider (a module calls it at start-up, in its register function, before the server starts; the
 * struct must outlive the program). Same key twice (in any provider) is refused. 0 ok, -1 refused. */
int report_register_facts(const report_provider *p);
/* The registered fact definitions, in registration order. */
size_t report_fact_defs(const report_fact_def **out, size_t max);
const report_fact_def *report_fact_def_find(const char *key);
/* Every provider's facts of (year, unit). 0 ok, -1 error (out then holds what was gathered; free it either way). */
int report_facts_collect(int year, int64_t unit_id, report_facts *out);

/* ---- wording (pure) ---- */
/* Each writes a NUL-terminated UTF-8 string into out (outlen ≥ 64 is always enough) and returns its length.
 * Numbers are rounded half away from zero; trailing zeros stay ("52.0%") as offices print a fixed number of places. */
size_t report_fmt_num(double v, int decimals, char *out, size_t outlen);   /* "1234.5", "-3" (no thousands separator) */
size_t report_fmt_money(int64_t fen, int wan, char *out, size_t outlen);   /* "8.96万元" / "8757元" / "8757.50元" */
/* "完成年计划的52.3%" (decimals 1); missing → "". */
size_t report_cite_share(double pct, int ok, int decimals, char *out, size_t outlen);
/* 同比: "同比增长5.1%", "同比下降3.2%", "与上年持平" (equal when shown), base 0 and cur > 0 → "上年同期为零",
 * base missing or current missing → "" (no comparison is made). `prefix` replaces "同比" (NULL → "同比"). */
size_t report_cite_growth(double cur, double base, int has_base, int ok, int decimals, const char *prefix, char *out, size_t outlen);
/* Change of a rate: "提高1.2个百分点", "下降0.8个百分点", "与上年持平"; missing either → "". */
size_t report_cite_pp(double cur, double base, int has_base, int ok, int decimals, char *out, size_t outlen);
/* Rank: "居全市第2位", tied "并列全市第2位"; `where` replaces "全市" (NULL → "全市"); rank < 1 → "". */
size_t report_cite_rank(int rank, int of, int tied, const char *where, char *out, size_t outlen);
/* A figure as written in a sentence (by its kind, as above; GROWTH and PP without the "同比" prefix: "增长5.1%"). */
size_t report_fig_text(const report_figure *f, char *out, size_t outlen);

/* Heading numbers: report_cn_num(12) "十二"; report_heading(level, i) for i ≥ 1:
 * level 1 "一、", level 2 "（一）", level 3 "一是", level 4 "1.", level 5 "（1）". */
size_t report_cn_num(int n, char *out, size_t outlen);
size_t report_heading(int level, int i, char *out, size_t outlen);

/* The seed's six lines of work, in order (the default template's sections). */
typedef struct report_line { const char *code, *title; } report_line;
size_t report_lines(const report_line **out);

/* ---- wiring ---- */
void report_register(void); /* routes, permissions, audit actions (after every provider registered its facts) */
/* `bureau report YEAR [--unit CODE] --out FILE.docx` on an open database (argv[0] is "report"). Exit status. */
int report_cli(int argc, char **argv);
#endif
