/* fuzz_query.c — libFuzzer harness for the HTTP edge parsers: query strings, URL decoding, cookies, list parameters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = 0;
  /* URL decoding never yields a NUL inside the result and never grows. */
  char *d = http_url_decode(s, size, 1);
  if (d && strlen(d) > size) abort();
  free(d);
  char out[128];
  if (http_cookie_get(s, "bureau_sid", out, sizeof out) && strlen(out) >= sizeof out) abort();
  req *r = http_req_new();
  if (http_parse_query(s, size, &r->query, &r->nquery) == 0) {
    for (size_t i = 0; i < r->nquery; i++)
      if (!r->query[i].key[0]) abort();
    static const char *const sorts[] = {"id", "name", "created_at", NULL};
    list_params lp;
    if (http_list_params(r, sorts, 0, 0, &lp) == 0) {
      if (lp.page < 1 || lp.size < 1 || lp.size > 500 || lp.offset != (lp.page - 1) * lp.size || lp.sort < 0 || lp.sort > 2) abort();
    } else if (r->status != 400) {
      abort();
    }
  }
  http_req_free(r);
  free(s);
  return 0;
}
