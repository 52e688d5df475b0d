/* http.h — the HTTP server (libmicrohttpd, epoll thread pool), the route table and the per-request context.
 * A request context owns everything allocated for its request and frees it when the answer is sent. */
#ifndef BASE_HTTP_H
#define BASE_HTTP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

enum { HTTP_GET = 1, HTTP_POST = 2, HTTP_PATCH = 4, HTTP_PUT = 8, HTTP_DELETE = 16, HTTP_HEAD = 32, HTTP_OPTIONS = 64 };
enum {
  R_PUBLIC = 1,       /* no session needed (login, health) */
  R_PRE_PASSWORD = 2, /* allowed while the user must still change the password */
  R_RAW_BODY = 4,     /* the body is a file (imports), not JSON; larger cap */
};

typedef struct req req;
typedef void (*http_handler)(req *r);
typedef struct http_route {
  int method;
  const char *pattern; /* "/api/v1/org/users/:id" */
  const char *perm;    /* "org:user:list"; NULL = any logged-in user */
  http_handler fn;
  int flags;
} http_route;

typedef struct http_kv { char *key, *val; } http_kv;

#define HTTP_MAX_PARAMS 4
struct req {
  void *conn;                /* struct MHD_Connection */
  int method;
  const char *method_str;
  char *path;                /* percent-decoded path, no query */
  http_kv *query;
  size_t nquery;
  char *body;
  size_t body_len, body_cap;
  char ip[64];
  const http_route *route;
  char *params[HTTP_MAX_PARAMS];
  size_t nparams;
  /* Set by the auth hook for the handler. */
  void *auth;
  void (*auth_free)(void *);
  const char *log_user;      /* username for the access log (owned by auth) */
  /* Answer. */
  int status;
  char *resp;
  size_t resp_len;
  const char *resp_type;
  http_kv *hdrs;
  size_t nhdrs;
  int answered;
  /* Bookkeeping. */
  long long t0_us;
  void **owned;
  size_t nowned, capowned;
  json_t *json;              /* parsed body, owned */
  int too_large;
  int is_static;
  void *sse;                 /* set by http_sse: the answer is an event stream */
  long download_rows;        /* rows in an export being sent (-1 = a file, not a table); for the download hook */
};

typedef struct http_config {
  const char *listen;        /* "127.0.0.1:8080" */
  const char *web_dir;       /* built UI; NULL = none */
  unsigned threads;          /* 0 = cores */
  size_t max_body;           /* JSON bodies; default 1 MiB */
  size_t max_upload;         /* R_RAW_BODY routes; default 32 MiB */
  unsigned conn_limit, per_ip_limit, timeout_s;
  int trust_proxy;           /* take the client IP from X-Forwarded-For / X-Real-IP */
} http_config;

/* Called before every non-public handler: authenticate, check CSRF and r->route->perm.
 * Returns 0 to go on; otherwise it has already answered with an error. */
typedef int (*http_auth_hook)(req *r);
void http_set_auth_hook(http_auth_hook fn);
int http_add_routes(const http_route *routes, size_t n);
/* Runs until SIGINT/SIGTERM, then stops accepting, lets requests in flight finish and returns 0. */
int http_serve(const http_config *cfg);
/* Dispatches one request that is already filled in (tests, fuzzing): route, auth, handler. */
void http_dispatch(req *r);

/* A blank request context and its release (tests, fuzzing; the server makes its own). */
req *http_req_new(void);
void http_req_free(req *r);

/* Request accessors. */
const char *http_query(req *r, const char *key);       /* NULL when absent */
const char *http_header(req *r, const char *name);     /* NULL when absent */
const char *http_param(req *r, size_t i);              /* the i-th :param of the route */
int64_t http_param_id(req *r, size_t i);               /* > 0, or 0 when not a positive integer */
/* An optional positive-integer query parameter (a filter id): absent or empty → 0 with *out = 0; a whole number > 0 →
 * 0 with *out set; anything else answers 400 bad_query naming key ("key 应为正整数") and returns -1. */
int http_query_id(req *r, const char *key, int64_t *out);
void *req_own(req *r, void *p);                        /* frees p with the request; returns p */
char *req_strdup(req *r, const char *s);
char *req_printf(req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Answers (each request answers once; later calls are ignored). */
void http_json(req *r, int status, json_t *body);      /* steals body */
void http_send(req *r, int status, const char *ctype, char *buf, size_t len); /* takes buf (malloc'd) */
void http_error(req *r, err_id e, const char *field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void http_error_details(req *r, err_id e, const char *msg, json_t *details); /* steals details */
void http_add_header(req *r, const char *name, const char *value);
void http_attachment(req *r, const char *ctype, char *buf, size_t len, const char *filename);
/* Called for every attachment sent (exports, templates, uploaded files), before it is sent: the audit trail of
 * downloads. r->download_rows holds the export's row count. */
void http_set_download_hook(void (*fn)(req *r, const char *filename, size_t len));

/* Server-sent events: answers r with a text/event-stream that stays open. fill(ctx, buf, cap) writes the next events
 * into buf and returns their length, 0 when there is nothing to send now (the connection then sleeps, costing no
 * thread, until http_sse_wake), or (size_t)-1 to end the stream. fill runs on a server thread and must not block.
 * At most max_streams streams at once: beyond that the request is answered 503 and -1 is returned (ctx freed).
 * Idle streams send a keep-alive comment when woken ≥ 10 s after their last write: wake at least that often. */
typedef size_t (*http_sse_fill)(void *ctx, char *buf, size_t cap);
int http_sse(req *r, http_sse_fill fill, void *ctx, void (*ctx_free)(void *), unsigned max_streams);
void http_sse_wake(void);        /* every sleeping stream asks its fill again; any thread */
unsigned http_sse_count(void);

/* Pure parsers of outside input (fuzzed). */
int http_parse_query(const char *qs, size_t len, http_kv **out, size_t *n); /* 0 ok, -1 malformed/too many */
void http_kv_free(http_kv *kv, size_t n);
char *http_url_decode(const char *s, size_t len, int plus_is_space); /* NULL on bad escape or NUL byte */
int http_cookie_get(const char *header, const char *name, char *out, size_t outlen); /* 1 found, 0 not */
int http_method_id(const char *m);

/* List parameters: page, size, sort (one of sorts, optional '-' prefix), q. Answers 400 naming the field. */
typedef struct list_params { int64_t page, size, offset; int sort; int desc; const char *q; int export_fmt; } list_params;
enum { EXPORT_NONE = 0, EXPORT_XLSX, EXPORT_CSV };
int http_list_params(req *r, const char *const *sorts, int default_sort, int default_desc, list_params *lp);

/* Route matching (pure): index of the matching route, -1 none, -2 path matches but not the method. */
int router_match(const http_route *routes, size_t n, int method, const char *path, char **params, size_t *nparams);

long long http_now_us(void);
/* The server's worker thread count once http_serve has started (0 before): others size their queues by it. */
unsigned http_pool_threads(void);
/* The client address from a proxy header (pure): X-Real-IP (last=0) or the last X-Forwarded-For entry (last=1).
 * 0 and a valid IPv4/IPv6 address in out, else -1. */
int http_client_ip_from(const char *value, int last, char *out, size_t outlen);
#endif
