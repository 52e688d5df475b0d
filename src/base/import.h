/* import.h — the one import pipeline every importer uses: reading an uploaded XLSX/CSV (sniffed, GBK or UTF-8),
 * finding columns by header, per-row errors, the report and its keep_valid/dry_run gate, the ?k=1 flags.
 * How a module adds an importer: docs/import.md. */
#ifndef BASE_IMPORT_H
#define BASE_IMPORT_H
#include "base/http.h"
#include "base/table.h"
#include <jansson.h>
#include <stddef.h>

/* The table in data: XLSX when it starts with a ZIP signature, else CSV in UTF-8 (with or without BOM) or GBK/GB18030.
 * NULL with a Chinese reason in err. Pure: background jobs read their copy of the body with it. */
tab *imp_read_mem(const void *data, size_t len, char *err, size_t errlen);
/* The request body read as above, honouring ?format=xlsx|csv; NULL when answered 400 (no file, unreadable, no rows:
 * a file with fewer than min_rows rows, header included, is "空的"). Caller frees with tab_free. */
tab *imp_read(req *r, size_t min_rows);

/* The column whose header (trimmed) starts with name; -1 when none. Prefix match: "手机号（选填）" is 手机号. */
int imp_col(const tab *t, const char *name);
/* Finds each of n headers into idx (-1 when absent); answers 400 naming the first required one missing. 0 ok. */
int imp_cols(req *r, const tab *t, const char *const *names, const int *required, int *idx, size_t n);
const char *imp_cell(const tab *t, size_t row, int col); /* "" when the row or column is absent */
int imp_row_blank(const tab *t, size_t row);              /* every cell empty or blanks */
char *imp_trim(req *r, const char *s);                    /* trimmed copy owned by r; NULL reads as "" */

/* Appends {row, column, code, message "第N行 列：…"} to errs. */
void imp_error(json_t *errs, size_t row, const char *col, const char *code, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* ?key=1 or ?key=true (keep_valid, dry_run, async, below…). */
int imp_flag(req *r, const char *key);

/* {total, valid, written: 0, errors} taking errs. */
json_t *imp_report(size_t total, size_t valid, json_t *errs);
/* The gate after checking every row: errors without ?keep_valid=1 answer 422 import_invalid with the report and the
 * message every importer shows; ?dry_run=1 answers 200 with the report. 1 = go on writing (the caller keeps report),
 * 0 = answered (report taken). */
int imp_gate(req *r, json_t *report);
/* The 422 answer alone (for a report built elsewhere, as by a background job); takes report. */
void imp_invalid(req *r, json_t *report);
#endif
