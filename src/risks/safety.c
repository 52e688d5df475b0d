/* safety.c — 安全生产 over HTTP: the check templates by place, a check opened on the phone, photos taken item by item,
 * the answered form submitted (every item once; photos where the template asks; each failed item a hazard with its
 * deadline in working days), then per hazard 整改 → 复查 → 已关闭 (a failed re-inspection sends it back), overdue
 * hazards lit, and the year's figures that the cockpit is also fed (feed.c). */
#include "risks/internal.h"
#include "base/log.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PHOTOS 60

/* The template a check is shown and validated against: the version it was opened with. NULL and answered when not. */
static json_t *check_template(req *r, const json_t *c) {
  return risks_template_load(r, json_string_value(json_object_get(c, "place")), (int)json_integer_value(json_object_get(c, "template_version")));
}

static int q_text(req *r, const char *key, const char *const *allowed, const char *what, const char **out) {
  const char *v = http_query(r, key);
  *out = v && *v ? v : NULL;
  if (!*out || !allowed) return 0;
  for (size_t i = 0; allowed[i]; i++)
    if (!strcmp(allowed[i], v)) return 0;
  http_error(r, ERR_BAD_QUERY, key, "%s", what);
  return -1;
}

/* year=YYYY → [from, to]; absent: every year. */
static int q_year(req *r, char from[16], char to[16], int *has) {
  const char *v = http_query(r, "year");
  *has = 0;
  if (!v || !*v) return 0;
  char *end;
  long y = strtol(v, &end, 10);
  if (*end || y < 2000 || y > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度应为2000至2100之间的年份"); return -1; }
  snprintf(from, 16, "%04ld-01-01", y);
  snprintf(to, 16, "%04ld-12-31", y);
  *has = 1;
  return 0;
}

static int list_q(req *r, risks_safety_q *q, char from[16], char to[16]) {
  static const char *const st[] = {"整改中", "待复查", "已关闭", NULL};
  int has;
  memset(q, 0, sizeof *q);
  if (q_text(r, "place", risks_check_places, "检查场所应为 仓库、车辆、办公楼、营业网点 之一", &q->place) ||
      q_text(r, "status", st, "隐患状态应为 整改中、待复查、已关闭 之一", &q->status) || risks_q_id(r, "unit_id", &q->unit) || q_year(r, from, to, &has))
    return -1;
  if (has) q->from = from, q->to = to;
  const char *od = http_query(r, "overdue");
  q->overdue = od && !strcmp(od, "1");
  return org_caller_scope(r) ? 0 : -1;
}

static void h_checks(req *r) {
  list_params lp;
  risks_safety_q q;
  char from[16], to[16];
  if (http_list_params(r, NULL, 0, 0, &lp) || list_q(r, &q, from, to)) return;
  int64_t total = 0;
  json_t *items = risks_store_checks(r, &q, lp.size, lp.offset, &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

static void h_hazards(req *r) {
  list_params lp;
  risks_safety_q q;
  char from[16], to[16], today[11];
  if (http_list_params(r, NULL, 0, 0, &lp) || list_q(r, &q, from, to)) return;
  risks_today(today);
  int64_t total = 0;
  json_t *items = risks_store_hazards(r, &q, today, lp.size, lp.offset, &total);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

/* The year's figures in scope and month by month: checks done, hazards found and closed, 隐患整改率. */
static void h_stats(req *r) {
  char from[16], to[16], today[11];
  int has;
  risks_today(today);
  if (q_year(r, from, to, &has)) return;
  int year = has ? atoi(from) : atoi(today);
  if (!has) snprintf(from, 16, "%04u-01-01", (unsigned)year % 10000u), snprintf(to, 16, "%04u-12-31", (unsigned)year % 10000u);
  if (!org_caller_scope(r)) return;
  json_t *all = risks_store_safety_stats(r, from, to, today);
  json_t *months = json_array();
  for (int m = 1; all && m <= 12; m++) {
    char f[16], t[16];
    snprintf(f, sizeof f, "%04u-%02u-01", (unsigned)year % 10000u, (unsigned)m % 100u);
    snprintf(t, sizeof t, "%04u-%02u-31", (unsigned)year % 10000u, (unsigned)m % 100u); /* compared as text: the 31st bounds every month */
    json_t *one = risks_store_safety_stats(r, f, t, today);
    if (!one) { json_decref(all), json_decref(months); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_object_set_new(one, "month", json_integer(m));
    json_object_del(one, "overdue");
    json_object_del(one, "open");
    json_array_append_new(months, one);
  }
  if (!all) { json_decref(months); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_int_t found = json_integer_value(json_object_get(all, "found")), closed = json_integer_value(json_object_get(all, "closed"));
  json_object_set_new(all, "rate", found ? json_real((double)closed * 100.0 / (double)found) : json_null());
  json_object_set_new(all, "year", json_integer(year));
  json_object_set_new(all, "months", months);
  http_json(r, 200, all);
}

static json_t *load_check(req *r, int64_t id, const char *today) {
  if (!org_caller_scope(r)) return NULL;
  json_t *c = id ? risks_store_check_get(r, id, today) : NULL;
  if (!c) http_error(r, ERR_NOT_FOUND, NULL, "安全检查不存在或不在您的数据范围内");
  return c;
}

static void h_check_get(req *r) {
  char today[11];
  risks_today(today);
  json_t *c = load_check(r, http_param_id(r, 0), today);
  if (!c) return;
  json_t *t = check_template(r, c);
  if (!t) { json_decref(c); return; }
  json_object_set_new(c, "template", t);
  http_json(r, 200, c);
}

static void h_check_create(req *r) {
  static const char *const allowed[] = {"unit_id", "place", "target", "day", "inspectors", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  risks_check_row w = {0};
  if (jv_int(r, o, "unit_id", "受检单位", JV_REQUIRED, 1, INT64_MAX, &w.unit) < 0 ||
      jv_enum(r, o, "place", "检查场所", JV_REQUIRED, risks_check_places, &w.place) < 0 ||
      jv_str(r, o, "target", "检查对象", JV_REQUIRED, 1, 100, &w.target) < 0 || jv_str(r, o, "day", "检查日期", JV_OPTIONAL, 10, 10, &w.day) < 0 ||
      jv_str(r, o, "inspectors", "检查人员", JV_OPTIONAL, 0, 200, &w.inspectors) < 0)
    return;
  char today[11], at[20];
  risks_today(today);
  if (!w.day) w.day = today;
  if (wd_parse(w.day) < 0 || strcmp(w.day, today) > 0) { http_error(r, ERR_INVALID, "day", "检查日期应为不晚于今天的日期"); return; }
  if (!risks_unit_in_scope(r, w.unit)) { http_error(r, ERR_INVALID, "unit_id", "受检单位不存在或不在您的数据范围内"); return; }
  util_now_text(at);
  w.at = at;
  w.created_by = org_caller(r)->id;
  if (risks_tx_begin(r)) return;
  json_t *tpl = risks_template_load(r, w.place, 0); /* the current version, recorded with the check */
  if (!tpl) { db_rollback(); return; }
  w.version = (int)json_integer_value(json_object_get(tpl, "version"));
  int64_t id = risks_store_check_insert(&w);
  json_t *after = id ? risks_store_check_get(r, id, today) : NULL;
  char sum[200];
  snprintf(sum, sizeof sum, "%s安全检查：%.100s", w.place, w.target);
  if (!after || org_audit(r, "risks.safety.check", "risk_safety_check", id, sum, NULL, after)) { json_decref(after), json_decref(tpl); risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) { json_decref(after), json_decref(tpl); return; }
  json_object_set_new(after, "template", tpl);
  http_json(r, 201, after);
}

/* The uploaded body as a kept file: name checked and made safe, content sniffed against the extension; only photos
 * (jpg, png) are taken. 0 ok with type and sha filled; -1 answered. */
static int take_photo(req *r, char *name, size_t namelen, const char **type, char sha[65]) {
  const char *raw = http_query(r, "name");
  if (!raw || !tasks_file_name(raw, name, namelen)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return -1; }
  if (!r->body || !r->body_len) { http_error(r, ERR_BAD_FILE, "file", "没有收到照片内容"); return -1; }
  if (r->body_len > TASKS_FILE_MAX) { http_error(r, ERR_TOO_LARGE, "file", "照片不能超过 %zu MB", TASKS_FILE_MAX >> 20); return -1; }
  tasks_file_type by_name = tasks_file_ext(name), by_content = tasks_file_sniff(r->body, r->body_len);
  if (by_name != TF_JPG && by_name != TF_PNG) { http_error(r, ERR_FILE_TYPE, "name", "只能上传 jpg、png 照片"); return -1; }
  if (by_content != by_name) { http_error(r, ERR_FILE_TYPE, "file", "文件内容与扩展名 .%s 不符", tasks_file_type_code(by_name)); return -1; }
  util_sha256_hex(r->body, r->body_len, sha);
  if (tasks_file_put(sha, r->body, r->body_len)) { log_error("risks photo store failed sha=%s", sha); http_error(r, ERR_INTERNAL, NULL, "照片保存失败"); return -1; }
  *type = tasks_file_type_code(by_content);
  return 0;
}

static void h_check_photo(req *r) {
  char today[11], at[20], name[420], sha[65];
  risks_today(today);
  int64_t id = http_param_id(r, 0);
  json_t *c = load_check(r, id, today);
  if (!c) return;
  const char *code = http_query(r, "code");
  size_t have = json_array_size(json_object_get(c, "photos"));
  json_t *t = check_template(r, c);
  if (!t) { json_decref(c); return; }
  int known = 0;
  json_t *it;
  size_t i;
  json_array_foreach(json_object_get(t, "items"), i, it) known = known || (code && !strcmp(code, json_string_value(json_object_get(it, "code"))));
  json_decref(t);
  int open = !strcmp(json_string_value(json_object_get(c, "status")), "检查中");
  json_decref(c);
  if (!known) { http_error(r, ERR_BAD_QUERY, "code", "检查项编号不属于本次检查的检查表"); return; }
  if (!open) { http_error(r, ERR_BAD_STATE, NULL, "检查已提交，不能再补拍检查照片"); return; }
  if (have >= MAX_PHOTOS) { http_error(r, ERR_INVALID, "file", "每次检查最多 %d 张照片", MAX_PHOTOS); return; }
  const char *type;
  if (take_photo(r, name, sizeof name, &type, sha)) return;
  util_now_text(at);
  risks_photo_row w = {.check = id, .code = code, .stage = "检查", .name = name, .type = type, .size = (int64_t)r->body_len, .sha256 = sha,
                       .uploaded_by = org_caller(r)->id, .at = at};
  if (risks_tx_begin(r)) return;
  /* The state again inside the transaction: a submit that won the race closes the form to new photos. */
  json_t *again = load_check(r, id, today);
  if (!again) { db_rollback(); return; }
  open = !strcmp(json_string_value(json_object_get(again, "status")), "检查中");
  json_decref(again);
  if (!open) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "检查已提交，不能再补拍检查照片"); return; }
  int64_t pid = risks_store_photo_add(&w);
  char sum[500];
  snprintf(sum, sizeof sum, "检查项 %s 拍照 %s", code, name);
  if (!pid || org_audit(r, "risks.safety.photo", "risk_safety_check", id, sum, NULL, NULL)) { risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)pid, "code", code, "stage", "检查", "name", name, "size", (json_int_t)r->body_len));
}

static void h_check_submit(req *r) {
  static const char *const allowed[] = {"results", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t id = http_param_id(r, 0);
  char today[11], at[20], why[300], field[32];
  risks_today(today);
  util_now_text(at);
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (risks_tx_begin(r)) { free(cal.days); return; }
  json_t *before = load_check(r, id, today);
  if (!before) { db_rollback(); free(cal.days); return; }
  if (strcmp(json_string_value(json_object_get(before, "status")), "检查中")) {
    db_rollback(), json_decref(before), free(cal.days);
    http_error(r, ERR_BAD_STATE, NULL, "该检查已提交");
    return;
  }
  const char *place = json_string_value(json_object_get(before, "place"));
  size_t nt = 0, n = 0;
  json_t *tpl = check_template(r, before); /* the version the check was opened with */
  if (!tpl) { db_rollback(), json_decref(before), free(cal.days); return; }
  risks_check_item *items = risks_template_items(tpl, &nt);
  risks_check_result *res = calloc(nt ? nt : 1, sizeof *res);
  if (!res || !items) { json_decref(before), json_decref(tpl), free(cal.days), free(items), free(res); risks_tx_fail(r); return; }
  int bad = risks_check_results_parse_items(place, items, nt, json_object_get(o, "results"), res, nt, &n, why, sizeof why, field, sizeof field);
  if (bad) {
    db_rollback(), json_decref(before), json_decref(tpl), free(cal.days), free(res), free(items);
    http_error(r, ERR_INVALID, field, "%s", why);
    return;
  }
  /* Photos where the template asks: always, or when the item failed. Taken before the form is submitted. */
  for (size_t i = 0; i < n; i++) {
    int need = res[i].item->photo == 2 ? res[i].result != 2 : res[i].item->photo == 1 && res[i].result == 1;
    int64_t have = need ? risks_store_check_photos(id, res[i].item->code) : 1;
    if (have < 0) { json_decref(before), json_decref(tpl), free(cal.days), free(res), free(items); risks_tx_fail(r); return; }
    if (!have) {
      char fld[40];
      snprintf(fld, sizeof fld, "results[%zu].photos", i);
      db_rollback();
      http_error(r, ERR_INVALID, fld, "第%zu项（%s %s）%s须拍照留存", i + 1, res[i].item->code, res[i].item->element,
                 res[i].item->photo == 2 ? "" : "判为不合格，");
      json_decref(before), json_decref(tpl), free(cal.days), free(res), free(items);
      return;
    }
  }
  int64_t unit = json_integer_value(json_object_get(before, "unit_id")), me = org_caller(r)->id;
  const char *day = json_string_value(json_object_get(before, "day"));
  int fail = 0, failed = 0;
  for (size_t i = 0; i < n && !fail; i++) {
    fail = risks_store_check_result(id, &res[i]);
    if (fail || res[i].result != 1) continue;
    failed++;
    char due[11];
    wd_format(risks_hazard_due(&cal, wd_parse(day), res[i].limit_days), due);
    risks_hazard_row h = {.check = id, .unit = unit, .code = res[i].item->code, .description = res[i].note,
                          .severity = res[i].major ? "重大隐患" : "一般隐患", .found_on = day, .due = due, .at = at, .limit_days = res[i].limit_days};
    int64_t hid = risks_store_hazard_insert(&h);
    char note[200];
    snprintf(note, sizeof note, "%s，限 %d 个工作日内（%s 前）整改", h.severity, h.limit_days, due);
    fail = !hid || risks_store_hazard_event(hid, "发现", note, me, at);
  }
  free(cal.days), free(items), json_decref(tpl); /* res[].item is not read after this */
  json_t *after = NULL;
  char sum[200];
  snprintf(sum, sizeof sum, "提交%s安全检查：%zu 项，不合格 %d 项", place, n, failed);
  if (fail || risks_store_check_finish(id, (int)n, failed, at) || !(after = risks_store_check_get(r, id, today)) ||
      org_audit(r, "risks.safety.submit", "risk_safety_check", id, sum, before, after)) {
    json_decref(before), json_decref(after), free(res);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  free(res);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_photo_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *f = id ? risks_store_photo_get(r, id) : NULL;
  tasks_file_send(r, f, "照片不存在", "照片内容缺失");
}

static json_t *load_hazard(req *r, int64_t id, const char *today) {
  if (!org_caller_scope(r)) return NULL;
  json_t *h = id ? risks_store_hazard_get(r, id, today) : NULL;
  if (!h) http_error(r, ERR_NOT_FOUND, NULL, "隐患不存在或不在您的数据范围内");
  return h;
}

static void h_hazard_get(req *r) {
  char today[11];
  risks_today(today);
  json_t *h = load_hazard(r, http_param_id(r, 0), today);
  if (h) http_json(r, 200, h);
}

static void h_hazard_photo(req *r) {
  char today[11], at[20], name[420], sha[65];
  risks_today(today);
  int64_t id = http_param_id(r, 0);
  json_t *h = load_hazard(r, id, today);
  if (!h) return;
  const char *st = json_string_value(json_object_get(h, "status"));
  const char *stage = !strcmp(st, "整改中") ? "整改" : !strcmp(st, "待复查") ? "复查" : NULL;
  int64_t check = json_integer_value(json_object_get(h, "check_id"));
  char code[16];
  snprintf(code, sizeof code, "%s", json_string_value(json_object_get(h, "code")));
  size_t have = json_array_size(json_object_get(h, "photos"));
  json_decref(h);
  if (!stage) { http_error(r, ERR_BAD_STATE, NULL, "隐患已关闭，不能再上传照片"); return; }
  if (have >= MAX_PHOTOS) { http_error(r, ERR_INVALID, "file", "每项隐患最多 %d 张照片", MAX_PHOTOS); return; }
  const char *type;
  if (take_photo(r, name, sizeof name, &type, sha)) return;
  util_now_text(at);
  risks_photo_row w = {.check = check, .hazard = id, .code = code, .stage = stage, .name = name, .type = type, .size = (int64_t)r->body_len,
                       .sha256 = sha, .uploaded_by = org_caller(r)->id, .at = at};
  if (risks_tx_begin(r)) return;
  /* The state again inside the transaction: the stage follows it, and a closed hazard takes no photo. */
  json_t *again = load_hazard(r, id, today);
  if (!again) { db_rollback(); return; }
  st = json_string_value(json_object_get(again, "status"));
  w.stage = !strcmp(st, "整改中") ? "整改" : !strcmp(st, "待复查") ? "复查" : NULL;
  json_decref(again);
  if (!w.stage) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "隐患已关闭，不能再上传照片"); return; }
  stage = w.stage;
  int64_t pid = risks_store_photo_add(&w);
  char sum[500];
  snprintf(sum, sizeof sum, "隐患%s照片 %s", stage, name);
  if (!pid || org_audit(r, "risks.hazard.photo", "risk_hazard", id, sum, NULL, NULL)) { risks_tx_fail(r); return; }
  if (risks_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)pid, "stage", stage, "name", name, "size", (json_int_t)r->body_len));
}

/* 整改 (the unit reports it done: 整改中 → 待复查) and 复查 (passed → 已关闭, else back to 整改中). A hazard is closed
 * only by a passed re-inspection. */
static void hazard_act(req *r, int reinspect) {
  static const char *const a_rect[] = {"note", NULL}, *const a_re[] = {"passed", "note", NULL};
  json_t *o = jv_object(r, reinspect ? a_re : a_rect);
  if (!o) return;
  const char *note = NULL;
  int passed = 0;
  if ((reinspect && jv_bool(r, o, "passed", "复查结论", JV_REQUIRED, &passed) < 0) ||
      jv_str(r, o, "note", reinspect ? "复查意见" : "整改情况", JV_REQUIRED, 1, 1000, &note) < 0)
    return;
  int64_t id = http_param_id(r, 0);
  char today[11], at[20];
  risks_today(today);
  util_now_text(at);
  if (risks_tx_begin(r)) return;
  json_t *before = load_hazard(r, id, today);
  if (!before) { db_rollback(); return; }
  const char *st = json_string_value(json_object_get(before, "status"));
  if (strcmp(st, reinspect ? "待复查" : "整改中")) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, NULL, reinspect ? "隐患当前为“%s”，整改完成后才能复查" : "隐患当前为“%s”，不能登记整改", st);
    json_decref(before);
    return;
  }
  const char *to = !reinspect ? "待复查" : passed ? "已关闭" : "整改中";
  int fail = risks_store_hazard_state(id, to, reinspect ? NULL : today, reinspect && passed ? today : NULL, at);
  char ev[1100];
  snprintf(ev, sizeof ev, "%s%s", reinspect ? (passed ? "复查合格：" : "复查不合格，继续整改：") : "", note);
  json_t *after = NULL;
  if (fail || risks_store_hazard_event(id, !reinspect ? "整改" : passed ? "复查合格" : "复查不合格", ev, org_caller(r)->id, at) ||
      !(after = risks_store_hazard_get(r, id, today)) ||
      org_audit(r, reinspect ? "risks.hazard.reinspect" : "risks.hazard.rectify", "risk_hazard", id, ev, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}
static void h_rectify(req *r) { hazard_act(r, 0); }
static void h_reinspect(req *r) { hazard_act(r, 1); }

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/safety/stats", "risks:safety:list", h_stats, 0},
  {HTTP_GET, "/api/v1/risks/safety/checks", "risks:safety:list", h_checks, 0},
  {HTTP_POST, "/api/v1/risks/safety/checks", "risks:safety:check", h_check_create, 0},
  {HTTP_GET, "/api/v1/risks/safety/checks/:id", "risks:safety:list", h_check_get, 0},
  {HTTP_POST, "/api/v1/risks/safety/checks/:id/photos", "risks:safety:check", h_check_photo, R_RAW_BODY},
  {HTTP_POST, "/api/v1/risks/safety/checks/:id/submit", "risks:safety:check", h_check_submit, 0},
  {HTTP_GET, "/api/v1/risks/safety/photos/:id", "risks:safety:list", h_photo_get, 0},
  {HTTP_GET, "/api/v1/risks/safety/hazards", "risks:safety:list", h_hazards, 0},
  {HTTP_GET, "/api/v1/risks/safety/hazards/:id", "risks:safety:list", h_hazard_get, 0},
  {HTTP_POST, "/api/v1/risks/safety/hazards/:id/photos", "risks:safety:check", h_hazard_photo, R_RAW_BODY},
  {HTTP_POST, "/api/v1/risks/safety/hazards/:id/rectify", "risks:safety:check", h_rectify, 0},
  {HTTP_POST, "/api/v1/risks/safety/hazards/:id/reinspect", "risks:safety:review", h_reinspect, 0},
};

void risks_safety_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
