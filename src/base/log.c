/* log.c — structured logging: time, level, message; one fprintf per line so threads never interleave. */
#include "base/log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static log_level min_level = LOG_INFO;
void log_set_level(log_level lvl) { min_level = lvl; }

void log_msg(log_level lvl, const char *fmt, ...) {
  if (lvl < min_level) return;
  static const char *names[] = {"debug", "info", "warn", "error"};
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  localtime_r(&ts.tv_sec, &tm);
  char when[32];
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(stderr, "%s.%03ld level=%s %s\n", when, ts.tv_nsec / 1000000, names[lvl], msg);
}
