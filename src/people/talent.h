/* talent.h — the pure rules of 双聘 (qualification, weighted scores, ranking, 公示 end day) and of 项目+人才+激励 points
 * (rules JSON, points of an output, split among its members). No database: unit-tested and fuzzed. */
#ifndef PEOPLE_TALENT_H
#define PEOPLE_TALENT_H
#include "base/workday.h"
#include <stddef.h>

/* ---- 双聘 qualification ---- */
typedef struct people_qual_rule {
  int min_years;          /* full years in the current grade (0: none asked) */
  int min_grade;          /* index of the lowest accepted appraisal grade in the grade list, best first; -1 none asked */
} people_qual_rule;
typedef struct people_qual_facts {
  int today;              /* day number */
  int grade_since;        /* day the current grade started; -1 no grade on record */
  const char *grade_name; /* the current grade's name, NULL none */
  int appraisal;          /* index of the latest appraisal grade (年度考核, else 民主测评), -1 none on record (rule not applied) */
  const char *appraisal_name;
  int sanctioned;         /* 1: a sanction is running today */
  const char *sanction_why; /* its reason as people_sanction_active gives it */
} people_qual_facts;
/* 1 qualified (why says what was found), 0 refused (why says the reason, in Chinese). */
int people_qualify(const people_qual_rule *rule, const people_qual_facts *f, char *why, size_t whylen);

/* ---- 双聘 scores ---- */
/* Weights are percent, each 0–100, summing to 100. 1 ok, 0 not. */
int people_round_weights_ok(int w_written, int w_interview, int w_review);
/* Σ weight × score / 100, rounded to 2 decimals; -1 when a score is outside 0–100. */
double people_round_total(int w_written, int w_interview, int w_review, double written, double interview, double review);
/* Ranks n totals (higher first; equal totals share a rank: 1, 1, 3); proposed[i] = 1 when within places and not tied
 * across the places' boundary; tie[i] = 1 when tied across it (the round decides). A total < 0 (not scored) gets rank 0. */
void people_round_rank(const double *totals, int n, int places, int *rank, int *proposed, int *tie);
/* The last day of a 公示 of `days` working days starting on `from` (from counts when it is a working day, else the next
 * working day is the first). -1 when days < 1 or from < 0. */
int people_round_publicity_end(const wd_cal *c, int from, int days);

/* ---- points ---- */
#define PEOPLE_OUT_KINDS 5
#define PEOPLE_OUT_LEVELS 5
#define PEOPLE_OUT_AWARDS 5
extern const char *const people_out_kinds[PEOPLE_OUT_KINDS];   /* 课题 QC成果 数据产品 融媒体作品 荣誉 */
extern const char *const people_out_levels[PEOPLE_OUT_LEVELS]; /* "" 县级 市级 省级 国家级 */
extern const char *const people_out_awards[PEOPLE_OUT_AWARDS]; /* "" 一等奖 二等奖 三等奖 优秀奖 */
typedef struct people_points_rules {
  int base[PEOPLE_OUT_KINDS];        /* points of an output of the kind, 0–1000 */
  int level_pct[PEOPLE_OUT_LEVELS];  /* percent applied for the level, 0–10000 */
  int award_pct[PEOPLE_OUT_AWARDS];  /* percent applied for the award, 0–10000 */
} people_points_rules;
/* The rules shipped: base 课题 30, QC成果 20, 数据产品 15, 融媒体作品 5, 荣誉 10; levels none/县级 100 %, 市级 200 %,
 * 省级 400 %, 国家级 800 %; awards none 100 %, 一等奖 150 %, 二等奖 120 %, 三等奖 100 %, 优秀奖 80 %. */
void people_points_default(people_points_rules *out);
extern const char people_points_default_json[];
/* Parses {"base": {"<kind>": n…}, "level_pct": {"<level>": pct…}, "award_pct": {"<award>": pct…}}: base must name every
 * kind; a level or award left out keeps 100 %; the level and award "" are written "无". Unknown keys, names or values
 * out of range are refused. 0 ok; -1 with the offending field ("base.课题") and a Chinese message. */
int people_points_parse(const char *json, size_t len, people_points_rules *out, char *field, size_t fieldlen, char *msg, size_t msglen);
int people_out_kind(const char *s);   /* index, -1 unknown */
int people_out_level(const char *s);  /* "" or 无 is 0; -1 unknown */
int people_out_award(const char *s);  /* "" or 无 is 0; -1 unknown */
/* Points of an output: base × level% × award% / 10000, rounded half up; how says the sum ("课题 30 × 市级 200% ×
 * 一等奖 150% = 90"). -1 on an index out of range. */
int people_points_of(const people_points_rules *r, int kind, int level, int award, char *how, size_t howlen);
/* Splits points among n members by their shares (percent, each 1–100, summing to 100): each gets floor(points ×
 * share / 100), and the points left go one by one to the largest remainders (earlier member first on equal ones).
 * 0 ok; -1 when the shares are out of range or do not sum to 100. */
int people_points_split(int points, const int *shares, int n, int *out);

/* ---- training ---- */
/* 学时 as the online college's export writes it ("2", "2.5", "1.0", blanks around): tenths in *x10, 0.1–200.
 * 0 ok, -1 not such a number (more than one decimal, a sign, an exponent, text). */
int people_hours_parse(const char *s, int *x10);
#endif
