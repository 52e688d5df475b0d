/* internal.h — shared between the people module's own files; other modules include people.h only. */
#ifndef PEOPLE_INTERNAL_H
#define PEOPLE_INTERNAL_H
#include "people/people.h"
#include "base/export.h"
#include "base/jv.h"
#include "org/org.h"
#include <jansson.h>

/* Write transactions (base/export.h's): 0 ok, -1 answered. */
int people_tx_begin(req *r);
int people_tx_commit(req *r);
void people_tx_fail(req *r);
void people_ballot_routes(void);

/* ---- store_ballots.c: all SQL of ballot boxes. Every function returns -1 / 0 / NULL on a database error. ---- */
typedef struct people_ballot_row {
  const char *title, *purpose, *kind, *grades_json, *points_json, *source;
  int max_choices, quota_permille, places;
  int64_t unit_id, created_by;
} people_ballot_row;
int64_t people_store_ballot_insert(const people_ballot_row *b);              /* new id; 0 on a constraint; -1 error */
int people_store_candidate_insert(int64_t ballot, int sort, const char *name, int64_t user_id, int64_t unit_id, const char *note);
int64_t people_store_group_insert(int64_t ballot, int sort, const char *name, int weight); /* new id, ≤ 0 failed */
/* The box as JSON (candidates, groups with issued and cast counts), NULL when absent or outside r's scope. */
json_t *people_store_ballot_json(req *r, int64_t id);
/* The list page {"items","total"} text in r's scope; q filters by title; NULL on error. */
char *people_store_ballot_page(req *r, const char *like, int64_t offset, int64_t size, size_t *len);
int people_store_ballot_status(int64_t id, char *status, size_t cap); /* 0 ok, 1 none, -1 error */
int people_store_ballot_set_status(int64_t id, const char *status);      /* stamps opened_at / closed_at; 0 ok */
int64_t people_store_group_of(int64_t ballot, int64_t group);           /* group id when it belongs to the box, else 0 */
int people_store_code_insert(const char *hash, int64_t ballot, int64_t group); /* 0 ok, 1 taken, -1 error */
int people_store_group_add_issued(int64_t group, int n);
/* A code's box and group by the code's hash (used or not): 0 found, 1 none, -1 error. */
int people_store_code_find(const char *hash, int64_t *ballot, int64_t *group, int *used);
int people_store_code_use(const char *hash); /* 1 marked used now, 0 was used already, -1 error */
/* The box's form: kind, grades, candidates' ids in sort order (caller frees *ids and *grades with json_decref). */
typedef struct people_form_row {
  int kind, max_choices, quota_permille, places, ncand;
  int64_t *cand_ids;    /* malloc'd */
  json_t *grades, *points, *box; /* owned */
} people_form_row;
int people_store_form(int64_t ballot, people_form_row *f); /* 0 ok, 1 none, -1 error */
void people_form_free(people_form_row *f);
int people_store_cast_insert(int64_t ballot, int64_t group, const char *marks_json); /* 0 ok */
/* Every cast of the box: group ids and marks JSON texts, in storage order (for the tally). */
json_t *people_store_casts(int64_t ballot);
json_t *people_store_groups(int64_t ballot); /* [{id,name,weight,issued,cast}] in sort order */
/* The tally of a box from its stored ballots (api_ballots.c); NULL with a message in err. */
json_t *people_ballot_results(int64_t id, char *err, size_t errlen);
/* ---- store_sanctions.c: all SQL of discipline records (and the read-only person lookups on org's users) ---- */
/* The person exists: 0 and his unit and name; 1 none; -1 error. */
int people_store_person(int64_t user, int64_t *unit, char *name, size_t cap);
/* The person lies in r's data scope (his unit), or is the caller. 1 yes, 0 no, -1 error. */
int people_store_person_in_scope(req *r, int64_t user);
typedef struct people_sanction_row {
  int64_t user_id, unit_id, created_by;
  const char *type, *decided_on, *ends_on, *reason, *document_no;
  int months;
} people_sanction_row;
int64_t people_store_sanction_insert(const people_sanction_row *s); /* new id, ≤ 0 failed */
/* One record in r's scope (mine: the caller's own only); NULL when absent or outside. */
json_t *people_store_sanction_json(req *r, int64_t id, int mine);
/* The list in r's scope (mine: the caller's own), filtered by person (0 any) and running on day (NULL any). */
json_t *people_store_sanction_list(req *r, int mine, int64_t user, const char *running_on, int64_t offset, int64_t size, int64_t *total);
/* The sanctions of a person decided in a year (types, for the appraisal input): JSON array of {type, decided_on}. */
json_t *people_store_sanctions_in_year(int64_t user, int year);
/* The sanction running on day, if any: 1 with its type and days, 0 none, -1 error. */
int people_store_sanction_running(int64_t user, const char *day, char *type, size_t tcap, char *from, char *to);
void people_sanction_routes(void);
void people_card_routes(void);
/* The card of a person (user > 0, unit his unit) or a unit (user 0) for a year; NULL on a database error. */
json_t *people_card_json(int year, int64_t user, int64_t unit);
/* ---- store_profile.c: a person's profile (个人档案) ---- */
/* The person's row: id, username, name, unit_id, unit_name, position, phone, status; NULL when absent. */
json_t *people_store_person_json(int64_t user);
/* Closed ballot boxes where the person stood: [{box_id, candidate_id, title, purpose, kind, closed_at}], newest first. */
json_t *people_store_person_boxes(int64_t user);
void people_profile_routes(void);
/* ---- store_facts.c: the year's figures for 年度总结 (unit 0: the whole bureau; else it and the units below) ---- */
int people_store_facts_votes(int year, int64_t unit, const char *purpose, int64_t *boxes, int64_t *ballots); /* 0 ok */
int people_store_facts_sanctions(int year, int64_t unit, int64_t *count);                                    /* 0 ok */
/* ---- store_campaigns.c: 年度考核 campaigns, subjects, leaders' scores, 述职述廉 reports, objections and appeals.
 * Functions return -1 / NULL on a database error. ---- */
typedef struct people_campaign_row {
  int year, w_ballot, w_leader, w_inputs, quota_permille, publicity_days;
  const char *title, *subject, *input_weights;
  int64_t unit_id, created_by;
} people_campaign_row;
int64_t people_store_campaign_insert(const people_campaign_row *c);                 /* new id; ≤ 0 failed */
int people_store_campaign_set_ballot(int64_t id, int64_t ballot);
int64_t people_store_subject_insert(int64_t campaign, int sort, int64_t user, int64_t unit, const char *name); /* 0 on a duplicate */
int people_store_subjects_link(int64_t campaign, int64_t ballot);                  /* subject k ↔ candidate k */
/* The campaign (r: only within r's scope; NULL r: any), NULL when absent. */
json_t *people_store_campaign_json(req *r, int64_t id);
char *people_store_campaign_page(req *r, int year, int64_t offset, int64_t size, size_t *len);
json_t *people_store_subjects(int64_t campaign); /* with leader_scores and reports */
int people_store_subject_find(int64_t campaign, int64_t subject, int64_t *user, char *name, size_t cap); /* 0, 1 none */
int people_store_leader_score_put(int64_t subject, int64_t leader, int score, const char *comment);
int people_store_subject_decide(int64_t subject, double total, int has_total, const char *grade);
int people_store_subject_regrade(int64_t subject, const char *grade);
int people_store_campaign_set_status(int64_t id, const char *status, const char *from, const char *to);
int64_t people_store_report_add(int64_t subject, const char *name, const char *type, size_t size, const char *sha, int64_t by);
json_t *people_store_report_get(int64_t subject, int64_t id);
int people_store_report_count(int64_t subject);
int64_t people_store_objection_add(const char *owner, int64_t owner_id, const char *stage, int64_t ref, const char *subject_name, const char *text, int64_t by);
json_t *people_store_objections(const char *owner, int64_t owner_id);
json_t *people_store_objection_get(int64_t id);
int people_store_objection_answer(int64_t id, const char *answer, const char *outcome, int64_t by); /* 0, 1 answered already */
int people_store_objections_open(const char *owner, int64_t owner_id, const char *stage);          /* unanswered count */
/* The final grade (a finished campaign of the year) of a person (user > 0) or a unit: 0 with grade (and the campaign's
 * grade list in *grades, owned, when asked), 1 none. */
int people_store_final_grade(int64_t user, int64_t unit, int year, char *grade, size_t gcap, json_t **grades);
json_t *people_store_person_appraisals(int64_t user);
int people_store_unit_name(int64_t unit, char *name, size_t cap); /* 0, 1 none */
int64_t people_store_ballot_by_source(const char *source); /* the box's id, 0 none */
json_t *people_store_ballot_candidates(int64_t ballot);      /* [{id, sort, name, user_id, unit_id}] */
/* The 公示 days from today (bureau clock, org calendar): 0 ok. */
int people_publicity_days(int days, char from[11], char to[11]); /* [{campaign_id, year, title, status, total, grade}] */
/* ---- campaign_cards.c / api_campaigns.c ---- */
/* Every subject's card of a campaign (ballot, leaders, inputs with the campaign's weights, total, proposed grade). */
json_t *people_campaign_cards(json_t *campaign, char *err, size_t errlen);
void people_campaign_routes(void);
void people_inputs_cross_register(void);
/* ---- store_selections.c: 评优评选 ---- */
typedef struct people_selection_row {
  int year, places, grade_year, publicity_days;
  const char *title, *kind, *subject, *min_grade;
  int64_t unit_id, created_by;
} people_selection_row;
int64_t people_store_selection_insert(const people_selection_row *v);
json_t *people_store_selection_json(req *r, int64_t id); /* r NULL: any */
char *people_store_selection_page(req *r, int year, int64_t offset, int64_t size, size_t *len);
/* Sets the status and whichever of ballot (0 keep), publicity days, award day and document are given (NULL keep). */
int people_store_selection_set(int64_t id, const char *status, int64_t ballot, const char *from, const char *to, const char *awarded_on, const char *doc);
int64_t people_store_nomination_insert(int64_t sel, int64_t user, int64_t unit, const char *name, const char *by_kind, int64_t by, const char *reason);
json_t *people_store_nominations(int64_t sel);
int people_store_nominations_link(int64_t sel, int64_t ballot); /* candidates noted "nomination:<id>" */
int people_store_nomination_win(int64_t sel, int64_t nomination, int winner); /* 0, 1 not of this selection */
int64_t people_store_honour_insert(int64_t user, int64_t unit, const char *name, const char *title, int year, int64_t sel, const char *on, const char *doc);
json_t *people_store_honours_of(int64_t user);
void people_selection_routes(void);
/* Whether a person (user > 0) or unit may stand in a selection: 1 yes, 0 no with why, -1 error. */
int people_selection_eligible(json_t *sel, int64_t user, int64_t unit, char *why, size_t whylen);
/* The demo's finished 年度考核 and 奋斗之星 selection (demo_campaigns.c), inside people_demo_load's transaction. */
int people_demo_campaigns(int64_t unit);
#endif
