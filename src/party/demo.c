/* demo.c — the demo bureau's party work: the 党委 with three branches and their 党小组 mapped to the demo county's
 * units, about 60 members from its staff, and this year's meetings up to today with attendance; 市场党支部 missed two
 * 支委会 (March and August), so its calendar shows red; learning (第一议题 monthly on the 党委, each branch's 周一夜学 and
 * a May 读书班). One transaction; does nothing when already loaded. */
#include "party/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct demo_branch {
  const char *name, *units[6];
  const char *groups[2], *group_units[2][4];
  int per; /* members taken from the branch's units */
} demo_branch;

static const demo_branch branches[] = {
  {"机关党支部", {"CWK", "BGS", "JLD", "NGK", "WLZX", NULL}, {"机关第一党小组", "机关第二党小组"}, {{"JLD", "BGS", "CWK", "NGK"}, {"WLZX", NULL}}, 20},
  {"市场党支部", {"SCB", "SCB-CQ", "SCB-DB", "SCB-XB", "SCB-NB", NULL}, {"城区片区党小组", "乡镇片区党小组"},
   {{"SCB", "SCB-CQ", NULL}, {"SCB-DB", "SCB-XB", "SCB-NB", NULL}}, 20},
  {"专卖党支部", {"CQS", "LTS", "SMS", "JCD", NULL}, {"城区所队党小组", "乡镇所党小组"}, {{"CQS", "JCD", NULL}, {"LTS", "SMS", NULL}}, 20},
};

static const char *const committee_topics[] = {"研究本月党建和业务重点工作", "讨论发展对象和预备党员转正事宜", "研究“党支部+项目”推进情况",
                                                "部署“我为群众办实事”清单", "研究党建服务包走访安排", "分析党员思想动态"};
static const char *const theme_topics[] = {"重温入党誓词", "红色教育基地实景教学", "走访结对困难零售客户", "学习党的二十大精神",
                                           "“六维度”党史微课堂", "志愿服务进社区", "清廉烟草主题学习", "数字化转型党员先锋行动"};
static const char *const lecture_topics[] = {"学习贯彻党的二十大精神专题党课", "以高质量党建引领数字化转型", "党史中的初心与使命",
                                             "落实全面从严治党“两个责任”"};
static const char *const leave_reasons[] = {"外出培训", "病假", "走访零售户", "年休假", "市局会议"};

static int64_t unit_id(const char *code) { return org_unit_id_by_code(code); }

static int64_t insert_meeting(int64_t org, const char *kind, const char *topic, const char *day, int64_t presenter, int64_t recorder,
                              const char *place, const char *at, unsigned *seed) {
  char token[40];
  util_random_token(token, sizeof token, 16);
  char content[300];
  snprintf(content, sizeof content, "会议围绕“%s”展开，传达上级有关精神，结合本支部工作实际进行了讨论。", topic);
  int64_t id = party_store_meeting_insert(org, kind, topic, day, day, place, presenter, recorder, content, "一、按计划推进各项工作；二、党员带头落实。", token, 0, at);
  if (!id || party_store_attendance_expected(id, org, kind) < 0) return 0;
  /* most attend; a few are excused with a reason, now and then one is absent */
  db_stmt *s = db_prepare("SELECT member_id FROM party_attendance WHERE meeting_id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int64_t ids[64];
  size_t n = 0;
  while (db_step(s) == DB_ROW && n < 64) ids[n++] = db_col_int(s, 0);
  for (size_t i = 0; i < n; i++) {
    *seed = *seed * 1103515245u + 12345u;
    unsigned roll = (*seed >> 16) % 100;
    party_att a = {.member_id = ids[i]};
    if (roll < 86) snprintf(a.state, sizeof a.state, "出席");
    else if (roll < 97) { snprintf(a.state, sizeof a.state, "请假"); snprintf(a.reason, sizeof a.reason, "%s", leave_reasons[roll % 5]); }
    else snprintf(a.state, sizeof a.state, "缺席");
    if (party_store_attendance_set(id, &a)) return 0;
  }
  return id;
}

int party_demo_load(char *err, size_t errlen) {
  db_stmt *s = db_prepare("SELECT count(*) FROM party_orgs");
  if (!s || db_step(s) != DB_ROW) { snprintf(err, errlen, "党建演示数据：数据库错误"); return -1; }
  int64_t have = db_col_int(s, 0);
  db_reset(s);
  if (have) return 0;
  char today[11], at[20];
  util_today(today);
  util_now_text(at);
  int year = atoi(today);
  char jan1[24];
  snprintf(jan1, sizeof jan1, "%04d-01-01", year - 3);
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  int fail = 0;
  int64_t ju = unit_id("JU");
  int64_t committee = party_store_org_insert(0, "党委", "县局（分公司）党委", "2015-06-30", 0, ju ? &ju : NULL, ju ? 1 : 0);
  fail = !committee;
  unsigned seed = 20260101;
  int members = 0, meetings = 0;
  for (size_t b = 0; !fail && b < sizeof branches / sizeof branches[0]; b++) {
    const demo_branch *d = &branches[b];
    int64_t units[6];
    size_t nu = 0;
    for (size_t i = 0; d->units[i]; i++) units[nu++] = unit_id(d->units[i]);
    int64_t br = party_store_org_insert(committee, "党支部", d->name, "2016-03-01", (int)b + 1, units, nu);
    if (!br) { fail = 1; break; }
    int64_t groups[2];
    for (int g = 0; g < 2 && !fail; g++) {
      int64_t gu[4];
      size_t ng = 0;
      for (size_t i = 0; i < 4 && d->group_units[g][i]; i++) gu[ng++] = unit_id(d->group_units[g][i]);
      groups[g] = party_store_org_insert(br, "党小组", d->groups[g], "2016-03-01", g + 1, gu, ng);
      fail = !groups[g];
    }
    /* members: staff of the branch's units in the order they were created (the unit's head first) */
    int64_t mem[32], mgroup[32];
    int nm = 0;
    for (size_t i = 0; !fail && d->units[i] && nm < d->per; i++) {
      s = db_prepare("SELECT u.id, u.name, u.phone FROM users u JOIN units n ON n.id = u.unit_id WHERE n.code = ? ORDER BY u.id");
      if (!s) { fail = 1; break; }
      db_bind_text(s, 1, d->units[i]);
      int per_unit = i == 0 ? 6 : 4;
      int taken = 0;
      struct { int64_t id; char name[64], phone[20]; } got[8];
      int ng = 0;
      while (db_step(s) == DB_ROW && ng < 8) {
        got[ng].id = db_col_int(s, 0);
        snprintf(got[ng].name, sizeof got[ng].name, "%s", db_col_text(s, 1));
        snprintf(got[ng].phone, sizeof got[ng].phone, "%s", db_col_text(s, 2));
        ng++;
      }
      db_reset(s);
      int g = 0;
      for (int k = 0; k < 2; k++)
        for (size_t j = 0; j < 4 && d->group_units[k][j]; j++)
          if (!strcmp(d->group_units[k][j], d->units[i])) g = k;
      for (int k = 0; k < ng && taken < per_unit && nm < d->per && !fail; k++, taken++) {
        seed = seed * 1103515245u + 12345u;
        int prob = (seed >> 16) % 10 == 0;
        const char *role = nm == 0 ? "书记" : nm == 1 ? "组织委员" : nm == 2 ? "宣传委员" : nm == 3 ? "纪检委员" : "党员";
        char joined[24], full[24];
        int jy = prob ? year - 1 : 1990 + (int)((seed >> 8) % 30);
        snprintf(joined, sizeof joined, "%04d-%02d-%02d", jy, 1 + (int)((seed >> 4) % 12), 1 + (int)((seed >> 12) % 28));
        snprintf(full, sizeof full, "%04d-%s", jy + 1, joined + 5);
        int64_t id = party_store_member_insert(got[k].name, got[k].id, br, groups[g], prob ? "预备" : "正式", role, joined, prob ? NULL : full,
                                               got[k].phone, at);
        if (!id || party_store_transfer_insert(id, "转入", 0, br, "", jan1, "建立党员档案", 0, at)) { fail = 1; break; }
        mem[nm] = id, mgroup[nm] = g;
        nm++;
      }
    }
    if (fail) break;
    members += nm;
    /* 党小组长: the first member of each group who holds no other post */
    for (int g = 0; g < 2 && !fail; g++)
      for (int k = 4; k < nm; k++)
        if (mgroup[k] == g) { fail = party_store_member_role(mem[k], "党小组长", at) != 0; break; }
    /* this year's meetings up to today */
    for (int m = 1; m <= 12 && !fail; m++) {
      char day[24];
      const char *place = b == 0 ? "机关三楼党员活动室" : b == 1 ? "市场部会议室" : "城区所会议室";
      snprintf(day, sizeof day, "%04d-%02d-08", year, m);
      int skip = b == 1 && (m == 3 || m == 8);
      if (strcmp(day, today) <= 0 && !skip) {
        fail = !insert_meeting(br, "支委会", committee_topics[(m + (int)b) % 6], day, mem[0], mem[1], place, at, &seed);
        meetings++;
      }
      snprintf(day, sizeof day, "%04d-%02d-15", year, m);
      for (int g = 0; g < 2 && !fail && strcmp(day, today) <= 0; g++) {
        int64_t lead = 0;
        for (int k = 0; k < nm; k++)
          if (mgroup[k] == g) { lead = mem[k]; break; }
        fail = !insert_meeting(groups[g], "党小组会", "学习交流、开展批评与自我批评", day, lead, lead, place, at, &seed);
        meetings++;
      }
      snprintf(day, sizeof day, "%04d-%02d-25", year, m);
      if (!fail && strcmp(day, today) <= 0) {
        fail = !insert_meeting(br, "主题党日", theme_topics[(m + 2 * (int)b) % 8], day, mem[0], mem[2], place, at, &seed);
        meetings++;
      }
      if (m % 3 == 0) {
        snprintf(day, sizeof day, "%04d-%02d-20", year, m);
        if (!fail && strcmp(day, today) <= 0) {
          fail = !insert_meeting(br, "支部党员大会", "通报季度党建工作，审议支部事项", day, mem[0], mem[1], place, at, &seed);
          meetings++;
        }
        snprintf(day, sizeof day, "%04d-%02d-22", year, m);
        if (!fail && strcmp(day, today) <= 0) {
          /* the secretary gives the second quarter's 党课 */
          fail = !insert_meeting(br, "党课", lecture_topics[(m / 3 - 1) % 4], day, m == 6 ? mem[0] : mem[1 + m / 3 % 3], mem[2], place, at, &seed);
          meetings++;
        }
      }
    }
  }
  /* learning: 第一议题 of the leadership (on the 党委, attended by the members who are 局领导) each month, each branch's
   * 周一夜学 each month and a three-day 专题读书班 in May */
  static const char *const first_topics[] = {"学习习近平总书记重要讲话精神", "学习党的二十大报告", "学习省局（公司）工作会议精神", "学习全面从严治党有关规定"};
  for (int m = 1; m <= 12 && !fail; m++) {
    char day[24];
    snprintf(day, sizeof day, "%04d-%02d-03", year, m);
    if (strcmp(day, today) > 0) break;
    int64_t id = party_store_learning_insert(committee, "第一议题", day, first_topics[m % 4], "《习近平谈治国理政》有关篇目、上级文件", 1.5, "党组会议室", 0, at);
    s = id ? db_prepare("INSERT INTO party_learning_att(session_id, member_id, state) SELECT ?, m.id, '出席' FROM party_members m JOIN users u ON u.id = m.user_id"
                        " JOIN units n ON n.id = u.unit_id WHERE n.code = 'JLD'") : NULL;
    if (!s) { fail = 1; break; }
    db_bind_int(s, 1, id);
    fail = db_step(s) != DB_DONE;
    for (size_t b = 0; b < sizeof branches / sizeof branches[0] && !fail; b++) {
      int64_t br = db_id_by_text("SELECT id FROM party_orgs WHERE name = ?", branches[b].name);
      snprintf(day, sizeof day, "%04d-%02d-%02d", year, m, 5 + (int)b);
      if (strcmp(day, today) > 0) continue;
      int64_t ls = party_store_learning_insert(br, "周一夜学", day, m % 2 ? "学习党章党规" : "学习数字化转型业务知识", "党章、《中国共产党纪律处分条例》、省局数字化转型文件", 2,
                                              "党员活动室", 0, at);
      fail = !ls || party_store_learning_expected(ls, br) < 0;
      s = fail ? NULL : db_prepare("UPDATE party_learning_att SET state = CASE WHEN (member_id * 7 + ?2) % 10 = 0 THEN '请假' ELSE '出席' END,"
                                   " reason = CASE WHEN (member_id * 7 + ?2) % 10 = 0 THEN '外出培训' ELSE '' END,"
                                   " note = CASE WHEN (member_id + ?2) % 4 = 0 THEN '通过学习进一步增强了纪律意识，要把学习成果转化为工作实效。' ELSE '' END"
                                   " WHERE session_id = ?1");
      if (!fail && !s) fail = 1;
      if (!fail) {
        db_bind_int(s, 1, ls);
        db_bind_int(s, 2, m);
        fail = db_step(s) != DB_DONE;
      }
      if (!fail && m == 5) {
        snprintf(day, sizeof day, "%04d-05-2%d", year, (int)b);
        if (strcmp(day, today) <= 0) {
          int64_t rb = party_store_learning_insert(br, "读书班", day, "学习贯彻党的二十大精神专题读书班", "《党的二十大报告辅导读本》", 12, "县局培训室", 0, at);
          fail = !rb || party_store_learning_expected(rb, br) < 0;
          s = fail ? NULL : db_prepare("UPDATE party_learning_att SET state = '出席' WHERE session_id = ?");
          if (!fail && !s) fail = 1;
          if (!fail) { db_bind_int(s, 1, rb); fail = db_step(s) != DB_DONE; }
        }
      }
    }
  }
  char what[200] = "";
  if (!fail) fail = party_demo_business(today, at, &seed, what, sizeof what) != 0;
  if (!fail) fail = org_audit(NULL, "party.demo.load", "demo", 0, "载入演示党建数据：党组织、党员、三会一课、党费、党建服务包与党支部+项目", NULL, NULL);
  if (fail) { db_rollback(); snprintf(err, errlen, "党建演示数据载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("党建演示数据已载入：%d 名党员、%d 次会议，%s。\n", members, meetings, what);
  return 0;
}
