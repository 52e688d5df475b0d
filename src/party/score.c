/* score.c — 党建考核, pure: a branch's score from a 100-point base with deductions for missed meetings and low
 * attendance computed from the records, manual additions (capped) and deductions; competition ranking; the parsers of
 * adjustments and of the rules. No I/O. */
#define PARTY_PURE_ONLY
#include "party/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const party_rules party_default_rules = {
  .base = 100, .miss = {3, 2, 1, 3, 1, 5}, .att_threshold = 80, .att_points = 5, .add_cap = 10, .project_points = 2,
};

void party_score_compute(const party_rules *r, const int missed[PK__COUNT], int64_t expected, int64_t present, const party_adj *adj, size_t nadj,
                         party_score *out) {
  memset(out, 0, sizeof *out);
  out->base = r->base;
  for (int k = 0; k < PK__COUNT; k++) {
    out->missed[k] = missed[k];
    out->missed_deduct += missed[k] * r->miss[k];
  }
  if (expected > 0) {
    out->has_att = 1;
    out->att_rate = 100.0 * (double)present / (double)expected;
    if (out->att_rate < r->att_threshold) out->att_deduct = r->att_points;
  }
  for (size_t i = 0; i < nadj; i++) {
    if (adj[i].points > 0) out->additions += adj[i].points;
    else out->deductions -= adj[i].points;
  }
  if (out->additions > r->add_cap) out->additions = r->add_cap;
  double t = out->base - out->missed_deduct - out->att_deduct + out->additions - out->deductions;
  out->total = t < 0 ? 0 : round(t * 10) / 10;
}

void party_rank(const double *scores, size_t n, int *ranks) {
  for (size_t i = 0; i < n; i++) {
    int higher = 0;
    for (size_t j = 0; j < n; j++)
      if (scores[j] > scores[i] + 0.01) higher++;
    ranks[i] = higher + 1;
  }
}

static long chars(const char *s) {
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) n++;
  return n;
}

int party_adj_parse(json_t *arr, party_adj **out, size_t *n, char *field, size_t fieldlen, char *msg, size_t msglen) {
  *out = NULL, *n = 0;
  if (!json_is_array(arr)) { snprintf(field, fieldlen, "adjustments"); snprintf(msg, msglen, "加减分应为列表"); return -1; }
  size_t cnt = json_array_size(arr);
  if (cnt > 30) { snprintf(field, fieldlen, "adjustments"); snprintf(msg, msglen, "加减分最多30项"); return -1; }
  party_adj *v = cnt ? calloc(cnt, sizeof *v) : NULL;
  if (cnt && !v) { snprintf(field, fieldlen, "adjustments"); snprintf(msg, msglen, "内存不足"); return -1; }
  for (size_t i = 0; i < cnt; i++) {
    json_t *o = json_array_get(arr, i), *p = json_object_get(o, "points"), *rs = json_object_get(o, "reason");
    const char *bad = NULL, *why = NULL;
    if (!json_is_object(o)) bad = "", why = "应为对象";
    else if (json_object_size(o) != (size_t)(!!p + !!rs)) bad = "", why = "有不认识的字段";
    else if (!json_is_number(p) || json_number_value(p) < -20 || json_number_value(p) > 20 || json_number_value(p) == 0 ||
             fabs(json_number_value(p) * 10 - round(json_number_value(p) * 10)) > 1e-9)
      bad = ".points", why = "分值应为 -20 至 20 之间、不为 0、至多一位小数的数";
    else if (!json_is_string(rs) || chars(json_string_value(rs)) < 1 || chars(json_string_value(rs)) > 100) bad = ".reason", why = "事由应为 1 至 100 字";
    if (bad) {
      snprintf(field, fieldlen, "adjustments[%zu]%s", i, bad);
      snprintf(msg, msglen, "加减分第%zu项：%s", i + 1, why);
      free(v);
      return -1;
    }
    v[i].points = json_number_value(p);
    snprintf(v[i].reason, sizeof v[i].reason, "%s", json_string_value(rs));
  }
  *out = v, *n = cnt;
  return 0;
}

static const struct { const char *key; int kind; double lo, hi; const char *label; } rule_keys[] = {
  {"base", -1, 50, 200, "基础分"}, {"att_threshold", -2, 0, 100, "参会率下限（%）"}, {"att_points", -3, 0, 50, "参会率不达标扣分"},
  {"add_cap", -4, 0, 50, "加分上限"}, {"project_points", -5, 0, 10, "完成一个党支部+项目加分"},
  {"miss_congress", PK_CONGRESS, 0, 20, "缺一次支部党员大会扣分"}, {"miss_committee", PK_COMMITTEE, 0, 20, "缺一次支委会扣分"},
  {"miss_group", PK_GROUP, 0, 20, "缺一次党小组会扣分"}, {"miss_lecture", PK_LECTURE, 0, 20, "缺一次党课扣分"},
  {"miss_theme_day", PK_THEME_DAY, 0, 20, "缺一次主题党日扣分"}, {"miss_secretary_lecture", PK_SECRETARY_LECTURE, 0, 20, "书记未讲党课扣分"},
};

static double *rule_slot(party_rules *r, int kind) {
  switch (kind) {
  case -1: return &r->base;
  case -2: return &r->att_threshold;
  case -3: return &r->att_points;
  case -4: return &r->add_cap;
  case -5: return &r->project_points;
  default: return &r->miss[kind];
  }
}

int party_rules_parse(json_t *o, party_rules *r, char *field, size_t fieldlen, char *msg, size_t msglen) {
  if (!json_is_object(o)) { snprintf(field, fieldlen, "rules"); snprintf(msg, msglen, "规则应为对象"); return -1; }
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    int found = -1;
    for (size_t i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++)
      if (!strcmp(key, rule_keys[i].key)) found = (int)i;
    snprintf(field, fieldlen, "%.60s", *key ? key : "\"\"");
    if (found < 0) { snprintf(msg, msglen, "不认识的规则"); return -1; }
    if (!json_is_number(v) || json_number_value(v) < rule_keys[found].lo || json_number_value(v) > rule_keys[found].hi) {
      snprintf(msg, msglen, "%s应为 %g 至 %g 之间的数", rule_keys[found].label, rule_keys[found].lo, rule_keys[found].hi);
      return -1;
    }
    *rule_slot(r, rule_keys[found].kind) = json_number_value(v);
  }
  return 0;
}

json_t *party_rules_json(const party_rules *r) {
  json_t *o = json_object();
  party_rules copy = *r;
  for (size_t i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++)
    json_object_set_new(o, rule_keys[i].key, json_real(*rule_slot(&copy, rule_keys[i].kind)));
  return o;
}
