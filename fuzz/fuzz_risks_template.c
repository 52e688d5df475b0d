/* fuzz_risks_template.c — libFuzzer harness: the body of a check template edit (PUT /risks/safety/templates/:place
 * "items") on arbitrary bytes, against each place's built-in list as the current version. The first byte picks the
 * place (or an unknown one) and the highest number used so far. An accepted list has 1–60 items, codes unique and
 * either kept from the current list or new past `used` with the place's prefix, texts non-empty, ≤ 200 characters and
 * unique, photo rules in range, and differs from the current list; a refusal names the field and says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "risks/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  static const char *const places[] = {"仓库", "车辆", "办公楼", "营业网点", "食堂"};
  const char *place = places[data[0] % 5];
  int used = 10 + data[0] / 5;
  json_t *j = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
  if (!j) return 0;
  static risks_template_edit e;
  size_t nt = 0;
  const risks_check_item *t = risks_check_template(place, &nt);
  char why[300], field[40];
  why[0] = field[0] = 0;
  if (risks_template_parse(place, j, t, nt, used, &e, why, sizeof why, field, sizeof field) == 0) {
    const char *pre = risks_template_prefix(place);
    if (!pre || e.n < 1 || e.n > RISKS_TEMPLATE_MAX || e.n != json_array_size(j)) abort();
    int same = e.n == nt;
    for (size_t i = 0; i < e.n; i++) {
      const risks_check_item *it = &e.items[i];
      if (it->photo < 0 || it->photo > 2 || !it->text[0] || strlen(it->text) > 4 * RISKS_TEMPLATE_TEXT || strncmp(it->code, pre, 2)) abort();
      int kept = 0;
      for (size_t k = 0; k < nt; k++) kept = kept || !strcmp(it->code, t[k].code);
      if (!kept && atoi(it->code + 2) <= used) abort();
      for (size_t k = 0; k < i; k++)
        if (!strcmp(it->code, e.items[k].code) || !strcmp(it->text, e.items[k].text)) abort();
      same = same && !strcmp(it->code, t[i].code) && !strcmp(it->text, t[i].text) && !strcmp(it->element, t[i].element) && it->photo == t[i].photo;
    }
    if (same) abort();
  } else if (!why[0] || !field[0] || e.n != 0) abort();
  json_decref(j);
  return 0;
}
