/* campaign_cards.c — the cards of a 年度考核 campaign: per subject the 民主测评 score from the linked ballot box, the
 * mean of the leaders' scores, the registered inputs weighted by the campaign's input weights, the total under the
 * campaign's part weights, and the grade proposed under the 优秀 quota. Every part says where it came from. */
#include "people/internal.h"
#include "people/campaign.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Re-weights a card's inputs with the campaign's weights (a key missing keeps its default) and returns the total, -1 none. */
static double reweight(json_t *card, json_t *weights) {
  json_t *items = json_object_get(card, "inputs");
  size_t n = json_array_size(items), i;
  int *w = calloc(n + 1, sizeof *w), *has = calloc(n + 1, sizeof *has);
  double *sc = calloc(n + 1, sizeof *sc), total = -1;
  json_t *it;
  if (w && has && sc) {
    json_array_foreach(items, i, it) {
      json_t *o = json_object_get(weights, json_string_value(json_object_get(it, "key")));
      if (json_is_integer(o)) json_object_set_new(it, "weight", json_integer(json_integer_value(o)));
      w[i] = (int)json_integer_value(json_object_get(it, "weight"));
      has[i] = json_is_true(json_object_get(it, "has"));
      sc[i] = json_number_value(json_object_get(it, "score"));
    }
    total = people_card_total(w, sc, has, n);
  }
  free(w);
  free(has);
  free(sc);
  json_object_set_new(card, "total", total >= 0 ? json_real(total) : json_null());
  return total;
}

json_t *people_campaign_cards(json_t *c, char *err, size_t errlen) {
  int64_t id = json_integer_value(json_object_get(c, "id")), ballot = json_integer_value(json_object_get(c, "ballot_id"));
  int year = (int)json_integer_value(json_object_get(c, "year"));
  int w[PEOPLE_PARTS] = {(int)json_integer_value(json_object_get(c, "w_ballot")), (int)json_integer_value(json_object_get(c, "w_leader")),
                         (int)json_integer_value(json_object_get(c, "w_inputs"))};
  json_t *grades = json_object_get(c, "grades"), *iw = json_object_get(c, "input_weights");
  const char *bst = json_string_value(json_object_get(c, "ballot_status"));
  json_t *subjects = people_store_subjects(id), *results = NULL;
  if (!subjects) { snprintf(err, errlen, "读取考核对象失败"); return NULL; }
  if (ballot && bst && !strcmp(bst, "已结束")) {
    results = people_ballot_results(ballot, err, errlen);
    if (!results) { json_decref(subjects); return NULL; }
  }
  size_t n = json_array_size(subjects), i;
  double *totals = calloc(n + 1, sizeof *totals);
  int *has = calloc(n + 1, sizeof *has), *prop = calloc(n + 1, sizeof *prop);
  json_t *items = json_array(), *s;
  int bad = !totals || !has || !prop || !items;
  json_array_foreach(subjects, i, s) {
    if (bad) break;
    int64_t user = json_integer_value(json_object_get(s, "user_id")), unit = json_integer_value(json_object_get(s, "unit_id"));
    int64_t cand = json_integer_value(json_object_get(s, "candidate_id"));
    double sc[PEOPLE_PARTS] = {0};
    int hp[PEOPLE_PARTS] = {0};
    /* 民主测评: the tally's score of this candidate */
    json_t *bp = json_pack("{s:b,s:s,s:s}", "has", 0, "source", "民主测评", "link", ballot ? "" : "");
    if (ballot) json_object_set_new(bp, "link", json_sprintf("/people/votes?id=%lld", (long long)ballot));
    json_object_set_new(bp, "ballot_status", json_string(bst ? bst : ""));
    json_t *ri;
    size_t k;
    json_array_foreach(json_object_get(results, "items"), k, ri) {
      if (json_integer_value(json_object_get(ri, "id")) != cand) continue;
      hp[PEOPLE_PART_BALLOT] = json_integer_value(json_object_get(ri, "votes")) > 0;
      sc[PEOPLE_PART_BALLOT] = json_number_value(json_object_get(ri, "score"));
      json_object_set_new(bp, "has", json_boolean(hp[PEOPLE_PART_BALLOT]));
      json_object_set_new(bp, "score", json_real(sc[PEOPLE_PART_BALLOT]));
      json_object_set(bp, "votes", json_object_get(ri, "votes"));
      json_object_set(bp, "plurality", json_object_get(ri, "plurality"));
      json_object_set(bp, "shares", json_object_get(ri, "shares"));
    }
    /* leaders: the mean of their scores */
    json_t *ls = json_object_get(s, "leader_scores");
    size_t nl = json_array_size(ls);
    double sum = 0;
    json_array_foreach(ls, k, ri) sum += (double)json_integer_value(json_object_get(ri, "score"));
    hp[PEOPLE_PART_LEADER] = nl > 0;
    sc[PEOPLE_PART_LEADER] = nl ? sum / (double)nl : 0;
    json_t *lp = json_pack("{s:b,s:o,s:I,s:s,s:O}", "has", nl > 0, "score", nl ? json_real(sc[PEOPLE_PART_LEADER]) : json_null(), "count", (json_int_t)nl,
                           "source", "领导评价", "scores", ls);
    /* the registered inputs, weighted by the campaign */
    json_t *card = people_card_json(year, user, unit);
    if (!card) { bad = 1; json_decref(bp); json_decref(lp); snprintf(err, errlen, "读取客观指标失败"); break; }
    double it = reweight(card, iw);
    hp[PEOPLE_PART_INPUTS] = it >= 0;
    sc[PEOPLE_PART_INPUTS] = it >= 0 ? it : 0;
    json_object_set_new(card, "has", json_boolean(it >= 0));
    json_object_set_new(card, "score", it >= 0 ? json_real(it) : json_null());
    json_object_set_new(card, "source", json_string("各模块登记的客观指标"));
    double total = people_campaign_total(w, sc, hp);
    has[i] = total >= 0;
    totals[i] = total;
    json_t *row = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:{s:o,s:o,s:o},s:o}", "subject_id", json_object_get(s, "id"), "user_id",
                            json_object_get(s, "user_id"), "unit_id", json_object_get(s, "unit_id"), "unit_name", json_object_get(s, "unit_name"),
                            "name", json_object_get(s, "name"), "grade", json_object_get(s, "grade"), "reports", json_object_get(s, "reports"), "parts",
                            "ballot", bp, "leader", lp, "inputs", card, "total", total >= 0 ? json_real(total) : json_null());
    if (!row) { bad = 1; break; }
    json_object_set(row, "decided_total", json_object_get(s, "total"));
    json_array_append_new(items, row);
  }
  if (!bad) {
    int ng = (int)json_array_size(grades);
    people_grades_propose(totals, has, n, ng, (int)json_integer_value(json_object_get(c, "quota_permille")), prop);
    json_t *row;
    json_array_foreach(items, i, row) json_object_set_new(row, "proposed", prop[i] >= 0 ? json_incref(json_array_get(grades, (size_t)prop[i])) : json_null());
  }
  free(totals);
  free(has);
  free(prop);
  json_decref(subjects);
  json_decref(results);
  if (bad) { json_decref(items); if (!*err) snprintf(err, errlen, "计算考核卡失败"); return NULL; }
  return json_pack("{s:o,s:i,s:O,s:{s:i,s:i,s:i}}", "items", items, "quota",
                   people_quota_of((int)json_integer_value(json_object_get(c, "quota_permille")), (int)n), "grades", grades, "weights", "ballot", w[0],
                   "leader", w[1], "inputs", w[2]);
}
