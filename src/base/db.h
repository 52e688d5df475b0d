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

/* Runs one statement without rows; returns DB_DONE on success. */
db_status db_exec(const char *sql);
/* Runs a script of several statements (migrations). */
db_status db_exec_script(const char *sql, char *err, size_t errlen);
int64_t db_last_id(void);
int db_changes(void);
const char *db_errmsg(void);

/* Writes: BEGIN IMMEDIATE with bounded retry on a busy database. */
db_status db_begin(void);
db_status db_commit(void);
void db_rollback(void);

/* Online, consistent copy of the open database into a new file (SQLite backup API). */
int db_backup(const char *dest, char *err, size_t errlen);

/* Migrations: each file is named ".../<module>/schema/NNN_name.sql"; applies the missing ones in module order,
 * one transaction each, recording schema_version(module, version). Returns the number applied, -1 on error. */
int db_migrate(const char *const *modules, char *err, size_t errlen);
#endif
