/* fuzz_evals_market.c — libFuzzer harness: the 市场检查 import reader (CSV in any encoding → table → rows). Every row it
 * keeps has a licence, a real date normalised to YYYY-MM-DD and a verdict of 0 or 1; every other data row is reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#define EVALS_PURE_ONLY
#include "evals/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  tab *t = csv_read((const char *)data, size, NULL, err, sizeof err);
  if (!t) return 0;
  evals_market m;
  err[0] = 0;
  if (evals_market_read(t, &m, err, sizeof err) == 0) {
    if (m.nrows > m.total) abort();
    if (m.nrows < m.total && json_array_size(m.errors) == 0) abort(); /* a dropped row is always reported */
    for (size_t i = 0; i < m.nrows; i++) {
      const evals_market_row *r = &m.rows[i];
      char again[11];
      if (!r->license[0] || (r->price_ok != 0 && r->price_ok != 1) || r->line < 2 || r->line > t->nrows) abort();
      if (strlen(r->date) != 10 || evals_market_date(r->date, again) || strcmp(again, r->date)) abort();
    }
  } else if (!err[0]) abort();
  evals_market_free(&m);
  tab_free(t);
  return 0;
}
