/* api_posts.c — 双聘 over HTTP: the grade ladder and posts, a person's post/grade history, and selection rounds:
 * application (qualification checked from the records: a running sanction, years in grade, the latest appraisal grade —
 * a finished 年度考核, else 民主测评)
 * → weighted scores of written test, interview and 测评 → 公示 for N working days → appointment into the history. */
#include "people/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const appraisal_grades[] = {"优秀", "称职", "基本称职", "不称职", NULL};
static int grade_index(const char *g) {
  for (int i = 0; g && appraisal_grades[i]; i++)
    if (!strcmp(appraisal_grades[i], g)) return i;
  return -1;
}

int people_latest_grade(int64_t user, int *idx, char *name, size_t cap) {
  /* the final grade of a finished 年度考核 of the last two years comes first */
  char today[11];
  util_today(today);
  int y = atoi(today);
  for (int k = 1; k <= 2; k++) {
    char g[40];
    json_t *gl = NULL;
    int f = people_store_final_grade(user, 0, y - k, g, sizeof g, &gl);
    if (f < 0) return -1;
    if (f) continue;
    int at = -1;
    size_t i;
    json_t *v;
    json_array_foreach(gl, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), g)) at = (int)i;
    json_decref(gl);
    if (at >= 0) {
      *idx = at;
      snprintf(name, cap, "%d年度考核%s", y - k, g);
      return 0;
    }
  }
  /* else the latest 民主测评 he stood in */
  json_t *boxes = people_store_person_boxes(user);
  if (!boxes) return -1;
  int found = 1;
  size_t i;
  json_t *b;
  json_array_foreach(boxes, i, b) {
    if (found == 0) break;
    const char *purpose = json_string_value(json_object_get(b, "purpose")), *kind = json_string_value(json_object_get(b, "kind"));
    if (!purpose || strcmp(purpose, "民主测评") || !kind || strcmp(kind, "grade")) continue;
    char err[128];
    json_t *res = people_ballot_results(json_integer_value(json_object_get(b, "box_id")), err, sizeof err);
    if (!res) continue;
    json_int_t cid = json_integer_value(json_object_get(b, "candidate_id"));
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(res, "items"), k, it) {
      if (json_integer_value(json_object_get(it, "id")) != cid) continue;
      const char *g = json_string_value(json_object_get(it, "grade"));
      if (g && grade_index(g) >= 0) {
        *idx = grade_index(g);
        snprintf(name, cap, "民主测评%s", g);
        found = 0;
      }
    }
    json_decref(res);
  }
  json_decref(boxes);
  return found;
}

static void today_str(char out[11]) { util_today(out); }

/* ---- grades and posts ---- */
static void h_grades(req *r) {
  json_t *g = people_store_grades();
  if (!g) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", g, "total", (json_int_t)json_array_size(g)));
}

static void h_grade_create(req *r) {
  static const char *const allowed[] = {"name", "rank_order", "term_years", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *name;
  int64_t order, term = 3;
  if (jv_str(r, o, "name", "职级名称", JV_REQUIRED, 1, 30, &name) < 0 || jv_int(r, o, "rank_order", "职级序号", JV_REQUIRED, 1, 100, &order) < 0 ||
      jv_int(r, o, "term_years", "任期（年）", JV_OPTIONAL, 1, 10, &term) < 0)
    return;
  if (people_tx_begin(r)) return;
  int64_t id = people_store_grade_insert(name, (int)order, (int)term);
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "name", "职级名称或序号已存在"); return; }
  if (id < 0 || org_audit(r, "people.grade.create", "people_grade", id, req_printf(r, "新增职级 %s", name), NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:s,s:I,s:I}", "id", (json_int_t)id, "name", name, "rank_order", (json_int_t)order, "term_years", (json_int_t)term));
}

static void h_posts(req *r) {
  json_t *p = people_store_posts(r);
  if (!p) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", p, "total", (json_int_t)json_array_size(p)));
}

static const char *const families[] = {"业务", "专卖", "综合", NULL};

/* The unit a caller names (or his own) must lie in his data scope: 1 yes, 0 answered. */
static int unit_in_scope(req *r, int64_t unit) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return 0;
  if (!org_unit_exists(unit) || !org_scope_has_unit(sc, unit)) { http_error(r, ERR_INVALID, "unit_id", "单位不存在或不在您的数据范围内"); return 0; }
  return 1;
}

static void h_post_create(req *r) {
  static const char *const allowed[] = {"unit_id", "name", "family", "level", "term_years", "places", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *name, *family;
  int64_t unit = org_caller(r)->unit_id, level, term = 3, places = 1;
  if (jv_id_or_null(r, o, "unit_id", "所属单位", JV_OPTIONAL, &unit) < 0 || jv_str(r, o, "name", "岗位名称", JV_REQUIRED, 1, 60, &name) < 0 ||
      jv_enum(r, o, "family", "岗位序列", JV_REQUIRED, families, &family) < 0 || jv_int(r, o, "level", "岗级", JV_REQUIRED, 1, 20, &level) < 0 ||
      jv_int(r, o, "term_years", "聘期（年）", JV_OPTIONAL, 1, 10, &term) < 0 || jv_int(r, o, "places", "岗位数", JV_OPTIONAL, 1, 500, &places) < 0)
    return;
  if (!unit) unit = org_caller(r)->unit_id;
  if (!unit_in_scope(r, unit)) return;
  if (people_tx_begin(r)) return;
  int64_t id = people_store_post_insert(unit, name, family, (int)level, (int)term, (int)places);
  if (id == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "name", "本单位已有岗位“%s”", name); return; }
  json_t *after = id > 0 ? people_store_post_json(NULL, id) : NULL;
  if (!after || org_audit(r, "people.post.create", "people_post", id, req_printf(r, "新增岗位 %s（%s序列 %lld 级）", name, family, (long long)level), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* GET /people/persons/:id/posts: the post/grade history (the holder of people:post:list in scope, or the person). */
static void h_history(req *r) {
  int64_t id = http_param_id(r, 0);
  int self = id && id == org_caller(r)->id;
  if (!self) {
    int in = id && org_caller_can(r, "people:post:list") ? people_store_person_in_scope(r, id) : 0;
    if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!in) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  }
  json_t *h = people_store_history(id);
  if (!h) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", h, "total", (json_int_t)json_array_size(h)));
}

/* POST /people/persons/:id/posts {grade_id, post_id?, started_on, note?}: records a grade or post held before (the
 * ladder's starting point; later ones come from rounds). Closes the open row on the new start day. */
static void h_history_add(req *r) {
  static const char *const allowed[] = {"grade_id", "post_id", "started_on", "note", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t grade, post = 0;
  const char *on, *note = "";
  if (jv_id_or_null(r, o, "grade_id", "职级", JV_REQUIRED, &grade) < 0 || jv_id_or_null(r, o, "post_id", "岗位", JV_OPTIONAL, &post) < 0 ||
      jv_str(r, o, "started_on", "起始日期", JV_REQUIRED, 10, 10, &on) < 0 || jv_str(r, o, "note", "备注", JV_OPTIONAL, 0, 200, &note) < 0)
    return;
  char today[11];
  today_str(today);
  if (wd_parse(on) < 0 || strcmp(on, today) > 0) { http_error(r, ERR_INVALID, "started_on", "起始日期应为不晚于今天的 YYYY-MM-DD"); return; }
  int in = id ? people_store_person_in_scope(r, id) : 0;
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!in) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  int64_t unit;
  char name[64], gname[40];
  int term = 3;
  if (people_store_person(id, &unit, name, sizeof name)) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  if (people_tx_begin(r)) return;
  int g = people_store_grade_get(grade, gname, sizeof gname, &term);
  if (g < 0) { people_tx_fail(r); return; }
  if (g) { db_rollback(); http_error(r, ERR_INVALID, "grade_id", "职级不存在"); return; }
  if (post) {
    json_t *p = people_store_post_json(r, post);
    if (!p) { db_rollback(); http_error(r, ERR_INVALID, "post_id", "岗位不存在或不在您的数据范围内"); return; }
    term = (int)json_integer_value(json_object_get(p, "term_years"));
    json_decref(p);
  }
  char ends[11];
  wd_format(people_sanction_end(wd_parse(on), 12 * term), ends);
  people_history_row h = {.user_id = id, .unit_id = unit, .post_id = post, .grade_id = grade, .started_on = on, .ends_on = ends, .source = "登记", .note = note};
  int64_t hid;
  if (people_store_history_close(id, on) || (hid = people_store_history_insert(&h)) <= 0 ||
      org_audit(r, "people.post.record", "people_post_history", hid, req_printf(r, "登记 %s 职级 %s（自 %s）", name, gname, on), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  json_t *all = people_store_history(id);
  http_json(r, 201, json_pack("{s:o}", "items", all ? all : json_array()));
}

/* ---- rounds ---- */
static void h_rounds(req *r) {
  json_t *l = people_store_round_list(r);
  if (!l) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", l, "total", (json_int_t)json_array_size(l)));
}

static void h_round_create(req *r) {
  static const char *const allowed[] = {"title", "unit_id", "w_written", "w_interview", "w_review", "min_years", "min_grade", "publicity_days", "posts", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  people_round_row x = {0};
  int64_t unit = 0, ww, wi, wr, years = 0, days = 5;
  const char *min_grade = "";
  static const char *const grades[] = {"", "优秀", "称职", "基本称职", "不称职", NULL};
  if (jv_str(r, o, "title", "名称", JV_REQUIRED, 2, 100, &x.title) < 0 || jv_id_or_null(r, o, "unit_id", "组织单位", JV_OPTIONAL, &unit) < 0 ||
      jv_int(r, o, "w_written", "笔试权重", JV_REQUIRED, 0, 100, &ww) < 0 || jv_int(r, o, "w_interview", "面试权重", JV_REQUIRED, 0, 100, &wi) < 0 ||
      jv_int(r, o, "w_review", "测评权重", JV_REQUIRED, 0, 100, &wr) < 0 || jv_int(r, o, "min_years", "现职级任职年限", JV_OPTIONAL, 0, 30, &years) < 0 ||
      jv_enum(r, o, "min_grade", "最低考核等次", JV_OPTIONAL, grades, &min_grade) < 0 ||
      jv_int(r, o, "publicity_days", "公示天数", JV_OPTIONAL, 1, 30, &days) < 0)
    return;
  if (!people_round_weights_ok((int)ww, (int)wi, (int)wr)) { http_error(r, ERR_INVALID, "w_review", "笔试、面试、测评权重之和应为 100"); return; }
  json_t *posts = json_object_get(o, "posts");
  size_t np = json_array_size(posts);
  if (!json_is_array(posts) || np == 0 || np > 50) { http_error(r, ERR_INVALID, "posts", "应列出 1 到 50 个竞聘岗位"); return; }
  if (!unit) unit = org_caller(r)->unit_id;
  if (!unit_in_scope(r, unit)) return;
  x.unit_id = unit;
  x.w_written = (int)ww; x.w_interview = (int)wi; x.w_review = (int)wr;
  x.min_years = (int)years; x.min_grade = min_grade; x.publicity_days = (int)days;
  x.created_by = org_caller(r)->id;
  if (people_tx_begin(r)) return;
  int64_t id = people_store_round_insert(&x);
  if (id <= 0) { people_tx_fail(r); return; }
  for (size_t i = 0; i < np; i++) {
    json_t *p = json_array_get(posts, i);
    json_t *pid = json_object_get(p, "post_id"), *gid = json_object_get(p, "grade_id"), *pl = json_object_get(p, "places");
    const char *f = req_printf(r, "posts[%zu].post_id", i);
    if (!json_is_object(p) || !json_is_integer(pid)) { db_rollback(); http_error(r, ERR_INVALID, f, "第 %zu 个岗位：应给出岗位 post_id", i + 1); return; }
    json_t *post = people_store_post_json(r, json_integer_value(pid));
    if (!post) { db_rollback(); http_error(r, ERR_INVALID, f, "第 %zu 个岗位不存在或不在您的数据范围内", i + 1); return; }
    int places = pl ? (int)json_integer_value(pl) : (int)json_integer_value(json_object_get(post, "places"));
    json_decref(post);
    if (pl && (!json_is_integer(pl) || places < 1 || places > 500)) {
      db_rollback(); http_error(r, ERR_INVALID, req_printf(r, "posts[%zu].places", i), "第 %zu 个岗位的聘用人数应为 1 到 500", i + 1); return;
    }
    int64_t grade = 0;
    if (gid && !json_is_null(gid)) {
      int g = json_is_integer(gid) ? people_store_grade_get(json_integer_value(gid), NULL, 0, NULL) : 1;
      if (g < 0) { people_tx_fail(r); return; }
      if (g) { db_rollback(); http_error(r, ERR_INVALID, req_printf(r, "posts[%zu].grade_id", i), "第 %zu 个岗位的职级不存在", i + 1); return; }
      grade = json_integer_value(gid);
    }
    int rc = people_store_round_post_insert(id, json_integer_value(pid), grade, places);
    if (rc == 1) { db_rollback(); http_error(r, ERR_DUPLICATE, f, "第 %zu 个岗位重复", i + 1); return; }
    if (rc) { people_tx_fail(r); return; }
  }
  json_t *after = people_store_round_json(r, id);
  if (!after || org_audit(r, "people.round.create", "people_round", id, req_printf(r, "新建双聘 %s", x.title), NULL, after)) {
    json_decref(after);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_round_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? people_store_round_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "双聘不存在"); return; }
  http_json(r, 200, o);
}

/* Loads the round in scope and its state; 0 ok, -1 answered. */
static int round_load(req *r, int64_t id, people_round_row *x, char *status) {
  json_t *o = id ? people_store_round_json(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "双聘不存在"); return -1; }
  json_decref(o);
  int f = people_store_round_state(id, x, status, 16);
  if (f) { http_error(r, f < 0 ? ERR_INTERNAL : ERR_NOT_FOUND, NULL, f < 0 ? NULL : "双聘不存在"); return -1; }
  return 0;
}

/* POST /people/rounds/:id/applications {user_id, post_id}: the qualification is checked from the records; a refused
 * person is answered 400 with the reason on user_id and nothing is stored. */
static void h_apply(req *r) {
  static const char *const allowed[] = {"user_id", "post_id", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  int64_t user, post;
  if (jv_id_or_null(r, o, "user_id", "报名人", JV_REQUIRED, &user) < 0 || jv_id_or_null(r, o, "post_id", "报名岗位", JV_REQUIRED, &post) < 0) return;
  people_round_row x;
  char status[16];
  if (round_load(r, id, &x, status)) return;
  if (strcmp(status, "报名中")) { http_error(r, ERR_BAD_STATE, NULL, "双聘已%s，不再接受报名", status); return; }
  int in = user ? people_store_person_in_scope(r, user) : 0;
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!in) { http_error(r, ERR_INVALID, "user_id", "报名人不存在或不在您的数据范围内"); return; }
  char today[11], name[64];
  today_str(today);
  int64_t unit;
  if (people_store_person(user, &unit, name, sizeof name)) { http_error(r, ERR_INVALID, "user_id", "报名人不存在"); return; }
  /* the facts behind the qualification */
  char why[300], gname[40] = "", since[11] = "", pname[80] = "", aname[40] = "";
  int64_t grade_id = 0;
  int aidx = -1;
  int c = people_store_current(user, &grade_id, gname, sizeof gname, since, pname, sizeof pname);
  int a = people_latest_grade(user, &aidx, aname, sizeof aname);
  int sa = people_sanction_active(user, today, why, sizeof why);
  if (c < 0 || a < 0 || sa < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  people_qual_rule rule = {.min_years = x.min_years, .min_grade = grade_index(x.min_grade)};
  people_qual_facts f = {.today = wd_parse(today), .grade_since = c == 0 && grade_id ? wd_parse(since) : -1, .grade_name = gname,
                         .appraisal = a == 0 ? aidx : -1, .appraisal_name = aname, .sanctioned = sa == 1, .sanction_why = why};
  char result[400];
  if (!people_qualify(&rule, &f, result, sizeof result)) { http_error(r, ERR_INVALID, "user_id", "%s：%s", name, result); return; }
  if (people_tx_begin(r)) return;
  int rp = people_store_round_post(id, post, NULL, NULL);
  if (rp < 0) { people_tx_fail(r); return; }
  if (rp) { db_rollback(); http_error(r, ERR_INVALID, "post_id", "本次双聘没有这个岗位"); return; }
  int64_t app = people_store_application_insert(id, post, user, result);
  if (app == 0) { db_rollback(); http_error(r, ERR_DUPLICATE, "user_id", "%s 已报名本次双聘", name); return; }
  if (app < 0 || org_audit(r, "people.round.apply", "people_round", id, req_printf(r, "%s 报名（%s）", name, result), NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  http_json(r, 201, json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)app, "user_id", (json_int_t)user, "post_id", (json_int_t)post, "qualification", result));
}

/* Ranks each post's applications against its places. */
typedef struct rank_ctx { int64_t round; int64_t ids[2000]; double totals[2000]; int64_t post[2000]; int n; } rank_ctx;
static int collect(void *ctx, const people_app_brief *a) {
  rank_ctx *c = ctx;
  if (c->n >= 2000) return 1;
  c->ids[c->n] = a->id;
  c->totals[c->n] = a->total;
  c->post[c->n] = a->post_id;
  c->n++;
  return 0;
}
static int rank_round(int64_t round) {
  rank_ctx *c = calloc(1, sizeof *c);
  if (!c) return -1;
  c->round = round;
  int rc = people_store_applications_each(round, collect, c);
  for (int i = 0; !rc && i < c->n;) {
    int j = i;
    while (j < c->n && c->post[j] == c->post[i]) j++;
    int places = 1;
    if (people_store_round_post(round, c->post[i], NULL, &places)) { rc = -1; break; }
    int n = j - i, rank[2000], prop[2000], tie[2000];
    people_round_rank(c->totals + i, n, places, rank, prop, tie);
    for (int k = 0; k < n && !rc; k++) rc = people_store_application_rank(c->ids[i + k], rank[k], prop[k]);
    i = j;
  }
  free(c);
  return rc ? -1 : 0;
}

/* POST /people/rounds/:id/scores {items: [{application_id, written, interview, review}]}: totals by the round's weights. */
static void h_scores(req *r) {
  static const char *const allowed[] = {"items", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  json_t *items = json_object_get(o, "items");
  size_t n = json_array_size(items);
  if (!json_is_array(items) || !n || n > 2000) { http_error(r, ERR_INVALID, "items", "应给出 1 到 2000 条成绩"); return; }
  people_round_row x;
  char status[16];
  if (round_load(r, id, &x, status)) return;
  if (strcmp(status, "报名中") && strcmp(status, "评分中")) { http_error(r, ERR_BAD_STATE, NULL, "双聘已%s，成绩不能再改", status); return; }
  if (people_tx_begin(r)) return;
  static const char *const keys[] = {"written", "interview", "review"};
  static const char *const labels[] = {"笔试", "面试", "测评"};
  for (size_t i = 0; i < n; i++) {
    json_t *it = json_array_get(items, i), *aid = json_object_get(it, "application_id");
    if (!json_is_object(it) || !json_is_integer(aid)) { db_rollback(); http_error(r, ERR_INVALID, req_printf(r, "items[%zu].application_id", i), "第 %zu 条：缺少报名编号", i + 1); return; }
    double v[3];
    for (int k = 0; k < 3; k++) {
      json_t *s = json_object_get(it, keys[k]);
      v[k] = json_is_number(s) ? json_number_value(s) : -1;
      if (v[k] < 0 || v[k] > 100) {
        db_rollback();
        http_error(r, ERR_INVALID, req_printf(r, "items[%zu].%s", i, keys[k]), "第 %zu 条：%s成绩应为 0 到 100", i + 1, labels[k]);
        return;
      }
    }
    double total = people_round_total(x.w_written, x.w_interview, x.w_review, v[0], v[1], v[2]);
    int rc = people_store_application_scores(id, json_integer_value(aid), v[0], v[1], v[2], total);
    if (rc < 0) { people_tx_fail(r); return; }
    if (rc) { db_rollback(); http_error(r, ERR_INVALID, req_printf(r, "items[%zu].application_id", i), "第 %zu 条：本次双聘没有这个报名", i + 1); return; }
  }
  if (rank_round(id) || people_store_round_set(id, "评分中", NULL, NULL, NULL) ||
      org_audit(r, "people.round.score", "people_round", id, req_printf(r, "录入成绩 %zu 条", n), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_round_json(r, id);
  http_json(r, 200, after ? after : json_object());
}

static int unscored(void *ctx, const people_app_brief *a) { (void)ctx; return a->total < 0 ? 2 : 0; }
static int any_proposed(void *ctx, const people_app_brief *a) { if (a->proposed) ++*(int *)ctx; return 0; }

/* POST /people/rounds/:id/publicize {from?}: 公示 of the proposed from `from` (the day it was posted, today by default,
 * not later than today) for the round's working days; the end comes from the working calendar. */
static void h_publicize(req *r) {
  static const char *const allowed[] = {"from", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  char today[11];
  today_str(today);
  const char *from = today;
  if (jv_str(r, o, "from", "公示开始日期", JV_OPTIONAL, 10, 10, &from) < 0) return;
  if (wd_parse(from) < 0 || strcmp(from, today) > 0) { http_error(r, ERR_INVALID, "from", "公示开始日期应为不晚于今天的 YYYY-MM-DD"); return; }
  people_round_row x;
  char status[16];
  if (round_load(r, id, &x, status)) return;
  if (strcmp(status, "评分中")) { http_error(r, ERR_BAD_STATE, NULL, "双聘%s，录入成绩后才能公示", status); return; }
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char to[11];
  wd_format(people_round_publicity_end(&cal, wd_parse(from), x.publicity_days), to);
  free(cal.days);
  if (people_tx_begin(r)) return;
  int prop = 0;
  int u = people_store_applications_each(id, unscored, NULL);
  if (u < 0 || people_store_applications_each(id, any_proposed, &prop) < 0) { people_tx_fail(r); return; }
  if (u == 2) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "还有报名人没有成绩，不能公示"); return; }
  if (!prop) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "没有拟聘人选（同分待定的请先调整成绩），不能公示"); return; }
  if (people_store_round_set(id, "公示中", from, to, NULL) ||
      org_audit(r, "people.round.publicize", "people_round", id, req_printf(r, "拟聘 %d 人公示 %s 至 %s（%d 个工作日）", prop, from, to, x.publicity_days), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_round_json(r, id);
  http_json(r, 200, after ? after : json_object());
}

typedef struct appoint_ctx { int64_t round; const char *today; int n; req *r; } appoint_ctx;
static int appoint_one(void *ctx, const people_app_brief *a) {
  appoint_ctx *c = ctx;
  if (!a->proposed) return 0;
  int64_t grade = 0, cur_grade = 0;
  char g[40], since[11], p[80];
  if (people_store_round_post(c->round, a->post_id, &grade, NULL)) return -1;
  if (!grade && people_store_current(a->user_id, &cur_grade, g, sizeof g, since, p, sizeof p) < 0) return -1;
  json_t *post = people_store_post_json(NULL, a->post_id);
  if (!post) return -1;
  int term = (int)json_integer_value(json_object_get(post, "term_years"));
  json_decref(post);
  char ends[11];
  wd_format(people_sanction_end(wd_parse(c->today), 12 * term), ends);
  people_history_row h = {.user_id = a->user_id, .unit_id = a->unit_id, .post_id = a->post_id, .grade_id = grade ? grade : cur_grade,
                          .started_on = c->today, .ends_on = ends, .source = req_printf(c->r, "round:%lld", (long long)c->round), .note = ""};
  if (people_store_history_close(a->user_id, c->today) || people_store_history_insert(&h) <= 0 || people_store_application_appointed(a->id)) return -1;
  c->n++;
  return 0;
}

/* POST /people/rounds/:id/appoint: after the 公示's last day, the proposed are appointed: each gets a new row in his
 * post/grade history (the open one ends today). */
static void h_appoint(req *r) {
  int64_t id = http_param_id(r, 0);
  people_round_row x;
  char status[16], today[11];
  if (round_load(r, id, &x, status)) return;
  today_str(today);
  if (strcmp(status, "公示中")) { http_error(r, ERR_BAD_STATE, NULL, "双聘%s，公示期满后才能任命", status); return; }
  if (strcmp(today, x.publicity_to) <= 0) { http_error(r, ERR_BAD_STATE, NULL, "公示期至 %s，期满后才能任命", x.publicity_to); return; }
  if (people_tx_begin(r)) return;
  appoint_ctx c = {.round = id, .today = today, .r = r};
  if (people_store_applications_each(id, appoint_one, &c) || people_store_round_set(id, "已任命", NULL, NULL, today) ||
      org_audit(r, "people.round.appoint", "people_round", id, req_printf(r, "%s：任命 %d 人", x.title, c.n), NULL, NULL)) {
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) return;
  json_t *after = people_store_round_json(r, id);
  http_json(r, 200, after ? after : json_object());
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/grades", "people:post:list", h_grades, 0},
  {HTTP_POST, "/api/v1/people/grades", "people:post:edit", h_grade_create, 0},
  {HTTP_GET, "/api/v1/people/posts", "people:post:list", h_posts, 0},
  {HTTP_POST, "/api/v1/people/posts", "people:post:edit", h_post_create, 0},
  {HTTP_GET, "/api/v1/people/persons/:id/posts", NULL, h_history, 0},
  {HTTP_POST, "/api/v1/people/persons/:id/posts", "people:post:edit", h_history_add, 0},
  {HTTP_GET, "/api/v1/people/rounds", "people:post:list", h_rounds, 0},
  {HTTP_POST, "/api/v1/people/rounds", "people:post:edit", h_round_create, 0},
  {HTTP_GET, "/api/v1/people/rounds/:id", "people:post:list", h_round_get, 0},
  {HTTP_POST, "/api/v1/people/rounds/:id/applications", "people:post:edit", h_apply, 0},
  {HTTP_POST, "/api/v1/people/rounds/:id/scores", "people:post:edit", h_scores, 0},
  {HTTP_POST, "/api/v1/people/rounds/:id/publicize", "people:post:edit", h_publicize, 0},
  {HTTP_POST, "/api/v1/people/rounds/:id/appoint", "people:post:edit", h_appoint, 0},
};
void people_post_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
