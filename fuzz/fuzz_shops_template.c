/* fuzz_shops_template.c — libFuzzer harness: the assessment template parser on arbitrary bytes. A template that parses
 * gives canonical JSON that parses to the same canonical JSON, and scores any answers without crashing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shops/shops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  err[0] = 0;
  shops_tpl *t = shops_tpl_parse((const char *)data, size, err, sizeof err);
  if (!t) {
    if (!err[0]) abort(); /* a refusal must say why */
    return 0;
  }
  json_t *c1 = shops_tpl_json(t);
  char *a = json_dumps(c1, JSON_SORT_KEYS | JSON_COMPACT);
  shops_tpl *back = shops_tpl_parse(a, strlen(a), err, sizeof err);
  if (!back) abort();
  json_t *c2 = shops_tpl_json(back);
  char *b = json_dumps(c2, JSON_SORT_KEYS | JSON_COMPACT);
  if (strcmp(a, b)) abort();
  /* score with no answers, and with the input itself as answers when it is an object */
  shops_result r;
  if (shops_score(t, NULL, NULL, "2026-03", &r)) abort();
  if (r.has_total) abort(); /* nothing answered and no data: nothing can be scored */
  json_t *j = shops_result_json(t, &r);
  json_decref(j);
  shops_result_free(&r);
  json_t *ans = json_loadb((const char *)data, size, 0, NULL);
  if (shops_score(t, ans, NULL, "2026-03", &r)) abort();
  if (r.has_total && (r.total < 0 || r.total > 100)) abort();
  shops_result_free(&r);
  json_decref(ans);
  free(a); free(b);
  json_decref(c1); json_decref(c2);
  shops_tpl_free(back);
  shops_tpl_free(t);
  return 0;
}
