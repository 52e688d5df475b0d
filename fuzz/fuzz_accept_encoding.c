/* fuzz_accept_encoding.c — libFuzzer harness for the Accept-Encoding parser (compress_accepts): any header value,
 * never a crash or a read past its end; a coding named with q=0 is never accepted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/compress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = 0;
  static const char *const codings[] = {"gzip", "br", "deflate", "*", "x"};
  for (size_t i = 0; i < sizeof codings / sizeof codings[0]; i++) (void)compress_accepts(s, codings[i]);
  /* Appending an explicit refusal of gzip after any list of other codings (with no gzip in it) refuses gzip. */
  if (!strstr(s, "gzip") && !strstr(s, "GZIP") && strlen(s) < 4000) {
    char t[4100];
    snprintf(t, sizeof t, "%s, gzip;q=0", s);
    if (!strcasestr(s, "gzip") && compress_accepts(t, "gzip")) abort();
  }
  free(s);
  return 0;
}
