/* api_procure.c — 三项项目 over HTTP: 立项 (filed ahead by the lead time) → 管委会 named votes → approval chain by
 * amount → purchase method within its ceiling → 合同 → 验收 → 付款 (before 验收 only with an exception and its reason),
 * disclosure before, during and after; the red flags computed on every read, each one click from an audit finding.
 * Every step is one transaction with its audit row; the state it needs is checked inside that transaction. */
#include "risks/procure.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const org_perm_def perms[] = {
  {"risks:project", "三项项目"}, {"risks:project:list", "查询"}, {"risks:project:add", "立项、采购、合同、验收、付款、公开"},
  {"risks:project:vote", "管委会表决"}, {"risks:project:approve", "审批"}, {"risks:project:settings", "设置管委会、审批链与采购限额"},
};
static const org_grant grants[] = {
  {"leader", "risks:project:list risks:project:vote risks:project:approve"},
  {"dept_head", "risks:project:list risks:project:add risks:project:approve"},
  {"discipline", "risks:project:list risks:project:vote risks:project:settings"},
};
static const org_audit_def actions[] = {
  {"risks.project.create", "三项项目立项", NULL}, {"risks.project.vote", "管委会表决", NULL},
  {"risks.project.review", "管委会审议结束", NULL}, {"risks.project.approve", "三项项目审批", NULL},
  {"risks.project.method", "确定采购方式", NULL}, {"risks.project.contract", "登记采购合同", NULL},
  {"risks.project.accept", "三项项目验收", NULL}, {"risks.project.pay", "三项项目付款", NULL},
  {"risks.project.disclose", "三项项目公开", NULL}, {"risks.project.flag", "红旗预警转审计整改", NULL},
  {"risks.procurement.configure", "修改三项项目设置", NULL},
};

static const char *const stages[] = {"审议", "审批", "采购", "合同", "验收", "付款", "完结", "未通过", NULL};

int risks_procure_cfg_load(risks_procure_cfg *c) {
  risks_procure_cfg_default(c);
  int err = 0;
  char *v = risks_store_setting_get("procure", &err);
  if (err) return -1;
  if (!v) return 0;
  json_t *j = json_loads(v, 0, NULL);
  free(v);
  char why[200];
  int rc = j ? risks_procure_cfg_from_json(j, c, why, sizeof why) : -1;
  json_decref(j);
  return rc;
}

/* A money field in 元: a string with at most two decimals, or a whole number; more than 0. 1 set, 0 absent, -1 answered. */
static int money(req *r, json_t *o, const char *key, const char *label, int required, int64_t *fen) {
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required) http_error(r, ERR_MISSING, key, "请填写%s", label);
    return required ? -1 : 0;
  }
  int ok = 0;
  if (json_is_integer(v)) {
    json_int_t x = json_integer_value(v);
    ok = x > 0 && x <= 1000000000000LL;
    if (ok) *fen = (int64_t)x * 100;
  } else if (json_is_string(v)) ok = !tasks_money_parse(json_string_value(v), fen) && *fen > 0 && *fen <= 100000000000000LL;
  if (!ok) { http_error(r, ERR_INVALID, key, "%s应为大于0、至多两位小数的元数", label); return -1; }
  return 1;
}

/* A date field not after today (today when absent). 0 ok, -1 answered. */
static int day_field(req *r, json_t *o, const char *key, const char *label, const char *today, const char **out) {
  if (jv_str(r, o, key, label, JV_OPTIONAL, 10, 10, out) < 0) return -1;
  if (!*out) *out = today;
  if (wd_parse(*out) < 0 || strcmp(*out, today) > 0) { http_error(r, ERR_INVALID, key, "%s应为不晚于今天的日期（YYYY-MM-DD）", label); return -1; }
  return 0;
}

static int64_t ji(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *js(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}
static int jday(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s && *s ? wd_parse(s) : -1;
}

/* Flags of the projects in `list` (owned rows); each row gets "flags": [{code,title,text,related,finding_id}]. 0 ok. */
static int attach_flags(json_t *list, const risks_procure_cfg *c) {
  size_t n = json_array_size(list);
  risks_proj_in *in = calloc(n ? n : 1, sizeof *in);
  if (!in) return -1;
  for (size_t i = 0; i < n; i++) {
    json_t *p = json_array_get(list, i);
    json_t *m = json_object_get(p, "method");
    in[i] = (risks_proj_in){.id = ji(p, "id"), .title = js(p, "title"), .category = js(p, "category"), .supplier = js(p, "supplier"),
                            .kind = risks_proj_kind_parse(js(p, "kind")), .amount_fen = ji(p, "amount_fen"), .filed = jday(p, "filed_on"),
                            .reviewed = json_is_string(json_object_get(p, "review_result")), .committee_n = (int)ji(p, "committee_n"),
                            .votes_cast = (int)ji(p, "votes_cast"), .method = json_is_string(m) ? risks_method_parse(json_string_value(m)) : -1,
                            .method_reason = js(p, "method_reason"), .has_contract = json_is_integer(json_object_get(p, "contract_fen")),
                            .contract_fen = ji(p, "contract_fen"), .accepted = jday(p, "accepted_on"), .first_paid = jday(p, "first_paid_on"),
                            .pay_exception = js(p, "pay_exception")};
    json_object_set_new(p, "flags", json_array());
  }
  size_t max = n * RF__COUNT + 1;
  risks_flag *f = calloc(max, sizeof *f);
  if (!f) { free(in); return -1; }
  size_t k = risks_procure_flags(in, n, c, f, max);
  int rc = 0;
  for (size_t i = 0; i < k && i < max; i++) {
    for (size_t j = 0; j < n; j++) {
      json_t *p = json_array_get(list, j);
      if (ji(p, "id") != f[i].project) continue;
      json_t *rel = json_array();
      for (size_t q = 0; q < f[i].nrelated; q++) json_array_append_new(rel, json_integer(f[i].related[q]));
      int64_t finding = risks_store_proj_flag_finding(f[i].project, risks_flag_code(f[i].code));
      if (finding < 0) rc = -1;
      json_array_append_new(json_object_get(p, "flags"),
                            json_pack("{s:s,s:s,s:s,s:o,s:o}", "code", risks_flag_code(f[i].code), "title", risks_flag_title(f[i].code), "text",
                                      f[i].text, "related", rel, "finding_id", finding > 0 ? json_integer(finding) : json_null()));
      break;
    }
  }
  free(f);
  free(in);
  return rc;
}

static int in_list(const char *s, const char *const *v) {
  for (; *v; v++)
    if (!strcmp(*v, s)) return 1;
  return 0;
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *kind = http_query(r, "kind"), *stage = http_query(r, "stage"), *flagged = http_query(r, "flagged"), *q = http_query(r, "q");
  int64_t unit;
  if (risks_q_id(r, "unit_id", &unit)) return;
  if (kind && *kind && risks_proj_kind_parse(kind) < 0) { http_error(r, ERR_BAD_QUERY, "kind", "类别应为 工程投资、物资采购、宣传促销 之一"); return; }
  if (stage && *stage && !in_list(stage, stages)) { http_error(r, ERR_BAD_QUERY, "stage", "阶段不正确"); return; }
  if (!org_caller_scope(r)) return;
  risks_procure_cfg c;
  json_t *all = risks_procure_cfg_load(&c) ? NULL : risks_store_projs(r);
  if (!all || attach_flags(all, &c)) { json_decref(all); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *items = json_array();
  int64_t total = 0, amount = 0, nflag = 0;
  size_t i;
  json_t *p;
  json_array_foreach(all, i, p) {
    size_t nf = json_array_size(json_object_get(p, "flags"));
    if ((kind && *kind && strcmp(kind, js(p, "kind"))) || (stage && *stage && strcmp(stage, js(p, "stage"))) ||
        (flagged && !strcmp(flagged, "1") && !nf) || (unit && ji(p, "unit_id") != unit) ||
        (q && *q && !strstr(js(p, "title"), q) && !strstr(js(p, "supplier"), q) && !strstr(js(p, "category"), q)))
      continue;
    total++;
    amount += ji(p, "amount_fen");
    nflag += nf > 0;
    if (total > lp.offset && (int64_t)json_array_size(items) < lp.size) json_array_append(items, p);
  }
  json_decref(all);
  http_json(r, 200, json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "amount_fen", (json_int_t)amount, "flagged", (json_int_t)nflag));
}

/* The project in the caller's scope with its flags (computed among the projects in scope). NULL answered. */
static json_t *load(req *r, int64_t id, const risks_procure_cfg *c) {
  if (!org_caller_scope(r)) return NULL;
  int err = 0;
  json_t *one = risks_store_proj_get(r, id, &err);
  if (!one) {
    if (err) http_error(r, ERR_INTERNAL, NULL, NULL);
    else http_error(r, ERR_NOT_FOUND, NULL, "三项项目不存在或不在您的数据范围内");
    return NULL;
  }
  json_decref(one);
  json_t *all = risks_store_projs(r);
  if (!all || attach_flags(all, c)) { json_decref(all); http_error(r, ERR_INTERNAL, NULL, NULL); return NULL; }
  size_t i;
  json_t *p, *found = NULL;
  json_array_foreach(all, i, p) if (ji(p, "id") == id) found = json_incref(p);
  json_decref(all);
  if (!found) http_error(r, ERR_NOT_FOUND, NULL, "三项项目不存在或不在您的数据范围内");
  return found;
}

static int committee_has(const risks_procure_cfg *c, const char *username) {
  for (size_t i = 0; i < c->ncommittee; i++)
    if (!strcmp(c->committee[i], username)) return 1;
  return 0;
}

/* The full answer: the project with votes, committee and quorum, the approval chain, payments and disclosures. */
static json_t *detail(json_t *p, const risks_procure_cfg *c) {
  int64_t id = ji(p, "id");
  json_t *votes = risks_store_proj_votes(id), *appr = risks_store_proj_approvals(id), *pays = risks_store_proj_payments(id),
         *disc = risks_store_proj_disclosures(id);
  const char *names[RISKS_COMMITTEE_MAX];
  for (size_t i = 0; i < c->ncommittee; i++) names[i] = c->committee[i];
  json_t *com = risks_store_users_named(names, c->ncommittee);
  if (!votes || !appr || !pays || !disc || !com) {
    json_decref(votes), json_decref(appr), json_decref(pays), json_decref(disc), json_decref(com), json_decref(p);
    return NULL;
  }
  size_t i, j;
  json_t *m, *v;
  json_array_foreach(com, i, m) {
    json_object_set_new(m, "vote", json_null());
    json_array_foreach(votes, j, v) if (!strcmp(js(v, "username"), js(m, "username"))) json_object_set(m, "vote", json_object_get(v, "vote"));
  }
  int cast = (int)json_array_size(votes), yes = 0;
  json_array_foreach(votes, j, v) yes += !strcmp(js(v, "vote"), "同意");
  int members = json_is_integer(json_object_get(p, "committee_n")) ? (int)ji(p, "committee_n") : (int)c->ncommittee;
  int need = risks_quorum_need(members, c->quorum_pct);
  json_object_set_new(p, "quorum", json_pack("{s:i,s:i,s:i,s:i,s:b,s:b,s:i,s:i}", "members", members, "need", need, "cast", cast, "yes", yes,
                                             "met", cast >= need, "passed", risks_majority(yes, cast, c->majority_pct), "quorum_pct", c->quorum_pct,
                                             "majority_pct", c->majority_pct));
  size_t idx[RISKS_CHAIN_MAX], n = risks_chain_for(c, ji(p, "amount_fen"), idx);
  json_t *chain = json_array();
  for (size_t k = 0; k < n; k++) {
    json_t *done = NULL;
    json_array_foreach(appr, j, v) if (!strcmp(js(v, "step"), c->chain[idx[k]].step)) done = v;
    json_array_append_new(chain, json_pack("{s:s,s:I,s:O}", "step", c->chain[idx[k]].step, "from_fen", (json_int_t)c->chain[idx[k]].from_fen, "done",
                                           done ? done : json_null()));
  }
  json_decref(appr);
  json_object_set_new(p, "votes", votes);
  json_object_set_new(p, "committee", com);
  json_object_set_new(p, "chain", chain);
  json_object_set_new(p, "payments", pays);
  json_object_set_new(p, "disclosures", disc);
  return p;
}

static void h_get(req *r) {
  risks_procure_cfg c;
  if (risks_procure_cfg_load(&c)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *p = load(r, http_param_id(r, 0), &c);
  if (!p) return;
  if (!(p = detail(p, &c))) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, p);
}

static void h_create(req *r) {
  static const char *const allowed[] = {"kind", "title", "need", "category", "unit_id", "amount", "planned_on", NULL};
  static const char *const kinds[] = {"工程投资", "物资采购", "宣传促销", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_proj_row w = {0};
  if (jv_enum(r, o, "kind", "项目类别", JV_REQUIRED, kinds, &w.kind) < 0 || jv_str(r, o, "title", "项目名称", JV_REQUIRED, 1, 100, &w.title) < 0 ||
      jv_str(r, o, "need", "需求说明", JV_REQUIRED, 1, 2000, &w.need) < 0 || jv_str(r, o, "category", "品目", JV_REQUIRED, 1, 30, &w.category) < 0 ||
      jv_int(r, o, "unit_id", "申报单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 || money(r, o, "amount", "预算金额（元）", 1, &w.amount_fen) < 0 ||
      jv_str(r, o, "planned_on", "计划实施日期", JV_REQUIRED, 10, 10, &w.planned_on) < 0)
    return;
  risks_procure_cfg c;
  if (risks_procure_cfg_load(&c)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char today[11], at[20], earliest[11];
  risks_today(today);
  wd_format(wd_parse(today) + c.lead_days, earliest);
  if (wd_parse(w.planned_on) < 0) { http_error(r, ERR_INVALID, "planned_on", "计划实施日期应为 YYYY-MM-DD 格式的日期"); return; }
  if (strcmp(w.planned_on, earliest) < 0) {
    http_error(r, ERR_INVALID, "planned_on", "三项项目须提前%d天立项报备，计划实施日期应不早于%s", c.lead_days, earliest);
    return;
  }
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "申报单位不存在或不在您的数据范围内"); return; }
  util_now_text(at);
  w.filed_on = today;
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_proj_insert(&w);
  int err = 0;
  json_t *after = id ? risks_store_proj_get(r, id, &err) : NULL;
  if (!after || org_audit(r, "risks.project.create", "risk_project", id, w.title, NULL, after)) {
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(after);
  if (risks_tx_commit(r)) return;
  json_t *p = load(r, id, &c);
  if (!p) return;
  if (!(p = detail(p, &c))) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 201, p);
}

enum { A_VOTE, A_REVIEW, A_APPROVE, A_METHOD, A_CONTRACT, A_ACCEPT, A_PAY, A_DISCLOSE };

static void act(req *r, int a) {
  static const char *const allowed[][5] = {{"vote", "note", NULL}, {NULL}, {"decision", "opinion", NULL}, {"method", "reason", NULL},
                                           {"supplier", "contract_no", "amount", "signed_on", NULL}, {"note", "accepted_on", NULL},
                                           {"amount", "paid_on", "exception", NULL}, {"phase", "content", NULL}};
  static const char *const votes[] = {"同意", "反对", "弃权", NULL}, *const decisions[] = {"同意", "不同意", NULL};
  static const char *const methods[] = {"公开招标", "邀请招标", "竞争性谈判", "询价", "单一来源", NULL}, *const phases[] = {"事前", "事中", "事后", NULL};
  static const char *const codes[] = {"risks.project.vote", "risks.project.review", "risks.project.approve", "risks.project.method",
                                      "risks.project.contract", "risks.project.accept", "risks.project.pay", "risks.project.disclose"};
  json_t *o = jv_object(r, allowed[a]);
  if (!o) return;
  char today[11], at[20];
  risks_today(today);
  util_now_text(at);
  const char *t1 = NULL, *t2 = NULL, *t3 = NULL;
  int64_t fen = 0;
  if ((a == A_VOTE && (jv_enum(r, o, "vote", "表决意见", JV_REQUIRED, votes, &t1) < 0 || jv_str(r, o, "note", "说明", JV_OPTIONAL, 0, 500, &t2) < 0)) ||
      (a == A_APPROVE && (jv_enum(r, o, "decision", "审批意见", JV_REQUIRED, decisions, &t1) < 0 || jv_str(r, o, "opinion", "审批说明", JV_OPTIONAL, 0, 500, &t2) < 0)) ||
      (a == A_METHOD && (jv_enum(r, o, "method", "采购方式", JV_REQUIRED, methods, &t1) < 0 || jv_str(r, o, "reason", "采用理由", JV_OPTIONAL, 0, 1000, &t2) < 0)) ||
      (a == A_CONTRACT && (jv_str(r, o, "supplier", "供应商", JV_REQUIRED, 1, 100, &t1) < 0 || jv_str(r, o, "contract_no", "合同编号", JV_REQUIRED, 1, 50, &t2) < 0 ||
                           money(r, o, "amount", "合同金额（元）", 1, &fen) < 0 || day_field(r, o, "signed_on", "签订日期", today, &t3) < 0)) ||
      (a == A_ACCEPT && (jv_str(r, o, "note", "验收意见", JV_REQUIRED, 1, 1000, &t1) < 0 || day_field(r, o, "accepted_on", "验收日期", today, &t3) < 0)) ||
      (a == A_PAY && (money(r, o, "amount", "付款金额（元）", 1, &fen) < 0 || day_field(r, o, "paid_on", "付款日期", today, &t3) < 0 ||
                      jv_str(r, o, "exception", "例外理由", JV_OPTIONAL, 0, 500, &t1) < 0)) ||
      (a == A_DISCLOSE && (jv_enum(r, o, "phase", "公开阶段", JV_REQUIRED, phases, &t1) < 0 || jv_str(r, o, "content", "公开内容", JV_REQUIRED, 1, 2000, &t2) < 0)))
    return;
  org_user *me = org_caller(r);
  int64_t id = http_param_id(r, 0);
  if (risks_tx_begin(r)) return;
  /* The settings (committee, quorum, chain, ceilings) are read inside the transaction that acts on them. */
  risks_procure_cfg c;
  if (risks_procure_cfg_load(&c)) { risks_tx_fail(r); return; }
  if (a == A_VOTE && !committee_has(&c, me->username)) { db_rollback(); http_error(r, ERR_FORBIDDEN, "vote", "您不是管委会成员，不能表决"); return; }
  json_t *before = load(r, id, &c);
  if (!before) { db_rollback(); return; }
  const char *stage = js(before, "stage");
  static const char *const need[] = {"审议", "审议", "审批", "采购", "合同", "验收", "验收|付款", "*"};
  static const char *const verbs[] = {"表决", "结束审议", "审批", "确定采购方式", "登记合同", "验收", "付款", "公开"};
  char msg[300] = "", note[600] = "";
  const char *field = NULL;
  err_id e = ERR_BAD_STATE;
  int fail = 0;
  if (strcmp(need[a], "*") && !strstr(need[a], stage)) snprintf(msg, sizeof msg, "项目当前在“%s”阶段，不能%s", stage, verbs[a]);
  else if (a == A_VOTE) {
    int rc = risks_store_proj_vote(id, me->id, t1, t2, at);
    if (rc == 1) e = ERR_DUPLICATE, field = "vote", snprintf(msg, sizeof msg, "您已对该项目表决过，不能重复表决");
    fail = rc < 0;
    snprintf(note, sizeof note, "%s：%s", me->name, t1);
  } else if (a == A_REVIEW) {
    int cast = (int)ji(before, "votes_cast"), yes = (int)ji(before, "votes_yes");
    if (!cast) snprintf(msg, sizeof msg, "还没有管委会成员表决，不能结束审议");
    else {
      int passed = risks_majority(yes, cast, c.majority_pct), need_n = risks_quorum_need((int)c.ncommittee, c.quorum_pct);
      fail = risks_store_proj_review(id, passed ? "通过" : "未通过", (int)c.ncommittee, today, passed ? "审批" : "未通过", at);
      snprintf(note, sizeof note, "表决%d人（管委会%d人，法定人数%d人），同意%d票：%s%s", cast, (int)c.ncommittee, need_n, yes, passed ? "通过" : "未通过",
               cast < need_n ? "；未达法定人数" : "");
    }
  } else if (a == A_APPROVE) {
    size_t idx[RISKS_CHAIN_MAX], n = risks_chain_for(&c, ji(before, "amount_fen"), idx);
    json_t *done = risks_store_proj_approvals(id);
    size_t k = json_array_size(done);
    json_decref(done);
    if (!done) fail = 1;
    else if (k >= n) snprintf(msg, sizeof msg, "审批环节已全部完成");
    else {
      int rc = risks_store_proj_approve(id, c.chain[idx[k]].step, me->id, t1, t2, at);
      if (rc == 1) e = ERR_DUPLICATE, field = "decision", snprintf(msg, sizeof msg, "您已审批过该项目，同一人不能审批两个环节");
      else if (!rc && (!strcmp(t1, "不同意") || k + 1 == n)) fail = risks_store_proj_stage(id, !strcmp(t1, "不同意") ? "未通过" : "采购", at);
      else fail = rc < 0;
      snprintf(note, sizeof note, "%s：%s%s%s", c.chain[idx[k]].step, t1, t2 && *t2 ? "，" : "", t2 ? t2 : "");
    }
  } else if (a == A_METHOD) {
    int m = risks_method_parse(t1);
    int64_t amount = ji(before, "amount_fen"), max = c.method_max_fen[m];
    if (max >= 0 && amount > max) {
      char s1[40], s2[40];
      risks_fmt_money(amount, s1, sizeof s1);
      risks_fmt_money(max, s2, sizeof s2);
      e = ERR_INVALID, field = "method", snprintf(msg, sizeof msg, "预算%s超过“%s”的限额%s，应采用更严格的采购方式", s1, t1, s2);
    } else fail = risks_store_proj_method(id, t1, t2, at);
    snprintf(note, sizeof note, "%s%s%s", t1, t2 && *t2 ? "：" : "", t2 ? t2 : "");
  } else if (a == A_CONTRACT) {
    fail = risks_store_proj_contract(id, t1, t2, fen, t3, at);
    char s1[40];
    risks_fmt_money(fen, s1, sizeof s1);
    snprintf(note, sizeof note, "%s，%s，%s", t2, t1, s1);
  } else if (a == A_ACCEPT) {
    if (strcmp(t3, js(before, "contract_on")) < 0) e = ERR_INVALID, field = "accepted_on", snprintf(msg, sizeof msg, "验收日期不能早于合同签订日期%s", js(before, "contract_on"));
    else fail = risks_store_proj_accept(id, t3, t1, at);
    snprintf(note, sizeof note, "%s验收：%s", t3, t1);
  } else if (a == A_PAY) {
    int64_t left = ji(before, "contract_fen") - ji(before, "paid_fen");
    int accepted = !strcmp(stage, "付款") && strcmp(t3, js(before, "accepted_on")) >= 0;
    char s1[40], s2[40];
    risks_fmt_money(fen, s1, sizeof s1);
    risks_fmt_money(left, s2, sizeof s2);
    if (fen > left) e = ERR_INVALID, field = "amount", snprintf(msg, sizeof msg, "付款金额%s超过合同未付金额%s", s1, s2);
    else if (!accepted && (!t1 || !*t1))
      field = "exception", snprintf(msg, sizeof msg, "项目%s验收，不能付款；确需预付的，请登记例外理由", !strcmp(stage, "付款") ? "付款日期早于" : "尚未");
    else fail = risks_store_proj_pay(id, fen, t3, accepted ? "" : t1, me->id, at);
    snprintf(note, sizeof note, "%s付款%s%s%s", t3, s1, !accepted && t1 ? "（验收前付款，例外理由：" : "", !accepted && t1 ? t1 : "");
    if (!accepted && t1) strncat(note, "）", sizeof note - strlen(note) - 1);
  } else if (a == A_DISCLOSE) {
    int idx = in_list(stage, (const char *const[]){"审议", "审批", "采购", NULL}) ? 0 : in_list(stage, (const char *const[]){"合同", "验收", NULL}) ? 1 : 2;
    int want = !strcmp(t1, "事前") ? 0 : !strcmp(t1, "事中") ? 1 : 2;
    if (!strcmp(stage, "未通过")) snprintf(msg, sizeof msg, "项目未通过，无需公开");
    else if (want > idx) field = "phase", snprintf(msg, sizeof msg, "项目当前在“%s”阶段，还不能作%s公开", stage, t1);
    else fail = risks_store_proj_disclose(id, t1, t2, today, me->id, at);
    snprintf(note, sizeof note, "%s公开：%.500s", t1, t2);
  }
  if (msg[0]) {
    db_rollback();
    json_decref(before);
    http_error(r, e, field, "%s", msg);
    return;
  }
  json_t *after = NULL;
  if (fail || !(after = load(r, id, &c)) || org_audit(r, codes[a], "risk_project", id, note, before, after)) {
    json_decref(before);
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  if (!(after = detail(after, &c))) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, a == A_VOTE || a == A_PAY || a == A_DISCLOSE ? 201 : 200, after);
}
static void h_vote(req *r) { act(r, A_VOTE); }
static void h_review(req *r) { act(r, A_REVIEW); }
static void h_approve(req *r) { act(r, A_APPROVE); }
static void h_method(req *r) { act(r, A_METHOD); }
static void h_contract(req *r) { act(r, A_CONTRACT); }
static void h_accept(req *r) { act(r, A_ACCEPT); }
static void h_pay(req *r) { act(r, A_PAY); }
static void h_disclose(req *r) { act(r, A_DISCLOSE); }

/* A red flag becomes an audit finding (内部审计) of the project's unit with its 整改 item; once per flag. */
static void h_flag_finding(req *r) {
  static const char *const allowed[] = {"severity", "due", NULL}, *const sev[] = {"一般", "较重", "严重", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_finding_row w = {.source = "内部审计", .severity = "较重"};
  if (jv_enum(r, o, "severity", "严重程度", JV_OPTIONAL, sev, &w.severity) < 0 || jv_str(r, o, "due", "整改期限", JV_OPTIONAL, 10, 10, &w.due) < 0) return;
  char today[11], at[20], due[11];
  risks_today(today);
  util_now_text(at);
  if (w.due && (wd_parse(w.due) < 0 || strcmp(w.due, today) < 0)) { http_error(r, ERR_INVALID, "due", "整改期限应为不早于今天的日期（YYYY-MM-DD）"); return; }
  if (!w.due) { /* a month to rectify by default: 20 working days */
    wd_cal cal = {0};
    if (org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    wd_format(wd_add(&cal, wd_parse(today), 20), due);
    free(cal.days);
    w.due = due;
  }
  const char *code = http_param(r, 1);
  int f = risks_flag_parse(code);
  if (f < 0) { http_error(r, ERR_NOT_FOUND, NULL, "没有这种红旗预警"); return; }
  int64_t id = http_param_id(r, 0);
  if (risks_tx_begin(r)) return;
  risks_procure_cfg c;
  if (risks_procure_cfg_load(&c)) { risks_tx_fail(r); return; }
  json_t *p = load(r, id, &c);
  if (!p) { db_rollback(); return; }
  json_t *flag = NULL, *x;
  size_t i;
  json_array_foreach(json_object_get(p, "flags"), i, x) if (!strcmp(js(x, "code"), code)) flag = x;
  char title[200], err[200] = "";
  if (!flag || !json_is_null(json_object_get(flag, "finding_id"))) {
    db_rollback();
    if (!flag) http_error(r, ERR_NOT_FOUND, NULL, "该项目当前没有“%s”预警", risks_flag_title(f));
    else http_error(r, ERR_DUPLICATE, NULL, "该预警已转为审计发现问题 #%lld", (long long)ji(flag, "finding_id"));
    json_decref(p);
    return;
  }
  snprintf(title, sizeof title, "三项项目“%.60s”%s", js(p, "title"), risks_flag_title(f));
  w.title = title;
  w.unit = ji(p, "unit_id");
  w.amount_fen = f == RF_CONTRACT_OVER ? ji(p, "contract_fen") - ji(p, "amount_fen") : ji(p, "amount_fen");
  w.created_by = org_caller(r)->id;
  w.at = at;
  int64_t fid = risks_finding_open(r, &w, js(flag, "text"), err, sizeof err);
  if (fid == 0) { db_rollback(); json_decref(p); http_error(r, ERR_INVALID, NULL, "%s", err); return; }
  json_t *after = NULL;
  if (fid < 0 || risks_store_proj_flag_link(id, code, fid, at) || !(after = load(r, id, &c)) ||
      org_audit(r, "risks.project.flag", "risk_project", id, title, p, after)) {
    json_decref(p);
    json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(p);
  json_decref(after);
  if (risks_tx_commit(r)) return;
  json_t *fj = risks_store_finding_get(fid);
  if (!fj) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 201, fj);
}

static void h_settings_get(req *r) {
  risks_procure_cfg c;
  if (risks_procure_cfg_load(&c)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *j = risks_procure_cfg_to_json(&c);
  const char *names[RISKS_COMMITTEE_MAX];
  for (size_t i = 0; i < c.ncommittee; i++) names[i] = c.committee[i];
  json_t *m = risks_store_users_named(names, c.ncommittee);
  if (!m) { json_decref(j); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(j, "members", m);
  http_json(r, 200, j);
}

static void h_settings_put(req *r) {
  json_t *o = jv_object(r, (const char *const[]){"committee", "quorum_pct", "majority_pct", "lead_days", "approval", "methods", "split_fen", "split_days", NULL});
  if (!o) return;
  risks_procure_cfg c, old;
  char why[200];
  if (risks_procure_cfg_from_json(o, &c, why, sizeof why)) { http_error(r, ERR_INVALID, NULL, "%s", why); return; }
  for (size_t i = 0; i < c.ncommittee; i++)
    if (org_user_id_by_username(c.committee[i]) <= 0) { http_error(r, ERR_INVALID, "committee", "管委会成员“%s”不是本系统的用户", c.committee[i]); return; }
  if (risks_procure_cfg_load(&old)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *before = risks_procure_cfg_to_json(&old), *after = risks_procure_cfg_to_json(&c);
  char *text = json_dumps(after, JSON_COMPACT);
  char at[20];
  util_now_text(at);
  if (!text || risks_tx_begin(r)) { free(text); json_decref(before); json_decref(after); if (!text) http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (risks_store_setting_put("procure", text, at) || org_audit(r, "risks.procurement.configure", "risk_settings", 0, "修改三项项目设置", before, after)) {
    free(text), json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  free(text);
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/procurement/settings", "risks:project:list", h_settings_get, 0},
  {HTTP_PUT, "/api/v1/risks/procurement/settings", "risks:project:settings", h_settings_put, 0},
  {HTTP_GET, "/api/v1/risks/projects", "risks:project:list", h_list, 0},
  {HTTP_POST, "/api/v1/risks/projects", "risks:project:add", h_create, 0},
  {HTTP_GET, "/api/v1/risks/projects/:id", "risks:project:list", h_get, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/votes", "risks:project:vote", h_vote, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/review", "risks:project:add", h_review, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/approve", "risks:project:approve", h_approve, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/method", "risks:project:add", h_method, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/contract", "risks:project:add", h_contract, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/accept", "risks:project:add", h_accept, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/payments", "risks:project:add", h_pay, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/disclosures", "risks:project:add", h_disclose, 0},
  {HTTP_POST, "/api/v1/risks/projects/:id/flags/:code/finding", "risks:finding:add", h_flag_finding, 0},
};

void risks_procure_routes(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
}
