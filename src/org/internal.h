/* internal.h — shared between the org module's own files; other modules include org.h only. */
#ifndef ORG_INTERNAL_H
#define ORG_INTERNAL_H
#include "org/org.h"
#include "base/export.h"
#include "base/jv.h"

void org_auth_routes(void);
void org_units_routes(void);
void org_users_routes(void);
void org_roles_routes(void);
void org_logs_routes(void);
void org_calendar_routes(void);
void org_chain_routes(void);
void org_workbench_register(void); /* GET /workbench and org's own card */
int org_load_scope(int64_t user_id, int64_t unit_id, org_scope *out);

/* ---- store_grants.c: the SQL behind permissions and scope ---- */
#define ORG_MAX_ROLES 32
#define ORG_MAX_CUSTOM 4096
int org_store_unit_tree(org_unit_ref **out, size_t *n);                 /* caller frees *out; 0 ok */
/* A user's scope (with_disabled: disabled roles count too); caller frees out->units. 0 ok. */
int org_store_user_scope(int64_t user_id, int64_t unit_id, int with_disabled, org_scope *out);
int org_store_user_perms(int64_t user_id, int with_disabled, char ***out, size_t *n); /* free with org_perms_free */
void org_perms_free(char **perms, size_t n);
int64_t org_store_user_unit(int64_t user_id);                           /* 0 no such user, -1 error */
/* A role's data scope kind, custom units and perms (caller frees both arrays). 0 ok, 1 no such role, -1 error. */
int org_store_role_def(int64_t role_id, org_scope_kind *kind, int64_t **units, size_t *nunits, char ***perms, size_t *nperms);
int org_store_role_holders(int64_t role_id, int64_t **ids, int64_t **units, size_t *n); /* caller frees both */
int org_store_user_holds_role(int64_t user_id, int64_t role_id);        /* 1, 0, -1 error */

/* ---- grants.c: nobody hands out, or acts on someone holding, more than he has ---- */
/* Does the caller cover everything target holds (perms and scope, disabled roles included)? 0 yes; -1 no, with a
 * Chinese reason in msg; -2 database error. */
int org_target_check(req *r, int64_t target_id, char *msg, size_t msglen);
/* The same, answering 403 grant_out_of_scope (or 500) when not. 1 = covered. */
int org_target_within(req *r, int64_t target_id, const char *field);
/* Would a role (kind + custom units + perms) given to a user of unit_id stay within the caller's own? 0 yes, -1 no (msg). */
int org_role_def_check(req *r, const char *role_name, org_scope_kind kind, const int64_t *units, size_t nunits,
                       char *const *perms, size_t nperms, int64_t unit_id, char *msg, size_t msglen);

/* Appends a row to a hash-chained log (inside the caller's transaction). 0 ok. */
extern int org_chain_anchors_logged; /* off while the demo writes its back-dated history */
int org_chain_append(const char *table, const char *const *fields, size_t nfields, const char *insert_sql);
int org_login_log_at(const char *at, const char *username, int64_t user_id, const char *ip, const char *ua, int ok, const char *reason);

/* Begins a write transaction or answers 503. 0 ok. */
int org_tx_begin(req *r);
/* Commits, or rolls back and answers 500. 0 ok. */
int org_tx_commit(req *r);
/* Rolls back and answers 500 (a database error in the middle of a write). */
void org_tx_fail(req *r);

/* Units: the caller sees it (scope or own unit). */
int org_unit_visible(req *r, int64_t unit_id);
json_t *org_unit_get(int64_t id);
/* Every unit (id, parent_id, code, name, kind, enabled) or, with in_scope, those in the caller's scope plus his own. NULL on error. */
json_t *org_store_unit_options(req *r, int in_scope);
json_t *org_user_get_json(int64_t id);
/* Can the caller hand out this role? Checks its permissions and custom units lie within the caller's. */
int org_can_grant_role(req *r, int64_t role_id, const char *field);
/* The same without answering: 0 ok, else -1 with a Chinese reason in msg. Judged for the caller's own unit. */
int org_role_grant_check(req *r, int64_t role_id, char *msg, size_t msglen);
/* The same for a user of unit_id (the relative scopes 本单位 / 本单位及以下 reach what that unit reaches). */
int org_role_grant_check_for(req *r, int64_t role_id, int64_t unit_id, char *msg, size_t msglen);
const char *org_user_check(const char *username, const char *phone, char *msg, size_t msglen);
const char *org_unit_check(const char *code, const char *kind, char *msg, size_t msglen);
int64_t org_unit_insert(int64_t parent, const char *code, const char *name, const char *kind, int64_t sort, int *dup);
int org_set_user_roles(int64_t uid, const int64_t *roles, size_t n);
/* Ends every session of a user (roles changed, disabled, password reset). */
void org_end_sessions(int64_t user_id);
/* The permission catalogue (static tree). */
json_t *org_perm_catalogue(void);
int org_perm_known(const char *perm);

/* Built-in grants: gives role (if built-in) perm unless given before. Number of role_perms rows added, -1 error. */
int org_store_grant_give(const char *role, const char *perm);
/* Creates a built-in role when no role has its code: 1 created, 0 there already, -1 database error. */
int org_store_role_ensure(const char *code, const char *name, const char *data_scope, int sort);
/* Audit vocabulary: its route, and each listed row's action read as a registered code with its label. */
void org_actions_routes(void);
void org_audit_label_rows(json_t *items);
/* Logs loudly when a code written while serving is not registered (a module forgot org_register_audit_actions). */
void org_audit_action_check(const char *action);

/* ---- store_auth.c ---- */
typedef struct org_login_user { int64_t id; int enabled; char hash[160], username[64], pw_changed_at[20]; } org_login_user;
int org_store_login_user(const char *username, org_login_user *out); /* 1 found, 0 none, -1 error */
int org_store_user_hash(int64_t user_id, char hash[160]);
int64_t org_store_lock_until(const char *username, const char *ip);  /* unix time, 0 none, -1 error */
/* Counts a failure of (username, ip); locks at lock_after for lock_s. Returns the count (-1 error). */
int org_store_fail_count(const char *username, const char *ip, int64_t now, int lock_after, int64_t lock_s, int64_t *locked_until);
int org_store_fail_clear(const char *username, const char *ip); /* ip NULL = every source; rows removed or -1 */
json_t *org_store_locks(int64_t now);                            /* the live locks, newest first */
int org_store_login_ok(int64_t user_id, const char *at, int expire);
int64_t org_store_session_new(const char *token_hash, const char *public_id, const char *csrf, int64_t user_id, int64_t now, const char *ip, const char *ua);
int org_store_session_end(int64_t session_id);
int org_store_sessions_end_others(int64_t user_id, int64_t keep);
int org_store_pw_history(int64_t user_id, int n, char hashes[][160]); /* newest first; count or -1 */
int org_store_pw_set(int64_t user_id, const char *old_hash, const char *new_hash, const char *at, int keep);
int org_store_settings_load(org_security *out);
int org_store_setting_set(const char *key, int value);
int org_store_single_admin(void);
/* Shown by GET /org/security/status and on the admin's 工作台 card while one account holds all three 三员 roles. */
#define ORG_SINGLE_ADMIN_WARNING "当前由一名管理员同时担任系统管理员、安全管理员和审计管理员（单管理员模式）。等级保护要求三员分立：请为安全管理员、审计管理员各设专人。"
typedef struct org_session_row {
  int64_t sid, created, seen, uid, unit_id, epoch;
  int enabled, must_change;
  char csrf[64], username[64], name[64], unit_name[128];
} org_session_row;
int org_store_session_get(const char *token_hash, org_session_row *out); /* 1 found, 0 none, -1 error */
int org_store_session_touch(int64_t session_id, int64_t now);
json_t *org_store_user_roles_brief(int64_t user_id);                   /* [{id, code, name}] */
/* login.c / auth.c */
void org_login_routes(void);
void org_login_log(req *r, const char *username, int64_t user_id, int ok, const char *reason);
int org_origin_ok(req *r);
void org_user_free(void *p);
void org_set_cookie(req *r, const char *token, int clear);
json_t *org_caller_json(org_user *u);
json_t *org_clock_json(void); /* the bureau's clock for the browser */
int org_load_caller_perms(org_user *u);
/* security.c */
void org_security_routes(void);
void org_security_invalidate(void);
int org_password_policy_for(const char *username, const char *name, const char *pw, char *msg, size_t msglen);
#endif
