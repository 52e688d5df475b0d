/* procure.c — 三项项目 pure logic: kinds and purchase methods, the procurement settings from and to JSON (fuzzed),
 * quorum, majority and the approval chain by amount, and the red flags, each explaining itself in Chinese. */
#include "risks/procure.h"
#include <stdio.h>
#include <string.h>

static const char *const kinds[RPK__COUNT] = {"工程投资", "物资采购", "宣传促销"};
static const char *const methods[RPM__COUNT] = {"公开招标", "邀请招标", "竞争性谈判", "询价", "单一来源"};
static const char *const fcodes[RF__COUNT] = {"split", "sole_no_reason", "pay_before_accept", "no_quorum", "contract_over"};
static const char *const ftitles[RF__COUNT] = {"疑似拆分采购", "单一来源未说明理由", "验收前付款", "表决未达法定人数", "合同金额超过批准金额"};

static int find(const char *const *v, int n, const char *s) {
  for (int i = 0; s && i < n; i++)
    if (!strcmp(v[i], s)) return i;
  return -1;
}
const char *risks_proj_kind_name(int k) { return k >= 0 && k < RPK__COUNT ? kinds[k] : ""; }
int risks_proj_kind_parse(const char *s) { return find(kinds, RPK__COUNT, s); }
const char *risks_method_name(int m) { return m >= 0 && m < RPM__COUNT ? methods[m] : ""; }
int risks_method_parse(const char *s) { return find(methods, RPM__COUNT, s); }
const char *risks_flag_code(int f) { return f >= 0 && f < RF__COUNT ? fcodes[f] : ""; }
const char *risks_flag_title(int f) { return f >= 0 && f < RF__COUNT ? ftitles[f] : ""; }
int risks_flag_parse(const char *code) { return find(fcodes, RF__COUNT, code); }

void risks_procure_cfg_default(risks_procure_cfg *c) {
  memset(c, 0, sizeof *c);
  c->quorum_pct = 67; /* two thirds of the committee, rounded up */
  c->majority_pct = 50;
  c->lead_days = 10;
  static const risks_chain_step chain[] = {{"部门负责人审核", 0}, {"分管局领导审批", 0}, {"局长审批", 5000000}, {"局长办公会审定", 20000000}};
  c->nchain = sizeof chain / sizeof chain[0];
  memcpy(c->chain, chain, sizeof chain);
  /* 公开招标 and 单一来源 have no ceiling; 邀请招标 up to 100万元, 竞争性谈判 50万元, 询价 20万元. */
  const int64_t max[RPM__COUNT] = {-1, 100000000, 50000000, 20000000, -1};
  memcpy(c->method_max_fen, max, sizeof max);
  c->split_fen = 20000000;
  c->split_days = 90;
}

static int bad(char *why, size_t n, const char *fmt, const char *a) {
  snprintf(why, n, fmt, a);
  return -1;
}

/* A whole number in [lo, hi]. */
static int int_in(const json_t *v, long long lo, long long hi, long long *out) {
  if (!json_is_integer(v)) return -1;
  long long x = json_integer_value(v);
  if (x < lo || x > hi) return -1;
  *out = x;
  return 0;
}

#define MONEY_MAX 100000000000000LL /* 1万亿元 in 分 */

int risks_procure_cfg_from_json(const json_t *j, risks_procure_cfg *c, char *why, size_t whylen) {
  risks_procure_cfg_default(c);
  if (!json_is_object(j)) return bad(why, whylen, "%s应为对象", "三项项目设置");
  static const char *const keys[] = {"committee", "quorum_pct", "majority_pct", "lead_days", "approval", "methods", "split_fen", "split_days"};
  const char *k;
  const json_t *v;
  json_object_foreach((json_t *)j, k, v) {
    if (find(keys, (int)(sizeof keys / sizeof keys[0]), k) < 0) return bad(why, whylen, "不认识的设置项“%.40s”", k);
  }
  long long x;
  if ((v = json_object_get(j, "committee"))) {
    if (!json_is_array(v) || json_array_size(v) > RISKS_COMMITTEE_MAX) return bad(why, whylen, "%s应为至多15个用户名的数组", "管委会成员（committee）");
    size_t i;
    const json_t *u;
    json_array_foreach(v, i, u) {
      const char *s = json_string_value(u);
      size_t len = s ? strlen(s) : 0;
      if (!len || len > 32) return bad(why, whylen, "%s的每一项应为1–32个字符的用户名", "管委会成员（committee）");
      for (size_t q = 0; q < i; q++)
        if (!strcmp(c->committee[q], s)) return bad(why, whylen, "管委会成员“%s”重复", s);
      memcpy(c->committee[i], s, len + 1);
    }
    c->ncommittee = json_array_size(v);
  }
  if ((v = json_object_get(j, "quorum_pct"))) {
    if (int_in(v, 1, 100, &x)) return bad(why, whylen, "%s应为1–100的整数", "法定人数比例（quorum_pct）");
    c->quorum_pct = (int)x;
  }
  if ((v = json_object_get(j, "majority_pct"))) {
    if (int_in(v, 1, 99, &x)) return bad(why, whylen, "%s应为1–99的整数", "通过比例（majority_pct）");
    c->majority_pct = (int)x;
  }
  if ((v = json_object_get(j, "lead_days"))) {
    if (int_in(v, 0, 365, &x)) return bad(why, whylen, "%s应为0–365的整数", "立项提前天数（lead_days）");
    c->lead_days = (int)x;
  }
  if ((v = json_object_get(j, "approval"))) {
    if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > RISKS_CHAIN_MAX)
      return bad(why, whylen, "%s应为1–6个审批环节的数组", "审批链（approval）");
    size_t i;
    const json_t *st;
    json_array_foreach(v, i, st) {
      const char *name = json_string_value(json_object_get(st, "step"));
      size_t len = name ? strlen(name) : 0;
      if (!json_is_object(st) || json_object_size(st) != 2 || !len || len >= sizeof c->chain[0].step)
        return bad(why, whylen, "%s的每一项应为 {\"step\": 环节名称, \"from_fen\": 起点金额（分）}", "审批链（approval）");
      if (int_in(json_object_get(st, "from_fen"), 0, MONEY_MAX, &x)) return bad(why, whylen, "审批环节“%s”的起点金额应为不小于0的整数（分）", name);
      if (i && x < c->chain[i - 1].from_fen) return bad(why, whylen, "审批环节“%s”的起点金额不能小于上一环节", name);
      memcpy(c->chain[i].step, name, len + 1);
      c->chain[i].from_fen = x;
    }
    c->nchain = json_array_size(v);
  }
  if ((v = json_object_get(j, "methods"))) {
    if (!json_is_object(v)) return bad(why, whylen, "%s应为对象", "采购方式限额（methods）");
    const json_t *mv;
    json_object_foreach((json_t *)v, k, mv) {
      int m = risks_method_parse(k);
      if (m < 0) return bad(why, whylen, "不认识的采购方式“%.40s”", k);
      if (json_is_null(mv)) c->method_max_fen[m] = -1;
      else if (int_in(mv, 0, MONEY_MAX, &x)) return bad(why, whylen, "采购方式“%s”的限额应为不小于0的整数（分）或 null", k);
      else c->method_max_fen[m] = x;
    }
  }
  if ((v = json_object_get(j, "split_fen"))) {
    if (int_in(v, 1, MONEY_MAX, &x)) return bad(why, whylen, "%s应为正整数（分）", "拆分采购预警金额（split_fen）");
    c->split_fen = x;
  }
  if ((v = json_object_get(j, "split_days"))) {
    if (int_in(v, 1, 366, &x)) return bad(why, whylen, "%s应为1–366的整数", "拆分采购预警期间（split_days）");
    c->split_days = (int)x;
  }
  return 0;
}

json_t *risks_procure_cfg_to_json(const risks_procure_cfg *c) {
  json_t *com = json_array(), *chain = json_array(), *m = json_object();
  for (size_t i = 0; i < c->ncommittee; i++) json_array_append_new(com, json_string(c->committee[i]));
  for (size_t i = 0; i < c->nchain; i++) json_array_append_new(chain, json_pack("{s:s,s:I}", "step", c->chain[i].step, "from_fen", (json_int_t)c->chain[i].from_fen));
  for (int i = 0; i < RPM__COUNT; i++) json_object_set_new(m, methods[i], c->method_max_fen[i] < 0 ? json_null() : json_integer(c->method_max_fen[i]));
  return json_pack("{s:o,s:i,s:i,s:i,s:o,s:o,s:I,s:i}", "committee", com, "quorum_pct", c->quorum_pct, "majority_pct", c->majority_pct,
                   "lead_days", c->lead_days, "approval", chain, "methods", m, "split_fen", (json_int_t)c->split_fen, "split_days", c->split_days);
}

int risks_quorum_need(int members, int quorum_pct) {
  int need = (members * quorum_pct + 99) / 100;
  return need < 1 ? 1 : need;
}

int risks_majority(int yes, int cast, int majority_pct) { return cast > 0 && (long long)yes * 100 > (long long)majority_pct * cast; }

size_t risks_chain_for(const risks_procure_cfg *c, int64_t amount_fen, size_t idx[RISKS_CHAIN_MAX]) {
  size_t n = 0;
  for (size_t i = 0; i < c->nchain; i++)
    if (c->chain[i].from_fen <= amount_fen) idx[n++] = i;
  return n;
}

void risks_fmt_money(int64_t fen, char *out, size_t outlen) {
  int neg = fen < 0;
  uint64_t a = neg ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  if (a >= 1000000) { /* 1万元 and up: 万元 with two decimals, rounded half up */
    uint64_t w = (a + 50) / 100; /* 元, rounded */
    uint64_t cents = (w + 50) / 100; /* 百元 */
    snprintf(out, outlen, "%s%llu.%02llu万元", neg ? "-" : "", (unsigned long long)(cents / 100), (unsigned long long)(cents % 100));
  } else if (a % 100) snprintf(out, outlen, "%s%llu.%02llu元", neg ? "-" : "", (unsigned long long)(a / 100), (unsigned long long)(a % 100));
  else snprintf(out, outlen, "%s%llu元", neg ? "-" : "", (unsigned long long)(a / 100));
}

/* Appends "#12“title”" for each related project. */
static void list_related(const risks_proj_in *p, size_t n, const int64_t *ids, size_t nids, char *out, size_t outlen) {
  size_t len = strlen(out);
  for (size_t k = 0; k < nids && len + 1 < outlen; k++)
    for (size_t i = 0; i < n; i++)
      if (p[i].id == ids[k]) {
        snprintf(out + len, outlen - len, "%s#%lld“%.60s”", k ? "、" : "", (long long)p[i].id, p[i].title ? p[i].title : "");
        len = strlen(out);
        break;
      }
}

static int dist(int a, int b) { return a > b ? a - b : b - a; }

/* The split flag of p[i] by one basis (same supplier, or same kind and category); 1 when raised. */
static int split_of(const risks_proj_in *p, size_t n, size_t i, const risks_procure_cfg *c, int by_supplier, risks_flag *f) {
  const risks_proj_in *a = &p[i];
  const char *key = by_supplier ? a->supplier : a->category;
  if (!key || !*key || a->amount_fen >= c->split_fen || a->amount_fen <= 0) return 0;
  int64_t sum = a->amount_fen;
  f->nrelated = 0;
  size_t others = 0;
  for (size_t j = 0; j < n; j++) {
    const risks_proj_in *b = &p[j];
    if (j == i || b->amount_fen >= c->split_fen || b->amount_fen <= 0 || dist(a->filed, b->filed) > c->split_days) continue;
    const char *bk = by_supplier ? b->supplier : b->category;
    if (!bk || strcmp(bk, key) || (!by_supplier && b->kind != a->kind)) continue;
    sum += b->amount_fen;
    if (f->nrelated < RISKS_FLAG_RELATED) f->related[f->nrelated++] = b->id;
    others++;
  }
  if (!others || sum < c->split_fen) return 0;
  char s1[40], s2[40], s3[40];
  risks_fmt_money(a->amount_fen, s1, sizeof s1);
  risks_fmt_money(sum, s2, sizeof s2);
  risks_fmt_money(c->split_fen, s3, sizeof s3);
  snprintf(f->text, sizeof f->text, "本项目%s，与%s%.40s”立项相隔%d天内的项目", s1, by_supplier ? "同一供应商“" : "同类“", key, c->split_days);
  list_related(p, n, f->related, f->nrelated, f->text, sizeof f->text);
  size_t len = strlen(f->text);
  snprintf(f->text + len, sizeof f->text - len, "合计%s，达到%s的预警金额，而每项都低于它，疑似化整为零规避采购方式", s2, s3);
  return 1;
}

size_t risks_procure_flags(const risks_proj_in *p, size_t n, const risks_procure_cfg *c, risks_flag *out, size_t max) {
  size_t k = 0;
  risks_flag f;
  for (size_t i = 0; i < n; i++) {
    const risks_proj_in *a = &p[i];
    char s1[40], s2[40];
    for (int code = 0; code < RF__COUNT; code++) {
      memset(&f, 0, sizeof f);
      f.project = a->id;
      f.code = code;
      int raised = 0;
      switch (code) {
      case RF_SPLIT:
        raised = split_of(p, n, i, c, 1, &f) || split_of(p, n, i, c, 0, &f);
        break;
      case RF_SOLE_NO_REASON:
        if ((raised = a->method == RPM_SOLE && (!a->method_reason || !*a->method_reason)))
          snprintf(f.text, sizeof f.text, "采用单一来源采购，未说明只能向该供应商采购的理由");
        break;
      case RF_PAY_BEFORE_ACCEPT:
        if ((raised = a->first_paid >= 0 && (a->accepted < 0 || a->first_paid < a->accepted))) {
          char d[11], e[11] = "";
          wd_format(a->first_paid, d);
          if (a->accepted >= 0) wd_format(a->accepted, e);
          const char *ex = a->pay_exception ? a->pay_exception : "";
          if (a->accepted < 0) snprintf(f.text, sizeof f.text, "%s已付款，项目至今未验收", d);
          else snprintf(f.text, sizeof f.text, "%s付款，早于%s验收", d, e);
          size_t len = strlen(f.text);
          snprintf(f.text + len, sizeof f.text - len, *ex ? "；登记的例外理由：%.300s" : "%s", *ex ? ex : "；未登记例外理由");
        }
        break;
      case RF_NO_QUORUM: {
        int need = risks_quorum_need(a->committee_n, c->quorum_pct);
        if ((raised = a->reviewed && a->committee_n > 0 && a->votes_cast < need))
          snprintf(f.text, sizeof f.text, "管委会%d人，表决%d人，未达到法定人数%d人（%d%%）即作出决定", a->committee_n, a->votes_cast, need, c->quorum_pct);
        break;
      }
      case RF_CONTRACT_OVER:
        if ((raised = a->has_contract && a->contract_fen > a->amount_fen)) {
          risks_fmt_money(a->contract_fen, s1, sizeof s1);
          risks_fmt_money(a->amount_fen, s2, sizeof s2);
          char s3[40];
          risks_fmt_money(a->contract_fen - a->amount_fen, s3, sizeof s3);
          snprintf(f.text, sizeof f.text, "合同金额%s，超过批准金额%s，超出%s，未重新履行审批", s1, s2, s3);
        }
        break;
      }
      if (raised) {
        if (k < max) out[k] = f;
        k++;
      }
    }
  }
  return k;
}
