/* api_ballots.c — ballot boxes: create, issue one-time codes per voter group, open, close, turnout, results; and the
 * public ballot a voter opens from the QR link (GET/POST /api/v1/people/ballots/:code, rate-limited, one cast per code). */
#include "people/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const default_grades[] = {"优秀", "称职", "基本称职", "不称职"};
static const int default_points[] = {100, 80, 60, 0};

static int64_t box_in_scope(req *r, int64_t id, json_t **box) {
  json_t *b = id ? people_store_ballot_json(r, id) : NULL;
  if (!b) { http_error(r, ERR_NOT_FOUND, NULL, "投票不存在"); return 0; }
  if (box) *box = b; else json_decref(b);
  return id;
}

static void h_list(req *r) {
  static const char *const sorts[] = {"id", NULL};
  list_params lp;
  if (http_list_params(r, sorts, 0, 1, &lp)) return;
  size_t len = 0;
  char *text = people_store_ballot_page(r, dbj_like(r, lp.q && *lp.q ? lp.q : NULL), lp.offset, lp.size, &len);
  if (!text) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", text, len);
}

/* Reads an array of objects named key (1..max items), each with only the allowed fields. NULL = answered 400. */
static json_t *obj_array(req *r, json_t *o, const char *key, const char *label, size_t max, const char *const *allowed) {
  json_t *a = json_object_get(o, key);
  if (!json_is_array(a) || !json_array_size(a)) { http_error(r, ERR_MISSING, key, "缺少%s（至少一项）", label); return NULL; }
  if (json_array_size(a) > max) { http_error(r, ERR_INVALID, key, "%s最多 %zu 项", label, max); return NULL; }
  size_t i;
  json_t *x;
  json_array_foreach(a, i, x) {
    if (!json_is_object(x)) { http_error(r, ERR_INVALID, req_printf(r, "%s[%zu]", key, i), "%s第 %zu 项应为对象", label, i + 1); return NULL; }
    const char *k;
    json_t *v;
    json_object_foreach(x, k, v) {
      int ok = 0;
      for (size_t j = 0; allowed[j]; j++) ok |= !strcmp(allowed[j], k);
      if (!ok) { http_error(r, ERR_UNKNOWN_FIELD, req_printf(r, "%s[%zu].%.40s", key, i, k), "%s第 %zu 项有不认识的字段：%.40s", label, i + 1, k); return NULL; }
    }
  }
  return a;
}

/* A text field of an item: 1..max characters. NULL = answered 400 (required) or absent (optional, *absent set). */
static const char *item_str(req *r, json_t *x, const char *key, const char *item, size_t i, const char *label, size_t max, int required) {
  json_t *v = json_object_get(x, key);
  const char *s = json_string_value(v);
  long n = s ? jv_utf8_chars(s) : -1;
  if (!v && !required) return "";
  if (!s || n < 1 || (size_t)n > max) {
    http_error(r, v ? ERR_INVALID : ERR_MISSING, req_printf(r, "%s[%zu].%s", item, i, key), "第 %zu 项的%s应为 1 到 %zu 个字", i + 1, label, max);
    return NULL;
  }
  return s;
}
static int item_int(req *r, json_t *x, const char *key, const char *item, size_t i, const char *label, int64_t min, int64_t max, int64_t *out) {
  json_t *v = json_object_get(x, key);
  if (!v || json_is_null(v)) { *out = 0; return 0; }
  if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
    http_error(r, ERR_INVALID, req_printf(r, "%s[%zu].%s", item, i, key), "第 %zu 项的%s应为 %lld 到 %lld 的整数", i + 1, label, (long long)min, (long long)max);
    return -1;
  }
  *out = json_integer_value(v);
  return 1;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"title", "purpose", "kind", "unit_id", "grades", "points", "max_choices", "quota_permille", "places",
                                        "candidates", "groups", NULL};
  static const char *const kinds[] = {"grade", "choose", NULL};
  static const char *const cand_f[] = {"name", "user_id", "unit_id", "note", NULL};
  static const char *const group_f[] = {"name", "weight", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *title, *purpose = "民主测评", *kind;
  int64_t unit = 0, maxc = 0, quota = -1, places = -1;
  const char **grades = NULL;
  size_t ngr = 0;
  if (jv_str(r, o, "title", "投票名称", JV_REQUIRED, 1, 100, &title) < 0 || jv_str(r, o, "purpose", "用途", JV_OPTIONAL, 1, 20, &purpose) < 0 ||
      jv_enum(r, o, "kind", "投票方式", JV_REQUIRED, kinds, &kind) < 0 || jv_id_or_null(r, o, "unit_id", "组织单位", JV_OPTIONAL, &unit) < 0 ||
      jv_strs(r, o, "grades", "等次", JV_OPTIONAL, PEOPLE_MAX_GRADES, 10, &grades, &ngr) < 0 ||
      jv_int(r, o, "max_choices", "最多可选人数", JV_OPTIONAL, 1, PEOPLE_MAX_CANDIDATES, &maxc) < 0 ||
      jv_int(r, o, "quota_permille", "优秀比例（千分比）", JV_OPTIONAL, 0, 1000, &quota) < 0 ||
      jv_int(r, o, "places", "名额", JV_OPTIONAL, 1, PEOPLE_MAX_CANDIDATES, &places) < 0)
    return;
  if (!purpose) purpose = "民主测评";
  int grade = !strcmp(kind, "grade");
  if (!unit) unit = org_caller(r)->unit_id;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  if (!sc->all && !org_scope_has_unit(sc, unit) && unit != org_caller(r)->unit_id) { http_error(r, ERR_INVALID, "unit_id", "组织单位不在您的数据范围内"); return; }
  if (!org_unit_exists(unit)) { http_error(r, ERR_INVALID, "unit_id", "组织单位不存在"); return; }
  json_t *ga = json_array(), *pa = json_array();
  if (grade) {
    if (!grades) { grades = (const char **)default_grades; ngr = 4; }
    if (ngr < 2) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "grades", "等次至少两个"); return; }
    for (size_t i = 0; i < ngr; i++) {
      for (size_t j = 0; j < i; j++)
        if (!strcmp(grades[i], grades[j])) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "grades", "等次重复：%s", grades[i]); return; }
      json_array_append_new(ga, json_string(grades[i]));
    }
    json_t *pts = json_object_get(o, "points");
    if (pts) {
      if (!json_is_array(pts) || json_array_size(pts) != ngr) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "points", "各等次分值应为与等次数目相同的整数数组"); return; }
      size_t i;
      json_t *p;
      json_array_foreach(pts, i, p) {
        if (!json_is_integer(p) || json_integer_value(p) < 0 || json_integer_value(p) > 100) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "points", "等次分值应为 0 到 100 的整数"); return; }
        json_array_append_new(pa, json_integer(json_integer_value(p)));
      }
    } else {
      for (size_t i = 0; i < ngr; i++) json_array_append_new(pa, json_integer(ngr == 4 ? default_points[i] : (json_int_t)(100 * (ngr - 1 - i) / (ngr - 1))));
    }
    if (maxc || places > 0) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, maxc ? "max_choices" : "places", "按等次测评时不设最多可选人数和名额"); return; }
  } else {
    if (grades || json_object_get(o, "points") || quota >= 0) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, grades ? "grades" : json_object_get(o, "points") ? "points" : "quota_permille", "差额选举不设等次、分值和优秀比例"); return; }
    if (!maxc) { json_decref(ga); json_decref(pa); http_error(r, ERR_MISSING, "max_choices", "缺少最多可选人数"); return; }
  }
  json_t *cands = obj_array(r, o, "candidates", "候选人", PEOPLE_MAX_CANDIDATES, cand_f);
  json_t *groups = cands ? obj_array(r, o, "groups", "投票群体", PEOPLE_MAX_GROUPS, group_f) : NULL;
  if (!groups) { json_decref(ga); json_decref(pa); return; }
  if (!grade && maxc > (int64_t)json_array_size(cands)) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "max_choices", "最多可选人数不能超过候选人数（%zu）", json_array_size(cands)); return; }
  size_t i;
  json_t *x;
  int wsum = 0;
  json_array_foreach(groups, i, x) {
    int64_t w;
    if (!item_str(r, x, "name", "groups", i, "群体名称", 30, 1) || item_int(r, x, "weight", "groups", i, "权重", 0, 100, &w) < 0) { json_decref(ga); json_decref(pa); return; }
    if (!json_object_get(x, "weight")) { json_decref(ga); json_decref(pa); http_error(r, ERR_MISSING, req_printf(r, "groups[%zu].weight", i), "第 %zu 个投票群体缺少权重", i + 1); return; }
    wsum += (int)w;
  }
  if (wsum <= 0) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, "groups", "投票群体的权重之和应大于 0"); return; }
  json_array_foreach(cands, i, x) {
    int64_t v;
    if (!item_str(r, x, "name", "candidates", i, "姓名（名称）", 60, 1) || !item_str(r, x, "note", "candidates", i, "说明", 200, 0) ||
        item_int(r, x, "user_id", "candidates", i, "人员", 1, INT64_MAX / 2, &v) < 0 || item_int(r, x, "unit_id", "candidates", i, "单位", 1, INT64_MAX / 2, &v) < 0) {
      json_decref(ga); json_decref(pa); return;
    }
    if (v && !org_unit_exists(v)) { json_decref(ga); json_decref(pa); http_error(r, ERR_INVALID, req_printf(r, "candidates[%zu].unit_id", i), "第 %zu 个候选人的单位不存在", i + 1); return; }
    /* 评优 and promotion votes refuse a person under a running sanction, with the reason */
    json_int_t uid = json_integer_value(json_object_get(x, "user_id"));
    if (uid && (!strcmp(purpose, "评优") || !strcmp(purpose, "双聘测评"))) {
      char today[11], why[160];
      util_today(today);
      int run = people_sanction_active(uid, today, why, sizeof why);
      if (run < 0) { json_decref(ga); json_decref(pa); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
      if (run) {
        json_decref(ga); json_decref(pa);
        http_error(r, ERR_INVALID, req_printf(r, "candidates[%zu].user_id", i), "%s不能参加%s：%s", json_string_value(json_object_get(x, "name")), purpose, why);
        return;
      }
    }
  }
  char *gtxt = json_dumps(ga, JSON_COMPACT), *ptxt = json_dumps(pa, JSON_COMPACT);
  json_decref(ga);
  json_decref(pa);
  req_own(r, gtxt);
  req_own(r, ptxt);
  if (!gtxt || !ptxt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  people_ballot_row b = {.title = title, .purpose = purpose, .kind = kind, .grades_json = gtxt, .points_json = ptxt, .max_choices = (int)maxc,
                         .quota_permille = grade ? (int)quota : -1, .places = grade ? -1 : (int)places, .unit_id = unit, .created_by = org_caller(r)->id};
  if (people_tx_begin(r)) return;
  int64_t id = people_store_ballot_insert(&b);
  if (id <= 0) { people_tx_fail(r); return; }
  json_array_foreach(cands, i, x) {
    json_int_t uid = json_integer_value(json_object_get(x, "user_id")), un = json_integer_value(json_object_get(x, "unit_id"));
    const char *note = json_string_value(json_object_get(x, "note"));
    if (people_store_candidate_insert(id, (int)i + 1, json_string_value(json_object_get(x, "name")), uid, un, note)) {
      db_rollback();
      http_error(r, ERR_INVALID, req_printf(r, "candidates[%zu]", i), "第 %zu 个候选人无法保存（人员或单位不存在）", i + 1);
      return;
    }
  }
  json_array_foreach(groups, i, x) {
    if (people_store_group_insert(id, (int)i + 1, json_string_value(json_object_get(x, "name")), (int)json_integer_value(json_object_get(x, "weight"))) <= 0) {
      db_rollback();
      http_error(r, ERR_DUPLICATE, req_printf(r, "groups[%zu].name", i), "投票群体重复：%s", json_string_value(json_object_get(x, "name")));
      return;
    }
  }
  json_t *after = people_store_ballot_json(r, id);
  if (!after || org_audit(r, "people.ballot.create", "people_ballot", id, title, NULL, after)) { json_decref(after); people_tx_fail(r); return; }
  if (people_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_get(req *r) {
  json_t *b;
  if (!box_in_scope(r, http_param_id(r, 0), &b)) return;
  http_json(r, 200, b);
}

/* The code a voter holds: 16 characters of base64url (96 random bits); only its SHA-256 is kept. */
#define CODE_BYTES 12
static int code_ok(const char *c) {
  size_t n = c ? strlen(c) : 0;
  if (n != CODE_BYTES * 4 / 3) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '-' || c[i] == '_')) return 0;
  return 1;
}

static void h_codes(req *r) {
  static const char *const allowed[] = {"group_id", "count", NULL};
  int64_t id = http_param_id(r, 0), gid, n;
  json_t *box;
  if (!box_in_scope(r, id, &box)) return;
  json_decref(box);
  json_t *o = jv_object(r, allowed);
  if (!o || jv_int(r, o, "group_id", "投票群体", JV_REQUIRED, 1, INT64_MAX / 2, &gid) < 0 || jv_int(r, o, "count", "张数", JV_REQUIRED, 1, 500, &n) < 0) return;
  if (people_tx_begin(r)) return;
  char st[16];
  int rc = people_store_ballot_status(id, st, sizeof st);
  if (rc) { people_tx_fail(r); return; }
  if (!strcmp(st, "已结束")) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "投票已结束，不能再发放选票码"); return; }
  if (!people_store_group_of(id, gid)) { db_rollback(); http_error(r, ERR_INVALID, "group_id", "投票群体不属于本次投票"); return; }
  json_t *codes = json_array();
  for (int64_t k = 0; k < n; k++) {
    char code[CODE_BYTES * 2], hash[65];
    util_random_token(code, sizeof code, CODE_BYTES);
    util_sha256_hex(code, strlen(code), hash);
    int ins = people_store_code_insert(hash, id, gid);
    if (ins == 1) { k--; continue; }
    if (ins) { json_decref(codes); people_tx_fail(r); return; }
    json_array_append_new(codes, json_pack("{s:s,s:s}", "code", code, "path", req_printf(r, "/ballot/%s", code)));
  }
  if (people_store_group_add_issued(gid, (int)n) ||
      org_audit(r, "people.ballot.issue", "people_ballot", id, req_printf(r, "发放选票码 %lld 张（群体 %lld）", (long long)n, (long long)gid), NULL, NULL)) {
    json_decref(codes);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(codes); return; }
  http_json(r, 201, json_pack("{s:I,s:o}", "group_id", (json_int_t)gid, "codes", codes));
}

static void transition(req *r, const char *from, const char *to, const char *action, const char *summary, const char *refusal) {
  int64_t id = http_param_id(r, 0);
  json_t *box;
  if (!box_in_scope(r, id, &box)) return;
  if (!strcmp(to, "投票中") && (!json_integer_value(json_object_get(box, "candidates")) || !json_array_size(json_object_get(box, "groups")))) {
    json_decref(box);
    http_error(r, ERR_BAD_STATE, NULL, "没有候选人或投票群体，不能开始投票");
    return;
  }
  json_decref(box);
  if (people_tx_begin(r)) return;
  char st[16];
  if (people_store_ballot_status(id, st, sizeof st)) { people_tx_fail(r); return; }
  if (strcmp(st, from)) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "%s（当前状态：%s）", refusal, st); return; }
  if (people_store_ballot_set_status(id, to) || org_audit(r, action, "people_ballot", id, summary, NULL, NULL)) { people_tx_fail(r); return; }
  if (people_tx_commit(r)) return;
  json_t *b = people_store_ballot_json(r, id);
  if (!b) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, b);
}
static void h_open(req *r) { transition(r, "草稿", "投票中", "people.ballot.open", "开始投票", "只有草稿状态的投票可以开始"); }
static void h_close(req *r) { transition(r, "投票中", "已结束", "people.ballot.close", "结束投票", "只有投票中的投票可以结束"); }

/* A stored ballot's marks "[0,-1,2,…]" (written by the cast handler) into n marks; -1 when it is not exactly n small
 * integers. A hand reader: the tally reads millions of them, and a JSON tree per ballot costs 30 times the count. */
static int marks_read(const char *t, signed char *out, size_t n) {
  if (!t || *t++ != '[') return -1;
  for (size_t k = 0; k < n; k++) {
    if (k && *t++ != ',') return -1;
    int neg = *t == '-';
    t += neg;
    if (*t < '0' || *t > '9') return -1;
    int v = 0;
    while (*t >= '0' && *t <= '9' && v < 1000) v = v * 10 + (*t++ - '0');
    if (v > 127) return -1;
    out[k] = (signed char)(neg ? -v : v);
  }
  return t[0] == ']' && t[1] == 0 ? 0 : -1;
}

/* The tally of a closed box from its stored ballots: the same figures every time it is asked. */
json_t *people_ballot_results(int64_t id, char *err, size_t errlen) {
  people_form_row f;
  if (people_store_form(id, &f)) { snprintf(err, errlen, "投票不存在"); return NULL; }
  json_t *groups = people_store_groups(id), *casts = people_store_casts(id), *res = NULL;
  int ng = (int)json_array_size(groups), ngr = f.kind == PEOPLE_BALLOT_GRADE ? (int)json_array_size(f.grades) : 0;
  size_t nb = json_array_size(casts), nc = (size_t)f.ncand;
  int weights[PEOPLE_MAX_GROUPS], points[PEOPLE_MAX_GRADES], gballots[PEOPLE_MAX_GROUPS];
  int64_t gids[PEOPLE_MAX_GROUPS];
  int *group_of = calloc(nb ? nb : 1, sizeof *group_of);
  signed char *marks = calloc(nb * nc + 1, 1);
  people_tally_cand *out = calloc(nc ? nc : 1, sizeof *out);
  int *counts = calloc(nc * (size_t)(ng ? ng : 1) * (size_t)(ngr ? ngr : 1) + 1, sizeof *counts);
  if (!groups || !casts || !group_of || !marks || !out || !counts || ng < 1 || ng > PEOPLE_MAX_GROUPS || ngr > PEOPLE_MAX_GRADES) {
    snprintf(err, errlen, "无法读取选票");
    goto done;
  }
  for (int g = 0; g < ng; g++) {
    json_t *x = json_array_get(groups, (size_t)g);
    gids[g] = json_integer_value(json_object_get(x, "id"));
    weights[g] = (int)json_integer_value(json_object_get(x, "weight"));
  }
  for (int k = 0; k < ngr; k++) points[k] = (int)json_integer_value(json_array_get(f.points, (size_t)k));
  for (size_t b = 0; b < nb; b++) {
    json_t *c = json_array_get(casts, b);
    json_int_t gid = json_integer_value(json_array_get(c, 0));
    group_of[b] = -1;
    for (int g = 0; g < ng; g++)
      if (gids[g] == gid) group_of[b] = g;
    if (marks_read(json_string_value(json_array_get(c, 1)), marks + b * nc, nc)) { snprintf(err, errlen, "选票记录与候选人不符"); goto done; }
  }
  int quota = f.kind == PEOPLE_BALLOT_GRADE ? (f.quota_permille >= 0 ? people_quota_of(f.quota_permille, f.ncand) : -1) : f.places;
  people_tally_in in = {.kind = f.kind, .ncand = f.ncand, .ngrades = ngr, .ngroups = ng, .weights = weights, .points = points,
                        .nballots = nb, .group_of = group_of, .marks = marks};
  if (people_tally(&in, quota, out, counts, gballots)) { snprintf(err, errlen, "选票记录有误，无法计票"); goto done; }
  json_t *cl = json_object_get(f.box, "candidates"), *items = json_array();
  for (size_t c = 0; c < nc; c++) {
    json_t *it = json_deep_copy(json_array_get(cl, c));
    json_object_set_new(it, "score", json_real(out[c].score));
    json_object_set_new(it, "votes", json_integer(out[c].votes));
    json_object_set_new(it, "rank", json_integer(out[c].rank));
    json_object_set_new(it, "tie", json_boolean(out[c].tie));
    json_t *by = json_array();
    for (int g = 0; g < ng; g++) {
      json_t *row = json_array();
      for (int k = 0; k < (ngr ? ngr : 1); k++) json_array_append_new(row, json_integer(counts[(c * (size_t)ng + (size_t)g) * (size_t)(ngr ? ngr : 1) + (size_t)k]));
      json_array_append_new(by, row);
    }
    json_object_set_new(it, "counts_by_group", by);
    if (f.kind == PEOPLE_BALLOT_GRADE) {
      json_t *sh = json_array();
      for (int k = 0; k < ngr; k++) json_array_append_new(sh, json_real(out[c].share[k]));
      json_object_set_new(it, "shares", sh);
      json_object_set_new(it, "plurality", out[c].plurality >= 0 ? json_incref(json_array_get(f.grades, (size_t)out[c].plurality)) : json_null());
      json_object_set_new(it, "grade", out[c].decided >= 0 ? json_incref(json_array_get(f.grades, (size_t)out[c].decided)) : json_null());
    } else {
      json_object_set_new(it, "elected", out[c].decided < 0 ? json_null() : json_boolean(out[c].decided == 1));
    }
    json_array_append_new(items, it);
  }
  json_t *gl = json_array();
  for (int g = 0; g < ng; g++) {
    json_t *x = json_deep_copy(json_array_get(groups, (size_t)g));
    json_object_set_new(x, "ballots", json_integer(gballots[g]));
    json_array_append_new(gl, x);
  }
  res = json_pack("{s:O,s:O,s:i,s:o,s:o,s:I}", "ballot", f.box, "grades", f.grades, "quota", quota, "groups", gl, "items", items, "total",
                  (json_int_t)nc);
done:
  free(group_of);
  free(marks);
  free(out);
  free(counts);
  json_decref(groups);
  json_decref(casts);
  people_form_free(&f);
  return res;
}

static void h_results(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *box;
  if (!box_in_scope(r, id, &box)) return;
  int closed = !strcmp(json_string_value(json_object_get(box, "status")), "已结束");
  json_decref(box);
  if (!closed) { http_error(r, ERR_BAD_STATE, NULL, "投票结束后才能查看结果（投票中只显示各群体投票率）"); return; }
  char err[128];
  json_t *res = people_ballot_results(id, err, sizeof err);
  if (!res) { http_error(r, ERR_INTERNAL, NULL, "%s", err); return; }
  http_json(r, 200, res);
}

/* ---- the public ballot ---- */
static ratelimit *cast_rl;
static unsigned cast_limit(void) {
  const char *v = getenv("BUREAU_BALLOT_LIMIT");
  int n = v ? atoi(v) : 0;
  return n > 0 ? (unsigned)n : 10;
}

/* Takes the code out of the request and masks it in r->path, so the access log never pairs a code with an address. */
static int take_code(req *r, char out[CODE_BYTES * 2], char hash[65]) {
  const char *c = http_param(r, 0);
  int ok = code_ok(c);
  if (ok) {
    snprintf(out, CODE_BYTES * 2, "%s", c);
    util_sha256_hex(out, strlen(out), hash);
  }
  char *slash = r->path ? strrchr(r->path, '/') : NULL;
  if (slash) strcpy(slash + 1, "*");
  if (!ok) http_error(r, ERR_NOT_FOUND, NULL, "选票码无效");
  return ok ? 0 : -1;
}

/* The code of the request: its hash, box, group and whether it was used. 0 found; -1 answered (404, 500). */
static int code_of(req *r, char hash[65], int64_t *ballot, int64_t *group, int *used) {
  char code[CODE_BYTES * 2];
  if (take_code(r, code, hash)) return -1;
  int rc = people_store_code_find(hash, ballot, group, used);
  if (rc < 0) http_error(r, ERR_INTERNAL, NULL, NULL);
  else if (rc) http_error(r, ERR_NOT_FOUND, NULL, "选票码无效");
  return rc ? -1 : 0;
}

static const char *closed_reason(const char *status) {
  return !strcmp(status, "草稿") ? "投票尚未开始" : !strcmp(status, "已结束") ? "投票已结束，不能再投票" : NULL;
}

static void h_pub_get(req *r) {
  char hash[65];
  int64_t ballot, group;
  int used;
  if (code_of(r, hash, &ballot, &group, &used)) return;
  people_form_row f;
  if (people_store_form(ballot, &f)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  const char *st = json_string_value(json_object_get(f.box, "status"));
  const char *why = used ? "此选票码已投过票，每张选票只能投一次" : closed_reason(st);
  if (why) { people_form_free(&f); http_error(r, ERR_BAD_STATE, NULL, "%s", why); return; }
  json_t *groups = people_store_groups(ballot);
  const char *gname = "";
  size_t i;
  json_t *g;
  json_array_foreach(groups, i, g) if (json_integer_value(json_object_get(g, "id")) == group) gname = json_string_value(json_object_get(g, "name"));
  json_t *out = json_deep_copy(f.box);
  json_object_set_new(out, "grades", json_incref(f.grades));
  json_object_set_new(out, "group_name", json_string(gname));
  json_decref(groups);
  people_form_free(&f);
  http_json(r, 200, out);
}

static void h_pub_post(req *r) {
  char hash[65];
  int64_t ballot, group;
  int used;
  if (code_of(r, hash, &ballot, &group, &used)) return;
  if (!org_origin_ok(r)) { http_error(r, ERR_CSRF, NULL, "请求来源不正确"); return; }
  /* Only a valid code is counted (random codes never enter the limiter's table), per code and source. */
  char key[96];
  snprintf(key, sizeof key, "%.16s|%s", hash, r->ip);
  unsigned wait = rl_hit(cast_rl, key, util_now());
  if (wait) {
    char w[16];
    snprintf(w, sizeof w, "%u", wait);
    http_add_header(r, "Retry-After", w);
    http_error(r, ERR_RATE_LIMITED, NULL, "提交过于频繁，请 %u 秒后再试", wait);
    return;
  }
  people_form_row f;
  if (people_store_form(ballot, &f)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t ngr = json_array_size(f.grades);
  const char *gn[PEOPLE_MAX_GRADES];
  for (size_t k = 0; k < ngr && k < PEOPLE_MAX_GRADES; k++) gn[k] = json_string_value(json_array_get(f.grades, k));
  people_cast_form form = {.kind = f.kind, .ncand = f.ncand, .ngrades = (int)(ngr < PEOPLE_MAX_GRADES ? ngr : PEOPLE_MAX_GRADES),
                           .max_choices = f.max_choices, .cand_ids = f.cand_ids, .grades = gn};
  signed char *marks = calloc((size_t)f.ncand + 1, 1);
  char field[64] = "", msg[160] = "";
  if (!marks) { people_form_free(&f); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (people_cast_parse(r->body, r->body_len, &form, marks, field, sizeof field, msg, sizeof msg)) {
    free(marks);
    people_form_free(&f);
    http_error(r, ERR_INVALID, field[0] ? field : NULL, "%s，选票未保存", msg);
    return;
  }
  json_t *ma = json_array();
  for (int c = 0; c < f.ncand; c++) json_array_append_new(ma, json_integer(marks[c]));
  free(marks);
  char *mtxt = json_dumps(ma, JSON_COMPACT);
  json_decref(ma);
  json_t *title = json_incref(json_object_get(f.box, "title"));
  people_form_free(&f);
  if (!mtxt) { json_decref(title); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  req_own(r, mtxt);
  if (people_tx_begin(r)) { json_decref(title); return; }
  char st[16];
  const char *why = NULL;
  if (people_store_ballot_status(ballot, st, sizeof st)) { json_decref(title); people_tx_fail(r); return; }
  why = closed_reason(st);
  int marked = why ? 0 : people_store_code_use(hash);
  if (marked < 0) { json_decref(title); people_tx_fail(r); return; }
  if (!why && !marked) why = "此选票码已投过票，每张选票只能投一次";
  if (why) { json_decref(title); db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "%s", why); return; }
  /* The audit row names the box, never the code or the marks. */
  if (people_store_cast_insert(ballot, group, mtxt) || org_audit(r, "people.ballot.cast", "people_ballot", ballot, "匿名投票一张", NULL, NULL)) {
    json_decref(title);
    people_tx_fail(r);
    return;
  }
  if (people_tx_commit(r)) { json_decref(title); return; }
  http_json(r, 201, json_pack("{s:o,s:s}", "title", title, "message", "投票成功，感谢参与"));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/votes", "people:ballot:list", h_list, 0},
  {HTTP_POST, "/api/v1/people/votes", "people:ballot:edit", h_create, 0},
  {HTTP_GET, "/api/v1/people/votes/:id", "people:ballot:list", h_get, 0},
  {HTTP_POST, "/api/v1/people/votes/:id/codes", "people:ballot:edit", h_codes, 0},
  {HTTP_POST, "/api/v1/people/votes/:id/open", "people:ballot:edit", h_open, 0},
  {HTTP_POST, "/api/v1/people/votes/:id/close", "people:ballot:edit", h_close, 0},
  {HTTP_GET, "/api/v1/people/votes/:id/results", "people:ballot:list", h_results, 0},
  {HTTP_GET, "/api/v1/people/ballots/:code", NULL, h_pub_get, R_PUBLIC},
  {HTTP_POST, "/api/v1/people/ballots/:code", NULL, h_pub_post, R_PUBLIC},
};
void people_ballot_routes(void) {
  if (!cast_rl) cast_rl = rl_new(cast_limit(), 3600);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
}
