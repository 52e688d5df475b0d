/* api.c — the report module's handlers and wiring: facts of a year and scope, the template, drafts (generate, read
 * with 已变化 figures, edit, regenerate a section, versions), the Word file, and next year's plan into 督办. */
#include "report/internal.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scope of a review ---- */
/* The unit a review covers: ?unit= / "unit_id" (0 or absent: the whole bureau for a caller who sees every unit, else
 * the caller's own unit). 1 ok with *unit set, 0 answered (403 outside the caller's scope, 404 no such unit). */
static int review_unit(req *r, int64_t asked, int64_t *unit) {
  const org_scope *sc = org_caller_scope(r);
  if (!sc) return 0;
  if (!asked) {
    *unit = sc->all ? 0 : org_caller(r)->unit_id;
    return 1;
  }
  if (!org_unit_exists(asked)) { http_error(r, ERR_NOT_FOUND, "unit", "单位不存在"); return 0; }
  if (!sc->all && !org_scope_has_unit(sc, asked)) { http_error(r, ERR_FORBIDDEN, "unit", "该单位不在您的数据范围内"); return 0; }
  *unit = asked;
  return 1;
}

static int q_int(req *r, const char *key, const char *label, int64_t min, int64_t max, int required, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) {
    if (required) { http_error(r, ERR_BAD_QUERY, key, "缺少%s", label); return -1; }
    return 0;
  }
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n < min || n > max) { http_error(r, ERR_BAD_QUERY, key, "%s不合法", label); return -1; }
  *out = n;
  return 0;
}

static json_t *fact_json(const report_fact *f, int year) {
  const report_fact_def *d = report_fact_def_find(f->key);
  json_t *figs = json_array();
  for (size_t i = 0; i < f->nfig; i++) {
    char t[96];
    report_fig_text(&f->figs[i], t, sizeof t);
    json_t *g = json_pack("{s:s,s:s,s:s,s:b}", "name", f->figs[i].name, "kind", report_fig_kind_code(f->figs[i].kind), "text", t, "ok", f->figs[i].ok);
    if (f->figs[i].ok) json_object_set_new(g, "v", json_real(f->figs[i].v));
    if (f->figs[i].has_base) json_object_set_new(g, "base", json_real(f->figs[i].base));
    json_array_append_new(figs, g);
  }
  json_t *runs = report_sentence(f, year);
  char *sent = NULL;
  size_t n = 0;
  if (runs) {
    size_t i;
    json_t *r;
    json_array_foreach(runs, i, r) n += strlen(json_string_value(json_object_get(r, "t")));
    sent = calloc(1, n + 1);
    if (sent) json_array_foreach(runs, i, r) strcat(sent, json_string_value(json_object_get(r, "t")));
    json_decref(runs);
  }
  json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:s}", "key", f->key, "name", f->name, "line", d ? d->line : "", "link", f->link, "figures", figs,
                        "sentence", sent ? sent : "");
  free(sent);
  return o;
}

static void h_facts(req *r) {
  int64_t year, asked, unit;
  if (q_int(r, "year", "年度", 2000, 2100, 1, &year) || q_int(r, "unit", "单位", 1, INT64_MAX, 0, &asked)) return;
  if (!review_unit(r, asked, &unit)) return;
  report_facts fs = {0};
  if (report_facts_collect((int)year, unit, &fs)) { report_facts_free(&fs); http_error(r, ERR_INTERNAL, NULL, "读取年度数据失败"); return; }
  json_t *items = json_array();
  for (size_t i = 0; i < fs.n; i++) json_array_append_new(items, fact_json(&fs.v[i], (int)year));
  report_facts_free(&fs);
  const report_fact_def *defs[256];
  size_t nd = report_fact_defs(defs, 256);
  json_t *dj = json_array();
  for (size_t i = 0; i < nd && i < 256; i++) json_array_append_new(dj, json_pack("{s:s,s:s,s:s}", "key", defs[i]->key, "name", defs[i]->name, "line", defs[i]->line));
  char un[128];
  http_json(r, 200, json_pack("{s:I,s:I,s:s,s:o,s:o}", "year", (json_int_t)year, "unit_id", (json_int_t)unit, "unit_name",
                              report_store_unit_name(unit, un, sizeof un), "items", items, "defs", dj));
}

/* ---- template ---- */
static json_t *template_current(void) {
  json_t *t = report_store_template();
  return t ? t : report_template_default();
}

static void h_template_get(req *r) {
  json_t *t = template_current();
  json_t *saved = report_store_template();
  json_object_set_new(t, "custom", json_boolean(saved != NULL));
  json_decref(saved);
  http_json(r, 200, t);
}

static void h_template_put(req *r) {
  static const char *const allowed[] = {"sections", NULL};
  json_t *b = jv_object(r, allowed);
  if (!b) return;
  char field[64], msg[256];
  if (report_template_check(b, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return; }
  char *text = json_dumps(b, JSON_COMPACT);
  if (!text || dbj_tx_begin(r)) { free(text); return; }
  int fail = report_store_template_put(text, org_caller(r)->id) || org_audit(r, "report.template.update", "report_template", 1, "修改年度总结模板", NULL, b);
  free(text);
  if (fail) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  h_template_get(r);
}

/* ---- drafts ---- */
static void h_drafts(req *r) {
  int64_t year;
  if (q_int(r, "year", "年度", 2000, 2100, 0, &year)) return;
  json_t *items = report_store_drafts(r, (int)year);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, "读取草稿失败"); return; }
  http_json(r, 200, json_pack("{s:o}", "items", items));
}

static void h_generate(req *r) {
  static const char *const allowed[] = {"year", "unit_id", NULL};
  json_t *b = jv_object(r, allowed);
  int64_t year, asked = 0, unit;
  if (!b || jv_int(r, b, "year", "年度", JV_REQUIRED, 2000, 2100, &year) < 0 || jv_id_or_null(r, b, "unit_id", "单位", JV_OPTIONAL, &asked) < 0) return;
  if (!review_unit(r, asked, &unit)) return;
  json_t *tpl = template_current();
  report_facts fs = {0};
  char un[128];
  report_store_unit_name(unit, un, sizeof un);
  if (report_facts_collect((int)year, unit, &fs)) {
    report_facts_free(&fs);
    json_decref(tpl);
    http_error(r, ERR_INTERNAL, NULL, "读取年度数据失败");
    return;
  }
  json_t *body = report_generate((int)year, un, tpl, &fs);
  report_facts_free(&fs);
  json_decref(tpl);
  char *text = json_dumps(body, JSON_COMPACT);
  const char *title = json_string_value(json_object_get(body, "title"));
  int64_t id = 0;
  if (text && !dbj_tx_begin(r)) {
    id = report_store_draft_insert((int)year, unit, title, text, org_caller(r)->id, org_caller(r)->name);
    if (!id || org_audit(r, "report.draft.create", "report_draft", id, title, NULL, NULL)) { dbj_tx_fail(r); id = -1; }
    else if (dbj_tx_commit(r)) id = -1;
  }
  free(text);
  json_decref(body);
  if (id < 0) return;
  if (!id) { http_error(r, ERR_INTERNAL, NULL, "生成失败"); return; }
  json_t *d = report_store_draft_get(r, id);
  http_json(r, 201, d ? d : json_pack("{s:I}", "id", (json_int_t)id));
}

/* The draft in the caller's scope with its 已变化 figures, or NULL (answered 404). */
static json_t *draft_in_scope(req *r, int64_t id) {
  json_t *d = id > 0 ? report_store_draft_get(r, id) : NULL;
  if (!d) http_error(r, ERR_NOT_FOUND, "id", "草稿不存在或不在您的数据范围内");
  return d;
}

static int64_t draft_unit(const json_t *d) {
  json_t *u = json_object_get(d, "unit_id");
  return json_is_integer(u) ? (int64_t)json_integer_value(u) : 0;
}

static void h_get(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  report_facts fs = {0};
  int year = (int)json_integer_value(json_object_get(d, "year"));
  if (report_facts_collect(year, draft_unit(d), &fs)) {
    report_facts_free(&fs);
    json_decref(d);
    http_error(r, ERR_INTERNAL, NULL, "读取年度数据失败");
    return;
  }
  json_object_set_new(d, "changed", report_changes(json_object_get(d, "body"), &fs));
  report_facts_free(&fs);
  http_json(r, 200, d);
}

/* Writes body as the next version after `expect`; answers the draft. */
static void save_version(req *r, json_t *d, int expect, json_t *body, const char *note, const char *action) {
  int64_t id = json_integer_value(json_object_get(d, "id"));
  char *text = json_dumps(body, JSON_COMPACT);
  const char *title = json_string_value(json_object_get(body, "title"));
  if (!text || dbj_tx_begin(r)) { free(text); return; }
  int v = report_store_version_add(id, expect, title, text, note, org_caller(r)->id, org_caller(r)->name);
  free(text);
  if (v < 0 || (v > 0 && org_audit(r, action, "report_draft", id, note, NULL, NULL))) { dbj_tx_fail(r); return; }
  if (!v) {
    db_rollback();
    http_error(r, ERR_BAD_STATE, "version", "草稿已被他人修改（当前第%lld版），请刷新后再改", (long long)json_integer_value(json_object_get(d, "version")));
    return;
  }
  if (dbj_tx_commit(r)) return;
  json_t *nd = report_store_draft_get(r, id);
  http_json(r, 200, nd ? nd : json_pack("{s:I}", "id", (json_int_t)id));
}

static void h_edit_of(req *r, json_t *d) {
  /* the editor's JSON (its pure part is fuzzed in fuzz/fuzz_report_draft.c); "version" says which version it edits */
  static const char *const allowed[] = {"version", "title", "sections", "plan_text", "note", NULL};
  json_t *b = jv_object(r, allowed);
  if (!b) return;
  json_t *ver = json_object_get(b, "version");
  if (!json_is_integer(ver)) { http_error(r, ERR_MISSING, "version", "缺少所修改的版本号"); return; }
  json_t *edit = json_deep_copy(b);
  json_object_del(edit, "version");
  char field[64], msg[256];
  json_t *body = report_draft_edit(json_object_get(d, "body"), edit, field, sizeof field, msg, sizeof msg);
  if (!body) { json_decref(edit); http_error(r, ERR_INVALID, field, "%s", msg); return; }
  char note[512], diff[400];
  report_diff_note(json_object_get(d, "body"), body, diff, sizeof diff);
  const char *un = json_string_value(json_object_get(edit, "note"));
  snprintf(note, sizeof note, "修改%s%s%s%s", *diff ? "：" : "", diff, un && *un ? "（" : "", un && *un ? un : "");
  if (un && *un) strncat(note, "）", sizeof note - strlen(note) - 1);
  json_decref(edit);
  save_version(r, d, (int)json_integer_value(ver), body, note, "report.draft.update");
  json_decref(body);
}

static void h_regenerate_of(req *r, json_t *d) {
  static const char *const allowed[] = {"section", "version", NULL};
  json_t *b = jv_object(r, allowed);
  json_t *body = json_object_get(d, "body");
  int64_t sec, ver;
  if (!b || jv_int(r, b, "section", "部分序号", JV_REQUIRED, 0, (int64_t)json_array_size(json_object_get(body, "sections")) - 1, &sec) < 0 ||
      jv_int(r, b, "version", "版本号", JV_REQUIRED, 1, INT32_MAX, &ver) < 0)
    return;
  json_t *tpl = template_current();
  json_t *old = json_array_get(json_object_get(body, "sections"), (size_t)sec);
  /* the template's section of the same line of work (else the same position) says which facts it draws on */
  json_t *tsec = NULL, *ts;
  size_t i;
  json_array_foreach(json_object_get(tpl, "sections"), i, ts) if (!tsec && json_equal(json_object_get(ts, "line"), json_object_get(old, "line"))) tsec = ts;
  if (!tsec) tsec = json_array_get(json_object_get(tpl, "sections"), (size_t)sec);
  if (!tsec) { json_decref(tpl); http_error(r, ERR_BAD_STATE, "section", "模板中已没有这一部分，无法重新生成"); return; }
  report_facts fs = {0};
  int year = (int)json_integer_value(json_object_get(d, "year"));
  if (report_facts_collect(year, draft_unit(d), &fs)) { report_facts_free(&fs); json_decref(tpl); http_error(r, ERR_INTERNAL, NULL, "读取年度数据失败"); return; }
  json_t *ns = report_section_build(tsec, &fs, year);
  report_facts_free(&fs);
  json_decref(tpl);
  /* the heading and judgement as the office last wrote them stay */
  json_object_set(ns, "title", json_object_get(old, "title"));
  json_object_set(ns, "judgement", json_object_get(old, "judgement"));
  json_t *nb = json_deep_copy(body);
  json_array_set_new(json_object_get(nb, "sections"), (size_t)sec, ns);
  char note[256], h[24];
  report_heading(2, (int)sec + 1, h, sizeof h);
  snprintf(note, sizeof note, "重新生成：%s%s", h, json_string_value(json_object_get(ns, "title")));
  save_version(r, d, (int)ver, nb, note, "report.draft.regenerate");
  json_decref(nb);
}

static void h_versions(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  json_t *v = report_store_versions(json_integer_value(json_object_get(d, "id")));
  json_decref(d);
  if (!v) { http_error(r, ERR_INTERNAL, NULL, "读取版本失败"); return; }
  http_json(r, 200, json_pack("{s:o}", "items", v));
}

static void h_version(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  int64_t v = http_param_id(r, 1);
  json_t *b = report_store_version_body(json_integer_value(json_object_get(d, "id")), (int)v);
  json_decref(d);
  if (!b) { http_error(r, ERR_NOT_FOUND, "version", "没有这个版本"); return; }
  http_json(r, 200, json_pack("{s:I,s:o}", "version", (json_int_t)v, "body", b));
}

static void h_docx_of(req *r, json_t *d) {
  char *buf = NULL;
  size_t len = 0;
  if (report_docx(json_object_get(d, "body"), json_string_value(json_object_get(d, "unit_name")), &buf, &len)) {
    http_error(r, ERR_INTERNAL, NULL, "生成Word文件失败");
    return;
  }
  const char *title = json_string_value(json_object_get(d, "title"));
  http_attachment(r, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf, len, req_printf(r, "%s.docx", title));
}

/* 工作安排 → a 督办 plan of year + 1 through the plan-text parser (tasks_plan_from_text). */
static void h_plan_of(req *r, json_t *d) {
  if (json_is_integer(json_object_get(d, "plan_id"))) { http_error(r, ERR_BAD_STATE, "plan_id", "工作安排已转为督办计划"); return; }
  json_t *body = json_object_get(d, "body");
  const char *text = json_string_value(json_object_get(body, "plan_text"));
  if (!text || !*text) { http_error(r, ERR_MISSING, "plan_text", "工作安排为空，请先填写再转为督办计划"); return; }
  int year = (int)json_integer_value(json_object_get(d, "year")) + 1;
  char title[200], err[256] = "";
  const char *un = json_string_value(json_object_get(d, "unit_name"));
  snprintf(title, sizeof title, "%s%d年工作安排", un && *un ? un : "", year);
  if (dbj_tx_begin(r)) return;
  int64_t plan = tasks_plan_from_text(r, year, title, text, err, sizeof err);
  if (plan < 0) { dbj_tx_fail(r); return; }
  if (plan == 0) { db_rollback(); http_error(r, ERR_INVALID, "plan_text", "%s", *err ? err : "工作安排中没有可拆分的条目（（一）、一是、1.）"); return; }
  int64_t id = json_integer_value(json_object_get(d, "id"));
  if (report_store_set_plan(id, plan) || org_audit(r, "report.draft.plan", "report_draft", id, title, NULL, NULL)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:I}", "id", (json_int_t)id, "plan_id", (json_int_t)plan));
}

/* The handlers of one draft: the draft in the caller's scope (404 otherwise), released after the answer. */
static void h_edit(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  h_edit_of(r, d);
  json_decref(d);
}
static void h_regenerate(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  h_regenerate_of(r, d);
  json_decref(d);
}
static void h_docx(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  h_docx_of(r, d);
  json_decref(d);
}
static void h_plan(req *r) {
  json_t *d = draft_in_scope(r, http_param_id(r, 0));
  if (!d) return;
  h_plan_of(r, d);
  json_decref(d);
}

/* ---- wiring ---- */
static const org_perm_def perms[] = {
    {"report", "年度总结"},
    {"report:draft", "总结草稿"}, {"report:draft:list", "查询"}, {"report:draft:add", "生成与修改"}, {"report:draft:plan", "工作安排转督办计划"},
    {"report:template", "总结模板"}, {"report:template:edit", "修改"},
};
static const org_grant grants[] = {
    {"leader", "report:draft:list report:draft:add report:draft:plan"},
    {"dept_head", "report:draft:list report:draft:add"},
};
static const org_audit_def actions[] = {
    {"report.template.update", "修改年度总结模板", NULL}, {"report.draft.create", "生成年度总结", NULL},
    {"report.draft.update", "修改年度总结", NULL},        {"report.draft.regenerate", "重新生成总结部分", NULL},
    {"report.draft.plan", "工作安排转督办计划", NULL},
};

void report_register(void) {
  static int done;
  if (done++) return;
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  static const http_route routes[] = {
      {HTTP_GET, "/api/v1/report/facts", "report:draft:list", h_facts, 0},
      {HTTP_GET, "/api/v1/report/template", "report:draft:list", h_template_get, 0},
      {HTTP_PUT, "/api/v1/report/template", "report:template:edit", h_template_put, 0},
      {HTTP_GET, "/api/v1/report/drafts", "report:draft:list", h_drafts, 0},
      {HTTP_POST, "/api/v1/report/drafts", "report:draft:add", h_generate, 0},
      {HTTP_GET, "/api/v1/report/drafts/:id", "report:draft:list", h_get, 0},
      {HTTP_PUT, "/api/v1/report/drafts/:id", "report:draft:add", h_edit, 0},
      {HTTP_POST, "/api/v1/report/drafts/:id/regenerate", "report:draft:add", h_regenerate, 0},
      {HTTP_GET, "/api/v1/report/drafts/:id/versions", "report:draft:list", h_versions, 0},
      {HTTP_GET, "/api/v1/report/drafts/:id/versions/:v", "report:draft:list", h_version, 0},
      {HTTP_GET, "/api/v1/report/drafts/:id/docx", "report:draft:list", h_docx, 0},
      {HTTP_POST, "/api/v1/report/drafts/:id/plan", "report:draft:plan", h_plan, 0},
  };
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
}
