/* cli.c — `bureau user add|passwd|unlock|list`: administration from the shell, through the same store code as the API. */
#include "org/internal.h"
#include "base/util.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "用法 / usage:\n"
          "  bureau user list [--db FILE]                         列出用户 / list users\n"
          "  bureau user add USERNAME --name 姓名 --unit 单位编码 [--role 角色编码]... [--position 职务] [--phone 手机号]\n"
          "                                                       新增用户（初始密码打印一次）/ add a user (password printed once)\n"
          "  bureau user passwd USERNAME                          重置密码（新密码取自 BUREAU_PASSWORD，否则随机生成）\n"
          "                                                       reset the password (from BUREAU_PASSWORD, else random)\n"
          "  bureau user unlock USERNAME                          解除锁定 / unlock after failed logins\n");
}

static void list_row(void *ctx, const char *const *f, int locked) {
  (void)ctx;
  printf("%-20s %-8s %-20s %-16s %-8s %s\n", f[0], f[1], f[2], f[3], locked ? "锁定" : strcmp(f[4], "enabled") == 0 ? "正常" : "停用", f[5]);
}

int org_user_cli(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) { usage(argc < 2 ? stderr : stdout); return argc < 2 ? 2 : 0; }
  const char *sub = argv[1];
  if (strcmp(sub, "list") == 0) {
    printf("%-20s %-8s %-20s %-16s %-8s %s\n", "用户名", "姓名", "单位", "职务", "状态", "角色");
    return org_store_users_each(list_row, NULL) ? 1 : 0;
  }
  if (argc < 3) { usage(stderr); return 2; }
  const char *username = argv[2];
  if (strcmp(sub, "add") == 0) {
    const char *name = NULL, *unit = NULL, *position = "", *phone = "";
    const char *roles[8];
    size_t nroles = 0;
    static const struct option opts[] = {{"name", required_argument, 0, 'n'}, {"unit", required_argument, 0, 'u'}, {"role", required_argument, 0, 'r'},
                                         {"position", required_argument, 0, 'p'}, {"phone", required_argument, 0, 't'}, {0, 0, 0, 0}};
    optind = 3;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
      if (c == 'n') name = optarg;
      else if (c == 'u') unit = optarg;
      else if (c == 'r' && nroles < 8) roles[nroles++] = optarg;
      else if (c == 'p') position = optarg;
      else if (c == 't') phone = optarg;
      else { usage(stderr); return 2; }
    }
    char msg[200];
    if (!name || !unit) { fprintf(stderr, "需要 --name 和 --unit\n"); return 2; }
    if (org_user_check(username, phone, msg, sizeof msg)) { fprintf(stderr, "%s\n", msg); return 2; }
    int64_t uid = org_unit_id_by_code(unit);
    if (!uid) { fprintf(stderr, "单位编码 %s 不存在\n", unit); return 2; }
    int64_t rids[8];
    for (size_t i = 0; i < nroles; i++)
      if (!(rids[i] = org_role_id_by_code(roles[i]))) { fprintf(stderr, "角色编码 %s 不存在\n", roles[i]); return 2; }
    char pw[13], hash[128];
    util_temp_password(pw);
    if (org_password_hash(pw, hash) || db_begin() != DB_OK) return 1;
    int64_t id;
    int rc = org_create_user_raw(username, name, uid, position, phone, hash, 1, &id);
    if (rc == 1) { db_rollback(); fprintf(stderr, "用户名 %s 已存在\n", username); return 1; }
    char sum[200];
    snprintf(sum, sizeof sum, "命令行新增用户 %s（%s）", username, name);
    if (rc || org_set_user_roles(id, rids, nroles) || org_audit(NULL, "org.user.create", "user", id, sum, NULL, NULL) || db_commit() != DB_OK) {
      db_rollback();
      fprintf(stderr, "保存失败: %s\n", db_errmsg());
      return 1;
    }
    printf("已新增用户 %s，初始密码（首次登录须修改）: %s\n", username, pw);
    return 0;
  }
  int64_t id = org_user_id_by_username(username);
  if (!id) { fprintf(stderr, "用户 %s 不存在\n", username); return 1; }
  if (strcmp(sub, "passwd") == 0) {
    const char *pw = getenv("BUREAU_PASSWORD");
    char gen[13], hash[128], msg[200];
    if (pw && *pw && org_password_policy(username, pw, msg, sizeof msg)) { fprintf(stderr, "%s\n", msg); return 2; }
    if (!pw || !*pw) { util_temp_password(gen); pw = gen; }
    if (org_password_hash(pw, hash) || db_begin() != DB_OK) return 1;
    if (org_store_fail_clear(username, NULL) < 0) { db_rollback(); return 1; }
    char sum[200];
    snprintf(sum, sizeof sum, "命令行重置用户 %s 的密码", username);
    if (org_store_user_reset_password(id, hash, NULL)) { db_rollback(); return 1; }
    org_end_sessions(id);
    if (org_audit(NULL, "org.user.reset_password", "user", id, sum, NULL, NULL) || db_commit() != DB_OK) { db_rollback(); return 1; }
    if (pw == gen) printf("用户 %s 的新密码（首次登录须修改）: %s\n", username, pw);
    else printf("用户 %s 的密码已重置（首次登录须修改）\n", username);
    return 0;
  }
  if (strcmp(sub, "unlock") == 0) {
    if (db_begin() != DB_OK) return 1;
    char sum[200];
    snprintf(sum, sizeof sum, "命令行解锁用户 %s", username);
    /* Every source's lock on the account goes. */
    if (org_store_fail_clear(username, NULL) < 0 || org_audit(NULL, "org.user.unlock", "user", id, sum, NULL, NULL) || db_commit() != DB_OK) { db_rollback(); return 1; }
    printf("用户 %s 已解锁\n", username);
    return 0;
  }
  usage(stderr);
  return 2;
}
