/* demo.c — demo data of the tasks module (`bureau init --demo`): the seed's 2023 plan parsed and its 一是-level items
 * assigned across the demo units with a believable mix of progress around today, plus the 2022 办实事 list (28 items)
 * and 整改 list (21 items) whose totals are the seed's figures (8.96万元, 8757元, 8631元, 26人次). */
#include "tasks/internal.h"
#include "tasks/plan_parse.h"
#include <stdio.h>
#include <string.h>

/* The second half of the seed: "二、2023年具体工作安排" onward. */
static const char seed_2023[] =
    "二、2023年具体工作安排\n"
    "2023年是全面贯彻落实党的二十大精神之年，做好明年工作责任重大、使命光荣。全局上下要统一思想、凝聚共识，聚焦省局“生态培基年”定位要求和“1116”工作思路，扎扎实实强党建、稳运行、严监管、优生态、提活力、防风险，以稳中有进的工作状态完成“生态培基年”的各项任务。\n"
    "（一）坚定政治方向，开创党建引领新局面。坚持以党的政治建设为统领，牢牢把握正确政治方向，忠诚拥护“两个确立”，坚决做到“两个维护”，准确全面贯彻新发展理念。一是持续夯实政治根基。把学习习近平总书记重要讲话精神作为第一议题，把宣贯党的二十大精神作为重要政治任务，并与党史学习教育相结合，通过“线上+线下”“集中+自觉”等方式，形成浓厚学习氛围，推动学习成果实践转化、落地生根。二是持续推进党业融合。以“三型”党组织建设、“党支部+项目”机制、基层党组织标准化规范化建设为抓手，聚焦主责主业和数字化转型的重点难点工作，让党旗飘扬在数字化转型主战场。三是持续加强管党治党。坚持拉紧政治红线，压实压紧“两个责任”，贯彻落实“一岗双责”。加强监督执纪，开展整改“回头看”，进一步巩固整改成果，强化事前监督，确保“抓早、抓小、抓苗头”。不断健全完善《员工一般性违规违纪行为处理办法》，深入贯彻执行，推动全面从严治党向基层延伸。\n"
    "（二）坚持管理转型，激发现代企业新效能。紧跟管理转型步伐，践行精实管理内涵，系统升级管理理念、制度、工具、队伍，不断推进治理体系和治理能力向现代化转变。一是不断夯实管理基础。启动办公大楼装修“一号工程”，改善办公环境，提升职工幸福感。融入全市一体管理格局，推进跨部门联办事项和集成办理流程梳理，深化企业“最多跑一次”改革。选点市场部，启动数字化所队部建设，打通平台数据，实现各项指标数据一体化、可视化，实现横向纵向实时对比，发挥数据驱动管理作用。二是持续促进规范管理。深入推进法治建设，组织开展《烟草专卖法》实施30周年系列宣传。加强三项工作全流程在线闭环管控，进一步提升采购规范水平。聚焦问题多发、风险集中的重点领域，综合运用审计手段，强化审计结果应用，提高审计监督实效。三是统筹推进队伍管理。聚焦干部队伍的育选管用，加强和改进干部考核评价，严格干部管理监督，开展数字化转型培训辅导，锤炼一支廉政勤政的高素质干部铁军。发挥内训师队伍专业优势，推出共享课程，强化骨干人才辐射效应，培养一批复合型人才。深化“项目+人才+激励”机制，提升专班攻坚配合度和作战能力，擦亮常烟融媒体和常烟数据小团的“金名片”。发挥考核“指挥棒”作用，突出实干导向、创新导向，进一步激发人才队伍活力。发挥群团工会作用，开展形式多样的群众性文体活动，充盈职工精神文化需求。四是高压加强风险管理。加强全领域风险防控，统筹抓好疫情防控、安全生产、保密管理、舆情管理、网络安全等各项工作，聚焦重点领域、重点环节常态化开展应急演练，提升科学防控和应急处置能力，为高质量发展营造和谐稳定环境。\n";

static int64_t unit_of(const char *code) { return org_unit_id_by_code(code); }

/* The unit's head (dept_head role) when it has one, else its first member. */
static int64_t head_of(const char *code, const char *role) {
  db_stmt *s = db_prepare("SELECT u.id, u.name FROM users u WHERE u.unit_id = ?1 ORDER BY"
                          " EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.code = ?2) DESC, u.id LIMIT 1");
  if (!s) return 0;
  db_bind_int(s, 1, unit_of(code));
  db_bind_text(s, 2, role);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}

static void user_name(int64_t id, char out[64]) {
  db_stmt *s = db_prepare("SELECT name FROM users WHERE id = ?");
  out[0] = 0;
  if (!s) return;
  db_bind_int(s, 1, id);
  if (db_step(s) == DB_ROW) snprintf(out, 64, "%s", db_col_text(s, 0));
  db_reset(s);
}

static void day(int offset, char out[11]) {
  char t[11];
  tasks_today(t);
  wd_format(wd_parse(t) + offset, out);
}
static void stamp(int offset, const char *hm, char out[20]) {
  char d[11];
  day(offset, d);
  snprintf(out, 20, "%s %s", d, hm);
}

/* One task of the demo: which plan item (index among the 一是-level nodes, -1 ad hoc), who, when, how far. */
static const struct demo_task {
  int node;
  const char *title, *lead, *co, *priority, *status;
  int start, due, progress, urges, closed; /* days from today */
  const char *eval;
  const char *reports[3];
} demo_tasks[] = {
  {0, "持续夯实政治根基：第一议题学习与二十大精神宣贯", "BGS", "NGK", "高", "已办结", -150, -20, 100, 0, -25, "优秀",
   {"制定全年理论学习计划，落实“第一议题”制度", "开展“周一夜学”12期、专题读书班2期", "二十大精神宣讲覆盖全体员工，学习成果转化案例汇编成册"}},
  {1, "持续推进党业融合：“党支部+项目”机制", "SCB", "BGS", "高", "办理中", -120, 40, 60, 0, 0, NULL,
   {"确定“三型”党组织建设项目3个", "党员先锋岗在数字化转型主战场挂牌", NULL}},
  {2, "持续加强管党治党：整改“回头看”与监督执纪", "NGK", "BGS", "高", "办理中", -100, 2, 30, 1, 0, NULL,
   {"梳理2022年整改事项21项，制定回头看工作方案", NULL, NULL}},
  {3, "不断夯实管理基础：办公大楼装修“一号工程”", "CWK", "BGS", "中", "办理中", -90, -12, 50, 2, 0, NULL,
   {"完成装修方案比选和预算评审", "采购程序已完成，进场施工", NULL}},
  {4, "持续促进规范管理：《烟草专卖法》实施30周年宣传", "CQS", "JCD", "中", "待审核", -80, 10, 90, 0, 0, NULL,
   {"进社区、进校园、进商户宣传12场", "发放宣传资料3000份，开展法治讲座2次", "系列宣传活动已全部完成，提交总结材料"}},
  {5, "统筹推进队伍管理：干部考核评价与数字化转型培训", "BGS", NULL, "中", "已交办", -10, 60, 0, 0, 0, NULL, {NULL, NULL, NULL}},
  {6, "高压加强风险管理：全领域风险防控与应急演练", "WLZX", "NGK", "高", "草稿", 0, 90, 0, 0, 0, NULL, {NULL, NULL, NULL}},
  {-1, "卷烟市场专项整治行动", "JCD", "CQS", "高", "办理中", -60, 15, 70, 0, 0, NULL,
   {"联合城区所开展夜查行动4次", "查处无证经营案件5起，查获卷烟320条", NULL}},
  {-1, "龙潭所数字化所队部建设试点", "LTS", "SCB", "中", "已办结", -70, -8, 100, 1, -3, "良好",
   {"完成辖区零售户数据采集", "指标看板上线试运行", "试点总结已报送"}},
};

static int add_event(int64_t task, const char *kind, int pct, const char *text, int64_t uid, int off, const char *hm) {
  char at[20], name[64];
  stamp(off, hm, at);
  user_name(uid, name);
  return tasks_event_add(task, kind, pct, text, uid, name, at);
}

static int load_tasks(int64_t plan) {
  int64_t nodes[16];
  size_t nn = 0;
  /* The 一是-level items: inline markers ending in 是, in document order. */
  db_stmt *s = db_prepare("SELECT id FROM task_plan_nodes WHERE plan_id = ? AND label LIKE '%是' ORDER BY id");
  if (!s) return -1;
  db_bind_int(s, 1, plan);
  while (nn < 16 && db_step(s) == DB_ROW) nodes[nn++] = db_col_int(s, 0);
  db_reset(s);
  int64_t sup = head_of("JLD", "leader"), admin = head_of("JU", "admin");
  for (size_t i = 0; i < sizeof demo_tasks / sizeof demo_tasks[0]; i++) {
    const struct demo_task *d = &demo_tasks[i];
    int64_t node = d->node >= 0 && (size_t)d->node < nn ? nodes[d->node] : 0;
    int64_t owner = head_of(d->lead, "dept_head");
    char start[11], due[11], created[20], closed[20] = "", co[32] = "[]";
    day(d->start, start);
    day(d->due, due);
    stamp(d->start - 3, "09:00:00", created);
    if (d->closed) stamp(d->closed, "16:30:00", closed);
    if (d->co) snprintf(co, sizeof co, "[%lld]", (long long)unit_of(d->co));
    s = db_prepare("INSERT INTO tasks(plan_id, node_id, title, content, lead_unit_id, co_unit_ids, owner_id, leader_id, start_date, due_date, priority,"
                   " evidence_required, status, progress, urge_count, evaluation, assigned_at, closed_at, created_by, created_at, updated_at, workdays)"
                   " VALUES(?1,?2,?3,COALESCE((SELECT title || body FROM task_plan_nodes WHERE id = ?2), '局领导交办事项'),?4,?5,?6,?7,?8,?9,?10,'工作总结、照片或台账',?11,?12,?13,?14,"
                   " CASE WHEN ?11 <> '草稿' THEN ?15 END, NULLIF(?16, ''), ?17, ?15, ?15, 1)");
    if (!s) return -1;
    if (node) db_bind_int(s, 1, plan); else db_bind_null(s, 1);
    if (node) db_bind_int(s, 2, node); else db_bind_null(s, 2);
    db_bind_text(s, 3, d->title);
    db_bind_int(s, 4, unit_of(d->lead));
    db_bind_text(s, 5, co);
    db_bind_int(s, 6, owner);
    db_bind_int(s, 7, sup);
    db_bind_text(s, 8, start);
    db_bind_text(s, 9, due);
    db_bind_text(s, 10, d->priority);
    db_bind_text(s, 11, d->status);
    db_bind_int(s, 12, d->progress);
    db_bind_int(s, 13, d->urges);
    db_bind_text(s, 14, d->eval ? d->eval : "");
    db_bind_text(s, 15, created);
    db_bind_text(s, 16, closed);
    db_bind_int(s, 17, admin);
    if (db_step(s) != DB_DONE) return -1;
    int64_t id = db_last_id();
    int off = d->start - 3;
    if (add_event(id, "create", -1, "立项", admin, off, "09:00:00")) return -1;
    if (!strcmp(d->status, "草稿")) continue;
    if (add_event(id, "assign", -1, "交办", sup, off, "10:00:00") || add_event(id, "accept", -1, "已签收", owner, off + 1, "08:40:00")) return -1;
    int nrep = 0;
    while (nrep < 3 && d->reports[nrep]) nrep++;
    for (int k = 0; k < nrep; k++) {
      int pct = d->progress * (k + 1) / nrep;
      int at = d->start + (k + 1) * ((d->closed ? d->closed : 0) - d->start) / (nrep + 1);
      if (add_event(id, "report", pct, d->reports[k], owner, at, "17:00:00")) return -1;
    }
    for (int k = 0; k < d->urges; k++)
      if (add_event(id, "urge", -1, "请抓紧推进，按期办结", sup, -4 + k * 2, "09:30:00")) return -1;
    if (!strcmp(d->status, "待审核") || d->closed) {
      if (add_event(id, "submit", -1, "已按要求完成，申请办结", owner, d->closed ? d->closed - 1 : -1, "15:00:00")) return -1;
    }
    if (d->closed) {
      char ev[64];
      snprintf(ev, sizeof ev, "评价：%s", d->eval);
      if (add_event(id, "close", -1, ev, sup, d->closed, "16:30:00")) return -1;
    }
  }
  return 0;
}

/* 2022 我为群众办实事 list: 28 items (the seed names the first four). */
static const struct { const char *title, *group, *unit, *measures; } shishi[] = {
  {"职工食堂改造", "基层", "BGS", "改造后厨和就餐区，增加菜品种类"},
  {"大院路面白改黑", "基层", "BGS", "大院路面沥青化改造，施划停车位"},
  {"管道天然气改造", "基层", "CWK", "食堂及宿舍接入管道天然气，消除瓶装气安全隐患"},
  {"结对9名困难零售客户定制“党建服务包”", "客户", "SCB", "支部党员一对一结对，提供经营指导和帮扶"},
  {"零售客户经营培训进乡镇", "客户", "SCB-DB", "在乡镇开设小店数字化经营培训班"},
  {"开通零售户诉求“快速响应”通道", "客户", "SCB", "诉求24小时内响应，办结后回访"},
  {"许可证办理“最多跑一次”", "群众", "CQS", "延续、变更业务网上办、就近办"},
  {"许可证延续上门服务", "客户", "LTS", "对行动不便的经营户上门受理"},
  {"偏远乡镇送货线路优化", "客户", "WLZX", "调整送货线路，缩短偏远客户等货时间"},
  {"雨季送货防潮措施", "客户", "WLZX", "配备防雨罩和防潮箱"},
  {"零售户自助终端应用推广", "客户", "SCB-CQ", "帮助零售户安装使用香溢通"},
  {"小店数字化经营能力检测", "客户", "SCB-XB", "为零售户出具经营诊断书"},
  {"职工健康体检扩项", "基层", "BGS", "体检增加肿瘤筛查等项目"},
  {"一线员工工作餐补贴", "基层", "CWK", "提高一线员工工作餐补贴标准"},
  {"职工书屋升级", "基层", "BGS", "增加图书和电子阅读设备"},
  {"职工活动室改造", "基层", "BGS", "添置健身器材，延长开放时间"},
  {"困难职工帮扶", "基层", "BGS", "建立困难职工档案，节日走访慰问"},
  {"夏季一线防暑降温", "基层", "WLZX", "为送货员、专管员配发防暑物品"},
  {"卷烟打假普法进社区", "群众", "JCD", "进社区宣传真假烟鉴别知识"},
  {"涉烟举报奖励兑现提速", "群众", "JCD", "举报奖励审核时限压缩至10个工作日"},
  {"未成年人禁烟宣传进校园", "群众", "CQS", "在中小学周边开展控烟宣传和检查"},
  {"校园周边售烟专项检查", "群众", "SMS", "检查校园周边零售点，规范标识张贴"},
  {"助农帮扶采购农产品", "群众", "BGS", "食堂优先采购结对村农产品"},
  {"结对村道路亮化", "群众", "BGS", "资助结对村安装路灯"},
  {"零售户经营场所消防安全指导", "客户", "SMS", "联合消防检查零售户用电用火安全"},
  {"财务报销流程线上化", "基层", "CWK", "报销单据线上审批，缩短报销周期"},
  {"内部监督意见箱线上化", "基层", "NGK", "开通线上意见箱，每月公开处理结果"},
  {"零售户满意度回访", "客户", "SCB-NB", "每季度抽样回访，问题整改闭环"},
};

/* 2022 整改 list: 21 items; money in 元 (整改涉及金额, 收回损失, 清退费用) and 处理处分人次. */
static const struct { const char *source, *title, *unit, *measures; int amount, recovered, refunded, people; } zhenggai[] = {
  {"市局政治巡察反馈", "采购制度执行不严格，部分零星采购未比价", "CWK", "修订采购管理办法，开展采购自查", 12000, 3200, 0, 3},
  {"市局政治巡察反馈", "餐费报销审核不严", "CWK", "逐笔核查2021年以来餐费报销，清退不合规费用", 8500, 0, 1850, 2},
  {"市局政治巡察反馈", "车辆维修未按规定定点", "BGS", "车辆维修统一定点并建立维修台账", 15600, 2557, 0, 5},
  {"市局政治巡察反馈", "“三重一大”决策记录不完整", "BGS", "完善会议记录模板，补齐决策程序", 0, 0, 0, 0},
  {"市局政治巡察反馈", "党组理论学习中心组学习流于形式", "BGS", "制定学习计划，实行专题发言制度", 0, 0, 0, 0},
  {"市局政治巡察反馈", "基层党支部组织生活不规范", "BGS", "开展支部标准化规范化建设", 0, 0, 0, 0},
  {"市局政治巡察反馈", "加班补贴发放依据不足", "CWK", "核查加班记录，清退多发补贴", 6200, 0, 2781, 1},
  {"市局政治巡察反馈", "固定资产账实不符", "CWK", "全面盘点固定资产，账实核对", 9800, 3000, 0, 4},
  {"两项整改", "零售户档位调整审批不规范", "SCB", "档位调整全部线上审批留痕", 0, 0, 0, 0},
  {"两项整改", "客户经理代客户订货", "SCB", "开展专项检查，严禁代订货", 4300, 0, 0, 2},
  {"两项整改", "货源分配透明度不够", "SCB", "货源投放策略按月公开", 0, 0, 0, 0},
  {"两项整改", "专卖执法案卷不规范", "CQS", "案卷评查，统一文书格式", 0, 0, 0, 0},
  {"两项整改", "许可证审批超时限", "CQS", "建立审批时限预警", 0, 0, 0, 0},
  {"两项整改", "物流费用结算不及时", "WLZX", "规范结算流程，按月结算", 11000, 0, 4000, 3},
  {"两项整改", "内部专卖管理监督检查覆盖不全", "NGK", "制定年度监督检查计划，实现全覆盖", 0, 0, 0, 0},
  {"政治巡察“回头看”", "采购整改不彻底，仍有未比价采购", "CWK", "再次比价并追责", 7400, 0, 0, 1},
  {"政治巡察“回头看”", "公务接待清单不完整", "BGS", "补齐接待清单，严格审批", 5200, 0, 0, 2},
  {"政治巡察“回头看”", "稽查办案经费使用不规范", "JCD", "规范办案经费审批和报销", 9600, 0, 0, 3},
  {"政治巡察“回头看”", "员工违纪违规处理标准不统一", "NGK", "制定《员工一般性违纪违规行为处理办法》", 0, 0, 0, 0},
  {"政治巡察“回头看”", "廉政风险点排查不到位", "NGK", "重新排查岗位廉政风险点并建档", 0, 0, 0, 0},
  {"政治巡察“回头看”", "整改台账更新不及时", "BGS", "整改台账按月更新并报送", 0, 0, 0, 0},
};

static int64_t new_checklist(const char *kind, const char *title, int year) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO task_checklists(kind, title, year, created_at, updated_at) VALUES(?,?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, kind);
  db_bind_text(s, 2, title);
  db_bind_int(s, 3, year);
  db_bind_text(s, 4, at);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

static int add_item(int64_t cl, int seq, const char *title, const char *group, const char *source, const char *measures, const char *unit,
                    const char *due, int64_t amount, int64_t recovered, int64_t refunded, int64_t people, const char *status, const char *closed) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO task_checklist_items(checklist_id, seq, title, target_group, source, measures, unit_id, owner_id, due_date,"
                          " amount_fen, recovered_fen, refunded_fen, people, status, evidence, submitted_at, closed_at, created_at, updated_at)"
                          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?18)");
  if (!s) return -1;
  db_bind_int(s, 1, cl);
  db_bind_int(s, 2, seq);
  db_bind_text(s, 3, title);
  db_bind_text(s, 4, group);
  db_bind_text(s, 5, source);
  db_bind_text(s, 6, measures);
  db_bind_int(s, 7, unit_of(unit));
  int64_t owner = head_of(unit, "dept_head");
  if (owner) db_bind_int(s, 8, owner); else db_bind_null(s, 8);
  db_bind_text(s, 9, due);
  db_bind_int(s, 10, amount);
  db_bind_int(s, 11, recovered);
  db_bind_int(s, 12, refunded);
  db_bind_int(s, 13, people);
  db_bind_text(s, 14, status);
  db_bind_text(s, 15, strcmp(status, "进行中") ? "已完成，附工作总结及现场照片" : "");
  db_bind_text(s, 16, strcmp(status, "进行中") ? closed : NULL);
  db_bind_text(s, 17, strcmp(status, "已销号") ? NULL : closed);
  db_bind_text(s, 18, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

static int load_checklists(void) {
  int64_t cl = new_checklist("办实事", "2022年“我为群众办实事”清单", 2022);
  if (!cl) return -1;
  for (size_t i = 0; i < sizeof shishi / sizeof shishi[0]; i++) {
    char due[11], closed[20];
    snprintf(due, sizeof due, "2022-%02zu-%02d", 3 + i * 9 / 28, 28);
    snprintf(closed, sizeof closed, "2022-%02zu-%02d 16:00:00", 3 + i * 9 / 28, i % 5 == 4 ? 30 : 20);
    /* Two late closures, the rest on time: a believable record. */
    if (add_item(cl, (int)i + 1, shishi[i].title, shishi[i].group, "", shishi[i].measures, shishi[i].unit, due, 0, 0, 0, 0, "已销号", closed)) return -1;
  }
  cl = new_checklist("整改", "2022年政治巡察反馈、“两项整改”及“回头看”整改清单", 2022);
  if (!cl) return -1;
  for (size_t i = 0; i < sizeof zhenggai / sizeof zhenggai[0]; i++) {
    char due[11], closed[20];
    snprintf(due, sizeof due, "2022-%02zu-30", 4 + i * 8 / 21);
    snprintf(closed, sizeof closed, "2022-%02zu-25 10:00:00", 4 + i * 8 / 21);
    if (add_item(cl, (int)i + 1, zhenggai[i].title, "", zhenggai[i].source, zhenggai[i].measures, zhenggai[i].unit, due,
                 (int64_t)zhenggai[i].amount * 100, (int64_t)zhenggai[i].recovered * 100, (int64_t)zhenggai[i].refunded * 100,
                 zhenggai[i].people, "已销号", closed))
      return -1;
  }
  return 0;
}

/* 督办管理员 for the 办公室主任 and the office's first clerk (by position, then id). */
static int give_supervision_admin(void) {
  db_stmt *s = db_prepare("INSERT OR IGNORE INTO user_roles(user_id, role_id) SELECT u.id, r.id FROM users u JOIN roles r ON r.code = 'supervision_admin'"
                          " WHERE u.id IN (SELECT id FROM users WHERE unit_id = (SELECT id FROM units WHERE code = 'BGS') AND position = '办公室主任'"
                          " UNION ALL SELECT * FROM (SELECT id FROM users WHERE unit_id = (SELECT id FROM units WHERE code = 'BGS') AND position <> '办公室主任'"
                          " ORDER BY id LIMIT 1))");
  return s && db_step(s) == DB_DONE ? 0 : -1;
}

int tasks_demo_load(char *err, size_t errlen) {
  db_stmt *s = db_prepare("SELECT (SELECT count(*) FROM task_plans) + (SELECT count(*) FROM task_checklists)");
  int64_t have = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (have != 0) {
    if (have < 0) snprintf(err, errlen, "读取督办数据失败: %s", db_errmsg());
    return have < 0 ? -1 : 0;
  }
  if (!org_unit_id_by_code("BGS")) return 0; /* no demo county: nothing to hang the tasks on */
  /* The office runs 督查督办: the built-in 督办管理员 role (made and granted by org) for its director and one clerk. */
  tasks_register_catalogue();
  if (org_grants_apply()) { snprintf(err, errlen, "无法建立督办管理员角色"); return -1; }
  char perr[160];
  plan_tree *t = plan_parse(seed_2023, strlen(seed_2023), perr, sizeof perr);
  json_t *tree = t ? plan_tree_json(t) : NULL;
  plan_tree_free(t);
  if (!tree) { snprintf(err, errlen, "演示计划解析失败: %s", perr); return -1; }
  if (db_begin() != DB_OK) { json_decref(tree); snprintf(err, errlen, "数据库忙"); return -1; }
  int64_t plan = tasks_plan_insert(2023, "2023年具体工作安排", "生态培基年", seed_2023, tree, 0);
  json_decref(tree);
  int fail = !plan || load_tasks(plan) || load_checklists() || give_supervision_admin() ||
             org_audit(NULL, "tasks.demo.load", "demo", 0, "载入演示督办数据：2023年工作计划、督办任务、办实事与整改清单", NULL, NULL);
  if (fail) { db_rollback(); snprintf(err, errlen, "演示督办数据载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("演示督办数据已载入：2023年工作计划、%zu项督办任务、办实事清单%zu条、整改清单%zu条。\n", sizeof demo_tasks / sizeof demo_tasks[0],
         sizeof shishi / sizeof shishi[0], sizeof zhenggai / sizeof zhenggai[0]);
  return 0;
}
