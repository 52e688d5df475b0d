/* score.c — the pure scoring engine: answers + monthly data + template → item scores, dimension scores, total, level,
 * advice. Missing answers and data are never scored as zero: those items drop out, the weights of the rest are
 * renormalised, and the share of weight that was scored (coverage) decides whether a total and a level are given. */
#include "shops/shops.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shops_month_index(const char *ym) { return util_month_index(ym); }
void shops_month_str(int idx, char out[8]) { util_month_str(idx, out); }

int shops_item_is_question(const shops_item *it) { return it->kind != SI_METRIC; }
int shops_number_in_range(const shops_item *it, double v) { return isfinite(v) && v >= it->vmin && v <= it->vmax; }

static double band_score(const shops_item *it, double v) {
  double s = 0;
  for (size_t i = 0; i < it->nbands; i++)
    if (v >= it->bands[i].min) s = it->bands[i].score;
  return s;
}

static const shops_option *option(const shops_item *it, const char *v) {
  for (size_t i = 0; i < it->nopts; i++)
    if (!strcmp(it->opts[i].value, v)) return &it->opts[i];
  return NULL;
}

static void score_question(const shops_item *it, json_t *a, shops_item_result *r) {
  if (!a || json_is_null(a)) { r->missing = "未作答"; return; }
  switch (it->kind) {
  case SI_YESNO:
    if (!json_is_boolean(a)) { r->missing = "答案不是“是/否”"; return; }
    r->score = json_is_true(a) ? it->yes : it->no;
    break;
  case SI_SINGLE: {
    const shops_option *o = json_is_string(a) ? option(it, json_string_value(a)) : NULL;
    if (!o) { r->missing = "答案不是本题的选项"; return; }
    r->score = o->score;
    break;
  }
  case SI_MULTI: {
    if (!json_is_array(a)) { r->missing = "答案不是选项列表"; return; }
    double s = 0;
    size_t i;
    json_t *v;
    /* Each option counts once however often it is sent. */
    unsigned char seen[30] = {0};
    json_array_foreach(a, i, v) {
      const shops_option *o = json_is_string(v) ? option(it, json_string_value(v)) : NULL;
      if (!o) { r->missing = "答案含有本题没有的选项"; return; }
      size_t k = (size_t)(o - it->opts);
      if (!seen[k]) s += o->score;
      seen[k] = 1;
    }
    r->score = s > 100 ? 100 : s;
    break;
  }
  case SI_NUMBER:
    if (!json_is_number(a) || !isfinite(json_number_value(a))) { r->missing = "答案不是数字"; return; }
    if (!shops_number_in_range(it, json_number_value(a))) { r->missing = "答案超出允许范围"; return; }
    r->has_value = 1;
    r->value = json_number_value(a);
    r->score = band_score(it, r->value);
    break;
  default: return;
  }
  r->scored = 1;
}

static int find_value(const shops_data *d, const char *month, const char *metric, double *v) {
  for (size_t i = 0; i < d->n; i++)
    if (d->v[i].metric && !strcmp(d->v[i].month, month) && !strcmp(d->v[i].metric, metric)) { *v = d->v[i].value; return 1; }
  return 0;
}

static void score_metric(const shops_item *it, const shops_data *d, int last, shops_item_result *r) {
  double num = 0, den = 0;
  int used = 0;
  for (int m = last - it->months + 1; m <= last; m++) {
    char ym[8];
    shops_month_str(m, ym);
    double a, b = 0;
    if (!d || !find_value(d, ym, it->num, &a)) continue;
    if (it->den && !find_value(d, ym, it->den, &b)) continue;
    num += a;
    den += b;
    used++;
  }
  r->months_used = used;
  if (!used) { r->missing = "近期无经营数据"; return; }
  if (it->den) {
    if (den <= 0) { r->missing = "分母为0，无法计算"; return; }
    r->value = num / den * it->scale;
  } else {
    r->value = num / used * it->scale;
  }
  r->value = round(r->value * 100) / 100; /* shown with two decimals; scored on what is shown */
  r->has_value = 1;
  r->score = band_score(it, r->value);
  r->scored = 1;
}

int shops_score(const shops_tpl *t, json_t *answers, const shops_data *d, const char *month, shops_result *out) {
  memset(out, 0, sizeof *out);
  int last = shops_month_index(month);
  if (last < 0) return -1;
  for (size_t k = 0; k < t->ndims; k++) out->nitems += t->dims[k].nitems;
  out->items = calloc(out->nitems ? out->nitems : 1, sizeof *out->items);
  out->dims = calloc(t->ndims ? t->ndims : 1, sizeof *out->dims);
  if (!out->items || !out->dims) { shops_result_free(out); return -1; }
  size_t n = 0;
  double tw = 0, tscored = 0, tsum = 0;
  for (size_t k = 0; k < t->ndims; k++) {
    const shops_dim *dm = &t->dims[k];
    double w = 0, ws = 0, sum = 0;
    for (size_t i = 0; i < dm->nitems; i++, n++) {
      const shops_item *it = &dm->items[i];
      shops_item_result *r = &out->items[n];
      r->dim = k;
      if (it->kind == SI_METRIC) score_metric(it, d, last, r);
      else score_question(it, json_is_object(answers) ? json_object_get(answers, it->code) : NULL, r);
      w += it->weight;
      if (r->scored) {
        ws += it->weight;
        sum += it->weight * r->score;
        r->low = r->score < t->advice_below;
      } else out->nmissing++;
    }
    shops_dim_result *dr = &out->dims[k];
    dr->coverage = w > 0 ? ws / w : 0;
    if (ws > 0) { dr->scored = 1; dr->score = sum / ws; }
    tw += dm->weight;
    /* A dimension weighs in the total by its weight times the share of it that was scored. */
    tscored += dm->weight * dr->coverage;
    if (dr->scored) tsum += dm->weight * dr->coverage * dr->score;
  }
  out->coverage = tw > 0 ? tscored / tw : 0;
  if (tscored > 0) {
    out->has_total = 1;
    out->total = round(tsum / tscored * 10) / 10;
  }
  if (out->has_total && out->coverage + 1e-9 >= t->min_coverage) {
    for (size_t l = 0; l < t->nlevels; l++)
      if (out->total >= t->levels[l].min) out->level = t->levels[l].name;
  }
  return 0;
}

void shops_result_free(shops_result *r) {
  if (!r) return;
  free(r->items);
  free(r->dims);
  memset(r, 0, sizeof *r);
}

static json_t *num1(double x) { return json_real(round(x * 10) / 10); }

json_t *shops_result_json(const shops_tpl *t, const shops_result *r) {
  json_t *dims = json_array(), *items = json_array(), *missing = json_array(), *weak = json_array();
  for (size_t k = 0; k < t->ndims; k++)
    json_array_append_new(dims, json_pack("{s:s,s:s,s:o,s:o}", "code", t->dims[k].code, "name", t->dims[k].name,
                                          "score", r->dims[k].scored ? num1(r->dims[k].score) : json_null(), "coverage", num1(r->dims[k].coverage * 100)));
  size_t n = 0;
  /* Up to three weakest scored items: lowest score first, then the heavier item (it costs the shop more). */
  size_t order[3];
  size_t nweak = 0;
  for (size_t k = 0; k < t->ndims; k++)
    for (size_t i = 0; i < t->dims[k].nitems; i++, n++) {
      const shops_item *it = &t->dims[k].items[i];
      const shops_item_result *ir = &r->items[n];
      json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s?,s:b}", "code", it->code, "name", it->name, "dim", t->dims[k].code, "kind", shops_kind_code(it->kind),
                            "score", ir->scored ? num1(ir->score) : json_null(), "value", ir->has_value ? json_real(ir->value) : json_null(),
                            "missing", ir->missing, "low", ir->low);
      if (it->kind == SI_METRIC) json_object_set_new(o, "months_used", json_integer(ir->months_used));
      if (ir->low && it->advice && *it->advice) json_object_set_new(o, "advice", json_string(it->advice));
      json_array_append_new(items, o);
      if (!ir->scored) json_array_append_new(missing, json_pack("{s:s,s:s,s:s}", "code", it->code, "name", it->name, "reason", ir->missing));
      if (!ir->scored || !ir->low) continue;
      /* insertion into the three weakest */
      size_t pos = nweak;
      while (pos > 0) {
        const shops_item_result *o2 = &r->items[order[pos - 1]];
        double w2 = 0, w1 = it->weight;
        size_t m = 0;
        for (size_t kk = 0; kk < t->ndims; kk++)
          for (size_t ii = 0; ii < t->dims[kk].nitems; ii++, m++)
            if (m == order[pos - 1]) w2 = t->dims[kk].items[ii].weight;
        if (ir->score < o2->score || (ir->score == o2->score && w1 > w2)) pos--;
        else break;
      }
      if (pos >= 3) continue;
      if (nweak < 3) nweak++;
      for (size_t q = nweak - 1; q > pos; q--) order[q] = order[q - 1];
      order[pos] = n;
    }
  for (size_t q = 0; q < nweak; q++) json_array_append(weak, json_array_get(items, order[q]));
  return json_pack("{s:o,s:s?,s:o,s:b,s:o,s:o,s:o,s:o}", "total", r->has_total ? num1(r->total) : json_null(), "level", r->level,
                   "coverage", num1(r->coverage * 100), "complete", r->nmissing == 0, "dims", dims, "items", items, "missing", missing, "weakest", weak);
}
