/* procure.h — 三项项目 (工程投资, 物资采购, 宣传促销) inside the risks module: the procurement settings and the red
 * flags (pure, procure.c), the SQL (store_procure.c) and the year's facts for 年度总结 (facts.c, store_facts.c). */
#ifndef RISKS_PROCURE_H
#define RISKS_PROCURE_H
#include "risks/internal.h"

/* ---- kinds, purchase methods (pure) ---- */
enum { RPK_WORKS = 0, RPK_GOODS, RPK_PROMO, RPK__COUNT };                          /* 工程投资 物资采购 宣传促销 */
enum { RPM_OPEN = 0, RPM_INVITED, RPM_NEGOTIATED, RPM_QUOTE, RPM_SOLE, RPM__COUNT }; /* 公开招标 邀请招标 竞争性谈判 询价 单一来源 */
const char *risks_proj_kind_name(int k);   /* "" out of range */
int risks_proj_kind_parse(const char *s);  /* -1 when unknown */
const char *risks_method_name(int m);
int risks_method_parse(const char *s);

/* ---- settings (pure; the body of PUT /risks/projects/settings, fuzzed) ---- */
#define RISKS_COMMITTEE_MAX 15
#define RISKS_CHAIN_MAX 6
typedef struct risks_chain_step { char step[64]; int64_t from_fen; } risks_chain_step;
typedef struct risks_procure_cfg {
  char committee[RISKS_COMMITTEE_MAX][33]; /* 管委会 members by username */
  size_t ncommittee;
  int quorum_pct;        /* votes cast must reach this share of the committee (rounded up), 1–100 */
  int majority_pct;      /* 同意 must be more than this share of the votes cast, 1–99 */
  int lead_days;         /* 立项 filed at least this many days before the planned start, 0–365 */
  risks_chain_step chain[RISKS_CHAIN_MAX]; /* approval steps, each needed when the amount is at least from_fen */
  size_t nchain;
  int64_t method_max_fen[RPM__COUNT];      /* the largest amount a method may be used for; -1 no limit */
  int64_t split_fen;     /* the threshold a split purchase stays under */
  int split_days;        /* the window of a split purchase, days between the first and the last filing, 1–366 */
} risks_procure_cfg;
void risks_procure_cfg_default(risks_procure_cfg *c);
/* The settings object (every key optional, defaults for the rest) → c. 0 ok; -1 and a Chinese reason naming the field. */
int risks_procure_cfg_from_json(const json_t *j, risks_procure_cfg *c, char *why, size_t whylen);
json_t *risks_procure_cfg_to_json(const risks_procure_cfg *c);
/* The stored settings (key "procure"), defaults when never set. 0 ok, -1 database error. */
int risks_procure_cfg_load(risks_procure_cfg *c);

/* Votes needed for a quorum: ceil(members × quorum_pct / 100), at least 1. */
int risks_quorum_need(int members, int quorum_pct);
/* 同意 is more than majority_pct of the votes cast. */
int risks_majority(int yes, int cast, int majority_pct);
/* The approval steps an amount needs (those with from_fen ≤ amount), in order, as indexes into cfg->chain. */
size_t risks_chain_for(const risks_procure_cfg *c, int64_t amount_fen, size_t idx[RISKS_CHAIN_MAX]);
/* "12.50万元" from 1万元 up, "8757.50元" below. */
void risks_fmt_money(int64_t fen, char *out, size_t outlen);

/* ---- red flags (pure) ---- */
enum { RF_SPLIT = 0, RF_SOLE_NO_REASON, RF_PAY_BEFORE_ACCEPT, RF_NO_QUORUM, RF_CONTRACT_OVER, RF__COUNT };
const char *risks_flag_code(int f);  /* "split" "sole_no_reason" "pay_before_accept" "no_quorum" "contract_over" */
const char *risks_flag_title(int f); /* 疑似拆分采购 … */
int risks_flag_parse(const char *code);
typedef struct risks_proj_in {
  int64_t id;
  const char *title, *category, *supplier; /* supplier "" before the contract */
  int kind;
  int64_t amount_fen;    /* approved budget */
  int filed;             /* day number of 立项 */
  int reviewed;          /* the 管委会 review is closed */
  int committee_n, votes_cast;
  int method;            /* -1 before it is chosen */
  const char *method_reason;
  int has_contract;
  int64_t contract_fen;
  int accepted;          /* day number of 验收, -1 none */
  int first_paid;        /* day number of the first payment, -1 none */
  const char *pay_exception; /* the reason recorded with a payment before acceptance ("" none) */
} risks_proj_in;
#define RISKS_FLAG_RELATED 16
typedef struct risks_flag {
  int64_t project;
  int code;
  char text[512];        /* explains itself in Chinese */
  int64_t related[RISKS_FLAG_RELATED];
  size_t nrelated;
} risks_flag;
/* Every flag of every project (in the order of p, codes in enum order). Writes at most max; returns how many exist.
 *  split: a project under split_fen with others under it, filed within split_days (either way) of it, by the same
 *         supplier or else in the same category and kind, that together reach split_fen;
 *  sole_no_reason: 单一来源 with an empty reason;  pay_before_accept: a payment before 验收 (or with none);
 *  no_quorum: a closed review whose votes cast fell short of the quorum of the committee it was held by;
 *  contract_over: a contract above the approved amount. */
size_t risks_procure_flags(const risks_proj_in *p, size_t n, const risks_procure_cfg *c, risks_flag *out, size_t max);

/* ---- store_procure.c ---- */
typedef struct risks_proj_row {
  const char *kind, *title, *need, *category, *filed_on, *planned_on, *at;
  int64_t unit, amount_fen, created_by;
} risks_proj_row;
int64_t risks_store_proj_insert(const risks_proj_row *w);                                   /* new id; 0 on error */
/* One project in the caller's scope (r NULL: any) as JSON, NULL when none or on error (*err = 1 then). */
json_t *risks_store_proj_get(req *r, int64_t id, int *err);
/* Every project in scope (r NULL: all) with the inputs of its flags, newest first; NULL on error. */
json_t *risks_store_projs(req *r);
int risks_store_proj_stage(int64_t id, const char *stage, const char *at);                   /* 0 ok */
int risks_store_proj_vote(int64_t id, int64_t user, const char *vote, const char *note, const char *at); /* 0, 1 twice, -1 */
json_t *risks_store_proj_votes(int64_t id);                                                  /* NULL on error */
int risks_store_proj_review(int64_t id, const char *result, int committee_n, const char *day, const char *stage, const char *at);
int risks_store_proj_approve(int64_t id, const char *step, int64_t user, const char *decision, const char *opinion, const char *at); /* 0, 1 twice, -1 */
json_t *risks_store_proj_approvals(int64_t id);                                              /* NULL on error */
int risks_store_proj_method(int64_t id, const char *method, const char *reason, const char *at);
int risks_store_proj_contract(int64_t id, const char *supplier, const char *no, int64_t fen, const char *day, const char *at);
int risks_store_proj_accept(int64_t id, const char *day, const char *note, const char *at);
int risks_store_proj_pay(int64_t id, int64_t fen, const char *day, const char *exception, int64_t user, const char *at);
json_t *risks_store_proj_payments(int64_t id);                                               /* NULL on error */
int risks_store_proj_disclose(int64_t id, const char *phase, const char *content, const char *day, int64_t user, const char *at);
json_t *risks_store_proj_disclosures(int64_t id);                                            /* NULL on error */
/* The finding a flag became, 0 none, -1 error. */
int64_t risks_store_proj_flag_finding(int64_t id, const char *code);
int risks_store_proj_flag_link(int64_t id, const char *code, int64_t finding, const char *at); /* 0, 1 already, -1 */
/* Committee members' names and ids by username: [{username, name, user_id}] (null id when unknown). NULL on error. */
json_t *risks_store_users_named(const char *const *usernames, size_t n);

/* ---- findings.c: a finding with its 整改 item, inside the caller's transaction ---- */
/* The finding's id; 0 with a reason in err on bad input (nothing written); -1 database error. */
int64_t risks_finding_open(req *r, const risks_finding_row *w, const char *measures, char *err, size_t errlen);

/* ---- the year's facts for 年度总结 (facts.c, store_facts.c) ---- */
typedef struct risks_year_facts {
  int64_t risks_by_level[RL__COUNT], reviews;
  int64_t complaints, complaints_closed, rated, satisfied;
  int64_t drills;
  int64_t checks, hazards, hazards_closed; /* 安全生产: checks finished, hazards found, of those closed */
  int64_t projects, projects_fen, projects_by_kind[RPK__COUNT], projects_kind_fen[RPK__COUNT];
  int64_t findings, findings_fen;
} risks_year_facts;
/* Counts of `year` over unit and the units below it (0: all). Findings' item ids in items_out (caller frees). 0 ok. */
int risks_store_year_facts(int year, int64_t unit, risks_year_facts *f, int64_t **items_out, size_t *nitems);

/* ---- demo ---- */
int risks_demo_procure(const char *today, const char *at); /* inside the demo loader's transaction; 0 ok */
void risks_procure_routes(void);
#endif
