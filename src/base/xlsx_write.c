/* xlsx_write.c — .xlsx export with libxlsxwriter (written to a temp file, read back into memory). */
#include "base/xlsx.h"
#include "base/table.h"
#include "base/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
/* ======================================================================
   Writer
   ====================================================================== */

#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0
#define STR_MAX_CHARS 32767u
#define HEADER_MAX_CHARS 255u
#define CONSTANT_MEMORY_CELLS 200000u

static int is_wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Display width of the widest line of s (CJK = 2). */
static size_t display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, w = 0, best = 0;
    while (i < n) {
        if (p[i] == '\n' || p[i] == '\r') {
            w = 0;
            i++;
            continue;
        }
        unsigned cp;
        size_t k = tab_utf8_decode(p + i, n - i, &cp);
        if (!k) {
            k = 1;
            cp = '?';
        }
        w += is_wide(cp) ? 2 : 1;
        if (w > best)
            best = w;
        i += k;
    }
    return best;
}

/* s as valid UTF-8 of at most max_chars code points: s itself when it already
   is, else a malloc'd copy in *owned. NULL on no memory. */
static const char *clean_text(const char *s, size_t max_chars, char **owned)
{
    *owned = NULL;
    size_t n = strlen(s), chars = 0, i = 0;
    const unsigned char *p = (const unsigned char *)s;
    int ok = 1;
    while (i < n) {
        unsigned cp;
        size_t k = p[i] < 0x80 ? 1 : tab_utf8_decode(p + i, n - i, &cp);
        if (!k) {
            ok = 0;
            break;
        }
        i += k;
        if (++chars > max_chars) {
            ok = 0;
            break;
        }
    }
    if (ok)
        return s;
    strbuf b = {0};
    if (sb_reserve(&b, n) != 0)
        return NULL;
    b.p[0] = '\0';
    chars = 0;
    i = 0;
    while (i < n && chars < max_chars) {
        unsigned cp;
        size_t k = p[i] < 0x80 ? 1 : tab_utf8_decode(p + i, n - i, &cp);
        int bad = (k == 0);
        if (sb_add(&b, bad ? "\xEF\xBF\xBD" : s + i, bad ? 3 : k) != 0) {
            free(b.p);
            return NULL;
        }
        i += bad ? 1 : k;
        chars++;
    }
    *owned = b.p;
    return b.p;
}

/* A plain decimal: -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 15 significant digits. */
static int plain_decimal(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    if (*p == '0' && p[1] >= '0' && p[1] <= '9')
        return 0; /* leading zero: an identifier, keep it text */
    size_t sig = 0;
    int seen_nonzero = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (*p != '0')
            seen_nonzero = 1;
        if (seen_nonzero)
            sig++;
    }
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (*p != '0')
                seen_nonzero = 1;
            if (seen_nonzero)
                sig++;
        }
    }
    if (*p || sig > 15)
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static void make_sheet_name(const char *want, char *out, size_t outlen)
{
    /* at most 31 UTF-16 units, none of []:*?/\ , not starting/ending with ' */
    size_t o = 0, units = 0;
    const unsigned char *p = (const unsigned char *)(want ? want : "");
    size_t n = strlen((const char *)p), i = 0;
    while (i < n && o + 5 < outlen) {
        unsigned cp;
        size_t k = tab_utf8_decode(p + i, n - i, &cp);
        if (!k) {
            k = 1;
            cp = '_';
        }
        if (cp < 0x20 || strchr("[]:*?/\\", (int)cp) != NULL)
            cp = '_';
        unsigned u = cp >= 0x10000 ? 2 : 1;
        if (units + u > 31)
            break;
        units += u;
        o += tab_utf8_encode(out + o, cp);
        i += k;
    }
    out[o] = '\0';
    while (o > 0 && out[o - 1] == '\'')
        out[--o] = '\0';
    size_t lead = 0;
    while (out[lead] == '\'')
        lead++;
    if (lead)
        memmove(out, out + lead, o - lead + 1);
    if (!out[0] || strcmp(out, "History") == 0)
        snprintf(out, outlen, "Sheet1");
}

/* "&C" + text with '&' doubled, at most HEADER_MAX_CHARS characters. NULL on no memory. */
static char *make_header(const char *text)
{
    strbuf b = {0};
    if (sb_add(&b, "&C", 2) != 0)
        return NULL;
    size_t chars = 2;
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = tab_utf8_decode(p + i, n - i, &cp);
        const char *piece = text + i;
        size_t plen = k, pchars = 1;
        if (!k) {
            piece = "\xEF\xBF\xBD";
            plen = 3;
            k = 1;
        } else if (cp == '&') {
            piece = "&&";
            plen = 2;
            pchars = 2;
        }
        if (chars + pchars > HEADER_MAX_CHARS)
            break;
        if (sb_add(&b, piece, plen) != 0) {
            free(b.p);
            return NULL;
        }
        chars += pchars;
        i += k;
    }
    return b.p;
}

static char *read_back(int fd, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uintmax_t)st.st_size >= SIZE_MAX)
        return NULL;
    size_t n = (size_t)st.st_size, got = 0;
    char *out = malloc(n);
    if (!out)
        return NULL;
    while (got < n) {
        ssize_t r = pread(fd, out + got, n - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(out);
            return NULL;
        }
        got += (size_t)r;
    }
    *len = n;
    return out;
}

char *xlsx_write(const tab *t, const xlsx_opts *opts, size_t *len)
{
    static const xlsx_opts defaults = {0};
    if (!t || !len)
        return NULL;
    if (!opts)
        opts = &defaults;
    if (t->nrows > LXW_ROW_MAX)
        return NULL;
    size_t ncols = 0, ncells = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (t->rows[r].ncells > ncols)
            ncols = t->rows[r].ncells;
        ncells += t->rows[r].ncells;
    }
    if (ncols > LXW_COL_MAX)
        return NULL;

    double *widths = NULL;
    if (ncols) {
        widths = calloc(ncols, sizeof(double));
        if (!widths)
            return NULL;
        for (size_t r = 0; r < t->nrows; r++) {
            for (size_t c = 0; c < t->rows[r].ncells; c++) {
                double w = (double)display_width(t->rows[r].cells[c]) + (r == 0 ? 3.0 : 2.0);
                if (w > widths[c])
                    widths[c] = w;
            }
        }
    }

    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !tmpdir[0])
        tmpdir = "/tmp";
    char *path = NULL;
    if (asprintf(&path, "%s/bureau-xlsx-XXXXXX", tmpdir) < 0) {
        free(widths);
        return NULL;
    }
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        free(widths);
        return NULL;
    }

    char *out = NULL, *header = NULL;
    lxw_workbook_options wo = {
        .constant_memory = ncells > CONSTANT_MEMORY_CELLS,
        .tmpdir = (char *)tmpdir,
        .use_zip64 = 0,
    };
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb)
        goto done;
    int ok = 1;

    lxw_doc_properties props = {0};
    char *own_title = NULL, *own_author = NULL;
    if (opts->title)
        props.title = (char *)clean_text(opts->title, 255, &own_title);
    if (opts->author)
        props.author = (char *)clean_text(opts->author, 255, &own_author);
    if ((opts->title && !props.title) || (opts->author && !props.author) ||
        ((props.title || props.author) && workbook_set_properties(wb, &props) != LXW_NO_ERROR))
        ok = 0;
    free(own_title);
    free(own_author);

    char name[32 * 4 + 8];
    make_sheet_name(opts->sheet_name, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    if (!ws || !bold) {
        workbook_close(wb);
        goto done;
    }
    format_set_bold(bold);

    if (opts->header_footer) {
        header = make_header(opts->header_footer);
        if (!header || worksheet_set_header(ws, header) != LXW_NO_ERROR)
            ok = 0;
    }
    if (ok && worksheet_set_footer(ws, "&C第 &P 页，共 &N 页") != LXW_NO_ERROR)
        ok = 0;
    for (size_t c = 0; ok && c < ncols; c++) {
        double w = widths[c] < WIDTH_MIN ? WIDTH_MIN : widths[c] > WIDTH_MAX ? WIDTH_MAX : widths[c];
        if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL) != LXW_NO_ERROR)
            ok = 0;
    }
    if (ok && t->nrows > 0) {
        worksheet_freeze_panes(ws, 1, 0);
        if (worksheet_repeat_rows(ws, 0, 0) != LXW_NO_ERROR)
            ok = 0;
        if (ok && ncols > 0 &&
            worksheet_autofilter(ws, 0, 0, (lxw_row_t)(t->nrows - 1), (lxw_col_t)(ncols - 1)) != LXW_NO_ERROR)
            ok = 0;
    }
    for (size_t r = 0; ok && r < t->nrows; r++) {
        for (size_t c = 0; ok && c < t->rows[r].ncells; c++) {
            const char *s = t->rows[r].cells[c];
            if (!s[0])
                continue;
            double v;
            lxw_error e;
            if (r > 0 && opts->numeric_cols && c < opts->ncols_flags && opts->numeric_cols[c] &&
                plain_decimal(s, &v)) {
                e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, NULL);
            } else {
                char *owned;
                const char *txt = clean_text(s, STR_MAX_CHARS, &owned);
                if (!txt) {
                    ok = 0;
                    break;
                }
                e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, txt, r == 0 ? bold : NULL);
                free(owned);
            }
            if (e != LXW_NO_ERROR)
                ok = 0;
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        ok = 0;
    if (ok)
        out = read_back(fd, len);
done:
    close(fd);
    unlink(path);
    free(path);
    free(header);
    free(widths);
    return out;
}
