/* api_campaigns.c — 年度考核 campaigns over HTTP: create (with its 民主测评 box), the cards, leaders' scores, 述职述廉
 * uploads, grades decided under the 优秀 quota, 公示 in working days with objections, final, appeals. */
#include "people/internal.h"
#include "people/campaign.h"
#include "base/util.h"
#include "base/workday.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *camp_in_scope(req *r, int64_t id) {
  json_t *c = id ? people_store_campaign_json(r, id) : NULL;
  if (!c) http_error(r, ERR_NOT_FOUND, NULL, "考核不存在");
  return c;
}
static int is_status(json_t *c, const char *st) { return !strcmp(json_string_value(json_object_get(c, "status")), st); }
static int year_param(req *r, int *year) {
  const char *y = http_query(r, "year");
  *year = 0;
  if (!y || !*y) return 0;
  char *end;
  long v = strtol(y, &end, 10);
  if (*end || v < 2000 || v > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return -1; }
  *year = (int)v;
  return 0;
}

static void h_list(req *r) {
  static const char *const sorts[] = {"id", NULL};
  list_params lp;
  int year;
  if (http_list_params(r, sorts, 0, 1, &lp) || year_param(r, &year)) return;
  size_t len = 0;
  char *text = people_store_campaign_page(r, year, lp.offset, lp.size, &len);
  if (!text) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", text, len);
}

/* The grade index of a name in the list; -1 none. */
static int grade_index(json_t *grades, const char *g) {
  size_t i;
  json_t *x;
  json_array_foreach(grades, i, x) if (g && !strcmp(json_string_value(x), g)) return (int)i;
  return -1;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"year", "title", "subject", "unit_id", "weights", "input_weights", "quota_permille", "publicity_days", "subjects", "groups", NULL};
  static const char *const kinds[] = {"person", "unit", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *title, *subject;
  int64_t year, unit = 0, quota = 200, days = 5;
  if (jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0 || jv_str(r, o, "title", "考核名称", JV_REQUIRED, 1, 100, &title) < 0 ||
      jv_enum(r, o, "subject", "考核对象", JV_REQUIRED, kinds, &subject) < 0 || jv_id_or_null(r, o, "unit_id", "组织单位", JV_OPTIONAL, &unit) < 0 ||
      jv_int(r, o, "quota_permille", "优秀比例（千分比）", JV_OPTIONAL, 0, 1000, &quota) < 0 ||
      jv_int(r, o, "publicity_days", "公示工作日数", JV_OPTIONAL, 1, 30, &days) < 0)
    return;
  int person = !strcmp(subject, "person");
  /* part weights: 民主测评, 领导评价, 客观指标; percent points summing to 100 */
  json_t *wo = json_object_get(o, "weights");
  int64_t wb = 40, wl = 30, wi = 30;
  if (wo) {
    static const char *const wf[] = {"ballot", "leader", "inputs", NULL};
    if (!json_is_object(wo)) { http_error(r, ERR_INVALID, "weights", "权重应为对象 {ballot, leader, inputs}"); return; }
    const char *k;
    json_t *v;
    json_object_foreach(wo, k, v) {
      int ok = 0;
      for (size_t j = 0; wf[j]; j++) ok |= !strcmp(k, wf[j]);
      if (!ok) { http_error(r, ERR_UNKNOWN_FIELD, req_printf(r, "weights.%.40s", k), "权重有不认识的字段：%.40s", k); return; }
    }
    if (jv_int(r, wo, "ballot", "民主测评权重", JV_REQUIRED, 0, 100, &wb) < 0 || jv_int(r, wo, "leader", "领导评价权重", JV_REQUIRED, 0, 100, &wl) < 0 ||
        jv_int(r, wo, "inputs", "客观指标权重", JV_REQUIRED, 0, 100, &wi) < 0)
      return;
    if (wb + wl + wi != 100) { http_error(r, ERR_INVALID, "weights", "民主测评、领导评价、客观指标的权重之和应为 100（现为 %lld）", (long long)(wb + wl + wi)); return; }
  }
  json_t *iw = json_object_get(o, "input_weights");
  if (iw) {
    if (!json_is_object(iw)) { http_error(r, ERR_INVALID, "input_weights", "客观指标权重应为对象 {指标代码: 权重}"); return; }
    const char *k;
    json_t *v;
    json_object_foreach(iw, k, v) {
      const people_input *in = people_input_find(k);
      if (!in || !(in->subjects & (person ? PEOPLE_SUBJ_PERSON : PEOPLE_SUBJ_UNIT))) { http_error(r, ERR_INVALID, req_printf(r, "input_weights.%.40s", k), "没有适用于此考核对象的客观指标：%.40s", k); return; }
      if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) { http_error(r, ERR_INVALID, req_printf(r, "input_weights.%.40s", k), "客观指标 %s 的权重应为 0 到 100 的整数", in->label); return; }
    }
  }
  if (!unit) unit = org_caller(r)->unit_id;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  if (!org_unit_exists(unit) || (!sc->all && !org_scope_has_unit(sc, unit))) { http_error(r, ERR_INVALID, "unit_id", "组织单位不存在或不在您的数据范围内"); return; }
  json_t *subs = json_object_get(o, "subjects"), *groups = json_object_get(o, "groups");
  if (!json_is_array(subs) || !json_array_size(subs)) { http_error(r, ERR_MISSING, "subjects", "缺少考核对象（至少一个）"); return; }
  if (json_array_size(subs) > PEOPLE_MAX_CANDIDATES) { http_error(r, ERR_INVALID, "subjects", "考核对象最多 %d 个", PEOPLE_MAX_CANDIDATES); return; }
  if (!json_is_array(groups) || !json_array_size(groups) || json_array_size(groups) > PEOPLE_MAX_GROUPS) { http_error(r, ERR_MISSING, "groups", "缺少民主测评的投票群体（1 到 %d 个）", PEOPLE_MAX_GROUPS); return; }
  size_t i, n = json_array_size(subs);
  json_t *x;
  int64_t *uids = calloc(n, sizeof *uids), *units = calloc(n, sizeof *units);
  char (*names)[64] = calloc(n, sizeof *names);
  req_own(r, uids); req_own(r, units); req_own(r, names);
  if (!uids || !units || !names) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_array_foreach(subs, i, x) {
    json_t *u = json_object_get(x, person ? "user_id" : "unit_id");
    const char *field = req_printf(r, "subjects[%zu].%s", i, person ? "user_id" : "unit_id");
    if (!json_is_object(x) || json_object_size(x) != 1 || !json_is_integer(u) || json_integer_value(u) <= 0) {
      http_error(r, ERR_INVALID, field, "第 %zu 个考核对象应为 {\"%s\": 编号}", i + 1, person ? "user_id" : "unit_id");
      return;
    }
    int64_t id = json_integer_value(u);
    if (person) {
      int in = people_store_person_in_scope(r, id);
      if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      if (!in || people_store_person(id, &units[i], names[i], sizeof names[i])) { http_error(r, ERR_INVALID, field, "第 %zu 个考核对象（人员 %lld）不存在或不在您的数据范围内", i + 1, (long long)id); return; }
      uids[i] = id;
    } else {
      if (!org_unit_exists(id) || (!sc->all && !org_scope_has_unit(sc, id))) { http_error(r, ERR_INVALID, field, "第 %zu 个考核对象（单位 %lld）不存在或不在您的数据范围内", i + 1, (long long)id); return; }
      units[i] = id;
      if (people_store_unit_name(id, names[i], sizeof names[i])) snprintf(names[i], sizeof names[i], "单位%lld", (long long)id);
    }
    for (size_t j = 0; j < i; j++)
      if (uids[j] == uids[i] && units[j] == units[i]) { http_error(r, ERR_DUPLICATE, field, "第 %zu 个考核对象与第 %zu 个重复：%s", i + 1, j + 1, names[i]); return; }
  }
  int wsum = 0;
  json_array_foreach(groups, i, x) {
    const char *gn = json_string_value(json_object_get(x, "name"));
    json_t *gw = json_object_get(x, "weight");
    if (!json_is_object(x) || !gn || jv_utf8_chars(gn) < 1 || jv_utf8_chars(gn) > 30 || !json_is_integer(gw) || json_integer_value(gw) < 0 || json_integer_value(gw) > 100 || json_object_size(x) != 2) {
      http_error(r, ERR_INVALID, req_printf(r, "groups[%zu]", i), "第 %zu 个投票群体应为 {name: 1 到 30 个字, weight: 0 到 100}", i + 1);
      return;
    }
    wsum += (int)json_integer_value(gw);
  }
  if (wsum <= 0) { http_error(r, ERR_INVALID, "groups", "投票群体的权重之和应大于 0"); return; }
  char *iwt = iw ? json_dumps(iw, JSON_COMPACT | JSON_SORT_KEYS) : NULL; /* no input weights: "{}" below */
  if (iwt) req_own(r, iwt);
  people_campaign_row row = {.year = (int)year, .w_ballot = (int)wb, .w_leader = (int)wl, .w_inputs = (int)wi, .quota_permille = (int)quota,
                             .publicity_days = (int)days, .title = title, .subject = subject, .input_weights = iwt ? iwt : "{}", .unit_id = unit,
                             .created_by = org_caller(r)->id};
  if (people_tx_begin(r)) return;
  int64_t id = people_store_campaign_insert(&row);
  if (id <= 0) { people_tx_fail(r); return; }
  char source[48], btitle[160];
  snprintf(source, sizeof source, "campaign:%lld", (long long)id);
  snprintf(btitle, sizeof btitle, "%s·民主测评", title);
  people_ballot_row b = {.title = btitle, .purpose = "民主测评", .kind = "grade", .grades_json = "[\"优秀\",\"称职\",\"基本称职\",\"不称职\"]",
                         .points_json = "[100,80,60,0]", .quota_permille = (int)quota, .places = -1, .unit_id = unit, .source = source, .created_by = org_caller(r)->id};
  int64_t box = people_store_ballot_insert(&b);
  if (box <= 0 || people_store_campaign_set_ballot(id, box)) { people_tx_fail(r); return; }
  for (i = 0; i < n; i++) {
    if (people_store_subject_insert(id, (int)i + 1, uids[i], units[i], names[i]) <= 0 ||
        people_store_candidate_insert(box, (int)i + 1, names[i], uids[i], units[i], "")) { people_tx_fail(r); return; }
  }
  json_array_foreach(groups, i, x) {
    if (people_store_group_insert(box, (int)i + 1, json_string_value(json_object_get(x, "name")), (int)json_integer_value(json_object_get(x, "weight"))) <= 0) {
      db_rollback();
      http_error(r, ERR_DUPLICATE, req_printf(r, "groups[%zu].name", i), "投票群体重复：%s", json_string_value(json_object_get(x, "name")));
      return;
    }
  }
  if (people_store_subjects_link(id, box)) { people_tx_fail(r); return; }
  json_t *after = people_store_campaign_json(NULL, id);
  if (!after || org_audit(r, "people.campaign.create", "people_campaign", id, title, NULL, after)) { json_decref(after); people_tx_fail(r); return; }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_get(req *r) {
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  json_t *subs = people_store_subjects(json_integer_value(json_object_get(c, "id")));
  json_t *obj = people_store_objections("campaign", json_integer_value(json_object_get(c, "id")));
  if (!subs || !obj) { json_decref(c); json_decref(subs); json_decref(obj); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(c, "subject_list", subs);
  json_object_set_new(c, "objections", obj);
  http_json(r, 200, c);
}

static void h_cards(req *r) {
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  char err[160] = "";
  json_t *cards = people_campaign_cards(c, err, sizeof err);
  json_decref(c);
  if (!cards) { http_error(r, ERR_INTERNAL, NULL, "%s", err); return; }
  http_json(r, 200, cards);
}

/* The subject of the path within the campaign; 0 answered 404. */
static int64_t subject_of(req *r, json_t *c, int64_t *user, char *name, size_t cap) {
  int64_t sid = http_param_id(r, 1);
  int rc = sid ? people_store_subject_find(json_integer_value(json_object_get(c, "id")), sid, user, name, cap) : 1;
  if (rc < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return 0; }
  if (rc) { http_error(r, ERR_NOT_FOUND, NULL, "考核对象不存在"); return 0; }
  return sid;
}

static void h_score(req *r) {
  static const char *const allowed[] = {"score", "comment", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t score;
  const char *comment = "";
  if (jv_int(r, o, "score", "评分", JV_REQUIRED, 0, 100, &score) < 0 || jv_str(r, o, "comment", "评语", JV_OPTIONAL, 0, 500, &comment) < 0) return;
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  char name[64];
  int64_t sid = subject_of(r, c, NULL, name, sizeof name), id = json_integer_value(json_object_get(c, "id"));
  int open = is_status(c, "测评中");
  json_decref(c);
  if (!sid) return;
  if (!open) { http_error(r, ERR_BAD_STATE, NULL, "等次已确定，不能再评分"); return; }
  if (people_tx_begin(r)) return;
  char sum[200];
  snprintf(sum, sizeof sum, "领导评价 %s：%lld 分", name, (long long)score);
  if (people_store_leader_score_put(sid, org_caller(r)->id, (int)score, comment ? comment : "") ||
      org_audit(r, "people.campaign.score", "people_campaign", id, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:I,s:I}", "subject_id", (json_int_t)sid, "leader_id", (json_int_t)org_caller(r)->id, "score", (json_int_t)score));
}

#define MAX_REPORTS 10
static void h_upload(req *r) {
  const char *rawname = http_query(r, "name");
  char name[420], sname[64];
  if (!rawname || !tasks_file_name(rawname, name, sizeof name)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return; }
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  int64_t id = json_integer_value(json_object_get(c, "id")), sid = subject_of(r, c, NULL, sname, sizeof sname);
  int done = is_status(c, "已完成");
  json_decref(c);
  if (!sid) return;
  if (done) { http_error(r, ERR_BAD_STATE, NULL, "考核已完成，不能再上传述职述廉报告"); return; }
  int have = people_store_report_count(sid);
  if (have < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (have >= MAX_REPORTS) { http_error(r, ERR_INVALID, "file", "每个考核对象最多 %d 份述职述廉报告", MAX_REPORTS); return; }
  char sha[65];
  tasks_file_type by_content = tasks_file_take(r, name, "文件", sha);
  if (!by_content) return;
  if (people_tx_begin(r)) return;
  int64_t fid = people_store_report_add(sid, name, tasks_file_type_code(by_content), r->body_len, sha, org_caller(r)->id);
  char sum[560];
  snprintf(sum, sizeof sum, "上传述职述廉报告（%s）%s", sname, name);
  if (fid <= 0 || org_audit(r, "people.campaign.report", "people_campaign", id, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)fid, "subject_id", (json_int_t)sid, "name", name, "type",
                              tasks_file_type_code(by_content), "size", (json_int_t)r->body_len));
}

static void h_download(req *r) {
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  int64_t sid = subject_of(r, c, NULL, NULL, 0);
  json_decref(c);
  if (!sid) return;
  json_t *f = people_store_report_get(sid, http_param_id(r, 2));
  tasks_file_send(r, f, "报告不存在", "报告内容缺失");
}

static void grades_do(req *r, json_t *in, json_t *c);
/* Decides every subject's grade: {"grades": {"<subject id>": "<grade>"}}; the 优秀 quota refuses too many. */
static void h_grades(req *r) {
  static const char *const allowed[] = {"grades", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  json_t *in = json_object_get(o, "grades");
  if (!json_is_object(in)) { http_error(r, ERR_MISSING, "grades", "缺少等次 {考核对象编号: 等次}"); return; }
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  grades_do(r, in, c);
  json_decref(c);
}

static void grades_do(req *r, json_t *in, json_t *c) {
  int64_t id = json_integer_value(json_object_get(c, "id"));
  if (!is_status(c, "测评中") && !is_status(c, "已定等次")) { http_error(r, ERR_BAD_STATE, NULL, "考核%s，不能再定等次", json_string_value(json_object_get(c, "status"))); return; }
  const char *bst = json_string_value(json_object_get(c, "ballot_status"));
  if (!bst || strcmp(bst, "已结束")) { http_error(r, ERR_BAD_STATE, NULL, "民主测评尚未结束，不能定等次"); return; }
  char err[160] = "";
  json_t *cards = people_campaign_cards(c, err, sizeof err);
  if (!cards) { http_error(r, ERR_INTERNAL, NULL, "%s", err); return; }
  json_t *items = json_object_get(cards, "items"), *grades = json_object_get(c, "grades"), *x;
  size_t n = json_array_size(items), i;
  int *g = calloc(n + 1, sizeof *g);
  if (!g) { json_decref(cards); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  req_own(r, g);
  const char *k;
  json_t *v;
  json_object_foreach(in, k, v) {
    int found = 0;
    json_array_foreach(items, i, x) found |= !strcmp(k, req_printf(r, "%lld", (long long)json_integer_value(json_object_get(x, "subject_id"))));
    if (!found) { json_decref(cards); http_error(r, ERR_INVALID, req_printf(r, "grades.%.20s", k), "考核对象 %.20s 不在本次考核中", k); return; }
  }
  json_array_foreach(items, i, x) {
    const char *key = req_printf(r, "%lld", (long long)json_integer_value(json_object_get(x, "subject_id")));
    json_t *gv = json_object_get(in, key);
    if (!gv) { json_decref(cards); http_error(r, ERR_MISSING, req_printf(r, "grades.%s", key), "缺少%s的等次", json_string_value(json_object_get(x, "name"))); return; }
    g[i] = grade_index(grades, json_string_value(gv));
    if (g[i] < 0) { json_decref(cards); http_error(r, ERR_INVALID, req_printf(r, "grades.%s", key), "%s的等次不在等次表中", json_string_value(json_object_get(x, "name"))); return; }
  }
  int count, quota;
  if (people_quota_exceeded(g, n, (int)json_integer_value(json_object_get(c, "quota_permille")), &count, &quota)) {
    int pm = (int)json_integer_value(json_object_get(c, "quota_permille"));
    json_decref(cards);
    http_error(r, ERR_QUOTA, "grades", "超出%s名额：本次考核 %zu 个对象，%s比例 %d.%d%%，至多 %d 个，现定了 %d 个", json_string_value(json_array_get(grades, 0)), n,
               json_string_value(json_array_get(grades, 0)), pm / 10, pm % 10, quota, count);
    return;
  }
  if (people_tx_begin(r)) { json_decref(cards); return; }
  json_array_foreach(items, i, x) {
    json_t *t = json_object_get(x, "total");
    if (people_store_subject_decide(json_integer_value(json_object_get(x, "subject_id")), json_number_value(t), json_is_number(t),
                                    json_string_value(json_array_get(grades, (size_t)g[i])))) { json_decref(cards); people_tx_fail(r); return; }
  }
  json_decref(cards);
  char sum[200];
  snprintf(sum, sizeof sum, "确定等次：%zu 个对象，%s %d 个（名额 %d）", n, json_string_value(json_array_get(grades, 0)), count, quota);
  if (people_store_campaign_set_status(id, "已定等次", NULL, NULL) || org_audit(r, "people.campaign.grade", "people_campaign", id, sum, NULL, in)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_campaign_json(NULL, id);
  http_json(r, 200, after ? after : json_object());
}

/* 公示 of a campaign or a selection: from the first working day on or after today for `days` working days. */
int people_publicity_days(int days, char from[11], char to[11]) {
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) return -1;
  char today[11];
  util_today(today);
  int first, end = people_publicity_end(&cal, wd_parse(today), days, &first);
  free(cal.days);
  if (end < 0) return -1;
  wd_format(first, from);
  wd_format(end, to);
  return 0;
}

static void h_publicize(req *r) {
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  int64_t id = json_integer_value(json_object_get(c, "id"));
  int ok = is_status(c, "已定等次"), days = (int)json_integer_value(json_object_get(c, "publicity_days"));
  json_decref(c);
  if (!ok) { http_error(r, ERR_BAD_STATE, NULL, "等次确定后才能公示"); return; }
  char from[11], to[11];
  if (people_publicity_days(days, from, to)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (people_tx_begin(r)) return;
  char sum[120];
  snprintf(sum, sizeof sum, "公示 %s 至 %s（%d 个工作日）", from, to, days);
  if (people_store_campaign_set_status(id, "公示中", from, to) || org_audit(r, "people.campaign.publicize", "people_campaign", id, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_campaign_json(NULL, id);
  http_json(r, 200, after ? after : json_object());
}

static void finalize_do(req *r, json_t *c);
static void h_finalize(req *r) {
  json_t *c = camp_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  finalize_do(r, c);
  json_decref(c);
}
static void finalize_do(req *r, json_t *c) {
  int64_t id = json_integer_value(json_object_get(c, "id"));
  if (!is_status(c, "公示中")) { http_error(r, ERR_BAD_STATE, NULL, "公示期满后才能确认结果"); return; }
  char today[11];
  util_today(today);
  const char *to = json_string_value(json_object_get(c, "publicity_to"));
  if (to && strcmp(today, to) <= 0) { http_error(r, ERR_BAD_STATE, NULL, "公示至 %s，期满后才能确认结果", to); return; }
  if (people_tx_begin(r)) return;
  int open = people_store_objections_open("campaign", id, "公示异议");
  if (open < 0) { people_tx_fail(r); return; }
  if (open) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "还有 %d 条异议未答复", open); return; }
  if (people_store_campaign_set_status(id, "已完成", NULL, NULL) || org_audit(r, "people.campaign.finalize", "people_campaign", id, "考核结果确认（公示期满）", NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_campaign_json(NULL, id);
  http_json(r, 200, after ? after : json_object());
}

/* An objection during 公示 (anyone signed in) or an appeal after final (the person appraised, or an organiser). */
static void h_objection(req *r) {
  static const char *const allowed[] = {"subject_id", "text", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *text;
  int64_t sid = 0;
  if (jv_id_or_null(r, o, "subject_id", "考核对象", JV_OPTIONAL, &sid) < 0 || jv_str(r, o, "text", "内容", JV_REQUIRED, 2, 1000, &text) < 0) return;
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? people_store_campaign_json(NULL, id) : NULL;
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "考核不存在"); return; }
  int pub = is_status(c, "公示中"), fin = is_status(c, "已完成");
  json_decref(c);
  if (!pub && !fin) { http_error(r, ERR_NOT_FOUND, NULL, "考核不存在"); return; }
  char name[64] = "";
  int64_t user = 0;
  if (sid) {
    int rc = people_store_subject_find(id, sid, &user, name, sizeof name);
    if (rc < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (rc) { http_error(r, ERR_INVALID, "subject_id", "考核对象不在本次考核中"); return; }
  }
  if (fin) {
    if (!sid) { http_error(r, ERR_MISSING, "subject_id", "申诉应指明考核对象"); return; }
    if (user != org_caller(r)->id && !org_caller_can(r, "people:campaign:edit")) { http_error(r, ERR_FORBIDDEN, NULL, "只有本人可以对自己的考核结果申诉"); return; }
  }
  const char *stage = pub ? "公示异议" : "申诉";
  if (people_tx_begin(r)) return;
  int64_t oid = people_store_objection_add("campaign", id, stage, sid, name, text, org_caller(r)->id);
  char sum[160];
  snprintf(sum, sizeof sum, "%s%s%s", stage, *name ? "：" : "", name);
  if (oid <= 0 || org_audit(r, pub ? "people.campaign.object" : "people.campaign.appeal", "people_campaign", id, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_objection_get(oid);
  http_json(r, 201, after ? after : json_object());
}

/* Answers an objection or appeal of a campaign or selection the caller organises; an appeal may change the grade
 * ({"grade": "…"}), the 优秀 quota still holding. */
static void answer_do(req *r, json_t *ob, const char *answer, const char *grade);
static void h_answer(req *r) {
  static const char *const allowed[] = {"answer", "grade", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *answer, *grade = NULL;
  if (jv_str(r, o, "answer", "答复", JV_REQUIRED, 2, 1000, &answer) < 0 || jv_str(r, o, "grade", "改定等次", JV_OPTIONAL, 1, 10, &grade) < 0) return;
  json_t *ob = people_store_objection_get(http_param_id(r, 0));
  if (!ob) { http_error(r, ERR_NOT_FOUND, NULL, "异议不存在"); return; }
  answer_do(r, ob, answer, grade);
  json_decref(ob);
}
static void answer_do2(req *r, json_t *ob, json_t *c, const char *answer, const char *grade);
static void answer_do(req *r, json_t *ob, const char *answer, const char *grade) {
  const char *owner = json_string_value(json_object_get(ob, "owner"));
  int64_t owner_id = json_integer_value(json_object_get(ob, "owner_id"));
  int campaign = !strcmp(owner, "campaign");
  if (!org_caller_can(r, campaign ? "people:campaign:edit" : "people:selection:edit")) { http_error(r, ERR_FORBIDDEN, NULL, NULL); return; }
  json_t *c = campaign ? people_store_campaign_json(r, owner_id) : people_store_selection_json(r, owner_id);
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "异议不存在"); return; }
  answer_do2(r, ob, c, answer, grade);
  json_decref(c);
}
static void answer_do2(req *r, json_t *ob, json_t *c, const char *answer, const char *grade) {
  const char *owner = json_string_value(json_object_get(ob, "owner"));
  int64_t oid = json_integer_value(json_object_get(ob, "id")), owner_id = json_integer_value(json_object_get(ob, "owner_id"));
  int campaign = !strcmp(owner, "campaign");
  int appeal = !strcmp(json_string_value(json_object_get(ob, "stage")), "申诉");
  int64_t sid = json_integer_value(json_object_get(ob, "subject_ref"));
  if (grade && (!appeal || !campaign || !sid)) { http_error(r, ERR_INVALID, "grade", "只有对考核结果的申诉可以改定等次"); return; }
  if (people_tx_begin(r)) return;
  if (grade) {
    json_t *grades = json_object_get(c, "grades"), *subs = people_store_subjects(owner_id), *x;
    if (!subs) { people_tx_fail(r); return; }
    size_t n = json_array_size(subs), i;
    int *g = calloc(n + 1, sizeof *g), count, quota;
    int bad = !g;
    json_array_foreach(subs, i, x) if (g) g[i] = grade_index(grades, json_integer_value(json_object_get(x, "id")) == sid ? grade : json_string_value(json_object_get(x, "grade")));
    int gi = grade_index(grades, grade);
    int over = !bad && gi >= 0 && people_quota_exceeded(g, n, (int)json_integer_value(json_object_get(c, "quota_permille")), &count, &quota);
    free(g);
    json_decref(subs);
    if (bad) { people_tx_fail(r); return; }
    if (gi < 0) { db_rollback(); http_error(r, ERR_INVALID, "grade", "改定等次不在等次表中"); return; }
    if (over) { db_rollback(); http_error(r, ERR_QUOTA, "grade", "超出%s名额：至多 %d 个，改定后为 %d 个", json_string_value(json_array_get(grades, 0)), quota, count); return; }
    if (people_store_subject_regrade(sid, grade)) { people_tx_fail(r); return; }
  }
  const char *outcome = grade ? req_printf(r, "改为%s", grade) : appeal ? "维持" : "已答复";
  int rc = people_store_objection_answer(oid, answer, outcome, org_caller(r)->id);
  if (rc < 0) { people_tx_fail(r); return; }
  if (rc) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "已答复过"); return; }
  char sum[200];
  snprintf(sum, sizeof sum, "答复%s（%s）：%s", json_string_value(json_object_get(ob, "stage")), json_string_value(json_object_get(ob, "subject_name")), outcome);
  if (org_audit(r, campaign ? "people.campaign.answer" : "people.selection.answer", campaign ? "people_campaign" : "people_selection", owner_id, sum, ob, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_objection_get(oid);
  http_json(r, 200, after ? after : json_object());
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/campaigns", "people:campaign:list", h_list, 0},
  {HTTP_POST, "/api/v1/people/campaigns", "people:campaign:edit", h_create, 0},
  {HTTP_GET, "/api/v1/people/campaigns/:id", "people:campaign:list", h_get, 0},
  {HTTP_GET, "/api/v1/people/campaigns/:id/cards", "people:campaign:list", h_cards, 0},
  {HTTP_PUT, "/api/v1/people/campaigns/:id/subjects/:sid/score", "people:campaign:score", h_score, 0},
  {HTTP_POST, "/api/v1/people/campaigns/:id/subjects/:sid/reports", "people:campaign:edit", h_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/people/campaigns/:id/subjects/:sid/reports/:rid", "people:campaign:list", h_download, 0},
  {HTTP_POST, "/api/v1/people/campaigns/:id/grades", "people:campaign:edit", h_grades, 0},
  {HTTP_POST, "/api/v1/people/campaigns/:id/publicize", "people:campaign:edit", h_publicize, 0},
  {HTTP_POST, "/api/v1/people/campaigns/:id/finalize", "people:campaign:edit", h_finalize, 0},
  /* any signed-in user: 公示 is open to the whole bureau; an appeal is the person's own */
  {HTTP_POST, "/api/v1/people/campaigns/:id/objections", NULL, h_objection, 0},
  {HTTP_POST, "/api/v1/people/objections/:id/answer", NULL, h_answer, 0},
};
void people_campaign_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
