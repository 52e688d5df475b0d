/* grants.c — the one rule behind every grant, edit, reset, disable and unlock: what the target holds (or would hold)
 * must lie within the caller's own permissions and data scope, data scope compared as the set of units it reaches. */
#include "org/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int org_role_def_check(req *r, const char *role_name, org_scope_kind kind, const int64_t *units, size_t nunits,
                       char *const *perms, size_t nperms, int64_t unit_id, char *msg, size_t msglen) {
  org_user *u = org_caller(r);
  const char *miss = org_perms_cover(u->perms, u->nperms, perms, nperms);
  if (miss) { snprintf(msg, msglen, "不能授予角色「%s」：它含有您自己没有的权限 %s", role_name, miss); return -1; }
  const org_scope *mine = org_caller_scope(r);
  if (!mine) { snprintf(msg, msglen, "数据库错误"); return -2; }
  org_unit_ref *tree;
  size_t nt;
  if (org_store_unit_tree(&tree, &nt)) { snprintf(msg, msglen, "数据库错误"); return -2; }
  org_role_scope rs = {kind, units, nunits};
  org_scope got;
  /* self_id 0: the role's "self" names no one in particular, so it is covered only through the unit. */
  int rc = org_scope_compute(tree, nt, unit_id, 0, &rs, 1, &got);
  free(tree);
  if (rc) { snprintf(msg, msglen, "内存不足"); return -2; }
  int ok = org_scope_covers(mine, &got, unit_id);
  free(got.units);
  if (!ok) {
    snprintf(msg, msglen, "不能授予角色「%s」：它的数据范围（%s）在该单位能看到的数据超出了您的数据范围", role_name,
             kind == SCOPE_ALL ? "全部" : kind == SCOPE_CUSTOM ? "自定义" : kind == SCOPE_UNIT ? "本单位" : kind == SCOPE_UNIT_BELOW ? "本单位及以下" : "仅本人");
    return -1;
  }
  return 0;
}

/* Can the caller hand role_id to a user of unit_id? 0 yes, -1 no (msg), -2 error. */
static int grant_check_for(req *r, int64_t role_id, int64_t unit_id, char *msg, size_t msglen) {
  org_scope_kind kind;
  int64_t *units;
  char **perms;
  size_t nu, np;
  int rc = org_store_role_def(role_id, &kind, &units, &nu, &perms, &np);
  if (rc == 1) { snprintf(msg, msglen, "角色 %lld 不存在", (long long)role_id); return -1; }
  if (rc < 0) { free(units); org_perms_free(perms, np); snprintf(msg, msglen, "数据库错误"); return -2; }
  char name[128];
  rc = org_role_def_check(r, org_store_role_name(role_id, name, sizeof name) > 0 ? name : "?", kind, units, nu, perms, np, unit_id, msg, msglen);
  free(units);
  org_perms_free(perms, np);
  return rc;
}

/* Without a target (the importer checks before the user exists): judged for the caller's own unit. */
int org_role_grant_check(req *r, int64_t role_id, char *msg, size_t msglen) {
  return grant_check_for(r, role_id, org_caller(r)->unit_id, msg, msglen) == 0 ? 0 : -1;
}

int org_role_grant_check_for(req *r, int64_t role_id, int64_t unit_id, char *msg, size_t msglen) {
  return grant_check_for(r, role_id, unit_id, msg, msglen) == 0 ? 0 : -1;
}

int org_can_grant_role(req *r, int64_t role_id, const char *field) {
  char msg[256];
  int rc = grant_check_for(r, role_id, org_caller(r)->unit_id, msg, sizeof msg);
  if (rc == 0) return 1;
  if (!r->answered) {
    if (rc == -2) http_error(r, ERR_INTERNAL, NULL, NULL);
    else http_error(r, strstr(msg, "不存在") ? ERR_INVALID : ERR_GRANT_SCOPE, field, "%s", msg);
  }
  return 0;
}

int org_target_check(req *r, int64_t target_id, char *msg, size_t msglen) {
  org_user *u = org_caller(r);
  int64_t unit = org_store_user_unit(target_id);
  if (unit < 0) { snprintf(msg, msglen, "数据库错误"); return -2; }
  if (unit == 0) { snprintf(msg, msglen, "用户不存在"); return -1; }
  char **perms;
  size_t np;
  if (org_store_user_perms(target_id, 1, &perms, &np)) { snprintf(msg, msglen, "数据库错误"); return -2; }
  const char *miss = org_perms_cover(u->perms, u->nperms, perms, np);
  if (miss) {
    snprintf(msg, msglen, "该用户拥有您自己没有的权限 %s，您不能对其进行此操作", miss);
    org_perms_free(perms, np);
    return -1;
  }
  org_perms_free(perms, np);
  const org_scope *mine = org_caller_scope(r);
  org_scope theirs;
  if (!mine || org_store_user_scope(target_id, unit, 1, &theirs)) { snprintf(msg, msglen, "数据库错误"); return -2; }
  int ok = org_scope_covers(mine, &theirs, unit);
  free(theirs.units);
  if (!ok) { snprintf(msg, msglen, "该用户的数据范围超出了您的数据范围，您不能对其进行此操作"); return -1; }
  return 0;
}

int org_target_within(req *r, int64_t target_id, const char *field) {
  char msg[256];
  int rc = org_target_check(r, target_id, msg, sizeof msg);
  if (rc == 0) return 1;
  if (!r->answered) {
    if (rc == -2) http_error(r, ERR_INTERNAL, NULL, NULL);
    else http_error(r, ERR_GRANT_SCOPE, field, "%s", msg);
  }
  return 0;
}
