/* store_evals_api.c — the registry reads the evals module needs (shops.h): active shops for a round's scope, monthly
 * order sums and the latest assessment's answers, so that evals never reads shops' tables. */
#include "shops/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shops_brief_each(const int64_t *unit_ids, size_t nunits, const char *category, int grade_min, int grade_max, const char *area,
                     int (*fn)(void *ctx, const shops_brief *b), void *ctx) {
  json_t *ids = json_array();
  for (size_t i = 0; i < nunits; i++) json_array_append_new(ids, json_integer(unit_ids[i]));
  char *units = json_dumps(ids, JSON_COMPACT);
  json_decref(ids);
  if (!units) return -1;
  db_stmt *s = db_prepare("SELECT id, unit_id, coalesce(manager_id, 0), license_no, name, address, category, area, grade, lng, lat FROM shops"
                          " WHERE status = '正常' AND (?1 = 0 OR unit_id IN (SELECT value FROM json_each(?2)))"
                          " AND (?3 IS NULL OR category = ?3) AND (?4 = 0 OR grade >= ?4) AND (?5 = 0 OR grade <= ?5) AND (?6 IS NULL OR area = ?6)"
                          " ORDER BY id");
  if (!s) { free(units); return -1; }
  db_bind_int(s, 1, (int64_t)nunits);
  db_bind_text(s, 2, units);
  free(units);
  db_bind_text(s, 3, category);
  db_bind_int(s, 4, grade_min);
  db_bind_int(s, 5, grade_max);
  db_bind_text(s, 6, area);
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    shops_brief b;
    memset(&b, 0, sizeof b);
    b.id = db_col_int(s, 0);
    b.unit_id = db_col_int(s, 1);
    b.manager_id = db_col_int(s, 2);
    snprintf(b.license_no, sizeof b.license_no, "%s", db_col_text(s, 3));
    snprintf(b.name, sizeof b.name, "%s", db_col_text(s, 4));
    snprintf(b.address, sizeof b.address, "%s", db_col_text(s, 5));
    snprintf(b.category, sizeof b.category, "%s", db_col_text(s, 6));
    snprintf(b.area, sizeof b.area, "%s", db_col_text(s, 7));
    b.grade = (int)db_col_int(s, 8);
    b.has_gps = !db_col_is_null(s, 9) && !db_col_is_null(s, 10);
    b.lng = db_col_double(s, 9);
    b.lat = db_col_double(s, 10);
    if (fn(ctx, &b)) { db_reset(s); return 0; }
  }
  return st == DB_DONE ? 0 : -1;
}

int shops_metric_sum(int64_t shop_id, const char *metric, const char *from, const char *to, double *out) {
  /* One seek per month of the range (the table is keyed month first). */
  db_stmt *s = db_prepare("SELECT count(*), total(json_extract(vals, '$.' || ?1)) FROM shop_data"
                          " WHERE month IN (SELECT month FROM shop_data_months WHERE month BETWEEN ?2 AND ?3) AND shop_id = ?4"
                          " AND json_extract(vals, '$.' || ?1) IS NOT NULL");
  if (!s) return -1;
  db_bind_text(s, 1, metric);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  db_bind_int(s, 4, shop_id);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  int64_t n = db_col_int(s, 0);
  *out = db_col_double(s, 1);
  db_reset(s);
  return n > 0;
}

int shops_latest_answer(int64_t shop_id, const char *item, json_t **out) {
  /* ->> would turn JSON false into 0; -> keeps the answer as JSON text */
  db_stmt *s = db_prepare("SELECT (answers -> ('$.' || ?2)) IS NOT NULL, answers -> ('$.' || ?2) FROM shop_assessments"
                          " WHERE shop_id = ?1 AND kind IN ('走访','自测') ORDER BY assessed_at DESC, id DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, item);
  db_status st = db_step(s);
  if (st != DB_ROW) return st == DB_DONE ? 0 : -1;
  int has = (int)db_col_int(s, 0);
  *out = has ? json_loads(db_col_text(s, 1), JSON_DECODE_ANY, NULL) : NULL;
  db_reset(s);
  return *out ? 1 : 0;
}

int64_t shops_id_by_license(const char *license_no) {
  if (!license_no || !*license_no) return 0;
  return db_id_by_text("SELECT id FROM shops WHERE license_no = ?", license_no);
}

int shops_brief_of(req *r, int64_t id, shops_brief *out) {
  memset(out, 0, sizeof out[0]);
  db_stmt *s = db_prepare("SELECT s.id, s.unit_id, coalesce(s.manager_id, 0), s.license_no, s.name, s.address, s.category, s.area, s.grade, s.lng, s.lat"
                          " FROM shops s WHERE s.id = ?4 AND " SHOP_SCOPE);
  if (!s) return -1;
  if (r) org_scope_bind(r, s, 1);
  else db_bind_int(s, 1, 1), db_bind_text(s, 2, "[]"), db_bind_int(s, 3, 0);
  db_bind_int(s, 4, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    out->id = db_col_int(s, 0);
    out->unit_id = db_col_int(s, 1);
    out->manager_id = db_col_int(s, 2);
    snprintf(out->license_no, sizeof out->license_no, "%s", db_col_text(s, 3));
    snprintf(out->name, sizeof out->name, "%s", db_col_text(s, 4));
    snprintf(out->address, sizeof out->address, "%s", db_col_text(s, 5));
    snprintf(out->category, sizeof out->category, "%s", db_col_text(s, 6));
    snprintf(out->area, sizeof out->area, "%s", db_col_text(s, 7));
    out->grade = (int)db_col_int(s, 8);
    out->has_gps = !db_col_is_null(s, 9) && !db_col_is_null(s, 10);
    out->lng = db_col_double(s, 9);
    out->lat = db_col_double(s, 10);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int shops_level_on(int64_t shop_id, const char *day, char *level, size_t levellen, double *total) {
  db_stmt *s = db_prepare("SELECT level, total FROM shop_assessments WHERE shop_id = ? AND kind <> '自测' AND total IS NOT NULL AND level IS NOT NULL"
                          " AND substr(assessed_at, 1, 10) <= ? ORDER BY assessed_at DESC, id DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, day);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(level, levellen, "%s", db_col_text(s, 0));
    *total = db_col_double(s, 1);
  }
  db_reset(s);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}
