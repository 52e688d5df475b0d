/* builtin_grants.c — modules' built-in grants: registered at start, given to the built-in roles once (org_grants_apply). */
#include "org/internal.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

#define MAX_GRANTS 256
static org_grant grants[MAX_GRANTS];
static size_t ngrants;

int org_register_grants(const org_grant *g, size_t n) {
  if (ngrants + n > MAX_GRANTS) { log_error("org_register_grants: more than %d grant lines", MAX_GRANTS); return -1; }
  memcpy(grants + ngrants, g, n * sizeof *g);
  ngrants += n;
  return 0;
}

#define MAX_ROLES 16
static org_role_def roles[MAX_ROLES];
static size_t nroles;

int org_register_roles(const org_role_def *d, size_t n) {
  if (nroles + n > MAX_ROLES) { log_error("org_register_roles: more than %d roles", MAX_ROLES); return -1; }
  memcpy(roles + nroles, d, n * sizeof *d);
  nroles += n;
  return 0;
}

/* Gives every registered (role, perm) pair not given before; 0 ok. */
static int give_all(int *given) {
  for (size_t i = 0; i < ngrants; i++) {
    const char *p = grants[i].perms;
    while (*p) {
      while (*p == ' ') p++;
      size_t len = strcspn(p, " ");
      if (!len) break;
      char perm[128];
      if (len >= sizeof perm) { log_error("grant %.*s: too long", (int)len, p); return -1; }
      memcpy(perm, p, len);
      perm[len] = 0;
      if (!org_perm_known(perm)) log_error("grant to %s: permission %s is not in the catalogue", grants[i].role, perm);
      int n = org_store_grant_give(grants[i].role, perm);
      if (n < 0) return -1;
      *given += n;
      p += len;
    }
  }
  return 0;
}

int org_grants_apply(void) {
  if (!ngrants && !nroles) return 0;
  if (db_begin() != DB_OK) { log_error("built-in grants: database busy"); return -1; }
  int given = 0;
  char sum[120];
  for (size_t i = 0; i < nroles; i++) {
    int made = org_store_role_ensure(roles[i].code, roles[i].name, roles[i].data_scope, roles[i].sort);
    if (made < 0) goto fail;
    snprintf(sum, sizeof sum, "新增内置角色 %.60s（%.30s）", roles[i].name, roles[i].code);
    if (made && org_audit(NULL, "org.role.create", "role", 0, sum, NULL, NULL)) goto fail;
  }
  if (give_all(&given)) goto fail;
  snprintf(sum, sizeof sum, "内置角色获得模块权限 %d 项", given);
  if (given && org_audit(NULL, "org.role.grant", "role", 0, sum, NULL, NULL)) goto fail;
  if (db_commit() != DB_OK) goto fail;
  if (given) log_info("built-in roles: %d module permissions given", given);
  return 0;
fail:
  log_error("built-in grants: %s", db_errmsg());
  db_rollback();
  return -1;
}
