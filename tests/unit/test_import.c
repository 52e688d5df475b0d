/* test_import.c — the shared import pipeline's pure parts: reading CSV in UTF-8 (BOM) and GBK and XLSX by sniffing,
 * headers by prefix, cells and blank rows, and the one month parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "base/import.h"
#include "base/util.h"

static void test_read_and_headers(void **st) {
  (void)st;
  char err[256];
  /* UTF-8 with BOM */
  const char utf8[] = "\xEF\xBB\xBF" " 编码 ,名称,手机号（选填）\r\nA1,甲,\r\n , ,\r\nA2,乙,13800000000\r\n";
  tab *t = imp_read_mem(utf8, sizeof utf8 - 1, err, sizeof err);
  assert_non_null(t);
  assert_int_equal(t->nrows, 4);
  assert_int_equal(imp_col(t, "编码"), 0);
  assert_int_equal(imp_col(t, "手机号"), 2);
  assert_int_equal(imp_col(t, "地址"), -1);
  assert_string_equal(imp_cell(t, 1, imp_col(t, "名称")), "甲");
  assert_string_equal(imp_cell(t, 1, -1), "");
  assert_string_equal(imp_cell(t, 99, 0), "");
  assert_false(imp_row_blank(t, 1));
  assert_true(imp_row_blank(t, 2));
  tab_free(t);
  /* GBK: 编码,名称 / A1,甲 */
  const char gbk[] = "\xB1\xE0\xC2\xEB,\xC3\xFB\xB3\xC6\r\nA1,\xBC\xD7\r\n";
  t = imp_read_mem(gbk, sizeof gbk - 1, err, sizeof err);
  assert_non_null(t);
  assert_int_equal(imp_col(t, "名称"), 1);
  assert_string_equal(imp_cell(t, 1, 1), "甲");
  tab_free(t);
  /* a ZIP signature is read as XLSX, and a broken one is refused with a reason */
  const char bad_zip[] = "PK\x03\x04garbage";
  assert_null(imp_read_mem(bad_zip, sizeof bad_zip - 1, err, sizeof err));
  assert_true(strlen(err) > 0);
}

static void test_months(void **st) {
  (void)st;
  assert_int_equal(util_month_index("2026-03"), 2026 * 12 + 2);
  assert_int_equal(util_month_index("2026-13"), -1);
  assert_int_equal(util_month_index("2026-3"), -1);
  assert_int_equal(util_month_index("1899-12"), -1);
  assert_int_equal(util_month_index(NULL), -1);
  char b[8];
  util_month_str(util_month_index("2026-01") - 1, b);
  assert_string_equal(b, "2025-12");
  util_month_str(-5, b);
  assert_string_equal(b, "");
  util_month_str(10000 * 12, b);
  assert_string_equal(b, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_read_and_headers), cmocka_unit_test(test_months)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
