/* table.c — the tab type: rows of owned UTF-8 string cells, and UTF-8 checks shared by csv/xlsx. */
#include "base/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

tab *tab_new(void)
{
    return calloc(1, sizeof(tab));
}

static int grow_rows(tab *t)
{
    /* Grow capacity in powers of two: capacity is implied by nrows. */
    size_t n = t->nrows;
    if (n == 0 || (n & (n - 1)) == 0) {
        if (n > SIZE_MAX / 2 / sizeof(tab_row))
            return -1;
        size_t cap = n ? n * 2 : 1;
        tab_row *r = realloc(t->rows, cap * sizeof(tab_row));
        if (!r)
            return -1;
        t->rows = r;
    }
    return 0;
}

int tab_add_row_take(tab *t, size_t ncells, char **cells)
{
    if (!t || (ncells && !cells))
        return -1;
    if (t->nrows == SIZE_MAX || grow_rows(t) != 0)
        return -1;
    t->rows[t->nrows].ncells = ncells;
    t->rows[t->nrows].cells = ncells ? cells : NULL;
    if (!ncells)
        free(cells);
    t->nrows++;
    return 0;
}

int tab_add_row(tab *t, size_t ncells, const char *const *cells)
{
    if (!t || (ncells && !cells))
        return -1;
    if (ncells > SIZE_MAX / sizeof(char *))
        return -1;
    char **copy = NULL;
    if (ncells) {
        copy = calloc(ncells, sizeof(char *));
        if (!copy)
            return -1;
        for (size_t i = 0; i < ncells; i++) {
            copy[i] = strdup(cells[i] ? cells[i] : "");
            if (!copy[i]) {
                for (size_t j = 0; j < i; j++)
                    free(copy[j]);
                free(copy);
                return -1;
            }
        }
    }
    if (tab_add_row_take(t, ncells, copy) != 0) {
        for (size_t i = 0; i < ncells; i++)
            free(copy[i]);
        free(copy);
        return -1;
    }
    return 0;
}

const char *tab_cell(const tab *t, size_t row, size_t col)
{
    if (!t || row >= t->nrows || col >= t->rows[row].ncells)
        return NULL;
    return t->rows[row].cells[col];
}

void tab_free(tab *t)
{
    if (!t)
        return;
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->rows[r].ncells; c++)
            free(t->rows[r].cells[c]);
        free(t->rows[r].cells);
    }
    free(t->rows);
    free(t);
}

size_t tab_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; min = 0x80; c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; min = 0x800; c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; min = 0x10000; c &= 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

int tab_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        unsigned cp;
        size_t k = tab_utf8_decode(p + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

size_t tab_utf8_encode(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
