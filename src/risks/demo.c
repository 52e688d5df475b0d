/* demo.c — demo data of the risks module (`bureau init --demo`): a register of 60 risks over the four lists and
 * the usual categories, owned by the demo county's units, two of them past their review date (the sweep turns those
 * into 督办 tasks at start). */
#include "risks/procure.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct demo_risk { const char *list, *category, *unit, *title, *prevention, *monitoring, *handling; } demo[] = {
  {"权力", "专卖执法", "CQS", "零售许可证核发自由裁量", "许可证审批“三级审核”，实地核查留痕", "内管科每季度抽查许可档案", "发现违规审批即撤销并追责"},
  {"权力", "专卖执法", "JCD", "案件查处与处罚裁量", "执行处罚裁量基准，案件集体审议", "法规科案卷评查", "错案责任追究"},
  {"权力", "采购", "CWK", "三项项目采购决策", "管委会实名票决，需求提前报备", "审计监督全过程", "违规项目暂停支付并整改"},
  {"权力", "经营", "SCB", "卷烟货源分配", "按档位和规则自动分配，结果公示", "营销数据异常监测", "异常分配回溯核查"},
  {"权力", "廉洁", "JLD", "干部选拔任用", "民主推荐、考察公示", "纪检全程监督", "违规任用予以纠正"},
  {"责任", "安全生产", "WLZX", "仓储消防安全责任", "消防设施月检，动火审批", "视频监控与烟感报警", "启动现场处置方案"},
  {"责任", "安全生产", "WLZX", "送货车辆交通安全", "驾驶员安全教育，车辆例检", "北斗定位超速提醒", "事故应急处置与报告"},
  {"责任", "保密", "BGS", "涉密文件收发与借阅", "收文登记、借阅签字", "保密自查每季度一次", "失泄密立即报告并补救"},
  {"责任", "网络安全", "BGS", "信息系统与终端安全", "等保测评，弱口令整治", "日志审计与漏洞扫描", "网络安全事件应急预案"},
  {"责任", "舆情", "BGS", "涉烟舆情应对", "信息发布审核", "舆情日监测", "按舆情等级响应处置"},
  {"风险", "廉洁", "SCB", "客户经理收受零售户好处", "签订廉洁承诺书，轮岗交流", "零售户满意度回访", "违纪线索移交纪检"},
  {"风险", "专卖执法", "LTS", "执法人员选择性执法", "双人执法、执法记录仪全程记录", "执法档案随机抽查", "调查核实后追责"},
  {"风险", "采购", "CWK", "化整为零规避招标", "同类采购年度预算统筹", "采购台账红旗预警", "审计发现后整改问责"},
  {"风险", "经营", "SCB", "违规倒货与虚假订单", "订单异常识别规则", "零售户订单数据监测", "取消违规客户货源"},
  {"风险", "安全生产", "WLZX", "仓库电气火灾", "电气线路年度检测", "温度与烟感实时监测", "切断电源、疏散与扑救"},
  {"风险", "网络安全", "BGS", "勒索病毒攻击", "终端防病毒与数据备份", "安全态势感知", "隔离受感染终端，恢复备份"},
  {"措施", "廉洁", "NGK", "廉洁风险“四清单”年度修订", "年初制定、年中检查", "纪检随机抽查", "年底考核修正"},
  {"措施", "保密", "BGS", "保密检查与聊天群清理", "保密教育", "工作群定期检查", "违规转发追责"},
  {"措施", "安全生产", "NGK", "安全生产标准化（YC/T 384）", "年度安全检查计划", "隐患排查台账", "隐患限期整改与复查"},
  {"措施", "舆情", "BGS", "12313 投诉与信访处理", "首问负责制", "办结率与满意度通报", "逾期催办"},
};

static int64_t unit_of(const char *code) { return org_unit_id_by_code(code); }

int risks_demo_load(char *err, size_t errlen) {
  risks_audit_register();
  int64_t n = risks_store_count();
  if (n < 0) { snprintf(err, errlen, "无法读取风险清单"); return -1; }
  if (n > 0) return 0;
  risks_config cfg;
  wd_cal cal = {0};
  if (risks_config_load(&cfg) || org_calendar_load(&cal)) { snprintf(err, errlen, "无法读取风险设置或工作日历"); return -1; }
  char today_s[11], at[20];
  risks_today(today_s);
  util_now_text(at);
  int today = wd_parse(today_s);
  static const char *const units2[] = {"CQS", "LTS", "SMS", "SCB", "WLZX", "NGK", "BGS", "CWK", "JCD"};
  if (db_begin() != DB_OK) { free(cal.days); snprintf(err, errlen, "数据库忙"); return -1; }
  int fail = 0, made = 0;
  size_t nd = sizeof demo / sizeof demo[0];
  /* Three rounds over the 20 kinds: the first as they are, then the same risk as seen in other units (60 in all). */
  for (int round = 0; round < 3 && !fail; round++)
    for (size_t k = 0; k < nd && !fail; k++) {
      const struct demo_risk *d = &demo[k];
      int idx = round * (int)nd + (int)k;
      int l = 1 + (idx * 7 + 3) % 5, i = 1 + (idx * 3 + round) % 5;
      int level = risks_level_of(&cfg.matrix, l, i);
      /* Reviewed within the last 20 days: well inside even a monthly cadence. The planted two are overdue. */
      int last = today - idx % 20;
      if (idx == 4) { l = 5, i = 5, level = RL_MAJOR, last = today - 45; }
      if (idx == 14) { l = 4, i = 4, level = RL_HIGH, last = today - 110; }
      int next = risks_next_review(last, cfg.cadence.months[level], &cal);
      char last_s[11], next_s[11], title[200];
      wd_format(last, last_s);
      wd_format(next, next_s);
      const char *unit = round == 0 ? d->unit : units2[(k + (size_t)round * 4) % (sizeof units2 / sizeof units2[0])];
      if (round == 0) snprintf(title, sizeof title, "%s", d->title);
      else snprintf(title, sizeof title, "%s（%s）", d->title, round == 1 ? "年度复评" : "下属单位");
      risks_row w = {.list = d->list, .title = title, .category = d->category, .prevention = d->prevention, .monitoring = d->monitoring,
                     .handling = d->handling, .stage = round == 2 ? "检查考核" : "执行", .last_review = last_s, .next_review = next_s, .at = at,
                     .owner_unit = unit_of(unit), .likelihood = l, .impact = i, .level = level, .active = 1};
      int64_t id = w.owner_unit ? risks_store_insert(&w) : 0;
      fail = !id || risks_store_event_add(id, "登记", l, i, level, "年初制定风险清单", next_s, 0, at);
      made += !fail;
    }
  free(cal.days);
  /* Two drills at the 物流中心 this year: a 专项 fire drill in March and a 现场处置 drill in May; the second half-year's
   * 现场处置 drill is still missing. */
  int year = atoi(today_s);
  char d1[16], d2[16];
  snprintf(d1, sizeof d1, "%04d-03-15", year % 10000);
  snprintf(d2, sizeof d2, "%04d-05-20", year % 10000);
  if (strcmp(d2, today_s) > 0) {
    snprintf(d1, sizeof d1, "%04d-03-15", (year - 1) % 10000);
    snprintf(d2, sizeof d2, "%04d-05-20", (year - 1) % 10000);
  }
  int64_t wl = unit_of("WLZX");
  risks_drill_row dr[2] = {
    {.unit = wl, .plan_kind = "专项", .form = "单项", .mode = "实战", .day = d1, .title = "仓库火灾专项应急演练", .scenario = "卷烟仓库电气线路起火，初期扑救、疏散与报警",
     .participants = 42, .evaluation = "响应及时，疏散用时4分10秒", .problems = "部分员工不会使用室内消火栓", .at = at},
    {.unit = wl, .plan_kind = "现场处置", .form = "单项", .mode = "桌面", .day = d2, .title = "送货车辆交通事故现场处置推演", .scenario = "送货途中发生追尾，人员轻伤、货物散落",
     .participants = 15, .evaluation = "流程清楚，报告链条完整", .problems = "", .at = at},
  };
  for (int k = 0; k < 2 && !fail; k++) fail = !wl || !risks_store_drill_insert(&dr[k]);
  /* 120 complaints over the last year: the older ones answered and rated, the eight newest still open, four of those
   * past their time limit; every twentieth is about a member of staff's conduct. */
  static const char *const chans[] = {"12313", "12313", "来电", "网络", "12313", "信访"};
  static const char *const cats[] = {"无证经营", "价格问题", "服务质量", "假冒卷烟", "送货服务", "货源分配"};
  static const char *const subj[] = {"反映某便利店无证销售卷烟", "反映零售户加价销售卷烟", "反映客户经理服务态度差", "怀疑购买到假冒卷烟",
                                     "反映送货不及时", "反映货源分配不公平"};
  static const char *const cunits[] = {"CQS", "LTS", "SMS", "SCB-CQ", "SCB-DB", "WLZX", "JCD"};
  wd_cal cal2 = {0};
  if (!fail && org_calendar_load(&cal2)) fail = 1;
  for (int k = 0; k < 120 && !fail; k++) {
    char recv[11], due2[11], closed[11], phone[16];
    int rday = k < 8 ? today - (k < 4 ? k : 8 + k * 2) : today - 20 - k * 3;
    wd_format(rday, recv);
    int conduct = k % 20 == 7;
    const char *ch = chans[k % 6];
    int limit = !strcmp(ch, "信访") ? 15 : 5;
    wd_format(wd_add(&cal2, rday, limit), due2);
    snprintf(phone, sizeof phone, "139%08d", 10000000 + k * 7919 % 89999999);
    risks_complaint_row c = {.channel = ch, .category = conduct ? "工作作风" : cats[k % 6], .caller = k % 3 ? "匿名" : "王先生", .phone = phone,
                             .subject = conduct ? "反映专管员检查时索要香烟" : subj[k % 6], .content = "", .received_on = recv, .due = due2, .at = at,
                             .conduct = conduct, .limit_days = limit, .unit = unit_of(cunits[k % 7])};
    int64_t cid = c.unit ? risks_store_complaint_insert(&c) : 0;
    fail = !cid || risks_store_complaint_event(cid, "受理", c.subject, 0, at);
    if (!fail && k >= 8) {
      wd_format(wd_add(&cal2, rday, k % 9 == 0 ? limit + 2 : limit - 2), closed);
      fail = risks_store_complaint_reply(cid, "经核查已依法处理，并向来电人反馈处理结果", closed, at) ||
             risks_store_complaint_rate(cid, k % 17 == 0 ? "不满意" : k % 5 == 0 ? "基本满意" : "满意", "电话回访，来电人认可处理结果", closed, at);
    }
  }
  /* 安全生产, 应急预案, 舆情 and 保密 (demo_safety.c), on the same calendar. */
  char why[200] = "";
  if (!fail && risks_demo_safety(today, &cal2, at, why, sizeof why)) {
    free(cal2.days);
    db_rollback();
    snprintf(err, errlen, "%s", why);
    return -1;
  }
  free(cal2.days);
  if (!fail) fail = risks_demo_procure(today_s, at); /* 三项项目 with a planted split purchase and an advance payment */
  char sum[80];
  snprintf(sum, sizeof sum, "载入演示风险清单 %d 条、应急演练 2 次、投诉 120 件", made);
  if (!fail) fail = org_audit(NULL, "risks.demo.load", "demo", 0, sum, NULL, NULL);
  if (fail || db_commit() != DB_OK) { db_rollback(); snprintf(err, errlen, "无法写入演示风险清单"); return -1; }
  return 0;
}
