/* demo.c — the demo county's 队伍建设 of last year: a finished 民主测评 with ballots from three voter groups, the
 * 奋斗之星 vote that chose 7 people, and two sanctions (one expired). One transaction; skipped when already there. */
#include "people/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return (unsigned)(rs % n); }

typedef struct person { int64_t id, unit; char name[64]; } person;

static int persons(person *out, int max) {
  db_stmt *s = db_prepare("SELECT id, unit_id, name FROM users WHERE username <> 'admin' AND unit_id IS NOT NULL ORDER BY id LIMIT ?");
  if (!s) return -1;
  db_bind_int(s, 1, max);
  int n = 0;
  while (n < max && db_step(s) == DB_ROW) {
    out[n].id = db_col_int(s, 0);
    out[n].unit = db_col_int(s, 1);
    snprintf(out[n].name, sizeof out[n].name, "%s", db_col_text(s, 2));
    n++;
  }
  db_reset(s);
  return n;
}

/* Issues `issued` codes to a group (only their hashes, as the real thing keeps) and marks `cast` of them used. */
static int codes(int64_t box, int64_t group, int issued, int cast) {
  for (int i = 0; i < issued; i++) {
    char code[24], hash[65];
    util_random_token(code, sizeof code, 12);
    util_sha256_hex(code, strlen(code), hash);
    if (people_store_code_insert(hash, box, group)) return -1;
    if (i < cast && people_store_code_use(hash) != 1) return -1;
  }
  return people_store_group_add_issued(group, issued);
}

static int cast_one(int64_t box, int64_t group, const int *marks, int n) {
  char buf[4096];
  size_t used = 0;
  buf[used++] = '[';
  for (int i = 0; i < n && used + 8 < sizeof buf; i++) used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%d", i ? "," : "", marks[i]);
  buf[used++] = ']';
  buf[used] = 0;
  return people_store_cast_insert(box, group, buf);
}

static int64_t box_with(const people_ballot_row *b, const person *c, int nc, const char *const *gn, const int *gw, int ng, int64_t *gid) {
  int64_t id = people_store_ballot_insert(b);
  if (id <= 0) return -1;
  for (int i = 0; i < nc; i++)
    if (people_store_candidate_insert(id, i + 1, c[i].name, c[i].id, c[i].unit, "")) return -1;
  for (int g = 0; g < ng; g++)
    if ((gid[g] = people_store_group_insert(id, g + 1, gn[g], gw[g])) <= 0) return -1;
  return id;
}

static int appraisal_vote(const person *p, int np, int64_t unit) {
  static const char *const gn[] = {"领导班子", "中层干部", "职工代表"};
  static const int gw[] = {40, 30, 30}, issued[] = {6, 12, 30}, cast[] = {6, 11, 27};
  int nc = np < 8 ? np : 8;
  people_ballot_row b = {.title = "2025年度中层干部民主测评", .purpose = "民主测评", .kind = "grade", .grades_json = "[\"优秀\",\"称职\",\"基本称职\",\"不称职\"]",
                         .points_json = "[100,80,60,0]", .quota_permille = 200, .places = -1, .unit_id = unit, .source = "demo:appraisal:2025"};
  int64_t g[3];
  int64_t box = box_with(&b, p, nc, gn, gw, 3, g);
  if (box <= 0) return -1;
  for (int k = 0; k < 3; k++) {
    if (codes(box, g[k], issued[k], cast[k])) return -1;
    for (int v = 0; v < cast[k]; v++) {
      int m[8];
      /* the first candidates lean to 优秀, the last two to 称职 / 基本称职; a few abstain */
      for (int c = 0; c < nc; c++) {
        unsigned x = rnd(100);
        int lean = c < 2 ? 70 : c < nc - 2 ? 35 : 10;
        m[c] = x < 3 ? -1 : x < (unsigned)lean ? 0 : x < 92 ? 1 : x < 98 ? 2 : 3;
      }
      if (cast_one(box, g[k], m, nc)) return -1;
    }
  }
  return people_store_ballot_set_status(box, "已结束");
}

static int star_vote(const person *p, int np, int64_t unit) {
  static const char *const gn[] = {"职工代表", "中层干部"};
  static const int gw[] = {60, 40}, cast[] = {40, 12};
  int nc = np - 8 < 12 ? np - 8 : 12;
  if (nc < 8) return 0;
  people_ballot_row b = {.title = "2025年度“奋斗之星”评选投票", .purpose = "评优", .kind = "choose", .grades_json = "[]", .points_json = "[]",
                         .max_choices = 7, .quota_permille = -1, .places = 7, .unit_id = unit, .source = "demo:star:2025"};
  int64_t g[2];
  int64_t box = box_with(&b, p + 8, nc, gn, gw, 2, g);
  if (box <= 0) return -1;
  for (int k = 0; k < 2; k++) {
    if (codes(box, g[k], cast[k] + 2, cast[k])) return -1;
    for (int v = 0; v < cast[k]; v++) {
      int m[12] = {0}, chosen = 0;
      /* support falls with the candidate's place in the list (95 % … 30 %), at most 7 per ballot */
      for (int c = 0; c < nc && chosen < 7; c++)
        if (rnd(100) < (unsigned)(95 - c * 6)) { m[c] = 1; chosen++; }
      if (cast_one(box, g[k], m, nc)) return -1;
    }
  }
  return people_store_ballot_set_status(box, "已结束");
}

static int sanctions(const person *p, int np) {
  if (np < 22) return 0;
  char today[11], on[11], end[11];
  util_today(today);
  int t = wd_parse(today);
  /* one expired 警告 of early last year, one 记过 decided 100 days ago and still running */
  wd_format(t - 600, on);
  wd_format(people_sanction_end(t - 600, 6), end);
  people_sanction_row a = {.user_id = p[20].id, .unit_id = p[20].unit, .type = "警告", .decided_on = on, .ends_on = end, .months = 6,
                           .reason = "工作日饮酒后到岗，违反工作纪律", .document_no = "县烟纪〔2024〕2号"};
  if (people_store_sanction_insert(&a) <= 0) return -1;
  char on2[11], end2[11];
  wd_format(t - 100, on2);
  wd_format(people_sanction_end(t - 100, 12), end2);
  people_sanction_row b = {.user_id = p[21].id, .unit_id = p[21].unit, .type = "记过", .decided_on = on2, .ends_on = end2, .months = 12,
                           .reason = "检查中违规收受零售户财物", .document_no = "县烟纪〔2026〕5号"};
  return people_store_sanction_insert(&b) > 0 ? 0 : -1;
}

int people_demo_load(char *err, size_t errlen) {
  if (people_talent_demo_load(err, errlen)) return -1; /* 双聘, training, projects: their own check and transaction */
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM people_ballots) + (SELECT count(*) FROM people_sanctions)");
  int64_t have = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (have != 0) {
    if (have < 0) snprintf(err, errlen, "读取队伍建设数据失败: %s", db_errmsg());
    return have < 0 ? -1 : 0;
  }
  int64_t unit = org_unit_id_by_code("BGS");
  if (!unit) return 0; /* no demo county */
  person p[30];
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  int np = persons(p, 30);
  int fail = np < 0 || (np >= 8 && appraisal_vote(p, np, unit)) || star_vote(p, np, unit) || sanctions(p, np) || people_demo_campaigns(unit) ||
             org_audit(NULL, "people.demo.load", "demo", 0, "载入演示队伍建设数据：民主测评、奋斗之星投票、纪律处分", NULL, NULL);
  if (fail) { db_rollback(); snprintf(err, errlen, "演示队伍建设数据载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("演示队伍建设数据已载入：2025年度民主测评（三个投票群体 44 张选票）、奋斗之星投票（52 张选票，当选 7 人）、纪律处分 2 条；2025年度考核已完成，奋斗之星表彰 7 人。\n");
  return 0;
}
