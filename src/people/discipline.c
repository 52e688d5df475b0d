/* discipline.c — sanction terms and end days (pure): the fixed terms of the rules and the bureau's lighter measures. */
#include "people/people.h"
#include "base/workday.h"
#include <stdio.h>
#include <string.h>

static const struct { const char *type; int months, deduction; } types[] = {
  {"警告", 6, 10}, {"记过", 12, 20}, {"记大过", 18, 30}, {"降级", 24, 50}, {"撤职", 24, 50},
  {"批评教育", -2, 5}, {"通报批评", -2, 5}, {"诫勉谈话", -2, 5}, {"待岗培训", -2, 5},
};

int people_sanction_term(const char *type) {
  for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(types[i].type, type)) return types[i].months;
  return -1;
}

int people_sanction_deduction(const char *type) {
  for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(types[i].type, type)) return types[i].deduction;
  return 0;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int people_sanction_end(int start_day, int months) {
  if (start_day < 0 || months < 0 || months > 1200) return -1;
  char s[11];
  wd_format(start_day, s);
  int y, m, d;
  if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
  int idx = (y * 12 + m - 1) + months;
  y = idx / 12;
  m = idx % 12 + 1;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = mdays[m - 1] + (m == 2 && leap(y));
  if (d > last) d = last;
  char e[32];
  snprintf(e, sizeof e, "%04d-%02d-%02d", y, m, d);
  return wd_parse(e);
}

int people_sanction_running(int start_day, int end_day, int day) { return start_day <= day && day < end_day; }
