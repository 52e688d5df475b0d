/* rules.c — pure rules of 安全生产 and 保密: the built-in check templates by place (items after YC/T 384), the parser
 * of a check's answered form (outside input, fuzzed by fuzz/fuzz_risks_check.c), hazard deadlines and lights on the
 * working-day calendar, and the state of a classified document's loan. No I/O. */
#include "risks/risks.h"
#include <stdio.h>
#include <string.h>

/* The items follow YC/T 384 (烟草行业企业安全生产标准化规范) elements as a county bureau checks them. */
static const risks_check_item warehouse[] = {
  {"CK01", "消防设施", "灭火器数量、位置符合配置要求，压力指针在绿区，月检记录完整", 1},
  {"CK02", "消防设施", "室内消火栓箱无遮挡，水带、水枪、阀门齐全完好", 1},
  {"CK03", "安全疏散", "安全出口、疏散通道畅通，应急照明和疏散指示标志完好", 2},
  {"CK04", "电气安全", "库区灯具为冷光源或防爆型，无私拉乱接电线，下班切断库区电源", 1},
  {"CK05", "仓储管理", "卷烟堆码“五距”（垛距、墙距、柱距、灯距、顶距）符合要求", 1},
  {"CK06", "仓储管理", "库内温湿度监测正常，记录连续完整", 0},
  {"CK07", "特种设备", "叉车、堆高车定期检验合格，操作人员持证上岗", 1},
  {"CK08", "安全防范", "视频监控、入侵报警运行正常，录像保存不少于90天", 0},
  {"CK09", "动火管理", "库区严禁烟火标志醒目，动火作业审批手续齐全", 0},
  {"CK10", "应急管理", "现场处置方案上墙，应急物资（沙袋、挡水板、应急灯）齐备", 0},
};
static const risks_check_item vehicle[] = {
  {"CL01", "车辆技术状况", "制动、转向、灯光、轮胎完好，出车前例行检查记录完整", 1},
  {"CL02", "证照管理", "行驶证、年检合格标志、交强险均在有效期内", 0},
  {"CL03", "驾驶员管理", "驾驶证在有效期内，无未处理的超速等交通违法记录", 0},
  {"CL04", "随车安全设施", "随车灭火器、三角警示牌、反光背心齐全有效", 2},
  {"CL05", "货厢安全", "货厢门锁、防盗报警有效，卷烟装载不超高、不超载", 1},
  {"CL06", "动态监控", "北斗定位与车载视频在线，超速提醒开启", 0},
  {"CL07", "停车场管理", "车辆停放有序，充电桩周边无可燃物堆放", 1},
};
static const risks_check_item office[] = {
  {"BG01", "消防管理", "消防控制室24小时双人值班，值班人员持证上岗", 0},
  {"BG02", "消防设施", "火灾自动报警、自动喷淋系统运行正常，无故障点位", 1},
  {"BG03", "安全疏散", "楼梯间、走道畅通，常闭式防火门处于关闭状态", 2},
  {"BG04", "电气安全", "配电间整洁无杂物，线路无老化破损，无超负荷用电", 1},
  {"BG05", "特种设备", "电梯定期检验合格，合格证在有效期内并张贴", 0},
  {"BG06", "食堂安全", "燃气泄漏报警与切断装置有效，油烟管道定期清洗", 1},
  {"BG07", "信息机房", "机房温湿度、UPS、气体灭火系统运行正常", 0},
  {"BG08", "施工管理", "装修施工区与办公区隔离，动火作业审批并有人监护", 1},
};
static const risks_check_item outlet[] = {
  {"YY01", "消防设施", "灭火器配置到位、在有效期内，员工会使用", 1},
  {"YY02", "电气安全", "插座无超负荷使用，电器下班断电", 0},
  {"YY03", "安全疏散", "出入口畅通，无卷烟及杂物堆放", 2},
  {"YY04", "财物安全", "暂扣物品、票据、现金存放于保险柜，专人保管", 0},
  {"YY05", "执法装备", "执法记录仪、执法车辆完好，按规定充电存放", 0},
  {"YY06", "安全防范", "门窗防盗设施完好，视频监控运行正常", 1},
};

const char *const risks_check_places[] = {"仓库", "车辆", "办公楼", "营业网点", NULL};

const risks_check_item *risks_check_template(const char *place, size_t *n) {
  static const struct { const char *place; const risks_check_item *items; size_t n; } t[] = {
    {"仓库", warehouse, sizeof warehouse / sizeof warehouse[0]},
    {"车辆", vehicle, sizeof vehicle / sizeof vehicle[0]},
    {"办公楼", office, sizeof office / sizeof office[0]},
    {"营业网点", outlet, sizeof outlet / sizeof outlet[0]},
  };
  for (size_t i = 0; place && i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(place, t[i].place)) {
      if (n) *n = t[i].n;
      return t[i].items;
    }
  if (n) *n = 0;
  return NULL;
}

/* Characters of valid UTF-8 text, -1 when not valid. */
static long utf8_chars(const char *s) {
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
    int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
    if (!len) return -1;
    for (int k = 1; k < len; k++)
      if ((p[k] & 0xC0) != 0x80) return -1;
    p += len;
  }
  return n;
}

static int bad(char *why, size_t whylen, char *field, size_t fieldlen, const char *key, const char *fmt, size_t row, const char *what) {
  snprintf(field, fieldlen, "%s", key);
  snprintf(why, whylen, fmt, row, what);
  return -1;
}

int risks_check_results_parse(const char *place, const json_t *results, risks_check_result *out, size_t cap, size_t *n,
                              char *why, size_t whylen, char *field, size_t fieldlen) {
  size_t nt = 0;
  const risks_check_item *t = risks_check_template(place, &nt);
  return risks_check_results_parse_items(place, t, nt, results, out, cap, n, why, whylen, field, fieldlen);
}

int risks_check_results_parse_items(const char *place, const risks_check_item *t, size_t nt, const json_t *results, risks_check_result *out,
                                    size_t cap, size_t *n, char *why, size_t whylen, char *field, size_t fieldlen) {
  *n = 0;
  if (!t) return bad(why, whylen, field, fieldlen, "place", "检查场所应为 仓库、车辆、办公楼、营业网点 之一%.0zu%s", 0, "");
  if (!json_is_array(results)) return bad(why, whylen, field, fieldlen, "results", "检查结果应为数组%.0zu%s", 0, "");
  size_t nr = json_array_size(results);
  if (nr != nt || cap < nt) {
    snprintf(field, fieldlen, "results");
    snprintf(why, whylen, "“%s”检查表共 %zu 项，应逐项填写（收到 %zu 项）", place, nt, nr);
    return -1;
  }
  for (size_t i = 0; i < nr; i++) {
    const json_t *o = json_array_get(results, i);
    size_t row = i + 1;
    if (!json_is_object(o)) return bad(why, whylen, field, fieldlen, "results", "第%zu项应为对象%s", row, "");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)o, key, v) {
      if (strcmp(key, "code") && strcmp(key, "result") && strcmp(key, "note") && strcmp(key, "severity") && strcmp(key, "limit_days"))
        return bad(why, whylen, field, fieldlen, "results", "第%zu项有未知字段 %.40s", row, key);
    }
    const char *code = json_string_value(json_object_get(o, "code"));
    const risks_check_item *it = NULL;
    for (size_t k = 0; code && k < nt; k++)
      if (!strcmp(code, t[k].code)) it = &t[k];
    if (!it) return bad(why, whylen, field, fieldlen, "results", "第%zu项的检查项编号不属于“%s”检查表", row, place);
    for (size_t k = 0; k < i; k++)
      if (out[k].item == it) return bad(why, whylen, field, fieldlen, "results", "第%zu项与前面的检查项 %s 重复", row, it->code);
    risks_check_result *rr = &out[i];
    memset(rr, 0, sizeof *rr);
    rr->item = it;
    const char *res = json_string_value(json_object_get(o, "result"));
    if (res && !strcmp(res, "合格")) rr->result = 0;
    else if (res && !strcmp(res, "不合格")) rr->result = 1;
    else if (res && !strcmp(res, "不适用")) rr->result = 2;
    else return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）的结论应为 合格、不合格、不适用 之一", row, it->code);
    const json_t *nv = json_object_get(o, "note");
    const char *note = json_string_value(nv);
    if (nv && !json_is_null(nv) && !note) return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）的情况说明应为文字", row, it->code);
    long chars = note ? utf8_chars(note) : 0;
    if (chars < 0 || chars > 500 || (note && strlen(note) >= sizeof rr->note))
      return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）的情况说明应为不超过500字的文字", row, it->code);
    snprintf(rr->note, sizeof rr->note, "%s", note ? note : "");
    const json_t *sv = json_object_get(o, "severity"), *lv = json_object_get(o, "limit_days");
    if (rr->result != 1) {
      if ((sv && !json_is_null(sv)) || (lv && !json_is_null(lv)))
        return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）未判为不合格，不应填写隐患等级或整改时限", row, it->code);
      continue;
    }
    int blank = 1;
    for (const char *p = rr->note; *p; p++) blank = blank && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
    if (blank) return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）不合格，应说明发现的隐患", row, it->code);
    const char *sev = json_string_value(sv);
    if (sv && !json_is_null(sv) && !(sev && (!strcmp(sev, "一般隐患") || !strcmp(sev, "重大隐患"))))
      return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）的隐患等级应为 一般隐患 或 重大隐患", row, it->code);
    rr->major = sev && !strcmp(sev, "重大隐患");
    rr->limit_days = rr->major ? 30 : 10;
    if (lv && !json_is_null(lv)) {
      if (!json_is_integer(lv) || json_integer_value(lv) < 1 || json_integer_value(lv) > 90)
        return bad(why, whylen, field, fieldlen, "results", "第%zu项（%s）的整改时限应为1至90个工作日", row, it->code);
      rr->limit_days = (int)json_integer_value(lv);
    }
  }
  *n = nr;
  return 0;
}

const char *risks_template_prefix(const char *place) {
  static const char *const pre[] = {"CK", "CL", "BG", "YY"};
  for (size_t i = 0; place && risks_check_places[i]; i++)
    if (!strcmp(place, risks_check_places[i])) return pre[i];
  return NULL;
}

const char *risks_template_photo_code(int photo) { return photo == 2 ? "always" : photo == 1 ? "on_fail" : "none"; }

int risks_template_photo_parse(const char *s) {
  if (!s) return -1;
  if (!strcmp(s, "always")) return 2;
  if (!strcmp(s, "on_fail")) return 1;
  return !strcmp(s, "never") || !strcmp(s, "none") ? 0 : -1;
}

static int tbad(char *why, size_t whylen, char *field, size_t fieldlen, size_t row, const char *key, const char *fmt, const char *a) {
  if (key) snprintf(field, fieldlen, "items[%zu].%s", row - 1, key);
  else snprintf(field, fieldlen, "items[%zu]", row - 1);
  char msg[200];
  snprintf(msg, sizeof msg, fmt, a);
  snprintf(why, whylen, "第%zu行：%s", row, msg);
  return -1;
}

/* Valid UTF-8 of at most max characters, no control characters; blank (only spaces) counts as empty. 1 ok. */
static int text_ok(const char *s, long max, int required) {
  long chars = utf8_chars(s);
  if (chars < 0 || chars > max) return 0;
  int blank = 1;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) return 0;
    if (*p != ' ') blank = 0;
  }
  return !required || !blank;
}

int risks_template_parse(const char *place, const json_t *items, const risks_check_item *cur, size_t ncur, int used, risks_template_edit *out,
                         char *why, size_t whylen, char *field, size_t fieldlen) {
  const char *pre = risks_template_prefix(place);
  out->n = 0;
  if (!pre) {
    snprintf(field, fieldlen, "place");
    snprintf(why, whylen, "检查场所应为 仓库、车辆、办公楼、营业网点 之一");
    return -1;
  }
  size_t n = json_array_size(items);
  if (!json_is_array(items) || !n || n > RISKS_TEMPLATE_MAX) {
    snprintf(field, fieldlen, "items");
    snprintf(why, whylen, "检查项应为1至%d行的列表（收到 %zu 行）", RISKS_TEMPLATE_MAX, json_is_array(items) ? n : (size_t)0);
    return -1;
  }
  int next = used < 0 ? 0 : used;
  for (size_t i = 0; i < n; i++) {
    const json_t *o = json_array_get(items, i);
    size_t row = i + 1;
    if (!json_is_object(o)) return tbad(why, whylen, field, fieldlen, row, NULL, "应为对象%s", "");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)o, key, v) {
      if (strcmp(key, "code") && strcmp(key, "element") && strcmp(key, "text") && strcmp(key, "photo"))
        return tbad(why, whylen, field, fieldlen, row, NULL, "有未知字段 %.40s", key);
    }
    risks_check_item *it = &out->items[i];
    const json_t *cv = json_object_get(o, "code");
    if (cv && !json_is_null(cv)) {
      const char *code = json_string_value(cv);
      const risks_check_item *was = NULL;
      for (size_t k = 0; code && k < ncur; k++)
        if (!strcmp(code, cur[k].code)) was = &cur[k];
      if (!was) return tbad(why, whylen, field, fieldlen, row, "code", "检查项编号%.20s不属于现行检查表（新增的行不填编号）", code ? code : "");
      for (size_t k = 0; k < i; k++)
        if (!strcmp(out->items[k].code, was->code)) return tbad(why, whylen, field, fieldlen, row, "code", "检查项编号 %.20s 与前面的行重复", was->code);
      snprintf(out->codes[i], sizeof out->codes[i], "%s", was->code);
    } else {
      if (next >= 9999) return tbad(why, whylen, field, fieldlen, row, "code", "检查项编号已用尽%s", "");
      snprintf(out->codes[i], sizeof out->codes[i], "%s%02d", pre, ++next);
    }
    it->code = out->codes[i];
    const json_t *ev = json_object_get(o, "element");
    const char *el = json_string_value(ev);
    if (ev && !json_is_null(ev) && (!el || !text_ok(el, RISKS_TEMPLATE_ELEMENT, 0)))
      return tbad(why, whylen, field, fieldlen, row, "element", "检查要素应为不超过30字的文字%s", "");
    it->element = el ? el : "";
    const char *text = json_string_value(json_object_get(o, "text"));
    if (!text || !text_ok(text, RISKS_TEMPLATE_TEXT, 1))
      return tbad(why, whylen, field, fieldlen, row, "text", "检查内容必填，应为不超过200字的文字%s", "");
    for (size_t k = 0; k < i; k++)
      if (!strcmp(out->items[k].text, text)) {
        char also[40];
        snprintf(also, sizeof also, "%zu", k + 1);
        return tbad(why, whylen, field, fieldlen, row, "text", "检查内容与第%s行重复", also);
      }
    it->text = text;
    it->photo = risks_template_photo_parse(json_string_value(json_object_get(o, "photo")));
    if (it->photo < 0) return tbad(why, whylen, field, fieldlen, row, "photo", "拍照要求应为 always（每次拍照）、on_fail（不合格时拍照）、never（不需拍照）之一%s", "");
  }
  int same = n == ncur;
  for (size_t i = 0; same && i < n; i++)
    same = !strcmp(out->items[i].code, cur[i].code) && !strcmp(out->items[i].element, cur[i].element) && !strcmp(out->items[i].text, cur[i].text) &&
           out->items[i].photo == cur[i].photo;
  if (same) {
    snprintf(field, fieldlen, "items");
    snprintf(why, whylen, "检查项与现行检查表相同，无需发布新版本");
    return -1;
  }
  out->n = n;
  return 0;
}

int risks_hazard_due(const wd_cal *cal, int found, int limit_days) { return wd_add(cal, found, limit_days); }

const char *risks_hazard_light(int closed, int due, int today) {
  if (closed) return "done";
  if (due < today) return "red";
  return due == today ? "yellow" : "green";
}

int risks_loan_late(int due, int returned, int today, int *state) {
  if (returned >= 0) {
    *state = returned > due ? 3 : 2;
    return returned > due ? returned - due : 0;
  }
  *state = today > due ? 1 : 0;
  return today > due ? today - due : 0;
}

const char *risks_loan_state_name(int state) {
  static const char *const names[] = {"借出", "逾期未还", "已归还", "逾期归还"};
  return state >= 0 && state < 4 ? names[state] : "";
}
