/* store_assess.c — all SQL of assessments: the data window of one shop, storing a result and the shop's latest level,
 * one assessment as JSON, the last visit's answers, idempotency keys and carried-over answers, history, trend and
 * averages, the self-check token, and the batch's runs and chunks. Callers hold the transaction where one is needed. */
#include "shops/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shops_store_data_window(int64_t shop_id, const char *first, const char *last, shops_data *d) {
  memset(d, 0, sizeof *d);
  db_stmt *s = db_prepare("SELECT d.month, j.key, j.value FROM shop_data d, json_each(d.vals) j WHERE d.month IN (SELECT month FROM shop_data_months WHERE month BETWEEN ?2 AND ?3) AND d.shop_id = ?1");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, first);
  db_bind_text(s, 3, last);
  size_t cap = 0;
  shops_datum *v = NULL;
  while (db_step(s) == DB_ROW) {
    if (d->n == cap) {
      cap = cap ? cap * 2 : 32;
      shops_datum *nv = realloc(v, cap * sizeof *nv);
      if (!nv) { db_reset(s); d->v = v; shops_data_free(d); return -1; }
      v = nv;
    }
    snprintf(v[d->n].month, 8, "%s", db_col_text(s, 0));
    v[d->n].metric = strdup(db_col_text(s, 1));
    v[d->n].value = db_col_double(s, 2);
    d->n++;
  }
  d->v = v;
  return 0;
}

int64_t shops_store_assessment_insert(const shops_assessment_row *a) {
  db_stmt *s = db_prepare("INSERT INTO shop_assessments(shop_id, template_id, kind, month, answers, result, total, level, coverage, lng, lat, assessed_by, assessed_at,"
                          " request_id, carried) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, a->shop_id);
  db_bind_int(s, 2, a->template_id);
  db_bind_text(s, 3, a->kind);
  db_bind_text(s, 4, a->month);
  db_bind_text(s, 5, a->answers);
  db_bind_text(s, 6, a->result);
  if (a->has_total) db_bind_double(s, 7, a->total); else db_bind_null(s, 7);
  db_bind_text(s, 8, a->level);
  db_bind_double(s, 9, a->coverage);
  if (!isnan(a->lng)) db_bind_double(s, 10, a->lng); else db_bind_null(s, 10);
  if (!isnan(a->lat)) db_bind_double(s, 11, a->lat); else db_bind_null(s, 11);
  if (a->user_id) db_bind_int(s, 12, a->user_id); else db_bind_null(s, 12);
  db_bind_text(s, 13, a->at);
  db_bind_text(s, 14, a->request_id);
  db_bind_text(s, 15, a->carried);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

int shops_store_shop_level(int64_t shop_id, int has_total, double total, const char *level, const char *at, int64_t aid) {
  /* a result older than the shop's latest (a late offline visit) does not replace it */
  db_stmt *s = db_prepare("UPDATE shops SET score = ?, level = ?, assessed_at = ?, last_assessment_id = ? WHERE id = ? AND (assessed_at IS NULL OR assessed_at <= ?)");
  if (!s) return -1;
  if (has_total) db_bind_double(s, 1, total); else db_bind_null(s, 1);
  db_bind_text(s, 2, level);
  db_bind_text(s, 3, at);
  db_bind_int(s, 4, aid);
  db_bind_int(s, 5, shop_id);
  db_bind_text(s, 6, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

json_t *shops_store_assessment_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT a.id, a.shop_id, a.template_id, t.version AS template_version, a.kind, a.month, a.answers AS j_answers, a.result AS j_result,"
                          " coalesce(a.carried, '[]') AS j_carried, a.total, a.level, a.coverage, a.lng, a.lat, a.assessed_by, u.name AS assessed_by_name, a.assessed_at"
                          " FROM shop_assessments a JOIN shop_templates t ON t.id = a.template_id LEFT JOIN users u ON u.id = a.assessed_by WHERE a.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

json_t *shops_store_last_visit(int64_t shop_id, char at[20]) {
  db_stmt *s = db_prepare("SELECT answers, assessed_at FROM shop_assessments WHERE shop_id = ? AND kind = '走访' ORDER BY assessed_at DESC, id DESC LIMIT 1");
  if (!s) return NULL;
  db_bind_int(s, 1, shop_id);
  json_t *last = NULL;
  if (at) at[0] = 0;
  if (db_step(s) == DB_ROW) {
    last = json_loads(db_col_text(s, 0), 0, NULL);
    if (at) snprintf(at, 20, "%s", db_col_text(s, 1));
  }
  db_reset(s);
  return last;
}

int64_t shops_store_assessment_by_request(int64_t shop_id, const char *rid) {
  db_stmt *q = db_prepare("SELECT id FROM shop_assessments WHERE shop_id = ? AND request_id = ?");
  if (!q) return -1;
  db_bind_int(q, 1, shop_id);
  db_bind_text(q, 2, rid);
  int64_t had = db_step(q) == DB_ROW ? db_col_int(q, 0) : 0;
  db_reset(q);
  return had;
}

json_t *shops_store_history(int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT a.id, a.kind, a.month, a.total, a.level, a.coverage, t.version AS template_version, u.name AS assessed_by_name, a.assessed_at,"
                          " a.lng, a.lat, coalesce(json_array_length(a.carried), 0) AS carried_n"
                          " FROM shop_assessments a JOIN shop_templates t ON t.id = a.template_id LEFT JOIN users u ON u.id = a.assessed_by"
                          " WHERE a.shop_id = ? ORDER BY a.assessed_at DESC, a.id DESC LIMIT 200");
  if (!s) return NULL;
  db_bind_int(s, 1, shop_id);
  return dbj_rows(s);
}

int shops_store_shop_last(int64_t shop_id, int64_t *last, int64_t *unit) {
  db_stmt *s = db_prepare("SELECT last_assessment_id, unit_id FROM shops WHERE id = ?");
  *last = *unit = 0;
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  if (db_step(s) == DB_ROW) { *last = db_col_int(s, 0); *unit = db_col_int(s, 1); }
  db_reset(s);
  return 0;
}

json_t *shops_store_trend(int64_t shop_id) {
  db_stmt *s = db_prepare("SELECT assessed_at, kind, total, level FROM shop_assessments WHERE shop_id = ? AND kind <> '自测' AND total IS NOT NULL ORDER BY assessed_at, id");
  if (!s) return NULL;
  db_bind_int(s, 1, shop_id);
  return dbj_rows(s);
}

json_t *shops_store_dim_averages(int64_t unit_id) {
  /* a result without a level (数据不足) stays out, as in the county picture */
  db_stmt *s = db_prepare("SELECT je.value ->> 'code', avg(je.value ->> 'score'), avg(a.total) FROM shops sh JOIN shop_assessments a ON a.id = sh.last_assessment_id,"
                          " json_each(a.result, '$.dims') je WHERE sh.status = '正常' AND a.level IS NOT NULL AND (?1 = 0 OR sh.unit_id = ?1) GROUP BY 1");
  if (!s) return NULL;
  db_bind_int(s, 1, unit_id);
  json_t *dims = json_object();
  double total = NAN;
  while (db_step(s) == DB_ROW) {
    if (!db_col_is_null(s, 1)) json_object_set_new(dims, db_col_text(s, 0), json_real(round(db_col_double(s, 1) * 10) / 10));
    total = round(db_col_double(s, 2) * 10) / 10;
  }
  return json_pack("{s:o,s:o}", "dims", dims, "total", isnan(total) ? json_null() : json_real(total));
}

int shops_store_selfcheck_token(int64_t shop_id, char *tok, size_t cap) {
  db_stmt *s = db_prepare("SELECT selfcheck_token FROM shops WHERE id = ?");
  tok[0] = 0;
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  if (db_step(s) == DB_ROW) snprintf(tok, cap, "%s", db_col_text(s, 0));
  db_reset(s);
  return 0;
}

int shops_store_set_selfcheck_token(int64_t shop_id, const char *tok) {
  db_stmt *s = db_prepare("UPDATE shops SET selfcheck_token = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, tok);
  db_bind_int(s, 2, shop_id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

/* The one reading of a self-check link's token, for shops' own page and for evals' owner appeal (shops.h). A token is
 * made of 24 characters (util_random_token of 18 bytes); anything outside 16–60 is refused before the database. */
int64_t shops_selfcheck_shop(const char *tok, char *name, size_t nlen) {
  size_t len = tok ? strlen(tok) : 0;
  if (len < 16 || len > 60) return 0;
  db_stmt *s = db_prepare("SELECT id, name FROM shops WHERE selfcheck_token = ? AND status = '正常'");
  if (!s) return 0;
  db_bind_text(s, 1, tok);
  int64_t id = 0;
  if (db_step(s) == DB_ROW) {
    id = db_col_int(s, 0);
    if (name && nlen) snprintf(name, nlen, "%s", db_col_text(s, 1));
  }
  db_reset(s);
  return id;
}

/* ---- the batch's runs ---- */
int64_t shops_store_active_count(void) {
  db_stmt *s = db_prepare("SELECT count(*) FROM shops WHERE status = '正常'");
  int64_t n = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return n;
}

int64_t shops_store_run_open(const char *month, int64_t tid, int64_t *after, int64_t *done) {
  db_stmt *s = db_prepare("SELECT id, last_shop_id, done FROM shop_assess_runs WHERE status = 'running' AND month = ? AND template_id = ? ORDER BY id DESC LIMIT 1");
  *after = *done = 0;
  if (!s) return 0;
  db_bind_text(s, 1, month);
  db_bind_int(s, 2, tid);
  int64_t run = 0;
  if (db_step(s) == DB_ROW) { run = db_col_int(s, 0); *after = db_col_int(s, 1); *done = db_col_int(s, 2); }
  db_reset(s);
  return run;
}

int64_t shops_store_run_insert(const char *month, int64_t tid, int64_t total, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO shop_assess_runs(month, template_id, total, started_at) VALUES(?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, month);
  db_bind_int(s, 2, tid);
  db_bind_int(s, 3, total);
  db_bind_text(s, 4, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

int shops_store_batch_chunk(int64_t after, int max, int64_t *ids, char **ans) {
  /* active shops after the last committed one, each with its last visit's answers */
  db_stmt *s = db_prepare("SELECT s.id, (SELECT a.answers FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)"
                          " FROM shops s WHERE s.status = '正常' AND s.id > ? ORDER BY s.id LIMIT ?");
  if (!s) return -1;
  db_bind_int(s, 1, after);
  db_bind_int(s, 2, max);
  int n = 0;
  while (n < max && db_step(s) == DB_ROW) {
    ids[n] = db_col_int(s, 0);
    ans[n] = db_col_is_null(s, 1) ? NULL : strdup(db_col_text(s, 1));
    n++;
  }
  db_reset(s);
  return n;
}

int shops_store_run_advance(int64_t run, int64_t last_shop, int n) {
  db_stmt *s = db_prepare("UPDATE shop_assess_runs SET last_shop_id = ?, done = done + ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, last_shop);
  db_bind_int(s, 2, n);
  db_bind_int(s, 3, run);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int shops_store_run_finish(int64_t run, const char *at) {
  db_stmt *s = db_prepare("UPDATE shop_assess_runs SET status = 'done', finished_at = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, at);
  db_bind_int(s, 2, run);
  return db_step(s) == DB_DONE ? 0 : -1;
}
