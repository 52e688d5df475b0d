/* fuzz_people_cast.c — libFuzzer harness for the cast ballot's parser (people_cast_parse): any body against a grade
 * form and a choose form; never a crash, and an accepted ballot always holds marks the tally accepts (grades in
 * range, at most max_choices chosen), which the tally then counts without error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "people/people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const int64_t ids[] = {11, 12, 13, 2147483648LL};
  static const char *const grades[] = {"优秀", "称职", "基本称职", "不称职"};
  static const int w[] = {40, 60}, pts[] = {100, 80, 60, 0};
  signed char m[4];
  char field[64], msg[160];
  people_cast_form g = {.kind = PEOPLE_BALLOT_GRADE, .ncand = 4, .ngrades = 4, .cand_ids = ids, .grades = grades};
  people_cast_form c = {.kind = PEOPLE_BALLOT_CHOOSE, .ncand = 4, .max_choices = 2, .cand_ids = ids};
  const people_cast_form *forms[] = {&g, &c};
  for (int f = 0; f < 2; f++) {
    if (people_cast_parse((const char *)data, size, forms[f], m, field, sizeof field, msg, sizeof msg)) {
      if (!msg[0]) abort(); /* a refusal always says why */
      continue;
    }
    int chosen = 0;
    for (int i = 0; i < 4; i++) {
      if (f == 0 && (m[i] < -1 || m[i] > 3)) abort();
      if (f == 1 && m[i] != 0 && m[i] != 1) abort();
      chosen += f == 1 && m[i] == 1;
    }
    if (chosen > 2) abort();
    const int grp[] = {1};
    people_tally_in in = {.kind = forms[f]->kind, .ncand = 4, .ngrades = 4, .ngroups = 2, .weights = w, .points = pts, .nballots = 1, .group_of = grp, .marks = m};
    people_tally_cand out[4];
    if (people_tally(&in, 1, out, NULL, NULL)) abort();
  }
  return 0;
}
