/* fuzz_cockpit_import.c — libFuzzer harness: the cockpit's import reader (CSV → long or wide layout → value rows).
 * Every parsed row must name a month that parses and a row number inside the table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "cockpit/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  tab *t = csv_read((const char *)data, size, NULL, err, sizeof err);
  if (!t) return 0;
  json_t *errs = json_array();
  ck_imp_row *rows = NULL;
  long n = ck_import_parse(t, &rows, errs);
  for (long k = 0; k < n; k++) {
    if (cockpit_month_parse(rows[k].month) < 0) abort();
    if (rows[k].row < 2 || (size_t)rows[k].row > t->nrows) abort();
    if (!rows[k].ind[0] || !rows[k].unit[0]) abort();
  }
  free(rows);
  json_decref(errs);
  tab_free(t);
  return 0;
}
