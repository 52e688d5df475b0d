/* fuzz_csv.c — libFuzzer harness: csv_read, csv_write, csv_read again; the cells must survive the round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    tab *a = csv_read((const char *)data, size, NULL, err, sizeof err);
    if (!a) {
        if (!err[0])
            abort(); /* a refusal must say why */
        return 0;
    }
    size_t n = 0;
    char *out = csv_write(a, &n);
    if (!out)
        abort();
    csv_encoding enc;
    tab *b = csv_read(out, n, &enc, err, sizeof err);
    if (!b || enc != CSV_ENC_UTF8_BOM || b->nrows != a->nrows)
        abort();
    for (size_t r = 0; r < a->nrows; r++) {
        if (a->rows[r].ncells != b->rows[r].ncells)
            abort();
        for (size_t c = 0; c < a->rows[r].ncells; c++) {
            const char *x = tab_cell(a, r, c), *y = tab_cell(b, r, c);
            if (csv_needs_formula_escape(x)) { /* written with a leading ' */
                if (y[0] != '\'' || strcmp(x, y + 1) != 0)
                    abort();
            } else if (strcmp(x, y) != 0) {
                abort();
            }
        }
    }
    tab_free(b);
    free(out);
    tab_free(a);
    return 0;
}
