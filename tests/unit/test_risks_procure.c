/* test_risks_procure.c — 三项项目 pure logic: every red flag at its threshold (split purchase by supplier and by
 * category, at the amount and the window's edge; 单一来源 without a reason; payment before acceptance; a review short
 * of its quorum; a contract above the approved amount), quorum and majority, the approval chain by amount, money
 * wording, and the settings parser's refusals naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>
#include "risks/procure.h"

static int D(const char *s) { return wd_parse(s); }

/* A plain project: 物资采购, filed 2026-03-01, nothing after 立项. */
static risks_proj_in P(int64_t id, const char *category, const char *supplier, int64_t fen, const char *filed) {
  return (risks_proj_in){.id = id, .title = "项目", .category = category, .supplier = supplier, .kind = RPK_GOODS, .amount_fen = fen,
                         .filed = D(filed), .method = -1, .method_reason = "", .accepted = -1, .first_paid = -1, .pay_exception = ""};
}

static size_t flags_of(const risks_proj_in *p, size_t n, const risks_procure_cfg *c, int code, int64_t project, risks_flag *one) {
  risks_flag out[64];
  size_t k = risks_procure_flags(p, n, c, out, 64), hits = 0;
  for (size_t i = 0; i < k && i < 64; i++)
    if (out[i].code == code && out[i].project == project) {
      hits++;
      if (one) *one = out[i];
    }
  return hits;
}

static void test_split_threshold(void **st) {
  risks_procure_cfg c;
  risks_procure_cfg_default(&c); /* 20万元 within 90 days */
  /* 10万 + 9.99万 = 19.99万: under the threshold, no flag. */
  risks_proj_in p[3] = {P(1, "计算机设备", "鑫达", 10000000, "2026-03-01"), P(2, "计算机设备", "鑫达", 9999900, "2026-04-01")};
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 0);
  /* 10万 + 10万 = 20万 exactly: reaches it, both flagged, each naming the other. */
  p[1].amount_fen = 10000000;
  risks_flag f;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, &f), 1);
  assert_int_equal(f.nrelated, 1);
  assert_int_equal(f.related[0], 2);
  assert_non_null(strstr(f.text, "同一供应商“鑫达”"));
  assert_non_null(strstr(f.text, "合计20.00万元"));
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 2, NULL), 1);
  /* A part at the threshold itself is not a split part (it already needs the stricter method). */
  p[1].amount_fen = 20000000;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 0);
  p[1].amount_fen = 10000000;
  /* The window: 90 days apart still counts, 91 does not. */
  p[1].filed = D("2026-03-01") + 90;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 1);
  p[1].filed = D("2026-03-01") + 91;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 0);
  /* Same category and kind without a supplier yet: flagged by category; another kind of the same category is not. */
  p[1] = P(2, "计算机设备", "", 10000000, "2026-03-20");
  p[0].supplier = "";
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, &f), 1);
  assert_non_null(strstr(f.text, "同类“计算机设备”"));
  p[1].kind = RPK_PROMO;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 0);
  /* Three parts: 7万 + 7万 + 6万 = 20万 reached only with the third. */
  p[1].kind = RPK_GOODS;
  p[0].amount_fen = 7000000, p[1].amount_fen = 7000000;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 0);
  p[2] = P(3, "计算机设备", "", 6000000, "2026-04-10");
  assert_int_equal(flags_of(p, 3, &c, RF_SPLIT, 1, &f), 1);
  assert_int_equal(f.nrelated, 2);
  /* A smaller threshold from the settings. */
  c.split_fen = 1000000;
  p[0].amount_fen = 600000, p[1].amount_fen = 400000;
  assert_int_equal(flags_of(p, 2, &c, RF_SPLIT, 1, NULL), 1);
}

static void test_other_flags(void **st) {
  risks_procure_cfg c;
  risks_procure_cfg_default(&c);
  risks_proj_in p = P(1, "宣传物料", "印象", 6500000, "2026-03-01");
  risks_flag f;
  /* 单一来源 without a reason; with one, no flag; another method without a reason, no flag. */
  p.method = RPM_SOLE;
  assert_int_equal(flags_of(&p, 1, &c, RF_SOLE_NO_REASON, 1, &f), 1);
  assert_non_null(strstr(f.text, "单一来源"));
  p.method_reason = "原设计方持有版权";
  assert_int_equal(flags_of(&p, 1, &c, RF_SOLE_NO_REASON, 1, NULL), 0);
  p.method = RPM_QUOTE, p.method_reason = "";
  assert_int_equal(flags_of(&p, 1, &c, RF_SOLE_NO_REASON, 1, NULL), 0);
  /* Payment: none → no flag; paid with no acceptance → flag with the exception's reason; paid the day before 验收 →
   * flag; paid on the day of 验收 → none. */
  assert_int_equal(flags_of(&p, 1, &c, RF_PAY_BEFORE_ACCEPT, 1, NULL), 0);
  p.first_paid = D("2026-05-01");
  p.pay_exception = "预付定金";
  assert_int_equal(flags_of(&p, 1, &c, RF_PAY_BEFORE_ACCEPT, 1, &f), 1);
  assert_non_null(strstr(f.text, "未验收"));
  assert_non_null(strstr(f.text, "预付定金"));
  p.accepted = D("2026-05-02");
  assert_int_equal(flags_of(&p, 1, &c, RF_PAY_BEFORE_ACCEPT, 1, &f), 1);
  assert_non_null(strstr(f.text, "早于2026-05-02验收"));
  p.accepted = D("2026-05-01");
  assert_int_equal(flags_of(&p, 1, &c, RF_PAY_BEFORE_ACCEPT, 1, NULL), 0);
  /* Quorum of 5 at 67%: 4 votes. 3 cast on a closed review → flag; 4 → none; an open review → none. */
  p.reviewed = 1, p.committee_n = 5, p.votes_cast = 3;
  assert_int_equal(flags_of(&p, 1, &c, RF_NO_QUORUM, 1, &f), 1);
  assert_non_null(strstr(f.text, "法定人数4人"));
  p.votes_cast = 4;
  assert_int_equal(flags_of(&p, 1, &c, RF_NO_QUORUM, 1, NULL), 0);
  p.votes_cast = 1, p.reviewed = 0;
  assert_int_equal(flags_of(&p, 1, &c, RF_NO_QUORUM, 1, NULL), 0);
  /* Contract: equal to the approval → none; one 分 more → flag naming the excess. */
  p.has_contract = 1, p.contract_fen = 6500000;
  assert_int_equal(flags_of(&p, 1, &c, RF_CONTRACT_OVER, 1, NULL), 0);
  p.contract_fen = 6500001;
  assert_int_equal(flags_of(&p, 1, &c, RF_CONTRACT_OVER, 1, &f), 1);
  assert_non_null(strstr(f.text, "超出0.01元"));
}

static void test_quorum_chain_money(void **st) {
  assert_int_equal(risks_quorum_need(5, 67), 4);
  assert_int_equal(risks_quorum_need(6, 67), 5); /* 4.02 → 5 */
  assert_int_equal(risks_quorum_need(3, 67), 3); /* 2.01 → 3 */
  assert_int_equal(risks_quorum_need(4, 50), 2);
  assert_int_equal(risks_quorum_need(0, 67), 1);
  assert_true(risks_majority(3, 5, 50));
  assert_false(risks_majority(2, 4, 50)); /* half is not more than half */
  assert_true(risks_majority(3, 4, 50));
  assert_false(risks_majority(0, 0, 50));
  risks_procure_cfg c;
  risks_procure_cfg_default(&c);
  size_t idx[RISKS_CHAIN_MAX];
  assert_int_equal(risks_chain_for(&c, 4999999, idx), 2);
  assert_int_equal(risks_chain_for(&c, 5000000, idx), 3); /* 5万元 reaches 局长审批 */
  assert_string_equal(c.chain[idx[2]].step, "局长审批");
  assert_int_equal(risks_chain_for(&c, 20000000, idx), 4);
  char s[40];
  risks_fmt_money(875700, s, sizeof s);
  assert_string_equal(s, "8757元");
  risks_fmt_money(875750, s, sizeof s);
  assert_string_equal(s, "8757.50元");
  risks_fmt_money(896000 * 10, s, sizeof s);
  assert_string_equal(s, "8.96万元");
  risks_fmt_money(1, s, sizeof s);
  assert_string_equal(s, "0.01元");
}

static void test_settings_json(void **st) {
  risks_procure_cfg c, c2;
  char why[200];
  json_t *j = json_loads("{\"committee\":[\"a\",\"b\",\"c\"],\"quorum_pct\":50,\"approval\":[{\"step\":\"科长\",\"from_fen\":0},{\"step\":\"局长\",\"from_fen\":100}],"
                         "\"methods\":{\"询价\":500,\"公开招标\":null},\"split_fen\":300,\"split_days\":30}", 0, NULL);
  assert_int_equal(risks_procure_cfg_from_json(j, &c, why, sizeof why), 0);
  json_decref(j);
  assert_int_equal(c.ncommittee, 3);
  assert_int_equal(c.quorum_pct, 50);
  assert_int_equal(c.majority_pct, 50); /* default kept */
  assert_int_equal(c.nchain, 2);
  assert_int_equal(c.method_max_fen[RPM_QUOTE], 500);
  assert_int_equal(c.method_max_fen[RPM_INVITED], 100000000);
  json_t *back = risks_procure_cfg_to_json(&c);
  assert_int_equal(risks_procure_cfg_from_json(back, &c2, why, sizeof why), 0);
  json_decref(back);
  assert_memory_equal(&c, &c2, sizeof c);
  static const struct { const char *body, *says; } bad[] = {
    {"[]", "三项项目设置"},
    {"{\"x\":1}", "“x”"},
    {"{\"committee\":[\"a\",\"a\"]}", "重复"},
    {"{\"committee\":[\"\"]}", "committee"},
    {"{\"quorum_pct\":0}", "quorum_pct"},
    {"{\"majority_pct\":100}", "majority_pct"},
    {"{\"lead_days\":-1}", "lead_days"},
    {"{\"approval\":[]}", "approval"},
    {"{\"approval\":[{\"step\":\"a\",\"from_fen\":5},{\"step\":\"b\",\"from_fen\":4}]}", "“b”"},
    {"{\"methods\":{\"比选\":1}}", "比选"},
    {"{\"methods\":{\"询价\":-1}}", "询价"},
    {"{\"split_fen\":0}", "split_fen"},
    {"{\"split_days\":400}", "split_days"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    j = json_loads(bad[i].body, JSON_DECODE_ANY, NULL);
    assert_non_null(j);
    why[0] = 0;
    assert_int_equal(risks_procure_cfg_from_json(j, &c, why, sizeof why), -1);
    if (!strstr(why, bad[i].says)) fail_msg("%s: %s", bad[i].body, why);
    json_decref(j);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_split_threshold),
    cmocka_unit_test(test_other_flags),
    cmocka_unit_test(test_quorum_chain_money),
    cmocka_unit_test(test_settings_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
