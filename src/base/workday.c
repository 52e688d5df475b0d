/* workday.c — working-day arithmetic over a calendar of overrides (holidays, 调休 make-up days). Pure. */
#include "base/workday.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static int days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int)doe - 719468;
}

int wd_parse(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) return -1;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap)) return -1;
  return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void wd_format(int z, char out[11]) {
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
  char buf[48];
  snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  memcpy(out, buf, 10);
  out[10] = 0;
}

int wd_weekday(int day) { return ((day % 7 + 7) % 7 + 3) % 7 + 1; } /* 1970-01-01 was a Thursday */

static const char *const names[] = {NULL, "工作日", "休息日", "法定节假日", "调休上班"};
static const char *const en[] = {NULL, "work", "rest", "holiday", "makeup"};
const char *wd_kind_name(wd_kind k) { return k >= WD_WORKDAY && k <= WD_MAKEUP ? names[k] : "工作日"; }
int wd_kind_parse(const char *s) {
  for (int k = 1; s && k <= 4; k++)
    if (!strcmp(s, names[k]) || !strcmp(s, en[k])) return k;
  if (s && (!strcmp(s, "节假日") || !strcmp(s, "放假"))) return WD_HOLIDAY;
  if (s && (!strcmp(s, "调休") || !strcmp(s, "补班") || !strcmp(s, "上班"))) return WD_MAKEUP;
  return -1;
}

static int cmp_day(const void *a, const void *b) {
  const wd_override *x = a, *y = b;
  return x->day < y->day ? -1 : x->day > y->day;
}

void wd_cal_sort(wd_cal *c) {
  if (!c->n) return;
  /* Insertion sort keeps equal days in input order, so the last one given wins; a year has a few dozen entries. */
  size_t n = c->n;
  for (size_t i = 1; i < n; i++) {
    wd_override v = c->days[i];
    size_t j = i;
    while (j > 0 && c->days[j - 1].day > v.day) { c->days[j] = c->days[j - 1]; j--; }
    c->days[j] = v;
  }
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (w > 0 && c->days[w - 1].day == c->days[i].day) c->days[w - 1] = c->days[i];
    else c->days[w++] = c->days[i];
  }
  c->n = w;
}

int wd_is_working(const wd_cal *c, int day) {
  if (c && c->n) {
    wd_override key = {day, 0};
    const wd_override *o = bsearch(&key, c->days, c->n, sizeof *o, cmp_day);
    if (o) return o->kind == WD_WORKDAY || o->kind == WD_MAKEUP;
  }
  return wd_weekday(day) <= 5;
}

int wd_add(const wd_cal *c, int day, int n) {
  while (!wd_is_working(c, day)) day++;
  while (n > 0) {
    day++;
    if (wd_is_working(c, day)) n--;
  }
  return day;
}

int wd_between(const wd_cal *c, int from, int to) {
  int sign = 1;
  if (to < from) { int t = from; from = to; to = t; sign = -1; }
  int n = 0;
  for (int d = from + 1; d <= to; d++) n += wd_is_working(c, d);
  return sign * n;
}
