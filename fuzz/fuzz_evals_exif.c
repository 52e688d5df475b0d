/* fuzz_evals_exif.c — libFuzzer harness: the Exif reader of evaluation photos on arbitrary bytes. It never reads outside
 * the input (ASan), and what it reports is a real time and a position on the globe. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EVALS_PURE_ONLY
#include "evals/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a private copy of exactly size bytes, so ASan sees any read past the end */
  unsigned char *d = malloc(size ? size : 1);
  memcpy(d, data, size);
  evals_exif ex;
  evals_exif_read(d, size, &ex);
  if (ex.has_time && evals_time_parse(ex.time) < 0) abort();
  if (ex.has_gps && (!isfinite(ex.lat) || !isfinite(ex.lng) || fabs(ex.lat) > 90 || fabs(ex.lng) > 180)) abort();
  free(d);
  return 0;
}
