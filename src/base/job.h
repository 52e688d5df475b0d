/* job.h — background jobs with progress (long imports, batch scoring, log verification): a row in the jobs table
 * that the UI polls, and a detached thread that does the work with its own database connection. */
#ifndef BASE_JOB_H
#define BASE_JOB_H
#include <jansson.h>
#include <stdint.h>

typedef struct job job;
/* The work: report progress with job_progress, return the result object (new reference) or NULL with job_fail. */
typedef json_t *(*job_fn)(job *j, void *arg);

/* Starts fn(arg) in the background; arg is freed with free_arg (may be NULL) when the job ends, or before
 * job_start returns when the job could not start. Returns the job id (> 0), or 0 when it could not start. */
int64_t job_start(const char *kind, int64_t user_id, job_fn fn, void *arg, void (*free_arg)(void *));
/* done of total; written at most every 200 ms (and always at the end). */
void job_progress(job *j, int64_t done, int64_t total);
void job_fail(job *j, const char *message);
/* The job as JSON: {id, kind, status: running|done|failed, done, total, percent, result, error, created_at, finished_at}. NULL = no such job. */
json_t *job_get(int64_t id, int64_t user_id);
/* At start-up: jobs a previous process left running are marked failed (that process is gone). */
void job_recover(void);
/* Waits for every running job to finish (shutdown, tests). */
void job_wait_all(void);
#endif
