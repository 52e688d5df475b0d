/* export.c — XLSX/CSV downloads of lists (with the viewer in the page header), and row → JSON conversion. */
#include "base/export.h"
#include "base/csv.h"
#include "base/strbuf.h"
#include "base/table.h"
#include "base/util.h"
#include "base/xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *cell_text(json_t *item, const char *key) {
  const char *br = strstr(key, "[].");
  if (br) {
    /* "roles[].name": the field of every element, joined with 、 */
    char arrkey[64];
    snprintf(arrkey, sizeof arrkey, "%.*s", (int)(br - key), key);
    strbuf b = {0};
    if (sb_reserve(&b, 0)) return NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(item, arrkey), i, e) {
      char *t = cell_text(e, br + 3);
      if (t && ((i && sb_adds(&b, "、")) || sb_adds(&b, t))) { free(t); free(b.p); return NULL; }
      free(t);
    }
    return b.p;
  }
  json_t *v = json_object_get(item, key);
  char tmp[64];
  if (!v || json_is_null(v)) return strdup("");
  if (json_is_string(v)) return strdup(json_string_value(v));
  if (json_is_integer(v)) { snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v)); return strdup(tmp); }
  if (json_is_real(v)) { snprintf(tmp, sizeof tmp, "%.15g", json_real_value(v)); return strdup(tmp); }
  if (json_is_true(v)) return strdup("是");
  if (json_is_false(v)) return strdup("否");
  return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static void send_tab(req *r, int fmt, const char *name, tab *t, const export_col *cols, size_t ncols, const char *viewer) {
  char date[11], now[20], fname[256];
  time_t tt = util_now();
  util_date_str(tt, date);
  util_time_str(tt, now);
  size_t len = 0;
  char *buf;
  if (fmt == EXPORT_CSV) {
    buf = csv_write(t, &len);
    snprintf(fname, sizeof fname, "%s_%s.csv", name, date);
  } else {
    unsigned char *num = calloc(ncols ? ncols : 1, 1);
    for (size_t c = 0; num && c < ncols; c++) num[c] = (unsigned char)cols[c].numeric;
    char hf[256];
    snprintf(hf, sizeof hf, "%s  导出人：%s  导出时间：%s", name, viewer ? viewer : "-", now);
    xlsx_opts o = {.sheet_name = name, .title = name, .author = viewer, .header_footer = hf, .numeric_cols = num, .ncols_flags = num ? ncols : 0};
    buf = xlsx_write(t, &o, &len);
    free(num);
    snprintf(fname, sizeof fname, "%s_%s.xlsx", name, date);
  }
  tab_free(t);
  if (!buf) { http_error(r, ERR_INTERNAL, NULL, "导出失败"); return; }
  http_attachment(r, fmt == EXPORT_CSV ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf, len, fname);
}

static tab *header_tab(const export_col *cols, size_t ncols) {
  tab *t = tab_new();
  const char **hdr = calloc(ncols ? ncols : 1, sizeof *hdr);
  if (!t || !hdr) { free(hdr); tab_free(t); return NULL; }
  for (size_t c = 0; c < ncols; c++) hdr[c] = cols[c].title;
  int rc = tab_add_row(t, ncols, hdr);
  free(hdr);
  if (rc) { tab_free(t); return NULL; }
  return t;
}

void export_send(req *r, int fmt, const char *name, const export_col *cols, size_t ncols, json_t *items, const char *viewer) {
  tab *t = header_tab(cols, ncols);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    char **cells = calloc(ncols ? ncols : 1, sizeof *cells);
    if (!cells) { tab_free(t); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    for (size_t c = 0; c < ncols; c++) cells[c] = cell_text(item, cols[c].key);
    int rc = tab_add_row(t, ncols, (const char *const *)cells);
    for (size_t c = 0; c < ncols; c++) free(cells[c]);
    free(cells);
    if (rc) { tab_free(t); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  }
  r->download_rows = (long)json_array_size(items);
  send_tab(r, fmt, name, t, cols, ncols, viewer);
}

void export_template(req *r, int fmt, const char *name, const export_col *cols, size_t ncols, const char *example_row[]) {
  tab *t = header_tab(cols, ncols);
  if (!t) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (example_row) tab_add_row(t, ncols, example_row);
  send_tab(r, fmt, name, t, cols, ncols, NULL);
}

json_t *dbj_row(db_stmt *s) {
  json_t *o = json_object();
  int n = db_col_count(s);
  for (int c = 0; c < n; c++) {
    const char *name = db_col_name(s, c);
    json_t *v;
    if (strncmp(name, "b_", 2) == 0) {
      name += 2;
      v = db_col_is_null(s, c) ? json_null() : json_boolean(db_col_int(s, c) != 0);
    } else if (strncmp(name, "j_", 2) == 0) {
      name += 2;
      v = db_col_is_null(s, c) ? json_null() : json_loads(db_col_text(s, c), JSON_DECODE_ANY, NULL);
      if (!v) v = json_null();
    } else {
      switch (db_col_kind(s, c)) {
      case DB_T_NULL: v = json_null(); break;
      case DB_T_INT: v = json_integer(db_col_int(s, c)); break;
      case DB_T_FLOAT: v = json_real(db_col_double(s, c)); break;
      default: v = json_string(db_col_text(s, c)); break;
      }
      if (!v) v = json_null(); /* text that is not valid UTF-8 */
    }
    json_object_set_new(o, name, v);
  }
  return o;
}

json_t *dbj_rows(db_stmt *s) {
  if (!s) return NULL;
  json_t *a = json_array();
  db_status st;
  while ((st = db_step(s)) == DB_ROW) json_array_append_new(a, dbj_row(s));
  if (st != DB_DONE) { json_decref(a); return NULL; }
  return a;
}

json_t *dbj_first(json_t *rows) {
  json_t *one = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
  json_decref(rows);
  return one;
}

json_t *dbj_one_text(db_stmt *s) {
  json_t *o = db_step(s) == DB_ROW ? json_loads(db_col_text(s, 0), 0, NULL) : NULL;
  db_reset(s);
  return o;
}

int dbj_tx_begin(req *r) {
  if (db_begin() != DB_OK) { http_error(r, ERR_BUSY, NULL, NULL); return -1; }
  return 0;
}
int dbj_tx_commit(req *r) {
  if (db_commit() != DB_OK) { http_error(r, ERR_INTERNAL, NULL, "保存失败，数据未改变"); return -1; }
  return 0;
}
void dbj_tx_fail(req *r) {
  db_rollback();
  http_error(r, ERR_INTERNAL, NULL, "保存失败，数据未改变");
}

void dbj_constraint_error(req *r, const char *what) {
  const char *col = db_constraint_column();
  switch (db_constraint_kind_last()) {
  case DB_C_UNIQUE: http_error(r, ERR_DUPLICATE, *col ? col : NULL, "%s已存在", what ? what : *col ? col : "记录"); break;
  case DB_C_FOREIGN: http_error(r, ERR_CONSTRAINT, NULL, "关联的记录不存在或仍被引用，未保存"); break;
  case DB_C_NOTNULL: http_error(r, ERR_MISSING, *col ? col : NULL, "缺少%s", what ? what : *col ? col : "必填字段"); break;
  default: http_error(r, ERR_CONSTRAINT, *col ? col : NULL, NULL); break;
  }
}

const char *dbj_like(req *r, const char *q) {
  if (!q) return NULL;
  size_t n = strlen(q);
  char *out = req_own(r, malloc(2 * n + 3));
  if (!out) return NULL;
  size_t o = 0;
  out[o++] = '%';
  for (size_t i = 0; i < n; i++) {
    if (q[i] == '%' || q[i] == '_' || q[i] == '\\') out[o++] = '\\';
    out[o++] = q[i];
  }
  out[o++] = '%';
  out[o] = 0;
  return out;
}

char *dbj_page_text(db_stmt *s, int64_t total, size_t *len) {
  strbuf b = {0};
  int bad = sb_adds(&b, "{\"items\":[");
  db_status st;
  int first = 1;
  while ((st = db_step(s)) == DB_ROW) {
    if (!bad && !first) bad = sb_addc(&b, ',');
    if (!bad) bad = sb_adds(&b, db_col_text(s, 0));
    first = 0;
  }
  if (!bad) bad = sb_addf(&b, "],\"total\":%lld}", (long long)total);
  if (st != DB_DONE || bad) { free(b.p); return NULL; }
  *len = b.n;
  return b.p;
}

char *dbj_page(const char *count_sql, const char *page_sql, dbj_binder bind, const void *ctx, int limit_at, int64_t size, int64_t offset,
               size_t *len) {
  db_stmt *c = db_prepare(count_sql);
  if (!c) return NULL;
  bind(c, ctx);
  int64_t total = db_step(c) == DB_ROW ? db_col_int(c, 0) : -1;
  db_reset(c);
  if (total < 0) return NULL;
  db_stmt *s = db_prepare(page_sql);
  if (!s) return NULL;
  bind(s, ctx);
  db_bind_int(s, limit_at, size);
  db_bind_int(s, limit_at + 1, offset);
  return dbj_page_text(s, total, len);
}

json_t *dbj_rows_text(db_stmt *s) {
  if (!s) return NULL;
  json_t *a = json_array();
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    json_t *o = json_loads(db_col_text(s, 0), 0, NULL);
    if (o) json_array_append_new(a, o);
  }
  if (st != DB_DONE) { json_decref(a); return NULL; }
  return a;
}

json_t *dbj_one(const char *sql, int64_t id) {
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  return o;
}

int64_t db_id_by_text(const char *sql, const char *text) {
  db_stmt *s = db_prepare(sql);
  if (!s) return 0;
  db_bind_text(s, 1, text);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}
