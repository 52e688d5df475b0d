/* internal.h — shared between the risks module's own files; other modules include risks.h only. */
#ifndef RISKS_INTERNAL_H
#define RISKS_INTERNAL_H
#include "risks/risks.h"
#include "base/export.h"
#include "base/jv.h"
#include "org/org.h"
#include <jansson.h>

/* ---- helpers of the handlers (api.c) ---- */
int risks_tx_begin(req *r);   /* begin or answer 503; 0 ok */
int risks_tx_commit(req *r);  /* commit or answer 500; 0 ok */
void risks_tx_fail(req *r);   /* roll back, answer 500 */
void risks_today(char out[11]);
/* The module's audit vocabulary (once; risks_register and the demo loader, which runs without serving). */
void risks_audit_register(void); /* BUREAU_TODAY aware, in the bureau's zone */
/* The unit exists and lies in the caller's data scope (or is the caller's own unit). */
int risks_unit_in_scope(req *r, int64_t unit_id);
/* A query parameter: absent/empty → 0 and *out 0; a positive id; else answered 400 (-1). */
int risks_q_id(req *r, const char *key, int64_t *out);

/* ---- settings (settings.c): the matrix and cadence, from and to JSON (pure parsers, fuzzed) ---- */
typedef struct risks_config { risks_matrix matrix; risks_cadence cadence; } risks_config;
/* {"size":5,"cells":[["低",…],…]} → m. 0 ok; -1 and a Chinese reason. */
int risks_matrix_from_json(const json_t *j, risks_matrix *m, char *why, size_t whylen);
json_t *risks_matrix_to_json(const risks_matrix *m);
/* {"低":12,"中":6,"高":3,"重大":1} (months, 1–36 each) → c. 0 ok; -1 and a reason. */
int risks_cadence_from_json(const json_t *j, risks_cadence *c, char *why, size_t whylen);
json_t *risks_cadence_to_json(const risks_cadence *c);
/* The stored settings, defaults for what was never set. 0 ok, -1 database error. */
int risks_config_load(risks_config *cfg);

/* ---- store.c: the SQL of the register ---- */
/* A setting's stored text (caller frees), NULL when never set; *err = 1 on a database error. */
char *risks_store_setting_get(const char *key, int *err);
int risks_store_setting_put(const char *key, const char *value, const char *at); /* 0 ok */
typedef struct risks_row {
  const char *list, *title, *category, *prevention, *monitoring, *handling, *stage, *last_review, *next_review, *at;
  int64_t owner_unit, created_by;
  int likelihood, impact, level, active;
} risks_row;
int64_t risks_store_insert(const risks_row *w);            /* new id; 0 on error */
/* The descriptive fields and owner unit (not the rating). 0 ok. */
int risks_store_update(int64_t id, const risks_row *w);
/* A new rating and review date. 0 ok. */
int risks_store_rate(int64_t id, int likelihood, int impact, int level, const char *last_review, const char *next_review, const char *at);
int risks_store_event_add(int64_t risk, const char *kind, int likelihood, int impact, int level, const char *note,
                          const char *next_review, int64_t user, const char *at); /* 0 ok */
/* One risk in the caller's scope as JSON (with "overdue"), NULL when none; *err = 1 on a database error. */
json_t *risks_store_get(req *r, int64_t id, const char *today, int *err);
json_t *risks_store_events(int64_t id); /* NULL on error */
typedef struct risks_q {
  const char *list, *category, *level, *like;
  int64_t unit;
  int overdue; /* 1 only overdue reviews */
} risks_q;
/* The list page {"items","total"} as text; NULL on error. */
char *risks_store_page(req *r, const risks_q *q, const char *today, int64_t size, int64_t offset, size_t *len);
/* Counts per (likelihood, impact) in scope: rows [l, i, n]. NULL on error. */
json_t *risks_store_heat(req *r, const risks_q *q, const char *today);
/* Overdue reviews over the whole register (the sweep): [{id,title,owner_unit_id,next_review,level}]. NULL on error. */
json_t *risks_store_overdue(const char *today);

/* One sweep (sweep.c) inside its own transaction; r NULL for the background thread. 0 ok, -1 database error. */
int risks_sweep_run(req *r, int *opened);

/* Risks in the register (the demo loads once). -1 on error. */
int64_t risks_store_count(void);

/* ---- store_drills.c: emergency drills ---- */
typedef struct risks_drill_row {
  int64_t unit, created_by;
  const char *plan_kind, *form, *mode, *day, *title, *scenario, *evaluation, *problems, *at;
  int64_t participants;
} risks_drill_row;
int64_t risks_store_drill_insert(const risks_drill_row *w);  /* new id; 0 on error */
json_t *risks_store_drill_get(req *r, int64_t id);           /* in scope; NULL when none or on error */
json_t *risks_store_drills(req *r, int year, int64_t unit);  /* the year's drills in scope (unit 0 = any); NULL on error */
/* Units in scope that have recorded drills, each with all its drills [{day, plan_kind}] as "drills". NULL on error. */
json_t *risks_store_drill_units(req *r);
int64_t risks_store_drill_count(void);                       /* -1 on error */

/* ---- store_complaints.c: complaint work orders ---- */
typedef struct risks_complaint_row {
  const char *channel, *category, *caller, *phone, *subject, *content, *received_on, *due, *at;
  int conduct, limit_days;
  int64_t unit, created_by;
} risks_complaint_row;
int64_t risks_store_complaint_insert(const risks_complaint_row *w); /* new id; 0 on error */
/* A history row (record id, kind, note, user or NULL, at) into the prepared "INSERT … VALUES(?,?,?,?,?)" of a record's
 * events table (store.c; the complaint and hazard stores use it). 0 ok, -1 error (also when s is NULL). */
int risks_store_history_add(db_stmt *s, int64_t id, const char *kind, const char *note, int64_t user, const char *at);
int risks_store_complaint_event(int64_t id, const char *kind, const char *note, int64_t user, const char *at); /* 0 ok */
int risks_store_complaint_dispatch(int64_t id, int64_t unit, int limit_days, const char *due, const char *at);
int risks_store_complaint_reply(int64_t id, const char *reply, const char *day, const char *at);
int risks_store_complaint_rate(int64_t id, const char *rating, const char *visit, const char *day, const char *at);
int risks_store_complaint_urge(int64_t id, const char *at);
/* One complaint in scope (conduct ones only when conduct_ok) with its light on today; NULL when none or on error. */
json_t *risks_store_complaint_get(req *r, int64_t id, int conduct_ok, const char *today);
json_t *risks_store_complaint_events(int64_t id); /* NULL on error */
char *risks_store_complaint_page(req *r, int conduct_ok, const char *today, const char *status, const char *channel, int overdue,
                                 int64_t size, int64_t offset, size_t *len);

/* Complaints received in [from, to] by the unit's own records (unit 0: all), and how many of them are closed. 0 ok. */
int risks_store_complaint_month(int64_t unit, const char *from, const char *to, int64_t *received, int64_t *closed);

/* ---- store_findings.c: audit findings ---- */
typedef struct risks_finding_row {
  const char *source, *title, *severity, *due, *at;
  int64_t unit, amount_fen, created_by;
} risks_finding_row;
int64_t risks_store_finding_insert(const risks_finding_row *w); /* new id; 0 on error */
int risks_store_finding_item(int64_t id, int64_t item);        /* links the checklist item; 0 ok */
json_t *risks_store_finding_get(int64_t id);                   /* NULL when none */
json_t *risks_store_findings(req *r);                          /* in scope, newest first; NULL on error */

/* ---- store_safety.c: 安全生产 checks, photos and hazards ---- */
typedef struct risks_check_row {
  int64_t unit, created_by;
  const char *place, *target, *day, *inspectors, *at;
  int version; /* the place's template version the check is opened with; 0 → 1 (the built-in) */
} risks_check_row;
int64_t risks_store_check_insert(const risks_check_row *w); /* new id; 0 on error */
/* One check in the caller's scope with its results, photos and hazards (lights on today); NULL when none or on error. */
json_t *risks_store_check_get(req *r, int64_t id, const char *today);
int risks_store_check_result(int64_t check, const risks_check_result *res);                  /* 0 ok */
int risks_store_check_finish(int64_t check, int total, int failed, const char *at);           /* 0 ok */
/* Photos kept for one item of a check (code) at the 检查 stage; -1 on error. */
int64_t risks_store_check_photos(int64_t check, const char *code);
typedef struct risks_photo_row {
  int64_t check, hazard, uploaded_by, size;
  const char *code, *stage, *name, *type, *sha256, *at;
} risks_photo_row;
int64_t risks_store_photo_add(const risks_photo_row *w); /* new id; 0 on error */
/* One photo whose check lies in the caller's scope: {name,type,size,sha256}; NULL when none. */
json_t *risks_store_photo_get(req *r, int64_t id);
typedef struct risks_hazard_row {
  int64_t check, unit;
  const char *code, *description, *severity, *found_on, *due, *at;
  int limit_days;
} risks_hazard_row;
int64_t risks_store_hazard_insert(const risks_hazard_row *w); /* new id; 0 on error */
int risks_store_hazard_event(int64_t id, const char *kind, const char *note, int64_t user, const char *at); /* 0 ok */
/* The state of a hazard; days NULL leave the column as it is. 0 ok. */
int risks_store_hazard_state(int64_t id, const char *status, const char *rectified_on, const char *closed_on, const char *at);
/* One hazard in scope with "light", its events and photos; NULL when none or on error. */
json_t *risks_store_hazard_get(req *r, int64_t id, const char *today);
typedef struct risks_safety_q { const char *place, *status, *from, *to; int64_t unit; int overdue; } risks_safety_q;
json_t *risks_store_checks(req *r, const risks_safety_q *q, int64_t size, int64_t offset, int64_t *total);  /* NULL on error */
json_t *risks_store_hazards(req *r, const risks_safety_q *q, const char *today, int64_t size, int64_t offset, int64_t *total);
/* Counts in scope for the page's summary of a year: checks, hazards found, closed, open overdue. NULL on error. */
json_t *risks_store_safety_stats(req *r, const char *from, const char *to, const char *today);
/* The cockpit's figures of a unit (0 all) for [from, to]: checks finished, hazards found, of those closed. 0 ok. */
int risks_store_safety_month(int64_t unit, const char *from, const char *to, int64_t *checks, int64_t *found, int64_t *closed);
int64_t risks_store_check_count(void); /* -1 on error */

/* ---- store_plans.c: emergency plans and their versions ---- */
int64_t risks_store_plan_insert(int64_t unit, const char *kind, const char *title, int64_t user, const char *at); /* id; 0 error */
typedef struct risks_version_row {
  int64_t plan, created_by;
  const char *version, *issued_on, *content, *change_note, *at;
} risks_version_row;
/* A new version made current (the earlier current one kept, unmarked). The id; 0 when the version text is taken
 * (constraint), -1 on error. */
int64_t risks_store_plan_version_add(const risks_version_row *w);
json_t *risks_store_plan_get(req *r, int64_t id);   /* in scope with "versions" (newest first) and "drills"; NULL none */
json_t *risks_store_plans(req *r, const char *kind); /* in scope with the current version; NULL on error */
/* A plan version in the caller's scope: its plan's kind into kind[16]. 0 found, 1 none, -1 error. */
int risks_store_plan_version_kind(req *r, int64_t version, char kind[16]);
int risks_store_drill_links(int64_t drill, int64_t version, int64_t task); /* 0 ok; 0 values leave NULL */
/* The demo: a unit's drills of a kind not yet linked are linked to a plan version. 0 ok. */
int risks_store_drills_link_version(int64_t unit, const char *plan_kind, int64_t version);

/* ---- store_templates.c: the versioned check templates (schema/010) ---- */
/* A place's template, version 0 the current one: {"place","version","created_at","created_by_name","items":[{code,
 * element,text,photo}]} in order; NULL when there is none (*err 0) or on a database error (*err 1). */
json_t *risks_store_template(const char *place, int version, int *err);
json_t *risks_store_template_versions(const char *place); /* [{version, created_at, created_by_name, items}] newest first; NULL on error */
/* The highest item number the place has ever used after its prefix (CK…); -1 on error. */
int risks_store_template_used(const char *place, const char *prefix);
/* A new version of the place's template with e's items in order; its id, 0 on error (a taken version: 0). */
int64_t risks_store_template_insert(const char *place, int version, const risks_template_edit *e, int64_t by, const char *at);
/* ---- templates.c: the template routes, and a stored version's items for the check handlers ---- */
/* The items of a loaded template (risks_store_template) as check items pointing into it (free the array only, keep
 * tpl alive while used); NULL when tpl has no items or memory fails. */
risks_check_item *risks_template_items(const json_t *tpl, size_t *n);
/* The place's template of `version` (0 current) as JSON, or NULL and answered (404 unknown version, 500). */
json_t *risks_template_load(req *r, const char *place, int version);
void risks_templates_routes(void);

/* ---- demo_safety.c: a year of safety checks and hazards, plan versions, 舆情 events, the 保密 register (inside the
 * demo loader's transaction). 0 ok; -1 and a reason. ---- */
int risks_demo_safety(int today, const wd_cal *cal, const char *at, char *err, size_t errlen);

/* ---- store_opinion.c: 舆情 events ---- */
typedef struct risks_opinion_row {
  int64_t unit, created_by;
  const char *title, *source, *level, *first_seen, *summary, *at;
} risks_opinion_row;
int64_t risks_store_opinion_insert(const risks_opinion_row *w); /* 0 on error */
int risks_store_opinion_step(int64_t id, const char *at, const char *action, int64_t user, const char *now); /* 0 ok */
int risks_store_opinion_close(int64_t id, const char *closed_at, const char *closure, const char *review); /* 0 ok */
json_t *risks_store_opinion_get(req *r, int64_t id); /* in scope with "steps"; NULL none */
json_t *risks_store_opinions(req *r, const char *status, const char *level, int64_t size, int64_t offset, int64_t *total);

/* ---- store_secrecy.c: classified documents, loans, 保密 checks and findings ---- */
typedef struct risks_doc_row {
  int64_t unit, copies, created_by;
  const char *doc_no, *title, *level, *issuer, *received_on, *received_sign, *at;
} risks_doc_row;
int64_t risks_store_doc_insert(const risks_doc_row *w); /* id; 0 when the 文号 is taken in the unit; -1 error */
json_t *risks_store_doc_get(req *r, int64_t id); /* in scope with "loans"; NULL none */
json_t *risks_store_docs(req *r, int overdue, const char *today, int64_t size, int64_t offset, int64_t *total);
int64_t risks_store_doc_open_loans(int64_t doc); /* -1 on error */
int64_t risks_store_loan_add(int64_t doc, const char *borrower, const char *lent_on, const char *due_on, const char *sign, int64_t user, const char *at);
/* The loan of doc with its return fields: 0 found (returned_on "" when out), 1 none, -1 error. */
int risks_store_loan_find(int64_t doc, int64_t loan, char returned_on[11], char lent_on[11]);
int risks_store_loan_return(int64_t loan, const char *day, const char *sign); /* 0 ok */
int64_t risks_store_secret_check_insert(int64_t unit, const char *day, const char *scope, const char *inspectors, const char *conclusion,
                                         int64_t user, const char *at); /* 0 on error */
int64_t risks_store_secret_finding_insert(int64_t check, const char *title, const char *measures, const char *due, const char *at);
int risks_store_secret_finding_item(int64_t finding, int64_t item); /* 0 ok */
json_t *risks_store_secret_check_get(req *r, int64_t id); /* in scope with "findings"; NULL none */
json_t *risks_store_secret_checks(req *r); /* in scope, newest first; NULL on error */

/* ---- routes of each file ---- */
void risks_findings_routes(void);
void risks_complaints_routes(void);
void risks_drills_routes(void);
void risks_register_routes(void);
void risks_safety_routes(void);
void risks_plans_routes(void);
void risks_opinion_routes(void);
void risks_secrecy_routes(void);
#endif
