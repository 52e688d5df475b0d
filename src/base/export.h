/* export.h — answers a list as an XLSX or CSV download, and turns database rows into JSON objects. */
#ifndef BASE_EXPORT_H
#define BASE_EXPORT_H
#include "base/db.h"
#include "base/http.h"
#include <jansson.h>

typedef struct export_col {
  const char *title; /* column header, e.g. "用户名" */
  const char *key;   /* key in each item object; dotted "roles[].name" joins an array of objects' field with "、" */
  int numeric;       /* written as a number in XLSX */
} export_col;

/* Sends items (borrowed JSON array of objects) as fmt (EXPORT_XLSX/EXPORT_CSV) named "<name>_<date>.<ext>".
 * viewer (name of whoever exports) goes into the XLSX page header and author property. */
void export_send(req *r, int fmt, const char *name, const export_col *cols, size_t ncols, json_t *items, const char *viewer);
/* The same columns with no rows: an import template. */
void export_template(req *r, int fmt, const char *name, const export_col *cols, size_t ncols, const char *example_row[]);

/* One row as an object keyed by column name: integers, reals and text keep their type; NULL → null.
 * A column named "b_x" becomes boolean "x"; "j_x" is parsed as JSON into "x". New reference. */
json_t *dbj_row(db_stmt *s);
/* One row of sql (one `?` bound to id) as an object, NULL when there is none. */
json_t *dbj_one(const char *sql, int64_t id);
/* The integer first column of sql (one `?` bound to text), 0 when there is no row: id lookups by code. */
int64_t db_id_by_text(const char *sql, const char *text);
/* All rows of a stepped statement as an array. NULL on database error. */
json_t *dbj_rows(db_stmt *s);
/* The first element of rows (dbj_rows or dbj_rows_text), taking rows: a single record's lookup. New reference; NULL
 * when rows is NULL (database error) or empty. */
json_t *dbj_first(json_t *rows);
/* The first row's first column (a JSON object's text, built by SQLite's json_object) parsed, then the statement reset:
 * a single record's lookup. New reference; NULL when there is no row or on error. */
json_t *dbj_one_text(db_stmt *s);
/* Rows whose first column is a JSON object's text (built by SQLite's json_object) joined into the list answer
 * {"items":[…],"total":N} without building a tree: the fast path for list pages. malloc'd, NULL on error. */
char *dbj_page_text(db_stmt *s, int64_t total, size_t *len);
/* A list page whose count and rows share one WHERE and its parameters: count_sql is "SELECT count(*) …", page_sql the
 * same FROM … WHERE selecting one json_object per row and ending "LIMIT ?L OFFSET ?L+1" with L = limit_at; bind binds
 * the shared parameters in both (ctx is its own). The answer as dbj_page_text; NULL on error. */
typedef void (*dbj_binder)(db_stmt *s, const void *ctx);
char *dbj_page(const char *count_sql, const char *page_sql, dbj_binder bind, const void *ctx, int limit_at, int64_t size, int64_t offset,
               size_t *len);
/* The same rows parsed into a JSON array (exports, single records). NULL on error. */
json_t *dbj_rows_text(db_stmt *s);
/* The write transaction of a handler: begin (503 busy when the database stays locked), commit (500 and nothing
 * changed when it fails), fail (roll back, 500). 0 ok / -1 answered. Modules' *_tx_* helpers are these. */
int dbj_tx_begin(req *r);
int dbj_tx_commit(req *r);
void dbj_tx_fail(req *r);
/* Answers the constraint failure the last db_step reported (DB_CONSTRAINT), after the caller rolled back: a
 * uniqueness clash is 409 duplicate naming the column as the field ("<what>已存在", what defaults to the column);
 * anything else 409 constraint_failed. Check inside the write transaction, let the constraint decide races. */
void dbj_constraint_error(req *r, const char *what);
/* "%q%" with LIKE's wildcards escaped by '\' (use ESCAPE '\'); owned by r. NULL when q is NULL. */
const char *dbj_like(req *r, const char *q);
#endif
