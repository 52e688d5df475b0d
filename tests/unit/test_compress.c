/* test_compress.c — Accept-Encoding as browsers, curl and proxies send it (q-values, "*", refusals, case), and gzip
 * answers that inflate back to the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "base/compress.h"

static void test_accepts(void **st) {
  (void)st;
  const char *chrome = "gzip, deflate, br, zstd";
  assert_true(compress_accepts(chrome, "gzip"));
  assert_true(compress_accepts(chrome, "br"));
  assert_false(compress_accepts("gzip, deflate", "br"));
  assert_false(compress_accepts(NULL, "gzip"));
  assert_false(compress_accepts("", "gzip"));
  assert_false(compress_accepts("identity", "gzip"));
  assert_true(compress_accepts("GZIP", "gzip"));
  assert_false(compress_accepts("gzip;q=0", "gzip"));
  assert_false(compress_accepts("gzip; q=0.000", "gzip"));
  assert_true(compress_accepts("gzip;q=0.001", "gzip"));
  assert_true(compress_accepts("br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip"));
  assert_true(compress_accepts("*", "br"));
  assert_false(compress_accepts("*;q=0", "br"));
  assert_false(compress_accepts("*, br;q=0", "br"));   /* listed by name beats the wildcard */
  assert_true(compress_accepts("br;q=0, *", "gzip"));
  assert_false(compress_accepts("gzipx, xgzip", "gzip")); /* whole names only */
  assert_false(compress_accepts("x-gzip", "gzip"));
  assert_true(compress_accepts(" ,, gzip ,", "gzip"));
  assert_true(compress_accepts("gzip;level=9", "gzip")); /* an unknown parameter is not a q-value */
}

static void test_gzip_roundtrip(void **st) {
  (void)st;
  size_t n = 64 * 1024;
  char *in = malloc(n);
  static const char pat[] = "{\"id\":1,\"name\":\"城区专卖管理所\"},";
  for (size_t i = 0; i < n; i++) in[i] = pat[i % (sizeof pat - 1)];
  size_t zl = 0;
  char *z = compress_gzip(in, n, &zl);
  assert_non_null(z);
  assert_true(zl < n / 10);
  assert_int_equal((unsigned char)z[0], 0x1f); /* gzip magic */
  assert_int_equal((unsigned char)z[1], 0x8b);
  char *out = malloc(n);
  z_stream s;
  memset(&s, 0, sizeof s);
  assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
  s.next_in = (Bytef *)z;
  s.avail_in = (uInt)zl;
  s.next_out = (Bytef *)out;
  s.avail_out = (uInt)n;
  assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
  assert_int_equal(s.total_out, n);
  inflateEnd(&s);
  assert_memory_equal(in, out, n);
  free(in);
  free(out);
  free(z);
}

static void test_gzip_refuses_what_does_not_shrink(void **st) {
  (void)st;
  size_t zl = 0;
  assert_null(compress_gzip("ab", 2, &zl));
  assert_null(compress_gzip("", 0, &zl));
  assert_null(compress_gzip(NULL, 10, &zl));
  unsigned char rnd[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof rnd; i++) { x = x * 1103515245u + 12345u; rnd[i] = (unsigned char)(x >> 16); }
  assert_null(compress_gzip((const char *)rnd, sizeof rnd, &zl));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_accepts),
    cmocka_unit_test(test_gzip_roundtrip),
    cmocka_unit_test(test_gzip_refuses_what_does_not_shrink),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
