/* fuzz_risks_check.c — libFuzzer harness: the answered form of a safety check (POST …/checks/:id/submit "results")
 * on arbitrary bytes, against each place's template. The first byte picks the place (or an unknown one). An accepted
 * form answers every item of the template exactly once, failed items carry a note and a deadline of 1–90 working
 * days; a refusal names the field and says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "risks/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  static const char *const places[] = {"仓库", "车辆", "办公楼", "营业网点", "食堂"};
  const char *place = places[data[0] % 5];
  json_t *j = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
  if (!j) return 0;
  risks_check_result out[16];
  size_t n = 99, nt = 0;
  char why[300], field[32];
  why[0] = field[0] = 0;
  const risks_check_item *t = risks_check_template(place, &nt);
  if (risks_check_results_parse(place, j, out, 16, &n, why, sizeof why, field, sizeof field) == 0) {
    if (!t || n != nt) abort();
    for (size_t i = 0; i < n; i++) {
      int seen = 0;
      for (size_t k = 0; k < n; k++) seen += out[k].item == &t[i];
      if (seen != 1 || out[i].result < 0 || out[i].result > 2) abort();
      if (out[i].result == 1 && (!out[i].note[0] || out[i].limit_days < 1 || out[i].limit_days > 90)) abort();
      if (memchr(out[i].note, 0, sizeof out[i].note) == NULL) abort();
    }
  } else if (!why[0] || !field[0] || n != 0) abort();
  json_decref(j);
  return 0;
}
