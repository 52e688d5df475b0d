/* csv.c — CSV reader (encoding detection, RFC 4180 quoting) and writer (BOM, CRLF, formula escaping). */
#include "base/csv.h"
#include "base/strbuf.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_NOMEM "内存不足"

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}


/* ---- encoding ---- */

/* Line number (1-based) of byte offset off in p, counting CRLF, LF and CR as line ends. */
static size_t line_of(const char *p, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++) {
        if (p[i] == '\n')
            line++;
        else if (p[i] == '\r' && !(i + 1 < off && p[i + 1] == '\n'))
            line++;
    }
    return line;
}

/* UTF-8 with invalid sequences replaced by U+FFFD. */
static int utf8_repair(const char *s, size_t n, strbuf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && p[i] < 0x80)
            i++;
        if (i > start && sb_add(out, s + start, i - start) != 0)
            return -1;
        if (i >= n)
            break;
        unsigned cp;
        size_t k = tab_utf8_decode(p + i, n - i, &cp);
        if (k) {
            if (sb_add(out, s + i, k) != 0)
                return -1;
            i += k;
        } else {
            if (sb_add(out, "\xEF\xBF\xBD", 3) != 0)
                return -1;
            i++;
        }
    }
    return sb_reserve(out, 0);
}

/* GB18030 -> UTF-8. Returns 0, -1 on no memory, -2 on bad input (*bad_off set),
   -3 when iconv has no GB18030 converter. */
static int gb18030_to_utf8(const char *s, size_t n, strbuf *out, size_t *bad_off)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return errno == ENOMEM ? -1 : -3;
    char *in = (char *)s;
    size_t inleft = n;
    int rc = 0;
    if (n / 2 > SIZE_MAX - n - 16 || sb_reserve(out, n + n / 2 + 16) != 0) {
        iconv_close(cd);
        return -1;
    }
    while (inleft > 0) {
        char *o = out->p + out->n;
        size_t oleft = out->cap - out->n - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->n = (size_t)(o - out->p);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            if (sb_reserve(out, inleft * 2 + 16) != 0) {
                rc = -1;
                break;
            }
            continue;
        }
        *bad_off = (size_t)(in - s);
        rc = -2;
        break;
    }
    iconv_close(cd);
    if (rc == 0)
        out->p[out->n] = '\0';
    return rc;
}

/* ---- parsing ---- */

typedef struct row_acc {
    char **cells;
    size_t n, cap;
} row_acc;

static void row_clear(row_acc *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i]);
    r->n = 0;
}

static int row_push(row_acc *r, const char *s, size_t n)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        if (cap > SIZE_MAX / sizeof(char *))
            return -1;
        char **c = realloc(r->cells, cap * sizeof(char *));
        if (!c)
            return -1;
        r->cells = c;
        r->cap = cap;
    }
    char *cell = malloc(n + 1);
    if (!cell)
        return -1;
    if (n)
        memcpy(cell, s, n);
    cell[n] = '\0';
    r->cells[r->n++] = cell;
    return 0;
}

/* Moves the accumulated cells into a new row of t. */
static int row_flush(row_acc *r, tab *t)
{
    char **cells = NULL;
    if (r->n) {
        cells = malloc(r->n * sizeof(char *));
        if (!cells)
            return -1;
        memcpy(cells, r->cells, r->n * sizeof(char *));
    }
    if (tab_add_row_take(t, r->n, cells) != 0) {
        free(cells);
        return -1;
    }
    r->n = 0;
    return 0;
}

/* Separator: tab when the first record has a tab and no comma outside quotes. */
static char detect_sep(const char *p, size_t n)
{
    int inq = 0, tabs = 0, commas = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && (c == '\r' || c == '\n'))
            break;
        else if (!inq && c == ',')
            commas = 1;
        else if (!inq && c == '\t')
            tabs = 1;
    }
    return (tabs && !commas) ? '\t' : ',';
}

static int row_all_empty(const tab_row *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i][0])
            return 0;
    return 1;
}

/* Parses UTF-8 text p[0..n) into t. Returns 0, -1 no memory, -2 unterminated quote (*bad_line). */
static int parse(const char *p, size_t n, tab *t, size_t *bad_line)
{
    char sep = detect_sep(p, n);
    row_acc row = {0};
    strbuf field = {0};
    size_t i = 0, line = 1;
    int rc = 0;

    while (i < n) {
        if (p[i] == '\r' || p[i] == '\n') { /* empty line: a row of 0 cells */
            if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
                i++;
            i++;
            line++;
            if (row_flush(&row, t) != 0) {
                rc = -1;
                goto out;
            }
            continue;
        }
        for (;;) { /* one field per pass */
            field.n = 0;
            if (i < n && p[i] == '"') {
                size_t qline = line;
                i++;
                for (;;) {
                    if (i >= n) {
                        *bad_line = qline;
                        rc = -2;
                        goto out;
                    }
                    size_t start = i;
                    while (i < n && p[i] != '"' && p[i] != '\r' && p[i] != '\n')
                        i++;
                    if (i > start && sb_add(&field, p + start, i - start) != 0) {
                        rc = -1;
                        goto out;
                    }
                    if (i >= n)
                        continue;
                    if (p[i] == '"') {
                        if (i + 1 < n && p[i + 1] == '"') {
                            if (sb_addc(&field, '"') != 0) {
                                rc = -1;
                                goto out;
                            }
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    /* newline inside quotes: kept as is */
                    size_t k = (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
                    if (sb_add(&field, p + i, k) != 0) {
                        rc = -1;
                        goto out;
                    }
                    i += k;
                    line++;
                }
            }
            /* unquoted text, or text after the closing quote: literal */
            size_t start = i;
            while (i < n && p[i] != sep && p[i] != '\r' && p[i] != '\n')
                i++;
            if (sb_add(&field, p + start, i - start) != 0 ||
                row_push(&row, field.p, field.n) != 0) {
                rc = -1;
                goto out;
            }
            if (i >= n) {
                if (row_flush(&row, t) != 0)
                    rc = -1;
                goto out;
            }
            if (p[i] == sep) {
                i++;
                continue;
            }
            if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
                i++;
            i++;
            line++;
            if (row_flush(&row, t) != 0) {
                rc = -1;
                goto out;
            }
            break;
        }
    }
out:
    row_clear(&row);
    free(row.cells);
    free(field.p);
    if (rc == 0) {
        while (t->nrows > 0 && row_all_empty(&t->rows[t->nrows - 1])) {
            tab_row *r = &t->rows[--t->nrows];
            for (size_t c = 0; c < r->ncells; c++)
                free(r->cells[c]);
            free(r->cells);
        }
    }
    return rc;
}

tab *csv_read(const char *data, size_t len, csv_encoding *enc_out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!data)
        len = 0;
    strbuf conv = {0};
    const char *text = data;
    size_t n = len;
    csv_encoding enc = CSV_ENC_UTF8;

    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        set_err(err, errlen, "不支持UTF-16编码的CSV，请另存为UTF-8或GBK编码");
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        enc = CSV_ENC_UTF8_BOM;
        text = data + 3;
        n = len - 3;
        if (!tab_utf8_valid(text, n)) {
            if (utf8_repair(text, n, &conv) != 0) {
                free(conv.p);
                set_err(err, errlen, MSG_NOMEM);
                return NULL;
            }
            text = conv.p;
            n = conv.n;
        }
    } else if (!tab_utf8_valid(data, len)) {
        enc = CSV_ENC_GB18030;
        size_t bad = 0;
        int rc = gb18030_to_utf8(data, len, &conv, &bad);
        if (rc == 0 && !tab_utf8_valid(conv.p, conv.n)) {
            rc = -2;
            bad = 0;
        }
        if (rc != 0) {
            free(conv.p);
            if (rc == -1)
                set_err(err, errlen, MSG_NOMEM);
            else if (rc == -3)
                set_err(err, errlen, "系统缺少GB18030编码转换，无法读取非UTF-8的CSV");
            else
                set_err(err, errlen, "第%zu行：无法识别的字符编码，请使用UTF-8或GBK编码保存",
                        line_of(data, bad));
            return NULL;
        }
        text = conv.p;
        n = conv.n;
    }

    const char *nul = n ? memchr(text, '\0', n) : NULL;
    if (nul) {
        set_err(err, errlen, "第%zu行：含有空字符，文件不是文本格式的CSV",
                line_of(text, (size_t)(nul - text)));
        free(conv.p);
        return NULL;
    }

    tab *t = tab_new();
    if (!t) {
        free(conv.p);
        set_err(err, errlen, MSG_NOMEM);
        return NULL;
    }
    size_t bad_line = 0;
    int rc = parse(text, n, t, &bad_line);
    free(conv.p);
    if (rc != 0) {
        tab_free(t);
        if (rc == -2)
            set_err(err, errlen, "第%zu行：引号未闭合", bad_line);
        else
            set_err(err, errlen, MSG_NOMEM);
        return NULL;
    }
    if (enc_out)
        *enc_out = enc;
    return t;
}

/* ---- writing ---- */

static int is_plain_number(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

int csv_needs_formula_escape(const char *cell)
{
    if (!cell)
        return 0;
    char c = cell[0];
    if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r')
        return 0;
    return !is_plain_number(cell);
}

static int needs_quotes(const char *s)
{
    for (; *s; s++)
        if (*s == ',' || *s == '"' || *s == '\r' || *s == '\n' || *s == '\t')
            return 1;
    return 0;
}

static int write_cell(strbuf *b, const char *s)
{
    int esc = csv_needs_formula_escape(s);
    if (!needs_quotes(s)) {
        if (esc && sb_addc(b, '\'') != 0)
            return -1;
        return sb_add(b, s, strlen(s));
    }
    if (sb_addc(b, '"') != 0 || (esc && sb_addc(b, '\'') != 0))
        return -1;
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1)
        if (sb_add(b, s, (size_t)(q - s) + 1) != 0 || sb_addc(b, '"') != 0)
            return -1;
    if (sb_add(b, s, strlen(s)) != 0)
        return -1;
    return sb_addc(b, '"');
}

char *csv_write(const tab *t, size_t *len)
{
    strbuf b = {0};
    if (sb_add(&b, "\xEF\xBB\xBF", 3) != 0)
        goto fail;
    for (size_t r = 0; t && r < t->nrows; r++) {
        const tab_row *row = &t->rows[r];
        if (row->ncells == 1 && row->cells[0][0] == '\0') {
            if (sb_add(&b, "\"\"", 2) != 0)
                goto fail;
        } else {
            for (size_t c = 0; c < row->ncells; c++) {
                if ((c && sb_addc(&b, ',') != 0) || write_cell(&b, row->cells[c]) != 0)
                    goto fail;
            }
        }
        if (sb_add(&b, "\r\n", 2) != 0)
            goto fail;
    }
    if (len)
        *len = b.n;
    return b.p;
fail:
    free(b.p);
    return NULL;
}
