/* risks.h — public API of the risks module (风险防控与安全): the risk matrix and review cadence, drill compliance
 * (pure, unit-tested), and the wiring (routes, the overdue-review sweep, demo data). */
#ifndef RISKS_RISKS_H
#define RISKS_RISKS_H
#include <stddef.h>
#include <stdint.h>
#include "base/workday.h"
#include <jansson.h>

/* ---- levels and the likelihood × impact matrix (pure) ---- */
typedef enum { RL_LOW = 0, RL_MID, RL_HIGH, RL_MAJOR, RL__COUNT } risks_level;
const char *risks_level_name(int level); /* 低 中 高 重大; "" out of range */
int risks_level_parse(const char *name); /* -1 when unknown */

#define RISKS_MATRIX_MIN 3
#define RISKS_MATRIX_MAX 9
/* cell[l-1][i-1] is the level of likelihood l and impact i (1…size each). */
typedef struct risks_matrix {
  int size;
  unsigned char cell[RISKS_MATRIX_MAX][RISKS_MATRIX_MAX];
} risks_matrix;
/* The default 5×5 matrix by score l×i: 1–4 低, 5–9 中, 10–16 高, 20–25 重大. */
void risks_matrix_default(risks_matrix *m);
/* A matrix is usable when its size is within bounds, every cell is a level, and the level never falls as likelihood
 * or impact grows (a worse risk is never rated lower). 0 ok; -1 and a Chinese reason in why. */
int risks_matrix_check(const risks_matrix *m, char *why, size_t whylen);
/* The level of (l, i); -1 when either is outside 1…size. */
int risks_level_of(const risks_matrix *m, int likelihood, int impact);

/* ---- review cadence (pure) ---- */
/* Months between reviews per level; default 重大 1, 高 3, 中 6, 低 12. */
typedef struct risks_cadence { int months[RL__COUNT]; } risks_cadence;
void risks_cadence_default(risks_cadence *c);
/* The next review after a review on day `from`: the same day of the month `months` later (the month's last day when
 * it has fewer days), moved to the next working day when that is a rest day. cal NULL: Monday–Friday. */
int risks_next_review(int from, int months, const wd_cal *cal);

/* ---- emergency drills (pure) ---- */
typedef enum { RP_GENERAL = 0, RP_SPECIAL, RP_ONSITE, RP__COUNT } risks_plan_kind; /* 综合 专项 现场处置 */
const char *risks_plan_kind_name(int k);
int risks_plan_kind_parse(const char *name);
typedef struct risks_drill_ref { int day; int plan_kind; } risks_drill_ref;
/* One unit's drills of a year: at least one 综合 or 专项 drill in the year, a 现场处置 drill in each half year.
 * A requirement whose period has not ended by today and is not yet met is "pending", not failed. */
typedef enum { RC_MET = 0, RC_PENDING, RC_MISSED } risks_req_state;
typedef struct risks_compliance {
  int annual, h1, h2;         /* risks_req_state */
  int annual_n, h1_n, h2_n;   /* drills counted for each */
  int ok;                     /* 1 when nothing is missed (pending counts as not yet failed) */
} risks_compliance;
risks_compliance risks_drill_compliance(int year, const risks_drill_ref *drills, size_t n, int today);
const char *risks_req_state_code(int s); /* "met" "pending" "missed" */

/* ---- safety checks, hazards and classified-document loans (pure; src/risks/rules.c) ---- */
/* One item of a check template (items after YC/T 384). photo: 0 none, 1 required when the item fails, 2 always. */
typedef struct risks_check_item { const char *code, *element, *text; int photo; } risks_check_item;
/* The built-in template of a place (仓库, 车辆, 办公楼, 营业网点); NULL when the place is unknown. */
const risks_check_item *risks_check_template(const char *place, size_t *n);
extern const char *const risks_check_places[]; /* the four places, NULL-terminated */
/* One answered item of a check, as parsed from the form's "results". */
typedef struct risks_check_result {
  const risks_check_item *item;
  int result;            /* 0 合格, 1 不合格, 2 不适用 */
  int major;             /* 1 重大隐患 (a failed item only) */
  int limit_days;        /* working days to rectify a failed item: given, else 10 (一般) or 30 (重大) */
  char note[1501];       /* what was seen; required when failed (the hazard's description) */
} risks_check_result;
/* Parses the results of a check against the place's template: an array of {code, result 合格|不合格|不适用, note?,
 * severity? 一般隐患|重大隐患, limit_days? 1–90}, every item of the template answered exactly once. out must hold the
 * template's item count. 0 ok with *n set; -1 and, in why, a Chinese reason naming the row ("第3项…"), in field the key. */
int risks_check_results_parse(const char *place, const json_t *results, risks_check_result *out, size_t cap, size_t *n,
                              char *why, size_t whylen, char *field, size_t fieldlen);
/* The same against a given template's items (a stored version); t NULL when the place has no template. */
int risks_check_results_parse_items(const char *place, const risks_check_item *t, size_t nt, const json_t *results, risks_check_result *out,
                                    size_t cap, size_t *n, char *why, size_t whylen, char *field, size_t fieldlen);
/* ---- editable check templates (pure; the edit of PUT /api/v1/risks/safety/templates/:place) ---- */
#define RISKS_TEMPLATE_MAX 60     /* items in one place's template */
#define RISKS_TEMPLATE_TEXT 200   /* characters of an item's text */
#define RISKS_TEMPLATE_ELEMENT 30 /* characters of an item's element (YC/T 384 要素) */
typedef struct risks_template_edit {
  size_t n;
  risks_check_item items[RISKS_TEMPLATE_MAX]; /* element and text point into the parsed JSON; code into codes[] */
  char codes[RISKS_TEMPLATE_MAX][16];
} risks_template_edit;
/* The code prefix of a place's items (仓库 CK, 车辆 CL, 办公楼 BG, 营业网点 YY); NULL when the place is unknown. */
const char *risks_template_prefix(const char *place);
const char *risks_template_photo_code(int photo); /* "always" "on_fail" "none" */
int risks_template_photo_parse(const char *s);    /* always 2, on_fail 1, never|none 0; -1 otherwise */
/* Parses a place's new item list: an array of 1–RISKS_TEMPLATE_MAX objects {code?, element?, text, photo
 * always|on_fail|never}, in the order wanted. A row with a code keeps an item of the current template (cur, ncur; each
 * at most once); a row without one is a new item, coded prefix + the next number after `used` (the highest number the
 * place has ever used). text: 1–200 characters, not blank, no control characters, not repeated; element ≤ 30. A list
 * the same as the current one is refused (nothing to publish). 0 ok; -1 and, in why, a Chinese reason naming the row
 * ("第3行…"), in field the key ("items[2].text"). */
int risks_template_parse(const char *place, const json_t *items, const risks_check_item *cur, size_t ncur, int used, risks_template_edit *out,
                         char *why, size_t whylen, char *field, size_t fieldlen);
/* The rectification deadline of a hazard found on day `found`: limit working days later on the bureau's calendar. */
int risks_hazard_due(const wd_cal *cal, int found, int limit_days);
/* A hazard's light on `today`: "done" when closed, "red" past due, "yellow" due today, else "green". */
const char *risks_hazard_light(int closed, int due, int today);
/* A loan of a classified document: returned (-1 none) against its due day on `today`. The days late (returned late
 * or still out past due), 0 when not late; *state 0 借出, 1 逾期未还, 2 已归还, 3 逾期归还. */
int risks_loan_late(int due, int returned, int today, int *state);
const char *risks_loan_state_name(int state);

/* ---- wiring ---- */
void risks_register(void);      /* routes, permissions, grants, audit actions; before serving */
/* The cockpit indicators fed by complaints: 投诉受理数 (TSSL) and 投诉办结数 (TSBJ), whose ratio is 投诉办结率 (TSBJL).
 * Called by risks_register; the demo loader calls it before the cockpit demo. */
void risks_feeds_register(void);
/* The overdue-review sweep thread: at start, then whenever the bureau's date changes (checked every
 * BUREAU_RISKS_SWEEP_SECONDS, default 600). Each overdue review opens one 督办 task for the owner unit (tasks.h).
 * Start after tasks_register and risks_register; stop after the server has stopped. */
void risks_sweep_start(void);
void risks_sweep_stop(void);
/* The module's facts of a year for 年度总结 (report.h): register, complaints, drills, 三项项目, audit findings. */
void risks_facts_register(void);
/* The demo register, drills and the rest (after org's demo county); once. 0 ok. */
int risks_demo_load(char *err, size_t errlen);
#endif
