/* fuzz_risks_settings.c — libFuzzer harness: the risk settings body (PUT /risks/settings: matrix and cadence) on
 * arbitrary bytes. A refusal says why; an accepted matrix round-trips through its JSON and never rates a worse cell
 * lower; an accepted cadence round-trips too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "risks/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *j = json_loadb((const char *)data, size, 0, NULL);
  if (!j) return 0;
  char why[160];
  risks_matrix m, m2;
  why[0] = 0;
  if (risks_matrix_from_json(json_object_get(j, "matrix"), &m, why, sizeof why) == 0) {
    json_t *back = risks_matrix_to_json(&m);
    if (risks_matrix_from_json(back, &m2, why, sizeof why) || memcmp(&m, &m2, sizeof m)) abort();
    for (int l = 1; l <= m.size; l++)
      for (int i = 1; i <= m.size; i++) {
        int lv = risks_level_of(&m, l, i);
        if (lv < 0 || lv >= RL__COUNT || (l > 1 && lv < risks_level_of(&m, l - 1, i))) abort();
      }
    if (risks_level_of(&m, m.size + 1, 1) != -1) abort();
    json_decref(back);
  } else if (!why[0]) abort();
  risks_cadence c, c2;
  why[0] = 0;
  if (risks_cadence_from_json(json_object_get(j, "cadence"), &c, why, sizeof why) == 0) {
    json_t *back = risks_cadence_to_json(&c);
    if (risks_cadence_from_json(back, &c2, why, sizeof why) || memcmp(&c, &c2, sizeof c)) abort();
    json_decref(back);
  } else if (!why[0]) abort();
  json_decref(j);
  return 0;
}
