/* demo_talent.c — the demo county's 双聘, training and 项目+人才+激励 of the last year: the grade ladder and posts with
 * everyone's starting grade, a finished 双聘 round whose appointments are in the history, 4 内训师 and 8 shared
 * courses with 30 sessions and their sign-ins plus the online college's hours, and the seed's 融媒体 station (10 works)
 * and data team (4 studies, 6 data products) with their points and milestones as 督办 tasks. One transaction;
 * skipped when already there. */
#include "people/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return (unsigned)(rs % n); }

typedef struct who { int64_t id, unit; char name[64]; } who;
#define MAXP 80

static int persons(who *out) {
  db_stmt *s = db_prepare("SELECT id, unit_id, name FROM users WHERE username <> 'admin' AND status = 'enabled' ORDER BY id LIMIT ?");
  if (!s) return -1;
  db_bind_int(s, 1, MAXP);
  int n = 0;
  while (n < MAXP && db_step(s) == DB_ROW) {
    out[n].id = db_col_int(s, 0);
    out[n].unit = db_col_int(s, 1);
    snprintf(out[n].name, sizeof out[n].name, "%s", db_col_text(s, 2));
    n++;
  }
  db_reset(s);
  return n;
}

static void day_str(int d, char out[11]) { wd_format(d, out); }

/* ---- 双聘 ---- */
static int posts_and_round(const who *p, int np, int t, char *err, size_t errlen) {
  static const char *const gnames[] = {"六级员工", "五级员工", "四级员工", "三级员工", "二级员工", "一级员工"};
  int64_t g[6];
  for (int i = 0; i < 6; i++)
    if ((g[i] = people_store_grade_insert(gnames[i], i + 1, 3)) <= 0) return -1;
  static const struct { const char *unit, *name, *family; int level, places; } pd[] = {
    {"CQS", "专卖管理员（主管）", "专卖", 6, 1}, {"SCB", "客户经理（主管）", "业务", 6, 1}, {"BGS", "综合管理员", "综合", 5, 2},
    {"SCB", "数据分析岗", "业务", 5, 1}, {"JCD", "稽查员（主管）", "专卖", 6, 1},
  };
  int64_t post[5];
  for (int i = 0; i < 5; i++) {
    int64_t u = org_unit_id_by_code(pd[i].unit);
    if (!u) u = p[0].unit;
    if ((post[i] = people_store_post_insert(u, pd[i].name, pd[i].family, pd[i].level, 3, pd[i].places)) <= 0) return -1;
  }
  /* everyone's starting grade: 四级 to 六级, held since 2018–2024 */
  int since[MAXP];
  for (int i = 0; i < np; i++) {
    char on[11], ends[11];
    since[i] = wd_parse("2018-03-01") + (int)rnd(6 * 365);
    day_str(since[i], on);
    day_str(people_sanction_end(since[i], 36), ends);
    people_history_row h = {.user_id = p[i].id, .unit_id = p[i].unit, .grade_id = g[rnd(3)], .started_on = on, .ends_on = ends, .source = "登记", .note = "初始登记"};
    if (people_store_history_insert(&h) <= 0) return -1;
  }
  /* the round: applications ~150 days ago, 公示 from 110 days ago for 5 working days, appointed 100 days ago */
  people_round_row x = {.title = "新一轮“双聘”：专卖、营销主管岗位竞聘", .min_grade = "", .unit_id = p[0].unit, .w_written = 40, .w_interview = 40,
                        .w_review = 20, .min_years = 3, .publicity_days = 5};
  int64_t bgs = org_unit_id_by_code("BGS");
  if (bgs) x.unit_id = bgs;
  int64_t round = people_store_round_insert(&x);
  if (round <= 0 || people_store_round_post_insert(round, post[0], g[3], 1) || people_store_round_post_insert(round, post[1], g[3], 1)) return -1;
  int apply_day = t - 150, napp = 0;
  for (int i = 0; i < np && napp < 6; i++) {
    if (i == 20 || i == 21) continue; /* the two with sanctions in the people demo */
    people_qual_rule rule = {.min_years = 3, .min_grade = -1};
    people_qual_facts f = {.today = apply_day, .grade_since = since[i], .grade_name = "", .appraisal = -1};
    char why[300];
    if (!people_qualify(&rule, &f, why, sizeof why)) continue;
    int64_t app = people_store_application_insert(round, post[napp % 2], p[i].id, why);
    if (app <= 0) return -1;
    /* written, interview, 测评: the first applicant of each post does best */
    double w = 92 - napp * 3 - rnd(4), iv = 88 - napp * 2 - rnd(5), rv = 90 - napp * 2;
    if (people_store_application_scores(round, app, w, iv, rv, people_round_total(40, 40, 20, w, iv, rv))) return -1;
    napp++;
  }
  if (napp < 2) { snprintf(err, errlen, "双聘演示：符合条件的人员不足"); return -1; }
  /* rank per post: the best of each is proposed */
  for (int post_i = 0; post_i < 2; post_i++) {
    db_stmt *s = db_prepare("SELECT id, total FROM people_applications WHERE round_id = ? AND post_id = ? ORDER BY id");
    if (!s) return -1;
    db_bind_int(s, 1, round);
    db_bind_int(s, 2, post[post_i]);
    int64_t ids[8];
    double tot[8];
    int n = 0;
    while (n < 8 && db_step(s) == DB_ROW) { ids[n] = db_col_int(s, 0); tot[n] = db_col_double(s, 1); n++; }
    db_reset(s);
    int rank[8], prop[8], tie[8];
    people_round_rank(tot, n, 1, rank, prop, tie);
    for (int k = 0; k < n; k++)
      if (people_store_application_rank(ids[k], rank[k], prop[k])) return -1;
  }
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  char from[11], to[11], appointed[11];
  day_str(wd_add(&cal, t - 110, 0), from);
  day_str(people_round_publicity_end(&cal, wd_parse(from), 5), to);
  day_str(wd_add(&cal, t - 100, 0), appointed);
  free(cal.days);
  db_stmt *s = db_prepare("SELECT a.id, a.user_id, a.post_id, u.unit_id FROM people_applications a JOIN users u ON u.id = a.user_id WHERE a.round_id = ? AND a.proposed = 1");
  if (!s) return -1;
  db_bind_int(s, 1, round);
  int64_t aid[4], uid[4], pid[4], unit[4];
  int na = 0;
  while (na < 4 && db_step(s) == DB_ROW) { aid[na] = db_col_int(s, 0); uid[na] = db_col_int(s, 1); pid[na] = db_col_int(s, 2); unit[na] = db_col_int(s, 3); na++; }
  db_reset(s);
  for (int k = 0; k < na; k++) {
    char ends[11];
    day_str(people_sanction_end(wd_parse(appointed), 36), ends);
    people_history_row h = {.user_id = uid[k], .unit_id = unit[k], .post_id = pid[k], .grade_id = g[3], .started_on = appointed, .ends_on = ends,
                            .source = "", .note = "双聘聘任"};
    char src[32];
    snprintf(src, sizeof src, "round:%lld", (long long)round);
    h.source = src;
    if (people_store_history_close(uid[k], appointed) || people_store_history_insert(&h) <= 0 || people_store_application_appointed(aid[k])) return -1;
  }
  return people_store_round_set(round, "已任命", from, to, appointed);
}

/* ---- training ---- */
static int training(const who *p, int np, int t) {
  char today[11];
  day_str(t, today);
  static const char *const tt[] = {"高级内训师", "内训师", "内训师", "内训师"};
  static const char *const spec[] = {"专卖法律法规", "卷烟营销与品牌培育", "数据分析与可视化", "安全生产与应急"};
  int tix[4] = {2, 5, 9, 13};
  for (int i = 0; i < 4; i++) {
    if (tix[i] >= np) return 0;
    char since[11];
    day_str(t - 700 + i * 60, since);
    if (people_store_trainer_set(p[tix[i]].id, tt[i], spec[i], since)) return -1;
  }
  static const struct { const char *title, *cat; int x10, teacher; } cd[] = {
    {"《烟草专卖法》及实施条例要点", "专卖", 30, 0}, {"无证经营与违规经营案件查办实务", "专卖", 25, 0}, {"卷烟品牌培育与零售户订单引导", "营销", 20, 1},
    {"终端评价与现代终端建设", "营销", 20, 1}, {"数据分析入门：从报表到看板", "综合", 30, 2}, {"数字化转型与数据产品开发", "综合", 25, 2},
    {"安全生产与消防应急演练", "安全", 15, 3}, {"公文写作与信息报送", "综合", 20, 0},
  };
  int64_t course[8];
  for (int i = 0; i < 8; i++) {
    people_course_row c = {.unit_id = p[tix[cd[i].teacher]].unit, .teacher_id = p[tix[cd[i].teacher]].id, .title = cd[i].title, .category = cd[i].cat,
                           .summary = "内训师共享课程，课件见附件。", .hours_x10 = cd[i].x10};
    if ((course[i] = people_store_course_insert(&c)) <= 0) return -1;
  }
  /* one course material as a file, kept through tasks.h as attachments are */
  static const char outline[] = "课程提纲\n一、法律依据\n二、案件构成要件\n三、证据收集与固定\n四、典型案例\n";
  char sha[65];
  util_sha256_hex(outline, sizeof outline - 1, sha);
  if (tasks_file_put(sha, outline, sizeof outline - 1) || people_store_file_insert("course", course[1], "课程提纲.txt", "txt", sizeof outline - 1, sha, 0) <= 0) return -1;
  static const char *const places[] = {"局机关三楼会议室", "城区所会议室", "培训室", "线上（视频会议）"};
  db_stmt *ins = db_prepare("INSERT INTO people_signins(session_id, user_id, signed_at) VALUES(?,?,?) ON CONFLICT DO NOTHING");
  if (!ins) return -1;
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  for (int k = 0; k < 30; k++) {
    int d = wd_add(&cal, t - 360 + k * 12, 0);
    if (d >= t) d = t - 1;
    char held[11], token[40];
    day_str(d, held);
    util_random_token(token, sizeof token, 16);
    int ci = k % 8;
    people_session_row s = {.course_id = course[ci], .unit_id = p[tix[cd[ci].teacher]].unit, .teacher_id = p[tix[cd[ci].teacher]].id, .held_on = held,
                            .place = places[k % 4], .token = token, .hours_x10 = cd[ci].x10};
    int64_t sid = people_store_session_insert(&s);
    if (sid <= 0) { free(cal.days); return -1; }
    int attend = 8 + (int)rnd(13);
    for (int a = 0; a < attend; a++) {
      const who *w = &p[rnd((unsigned)np)];
      char at[24];
      snprintf(at, sizeof at, "%s %02u:%02u:00", held, 8 + rnd(2), rnd(60));
      db_bind_int(ins, 1, sid);
      db_bind_int(ins, 2, w->id);
      db_bind_text(ins, 3, at);
      if (db_step(ins) != DB_DONE) { free(cal.days); return -1; }
    }
  }
  free(cal.days);
  /* the online college: 2–4 courses a person over the year */
  static const char *const online[] = {"网络学院·新时代烟草行业高质量发展", "网络学院·专卖执法规范化", "网络学院·卷烟营销数字化", "网络学院·廉洁从业教育",
                                       "网络学院·保密与网络安全"};
  for (int i = 0; i < np; i++) {
    int n = 2 + (int)rnd(3);
    for (int k = 0; k < n; k++) {
      char day[11];
      day_str(t - 20 - (int)rnd(330), day);
      int64_t id = people_store_study_insert(p[i].id, online[(i + k) % 5], day, 10 * (2 + (int)rnd(5)), 0);
      if (id < 0) return -1;
    }
  }
  int y = atoi(today);
  /* last year's online college (the year of the finished 年度考核, whose card weighs 学时 against last year's 40): four
   * courses a person, 8–12 学时 each, spread over the year; a fixed pattern, so the sequence above stays as it was */
  for (int i = 0; i < np; i++)
    for (int k = 0; k < 4; k++) {
      char day[32];
      snprintf(day, sizeof day, "%04d-%02d-%02d", (y - 1) % 10000, 1 + (i * 5 + k * 3) % 12, 3 + (i * 7 + k * 11) % 24);
      int64_t id = people_store_study_insert(p[i].id, online[(i + k + 2) % 5], day, 10 * (8 + (i * 7 + k * 3) % 5), 0);
      if (id < 0) return -1;
    }
  return people_store_required_set(y - 1, 400) || people_store_required_set(y, 240) ? -1 : 0;
}

/* ---- 项目+人才+激励 ---- */
typedef struct out_def { const char *kind, *title, *level, *award; int days_ago; } out_def;

static int outputs(int64_t team, int64_t unit, const who *const *m, int nm, const out_def *o, int n, int t, const people_points_rules *rules) {
  for (int i = 0; i < n; i++) {
    char day[11], how[200];
    day_str(t - o[i].days_ago, day);
    int pts = people_points_of(rules, people_out_kind(o[i].kind), people_out_level(o[i].level), people_out_award(o[i].award), how, sizeof how);
    people_output_row x = {.team_id = team, .unit_id = unit, .kind = o[i].kind, .title = o[i].title, .level = o[i].level, .award = o[i].award,
                           .achieved_on = day, .rule = how, .note = "", .points = pts};
    int64_t id = people_store_output_insert(&x);
    if (id <= 0) return -1;
    /* the lead author 50 %, two others 30 % and 20 %, turning through the members */
    const who *a = m[i % nm], *b = m[(i + 1) % nm], *c = m[(i + 2) % nm];
    int shares[3] = {50, 30, 20}, got[3];
    if (people_points_split(pts, shares, 3, got)) return -1;
    const who *w[3] = {a, b, c};
    for (int k = 0; k < 3; k++) {
      char reason[400];
      snprintf(reason, sizeof reason, "%s《%s》%s", o[i].kind, o[i].title, how);
      if (people_store_points_insert(w[k]->id, id, shares[k], got[k], day, reason)) return -1;
    }
  }
  return 0;
}

static int64_t team(const char *name, const char *kind, const char *goal, const who *const *m, int nm, int t) {
  char on[11];
  day_str(t - 420, on);
  people_team_row tr = {.unit_id = m[0]->unit, .leader_id = m[0]->id, .name = name, .kind = kind, .goal = goal, .started_on = on};
  int64_t id = people_store_team_insert(&tr);
  if (id <= 0) return -1;
  static const char *const roles[] = {"负责人", "骨干", "骨干", "成员", "成员", "成员"};
  for (int i = 0; i < nm; i++)
    if (people_store_team_member_set(id, m[i]->id, roles[i < 6 ? i : 5])) return -1;
  return id;
}

static int milestone(int64_t tid, const char *tname, int64_t unit, const who *owner, const char *title, int days_ahead, int t) {
  char due[11], src[64], err[200];
  day_str(t + days_ahead, due);
  int64_t mid = people_store_milestone_insert(tid, title, due, owner->id);
  if (mid <= 0) return -1;
  snprintf(src, sizeof src, "people.milestone:%lld", (long long)mid);
  char ttl[300], content[400];
  snprintf(ttl, sizeof ttl, "【%s】%s", tname, title);
  snprintf(content, sizeof content, "%s的里程碑：%s，%s 前完成。", tname, title, due);
  tasks_new tn = {.source = src, .source_label = "专班里程碑", .title = ttl, .content = content, .lead_unit = unit, .owner = owner->id, .due = due, .assign = 1};
  int created;
  int64_t task = tasks_open(NULL, &tn, &created, err, sizeof err);
  return task > 0 ? people_store_milestone_task(mid, task) : -1;
}

static int projects(const who *p, int np, int t) {
  if (np < 24) return 0;
  people_points_rules rules;
  people_points_default(&rules);
  const who *media[5] = {&p[3], &p[10], &p[15], &p[17], &p[22]};
  const who *data[6] = {&p[6], &p[9], &p[12], &p[14], &p[18], &p[23]};
  int64_t tm = team("常烟融媒体分站", "工作室", "讲好烟草故事：短视频、图文、H5，参与省市融媒体作品制作。", media, 5, t);
  int64_t td = team("常烟数据小团", "团队", "打通平台数据，课题攻关与数据产品开发，数据驱动管理。", data, 6, t);
  if (tm <= 0 || td <= 0) return -1;
  static const out_def mw[] = {
    {"融媒体作品", "《一条烟的旅程》短视频", "省级", "二等奖", 330}, {"融媒体作品", "《护航“烟”路》专卖执法纪实", "市级", "一等奖", 300},
    {"融媒体作品", "《小店里的大数据》H5", "市级", "", 270}, {"融媒体作品", "《我是客户经理》Vlog", "市级", "三等奖", 240},
    {"融媒体作品", "《法治宣传进万家》图文", "县级", "", 210}, {"融媒体作品", "《烟草专卖法实施30周年》系列海报", "省级", "", 180},
    {"融媒体作品", "《稽查队的一天》微纪录片", "市级", "二等奖", 150}, {"融媒体作品", "《零售户说》访谈短片", "县级", "", 120},
    {"融媒体作品", "《数字化所队部》宣传片", "市级", "", 90}, {"融媒体作品", "《奋斗之星》人物故事", "省级", "三等奖", 60},
  };
  static const out_def dw[] = {
    {"QC成果", "QC课题《小店数字化经营能力检测工具》", "省级", "二等奖", 320}, {"课题", "掘金课题《终端评价质量全过程管控机制的研究》", "市级", "二等奖", 280},
    {"课题", "课题《基于订单数据的零售户分档优化》", "市级", "", 200}, {"课题", "课题《专卖案件线索数据研判模型》", "县级", "", 100},
    {"数据产品", "零售户经营画像看板", "市级", "", 310}, {"数据产品", "片区订单波动监测", "县级", "", 260}, {"数据产品", "终端评价质量分析工具", "市级", "三等奖", 230},
    {"数据产品", "督办任务时效看板", "县级", "", 170}, {"数据产品", "专卖许可证到期提醒", "县级", "", 130}, {"数据产品", "指标驾驶舱数据接口", "市级", "", 70},
  };
  if (outputs(tm, media[0]->unit, media, 5, mw, 10, t, &rules) || outputs(td, data[0]->unit, data, 6, dw, 10, t, &rules)) return -1;
  return milestone(tm, "常烟融媒体分站", media[0]->unit, media[1], "年度融媒体作品征集与报送", 25, t) ||
                 milestone(td, "常烟数据小团", data[0]->unit, data[1], "数字化所队部数据接入（市场部试点）", 40, t) ||
                 milestone(td, "常烟数据小团", data[0]->unit, data[2], "零售户画像看板 2.0 上线", 75, t)
             ? -1
             : 0;
}

int people_talent_demo_load(char *err, size_t errlen) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM people_grades) + (SELECT count(*) FROM people_courses) + (SELECT count(*) FROM people_teams)");
  int64_t have = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (have != 0) {
    if (have < 0) snprintf(err, errlen, "读取双聘、培训、项目数据失败: %s", db_errmsg());
    return have < 0 ? -1 : 0;
  }
  if (!org_unit_id_by_code("BGS")) return 0; /* no demo county */
  who *p = calloc(MAXP, sizeof *p);
  if (!p) return -1;
  char today[11];
  util_today(today);
  int t = wd_parse(today);
  if (db_begin() != DB_OK) { free(p); snprintf(err, errlen, "数据库忙"); return -1; }
  int np = persons(p);
  int fail = np < 24 || posts_and_round(p, np, t, err, errlen) || training(p, np, t) || projects(p, np, t) ||
             org_audit(NULL, "people.demo.load", "demo", 0, "载入演示双聘、培训、项目积分数据", NULL, NULL);
  free(p);
  if (fail) {
    db_rollback();
    if (!err[0]) snprintf(err, errlen, "演示双聘、培训、项目数据载入失败: %s", db_errmsg());
    return -1;
  }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("演示双聘、培训、项目数据已载入：双聘一轮（已任命）、内训师 4 名、课程 8 门、培训班 30 期、融媒体作品 10 件、课题 4 项、数据产品 6 个。\n");
  return 0;
}
