/* points.c — 项目+人才+激励 points (pure): the rules (JSON an admin edits), an output's points by kind, level and award,
 * and their split among the output's members by shares. */
#include "people/talent.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char *const people_out_kinds[PEOPLE_OUT_KINDS] = {"课题", "QC成果", "数据产品", "融媒体作品", "荣誉"};
const char *const people_out_levels[PEOPLE_OUT_LEVELS] = {"", "县级", "市级", "省级", "国家级"};
const char *const people_out_awards[PEOPLE_OUT_AWARDS] = {"", "一等奖", "二等奖", "三等奖", "优秀奖"};

const char people_points_default_json[] =
  "{\"base\":{\"课题\":30,\"QC成果\":20,\"数据产品\":15,\"融媒体作品\":5,\"荣誉\":10},"
  "\"level_pct\":{\"无\":100,\"县级\":100,\"市级\":200,\"省级\":400,\"国家级\":800},"
  "\"award_pct\":{\"无\":100,\"一等奖\":150,\"二等奖\":120,\"三等奖\":100,\"优秀奖\":80}}";

void people_points_default(people_points_rules *out) {
  static const people_points_rules d = {{30, 20, 15, 5, 10}, {100, 100, 200, 400, 800}, {100, 150, 120, 100, 80}};
  *out = d;
}

static int find(const char *const *names, int n, const char *s) {
  if (!s) return -1;
  if (!strcmp(s, "无")) s = "";
  for (int i = 0; i < n; i++)
    if (!strcmp(names[i], s)) return i;
  return -1;
}
int people_out_kind(const char *s) { return s && *s ? find(people_out_kinds, PEOPLE_OUT_KINDS, s) : -1; }
int people_out_level(const char *s) { return find(people_out_levels, PEOPLE_OUT_LEVELS, s ? s : ""); }
int people_out_award(const char *s) { return find(people_out_awards, PEOPLE_OUT_AWARDS, s ? s : ""); }

/* One map of names to integers within [0, max] into vals; every name must be known; need: every name required. */
static int read_map(json_t *o, const char *key, const char *label, const char *const *names, int n, int max, int need, int *vals, char *field,
                    size_t fl, char *msg, size_t ml) {
  json_t *m = json_object_get(o, key);
  if (!m) {
    if (need) { snprintf(field, fl, "%s", key); snprintf(msg, ml, "缺少%s", label); return -1; }
    return 0;
  }
  if (!json_is_object(m)) { snprintf(field, fl, "%s", key); snprintf(msg, ml, "%s应为对象", label); return -1; }
  const char *k;
  json_t *v;
  json_object_foreach(m, k, v) {
    int i = find(names, n, k);
    if (i < 0) {
      snprintf(field, fl, "%s.%.60s", key, k);
      snprintf(msg, ml, "%s中不认识“%.60s”", label, k);
      return -1;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max) {
      snprintf(field, fl, "%s.%.60s", key, k);
      snprintf(msg, ml, "%s“%.60s”应为 0 到 %d 的整数", label, k, max);
      return -1;
    }
    vals[i] = (int)json_integer_value(v);
  }
  if (need)
    for (int i = 0; i < n; i++)
      if (!json_object_get(m, names[i])) {
        snprintf(field, fl, "%s.%s", key, names[i]);
        snprintf(msg, ml, "%s缺少“%s”", label, names[i]);
        return -1;
      }
  return 0;
}

int people_points_parse(const char *json, size_t len, people_points_rules *out, char *field, size_t fl, char *msg, size_t ml) {
  if (fl) field[0] = 0;
  json_error_t je;
  json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(o)) {
    json_decref(o);
    snprintf(field, fl, "rules");
    snprintf(msg, ml, "积分规则不是合法的 JSON 对象");
    return -1;
  }
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    if (strcmp(k, "base") && strcmp(k, "level_pct") && strcmp(k, "award_pct")) {
      snprintf(field, fl, "%.60s", k);
      snprintf(msg, ml, "积分规则中不认识的字段“%.60s”", k);
      json_decref(o);
      return -1;
    }
  }
  people_points_rules r;
  for (int i = 0; i < PEOPLE_OUT_LEVELS; i++) r.level_pct[i] = 100;
  for (int i = 0; i < PEOPLE_OUT_AWARDS; i++) r.award_pct[i] = 100;
  int rc = read_map(o, "base", "基础分", people_out_kinds, PEOPLE_OUT_KINDS, 1000, 1, r.base, field, fl, msg, ml) ||
           read_map(o, "level_pct", "级别系数", people_out_levels, PEOPLE_OUT_LEVELS, 10000, 0, r.level_pct, field, fl, msg, ml) ||
           read_map(o, "award_pct", "奖次系数", people_out_awards, PEOPLE_OUT_AWARDS, 10000, 0, r.award_pct, field, fl, msg, ml);
  json_decref(o);
  if (rc) return -1;
  *out = r;
  return 0;
}

int people_points_of(const people_points_rules *r, int kind, int level, int award, char *how, size_t howlen) {
  if (kind < 0 || kind >= PEOPLE_OUT_KINDS || level < 0 || level >= PEOPLE_OUT_LEVELS || award < 0 || award >= PEOPLE_OUT_AWARDS) return -1;
  long long num = (long long)r->base[kind] * r->level_pct[level] * r->award_pct[award];
  int pts = (int)((num + 5000) / 10000);
  if (how)
    snprintf(how, howlen, "%s %d × %s %d%% × %s %d%% = %d", people_out_kinds[kind], r->base[kind], level ? people_out_levels[level] : "无级别",
             r->level_pct[level], award ? people_out_awards[award] : "无奖次", r->award_pct[award], pts);
  return pts;
}

int people_points_split(int points, const int *shares, int n, int *out) {
  if (n < 1 || points < 0) return -1;
  int sum = 0;
  for (int i = 0; i < n; i++) {
    if (shares[i] < 1 || shares[i] > 100) return -1;
    sum += shares[i];
  }
  if (sum != 100) return -1;
  int given = 0;
  for (int i = 0; i < n; i++) {
    out[i] = (int)((long long)points * shares[i] / 100);
    given += out[i];
  }
  /* the points left go to the largest remainders, earlier member first on equal ones */
  while (given < points) {
    int best = -1;
    long long bestrem = -1;
    for (int i = 0; i < n; i++) {
      long long rem = (long long)points * shares[i] - (long long)out[i] * 100;
      /* a member already topped up has a negative remainder left */
      if (rem > bestrem) { bestrem = rem; best = i; }
    }
    out[best]++;
    given++;
  }
  return 0;
}

int people_hours_parse(const char *s, int *x10) {
  if (!s) return -1;
  while (*s == ' ' || *s == '\t') s++;
  long whole = 0;
  int digits = 0, tenth = 0, frac = 0;
  while (*s >= '0' && *s <= '9') {
    if (++digits > 4) return -1;
    whole = whole * 10 + (*s++ - '0');
  }
  if (!digits) return -1;
  if (*s == '.') {
    s++;
    while (*s >= '0' && *s <= '9') {
      /* "2.50" is fine; "2.55" is not a whole tenth */
      if (frac == 0) tenth = *s - '0';
      else if (*s != '0') return -1;
      frac++;
      s++;
    }
    if (!frac) return -1;
  }
  while (*s == ' ' || *s == '\t') s++;
  if (*s) return -1;
  long v = whole * 10 + tenth;
  if (v < 1 || v > 2000) return -1;
  *x10 = (int)v;
  return 0;
}
