/* evals.h — public API of the evals module (终端评价质量全过程管控): the evaluator quality record, and the wiring
 * (routes, the default template). */
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

/* ---- wiring ---- */
void evals_register(void);                 /* routes, permissions, the cockpit feed; call before cockpit_register */
int evals_seed(void);                      /* the default template as published version 1 when none exists; 0 ok */
#endif
