/* strbuf.h — a growable, always NUL-terminated byte buffer: the one used wherever text is built piece by piece. */
#ifndef BASE_STRBUF_H
#define BASE_STRBUF_H
#include <stddef.h>

typedef struct strbuf { char *p; size_t n, cap; } strbuf; /* zero-initialised is empty; the caller frees p */
/* Room for extra more bytes plus the NUL; 0 ok, -1 no memory (the buffer is unchanged). */
int sb_reserve(strbuf *b, size_t extra);
int sb_add(strbuf *b, const char *s, size_t n);
int sb_adds(strbuf *b, const char *s);
int sb_addc(strbuf *b, char c);
int sb_addf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
