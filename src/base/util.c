/* util.c — the bureau's clock, random tokens (libsodium), SHA-256, and the fixed-window rate limiter. */
#include "base/util.h"
#include "base/workday.h"
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the bureau's clock: set once before any thread, read-only afterwards ---- */
static char g_tz[64] = "Asia/Shanghai";
static time_t g_offset; /* BUREAU_NOW minus the real clock at start; 0 without it */
static time_t g_fixed;  /* BUREAU_NOW with BUREAU_CLOCK=fixed: the clock stands still there; 0 otherwise */

/* Zones a Chinese bureau may name, for a host without tzdata (none of them keeps summer time today). */
static const struct { const char *name, *posix; } tz_fixed[] = {
    {"Asia/Shanghai", "CST-8"}, {"Asia/Chongqing", "CST-8"}, {"Asia/Chungking", "CST-8"}, {"Asia/Harbin", "CST-8"},
    {"PRC", "CST-8"}, {"Asia/Hong_Kong", "HKT-8"}, {"Asia/Macau", "CST-8"}, {"Asia/Taipei", "CST-8"},
    {"Asia/Urumqi", "<+06>-6"}, {"UTC", "UTC0"}, {"Etc/UTC", "UTC0"}, {"GMT", "GMT0"}};

static int zoneinfo_has(const char *name) {
  if (strstr(name, "..")) return 0;
  const char *dir = getenv("TZDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A POSIX TZ string such as "CST-8" or "<+06>-6": a name of 3+ letters (or <…>), then an offset. */
static int posix_tz(const char *s) {
  size_t n = 0;
  if (*s == '<') {
    const char *e = strchr(s, '>');
    if (!e) return 0;
    s = e + 1;
  } else {
    while (isalpha((unsigned char)s[n])) n++;
    if (n < 3) return 0;
    s += n;
  }
  if (*s == '+' || *s == '-') s++;
  return isdigit((unsigned char)*s);
}

int util_clock_init(const char *tz, char *err, size_t errlen) {
  if (!tz || !*tz) tz = "Asia/Shanghai";
  if (strlen(tz) >= sizeof g_tz) { snprintf(err, errlen, "时区名称过长: %s", tz); return -1; }
  const char *set = tz;
  if (!zoneinfo_has(tz)) {
    set = NULL;
    for (size_t i = 0; i < sizeof tz_fixed / sizeof *tz_fixed; i++)
      if (!strcmp(tz, tz_fixed[i].name)) set = tz_fixed[i].posix;
    if (!set && posix_tz(tz)) set = tz;
    if (!set) { snprintf(err, errlen, "未知时区 %s（应为 Asia/Shanghai 这样的时区名，或 CST-8 这样的 POSIX 时区串）", tz); return -1; }
  }
  snprintf(g_tz, sizeof g_tz, "%s", tz);
  setenv("TZ", set, 1);
  tzset();
  g_offset = 0;
  g_fixed = 0;
  const char *mode = getenv("BUREAU_CLOCK");
  if (mode && *mode && strcmp(mode, "fixed")) {
    snprintf(err, errlen, "BUREAU_CLOCK 只能为 fixed（与 BUREAU_NOW 同用）: %s", mode);
    return -1;
  }
  const char *now = getenv("BUREAU_NOW");
  if (now && *now) {
    char *end;
    long long v = strtoll(now, &end, 10);
    time_t at;
    if (*end == 0) {
      at = (time_t)v;
    } else {
      struct tm tm = {0};
      int sec = 0, n = sscanf(now, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &sec);
      char day[11];
      snprintf(day, sizeof day, "%.10s", now);
      if (n < 5 || wd_parse(day) < 0 || tm.tm_hour > 23 || tm.tm_min > 59 || sec > 59 || tm.tm_hour < 0 || tm.tm_min < 0 || sec < 0) {
        snprintf(err, errlen, "BUREAU_NOW 应为秒数或 \"YYYY-MM-DD HH:MM:SS\": %s", now);
        return -1;
      }
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      tm.tm_sec = sec;
      tm.tm_isdst = -1;
      at = mktime(&tm);
    }
    g_offset = at - time(NULL);
    if (mode && *mode) g_fixed = at;
  }
  return 0;
}

const char *util_tz_name(void) { return g_tz; }
time_t util_now(void) { return g_fixed ? g_fixed : time(NULL) + g_offset; }
int64_t util_now_ms(void) {
  if (g_fixed) return (int64_t)g_fixed * 1000;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ((int64_t)ts.tv_sec + (int64_t)g_offset) * 1000 + ts.tv_nsec / 1000000;
}
void util_now_text(char out[20]) { util_time_str(util_now(), out); }
void util_today(char out[11]) {
  const char *e = getenv("BUREAU_TODAY");
  if (e && strlen(e) == 10 && wd_parse(e) >= 0) { memcpy(out, e, 11); return; }
  util_date_str(util_now(), out);
}

void util_time_str(time_t t, char *out) {
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
void util_date_str(time_t t, char *out) {
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

void util_random_token(char *out, size_t outlen, size_t bytes) {
  unsigned char buf[64];
  if (bytes > sizeof buf) bytes = sizeof buf;
  randombytes_buf(buf, bytes);
  sodium_bin2base64(out, outlen, buf, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void util_sha256_hex(const void *data, size_t len, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, len);
  sodium_bin2hex(out, 65, h, sizeof h);
}

void util_temp_password(char out[13]) {
  static const char lower[] = "abcdefghijkmnpqrstuvwxyz", upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ", digit[] = "23456789";
  for (int i = 0; i < 12; i++) {
    const char *set = i < 4 ? upper : i < 8 ? lower : digit;
    size_t n = strlen(set);
    out[i] = set[randombytes_uniform((uint32_t)n)];
  }
  out[12] = 0;
  /* Shuffle so the classes are not in fixed places. */
  for (int i = 11; i > 0; i--) {
    int j = (int)randombytes_uniform((uint32_t)i + 1);
    char t = out[i]; out[i] = out[j]; out[j] = t;
  }
}

/* Sliding-log limiter: each key keeps the times of its last max hits in a ring, so "at most max in any window_s
 * seconds" holds exactly, with no edge where two windows meet. A key is two 64-bit hashes of the whole string.
 * A live key is never overwritten: when every slot a key may use holds live hits, the key is refused until the
 * soonest of them expires (fail closed), so flooding the table with other keys cannot reset anyone's count. */
#define RL_PROBE 32
struct rl_ent { uint64_t h1, h2; time_t newest; unsigned n, head, refused; };
struct ratelimit { pthread_mutex_t mu; unsigned max, window_s; size_t slots; struct rl_ent *ents; time_t *hits; };

ratelimit *rl_new(unsigned max_hits, unsigned window_s) {
  ratelimit *rl = calloc(1, sizeof *rl);
  if (!rl) return NULL;
  rl->max = max_hits ? max_hits : 1;
  rl->window_s = window_s ? window_s : 60;
  /* About 4 MiB whatever the limit: some 20,000 live keys for a limit of 20, so a real crowd never fills it. */
  rl->slots = ((size_t)4 << 20) / (rl->max * sizeof(time_t) + sizeof(struct rl_ent));
  if (rl->slots > 65536) rl->slots = 65536;
  if (rl->slots < 64) rl->slots = 64;
  rl->ents = calloc(rl->slots, sizeof *rl->ents);
  rl->hits = calloc(rl->slots * rl->max, sizeof *rl->hits);
  if (!rl->ents || !rl->hits) { free(rl->ents); free(rl->hits); free(rl); return NULL; }
  pthread_mutex_init(&rl->mu, NULL);
  return rl;
}
void rl_free(ratelimit *rl) {
  if (!rl) return;
  pthread_mutex_destroy(&rl->mu);
  free(rl->ents);
  free(rl->hits);
  free(rl);
}

unsigned rl_hit_ex(ratelimit *rl, const char *key, time_t now, int *first_refusal) {
  uint64_t h1 = 1469598103934665603ULL, h2 = 0x9e3779b97f4a7c15ULL;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
    h1 = (h1 ^ *p) * 1099511628211ULL;
    h2 = (h2 ^ *p) * 0x100000001b3ULL + (h2 >> 29);
  }
  if (!h1 && !h2) h1 = 1; /* 0,0 marks an empty slot */
  if (first_refusal) *first_refusal = 0;
  pthread_mutex_lock(&rl->mu);
  struct rl_ent *slot = NULL, *free_slot = NULL;
  time_t soonest = 0;
  for (size_t i = 0; i < RL_PROBE; i++) {
    struct rl_ent *e = &rl->ents[(h1 + i) % rl->slots];
    if (e->h1 == h1 && e->h2 == h2) { slot = e; break; }
    int live = (e->h1 || e->h2) && e->n && e->newest > now - (time_t)rl->window_s;
    if (!live && !free_slot) free_slot = e;
    if (live && (!soonest || e->newest + (time_t)rl->window_s < soonest)) soonest = e->newest + (time_t)rl->window_s;
  }
  if (!slot && !free_slot) {
    pthread_mutex_unlock(&rl->mu);
    return soonest > now ? (unsigned)(soonest - now) : 1;
  }
  if (!slot) {
    slot = free_slot;
    *slot = (struct rl_ent){.h1 = h1, .h2 = h2};
  }
  time_t *ring = rl->hits + (size_t)(slot - rl->ents) * rl->max;
  unsigned wait = 0;
  if (slot->n == rl->max && ring[slot->head] > now - (time_t)rl->window_s) {
    /* The oldest of the last max hits is still inside the window: one more would make max + 1. */
    wait = (unsigned)(ring[slot->head] + (time_t)rl->window_s - now);
    if (first_refusal) *first_refusal = !slot->refused;
    slot->refused = 1;
  } else {
    ring[slot->head] = now;
    slot->head = (slot->head + 1) % rl->max;
    if (slot->n < rl->max) slot->n++;
    slot->newest = now;
    slot->refused = 0;
  }
  pthread_mutex_unlock(&rl->mu);
  return wait;
}

unsigned rl_hit(ratelimit *rl, const char *key, time_t now) { return rl_hit_ex(rl, key, now, NULL); }

int util_datetime_valid(const char *s) {
  if (!s || strlen(s) != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':') return 0;
  char d[11];
  memcpy(d, s, 10);
  d[10] = 0;
  if (wd_parse(d) < 0) return 0;
  for (int i = 11; i < 19; i++)
    if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9')) return 0;
  int h = (s[11] - '0') * 10 + s[12] - '0', m = (s[14] - '0') * 10 + s[15] - '0', sec = (s[17] - '0') * 10 + s[18] - '0';
  return h <= 23 && m <= 59 && sec <= 59;
}

int util_month_valid(const char *s) { return util_month_index(s) >= 1970 * 12; }

int util_month_index(const char *ym) {
  if (!ym || strlen(ym) != 7 || ym[4] != '-') return -1;
  for (int i = 0; i < 7; i++)
    if (i != 4 && (ym[i] < '0' || ym[i] > '9')) return -1;
  int y = atoi(ym), m = atoi(ym + 5);
  if (y < 1900 || y > 9999 || m < 1 || m > 12) return -1;
  return y * 12 + m - 1;
}

void util_month_str(int idx, char out[8]) {
  if (idx < 1900 * 12 || idx > 9999 * 12 + 11) { out[0] = 0; return; }
  snprintf(out, 8, "%04d-%02d", idx / 12, idx % 12 + 1);
}
