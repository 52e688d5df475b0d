/* tasks.c — pure logic of 督查督办 and 清单闭环: the task state machine, dates, lights, money in 分, statistics. No I/O
 * except reading the two environment knobs (today, warning days) so tests can inject them. */
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const status_names[TS__COUNT] = {"草稿", "已交办", "办理中", "待审核", "已办结"};
static const char *const action_codes[TA__COUNT] = {"assign", "accept", "report", "submit", "return", "close", "urge", "review", "reopen"};

const char *tasks_status_name(tasks_status s) { return (unsigned)s < TS__COUNT ? status_names[s] : ""; }
int tasks_status_parse(const char *name) {
  for (int i = 0; name && i < TS__COUNT; i++)
    if (strcmp(status_names[i], name) == 0) return i;
  return -1;
}
const char *tasks_action_code(tasks_action a) { return (unsigned)a < TA__COUNT ? action_codes[a] : ""; }
int tasks_action_parse(const char *code) {
  for (int i = 0; code && i < TA__COUNT; i++)
    if (strcmp(action_codes[i], code) == 0) return i;
  return -1;
}

int tasks_action_by_supervisor(tasks_action a) {
  return a == TA_ASSIGN || a == TA_RETURN || a == TA_CLOSE || a == TA_URGE || a == TA_REVIEW || a == TA_REOPEN;
}

int tasks_next(tasks_status s, tasks_action a) {
  switch (a) {
  case TA_ASSIGN: return s == TS_DRAFT ? TS_ASSIGNED : -1;
  case TA_ACCEPT: return s == TS_ASSIGNED ? TS_DOING : -1;
  /* A report is only meaningful once the handler has signed for the task (签收). */
  case TA_REPORT: return s == TS_DOING ? TS_DOING : -1;
  case TA_SUBMIT: return s == TS_DOING ? TS_REVIEW : -1;
  case TA_RETURN: return s == TS_REVIEW ? TS_DOING : -1;
  case TA_CLOSE: return s == TS_REVIEW ? TS_CLOSED : -1;
  /* Urging is for work that is waiting on the handler; a task awaiting review waits on the supervisor himself. */
  case TA_URGE: return s == TS_ASSIGNED || s == TS_DOING ? (int)s : -1;
  case TA_REVIEW: return s == TS_CLOSED ? TS_CLOSED : -1;
  case TA_REOPEN: return s == TS_CLOSED ? TS_DOING : -1;
  default: return -1;
  }
}

unsigned tasks_allowed(tasks_status s, int supervisor, int handler) {
  unsigned m = 0;
  for (int a = 0; a < TA__COUNT; a++) {
    if (tasks_next(s, (tasks_action)a) < 0) continue;
    if (tasks_action_by_supervisor((tasks_action)a) ? supervisor : handler) m |= 1u << a;
  }
  return m;
}

/* ---- dates: days from civil (H. Hinnant's algorithm), no time zones involved ---- */
static int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

int32_t tasks_date_days(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return INT32_MIN;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return INT32_MIN;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return INT32_MIN;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap)) return INT32_MIN;
  return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void tasks_date_str(int32_t z, char out[11]) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = (int)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char b[32];
  snprintf(b, sizeof b, "%04d-%02u-%02u", y % 10000, m % 100, d % 100);
  memcpy(out, b, 10);
  out[10] = 0;
}

void tasks_today(char out[11]) {
  const char *e = getenv("BUREAU_TODAY");
  if (e && tasks_date_days(e) != INT32_MIN) { memcpy(out, e, 11); return; }
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

int tasks_warn_days(void) {
  const char *e = getenv("BUREAU_TASK_WARN_DAYS");
  int n = e && *e ? atoi(e) : 3;
  return n < 0 ? 0 : n > 60 ? 60 : n;
}

/* ---- lights ---- */
static const char *const light_codes[] = {"none", "green", "yellow", "red", "done"};
const char *tasks_light_code(tasks_light l) { return (unsigned)l <= TL_DONE ? light_codes[l] : "none"; }
int tasks_light_parse(const char *code) {
  for (int i = 0; code && i <= TL_DONE; i++)
    if (strcmp(light_codes[i], code) == 0) return i;
  return -1;
}

tasks_light tasks_light_of(tasks_status s, const char *due, const char *today, int warn_days) {
  if (s == TS_CLOSED) return TL_DONE;
  /* A draft has not been handed to anyone yet: no clock is running. */
  if (s == TS_DRAFT) return TL_NONE;
  int32_t d = tasks_date_days(due), t = tasks_date_days(today);
  if (d == INT32_MIN || t == INT32_MIN) return TL_NONE;
  if (t > d) return TL_RED;
  if (d - t <= warn_days) return TL_YELLOW;
  return TL_GREEN;
}

/* ---- money ---- */
void tasks_money_format(int64_t fen, int wan, char *out, size_t outlen) {
  int neg = fen < 0;
  uint64_t v = neg ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  if (wan) v = (v + 5000) / 10000; /* 万元 with two decimals: units of 100 元 */
  uint64_t ip = v / 100, fp = v % 100;
  char digits[32], grouped[48];
  snprintf(digits, sizeof digits, "%llu", (unsigned long long)ip);
  size_t n = strlen(digits), k = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0) grouped[k++] = ',';
    grouped[k++] = digits[i];
  }
  grouped[k] = 0;
  snprintf(out, outlen, "%s%s.%02llu", neg ? "-" : "", grouped, (unsigned long long)fp);
}

int tasks_money_parse(const char *s, int64_t *fen) {
  if (!s) return -1;
  while (*s == ' ' || *s == '\t') s++;
  int neg = 0;
  if (*s == '-') { neg = 1; s++; }
  int64_t ip = 0, fp = 0;
  int idigits = 0, fdigits = 0, dot = 0;
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9') {
      if (dot) {
        if (++fdigits > 2) return -1;
        fp = fp * 10 + (*s - '0');
      } else {
        if (++idigits > 13) return -1;
        ip = ip * 10 + (*s - '0');
      }
    } else if (*s == ',' && !dot && idigits) {
      continue;
    } else if (*s == '.' && !dot) {
      dot = 1;
    } else if (*s == ' ' || *s == '\t') {
      while (*s == ' ' || *s == '\t') s++;
      if (*s) return -1;
      break;
    } else {
      return -1;
    }
  }
  if (!idigits && !fdigits) return -1;
  if (fdigits == 1) fp *= 10;
  int64_t v = ip * 100 + fp;
  *fen = neg ? -v : v;
  return 0;
}

/* ---- statistics ---- */
void tasks_rate_add(tasks_rate_stat *st, tasks_status s, const char *due, const char *closed_on, const char *today) {
  st->total++;
  int32_t d = tasks_date_days(due);
  if (s == TS_CLOSED) {
    st->closed++;
    int32_t c = tasks_date_days(closed_on);
    if (d == INT32_MIN || (c != INT32_MIN && c <= d)) st->on_time++;
    else st->overdue++;
    return;
  }
  int32_t t = tasks_date_days(today);
  if (s != TS_DRAFT && d != INT32_MIN && t != INT32_MIN && t > d) st->overdue++;
}

int tasks_permille(int64_t num, int64_t den) {
  if (den <= 0 || num <= 0) return 0;
  return (int)((num * 2000 / den + 1) / 2);
}

static const char *const cl_kinds[] = {"办实事", "整改", "通用"};
const char *tasks_cl_kind_name(tasks_cl_kind k) { return (unsigned)k <= CL_GENERIC ? cl_kinds[k] : ""; }
int tasks_cl_kind_parse(const char *name) {
  for (int i = 0; name && i <= CL_GENERIC; i++)
    if (strcmp(cl_kinds[i], name) == 0) return i;
  return -1;
}

void tasks_cl_stats_add(tasks_cl_stats *st, const char *status, const char *due, const char *closed_on, const char *today,
                        int64_t amount_fen, int64_t recovered_fen, int64_t refunded_fen, int64_t people) {
  st->items++;
  st->amount_fen += amount_fen;
  st->recovered_fen += recovered_fen;
  st->refunded_fen += refunded_fen;
  st->people += people;
  int32_t d = tasks_date_days(due);
  if (status && strcmp(status, "已销号") == 0) {
    st->closed++;
    int32_t c = tasks_date_days(closed_on);
    if (d == INT32_MIN || (c != INT32_MIN && c <= d)) st->on_time++;
    return;
  }
  if (status && strcmp(status, "待审核") == 0) st->pending++;
  int32_t t = tasks_date_days(today);
  if (d != INT32_MIN && t != INT32_MIN && t > d) st->overdue++;
}
