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

/* ---- routes of each file ---- */
void risks_findings_routes(void);
void risks_complaints_routes(void);
void risks_drills_routes(void);
void risks_register_routes(void);
#endif
