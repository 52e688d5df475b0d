/* csv.h — reading and writing CSV files (UTF-8 / GB18030 in, UTF-8 with BOM out) as tab tables. */
#ifndef BUREAU_BASE_CSV_H
#define BUREAU_BASE_CSV_H

#include <stddef.h>

#include "base/table.h"

typedef enum { CSV_ENC_UTF8, CSV_ENC_UTF8_BOM, CSV_ENC_GB18030 } csv_encoding;

/* Parses RFC 4180 CSV: quoted fields, doubled quotes, CRLF/LF/CR line ends,
   newlines inside quotes. Separator is ',' — or tab when the first record has a
   tab and no comma outside quotes. A quote in the middle of an unquoted field,
   or text after a closing quote, is kept literally (as Excel does).
   Encoding is detected: UTF-8 BOM -> stripped (invalid sequences become U+FFFD);
   valid UTF-8 -> as is; otherwise GB18030 (superset of GBK) converted with iconv.
   UTF-16 input and NUL bytes are refused.
   An empty line gives a row of 0 cells; trailing rows whose cells are all empty
   are dropped. Reads only data[0..len).
   Returns a new table (caller frees with tab_free), or NULL with a Chinese
   message in err (e.g. "第3行：引号未闭合"). enc_out and err may be NULL. */
tab *csv_read(const char *data, size_t len, csv_encoding *enc_out, char *err, size_t errlen);

/* Writes t as UTF-8 with BOM, CRLF line ends, ',' separated. Cells containing
   , " CR LF or tab are quoted (quotes doubled); a row of one empty cell is
   written as "" so that it reads back as one cell. Cells for which
   csv_needs_formula_escape() is true are written with a leading '.
   Returns a malloc'd buffer (caller frees; NUL-terminated for convenience, the
   NUL not counted) with its length in *len, or NULL on no memory. */
char *csv_write(const tab *t, size_t *len);

/* 1 when cell starts with = + - @ tab or CR and is not a plain number
   (e.g. "-12.5", "+3", "-1e5"): csv_write prefixes such cells with ' so a
   spreadsheet does not run them as formulas. */
int csv_needs_formula_escape(const char *cell);

#endif
