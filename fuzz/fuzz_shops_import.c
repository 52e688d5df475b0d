/* fuzz_shops_import.c — libFuzzer harness: the monthly-data import reader (CSV in any encoding → table → rows). Every row
 * it keeps has a normalised month, a metric of the dictionary and a finite value ≥ 0. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "shops/shops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  tab *t = csv_read((const char *)data, size, NULL, err, sizeof err);
  if (!t) return 0;
  shops_import imp;
  err[0] = 0;
  if (shops_import_read(t, shops_default_metrics, shops_default_nmetrics, &imp, err, sizeof err) == 0) {
    for (size_t i = 0; i < imp.nrows; i++) {
      const shops_import_row *r = &imp.rows[i];
      if (shops_month_index(r->month) < 0 || !isfinite(r->value) || r->value < 0 || !r->license || !*r->license) abort();
      int known = 0;
      for (size_t k = 0; k < shops_default_nmetrics; k++) known |= r->metric == shops_default_metrics[k].code;
      if (!known || r->line < 2 || r->line > t->nrows) abort();
    }
  } else if (!err[0]) abort();
  shops_import_free(&imp);
  tab_free(t);
  return 0;
}
