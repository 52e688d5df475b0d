/* hash.c — password hashing (Argon2id, libsodium) behind a bounded admission: a few hashes run at once and a few
 * wait; beyond that a request is told "busy" at once, so a burst of logins or password changes can never hold
 * every server thread and starve ordinary requests. */
#include "org/org.h"
#include "base/http.h"
#include "base/util.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static org_gate gate;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void hash_init(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned threads = http_pool_threads();
  if (!threads) threads = cores > 0 ? (unsigned)cores : 1;
  /* At most half the server's threads hash at once; a few more requests may queue, each for at most two seconds.
   * Beyond that, or after waiting that long, the answer is 503 busy at once: a burst of logins delays other
   * requests by a bounded amount instead of holding every thread for as long as the burst lasts. */
  unsigned max_running = threads / 2 ? threads / 2 : 1;
  if (cores > 0 && (unsigned)cores < max_running) max_running = (unsigned)cores;
  org_gate_init(&gate, max_running, 4 * threads);
  /* A real hash of a random password: verifying unknown users against it costs the same time as a real check. */
  char pw[32];
  util_random_token(pw, sizeof pw, 16);
  if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    dummy_hash[0] = 0;
}

void org_gate_init(org_gate *g, unsigned max_running, unsigned max_waiting) {
  pthread_mutex_init(&g->mu, NULL);
  pthread_cond_init(&g->cv, NULL);
  g->running = g->waiting = 0;
  g->max_running = max_running ? max_running : 1;
  g->max_waiting = max_waiting;
  g->wait_ms = 2000;
}

int org_gate_enter(org_gate *g, int blocking) {
  pthread_mutex_lock(&g->mu);
  if (!blocking && g->running >= g->max_running && g->waiting >= g->max_waiting) { pthread_mutex_unlock(&g->mu); return -2; }
  g->waiting++;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += g->wait_ms / 1000;
  until.tv_nsec += (long)(g->wait_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  while (g->running >= g->max_running) {
    if (blocking) pthread_cond_wait(&g->cv, &g->mu);
    else if (pthread_cond_timedwait(&g->cv, &g->mu, &until) != 0 && g->running >= g->max_running) {
      g->waiting--;
      pthread_mutex_unlock(&g->mu);
      return -2;
    }
  }
  g->waiting--;
  g->running++;
  pthread_mutex_unlock(&g->mu);
  return 0;
}

void org_gate_leave(org_gate *g) {
  pthread_mutex_lock(&g->mu);
  g->running--;
  pthread_cond_signal(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

unsigned org_gate_waiting(org_gate *g) {
  pthread_mutex_lock(&g->mu);
  unsigned w = g->waiting;
  pthread_mutex_unlock(&g->mu);
  return w;
}

static int enter(int blocking) {
  pthread_once(&hash_once, hash_init);
  return org_gate_enter(&gate, blocking);
}
static void leave(void) { org_gate_leave(&gate); }

static int do_hash(const char *pw, char out[128], int blocking) {
  if (enter(blocking)) return -2;
  int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  leave();
  return rc == 0 ? 0 : -1;
}
static int do_verify(const char *hash, const char *pw, int blocking) {
  if (enter(blocking)) return -2;
  int ok = crypto_pwhash_str_verify(hash && *hash ? hash : dummy_hash, pw, strlen(pw)) == 0;
  leave();
  return ok && hash && *hash;
}

int org_password_hash(const char *pw, char out[128]) { return do_hash(pw, out, 1); }
int org_password_verify(const char *hash, const char *pw) { return do_verify(hash, pw, 1); }
int org_password_hash_try(const char *pw, char out[128]) { return do_hash(pw, out, 0); }
int org_password_check(const char *hash, const char *pw) { return do_verify(hash, pw, 0); }
