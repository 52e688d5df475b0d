/* fuzz_party_body.c — libFuzzer harness: the party module's parsers of request bodies on arbitrary bytes — a
 * meeting's attendance list, the frequency settings, 党建考核 adjustments and rules — and the schedule checker on dates and frequencies taken
 * from the input. A refusal names its field; accepted rows hold valid states, no member twice; the checker's periods
 * cover the year without overlap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTY_PURE_ONLY
#include "party/internal.h"

static void check_schedule(const uint8_t *data, size_t size) {
  if (size < 24) return;
  char founded[11], today[11];
  memcpy(founded, data, 10), founded[10] = 0;
  memcpy(today, data + 10, 10), today[10] = 0;
  party_freq f[4];
  size_t nf = 0;
  static const int months[] = {0, 1, 3, 6, 12};
  for (size_t i = 20; i + 1 < size && nf < 4; i += 2) {
    f[nf].kind = (party_kind)(data[i] % PK__COUNT);
    snprintf(f[nf].from, sizeof f[nf].from, "2026-%02d-01", 1 + data[i + 1] % 12);
    f[nf].months = months[(data[i] >> 4) % 5];
    nf++;
  }
  party_schedule s;
  if (party_schedule_check(2026, founded, today, (1u << PK__COUNT) - 1, f, nf, NULL, 0, 7, &s)) return;
  for (int k = 0; k < PK__COUNT; k++) {
    int next = 1;
    for (size_t i = 0; i < s.n; i++) {
      if (s.v[i].kind != (party_kind)k) continue;
      if (s.v[i].first_month != next || s.v[i].last_month < s.v[i].first_month || s.v[i].last_month > 12) abort();
      next = s.v[i].last_month + 1;
    }
    if (next != 13) abort();
  }
  party_schedule_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_schedule(data, size);
  json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
  if (!j) return 0;
  char field[64], msg[200];
  party_att *a = NULL;
  size_t n = 0;
  field[0] = msg[0] = 0;
  if (party_attendance_parse(j, &a, &n, field, sizeof field, msg, sizeof msg) == 0) {
    for (size_t i = 0; i < n; i++) {
      if (a[i].member_id <= 0) abort();
      if (strcmp(a[i].state, "出席") && strcmp(a[i].state, "请假") && strcmp(a[i].state, "缺席")) abort();
      if (!strcmp(a[i].state, "请假") && !a[i].reason[0]) abort();
      for (size_t k = 0; k < i; k++)
        if (a[k].member_id == a[i].member_id) abort();
    }
    free(a);
  } else if (!field[0] || !msg[0]) abort();
  int m[PK__COUNT];
  field[0] = msg[0] = 0;
  if (party_freq_parse(j, m, field, sizeof field, msg, sizeof msg) == 0) {
    for (int k = 0; k < PK__COUNT; k++)
      if (m[k] != -1 && m[k] != 0 && m[k] != 1 && m[k] != 3 && m[k] != 6 && m[k] != 12) abort();
  } else if (!field[0] || !msg[0]) abort();
  party_adj *adj = NULL;
  field[0] = msg[0] = 0;
  if (party_adj_parse(j, &adj, &n, field, sizeof field, msg, sizeof msg) == 0) {
    party_score sc;
    int missed[PK__COUNT] = {1, 0, 2, 0, 1, 0};
    party_score_compute(&party_default_rules, missed, 10, 7, adj, n, &sc);
    if (sc.total < 0 || sc.additions > party_default_rules.add_cap) abort();
    free(adj);
  } else if (!field[0] || !msg[0]) abort();
  party_rules rules = party_default_rules;
  field[0] = msg[0] = 0;
  if (party_rules_parse(j, &rules, field, sizeof field, msg, sizeof msg) == 0) {
    json_t *back = party_rules_json(&rules);
    party_rules again = party_default_rules;
    if (party_rules_parse(back, &again, field, sizeof field, msg, sizeof msg) || memcmp(&again, &rules, sizeof rules)) abort();
    json_decref(back);
  } else if (!field[0] || !msg[0]) abort();
  json_decref(j);
  return 0;
}
