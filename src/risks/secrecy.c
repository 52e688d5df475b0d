/* secrecy.c — 保密 over HTTP: the register of classified documents (收文 signed for on receipt), loans (借阅 signed
 * out with a due day, 归还 signed back; a loan out past its due day is flagged 逾期未还), and 保密 checks whose findings
 * each open a 整改 checklist item through tasks_cl_item_open (as audit findings do), in the check's transaction. */
#include "risks/internal.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const levels[] = {"秘密", "机密", "绝密", NULL};

/* Each loan's state and days late on today (risks_loan_late), and the document's flag. */
static void mark(json_t *d, const char *today) {
  int t = wd_parse(today), overdue = 0;
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(d, "loans"), i, l) {
    const char *ret = json_string_value(json_object_get(l, "returned_on"));
    int state, late = risks_loan_late(wd_parse(json_string_value(json_object_get(l, "due_on"))), ret ? wd_parse(ret) : -1, t, &state);
    json_object_set_new(l, "state", json_string(risks_loan_state_name(state)));
    json_object_set_new(l, "days_late", json_integer(late));
    overdue = overdue || state == 1;
  }
  const char *next = json_string_value(json_object_get(d, "next_due"));
  if (next) {
    int state;
    risks_loan_late(wd_parse(next), -1, t, &state);
    overdue = overdue || state == 1;
  }
  json_object_set_new(d, "overdue", json_boolean(overdue));
}

static void h_docs(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp) || !org_caller_scope(r)) return;
  const char *od = http_query(r, "overdue");
  char today[11];
  risks_today(today);
  int64_t total = 0;
  json_t *items = risks_store_docs(r, od && !strcmp(od, "1"), today, lp.size, lp.offset, &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *d;
  json_array_foreach(items, i, d) mark(d, today);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

static json_t *load_doc(req *r, int64_t id, const char *today) {
  if (!org_caller_scope(r)) return NULL;
  json_t *d = id ? risks_store_doc_get(r, id) : NULL;
  if (!d) { http_error(r, ERR_NOT_FOUND, NULL, "涉密文件不存在或不在您的数据范围内"); return NULL; }
  mark(d, today);
  return d;
}

static void h_doc(req *r) {
  char today[11];
  risks_today(today);
  json_t *d = load_doc(r, http_param_id(r, 0), today);
  if (d) http_json(r, 200, d);
}

static int day_not_after(req *r, const char *v, const char *key, const char *label, const char *today) {
  if (wd_parse(v) < 0 || strcmp(v, today) > 0) { http_error(r, ERR_INVALID, key, "%s应为不晚于今天的日期", label); return -1; }
  return 0;
}

static void h_receive(req *r) {
  static const char *const allowed[] = {"unit_id", "doc_no", "title", "level", "issuer", "received_on", "received_sign", "copies", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_doc_row w = {.copies = 1};
  char today[11], at[20];
  risks_today(today);
  if (jv_int(r, o, "unit_id", "保管单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 || jv_str(r, o, "doc_no", "文号", JV_REQUIRED, 1, 60, &w.doc_no) < 0 ||
      jv_str(r, o, "title", "文件标题", JV_REQUIRED, 1, 200, &w.title) < 0 || jv_enum(r, o, "level", "密级", JV_REQUIRED, levels, &w.level) < 0 ||
      jv_str(r, o, "issuer", "来文单位", JV_REQUIRED, 1, 100, &w.issuer) < 0 || jv_str(r, o, "received_on", "收文日期", JV_OPTIONAL, 10, 10, &w.received_on) < 0 ||
      jv_str(r, o, "received_sign", "收文签收人", JV_REQUIRED, 1, 30, &w.received_sign) < 0 || jv_int(r, o, "copies", "份数", JV_OPTIONAL, 1, 99, &w.copies) < 0)
    return;
  if (!w.received_on) w.received_on = today;
  if (day_not_after(r, w.received_on, "received_on", "收文日期", today)) return;
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "保管单位不存在或不在您的数据范围内"); return; }
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_doc_insert(&w);
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "doc_no", "文号 %s 已在本单位登记", w.doc_no); return; }
  json_t *after = id > 0 ? load_doc(r, id, today) : NULL;
  char sum[300];
  snprintf(sum, sizeof sum, "收文 %s《%.200s》（%s）", w.doc_no, w.title, w.level);
  if (!after || org_audit(r, "risks.secret.receive", "risk_secret_doc", id, sum, NULL, after)) { json_decref(after); risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_lend(req *r) {
  static const char *const allowed[] = {"borrower", "lent_on", "due_on", "sign", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *borrower, *lent = NULL, *due, *sign;
  char today[11], at[20];
  risks_today(today);
  if (jv_str(r, o, "borrower", "借阅人", JV_REQUIRED, 1, 30, &borrower) < 0 || jv_str(r, o, "lent_on", "借阅日期", JV_OPTIONAL, 10, 10, &lent) < 0 ||
      jv_str(r, o, "due_on", "应还日期", JV_REQUIRED, 10, 10, &due) < 0 || jv_str(r, o, "sign", "借阅签字", JV_REQUIRED, 1, 30, &sign) < 0)
    return;
  if (!lent) lent = today;
  if (day_not_after(r, lent, "lent_on", "借阅日期", today)) return;
  if (wd_parse(due) < 0 || strcmp(due, lent) < 0) { http_error(r, ERR_INVALID, "due_on", "应还日期应为不早于借阅日期的日期"); return; }
  int64_t id = http_param_id(r, 0);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load_doc(r, id, today);
  if (!before) { db_rollback(); return; }
  int64_t out = risks_store_doc_open_loans(id), copies = json_integer_value(json_object_get(before, "copies"));
  if (out >= 0 && out >= copies) {
    db_rollback(), json_decref(before);
    http_error(r, ERR_BAD_STATE, NULL, "该文件共 %lld 份，均已借出未还", (long long)copies);
    return;
  }
  if (strcmp(lent, json_string_value(json_object_get(before, "received_on"))) < 0) {
    db_rollback(), json_decref(before);
    http_error(r, ERR_INVALID, "lent_on", "借阅日期不能早于收文日期");
    return;
  }
  int64_t loan = out < 0 ? 0 : risks_store_loan_add(id, borrower, lent, due, sign, org_caller(r)->id, at);
  char sum[200];
  snprintf(sum, sizeof sum, "%s 借阅，%s 前归还（签字：%s）", borrower, due, sign);
  json_t *after = NULL;
  if (!loan || !(after = load_doc(r, id, today)) || org_audit(r, "risks.secret.lend", "risk_secret_doc", id, sum, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_return(req *r) {
  static const char *const allowed[] = {"returned_on", "sign", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *day = NULL, *sign;
  char today[11], at[20], returned[11], lent[11];
  risks_today(today);
  if (jv_str(r, o, "returned_on", "归还日期", JV_OPTIONAL, 10, 10, &day) < 0 || jv_str(r, o, "sign", "归还签收人", JV_REQUIRED, 1, 30, &sign) < 0) return;
  if (!day) day = today;
  if (day_not_after(r, day, "returned_on", "归还日期", today)) return;
  int64_t id = http_param_id(r, 0), loan = http_param_id(r, 1);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load_doc(r, id, today);
  if (!before) { db_rollback(); return; }
  int f = risks_store_loan_find(id, loan, returned, lent);
  if (f) {
    db_rollback(), json_decref(before);
    if (f < 0) http_error(r, ERR_INTERNAL, NULL, NULL);
    else http_error(r, ERR_NOT_FOUND, NULL, "借阅记录不存在");
    return;
  }
  if (returned[0]) { db_rollback(), json_decref(before); http_error(r, ERR_BAD_STATE, NULL, "该借阅已于 %s 归还", returned); return; }
  if (strcmp(day, lent) < 0) { db_rollback(), json_decref(before); http_error(r, ERR_INVALID, "returned_on", "归还日期不能早于借阅日期 %s", lent); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "%s 归还（签收：%s）", day, sign);
  json_t *after = NULL;
  if (risks_store_loan_return(loan, day, sign) || !(after = load_doc(r, id, today)) ||
      org_audit(r, "risks.secret.return", "risk_secret_doc", id, sum, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* The findings' checklist items' state, read through tasks.h. */
static void item_states(json_t *findings) {
  size_t i;
  json_t *f;
  json_array_foreach(findings, i, f) {
    tasks_cl_brief b;
    json_t *iid = json_object_get(f, "item_id");
    if (json_is_integer(iid) && tasks_cl_item_brief(json_integer_value(iid), &b) == 0) {
      json_object_set_new(f, "item_status", json_string(b.status));
      json_object_set_new(f, "item_closed_on", b.closed_on[0] ? json_string(b.closed_on) : json_null());
    }
  }
}

static void h_checks(req *r) {
  if (!org_caller_scope(r)) return;
  json_t *items = risks_store_secret_checks(r);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_check(req *r) {
  if (!org_caller_scope(r)) return;
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? risks_store_secret_check_get(r, id) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "保密检查不存在或不在您的数据范围内"); return; }
  item_states(json_object_get(c, "findings"));
  http_json(r, 200, c);
}

#define MAX_FINDINGS 30

static void h_check_create(req *r) {
  static const char *const allowed[] = {"unit_id", "day", "scope", "inspectors", "conclusion", "findings", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t unit = 0;
  const char *day = NULL, *scope, *inspectors = NULL, *conclusion = NULL;
  char today[11], at[20];
  risks_today(today);
  if (jv_int(r, o, "unit_id", "受检单位", JV_REQUIRED, 1, INT64_MAX, &unit) < 0 || jv_str(r, o, "day", "检查日期", JV_OPTIONAL, 10, 10, &day) < 0 ||
      jv_str(r, o, "scope", "检查内容", JV_REQUIRED, 1, 500, &scope) < 0 || jv_str(r, o, "inspectors", "检查人员", JV_OPTIONAL, 0, 200, &inspectors) < 0 ||
      jv_str(r, o, "conclusion", "检查结论", JV_OPTIONAL, 0, 2000, &conclusion) < 0)
    return;
  if (!day) day = today;
  if (day_not_after(r, day, "day", "检查日期", today)) return;
  json_t *fs = json_object_get(o, "findings");
  if (fs && !json_is_array(fs)) { http_error(r, ERR_INVALID, "findings", "发现问题应为数组"); return; }
  size_t nf = json_array_size(fs);
  if (nf > MAX_FINDINGS) { http_error(r, ERR_INVALID, "findings", "一次检查最多登记 %d 个问题", MAX_FINDINGS); return; }
  /* Each finding checked before anything is written: {title, measures?, due}. */
  for (size_t i = 0; i < nf; i++) {
    json_t *f = json_array_get(fs, i);
    const char *t = json_string_value(json_object_get(f, "title")), *m = json_string_value(json_object_get(f, "measures")),
               *d = json_string_value(json_object_get(f, "due"));
    char field[40];
    snprintf(field, sizeof field, "findings[%zu]", i);
    long tl = t ? jv_utf8_chars(t) : 0;
    if (!json_is_object(f) || !t || tl < 1 || tl > 200) { http_error(r, ERR_INVALID, field, "第%zu个问题应写明问题（1至200字）", i + 1); return; }
    if (json_object_get(f, "measures") && (!m || jv_utf8_chars(m) < 0 || jv_utf8_chars(m) > 2000)) {
      http_error(r, ERR_INVALID, field, "第%zu个问题的整改措施应为不超过2000字的文字", i + 1);
      return;
    }
    if (!d || wd_parse(d) < 0 || strlen(d) != 10 || strcmp(d, day) < 0) { http_error(r, ERR_INVALID, field, "第%zu个问题的整改期限应为不早于检查日期的日期", i + 1); return; }
  }
  if (!risks_unit_in_scope(r, unit)) { http_error(r, ERR_INVALID, "unit_id", "受检单位不存在或不在您的数据范围内"); return; }
  util_now_text(at);
  int64_t me = org_caller(r)->id, head = org_unit_head(unit);
  if (risks_tx_begin(r)) return;
  int64_t id = risks_store_secret_check_insert(unit, day, scope, inspectors, conclusion, me, at);
  int fail = !id, year = atoi(day);
  char list[64];
  snprintf(list, sizeof list, "%d年保密检查问题整改清单", year);
  for (size_t i = 0; i < nf && !fail; i++) {
    json_t *f = json_array_get(fs, i);
    const char *t = json_string_value(json_object_get(f, "title")), *m = json_string_value(json_object_get(f, "measures")),
               *d = json_string_value(json_object_get(f, "due"));
    int64_t fid = risks_store_secret_finding_insert(id, t, m, d, at);
    char source[48], err[200] = "";
    snprintf(source, sizeof source, "risks.secrecy:%lld", (long long)fid);
    tasks_cl_new n = {.source = source, .kind = "整改", .list_title = list, .year = year, .title = t, .origin = "保密检查",
                      .measures = m ? m : "", .unit = unit, .owner = head > 0 ? head : 0, .due = d};
    int created = 0;
    int64_t item = fid ? tasks_cl_item_open(r, &n, &created, err, sizeof err) : -1;
    if (item == 0) {
      db_rollback();
      char field[40];
      snprintf(field, sizeof field, "findings[%zu]", i);
      http_error(r, ERR_INVALID, field, "第%zu个问题：%s", i + 1, err);
      return;
    }
    fail = item < 0 || risks_store_secret_finding_item(fid, item);
  }
  json_t *after = fail ? NULL : risks_store_secret_check_get(r, id);
  char sum[300];
  snprintf(sum, sizeof sum, "保密检查 %s：%.200s，发现问题 %zu 个", day, scope, nf);
  if (!after || org_audit(r, "risks.secret.check", "risk_secret_check", id, sum, NULL, after)) { json_decref(after); risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) { json_decref(after); return; }
  item_states(json_object_get(after, "findings"));
  http_json(r, 201, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/secrecy/docs", "risks:secrecy:list", h_docs, 0},
  {HTTP_POST, "/api/v1/risks/secrecy/docs", "risks:secrecy:edit", h_receive, 0},
  {HTTP_GET, "/api/v1/risks/secrecy/docs/:id", "risks:secrecy:list", h_doc, 0},
  {HTTP_POST, "/api/v1/risks/secrecy/docs/:id/loans", "risks:secrecy:edit", h_lend, 0},
  {HTTP_POST, "/api/v1/risks/secrecy/docs/:id/loans/:lid/return", "risks:secrecy:edit", h_return, 0},
  {HTTP_GET, "/api/v1/risks/secrecy/checks", "risks:secrecy:list", h_checks, 0},
  {HTTP_POST, "/api/v1/risks/secrecy/checks", "risks:secrecy:check", h_check_create, 0},
  {HTTP_GET, "/api/v1/risks/secrecy/checks/:id", "risks:secrecy:list", h_check, 0},
};

void risks_secrecy_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
