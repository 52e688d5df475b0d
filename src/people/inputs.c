/* inputs.c — the registry of appraisal inputs: each module offers its figures for the 年度考核 card at start-up. */
#include "people/people.h"
#include <string.h>

#define MAX_INPUTS 64
static const people_input *inputs[MAX_INPUTS];
static size_t ninputs;

int people_register_input(const people_input *in) {
  if (!in || !in->key || !*in->key || !in->label || !in->fill || !(in->subjects & (PEOPLE_SUBJ_PERSON | PEOPLE_SUBJ_UNIT))) return -1;
  if (in->weight < 0 || in->weight > 100) return -1;
  if (people_input_find(in->key)) return -1;
  if (ninputs >= MAX_INPUTS) return -1;
  inputs[ninputs++] = in;
  return 0;
}

const people_input *const *people_inputs(size_t *n) {
  if (n) *n = ninputs;
  return inputs;
}

const people_input *people_input_find(const char *key) {
  for (size_t i = 0; key && i < ninputs; i++)
    if (!strcmp(inputs[i]->key, key)) return inputs[i];
  return NULL;
}

double people_card_total(const int *weights, const double *scores, const int *has, size_t n) {
  double sw = 0, s = 0;
  for (size_t i = 0; i < n; i++) {
    if (!has[i] || weights[i] <= 0) continue;
    sw += weights[i];
    s += weights[i] * scores[i];
  }
  return sw > 0 ? s / sw : -1;
}
