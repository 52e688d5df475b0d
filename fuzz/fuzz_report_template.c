/* fuzz_report_template.c — libFuzzer harness for the 年度总结 template JSON (report_template_parse): never a crash;
 * a refused template names a field and says why; an accepted one generates a draft from the registered facts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "report/internal.h"

static int fake(int year, int64_t unit, report_facts *out) {
  (void)unit;
  report_fact *f = report_fact_add(out, "fz.a", "甲", "有{n}，{年}年", "/x");
  report_fig_count(f, "n", year, "条");
  return 0;
}
static const report_fact_def defs[] = {{"fz.a", "甲", "党建"}, {"fz.b", "乙", "管理"}};
static const report_provider prov = {"fz", defs, 2, fake};
static report_facts g_fs;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  report_register_facts(&prov);
  report_facts_collect(2022, 0, &g_fs);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char field[64] = "", msg[256] = "";
  json_t *t = report_template_parse((const char *)data, size, field, sizeof field, msg, sizeof msg);
  if (!t) {
    if (!*field || !*msg) abort();
    return 0;
  }
  json_t *body = report_generate(2022, "县局", t, &g_fs);
  if (json_array_size(json_object_get(body, "sections")) != json_array_size(json_object_get(t, "sections"))) abort();
  json_decref(body);
  json_decref(t);
  return 0;
}
