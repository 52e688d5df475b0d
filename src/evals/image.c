/* image.c — what an uploaded picture is, read from its header without decoding (so a pixel bomb is refused before any
 * memory is spent on it), and the perceptual hash of a photo: libjpeg-turbo decodes it straight to a small grayscale
 * image (the decoder scales by 1/8 itself), and a 64-bit dHash of that is kept. No I/O. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

evals_image_type evals_image_probe(const unsigned char *d, size_t len, int *w, int *h) {
  *w = *h = 0;
  static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (len >= 24 && memcmp(d, png_sig, 8) == 0) {
    if (memcmp(d + 12, "IHDR", 4)) return EI_NONE;
    uint32_t pw = (uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 | (uint32_t)d[18] << 8 | d[19];
    uint32_t ph = (uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 | (uint32_t)d[22] << 8 | d[23];
    if (!pw || !ph || pw > 1000000 || ph > 1000000) return EI_NONE;
    *w = (int)pw;
    *h = (int)ph;
    return EI_PNG;
  }
  if (len < 4 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF) return EI_NONE;
  size_t i = 2;
  while (i + 4 <= len) {
    if (d[i] != 0xFF) return EI_NONE;
    unsigned m = d[i + 1];
    if (m == 0xFF) { i++; continue; }
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) { i += 2; continue; }
    if (m == 0xDA || m == 0xD9) return EI_NONE; /* scan data before any frame header */
    size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
    if (seg < 2 || len - i - 2 < seg) return EI_NONE;
    /* SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      if (seg < 7) return EI_NONE;
      *h = d[i + 5] << 8 | d[i + 6];
      *w = d[i + 7] << 8 | d[i + 8];
      return *w && *h ? EI_JPEG : EI_NONE;
    }
    i += 2 + seg;
  }
  return EI_NONE;
}

int evals_hamming(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

uint64_t evals_dhash_gray(const unsigned char *px, int w, int h, int stride) {
  /* Area average into a 9×8 grid: each cell is the mean of the pixels whose centre falls in it. */
  double cell[8][9] = {{0}};
  int cnt[8][9] = {{0}};
  for (int y = 0; y < h; y++) {
    int cy = (int)((int64_t)y * 8 / h);
    const unsigned char *row = px + (size_t)y * (size_t)stride;
    for (int x = 0; x < w; x++) {
      int cx = (int)((int64_t)x * 9 / w);
      cell[cy][cx] += row[x];
      cnt[cy][cx]++;
    }
  }
  uint64_t hash = 0;
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      double l = cnt[y][x] ? cell[y][x] / cnt[y][x] : 0, r = cnt[y][x + 1] ? cell[y][x + 1] / cnt[y][x + 1] : 0;
      hash = hash << 1 | (l > r);
    }
  return hash;
}

typedef struct jerr { struct jpeg_error_mgr pub; jmp_buf jb; } jerr;
static void on_error(j_common_ptr c) { longjmp(((jerr *)c->err)->jb, 1); }
/* A warning (level -1) means corrupt or truncated data that libjpeg would paper over with grey: counted, refused. */
static void on_message(j_common_ptr c, int level) {
  if (level < 0) c->err->num_warnings++;
}

int evals_jpeg_dhash(const unsigned char *data, size_t len, uint64_t *hash) {
  struct jpeg_decompress_struct cinfo;
  jerr err;
  unsigned char *volatile buf = NULL;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  if (setjmp(err.jb)) {
    jpeg_destroy_decompress(&cinfo);
    free(buf);
    return -1;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, (unsigned long)len);
  if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) longjmp(err.jb, 1);
  /* The frame header decides the work: refuse before decoding whatever the caller checked. */
  if (cinfo.image_width == 0 || cinfo.image_height == 0 || cinfo.image_width > EVALS_PHOTO_MAX_SIDE || cinfo.image_height > EVALS_PHOTO_MAX_SIDE ||
      (long long)cinfo.image_width * cinfo.image_height > EVALS_PHOTO_MAX_PIXELS)
    longjmp(err.jb, 1);
  cinfo.out_color_space = JCS_GRAYSCALE;
  cinfo.scale_num = 1;
  cinfo.scale_denom = 8;
  cinfo.dct_method = JDCT_IFAST;
  jpeg_start_decompress(&cinfo);
  int w = (int)cinfo.output_width, h = (int)cinfo.output_height;
  if (w < 1 || h < 1 || cinfo.output_components != 1) longjmp(err.jb, 1);
  buf = malloc((size_t)w * (size_t)h);
  if (!buf) longjmp(err.jb, 1);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = buf + (size_t)cinfo.output_scanline * (size_t)w;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  long warnings = err.pub.num_warnings;
  jpeg_destroy_decompress(&cinfo);
  if (warnings) { free(buf); return -1; }
  *hash = evals_dhash_gray(buf, w, h, w);
  free(buf);
  return 0;
}
