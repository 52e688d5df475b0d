/* hash.c — password hashing (Argon2id, libsodium) behind a bounded admission: a few hashes run at once and a few
 * wait; beyond that a request is told "busy" at once, so a burst of logins or password changes can never hold
 * every server thread and starve ordinary requests. */
#include "org/org.h"
#include "base/http.h"
#include "base/util.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static unsigned running, waiting, max_running, max_waiting;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void hash_init(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned threads = http_pool_threads();
  if (!threads) threads = cores > 0 ? (unsigned)cores : 1;
  /* At most half the server's threads ever hash or wait to hash; the rest stay free for everything else. */
  unsigned budget = threads / 2 ? threads / 2 : 1;
  max_running = cores > 0 && (unsigned)cores < budget ? (unsigned)cores : budget;
  max_waiting = budget - max_running;
  /* A real hash of a random password: verifying unknown users against it costs the same time as a real check. */
  char pw[32];
  util_random_token(pw, sizeof pw, 16);
  if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    dummy_hash[0] = 0;
}

/* 0 admitted (call leave()), -2 busy. blocking: wait whatever the queue (the CLI and the demo loader). */
static int enter(int blocking) {
  pthread_once(&hash_once, hash_init);
  pthread_mutex_lock(&mu);
  if (!blocking && running >= max_running && waiting >= max_waiting) { pthread_mutex_unlock(&mu); return -2; }
  waiting++;
  while (running >= max_running) pthread_cond_wait(&cv, &mu);
  waiting--;
  running++;
  pthread_mutex_unlock(&mu);
  return 0;
}
static void leave(void) {
  pthread_mutex_lock(&mu);
  running--;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

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
