/* xlsx_read.c — in-memory import of the first worksheet of an .xlsx with libzip + expat: strings, numbers, dates, limits. */
#include "base/xlsx.h"
#include "base/table.h"
#include "base/strbuf.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
/* ======================================================================
   Reader
   ====================================================================== */

enum {
    RD_OK = 0,
    RD_INVALID,   /* not a usable xlsx */
    RD_NO_WB,     /* workbook.xml missing */
    RD_NO_SHEET,  /* no worksheet found */
    RD_TOO_BIG,   /* decompressed size limits */
    RD_TOO_MANY,  /* cell limit */
    RD_NOMEM,
};

enum { ST_NONE = 0, ST_DATE = 1, ST_TIME = 2 };
enum { CT_NUM, CT_SST, CT_INLINE, CT_STR, CT_BOOL, CT_ERR, CT_DATE_ISO };

#define MAX_SHEETS 4096u
#define MAX_RELS 65536u
#define MAX_XFS 262144u
#define MAX_NUMFMTS 65536u
#define MAX_SST 4000000u
#define MAX_ROW 1048576u
#define MAX_COL 16384u

typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct numfmt {
    long id;
    int cls;
} numfmt;

typedef struct rd {
    zip_t *za;
    XML_Parser parser;
    int status;
    size_t total;       /* decompressed bytes read so far */
    size_t text_total;  /* bytes of cell text produced */
    int depth;

    /* _rels/.rels and workbook rels */
    rel *rels;
    size_t nrels;
    /* workbook.xml */
    char **sheet_rids;
    size_t nsheets;
    int date1904;
    /* styles.xml */
    numfmt *fmts;
    size_t nfmts;
    long *xf_fmt;
    size_t nxf;
    unsigned char *xf_cls;
    int in_numfmts, in_cellxfs;
    /* sharedStrings.xml: strings back to back in sst_buf, starting at sst_off[i] */
    strbuf sst_buf;
    size_t *sst_off;
    size_t nsst, cap_sst;
    int in_si, in_t, rph_depth;
    /* worksheet */
    tab *t;
    int in_sheetdata, in_row, in_c, in_v, in_is;
    char **row;
    size_t row_n, row_cap;
    size_t col;      /* column of the current cell */
    size_t next_col; /* column a cell without r= gets */
    int ctype, cstyle;
    strbuf text;
    size_t ncells;
} rd;

static void rd_fail(rd *r, int status)
{
    if (r->status == RD_OK)
        r->status = status;
    if (r->parser)
        XML_StopParser(r->parser, XML_FALSE);
}

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *lname)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), lname) == 0)
            return atts[i + 1];
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Decodes OOXML _xHHHH_ escapes in place (NUL and surrogates are left alone). */
static size_t decode_xescapes(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
            unsigned cp = 0;
            int ok = 1;
            for (size_t k = 2; k < 6; k++) {
                char c = s[i + k];
                cp <<= 4;
                if (c >= '0' && c <= '9')
                    cp |= (unsigned)(c - '0');
                else if (c >= 'a' && c <= 'f')
                    cp |= (unsigned)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F')
                    cp |= (unsigned)(c - 'A' + 10);
                else
                    ok = 0;
            }
            if (ok && cp != 0 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                o += tab_utf8_encode(s + o, cp); /* at most 3 bytes for 7 read */
                i += 7;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    rd_fail(ud, RD_INVALID); /* OOXML parts never have a DTD; refusing them stops entity tricks */
}

/* Streams one zip entry through an expat parser with the given handlers.
   Returns 1 parsed, 0 entry absent, -1 failed (r->status set). */
static int parse_entry(rd *r, const char *name, XML_StartElementHandler on_start,
                       XML_EndElementHandler on_end, XML_CharacterDataHandler on_text)
{
    zip_int64_t idx = zip_name_locate(r->za, name, 0);
    if (idx < 0)
        idx = zip_name_locate(r->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(r->za, (zip_uint64_t)idx, 0, &st) != 0) {
        r->status = RD_INVALID;
        return -1;
    }
    if ((st.valid & ZIP_STAT_SIZE) &&
        (st.size > XLSX_MAX_ENTRY_BYTES || st.size > XLSX_MAX_TOTAL_BYTES - r->total)) {
        r->status = RD_TOO_BIG;
        return -1;
    }
    zip_file_t *zf = zip_fopen_index(r->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        r->status = RD_INVALID;
        return -1;
    }
    XML_Parser p = XML_ParserCreate(NULL); /* encoding from BOM / declaration; output is UTF-8 */
    char *chunk = malloc(65536);
    if (!p || !chunk) {
        if (p)
            XML_ParserFree(p);
        free(chunk);
        zip_fclose(zf);
        r->status = RD_NOMEM;
        return -1;
    }
    XML_SetUserData(p, r);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    r->parser = p;
    r->depth = 0;
    size_t entry = 0;
    for (;;) {
        zip_int64_t got = zip_fread(zf, chunk, 65536);
        if (got < 0) {
            rd_fail(r, RD_INVALID);
            break;
        }
        entry += (size_t)got;
        r->total += (size_t)got;
        if (entry > XLSX_MAX_ENTRY_BYTES || r->total > XLSX_MAX_TOTAL_BYTES) {
            rd_fail(r, RD_TOO_BIG);
            break;
        }
        if (XML_Parse(p, chunk, (int)got, got == 0) != XML_STATUS_OK) {
            rd_fail(r, RD_INVALID);
            break;
        }
        if (got == 0)
            break;
    }
    r->parser = NULL;
    XML_ParserFree(p);
    free(chunk);
    zip_fclose(zf);
    return r->status == RD_OK ? 1 : -1;
}

/* ---- relationships ---- */

static void rels_free(rd *r)
{
    for (size_t i = 0; i < r->nrels; i++) {
        free(r->rels[i].id);
        free(r->rels[i].type);
        free(r->rels[i].target);
    }
    free(r->rels);
    r->rels = NULL;
    r->nrels = 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rd *r = ud;
    if (strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (r->nrels >= MAX_RELS) {
        rd_fail(r, RD_INVALID);
        return;
    }
    if ((r->nrels & (r->nrels - 1)) == 0) {
        size_t cap = r->nrels ? r->nrels * 2 : 1;
        rel *nr = realloc(r->rels, cap * sizeof(rel));
        if (!nr) {
            rd_fail(r, RD_NOMEM);
            return;
        }
        r->rels = nr;
    }
    rel *x = &r->rels[r->nrels];
    x->id = strdup(id);
    x->type = strdup(type);
    x->target = strdup(target);
    if (!x->id || !x->type || !x->target) {
        free(x->id);
        free(x->type);
        free(x->target);
        rd_fail(r, RD_NOMEM);
        return;
    }
    r->nrels++;
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
}

/* Joins base_dir (ending in '/' or empty) and a relationship target, resolving
   "/" (package root), "." and "..". malloc'd, NULL on no memory. */
static char *resolve_path(const char *base_dir, const char *target)
{
    size_t bl = strlen(base_dir), tl = strlen(target);
    if (tl > SIZE_MAX - bl - 2)
        return NULL;
    char *joined = malloc(bl + tl + 2);
    char *out = malloc(bl + tl + 2);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    if (target[0] == '/')
        snprintf(joined, bl + tl + 2, "%s", target + 1);
    else
        snprintf(joined, bl + tl + 2, "%s%s", base_dir, target);
    size_t o = 0;
    char *save = NULL;
    for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* drop the '/' too */
            while (o > 0 && out[o - 1] != '/')
                o--;
            continue;
        }
        size_t sl = strlen(seg);
        memcpy(out + o, seg, sl);
        o += sl;
        out[o++] = '/';
    }
    if (o > 0)
        o--; /* trailing '/' */
    out[o] = '\0';
    free(joined);
    return out;
}

/* The .rels part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static char *rels_path_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
    char *s = NULL;
    if (asprintf(&s, "%.*s_rels/%s.rels", (int)dl, part, part + dl) < 0)
        return NULL;
    return s;
}

static char *dir_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
    char *s = malloc(dl + 1);
    if (s) {
        memcpy(s, part, dl);
        s[dl] = '\0';
    }
    return s;
}

static const rel *rel_by_type(const rd *r, const char *suffix)
{
    for (size_t i = 0; i < r->nrels; i++)
        if (ends_with(r->rels[i].type, suffix))
            return &r->rels[i];
    return NULL;
}

/* ---- workbook.xml ---- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(ln, "sheet") == 0) {
        const char *id = attr(atts, "id");
        if (!id)
            return;
        if (r->nsheets >= MAX_SHEETS) {
            rd_fail(r, RD_INVALID);
            return;
        }
        if ((r->nsheets & (r->nsheets - 1)) == 0) {
            size_t cap = r->nsheets ? r->nsheets * 2 : 1;
            char **ns = realloc(r->sheet_rids, cap * sizeof(char *));
            if (!ns) {
                rd_fail(r, RD_NOMEM);
                return;
            }
            r->sheet_rids = ns;
        }
        if (!(r->sheet_rids[r->nsheets] = strdup(id))) {
            rd_fail(r, RD_NOMEM);
            return;
        }
        r->nsheets++;
    }
}

/* ---- styles.xml ---- */

static int builtin_fmt_class(long id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return ST_DATE;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
        return ST_TIME;
    return ST_NONE;
}

/* Class of a custom format code: date when it has y or d (or m without h/s),
   time when it has h or s; quoted text, [..], \x, _x, *x and AM/PM are skipped. */
static int custom_fmt_class(const char *f)
{
    int y = 0, m = 0, d = 0, h = 0, s = 0;
    for (size_t i = 0; f[i]; i++) {
        char c = f[i];
        if (c == '"') {
            i++;
            while (f[i] && f[i] != '"')
                i++;
            if (!f[i])
                break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!f[i + 1])
                break;
            i++;
        } else if (c == '[') {
            size_t j = i + 1;
            int only_hms = 1;
            while (f[j] && f[j] != ']') {
                char e = (char)(f[j] | 0x20);
                if (e != 'h' && e != 'm' && e != 's')
                    only_hms = 0;
                j++;
            }
            if (only_hms && j > i + 1)
                h = 1; /* [h] [mm] [ss]: elapsed time */
            if (!f[j])
                break;
            i = j;
        } else if (strncasecmp(f + i, "AM/PM", 5) == 0) {
            i += 4;
        } else if (strncasecmp(f + i, "A/P", 3) == 0) {
            i += 2;
        } else {
            switch (c | 0x20) {
            case 'y': y = 1; break;
            case 'm': m = 1; break;
            case 'd': d = 1; break;
            case 'h': h = 1; break;
            case 's': s = 1; break;
            default: break;
            }
        }
    }
    if (y || d || (m && !h && !s))
        return ST_DATE;
    if (h || s)
        return ST_TIME;
    return ST_NONE;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "numFmts") == 0) {
        r->in_numfmts = 1;
    } else if (strcmp(ln, "cellXfs") == 0) {
        r->in_cellxfs = 1;
    } else if (r->in_numfmts && strcmp(ln, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code || r->nfmts >= MAX_NUMFMTS)
            return;
        if ((r->nfmts & (r->nfmts - 1)) == 0) {
            size_t cap = r->nfmts ? r->nfmts * 2 : 1;
            numfmt *nf = realloc(r->fmts, cap * sizeof(numfmt));
            if (!nf) {
                rd_fail(r, RD_NOMEM);
                return;
            }
            r->fmts = nf;
        }
        r->fmts[r->nfmts].id = strtol(id, NULL, 10);
        r->fmts[r->nfmts].cls = custom_fmt_class(code);
        r->nfmts++;
    } else if (r->in_cellxfs && strcmp(ln, "xf") == 0) {
        if (r->nxf >= MAX_XFS)
            return;
        if ((r->nxf & (r->nxf - 1)) == 0) {
            size_t cap = r->nxf ? r->nxf * 2 : 1;
            long *nx = realloc(r->xf_fmt, cap * sizeof(long));
            if (!nx) {
                rd_fail(r, RD_NOMEM);
                return;
            }
            r->xf_fmt = nx;
        }
        const char *id = attr(atts, "numFmtId");
        r->xf_fmt[r->nxf++] = id ? strtol(id, NULL, 10) : 0;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "numFmts") == 0)
        r->in_numfmts = 0;
    else if (strcmp(ln, "cellXfs") == 0)
        r->in_cellxfs = 0;
}

static int classify_xfs(rd *r)
{
    if (!r->nxf)
        return 0;
    r->xf_cls = malloc(r->nxf);
    if (!r->xf_cls)
        return -1;
    for (size_t i = 0; i < r->nxf; i++) {
        int cls = builtin_fmt_class(r->xf_fmt[i]);
        for (size_t k = 0; k < r->nfmts; k++) /* a custom format overrides a built-in id */
            if (r->fmts[k].id == r->xf_fmt[i])
                cls = r->fmts[k].cls;
        r->xf_cls[i] = (unsigned char)cls;
    }
    return 0;
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "si") == 0) {
        if (r->nsst >= MAX_SST) {
            rd_fail(r, RD_TOO_MANY);
            return;
        }
        if (r->nsst == r->cap_sst) {
            size_t cap = r->cap_sst ? r->cap_sst * 2 : 64;
            size_t *no = realloc(r->sst_off, cap * sizeof(size_t));
            if (!no) {
                rd_fail(r, RD_NOMEM);
                return;
            }
            r->sst_off = no;
            r->cap_sst = cap;
        }
        r->in_si = 1;
        r->rph_depth = 0;
        r->sst_off[r->nsst] = r->sst_buf.n;
    } else if (r->in_si && strcmp(ln, "rPh") == 0) {
        r->rph_depth++;
    } else if (r->in_si && strcmp(ln, "t") == 0) {
        r->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "t") == 0) {
        r->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (r->rph_depth)
            r->rph_depth--;
    } else if (strcmp(ln, "si") == 0 && r->in_si) {
        r->in_si = 0;
        size_t start = r->sst_off[r->nsst];
        if (sb_reserve(&r->sst_buf, 1) != 0) {
            rd_fail(r, RD_NOMEM);
            return;
        }
        r->sst_buf.p[r->sst_buf.n] = '\0';
        size_t n = decode_xescapes(r->sst_buf.p + start, r->sst_buf.n - start);
        r->sst_buf.n = start + n + 1; /* keep the NUL as separator */
        r->nsst++;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    rd *r = ud;
    if (r->in_si && r->in_t && !r->rph_depth && sb_add(&r->sst_buf, s, (size_t)len) != 0)
        rd_fail(r, RD_NOMEM);
}

/* ---- worksheet ---- */

static void row_discard(rd *r)
{
    for (size_t i = 0; i < r->row_n; i++)
        free(r->row[i]);
    r->row_n = 0;
}

static int row_append(rd *r, char *cell)
{
    if (r->ncells >= XLSX_MAX_CELLS) {
        rd_fail(r, RD_TOO_MANY);
        return -1;
    }
    if (r->row_n == r->row_cap) {
        size_t cap = r->row_cap ? r->row_cap * 2 : 16;
        char **nr = realloc(r->row, cap * sizeof(char *));
        if (!nr) {
            rd_fail(r, RD_NOMEM);
            return -1;
        }
        r->row = nr;
        r->row_cap = cap;
    }
    r->row[r->row_n++] = cell;
    r->ncells++;
    return 0;
}

/* Puts cell (malloc'd, taken) at column col of the current row. */
static void row_put(rd *r, size_t col, char *cell)
{
    if (col < r->row_n) {
        free(r->row[col]);
        r->row[col] = cell;
        return;
    }
    while (r->row_n < col) {
        char *e = strdup("");
        if (!e) {
            free(cell);
            rd_fail(r, RD_NOMEM);
            return;
        }
        if (row_append(r, e) != 0) {
            free(e);
            free(cell);
            return;
        }
    }
    if (row_append(r, cell) != 0)
        free(cell);
}

static void row_finish(rd *r)
{
    while (r->row_n > 0 && r->row[r->row_n - 1][0] == '\0') {
        free(r->row[--r->row_n]);
        r->ncells--;
    }
    char **cells = NULL;
    if (r->row_n) {
        cells = malloc(r->row_n * sizeof(char *));
        if (!cells) {
            rd_fail(r, RD_NOMEM);
            return;
        }
        memcpy(cells, r->row, r->row_n * sizeof(char *));
    }
    if (tab_add_row_take(r->t, r->row_n, cells) != 0) {
        free(cells);
        rd_fail(r, RD_NOMEM);
        return;
    }
    r->row_n = 0;
}

/* Column index of a reference like "BC12" (letters only are read), or -1. */
static long ref_col(const char *ref)
{
    long col = 0;
    size_t i = 0;
    for (; ref[i]; i++) {
        char c = ref[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c < 'A' || c > 'Z')
            break;
        if (i >= 3)
            return -2; /* beyond XFD */
        col = col * 26 + (c - 'A' + 1);
    }
    if (i == 0)
        return -1;
    return col - 1;
}

static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

/* Formats an Excel serial date. Returns 0, or -1 when out of range. */
static int format_date(double v, int date1904, int cls, char *out, size_t outlen)
{
    if (!(v >= 0) || v >= 2958466.0)
        return -1;
    double whole = floor(v);
    long days = (long)whole;
    long secs = lround((v - whole) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    int hh = (int)(secs / 3600), mi = (int)(secs / 60 % 60), ss = (int)(secs % 60);
    if (cls == ST_TIME && days == 0) {
        snprintf(out, outlen, "%02d:%02d:%02d", hh, mi, ss);
        return 0;
    }
    long y;
    unsigned m, d;
    if (date1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &d);
    } else if (days == 60) { /* Excel's phantom 1900-02-29 */
        y = 1900;
        m = 2;
        d = 29;
    } else {
        civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
    }
    if (secs)
        snprintf(out, outlen, "%04ld-%02u-%02u %02d:%02d:%02d", y, m, d, hh, mi, ss);
    else
        snprintf(out, outlen, "%04ld-%02u-%02u", y, m, d);
    return 0;
}

static void format_number(double v, char *out, size_t outlen)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(out, outlen, "%.0f", v == 0 ? 0.0 : v);
    else
        snprintf(out, outlen, "%.15g", v);
}

static char *cell_value(rd *r)
{
    char num[64];
    const char *s = r->text.p ? r->text.p : "";
    size_t n = r->text.n;
    switch (r->ctype) {
    case CT_SST: {
        char *end;
        errno = 0;
        unsigned long long i = strtoull(s, &end, 10);
        if (end == s || *end || errno || s[0] == '-' || i >= r->nsst)
            return strdup("");
        return strdup(r->sst_buf.p + r->sst_off[i]);
    }
    case CT_INLINE:
    case CT_STR:
        if (n)
            r->text.n = decode_xescapes(r->text.p, n);
        return strdup(r->text.p ? r->text.p : "");
    case CT_BOOL:
        return strdup(n == 0 ? "" : strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ? "TRUE" : "FALSE");
    case CT_ERR:
    case CT_DATE_ISO:
        return strdup(s);
    default:
        break;
    }
    if (n == 0)
        return strdup("");
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v))
        return strdup(s);
    int cls = (r->cstyle >= 0 && (size_t)r->cstyle < r->nxf && r->xf_cls) ? r->xf_cls[r->cstyle] : ST_NONE;
    if (cls == ST_NONE || format_date(v, r->date1904, cls, num, sizeof num) != 0)
        format_number(v, num, sizeof num);
    return strdup(num);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "sheetData") == 0) {
        r->in_sheetdata = 1;
    } else if (!r->in_sheetdata) {
        return;
    } else if (strcmp(ln, "row") == 0) {
        if (r->in_row)
            return;
        const char *rs = attr(atts, "r");
        if (rs) {
            char *end;
            errno = 0;
            unsigned long long want = strtoull(rs, &end, 10);
            if (end == rs || *end || errno || want == 0 || rs[0] == '-' || want > MAX_ROW) {
                rd_fail(r, RD_INVALID);
                return;
            }
            while (r->t->nrows < want - 1) {
                if (tab_add_row_take(r->t, 0, NULL) != 0) {
                    rd_fail(r, RD_NOMEM);
                    return;
                }
            }
        }
        if (r->t->nrows >= MAX_ROW) {
            rd_fail(r, RD_INVALID);
            return;
        }
        r->in_row = 1;
        r->row_n = 0;
        r->next_col = 0;
    } else if (strcmp(ln, "c") == 0 && r->in_row) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col = ref ? ref_col(ref) : -1;
        if (col == -2 || col >= (long)MAX_COL) {
            rd_fail(r, RD_INVALID);
            return;
        }
        r->col = col >= 0 ? (size_t)col : r->next_col;
        if (r->col >= MAX_COL) {
            rd_fail(r, RD_INVALID);
            return;
        }
        r->next_col = r->col + 1;
        r->ctype = !t ? CT_NUM : strcmp(t, "s") == 0 ? CT_SST : strcmp(t, "inlineStr") == 0 ? CT_INLINE
                 : strcmp(t, "str") == 0 ? CT_STR : strcmp(t, "b") == 0 ? CT_BOOL
                 : strcmp(t, "e") == 0 ? CT_ERR : strcmp(t, "d") == 0 ? CT_DATE_ISO : CT_NUM;
        long sv = s ? strtol(s, NULL, 10) : 0;
        r->cstyle = (sv >= 0 && sv < (long)MAX_XFS) ? (int)sv : -1;
        r->in_c = 1;
        r->in_v = r->in_is = r->in_t = 0;
        r->rph_depth = 0;
        r->text.n = 0;
        if (r->text.p)
            r->text.p[0] = '\0';
    } else if (r->in_c) {
        if (strcmp(ln, "v") == 0)
            r->in_v = 1;
        else if (strcmp(ln, "is") == 0)
            r->in_is = 1;
        else if (r->in_is && strcmp(ln, "rPh") == 0)
            r->rph_depth++;
        else if (r->in_is && strcmp(ln, "t") == 0)
            r->in_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    rd *r = ud;
    const char *ln = local_name(name);
    if (!r->in_sheetdata)
        return;
    if (strcmp(ln, "sheetData") == 0) {
        r->in_sheetdata = 0;
    } else if (strcmp(ln, "row") == 0 && r->in_row) {
        r->in_row = 0;
        row_finish(r);
    } else if (strcmp(ln, "c") == 0 && r->in_c) {
        r->in_c = 0;
        char *v = cell_value(r);
        if (!v) {
            rd_fail(r, RD_NOMEM);
            return;
        }
        size_t vl = strlen(v);
        if (vl > XLSX_MAX_TOTAL_BYTES - r->text_total) {
            free(v);
            rd_fail(r, RD_TOO_BIG);
            return;
        }
        r->text_total += vl;
        row_put(r, r->col, v);
    } else if (strcmp(ln, "v") == 0) {
        r->in_v = 0;
    } else if (strcmp(ln, "is") == 0) {
        r->in_is = 0;
    } else if (strcmp(ln, "t") == 0) {
        r->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0 && r->rph_depth) {
        r->rph_depth--;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    rd *r = ud;
    if (!r->in_c)
        return;
    if ((r->in_v || (r->in_is && r->in_t && !r->rph_depth)) && sb_add(&r->text, s, (size_t)len) != 0)
        rd_fail(r, RD_NOMEM);
}

/* ---- driver ---- */

static void rd_cleanup(rd *r)
{
    rels_free(r);
    for (size_t i = 0; i < r->nsheets; i++)
        free(r->sheet_rids[i]);
    free(r->sheet_rids);
    free(r->fmts);
    free(r->xf_fmt);
    free(r->xf_cls);
    free(r->sst_buf.p);
    free(r->sst_off);
    row_discard(r);
    free(r->row);
    free(r->text.p);
}

static void set_msg(char *err, size_t errlen, int status)
{
    if (!err || !errlen)
        return;
    const char *m;
    switch (status) {
    case RD_NO_WB: m = "文件不是有效的xlsx：缺少workbook.xml"; break;
    case RD_NO_SHEET: m = "文件不是有效的xlsx：找不到工作表"; break;
    case RD_TOO_BIG: m = "xlsx文件解压后过大（单个部件超过64MiB或合计超过256MiB），拒绝读取"; break;
    case RD_TOO_MANY: m = "xlsx单元格数量超过1000000，拒绝读取"; break;
    case RD_NOMEM: m = "内存不足"; break;
    default: m = "文件不是有效的xlsx"; break;
    }
    snprintf(err, errlen, "%s", m);
}

/* Finds and reads everything after the zip is open; sets r->status on failure. */
static void read_book(rd *r)
{
    char *wb_path = NULL, *wb_dir = NULL, *wb_rels = NULL, *sheet = NULL, *p = NULL;

    /* package rels -> officeDocument, else the usual place */
    if (parse_entry(r, "_rels/.rels", rels_start, no_end, no_text) < 0)
        goto out;
    const rel *od = rel_by_type(r, "/officeDocument");
    wb_path = od ? resolve_path("", od->target) : strdup("xl/workbook.xml");
    rels_free(r);
    if (!wb_path) {
        r->status = RD_NOMEM;
        goto out;
    }
    int rc = parse_entry(r, wb_path, wb_start, no_end, no_text);
    if (rc == 0 && od) { /* a wrong officeDocument target: try the usual place */
        free(wb_path);
        wb_path = strdup("xl/workbook.xml");
        if (!wb_path) {
            r->status = RD_NOMEM;
            goto out;
        }
        rc = parse_entry(r, wb_path, wb_start, no_end, no_text);
    }
    if (rc <= 0) {
        if (rc == 0)
            r->status = RD_NO_WB;
        goto out;
    }
    if (!(wb_dir = dir_of(wb_path)) || !(wb_rels = rels_path_of(wb_path))) {
        r->status = RD_NOMEM;
        goto out;
    }
    rc = parse_entry(r, wb_rels, rels_start, no_end, no_text);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < r->nsheets && !sheet; i++) {
        for (size_t k = 0; k < r->nrels; k++) {
            if (strcmp(r->rels[k].id, r->sheet_rids[i]) == 0 && ends_with(r->rels[k].type, "/worksheet")) {
                if (!(sheet = resolve_path(wb_dir, r->rels[k].target))) {
                    r->status = RD_NOMEM;
                    goto out;
                }
                break;
            }
        }
    }
    if (!sheet) {
        r->status = RD_NO_SHEET;
        goto out;
    }

    const rel *x = rel_by_type(r, "/styles");
    p = x ? resolve_path(wb_dir, x->target) : NULL;
    if ((x && !p) || (p && parse_entry(r, p, styles_start, styles_end, no_text) < 0)) {
        if (r->status == RD_OK)
            r->status = RD_NOMEM;
        goto out;
    }
    free(p);
    p = NULL;
    if (classify_xfs(r) != 0) {
        r->status = RD_NOMEM;
        goto out;
    }

    x = rel_by_type(r, "/sharedStrings");
    p = x ? resolve_path(wb_dir, x->target) : NULL;
    if ((x && !p) || (p && parse_entry(r, p, sst_start, sst_end, sst_text) < 0)) {
        if (r->status == RD_OK)
            r->status = RD_NOMEM;
        goto out;
    }
    free(p);
    p = NULL;

    rc = parse_entry(r, sheet, sheet_start, sheet_end, sheet_text);
    if (rc == 0)
        r->status = RD_NO_SHEET;
out:
    free(p);
    free(sheet);
    free(wb_rels);
    free(wb_dir);
    free(wb_path);
}

tab *xlsx_read(const void *data, size_t len, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!data || len < 4) {
        set_msg(err, errlen, RD_INVALID);
        return NULL;
    }
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        if (err && errlen)
            snprintf(err, errlen, "文件是旧版xls或已加密的xlsx，请在Excel中另存为不加密的xlsx");
        return NULL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        set_msg(err, errlen, RD_NOMEM);
        return NULL;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    zip_error_fini(&ze);
    if (!za) {
        zip_source_free(src);
        set_msg(err, errlen, RD_INVALID);
        return NULL;
    }
    rd r;
    memset(&r, 0, sizeof r);
    r.za = za;
    r.t = tab_new();
    if (!r.t)
        r.status = RD_NOMEM;
    else
        read_book(&r);
    zip_discard(za);
    if (r.status == RD_OK) {
        tab *t = r.t;
        while (t->nrows > 0 && t->rows[t->nrows - 1].ncells == 0)
            t->nrows--; /* rows of 0 cells own nothing */
    }
    rd_cleanup(&r);
    if (r.status != RD_OK) {
        set_msg(err, errlen, r.status);
        tab_free(r.t);
        return NULL;
    }
    return r.t;
}
