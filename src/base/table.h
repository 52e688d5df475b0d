/* table.h — a table of UTF-8 string cells, as read from or written to CSV/XLSX. */
#ifndef BUREAU_BASE_TABLE_H
#define BUREAU_BASE_TABLE_H

#include <stddef.h>

/* One row: ncells cells, each a NUL-terminated UTF-8 string owned by the table.
   Rows may be ragged (different ncells); a row may have 0 cells. */
typedef struct tab_row {
    size_t ncells;
    char **cells;
} tab_row;

typedef struct tab {
    size_t nrows;
    tab_row *rows;
} tab;

/* A new empty table (caller frees with tab_free), NULL on no memory. */
tab *tab_new(void);

/* Appends a row, copying the ncells strings (a NULL entry is stored as "").
   cells may be NULL when ncells is 0. Returns 0, or -1 on no memory / bad args
   (the table is then unchanged). */
int tab_add_row(tab *t, size_t ncells, const char *const *cells);

/* Appends a row taking ownership of cells[0..ncells) (each malloc'd) and of the
   cells array itself (malloc'd, may be NULL when ncells is 0). On failure (-1)
   nothing is taken: the caller still owns and frees them. */
int tab_add_row_take(tab *t, size_t ncells, char **cells);

/* The cell's text, or NULL when row or col is out of range. Owned by the table. */
const char *tab_cell(const tab *t, size_t row, size_t col);

/* Frees the table and all its cells; tab_free(NULL) is a no-op. */
void tab_free(tab *t);

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates, or > U+10FFFF), else 0. */
int tab_utf8_valid(const char *s, size_t n);

/* Length in bytes of the well-formed UTF-8 sequence at s[0..n), or 0 when the
   bytes there do not start one; *cp receives the code point. */
size_t tab_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Writes code point cp (≤ U+10FFFF) as UTF-8 at o (room for 4 bytes); returns the bytes written. */
size_t tab_utf8_encode(char *o, unsigned cp);

#endif
