/* api_dues.c — 党费 handlers: a branch's member × month grid for a year with what each owes (the rule in force that
 * month on his base) and what he paid, branch totals in 分, payments one per member and month, members' bases, the
 * rule as a setting, XLSX export and the import of a dues sheet through the shared pipeline. */
#include "party/internal.h"
#include "base/import.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const party_dues_rule *rule_in(const party_dues_rule_at *rules, size_t n, const char *month) {
  const party_dues_rule *r = &party_dues_default;
  for (size_t i = 0; i < n; i++)
    if (strcmp(rules[i].from, month) <= 0) r = &rules[i].rule;
  return r;
}

/* A month's dues of a member from his bases (ascending [{from, base_fen, fixed_fen}]); -1 when he has no base yet and
 * the rule is not a fixed amount (the cell shows 未定基数). */
static int64_t due_of(json_t *bases, const party_dues_rule *rule, const char *month) {
  json_t *b = NULL, *e;
  size_t i;
  json_array_foreach(bases, i, e) if (strcmp(json_string_value(json_object_get(e, "from")), month) <= 0) b = e;
  if (!b) return rule->fixed ? rule->fixed_fen : -1;
  json_t *fx = json_object_get(b, "fixed_fen");
  return party_dues_amount(rule, json_integer_value(json_object_get(b, "base_fen")), json_is_integer(fx) ? json_integer_value(fx) : -1);
}

/* The grid of one branch and year: {org, year, months, items:[{member…, cells:[{month, state, due_fen, paid_fen,
 * paid_on}], due_fen, paid_fen, unpaid}], totals:{due_fen, paid_fen, unpaid, members, by_month:[…]}}. A month is owed
 * from the month he joined up to the bureau's current month while he is in the branch; one who left shows what he
 * paid here. NULL on error. */
static json_t *grid_of(int64_t org, const char *name, int year, const char *today, const party_dues_rule_at *rules, size_t nrules) {
  char from[24], to[24], now[8];
  snprintf(from, sizeof from, "%04d-01", year);
  snprintf(to, sizeof to, "%04d-12", year);
  memcpy(now, today, 7), now[7] = 0;
  json_t *rows = party_store_dues_grid(org, from, to);
  if (!rows) return NULL;
  int64_t mdue[12] = {0}, mpaid[12] = {0}, munpaid[12] = {0}, tdue = 0, tpaid = 0, tunpaid = 0;
  size_t i;
  json_t *m;
  json_array_foreach(rows, i, m) {
    json_t *inb = json_object_get(m, "in_branch");
    int in = json_is_true(inb) || json_integer_value(inb) == 1;
    char joined[8];
    snprintf(joined, sizeof joined, "%.7s", json_string_value(json_object_get(m, "joined_on")));
    json_t *bases = json_object_get(m, "bases"), *paid = json_object_get(m, "paid"), *cells = json_array();
    int64_t due_sum = 0, paid_sum = 0, unpaid = 0;
    for (int k = 0; k < 12; k++) {
      char month[24];
      snprintf(month, sizeof month, "%04d-%02d", year, k + 1);
      json_t *p = json_object_get(paid, month);
      int owed = in && strcmp(month, joined) >= 0 && strcmp(month, now) <= 0;
      int64_t due = owed ? due_of(bases, rule_in(rules, nrules, month), month) : 0;
      int64_t pf = p ? json_integer_value(json_object_get(p, "amount_fen")) : 0;
      const char *state = p ? "paid" : owed ? (due < 0 ? "no_base" : "unpaid") : "none";
      if (p && !owed) due = pf; /* paid ahead or before leaving: what he paid is what was owed */
      if (due < 0) due = 0;
      json_array_append_new(cells, json_pack("{s:s,s:s,s:I,s:I,s:o}", "month", month, "state", state, "due_fen", (json_int_t)due, "paid_fen",
                                             (json_int_t)pf, "paid_on", p ? json_incref(json_object_get(p, "paid_on")) : json_null()));
      due_sum += due, paid_sum += pf, mdue[k] += due, mpaid[k] += pf;
      if (!strcmp(state, "unpaid") || !strcmp(state, "no_base")) unpaid++, munpaid[k]++;
    }
    json_object_set_new(m, "cells", cells);
    json_object_set_new(m, "due_fen", json_integer(due_sum));
    json_object_set_new(m, "paid_fen", json_integer(paid_sum));
    json_object_set_new(m, "unpaid", json_integer(unpaid));
    json_object_del(m, "paid");
    tdue += due_sum, tpaid += paid_sum, tunpaid += unpaid;
  }
  json_t *by = json_array(), *months = json_array();
  for (int k = 0; k < 12; k++) {
    char month[24];
    snprintf(month, sizeof month, "%04d-%02d", year, k + 1);
    json_array_append_new(months, json_string(month));
    json_array_append_new(by, json_pack("{s:s,s:I,s:I,s:I}", "month", month, "due_fen", (json_int_t)mdue[k], "paid_fen", (json_int_t)mpaid[k], "unpaid",
                                        (json_int_t)munpaid[k]));
  }
  return json_pack("{s:{s:I,s:s},s:i,s:o,s:I,s:o,s:{s:I,s:I,s:I,s:I,s:o}}", "org", "id", (json_int_t)org, "name", name, "year", year, "months", months,
                   "total", (json_int_t)json_array_size(rows), "items", rows, "totals", "due_fen", (json_int_t)tdue, "paid_fen", (json_int_t)tpaid, "unpaid",
                   (json_int_t)tunpaid, "members", (json_int_t)json_array_size(rows), "by_month", by);
}

static void yuan(int64_t fen, char out[32]) { tasks_money_format(fen, 0, out, 32); }

static void send_xlsx(req *r, int fmt, json_t *g) {
  static const char *const mk[] = {"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12"};
  static const char *const mt[] = {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"};
  export_col cols[17];
  size_t nc = 0;
  cols[nc++] = (export_col){"姓名", "name", 0};
  cols[nc++] = (export_col){"党小组", "group_name", 0};
  for (int k = 0; k < 12; k++) cols[nc++] = (export_col){mt[k], mk[k], 0};
  cols[nc++] = (export_col){"应缴（元）", "due", 0};
  cols[nc++] = (export_col){"已缴（元）", "paid", 0};
  cols[nc++] = (export_col){"欠缴月数", "unpaid", 1};
  json_t *items = json_array();
  size_t i, j;
  json_t *m, *c;
  json_array_foreach(json_object_get(g, "items"), i, m) {
    json_t *row = json_pack("{s:O,s:s,s:I}", "name", json_object_get(m, "name"), "group_name",
                            json_is_string(json_object_get(m, "group_name")) ? json_string_value(json_object_get(m, "group_name")) : "", "unpaid",
                            (json_int_t)json_integer_value(json_object_get(m, "unpaid")));
    json_array_foreach(json_object_get(m, "cells"), j, c) {
      const char *st = json_string_value(json_object_get(c, "state"));
      char v[48] = "";
      if (!strcmp(st, "paid")) yuan(json_integer_value(json_object_get(c, "paid_fen")), v);
      else if (!strcmp(st, "unpaid")) {
        char a[32];
        yuan(json_integer_value(json_object_get(c, "due_fen")), a);
        snprintf(v, sizeof v, "未缴 %s", a);
      } else if (!strcmp(st, "no_base")) snprintf(v, sizeof v, "未定基数");
      json_object_set_new(row, mk[j], json_string(v));
    }
    char a[32], b[32];
    yuan(json_integer_value(json_object_get(m, "due_fen")), a);
    yuan(json_integer_value(json_object_get(m, "paid_fen")), b);
    json_object_set_new(row, "due", json_string(a));
    json_object_set_new(row, "paid", json_string(b));
    json_array_append_new(items, row);
  }
  json_t *t = json_object_get(g, "totals");
  json_t *tot = json_pack("{s:s,s:s,s:I}", "name", "支部合计", "group_name", "", "unpaid", (json_int_t)json_integer_value(json_object_get(t, "unpaid")));
  json_array_foreach(json_object_get(t, "by_month"), j, c) {
    char v[32];
    yuan(json_integer_value(json_object_get(c, "paid_fen")), v);
    json_object_set_new(tot, mk[j], json_string(v));
  }
  char a[32], b[32];
  yuan(json_integer_value(json_object_get(t, "due_fen")), a);
  yuan(json_integer_value(json_object_get(t, "paid_fen")), b);
  json_object_set_new(tot, "due", json_string(a));
  json_object_set_new(tot, "paid", json_string(b));
  json_array_append_new(items, tot);
  char name[200];
  snprintf(name, sizeof name, "党费_%s_%d年", json_string_value(json_object_get(json_object_get(g, "org"), "name")), (int)json_integer_value(json_object_get(g, "year")));
  export_send(r, fmt, name, cols, nc, items, org_caller(r)->name);
  json_decref(items);
}

/* GET /party/dues?org=&year=[&format=xlsx]: one branch's grid; without org, each visible branch's totals. */
static void h_grid(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  char today[11];
  party_today(today);
  int64_t org = 0, year = atoi(today);
  if (party_q_int(r, "org", 1, INT64_MAX, &org) || party_q_int(r, "year", 2000, 2100, &year)) return;
  if (!org_caller_scope(r)) return;
  party_dues_rule_at *rules = NULL;
  size_t nrules = 0;
  if (party_store_dues_rules(&rules, &nrules)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (org) {
    char founded[11], kind[16], name[128];
    int vis = party_store_org_visible(r, org);
    int f = vis == 1 ? party_store_org_founded(org, founded, kind, name) : 1;
    if (vis < 0 || f < 0) { free(rules); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!vis || f || (strcmp(kind, "党支部") && strcmp(kind, "党总支"))) { free(rules); http_error(r, ERR_NOT_FOUND, NULL, "党支部不存在"); return; }
    json_t *g = grid_of(org, name, (int)year, today, rules, nrules);
    free(rules);
    if (!g) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (lp.export_fmt) { send_xlsx(r, lp.export_fmt, g); json_decref(g); return; }
    http_json(r, 200, g);
    return;
  }
  json_t *branches = party_store_visible_branches(r);
  if (!branches) { free(rules); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *items = json_array();
  size_t i;
  json_t *b;
  json_array_foreach(branches, i, b) {
    json_t *g = grid_of(json_integer_value(json_object_get(b, "id")), json_string_value(json_object_get(b, "name")), (int)year, today, rules, nrules);
    if (!g) { json_decref(items); json_decref(branches); free(rules); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_t *t = json_object_get(g, "totals");
    json_array_append_new(items, json_pack("{s:O,s:O,s:O,s:O,s:O,s:O}", "org_id", json_object_get(b, "id"), "org_name", json_object_get(b, "name"), "members",
                                           json_object_get(t, "members"), "due_fen", json_object_get(t, "due_fen"), "paid_fen", json_object_get(t, "paid_fen"),
                                           "unpaid", json_object_get(t, "unpaid")));
    json_decref(g);
  }
  json_decref(branches);
  free(rules);
  http_json(r, 200, json_pack("{s:i,s:o,s:I}", "year", (int)year, "items", items, "total", (json_int_t)json_array_size(items)));
}

/* One payment inside the caller's transaction: the member must be visible and current (or the month one he owed
 * here); amount 0 means "what the rule says". 0 stored; -1 answered (rolled back). */
static int pay_one(req *r, int64_t member, const char *month, int64_t amount, const char *paid_on, const char *note, const char *at, int64_t *org_out,
                   int64_t *amount_out) {
  int64_t org = 0, group = 0;
  char status[16];
  json_t *mem = party_store_member(r, member);
  if (!mem) { db_rollback(); http_error(r, ERR_NOT_FOUND, "member_id", "党员不存在"); return -1; }
  json_decref(mem);
  if (party_store_member_org(member, &org, &group, status)) { dbj_tx_fail(r); return -1; }
  if (!strcmp(status, "已转出")) { db_rollback(); http_error(r, ERR_BAD_STATE, "member_id", "该党员已转出，党费在转入的组织缴纳"); return -1; }
  if (!amount) {
    party_dues_rule_at *rules = NULL;
    size_t n = 0;
    int64_t base, fixed;
    int has = 0;
    if (party_store_dues_rules(&rules, &n) || (has = party_store_dues_base_of(member, month, &base, &fixed)) < 0) { free(rules); dbj_tx_fail(r); return -1; }
    const party_dues_rule *rule = rule_in(rules, n, month);
    amount = has ? party_dues_amount(rule, base, fixed) : rule->fixed ? rule->fixed_fen : 0;
    free(rules);
    if (amount <= 0) { db_rollback(); http_error(r, ERR_MISSING, "amount_fen", "该党员尚未核定党费基数，请填写金额"); return -1; }
  }
  int rc = party_store_dues_insert(member, month, amount, paid_on, org, note, org_caller(r)->id, at);
  if (rc < 0) { dbj_tx_fail(r); return -1; }
  if (rc == 1) { db_rollback(); http_error(r, ERR_DUPLICATE, "month", "%s 的党费已缴纳，同一月份不能重复缴纳", month); return -1; }
  *org_out = org, *amount_out = amount;
  return 0;
}

/* POST /party/dues {member_id, month, amount_fen?, paid_on?, note?}: one month's dues paid. */
static void h_pay(req *r) {
  static const char *const allowed[] = {"member_id", "month", "amount_fen", "paid_on", "note", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t member, amount = 0;
  const char *month, *paid_on = NULL, *note = "";
  if (jv_int(r, o, "member_id", "党员", JV_REQUIRED, 1, INT64_MAX, &member) < 0 || jv_str(r, o, "month", "所属月份", JV_REQUIRED, 7, 7, &month) < 0 ||
      jv_int(r, o, "amount_fen", "金额（分）", JV_OPTIONAL, 1, 10000000, &amount) < 0 || jv_str(r, o, "paid_on", "缴纳日期", JV_OPTIONAL, 10, 10, &paid_on) < 0 ||
      jv_str(r, o, "note", "备注", JV_OPTIONAL, 0, 100, &note) < 0)
    return;
  char norm[8], today[11], at[20];
  if (party_month_norm(month, norm) || strcmp(norm, month)) { http_error(r, ERR_INVALID, "month", "所属月份应为 YYYY-MM"); return; }
  party_today(today);
  party_now(at);
  if (!paid_on) paid_on = today;
  if (!party_date_valid(paid_on) || strcmp(paid_on, today) > 0) { http_error(r, ERR_INVALID, "paid_on", "缴纳日期应为不晚于今天的有效日期"); return; }
  if (!org_caller_scope(r)) return;
  if (dbj_tx_begin(r)) return;
  int64_t org, fen;
  if (pay_one(r, member, month, amount, paid_on, note, at, &org, &fen)) return;
  char sum[200], y[32];
  yuan(fen, y);
  snprintf(sum, sizeof sum, "缴纳党费 %s %s 元", month, y);
  json_t *after = json_pack("{s:I,s:s,s:I,s:s,s:I,s:s}", "member_id", (json_int_t)member, "month", month, "amount_fen", (json_int_t)fen, "paid_on", paid_on,
                            "org_id", (json_int_t)org, "note", note);
  if (org_audit(r, "party.dues.pay", "party_member", member, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* PUT /party/dues/bases/:member {from, base_fen, fixed_fen?}: his monthly base (分) from a month on. */
static void h_base(req *r) {
  static const char *const allowed[] = {"from", "base_fen", "fixed_fen", NULL};
  int64_t member = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *from;
  int64_t base, fixed = -1;
  if (jv_str(r, o, "from", "起始月份", JV_REQUIRED, 7, 7, &from) < 0 || jv_int(r, o, "base_fen", "党费基数（分）", JV_REQUIRED, 0, 100000000, &base) < 0 ||
      jv_int(r, o, "fixed_fen", "固定金额（分）", JV_OPTIONAL, 0, 10000000, &fixed) < 0)
    return;
  char norm[8], at[20];
  if (party_month_norm(from, norm) || strcmp(norm, from)) { http_error(r, ERR_INVALID, "from", "起始月份应为 YYYY-MM"); return; }
  if (!org_caller_scope(r)) return;
  json_t *mem = member ? party_store_member(r, member) : NULL;
  if (!mem) { http_error(r, ERR_NOT_FOUND, NULL, "党员不存在"); return; }
  party_hold(mem);
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_dues_base_set(member, from, base, fixed, at)) { dbj_tx_fail(r); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "核定 %s 党费基数（%s 起）", json_string_value(json_object_get(mem, "name")), from);
  if (org_audit(r, "party.dues.base", "party_member", member, sum, NULL, o)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:s,s:I,s:o}", "member_id", (json_int_t)member, "from", from, "base_fen", (json_int_t)base, "fixed_fen",
                              fixed >= 0 ? json_integer(fixed) : json_null()));
}

static json_t *rules_json(const party_dues_rule_at *rules, size_t n, const char *today) {
  char month[8];
  snprintf(month, sizeof month, "%.7s", today);
  json_t *hist = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *j = party_dues_rule_json(&rules[i].rule);
    json_object_set_new(j, "from", json_string(rules[i].from));
    json_array_append_new(hist, j);
  }
  return json_pack("{s:o,s:o,s:o}", "current", party_dues_rule_json(rule_in(rules, n, month)), "default", party_dues_rule_json(&party_dues_default), "history", hist);
}

static void h_rule_get(req *r) {
  party_dues_rule_at *rules = NULL;
  size_t n = 0;
  if (party_store_dues_rules(&rules, &n)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char today[11];
  party_today(today);
  json_t *j = rules_json(rules, n, today);
  free(rules);
  http_json(r, 200, j);
}

/* PUT /party/settings/dues {from: YYYY-MM, mode: bands|fixed, bands?, fixed_fen?}: the rule from that month on. */
static void h_rule_put(req *r) {
  static const char *const allowed[] = {"from", "mode", "bands", "fixed_fen", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *from;
  if (jv_str(r, o, "from", "生效月份", JV_REQUIRED, 7, 7, &from) < 0) return;
  char norm[8], field[64], msg[200], at[20];
  if (party_month_norm(from, norm) || strcmp(norm, from)) { http_error(r, ERR_INVALID, "from", "生效月份应为 YYYY-MM"); return; }
  party_dues_rule rule;
  if (party_dues_rule_parse(o, &rule, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_dues_rule_set(from, &rule, org_caller(r)->id, at)) { dbj_tx_fail(r); return; }
  char sum[100];
  snprintf(sum, sizeof sum, "修改党费计算规则（%s 起）", from);
  if (org_audit(r, "party.dues.rule", "party_dues_rule", 0, sum, NULL, o)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  h_rule_get(r);
}

/* POST /party/dues/import (raw XLSX/CSV): 姓名, 月份, 金额（元）, 缴纳日期?, 所在支部?, 备注?. Each row names a current
 * member of a visible branch (所在支部 tells two of the same name apart), a month not yet paid (nor twice in the
 * sheet), an amount; nothing written unless every row is valid or keep_valid=1. */
static void h_import(req *r) {
  tab *t = imp_read(r, 2);
  if (!t) return;
  char err[300], today[11], at[20];
  party_today(today);
  party_now(at);
  json_t *errs = json_array();
  party_dues_in *rows = NULL;
  size_t n = 0;
  if (party_dues_read(t, &rows, &n, errs, err, sizeof err)) {
    tab_free(t);
    json_decref(errs);
    http_error(r, ERR_INVALID, "file", "%s", err);
    return;
  }
  tab_free(t);
  if (!org_caller_scope(r)) { free(rows); json_decref(errs); return; }
  int64_t *member = calloc(n ? n : 1, sizeof *member), *org = calloc(n ? n : 1, sizeof *org);
  size_t valid = 0;
  for (size_t i = 0; i < n; i++) {
    party_dues_in *d = &rows[i];
    size_t before = json_array_size(errs);
    if (!d->bad) {
      int found = party_store_member_by_name(r, d->name, d->branch, &member[i], &org[i]);
      if (found < 0) { free(rows), free(member), free(org), json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      if (!found) imp_error(errs, d->line, "姓名", "not_found", "%s 不是您可见支部的在册党员%s%s", d->name, *d->branch ? "（所在支部 " : "", *d->branch ? d->branch : "");
      else if (found > 1) imp_error(errs, d->line, "所在支部", "invalid_field", "有两名以上党员叫 %s，请填写所在支部", d->name);
      else {
        int paid = party_store_dues_paid(member[i], d->month);
        if (paid < 0) { free(rows), free(member), free(org), json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
        if (paid) imp_error(errs, d->line, "月份", "duplicate", "%s %s 的党费已缴纳，不能重复缴纳", d->name, d->month);
        for (size_t j = 0; j < i && !paid; j++)
          if (member[j] == member[i] && !strcmp(rows[j].month, d->month) && !rows[j].bad) {
            imp_error(errs, d->line, "月份", "duplicate", "与第%zu行重复：%s %s", rows[j].line, d->name, d->month);
            break;
          }
      }
      if (!*d->paid_on) snprintf(d->paid_on, sizeof d->paid_on, "%s", today);
      else if (strcmp(d->paid_on, today) > 0) imp_error(errs, d->line, "缴纳日期", "invalid_field", "不能晚于今天");
    }
    d->bad |= json_array_size(errs) != before;
    valid += !d->bad;
  }
  json_t *report = imp_report(n, valid, errs);
  if (!imp_gate(r, report)) { free(rows), free(member), free(org); return; }
  size_t written = 0;
  if (dbj_tx_begin(r)) { json_decref(report), free(rows), free(member), free(org); return; }
  for (size_t i = 0; i < n; i++) {
    if (rows[i].bad) continue;
    int rc = party_store_dues_insert(member[i], rows[i].month, rows[i].amount_fen, rows[i].paid_on, org[i], rows[i].note, org_caller(r)->id, at);
    if (rc < 0) { json_decref(report), free(rows), free(member), free(org); dbj_tx_fail(r); return; }
    written += rc == 0;
  }
  free(rows), free(member), free(org);
  char sum[100];
  snprintf(sum, sizeof sum, "导入党费 %zu 条", written);
  if (org_audit(r, "party.dues.import", "party_dues", 0, sum, NULL, NULL)) { json_decref(report); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}

static void h_template(req *r) {
  static const export_col cols[] = {{"姓名", "", 0}, {"月份", "", 0}, {"金额（元）", "", 0}, {"缴纳日期", "", 0}, {"所在支部", "", 0}, {"备注", "", 0}};
  static const char *example[] = {"张三", "2026-03", "45.68", "2026-03-05", "机关党支部", ""};
  const char *f = http_query(r, "format");
  export_template(r, f && !strcmp(f, "csv") ? EXPORT_CSV : EXPORT_XLSX, "党费导入模板", cols, sizeof cols / sizeof cols[0], example);
}

PARTY_HELD(h_base)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/dues", "party:dues:list", h_grid, 0},
  {HTTP_POST, "/api/v1/party/dues", "party:dues:edit", h_pay, 0},
  {HTTP_POST, "/api/v1/party/dues/import", "party:dues:edit", h_import, R_RAW_BODY},
  {HTTP_GET, "/api/v1/party/dues/template", "party:dues:edit", h_template, 0},
  {HTTP_PUT, "/api/v1/party/dues/bases/:id", "party:dues:edit", h_base_held, 0},
  {HTTP_GET, "/api/v1/party/settings/dues", "party:dues:list", h_rule_get, 0},
  {HTTP_PUT, "/api/v1/party/settings/dues", "party:dues:rule", h_rule_put, 0},
};

void party_dues_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
