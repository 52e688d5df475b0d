/* internal.h — shared between the org module's own files; other modules include org.h only. */
#ifndef ORG_INTERNAL_H
#define ORG_INTERNAL_H
#include "org/org.h"
#include "base/export.h"
#include "base/jv.h"
#include <time.h>

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
int org_chain_append(const char *table, const char *const *fields, size_t nfields);
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
/* ---- store_roles.c: 角色管理 ---- */
json_t *org_store_role_get(int64_t id);   /* the role as JSON (perms, unit_ids, user_count); NULL none or error */
json_t *org_store_roles_all(void);        /* every role, by sort; NULL on error */
int64_t org_store_role_holders_outside(req *r, int64_t role_id); /* holders outside the caller's scope; -1 error */
/* A role's fields; NULL (has_* 0) leaves a column as it is on update. */
typedef struct org_role_row { const char *code, *name, *data_scope, *remark; int64_t sort; int has_sort, enabled, has_enabled; } org_role_row;
int64_t org_store_role_insert(const org_role_row *v, const char *at); /* new id; 0 code taken; -1 error */
int org_store_role_update(int64_t id, const org_role_row *v, const char *at); /* 0 ok, 1 code taken, -1 error */
/* Replaces the role's permissions (hp) and custom units (hu). 0 ok, -1 error. */
int org_store_role_sets(int64_t id, const char **perms, size_t np, int hp, const int64_t *units, size_t nu, int hu);
int org_store_role_delete(int64_t id);    /* 0 ok, -1 error */

/* ---- store_units.c: 单位管理 ---- */
/* The caller's units (scope plus his own), like: a LIKE pattern or NULL, enabled: 1, 0 or -1 any. NULL on error. */
json_t *org_store_units_list(req *r, const char *like, int enabled);
/* The paths of a unit and of its new parent (a move). 0 ok, -1 either missing or error. */
int org_store_unit_paths(int64_t id, int64_t parent, char *oldp, size_t oldlen, char *parp, size_t parlen);
int org_store_unit_repath(const char *newp, const char *oldp); /* every path under oldp now under newp; 0 ok, -1 error */
/* A unit's fields; NULL (has_* 0) leaves a column as it is. */
typedef struct org_unit_row { int has_parent; int64_t parent; const char *code, *name, *kind; int has_sort; int64_t sort; int has_enabled, enabled; } org_unit_row;
int org_store_unit_update(int64_t id, const org_unit_row *v, const char *at); /* 0 ok, 1 code taken, -1 error */
int64_t org_store_unit_refs(int64_t id);   /* child units + users + custom-scope roles naming it; -1 error */
int org_store_unit_delete(int64_t id);     /* 0 ok, 1 still referenced, -1 error */

/* ---- store_users.c: 用户管理 ---- */
int org_store_user_visible(req *r, int64_t id);  /* 1 in the caller's scope, 0 not, -1 error */
time_t org_store_users_next_unlock(void);         /* when the first live lock runs out; 0 none */
/* The list's filters: like (LIKE pattern) and status NULL, unit and role 0 for any; sort an index into the list's sort columns. */
typedef struct org_users_q { const char *like; int64_t unit; int below; const char *status; int64_t role; int sort, desc; } org_users_q;
int64_t org_store_users_count(req *r, const org_users_q *q);  /* -1 error */
char *org_store_users_page(req *r, const org_users_q *q, int64_t total, int64_t size, int64_t offset, size_t *len); /* NULL error */
json_t *org_store_users_all(req *r, const org_users_q *q);    /* every row for an export; NULL error */
int org_store_user_created_by(int64_t id, int64_t by);        /* 0 ok, -1 error */
/* A user's fields; NULL (unit 0) leaves a column as it is. */
typedef struct org_user_row { const char *name; int64_t unit; const char *position, *phone, *status; } org_user_row;
int org_store_user_update(int64_t id, const org_user_row *v, const char *at);   /* 0 ok, -1 error */
int org_store_user_reset_password(int64_t id, const char *hash, const char *at); /* must change it (at NULL: updated_at kept); 0 ok, -1 error */
/* Every user for `bureau user list`: username, name, unit, position, status, roles; and whether locked. 0 ok, -1 error. */
int org_store_users_each(void (*row)(void *ctx, const char *const *f, int locked), void *ctx);
int org_store_role_name(int64_t id, char *name, size_t len);  /* 1 found, 0 none, -1 error */
json_t *org_store_login_me(int64_t user_id);  /* username, name, unit_id, must (b_), unit_name of a signed-in user */

/* ---- store_logs.c: 操作日志, 登录日志, 在线用户, the 首页 counts ---- */
/* A log list's filters (NULL = any); to is inclusive ("YYYY-MM-DD 23:59:59"); sort 0 id, 1 at. */
typedef struct org_log_q {
  const char *q, *username, *action, *entity, *ok, *from, *to, *legacy_action, *legacy_entity;
  int sort, desc;
} org_log_q;
/* A page of rows; with total, the count of all matching. NULL on error. */
json_t *org_store_audit_rows(const org_log_q *q, int64_t limit, int64_t offset, int64_t *total);
json_t *org_store_login_rows(const org_log_q *q, int64_t limit, int64_t offset, int64_t *total);
json_t *org_store_sessions_live(int64_t current, int64_t since); /* sessions seen after since (unix time) */
int org_store_session_by_public(const char *public_id, int64_t *sid, char *username, size_t ulen); /* 1, 0 none, -1 error */
int64_t org_store_count_units_enabled(void);
int64_t org_store_count_users(req *r, int enabled_only); /* within the caller's data scope; -1 on error */
int64_t org_store_count_logins(const char *since, int ok);
int64_t org_store_count_online(int64_t since);
void org_store_logins_between(const char *from, const char *to, int64_t *ok, int64_t *bad); /* zeros on error */
json_t *org_store_users_by_unit(req *r); /* the 20 units with most users, counting those in the caller's scope */
json_t *org_store_audit_recent(void);   /* the last 10 audit rows */

/* ---- store_chain.c: the hash-chained logs (table: "audit_log" or "login_log") ---- */
int64_t org_store_chain_count(const char *table);   /* its rows; NULL: both logs' together; 0 on error */
void org_store_chain_start(const char *table, char prev[65]); /* the hash the live chain starts from, if archived */
/* Walks the rows in id order; row's non-zero answer stops and is returned. 0 walked, -1 error. */
int org_store_chain_rows(const char *table, int (*row)(void *ctx, int64_t id, const char *prev, const char *hash, const char *const *fields, size_t nf),
                         void *ctx);
/* Each day's last audit hash and row count (day NULL: every day). Number of days, -1 error. */
int org_store_audit_anchors(const char *day, void (*row)(void *ctx, const char *d, const char *hash, int64_t n), void *ctx);
int org_store_archive_attach(const char *out);      /* outside a transaction; 0 ok */
void org_store_archive_detach(void);
/* Inside the archive's transaction: moves one log's rows before the date to the attached file. 0 ok, -1 error. */
int org_store_archive_table(int login, const char *before, const char *out, int64_t *moved);

/* The last row's hash and day ("YYYY-MM-DD"; the zero hash and "" when empty). 0 ok, -1 error. */
int org_store_chain_last(const char *table, char prev[65], char prev_day[11]);
/* Appends a row: its fields in the hashed order, then prev_hash and hash. 0 ok, -1 error. */
int org_store_chain_insert(const char *table, const char *const *fields, size_t nfields, const char *prev, const char *hash);

/* ---- store_calendar.c: 工作日历 (days as "YYYY-MM-DD", year as "YYYY") ---- */
int org_store_calendar_upsert(const char *day, const char *kind, const char *name); /* 0 ok, -1 error */
int64_t org_store_calendar_year_count(const char *year); /* -1 error */
json_t *org_store_calendar_year(const char *year);       /* the year's days; NULL error */
json_t *org_store_calendar_day(const char *day);         /* NULL when the day has no entry */
int org_store_calendar_delete(const char *day);          /* 0 ok, -1 error */

/* login.c / auth.c */
void org_login_routes(void);
void org_login_log(req *r, const char *username, int64_t user_id, int ok, const char *reason);
void org_user_free(void *p);
void org_set_cookie(req *r, const char *token, int clear);
json_t *org_caller_json(org_user *u);
json_t *org_clock_json(void); /* the bureau's clock for the browser */
int org_load_caller_perms(org_user *u);
/* security.c */
void org_security_routes(void);
void org_security_invalidate(void);
int org_password_policy_for(const char *username, const char *name, const char *pw, char *msg, size_t msglen);
/* ---- store_facts.c: the year's review ---- */
int org_store_facts_staff(int year, int64_t unit_id, int64_t *staff); /* enabled staff of unit_id's subtree (0 all) at the end of year; 0 ok */

#endif
