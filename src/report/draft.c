/* draft.c — the draft of a review as JSON, without a database: the template (its default, its checks), generation of
 * sections from facts (a judgement, then 一是/二是 paragraphs with marked figures), the editor's changes (free text
 * around figures; a figure whose text was touched loses its mark), and the figures whose source changed since. */
#include "report/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- template ---- */
static const char *const judgements[][2] = {
    {"党建", "坚持政治统领，党的建设全面加强"}, {"管理", "强化现代治理，管理转型纵深推进"}, {"队伍", "突出实干导向，队伍活力充分激发"},
    {"营销市场", "坚持市场导向，营销服务提质增效"}, {"专卖", "坚持依法行政，市场秩序持续向好"}, {"安全", "统筹发展和安全，安全形势平稳可控"},
};

json_t *report_template_default(void) {
  const report_line *lines;
  size_t nl = report_lines(&lines);
  const report_fact_def *defs[256];
  size_t nd = report_fact_defs(defs, 256);
  if (nd > 256) nd = 256;
  json_t *secs = json_array();
  for (size_t i = 0; i < nl; i++) {
    json_t *facts = json_array();
    for (size_t k = 0; k < nd; k++)
      if (!strcmp(defs[k]->line, lines[i].code)) json_array_append_new(facts, json_string(defs[k]->key));
    json_array_append_new(secs, json_pack("{s:s,s:s,s:o}", "line", lines[i].code, "title", judgements[i][1], "facts", facts));
  }
  return json_pack("{s:o}", "sections", secs);
}

static int set_err(char *field, size_t fl, char *msg, size_t ml, const char *f, const char *m) {
  if (field && fl) snprintf(field, fl, "%s", f);
  if (msg && ml) snprintf(msg, ml, "%s", m);
  return -1;
}

static int str_ok(const json_t *v, long min, long max) {
  if (!json_is_string(v)) return 0;
  long n = jv_utf8_chars(json_string_value(v));
  return n >= min && n <= max;
}

int report_template_check(const json_t *tpl, char *field, size_t fl, char *msg, size_t ml) {
  char m[256];
  if (!json_is_object(tpl)) return set_err(field, fl, msg, ml, "sections", "模板应为对象");
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)tpl, k, v)
    if (strcmp(k, "sections")) {
      snprintf(m, sizeof m, "模板中有不认识的字段 %.60s", k);
      return set_err(field, fl, msg, ml, "sections", m);
    }
  json_t *secs = json_object_get(tpl, "sections");
  if (!json_is_array(secs) || !json_array_size(secs) || json_array_size(secs) > REPORT_MAX_SECTIONS)
    return set_err(field, fl, msg, ml, "sections", "模板应有 1 至 20 个部分");
  size_t i;
  json_t *s;
  json_array_foreach(secs, i, s) {
    char f[48];
    snprintf(f, sizeof f, "sections[%zu]", i);
    if (!json_is_object(s)) return set_err(field, fl, msg, ml, f, "模板的每个部分应为对象");
    json_object_foreach(s, k, v)
      if (strcmp(k, "line") && strcmp(k, "title") && strcmp(k, "facts")) {
        snprintf(m, sizeof m, "第%zu部分有不认识的字段 %.60s", i + 1, k);
        return set_err(field, fl, msg, ml, f, m);
      }
    if (!str_ok(json_object_get(s, "title"), 1, 60)) {
      snprintf(m, sizeof m, "第%zu部分的标题应为 1 至 60 个字", i + 1);
      return set_err(field, fl, msg, ml, f, m);
    }
    json_t *line = json_object_get(s, "line");
    if (line && !str_ok(line, 0, 20)) {
      snprintf(m, sizeof m, "第%zu部分的工作条线应为不超过 20 个字的文字", i + 1);
      return set_err(field, fl, msg, ml, f, m);
    }
    json_t *facts = json_object_get(s, "facts");
    if (!json_is_array(facts) || json_array_size(facts) > REPORT_MAX_FACTS_PER_SECTION) {
      snprintf(m, sizeof m, "第%zu部分的指标应为不超过 %d 项的列表", i + 1, REPORT_MAX_FACTS_PER_SECTION);
      return set_err(field, fl, msg, ml, f, m);
    }
    size_t j;
    json_t *key;
    json_array_foreach(facts, j, key) {
      if (!json_is_string(key) || !report_fact_def_find(json_string_value(key))) {
        const char *kv = json_is_string(key) ? json_string_value(key) : "";
        if (jv_utf8_chars(kv) < 0 || strlen(kv) > 64) kv = "";
        snprintf(m, sizeof m, "模板第%zu部分引用的指标“%s”不存在", i + 1, kv);
        return set_err(field, fl, msg, ml, f, m);
      }
    }
  }
  return 0;
}

json_t *report_template_parse(const char *text, size_t len, char *field, size_t fl, char *msg, size_t ml) {
  json_error_t e;
  json_t *t = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
  if (!t) {
    set_err(field, fl, msg, ml, "sections", "模板不是合法的JSON");
    return NULL;
  }
  if (report_template_check(t, field, fl, msg, ml)) { json_decref(t); return NULL; }
  return t;
}

/* ---- generation ---- */
static void add_text(json_t *runs, const char *s, size_t n) {
  if (!n) return;
  size_t k = json_array_size(runs);
  json_t *last = k ? json_array_get(runs, k - 1) : NULL;
  if (last && !json_object_get(last, "f")) {
    const char *p = json_string_value(json_object_get(last, "t"));
    size_t pl = strlen(p);
    char *b = malloc(pl + n + 1);
    if (!b) return;
    memcpy(b, p, pl);
    memcpy(b + pl, s, n);
    b[pl + n] = 0;
    json_object_set_new(last, "t", json_string(b));
    free(b);
    return;
  }
  json_array_append_new(runs, json_pack("{s:s%}", "t", s, n));
}

static const report_figure *fig_of(const report_fact *f, const char *name, size_t n) {
  for (size_t i = 0; i < f->nfig; i++)
    if (strlen(f->figs[i].name) == n && !memcmp(f->figs[i].name, name, n)) return &f->figs[i];
  return NULL;
}

static json_t *fig_run(const report_fact *f, const report_figure *g) {
  char t[96];
  report_fig_text(g, t, sizeof t);
  return json_pack("{s:s,s:s,s:s,s:s,s:f,s:s,s:s}", "t", t, "f", f->key, "g", g->name, "src", f->name, "v", g->v, "kind",
                   report_fig_kind_code(g->kind), "link", f->link);
}

/* One clause of a pattern (between "，"): its runs, or NULL when a figure it names has no data. *figs counts figures. */
static json_t *clause_runs(const report_fact *f, int year, const char *s, size_t n, int *figs) {
  json_t *runs = json_array();
  size_t i = 0, start = 0;
  while (i < n) {
    if (s[i] != '{') { i++; continue; }
    const char *close = memchr(s + i, '}', n - i);
    if (!close) break;
    size_t nl = (size_t)(close - (s + i + 1));
    add_text(runs, s + start, i - start);
    if (nl == 3 && !memcmp(s + i + 1, "年", 3)) {
      char y[16];
      int yl = snprintf(y, sizeof y, "%d", year);
      add_text(runs, y, (size_t)yl);
    } else {
      const report_figure *g = fig_of(f, s + i + 1, nl);
      char t[96];
      if (!g || !report_fig_text(g, t, sizeof t)) { json_decref(runs); return NULL; }
      json_array_append_new(runs, fig_run(f, g));
      (*figs)++;
    }
    i = start = (size_t)(close - s) + 1;
  }
  add_text(runs, s + start, n - start);
  return runs;
}

json_t *report_sentence(const report_fact *f, int year) {
  static const char comma[] = "，";
  const char *p = f->pattern, *end = p + strlen(p);
  json_t *out = json_array();
  int kept_figs = 0, any = 0;
  while (p <= end) {
    const char *c = strstr(p, comma);
    size_t n = c ? (size_t)(c - p) : (size_t)(end - p);
    int figs = 0;
    json_t *runs = clause_runs(f, year, p, n, &figs);
    if (runs) {
      if (any) add_text(out, comma, sizeof comma - 1);
      size_t i;
      json_t *r;
      json_array_foreach(runs, i, r) {
        if (json_object_get(r, "f")) json_array_append(out, r);
        else add_text(out, json_string_value(json_object_get(r, "t")), strlen(json_string_value(json_object_get(r, "t"))));
      }
      json_decref(runs);
      kept_figs += figs;
      any = 1;
    }
    if (!c) break;
    p = c + sizeof comma - 1;
  }
  if (!kept_figs) { json_decref(out); return NULL; }
  return out;
}

json_t *report_section_build(const json_t *tsec, const report_facts *fs, int year) {
  json_t *paras = json_array();
  json_t *keys = json_object_get(tsec, "facts");
  size_t i;
  json_t *k;
  int n = 0;
  json_array_foreach(keys, i, k) {
    const report_fact *f = report_facts_find(fs, json_string_value(k));
    if (!f) continue;
    json_t *s = report_sentence(f, year);
    if (!s) continue;
    json_t *para = json_array();
    char h[16];
    report_heading(3, ++n, h, sizeof h);
    add_text(para, h, strlen(h));
    size_t j;
    json_t *r;
    json_array_foreach(s, j, r) {
      if (json_object_get(r, "f")) json_array_append(para, r);
      else add_text(para, json_string_value(json_object_get(r, "t")), strlen(json_string_value(json_object_get(r, "t"))));
    }
    add_text(para, "。", 3);
    json_decref(s);
    json_array_append_new(paras, para);
  }
  const char *line = json_string_value(json_object_get(tsec, "line"));
  json_t *sec = json_pack("{s:s,s:s,s:s,s:o,s:b}", "line", line ? line : "", "title", json_string_value(json_object_get(tsec, "title")),
                          "judgement", "", "paras", paras, "nodata", n == 0);
  if (!n) {
    char t[160];
    snprintf(t, sizeof t, "%d年本部分暂无可引用的数据记录，请据实补充。", year);
    json_array_append_new(paras, json_pack("[{s:s}]", "t", t));
  }
  return sec;
}

json_t *report_generate(int year, const char *unit_name, const json_t *tpl, const report_facts *fs) {
  char title[256];
  snprintf(title, sizeof title, "%s%d年工作总结和%d年工作安排", unit_name ? unit_name : "", year, year + 1);
  json_t *secs = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(tpl, "sections"), i, t) json_array_append_new(secs, report_section_build(t, fs, year));
  return json_pack("{s:s,s:i,s:o,s:s}", "title", title, "year", year, "sections", secs, "plan_text", "");
}

/* ---- the editor's changes ---- */
/* The figure run of prev with mark (f, g), or NULL. */
static const json_t *prev_fig(const json_t *prev, const char *f, const char *g) {
  size_t i, j, k;
  json_t *s, *p, *r;
  json_array_foreach(json_object_get(prev, "sections"), i, s) json_array_foreach(json_object_get(s, "paras"), j, p) json_array_foreach(p, k, r) {
    const char *rf = json_string_value(json_object_get(r, "f")), *rg = json_string_value(json_object_get(r, "g"));
    if (rf && rg && !strcmp(rf, f) && !strcmp(rg, g)) return r;
  }
  return NULL;
}

static int only_keys(const json_t *o, const char *const *keys) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)o, k, v) {
    int ok = 0;
    for (size_t i = 0; keys[i]; i++) ok |= !strcmp(k, keys[i]);
    if (!ok) return 0;
  }
  return 1;
}

json_t *report_draft_edit(const json_t *prev, const json_t *edit, char *field, size_t fl, char *msg, size_t ml) {
  static const char *const top[] = {"title", "sections", "plan_text", "note", NULL};
  static const char *const sec_keys[] = {"title", "judgement", "paras", NULL};
  static const char *const run_keys[] = {"t", "f", "g", NULL};
  char m[200];
  if (!json_is_object(edit) || !only_keys(edit, top)) { set_err(field, fl, msg, ml, "sections", "草稿内容应为对象，字段为 title、sections、plan_text、note"); return NULL; }
  json_t *out = json_deep_copy(prev);
  if (!out) return NULL;
  json_t *title = json_object_get(edit, "title");
  if (title) {
    if (!str_ok(title, 1, 100)) { set_err(field, fl, msg, ml, "title", "标题应为 1 至 100 个字"); goto bad; }
    json_object_set(out, "title", title);
  }
  json_t *plan = json_object_get(edit, "plan_text");
  if (plan) {
    if (!str_ok(plan, 0, 20000)) { set_err(field, fl, msg, ml, "plan_text", "工作安排应为不超过 20000 字的文字"); goto bad; }
    json_object_set(out, "plan_text", plan);
  }
  json_t *note = json_object_get(edit, "note");
  if (note && !str_ok(note, 0, 200)) { set_err(field, fl, msg, ml, "note", "修改说明应为不超过 200 字的文字"); goto bad; }
  json_t *secs = json_object_get(edit, "sections");
  if (!secs) return out;
  json_t *osecs = json_object_get(out, "sections");
  if (!json_is_array(secs) || json_array_size(secs) != json_array_size(osecs)) {
    snprintf(m, sizeof m, "sections 应为与草稿相同的 %zu 个部分", json_array_size(osecs));
    set_err(field, fl, msg, ml, "sections", m);
    goto bad;
  }
  size_t i;
  json_t *s;
  json_array_foreach(secs, i, s) {
    char f[48];
    snprintf(f, sizeof f, "sections[%zu]", i);
    json_t *os = json_array_get(osecs, i);
    if (!json_is_object(s) || !only_keys(s, sec_keys)) { set_err(field, fl, msg, ml, f, "每个部分应为对象，字段为 title、judgement、paras"); goto bad; }
    json_t *t = json_object_get(s, "title"), *j = json_object_get(s, "judgement"), *paras = json_object_get(s, "paras");
    if (t && !str_ok(t, 1, 60)) { snprintf(m, sizeof m, "第%zu部分的标题应为 1 至 60 个字", i + 1); set_err(field, fl, msg, ml, f, m); goto bad; }
    if (j && !str_ok(j, 0, 2000)) { snprintf(m, sizeof m, "第%zu部分的总述应为不超过 2000 字", i + 1); set_err(field, fl, msg, ml, f, m); goto bad; }
    if (t) json_object_set(os, "title", t);
    if (j) json_object_set(os, "judgement", j);
    if (!paras) continue;
    if (!json_is_array(paras) || json_array_size(paras) > REPORT_MAX_PARAS) {
      snprintf(m, sizeof m, "第%zu部分的段落应为不超过 %d 段的列表", i + 1, REPORT_MAX_PARAS);
      set_err(field, fl, msg, ml, f, m);
      goto bad;
    }
    json_t *np = json_array();
    size_t pi;
    json_t *p;
    json_array_foreach(paras, pi, p) {
      if (!json_is_array(p) || json_array_size(p) > REPORT_MAX_RUNS) {
        json_decref(np);
        snprintf(m, sizeof m, "第%zu部分第%zu段应为不超过 %d 个片段的列表", i + 1, pi + 1, REPORT_MAX_RUNS);
        set_err(field, fl, msg, ml, f, m);
        goto bad;
      }
      json_t *para = json_array();
      size_t ri;
      json_t *r;
      json_array_foreach(p, ri, r) {
        json_t *rt = json_is_object(r) ? json_object_get(r, "t") : NULL;
        if (!rt || !only_keys(r, run_keys) || !str_ok(rt, 0, 5000)) {
          json_decref(para);
          json_decref(np);
          snprintf(m, sizeof m, "第%zu部分第%zu段第%zu个片段应为 {t: 文字} 或带 f、g 标记的数字", i + 1, pi + 1, ri + 1);
          set_err(field, fl, msg, ml, f, m);
          goto bad;
        }
        const char *text = json_string_value(rt);
        const char *rf = json_string_value(json_object_get(r, "f")), *rg = json_string_value(json_object_get(r, "g"));
        const json_t *pf = rf && rg ? prev_fig(prev, rf, rg) : NULL;
        /* the mark stays only on the figure exactly as generated: its value, link and source come from the draft,
         * never from the editor; a figure whose text was changed is plain text from now on */
        if (pf && !strcmp(json_string_value(json_object_get(pf, "t")), text)) json_array_append_new(para, json_deep_copy(pf));
        else add_text(para, text, strlen(text));
      }
      if (json_array_size(para)) json_array_append_new(np, para);
      else json_decref(para);
    }
    json_object_set_new(os, "paras", np);
  }
  return out;
bad:
  json_decref(out);
  return NULL;
}

/* ---- what changed ---- */
json_t *report_changes(const json_t *body, const report_facts *fs) {
  json_t *out = json_array();
  size_t i, j, k;
  json_t *s, *p, *r;
  json_array_foreach(json_object_get(body, "sections"), i, s) json_array_foreach(json_object_get(s, "paras"), j, p) json_array_foreach(p, k, r) {
    const char *f = json_string_value(json_object_get(r, "f")), *g = json_string_value(json_object_get(r, "g"));
    if (!f || !g) continue;
    const report_fact *cf = report_facts_find(fs, f);
    const report_figure *cg = cf ? fig_of(cf, g, strlen(g)) : NULL;
    char now[96] = "";
    if (cg) report_fig_text(cg, now, sizeof now);
    const char *old = json_string_value(json_object_get(r, "t"));
    if (!strcmp(old, now)) continue;
    json_array_append_new(out, json_pack("{s:i,s:i,s:i,s:s,s:s,s:s,s:s}", "section", (int)i, "para", (int)j, "run", (int)k, "f", f, "g", g, "old",
                                         old, "new", *now ? now : "无数据"));
  }
  return out;
}

/* A line saying which parts an edit touched: "（一）党的建设；工作安排" (empty when nothing changed). */
void report_diff_note(const json_t *a, const json_t *b, char *out, size_t outlen) {
  size_t n = 0;
  out[0] = 0;
  if (!json_equal(json_object_get(a, "title"), json_object_get(b, "title"))) n += (size_t)snprintf(out + n, outlen - n, "标题；");
  json_t *sa = json_object_get(a, "sections"), *sb = json_object_get(b, "sections");
  for (size_t i = 0; i < json_array_size(sb) && n < outlen; i++) {
    if (json_equal(json_array_get(sa, i), json_array_get(sb, i))) continue;
    char h[24];
    report_heading(2, (int)i + 1, h, sizeof h);
    n += (size_t)snprintf(out + n, outlen - n, "%s%s；", h, json_string_value(json_object_get(json_array_get(sb, i), "title")));
  }
  if (n < outlen && !json_equal(json_object_get(a, "plan_text"), json_object_get(b, "plan_text"))) n += (size_t)snprintf(out + n, outlen - n, "工作安排；");
  if (n >= outlen) n = strlen(out);
  /* drop the last "；" */
  if (n >= 3 && !strcmp(out + n - 3, "；")) out[n - 3] = 0;
}
