/* util.h — small helpers without business words: clock strings, random tokens, hashing, a login rate limiter. */
#ifndef BASE_UTIL_H
#define BASE_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Local time as "YYYY-MM-DD HH:MM:SS" (out must hold 20 bytes). */
void util_time_str(time_t t, char *out);
void util_date_str(time_t t, char *out); /* "YYYY-MM-DD", 11 bytes */
/* Random bytes as base64url without padding (libsodium); out must hold 2*bytes bytes. */
void util_random_token(char *out, size_t outlen, size_t bytes);
/* SHA-256 of data as 64 hex characters plus NUL. */
void util_sha256_hex(const void *data, size_t len, char out[65]);
/* A password for a new or reset account: 12 characters, letters and digits, easy to read aloud (no 0/O, 1/l). */
void util_temp_password(char out[13]);

/* Fixed-window rate limiter keyed by a string (client IP); thread-safe; the caller passes the clock. */
typedef struct ratelimit ratelimit;
ratelimit *rl_new(unsigned max_hits, unsigned window_s);
void rl_free(ratelimit *rl);
/* Counts one hit for key at time now; returns 0 if allowed, else the seconds until it is allowed again. */
unsigned rl_hit(ratelimit *rl, const char *key, time_t now);
#endif
