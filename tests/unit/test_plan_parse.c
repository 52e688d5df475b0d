/* test_plan_parse.c — unit tests for the annual-plan outline parser (src/tasks/plan_parse.c) and its CLI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <cmocka.h>

#include "tasks/plan_parse.h"

/* The second half of the seed plan (seed 000_eded57a9a72bcd31, "二、2023年具体工作安排" onward). */
static const char SEED_2023[] =
    "二、2023年具体工作安排\n"
    "2023年是全面贯彻落实党的二十大精神之年，做好明年工作责任重大、使命光荣。全局上下要统一思想、凝聚共识，聚焦省局“生态培基年”定位要求和“1116”工作思路，扎扎实实强党建、稳运行、严监管、优生态、提活力、防风险，以稳中有进的工作状态完成“生态培基年”的各项任务。\n"
    "（一）坚定政治方向，开创党建引领新局面。坚持以党的政治建设为统领，牢牢把握正确政治方向，忠诚拥护“两个确立”，坚决做到“两个维护”，准确全面贯彻新发展理念。一是持续夯实政治根基。把学习习近平总书记重要讲话精神作为第一议题，把宣贯党的二十大精神作为重要政治任务，并与党史学习教育相结合，通过“线上+线下”“集中+自觉”等方式，形成浓厚学习氛围，推动学习成果实践转化、落地生根。二是持续推进党业融合。以“三型”党组织建设、“党支部+项目”机制、基层党组织标准化规范化建设为抓手，聚焦主责主业和数字化转型的重点难点工作，让党旗飘扬在数字化转型主战场。三是持续加强管党治党。坚持拉紧政治红线，压实压紧“两个责任”，贯彻落实“一岗双责”。加强监督执纪，开展整改“回头看”，进一步巩固整改成果，强化事前监督，确保“抓早、抓小、抓苗头”。不断健全完善《员工一般性违规违纪行为处理办法》，深入贯彻执行，推动全面从严治党向基层延伸。\n"
    "（二）坚持管理转型，激发现代企业新效能。紧跟管理转型步伐，践行精实管理内涵，系统升级管理理念、制度、工具、队伍，不断推进治理体系和治理能力向现代化转变。一是不断夯实管理基础。启动办公大楼装修“一号工程”，改善办公环境，提升职工幸福感。融入全市一体管理格局，推进跨部门联办事项和集成办理流程梳理，深化企业“最多跑一次”改革。选点市场部，启动数字化所队部建设，打通平台数据，实现各项指标数据一体化、可视化，实现横向纵向实时对比，发挥数据驱动管理作用。二是持续促进规范管理。深入推进法治建设，组织开展《烟草专卖法》实施30周年系列宣传。加强三项工作全流程在线闭环管控，进一步提升采购规范水平。聚焦问题多发、风险集中的重点领域，综合运用审计手段，强化审计结果应用，提高审计监督实效。三是统筹推进队伍管理。聚焦干部队伍的育选管用，加强和改进干部考核评价，严格干部管理监督，开展数字化转型培训辅导，锤炼一支廉政勤政的高素质干部铁军。发挥内训师队伍专业优势，推出共享课程，强化骨干人才辐射效应，培养一批复合型人才。深化“项目+人才+激励”机制，提升专班攻坚配合度和作战能力，擦亮常烟融媒体和常烟数据小团的“金名片”。发挥考核“指挥棒”作用，突出实干导向、创新导向，进一步激发人才队伍活力。发挥群团工会作用，开展形式多样的群众性文体活动，充盈职工精神文化需求。四是高压加强风险管理。加强全领域风险防控，统筹抓好疫情防控、安全生产、保密管理、舆情管理、网络安全等各项工作，聚焦重点领域、重点环节常态化开展应急演练，提升科学防控和应急处置能力，为高质量发展营造和谐稳定环境。\n";

/* ---------- helpers ---------- */

static plan_tree *parse_ok(const char *s) {
  char err[128];
  plan_tree *t = plan_parse(s, strlen(s), err, sizeof err);
  if (!t) fail_msg("plan_parse failed: %s", err);
  char *c = plan_tree_concat(t);
  assert_non_null(c);
  assert_string_equal(c, t->text);
  free(c);
  return t;
}

/* Every node's label sits at its offset in the text, and levels grow by one per depth. */
static void check_offsets(const plan_tree *t, const plan_node *v, size_t n, int level) {
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(v[i].level, level);
    assert_memory_equal(t->text + v[i].offset, v[i].label, strlen(v[i].label));
    check_offsets(t, v[i].children, v[i].nchildren, level + 1);
  }
}

static void check_node(const plan_node *nd, const char *label, const char *title, size_t nchildren) {
  assert_string_equal(nd->label, label);
  if (title) assert_string_equal(nd->title, title);
  assert_int_equal(nd->nchildren, nchildren);
}

/* Preorder walk: "label|" for each node with its depth, e.g. "一、|1 （一）|2". */
static void shape(const plan_node *v, size_t n, char *out, size_t cap) {
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(out);
    snprintf(out + l, cap - l, "%s%s:%d", l ? " " : "", v[i].label, v[i].level);
    shape(v[i].children, v[i].nchildren, out, cap);
  }
}

static void assert_shape(const char *input, const char *expect) {
  plan_tree *t = parse_ok(input);
  char buf[4096] = "";
  shape(t->roots, t->nroots, buf, sizeof buf);
  assert_string_equal(buf, expect);
  check_offsets(t, t->roots, t->nroots, 1);
  plan_tree_free(t);
}

/* ---------- golden: the seed plan ---------- */

static void test_golden_seed(void **state) {
  (void)state;
  plan_tree *t = parse_ok(SEED_2023);
  assert_string_equal(t->text, SEED_2023);
  check_offsets(t, t->roots, t->nroots, 1);
  assert_int_equal(t->nroots, 1);
  const plan_node *r = &t->roots[0];
  check_node(r, "二、", "2023年具体工作安排", 2);
  assert_int_equal(r->offset, 0);
  assert_true(strncmp(r->body, "\n2023年是全面贯彻落实党的二十大精神之年", strlen("\n2023年是全面贯彻落实党的二十大精神之年")) == 0);

  const plan_node *a = &r->children[0];
  check_node(a, "（一）", "坚定政治方向，开创党建引领新局面。", 3);
  assert_string_equal(a->body, "坚持以党的政治建设为统领，牢牢把握正确政治方向，忠诚拥护“两个确立”，坚决做到“两个维护”，准确全面贯彻新发展理念。");
  check_node(&a->children[0], "一是", "持续夯实政治根基。", 0);
  check_node(&a->children[1], "二是", "持续推进党业融合。", 0);
  check_node(&a->children[2], "三是", "持续加强管党治党。", 0);
  assert_true(strncmp(a->children[0].body, "把学习习近平总书记重要讲话精神作为第一议题", strlen("把学习习近平总书记重要讲话精神作为第一议题")) == 0);
  /* the paragraph's line end stays with its last inline node */
  const char *b3 = a->children[2].body;
  assert_string_equal(b3 + strlen(b3) - strlen("推动全面从严治党向基层延伸。\n"), "推动全面从严治党向基层延伸。\n");

  const plan_node *b = &r->children[1];
  check_node(b, "（二）", "坚持管理转型，激发现代企业新效能。", 4);
  check_node(&b->children[0], "一是", "不断夯实管理基础。", 0);
  check_node(&b->children[1], "二是", "持续促进规范管理。", 0);
  check_node(&b->children[2], "三是", "统筹推进队伍管理。", 0);
  check_node(&b->children[3], "四是", "高压加强风险管理。", 0);
  /* "《烟草专卖法》实施30周年" and "“1116”" must not be split */
  assert_non_null(strstr(b->children[1].body, "实施30周年系列宣传"));
  assert_int_equal(a->level, 2);
  assert_int_equal(a->children[0].level, 3);
  plan_tree_free(t);
}

/* The same text read from the fixture file, when the tests run from the repository. */
static void test_golden_fixture_file(void **state) {
  (void)state;
  static const char *paths[] = {"tests/data/plan_2023.txt", "../tests/data/plan_2023.txt", "../../tests/data/plan_2023.txt",
                                "/work/main/tests/data/plan_2023.txt"};
  FILE *f = NULL;
  for (size_t i = 0; i < sizeof paths / sizeof *paths && !f; i++) f = fopen(paths[i], "rb");
  if (!f) skip();
  char *buf = malloc(65536);
  assert_non_null(buf);
  size_t n = fread(buf, 1, 65535, f);
  fclose(f);
  buf[n] = '\0';
  assert_string_equal(buf, SEED_2023);
  free(buf);
}

static void test_golden_json(void **state) {
  (void)state;
  plan_tree *t = parse_ok(SEED_2023);
  json_t *j = plan_tree_json(t);
  assert_non_null(j);
  assert_true(json_is_array(j));
  assert_int_equal(json_array_size(j), 1);
  json_t *r = json_array_get(j, 0);
  assert_string_equal(json_string_value(json_object_get(r, "label")), "二、");
  assert_string_equal(json_string_value(json_object_get(r, "title")), "2023年具体工作安排");
  assert_int_equal(json_integer_value(json_object_get(r, "level")), 1);
  /* trimmed: no surrounding line ends */
  const char *body = json_string_value(json_object_get(r, "body"));
  assert_true(strncmp(body, "2023年是", strlen("2023年是")) == 0);
  assert_int_not_equal(body[strlen(body) - 1], '\n');
  json_t *kids = json_object_get(r, "children");
  assert_int_equal(json_array_size(kids), 2);
  json_t *k2 = json_array_get(kids, 1);
  assert_string_equal(json_string_value(json_object_get(k2, "label")), "（二）");
  json_t *g = json_object_get(k2, "children");
  assert_int_equal(json_array_size(g), 4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(g, 3), "label")), "四是");
  assert_string_equal(json_string_value(json_object_get(json_array_get(g, 3), "title")), "高压加强风险管理。");
  assert_int_equal(json_integer_value(json_object_get(json_array_get(g, 3), "level")), 3);
  json_decref(j);
  plan_tree_free(t);
}

/* label+title+body+children of the JSON gives back the input, white space aside. */
static void json_cat(json_t *arr, char *out, size_t cap) {
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) {
    const char *keys[] = {"label", "title", "body"};
    for (int k = 0; k < 3; k++) {
      size_t l = strlen(out);
      snprintf(out + l, cap - l, "%s", json_string_value(json_object_get(o, keys[k])));
    }
    json_cat(json_object_get(o, "children"), out, cap);
  }
}

static void strip_ws(char *s) {
  char *w = s;
  for (char *r = s; *r;) {
    if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') { r++; continue; }
    if (strncmp(r, "\xE3\x80\x80", 3) == 0) { r += 3; continue; }
    *w++ = *r++;
  }
  *w = '\0';
}

/* ... with the preamble node (the unlabelled first root at offset 0), which the JSON leaves out, in front. */
static void assert_json_roundtrip(const plan_tree *t) {
  json_t *j = plan_tree_json(t);
  assert_non_null(j);
  size_t cap = strlen(t->text) + 1;
  char *a = calloc(1, cap), *b = strdup(t->text);
  assert_non_null(a);
  assert_non_null(b);
  if (t->nroots && !t->roots[0].label[0] && t->roots[0].offset == 0) snprintf(a, cap, "%s", t->roots[0].body);
  json_cat(j, a, cap);
  strip_ws(a);
  strip_ws(b);
  assert_string_equal(a, b);
  free(a);
  free(b);
  json_decref(j);
}

static void test_json_roundtrip(void **state) {
  (void)state;
  const char *inputs[] = {SEED_2023, "  前言。\r\n一、甲\r\n（一）乙。丙 一是丁。二是戊。\r\n补充说明。\r\n二、己\r\n", "\n\n一、只有标题\n\n", "没有序号的一段。"};
  for (size_t i = 0; i < 4; i++) {
    plan_tree *t = parse_ok(inputs[i]);
    assert_json_roundtrip(t);
    plan_tree_free(t);
  }
}

/* ---------- marker styles ---------- */

static void test_every_marker_style(void **state) {
  (void)state;
  static const char *pairs[][2] = {
      {"一、", "二、"},   {"（一）", "（二）"}, {"(一)", "(二)"}, {"一是", "二是"}, {"1.", "2."},
      {"1、", "2、"},     {"1．", "2．"},       {"１．", "２．"}, {"（1）", "（2）"}, {"(1)", "(2)"},
      {"1）", "2）"},     {"①", "②"},          {"（１）", "（２）"}, {"一．", "二．"}, {"十、", "十一、"},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    char in[256], expect[128];
    snprintf(in, sizeof in, "%s加强管理。正文一句。\n%s推进转型；正文二句。\n", pairs[i][0], pairs[i][1]);
    snprintf(expect, sizeof expect, "%s:1 %s:1", pairs[i][0], pairs[i][1]);
    assert_shape(in, expect);
    plan_tree *t = parse_ok(in);
    assert_int_equal(t->nroots, 2);
    assert_string_equal(t->roots[0].title, "加强管理。");
    assert_string_equal(t->roots[0].body, "正文一句。\n");
    assert_string_equal(t->roots[1].title, "推进转型；");
    assert_string_equal(t->roots[1].body, "正文二句。\n");
    plan_tree_free(t);
  }
}

static void test_nesting_any_order(void **state) {
  (void)state;
  /* levels follow first appearance; a kind already on the stack closes back to its level */
  assert_shape("一、总体\n（一）甲\n1. 子一\n（1）孙一\n①曾孙\n②曾孙\n（2）孙二\n2. 子二\n（二）乙\n二、其他\n",
               "一、:1 （一）:2 1.:3 （1）:4 ①:5 ②:5 （2）:4 2.:3 （二）:2 二、:1");
  /* the reverse mix */
  assert_shape("1. 甲\n（一）乙\n①丙\n（二）丁\n2. 戊\n一是己。二是庚。\n",
               "1.:1 （一）:2 ①:3 （二）:2 2.:1 一是:2 二是:2");
  /* inline under line markers at several depths */
  assert_shape("（一）甲。一是a。二是b。\n1、乙。一是c；二是d；三是e。\n2、丙\n（二）丁\n",
               "（一）:1 一是:2 二是:2 1、:2 一是:3 二是:3 三是:3 2、:2 （二）:1");
  /* an inline marker at a line start continues the run of the previous paragraph */
  assert_shape("（一）甲。一是a。\n二是b。\n三是c。\n（二）乙\n", "（一）:1 一是:2 二是:2 三是:2 （二）:1");
  /* a fresh 一是 paragraph starts a new run */
  assert_shape("（一）甲。一是a。二是b。\n一是c。二是d。\n", "（一）:1 一是:2 二是:2 一是:2 二是:2");
}

static void test_chinese_numerals(void **state) {
  (void)state;
  static const char *cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
                             "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二"};
  size_t n = sizeof cn / sizeof *cn;
  char in[4096] = "", expect[4096] = "";
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(in), e = strlen(expect);
    snprintf(in + l, sizeof in - l, "（%s）第项工作。一是甲。二是乙。\n", cn[i]);
    snprintf(expect + e, sizeof expect - e, "%s（%s）:1 一是:2 二是:2", e ? " " : "", cn[i]);
  }
  assert_shape(in, expect);
  /* 九十九 and the inline 十是/十一是 */
  assert_shape("九十八、甲\n九十九、乙\n", "九十八、:1 九十九、:1");
  assert_shape("一是a。二是b。三是c。四是d。五是e。六是f。七是g。八是h。九是i。十是j。十一是k。\n",
               "一是:1 二是:1 三是:1 四是:1 五是:1 六是:1 七是:1 八是:1 九是:1 十是:1 十一是:1");
}

static void test_full_half_width_mix(void **state) {
  (void)state;
  /* half/full parentheses, full-width digits, stray spaces (ASCII, tab, ideographic) */
  assert_shape("一、甲\n (二) 误\n（一）乙\n  (二)丙\n\t（ 三 ）丁\n1．子\n２、子\n 3. 子\n　（1）孙\n(２)孙\n",
               "一、:1 （一）:2 (二):2 （ 三 ）:2 1．:3 ２、:3 3.:3 （1）:4 (２):4");
  /* "(二)" before any "（一）" does not continue anything: it stays in 一、's body */
  plan_tree *t = parse_ok("一、甲\n (二) 误\n（一）乙\n");
  assert_string_equal(t->roots[0].body, "\n (二) 误\n");
  plan_tree_free(t);
}

static void test_crlf(void **state) {
  (void)state;
  const char *in = "二、工作安排\r\n前言。\r\n（一）坚定方向，开创新局面。正文。一是夯实根基。甲。二是推进融合。乙。\r\n"
                   "（二）坚持转型。丙\r\n1. 子项\r\n2. 子项二\r\n";
  plan_tree *t = parse_ok(in);
  assert_int_equal(t->nroots, 1);
  const plan_node *r = &t->roots[0];
  check_node(r, "二、", "工作安排", 2);
  assert_string_equal(r->body, "\r\n前言。\r\n");
  check_node(&r->children[0], "（一）", "坚定方向，开创新局面。", 2);
  check_node(&r->children[0].children[1], "二是", "推进融合。", 0);
  assert_string_equal(r->children[0].children[1].body, "乙。\r\n");
  check_node(&r->children[1], "（二）", "坚持转型。", 2);
  check_node(&r->children[1].children[0], "1.", " 子项", 0);
  assert_string_equal(r->children[1].children[0].body, "\r\n");
  plan_tree_free(t);
  /* bare CR line ends too */
  assert_shape("一、甲\r（一）乙\r（二）丙\r", "一、:1 （一）:2 （二）:2");
}

static void test_gbk_input(void **state) {
  (void)state;
  /* GBK for "一、测试\n（一）内容。二是" */
  static const unsigned char gbk[] = {0xd2, 0xbb, 0xa1, 0xa2, 0xb2, 0xe2, 0xca, 0xd4, 0x0a, 0xa3, 0xa8, 0xd2, 0xbb,
                                      0xa3, 0xa9, 0xc4, 0xda, 0xc8, 0xdd, 0xa1, 0xa3, 0xb6, 0xfe, 0xca, 0xc7};
  char err[128];
  plan_tree *t = plan_parse((const char *)gbk, sizeof gbk, err, sizeof err);
  assert_non_null(t);
  assert_string_equal(t->text, "一、测试\n（一）内容。二是");
  assert_int_equal(t->nroots, 1);
  check_node(&t->roots[0], "一、", "测试", 1);
  check_node(&t->roots[0].children[0], "（一）", "内容。", 0);
  assert_string_equal(t->roots[0].children[0].body, "二是"); /* 二是 without 一是 is text */
  char *c = plan_tree_concat(t);
  assert_string_equal(c, t->text);
  free(c);
  plan_tree_free(t);
}

static void test_bom_and_utf16(void **state) {
  (void)state;
  char err[128];
  const char bom[] = "\xEF\xBB\xBF一、甲\n二、乙\n";
  plan_tree *t = plan_parse(bom, strlen(bom), err, sizeof err);
  assert_non_null(t);
  assert_string_equal(t->text, "一、甲\n二、乙\n");
  assert_int_equal(t->roots[0].offset, 0);
  assert_int_equal(t->nroots, 2);
  plan_tree_free(t);
  /* UTF-16LE with BOM: "一、甲\n" */
  static const unsigned char u16[] = {0xFF, 0xFE, 0x00, 0x4E, 0x01, 0x30, 0x32, 0x75, 0x0A, 0x00};
  t = plan_parse((const char *)u16, sizeof u16, err, sizeof err);
  assert_non_null(t);
  assert_string_equal(t->text, "一、甲\n");
  check_node(&t->roots[0], "一、", "甲", 0);
  plan_tree_free(t);
}

static void test_number_in_sentence(void **state) {
  (void)state;
  /* "1." inside a sentence, decimals at a line start, years and counts: none of them are markers */
  plan_tree *t = parse_ok("一、依据第1.5条规定执行。\n1.5亿元的投入分两年。\n2023.10 完成验收。\n1名同志获奖。\n"
                          "2023年是关键一年。\n二、统一是前提，唯一是标准。\n");
  assert_int_equal(t->nroots, 2);
  assert_int_equal(t->roots[0].nchildren, 0);
  assert_int_equal(t->roots[1].nchildren, 0);
  assert_string_equal(t->roots[0].title, "依据第1.5条规定执行。");
  assert_string_equal(t->roots[1].title, "统一是前提，唯一是标准。");
  plan_tree_free(t);
  /* a list item starting with a number after the label is fine: "1. 2023年…" */
  assert_shape("1. 2023年目标\n2. 2024年目标\n", "1.:1 2.:1");
  /* the heading stops at a sentence-ending period, not at a decimal point */
  t = parse_ok("1. 增长3.5个百分点. 其余正文\n");
  assert_string_equal(t->roots[0].title, " 增长3.5个百分点.");
  plan_tree_free(t);
}

static void test_sequence_sanity(void **state) {
  (void)state;
  /* a marker that does not continue its sequence is text */
  assert_shape("一、甲\n（一）乙\n（三）跳号\n（二）丙\n", "一、:1 （一）:2 （二）:2");
  /* a new level must start at 一/1/① */
  assert_shape("一、甲\n2. 不是开头\n1. 子\n3. 跳号\n2. 子二\n", "一、:1 1.:2 2.:2");
  /* a kind already on the stack restarting at 1 is text, not a new level */
  assert_shape("1. 甲\n（1）乙\n1. 重新开始\n", "1.:1 （1）:2");
  /* inline markers need a clause boundary before them */
  assert_shape("（一）甲。做到一是一，二是二。\n", "（一）:1");
  /* a pasted excerpt may start in the middle of a top-level 一、 or （一） list, but not of 1. */
  assert_shape("三、甲\n四、乙\n", "三、:1 四、:1");
  assert_shape("（五）甲\n（六）乙\n", "（五）:1 （六）:1");
  assert_shape("3. 甲\n4. 乙\n", ":1");
}

static void test_preamble_and_trailing_text(void **state) {
  (void)state;
  /* text before any marker: a root node with an empty label holding it as body */
  plan_tree *t = parse_ok("关于2023年工作的说明。\n\n一、甲\n");
  assert_int_equal(t->nroots, 2);
  check_node(&t->roots[0], "", "", 0);
  assert_string_equal(t->roots[0].body, "关于2023年工作的说明。\n\n");
  assert_int_equal(t->roots[0].level, 1);
  check_node(&t->roots[1], "一、", "甲", 0);
  assert_int_equal(t->roots[1].offset, strlen("关于2023年工作的说明。\n\n"));
  plan_tree_free(t);
  /* the JSON (the preview, a plan saved from its text) leaves the preamble out: no unlabelled node at the top; it is
     given apart, trimmed */
  t = parse_ok("关于2023年工作的说明。\n\n一、甲\n");
  json_t *j = plan_tree_json(t);
  assert_int_equal(json_array_size(j), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "label")), "一、");
  json_decref(j);
  char *pre = plan_tree_preamble(t);
  assert_string_equal(pre, "关于2023年工作的说明。");
  free(pre);
  plan_tree_free(t);
  /* a text opening with its first heading has no preamble */
  t = parse_ok("一、甲\n说明。\n");
  pre = plan_tree_preamble(t);
  assert_string_equal(pre, "");
  free(pre);
  j = plan_tree_json(t);
  assert_int_equal(json_array_size(j), 1);
  json_decref(j);
  plan_tree_free(t);
  /* a title line (Markdown or not) before the outline is the preamble too */
  t = parse_ok("  # 2024年工作要点\n\n## 一、党建\n");
  pre = plan_tree_preamble(t);
  assert_string_equal(pre, "# 2024年工作要点");
  free(pre);
  plan_tree_free(t);
  /* no marker at all: all of it is preamble, the JSON tree is empty */
  t = parse_ok("只是一段文字，没有任何序号。\r\n第二行。");
  assert_int_equal(t->nroots, 1);
  check_node(&t->roots[0], "", "", 0);
  j = plan_tree_json(t);
  assert_int_equal(json_array_size(j), 0);
  json_decref(j);
  pre = plan_tree_preamble(t);
  assert_string_equal(pre, "只是一段文字，没有任何序号。\r\n第二行。");
  free(pre);
  plan_tree_free(t);
  /* preamble under a heading stays with it as body */
  t = parse_ok("二、安排\n今年是关键之年。\n（一）甲\n");
  assert_string_equal(t->roots[0].body, "\n今年是关键之年。\n");
  plan_tree_free(t);
  /* a paragraph after a run of 一是/二是 belongs to their parent: an unlabelled sibling */
  t = parse_ok("（一）甲。一是a。二是b。\n\n这一段属于（一）。\n（二）乙\n");
  assert_int_equal(t->nroots, 2);
  const plan_node *a = &t->roots[0];
  assert_int_equal(a->nchildren, 3);
  check_node(&a->children[1], "二是", "b。", 0);
  assert_string_equal(a->children[1].body, "\n\n");
  check_node(&a->children[2], "", "", 0);
  assert_string_equal(a->children[2].body, "这一段属于（一）。\n");
  assert_int_equal(a->children[2].level, 2);
  plan_tree_free(t);
  /* ... and a later 一是 in that paragraph starts a new run beside it */
  assert_shape("（一）甲。一是a。\n补充。一是b。二是c。\n", "（一）:1 一是:2 :2 一是:2 二是:2");
}

static void test_markdown_headings(void **state) {
  (void)state;
  plan_tree *t = parse_ok("# 2023年工作计划\n## 一、党建\n### （一）学习\n## 二、管理\n");
  char buf[256] = "";
  shape(t->roots, t->nroots, buf, sizeof buf);
  assert_string_equal(buf, ":1 一、:1 （一）:2 二、:1");
  assert_string_equal(t->roots[1].title, "党建");
  plan_tree_free(t);
}

static void test_malformed(void **state) {
  (void)state;
  char err[128];
  /* empty, blank, NULL */
  assert_null(plan_parse("", 0, err, sizeof err));
  assert_string_equal(err, "文本为空");
  assert_null(plan_parse(" \r\n\t　\n", strlen(" \r\n\t　\n"), err, sizeof err));
  assert_string_equal(err, "文本为空");
  assert_null(plan_parse("\xEF\xBB\xBF", 3, err, sizeof err));
  assert_string_equal(err, "文本为空");
  assert_null(plan_parse(NULL, 5, err, sizeof err));
  assert_null(plan_parse("", 0, NULL, 0)); /* no room for a message: still fine */
  /* only markers */
  plan_tree *t = parse_ok("一、\n二、\n（一）\n一是二是三是\n（二）");
  char buf[256] = "";
  shape(t->roots, t->nroots, buf, sizeof buf);
  assert_string_equal(buf, "一、:1 二、:1 （一）:2 一是:3 （二）:2");
  assert_string_equal(t->roots[1].children[1].title, "");
  assert_string_equal(t->roots[1].children[1].body, "");
  plan_tree_free(t);
  /* marker at the very end */
  t = parse_ok("正文\n一、");
  assert_int_equal(t->nroots, 2);
  check_node(&t->roots[1], "一、", "", 0);
  assert_string_equal(t->roots[1].body, "");
  plan_tree_free(t);
  t = parse_ok("（一）甲。一是");
  check_node(&t->roots[0].children[0], "一是", "", 0);
  plan_tree_free(t);
  /* a half marker */
  t = parse_ok("（一\n(\n（");
  assert_int_equal(t->nroots, 1);
  assert_string_equal(t->roots[0].label, "");
  plan_tree_free(t);
  /* invalid in every encoding tried */
  assert_null(plan_parse("\x80\x80\xFF\xFF", 4, err, sizeof err));
  assert_non_null(strstr(err, "编码无法识别"));
  /* NUL bytes: not a text file */
  assert_null(plan_parse("一、甲\0乙", sizeof "一、甲\0乙" - 1, err, sizeof err));
  assert_non_null(strstr(err, "空字符"));
}

static void test_size_limit(void **state) {
  (void)state;
  char err[128];
  size_t n = PLAN_MAX_INPUT + 1;
  char *big = malloc(n);
  assert_non_null(big);
  /* lines of plan text, all valid UTF-8 */
  const char line[] = "一是加强管理。二是推进转型。\n";
  for (size_t i = 0; i < n; i++) big[i] = line[i % (sizeof line - 1)];
  assert_null(plan_parse(big, n, err, sizeof err));
  assert_string_equal(err, "文本过大（超过4MB）");
  /* exactly 4 MB is accepted (cut at a character boundary) */
  size_t m = PLAN_MAX_INPUT - PLAN_MAX_INPUT % (sizeof line - 1);
  plan_tree *t = plan_parse(big, m, err, sizeof err);
  assert_non_null(t);
  assert_true(t->nroots > 1000);
  char *c = plan_tree_concat(t);
  assert_non_null(c);
  assert_memory_equal(c, big, m);
  free(c);
  plan_tree_free(t);
  free(big);
}

/* An enumeration inside a sentence (…：①…；②…；③…。) becomes children the way inline 一是…二是… do. */
static void test_enumeration_in_sentence(void **state) {
  (void)state;
  const char *in = "（一）强化许可管理。重点做好三件事：①许可办理时限压缩至10个工作日以内；②推行证照联办；③开展回访。其他工作照常。\n"
                   "（二）乙\n";
  plan_tree *t = parse_ok(in);
  assert_int_equal(t->nroots, 2);
  const plan_node *a = &t->roots[0];
  check_node(a, "（一）", "强化许可管理。", 3);
  assert_string_equal(a->body, "重点做好三件事：");
  check_node(&a->children[0], "①", "许可办理时限压缩至10个工作日以内；", 0);
  assert_string_equal(a->children[0].body, "");
  check_node(&a->children[1], "②", "推行证照联办；", 0);
  check_node(&a->children[2], "③", "开展回访。", 0);
  /* the rest of the sentence's paragraph stays with the last item, as with 一是 (nothing lost) */
  assert_string_equal(a->children[2].body, "其他工作照常。\n");
  assert_int_equal(a->children[2].level, 2);
  assert_int_equal(a->children[2].offset, strlen("（一）强化许可管理。重点做好三件事：①许可办理时限压缩至10个工作日以内；②推行证照联办；"));
  check_node(&t->roots[1], "（二）", "乙", 0);
  plan_tree_free(t);
  /* inside 一是…二是…: the enumeration belongs to its 一是; 二是 continues the outer run */
  assert_shape("（一）甲。一是抓学习：①读原著；②写心得。二是抓落实。\n", "（一）:1 一是:2 ①:3 ②:3 二是:2");
  /* after the sentence ends, a new 一是 run is not inside the enumeration */
  assert_shape("（一）甲：①a；②b。一是c。二是d。\n", "（一）:1 ①:2 ②:2 一是:2 二是:2");
  /* items in separate sentences still continue the enumeration */
  assert_shape("（一）甲：①a。②b。③c。\n", "（一）:1 ①:2 ②:2 ③:2");
  /* the next paragraph belongs to the parent: an unlabelled node beside the items, and a block marker ends them */
  assert_shape("一、甲\n（一）乙：①a；②b。\n补充说明。\n（二）丙\n二、丁\n", "一、:1 （一）:2 ①:3 ②:3 :3 （二）:2 二、:1");
  assert_shape("（一）甲。一是抓学习：①读原著；②写心得。\n补充。\n（二）乙\n", "（一）:1 一是:2 ①:3 ②:3 :2 （二）:1");
  /* a circled number with no clause mark before it, or not starting at ①, is text */
  assert_shape("（一）见附件①和附件②。\n", "（一）:1");
  assert_shape("（一）甲：②a；③b。\n", "（一）:1");
  /* a block ① list keeps working as before */
  assert_shape("（一）甲\n①a\n②b\n", "（一）:1 ①:2 ②:2");
  /* JSON: the item's whole text (label, title, body) arrives trimmed */
  t = parse_ok(in);
  json_t *j = plan_tree_json(t);
  json_t *kids = json_object_get(json_array_get(j, 0), "children");
  assert_int_equal(json_array_size(kids), 3);
  assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 0), "title")), "许可办理时限压缩至10个工作日以内；");
  assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 2), "body")), "其他工作照常。");
  json_decref(j);
  assert_json_roundtrip(t);
  plan_tree_free(t);
}

/* ---------- property test: generated outlines ---------- */

typedef struct {
  char *s;
  size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l + 1 > b->cap) {
    b->cap = (b->n + l + 1) * 2;
    b->s = realloc(b->s, b->cap);
    assert_non_null(b->s);
  }
  memcpy(b->s + b->n, s, l + 1);
  b->n += l;
}

static uint64_t rng_state;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

enum { G_CN_DUN, G_CN_PAREN, G_NUM_DOT, G_NUM_PAREN, G_CIRCLED, G_NKINDS };

static const char *CN_NUM[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"};
static const char *FW_DIG[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};
static const char *CIRC[] = {"", "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫"};

static void num_str(char *out, size_t cap, int v) {
  if (rnd(3) == 0) {
    if (v >= 10) snprintf(out, cap, "%s%s", FW_DIG[v / 10], FW_DIG[v % 10]);
    else snprintf(out, cap, "%s", FW_DIG[v]);
  } else {
    snprintf(out, cap, "%d", v);
  }
}

static void gen_label(char *out, size_t cap, int kind, int v) {
  const char *op = rnd(2) ? "（" : "(", *cl = rnd(2) ? "）" : ")";
  char d[16];
  switch (kind) {
  case G_CN_DUN: snprintf(out, cap, "%s%s", CN_NUM[v], rnd(4) ? "、" : "､"); break;
  case G_CN_PAREN: snprintf(out, cap, "%s%s%s", op, CN_NUM[v], cl); break;
  case G_NUM_DOT: {
    static const char *p[] = {".", "、", "．"};
    num_str(d, sizeof d, v);
    snprintf(out, cap, "%s%s", d, p[rnd(3)]);
    break;
  }
  case G_NUM_PAREN:
    num_str(d, sizeof d, v);
    if (rnd(4)) snprintf(out, cap, "%s%s%s", op, d, cl);
    else snprintf(out, cap, "%s%s", d, cl);
    break;
  default: snprintf(out, cap, "%s", CIRC[v]); break;
  }
}

static const char *WORDS[] = {"加强", "管理", "推进", "工作", "落实", "责任", "数字化", "转型", "服务", "质量", "安全",
                              "规范", "建设", "提升", "深化", "改革", "队伍", "专卖", "市场", "客户", "QC", "data",
                              "“清单”", "《办法》", "，", "、", " "};

static void gen_words(char *out, size_t cap) {
  out[0] = '\0';
  int k = 1 + (int)rnd(5);
  for (int i = 0; i < k; i++) {
    const char *w = WORDS[rnd(sizeof WORDS / sizeof *WORDS)];
    if (i == 0 && (w[0] == ' ' || strcmp(w, "，") == 0 || strcmp(w, "、") == 0)) w = "监管";
    size_t l = strlen(out);
    snprintf(out + l, cap - l, "%s", w);
  }
}

typedef struct {
  char label[32], title[512];
  int level;
} expect_node;

typedef struct {
  int kinds[6], nblock, with_inline;
  sbuf in;
  expect_node *ex;
  size_t nex, capex;
} gen;

static void ex_add(gen *g, const char *label, const char *title, int level) {
  if (g->nex == g->capex) {
    g->capex = g->capex ? g->capex * 2 : 64;
    g->ex = realloc(g->ex, g->capex * sizeof *g->ex);
    assert_non_null(g->ex);
  }
  expect_node *e = &g->ex[g->nex++];
  snprintf(e->label, sizeof e->label, "%s", label);
  snprintf(e->title, sizeof e->title, "%s", title);
  e->level = level;
}

static const char *eol(void) { return rnd(3) ? "\n" : "\r\n"; }

static void gen_level(gen *g, int depth) {
  int count = 1 + (int)rnd(depth == 0 ? 12 : 4);
  for (int v = 1; v <= count; v++) {
    char label[32], words[256], title[512], body[512];
    static const char *ind[] = {"", "", "", " ", "  ", "\t", "　"};
    const char *indent = ind[rnd(sizeof ind / sizeof *ind)];
    if (g->in.n == 0 && *indent) ex_add(g, "", "", 1); /* white space before the first marker: an unlabelled root */
    sb_add(&g->in, indent);
    gen_label(label, sizeof label, g->kinds[depth], v);
    sb_add(&g->in, label);
    gen_words(words, sizeof words);
    static const char *term[] = {"。", "。", "；", ";", ""};
    const char *tm = term[rnd(5)];
    snprintf(title, sizeof title, "%s%s%s", rnd(4) ? "" : " ", words, tm);
    sb_add(&g->in, title);
    /* a heading without a terminator ends at the line end: no body on that line */
    body[0] = '\0';
    if (*tm && rnd(2)) {
      gen_words(words, sizeof words);
      snprintf(body, sizeof body, "%s。", words);
      sb_add(&g->in, body);
    }
    ex_add(g, label, title, depth + 1);
    int last_block = depth + 1 == g->nblock;
    if (last_block && g->with_inline && *tm && rnd(4) == 0) {
      /* an enumeration inside a sentence: …：①…；②…。 */
      int k = 1 + (int)rnd(5);
      sb_add(&g->in, rnd(2) ? "要求：" : "包括:");
      for (int j = 1; j <= k; j++) {
        char it[512];
        if (rnd(3) == 0) sb_add(&g->in, " ");
        sb_add(&g->in, CIRC[j]);
        gen_words(words, sizeof words);
        snprintf(it, sizeof it, "%s%s", words, j == k ? "。" : "；");
        sb_add(&g->in, it);
        ex_add(g, CIRC[j], it, depth + 2);
      }
    } else if (last_block && g->with_inline && *tm && rnd(3)) {
      int k = 1 + (int)rnd(5);
      for (int j = 1; j <= k; j++) {
        char il[32], it[512];
        snprintf(il, sizeof il, "%s是", CN_NUM[j]);
        if (rnd(3) == 0) sb_add(&g->in, " ");
        sb_add(&g->in, il);
        gen_words(words, sizeof words);
        snprintf(it, sizeof it, "%s%s", words, rnd(3) ? "。" : "；");
        sb_add(&g->in, it);
        if (rnd(2)) {
          gen_words(words, sizeof words);
          sb_add(&g->in, words);
          sb_add(&g->in, "。");
        }
        ex_add(g, il, it, depth + 2);
      }
    }
    sb_add(&g->in, eol());
    if (rnd(5) == 0) sb_add(&g->in, eol()); /* blank line */
    if (!last_block && rnd(3)) gen_level(g, depth + 1);
  }
}

static void walk_compare(const plan_node *v, size_t n, const gen *g, size_t *k) {
  for (size_t i = 0; i < n; i++) {
    assert_true(*k < g->nex);
    const expect_node *e = &g->ex[(*k)++];
    if (strcmp(v[i].label, e->label) || strcmp(v[i].title, e->title) || v[i].level != e->level)
      fail_msg("node %zu: got [%s][%s] level %d, want [%s][%s] level %d\ninput:\n%s", *k - 1, v[i].label, v[i].title,
               v[i].level, e->label, e->title, e->level, g->in.s);
    walk_compare(v[i].children, v[i].nchildren, g, k);
  }
}

static void test_property_generated_outlines(void **state) {
  (void)state;
  rng_state = 0x9E3779B97F4A7C15ULL;
  for (int iter = 0; iter < 400; iter++) {
    gen g;
    memset(&g, 0, sizeof g);
    /* a random order of distinct block kinds, 1..4 deep, maybe inline 一是 below */
    int pool[G_NKINDS] = {G_CN_DUN, G_CN_PAREN, G_NUM_DOT, G_NUM_PAREN, G_CIRCLED};
    for (int i = G_NKINDS - 1; i > 0; i--) {
      int j = (int)rnd((unsigned)i + 1), tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    g.nblock = 1 + (int)rnd(4);
    for (int i = 0; i < g.nblock; i++) g.kinds[i] = pool[i];
    g.with_inline = (int)rnd(2);
    sb_add(&g.in, "");
    if (rnd(3) == 0) {
      char w[256];
      gen_words(w, sizeof w);
      sb_add(&g.in, w);
      sb_add(&g.in, "。");
      sb_add(&g.in, eol());
      ex_add(&g, "", "", 1);
    }
    gen_level(&g, 0);

    char err[128];
    plan_tree *t = plan_parse(g.in.s, g.in.n, err, sizeof err);
    if (!t) fail_msg("parse failed (%s) on:\n%s", err, g.in.s);
    char *c = plan_tree_concat(t);
    assert_non_null(c);
    assert_string_equal(c, g.in.s);
    free(c);
    size_t k = 0;
    walk_compare(t->roots, t->nroots, &g, &k);
    assert_int_equal(k, g.nex);
    check_offsets(t, t->roots, t->nroots, 1);
    assert_json_roundtrip(t);
    plan_tree_free(t);
    free(g.in.s);
    free(g.ex);
  }
}

/* Property: arbitrary byte soup made of marker pieces never loses or duplicates text. */
static void test_property_marker_soup(void **state) {
  (void)state;
  static const char *pieces[] = {"一、", "二、", "（一）", "(二)", "一是", "二是", "三是", "1.", "2、", "１．", "（1）",
                                 "(2)", "①", "②", "\n", "\r\n", "\r", " ", "　", "。", "；", ";", "甲", "乙乙",
                                 "1.5", "十", "是", "(", "）", "#", "## ", "\xEF\xBB\xBF", "a", ".", "：", "③", "！"};
  rng_state = 12345;
  for (int iter = 0; iter < 2000; iter++) {
    sbuf b = {0};
    sb_add(&b, "");
    int k = 1 + (int)rnd(40);
    for (int i = 0; i < k; i++) sb_add(&b, pieces[rnd(sizeof pieces / sizeof *pieces)]);
    char err[128];
    plan_tree *t = plan_parse(b.s, b.n, err, sizeof err);
    if (t) {
      char *c = plan_tree_concat(t);
      assert_non_null(c);
      const char *want = b.s;
      if (b.n >= 3 && memcmp(want, "\xEF\xBB\xBF", 3) == 0) want += 3;
      assert_string_equal(c, want);
      assert_string_equal(c, t->text);
      free(c);
      check_offsets(t, t->roots, t->nroots, 1);
      assert_json_roundtrip(t);
      plan_tree_free(t);
    } else {
      assert_string_equal(err, "文本为空");
    }
    free(b.s);
  }
}

/* ---------- CLI ---------- */

/* Runs plan_cli with stdout captured into *out (caller frees). */
static int run_cli(int argc, char **argv, char **out) {
  char path[] = "/tmp/test_plan_cli_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  fflush(stdout);
  int saved = dup(1);
  assert_true(saved >= 0);
  assert_true(dup2(fd, 1) >= 0);
  int rc = plan_cli(argc, argv);
  fflush(stdout);
  assert_true(dup2(saved, 1) >= 0);
  close(saved);
  off_t n = lseek(fd, 0, SEEK_END);
  assert_true(n >= 0);
  *out = calloc(1, (size_t)n + 1);
  assert_non_null(*out);
  assert_int_equal(pread(fd, *out, (size_t)n, 0), n);
  close(fd);
  unlink(path);
  return rc;
}

static void test_cli(void **state) {
  (void)state;
  char path[] = "/tmp/test_plan_in_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, SEED_2023, strlen(SEED_2023)), (ssize_t)strlen(SEED_2023));
  close(fd);
  char *out;

  char *a1[] = {"plan", "parse", path, "--json", NULL};
  assert_int_equal(run_cli(4, a1, &out), 0);
  json_error_t je;
  json_t *j = json_loads(out, 0, &je);
  assert_non_null(j);
  assert_int_equal(json_array_size(j), 1);
  json_t *kids = json_object_get(json_array_get(j, 0), "children");
  assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 0), "title")), "坚定政治方向，开创党建引领新局面。");
  json_decref(j);
  free(out);

  char *a2[] = {"plan", "parse", path, NULL};
  assert_int_equal(run_cli(3, a2, &out), 0);
  assert_non_null(strstr(out, "二、2023年具体工作安排\n  （一）坚定政治方向，开创党建引领新局面。\n    一是持续夯实政治根基。\n"));
  assert_non_null(strstr(out, "    四是高压加强风险管理。\n"));
  free(out);

  char *a3[] = {"plan", "--help", NULL};
  assert_int_equal(run_cli(2, a3, &out), 0);
  assert_non_null(strstr(out, "Usage"));
  assert_non_null(strstr(out, "用法"));
  free(out);

  char *a4[] = {"plan", "parse", "/nonexistent/plan.txt", NULL};
  assert_int_equal(run_cli(3, a4, &out), 1);
  free(out);
  char *a5[] = {"plan", "parse", NULL};
  assert_int_equal(run_cli(2, a5, &out), 2);
  free(out);
  char *a6[] = {"plan", "frobnicate", NULL};
  assert_int_equal(run_cli(2, a6, &out), 2);
  free(out);
  char *a7[] = {"plan", "parse", path, "--bogus", NULL};
  assert_int_equal(run_cli(4, a7, &out), 2);
  free(out);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_golden_seed),
      cmocka_unit_test(test_golden_fixture_file),
      cmocka_unit_test(test_golden_json),
      cmocka_unit_test(test_json_roundtrip),
      cmocka_unit_test(test_every_marker_style),
      cmocka_unit_test(test_nesting_any_order),
      cmocka_unit_test(test_chinese_numerals),
      cmocka_unit_test(test_full_half_width_mix),
      cmocka_unit_test(test_crlf),
      cmocka_unit_test(test_gbk_input),
      cmocka_unit_test(test_bom_and_utf16),
      cmocka_unit_test(test_number_in_sentence),
      cmocka_unit_test(test_sequence_sanity),
      cmocka_unit_test(test_preamble_and_trailing_text),
      cmocka_unit_test(test_markdown_headings),
      cmocka_unit_test(test_enumeration_in_sentence),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_size_limit),
      cmocka_unit_test(test_property_generated_outlines),
      cmocka_unit_test(test_property_marker_soup),
      cmocka_unit_test(test_cli),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
