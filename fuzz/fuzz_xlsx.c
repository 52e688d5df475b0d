/* fuzz_xlsx.c — libFuzzer harness: xlsx_read on arbitrary bytes, and on a well-formed zip built around fuzzed XML parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/xlsx.h"

/* Checks a result: a refusal must carry a message, a table must be sane. */
static void check(tab *t, const char *err)
{
    if (!t) {
        if (!err[0])
            abort();
        return;
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
}

static const char WB[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships>"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/>"
    "</Relationships>";

/* Input not starting with "PK": NUL-separated parts sheet\0sharedStrings\0styles\0workbook,
   stored in a valid zip so the fuzzer's XML reaches the parsers past the CRC checks. */
static void structured(const uint8_t *data, size_t size)
{
    const char *names[4] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"};
    const char *part[4] = {0};
    size_t plen[4] = {0};
    size_t np = 0, start = 0;
    for (size_t i = 0; i <= size && np < 4; i++) {
        if (i == size || data[i] == 0) {
            part[np] = (const char *)data + start;
            plen[np++] = i - start;
            start = i + 1;
        }
    }
    if (np < 4) {
        part[3] = WB;
        plen[3] = sizeof WB - 1;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        abort();
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za)
        abort();
    zip_source_t *rs = zip_source_buffer(za, RELS, sizeof RELS - 1, 0);
    if (!rs || zip_file_add(za, "xl/_rels/workbook.xml.rels", rs, 0) < 0)
        abort();
    for (size_t i = 0; i < 4; i++) {
        if (!part[i])
            continue;
        zip_source_t *s = zip_source_buffer(za, part[i], plen[i], 0);
        zip_int64_t idx = s ? zip_file_add(za, names[i], s, 0) : -1;
        if (idx < 0)
            abort();
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(za) != 0)
        abort();
    if (zip_source_open(src) != 0 || zip_source_seek(src, 0, SEEK_END) != 0)
        abort();
    zip_int64_t n = zip_source_tell(src);
    char *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (!buf || zip_source_seek(src, 0, SEEK_SET) != 0 || zip_source_read(src, buf, (zip_uint64_t)n) != n)
        abort();
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    char err[256];
    check(xlsx_read(buf, (size_t)n, err, sizeof err), err);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    check(xlsx_read(data, size, err, sizeof err), err);
    if (!(size >= 2 && data[0] == 'P' && data[1] == 'K'))
        structured(data, size);
    return 0;
}
