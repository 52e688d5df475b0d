/* test_csv.c — unit tests for the CSV reader/writer (encodings, quoting, line ends, escaping). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

static tab *rd(const char *s, size_t n, csv_encoding *enc)
{
    char err[256] = "";
    tab *t = csv_read(s, n, enc, err, sizeof err);
    if (!t)
        print_error("csv_read failed: %s\n", err);
    assert_non_null(t);
    return t;
}
#define RD(lit, enc) rd((lit), sizeof(lit) - 1, (enc))

static void test_utf8_plain(void **st)
{
    (void)st;
    csv_encoding enc = CSV_ENC_GB18030;
    tab *t = RD("单位,姓名\n县局,张三\n", &enc);
    assert_int_equal(enc, CSV_ENC_UTF8);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(tab_cell(t, 0, 0), "单位");
    assert_string_equal(tab_cell(t, 1, 1), "张三");
    assert_null(tab_cell(t, 1, 2));
    assert_null(tab_cell(t, 2, 0));
    tab_free(t);
}

static void test_utf8_bom(void **st)
{
    (void)st;
    csv_encoding enc = CSV_ENC_UTF8;
    tab *t = RD("\xEF\xBB\xBF" "编号,名称\r\n1,市局\r\n", &enc);
    assert_int_equal(enc, CSV_ENC_UTF8_BOM);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(tab_cell(t, 0, 0), "编号");
    assert_string_equal(tab_cell(t, 1, 1), "市局");
    tab_free(t);
}

static void test_bom_invalid_utf8_replaced(void **st)
{
    (void)st;
    tab *t = RD("\xEF\xBB\xBF" "a\xFF,b\n", NULL);
    assert_string_equal(tab_cell(t, 0, 0), "a\xEF\xBF\xBD");
    assert_string_equal(tab_cell(t, 0, 1), "b");
    tab_free(t);
}

static void test_gbk(void **st)
{
    (void)st;
    /* "县局,张三\r\n" in GBK */
    static const char gbk[] = "\xCF\xD8\xBE\xD6,\xD5\xC5\xC8\xFD\r\n";
    csv_encoding enc = CSV_ENC_UTF8;
    tab *t = RD(gbk, &enc);
    assert_int_equal(enc, CSV_ENC_GB18030);
    assert_int_equal(t->nrows, 1);
    assert_int_equal(t->rows[0].ncells, 2);
    assert_string_equal(tab_cell(t, 0, 0), "县局");
    assert_string_equal(tab_cell(t, 0, 1), "张三");
    tab_free(t);
}

static void test_gb18030_four_byte(void **st)
{
    (void)st;
    /* U+20000 (4 bytes in GB18030), then "张" and "€" */
    static const char gb[] = "\x95\x32\x82\x36,\xD5\xC5,\xA2\xE3\n";
    csv_encoding enc = CSV_ENC_UTF8;
    tab *t = RD(gb, &enc);
    assert_int_equal(enc, CSV_ENC_GB18030);
    assert_string_equal(tab_cell(t, 0, 0), "\xF0\xA0\x80\x80");
    assert_string_equal(tab_cell(t, 0, 1), "张");
    assert_string_equal(tab_cell(t, 0, 2), "€");
    tab_free(t);
}

static void test_undecodable_bytes(void **st)
{
    (void)st;
    char err[256] = "";
    /* 0xFF is neither UTF-8 nor a GB18030 lead byte */
    static const char bad[] = "a,b\nc,\xFF\n";
    tab *t = csv_read(bad, sizeof bad - 1, NULL, err, sizeof err);
    assert_null(t);
    assert_non_null(strstr(err, "第2行"));
}

static void test_quotes(void **st)
{
    (void)st;
    tab *t = RD("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",plain\r\n\"\",x\r\n", NULL);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->rows[0].ncells, 4);
    assert_string_equal(tab_cell(t, 0, 0), "a,b");
    assert_string_equal(tab_cell(t, 0, 1), "say \"hi\"");
    assert_string_equal(tab_cell(t, 0, 2), "line1\nline2");
    assert_string_equal(tab_cell(t, 0, 3), "plain");
    assert_string_equal(tab_cell(t, 1, 0), "");
    assert_string_equal(tab_cell(t, 1, 1), "x");
    tab_free(t);
}

static void test_lenient_quotes(void **st)
{
    (void)st;
    tab *t = RD("ab\"c,\"q\"rest,5\"\n", NULL);
    assert_string_equal(tab_cell(t, 0, 0), "ab\"c");
    assert_string_equal(tab_cell(t, 0, 1), "qrest");
    assert_string_equal(tab_cell(t, 0, 2), "5\"");
    tab_free(t);
}

static void test_cr_only(void **st)
{
    (void)st;
    tab *t = RD("a,b\rc,d\r\"e\rf\",g", NULL);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(tab_cell(t, 1, 0), "c");
    assert_string_equal(tab_cell(t, 1, 1), "d");
    assert_string_equal(tab_cell(t, 2, 0), "e\rf");
    assert_string_equal(tab_cell(t, 2, 1), "g");
    tab_free(t);
}

static void test_tab_separated(void **st)
{
    (void)st;
    tab *t = RD("编号\t名称\n1\t县局, 一科\n", NULL);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->rows[0].ncells, 2);
    assert_string_equal(tab_cell(t, 1, 1), "县局, 一科");
    tab_free(t);
    /* comma in first line wins */
    t = RD("a,b\tc\n", NULL);
    assert_int_equal(t->rows[0].ncells, 2);
    assert_string_equal(tab_cell(t, 0, 1), "b\tc");
    tab_free(t);
    /* tab inside quotes does not count */
    t = RD("\"a\tb\"\nc\n", NULL);
    assert_int_equal(t->rows[0].ncells, 1);
    tab_free(t);
}

static void test_unterminated_quote(void **st)
{
    (void)st;
    char err[256] = "";
    static const char s[] = "a,b\r\nc,d\r\ne,\"open\r\nmore\r\n";
    tab *t = csv_read(s, sizeof s - 1, NULL, err, sizeof err);
    assert_null(t);
    assert_string_equal(err, "第3行：引号未闭合");
    /* err may be NULL */
    assert_null(csv_read("\"", 1, NULL, NULL, 0));
}

static void test_empty_input(void **st)
{
    (void)st;
    tab *t = RD("", NULL);
    assert_int_equal(t->nrows, 0);
    tab_free(t);
    t = RD("\xEF\xBB\xBF", NULL);
    assert_int_equal(t->nrows, 0);
    tab_free(t);
    t = RD("\r\n\n,,\n", NULL);
    assert_int_equal(t->nrows, 0);
    tab_free(t);
    t = csv_read(NULL, 0, NULL, NULL, 0);
    assert_non_null(t);
    assert_int_equal(t->nrows, 0);
    tab_free(t);
}

static void test_ragged_and_blank_rows(void **st)
{
    (void)st;
    tab *t = RD("a,b,c\nd\n\ne,f,\n,,\n\n", NULL);
    assert_int_equal(t->nrows, 4);
    assert_int_equal(t->rows[0].ncells, 3);
    assert_int_equal(t->rows[1].ncells, 1);
    assert_int_equal(t->rows[2].ncells, 0);
    assert_int_equal(t->rows[3].ncells, 3);
    assert_string_equal(tab_cell(t, 3, 2), "");
    assert_null(tab_cell(t, 1, 1));
    tab_free(t);
}

static void test_nul_and_utf16_refused(void **st)
{
    (void)st;
    char err[256] = "";
    assert_null(csv_read("a\nb\0c", 5, NULL, err, sizeof err));
    assert_non_null(strstr(err, "第2行"));
    assert_null(csv_read("\xFF\xFE" "a\0", 4, NULL, err, sizeof err));
    assert_non_null(strstr(err, "UTF-16"));
}

static void test_write_format(void **st)
{
    (void)st;
    tab *t = tab_new();
    assert_non_null(t);
    const char *r0[] = {"名称", "a,b", "say \"hi\"", "x\ny"};
    const char *r1[] = {""};
    const char *r2[] = {"", ""};
    assert_int_equal(tab_add_row(t, 4, r0), 0);
    assert_int_equal(tab_add_row(t, 1, r1), 0);
    assert_int_equal(tab_add_row(t, 2, r2), 0);
    assert_int_equal(tab_add_row(t, 0, NULL), 0);
    size_t n = 0;
    char *out = csv_write(t, &n);
    assert_non_null(out);
    static const char want[] = "\xEF\xBB\xBF" "名称,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\r\n\"\"\r\n,\r\n\r\n";
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, n);
    free(out);
    tab_free(t);
}

static void test_formula_escape(void **st)
{
    (void)st;
    assert_true(csv_needs_formula_escape("=SUM(A1)"));
    assert_true(csv_needs_formula_escape("+cmd"));
    assert_true(csv_needs_formula_escape("-2+3"));
    assert_true(csv_needs_formula_escape("@x"));
    assert_true(csv_needs_formula_escape("\tx"));
    assert_true(csv_needs_formula_escape("\rx"));
    assert_false(csv_needs_formula_escape("-12.5"));
    assert_false(csv_needs_formula_escape("+3"));
    assert_false(csv_needs_formula_escape("-1e5"));
    assert_false(csv_needs_formula_escape("a=b"));
    assert_false(csv_needs_formula_escape(""));

    tab *t = tab_new();
    const char *r[] = {"=1+1", "-3.5", "@SUM(A1)", "=\"x\",y"};
    assert_int_equal(tab_add_row(t, 4, r), 0);
    size_t n = 0;
    char *out = csv_write(t, &n);
    assert_non_null(out);
    static const char want[] = "\xEF\xBB\xBF'=1+1,-3.5,'@SUM(A1),\"'=\"\"x\"\",y\"\r\n";
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, n);
    tab *back = rd(out, n, NULL);
    assert_string_equal(tab_cell(back, 0, 0), "'=1+1");
    assert_string_equal(tab_cell(back, 0, 1), "-3.5");
    assert_string_equal(tab_cell(back, 0, 3), "'=\"x\",y");
    tab_free(back);
    free(out);
    tab_free(t);
}

static void test_round_trip(void **st)
{
    (void)st;
    tab *t = tab_new();
    const char *r0[] = {"许可证号", "名称", "备注"};
    const char *r1[] = {"0012345", "县局\t一科", "多行\r\n文本, 含\"引号\""};
    const char *r2[] = {""};
    const char *r3[] = {"", "", "尾"};
    const char *r4[] = {"单列"};
    assert_int_equal(tab_add_row(t, 3, r0), 0);
    assert_int_equal(tab_add_row(t, 3, r1), 0);
    assert_int_equal(tab_add_row(t, 1, r2), 0);
    assert_int_equal(tab_add_row(t, 0, NULL), 0);
    assert_int_equal(tab_add_row(t, 3, r3), 0);
    assert_int_equal(tab_add_row(t, 1, r4), 0);
    size_t n = 0;
    char *out = csv_write(t, &n);
    assert_non_null(out);
    csv_encoding enc = CSV_ENC_UTF8;
    tab *b = rd(out, n, &enc);
    assert_int_equal(enc, CSV_ENC_UTF8_BOM);
    assert_int_equal(b->nrows, t->nrows);
    for (size_t r = 0; r < t->nrows; r++) {
        assert_int_equal(b->rows[r].ncells, t->rows[r].ncells);
        for (size_t c = 0; c < t->rows[r].ncells; c++)
            assert_string_equal(tab_cell(b, r, c), tab_cell(t, r, c));
    }
    tab_free(b);
    free(out);
    tab_free(t);
}

static void test_table_basics(void **st)
{
    (void)st;
    tab_free(NULL);
    tab *t = tab_new();
    assert_non_null(t);
    const char *r[] = {"a", NULL};
    assert_int_equal(tab_add_row(t, 2, r), 0);
    assert_string_equal(tab_cell(t, 0, 1), "");
    assert_int_equal(tab_add_row(t, 1, NULL), -1);
    assert_int_equal(tab_add_row(NULL, 0, NULL), -1);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(tab_add_row(t, 2, r), 0);
    assert_int_equal(t->nrows, 1001);
    assert_null(tab_cell(NULL, 0, 0));
    tab_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_bom_invalid_utf8_replaced),
        cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_gb18030_four_byte),
        cmocka_unit_test(test_undecodable_bytes),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_lenient_quotes),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_tab_separated),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_ragged_and_blank_rows),
        cmocka_unit_test(test_nul_and_utf16_refused),
        cmocka_unit_test(test_write_format),
        cmocka_unit_test(test_formula_escape),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_table_basics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
