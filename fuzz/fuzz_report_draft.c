/* fuzz_report_draft.c — libFuzzer harness for the 年度总结 draft editor's JSON (report_draft_edit) against a generated
 * draft: never a crash; a refused edit names a field; an accepted one keeps only marks that were in the draft with
 * the same text; what-changed, the diff note and the Word file are built from whatever was accepted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "report/internal.h"

static int fake(int year, int64_t unit, report_facts *out) {
  (void)unit;
  report_fact *f = report_fact_add(out, "fz.zg", "整改清单", "完成整改{n}，涉及金额{m}，处理{p}，{年}年", "/tasks/checklist?x=<&>");
  report_fig_count(f, "n", 21, "项");
  report_fig_money(f, "m", 8960000, 1);
  report_fig_count(f, "p", 0, "人次")->ok = year > 3000;
  return 0;
}
static const report_fact_def defs[] = {{"fz.zg", "整改清单", "党建"}};
static const report_provider prov = {"fz", defs, 1, fake};
static json_t *g_prev;
static report_facts g_fs;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  report_register_facts(&prov);
  report_facts_collect(2022, 0, &g_fs);
  json_t *tpl = report_template_default();
  g_prev = report_generate(2022, "县局", tpl, &g_fs);
  json_decref(tpl);
  return 0;
}

static void check_marks(const json_t *prev, const json_t *body) {
  size_t i, j, k;
  json_t *s, *p, *r;
  json_array_foreach(json_object_get(body, "sections"), i, s) json_array_foreach(json_object_get(s, "paras"), j, p) json_array_foreach(p, k, r) {
    if (!json_object_get(r, "f")) continue;
    int found = 0;
    size_t a, b, c;
    json_t *ps, *pp, *pr;
    json_array_foreach(json_object_get(prev, "sections"), a, ps) json_array_foreach(json_object_get(ps, "paras"), b, pp) json_array_foreach(pp, c, pr) found |=
        json_equal(pr, r);
    if (!found) abort(); /* a figure the editor made up */
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *edit = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
  if (!edit) return 0;
  char field[64] = "", msg[256] = "";
  json_t *body = report_draft_edit(g_prev, edit, field, sizeof field, msg, sizeof msg);
  if (!body) {
    if (!*field || !*msg) abort();
  } else {
    check_marks(g_prev, body);
    json_t *ch = report_changes(body, &g_fs);
    json_decref(ch);
    char note[400];
    report_diff_note(g_prev, body, note, sizeof note);
    char *docx = NULL;
    size_t len = 0;
    if (!report_docx(body, "县局", &docx, &len) && (len < 4 || memcmp(docx, "PK", 2))) abort();
    free(docx);
    json_decref(body);
  }
  json_decref(edit);
  return 0;
}
