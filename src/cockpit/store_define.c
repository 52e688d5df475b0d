/* store_define.c — the SQL of indicator definitions: read one, read the others for the checks, insert or update,
 * disable, list. Callers hold the transaction; statuses are db_status (DB_CONSTRAINT for a duplicate code). */
#include "cockpit/internal.h"
#include <stdlib.h>
#include <string.h>

#define DEF_JSON                                                                                                                          \
  DB_JSON_OBJECT "('id', id, 'code', code, 'name', name, 'category', category, 'uom', uom, 'direction', direction, 'time_agg', time_agg," \
  " 'unit_agg', unit_agg, 'num_code', num_code, 'den_code', den_code, 'weight_code', weight_code, 'scale', scale, 'band_lo', band_lo,"  \
  " 'band_hi', band_hi, 'decimals', decimals, 'sort', sort, 'feeder', feeder, 'description', description,"                              \
  " 'enabled', json(CASE enabled WHEN 1 THEN 'true' ELSE 'false' END))"

json_t *ck_store_def_get(const char *code) {
  db_stmt *s = db_prepare("SELECT " DEF_JSON " FROM cockpit_indicators WHERE code = ?");
  if (!s) return NULL;
  db_bind_text(s, 1, code);
  json_t *rows = dbj_rows_text(s);
  json_t *one = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
  json_decref(rows);
  return one;
}

int ck_store_def_refs(ck_refs *rf, const char *except) {
  memset(rf, 0, sizeof *rf);
  db_stmt *s = db_prepare("SELECT " DB_JSON_OBJECT "('code', code, 'time_agg', time_agg, 'num_code', num_code, 'den_code', den_code, 'enabled', enabled)"
                          " FROM cockpit_indicators WHERE code IS NOT ?");
  if (!s) return -1;
  db_bind_text(s, 1, except);
  rf->rows = dbj_rows_text(s);
  if (!rf->rows) return -1;
  rf->n = json_array_size(rf->rows);
  rf->v = calloc(rf->n + 1, sizeof *rf->v);
  if (!rf->v) { json_decref(rf->rows); rf->rows = NULL; return -1; }
  for (size_t i = 0; i < rf->n; i++) {
    json_t *o = json_array_get(rf->rows, i);
    rf->v[i] = (cockpit_def_ref){json_string_value(json_object_get(o, "code")), json_string_value(json_object_get(o, "time_agg")),
                                 json_string_value(json_object_get(o, "num_code")), json_string_value(json_object_get(o, "den_code")),
                                 (int)json_integer_value(json_object_get(o, "enabled"))};
  }
  return 0;
}
void ck_store_refs_free(ck_refs *rf) {
  free(rf->v);
  json_decref(rf->rows);
  memset(rf, 0, sizeof *rf);
}

db_status ck_store_def_write(int creating, const ck_def_write *w) {
  const cockpit_def *d = w->def;
  int ratio = !strcmp(d->time_agg, "ratio"), band = !strcmp(d->direction, "band");
  db_stmt *s = creating
                   ? db_prepare("INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, num_code, den_code, scale,"
                                " band_lo, band_hi, decimals, sort, description, enabled, weight_code, created_at, updated_at)"
                                " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,COALESCE(?15,''),?16,?17,?18,?18)")
                   : db_prepare("UPDATE cockpit_indicators SET name = ?2, category = ?3, uom = ?4, direction = ?5, time_agg = ?6, unit_agg = ?7,"
                                " num_code = ?8, den_code = ?9, scale = ?10, band_lo = ?11, band_hi = ?12, decimals = ?13, sort = ?14,"
                                " description = COALESCE(?15, description), enabled = ?16, weight_code = ?17, updated_at = ?18"
                                " WHERE code = ?1");
  if (!s) return DB_ERROR;
  db_bind_text(s, 1, d->code);
  db_bind_text(s, 2, d->name);
  db_bind_text(s, 3, d->category);
  db_bind_text(s, 4, d->uom ? d->uom : "");
  db_bind_text(s, 5, d->direction);
  db_bind_text(s, 6, d->time_agg);
  db_bind_text(s, 7, d->unit_agg);
  db_bind_text(s, 8, ratio ? d->num_code : NULL);
  db_bind_text(s, 9, ratio ? d->den_code : NULL);
  db_bind_double(s, 10, d->scale);
  if (band) { db_bind_double(s, 11, d->band_lo); db_bind_double(s, 12, d->band_hi); } else { db_bind_null(s, 11); db_bind_null(s, 12); }
  db_bind_int(s, 13, w->decimals);
  db_bind_int(s, 14, w->sort);
  db_bind_text(s, 15, w->description);
  db_bind_int(s, 16, w->enabled);
  db_bind_text(s, 17, d->weight_code && *d->weight_code ? d->weight_code : NULL);
  char at[20];
  org_now(at);
  db_bind_text(s, 18, at);
  return db_step(s);
}

db_status ck_store_def_disable(const char *code) {
  db_stmt *s = db_prepare("UPDATE cockpit_indicators SET enabled = 0, updated_at = ?2 WHERE code = ?1 AND enabled = 1");
  if (!s) return DB_ERROR;
  char at[20];
  org_now(at);
  db_bind_text(s, 1, code);
  db_bind_text(s, 2, at);
  return db_step(s);
}
