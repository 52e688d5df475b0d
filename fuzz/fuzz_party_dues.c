/* fuzz_party_dues.c — libFuzzer harness: the 党费 import reader (CSV in any encoding → table → rows and per-row
 * errors), the month formats it accepts, and the bodies of the dues rule and of a service package's measures. Every
 * row it keeps unflagged has a normalised month, an amount of 1 分 to 10 万元 and a name; a flagged row has an error in
 * the report; refusals name their field; an accepted rule's amounts are never negative. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/util.h"
#define PARTY_PURE_ONLY
#include "party/internal.h"

static void check_rows(const uint8_t *data, size_t size) {
  char err[256];
  tab *t = csv_read((const char *)data, size, NULL, err, sizeof err);
  if (!t) return;
  json_t *errs = json_array();
  party_dues_in *v = NULL;
  size_t n = 0;
  err[0] = 0;
  if (party_dues_read(t, &v, &n, errs, err, sizeof err) == 0) {
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
      const party_dues_in *d = &v[i];
      if (d->line < 2 || d->line > t->nrows) abort();
      if (d->bad) { flagged++; continue; }
      char m[8];
      if (!d->name[0] || party_month_norm(d->month, m) || strcmp(m, d->month) || d->amount_fen < 1 || d->amount_fen > 10000000) abort();
      if (d->paid_on[0] && !party_date_valid(d->paid_on)) abort();
    }
    if (flagged > json_array_size(errs)) abort();
  } else if (!err[0]) abort();
  free(v);
  json_decref(errs);
  tab_free(t);
}

static void check_bodies(const uint8_t *data, size_t size) {
  json_t *o = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
  if (!o) return;
  char field[64] = "", msg[200];
  party_dues_rule r;
  if (party_dues_rule_parse(o, &r, field, sizeof field, msg, sizeof msg) == 0) {
    for (int64_t base = 0; base <= 20000000; base += 1234567)
      if (party_dues_amount(&r, base, -1) < 0) abort();
    json_t *back = party_dues_rule_json(&r);
    party_dues_rule again;
    if (party_dues_rule_parse(back, &again, field, sizeof field, msg, sizeof msg)) abort();
    json_decref(back);
  } else if (!field[0]) abort();
  party_measure *m = NULL;
  size_t n = 0;
  field[0] = 0;
  if (party_measures_parse(o, &m, &n, field, sizeof field, msg, sizeof msg) == 0) {
    for (size_t i = 0; i < n; i++)
      if (!m[i].kind[0] || !m[i].content[0] || (m[i].done_on[0] && !party_date_valid(m[i].done_on))) abort();
    free(m);
  } else if (!field[0]) abort();
  json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_rows(data, size);
  check_bodies(data, size);
  if (size < 40) {
    char s[41], m[8];
    memcpy(s, data, size);
    s[size] = 0;
    if (party_month_norm(s, m) == 0 && util_month_index(m) < 0) abort();
  }
  return 0;
}
