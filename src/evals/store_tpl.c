/* store_tpl.c — evaluation templates in the database: the published versions (parsed once and shared: they never change),
 * the one draft, publishing, and the shipped default as version 1. */
#include "evals/internal.h"
#include "base/embedded.h"
#include "base/log.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Published templates are immutable (a trigger refuses changes), so a parsed copy is valid for the program's life. */
typedef struct cached { int64_t id; int version; evals_tpl *t; } cached;
static cached *cache;
static size_t ncache, capcache;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

const evals_tpl *evals_tpl_get(int64_t id, int *version) {
  pthread_mutex_lock(&cache_mu);
  for (size_t i = 0; i < ncache; i++)
    if (cache[i].id == id) {
      if (version) *version = cache[i].version;
      const evals_tpl *t = cache[i].t;
      pthread_mutex_unlock(&cache_mu);
      return t;
    }
  pthread_mutex_unlock(&cache_mu);
  db_stmt *s = db_prepare("SELECT body, version FROM eval_templates WHERE id = ? AND status = 'published'");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  if (db_step(s) != DB_ROW) { db_reset(s); return NULL; }
  char err[300];
  const char *body = db_col_text(s, 0);
  evals_tpl *t = evals_tpl_parse(body, strlen(body), err, sizeof err);
  int v = (int)db_col_int(s, 1);
  db_reset(s);
  if (!t) { log_error("eval template %lld does not parse: %s", (long long)id, err); return NULL; }
  pthread_mutex_lock(&cache_mu);
  for (size_t i = 0; i < ncache; i++)
    if (cache[i].id == id) { /* another thread was quicker */
      evals_tpl_free(t);
      t = cache[i].t;
      pthread_mutex_unlock(&cache_mu);
      if (version) *version = v;
      return t;
    }
  if (ncache == capcache) { /* one entry per published version: a handful over the years */
    size_t cap = capcache ? capcache * 2 : 8;
    cached *n = realloc(cache, cap * sizeof *n);
    if (!n) { pthread_mutex_unlock(&cache_mu); evals_tpl_free(t); return NULL; }
    cache = n;
    capcache = cap;
  }
  cache[ncache].id = id;
  cache[ncache].version = v;
  cache[ncache++].t = t;
  pthread_mutex_unlock(&cache_mu);
  if (version) *version = v;
  return t;
}

int64_t evals_tpl_current(void) {
  db_stmt *s = db_prepare("SELECT id FROM eval_templates WHERE status = 'published' ORDER BY version DESC LIMIT 1");
  if (!s) return 0;
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}

json_t *evals_store_templates(void) {
  db_stmt *s = db_prepare("SELECT t.id, t.version, t.name, t.status, t.published_at, t.updated_at,"
                          " (SELECT count(*) FROM eval_rounds r WHERE r.template_id = t.id) AS rounds"
                          " FROM eval_templates t ORDER BY t.version IS NOT NULL, t.version DESC");
  return s ? dbj_rows(s) : NULL;
}

json_t *evals_store_tpl_json(int64_t id) {
  return dbj_one("SELECT id, version, name, status, body AS j_body, published_at, updated_at FROM eval_templates WHERE id = ?", id);
}

json_t *evals_store_tpl_draft(void) {
  db_stmt *s = db_prepare("SELECT id FROM eval_templates WHERE status = 'draft'");
  if (!s) return NULL;
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id ? evals_store_tpl_json(id) : NULL;
}

int64_t evals_store_tpl_save_draft(const char *name, const char *body, int64_t user) {
  char at[20];
  evals_now(at);
  db_stmt *s = db_prepare("UPDATE eval_templates SET name = ?, body = ?, updated_at = ? WHERE status = 'draft' RETURNING id");
  if (!s) return 0;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  db_bind_text(s, 3, at);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    int64_t id = db_col_int(s, 0);
    db_reset(s);
    return id;
  }
  if (st != DB_DONE) return 0;
  s = db_prepare("INSERT INTO eval_templates(name, body, status, created_by, created_at, updated_at) VALUES(?,?,'draft',?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  if (user) db_bind_int(s, 3, user); else db_bind_null(s, 3);
  db_bind_text(s, 4, at);
  db_bind_text(s, 5, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

int evals_store_tpl_publish(int64_t id, const char *at, int *version) {
  db_stmt *s = db_prepare("UPDATE eval_templates SET status = 'published', published_at = ?2, updated_at = ?2,"
                          " version = (SELECT coalesce(max(version), 0) + 1 FROM eval_templates) WHERE id = ?1 AND status = 'draft' RETURNING version");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, at);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  *version = (int)db_col_int(s, 0);
  db_reset(s);
  return 0;
}

int64_t evals_store_tpl_publish_body(const char *name, const char *body, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO eval_templates(version, name, body, status, published_at, created_at, updated_at)"
                          " VALUES((SELECT coalesce(max(version), 0) + 1 FROM eval_templates), ?1, ?2, 'published', ?3, ?3, ?3)");
  if (!s) return 0;
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, body);
  db_bind_text(s, 3, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

const char *evals_default_template(size_t *len) {
  const struct embedded_file *f = embedded_find("data/evals-template.json");
  if (!f) return NULL;
  *len = f->len;
  return f->data;
}

int evals_seed(void) { return evals_tpl_current() ? 0 : evals_publish_default(); }

int evals_publish_default(void) {
  size_t len;
  const char *body = evals_default_template(&len);
  char err[300];
  evals_tpl *t = body ? evals_tpl_parse(body, len, err, sizeof err) : NULL;
  if (!t) return -1;
  json_t *c = evals_tpl_json(t);
  char *txt = json_dumps(c, JSON_COMPACT);
  json_decref(c);
  char at[20];
  evals_now(at);
  int rc = -1;
  if (txt && db_begin() == DB_OK) {
    if (evals_store_tpl_publish_body(t->name, txt, at) && db_commit() == DB_OK) rc = 0;
    else db_rollback();
  }
  free(txt);
  evals_tpl_free(t);
  return rc;
}
