/* internal.h — the report module's own declarations: the draft's pure JSON logic (draft.c), the DOCX writer (docx.c),
 * the store (store.c) and the handlers' helpers. */
#ifndef REPORT_INTERNAL_H
#define REPORT_INTERNAL_H
#include "report/report.h"
#include "base/db.h"
#include "base/err.h"
#include "base/export.h"
#include "base/http.h"
#include "base/jv.h"
#include "org/org.h"
#include <jansson.h>

#define REPORT_MAX_SECTIONS 20
#define REPORT_MAX_FACTS_PER_SECTION 30
#define REPORT_MAX_PARAS 60
#define REPORT_MAX_RUNS 300

/* ---- draft.c (pure: JSON in, JSON out) ----
 * A template: {"sections":[{"line":"党建","title":"坚持政治统领，党的建设全面加强","facts":["tasks.checklist.shishi",…]}]}.
 * A draft's body: {"title","year","sections":[{"line","title","judgement","paras":[[run…]…],"nodata"}],"plan_text"};
 * a run is {"t":"text"} or a marked figure {"t":"28条","f":fact key,"g":figure name,"src":fact name,"v":value,"kind","link"}. */
json_t *report_template_default(void); /* the six lines of work, each with the registered facts of its line */
/* 0 valid; -1 with field and a Chinese message (a fact key no provider declares is named). */
int report_template_check(const json_t *tpl, char *field, size_t fl, char *msg, size_t ml);
json_t *report_template_parse(const char *text, size_t len, char *field, size_t fl, char *msg, size_t ml); /* NULL invalid */
/* The runs of one fact's sentence: clauses (between "，") naming a figure without data drop out; NULL when no figure is left. */
json_t *report_sentence(const report_fact *f, int year);
json_t *report_section_build(const json_t *tsec, const report_facts *fs, int year);
json_t *report_generate(int year, const char *unit_name, const json_t *tpl, const report_facts *fs);
/* The editor's changes applied to prev: a new body, or NULL with field/message. Figures keep their mark only when the
 * editor sent them back unchanged (value and source are taken from prev). */
json_t *report_draft_edit(const json_t *prev, const json_t *edit, char *field, size_t fl, char *msg, size_t ml);
/* Marked figures whose current value differs: [{section,para,run,f,g,old,new}] (new "无数据" when gone). */
json_t *report_changes(const json_t *body, const report_facts *fs);
void report_diff_note(const json_t *a, const json_t *b, char *out, size_t outlen);

/* ---- docx.c ---- */
/* The body as a Word file (WordprocessingML in a zip), malloc'd into *out. 0 ok, -1 error. */
int report_docx(const json_t *body, const char *unit_name, char **out, size_t *len);

/* ---- store.c ---- */
json_t *report_store_template(void);                         /* the saved template, NULL when none (or error) */
int report_store_template_put(const char *body, int64_t user); /* 0 ok */
/* A new draft and its version 1; the id or 0. */
int64_t report_store_draft_insert(int year, int64_t unit_id, const char *title, const char *body, int64_t user, const char *user_name);
/* The draft with its latest body (parsed under "body") if in the caller's scope (r NULL: any), NULL when not. */
json_t *report_store_draft_get(req *r, int64_t id);
json_t *report_store_drafts(req *r, int year);               /* list, newest first, in scope; NULL on error */
/* Appends version n+1 (the draft's current version must be `expect`); the new version, 0 when it moved on, -1 error. */
int report_store_version_add(int64_t id, int expect, const char *title, const char *body, const char *note, int64_t user, const char *user_name);
json_t *report_store_versions(int64_t id);                   /* [{version,note,user_name,created_at}] */
json_t *report_store_version_body(int64_t id, int version);  /* parsed body, NULL when absent */
int report_store_set_plan(int64_t id, int64_t plan_id);
const char *report_store_unit_name(int64_t unit_id, char *out, size_t outlen); /* "" for 0 (the bureau's own name) */
int64_t report_store_unit_by_code(const char *code);
#endif
