/* api_training.c — training over HTTP: 内训师, the shared course library with materials (files kept through tasks.h),
 * sessions with sign-in by QR code on the phone (once per person, on the session's day), 学时 per person and unit
 * against the year's requirement, the online college's hours import (base/import.h), the appraisal input
 * people.training.hours and the cockpit feed 培训人次. Evidence files of project outputs are served here too. */
#include "people/internal.h"
#include "base/import.h"
#include "base/log.h"
#include "base/util.h"
#include "base/workday.h"
#include "cockpit/cockpit.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int year_param(req *r, int *year) {
  const char *y = http_query(r, "year");
  char today[11];
  util_today(today);
  *year = y && *y ? atoi(y) : atoi(today);
  if (*year < 2000 || *year > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return -1; }
  return 0;
}

static json_t *list_of(json_t *items) { return json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)); }

/* ---- 内训师 ---- */
static void h_trainers(req *r) {
  json_t *t = people_store_trainers();
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(t));
}

static void h_trainer_set(req *r) {
  static const char *const allowed[] = {"user_id", "title", "speciality", NULL};
  static const char *const titles[] = {"内训师", "高级内训师", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t user;
  const char *title = "内训师", *spec = "";
  if (jv_id_or_null(r, o, "user_id", "内训师", JV_REQUIRED, &user) < 0 || jv_enum(r, o, "title", "称号", JV_OPTIONAL, titles, &title) < 0 ||
      jv_str(r, o, "speciality", "擅长领域", JV_OPTIONAL, 0, 60, &spec) < 0)
    return;
  int in = user ? people_store_person_in_scope(r, user) : 0;
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char name[64], today[11];
  int64_t unit;
  if (!in || people_store_person(user, &unit, name, sizeof name)) { http_error(r, ERR_INVALID, "user_id", "人员不存在或不在您的数据范围内"); return; }
  util_today(today);
  if (people_tx_begin(r)) return;
  if (people_store_trainer_set(user, title, spec, today) ||
      org_audit(r, "people.trainer.set", "people_trainer", user, req_printf(r, "聘任%s %s", title, name), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:s,s:s,s:s}", "user_id", (json_int_t)user, "name", name, "title", title, "speciality", spec));
}

/* ---- courses ---- */
static void h_courses(req *r) {
  const char *q = http_query(r, "q");
  json_t *c = people_store_courses(r, q && *q ? dbj_like(r, q) : NULL);
  if (!c) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(c));
}

/* hours as a JSON number with at most one decimal, 0.1–100: tenths; 0 absent; -1 answered */
static int hours_field(req *r, json_t *o, const char *key, int required, int *x10) {
  json_t *v = json_object_get(o, key);
  if (!v) {
    if (required) { http_error(r, ERR_MISSING, key, "缺少学时"); return -1; }
    return 0;
  }
  double h = json_is_number(v) ? json_number_value(v) : -1;
  long t = (long)(h * 10 + 0.5);
  if (h < 0.1 || h > 100 || (double)t / 10.0 - h > 1e-6 || h - (double)t / 10.0 > 1e-6) {
    http_error(r, ERR_INVALID, key, "学时应为 0.1 到 100，至多一位小数");
    return -1;
  }
  *x10 = (int)t;
  return 1;
}

static int teacher_ok(req *r, int64_t teacher) {
  if (!teacher) return 1;
  int64_t unit;
  char name[64];
  int f = people_store_person(teacher, &unit, name, sizeof name);
  if (f < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return 0; }
  if (f) { http_error(r, ERR_INVALID, "teacher_id", "授课人不存在"); return 0; }
  return 1;
}

static const char *const categories[] = {"业务", "专卖", "营销", "安全", "党建", "综合", NULL};

static void h_course_create(req *r) {
  static const char *const allowed[] = {"title", "category", "hours", "teacher_id", "summary", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  people_course_row c = {.category = "业务", .summary = ""};
  if (jv_str(r, o, "title", "课程名称", JV_REQUIRED, 2, 100, &c.title) < 0 || jv_enum(r, o, "category", "类别", JV_OPTIONAL, categories, &c.category) < 0 ||
      hours_field(r, o, "hours", 1, &c.hours_x10) < 0 || jv_id_or_null(r, o, "teacher_id", "授课人", JV_OPTIONAL, &c.teacher_id) < 0 ||
      jv_str(r, o, "summary", "课程简介", JV_OPTIONAL, 0, 2000, &c.summary) < 0)
    return;
  if (!teacher_ok(r, c.teacher_id)) return;
  c.unit_id = org_caller(r)->unit_id;
  c.created_by = org_caller(r)->id;
  if (people_tx_begin(r)) return;
  int64_t id = people_store_course_insert(&c);
  json_t *after = id > 0 ? people_store_course_json(r, id) : NULL;
  if (!after || org_audit(r, "people.course.create", "people_course", id, req_printf(r, "新增课程 %s", c.title), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_course_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? people_store_course_json(r, id) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "课程不存在"); return; }
  json_t *s = people_store_sessions(r, 0, id);
  json_object_set_new(c, "session_list", s ? s : json_array());
  http_json(r, 200, c);
}

/* ---- files: course materials and project outputs' evidence, kept by SHA-256 through tasks.h ---- */
#define MAX_FILES 30
static void upload(req *r, const char *kind, int64_t owner, size_t have, const char *action, const char *entity) {
  const char *rawname = http_query(r, "name");
  char name[420];
  if (!rawname || !tasks_file_name(rawname, name, sizeof name)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return; }
  if (have >= MAX_FILES) { http_error(r, ERR_INVALID, "file", "最多 %d 个附件", MAX_FILES); return; }
  char sha[65];
  tasks_file_type by_content = tasks_file_take(r, name, "附件", sha);
  if (!by_content) return;
  if (people_tx_begin(r)) return;
  int64_t fid = people_store_file_insert(kind, owner, name, tasks_file_type_code(by_content), r->body_len, sha, org_caller(r)->id);
  if (fid <= 0 || org_audit(r, action, entity, owner, req_printf(r, "上传附件 %s", name), NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)fid, "name", name, "type", tasks_file_type_code(by_content), "size", (json_int_t)r->body_len));
}

static void download(req *r, const char *kind, int64_t owner, int64_t fid) {
  json_t *f = fid ? people_store_file_json(kind, owner, fid) : NULL;
  tasks_file_send(r, f, "附件不存在", "附件内容缺失");
}

static void h_course_upload(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? people_store_course_json(r, id) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "课程不存在"); return; }
  size_t have = json_array_size(json_object_get(c, "file_list"));
  json_decref(c);
  upload(r, "course", id, have, "people.course.upload", "people_course");
}
static void h_course_download(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? people_store_course_json(r, id) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "课程不存在"); return; }
  json_decref(c);
  download(r, "course", id, http_param_id(r, 1));
}
static void h_output_upload(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id && org_caller_scope(r) ? people_store_output_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "成果不存在"); return; }
  size_t have = json_array_size(json_object_get(o, "file_list"));
  json_decref(o);
  upload(r, "output", id, have, "people.output.upload", "people_output");
}
static void h_output_download(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id && org_caller_scope(r) ? people_store_output_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "成果不存在"); return; }
  json_decref(o);
  download(r, "output", id, http_param_id(r, 1));
}

/* ---- sessions ---- */
static void h_sessions(req *r) {
  const char *c = http_query(r, "course_id"), *y = http_query(r, "year");
  int year = y && *y ? atoi(y) : 0;
  if (y && *y && (year < 2000 || year > 2100)) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return; }
  json_t *s = people_store_sessions(r, year, c ? atoll(c) : 0);
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, list_of(s));
}

static void h_session_create(req *r) {
  static const char *const allowed[] = {"course_id", "held_on", "place", "teacher_id", "hours", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  people_session_row s = {.place = ""};
  if (jv_id_or_null(r, o, "course_id", "课程", JV_REQUIRED, &s.course_id) < 0 || jv_str(r, o, "held_on", "培训日期", JV_REQUIRED, 10, 10, &s.held_on) < 0 ||
      jv_str(r, o, "place", "地点", JV_OPTIONAL, 0, 100, &s.place) < 0 || jv_id_or_null(r, o, "teacher_id", "授课人", JV_OPTIONAL, &s.teacher_id) < 0)
    return;
  int hf = hours_field(r, o, "hours", 0, &s.hours_x10);
  if (hf < 0) return;
  if (wd_parse(s.held_on) < 0) { http_error(r, ERR_INVALID, "held_on", "培训日期应为 YYYY-MM-DD"); return; }
  json_t *c = people_store_course_json(r, s.course_id);
  if (!c) { http_error(r, ERR_INVALID, "course_id", "课程不存在"); return; }
  if (!hf) s.hours_x10 = (int)(json_real_value(json_object_get(c, "hours")) * 10 + 0.5);
  if (!s.teacher_id) s.teacher_id = json_integer_value(json_object_get(c, "teacher_id"));
  char title[200];
  snprintf(title, sizeof title, "%s", json_string_value(json_object_get(c, "title")));
  json_decref(c);
  if (!teacher_ok(r, s.teacher_id)) return;
  char token[40];
  util_random_token(token, sizeof token, 16);
  s.token = token;
  s.unit_id = org_caller(r)->unit_id;
  s.created_by = org_caller(r)->id;
  if (!org_caller_scope(r) || people_tx_begin(r)) return;
  int64_t id = people_store_session_insert(&s);
  json_t *after = id > 0 ? people_store_session_json(r, id) : NULL;
  if (!after || org_audit(r, "people.session.create", "people_session", id, req_printf(r, "培训班 %s（%s）", title, s.held_on), NULL, NULL)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_session_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *s = id ? people_store_session_json(r, id) : NULL;
  if (!s) { http_error(r, ERR_NOT_FOUND, NULL, "培训班不存在"); return; }
  if (!org_caller_can(r, "people:training:edit")) json_object_del(s, "token"); /* the QR link is the organiser's */
  http_json(r, 200, s);
}

/* POST /people/sessions/:id/signin {token}: the signed-in user scans the session's QR code on the session's day; once. */
static void h_signin(req *r) {
  static const char *const allowed[] = {"token", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *token;
  if (jv_str(r, o, "token", "签到码", JV_REQUIRED, 1, 64, &token) < 0) return;
  char held[11], want[64], title[200], today[11], at[20];
  util_today(today);
  util_now_text(at);
  if (people_tx_begin(r)) return;
  int f = id ? people_store_session_brief(id, held, want, sizeof want, title, sizeof title) : 1;
  if (f < 0) { people_tx_fail(r); return; }
  if (f) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "培训班不存在"); return; }
  if (strcmp(token, want)) { db_rollback(); http_error(r, ERR_INVALID, "token", "签到码不正确，请重新扫码"); return; }
  if (strcmp(held, today)) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "只能在培训当天（%s）签到", held); return; }
  int rc = people_store_signin(id, org_caller(r)->id);
  if (rc < 0) { people_tx_fail(r); return; }
  if (rc == 1) { db_rollback(); http_error(r, ERR_DUPLICATE, NULL, "您已签到，每人只签一次"); return; }
  if (org_audit(r, "people.session.signin", "people_session", id, req_printf(r, "扫码签到（%s）", title), NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:s,s:s}", "session_id", (json_int_t)id, "title", title, "signed_at", at));
}

/* ---- 学时 ---- */
static void h_hours(req *r) {
  int year;
  if (year_param(r, &year)) return;
  const char *u = http_query(r, "unit_id");
  json_t *people = people_store_hours_people(r, year, u ? atoll(u) : 0), *units = people_store_hours_by_unit(r, year);
  int req10 = people_store_required(year);
  if (!people || !units || req10 < 0) { json_decref(people); json_decref(units); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i, short_of = 0;
  json_t *p;
  json_array_foreach(people, i, p) {
    int met = json_number_value(json_object_get(p, "hours")) * 10 + 1e-6 >= req10;
    json_object_set_new(p, "met", json_boolean(met));
    short_of += !met;
  }
  http_json(r, 200, json_pack("{s:i,s:f,s:I,s:o,s:I,s:o}", "year", year, "required", req10 / 10.0, "short_of", (json_int_t)short_of, "items", people,
                              "total", (json_int_t)json_array_size(people), "by_unit", units));
}

static void h_required(req *r) {
  static const char *const allowed[] = {"year", "hours", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t year;
  if (jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0) return;
  json_t *h = json_object_get(o, "hours");
  double v = json_is_number(h) ? json_number_value(h) : -1;
  if (v < 0 || v > 200) { http_error(r, ERR_INVALID, "hours", "年度学时要求应为 0 到 200"); return; }
  int x10 = (int)(v * 10 + 0.5);
  if (people_tx_begin(r)) return;
  if (people_store_required_set((int)year, x10) ||
      org_audit(r, "people.training.required", "people_training", year, req_printf(r, "%lld 年度学时要求 %.1f", (long long)year, x10 / 10.0), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:f}", "year", (json_int_t)year, "required", x10 / 10.0));
}

/* POST /people/training/hours/import: the online college's export (用户名, 姓名, 课程名称, 学时, 完成日期). Each row: the
 * person exists by username and in the caller's scope, his name matches, hours 0.1–200 in tenths, a real day not after
 * today, not imported before nor repeated in the file. */
static const char *const imp_names[] = {"用户名", "姓名", "课程名称", "学时", "完成日期"};
static const int imp_required[] = {1, 1, 1, 1, 1};
typedef struct hrow { int64_t user; const char *course, *day; int x10; } hrow;

static void h_import(req *r) {
  tab *t = imp_read(r, 2);
  if (!t) return;
  int idx[5];
  if (imp_cols(r, t, imp_names, imp_required, idx, 5)) { tab_free(t); return; }
  char today[11];
  util_today(today);
  json_t *errs = json_array();
  size_t total = 0, valid = 0, n = 0;
  hrow *rows = calloc(t->nrows ? t->nrows : 1, sizeof *rows);
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 1; i < t->nrows; i++) {
    if (imp_row_blank(t, i)) continue;
    total++;
    size_t before = json_array_size(errs);
    const char *uname = imp_trim(r, imp_cell(t, i, idx[0])), *name = imp_trim(r, imp_cell(t, i, idx[1]));
    const char *course = imp_trim(r, imp_cell(t, i, idx[2])), *hours = imp_trim(r, imp_cell(t, i, idx[3])), *day = imp_trim(r, imp_cell(t, i, idx[4]));
    int64_t user = *uname ? org_user_id_by_username(uname) : 0;
    if (!*uname) imp_error(errs, i + 1, "用户名", "missing_field", "不能为空");
    else if (!user || people_store_person_in_scope(r, user) != 1) imp_error(errs, i + 1, "用户名", "not_found", "“%s”不存在或不在您的数据范围内", uname);
    else {
      char real[64];
      int64_t unit;
      if (people_store_person(user, &unit, real, sizeof real) || strcmp(real, name))
        imp_error(errs, i + 1, "姓名", "invalid_field", "与用户名 %s 的姓名“%s”不符", uname, real);
    }
    long clen = jv_utf8_chars(course);
    if (clen < 1 || clen > 100) imp_error(errs, i + 1, "课程名称", clen < 1 ? "missing_field" : "invalid_field", "应为 1 到 100 个字");
    int x10 = 0;
    if (people_hours_parse(hours, &x10)) imp_error(errs, i + 1, "学时", "invalid_field", "“%s”不是 0.1 到 200 的学时（至多一位小数）", hours);
    if (wd_parse(day) < 0 || strlen(day) != 10) imp_error(errs, i + 1, "完成日期", "invalid_field", "“%s”应为 YYYY-MM-DD", day);
    else if (strcmp(day, today) > 0) imp_error(errs, i + 1, "完成日期", "invalid_field", "%s 晚于今天", day);
    if (json_array_size(errs) == before) {
      int dup = 0;
      for (size_t k = 0; k < n && !dup; k++) dup = rows[k].user == user && !strcmp(rows[k].course, course) && !strcmp(rows[k].day, day);
      int had = dup ? 0 : people_store_study_exists(user, course, day);
      if (dup) imp_error(errs, i + 1, "课程名称", "duplicate", "与前面的行重复（同一人、课程、日期）");
      else if (had) imp_error(errs, i + 1, "课程名称", "duplicate", "已导入过（同一人、课程、日期）");
    }
    if (json_array_size(errs) == before) {
      rows[n++] = (hrow){user, course, day, x10};
      valid++;
    }
  }
  tab_free(t);
  json_t *report = imp_report(total, valid, errs);
  if (!imp_gate(r, report)) { free(rows); return; }
  if (people_tx_begin(r)) { free(rows); json_decref(report); return; }
  size_t written = 0;
  for (size_t k = 0; k < n; k++) {
    if (people_store_study_insert(rows[k].user, rows[k].course, rows[k].day, rows[k].x10, org_caller(r)->id) <= 0) {
      free(rows); json_decref(report); people_tx_fail(r); return;
    }
    written++;
  }
  free(rows);
  if (org_audit(r, "people.training.import", "people_training", 0, req_printf(r, "导入网络学院学时 %zu 条", written), NULL, NULL)) {
    json_decref(report);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}

static const export_col tpl_cols[] = {{"用户名", "u", 0}, {"姓名", "n", 0}, {"课程名称", "c", 0}, {"学时", "h", 1}, {"完成日期", "d", 0}};
static void h_import_template(req *r) {
  const char *ex[] = {"zhangsan", "张三", "卷烟营销实务（网络学院）", "2.5", "2026-03-15"};
  const char *fmt = http_query(r, "format");
  export_template(r, fmt && !strcmp(fmt, "csv") ? EXPORT_CSV : EXPORT_XLSX, "网络学院学时导入模板", tpl_cols, 5, ex);
}

/* ---- the appraisal input and the cockpit feed ---- */
static int fill_hours(int year, int64_t user, int64_t unit, people_input_value *out) {
  (void)unit;
  int64_t s10, i10, n;
  int req10 = people_store_required(year);
  if (req10 < 0 || people_store_hours_of(user, year, &s10, &i10, &n)) return -1;
  if (!s10 && !i10 && !n) return 1;
  double h = (double)(s10 + i10) / 10.0;
  out->value = h;
  out->score = req10 <= 0 || s10 + i10 >= req10 ? 100 : 100.0 * (double)(s10 + i10) / req10;
  snprintf(out->text, sizeof out->text, "本年度学时 %.1f / 要求 %.1f（培训班 %lld 次 %.1f 学时，网络学院 %.1f 学时）", h, req10 / 10.0, (long long)n, s10 / 10.0,
           i10 / 10.0);
  snprintf(out->link, sizeof out->link, "/people/training?tab=hours&year=%d&user_id=%lld", year, (long long)user);
  return 0;
}
static const people_input hours_input = {"people.training.hours", "培训学时", "学时", "队伍建设·培训", PEOPLE_SUBJ_PERSON, 10, fill_hours};

static int feed_attend(int64_t unit, const char *month, double *out) {
  char from[32], to[32];
  int y, m;
  if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || y < 1900 || y > 9999) return -1;
  snprintf(from, sizeof from, "%04d-%02d-01", y, m);
  snprintf(to, sizeof to, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
  int64_t n;
  if (people_store_month_signins(unit, from, to, &n)) return -1;
  if (!n) return 0;
  *out = (double)n;
  return 1;
}
static int first_month(void) {
  int y = people_store_first_session_year();
  return y > 0 ? y * 12 : -1;
}
static const cockpit_feed attend_feed = {"PX_ATTEND", "培训签到人次", "综合", "人次", "higher", "sum", "sum", feed_attend, first_month};

void people_feeds_register(void) {
  static int done;
  if (done++) return;
  cockpit_register_feed(&attend_feed);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/trainers", "people:training:list", h_trainers, 0},
  {HTTP_POST, "/api/v1/people/trainers", "people:training:edit", h_trainer_set, 0},
  {HTTP_GET, "/api/v1/people/courses", "people:training:list", h_courses, 0},
  {HTTP_POST, "/api/v1/people/courses", "people:training:edit", h_course_create, 0},
  {HTTP_GET, "/api/v1/people/courses/:id", "people:training:list", h_course_get, 0},
  {HTTP_POST, "/api/v1/people/courses/:id/files", "people:training:edit", h_course_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/people/courses/:id/files/:fid", "people:training:list", h_course_download, 0},
  {HTTP_GET, "/api/v1/people/sessions", "people:training:list", h_sessions, 0},
  {HTTP_POST, "/api/v1/people/sessions", "people:training:edit", h_session_create, 0},
  {HTTP_GET, "/api/v1/people/sessions/:id", "people:training:list", h_session_get, 0},
  {HTTP_POST, "/api/v1/people/sessions/:id/signin", NULL, h_signin, 0},
  {HTTP_GET, "/api/v1/people/training/hours", "people:training:list", h_hours, 0},
  {HTTP_POST, "/api/v1/people/training/required", "people:training:edit", h_required, 0},
  {HTTP_GET, "/api/v1/people/training/hours/template", "people:training:edit", h_import_template, 0},
  {HTTP_POST, "/api/v1/people/training/hours/import", "people:training:edit", h_import, R_RAW_BODY},
  {HTTP_POST, "/api/v1/people/outputs/:id/files", "people:project:edit", h_output_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/people/outputs/:id/files/:fid", "people:project:list", h_output_download, 0},
};
void people_training_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
/* Registered with the other objective inputs (people_inputs_register), so the demo's cards at init weigh it too. */
void people_training_input_register(void) { people_register_input(&hours_input); }
