/* sweep.c — 三会一课 reminders without anyone pressing the button: at start and whenever the bureau's date changes
 * (base/daily.h, looked at every BUREAU_PARTY_SWEEP_SECONDS, default 600), every branch's open periods ending within
 * a week with nothing held are sent to its 书记/副书记 through the message centre — once per branch, kind and period,
 * however often it runs (the message centre's dedupe key). */
#include "party/internal.h"
#include "base/daily.h"
#include "base/log.h"
#include <pthread.h>

/* Serialises the thread's sweep and an administrator's POST /party/schedule/sweep. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

int party_remind_sweep(req *r, int *sent) {
  *sent = 0;
  char today[11];
  party_today(today);
  pthread_mutex_lock(&g_mu);
  json_t *branches = party_store_all_branches();
  int rc = branches ? party_remind_send(r, branches, today, sent, NULL) : -1;
  pthread_mutex_unlock(&g_mu);
  json_decref(branches);
  return rc;
}

static daily *g_job;

static int sweep_job(void *arg) {
  (void)arg;
  int sent = 0;
  if (party_remind_sweep(NULL, &sent)) { log_warn("party reminder sweep failed: %s", db_errmsg()); return -1; }
  if (sent) log_info("party reminder sweep: %d messages", sent);
  return 0;
}

void party_sweep_start(void) {
  daily_spec s = {.name = "party.remind_sweep", .env = "BUREAU_PARTY_SWEEP_SECONDS", .every_def = 600, .every_max = 3600, .run = sweep_job};
  g_job = daily_add(&s);
  daily_start(g_job);
}

void party_sweep_stop(void) { daily_stop(g_job); }
