/* util.c — clock strings, random tokens (libsodium), SHA-256, and the fixed-window rate limiter. */
#include "base/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define RL_SLOTS 4096
struct rl_ent { char key[64]; time_t window; unsigned hits; };
struct ratelimit { pthread_mutex_t mu; unsigned max, window_s; struct rl_ent *ents; };

ratelimit *rl_new(unsigned max_hits, unsigned window_s) {
  ratelimit *rl = calloc(1, sizeof *rl);
  if (!rl) return NULL;
  rl->ents = calloc(RL_SLOTS, sizeof *rl->ents);
  if (!rl->ents) { free(rl); return NULL; }
  pthread_mutex_init(&rl->mu, NULL);
  rl->max = max_hits;
  rl->window_s = window_s ? window_s : 60;
  return rl;
}
void rl_free(ratelimit *rl) {
  if (!rl) return;
  pthread_mutex_destroy(&rl->mu);
  free(rl->ents);
  free(rl);
}

unsigned rl_hit(ratelimit *rl, const char *key, time_t now) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  time_t window = now - now % rl->window_s;
  pthread_mutex_lock(&rl->mu);
  struct rl_ent *slot = NULL;
  /* Linear probe over 8 slots; a stale or empty slot is reused, so the table never fills up for good. */
  for (int i = 0; i < 8; i++) {
    struct rl_ent *e = &rl->ents[(h + (uint64_t)i) % RL_SLOTS];
    if (e->key[0] && strncmp(e->key, key, sizeof e->key - 1) == 0) { slot = e; break; }
    if (!slot && (!e->key[0] || e->window != window)) slot = e;
  }
  if (!slot) slot = &rl->ents[h % RL_SLOTS];
  if (strncmp(slot->key, key, sizeof slot->key - 1) != 0 || slot->window != window) {
    snprintf(slot->key, sizeof slot->key, "%s", key);
    slot->window = window;
    slot->hits = 0;
  }
  unsigned wait = 0;
  if (slot->hits >= rl->max) wait = (unsigned)(window + rl->window_s - now);
  else slot->hits++;
  pthread_mutex_unlock(&rl->mu);
  return wait;
}
