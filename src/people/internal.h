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

/* Steps a write statement and resets it: 0 done, 1 a constraint refused it, -1 a database error (store_posts.c; the
 * talent stores use it). */
int people_store_step(db_stmt *s);

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
void people_training_input_register(void); /* people.training.hours; called by people_inputs_register */
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
/* Everything in 公示 now, for every signed-in user: campaigns with their subjects' grades, selections with winners. */
json_t *people_store_publicity(void);
void people_selection_routes(void);
/* Whether a person (user > 0) or unit may stand in a selection: 1 yes, 0 no with why, -1 error. */
int people_selection_eligible(json_t *sel, int64_t user, int64_t unit, char *why, size_t whylen);
/* The demo's finished 年度考核 and 奋斗之星 selection (demo_campaigns.c), inside people_demo_load's transaction. */
int people_demo_campaigns(int64_t unit);
/* ---- 双聘, training, projects (people2): the pure rules in talent.h; the SQL in store_posts.c, store_training.c,
 * store_projects.c. Store functions return -1 / NULL on a database error; id inserts 0 on a constraint. ---- */
#include "people/talent.h"
json_t *people_store_grades(void);
int64_t people_store_grade_insert(const char *name, int rank_order, int term_years);
int people_store_grade_get(int64_t id, char *name, size_t cap, int *term_years); /* 0 ok, 1 none */
json_t *people_store_posts(req *r);                     /* in r's scope */
int64_t people_store_post_insert(int64_t unit, const char *name, const char *family, int level, int term_years, int places);
json_t *people_store_post_json(req *r, int64_t id);     /* r NULL: no scope; NULL when absent or outside */
typedef struct people_history_row {
  int64_t user_id, unit_id, post_id, grade_id;
  const char *started_on, *ends_on, *source, *note;
} people_history_row;
json_t *people_store_history(int64_t user);             /* newest first */
int64_t people_store_history_insert(const people_history_row *h);
int people_store_history_close(int64_t user, const char *day); /* ends the open rows on day */
/* The current (open) row: grade id (0 none), grade and post names, and since when he holds that grade. 0 ok, 1 none. */
int people_store_current(int64_t user, int64_t *grade_id, char *grade, size_t cap, char *since, char *post, size_t pcap);
typedef struct people_round_row {
  const char *title, *min_grade;
  int64_t unit_id, created_by;
  int w_written, w_interview, w_review, min_years, publicity_days;
  char publicity_to[11], min_grade_buf[32], title_buf[200];
} people_round_row;
int64_t people_store_round_insert(const people_round_row *x);
int people_store_round_post_insert(int64_t round, int64_t post, int64_t grade, int places); /* 0 ok, 1 constraint */
json_t *people_store_round_list(req *r);
json_t *people_store_round_json(req *r, int64_t id);    /* with posts and applications (items); NULL absent/outside */
int people_store_round_state(int64_t id, people_round_row *x, char *status, size_t cap); /* 0 ok, 1 none */
int people_store_round_set(int64_t id, const char *status, const char *from, const char *to, const char *appointed_on);
int people_store_round_post(int64_t round, int64_t post, int64_t *grade, int *places); /* 0 ok, 1 not in the round */
int64_t people_store_application_insert(int64_t round, int64_t post, int64_t user, const char *qualification);
int people_store_application_scores(int64_t round, int64_t app, double written, double interview, double review, double total); /* 1 none */
typedef struct people_app_brief { int64_t id, post_id, user_id, unit_id; double total; int proposed; } people_app_brief;
/* Calls fn per application of the round, by post; fn's non-zero return stops and is returned. */
int people_store_applications_each(int64_t round, int (*fn)(void *ctx, const people_app_brief *a), void *ctx);
int people_store_application_rank(int64_t app, int rank, int proposed);
int people_store_application_appointed(int64_t app);
void people_post_routes(void);
/* The latest appraisal grade of a person: a finished 年度考核 of the last two years, else the latest closed 民主测评 box;
 * 0 with its index (0 best) and a name to show, 1 none, -1 error (api_posts.c). */
int people_latest_grade(int64_t user, int *idx, char *name, size_t cap);
/* The 双聘, training and points part of a person's profile (api_profile.c adds it); NULL on a database error. */
json_t *people_talent_profile(int64_t user, int year);
/* ---- store_training.c: 内训师, courses, files, sessions and sign-ins, imported study hours, the required hours ---- */
json_t *people_store_trainers(void);
int people_store_trainer_set(int64_t user, const char *title, const char *speciality, const char *since); /* 0 ok */
typedef struct people_course_row { int64_t unit_id, teacher_id, created_by; const char *title, *category, *summary; int hours_x10; } people_course_row;
int64_t people_store_course_insert(const people_course_row *c);
json_t *people_store_courses(req *r, const char *like);  /* in r's scope (the organising unit) or any shared course */
json_t *people_store_course_json(req *r, int64_t id);    /* with files and sessions; NULL absent */
int64_t people_store_file_insert(const char *kind, int64_t owner, const char *name, const char *type, size_t size, const char *sha, int64_t by);
json_t *people_store_file_json(const char *kind, int64_t owner, int64_t id); /* NULL absent */
typedef struct people_session_row { int64_t course_id, unit_id, teacher_id, created_by; const char *held_on, *place, *token; int hours_x10; } people_session_row;
int64_t people_store_session_insert(const people_session_row *s);
json_t *people_store_sessions(req *r, int year, int64_t course); /* course 0: any */
json_t *people_store_session_json(req *r, int64_t id);    /* with its sign-ins; NULL absent or outside */
/* The session for sign-in (no scope: anyone signed in may attend): 0 found, 1 none. */
int people_store_session_brief(int64_t id, char held_on[11], char *token, size_t tcap, char *title, size_t ticap);
int people_store_signin(int64_t session, int64_t user);   /* 0 signed now, 1 signed already, -1 error */
int64_t people_store_study_insert(int64_t user, const char *course, const char *day, int hours_x10, int64_t by); /* 0 taken */
int people_store_study_exists(int64_t user, const char *course, const char *day); /* 1 yes */
/* A person's hours of a year: from sessions signed in and from imports (tenths), and the sessions attended. 0 ok. */
int people_store_hours_of(int64_t user, int year, int64_t *session_x10, int64_t *study_x10, int64_t *sessions);
json_t *people_store_hours_people(req *r, int year, int64_t unit); /* per person in scope: hours, sessions; unit 0 any */
json_t *people_store_hours_by_unit(req *r, int year);     /* per unit in scope: people, hours (tenths), sign-ins */
int people_store_required(int year);                     /* tenths: the year's, else the latest earlier, else 400; -1 error */
int people_store_required_set(int year, int hours_x10);  /* 0 ok */
int people_store_month_signins(int64_t unit, const char *from, const char *to, int64_t *n); /* unit 0: all; 0 ok */
int people_store_first_session_year(void);               /* 0 none */
void people_training_routes(void);
/* ---- store_projects.c: teams, members, milestones (their task ids), outputs, points ledger, rules ---- */
typedef struct people_team_row { int64_t unit_id, leader_id, created_by; const char *name, *kind, *goal, *started_on; } people_team_row;
int64_t people_store_team_insert(const people_team_row *t);
int people_store_team_member_set(int64_t team, int64_t user, const char *role); /* 0 ok */
json_t *people_store_teams(req *r);
json_t *people_store_team_json(req *r, int64_t id);       /* with members, milestones, outputs; NULL absent or outside */
int64_t people_store_milestone_insert(int64_t team, const char *title, const char *due, int64_t owner);
int people_store_milestone_task(int64_t id, int64_t task);
typedef struct people_output_row {
  int64_t team_id, unit_id, created_by;
  const char *kind, *title, *level, *award, *achieved_on, *rule, *note;
  int points;
} people_output_row;
int64_t people_store_output_insert(const people_output_row *o);
int people_store_points_insert(int64_t user, int64_t output, int share, int points, const char *day, const char *reason); /* 0 ok */
json_t *people_store_outputs(req *r, int year, const char *kind, int64_t team); /* year 0 / kind NULL / team 0: any */
json_t *people_store_output_json(req *r, int64_t id);     /* with members and files; NULL absent or outside */
json_t *people_store_ledger(req *r, int year, int64_t user); /* lines in scope of the person's unit */
json_t *people_store_ranking(req *r, int year, int limit);   /* persons in scope by points */
char *people_store_rules_get(void);                      /* malloc'd JSON text; NULL none or error */
int people_store_rules_set(const char *json, int64_t by); /* 0 ok */
json_t *people_store_person_outputs(int64_t user, int year); /* his outputs and points in the year (year 0: all) */
void people_project_routes(void);
/* The demo county's 双聘, training and projects (demo_talent.c); its own transaction, skipped when there. 0 ok. */
/* The points rules in force (stored, else the shipped ones). 0 ok, -1 error. */
int people_points_rules_load(people_points_rules *out);
#endif
