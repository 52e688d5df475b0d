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
int org_load_scope(int64_t user_id, int64_t unit_id, org_scope *out);

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
json_t *org_user_get_json(int64_t id);
/* Can the caller hand out this role? Checks its permissions and custom units lie within the caller's. */
int org_can_grant_role(req *r, int64_t role_id, const char *field);
/* The same without answering: 0 ok, else -1 with a Chinese reason in msg. */
int org_role_grant_check(req *r, int64_t role_id, char *msg, size_t msglen);
const char *org_user_check(const char *username, const char *phone, char *msg, size_t msglen);
const char *org_unit_check(const char *code, const char *kind, char *msg, size_t msglen);
int64_t org_unit_insert(int64_t parent, const char *code, const char *name, const char *kind, int64_t sort, int *dup);
int org_set_user_roles(int64_t uid, const int64_t *roles, size_t n);
/* Ends every session of a user (roles changed, disabled, password reset). */
void org_end_sessions(int64_t user_id);
/* The permission catalogue (static tree). */
json_t *org_perm_catalogue(void);
int org_perm_known(const char *perm);

/* Import of units and users: shared reading of the uploaded file. NULL = answered. */
struct tab;
struct tab *org_read_upload(req *r);
#endif
