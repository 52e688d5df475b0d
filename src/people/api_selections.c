/* api_selections.c — 评优评选 over HTTP: the selection with places and eligibility rules, nominations (self, unit,
 * leader) checked automatically, the 差额 vote through the ballot engine, 公示 with objections, and 表彰 written into
 * each winner's profile. */
#include "people/internal.h"
#include "people/campaign.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *sel_in_scope(req *r, int64_t id) {
  json_t *c = id ? people_store_selection_json(r, id) : NULL;
  if (!c) http_error(r, ERR_NOT_FOUND, NULL, "评选不存在");
  return c;
}
static int is_status(json_t *c, const char *st) { return !strcmp(json_string_value(json_object_get(c, "status")), st); }

static void h_list(req *r) {
  static const char *const sorts[] = {"id", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  const char *y = http_query(r, "year");
  int year = y && *y ? atoi(y) : 0;
  if (y && *y && (year < 2000 || year > 2100)) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return; }
  size_t len = 0;
  char *text = people_store_selection_page(r, year, lp.offset, lp.size, &len);
  if (!text) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", text, len);
}

static const char *const grade_list[] = {"优秀", "称职", "基本称职", "不称职", NULL};

static void h_create(req *r) {
  static const char *const allowed[] = {"year", "title", "kind", "subject", "unit_id", "places", "min_grade", "grade_year", "publicity_days", NULL};
  static const char *const kinds[] = {"person", "unit", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *title, *kind, *subject, *min_grade = NULL;
  int64_t year, unit = 0, places, gy = 0, days = 5;
  if (jv_int(r, o, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0 || jv_str(r, o, "title", "评选名称", JV_REQUIRED, 1, 100, &title) < 0 ||
      jv_str(r, o, "kind", "评选类别", JV_REQUIRED, 1, 20, &kind) < 0 || jv_enum(r, o, "subject", "评选对象", JV_REQUIRED, kinds, &subject) < 0 ||
      jv_id_or_null(r, o, "unit_id", "组织单位", JV_OPTIONAL, &unit) < 0 || jv_int(r, o, "places", "名额", JV_REQUIRED, 1, 500, &places) < 0 ||
      jv_enum(r, o, "min_grade", "最低考核等次", JV_OPTIONAL, grade_list, &min_grade) < 0 ||
      jv_int(r, o, "grade_year", "考核年度", JV_OPTIONAL, 2000, 2100, &gy) < 0 || jv_int(r, o, "publicity_days", "公示工作日数", JV_OPTIONAL, 1, 30, &days) < 0)
    return;
  if (!unit) unit = org_caller(r)->unit_id;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  if (!org_unit_exists(unit) || (!sc->all && !org_scope_has_unit(sc, unit))) { http_error(r, ERR_INVALID, "unit_id", "组织单位不存在或不在您的数据范围内"); return; }
  people_selection_row v = {.year = (int)year, .places = (int)places, .grade_year = (int)(gy ? gy : year), .publicity_days = (int)days, .title = title,
                            .kind = kind, .subject = subject, .min_grade = min_grade, .unit_id = unit, .created_by = org_caller(r)->id};
  if (people_tx_begin(r)) return;
  int64_t id = people_store_selection_insert(&v);
  json_t *after = id > 0 ? people_store_selection_json(NULL, id) : NULL;
  if (!after || org_audit(r, "people.selection.create", "people_selection", id, title, NULL, after)) { json_decref(after); people_tx_fail(r); return; }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_get(req *r) {
  json_t *c = sel_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  int64_t id = json_integer_value(json_object_get(c, "id"));
  json_t *n = people_store_nominations(id), *ob = people_store_objections("selection", id);
  if (!n || !ob) { json_decref(n); json_decref(ob); json_decref(c); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(c, "nomination_list", n);
  json_object_set_new(c, "objections", ob);
  http_json(r, 200, c);
}

int people_selection_eligible(json_t *sel, int64_t user, int64_t unit, char *why, size_t whylen) {
  people_elig_in in = {.min_grade = -1, .grade = -1, .year = (int)json_integer_value(json_object_get(sel, "grade_year"))};
  char swhy[160] = "", grade[16] = "";
  if (user) {
    char today[11];
    util_today(today);
    in.sanction = people_sanction_active(user, today, swhy, sizeof swhy);
    if (in.sanction < 0) return -1;
    in.why_sanction = swhy;
  }
  const char *min = json_string_value(json_object_get(sel, "min_grade"));
  json_t *grades = NULL;
  if (min) {
    int rc = people_store_final_grade(user, unit, in.year, grade, sizeof grade, &grades);
    if (rc < 0) return -1;
    if (!grades) grades = json_pack("[ssss]", "优秀", "称职", "基本称职", "不称职");
    size_t i;
    json_t *x;
    json_array_foreach(grades, i, x) {
      if (!strcmp(json_string_value(x), min)) in.min_grade = (int)i;
      if (rc == 0 && !strcmp(json_string_value(x), grade)) in.grade = (int)i;
    }
    if (in.min_grade < 0) in.min_grade = 0;
    in.min_name = min;
    in.grade_name = grade;
  }
  int ok = people_eligible(&in, why, whylen);
  json_decref(grades);
  return ok;
}

/* ?user_id= or ?unit_id=: whether the nominee passes the rules, and why not. */
static void h_eligibility(req *r) {
  json_t *c = sel_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  const char *u = http_query(r, "user_id"), *d = http_query(r, "unit_id");
  int64_t user = u ? atoll(u) : 0, unit = d ? atoll(d) : 0;
  char name[64] = "", why[200];
  if (user > 0) {
    int in = people_store_person_in_scope(r, user);
    if (in <= 0 || people_store_person(user, &unit, name, sizeof name)) { json_decref(c); http_error(r, in < 0 ? ERR_INTERNAL : ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  } else if (unit <= 0 || !org_unit_exists(unit)) { json_decref(c); http_error(r, ERR_BAD_QUERY, "user_id", "应给出 user_id 或 unit_id"); return; }
  int ok = people_selection_eligible(c, user > 0 ? user : 0, unit, why, sizeof why);
  json_decref(c);
  if (ok < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:b,s:s}", "eligible", ok, "reason", ok ? "" : why));
}

/* A nomination: {user_id | unit_id, by_kind: self|unit|leader, reason}. Self: the caller himself (any signed-in user
 * in a person selection); unit and leader: holders of people:selection:nominate. An ineligible nominee: 400 with why. */
static void nominate_do(req *r, json_t *c, json_t *o);
static void h_nominate(req *r) {
  static const char *const allowed[] = {"user_id", "unit_id", "by_kind", "reason", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t id = http_param_id(r, 0);
  /* a self-nomination needs no organiser's scope: the selection is open to the bureau while 提名中 */
  json_t *c = org_caller_can(r, "people:selection:nominate") ? people_store_selection_json(r, id) : NULL;
  if (!c && id) c = people_store_selection_json(NULL, id);
  if (!c) { http_error(r, ERR_NOT_FOUND, NULL, "评选不存在"); return; }
  nominate_do(r, c, o);
  json_decref(c);
}
static void nominate_do(req *r, json_t *c, json_t *o) {
  static const char *const bys[] = {"self", "unit", "leader", NULL};
  const char *by, *reason = "";
  int64_t user = 0, unit = 0, sid = json_integer_value(json_object_get(c, "id"));
  int person = !strcmp(json_string_value(json_object_get(c, "subject")), "person");
  if (jv_enum(r, o, "by_kind", "提名方式", JV_REQUIRED, bys, &by) < 0 || jv_str(r, o, "reason", "推荐理由", JV_OPTIONAL, 0, 500, &reason) < 0 ||
      jv_id_or_null(r, o, person ? "user_id" : "unit_id", person ? "被提名人" : "被提名单位", JV_REQUIRED, person ? &user : &unit) < 0)
    return;
  if (json_object_get(o, person ? "unit_id" : "user_id")) { http_error(r, ERR_INVALID, person ? "unit_id" : "user_id", "本评选的对象是%s", person ? "个人" : "单位"); return; }
  if (!is_status(c, "提名中")) { http_error(r, ERR_BAD_STATE, NULL, "评选已结束提名"); return; }
  int self = !strcmp(by, "self");
  if (self && (!person || user != org_caller(r)->id)) { http_error(r, ERR_INVALID, "by_kind", "自荐只能推荐本人"); return; }
  if (!self && !org_caller_can(r, "people:selection:nominate")) { http_error(r, ERR_FORBIDDEN, NULL, "没有单位或领导提名的权限"); return; }
  char name[64] = "";
  if (person) {
    int in = self ? 1 : people_store_person_in_scope(r, user);
    if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!in || people_store_person(user, &unit, name, sizeof name)) { http_error(r, ERR_INVALID, "user_id", "被提名人不存在或不在您的数据范围内"); return; }
  } else {
    const org_scope *sc = org_caller_scope(r);
    if (!sc) return;
    if (!org_unit_exists(unit) || (!sc->all && !org_scope_has_unit(sc, unit)) || people_store_unit_name(unit, name, sizeof name)) { http_error(r, ERR_INVALID, "unit_id", "被提名单位不存在或不在您的数据范围内"); return; }
  }
  char why[200];
  int ok = people_selection_eligible(c, user, unit, why, sizeof why);
  if (ok < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!ok) { http_error(r, ERR_INELIGIBLE, person ? "user_id" : "unit_id", "%s不符合参评条件：%s", name, why); return; }
  if (people_tx_begin(r)) return;
  int64_t nid = people_store_nomination_insert(sid, user, unit, name, by, org_caller(r)->id, reason);
  if (nid == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, person ? "user_id" : "unit_id", "%s已被提名", name); return; }
  char sum[160];
  snprintf(sum, sizeof sum, "提名 %s（%s）", name, self ? "自荐" : !strcmp(by, "unit") ? "单位推荐" : "领导推荐");
  if (nid < 0 || org_audit(r, "people.selection.nominate", "people_selection", sid, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)nid, "selection_id", (json_int_t)sid, "name", name, "by_kind", by));
}

/* Opens the vote: a 差额 ballot box of the nominees (eligibility checked again), {groups:[{name, weight}], max_choices?}. */
static void vote_do(req *r, json_t *c, json_t *o);
static void h_vote(req *r) {
  static const char *const allowed[] = {"groups", "max_choices", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  json_t *c = sel_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  vote_do(r, c, o);
  json_decref(c);
}
static void vote_do(req *r, json_t *c, json_t *o) {
  int64_t sid = json_integer_value(json_object_get(c, "id")), places = json_integer_value(json_object_get(c, "places")), maxc = 0;
  if (!is_status(c, "提名中")) { http_error(r, ERR_BAD_STATE, NULL, "评选已开始投票"); return; }
  json_t *noms = people_store_nominations(sid);
  if (!noms) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t n = json_array_size(noms), i;
  if (jv_int(r, o, "max_choices", "每票最多可选人数", JV_OPTIONAL, 1, 500, &maxc) < 0) { json_decref(noms); return; }
  if (!maxc) maxc = places;
  if (n <= (size_t)places) { json_decref(noms); http_error(r, ERR_BAD_STATE, NULL, "差额评选：被提名 %zu 个，应多于名额 %lld 个", n, (long long)places); return; }
  if (maxc > (int64_t)n) { json_decref(noms); http_error(r, ERR_INVALID, "max_choices", "每票最多可选人数不能超过被提名数（%zu）", n); return; }
  json_t *groups = json_object_get(o, "groups"), *x;
  if (!json_is_array(groups) || !json_array_size(groups) || json_array_size(groups) > PEOPLE_MAX_GROUPS) { json_decref(noms); http_error(r, ERR_MISSING, "groups", "缺少投票群体（1 到 %d 个）", PEOPLE_MAX_GROUPS); return; }
  int wsum = 0;
  json_array_foreach(groups, i, x) {
    const char *gn = json_string_value(json_object_get(x, "name"));
    json_t *gw = json_object_get(x, "weight");
    if (!json_is_object(x) || json_object_size(x) != 2 || !gn || jv_utf8_chars(gn) < 1 || jv_utf8_chars(gn) > 30 || !json_is_integer(gw) || json_integer_value(gw) < 0 || json_integer_value(gw) > 100) {
      json_decref(noms);
      http_error(r, ERR_INVALID, req_printf(r, "groups[%zu]", i), "第 %zu 个投票群体应为 {name: 1 到 30 个字, weight: 0 到 100}", i + 1);
      return;
    }
    wsum += (int)json_integer_value(gw);
  }
  if (wsum <= 0) { json_decref(noms); http_error(r, ERR_INVALID, "groups", "投票群体的权重之和应大于 0"); return; }
  /* a sanction decided since the nomination still excludes */
  json_array_foreach(noms, i, x) {
    char why[200];
    int ok = people_selection_eligible(c, json_integer_value(json_object_get(x, "user_id")), json_integer_value(json_object_get(x, "unit_id")), why, sizeof why);
    if (ok < 0) { json_decref(noms); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!ok) { http_error(r, ERR_INELIGIBLE, req_printf(r, "nominations[%zu]", i), "%s不符合参评条件：%s", json_string_value(json_object_get(x, "name")), why); json_decref(noms); return; }
  }
  char source[48], title[160];
  snprintf(source, sizeof source, "selection:%lld", (long long)sid);
  snprintf(title, sizeof title, "%s·投票", json_string_value(json_object_get(c, "title")));
  people_ballot_row b = {.title = title, .purpose = "评优", .kind = "choose", .grades_json = "[]", .points_json = "[]", .max_choices = (int)maxc,
                         .quota_permille = -1, .places = (int)places, .unit_id = json_integer_value(json_object_get(c, "unit_id")), .source = source,
                         .created_by = org_caller(r)->id};
  if (people_tx_begin(r)) { json_decref(noms); return; }
  int64_t box = people_store_ballot_insert(&b);
  int bad = box <= 0;
  json_array_foreach(noms, i, x) {
    if (bad) break;
    char note[40];
    snprintf(note, sizeof note, "nomination:%lld", (long long)json_integer_value(json_object_get(x, "id")));
    bad = people_store_candidate_insert(box, (int)i + 1, json_string_value(json_object_get(x, "name")), json_integer_value(json_object_get(x, "user_id")),
                                        json_integer_value(json_object_get(x, "unit_id")), note) != 0;
  }
  json_decref(noms);
  json_array_foreach(groups, i, x) {
    if (bad) break;
    if (people_store_group_insert(box, (int)i + 1, json_string_value(json_object_get(x, "name")), (int)json_integer_value(json_object_get(x, "weight"))) <= 0) {
      db_rollback();
      http_error(r, ERR_DUPLICATE, req_printf(r, "groups[%zu].name", i), "投票群体重复：%s", json_string_value(json_object_get(x, "name")));
      return;
    }
  }
  char sum[200];
  snprintf(sum, sizeof sum, "开始投票（差额：%zu 选 %lld，每票至多 %lld 人）", n, (long long)places, (long long)maxc);
  if (bad || people_store_nominations_link(sid, box) || people_store_ballot_set_status(box, "投票中") ||
      people_store_selection_set(sid, "投票中", box, NULL, NULL, NULL, NULL) || org_audit(r, "people.selection.vote", "people_selection", sid, sum, NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_selection_json(NULL, sid);
  http_json(r, 200, after ? after : json_object());
}

/* After the vote closes: the elected go to 公示 ({winners?: [nomination ids]} decides a tie at the boundary). */
static void publicize_do(req *r, json_t *c, json_t *o);
static void h_publicize(req *r) {
  static const char *const allowed[] = {"winners", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  json_t *c = sel_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  publicize_do(r, c, o);
  json_decref(c);
}
static void publicize_do(req *r, json_t *c, json_t *o) {
  int64_t sid = json_integer_value(json_object_get(c, "id")), places = json_integer_value(json_object_get(c, "places"));
  int64_t box = json_integer_value(json_object_get(c, "ballot_id"));
  const char *bst = json_string_value(json_object_get(c, "ballot_status"));
  if (!is_status(c, "投票中") || !bst || strcmp(bst, "已结束")) { http_error(r, ERR_BAD_STATE, NULL, "投票结束后才能公示"); return; }
  int64_t *ids = NULL;
  size_t nw = 0;
  if (jv_ids(r, o, "winners", "当选名单", JV_OPTIONAL, 500, &ids, &nw) < 0) return;
  char err[160] = "";
  json_t *res = people_ballot_results(box, err, sizeof err), *noms = people_store_nominations(sid);
  if (!res || !noms) { json_decref(res); json_decref(noms); http_error(r, ERR_INTERNAL, NULL, "%s", err); return; }
  json_t *items = json_object_get(res, "items"), *x, *nx;
  size_t i, k;
  int64_t *win = calloc(json_array_size(noms) + 1, sizeof *win);
  size_t nwin = 0;
  int tie = 0;
  if (!win) { json_decref(res); json_decref(noms); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  req_own(r, win);
  json_array_foreach(items, i, x) {
    if (json_is_null(json_object_get(x, "elected"))) tie = 1;
    if (!json_is_true(json_object_get(x, "elected"))) continue;
    json_array_foreach(noms, k, nx) if (json_integer_value(json_object_get(nx, "candidate_id")) == json_integer_value(json_object_get(x, "id"))) win[nwin++] = json_integer_value(json_object_get(nx, "id"));
  }
  if (ids) {
    nwin = 0;
    for (size_t j = 0; j < nw; j++) {
      int found = 0;
      json_array_foreach(noms, k, nx) found |= json_integer_value(json_object_get(nx, "id")) == ids[j];
      if (!found) { json_decref(res); json_decref(noms); http_error(r, ERR_INVALID, req_printf(r, "winners[%zu]", j), "第 %zu 个不是本评选的被提名人", j + 1); return; }
      win[nwin++] = ids[j];
    }
  } else if (tie) {
    json_decref(res);
    json_decref(noms);
    http_error(r, ERR_BAD_STATE, "winners", "名额边界有得票相同者，请以 winners 给出当选名单");
    return;
  }
  json_decref(res);
  json_decref(noms);
  if (!nwin || (int64_t)nwin > places) { http_error(r, ERR_QUOTA, "winners", "当选 %zu 个，名额 %lld 个", nwin, (long long)places); return; }
  char from[11], to[11];
  if (people_publicity_days((int)json_integer_value(json_object_get(c, "publicity_days")), from, to)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (people_tx_begin(r)) return;
  for (size_t j = 0; j < nwin; j++)
    if (people_store_nomination_win(sid, win[j], 1)) { people_tx_fail(r); return; }
  char sum[160];
  snprintf(sum, sizeof sum, "公示当选 %zu 人（%s 至 %s）", nwin, from, to);
  if (people_store_selection_set(sid, "公示中", 0, from, to, NULL, NULL) || org_audit(r, "people.selection.publicize", "people_selection", sid, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_selection_json(NULL, sid);
  http_json(r, 200, after ? after : json_object());
}

static void h_objection(req *r) {
  static const char *const allowed[] = {"nomination_id", "text", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *text;
  int64_t nid = 0;
  if (jv_id_or_null(r, o, "nomination_id", "当选人", JV_OPTIONAL, &nid) < 0 || jv_str(r, o, "text", "内容", JV_REQUIRED, 2, 1000, &text) < 0) return;
  int64_t id = http_param_id(r, 0);
  json_t *c = id ? people_store_selection_json(NULL, id) : NULL;
  int pub = c && is_status(c, "公示中");
  json_decref(c);
  if (!pub) { http_error(r, ERR_NOT_FOUND, NULL, "评选不存在或不在公示期"); return; }
  char name[64] = "";
  if (nid) {
    json_t *noms = people_store_nominations(id), *x;
    size_t i;
    json_array_foreach(noms, i, x) if (json_integer_value(json_object_get(x, "id")) == nid) snprintf(name, sizeof name, "%s", json_string_value(json_object_get(x, "name")));
    json_decref(noms);
    if (!*name) { http_error(r, ERR_INVALID, "nomination_id", "不是本评选的被提名人"); return; }
  }
  if (people_tx_begin(r)) return;
  int64_t oid = people_store_objection_add("selection", id, "公示异议", nid, name, text, org_caller(r)->id);
  char sum[120];
  snprintf(sum, sizeof sum, "公示异议%s%s", *name ? "：" : "", name);
  if (oid <= 0 || org_audit(r, "people.selection.object", "people_selection", id, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_objection_get(oid);
  http_json(r, 201, after ? after : json_object());
}

/* 表彰: after 公示 ends with every objection answered, each winner gets an honour in his profile. {document_no?} */
static void award_do(req *r, json_t *c, const char *doc);
static void h_award(req *r) {
  static const char *const allowed[] = {"document_no", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *doc = "";
  if (jv_str(r, o, "document_no", "表彰文号", JV_OPTIONAL, 0, 60, &doc) < 0) return;
  json_t *c = sel_in_scope(r, http_param_id(r, 0));
  if (!c) return;
  award_do(r, c, doc ? doc : "");
  json_decref(c);
}
static void award_do(req *r, json_t *c, const char *doc) {
  int64_t sid = json_integer_value(json_object_get(c, "id"));
  if (!is_status(c, "公示中")) { http_error(r, ERR_BAD_STATE, NULL, "公示期满后才能表彰"); return; }
  char today[11];
  util_today(today);
  const char *to = json_string_value(json_object_get(c, "publicity_to"));
  if (to && strcmp(today, to) <= 0) { http_error(r, ERR_BAD_STATE, NULL, "公示至 %s，期满后才能表彰", to); return; }
  char title[160];
  snprintf(title, sizeof title, "%lld年度%s", (long long)json_integer_value(json_object_get(c, "year")), json_string_value(json_object_get(c, "kind")));
  if (people_tx_begin(r)) return;
  int open = people_store_objections_open("selection", sid, "公示异议");
  if (open) { if (open < 0) people_tx_fail(r); else { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "还有 %d 条异议未答复", open); } return; }
  json_t *noms = people_store_nominations(sid), *x;
  size_t i;
  int n = 0, bad = !noms;
  json_array_foreach(noms, i, x) {
    if (bad || !json_is_true(json_object_get(x, "winner"))) continue;
    bad = people_store_honour_insert(json_integer_value(json_object_get(x, "user_id")), json_integer_value(json_object_get(x, "unit_id")),
                                     json_string_value(json_object_get(x, "name")), title, (int)json_integer_value(json_object_get(c, "year")), sid, today, doc) <= 0;
    n++;
  }
  json_decref(noms);
  char sum[240];
  snprintf(sum, sizeof sum, "表彰 %s %d 个", title, n);
  if (bad || people_store_selection_set(sid, "已表彰", 0, NULL, NULL, today, doc) || org_audit(r, "people.selection.award", "people_selection", sid, sum, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_selection_json(NULL, sid);
  http_json(r, 200, after ? after : json_object());
}

/* 公示 is published to the whole bureau: what is in 公示 today, for any signed-in user to read and object to. */
static void h_publicity(req *r) {
  json_t *p = people_store_publicity();
  if (!p) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, p);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/publicity", NULL, h_publicity, 0},
  {HTTP_GET, "/api/v1/people/selections", "people:selection:list", h_list, 0},
  {HTTP_POST, "/api/v1/people/selections", "people:selection:edit", h_create, 0},
  {HTTP_GET, "/api/v1/people/selections/:id", "people:selection:list", h_get, 0},
  {HTTP_GET, "/api/v1/people/selections/:id/eligibility", "people:selection:list", h_eligibility, 0},
  /* any signed-in user may nominate himself; unit and leader nominations need people:selection:nominate */
  {HTTP_POST, "/api/v1/people/selections/:id/nominations", NULL, h_nominate, 0},
  {HTTP_POST, "/api/v1/people/selections/:id/vote", "people:selection:edit", h_vote, 0},
  {HTTP_POST, "/api/v1/people/selections/:id/publicize", "people:selection:edit", h_publicize, 0},
  {HTTP_POST, "/api/v1/people/selections/:id/objections", NULL, h_objection, 0},
  {HTTP_POST, "/api/v1/people/selections/:id/award", "people:selection:edit", h_award, 0},
};
void people_selection_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
