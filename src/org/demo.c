/* demo.c — the first admin, the built-in roles, and the demo county (`bureau init --demo`): units, about 100 staff
 * with Chinese names and realistic roles, as a county tobacco bureau (专卖局/营销部) is organised. The built-in roles
 * come from the migration src/org/schema/002_builtin_roles.sql. */
#include "org/internal.h"
#include "base/log.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t count_of(const char *sql) {
  db_stmt *s = db_prepare(sql);
  int64_t n = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int org_init_db(const char *admin_pw, int demo, char *err, size_t errlen) {
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  int fail = org_calendar_seed() != 0;
  int dup;
  if (!fail && !org_unit_id_by_code("JU")) fail = !org_unit_insert(0, "JU", "县烟草专卖局（营销部）", "局", 0, &dup);
  char generated[13] = "";
  if (!fail && count_of("SELECT count(*) FROM users") == 0) {
    if (!admin_pw || !*admin_pw) { util_temp_password(generated); admin_pw = generated; }
    char msg[200];
    if (!generated[0] && org_password_policy("admin", admin_pw, msg, sizeof msg)) {
      db_rollback();
      snprintf(err, errlen, "BUREAU_ADMIN_PASSWORD 不符合密码规则：%s", msg);
      return -1;
    }
    char hash[128];
    int64_t id;
    fail = org_password_hash(admin_pw, hash) || org_create_user_raw("admin", "系统管理员", org_unit_id_by_code("JU"), "系统管理员", "", hash, generated[0] != 0, &id) ||
           /* One administrator by choice until the 安全管理员 and 审计管理员 are given to their own people (三员分立). */
           org_set_user_roles(id, (int64_t[]){org_role_id_by_code("admin"), org_role_id_by_code("secadmin"), org_role_id_by_code("auditor")}, 3);
    if (!fail) fail = org_audit(NULL, "org.user.create", "user", id, "初始化：创建系统管理员 admin", NULL, NULL);
    if (!fail && generated[0])
      printf("系统管理员 admin 的初始密码（只显示这一次，首次登录后须修改）: %s\n", generated);
  }
  if (fail) { db_rollback(); snprintf(err, errlen, "初始化失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  if (demo && !org_unit_id_by_code("BGS")) return org_demo_load(err, errlen);
  return 0;
}

/* ---- the demo county ---- */
static const struct { const char *code, *name, *kind, *parent; int sort; } demo_units[] = {
  {"JLD", "局领导", "部门", "JU", 1},
  {"BGS", "办公室", "部门", "JU", 2},
  {"CWK", "财务科", "部门", "JU", 3},
  {"NGK", "内管科", "部门", "JU", 4},
  {"SCB", "市场部（营销）", "部门", "JU", 5},
  {"SCB-CQ", "城区片区", "片区", "SCB", 1},
  {"SCB-DB", "东部片区", "片区", "SCB", 2},
  {"SCB-XB", "西部片区", "片区", "SCB", 3},
  {"SCB-NB", "南部片区", "片区", "SCB", 4},
  {"CQS", "城区专卖管理所", "所", "JU", 6},
  {"LTS", "龙潭专卖管理所", "所", "JU", 7},
  {"SMS", "石门专卖管理所", "所", "JU", 8},
  {"JCD", "稽查队", "队", "JU", 9},
  {"WLZX", "物流中心", "部门", "JU", 10},
};

static const char *const sn[][2] = {{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
  {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"},
  {"罗", "luo"}, {"郑", "zheng"}, {"汪", "wang"}, {"方", "fang"}, {"余", "yu"}, {"叶", "ye"}, {"程", "cheng"}, {"邵", "shao"}, {"毛", "mao"},
  {"姜", "jiang"}, {"祝", "zhu"}, {"童", "tong"}, {"严", "yan"}};
static const char *const gn[][2] = {{"伟", "wei"}, {"芳", "fang"}, {"敏", "min"}, {"静", "jing"}, {"丽华", "lihua"}, {"强", "qiang"}, {"磊", "lei"},
  {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"秀英", "xiuying"},
  {"建华", "jianhua"}, {"慧", "hui"}, {"建国", "jianguo"}, {"志强", "zhiqiang"}, {"晓燕", "xiaoyan"}, {"海涛", "haitao"}, {"丹", "dan"}, {"鹏", "peng"},
  {"婷", "ting"}, {"俊", "jun"}, {"斌", "bin"}, {"飞", "fei"}, {"宇航", "yuhang"}, {"浩", "hao"}, {"凯", "kai"}, {"玲", "ling"}, {"红梅", "hongmei"},
  {"文斌", "wenbin"}, {"晨", "chen"}, {"佳怡", "jiayi"}, {"子涵", "zihan"}, {"国庆", "guoqing"}, {"卫东", "weidong"}, {"春燕", "chunyan"}, {"立新", "lixin"}};

/* unit, how many, position, role; the first of a unit's group may have its own position (its head). */
static const struct { const char *unit, *head, *head_role; int n; const char *position, *role; } staffing[] = {
  {"JLD", "局长（经理）", "leader", 1, "局长（经理）", "leader"},
  {"JLD", "党组书记", "leader", 1, "党组书记", "leader"},
  {"JLD", "副局长（副经理）", "leader", 2, "副局长（副经理）", "leader"},
  {"JLD", "纪检组长", "discipline", 1, "纪检组长", "discipline"},
  {"BGS", "办公室主任", "dept_head", 9, "综合管理员", "staff"},
  {"CWK", "财务科科长", "dept_head", 5, "会计", "staff"},
  {"NGK", "内管科科长", "dept_head", 4, "内管专员", "discipline"},
  {"SCB", "市场部主任", "dept_head", 5, "市场经理", "staff"},
  {"SCB-CQ", "片区主管", "dept_head", 7, "客户经理", "customer_manager"},
  {"SCB-DB", "片区主管", "dept_head", 6, "客户经理", "customer_manager"},
  {"SCB-XB", "片区主管", "dept_head", 6, "客户经理", "customer_manager"},
  {"SCB-NB", "片区主管", "dept_head", 5, "客户经理", "customer_manager"},
  {"CQS", "所长", "dept_head", 11, "专管员", "inspector"},
  {"LTS", "所长", "dept_head", 7, "专管员", "inspector"},
  {"SMS", "所长", "dept_head", 7, "专管员", "inspector"},
  {"JCD", "稽查队队长", "dept_head", 9, "稽查员", "inspector"},
  {"WLZX", "物流中心主任", "dept_head", 13, "送货员", "staff"},
};

/* Two weeks of believable sign-ins: most staff log in on working days around 8 o'clock, a few mistype first. */
static int demo_logins(void) {
  static const char *const agents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44"};
  time_t now = util_now();
  unsigned seed = 777;
  for (int back = 14; back >= 1; back--) {
    time_t day = now - (time_t)back * 86400;
    struct tm tm;
    localtime_r(&day, &tm);
    int weekend = tm.tm_wday == 0 || tm.tm_wday == 6;
    db_stmt *s = db_prepare("SELECT id, username FROM users WHERE username <> 'admin' ORDER BY id");
    if (!s) return -1;
    struct { int64_t id; char name[40]; } who[256];
    int n = 0;
    while (db_step(s) == DB_ROW && n < 256) {
      who[n].id = db_col_int(s, 0);
      snprintf(who[n].name, sizeof who[n].name, "%s", db_col_text(s, 1));
      n++;
    }
    int minute = 0;
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned roll = (seed >> 16) % 100;
      if (roll >= (weekend ? 8u : 72u)) continue;
      minute += 1 + (int)((seed >> 8) % 2);
      char at[20], ip[20];
      struct tm t2 = tm;
      t2.tm_hour = 7 + (50 + minute % 150) / 60;
      t2.tm_min = (50 + minute % 150) % 60;
      t2.tm_sec = (int)((seed >> 4) % 60);
      strftime(at, sizeof at, "%Y-%m-%d %H:%M:%S", &t2);
      snprintf(ip, sizeof ip, "10.18.%u.%u", 1 + (unsigned)(who[i].id % 6), 20 + (unsigned)(who[i].id % 200));
      const char *ua = agents[(seed >> 12) % 3];
      if (roll % 11 == 0 && org_login_log_at(at, who[i].name, who[i].id, ip, ua, 0, "密码错误")) return -1;
      if (org_login_log_at(at, who[i].name, who[i].id, ip, ua, 1, "登录成功")) return -1;
      db_stmt *u = db_prepare("UPDATE users SET last_login_at = ? WHERE id = ?");
      db_bind_text(u, 1, at);
      db_bind_int(u, 2, who[i].id);
      if (db_step(u) != DB_DONE) return -1;
    }
  }
  return 0;
}

int org_demo_load(char *err, size_t errlen) {
  const char *pw = getenv("BUREAU_DEMO_PASSWORD");
  char generated[13] = "";
  if (!pw || !*pw) { util_temp_password(generated); pw = generated; }
  char hash[128];
  if (org_password_hash(pw, hash)) { snprintf(err, errlen, "密码哈希失败"); return -1; }
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  int fail = 0, dup;
  for (size_t i = 0; !fail && i < sizeof demo_units / sizeof demo_units[0]; i++)
    fail = !org_unit_insert(org_unit_id_by_code(demo_units[i].parent), demo_units[i].code, demo_units[i].name, demo_units[i].kind, demo_units[i].sort, &dup);
  unsigned seed = 20230101;
  int users = 0, serial = 0;
  for (size_t g = 0; !fail && g < sizeof staffing / sizeof staffing[0]; g++) {
    int64_t unit = org_unit_id_by_code(staffing[g].unit);
    for (int k = 0; !fail && k < staffing[g].n; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t a = (seed >> 16) % (sizeof sn / sizeof sn[0]);
      seed = seed * 1103515245u + 12345u;
      size_t b = (seed >> 16) % (sizeof gn / sizeof gn[0]);
      char name[32], uname[40], phone[16];
      snprintf(name, sizeof name, "%s%s", sn[a][0], gn[b][0]);
      snprintf(uname, sizeof uname, "%s%s", sn[a][1], gn[b][1]);
      for (int n = 2;; n++) {
        db_stmt *s = db_prepare("SELECT 1 FROM users WHERE username = ?");
        db_bind_text(s, 1, uname);
        int taken = db_step(s) == DB_ROW;
        db_reset(s);
        if (!taken) break;
        snprintf(uname, sizeof uname, "%s%s%d", sn[a][1], gn[b][1], n);
      }
      serial++;
      snprintf(phone, sizeof phone, "13%d%08d", 5 + serial % 5, 57000000 + serial * 7919 % 1000000);
      int head = k == 0 && staffing[g].head;
      const char *pos = head ? staffing[g].head : staffing[g].position;
      const char *role = head ? staffing[g].head_role : staffing[g].role;
      int64_t id;
      fail = org_create_user_raw(uname, name, unit, pos, phone, hash, 0, &id) != 0;
      if (!fail) fail = org_set_user_roles(id, (int64_t[]){org_role_id_by_code(role)}, 1);
      users++;
    }
  }
  org_chain_anchors_logged = 0;
  if (!fail) fail = demo_logins();
  org_chain_anchors_logged = 1;
  if (!fail) fail = org_audit(NULL, "org.demo.load", "demo", 0, "载入演示县局：单位与人员", NULL, NULL);
  if (fail) { db_rollback(); snprintf(err, errlen, "演示数据载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("演示县局已载入：%zu 个单位、%d 名人员。", sizeof demo_units / sizeof demo_units[0] + 1, users);
  if (generated[0]) printf("演示人员的登录密码（只显示这一次）: %s\n", generated);
  else printf("演示人员的登录密码取自 BUREAU_DEMO_PASSWORD。\n");
  return 0;
}
