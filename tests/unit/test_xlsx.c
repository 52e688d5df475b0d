/* test_xlsx.c — unit tests for the xlsx writer and reader (round trip, a hand-made workbook, refusals). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/xlsx.h"

/* ---- helpers: build a zip in memory, read one entry of a zip ---- */

typedef struct entry {
    const char *name;
    const char *body;
    size_t len; /* 0: strlen(body) */
} entry;

static char *make_zip(const entry *e, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        size_t bl = e[i].len ? e[i].len : strlen(e[i].body);
        zip_source_t *s = zip_source_buffer(za, e[i].body, bl, 0);
        assert_non_null(s);
        assert_true(zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t sz = zip_source_tell(src);
    assert_true(sz > 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    char *out = malloc((size_t)sz);
    assert_non_null(out);
    assert_int_equal(zip_source_read(src, out, (zip_uint64_t)sz), sz);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)sz;
    return out;
}

static char *zip_entry_text(const char *data, size_t len, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    char *out = calloc(1, (size_t)st.size + 1);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_discard(za);
    zip_error_fini(&ze);
    return out;
}

static const char *cell_or_empty(const tab *t, size_t r, size_t c)
{
    const char *s = tab_cell(t, r, c);
    return s ? s : "";
}

/* ---- round trip ---- */

static void test_round_trip(void **st)
{
    (void)st;
    static char longtext[6000];
    size_t o = 0;
    while (o + 4 < sizeof longtext - 1) {
        memcpy(longtext + o, o % 300 == 0 ? "\n" : "烟", o % 300 == 0 ? 1 : 3);
        o += o % 300 == 0 ? 1 : 3;
    }
    longtext[o] = '\0';

    tab *t = tab_new();
    const char *h[] = {"编号", "名称", "金额", "备注"};
    const char *r1[] = {"0012", "县局 & 一科", "123", "=1+1"};
    const char *r2[] = {"", "张三", "-4.5", ""};
    const char *r3[] = {"3", "", "", longtext};
    const char *r4[] = {"4", "李四", "1.50", "x"};
    const char *r5[] = {"5", "王五", "123456789012345678", "控制\x01字符"};
    assert_int_equal(tab_add_row(t, 4, h), 0);
    assert_int_equal(tab_add_row(t, 4, r1), 0);
    assert_int_equal(tab_add_row(t, 4, r2), 0);
    assert_int_equal(tab_add_row(t, 4, r3), 0);
    assert_int_equal(tab_add_row(t, 4, r4), 0);
    assert_int_equal(tab_add_row(t, 4, r5), 0);
    const unsigned char numeric[] = {1, 0, 1, 0};
    xlsx_opts o2 = {.sheet_name = "导出[明细]", .title = "许可证清单", .author = "张三",
                    .header_footer = "导出人 张三 & 李四 2026-11-25 10:00",
                    .numeric_cols = numeric, .ncols_flags = 4};
    size_t n = 0;
    char *x = xlsx_write(t, &o2, &n);
    assert_non_null(x);
    assert_true(n > 100);
    assert_memory_equal(x, "PK", 2);

    char *core = zip_entry_text(x, n, "docProps/core.xml");
    assert_non_null(strstr(core, "许可证清单"));
    assert_non_null(strstr(core, "张三"));
    free(core);
    char *wbx = zip_entry_text(x, n, "xl/workbook.xml");
    assert_non_null(strstr(wbx, "导出_明细_"));
    free(wbx);
    char *sh = zip_entry_text(x, n, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sh, "<pane"));
    assert_non_null(strstr(sh, "autoFilter ref=\"A1:D6\""));
    assert_non_null(strstr(sh, "<oddHeader>&amp;C导出人 张三 &amp;&amp; 李四"));
    assert_non_null(strstr(sh, "<cols>"));
    free(sh);

    char err[256] = "";
    tab *b = xlsx_read(x, n, err, sizeof err);
    if (!b)
        print_error("xlsx_read: %s\n", err);
    assert_non_null(b);
    assert_int_equal(b->nrows, 6);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < 4; c++) {
            const char *want = tab_cell(t, r, c);
            if (r == 4 && c == 2)
                want = "1.5"; /* written as the number 1.5 */
            assert_string_equal(cell_or_empty(b, r, c), want);
        }
    }
    assert_int_equal(b->rows[2].ncells, 3); /* trailing empty cell dropped */
    tab_free(b);
    free(x);
    tab_free(t);
}

static void test_write_edge_cases(void **st)
{
    (void)st;
    size_t n = 0;
    tab *t = tab_new();
    char *x = xlsx_write(t, NULL, &n); /* empty table */
    assert_non_null(x);
    tab *b = xlsx_read(x, n, NULL, 0);
    assert_non_null(b);
    assert_int_equal(b->nrows, 0);
    tab_free(b);
    free(x);

    const char *r[] = {"a\xFF" "b"}; /* invalid UTF-8 */
    assert_int_equal(tab_add_row(t, 1, r), 0);
    xlsx_opts o = {.sheet_name = "'''"};
    x = xlsx_write(t, &o, &n);
    assert_non_null(x);
    b = xlsx_read(x, n, NULL, 0);
    assert_non_null(b);
    assert_string_equal(tab_cell(b, 0, 0), "a\xEF\xBF\xBD" "b");
    tab_free(b);
    free(x);
    assert_null(xlsx_write(NULL, NULL, &n));
    tab_free(t);
}

/* ---- a hand-made workbook ---- */

static const char CT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char ROOT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char WORKBOOK[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"数据\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char WB_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/data.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
static const char SST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount=\"3\">"
    "<si><t>县局</t></si>"
    "<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space=\"preserve\">三 </t></r><rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si>"
    "<si><t>a_x000D_b &amp; &lt;c&gt;</t></si>"
    "</sst>";
static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;days&quot;\"/><numFmt numFmtId=\"166\" formatCode=\"[$-804]h:mm:ss\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs>"
    "</styleSheet>";
/* the first sheet, written with a namespace prefix as some producers do */
static const char DATA_SHEET[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
    "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
    "<x:row r=\"3\"><x:c r=\"B3\" t=\"inlineStr\"><x:is><x:r><x:t>内</x:t></x:r><x:r><x:t>联</x:t></x:r></x:is></x:c>"
    "<x:c r=\"C3\" s=\"1\"><x:v>44941</x:v></x:c><x:c r=\"D3\" s=\"2\"><x:v>44941.5</x:v></x:c>"
    "<x:c r=\"E3\" s=\"3\"><x:v>2.5</x:v></x:c><x:c r=\"F3\" s=\"4\"><x:v>0.75</x:v></x:c><x:c r=\"G3\" s=\"9\"/></x:row>"
    "<x:row><x:c t=\"b\"><x:v>1</x:v></x:c><x:c><x:v>3.0</x:v></x:c><x:c><x:v>0.1</x:v></x:c>"
    "<x:c><x:v>1234567890123</x:v></x:c><x:c t=\"str\"><x:f>A1</x:f><x:v>x</x:v></x:c><x:c t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
    "<x:c t=\"s\"><x:v>2</x:v></x:c><x:c><x:v>-1.25E-3</x:v></x:c><x:c t=\"s\"><x:v>99</x:v></x:c><x:c><x:v>0.30000000000000004</x:v></x:c></x:row>"
    "<x:row r=\"6\"><x:c r=\"A6\" s=\"1\"/></x:row>"
    "</x:sheetData></x:worksheet>";
static const char DECOY_SHEET[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>";

static char *handmade(size_t *len)
{
    const entry e[] = {
        {"[Content_Types].xml", CT, 0},
        {"_rels/.rels", ROOT_RELS, 0},
        {"xl/workbook.xml", WORKBOOK, 0},
        {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
        {"xl/sharedStrings.xml", SST, 0},
        {"xl/styles.xml", STYLES, 0},
        {"xl/worksheets/data.xml", DATA_SHEET, 0},
        {"xl/worksheets/sheet1.xml", DECOY_SHEET, 0},
    };
    return make_zip(e, sizeof e / sizeof e[0], len);
}

static void test_read_handmade(void **st)
{
    (void)st;
    size_t n = 0;
    char *z = handmade(&n);
    char err[256] = "";
    tab *t = xlsx_read(z, n, err, sizeof err);
    if (!t)
        print_error("xlsx_read: %s\n", err);
    assert_non_null(t);
    assert_int_equal(t->nrows, 4); /* row 6 holds only an empty cell: dropped */
    assert_int_equal(t->rows[0].ncells, 3);
    assert_string_equal(tab_cell(t, 0, 0), "县局");
    assert_string_equal(tab_cell(t, 0, 1), "");
    assert_string_equal(tab_cell(t, 0, 2), "张三 ");
    assert_int_equal(t->rows[1].ncells, 0); /* skipped row 2 */
    assert_int_equal(t->rows[2].ncells, 6); /* G3 is empty: trimmed */
    assert_string_equal(tab_cell(t, 2, 0), "");
    assert_string_equal(tab_cell(t, 2, 1), "内联");
    assert_string_equal(tab_cell(t, 2, 2), "2023-01-15");
    assert_string_equal(tab_cell(t, 2, 3), "2023-01-15 12:00:00");
    assert_string_equal(tab_cell(t, 2, 4), "2.5");
    assert_string_equal(tab_cell(t, 2, 5), "18:00:00");
    assert_string_equal(tab_cell(t, 3, 0), "TRUE");
    assert_string_equal(tab_cell(t, 3, 1), "3");
    assert_string_equal(tab_cell(t, 3, 2), "0.1");
    assert_string_equal(tab_cell(t, 3, 3), "1234567890123");
    assert_string_equal(tab_cell(t, 3, 4), "x");
    assert_string_equal(tab_cell(t, 3, 5), "#DIV/0!");
    assert_string_equal(tab_cell(t, 3, 6), "a\rb & <c>");
    assert_string_equal(tab_cell(t, 3, 7), "-0.00125");
    assert_string_equal(tab_cell(t, 3, 8), ""); /* shared string index out of range */
    assert_string_equal(tab_cell(t, 3, 9), "0.3");
    tab_free(t);
    free(z);
}

static void test_dates(void **st)
{
    (void)st;
    static const char sheet_fmt[] =
        "<worksheet><sheetData><row>"
        "<c s=\"1\"><v>1</v></c><c s=\"1\"><v>59</v></c><c s=\"1\"><v>60</v></c><c s=\"1\"><v>61</v></c>"
        "<c s=\"1\"><v>45986.999999999</v></c><c s=\"1\"><v>-5</v></c><c s=\"1\"><v>2958466</v></c>"
        "</row></sheetData></worksheet>";
    static const char wb1904[] =
        "<workbook xmlns:r=\"r\"><workbookPr date1904=\"1\"/><sheets><sheet r:id=\"a\"/></sheets></workbook>";
    static const char wb1900[] = "<workbook xmlns:r=\"r\"><sheets><sheet r:id=\"a\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships><Relationship Id=\"a\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
        "<Relationship Id=\"b\" Type=\"x/styles\" Target=\"st.xml\"/></Relationships>";
    static const char styles[] = "<styleSheet><cellXfs><xf/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
    entry e[] = {
        {"xl/workbook.xml", wb1900, 0},
        {"xl/_rels/workbook.xml.rels", rels, 0},
        {"xl/s.xml", sheet_fmt, 0},
        {"xl/st.xml", styles, 0},
    };
    size_t n;
    char *z = make_zip(e, 4, &n);
    tab *t = xlsx_read(z, n, NULL, 0);
    assert_non_null(t);
    assert_string_equal(tab_cell(t, 0, 0), "1900-01-01");
    assert_string_equal(tab_cell(t, 0, 1), "1900-02-28");
    assert_string_equal(tab_cell(t, 0, 2), "1900-02-29");
    assert_string_equal(tab_cell(t, 0, 3), "1900-03-01");
    assert_string_equal(tab_cell(t, 0, 4), "2025-11-26"); /* rounds up past midnight */
    assert_string_equal(tab_cell(t, 0, 5), "-5");
    assert_string_equal(tab_cell(t, 0, 6), "2958466");
    tab_free(t);
    free(z);

    e[0].body = wb1904;
    z = make_zip(e, 4, &n);
    t = xlsx_read(z, n, NULL, 0);
    assert_non_null(t);
    assert_string_equal(tab_cell(t, 0, 0), "1904-01-02");
    tab_free(t);
    free(z);
}

/* ---- refusals ---- */

static void test_reject_garbage(void **st)
{
    (void)st;
    char err[256] = "";
    static const char junk[] = "this is not a zip file at all, just text";
    assert_null(xlsx_read(junk, sizeof junk - 1, err, sizeof err));
    assert_string_equal(err, "文件不是有效的xlsx");
    err[0] = '\0';
    assert_null(xlsx_read("", 0, err, sizeof err));
    assert_string_equal(err, "文件不是有效的xlsx");
    assert_null(xlsx_read(NULL, 10, NULL, 0));
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old xls";
    assert_null(xlsx_read(ole, sizeof ole - 1, err, sizeof err));
    assert_non_null(strstr(err, "xls"));
}

static void test_reject_no_workbook(void **st)
{
    (void)st;
    const entry e[] = {{"hello.txt", "hello", 0}, {"_rels/.rels", ROOT_RELS, 0}};
    size_t n;
    char *z = make_zip(e, 2, &n);
    char err[256] = "";
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_non_null(strstr(err, "文件不是有效的xlsx"));
    assert_non_null(strstr(err, "workbook.xml"));
    free(z);
}

static void test_reject_broken_parts(void **st)
{
    (void)st;
    char err[256];
    size_t n;
    /* workbook without a worksheet relationship */
    const entry e1[] = {{"xl/workbook.xml", WORKBOOK, 0}};
    char *z = make_zip(e1, 1, &n);
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_non_null(strstr(err, "工作表"));
    free(z);
    /* malformed XML in the sheet */
    const entry e2[] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
                        {"xl/worksheets/data.xml", "<worksheet><sheetData><row>", 0}};
    z = make_zip(e2, 3, &n);
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_string_equal(err, "文件不是有效的xlsx");
    free(z);
    /* a DTD (entity expansion attempt) is refused */
    const entry e3[] = {{"xl/workbook.xml",
                         "<!DOCTYPE workbook [<!ENTITY a \"aaaa\">]><workbook><sheets/></workbook>", 0}};
    z = make_zip(e3, 1, &n);
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_string_equal(err, "文件不是有效的xlsx");
    free(z);
}

static void test_reject_zip_bomb(void **st)
{
    (void)st;
    size_t big = XLSX_MAX_ENTRY_BYTES + 1;
    char *body = malloc(big);
    assert_non_null(body);
    memset(body, ' ', big);
    const entry e[] = {{"_rels/.rels", body, big}};
    size_t n;
    char *z = make_zip(e, 1, &n);
    free(body);
    assert_true(n < big / 100); /* it compresses well: a bomb */
    char err[256] = "";
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_non_null(strstr(err, "过大"));
    free(z);
}

static void test_reject_too_many_cells(void **st)
{
    (void)st;
    /* 62 rows each reaching column XFD: 62 * 16384 > 1,000,000 cells */
    char *sheet = malloc(10000);
    assert_non_null(sheet);
    size_t o = (size_t)sprintf(sheet, "<worksheet><sheetData>");
    for (int r = 1; r <= 62; r++)
        o += (size_t)sprintf(sheet + o, "<row r=\"%d\"><c r=\"XFD%d\"><v>1</v></c></row>", r, r);
    sprintf(sheet + o, "</sheetData></worksheet>");
    const entry e[] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
                       {"xl/worksheets/data.xml", sheet, 0}};
    size_t n;
    char *z = make_zip(e, 3, &n);
    free(sheet);
    char err[256] = "";
    assert_null(xlsx_read(z, n, err, sizeof err));
    assert_non_null(strstr(err, "1000000"));
    free(z);
    /* a column past XFD is refused too */
    const entry e2[] = {{"xl/workbook.xml", WORKBOOK, 0}, {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
                        {"xl/worksheets/data.xml", "<worksheet><sheetData><row><c r=\"XFE1\"/></row></sheetData></worksheet>", 0}};
    z = make_zip(e2, 3, &n);
    assert_null(xlsx_read(z, n, err, sizeof err));
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_write_edge_cases),
        cmocka_unit_test(test_read_handmade),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_reject_garbage),
        cmocka_unit_test(test_reject_no_workbook),
        cmocka_unit_test(test_reject_broken_parts),
        cmocka_unit_test(test_reject_zip_bomb),
        cmocka_unit_test(test_reject_too_many_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
