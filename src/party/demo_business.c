/* demo_business.c — the demo's party work that reaches the business: this year's 党费 (each member's base, payments
 * month by month with a few months unpaid), the seed's 9 党建服务包 on hardship shops of the demo registry (three per
 * branch, read through shops.h, with measures and visits), and one 党支部+项目 per branch whose milestones are 督办
 * tasks opened through tasks.h. Inside party_demo_load's transaction. */
#include "party/internal.h"
#include "base/util.h"
#include "shops/shops.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned next(unsigned *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 16;
}

/* The current members of a branch, by id (the 书记 first, as the demo made them). */
static size_t members_of(int64_t org, int64_t *out, size_t cap) {
  db_stmt *s = db_prepare("SELECT id FROM party_members WHERE org_id = ? AND status <> '已转出' ORDER BY id");
  if (!s) return 0;
  db_bind_int(s, 1, org);
  size_t n = 0;
  while (n < cap && db_step(s) == DB_ROW) out[n++] = db_col_int(s, 0);
  db_reset(s);
  return n;
}

static int dues(int64_t org, const char *today, const char *at, unsigned *seed, int *payments) {
  int64_t mem[40];
  size_t n = members_of(org, mem, 40);
  int year = atoi(today), now = atoi(today + 5);
  char from[24];
  snprintf(from, sizeof from, "%04d-01", year);
  for (size_t i = 0; i < n; i++) {
    /* monthly take-home pay 2,800–11,800 元, in whole 元 */
    int64_t base = (int64_t)(2800 + next(seed) % 9001) * 100;
    if (party_store_dues_base_set(mem[i], from, base, -1, at)) return -1;
    int64_t amount = party_dues_amount(&party_dues_default, base, -1);
    for (int m = 1; m <= now; m++) {
      unsigned roll = next(seed) % 100;
      /* the current month is half paid so far; earlier months are paid, a few late ones still open */
      if ((m == now && roll < 50) || (m < now && roll < 4) || (m == now - 1 && roll < 12)) continue;
      char month[24], paid[24];
      snprintf(month, sizeof month, "%04d-%02d", year, m);
      snprintf(paid, sizeof paid, "%04d-%02d-%02d", year, m, m == now ? 1 : 10 + (int)(roll % 15));
      if (strcmp(paid, today) > 0) snprintf(paid, sizeof paid, "%s", today);
      if (party_store_dues_insert(mem[i], month, amount, paid, org, "", 0, at)) return -1;
      (*payments)++;
    }
  }
  return 0;
}

typedef struct pick { shops_brief v[9]; size_t n; } pick;
static int take(void *ctx, const shops_brief *b) {
  pick *p = ctx;
  p->v[p->n++] = *b;
  return p->n == 9;
}

static const struct { const char *reason, *note, *needs; } hardship[] = {
  {"高龄", "店主年逾七十，独自经营，不会使用手机订货", "手机订货和扫码收款手把手教学；货架整理"},
  {"残疾", "店主下肢残疾，行动不便，进货困难", "送货到店协调、柜台改造便于坐姿经营"},
  {"经营困难", "家中有重病患者，店铺营业额连年下滑", "经营指导、陈列改造、争取设备支持"},
};
static const char *const kinds[] = {"提升方案", "设备", "柜台", "指导"};
static const char *const measure_text[] = {"制定“一户一策”数字化提升方案，明确三个月目标", "协调配置智能收款终端一台",
                                          "更换标准化烟草柜台，改善陈列", "党员每月上门指导网上订货和扫码销售"};
static const char *const visit_notes[] = {"上门了解经营情况，指导使用手机网上订货，店主已能独立下单。",
                                         "协助整理柜台陈列，讲解新品和价格标签规范。",
                                         "回访收款终端使用情况，解决扫码收款故障。",
                                         "与店主算经营账，讨论旺季备货，店主反映订货更方便了。"};

static int packages(int64_t branch_ids[3], const char *today, const char *at, unsigned *seed, int *made) {
  pick p = {.n = 0};
  if (shops_brief_each(NULL, 0, NULL, 1, 8, "乡村", take, &p) < 0) return -1;
  if (p.n < 9 && shops_brief_each(NULL, 0, NULL, 1, 30, NULL, take, &p) < 0) return -1; /* a registry with few small rural shops */
  int year = atoi(today);
  for (size_t i = 0; i < p.n; i++) {
    int64_t org = branch_ids[i % 3], mem[40];
    size_t n = members_of(org, mem, 40);
    if (n < 8) return -1;
    const shops_brief *b = &p.v[i];
    char started[24];
    /* paired in the spring, after the first visits and months of data of the year */
    snprintf(started, sizeof started, "%04d-%02d-%02d", year % 10000, 3 + (int)(i / 3), 6 + (int)(i % 3) * 7);
    if (strcmp(started, today) > 0) snprintf(started, sizeof started, "%s", today);
    char level[64] = "", from[8], to[8];
    double score = 0, orders = 0;
    int lv = shops_level_on(b->id, started, level, sizeof level, &score);
    int sidx = util_month_index((char[]){started[0], started[1], started[2], started[3], '-', started[5], started[6], 0});
    util_month_str(sidx - 3, from);
    util_month_str(sidx - 1, to);
    int od = shops_metric_sum(b->id, "order_qty", from, to, &orders);
    if (lv < 0 || od < 0) return -1;
    int h = (int)(i % 3);
    int64_t id = party_store_package_insert(org, b->id, b->name, b->unit_id, hardship[h].reason, hardship[h].note, hardship[h].needs, started,
                                            lv ? level : NULL, score, lv, orders, od, 0, at);
    if (id <= 0) return -1;
    /* pairings: the members after the committee, three per package */
    size_t base = 4 + (i / 3) * 3;
    if (party_store_package_member_add(id, mem[base % n], "牵头") || party_store_package_member_add(id, mem[(base + 1) % n], "结对") ||
        party_store_package_member_add(id, mem[(base + 2) % n], "结对"))
      return -1;
    party_measure ms[4];
    for (int k = 0; k < 4; k++) {
      snprintf(ms[k].kind, sizeof ms[k].kind, "%s", kinds[k]);
      snprintf(ms[k].content, sizeof ms[k].content, "%s", measure_text[k]);
      char done[32];
      snprintf(done, sizeof done, "%04d-%02d-%02d", year % 10000, 5 + k % 2, 10 + k);
      if (strcmp(done, today) > 0) snprintf(done, sizeof done, "%s", today);
      if (k < 2 + (int)(i % 3)) snprintf(ms[k].done_on, sizeof ms[k].done_on, "%.10s", done);
      else ms[k].done_on[0] = 0;
    }
    if (party_store_package_measures_set(id, ms, 4)) return -1;
    /* a visit every other month from the pairing up to today */
    for (int m = 0; m < 16; m++) {
      int idx = sidx + 1 + 2 * m;
      char month[8], day[32];
      util_month_str(idx, month);
      snprintf(day, sizeof day, "%.7s-%02d", month, 12 + (int)(next(seed) % 10));
      if (strcmp(day, today) > 0) break;
      if (party_store_visit_insert(id, day, visit_notes[(m + (int)i) % 4], 0, at) <= 0) return -1;
    }
    if (i < 3 && party_store_package_update(id, NULL, NULL, "店主已能独立使用手机订货和扫码收款，月订购量明显回升。", at)) return -1;
    (*made)++;
  }
  return 0;
}

static const struct { const char *name, *goal, *unit, *m1, *m2; } projects[] = {
  {"机关数字化办公提升项目", "公文、会议、督办全流程线上办理，机关效能提升", "BGS", "完成督办台账线上化", "会议纪要和台账全部线上归档"},
  {"零售终端数字化提升项目", "党员客户经理带头推动零售户使用数字化终端", "SCB", "辖区零售户扫码销售覆盖率达到 90%", "党员结对户数字化等级提升一档"},
  {"证照办理便民项目", "党员先锋岗带头，许可证办理提速", "CQS", "许可证延续办理全程网办", "偏远乡镇上门服务每月一次"},
};

static int project_demo(int64_t branch_ids[3], const char *today, const char *at, int *made) {
  int year = atoi(today);
  for (int b = 0; b < 3; b++) {
    int64_t id = party_store_project_insert(branch_ids[b], year, projects[b].name, projects[b].goal, 0, at);
    if (id <= 0) return -1;
    int64_t mem[2];
    if (members_of(branch_ids[b], mem, 1) < 1) return -1;
    int64_t owner = party_store_member_user(mem[0]);
    int64_t unit = org_unit_id_by_code(projects[b].unit);
    if (owner < 0 || !unit) return -1;
    const char *titles[2] = {projects[b].m1, projects[b].m2};
    for (int k = 0; k < 2; k++) {
      /* the first milestone falls due at the end of next month, the second next spring: both under way today */
      char due[24], month[8];
      util_month_str(util_month_index((char[]){today[0], today[1], today[2], today[3], '-', today[5], today[6], 0}) + 1, month);
      if (k) snprintf(due, sizeof due, "%04d-03-28", (year + 1) % 10000);
      else snprintf(due, sizeof due, "%.7s-28", month);
      int64_t mid = party_store_milestone_insert(id, titles[k], due, at);
      if (mid <= 0) return -1;
      char source[64], ttl[300], err[200];
      snprintf(source, sizeof source, "party.milestone:%lld", (long long)mid);
      snprintf(ttl, sizeof ttl, "【党支部+项目】%s：%s", projects[b].name, titles[k]);
      tasks_new t = {.source = source, .source_label = "党支部+项目", .title = ttl, .content = projects[b].goal, .lead_unit = unit, .owner = owner, .due = due,
                     .priority = "中", .assign = owner > 0};
      int created = 0;
      int64_t tid = tasks_open(NULL, &t, &created, err, sizeof err);
      if (tid <= 0 || party_store_milestone_task(mid, tid)) return -1;
    }
    (*made)++;
  }
  return 0;
}

int party_demo_business(const char *today, const char *at, unsigned *seed, char *what, size_t whatlen) {
  int64_t ids[3];
  static const char *const names[] = {"机关党支部", "市场党支部", "专卖党支部"};
  for (int b = 0; b < 3; b++)
    if (!(ids[b] = db_id_by_text("SELECT id FROM party_orgs WHERE name = ?", names[b]))) return -1;
  int payments = 0, pkgs = 0, projs = 0;
  for (int b = 0; b < 3; b++)
    if (dues(ids[b], today, at, seed, &payments)) return -1;
  if (packages(ids, today, at, seed, &pkgs) || project_demo(ids, today, at, &projs)) return -1;
  snprintf(what, whatlen, "党费 %d 笔、党建服务包 %d 个、党支部+项目 %d 个", payments, pkgs, projs);
  return 0;
}
