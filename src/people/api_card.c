/* api_card.c — the 年度考核 card's objective part: every registered input for a person or a unit and a year, each with
 * its figure, score, source and the link to the records behind it, and the weighted total. */
#include "people/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int year_of(req *r, int *year) {
  const char *y = http_query(r, "year");
  char today[11];
  util_today(today);
  *year = atoi(today) - 1; /* appraisal looks back on last year by default */
  if (y && *y) {
    char *end;
    long v = strtol(y, &end, 10);
    if (*end || v < 2000 || v > 2100) { http_error(r, ERR_BAD_QUERY, "year", "年度 year 应为 2000 到 2100 的整数"); return -1; }
    *year = (int)v;
  }
  return 0;
}

/* The card of a subject: inputs that apply to it, filled. NULL on a database error. */
json_t *people_card_json(int year, int64_t user, int64_t unit) {
  size_t n;
  const people_input *const *in = people_inputs(&n);
  int subj = user ? PEOPLE_SUBJ_PERSON : PEOPLE_SUBJ_UNIT;
  json_t *items = json_array();
  int *w = calloc(n + 1, sizeof *w), *has = calloc(n + 1, sizeof *has);
  double *sc = calloc(n + 1, sizeof *sc);
  size_t k = 0;
  int bad = !items || !w || !has || !sc;
  for (size_t i = 0; i < n && !bad; i++) {
    if (!(in[i]->subjects & subj)) continue;
    people_input_value v = {0};
    int rc = in[i]->fill(year, user, unit, &v);
    if (rc < 0) { bad = 1; break; }
    w[k] = in[i]->weight;
    has[k] = rc == 0;
    sc[k] = v.score;
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:i,s:b,s:o,s:o,s:s,s:s}", "key", in[i]->key, "label", in[i]->label, "uom",
                                           in[i]->uom ? in[i]->uom : "", "source", in[i]->source ? in[i]->source : "", "weight", in[i]->weight,
                                           "has", rc == 0, "value", rc == 0 ? json_real(v.value) : json_null(), "score",
                                           rc == 0 ? json_real(v.score) : json_null(), "text", rc == 0 ? v.text : "本年度无数据", "link", v.link));
    k++;
  }
  double total = bad ? -1 : people_card_total(w, sc, has, k);
  free(w);
  free(has);
  free(sc);
  if (bad) { json_decref(items); return NULL; }
  return json_pack("{s:i,s:o,s:o}", "year", year, "inputs", items, "total", total >= 0 ? json_real(total) : json_null());
}

static void h_person(req *r) {
  int64_t id = http_param_id(r, 0), unit;
  int year;
  char name[64];
  if (year_of(r, &year)) return;
  int in = id ? people_store_person_in_scope(r, id) : 0;
  if (in < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!in || people_store_person(id, &unit, name, sizeof name)) { http_error(r, ERR_NOT_FOUND, NULL, "人员不存在"); return; }
  json_t *card = people_card_json(year, id, unit);
  if (!card) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(card, "subject", json_pack("{s:s,s:I,s:s,s:I}", "kind", "person", "id", (json_int_t)id, "name", name, "unit_id", (json_int_t)unit));
  http_json(r, 200, card);
}

static void h_unit(req *r) {
  int64_t id = http_param_id(r, 0);
  int year;
  if (year_of(r, &year)) return;
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return;
  if (!id || !org_unit_exists(id) || (!sc->all && !org_scope_has_unit(sc, id))) { http_error(r, ERR_NOT_FOUND, NULL, "单位不存在"); return; }
  json_t *card = people_card_json(year, 0, id);
  if (!card) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_object_set_new(card, "subject", json_pack("{s:s,s:I}", "kind", "unit", "id", (json_int_t)id));
  http_json(r, 200, card);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/people/persons/:id/card", "people:card:view", h_person, 0},
  {HTTP_GET, "/api/v1/people/units/:id/card", "people:card:view", h_unit, 0},
};
void people_card_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
