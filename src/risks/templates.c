/* templates.c — 安全生产 check templates over HTTP: the current version of each place's template (or one version of
 * one place, with the list of its versions), and the safety officer's edit of a place's items, which publishes a new
 * version (risks:safety:template). A check keeps the version it was opened with (safety.c asks this file for it). */
#include "risks/internal.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STANDARD "YC/T 384 烟草行业企业安全生产标准化规范"

risks_check_item *risks_template_items(const json_t *tpl, size_t *n) {
  const json_t *items = json_object_get(tpl, "items");
  size_t k = json_array_size(items);
  *n = 0;
  risks_check_item *t = k ? calloc(k, sizeof *t) : NULL;
  if (!t) return NULL;
  for (size_t i = 0; i < k; i++) {
    const json_t *o = json_array_get(items, i);
    t[i].code = json_string_value(json_object_get(o, "code"));
    t[i].element = json_string_value(json_object_get(o, "element"));
    t[i].text = json_string_value(json_object_get(o, "text"));
    t[i].photo = risks_template_photo_parse(json_string_value(json_object_get(o, "photo")));
    if (!t[i].code || !t[i].element || !t[i].text || t[i].photo < 0) { free(t); return NULL; }
  }
  *n = k;
  return t;
}

json_t *risks_template_load(req *r, const char *place, int version) {
  int err = 0;
  json_t *t = place ? risks_store_template(place, version, &err) : NULL;
  if (!t) {
    if (err) http_error(r, ERR_INTERNAL, NULL, NULL);
    else http_error(r, ERR_NOT_FOUND, NULL, "“%s”检查表没有第 %d 版", place ? place : "", version);
  }
  return t;
}

static int q_place(req *r, const char **place) {
  *place = http_query(r, "place");
  if (*place && !**place) *place = NULL;
  if (*place && !risks_template_prefix(*place)) {
    http_error(r, ERR_BAD_QUERY, "place", "检查场所应为 仓库、车辆、办公楼、营业网点 之一");
    return -1;
  }
  return 0;
}

/* GET templates: every place's current version; ?place= that place's current version and its versions; ?place=&version=
 * that version. */
static void h_templates(req *r) {
  const char *place, *v = http_query(r, "version");
  if (q_place(r, &place)) return;
  int version = 0;
  if (v && *v) {
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 1 || n > 1000000) { http_error(r, ERR_BAD_QUERY, "version", "版本号应为正整数"); return; }
    if (!place) { http_error(r, ERR_BAD_QUERY, "place", "查询某一版本时须指明检查场所"); return; }
    version = (int)n;
  }
  json_t *a = json_array();
  for (size_t i = 0; risks_check_places[i]; i++) {
    if (place && strcmp(place, risks_check_places[i])) continue;
    json_t *t = risks_template_load(r, risks_check_places[i], version);
    if (!t) { json_decref(a); return; }
    json_array_append_new(a, t);
  }
  json_t *out = json_pack("{s:o,s:s}", "items", a, "standard", STANDARD);
  if (place) {
    json_t *vs = risks_store_template_versions(place);
    if (!vs) { json_decref(out); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_object_set_new(out, "versions", vs);
  }
  http_json(r, 200, out);
}

/* PUT templates/:place {"items":[{code?, element?, text, photo}]}: the new list publishes version current + 1. */
static void h_template_put(req *r) {
  static const char *const allowed[] = {"items", NULL};
  const char *place = http_param(r, 0);
  const char *pre = risks_template_prefix(place);
  if (!pre) { http_error(r, ERR_NOT_FOUND, NULL, "检查场所应为 仓库、车辆、办公楼、营业网点 之一"); return; }
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  if (!json_object_get(o, "items")) { http_error(r, ERR_MISSING, "items", "缺少检查项"); return; }
  char at[20], why[300], field[40], sum[200];
  util_now_text(at);
  risks_template_edit *e = calloc(1, sizeof *e);
  if (!e) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (risks_tx_begin(r)) { free(e); return; }
  json_t *before = risks_template_load(r, place, 0), *after = NULL;
  if (!before) { db_rollback(), free(e); return; }
  size_t ncur = 0;
  risks_check_item *cur = risks_template_items(before, &ncur);
  int used = risks_store_template_used(place, pre);
  if (!cur || used < 0) { json_decref(before), free(cur), free(e); risks_tx_fail(r); return; }
  if (risks_template_parse(place, json_object_get(o, "items"), cur, ncur, used, e, why, sizeof why, field, sizeof field)) {
    db_rollback(), json_decref(before), free(cur), free(e);
    http_error(r, ERR_INVALID, field, "%s", why);
    return;
  }
  int version = (int)json_integer_value(json_object_get(before, "version")) + 1;
  int64_t id = risks_store_template_insert(place, version, e, org_caller(r)->id, at);
  int err = 0;
  snprintf(sum, sizeof sum, "发布“%s”安全检查表第 %d 版：%zu 项（原 %zu 项）", place, version, e->n, ncur);
  free(cur), free(e);
  if (!id || !(after = risks_store_template(place, version, &err)) ||
      org_audit(r, "risks.safety_template.update", "risk_check_template", id, sum, before, after)) {
    json_decref(before), json_decref(after);
    risks_tx_fail(r);
    return;
  }
  json_decref(before);
  if (risks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/risks/safety/templates", "risks:safety:list", h_templates, 0},
  {HTTP_PUT, "/api/v1/risks/safety/templates/:place", "risks:safety:template", h_template_put, 0},
};

void risks_templates_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
