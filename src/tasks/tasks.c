/* tasks.c — pure logic of 督查督办 and 清单闭环: the task state machine, dates, lights, money in 分, statistics. No I/O
 * except reading the two environment knobs (today, warning days) so tests can inject them. Date arithmetic is
 * base/workday.h's. */
#include "tasks/tasks.h"
#include "base/util.h"
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

/* ---- dates ---- */
void tasks_today(char out[11]) { util_today(out); }

int tasks_warn_days(void) {
  const char *e = getenv("BUREAU_TASK_WARN_DAYS");
  int n = e && *e ? atoi(e) : 3;
  return n < 0 ? 0 : n > 60 ? 60 : n;
}

/* ---- deadlines and lights ---- */
static const char *const light_codes[] = {"none", "green", "yellow", "red", "done"};
static const char *const light_texts[] = {"", "正常", "临期", "逾期", "已办结"};
const char *tasks_light_code(tasks_light l) { return (unsigned)l <= TL_DONE ? light_codes[l] : "none"; }
const char *tasks_light_text(tasks_light l) { return (unsigned)l <= TL_DONE ? light_texts[l] : ""; }
int tasks_light_parse(const char *code) {
  for (int i = 0; code && i <= TL_DONE; i++)
    if (strcmp(light_codes[i], code) == 0) return i;
  return -1;
}

tasks_deadline tasks_deadline_of(tasks_status s, int due, int today, int warn_days, const wd_cal *cal) {
  tasks_deadline d = {TL_NONE, -1, cal != NULL, ""};
  if (s == TS_CLOSED) { d.light = TL_DONE; return d; }
  /* A draft has not been handed to anyone yet: no clock is running. */
  if (s == TS_DRAFT || due < 0 || today < 0) return d;
  const char *unit = cal ? " 个工作日" : " 天";
  int limit = cal ? wd_add(cal, due, 0) : due;
  if (today > limit) {
    d.light = TL_RED;
    d.days = cal ? wd_between(cal, limit, today) : today - limit;
    /* Past a deadline that fell just before a rest day: late, though no working day has been lost yet. */
    if (d.days == 0) snprintf(d.text, sizeof d.text, "已逾期（今日休息）");
    else snprintf(d.text, sizeof d.text, "已逾期 %d%s", d.days, unit);
    return d;
  }
  d.days = cal ? wd_between(cal, today, limit) : limit - today;
  d.light = d.days <= warn_days ? TL_YELLOW : TL_GREEN;
  if (d.days == 0) snprintf(d.text, sizeof d.text, "今日到期");
  else snprintf(d.text, sizeof d.text, "还剩 %d%s", d.days, unit);
  return d;
}

void tasks_light_bounds(int today, int warn_days, const wd_cal *cal, int *red_max, int *yellow_max) {
  /* Red is every due date up to some day before today, yellow the dates after it up to some later day: both ends
   * are found by asking tasks_deadline_of itself, so a filter can never disagree with the light shown. The scans
   * are bounded: no calendar has a year without a working day. */
  int d = today - 1;
  for (int i = 0; i < 400 && tasks_deadline_of(TS_DOING, d, today, warn_days, cal).light != TL_RED; i++) d--;
  *red_max = d;
  for (int i = 0; i < 800 && tasks_deadline_of(TS_DOING, d + 1, today, warn_days, cal).light == TL_YELLOW; i++) d++;
  *yellow_max = d;
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
void tasks_rate_add(tasks_rate_stat *st, tasks_status s, int due, int closed_on, int today, const wd_cal *cal) {
  st->total++;
  if (s == TS_CLOSED) {
    st->closed++;
    int limit = due < 0 ? -1 : cal ? wd_add(cal, due, 0) : due;
    if (limit < 0 || (closed_on >= 0 && closed_on <= limit)) st->on_time++;
    else st->overdue++;
    return;
  }
  if (tasks_deadline_of(s, due, today, 0, cal).light == TL_RED) st->overdue++;
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
  int d = wd_parse(due);
  if (status && strcmp(status, "已销号") == 0) {
    st->closed++;
    int c = wd_parse(closed_on);
    if (d < 0 || (c >= 0 && c <= d)) st->on_time++;
    return;
  }
  if (status && strcmp(status, "待审核") == 0) st->pending++;
  int t = wd_parse(today);
  if (d >= 0 && t >= 0 && t > d) st->overdue++;
}
