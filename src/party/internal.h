/* internal.h — shared between the party module's own files (pure logic, store, handlers); other modules use party.h. */
#ifndef PARTY_INTERNAL_H
#define PARTY_INTERNAL_H
#include "party/party.h"
#include "base/table.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ================= pure logic (party.c, no I/O) ================= */

/* Meeting kinds; PK_SECRETARY_LECTURE is the rule "the secretary gives a 党课", not a kind of record. */
typedef enum { PK_CONGRESS = 0, PK_COMMITTEE, PK_GROUP, PK_LECTURE, PK_THEME_DAY, PK_SECRETARY_LECTURE, PK__COUNT } party_kind;
const char *party_kind_name(party_kind k);   /* 支部党员大会 支委会 党小组会 党课 主题党日 书记讲党课 */
const char *party_kind_code(party_kind k);   /* congress committee group lecture theme_day secretary_lecture */
int party_kind_parse(const char *name);      /* by Chinese name of a record kind (not 书记讲党课) or code; -1 unknown */

/* One frequency in force from a date: months 0 (not required), 1, 3, 6 or 12. */
typedef struct party_freq { party_kind kind; char from[11]; int months; } party_freq;
/* The defaults: 支委会, 党小组会, 主题党日 monthly; 党员大会, 党课 quarterly; the secretary's 党课 yearly. */
int party_freq_default(party_kind k);

/* A held meeting as the checker sees it. */
typedef struct party_held { party_kind kind; char date[11]; int by_secretary; } party_held;

typedef enum { PS_NOT_DUE = 0, PS_HELD, PS_MISSED, PS_OPEN, PS_FUTURE } party_state;
const char *party_state_code(party_state s); /* none held missed open future */
typedef struct party_period {
  party_kind kind;
  int first_month, last_month;   /* 1..12 */
  char from[11], to[11];         /* the period's first and last day */
  int months;                    /* the frequency it was due under; 0 when not due */
  int held;                      /* meetings of the kind held within it */
  party_state state;
  int remind;                    /* open, nothing held, ends within remind_days of today */
} party_period;
typedef struct party_schedule { party_period *v; size_t n, cap; int due, held_ok, missed; } party_schedule;

/* Due against held for one organisation in one year. A period is due when the frequency in force on its first day is
 * not 0 and the organisation existed on that day (founded on or before it). Periods are aligned to the calendar
 * (months, quarters, halves, the year); a change of frequency takes effect with the month it falls in, the period then
 * running to the end of its aligned block. held: green; ended and nothing held: red; today within it: open (remind
 * when it ends within remind_days); not yet begun: future. kinds: bit (1 << kind) for each kind that applies.
 * freqs may come in any order; for a kind with none the default applies. 0 ok, -1 bad date or no memory. */
int party_schedule_check(int year, const char *founded_on, const char *today, unsigned kinds, const party_freq *freqs, size_t nfreqs,
                         const party_held *held, size_t nheld, int remind_days, party_schedule *out);
void party_schedule_free(party_schedule *s);

/* Attendance rows of a meeting body: [{member_id, state, reason?}], each state 出席/请假/缺席, a reason required for
 * 请假, no member twice. Pure. 0 ok; -1 with the field ("attendance[2].state") and a Chinese message. */
typedef struct party_att { int64_t member_id; char state[10]; char reason[301]; } party_att;
int party_attendance_parse(json_t *arr, party_att **out, size_t *n, char *field, size_t fieldlen, char *msg, size_t msglen);

/* Frequencies body {kind code: months…}: 0 1 3 6 12. Pure. 0 ok; -1 with field and message. */
int party_freq_parse(json_t *o, int months[PK__COUNT], char *field, size_t fieldlen, char *msg, size_t msglen);

/* ---- 党建考核 (score.c) ---- */
/* The rules (settings): a 100-point base; per missed period of each kind a deduction; a deduction when the year's
 * attendance rate is under a threshold; manual additions capped in total. */
typedef struct party_rules {
  double base;                /* 100 */
  double miss[PK__COUNT];     /* 党员大会 3, 支委会 2, 党小组会 1, 党课 3, 主题党日 1, 书记讲党课 5 */
  double att_threshold;       /* 80 (%) */
  double att_points;          /* 5 */
  double add_cap;             /* 10: additions count up to this in total */
  double project_points;      /* 2: each 党支部+项目 completed in the year adds this (within add_cap) */
} party_rules;
extern const party_rules party_default_rules;
typedef struct party_adj { double points; char reason[301]; } party_adj;
typedef struct party_score {
  double base, missed_deduct, att_deduct, additions, deductions, total;
  int missed[PK__COUNT];
  double att_rate;            /* percent; has_att 0 when nothing was expected */
  int has_att;
} party_score;
/* Total = base − Σ missed[k]·miss[k] − (rate < threshold ? att_points : 0) + min(Σ additions, add_cap) − Σ manual
 * deductions, never under 0. Pure. */
void party_score_compute(const party_rules *r, const int missed[PK__COUNT], int64_t expected, int64_t present, const party_adj *adj, size_t nadj,
                         party_score *out);
/* Competition ranking of n scores, highest first (1, 2, 2, 4): ranks[i] for scores[i]. Scores equal to 0.01 tie. */
void party_rank(const double *scores, size_t n, int *ranks);
/* [{points, reason}]: points a number in [-20, 20], not 0, at most one decimal; reason 1–100 characters; at most 30.
 * 0 ok (caller frees *out); -1 with field ("adjustments[1].points") and message. */
int party_adj_parse(json_t *arr, party_adj **out, size_t *n, char *field, size_t fieldlen, char *msg, size_t msglen);
/* Rules body {key: number}: base, miss_<kind code>, att_threshold, att_points, add_cap, each within bounds; the keys
 * given overwrite r. 0 ok; -1 with field and message. */
int party_rules_parse(json_t *o, party_rules *r, char *field, size_t fieldlen, char *msg, size_t msglen);
json_t *party_rules_json(const party_rules *r);

/* A date "YYYY-MM-DD" that exists. 1 valid. */
int party_date_valid(const char *s);

/* ---- 党费 (dues.c) ---- */
#define PARTY_DUES_BANDS 8
typedef struct party_band { int64_t upto_fen; int bp; } party_band; /* a base up to upto_fen (0: no bound) pays bp 万分之 */
typedef struct party_dues_rule { int fixed; int64_t fixed_fen; party_band bands[PARTY_DUES_BANDS]; size_t nbands; } party_dues_rule;
/* 0.5 % up to 3000 元, 1 % up to 5000 元, 1.5 % up to 10000 元, 2 % above. */
extern const party_dues_rule party_dues_default;
/* A month's dues in 分: own_fixed_fen when ≥ 0 (the member's own fixed amount), else the rule's fixed amount, else the
 * whole base × the rate of the first band holding it, rounded half up to the 分. */
int64_t party_dues_amount(const party_dues_rule *r, int64_t base_fen, int64_t own_fixed_fen);
/* {mode: bands|fixed, bands: [{upto_fen, bp}], fixed_fen, from?}: 0 ok; -1 with field and message. */
int party_dues_rule_parse(json_t *o, party_dues_rule *out, char *field, size_t fl, char *msg, size_t ml);
json_t *party_dues_rule_json(const party_dues_rule *r);
/* "2026-03", "2026/3", "202603", "2026年3月", "2026-03-05" → "2026-03" (years 2000–2100). 0 ok, -1 not a month. */
int party_month_norm(const char *s, char out[8]);
/* One row of a dues sheet (姓名, 月份, 金额（元）, 缴纳日期?, 所在支部?, 备注?); bad: the row has errors in the list. */
typedef struct party_dues_in {
  size_t line;
  char name[100], month[8], paid_on[11], branch[130], note[310];
  int64_t amount_fen;
  int bad;
} party_dues_in;
/* Reads every non-blank data row into *rows (caller frees), each bad cell a report row in errors ({row, column, code,
 * message}). -1 with err when a required column is missing. */
int party_dues_read(const tab *t, party_dues_in **rows, size_t *nrows, json_t *errors, char *err, size_t errlen);

/* ---- 党建服务包 measures (dues.c) ---- */
typedef struct party_measure { char kind[16]; char content[610]; char done_on[11]; } party_measure;
/* [{kind: 提升方案|设备|柜台|指导, content (1–200 characters), done_on?: date|null}], at most 20. 0 ok (caller frees
 * *out); -1 with field ("measures[1].kind") and message. */
int party_measures_parse(json_t *arr, party_measure **out, size_t *n, char *field, size_t fl, char *msg, size_t ml);

/* ---- 党建服务包 coverage (dues.c) ---- */
typedef struct party_cov_pkg { int done; int64_t visits_year; char last_visit[11]; int level_up; } party_cov_pkg;
typedef struct party_coverage {
  int64_t packages, done, visits, visited_quarter, level_up, members, paired_members;
  int member_rate;  /* ‰ of the branch's members in a pairing */
  int visit_rate;   /* ‰ of its packages visited since the quarter began */
} party_coverage;
void party_coverage_compute(const party_cov_pkg *p, size_t n, int64_t members, int64_t paired_members, const char *today, party_coverage *out);

#ifndef PARTY_PURE_ONLY
#include "base/db.h"
#include "base/export.h"
#include "base/http.h"
#include "base/jv.h"
#include "org/org.h"

/* ================= store (all SQL) ================= */
/* Visibility of an organisation id column for the caller: the org or an ancestor covers a unit in the caller's data
 * scope, or the caller is a 书记/副书记 of it or of an ancestor. Takes ?1 ?2 ?3 bound by org_scope_bind. */
#define PARTY_VISIBLE(col) "(" col " IN (SELECT o.id FROM party_orgs o JOIN party_orgs a ON substr(o.path, 1, length(a.path)) = a.path" \
  " WHERE ?1 = 1 OR EXISTS (SELECT 1 FROM party_org_units pu WHERE pu.org_id = a.id AND pu.unit_id IN (SELECT value FROM json_each(?2)))" \
  " OR EXISTS (SELECT 1 FROM party_members sm WHERE sm.org_id = a.id AND sm.role IN ('书记','副书记') AND sm.user_id = ?3)))"

/* orgs and members (store.c) */
json_t *party_store_orgs(req *r);                       /* the visible tree as a flat list; NULL on error */
json_t *party_store_org(req *r, int64_t id);            /* one visible org with units and members; NULL none/error */
int party_store_org_visible(req *r, int64_t id);        /* 1 yes, 0 no, -1 error */
int64_t party_store_org_insert(int64_t parent, const char *kind, const char *name, const char *founded_on, int sort,
                               const int64_t *units, size_t nunits); /* 0 on error or constraint (db_constraint_kind_last) */
int party_store_org_kind(int64_t id, char kind[16], int64_t *parent); /* 0 found, 1 none, -1 error */
char *party_store_members_page(req *r, int64_t org, const char *q, const char *status, int64_t size, int64_t offset, size_t *len);
json_t *party_store_member(req *r, int64_t id);         /* with transfers; NULL none/error */
int64_t party_store_member_insert(const char *name, int64_t user_id, int64_t org, int64_t group, const char *status, const char *role,
                                  const char *joined, const char *full_on, const char *phone, const char *at);
int party_store_member_move(int64_t id, int64_t org, int64_t group, const char *status, const char *at);
int party_store_member_role(int64_t id, const char *role, const char *at);
int party_store_transfer_insert(int64_t member, const char *kind, int64_t from, int64_t to, const char *outside, const char *on,
                                const char *reason, int64_t by, const char *at);
int party_store_member_org(int64_t id, int64_t *org, int64_t *group, char status[16]); /* 0 found, 1 none, -1 error */
int party_store_user_exists(int64_t user_id);           /* 1, 0, -1 */

/* meetings (store_meetings.c) */
char *party_store_meetings_page(req *r, int64_t org, const char *kind, const char *from, const char *to, int64_t size, int64_t offset,
                                size_t *len);
json_t *party_store_meeting(req *r, int64_t id);        /* with attendance and files; NULL none/error */
int64_t party_store_meeting_insert(int64_t org, const char *kind, const char *topic, const char *planned, const char *held,
                                   const char *place, int64_t presenter, int64_t recorder, const char *content, const char *decisions,
                                   const char *token, int64_t by, const char *at);
int party_store_meeting_update(int64_t id, const char *topic, const char *planned, const char *held, const char *place, int64_t presenter,
                               int64_t recorder, const char *content, const char *decisions, const char *at);
/* Is the member in the organisation (its branch, or the 党小组 for a group's meeting; the branch's members for a
 * branch meeting include its groups' members)? 1 yes, 0 no, -1 error. */
int party_store_member_in(int64_t member, int64_t org);
/* Every current member of the org (and of its 党小组) as expected attendees, state 缺席; for 支委会 only the
 * committee (书记, 副书记, 委员). -1 error, else rows added. */
int party_store_attendance_expected(int64_t meeting, int64_t org, const char *kind);
int party_store_attendance_set(int64_t meeting, const party_att *a);
/* The caller's member id among the meeting's expected attendees: 1 found (signed tells whether already signed), 0 not
 * expected, -1 error. */
int party_store_signin_find(int64_t meeting, int64_t user, int64_t *member, int *signed_in);
int party_store_signin(int64_t meeting, int64_t member, const char *at); /* 0 ok (exactly once), 1 already, -1 error */
/* A kept file's row (owner id, name, type, size, sha256, uploaded by or NULL, at) through the prepared "INSERT …
 * VALUES(?,?,?,?,?,?,?)" of a files table (store.c; the meeting and visit file stores use it). 0 ok, -1 error. */
int party_store_file_row(db_stmt *s, int64_t owner, const char *name, const char *type, size_t size, const char *sha, int64_t by, const char *at);
int party_store_meeting_file_add(int64_t meeting, const char *name, const char *type, size_t size, const char *sha, int64_t by,
                                 const char *at);
json_t *party_store_meeting_file(req *r, int64_t meeting, int64_t file); /* {name,type,size,sha256}; NULL none */
/* The meeting's org, kind and day (held, else planned). 0 found, 1 none, -1 error. */
int party_store_meeting_org(int64_t id, int64_t *org, char kind[32], char day[11]);
int party_store_meeting_token_ok(int64_t id, const char *token); /* 1 the QR code's token matches, 0 not, -1 error */
int party_store_org_founded(int64_t id, char founded[11], char kind[16], char name[128]); /* 0 found, 1 none, -1 error */

/* schedule (store_schedule.c) */
int party_store_freqs(party_freq **out, size_t *n);      /* caller frees */
int party_store_freq_set(party_kind k, const char *from, int months);
/* The held meetings of an org for the checker (a branch: its own; a 党小组: its 党小组会). -1 error. */
int party_store_held(int64_t org, int year, party_held **out, size_t *n);
/* Children 党小组 of a branch: ids and names, caller frees (names json array). */
json_t *party_store_groups(int64_t org);
/* The 书记/副书记's users of an org (for reminders). */
json_t *party_store_secretaries(int64_t org);
json_t *party_store_visible_branches(req *r);            /* [{id,name,kind,founded_on}] */
json_t *party_store_all_branches(void);                  /* every 党支部/党总支, for the daily sweep */

/* facts for other modules (store_facts.c) */
typedef struct party_year_facts { int64_t meetings, expected, present, members, probation; } party_year_facts;
/* The year's held meetings of organisations covering a unit in unit's subtree, attendance and members of users in
 * it (unit 0: the whole bureau). 0 ok, -1 error. */
int party_store_year_facts(int year, int64_t unit, party_year_facts *out);
/* Attendance rows (expected) and 出席 (present) of held meetings in [from, to] of members whose user is in unit itself
 * (0: everyone). 0 ok, -1 error. */
int party_store_month_attendance(int64_t unit, const char *from, const char *to, int64_t *expected, int64_t *present);
int party_store_first_year(void); /* the first year with a held meeting; 0 none, -1 error */
/* Learning hours attended in [from, to] by members whose user is in unit itself (0: everyone); rows = attendances. */
int party_store_month_learning(int64_t unit, const char *from, const char *to, double *hours, int64_t *rows);

/* 党建考核 (store_assess.c) */
int party_store_rules(party_rules *r);                   /* defaults overlaid with the settings; 0 ok */
int party_store_rule_set(const char *key, double v);
/* The branch's assessment row as JSON {status, adjustments, note, confirmed_score, confirmed_detail}; an empty draft
 * when none. NULL on error. */
json_t *party_store_assessment(int64_t org, int year);
int party_store_assessment_save(int64_t org, int year, const char *status, const char *adjustments, const char *note, double *confirmed,
                                const char *detail, int64_t by, const char *at);
/* Attendance rows and 出席 of an org's held meetings (and its 党小组') in a year. 0 ok. */
int party_store_org_attendance(int64_t org, int year, int64_t *expected, int64_t *present);

/* learning (store_learning.c) */
int party_store_member_in_tree(int64_t member, int64_t org); /* a current member of org or of an organisation below it: 1, 0, -1 */
int64_t party_store_learning_insert(int64_t org, const char *kind, const char *held, const char *topic, const char *material, double hours,
                                    const char *place, int64_t by, const char *at);
/* Every current member of a 党支部/党总支 (and its 党小组) expected, 缺席; none for a 党委 (its sessions list their
 * attendees). -1 error. */
int party_store_learning_expected(int64_t session, int64_t org);
int party_store_learning_att_set(int64_t session, const party_att *a);
char *party_store_learning_page(req *r, int64_t org, const char *kind, int year, int64_t size, int64_t offset, size_t *len);
json_t *party_store_learning(req *r, int64_t id);        /* with attendance and 心得; NULL none/error */
/* The caller's own row in a visible session: 1 found, 0 not an attendee, -1 error. */
int party_store_learning_note(int64_t session, int64_t user, const char *note, const char *at);
/* Hours per member in a year: [{member_id, name, org_name, sessions, hours}] of visible members (org 0: all). */
json_t *party_store_learning_hours(req *r, int64_t org, int year);

/* 党费 (store_dues.c) */
typedef struct party_dues_rule_at { char from[8]; party_dues_rule rule; } party_dues_rule_at;
int party_store_dues_rules(party_dues_rule_at **out, size_t *n); /* ascending from; caller frees; -1 error */
int party_store_dues_rule_set(const char *from, const party_dues_rule *r, int64_t by, const char *at);
/* A member's base from a month on; fixed_fen < 0: none of his own. */
int party_store_dues_base_set(int64_t member, const char *from, int64_t base_fen, int64_t fixed_fen, const char *at);
/* The base in force in month: 1 found, 0 none (base 0, fixed -1), -1 error. */
int party_store_dues_base_of(int64_t member, const char *month, int64_t *base_fen, int64_t *fixed_fen);
/* The branch's members for the grid (current ones and anyone who paid in it within [from, to] months) with their bases
 * and payments: [{member_id, name, status, role, group_name, joined_on, in_branch, bases:[{from, base_fen, fixed_fen}],
 * paid:{month: {amount_fen, paid_on, note}}}]. NULL on error. */
json_t *party_store_dues_grid(int64_t org, const char *from, const char *to);
/* 0 stored, 1 that month is already paid (the key), -1 error. */
int party_store_dues_insert(int64_t member, const char *month, int64_t amount_fen, const char *paid_on, int64_t org, const char *note, int64_t by,
                            const char *at);
int party_store_dues_paid(int64_t member, const char *month); /* 1, 0, -1 */
/* Current members of visible branches with this name (and branch name when given): the count found (0, 1, 2 = more
 * than one), the first one's id and branch; -1 error. */
int party_store_member_by_name(req *r, const char *name, const char *branch, int64_t *id, int64_t *org);

/* 党建服务包 (store_packages.c); year bounds the visits counted as "this year" */
json_t *party_store_packages(req *r, int64_t org, int year); /* visible packages (org 0: all); NULL on error */
json_t *party_store_package(req *r, int64_t id, int year);   /* with members, measures, visit_list; NULL none/error */
/* The new id, 0 when the shop already has a package (the key), -1 error. */
int64_t party_store_package_insert(int64_t org, int64_t shop, const char *shop_name, int64_t shop_unit, const char *reason, const char *reason_note,
                                   const char *needs, const char *started, const char *before_level, double before_score, int has_score,
                                   double before_orders, int has_orders, int64_t by, const char *at);
int party_store_package_member_add(int64_t pkg, int64_t member, const char *role);
int party_store_package_measures_set(int64_t pkg, const party_measure *m, size_t n); /* replaces the list */
int party_store_package_update(int64_t id, const char *needs, const char *status, const char *result_note, const char *at); /* NULL: keep */
int64_t party_store_visit_insert(int64_t pkg, const char *on, const char *notes, int64_t by, const char *at);
int party_store_visit_of(int64_t pkg, int64_t visit); /* its file count; -2 not a visit of the package; -1 error */
int party_store_visit_file_add(int64_t visit, const char *name, const char *type, size_t size, const char *sha, int64_t by, const char *at);
json_t *party_store_visit_file(req *r, int64_t pkg, int64_t visit, int64_t file); /* {name,type,size,sha256}; NULL none */
int party_store_branch_pairing(int64_t org, int64_t *members, int64_t *paired); /* current members, those in a pairing */
/* Visits in [from, to] to packaged shops of unit (0: all). */
int party_store_month_pkg_visits(int64_t unit, const char *from, const char *to, int64_t *visits);

/* 党支部+项目 (store_projects.c) */
json_t *party_store_projects(req *r, int64_t org, int year); /* visible projects with milestones (org/year 0: any); NULL error */
json_t *party_store_project(req *r, int64_t id);             /* NULL none/error */
int64_t party_store_project_insert(int64_t org, int year, const char *name, const char *goal, int64_t by, const char *at); /* 0 name taken */
int64_t party_store_milestone_insert(int64_t project, const char *title, const char *due, const char *at);
int party_store_milestone_task(int64_t milestone, int64_t task);
int party_store_project_complete(int64_t id, const char *result, const char *on, const char *at); /* 0 ok, 1 not 进行中, -1 error */
int64_t party_store_member_user(int64_t member);             /* his user id, 0 none, -1 error */
json_t *party_store_projects_done(int64_t org, int year);    /* [{id, name, completed_on}] completed in the year; NULL error */

/* ================= handlers' helpers (api.c) ================= */
void party_today(char out[11]);
/* The demo's 党费, 党建服务包 and 党支部+项目 (demo_business.c), inside the demo's transaction; what says how many. 0 ok. */
int party_demo_business(const char *today, const char *at, unsigned *seed, char *what, size_t whatlen);
/* JSON values a handler keeps until it has answered, whatever path it answers by (req_own would free() only the
 * top object): party_hold returns j; PARTY_HELD(fn) defines fn_held, which runs fn and then releases them. */
json_t *party_hold(json_t *j);
void party_release(void);
#define PARTY_HELD(fn) static void fn##_held(req *r) { fn(r); party_release(); }
void party_now(char out[20]);
/* An optional integer query parameter in [lo, hi]: *out untouched when absent; -1 when answered 400 naming it. */
int party_q_int(req *r, const char *key, int64_t lo, int64_t hi, int64_t *out);

void party_meetings_routes(void);
void party_schedule_routes(void);
void party_assess_routes(void);
void party_learning_routes(void);
void party_dues_routes(void);
void party_packages_routes(void);
void party_projects_routes(void);
/* Reminders of the branches' periods ending within a week with nothing held, once per branch/kind/period (api_schedule.c). */
int party_remind_send(req *r, json_t *branches, const char *today, int *sent, json_t **due_out);
/* The daily sweep over every branch (sweep.c): r NULL from the background thread. 0 ok, -1 error. */
int party_remind_sweep(req *r, int *sent);
/* The schedule of one org and year (rows with periods); remind collects the periods to remind. NULL on error. */
json_t *party_schedule_of(int64_t org, int year, const char *today, json_t *remind);
#endif
#endif
