/* party.c — the party module's pure logic: meeting kinds, the 三会一课 schedule checker (due against held per period),
 * and the parsers of attendance lists and frequency settings. No I/O. */
#define PARTY_PURE_ONLY
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[PK__COUNT] = {"支部党员大会", "支委会", "党小组会", "党课", "主题党日", "书记讲党课"};
static const char *const kind_codes[PK__COUNT] = {"congress", "committee", "group", "lecture", "theme_day", "secretary_lecture"};
static const int kind_default[PK__COUNT] = {3, 1, 1, 3, 1, 12};

const char *party_kind_name(party_kind k) { return (unsigned)k < PK__COUNT ? kind_names[k] : ""; }
const char *party_kind_code(party_kind k) { return (unsigned)k < PK__COUNT ? kind_codes[k] : ""; }
int party_freq_default(party_kind k) { return (unsigned)k < PK__COUNT ? kind_default[k] : 0; }

int party_kind_parse(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < PK__COUNT; i++)
    if ((i != PK_SECRETARY_LECTURE && !strcmp(name, kind_names[i])) || !strcmp(name, kind_codes[i])) return i;
  return -1;
}

const char *party_state_code(party_state s) {
  static const char *const c[] = {"none", "held", "missed", "open", "future"};
  return (unsigned)s < 5 ? c[s] : "";
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int mdays(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

int party_date_valid(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* The frequency of kind k in force on day (the latest entry from on or before it; the default before any). */
static int freq_on(party_kind k, const char *day, const party_freq *f, size_t n) {
  int months = kind_default[k];
  const char *best = NULL;
  for (size_t i = 0; i < n; i++)
    if (f[i].kind == k && strcmp(f[i].from, day) <= 0 && (!best || strcmp(f[i].from, best) > 0)) { best = f[i].from; months = f[i].months; }
  return months;
}

static int push(party_schedule *s, const party_period *p) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 32;
    party_period *v = realloc(s->v, cap * sizeof *v);
    if (!v) return -1;
    s->v = v, s->cap = cap;
  }
  s->v[s->n++] = *p;
  return 0;
}

int party_schedule_check(int year, const char *founded_on, const char *today, unsigned kinds, const party_freq *freqs, size_t nfreqs,
                         const party_held *held, size_t nheld, int remind_days, party_schedule *out) {
  memset(out, 0, sizeof *out);
  if (year < 1900 || year > 2999 || !party_date_valid(founded_on) || !party_date_valid(today)) return -1;
  for (int k = 0; k < PK__COUNT; k++) {
    if (!(kinds & (1u << k))) continue;
    int m = 1;
    while (m <= 12) {
      party_period p = {.kind = (party_kind)k, .first_month = m};
      snprintf(p.from, sizeof p.from, "%04u-%02u-01", (unsigned)year % 10000u, (unsigned)m % 100u);
      int f = freq_on((party_kind)k, p.from, freqs, nfreqs);
      int len = f > 0 ? f : 1;
      int last = ((m - 1) / len + 1) * len; /* the end of the aligned block holding m */
      if (last > 12) last = 12;
      p.last_month = last;
      snprintf(p.to, sizeof p.to, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)last % 100u, (unsigned)mdays(year, last) % 100u);
      p.months = f > 0 && strcmp(founded_on, p.from) <= 0 ? f : 0;
      for (size_t i = 0; i < nheld; i++) {
        int match = k == PK_SECRETARY_LECTURE ? held[i].kind == PK_LECTURE && held[i].by_secretary : held[i].kind == (party_kind)k;
        if (match && strcmp(held[i].date, p.from) >= 0 && strcmp(held[i].date, p.to) <= 0) p.held++;
      }
      if (!p.months) p.state = PS_NOT_DUE;
      else if (p.held) p.state = PS_HELD;
      else if (strcmp(today, p.to) > 0) p.state = PS_MISSED;
      else if (strcmp(today, p.from) >= 0) p.state = PS_OPEN;
      else p.state = PS_FUTURE;
      if (p.state == PS_OPEN) {
        /* days left until the period's end, counted on the calendar within the same year */
        int ty = atoi(today), tm = atoi(today + 5), td = atoi(today + 8), left = 0;
        if (ty == year) {
          left = mdays(year, tm) - td;
          for (int mm = tm + 1; mm <= last; mm++) left += mdays(year, mm);
        }
        p.remind = left <= remind_days;
      }
      if (p.months) {
        out->due++;
        if (p.state == PS_HELD) out->held_ok++;
        if (p.state == PS_MISSED) out->missed++;
      }
      if (push(out, &p)) { party_schedule_free(out); return -1; }
      m = last + 1;
    }
  }
  return 0;
}

void party_schedule_free(party_schedule *s) {
  if (!s) return;
  free(s->v);
  memset(s, 0, sizeof *s);
}

static long utf8_len(const char *s) {
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

int party_attendance_parse(json_t *arr, party_att **out, size_t *n, char *field, size_t fieldlen, char *msg, size_t msglen) {
  *out = NULL, *n = 0;
  if (!json_is_array(arr)) { snprintf(field, fieldlen, "attendance"); snprintf(msg, msglen, "出席情况应为列表"); return -1; }
  size_t cnt = json_array_size(arr);
  if (cnt > 500) { snprintf(field, fieldlen, "attendance"); snprintf(msg, msglen, "出席情况最多500人"); return -1; }
  party_att *v = cnt ? calloc(cnt, sizeof *v) : NULL;
  if (cnt && !v) { snprintf(field, fieldlen, "attendance"); snprintf(msg, msglen, "内存不足"); return -1; }
  for (size_t i = 0; i < cnt; i++) {
    json_t *o = json_array_get(arr, i), *id = json_object_get(o, "member_id"), *st = json_object_get(o, "state"),
           *rs = json_object_get(o, "reason");
    const char *bad = NULL, *why = NULL;
    if (!json_is_object(o)) bad = "", why = "应为对象";
    else if (json_object_size(o) > (size_t)(1 + !!st + !!rs) || !id) bad = ".member_id", why = "缺少党员或有不认识的字段";
    else if (!json_is_integer(id) || json_integer_value(id) <= 0) bad = ".member_id", why = "党员编号应为正整数";
    else if (!json_is_string(st) || (strcmp(json_string_value(st), "出席") && strcmp(json_string_value(st), "请假") && strcmp(json_string_value(st), "缺席")))
      bad = ".state", why = "状态应为 出席、请假 或 缺席";
    else if (rs && (!json_is_string(rs) || utf8_len(json_string_value(rs)) > 100)) bad = ".reason", why = "原因应为不超过100字的文字";
    else if (!strcmp(json_string_value(st), "请假") && (!rs || !*json_string_value(rs))) bad = ".reason", why = "请假须写明原因";
    if (!bad) {
      v[i].member_id = json_integer_value(id);
      for (size_t j = 0; j < i; j++)
        if (v[j].member_id == v[i].member_id) { bad = ".member_id", why = "同一党员出现两次"; break; }
    }
    if (bad) {
      snprintf(field, fieldlen, "attendance[%zu]%s", i, bad);
      snprintf(msg, msglen, "出席情况第%zu行：%s", i + 1, why);
      free(v);
      return -1;
    }
    snprintf(v[i].state, sizeof v[i].state, "%s", json_string_value(st));
    snprintf(v[i].reason, sizeof v[i].reason, "%s", rs ? json_string_value(rs) : "");
  }
  *out = v, *n = cnt;
  return 0;
}

int party_freq_parse(json_t *o, int months[PK__COUNT], char *field, size_t fieldlen, char *msg, size_t msglen) {
  for (int k = 0; k < PK__COUNT; k++) months[k] = -1;
  if (!json_is_object(o)) { snprintf(field, fieldlen, "frequencies"); snprintf(msg, msglen, "频次应为对象"); return -1; }
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    int k = -1;
    for (int i = 0; i < PK__COUNT; i++)
      if (!strcmp(key, kind_codes[i])) k = i;
    snprintf(field, fieldlen, "%.60s", *key ? key : "\"\"");
    if (k < 0) { snprintf(msg, msglen, "不认识的会议类型"); return -1; }
    json_int_t m = json_is_integer(v) ? json_integer_value(v) : -1;
    if (m != 0 && m != 1 && m != 3 && m != 6 && m != 12) { snprintf(msg, msglen, "%s的频次应为 0、1、3、6 或 12 个月", kind_names[k]); return -1; }
    months[k] = (int)m;
  }
  return 0;
}
