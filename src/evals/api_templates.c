/* api_templates.c — the evaluation template editor's API: published versions (immutable), one draft, publishing. */
#include "evals/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void h_list(req *r) {
  json_t *items = evals_store_templates();
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)json_array_size(items), "current_id", (json_int_t)evals_tpl_current()));
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *o = id ? evals_store_tpl_json(id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价表不存在"); return; }
  http_json(r, 200, o);
}

/* The draft, or the current version's body to start one from (not saved until PUT). */
static void h_draft(req *r) {
  json_t *o = evals_store_tpl_draft();
  if (!o) {
    o = evals_store_tpl_json(evals_tpl_current());
    if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "评价表不存在"); return; }
    json_object_set_new(o, "id", json_null());
    json_object_set_new(o, "version", json_null());
    json_object_set_new(o, "status", json_string("draft"));
    json_object_set_new(o, "saved", json_false());
  } else {
    json_object_set_new(o, "saved", json_true());
  }
  http_json(r, 200, o);
}

static void h_save(req *r) {
  static const char *const allowed[] = {"body", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  json_t *body = json_object_get(o, "body");
  if (!json_is_object(body)) { http_error(r, ERR_INVALID, "body", "评价表应为对象"); return; }
  char *txt = req_own(r, json_dumps(body, JSON_COMPACT));
  char err[300] = "";
  evals_tpl *t = txt ? evals_tpl_parse(txt, strlen(txt), err, sizeof err) : NULL;
  if (!t) { http_error(r, ERR_INVALID, "body", "%s", err[0] ? err : "评价表不合法"); return; }
  json_t *c = evals_tpl_json(t);
  char *canon = req_own(r, json_dumps(c, JSON_COMPACT));
  json_decref(c);
  char *name = req_strdup(r, t->name);
  evals_tpl_free(t);
  if (!canon) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (evals_tx_begin(r)) return;
  int64_t id = evals_store_tpl_save_draft(name, canon, org_caller(r)->id);
  json_t *after = id ? evals_store_tpl_json(id) : NULL;
  if (!after || org_audit(r, "evals.template.save", "eval_template", id, "保存评价表草稿", NULL, after)) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static void h_publish(req *r) {
  json_t *d = evals_store_tpl_draft();
  if (!d) { http_error(r, ERR_BAD_STATE, NULL, "没有草稿可发布"); return; }
  int64_t id = json_integer_value(json_object_get(d, "id"));
  json_decref(d);
  char at[20];
  evals_now(at);
  int version = 0;
  if (evals_tx_begin(r)) return;
  json_t *after = NULL;
  char sum[80];
  int bad = evals_store_tpl_publish(id, at, &version) || !(after = evals_store_tpl_json(id));
  snprintf(sum, sizeof sum, "发布评价表第 %d 版", version);
  bad = bad || org_audit(r, "evals.template.publish", "eval_template", id, sum, NULL, after);
  if (bad) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/evals/templates", "evals:eval:list", h_list, 0},
  {HTTP_GET, "/api/v1/evals/templates/draft", "evals:template:edit", h_draft, 0},
  {HTTP_PUT, "/api/v1/evals/templates/draft", "evals:template:edit", h_save, 0},
  {HTTP_POST, "/api/v1/evals/templates/draft/publish", "evals:template:edit", h_publish, 0},
  {HTTP_GET, "/api/v1/evals/templates/:id", "evals:eval:list", h_get, 0},
};
void evals_templates_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
