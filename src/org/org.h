/* org.h — public API of the org module: who is asking (the caller, permissions, data scope), audit, passwords,
 * and the routes of units, users, roles, logs and sessions. Other modules use this header only. */
#ifndef ORG_ORG_H
#define ORG_ORG_H
#include "base/db.h"
#include "base/http.h"
#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---- data scope (pure) ---- */
typedef enum { SCOPE_ALL = 0, SCOPE_CUSTOM, SCOPE_UNIT, SCOPE_UNIT_BELOW, SCOPE_SELF } org_scope_kind;
int org_scope_kind_parse(const char *s); /* -1 when unknown */
const char *org_scope_kind_name(org_scope_kind k);

typedef struct org_unit_ref { int64_t id, parent_id; } org_unit_ref;
typedef struct org_role_scope { org_scope_kind kind; const int64_t *custom_units; size_t ncustom; } org_role_scope;
/* What a user may see: all rows; or rows of the listed units; and/or rows the user owns (self). */
typedef struct org_scope {
  int all;
  int64_t *units;  /* sorted ascending, no duplicates; caller frees */
  size_t nunits;
  int self;        /* rows owned by self_id are visible too */
  int64_t self_id;
} org_scope;
/* Union of the roles' scopes over the unit tree. With no roles the user sees only himself. Returns 0, -1 no memory. */
int org_scope_compute(const org_unit_ref *units, size_t nunits, int64_t user_unit, int64_t user_id,
                      const org_role_scope *roles, size_t nroles, org_scope *out);
int org_scope_has_unit(const org_scope *s, int64_t unit_id);
/* "[1,4,9]" for binding into json_each(?); caller frees. */
char *org_scope_units_json(const org_scope *s);

/* Permission strings "module:resource:action"; a '*' segment matches any. Pure. */
int org_perm_match(const char *granted, const char *wanted);
/* The 三员 permissions (audit log, security settings): never implied by a wildcard, only granted by name. */
int org_perm_reserved(const char *perm);
/* Is every unit (and "self") of inner, a user of unit inner_unit, visible in outer? Scopes are compared as sets of
 * units, so a relative scope (本单位及以下) is judged by what it reaches, not by its name. 1 yes, 0 no. */
int org_scope_covers(const org_scope *outer, const org_scope *inner, int64_t inner_unit);
/* The first of want that no permission of have matches, or NULL when have covers want. */
const char *org_perms_cover(char *const *have, size_t nhave, char *const *want, size_t nwant);

/* ---- the caller ---- */
typedef struct org_user {
  int64_t id, unit_id, session_id;
  char username[64], name[64], unit_name[128], csrf[64];
  int must_change;
  char **perms;
  size_t nperms;
  org_scope scope;
  int scope_loaded;
  char *scope_units_json;
  int64_t auth_epoch;
  int cached; /* perms and scope belong to the thread's cache, not to this struct */
} org_user;

org_user *org_caller(req *r);                  /* never NULL inside a non-public handler */
int org_caller_can(req *r, const char *perm);
/* The caller's data scope (loaded on first use). NULL on database error (already answered 500). */
const org_scope *org_caller_scope(req *r);

/* SQL fragment for "this row is inside the caller's scope"; takes three numbered parameters n, n+1, n+2,
 * bound with org_scope_bind. Column names come from code, values are always bound. */
#define ORG_SCOPE_SQL(unit_col, owner_col, n1, n2, n3) \
  "(?" #n1 " = 1 OR " unit_col " IN (SELECT value FROM json_each(?" #n2 ")) OR " owner_col " = ?" #n3 ")"
void org_scope_bind(req *r, db_stmt *s, int first);
/* Exactly what org_scope_bind binds, as text owned by r: the part of a cached answer's key (base/pagecache.h) that
 * tells one caller's visible rows from another's. NULL on error (answered 500). */
const char *org_scope_key(req *r);

/* ---- audit (call inside the write transaction) ---- */
/* Appends one row to the hash-chained audit log; before/after are borrowed (may be NULL). 0 ok, -1 error. */
int org_audit(req *r, const char *action, const char *entity, int64_t entity_id, const char *summary, json_t *before, json_t *after);
/* The canonical encoding hashed for one row (pure): length-prefixed fields in fixed order. Caller frees. */
char *org_audit_canonical(const char *const *fields, size_t nfields, size_t *len);

/* The audit vocabulary: every action code is "module.resource.verb" (org.user.create, tasks.task.urge,
 * cockpit.indicator.update), registered once with its Chinese label so the 操作日志 page labels and filters every
 * module's rows. Rows written before the vocabulary existed keep their stored (action, entity) pair — the hash chain
 * covers them — so a definition may name that old pair in legacy ("update user"); the log answers both as the code. */
typedef struct org_audit_def { const char *code, *label, *legacy; } org_audit_def;
/* Adds a module's codes (call at start, before serving; the table is borrowed for the program's life). 0 ok. */
int org_register_audit_actions(const org_audit_def *defs, size_t n);
/* The definition a stored row reads as: by its code, else by its legacy pair; NULL when unknown. */
const org_audit_def *org_audit_action_find(const char *action, const char *entity);

/* Walks a hash-chained log ("audit_log" or "login_log"): 0 whole, 1 broken (rep names the first broken row), -1 error. */
typedef struct org_chain_report {
  char table[16];
  int64_t rows, broken_id;
  char broken_at[20], head[65], reason[200];
} org_chain_report;
int org_chain_verify(const char *table, org_chain_report *rep, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx);
int org_audit_cli(int argc, char **argv); /* `bureau audit verify|anchor` */

/* ---- passwords ---- */
/* 0 when acceptable; else a Chinese reason in msg. Pure apart from the embedded common-password list. */
int org_password_policy(const char *username, const char *pw, char *msg, size_t msglen);
/* The same with the configured minimum length and the person's name: at least two kinds of letters, digits and
 * symbols (upper and lower case are one kind); no username or name, no run of 4 equal characters, no 5 keys in a
 * row on the keyboard or alphabet, none of the organisation's words, not on the common list (also with trailing
 * digits and symbols removed). */
int org_password_policy_ex(int min_len, const char *username, const char *name, const char *pw, char *msg, size_t msglen);
int org_password_is_common(const char *pw);
/* Argon2id (libsodium, interactive limits), at most one hash per core at a time; these two wait for their turn
 * (command line, loaders). 0 ok. */
int org_password_hash(const char *pw, char out[128]);
int org_password_verify(const char *hash, const char *pw); /* 1 match, 0 not */
/* The bounded admission behind hashing: max_running at once, max_waiting more may wait (a non-blocking enter
 * for at most wait_ms); beyond that it answers -2 at once. 0 = admitted (call org_gate_leave). */
typedef struct org_gate { pthread_mutex_t mu; pthread_cond_t cv; unsigned running, waiting, max_running, max_waiting, wait_ms; } org_gate;
void org_gate_init(org_gate *g, unsigned max_running, unsigned max_waiting);
int org_gate_enter(org_gate *g, int blocking);
void org_gate_leave(org_gate *g);
unsigned org_gate_waiting(org_gate *g);
/* The same for request paths: -2 at once when the bounded queue is full (answer 503 busy). */
int org_password_hash_try(const char *pw, char out[128]);
int org_password_check(const char *hash, const char *pw); /* 1 match, 0 not, -2 busy */

/* ---- wiring ---- */
/* A permission in the catalogue the role editor shows: "module" (a menu group), "module:resource" (a page),
 * "module:resource:action" (what a route asks for), listed parents first. */
typedef struct org_perm_def { const char *code, *name; } org_perm_def;
/* Adds a module's permissions after org's own (call before serving). 0 ok. */
int org_register_perms(const org_perm_def *defs, size_t n);
/* Built-in roles' grants of a module's permissions: role is a built-in role's code, perms a space-separated list.
 * Register at start; org_grants_apply (called once before serving) gives each built-in role every registered
 * permission it was never given before, in one transaction, and remembers what it gave: a grant an administrator
 * later removes stays removed, a role created later by hand gets nothing, and no module needs a trigger on roles. */
typedef struct org_grant { const char *role, *perms; } org_grant;
int org_register_grants(const org_grant *grants, size_t n);
int org_grants_apply(void); /* 0 ok, -1 database error (logged) */
/* A module's own built-in role (code, name, data scope as in roles.data_scope, sort): org_grants_apply creates it when
 * no role has its code (builtin, so it cannot be deleted) before giving the registered grants. Register at start. */
typedef struct org_role_def { const char *code, *name, *data_scope; int sort; } org_role_def;
int org_register_roles(const org_role_def *defs, size_t n);
void org_register_routes(void);
/* Offers the staff count to the year's review (report.h; src/org/facts.c). */
void org_facts_register(void);
int org_auth_hook(req *r);
void org_auth_cache_clear(void); /* this thread's cache of permissions and scopes (tests, thread exit) */
/* Security settings the 安全管理员 edits (defaults = the values before they were settings). */
typedef struct org_security {
  int idle_timeout_min, lock_after, lock_minutes, pw_min_length, pw_history, pw_expiry_days;
} org_security;
/* The current settings (re-read from the database every few seconds; BUREAU_IDLE_MINUTES overrides the idle timeout). */
org_security org_security_get(void);
/* An audit row for a read or a refusal (no write transaction of its own needed; one is opened when none is). 0 ok. */
int org_audit_event(req *r, const char *action, const char *entity, int64_t entity_id, const char *summary);
/* A write from our own pages: an Origin header naming this host (browsers send one on every unsafe request). The
 * public writes without a session (login, self-check, ballots, owner appeals) check it themselves, as the session
 * writes do with their CSRF token. 1 ok, 0 refuse (ERR_CSRF). */
int org_origin_ok(req *r);
/* Reading a restricted record (sanctions, complaints about staff…) leaves a chained audit row. 0 ok. */
int org_audit_read(req *r, const char *entity, int64_t entity_id, const char *summary);
/* Settings read at serve time. */
extern unsigned org_idle_timeout_s, org_absolute_timeout_s;
extern int org_secure_cookie;

/* ---- 工作台 (GET /api/v1/workbench): each module registers its own cards; the page renders them without knowing the module ----
 * fill(r) answers the card's body for the caller, scoped by his data scope: an object holding any of
 *   "tiles": [{label, value, uom?, sub?, light?: "red"|"yellow"|"green"|"none", link?}],
 *   "items": [{title, sub?, light?, tag?, link?}], "more": {text, link},
 *   "chart": {type: "bar"|"line"|"pie", categories: [...], series: [{name, data: [...]}]},
 *   "alert": {type: "warning"|"error"|"info", text}, "empty": "text when nothing to show", "title" (overrides title),
 *   "kind": "dashboard" with "data" (the 系统概况 of /dashboard/summary);
 * json_null() when the card does not apply to this caller, NULL on a database error (the card shows 加载失败).
 * perm NULL: every signed-in user. Lower sort first. Register at start-up, before serving. 0 ok, -1 table full. */
typedef json_t *(*org_card_fill)(req *r);
int org_register_card(const char *key, const char *title, const char *perm, int sort, org_card_fill fill);
/* The 系统概况 (counts, logins by day, users by unit, recent operations): /dashboard/summary and the admin's card. */
json_t *org_dashboard_json(req *r);

/* The working-day calendar's overrides, for deadlines counted in working days (caller frees out->days). 0 ok. */
struct wd_cal;
int org_calendar_load(struct wd_cal *out);
int org_calendar_seed(void); /* the shipped holiday arrangements (data/holidays-YYYY.csv), for years with no entries */

/* Store helpers other modules may call. */
int org_unit_exists(int64_t id);
/* Who holds a role, for other modules (they never read org's role tables): a unit's head — its enabled 部门负责人
 * (dept_head), else its first enabled user — 0 when the unit has nobody, -1 on a database error. */
int64_t org_unit_head(int64_t unit_id);
/* The enabled users holding the built-in role `code` (e.g. "customer_manager") within the caller's data scope, as
 * [{id, name, username, unit_name}] by unit order and name; NULL on a database error. */
json_t *org_users_with_role(req *r, const char *code);
/* CLI: `bureau init`, `bureau user …`. */
int org_init_db(const char *admin_password_env, int demo, char *err, size_t errlen);
int org_user_cli(int argc, char **argv);
int org_demo_load(char *err, size_t errlen); /* the demo county; inside its own transaction */
int org_create_user_raw(const char *username, const char *name, int64_t unit_id, const char *position, const char *phone,
                        const char *pw_hash, int must_change, int64_t *id_out);
int64_t org_unit_id_by_code(const char *code);
int64_t org_role_id_by_code(const char *code);
int64_t org_user_id_by_username(const char *username); /* 0 when there is none (importers' lookups) */
void org_now(char out[20]);
#endif
