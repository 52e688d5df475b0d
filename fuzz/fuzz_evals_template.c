/* fuzz_evals_template.c — libFuzzer harness: the evaluation template parser on arbitrary bytes. A template that parses
 * gives canonical JSON that parses to the same canonical JSON; reading the input as answers never crashes, and star
 * cut-offs stay within 0–5. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EVALS_PURE_ONLY
#include "evals/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[300];
  err[0] = 0;
  evals_tpl *t = evals_tpl_parse((const char *)data, size, err, sizeof err);
  if (!t) {
    if (!err[0]) abort(); /* a refusal must say why */
    return 0;
  }
  json_t *c1 = evals_tpl_json(t);
  char *a = json_dumps(c1, JSON_SORT_KEYS | JSON_COMPACT);
  evals_tpl *back = evals_tpl_parse(a, strlen(a), err, sizeof err);
  if (!back) abort();
  json_t *c2 = evals_tpl_json(back);
  char *b = json_dumps(c2, JSON_SORT_KEYS | JSON_COMPACT);
  if (strcmp(a, b)) abort();
  int *vals = calloc(t->nitems, sizeof *vals);
  json_t *ans = json_loadb((const char *)data, size, 0, NULL);
  if (evals_answers_read(t, ans, vals, err, sizeof err) == 0) {
    double total = evals_total(vals, t->nitems);
    if (total < 0 || total > t->total_max) abort();
  }
  for (int k = -1; k <= t->total_max + 1; k += 7) {
    int s = evals_stars(t, k);
    if (s < 0 || s > 5) abort();
  }
  json_decref(ans);
  free(vals);
  free(a); free(b);
  json_decref(c1); json_decref(c2);
  evals_tpl_free(back);
  evals_tpl_free(t);
  return 0;
}
