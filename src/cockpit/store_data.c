/* store_data.c — the SQL of the cockpit's data in: the indicator list and its admin settings, stored values a page at a
 * time (data scope in the WHERE), targets, API keys, and the unit list for pickers (org's units, read only). Writes run
 * inside the caller's transaction. */
#include "cockpit/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *ck_store_indicators(const char *category, int all) {
  db_stmt *s = db_prepare("SELECT " DB_JSON_OBJECT "('id', id, 'code', code, 'name', name, 'category', category, 'uom', uom, 'direction', direction,"
                          " 'time_agg', time_agg, 'unit_agg', unit_agg, 'num_code', num_code, 'den_code', den_code, 'weight_code', weight_code, 'scale', scale, 'band_lo', band_lo,"
                          " 'band_hi', band_hi, 'decimals', decimals, 'weight', weight, 'key_view', json(CASE key_view WHEN 1 THEN 'true' ELSE 'false' END),"
                          " 'feeder', feeder, 'description', description, 'enabled', json(CASE enabled WHEN 1 THEN 'true' ELSE 'false' END))"
                          " FROM cockpit_indicators WHERE (?1 IS NULL OR category = ?1) AND (?2 = 1 OR enabled = 1) ORDER BY sort, id");
  if (!s) return NULL;
  db_bind_text(s, 1, category);
  db_bind_int(s, 2, all);
  return dbj_rows_text(s);
}

int64_t ck_store_ind_lookup(const char *code, int enabled_only, ck_ind_kind *kind) {
  db_stmt *s = db_prepare("SELECT id, time_agg FROM cockpit_indicators WHERE code = ? AND (enabled = 1 OR ? = 0)");
  if (!s) return 0;
  db_bind_text(s, 1, code);
  db_bind_int(s, 2, enabled_only);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  if (id && kind) {
    kind->ratio = !strcmp(db_col_text(s, 1), "ratio");
    kind->sum = !strcmp(db_col_text(s, 1), "sum");
  }
  db_reset(s);
  return id;
}

db_status ck_store_ind_settings(int64_t id, const double *weight, int key_view, int enabled, const char *description) {
  db_stmt *s = db_prepare("UPDATE cockpit_indicators SET weight = COALESCE(?2, weight), key_view = COALESCE(?3, key_view), enabled = COALESCE(?4, enabled),"
                          " description = COALESCE(?5, description), updated_at = ?6 WHERE id = ?1");
  if (!s) return DB_ERROR;
  char at[20];
  org_now(at);
  db_bind_text(s, 6, at);
  db_bind_int(s, 1, id);
  if (weight) db_bind_double(s, 2, *weight); else db_bind_null(s, 2);
  if (key_view >= 0) db_bind_int(s, 3, key_view); else db_bind_null(s, 3);
  if (enabled >= 0) db_bind_int(s, 4, enabled); else db_bind_null(s, 4);
  db_bind_text(s, 5, description);
  return db_step(s);
}

char *ck_store_values_page(req *r, const ck_values_filter *f, int64_t size, int64_t offset, size_t *len) {
#define VALUES_WHERE                                                                                                                       \
  " FROM cockpit_values v JOIN cockpit_indicators i ON i.id = v.indicator_id JOIN units u ON u.id = v.unit_id"                           \
  " WHERE (?4 IS NULL OR i.code = ?4) AND (?5 IS NULL OR v.unit_id = ?5) AND (?6 IS NULL OR v.month >= ?6) AND (?7 IS NULL OR v.month <= ?7)" \
  " AND " ORG_SCOPE_SQL("v.unit_id", "NULL", 1, 2, 3)
  db_stmt *stmts[2] = {
    db_prepare("SELECT " DB_JSON_OBJECT "('indicator', i.code, 'indicator_name', i.name, 'unit_id', v.unit_id, 'unit_name', u.name, 'month', v.month,"
               " 'value', v.value, 'source', v.source, 'updated_by', v.updated_by, 'updated_at', v.updated_at)" VALUES_WHERE
               " ORDER BY v.month DESC, i.sort, i.id, u.sort, u.id LIMIT ?8 OFFSET ?9"),
    db_prepare("SELECT count(*)" VALUES_WHERE),
  };
#undef VALUES_WHERE
  if (!stmts[0] || !stmts[1] || !org_caller_scope(r)) return NULL;
  for (int k = 0; k < 2; k++) {
    db_stmt *s = stmts[k];
    org_scope_bind(r, s, 1);
    db_bind_text(s, 4, f->indicator);
    if (f->unit_id) db_bind_int(s, 5, f->unit_id); else db_bind_null(s, 5);
    db_bind_text(s, 6, f->from);
    db_bind_text(s, 7, f->to);
  }
  db_bind_int(stmts[0], 8, size);
  db_bind_int(stmts[0], 9, offset);
  int64_t total = db_step(stmts[1]) == DB_ROW ? db_col_int(stmts[1], 0) : 0;
  db_reset(stmts[1]);
  return dbj_page_text(stmts[0], total, len);
}

db_status ck_store_targets_replace(int64_t ind, int64_t unit, int64_t year, const cockpit_num t[13]) {
  db_stmt *s = db_prepare("DELETE FROM cockpit_targets WHERE indicator_id = ? AND unit_id = ? AND year = ?");
  if (!s) return DB_ERROR;
  db_bind_int(s, 1, ind);
  db_bind_int(s, 2, unit);
  db_bind_int(s, 3, year);
  db_status st = db_step(s);
  char at[20];
  org_now(at);
  for (int k = 0; st == DB_DONE && k <= 12; k++) {
    if (!t[k].ok) continue;
    s = db_prepare("INSERT INTO cockpit_targets(indicator_id, unit_id, year, month, value, updated_at) VALUES(?,?,?,?,?,?)");
    if (!s) return DB_ERROR;
    db_bind_text(s, 6, at);
    db_bind_int(s, 1, ind);
    db_bind_int(s, 2, unit);
    db_bind_int(s, 3, year);
    db_bind_int(s, 4, k);
    db_bind_double(s, 5, t[k].v);
    st = db_step(s);
  }
  return st;
}

int ck_store_targets_get(int64_t ind, int64_t unit, int64_t year, cockpit_num t[13]) {
  for (int k = 0; k <= 12; k++) t[k] = COCKPIT_NONE;
  db_stmt *s = db_prepare("SELECT month, value FROM cockpit_targets WHERE indicator_id = ? AND unit_id = ? AND year = ?");
  if (!s) return -1;
  db_bind_int(s, 1, ind);
  db_bind_int(s, 2, unit);
  db_bind_int(s, 3, year);
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    int64_t m = db_col_int(s, 0);
    if (m >= 0 && m <= 12) t[m] = COCKPIT_VAL(db_col_double(s, 1));
  }
  return st == DB_DONE ? 0 : -1;
}

json_t *ck_store_keys(void) {
  db_stmt *s = db_prepare("SELECT " DB_JSON_OBJECT "('id', id, 'name', name, 'prefix', prefix, 'indicators', json(indicator_codes), 'created_at', created_at,"
                          " 'revoked_at', revoked_at, 'last_used_at', last_used_at) FROM cockpit_keys ORDER BY id DESC");
  return s ? dbj_rows_text(s) : NULL;
}

int64_t ck_store_key_insert(const char *name, const char *prefix, const char *hash, const char *codes_json, int64_t created_by) {
  db_stmt *s = db_prepare("INSERT INTO cockpit_keys(name, prefix, key_hash, indicator_codes, created_by, created_at) VALUES(?,?,?,?,?,?)");
  if (!s) return 0;
  char at[20];
  org_now(at);
  db_bind_text(s, 6, at);
  db_bind_text(s, 1, name);
  db_bind_text(s, 2, prefix);
  db_bind_text(s, 3, hash);
  db_bind_text(s, 4, codes_json);
  db_bind_int(s, 5, created_by);
  int64_t id = db_insert(s);
  return id > 0 ? id : 0;
}

int ck_store_key_revoke(int64_t id) {
  db_stmt *s = db_prepare("UPDATE cockpit_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  if (!s) return -1;
  char at[20];
  org_now(at);
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, at);
  return db_step(s) == DB_DONE ? db_changes() : -1;
}

int ck_store_key_find(const char *hash, int64_t *id, char *name, size_t namelen, json_t **scope) {
  db_stmt *s = db_prepare("SELECT id, name, indicator_codes FROM cockpit_keys WHERE key_hash = ? AND revoked_at IS NULL");
  if (!s) return -1;
  db_bind_text(s, 1, hash);
  db_status st = db_step(s);
  if (st != DB_ROW) return st == DB_DONE ? 0 : -1;
  *id = db_col_int(s, 0);
  snprintf(name, namelen, "%s", db_col_text(s, 1));
  *scope = json_loads(db_col_text(s, 2), 0, NULL);
  db_reset(s);
  return 1;
}

db_status ck_store_key_touch(int64_t id) {
  db_stmt *s = db_prepare("UPDATE cockpit_keys SET last_used_at = ?2 WHERE id = ?1");
  if (!s) return DB_ERROR;
  char at[20];
  org_now(at);
  db_bind_int(s, 1, id);
  db_bind_text(s, 2, at);
  return db_step(s);
}

json_t *ck_store_units(void) {
  db_stmt *s = db_prepare("SELECT " DB_JSON_OBJECT "('id', id, 'parent_id', parent_id, 'code', code, 'name', name, 'kind', kind) FROM units WHERE enabled = 1 ORDER BY path, sort");
  return s ? dbj_rows_text(s) : NULL;
}

int ck_store_targets_year(int64_t ind, int64_t year, const ck_tree *t, cockpit_num *grid) {
  for (size_t k = 0; k < t->n * 13; k++) grid[k] = COCKPIT_NONE;
  db_stmt *s = db_prepare("SELECT unit_id, month, value FROM cockpit_targets WHERE indicator_id = ? AND year = ?");
  if (!s) return -1;
  db_bind_int(s, 1, ind);
  db_bind_int(s, 2, year);
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    int64_t id = db_col_int(s, 0), m = db_col_int(s, 1);
    int u = ck_tree_find(t, id);
    if (u >= 0 && m >= 0 && m <= 12) grid[(size_t)u * 13 + (size_t)m] = COCKPIT_VAL(db_col_double(s, 2));
  }
  return st == DB_DONE ? 0 : -1;
}
