/* demo_campaigns.c — the demo county's finished 年度考核 of last year (on the 民主测评 box the demo voted, three voter
 * groups) and its 奋斗之星 selection that chose 7 people, with leaders' scores, 公示, an answered objection and the
 * 表彰 records in the winners' profiles. Runs inside people_demo_load's transaction. */
#include "people/internal.h"
#include "people/campaign.h"
#include "base/workday.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The demo's leaders (role leader), for the leaders' assessment. */
static int leaders(int64_t *out, int max) {
  db_stmt *s = db_prepare("SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id"
                          " WHERE r.code = 'leader' ORDER BY u.id LIMIT ?");
  if (!s) return -1;
  db_bind_int(s, 1, max);
  int n = 0;
  while (n < max && db_step(s) == DB_ROW) out[n++] = db_col_int(s, 0);
  db_reset(s);
  return n;
}

/* 公示 of last year's results: the first working days of January this year. */
static void publicity(int year, int days, char from[11], char to[11]) {
  wd_cal cal = {0};
  org_calendar_load(&cal);
  char start[16];
  snprintf(start, sizeof start, "%04d-01-06", (year + 1) % 10000);
  int first, end = people_publicity_end(&cal, wd_parse(start), days, &first);
  free(cal.days);
  wd_format(first, from);
  wd_format(end, to);
}

static int appraisal(int64_t unit, int year) {
  char src[40];
  snprintf(src, sizeof src, "demo:appraisal:%d", year);
  int64_t box = people_store_ballot_by_source(src);
  if (box <= 0) return box < 0 ? -1 : 0;
  json_t *cands = people_store_ballot_candidates(box);
  if (!cands) return -1;
  char title[80];
  snprintf(title, sizeof title, "%d年度中层干部年度考核", year);
  people_campaign_row c = {.year = year, .w_ballot = 40, .w_leader = 30, .w_inputs = 30, .quota_permille = 250, .publicity_days = 5, .title = title,
                           .subject = "person", .input_weights = "{}", .unit_id = unit};
  int64_t id = people_store_campaign_insert(&c);
  int bad = id <= 0 || people_store_campaign_set_ballot(id, box);
  size_t i;
  json_t *x;
  json_array_foreach(cands, i, x) {
    if (bad) break;
    bad = people_store_subject_insert(id, (int)json_integer_value(json_object_get(x, "sort")), json_integer_value(json_object_get(x, "user_id")),
                                      json_integer_value(json_object_get(x, "unit_id")), json_string_value(json_object_get(x, "name"))) <= 0;
  }
  json_decref(cands);
  if (bad || people_store_subjects_link(id, box)) return -1;
  /* three leaders score every subject: 95 … 70, falling with the place in the list, each leader a little apart */
  int64_t ld[3];
  int nl = leaders(ld, 3);
  json_t *subs = people_store_subjects(id);
  if (nl < 0 || !subs) { json_decref(subs); return -1; }
  json_array_foreach(subs, i, x) {
    for (int k = 0; k < nl && !bad; k++)
      bad = people_store_leader_score_put(json_integer_value(json_object_get(x, "id")), ld[k], 96 - (int)i * 3 - k * 2, i < 2 ? "工作扎实，成效突出" : "完成年度任务");
  }
  json_decref(subs);
  if (bad) return -1;
  /* the cards decide the grades as proposed (the 优秀 quota holds), then 公示 and final */
  json_t *camp = people_store_campaign_json(NULL, id);
  char err[160] = "";
  json_t *cards = camp ? people_campaign_cards(camp, err, sizeof err) : NULL;
  json_decref(camp);
  if (!cards) return -1;
  json_array_foreach(json_object_get(cards, "items"), i, x) {
    json_t *t = json_object_get(x, "total");
    const char *g = json_string_value(json_object_get(x, "proposed"));
    if (!bad) bad = people_store_subject_decide(json_integer_value(json_object_get(x, "subject_id")), json_number_value(t), json_is_number(t), g ? g : "称职");
  }
  json_t *first = json_array_get(json_object_get(cards, "items"), 2);
  int64_t obj_ref = json_integer_value(json_object_get(first, "subject_id"));
  char obj_name[64];
  snprintf(obj_name, sizeof obj_name, "%s", first ? json_string_value(json_object_get(first, "name")) : "");
  json_decref(cards);
  char from[11], to[11];
  publicity(year, 5, from, to);
  int64_t oid = bad ? -1 : people_store_objection_add("campaign", id, "公示异议", obj_ref, obj_name, "该同志下半年专卖检查任务完成情况是否已计入考核？", 0);
  if (oid <= 0 || people_store_objection_answer(oid, "已核实：督办台账和指标完成情况已由系统计入考核卡，等次维持。", "已答复", 0) ||
      people_store_campaign_set_status(id, "公示中", from, to) || people_store_campaign_set_status(id, "已完成", NULL, NULL))
    return -1;
  return 0;
}

static int selection(int64_t unit, int year) {
  char src[40];
  snprintf(src, sizeof src, "demo:star:%d", year);
  int64_t box = people_store_ballot_by_source(src);
  if (box <= 0) return box < 0 ? -1 : 0;
  char title[80];
  snprintf(title, sizeof title, "%d年度“奋斗之星”评选", year);
  char from[11], to[11];
  publicity(year, 5, from, to);
  people_selection_row v = {.year = year, .places = 7, .grade_year = year, .publicity_days = 5, .title = title, .kind = "奋斗之星", .subject = "person",
                            .unit_id = unit};
  int64_t id = people_store_selection_insert(&v);
  json_t *cands = id > 0 ? people_store_ballot_candidates(box) : NULL;
  char err[160] = "";
  json_t *res = cands ? people_ballot_results(box, err, sizeof err) : NULL;
  if (!res) { json_decref(cands); return -1; }
  /* each candidate nominated by his unit (every third by himself), the top 7 of the tally chosen */
  size_t i, k, n = json_array_size(cands);
  json_t *x, *it;
  int bad = 0, chosen = 0;
  double *score = calloc(n + 1, sizeof *score);
  if (!score) { json_decref(cands); json_decref(res); return -1; }
  json_array_foreach(json_object_get(res, "items"), k, it)
    json_array_foreach(cands, i, x) if (json_integer_value(json_object_get(x, "id")) == json_integer_value(json_object_get(it, "id"))) score[i] = json_number_value(json_object_get(it, "score"));
  json_array_foreach(cands, i, x) {
    if (bad) break;
    int64_t user = json_integer_value(json_object_get(x, "user_id"));
    int64_t nid = people_store_nomination_insert(id, user, json_integer_value(json_object_get(x, "unit_id")), json_string_value(json_object_get(x, "name")),
                                                 i % 3 == 0 ? "self" : "unit", i % 3 == 0 ? user : 0, i % 3 == 0 ? "扎根一线，主动担当" : "所在部门推荐：全年任务完成突出");
    bad = nid <= 0;
    if (bad) break;
    size_t above = 0;
    for (size_t j = 0; j < n; j++) above += score[j] > score[i] || (score[j] == score[i] && j < i);
    if (above < 7) { bad = people_store_nomination_win(id, nid, 1) != 0; chosen++; }
  }
  free(score);
  json_decref(cands);
  json_decref(res);
  if (bad || people_store_nominations_link(id, box)) return -1;
  char on[11], doc[40], htitle[80];
  snprintf(htitle, sizeof htitle, "%d年度奋斗之星", year);
  int t = wd_parse(to) + 3;
  wd_format(t, on);
  snprintf(doc, sizeof doc, "县烟〔%d〕8号", year + 1);
  json_t *noms = people_store_nominations(id);
  if (!noms) return -1;
  json_array_foreach(noms, i, x) {
    if (!bad && json_is_true(json_object_get(x, "winner")))
      bad = people_store_honour_insert(json_integer_value(json_object_get(x, "user_id")), json_integer_value(json_object_get(x, "unit_id")),
                                       json_string_value(json_object_get(x, "name")), htitle, year, id, on, doc) <= 0;
  }
  json_decref(noms);
  if (bad || people_store_selection_set(id, "公示中", box, from, to, NULL, NULL) || people_store_selection_set(id, "已表彰", 0, NULL, NULL, on, doc)) return -1;
  return chosen == 7 ? 0 : -1;
}

int people_demo_campaigns(int64_t unit) {
  int year = 2025; /* the year of the demo's votes (demo.c) */
  people_inputs_register(); /* the cards read the objective inputs as the server does */
  people_inputs_cross_register();
  return appraisal(unit, year) || selection(unit, year) ? -1 : 0;
}
