/* exif.c — the Exif reader for evaluation photos (pure, fuzzed): the time the photo was taken and its GPS position from
 * a JPEG's APP1 segment. Every offset read from the file is checked against the segment before it is followed. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct tiff { const unsigned char *p; size_t n; int le; } tiff;

static int u16(const tiff *t, size_t off, unsigned *v) {
  if (off > t->n || t->n - off < 2) return -1;
  *v = t->le ? (unsigned)(t->p[off] | t->p[off + 1] << 8) : (unsigned)(t->p[off] << 8 | t->p[off + 1]);
  return 0;
}
static int u32(const tiff *t, size_t off, uint32_t *v) {
  if (off > t->n || t->n - off < 4) return -1;
  const unsigned char *b = t->p + off;
  *v = t->le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
             : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
  return 0;
}

/* The value of an entry: where its data lies (inline for ≤ 4 bytes) and its count. */
typedef struct entry { unsigned tag, type; uint32_t count; size_t data; } entry;
static int entry_at(const tiff *t, size_t off, entry *e) {
  static const unsigned size_of[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};
  uint32_t cnt, val;
  if (u16(t, off, &e->tag) || u16(t, off + 2, &e->type) || u32(t, off + 4, &cnt) || u32(t, off + 8, &val)) return -1;
  if (e->type == 0 || e->type > 12 || cnt > (1u << 20)) return -1;
  e->count = cnt;
  uint64_t bytes = (uint64_t)size_of[e->type] * cnt;
  e->data = bytes <= 4 ? off + 8 : val;
  if (e->data > t->n || t->n - e->data < bytes) return -1;
  return 0;
}

/* Walks one IFD, calling fn for each entry; at most 512 entries. */
typedef void (*entry_fn)(const tiff *t, const entry *e, void *ctx);
static int walk(const tiff *t, uint32_t ifd, entry_fn fn, void *ctx) {
  unsigned n;
  if (u16(t, ifd, &n) || n > 512) return -1;
  for (unsigned i = 0; i < n; i++) {
    entry e;
    if (entry_at(t, (size_t)ifd + 2 + 12 * (size_t)i, &e) == 0) fn(t, &e, ctx);
  }
  return 0;
}

typedef struct ctx {
  evals_exif *out;
  uint32_t exif_ifd, gps_ifd;
  char dt[20], dto[20];
  double lat[3], lng[3];
  int has_lat, has_lng;
  char lat_ref, lng_ref;
} ctx;

static void ascii(const tiff *t, const entry *e, char out[20]) {
  if (e->type != 2 || e->count < 19) return;
  memcpy(out, t->p + e->data, 19);
  out[19] = 0;
}

static int rationals(const tiff *t, const entry *e, double v[3]) {
  if (e->type != 5 || e->count != 3) return -1;
  for (int i = 0; i < 3; i++) {
    uint32_t num, den;
    if (u32(t, e->data + 8 * (size_t)i, &num) || u32(t, e->data + 8 * (size_t)i + 4, &den) || den == 0) return -1;
    v[i] = (double)num / (double)den;
  }
  return 0;
}

static void on_ifd0(const tiff *t, const entry *e, void *p) {
  ctx *c = p;
  uint32_t v;
  if (e->tag == 0x8769 && e->type == 4 && u32(t, e->data, &v) == 0) c->exif_ifd = v;
  else if (e->tag == 0x8825 && e->type == 4 && u32(t, e->data, &v) == 0) c->gps_ifd = v;
  else if (e->tag == 0x0132) ascii(t, e, c->dt);
}
static void on_exif(const tiff *t, const entry *e, void *p) {
  if (e->tag == 0x9003) ascii(t, e, ((ctx *)p)->dto);
}
static void on_gps(const tiff *t, const entry *e, void *p) {
  ctx *c = p;
  if ((e->tag == 1 || e->tag == 3) && e->type == 2 && e->count >= 1) *(e->tag == 1 ? &c->lat_ref : &c->lng_ref) = (char)t->p[e->data];
  else if (e->tag == 2) c->has_lat = rationals(t, e, c->lat) == 0;
  else if (e->tag == 4) c->has_lng = rationals(t, e, c->lng) == 0;
}

/* "2026:03:05 10:11:12" → "2026-03-05 10:11:12" when it is a real time. */
static int exif_time(const char *in, char out[20]) {
  if (strlen(in) != 19 || in[4] != ':' || in[7] != ':') return 0;
  char t[20];
  memcpy(t, in, 20);
  t[4] = t[7] = '-';
  if (evals_time_parse(t) < 0) return 0;
  memcpy(out, t, 20);
  return 1;
}

static void parse_tiff(const unsigned char *p, size_t n, evals_exif *out) {
  tiff t = {p, n, 0};
  if (n < 8) return;
  if (p[0] == 'I' && p[1] == 'I') t.le = 1;
  else if (!(p[0] == 'M' && p[1] == 'M')) return;
  unsigned magic;
  uint32_t ifd0;
  if (u16(&t, 2, &magic) || magic != 42 || u32(&t, 4, &ifd0)) return;
  ctx c = {.out = out};
  if (walk(&t, ifd0, on_ifd0, &c)) return;
  if (c.exif_ifd) walk(&t, c.exif_ifd, on_exif, &c);
  if (c.gps_ifd) walk(&t, c.gps_ifd, on_gps, &c);
  out->has_time = exif_time(c.dto, out->time) || exif_time(c.dt, out->time);
  if (c.has_lat && c.has_lng && (c.lat_ref == 'N' || c.lat_ref == 'S') && (c.lng_ref == 'E' || c.lng_ref == 'W')) {
    double lat = c.lat[0] + c.lat[1] / 60 + c.lat[2] / 3600, lng = c.lng[0] + c.lng[1] / 60 + c.lng[2] / 3600;
    if (c.lat_ref == 'S') lat = -lat;
    if (c.lng_ref == 'W') lng = -lng;
    if (isfinite(lat) && isfinite(lng) && fabs(lat) <= 90 && fabs(lng) <= 180) {
      out->has_gps = 1;
      out->lat = lat;
      out->lng = lng;
    }
  }
}

int evals_exif_read(const unsigned char *d, size_t len, evals_exif *out) {
  memset(out, 0, sizeof *out);
  if (len < 4 || d[0] != 0xFF || d[1] != 0xD8) return -1;
  size_t i = 2;
  /* Markers up to the start of scan: APP1 "Exif\0\0" holds the TIFF structure. */
  while (i + 4 <= len) {
    if (d[i] != 0xFF) return 0;
    unsigned m = d[i + 1];
    if (m == 0xFF) { i++; continue; }
    if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { i += 2; continue; }
    if (m == 0xDA || m == 0xD9) return 0;
    size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
    if (seg < 2 || len - i - 2 < seg) return 0;
    if (m == 0xE1 && seg >= 8 && memcmp(d + i + 4, "Exif\0\0", 6) == 0) {
      parse_tiff(d + i + 10, seg - 8, out);
      return 0;
    }
    i += 2 + seg;
  }
  return 0;
}
