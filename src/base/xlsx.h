/* xlsx.h — writing a tab table as a formatted .xlsx (libxlsxwriter) and reading the first worksheet of an .xlsx (libzip + expat). */
#ifndef BUREAU_BASE_XLSX_H
#define BUREAU_BASE_XLSX_H

#include <stddef.h>

#include "base/table.h"

/* Limits xlsx_read enforces against zip bombs and oversized input. */
#define XLSX_MAX_ENTRY_BYTES ((size_t)64 << 20)   /* one decompressed zip entry */
#define XLSX_MAX_TOTAL_BYTES ((size_t)256 << 20)  /* all entries read, and all cell text */
#define XLSX_MAX_CELLS 1000000u

typedef struct xlsx_opts {
    const char *sheet_name;     /* default "Sheet1"; characters Excel refuses become '_', cut to 31 */
    const char *title;          /* document property title, may be NULL */
    const char *author;         /* document property author (the viewer), may be NULL */
    const char *header_footer;  /* printed page header text, e.g. "导出人 张三 2026-11-25 10:00", may be NULL */
    const unsigned char *numeric_cols; /* optional array of ncols_flags flags: 1 = write cells of this
                                          column (below the header) as numbers when they parse as numbers */
    size_t ncols_flags;
} xlsx_opts;

/* Writes t as one worksheet. The first row is the header: bold, frozen,
   autofilter, repeated on printed pages; column widths fitted to content (CJK
   counted double width, capped). A cell in a numeric column is written as a
   number only when it is a plain decimal ("-12", "3.50") without leading zeros
   and with at most 15 significant digits, so IDs and licence numbers stay text.
   Invalid UTF-8 is replaced by U+FFFD; text longer than Excel's 32767
   characters is cut. opts may be NULL. Uses a temporary file under $TMPDIR
   (or /tmp), removed before returning.
   Returns malloc'd bytes (caller frees) with the length in *len, or NULL on
   failure (no memory, I/O, more than 1048576 rows or 16384 columns). */
char *xlsx_write(const tab *t, const xlsx_opts *opts, size_t *len);

/* Reads the first worksheet (first <sheet> of workbook.xml whose relationship
   is a worksheet) of an .xlsx held in memory; never touches the disk.
   Cells: shared strings (rich text runs joined, phonetic runs left out), inline
   strings, formula string results, numbers (integers without ".0", others with
   up to 15 significant digits), booleans (TRUE/FALSE), errors (#DIV/0!...).
   Numeric cells with a date style become "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"
   (1900 and 1904 date systems); with a time-only style and no day part "HH:MM:SS".
   Gaps in r="C7" references are filled with empty cells / rows of 0 cells;
   trailing empty cells of a row and trailing empty rows are dropped.
   Refuses (NULL, Chinese message in err) broken files, DTDs, entries over
   XLSX_MAX_ENTRY_BYTES, more than XLSX_MAX_TOTAL_BYTES in all, and more than
   XLSX_MAX_CELLS cells. Returns a new table (caller frees with tab_free) or NULL.
   err may be NULL. */
tab *xlsx_read(const void *data, size_t len, char *err, size_t errlen);

#endif
