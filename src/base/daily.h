/* daily.h — background jobs that run when the bureau's date changes (or once per interval), one thread per job, with
 * a clean stop and join at shutdown and a synchronous kick for tests. */
#ifndef BASE_DAILY_H
#define BASE_DAILY_H

typedef struct daily daily;

typedef struct {
  const char *name;     /* for the logs and to register once: "risks.review_sweep" (a string that outlives the job) */
  const char *env;      /* the interval's environment variable, in seconds ("BUREAU_RISKS_SWEEP_SECONDS") */
  int every_def;        /* the interval when env is unset or empty */
  int every_max;        /* its upper bound (the lower bound is 1 s) */
  /* 0: run at start, then whenever the bureau's today (util_today, BUREAU_TODAY honoured) differs from the day of
   *    the last successful run, looked at every interval; a failed run is tried again at the next wake.
   * 1: run at start, then once per interval on the bureau's clock (util_now), whether the last run failed or not. */
  int periodic;
  int (*run)(void *arg); /* the job, on the job's own thread; 0 done, else failed (the job logs why) */
  void (*tick)(void *arg); /* optional: after every wake, kicks included, whether run ran or not (an outbox) */
  int tick_max_s;        /* with tick: wake at least this often */
  void *arg;
} daily_spec;

/* Registers a job (the spec is copied) without starting it; a second call with the same name returns the same handle
 * (its spec replaced unless it is running). NULL when the table of jobs (32) is full. */
daily *daily_add(const daily_spec *spec);
/* Starts the job's thread unless it is running; the first pass runs at once (bureau serve, after the modules
 * registered). daily_stop asks it to stop, wakes it and joins it (after the server has stopped); NULL is a no-op. */
void daily_start(daily *d);
void daily_stop(daily *d);
/* Wakes the job now; it runs only if due (a new day, or its interval passed), then ticks. No-op when not running. */
void daily_kick(daily *d);
/* The same, returning once a whole pass begun after the call has finished (or at once when not running), so a test
 * can change BUREAU_TODAY and know the job has looked at it. */
void daily_kick_wait(daily *d);
/* The interval env names, clamped to 1..max; def when unset, empty or not a number. */
int daily_interval_s(const char *env, int def, int max);
#endif
