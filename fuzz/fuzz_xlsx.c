/* fuzz_xlsx.c — libFuzzer harness: xlsx_read on arbitrary bytes must either refuse with a message or give a sane table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    tab *t = xlsx_read(data, size, err, sizeof err);
    if (!t) {
        if (!err[0])
            abort(); /* a refusal must say why */
        return 0;
    }
    size_t cells = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        cells += t->rows[r].ncells;
        for (size_t c = 0; c < t->rows[r].ncells; c++)
            if (!tab_cell(t, r, c))
                abort();
    }
    if (cells > XLSX_MAX_CELLS)
        abort();
    tab_free(t);
    return 0;
}
