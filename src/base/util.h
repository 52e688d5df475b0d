/* util.h — small helpers without business words: clock strings, random tokens, hashing, a login rate limiter. */
#ifndef BASE_UTIL_H
#define BASE_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---- the bureau's clock ----
 * Every stored and shown time and every "today" is in one bureau time zone, whatever the server's TZ.
 * util_clock_init sets it for the whole process (TZ + tzset, so localtime_r and SQLite's 'localtime' follow it);
 * call it once at start, before any thread. tz: an IANA name ("Asia/Shanghai", the default when NULL or empty)
 * or a POSIX TZ string ("CST-8"); a name whose zoneinfo file is missing falls back to its fixed offset when known.
 * It also reads the test clocks: BUREAU_NOW (epoch seconds, or "YYYY-MM-DD HH:MM[:SS]" in the bureau zone) starts
 * the clock at that moment and lets it run on — or, with BUREAU_CLOCK=fixed as well, holds it there, so a test of
 * a time window (the login limiter's 60 s) does not depend on how fast a loaded machine answers;
 * BUREAU_TODAY (YYYY-MM-DD) pins "today" alone.
 * Returns 0, or -1 with a message in err for a zone or BUREAU_NOW it cannot use. */
int util_clock_init(const char *tz, char *err, size_t errlen);
const char *util_tz_name(void); /* the bureau zone's name as configured ("Asia/Shanghai") */
time_t util_now(void);          /* seconds since the epoch, on the injectable clock */
int64_t util_now_ms(void);      /* the same in milliseconds */
void util_now_text(char out[20]); /* util_now() as "YYYY-MM-DD HH:MM:SS" in the bureau zone */
void util_today(char out[11]);  /* BUREAU_TODAY when set, else the bureau-zone date of util_now() */
/* t as bureau-zone "YYYY-MM-DD HH:MM:SS" (out must hold 20 bytes) and "YYYY-MM-DD" (11 bytes). */
void util_time_str(time_t t, char *out);
void util_date_str(time_t t, char *out);
/* Months as an index y*12+m-1, the one parser every module uses: "2026-03" → index, -1 when malformed (years
 * 1900..9999); and back, "" outside that range. */
int util_month_index(const char *ym);
void util_month_str(int idx, char out[8]);
/* Random bytes as base64url without padding (libsodium); out must hold 2*bytes bytes. */
void util_random_token(char *out, size_t outlen, size_t bytes);
/* SHA-256 of data as 64 hex characters plus NUL. */
void util_sha256_hex(const void *data, size_t len, char out[65]);
/* A password for a new or reset account: 12 characters, letters and digits, easy to read aloud (no 0/O, 1/l). */
void util_temp_password(char out[13]);

/* "YYYY-MM-DD HH:MM:SS" naming a real moment (no 2026-02-30, no 99:99:99); "YYYY-MM" a real month. 1 valid, 0 not.
 * (A date alone: wd_parse in base/workday.h.) */
int util_datetime_valid(const char *s);
int util_month_valid(const char *s);

/* Sliding-window rate limiter keyed by a string (client IP, token|IP): at most max_hits in any window_s seconds.
 * Thread-safe; the caller passes the clock (tests inject it). */
typedef struct ratelimit ratelimit;
ratelimit *rl_new(unsigned max_hits, unsigned window_s);
void rl_free(ratelimit *rl);
/* Counts one hit for key at time now; returns 0 if allowed, else the seconds until it is allowed again. */
unsigned rl_hit(ratelimit *rl, const char *key, time_t now);
/* The same; *first_refusal is set to 1 on the first refusal after an allowed hit (log refusals once, not per hit). */
unsigned rl_hit_ex(ratelimit *rl, const char *key, time_t now, int *first_refusal);
#endif
