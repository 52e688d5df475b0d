/* demo_safety.c — demo data of 安全生产, 应急预案, 舆情 and 保密 (`bureau init --demo`, inside the risks demo's
 * transaction): a year of safety checks every ten days or so over the four places, their hazards rectified and
 * re-inspected except the newest ones and one planted hazard still open past its deadline; plans with their
 * versions (the 物流中心's drills linked to the versions they exercised); four 舆情 events, one still being handled;
 * a 保密 register with one loan overdue and a 保密 check whose two findings are 整改 items. */
#include "risks/internal.h"
#include "tasks/tasks.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An 8×8 grey-blue PNG standing in for the inspectors' photos. */
static const unsigned char photo[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08,
  0x02, 0x00, 0x00, 0x00, 0x4b, 0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x98, 0xb5, 0xe1, 0x08, 0x56, 0xc4,
  0x30, 0xb4, 0x24, 0x00, 0x57, 0x45, 0x83, 0x81, 0x8e, 0x8d, 0xb3, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* What inspectors write when an item fails, by item. */
static const char *hazard_text(const char *code) {
  static const char *const t[][2] = {
    {"CK01", "2号库东侧2具灭火器压力指针在红区，月检记录缺10月份"}, {"CK02", "3号消火栓箱前堆放空托盘，箱门无法完全打开"},
    {"CK03", "北侧安全出口应急照明灯不亮"}, {"CK04", "库区值班室私接插线板，电线沿货架敷设"}, {"CK05", "A区卷烟垛距不足0.5米，靠墙堆码"},
    {"CK07", "1台叉车定期检验已过期7天"}, {"CL01", "浙H·D3721 左后轮胎磨损超限，出车例检表漏填"}, {"CL05", "货厢防盗报警器电池失效"},
    {"CL07", "充电桩旁堆放废旧纸箱"}, {"BG02", "5楼2个烟感探测器故障未修复"}, {"BG03", "3楼东侧防火门被木楔顶住处于常开"},
    {"BG04", "配电间内堆放装修余料"}, {"BG06", "食堂燃气报警器未接入切断阀"}, {"BG08", "装修区动火作业无监护人"},
    {"YY01", "服务大厅1具灭火器已过有效期"}, {"YY03", "后门通道堆放暂扣卷烟纸箱"}, {"YY06", "后窗防盗网松动，1路监控画面黑屏"},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(t[i][0], code)) return t[i][1];
  return NULL;
}

static int add_photo(int64_t check, int64_t hazard, const char *code, const char *stage, const char *sha, const char *at) {
  char name[64];
  snprintf(name, sizeof name, "%s_%s.png", code, stage);
  risks_photo_row p = {.check = check, .hazard = hazard, .code = code, .stage = stage, .name = name, .type = "png", .size = (int64_t)sizeof photo,
                       .sha256 = sha, .at = at};
  return risks_store_photo_add(&p) ? 0 : -1;
}

static int checks(int today, const wd_cal *cal, const char *at, const char *sha) {
  static const char *const outlets[] = {"CQS", "LTS", "SMS"};
  static const char *const plates[] = {"浙H·D3721 送货车", "浙H·D5106 送货车", "浙H·D0893 送货车"};
  int fail = 0;
  for (int k = 0; k < 36 && !fail; k++) {
    int day = today - 5 - k * 10;
    while (!wd_is_working(cal, day)) day--;
    const char *place = risks_check_places[k % 4];
    const char *unit = k % 4 < 2 ? "WLZX" : k % 4 == 2 ? "BGS" : outlets[(k / 4) % 3];
    const char *target = k % 4 == 0 ? (k % 8 ? "2号卷烟仓库" : "1号卷烟仓库") : k % 4 == 1 ? plates[(k / 4) % 3] : k % 4 == 2 ? "办公大楼" : "所办公及服务场所";
    char d[11];
    wd_format(day, d);
    risks_check_row w = {.unit = org_unit_id_by_code(unit), .place = place, .target = target, .day = d, .inspectors = "安全管理员、部门负责人", .at = at};
    int64_t id = w.unit ? risks_store_check_insert(&w) : 0;
    if (!id) return -1;
    size_t n = 0;
    const risks_check_item *t = risks_check_template(place, &n);
    int failed = 0, first = 1;
    for (size_t i = 0; i < n && !fail; i++) {
      const char *text = hazard_text(t[i].code);
      /* Failing items: those with a written hazard, now and then; check 4 (about 45 days ago) always fails its first. */
      int bad = text && ((k * 7 + (int)i * 3) % 5 == 0 || (k == 4 && first));
      risks_check_result res = {.item = &t[i], .result = bad ? 1 : (k + (int)i) % 17 == 0 ? 2 : 0, .limit_days = 10};
      snprintf(res.note, sizeof res.note, "%s", bad ? text : "");
      fail = risks_store_check_result(id, &res);
      if (!fail && (t[i].photo == 2 || (t[i].photo == 1 && bad)) && res.result != 2) fail = add_photo(id, 0, t[i].code, "检查", sha, at);
      if (fail || !bad) continue;
      failed++;
      char due[11], rect[11], closed[11];
      int due_day = risks_hazard_due(cal, day, 10);
      wd_format(due_day, due);
      risks_hazard_row h = {.check = id, .unit = w.unit, .code = t[i].code, .description = text, .severity = "一般隐患", .found_on = d, .due = due,
                            .at = at, .limit_days = 10};
      int64_t hid = risks_store_hazard_insert(&h);
      char note[200];
      snprintf(note, sizeof note, "一般隐患，限 10 个工作日内（%s 前）整改", due);
      fail = !hid || risks_store_hazard_event(hid, "发现", note, 0, at);
      int planted = k == 4 && first;
      first = 0;
      if (fail || planted || due_day >= today) {
        /* Open: the planted one past its deadline, the newest within theirs (one of them already waiting for 复查). */
        if (!fail && !planted && k == 1) {
          wd_format(wd_add(cal, day, 3), rect);
          fail = risks_store_hazard_state(hid, "待复查", rect, NULL, at) || risks_store_hazard_event(hid, "整改", "已按要求整改，请复查", 0, at) ||
                 add_photo(id, hid, t[i].code, "整改", sha, at);
        }
        continue;
      }
      wd_format(wd_add(cal, day, 6), rect);
      wd_format(wd_add(cal, day, 8), closed);
      fail = risks_store_hazard_state(hid, "已关闭", rect, closed, at) || risks_store_hazard_event(hid, "整改", "已整改完毕，整改前后照片已上传", 0, at) ||
             add_photo(id, hid, t[i].code, "整改", sha, at) || risks_store_hazard_event(hid, "复查合格", "复查合格：现场复查已整改到位", 0, at);
    }
    if (!fail) fail = risks_store_check_finish(id, (int)n, failed, at);
  }
  return fail ? -1 : 0;
}

static int plans(int year, const char *at) {
  static const struct { const char *unit, *kind, *title; const char *v[2][4]; } p[] = {
    {"BGS", "综合", "生产安全事故综合应急预案",
     {{"V1.0", "-3-03-01", "明确应急组织机构、预警分级、响应程序和保障措施", ""},
      {"V2.0", "-1-04-10", "应急领导小组下设综合协调、现场处置、后勤保障三个工作组；Ⅰ至Ⅳ级响应", "根据机构调整和《生产安全事故应急预案管理办法》修订，更新应急组织机构与通讯录"}}},
    {"WLZX", "专项", "卷烟仓库火灾事故专项应急预案",
     {{"V1.0", "-2-05-01", "初期火灾扑救、人员疏散、报警与卷烟抢运", ""},
      {"V1.1", "-1-12-20", "增加夜间值守人员初期火灾处置职责和消防控制室联动流程", "2号库改造后调整疏散路线，增加夜间处置职责"}}},
    {"WLZX", "现场处置", "送货车辆交通事故现场处置方案",
     {{"V1.0", "-2-06-15", "事故现场警示、伤员救护、报警报告、货物看护", ""}, {NULL, NULL, NULL, NULL}}},
    {"JCD", "专项", "稽查执法突发事件专项应急预案",
     {{"V1.0", "-1-02-20", "暴力抗法、围堵执法人员等突发情况的处置与报告", ""}, {NULL, NULL, NULL, NULL}}},
  };
  for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
    int64_t unit = org_unit_id_by_code(p[i].unit);
    int64_t id = unit ? risks_store_plan_insert(unit, p[i].kind, p[i].title, 0, at) : 0, vid = 0;
    if (!id) return -1;
    for (int v = 0; v < 2 && p[i].v[v][0]; v++) {
      char issued[16];
      snprintf(issued, sizeof issued, "%04d%s", year + atoi(p[i].v[v][1]), strchr(p[i].v[v][1] + 1, '-'));
      risks_version_row w = {.plan = id, .version = p[i].v[v][0], .issued_on = issued, .content = p[i].v[v][2], .change_note = p[i].v[v][3], .at = at};
      vid = risks_store_plan_version_add(&w);
      if (vid <= 0) return -1;
    }
    if (!strcmp(p[i].unit, "WLZX") && risks_store_drills_link_version(unit, p[i].kind, vid)) return -1;
  }
  return 0;
}

static int opinions(int today, const char *at) {
  static const struct { const char *unit, *title, *source, *level, *summary; int back; const char *seen; const char *steps[3][3]; const char *close[3]; } o[] = {
    {"BGS", "网传某零售户销售假烟的短视频", "抖音", "较大", "短视频称县城某便利店出售假冒卷烟，播放量约3万", 40, "09:20",
     {{"0", "09:55", "核实视频来源与涉及门店，报告分管领导，通知稽查队"}, {"0", "11:30", "稽查队会同城区所现场检查，未发现假冒卷烟"},
      {"1", "10:00", "在官方公众号发布情况说明，联系发布者说明核查结果"}},
     {"1", "16:00", "发布者删除视频并致歉，舆情平息"}},
    {"SCB", "微博反映客户经理服务态度问题", "微博", "一般", "网民称订货时客户经理答复不耐烦", 95, "20:10",
     {{"1", "08:40", "市场部联系网民了解情况，调取订货电话录音"}, {"1", "15:00", "约谈当事客户经理，上门向零售户道歉"}, {NULL, NULL, NULL}},
     {"2", "10:00", "网民表示认可，删除原帖"}},
    {"JCD", "新闻媒体报道假烟窝点查处情况", "新闻媒体", "一般", "地方媒体报道稽查队查获假烟窝点，评论区出现不实猜测", 150, "07:30",
     {{"0", "09:00", "核对报道内容，与媒体沟通补充权威信息"}, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
     {"0", "17:00", "媒体更新报道，评论区不实信息已澄清"}},
    {"WLZX", "网民反映送货车辆占用人行道停车", "微信", "一般", "小区业主群转发送货车停在人行道的照片", 2, "18:45",
     {{"1", "08:30", "核实车辆与线路，提醒送货员规范停车"}, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
     {NULL, NULL, NULL}},
  };
  for (size_t i = 0; i < sizeof o / sizeof o[0]; i++) {
    char seen[20], d[11];
    wd_format(today - o[i].back, d);
    snprintf(seen, sizeof seen, "%s %s", d, o[i].seen);
    risks_opinion_row w = {.unit = org_unit_id_by_code(o[i].unit), .title = o[i].title, .source = o[i].source, .level = o[i].level, .first_seen = seen,
                           .summary = o[i].summary, .at = at};
    int64_t id = w.unit ? risks_store_opinion_insert(&w) : 0;
    if (!id) return -1;
    for (int s = 0; s < 3 && o[i].steps[s][0]; s++) {
      char when[20];
      wd_format(today - o[i].back + atoi(o[i].steps[s][0]), d);
      snprintf(when, sizeof when, "%s %s", d, o[i].steps[s][1]);
      if (risks_store_opinion_step(id, when, o[i].steps[s][2], 0, at)) return -1;
    }
    if (o[i].close[0]) {
      char when[20], review[300];
      wd_format(today - o[i].back + atoi(o[i].close[0]), d);
      snprintf(when, sizeof when, "%s %s", d, o[i].close[1]);
      snprintf(review, sizeof review, "响应及时，信息发布口径统一；今后对%s类舆情在2小时内完成首次核实", o[i].source);
      if (risks_store_opinion_close(id, when, o[i].close[2], review)) return -1;
    }
  }
  return 0;
}

static int secrecy(int today, const wd_cal *cal, const char *at, char *err, size_t errlen) {
  static const struct { const char *no, *title, *level, *issuer; int back; int loan; } docs[] = {
    {"〔%d〕12号", "关于做好重大活动期间安全保卫工作的通知", "秘密", "市局（公司）办公室", 300, 1},
    {"〔%d〕27号", "卷烟打假破网专项行动方案", "机密", "市局专卖处", 240, 1},
    {"〔%d〕35号", "关于开展内部审计发现问题整改的通知", "秘密", "市局审计处", 200, 0},
    {"〔%d〕41号", "年度专卖执法检查工作安排", "秘密", "市局专卖处", 150, 2},
    {"〔%d〕52号", "涉烟违法案件线索移交工作规程", "秘密", "市局专卖处", 90, 3},
    {"〔%d〕58号", "关于加强涉密计算机管理的通知", "秘密", "市局（公司）办公室", 60, 0},
  };
  int64_t bgs = org_unit_id_by_code("BGS");
  if (!bgs) return -1;
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    char no[40], recv[11];
    wd_format(today - docs[i].back, recv);
    snprintf(no, sizeof no, docs[i].no, atoi(recv));
    risks_doc_row w = {.unit = bgs, .copies = 1, .doc_no = no, .title = docs[i].title, .level = docs[i].level, .issuer = docs[i].issuer,
                       .received_on = recv, .received_sign = "办公室机要员", .at = at};
    int64_t id = risks_store_doc_insert(&w);
    if (id <= 0) return -1;
    char lent[11], due[11], back[11];
    int l = today - docs[i].back + 10;
    wd_format(l, lent);
    /* 1 returned on time; 2 out within its due day; 3 out past it (the overdue return). */
    if (docs[i].loan == 1) {
      wd_format(l + 7, due);
      wd_format(l + 5, back);
      int64_t loan = risks_store_loan_add(id, "专卖科 李建国", lent, due, "李建国", 0, at);
      if (!loan || risks_store_loan_return(loan, back, "办公室机要员")) return -1;
    } else if (docs[i].loan == 2) {
      wd_format(today - 3, lent);
      wd_format(today + 4, due);
      if (!risks_store_loan_add(id, "稽查队 周志强", lent, due, "周志强", 0, at)) return -1;
    } else if (docs[i].loan == 3) {
      wd_format(today - 20, lent);
      wd_format(today - 6, due);
      if (!risks_store_loan_add(id, "城区所 吴海涛", lent, due, "吴海涛", 0, at)) return -1;
    }
  }
  char day[11], due[11];
  int d = today - 45;
  while (!wd_is_working(cal, d)) d--;
  wd_format(d, day);
  wd_format(wd_add(cal, d, 20), due);
  int64_t check = risks_store_secret_check_insert(bgs, day, "涉密文件收发借阅、涉密计算机与存储介质、工作微信群", "纪检组长、办公室主任",
                                                  "涉密文件登记完整，发现问题2个，限期整改", 0, at);
  if (!check) return -1;
  static const char *const f[][2] = {
    {"个别工作微信群转发内部文件截图", "清理群内文件截图，开展保密提醒教育，群主每月自查"},
    {"1台涉密计算机未粘贴密级标识", "粘贴密级标识并更新涉密计算机台账"},
  };
  int64_t head = org_unit_head(bgs);
  char list[64];
  snprintf(list, sizeof list, "%d年保密检查问题整改清单", atoi(day));
  for (int i = 0; i < 2; i++) {
    int64_t fid = risks_store_secret_finding_insert(check, f[i][0], f[i][1], due, at);
    char source[48];
    snprintf(source, sizeof source, "risks.secrecy:%lld", (long long)fid);
    tasks_cl_new n = {.source = source, .kind = "整改", .list_title = list, .year = atoi(day), .title = f[i][0], .origin = "保密检查",
                      .measures = f[i][1], .unit = bgs, .owner = head > 0 ? head : 0, .due = due};
    int created = 0;
    int64_t item = fid ? tasks_cl_item_open(NULL, &n, &created, err, errlen) : -1;
    if (item <= 0 || risks_store_secret_finding_item(fid, item)) return -1;
  }
  return 0;
}

int risks_demo_safety(int today, const wd_cal *cal, const char *at, char *err, size_t errlen) {
  char sha[65], today_s[11];
  wd_format(today, today_s);
  util_sha256_hex(photo, sizeof photo, sha);
  if (tasks_file_put(sha, photo, sizeof photo)) { snprintf(err, errlen, "无法保存演示照片"); return -1; }
  if (checks(today, cal, at, sha)) { snprintf(err, errlen, "无法写入演示安全检查"); return -1; }
  if (plans(atoi(today_s), at)) { snprintf(err, errlen, "无法写入演示应急预案"); return -1; }
  if (opinions(today, at)) { snprintf(err, errlen, "无法写入演示舆情事件"); return -1; }
  char why[200] = "";
  if (secrecy(today, cal, at, why, sizeof why)) { snprintf(err, errlen, "无法写入演示保密台账%s%s", why[0] ? "：" : "", why); return -1; }
  return 0;
}
