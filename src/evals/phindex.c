/* phindex.c — near-duplicate search over many 64-bit perceptual hashes (pure): multi-index hashing. The hash is cut
 * into four 16-bit chunks; two hashes within 11 differing bits agree within 2 bits on at least one chunk (4 × 3 > 11),
 * so a query looks up, per chunk, the 137 chunk values within 2 bits of its own and compares only the hashes found
 * there. Exact for thresholds up to 11; beyond that the caller compares everything. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <stdlib.h>
#include <string.h>

#define NCHUNK 4
#define NVAL 65536

struct evals_phindex {
  const uint64_t *h;
  size_t n;
  uint32_t *off[NCHUNK]; /* NVAL + 1 offsets into idx */
  uint32_t *idx[NCHUNK]; /* hash indexes grouped by chunk value */
  uint32_t *seen;        /* per hash, the last query that looked at it */
  uint32_t stamp;
};

static unsigned chunk(uint64_t h, int c) { return (unsigned)(h >> (16 * c)) & 0xFFFFu; }

void evals_phindex_free(evals_phindex *x) {
  if (!x) return;
  for (int c = 0; c < NCHUNK; c++) { free(x->off[c]); free(x->idx[c]); }
  free(x->seen);
  free(x);
}

evals_phindex *evals_phindex_build(const uint64_t *h, size_t n) {
  if (n >= UINT32_MAX) return NULL;
  evals_phindex *x = calloc(1, sizeof *x);
  if (!x) return NULL;
  x->h = h;
  x->n = n;
  x->seen = calloc(n ? n : 1, sizeof *x->seen);
  if (!x->seen) { evals_phindex_free(x); return NULL; }
  for (int c = 0; c < NCHUNK; c++) {
    x->off[c] = calloc(NVAL + 1, sizeof *x->off[c]);
    x->idx[c] = malloc((n ? n : 1) * sizeof *x->idx[c]);
    if (!x->off[c] || !x->idx[c]) { evals_phindex_free(x); return NULL; }
    /* counting sort by chunk value */
    for (size_t i = 0; i < n; i++) x->off[c][chunk(h[i], c) + 1]++;
    for (size_t v = 0; v < NVAL; v++) x->off[c][v + 1] += x->off[c][v];
    uint32_t *fill = malloc(NVAL * sizeof *fill);
    if (!fill) { evals_phindex_free(x); return NULL; }
    memcpy(fill, x->off[c], NVAL * sizeof *fill);
    for (size_t i = 0; i < n; i++) x->idx[c][fill[chunk(h[i], c)]++] = (uint32_t)i;
    free(fill);
  }
  return x;
}

/* Looks at every hash in the bucket of value v of chunk c. */
static size_t probe(evals_phindex *x, int c, unsigned v, uint64_t q, int maxd, size_t self, evals_phindex_hit fn, void *ctx, uint64_t *cmp) {
  size_t found = 0;
  for (uint32_t k = x->off[c][v]; k < x->off[c][v + 1]; k++) {
    uint32_t i = x->idx[c][k];
    if (x->seen[i] == x->stamp) continue;
    x->seen[i] = x->stamp;
    if (i == self) continue;
    (*cmp)++;
    int d = evals_hamming(q, x->h[i]);
    if (d <= maxd) { found++; if (fn) fn(ctx, i, d); }
  }
  return found;
}

size_t evals_phindex_query(evals_phindex *x, uint64_t q, int maxd, size_t self, evals_phindex_hit fn, void *ctx, uint64_t *comparisons) {
  uint64_t cmp = 0;
  size_t found = 0;
  if (maxd > 11) { /* beyond the index's guarantee: every hash */
    for (size_t i = 0; i < x->n; i++) {
      if (i == self) continue;
      cmp++;
      int d = evals_hamming(q, x->h[i]);
      if (d <= maxd) { found++; if (fn) fn(ctx, i, d); }
    }
  } else {
    if (++x->stamp == 0) { memset(x->seen, 0, x->n * sizeof *x->seen); x->stamp = 1; }
    for (int c = 0; c < NCHUNK; c++) {
      unsigned v = chunk(q, c);
      found += probe(x, c, v, q, maxd, self, fn, ctx, &cmp);
      for (int a = 0; a < 16; a++) {
        found += probe(x, c, v ^ (1u << a), q, maxd, self, fn, ctx, &cmp);
        for (int b = a + 1; b < 16; b++) found += probe(x, c, v ^ (1u << a) ^ (1u << b), q, maxd, self, fn, ctx, &cmp);
      }
    }
  }
  if (comparisons) *comparisons += cmp;
  return found;
}
