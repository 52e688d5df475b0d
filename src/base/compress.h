/* compress.h — HTTP content coding: which codings a client accepts (Accept-Encoding, with q-values) and gzip of an
 * answer in memory (zlib). The static server sends precompressed .br/.gz files; large API answers are gzipped. */
#ifndef BASE_COMPRESS_H
#define BASE_COMPRESS_H
#include <stddef.h>

/* Does the Accept-Encoding header value accept `coding` ("gzip", "br")? A listed coding with q=0 is refused, "*"
 * stands for codings not listed, "identity" is never asked for here. NULL header: no. Pure. */
int compress_accepts(const char *accept_encoding, const char *coding);

/* gzip of buf[0..len) (zlib, level 6) in a new malloc'd buffer, its size in *out_len; NULL when it does not shrink
 * the data or on error. */
char *compress_gzip(const char *buf, size_t len, size_t *out_len);

/* Answers at least this large are worth gzipping (smaller ones fit in a packet or two anyway). */
#define COMPRESS_MIN_BYTES 2048
#endif
