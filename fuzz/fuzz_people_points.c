/* fuzz_people_points.c — libFuzzer harness for the points rules parser (people_points_parse, the body of POST
 * /people/points/rules) and the online college's 学时 cell parser (people_hours_parse): never a crash; accepted rules
 * always hold values within their ranges and give points for every kind, level and award without overflow; an
 * accepted 学时 is 0.1–200. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "people/talent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  people_points_rules r;
  char field[80], msg[200];
  if (people_points_parse((const char *)data, size, &r, field, sizeof field, msg, sizeof msg)) {
    if (!msg[0]) abort(); /* a refusal always says why */
  } else {
    for (int k = 0; k < PEOPLE_OUT_KINDS; k++)
      for (int l = 0; l < PEOPLE_OUT_LEVELS; l++)
        for (int a = 0; a < PEOPLE_OUT_AWARDS; a++) {
          if (r.base[k] < 0 || r.base[k] > 1000 || r.level_pct[l] < 0 || r.level_pct[l] > 10000 || r.award_pct[a] < 0 || r.award_pct[a] > 10000) abort();
          char how[200];
          int p = people_points_of(&r, k, l, a, how, sizeof how);
          if (p < 0) abort();
          int out[3];
          if (people_points_split(p, (int[]){34, 33, 33}, 3, out) || out[0] + out[1] + out[2] != p) abort();
        }
  }
  char cell[64];
  size_t n = size < sizeof cell - 1 ? size : sizeof cell - 1;
  memcpy(cell, data, n);
  cell[n] = 0;
  int x10;
  if (!people_hours_parse(cell, &x10) && (x10 < 1 || x10 > 2000)) abort();
  return 0;
}
