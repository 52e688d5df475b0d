/* evals.h — public API of the evals module (终端评价质量全过程管控): each evaluator's quality score per round for other
 * modules (the people module's appraisal reads it), and the wiring (routes, the cockpit feed, the default template). */
#ifndef EVALS_EVALS_H
#define EVALS_EVALS_H
#include <stddef.h>
#include <stdint.h>

/* One evaluator's quality in one round (docs/evals.md gives the formula). has = 0 when he had nothing to evaluate. */
typedef struct evals_quality {
  int has;
  double score;                 /* 0–100 */
  int64_t assigned, submitted, flagged, returned, late, rechecked, deviations;
} evals_quality;
/* Reads the database (no data scope: for modules computing appraisals, e.g. the people module). 0 ok, -1 database error. */
int evals_quality_of(int64_t user_id, int64_t round_id, evals_quality *out);
/* The year's quality of an evaluator: over the rounds whose period lies in the year ("2025-Q1", "2025-03") where he
 * had something to evaluate, the counts summed and `score` the mean of those rounds' scores; *rounds how many (0: has
 * = 0). No data scope. 0 ok, -1 database error. */
int evals_quality_of_year(int64_t user_id, int year, evals_quality *out, int *rounds);

/* ---- wiring ---- */
void evals_register(void);                 /* routes, permissions, the cockpit feed; call before cockpit_register */
void evals_feeds_register(void);           /* the cockpit indicator 终端评价质量分 (EV_QUALITY); serve and the cockpit demo */
int evals_seed(void);
/* Four quarterly rounds over the demo county's shops with planted careless evaluators (after the shops demo); once. */
int evals_demo_load(char *err, size_t errlen);
/* `bureau evals check --all` (the database is open): reruns every check, prints counts per flag. Exit code. */
int evals_cli(int argc, char **argv);                      /* the default template as published version 1 when none exists; 0 ok */
#endif
