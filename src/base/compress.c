/* compress.c — Accept-Encoding parsing and in-memory gzip for HTTP answers (see compress.h). */
#include "base/compress.h"
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* q-value of one element's parameters (";q=0.5"): 1000 × q, clamped to 0..1000; 1000 when absent or malformed. */
static int qvalue(const char *p, const char *end) {
  while (p < end) {
    while (p < end && (*p == ';' || *p == ' ' || *p == '\t')) p++;
    if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      p += 2;
      int v = 0, digits = 0;
      if (p < end && *p == '0') { p++; v = 0; }
      else if (p < end && *p == '1') { p++; v = 1000; }
      else return 1000;
      if (p < end && *p == '.') {
        p++;
        int scale = 100;
        while (p < end && isdigit((unsigned char)*p) && digits < 3) { if (v < 1000) v += (*p - '0') * scale; scale /= 10; p++; digits++; }
      }
      return v > 1000 ? 1000 : v;
    }
    while (p < end && *p != ';') p++;
  }
  return 1000;
}

int compress_accepts(const char *ae, const char *coding) {
  if (!ae || !coding || !*coding) return 0;
  size_t cl = strlen(coding);
  int star = -1;
  const char *p = ae;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (!*p) break;
    const char *start = p;
    while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t') p++;
    size_t n = (size_t)(p - start);
    const char *elem_end = p;
    while (*elem_end && *elem_end != ',') elem_end++;
    int q = qvalue(p, elem_end);
    if (n == cl && strncasecmp(start, coding, n) == 0) return q > 0;
    if (n == 1 && *start == '*') star = q;
    p = elem_end;
  }
  return star > 0;
}

char *compress_gzip(const char *buf, size_t len, size_t *out_len) {
  if (!buf || !out_len || len == 0 || len > (size_t)1 << 30) return NULL;
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL; /* 15 + 16: gzip wrapper */
  uLong cap = deflateBound(&z, (uLong)len);
  char *out = malloc(cap);
  if (!out) { deflateEnd(&z); return NULL; }
  z.next_in = (Bytef *)(uintptr_t)buf;
  z.avail_in = (uInt)len;
  z.next_out = (Bytef *)out;
  z.avail_out = (uInt)cap;
  int rc = deflate(&z, Z_FINISH);
  size_t n = (size_t)z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END || n >= len) { free(out); return NULL; }
  *out_len = n;
  return out;
}
