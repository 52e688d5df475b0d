/* templates.c — the template editor's API: published versions (immutable, kept forever), one draft that admins edit,
 * and publishing the draft as the next version. */
#include "shops/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void h_list(req *r) {
  json_t *items = shops_store_template_list();
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)json_array_size(items), "current_id", (json_int_t)shops_current_template()));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? shops_store_template_get(id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "模板不存在"); return; }
  http_json(r, 200, o);
}

/* The draft; when there is none, the current version's body to start from (not saved until PUT). */
static void h_draft(req *r) {
  json_t *o = shops_store_template_draft();
  if (!o) {
    o = shops_store_template_get(shops_current_template());
    if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "模板不存在"); return; }
    json_object_set_new(o, "id", json_null());
    json_object_set_new(o, "version", json_null());
    json_object_set_new(o, "status", json_string("draft"));
    json_object_set_new(o, "saved", json_false());
  } else json_object_set_new(o, "saved", json_true());
  http_json(r, 200, o);
}

/* body → canonical text, or answers 400 with the parser's message */
static char *check_body(req *r, json_t *body, char **name) {
  if (!json_is_object(body)) { http_error(r, ERR_INVALID, "body", "模板应为对象"); return NULL; }
  char *txt = json_dumps(body, JSON_COMPACT);
  char err[300] = "";
  shops_tpl *t = txt ? shops_tpl_parse(txt, strlen(txt), err, sizeof err) : NULL;
  free(txt);
  if (!t) { http_error(r, ERR_INVALID, "body", "%s", err[0] ? err : "模板不合法"); return NULL; }
  json_t *c = shops_tpl_json(t);
  char *out = json_dumps(c, JSON_COMPACT);
  json_decref(c);
  *name = req_strdup(r, t->name);
  shops_tpl_free(t);
  return req_own(r, out);
}

static void h_save(req *r) {
  static const char *const allowed[] = {"body", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  char *name;
  char *txt = check_body(r, json_object_get(o, "body"), &name);
  if (!txt) return;
  char at[20];
  org_now(at);
  if (shops_tx_begin(r)) return;
  if (shops_store_template_save_draft(name, txt, org_caller(r)->id, at)) { shops_tx_fail(r); return; }
  if (org_audit(r, "shops.template.save", "shop_template", 0, "保存检测模板草稿", NULL, NULL)) { shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) return;
  json_t *d = shops_store_template_draft();
  http_json(r, 200, d ? d : json_object());
}

/* Checks a template without saving it: the editor's 校验 button. 400 names the place of the first problem. */
static void h_validate(req *r) {
  static const char *const allowed[] = {"body", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  char *name;
  char *txt = check_body(r, json_object_get(o, "body"), &name);
  if (!txt) return;
  shops_tpl *t = shops_tpl_parse(txt, strlen(txt), NULL, 0);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t items = 0, questions = 0;
  for (size_t d = 0; d < t->ndims; d++)
    for (size_t i = 0; i < t->dims[d].nitems; i++) { items++; questions += shops_item_is_question(&t->dims[d].items[i]) != 0; }
  json_t *out = json_pack("{s:b,s:I,s:I,s:I,s:o}", "ok", 1, "dimensions", (json_int_t)t->ndims, "items", (json_int_t)items,
                          "questions", (json_int_t)questions, "body", json_loads(txt, 0, NULL));
  shops_tpl_free(t);
  http_json(r, 200, out);
}

static void h_publish(req *r) {
  char at[20];
  org_now(at);
  if (shops_tx_begin(r)) return;
  json_t *d = shops_store_template_draft();
  if (!d) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "没有草稿可发布，请先保存草稿"); return; }
  int64_t id = json_integer_value(json_object_get(d, "id"));
  char *name;
  char *txt = check_body(r, json_object_get(d, "body"), &name);
  json_decref(d);
  if (!txt) { db_rollback(); return; }
  if (shops_store_template_publish(id, name, txt, at)) { shops_tx_fail(r); return; }
  json_t *after = shops_store_template_get(id);
  if (!after || org_audit(r, "shops.template.publish", "shop_template", id, "发布检测模板新版本", NULL, json_object_get(after, "version"))) { json_decref(after); shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_discard(req *r) {
  if (shops_tx_begin(r)) return;
  if (shops_store_template_discard() || org_audit(r, "shops.template.discard", "shop_template", 0, "放弃检测模板草稿", NULL, NULL)) { shops_tx_fail(r); return; }
  if (shops_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/shops/templates", "shops:assess:list", h_list, 0},
  {HTTP_GET, "/api/v1/shops/templates/draft", "shops:template:edit", h_draft, 0},
  {HTTP_PUT, "/api/v1/shops/templates/draft", "shops:template:edit", h_save, 0},
  {HTTP_DELETE, "/api/v1/shops/templates/draft", "shops:template:edit", h_discard, 0},
  {HTTP_POST, "/api/v1/shops/templates/draft/publish", "shops:template:edit", h_publish, 0},
  {HTTP_POST, "/api/v1/shops/templates/validate", "shops:template:edit", h_validate, 0},
  {HTTP_GET, "/api/v1/shops/templates/:id", "shops:assess:list", h_get, 0},
};
void shops_template_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
