/* fuzz_evals_image.c — libFuzzer harness: the image path of an uploaded photo on arbitrary bytes — the header probe, then
 * (when the probe accepts it within the pixel limits, as the upload handler does) libjpeg-turbo's decode to the
 * perceptual hash. Neither may crash, read outside the input or decode a pixel bomb. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EVALS_PURE_ONLY
#include "evals/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *d = malloc(size ? size : 1);
  memcpy(d, data, size);
  int w, h;
  evals_image_type t = evals_image_probe(d, size, &w, &h);
  if (t != EI_NONE && (w <= 0 || h <= 0)) abort();
  if (t == EI_JPEG && w <= EVALS_PHOTO_MAX_SIDE && h <= EVALS_PHOTO_MAX_SIDE && (long long)w * h <= EVALS_PHOTO_MAX_PIXELS) {
    uint64_t hv;
    evals_jpeg_dhash(d, size, &hv);
  }
  free(d);
  return 0;
}
