/* pagecache.h — list answers kept under the change counters of the tables they read (base schema 002), so a list
 * that nothing has written to since is answered without running its page and count statements again. The caller
 * still authenticates, checks permission and works out the data scope on every request, and puts the scope into
 * the key: an entry is only ever served to a request that would have built exactly the same answer. */
#ifndef BASE_PAGECACHE_H
#define BASE_PAGECACHE_H
#include "base/http.h"
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The sum of the change counters of tables (NULL-terminated, at most 8 names): it grows whenever any of them is
 * written. Read it in the same read transaction as the rows. -1 on a database error. */
int64_t db_tables_version(const char *const *tables);
/* Bumps one table's counter: for a write the table's triggers do not see. Call inside the write transaction. */
int db_table_bump(const char *table);

/* A malloc'd copy of the answer stored under key at this version and still valid at now; NULL on a miss. */
char *pagecache_get(const char *key, int64_t version, time_t now, size_t *len);
/* Stores text (copied) under key for this version until valid_until (0 = no time limit). Large answers are not kept. */
void pagecache_put(const char *key, int64_t version, time_t valid_until, const char *text, size_t len);
/* A list handler's use, after it has checked the caller and validated the query:
 *   pc_req pc;
 *   if (pagecache_answer(r, tables, &pc, "org.users|%s|%d:%lld…", org_scope_key(r), …)) return;  // answered from the cache
 *   … build the page from the database …
 *   pagecache_send(r, &pc, valid_until, page, len);  // stores and answers 200 application/json
 * The key (printf-style) must name the list and everything the answer depends on: scope, filters, sort, page. */
typedef struct pc_req { int64_t version; const char *key; } pc_req;
int pagecache_answer(req *r, const char *const *tables, pc_req *pc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void pagecache_send(req *r, const pc_req *pc, time_t valid_until, char *page, size_t len);

/* Turns reuse off (every request misses: BUREAU_PAGE_CACHE=0, the benchmark's second figure) or on. */
void pagecache_enable(int on);
int pagecache_enabled(void);
/* Drops every entry (tests, shutdown). */
void pagecache_clear(void);
#endif
