/* people.h — public API of the people module (队伍建设): the anonymous weighted ballot tally (pure), sanction terms
 * (pure), the registry of appraisal inputs other modules offer to the 年度考核 card, and the wiring. */
#ifndef PEOPLE_PEOPLE_H
#define PEOPLE_PEOPLE_H
#include <stddef.h>
#include <stdint.h>

/* ---- appraisal inputs (年度考核 card): each module offers its figures, like the cockpit's feeds ----
 * An input is a named figure per person and/or unit and year: 督办 on-time rate (tasks), indicator completion
 * (cockpit), evaluator quality (evals), training hours, sanctions… The card shows every input with its source and a
 * link to the records behind it, weighted by the campaign's weights (default: the input's weight). */
enum { PEOPLE_SUBJ_PERSON = 1, PEOPLE_SUBJ_UNIT = 2 };
typedef struct people_input_value {
  double value;        /* the figure in the input's unit of measure */
  double score;        /* 0–100: what the figure is worth on the card (the weight applies to this) */
  char text[160];      /* how the card shows it: "按期办结 12/13（92.3%），催办 2 次" */
  char link[256];      /* the web route to the records behind it: "/tasks/list?owner_id=5&year=2025" */
} people_input_value;
/* Fills *out for year and a person (user_id > 0, unit_id his unit) or a unit (user_id = 0). Reads the database
 * through the owning module's own functions. 0 filled, 1 no data for this subject and year, -1 database error. */
typedef int (*people_input_fill)(int year, int64_t user_id, int64_t unit_id, people_input_value *out);
typedef struct people_input {
  const char *key;     /* stable code: "tasks.ontime" */
  const char *label;   /* 督办按期办结率 */
  const char *uom;     /* "%", "学时", "分" */
  const char *source;  /* the module that answers for the figure: "督查督办" */
  int subjects;        /* PEOPLE_SUBJ_PERSON | PEOPLE_SUBJ_UNIT */
  int weight;          /* default weight on the card, percent points (a campaign may change it) */
  people_input_fill fill;
} people_input;
/* Adds an input (the struct is borrowed for the program's life). Call at start, before serving (and before
 * people_demo_load). 0 ok; -1 when the key is taken, malformed (no fill, no subjects) or the table is full. */
int people_register_input(const people_input *in);
/* The registered inputs in registration order; *n their count. */
const people_input *const *people_inputs(size_t *n);
const people_input *people_input_find(const char *key); /* NULL when unknown */
/* The card's weighted total (pure): Σ weight × score / Σ weight over the inputs that have data (has[i]); -1 when none. */
double people_card_total(const int *weights, const double *scores, const int *has, size_t n);
/* The inputs the people module offers itself and through other modules' public headers (督办 from tasks.h, 纪律 its
 * own). Call once at start (serve), before serving. */
void people_inputs_register(void);

/* ---- ballots (民主测评 and 评优 votes), pure ----
 * A ballot box holds candidates, voter groups with weights, and cast ballots that keep only their group and their
 * marks. Two kinds: grades per candidate (优秀/称职/基本称职/不称职, names and points configurable) or choose up to
 * max_choices candidates (差额). */
enum { PEOPLE_BALLOT_GRADE = 1, PEOPLE_BALLOT_CHOOSE = 2 };
#define PEOPLE_MAX_GRADES 8
#define PEOPLE_MAX_GROUPS 16
#define PEOPLE_MAX_CANDIDATES 1000
typedef struct people_tally_in {
  int kind;                /* PEOPLE_BALLOT_GRADE / PEOPLE_BALLOT_CHOOSE */
  int ncand, ngrades, ngroups;
  const int *weights;      /* ngroups weights (≥ 0) */
  const int *points;       /* ngrades points of each grade (grade kind), first grade best */
  size_t nballots;
  const int *group_of;     /* nballots group indexes */
  /* nballots × ncand marks, ballot by ballot: grade kind the grade index or -1 (abstained on that candidate);
   * choose kind 1 chosen, 0 not. */
  const signed char *marks;
} people_tally_in;
typedef struct people_tally_cand {
  double share[PEOPLE_MAX_GRADES]; /* grade kind: weighted share of each grade, percent */
  double score;      /* grade kind: Σ share × points / 100; choose kind: weighted share of ballots choosing him, percent */
  int votes;         /* ballots that marked him (grade kind: not abstaining; choose kind: chose him) */
  int plurality;     /* grade kind: the grade with the largest weighted share (a tie goes to the lower grade); -1 none */
  int rank;          /* 1-based, equal scores share a rank (1, 1, 3) */
  int decided;       /* grade kind: the grade after the quota of the first grade; choose kind: 1 elected, 0 not;
                      * -1 undecided: tied at the quota's or the places' boundary (the campaign decides) */
  int tie;           /* 1 when tied at that boundary */
} people_tally_cand;
/* Tallies the ballots: per group the share of its ballots (grade kind: of those not abstaining on the candidate),
 * weighted by the group weights; a group with no such ballots drops out and the other weights are rescaled.
 * quota: grade kind, at most this many candidates keep the first grade (ranked by first-grade share, then score;
 * the others whose plurality is the first grade get the second); choose kind, the places (top scores with at least
 * one vote are elected). quota < 0: no limit. counts (optional, ncand × ngroups × max(ngrades,1) ints): raw counts.
 * group_ballots (optional, ngroups ints): ballots per group. 0 ok, -1 bad input (sizes out of range, a mark out of
 * range, a group index out of range). */
int people_tally(const people_tally_in *in, int quota, people_tally_cand *out, int *counts, int *group_ballots);
/* The quota of a share in permille over n candidates: floor(n × permille / 1000). */
int people_quota_of(int permille, int n);

/* A cast ballot's body, checked against the ballot's form (pure; fuzzed). The body is JSON:
 * grade kind {"grades": {"<candidate id>": "<grade name>", …}} (a candidate left out is an abstention);
 * choose kind {"chosen": [<candidate id>, …]} (at most max_choices, no repeats; empty is a blank ballot). */
typedef struct people_cast_form {
  int kind, ncand, ngrades, max_choices;
  const int64_t *cand_ids;      /* ncand */
  const char *const *grades;    /* ngrades names */
} people_cast_form;
/* Fills marks (ncand) as people_tally_in wants them. 0 ok; -1 with a Chinese message and the offending field. */
int people_cast_parse(const char *body, size_t len, const people_cast_form *f, signed char *marks, char *field, size_t fieldlen,
                      char *msg, size_t msglen);

/* ---- discipline (纪律), pure ----
 * Sanctions with fixed terms: 警告 6 months, 记过 12, 记大过 18, 降级 24, 撤职 24; the bureau's own lighter measures for
 * minor breaches (员工一般性违纪违规行为处理办法: 批评教育, 通报批评, 诫勉谈话, 待岗培训) take the months the decision
 * sets (0–12). A sanction runs from its decision day up to, not including, its end day. */
/* The fixed term in months of a sanction type; -2 for a lighter measure (months set by the decision); -1 unknown. */
int people_sanction_term(const char *type);
/* Points the appraisal deducts for a sanction decided in the year (警告 10, 记过 20, 记大过 30, 降级/撤职 50, lighter 5). */
int people_sanction_deduction(const char *type);
/* The end day of a term: start + months, the same day of the month, or the month's last day when it has no such day
 * (2025-08-31 + 6 → 2026-02-28). Day numbers as in base/workday.h; -1 on a bad start or months < 0. */
int people_sanction_end(int start_day, int months);
/* Running on day: start ≤ day < end. */
int people_sanction_running(int start_day, int end_day, int day);

/* Whether a person is under a running sanction on day ("YYYY-MM-DD"): 1 with the reason in why ("记过处分期内
 * （2025-03-01 至 2026-03-01）"), 0 none, -1 database error. For 评优 and promotion rounds (no data scope: the rounds
 * refuse the person with the reason, the sanction itself stays hidden). */
int people_sanction_active(int64_t user_id, const char *day, char *why, size_t whylen);

/* ---- wiring ---- */
void people_register(void);     /* routes, permissions, grants, audit actions, the built-in inputs; before serving */
/* The people module's facts for 年度总结 (report.h): votes held and ballots cast, sanctions decided. At start. */
void people_facts_register(void);
/* The demo county's 民主测评, 奋斗之星 vote and sanctions (after org's demo county). Does nothing when already there. 0 ok. */
int people_demo_load(char *err, size_t errlen);
/* The demo's 双聘, training and projects alone (people_demo_load also calls it): before the cockpit demo, which computes
 * the registered feeds' months (培训签到人次). Does nothing when already there. 0 ok. */
int people_talent_demo_load(char *err, size_t errlen);
/* The cockpit feed 培训签到人次 (PX_ATTEND: training sign-ins per unit and month, category 综合). At start, before cockpit_register. */
void people_feeds_register(void);
#endif
