/* settings.c — the risk matrix and review cadence as JSON (parsed strictly: they come from an administrator's
 * request body) and loaded from the stored settings with defaults. */
#include "risks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int risks_matrix_from_json(const json_t *j, risks_matrix *m, char *why, size_t whylen) {
  memset(m, 0, sizeof *m);
  if (!json_is_object(j)) { snprintf(why, whylen, "风险矩阵应为对象"); return -1; }
  json_t *sz = json_object_get(j, "size"), *cells = json_object_get(j, "cells");
  if (!json_is_integer(sz) || json_integer_value(sz) < RISKS_MATRIX_MIN || json_integer_value(sz) > RISKS_MATRIX_MAX) {
    snprintf(why, whylen, "矩阵阶数应为%d至%d的整数", RISKS_MATRIX_MIN, RISKS_MATRIX_MAX);
    return -1;
  }
  m->size = (int)json_integer_value(sz);
  if (!json_is_array(cells) || json_array_size(cells) != (size_t)m->size) { snprintf(why, whylen, "矩阵应有%d行（可能性）", m->size); return -1; }
  for (int l = 0; l < m->size; l++) {
    json_t *row = json_array_get(cells, (size_t)l);
    if (!json_is_array(row) || json_array_size(row) != (size_t)m->size) { snprintf(why, whylen, "矩阵第%d行应有%d格（影响）", l + 1, m->size); return -1; }
    for (int i = 0; i < m->size; i++) {
      int lv = risks_level_parse(json_string_value(json_array_get(row, (size_t)i)));
      if (lv < 0) { snprintf(why, whylen, "可能性%d、影响%d的等级应为 低、中、高、重大 之一", l + 1, i + 1); return -1; }
      m->cell[l][i] = (unsigned char)lv;
    }
  }
  return risks_matrix_check(m, why, whylen);
}

json_t *risks_matrix_to_json(const risks_matrix *m) {
  json_t *cells = json_array();
  for (int l = 0; l < m->size; l++) {
    json_t *row = json_array();
    for (int i = 0; i < m->size; i++) json_array_append_new(row, json_string(risks_level_name(m->cell[l][i])));
    json_array_append_new(cells, row);
  }
  return json_pack("{s:i,s:o}", "size", m->size, "cells", cells);
}

int risks_cadence_from_json(const json_t *j, risks_cadence *c, char *why, size_t whylen) {
  if (!json_is_object(j) || json_object_size(j) != RL__COUNT) { snprintf(why, whylen, "复核周期应给出 低、中、高、重大 四级的月数"); return -1; }
  for (int lv = 0; lv < RL__COUNT; lv++) {
    json_t *v = json_object_get(j, risks_level_name(lv));
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 36) {
      snprintf(why, whylen, "%s风险的复核周期应为1至36个月", risks_level_name(lv));
      return -1;
    }
    c->months[lv] = (int)json_integer_value(v);
  }
  return 0;
}

json_t *risks_cadence_to_json(const risks_cadence *c) {
  json_t *o = json_object();
  for (int lv = 0; lv < RL__COUNT; lv++) json_object_set_new(o, risks_level_name(lv), json_integer(c->months[lv]));
  return o;
}

static int load_one(const char *key, int (*parse)(const json_t *, void *, char *, size_t), void *out) {
  int err = 0;
  char *v = risks_store_setting_get(key, &err);
  if (err) return -1;
  if (!v) return 0;
  json_t *j = json_loads(v, 0, NULL);
  free(v);
  char why[160];
  int rc = j ? parse(j, out, why, sizeof why) : -1;
  json_decref(j);
  return rc ? -1 : 1;
}
static int p_matrix(const json_t *j, void *out, char *why, size_t n) { return risks_matrix_from_json(j, out, why, n); }
static int p_cadence(const json_t *j, void *out, char *why, size_t n) { return risks_cadence_from_json(j, out, why, n); }

int risks_config_load(risks_config *cfg) {
  risks_matrix_default(&cfg->matrix);
  risks_cadence_default(&cfg->cadence);
  risks_matrix m;
  risks_cadence c;
  int a = load_one("matrix", p_matrix, &m), b = load_one("cadence", p_cadence, &c);
  if (a < 0 || b < 0) return -1;
  if (a) cfg->matrix = m;
  if (b) cfg->cadence = c;
  return 0;
}
