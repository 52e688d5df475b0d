/* strbuf.c — growable byte buffer with doubling growth and overflow checks. */
#include "base/strbuf.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sb_reserve(strbuf *b, size_t extra) {
  if (extra > SIZE_MAX - b->n - 1) return -1;
  size_t need = b->n + extra + 1;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->p, cap);
  if (!p) return -1;
  b->p = p;
  b->cap = cap;
  if (b->n == 0) b->p[0] = 0;
  return 0;
}

int sb_add(strbuf *b, const char *s, size_t n) {
  if (sb_reserve(b, n) != 0) return -1;
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
  return 0;
}

int sb_adds(strbuf *b, const char *s) { return sb_add(b, s, strlen(s)); }
int sb_addc(strbuf *b, char c) { return sb_add(b, &c, 1); }

int sb_addf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || sb_reserve(b, (size_t)n) != 0) return -1;
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)n;
  return 0;
}
