/* cli.c — `bureau report YEAR [--unit CODE] --out FILE.docx`: the same review as 生成 in the web UI (the saved template,
 * every registered module's facts of the year over the unit's subtree), written straight to a Word file. */
#include "report/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int report_cli(int argc, char **argv) {
  const char *out = NULL, *code = NULL;
  int year = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
    else if (!strncmp(argv[i], "--out=", 6)) out = argv[i] + 6;
    else if (!strcmp(argv[i], "--unit") && i + 1 < argc) code = argv[++i];
    else if (!strncmp(argv[i], "--unit=", 7)) code = argv[i] + 7;
    else if (!year && atoi(argv[i]) >= 2000 && atoi(argv[i]) <= 2100) year = atoi(argv[i]);
    else { fprintf(stderr, "不认识的参数: %s\n", argv[i]); return 2; }
  }
  if (!year || !out) {
    fprintf(stderr, "用法: bureau report YEAR [--unit CODE] --db FILE --out FILE.docx\n"
                    "  按模板由各模块的年度数据生成年度总结（局级；--unit 为该单位及下级单位的述职总结），写成 Word 文件。\n");
    return 2;
  }
  int64_t unit = 0;
  if (code && !(unit = report_store_unit_by_code(code))) { fprintf(stderr, "单位编码 %s 不存在\n", code); return 1; }
  json_t *tpl = report_store_template();
  if (!tpl) tpl = report_template_default();
  report_facts fs = {0};
  if (report_facts_collect(year, unit, &fs)) { report_facts_free(&fs); json_decref(tpl); fprintf(stderr, "读取年度数据失败\n"); return 1; }
  char un[128];
  report_store_unit_name(unit, un, sizeof un);
  json_t *body = report_generate(year, un, tpl, &fs);
  report_facts_free(&fs);
  json_decref(tpl);
  char *buf = NULL;
  size_t len = 0;
  int rc = report_docx(body, un, &buf, &len);
  json_decref(body);
  if (rc) { fprintf(stderr, "生成Word文件失败\n"); return 1; }
  FILE *f = fopen(out, "wb");
  if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
    if (f) fclose(f);
    free(buf);
    fprintf(stderr, "无法写入 %s\n", out);
    return 1;
  }
  free(buf);
  printf("已生成 %s（%d年，%s，%zu字节）\n", out, year, *un ? un : "全局", len);
  return 0;
}
