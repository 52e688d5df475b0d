/* db.h — the database layer: one connection per thread, cached prepared statements, `?` placeholders only,
 * a small status enum. Written against SQLite; the interface names no SQLite type so a PostgreSQL backend
 * can stand behind it later. */
#ifndef BASE_DB_H
#define BASE_DB_H
#include <stddef.h>
#include <stdint.h>

typedef enum { DB_OK = 0, DB_ROW, DB_DONE, DB_ERROR, DB_BUSY, DB_CONSTRAINT } db_status;
typedef struct db_stmt db_stmt;

/* Sets the database file every thread opens (WAL, foreign keys, busy timeout). Call once before db_prepare. */
int db_configure(const char *path);
const char *db_path(void);
/* Closes this thread's connection and its statements (worker thread exit, tests). */
void db_thread_close(void);
/* Closes every thread's connection (after the server's workers have stopped). */
void db_close_all(void);

/* Returns this thread's cached statement for sql, reset and with bindings cleared; NULL on error (logged).
 * The statement belongs to the cache: do not finalize it. */
db_stmt *db_prepare(const char *sql);
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds SQL NULL; text copied */
void db_bind_blob(db_stmt *s, int idx, const void *v, size_t n);
void db_bind_null(db_stmt *s, int idx);
db_status db_step(db_stmt *s);      /* DB_ROW, DB_DONE, DB_CONSTRAINT, DB_BUSY or DB_ERROR */
void db_reset(db_stmt *s);          /* done with the rows early */
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* "" for NULL; valid until the next step/reset */
const void *db_col_blob(db_stmt *s, int col, size_t *n);
int db_col_is_null(db_stmt *s, int col);
int db_col_count(db_stmt *s);
enum { DB_T_NULL, DB_T_INT, DB_T_FLOAT, DB_T_TEXT, DB_T_BLOB };
int db_col_kind(db_stmt *s, int col);
const char *db_col_name(db_stmt *s, int col);

/* After DB_CONSTRAINT: which kind of constraint failed on this thread, and the column it names ("username" of
 * UNIQUE users.username; "" when the engine names none, as for foreign keys). Handlers answer 409 naming that field
 * (dbj_constraint_error in export.h). */
typedef enum { DB_C_NONE = 0, DB_C_UNIQUE, DB_C_FOREIGN, DB_C_NOTNULL, DB_C_CHECK, DB_C_OTHER } db_constraint_kind;
db_constraint_kind db_constraint_kind_last(void);
const char *db_constraint_column(void);

/* The SQLite-only constructs, behind names, so that a second engine changes base/ and the schema files, not stores:
 * - the current time: bind it (the bureau's clock and time zone, "YYYY-MM-DD HH:MM:SS"), never datetime('now');
 * - insert-or-ignore: DB_INSERT_IGNORE "t(a,b) VALUES(?,?)" DB_ON_CONFLICT_IGNORE;
 * - building JSON in SQL: DB_JSON_OBJECT(...), DB_JSON_ARRAY_AGG(x);
 * - a list of ids: "WHERE id" DB_IN_IDS(3) with db_bind_ids(s, 3, ids, n);
 * - the new row's id: db_insert(s). */
void db_bind_now(db_stmt *s, int idx);
#define DB_INSERT_IGNORE "INSERT OR IGNORE INTO "
#define DB_ON_CONFLICT_IGNORE ""
#define DB_JSON_OBJECT "json_object"
#define DB_JSON_ARRAY_AGG "json_group_array"
#define DB_IN_IDS(n) " IN (SELECT value FROM json_each(?" #n "))"
int db_bind_ids(db_stmt *s, int idx, const int64_t *ids, size_t n); /* binds the list as "[1,2,3]"; 0 ok, -1 no memory */
/* Steps an INSERT: the new row's id; 0 when a constraint refused it (see db_constraint_*); -1 on error. */
int64_t db_insert(db_stmt *s);

/* Runs one statement without rows; returns DB_DONE on success. */
db_status db_exec(const char *sql);
/* Runs a script of several statements (migrations). */
db_status db_exec_script(const char *sql, char *err, size_t errlen);
int64_t db_last_id(void);
int db_changes(void);
const char *db_errmsg(void);

/* Writes: BEGIN IMMEDIATE with bounded retry on a busy database. */
db_status db_begin(void);
int db_in_tx(void);       /* 1 inside a transaction on this thread's connection */
/* A read snapshot (deferred BEGIN) and its end (COMMIT); DB_DONE on success. */
db_status db_read_begin(void);
db_status db_read_end(void);
/* This connection's page cache, in KiB (a large import keeps its B-tree pages in memory); DB_DONE on success. */
db_status db_cache_kib(int kib);
int db_in_write_tx(void); /* 1 inside one that has written (or began IMMEDIATE) */
db_status db_commit(void);
void db_rollback(void);

/* Online, consistent copy of the open database into a new file (SQLite backup API). */
int db_backup(const char *dest, char *err, size_t errlen);

/* Migrations: each file is named ".../<module>/schema/NNN_name.sql"; applies the missing ones in module order,
 * one transaction each, recording schema_version(module, version). Returns the number applied, -1 on error. */
int db_migrate(const char *const *modules, char *err, size_t errlen);
#endif
