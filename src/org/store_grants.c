/* store_grants.c — the SQL behind permissions and data scope: the unit tree, a user's roles, perms and scope,
 * a role's holders. Typed functions only; the rules live in grants.c and org.c. */
#include "org/internal.h"
#include <stdlib.h>
#include <string.h>

int org_store_unit_tree(org_unit_ref **out, size_t *n) {
  *out = NULL;
  *n = 0;
  db_stmt *s = db_prepare("SELECT id, COALESCE(parent_id,0) FROM units");
  if (!s) return -1;
  size_t cap = 0;
  while (db_step(s) == DB_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 64;
      org_unit_ref *m = realloc(*out, cap * sizeof *m);
      if (!m) { free(*out); *out = NULL; db_reset(s); return -1; }
      *out = m;
    }
    (*out)[*n].id = db_col_int(s, 0);
    (*out)[*n].parent_id = db_col_int(s, 1);
    (*n)++;
  }
  return 0;
}

/* The roles' scopes of one user. with_disabled: count disabled roles too (they can be enabled again). */
static int load_role_scopes(int64_t user_id, int with_disabled, org_role_scope *roles, size_t *nr, int64_t *custom, size_t ccap) {
  int64_t ids[ORG_MAX_ROLES];
  size_t nc = 0;
  *nr = 0;
  db_stmt *s = db_prepare("SELECT r.id, r.data_scope FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND (?2 OR r.enabled = 1)"
                          " WHERE ur.user_id = ?1 LIMIT 64");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, with_disabled);
  while (db_step(s) == DB_ROW) {
    if (*nr == ORG_MAX_ROLES) continue;
    ids[*nr] = db_col_int(s, 0);
    int k = org_scope_kind_parse(db_col_text(s, 1));
    roles[*nr] = (org_role_scope){k < 0 ? SCOPE_SELF : (org_scope_kind)k, NULL, 0};
    (*nr)++;
  }
  for (size_t i = 0; i < *nr; i++) {
    if (roles[i].kind != SCOPE_CUSTOM) continue;
    int64_t *start = custom + nc;
    size_t cnt = 0;
    s = db_prepare("SELECT unit_id FROM role_units WHERE role_id = ?");
    if (!s) return -1;
    db_bind_int(s, 1, ids[i]);
    while (db_step(s) == DB_ROW)
      if (nc < ccap) { custom[nc++] = db_col_int(s, 0); cnt++; }
    roles[i].custom_units = start;
    roles[i].ncustom = cnt;
  }
  return 0;
}

int org_store_user_scope(int64_t user_id, int64_t unit_id, int with_disabled, org_scope *out) {
  org_unit_ref *units;
  size_t nu;
  if (org_store_unit_tree(&units, &nu)) return -1;
  org_role_scope roles[ORG_MAX_ROLES];
  int64_t *custom = malloc(ORG_MAX_CUSTOM * sizeof *custom);
  size_t nr = 0;
  int rc = -1;
  if (custom && load_role_scopes(user_id, with_disabled, roles, &nr, custom, ORG_MAX_CUSTOM) == 0)
    rc = org_scope_compute(units, nu, unit_id, user_id, roles, nr, out);
  free(custom);
  free(units);
  return rc;
}

int org_load_scope(int64_t user_id, int64_t unit_id, org_scope *out) { return org_store_user_scope(user_id, unit_id, 0, out); }

int org_store_user_perms(int64_t user_id, int with_disabled, char ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  db_stmt *s = db_prepare("SELECT DISTINCT rp.perm FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND (?2 OR r.enabled = 1)"
                          " JOIN role_perms rp ON rp.role_id = r.id WHERE ur.user_id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, with_disabled);
  size_t cap = 0;
  while (db_step(s) == DB_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      char **m = realloc(*out, cap * sizeof *m);
      if (!m) { db_reset(s); org_perms_free(*out, *n); *out = NULL; *n = 0; return -1; }
      *out = m;
    }
    char *p = strdup(db_col_text(s, 0));
    if (p) (*out)[(*n)++] = p;
  }
  return 0;
}

void org_perms_free(char **perms, size_t n) {
  for (size_t i = 0; i < n; i++) free(perms[i]);
  free(perms);
}

int64_t org_store_user_unit(int64_t user_id) {
  db_stmt *s = db_prepare("SELECT unit_id FROM users WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  int64_t u = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return u;
}

int org_store_role_def(int64_t role_id, org_scope_kind *kind, int64_t **units, size_t *nunits, char ***perms, size_t *nperms) {
  *units = NULL;
  *nunits = 0;
  *perms = NULL;
  *nperms = 0;
  db_stmt *s = db_prepare("SELECT data_scope FROM roles WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, role_id);
  if (db_step(s) != DB_ROW) return 1;
  int k = org_scope_kind_parse(db_col_text(s, 0));
  *kind = k < 0 ? SCOPE_SELF : (org_scope_kind)k;
  db_reset(s);
  s = db_prepare("SELECT unit_id FROM role_units WHERE role_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, role_id);
  size_t cap = 0;
  while (db_step(s) == DB_ROW) {
    if (*nunits == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *m = realloc(*units, cap * sizeof *m);
      if (!m) { db_reset(s); return -1; }
      *units = m;
    }
    (*units)[(*nunits)++] = db_col_int(s, 0);
  }
  s = db_prepare("SELECT perm FROM role_perms WHERE role_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, role_id);
  cap = 0;
  while (db_step(s) == DB_ROW) {
    if (*nperms == cap) {
      cap = cap ? cap * 2 : 16;
      char **m = realloc(*perms, cap * sizeof *m);
      if (!m) { db_reset(s); return -1; }
      *perms = m;
    }
    char *p = strdup(db_col_text(s, 0));
    if (p) (*perms)[(*nperms)++] = p;
  }
  return 0;
}

int org_store_role_holders(int64_t role_id, int64_t **ids, int64_t **units, size_t *n) {
  *ids = NULL;
  *units = NULL;
  *n = 0;
  db_stmt *s = db_prepare("SELECT u.id, u.unit_id FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE ur.role_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, role_id);
  size_t cap = 0;
  while (db_step(s) == DB_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *a = realloc(*ids, cap * sizeof *a);
      if (a) *ids = a;
      int64_t *b = realloc(*units, cap * sizeof *b);
      if (b) *units = b;
      if (!a || !b) { db_reset(s); return -1; }
    }
    (*ids)[*n] = db_col_int(s, 0);
    (*units)[*n] = db_col_int(s, 1);
    (*n)++;
  }
  return 0;
}

int org_store_user_holds_role(int64_t user_id, int64_t role_id) {
  db_stmt *s = db_prepare("SELECT 1 FROM user_roles WHERE user_id = ? AND role_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user_id);
  db_bind_int(s, 2, role_id);
  int held = db_step(s) == DB_ROW;
  db_reset(s);
  return held;
}
