/* imgmake.c — small generated pictures (pure, no I/O): the demo's photos and signatures, the unit tests' re-compressed
 * and cropped copies, and the bench's inputs. A scene is a few shaded blocks drawn from a seed; JPEG by libjpeg-turbo. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

void evals_scene(uint64_t seed, int w, int h, unsigned char *px) {
  uint64_t r0 = evals_mix64(seed ^ 0x5EED5EEDULL);
  int base = (int)(r0 % 120) + 60, gx = (int)((r0 >> 8) % 121) - 60, gy = (int)((r0 >> 16) % 121) - 60;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(base + (x * gx / w) + (y * gy / h));
  for (int k = 0; k < 14; k++) {
    uint64_t r = evals_mix64(r0 + (uint64_t)k * 0x9E3779B97F4A7C15ULL);
    int x0 = (int)(r % (uint64_t)w), y0 = (int)((r >> 16) % (uint64_t)h);
    int bw = w / 8 + (int)((r >> 32) % (uint64_t)(w / 3 + 1)), bh = h / 8 + (int)((r >> 40) % (uint64_t)(h / 3 + 1));
    int v = (int)((r >> 48) % 256);
    for (int y = y0; y < y0 + bh && y < h; y++)
      for (int x = x0; x < x0 + bw && x < w; x++) px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)((v + x + y) & 255);
  }
}

typedef struct jerr { struct jpeg_error_mgr pub; jmp_buf jb; } jerr;
static void on_error(j_common_ptr c) { longjmp(((jerr *)c->err)->jb, 1); }

int evals_jpeg_make(const unsigned char *px, int w, int h, int comps, int quality, unsigned char **out, size_t *len) {
  struct jpeg_compress_struct c;
  jerr err;
  unsigned char *volatile buf = NULL;
  unsigned long n = 0;
  c.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  if (setjmp(err.jb)) {
    jpeg_destroy_compress(&c);
    free(buf);
    return -1;
  }
  jpeg_create_compress(&c);
  unsigned char *b = NULL;
  jpeg_mem_dest(&c, &b, &n);
  c.image_width = (JDIMENSION)w;
  c.image_height = (JDIMENSION)h;
  c.input_components = comps;
  c.in_color_space = comps == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = (JSAMPROW)(px + (size_t)c.next_scanline * (size_t)w * (size_t)comps);
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  buf = b;
  jpeg_destroy_compress(&c);
  *out = buf;
  *len = n;
  return 0;
}
