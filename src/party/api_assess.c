/* api_assess.c — 党建考核 handlers: each visible branch's score for a year (deductions computed from the schedule and
 * attendance, manual additions and deductions), the flow 草稿 → 已自评 → 已审核 → 已确认 (the score frozen at
 * confirmation), the ranking of branches, and the scoring rules as settings. */
#include "party/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The live score of one branch (or the frozen one once confirmed), as JSON. NULL on error. */
static json_t *score_of(int64_t org, const char *name, int year, const char *today, const party_rules *rules) {
  json_t *a = party_store_assessment(org, year);
  if (!a) return NULL;
  json_t *detail = NULL;
  if (!strcmp(json_string_value(json_object_get(a, "status")), "已确认") && json_is_object(json_object_get(a, "confirmed_detail"))) {
    detail = json_deep_copy(json_object_get(a, "confirmed_detail"));
  } else {
    json_t *sc = party_schedule_of(org, year, today, NULL);
    if (!sc) { json_decref(a); return NULL; }
    int missed[PK__COUNT] = {0};
    size_t i, j;
    json_t *row, *p;
    json_array_foreach(json_object_get(sc, "rows"), i, row) {
      int k = party_kind_parse(json_string_value(json_object_get(row, "kind")));
      json_array_foreach(json_object_get(row, "periods"), j, p)
        if (k >= 0 && !strcmp(json_string_value(json_object_get(p, "state")), "missed")) missed[k]++;
    }
    json_decref(sc);
    int64_t expected = 0, present = 0;
    if (party_store_org_attendance(org, year, &expected, &present)) { json_decref(a); return NULL; }
    json_t *adjs = json_object_get(a, "adjustments");
    party_adj *adj = NULL;
    size_t nadj = 0;
    char field[64], msg[200];
    if (party_adj_parse(adjs, &adj, &nadj, field, sizeof field, msg, sizeof msg)) adj = NULL, nadj = 0;
    /* each 党支部+项目 completed in the year adds the rule's points, counted with the manual additions under add_cap */
    json_t *done = party_store_projects_done(org, year);
    if (!done) { free(adj); json_decref(a); return NULL; }
    size_t nd = rules->project_points > 0 ? json_array_size(done) : 0;
    if (nd) {
      party_adj *more = realloc(adj, (nadj + nd) * sizeof *more);
      if (!more) { free(adj); json_decref(done); json_decref(a); return NULL; }
      adj = more;
      for (size_t d = 0; d < nd; d++) {
        adj[nadj + d].points = rules->project_points;
        snprintf(adj[nadj + d].reason, sizeof adj[nadj + d].reason, "党支部+项目：%s", json_string_value(json_object_get(json_array_get(done, d), "name")));
      }
      nadj += nd;
    }
    party_score s;
    party_score_compute(rules, missed, expected, present, adj, nadj, &s);
    free(adj);
    json_t *m = json_object();
    for (int k = 0; k < PK__COUNT; k++)
      if (s.missed[k]) json_object_set_new(m, party_kind_name((party_kind)k), json_integer(s.missed[k]));
    detail = json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:o,s:o,s:I,s:I}", "base", s.base, "missed_deduct", s.missed_deduct, "att_deduct", s.att_deduct,
                       "additions", s.additions, "deductions", s.deductions, "total", s.total, "missed", m, "att_rate",
                       s.has_att ? json_real(((int)(s.att_rate * 10 + 0.5)) / 10.0) : json_null(), "expected", (json_int_t)expected, "present",
                       (json_int_t)present);
    json_object_set_new(detail, "projects", done);
  }
  json_t *o = json_pack("{s:I,s:s,s:i,s:O,s:O,s:O,s:o}", "org_id", (json_int_t)org, "org_name", name, "year", year, "status",
                        json_object_get(a, "status"), "adjustments", json_object_get(a, "adjustments"), "note", json_object_get(a, "note"), "score", detail);
  json_decref(a);
  return o;
}

static int q_year(req *r, int *year) {
  char today[11];
  party_today(today);
  const char *y = http_query(r, "year");
  *year = atoi(today);
  if (!y || !*y) return 0;
  char *end;
  long v = strtol(y, &end, 10);
  if (*end || v < 2000 || v > 2100) { http_error(r, ERR_BAD_QUERY, "year", "year 应为 2000 至 2100 的年份"); return -1; }
  *year = (int)v;
  return 0;
}

/* GET /party/assessments?year=: every visible branch with its score, ranked. */
static void h_list(req *r) {
  int year;
  if (q_year(r, &year)) return;
  char today[11];
  party_today(today);
  party_rules rules;
  if (party_store_rules(&rules)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!org_caller_scope(r)) return;
  json_t *branches = party_store_visible_branches(r);
  if (!branches) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  party_hold(branches);
  size_t n = json_array_size(branches), i;
  json_t *items = json_array(), *b;
  double *scores = calloc(n ? n : 1, sizeof *scores);
  int *ranks = calloc(n ? n : 1, sizeof *ranks);
  json_array_foreach(branches, i, b) {
    json_t *o = score_of(json_integer_value(json_object_get(b, "id")), json_string_value(json_object_get(b, "name")), year, today, &rules);
    if (!o) { free(scores); free(ranks); json_decref(items); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    scores[i] = json_number_value(json_object_get(json_object_get(o, "score"), "total"));
    json_array_append_new(items, o);
  }
  party_rank(scores, n, ranks);
  json_array_foreach(items, i, b) json_object_set_new(b, "rank", json_integer(ranks[i]));
  free(scores);
  free(ranks);
  http_json(r, 200, json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)n, "rules", party_rules_json(&rules)));
}

/* POST /party/assessments/:org/:year {action: save|self|review|confirm|return, adjustments?, note?}.
 * save keeps the status (a draft or a returned one); self: 草稿 → 已自评 (the branch); review: 已自评 → 已审核, may change
 * the adjustments (the 党委); confirm: 已审核 → 已确认, freezing the score; return: back to 草稿 with a note. */
static void h_act(req *r) {
  static const char *const allowed[] = {"action", "adjustments", "note", NULL};
  static const char *const actions[] = {"save", "self", "review", "confirm", "return", NULL};
  int64_t org = http_param_id(r, 0);
  int year = (int)http_param_id(r, 1);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *action, *note = NULL;
  if (jv_enum(r, o, "action", "操作", JV_REQUIRED, actions, &action) < 0 || jv_str(r, o, "note", "说明", JV_OPTIONAL, 0, 500, &note) < 0) return;
  if (year < 2000 || year > 2100) { http_error(r, ERR_NOT_FOUND, NULL, "考核年度不存在"); return; }
  json_t *adjs = json_object_get(o, "adjustments");
  char field[64], msg[200];
  if (adjs) {
    party_adj *adj;
    size_t nadj;
    if (party_adj_parse(adjs, &adj, &nadj, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
    free(adj);
  }
  const char *need = !strcmp(action, "review") || !strcmp(action, "return") ? "party:assess:review"
                     : !strcmp(action, "confirm")                           ? "party:assess:confirm"
                                                                            : "party:assess:self";
  if (!org_caller_can(r, need)) { http_error(r, ERR_FORBIDDEN, NULL, NULL); return; }
  if (!org_caller_scope(r)) return;
  char kind[16], today[11], at[20], name[128], founded[11];
  party_today(today);
  party_now(at);
  int vis = party_store_org_visible(r, org);
  if (vis < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!vis || party_store_org_founded(org, founded, kind, name) || (strcmp(kind, "党支部") && strcmp(kind, "党总支"))) {
    http_error(r, ERR_NOT_FOUND, NULL, "党支部不存在");
    return;
  }
  party_rules rules;
  if (party_store_rules(&rules)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (dbj_tx_begin(r)) return;
  json_t *before = score_of(org, name, year, today, &rules);
  if (!before) { dbj_tx_fail(r); return; }
  party_hold(before);
  const char *status = json_string_value(json_object_get(before, "status"));
  static const struct { const char *action, *from, *to; } flow[] = {
    {"save", "草稿", "草稿"}, {"self", "草稿", "已自评"}, {"review", "已自评", "已审核"}, {"confirm", "已审核", "已确认"},
    {"return", "已自评", "草稿"}, {"return", "已审核", "草稿"},
  };
  const char *to = NULL;
  for (size_t i = 0; i < sizeof flow / sizeof flow[0]; i++)
    if (!strcmp(flow[i].action, action) && !strcmp(flow[i].from, status)) to = flow[i].to;
  if (!to) { db_rollback(); http_error(r, ERR_BAD_STATE, "action", "考核状态为“%s”，不能执行此操作", status); return; }
  if (adjs && !strcmp(action, "confirm")) { db_rollback(); http_error(r, ERR_INVALID, "adjustments", "确认时不能修改加减分"); return; }
  char *adj_txt = json_dumps(adjs ? adjs : json_object_get(before, "adjustments"), JSON_COMPACT);
  req_own(r, adj_txt);
  json_t *bn = json_object_get(before, "note");
  const char *nt = note ? note : json_string_value(bn);
  /* the score of what is saved: adjustments first, then (at confirmation) frozen */
  if (party_store_assessment_save(org, year, !strcmp(action, "confirm") ? "已审核" : to, adj_txt, nt, NULL, NULL, org_caller(r)->id, at)) { dbj_tx_fail(r); return; }
  json_t *after = score_of(org, name, year, today, &rules);
  if (!after) { dbj_tx_fail(r); return; }
  if (!strcmp(action, "confirm")) {
    json_t *sc = json_object_get(after, "score");
    double total = json_number_value(json_object_get(sc, "total"));
    char *detail = json_dumps(sc, JSON_COMPACT);
    int bad = party_store_assessment_save(org, year, "已确认", adj_txt, nt, &total, detail, org_caller(r)->id, at);
    free(detail);
    json_object_set_new(after, "status", json_string("已确认"));
    if (bad) { json_decref(after); dbj_tx_fail(r); return; }
  }
  char sum[200];
  snprintf(sum, sizeof sum, "党建考核 %s %d年：%s → %s", name, year, status, to);
  if (org_audit(r, "party.assess.update", "party_assessment", org, sum, before, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_rules_get(req *r) {
  party_rules rules;
  if (party_store_rules(&rules)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, party_rules_json(&rules));
}

static void h_rules_put(req *r) {
  static const char *const allowed[] = {"base", "att_threshold", "att_points", "add_cap", "miss_congress", "miss_committee", "miss_group", "miss_lecture",
                                        "miss_theme_day", "miss_secretary_lecture", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  party_rules before, rules;
  if (party_store_rules(&before)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  rules = before;
  char field[64], msg[200];
  if (party_rules_parse(o, &rules, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
  if (dbj_tx_begin(r)) return;
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v)
    if (party_store_rule_set(k, json_number_value(v))) { dbj_tx_fail(r); return; }
  json_t *b = party_rules_json(&before), *a = party_rules_json(&rules);
  int bad = org_audit(r, "party.assess.rules", "party_settings", 0, "修改党建考核规则", b, a);
  json_decref(b);
  if (bad) { json_decref(a); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(a); return; }
  http_json(r, 200, a);
}

PARTY_HELD(h_list)
PARTY_HELD(h_act)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/assessments", "party:assess:list", h_list_held, 0},
  /* the permission depends on the action (self / review / confirm): checked in the handler */
  {HTTP_POST, "/api/v1/party/assessments/:org/:year", "party:assess:list", h_act_held, 0},
  {HTTP_GET, "/api/v1/party/settings/scoring", "party:assess:list", h_rules_get, 0},
  {HTTP_PUT, "/api/v1/party/settings/scoring", "party:assess:confirm", h_rules_put, 0},
};

void party_assess_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
