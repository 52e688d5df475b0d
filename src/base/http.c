/* http.c — libmicrohttpd server: request context life, body caps, dispatch to routes, static UI files, access log. */
#include "base/http.h"
#include "base/compress.h"
#include "base/db.h"
#include "base/log.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static http_route *g_routes;
static size_t g_nroutes;
static http_auth_hook g_auth;
static http_config g_cfg;
static unsigned g_threads;
unsigned http_pool_threads(void) { return g_threads; }
static char g_web_real[PATH_MAX];
static atomic_int g_active;

void http_set_auth_hook(http_auth_hook fn) { g_auth = fn; }

int http_add_routes(const http_route *routes, size_t n) {
  http_route *nr = realloc(g_routes, (g_nroutes + n) * sizeof *nr);
  if (!nr) return -1;
  memcpy(nr + g_nroutes, routes, n * sizeof *nr);
  g_routes = nr;
  g_nroutes += n;
  return 0;
}

long long http_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* ---- request context ---- */
static void req_free(req *r);

void *req_own(req *r, void *p) {
  if (!p) return NULL;
  if (r->nowned == r->capowned) {
    size_t cap = r->capowned ? r->capowned * 2 : 16;
    void **n = realloc(r->owned, cap * sizeof *n);
    if (!n) { free(p); return NULL; }
    r->owned = n;
    r->capowned = cap;
  }
  r->owned[r->nowned++] = p;
  return p;
}
char *req_strdup(req *r, const char *s) { return s ? req_own(r, strdup(s)) : NULL; }
char *req_printf(req *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0) s = NULL;
  va_end(ap);
  return req_own(r, s);
}

req *http_req_new(void) {
  req *r = calloc(1, sizeof *r);
  if (r) strcpy(r->ip, "-");
  return r;
}
void http_req_free(req *r) { req_free(r); }

static void sse_drop(void *p);

static void req_free(req *r) {
  if (!r) return;
  if (r->sse) sse_drop(r->sse); /* a stream that was never queued (tests, an aborted connection) */
  if (r->auth_free) r->auth_free(r->auth);
  for (size_t i = 0; i < r->nowned; i++) free(r->owned[i]);
  free(r->owned);
  for (size_t i = 0; i < r->nparams; i++) free(r->params[i]);
  for (size_t i = 0; i < r->nhdrs; i++) { free(r->hdrs[i].key); free(r->hdrs[i].val); }
  free(r->hdrs);
  http_kv_free(r->query, r->nquery);
  json_decref(r->json);
  free(r->path);
  free(r->body);
  free(r->resp);
  free(r);
}

const char *http_query(req *r, const char *key) {
  for (size_t i = 0; i < r->nquery; i++)
    if (strcmp(r->query[i].key, key) == 0) return r->query[i].val;
  return NULL;
}
const char *http_header(req *r, const char *name) {
  if (!r->conn) return NULL;
  return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}
const char *http_param(req *r, size_t i) { return i < r->nparams ? r->params[i] : NULL; }
int http_query_id(req *r, const char *key, int64_t *out) {
  const char *v = http_query(r, key);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0 || errno) { http_error(r, ERR_BAD_QUERY, key, "%s 应为正整数", key); return -1; }
  *out = n;
  return 0;
}
int64_t http_param_id(req *r, size_t i) {
  const char *s = http_param(r, i);
  if (!s || !*s || strlen(s) > 18) return 0;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    v = v * 10 + (*s - '0');
  }
  return v;
}

void http_add_header(req *r, const char *name, const char *value) {
  http_kv *n = realloc(r->hdrs, (r->nhdrs + 1) * sizeof *n);
  if (!n) return;
  r->hdrs = n;
  r->hdrs[r->nhdrs].key = strdup(name);
  r->hdrs[r->nhdrs].val = strdup(value);
  if (!r->hdrs[r->nhdrs].key || !r->hdrs[r->nhdrs].val) { free(r->hdrs[r->nhdrs].key); free(r->hdrs[r->nhdrs].val); return; }
  r->nhdrs++;
}

void http_send(req *r, int status, const char *ctype, char *buf, size_t len) {
  if (r->answered) { free(buf); return; }
  r->answered = 1;
  r->status = status;
  r->resp = buf;
  r->resp_len = len;
  r->resp_type = ctype;
}

void http_json(req *r, int status, json_t *body) {
  if (r->answered) { json_decref(body); return; }
  char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;
  json_decref(body);
  if (!s) { s = strdup("{\"error\":{\"code\":\"internal_error\",\"message\":\"服务器内部错误\"}}"); status = 500; }
  http_send(r, status, "application/json; charset=utf-8", s, s ? strlen(s) : 0);
}

/* Messages may quote outside input (a field name, a cut-off value): make them valid UTF-8, '?' for bad bytes. */
static void utf8_fix(char *s) {
  unsigned char *p = (unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    int ok = len > 0;
    for (int i = 1; ok && i < len; i++) ok = (p[i] & 0xC0) == 0x80;
    if (ok && len > 1) {
      unsigned cp = len == 2 ? ((c & 0x1Fu) << 6 | (p[1] & 0x3Fu)) : len == 3 ? ((c & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu))
                                                                      : ((c & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu));
      ok = (len == 2 && cp >= 0x80) || (len == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) || (len == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
    }
    if (!ok) { *p++ = '?'; continue; }
    p += len;
  }
}

static void error_common(req *r, err_id e, const char *field, const char *msg_in, json_t *details) {
  char msg[600];
  snprintf(msg, sizeof msg, "%s", msg_in ? msg_in : err_message(e));
  utf8_fix(msg);
  json_t *err = json_pack("{s:s, s:s}", "code", err_code(e), "message", msg);
  if (field) {
    char f[128];
    snprintf(f, sizeof f, "%s", field);
    utf8_fix(f);
    json_object_set_new(err, "field", json_string(f));
  }
  if (details) json_object_set_new(err, "details", details);
  int st = err_status(e);
  if (st >= 500) log_error("answer %d %s %s: %s", st, r->method_str ? r->method_str : "-", r->path ? r->path : "-", msg);
  http_json(r, st, json_pack("{s:o}", "error", err));
}

void http_error(req *r, err_id e, const char *field, const char *fmt, ...) {
  char msg[512];
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
  }
  error_common(r, e, field, fmt ? msg : NULL, NULL);
}
void http_error_details(req *r, err_id e, const char *msg, json_t *details) { error_common(r, e, NULL, msg, details); }

static void (*download_hook)(req *, const char *, size_t);
void http_set_download_hook(void (*fn)(req *r, const char *filename, size_t len)) { download_hook = fn; }

void http_attachment(req *r, const char *ctype, char *buf, size_t len, const char *filename) {
  if (download_hook) download_hook(r, filename, len);
  /* RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name percent-encoded. */
  char enc[1024];
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)filename; *p && o + 4 < sizeof enc; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
      enc[o++] = (char)*p;
    else
      o += (size_t)snprintf(enc + o, sizeof enc - o, "%%%02X", *p);
  }
  enc[o] = 0;
  const char *dot = strrchr(filename, '.');
  char h[1200];
  snprintf(h, sizeof h, "attachment; filename=\"export%s\"; filename*=UTF-8''%s", dot ? dot : "", enc);
  http_add_header(r, "Content-Disposition", h);
  http_send(r, 200, ctype, buf, len);
}

/* ---- static files of the web UI ---- */

static const char *mime_of(const char *path) {
  static const struct { const char *ext, *type; } t[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"}, {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
    {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".ico", "image/x-icon"}, {".webp", "image/webp"},
    {".woff", "font/woff"}, {".woff2", "font/woff2"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"}, {".wasm", "application/wasm"}};
  const char *dot = strrchr(path, '.');
  if (dot && !strchr(dot, '/'))
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
      if (strcasecmp(dot, t[i].ext) == 0) return t[i].type;
  return "application/octet-stream";
}

static int safe_rel_path(const char *p) {
  /* Reject anything that could climb out of the web root: "..", backslashes, NUL already refused by decoding. */
  if (strstr(p, "..") || strchr(p, '\\') || strstr(p, "//")) return 0;
  return 1;
}

/* Swaps the open file (fd, st) for full + ".br" or ".gz" when that file exists inside the web root and the client accepts its
 * coding (brotli first: smaller). Returns the coding, or NULL to send the file as it is. */
static const char *precompressed(req *r, const char *full, int *fd, struct stat *st) {
  static const struct { const char *coding, *ext; } cs[] = {{"br", ".br"}, {"gzip", ".gz"}};
  const char *ae = r->conn ? MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, "Accept-Encoding") : NULL;
  if (!ae) return NULL;
  for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    if (!compress_accepts(ae, cs[i].coding)) continue;
    char z[PATH_MAX], real[PATH_MAX];
    if (snprintf(z, sizeof z, "%s%s", full, cs[i].ext) >= (int)sizeof z) continue;
    int zfd = open(z, O_RDONLY | O_CLOEXEC);
    if (zfd < 0) continue;
    struct stat zst;
    size_t wl = strlen(g_web_real);
    if (fstat(zfd, &zst) != 0 || !S_ISREG(zst.st_mode) || !realpath(z, real) || strncmp(real, g_web_real, wl) != 0 || real[wl] != '/') {
      close(zfd);
      continue;
    }
    close(*fd);
    *fd = zfd;
    *st = zst;
    return cs[i].coding;
  }
  return NULL;
}

static struct MHD_Response *static_response(req *r, int *status) {
  const char *rel = r->path;
  const char *last = strrchr(rel, '/');
  int spa = 0;
  char full[PATH_MAX];
  if (!g_cfg.web_dir || !safe_rel_path(rel)) { *status = 404; return NULL; }
  if (strcmp(rel, "/") == 0) rel = "/index.html";
  if (snprintf(full, sizeof full, "%s%s", g_web_real, rel) >= (int)sizeof full) { *status = 404; return NULL; }
  int fd = open(full, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) { close(fd); fd = -1; }
  if (fd >= 0) {
    char real[PATH_MAX];
    size_t wl = strlen(g_web_real);
    /* Inside the root means the root's path followed by '/': "/srv/web-secret" is not inside "/srv/web". */
    if (!realpath(full, real) || strncmp(real, g_web_real, wl) != 0 || real[wl] != '/') { close(fd); fd = -1; }
  }
  if (fd < 0) {
    /* SPA fallback: a path without an extension in its last segment is a page of the app. */
    if (last && strchr(last, '.')) { *status = 404; return NULL; }
    if (snprintf(full, sizeof full, "%s/index.html", g_web_real) >= (int)sizeof full) { *status = 404; return NULL; }
    fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) { if (fd >= 0) close(fd); *status = 404; return NULL; }
    spa = 1;
  }
  /* A precompressed copy written beside the file at build time (name.br, name.gz), when the client takes it. */
  const char *coding = precompressed(r, full, &fd, &st);
  struct MHD_Response *resp = r->method == HTTP_HEAD ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
                                                      : MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (r->method == HTTP_HEAD) close(fd);
  if (!resp) { if (r->method != HTTP_HEAD) close(fd); *status = 500; return NULL; }
  const char *type = spa ? "text/html; charset=utf-8" : mime_of(full);
  MHD_add_response_header(resp, "Content-Type", type);
  if (coding) MHD_add_response_header(resp, "Content-Encoding", coding);
  MHD_add_response_header(resp, "Vary", "Accept-Encoding");
  if (!spa && strncmp(rel, "/assets/", 8) == 0)
    MHD_add_response_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
  else
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
  r->resp_len = (size_t)st.st_size;
  *status = 200;
  return resp;
}

/* ---- dispatch ---- */

static void add_security_headers(struct MHD_Response *resp) {
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                          "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Permissions-Policy", "camera=(self), microphone=(), geolocation=(self)");
}

static int is_unsafe(int m) { return m == HTTP_POST || m == HTTP_PATCH || m == HTTP_PUT || m == HTTP_DELETE; }

void http_dispatch(req *r) {
  if (!r->route) {
    int idx = router_match(g_routes, g_nroutes, r->method, r->path, r->params, &r->nparams);
    if (idx == -2) { http_error(r, ERR_METHOD, NULL, NULL); return; }
    if (idx < 0) { http_error(r, ERR_NO_ROUTE, NULL, NULL); return; }
    r->route = &g_routes[idx];
  }
  if (r->too_large) { http_error(r, ERR_TOO_LARGE, NULL, "请求体过大（上限 %zu KB）", (r->route->flags & R_RAW_BODY ? g_cfg.max_upload : g_cfg.max_body) / 1024); return; }
  /* Authentication runs in autocommit: its one write (the session's idle stamp, once a minute) must never wait
   * inside a read transaction for another writer. The handler of a read request then sees one snapshot and takes
   * the database's read lock once, not once per statement. */
  int read_tx = 0;
  if (!(r->route->flags & R_PUBLIC) && g_auth && g_auth(r) != 0) {
    if (!r->answered) http_error(r, ERR_UNAUTHENTICATED, NULL, NULL);
  } else if (is_unsafe(r->method) && !(r->route->flags & R_RAW_BODY) && r->body_len > 0 &&
             (!http_header(r, "Content-Type") || strncasecmp(http_header(r, "Content-Type"), "application/json", 16) != 0)) {
    http_error(r, ERR_MEDIA, NULL, NULL);
  } else {
    read_tx = (r->method == HTTP_GET || r->method == HTTP_HEAD) && db_exec("BEGIN") == DB_DONE;
    r->route->fn(r);
    if (!r->answered) http_error(r, ERR_INTERNAL, NULL, "处理程序没有应答");
  }
  if (read_tx && db_exec("COMMIT") != DB_DONE) db_rollback();
}

static void fill_ip(req *r, struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  strcpy(r->ip, "-");
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->ip, sizeof r->ip);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->ip, sizeof r->ip);
  }
  if (g_cfg.trust_proxy) {
    /* X-Real-IP is set by the proxy alone; in X-Forwarded-For only the last entry was added by our proxy (anything
     * before it came from the client and may be forged). */
    const char *x = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
    char ip[sizeof r->ip];
    if (x && http_client_ip_from(x, 0, ip, sizeof ip) == 0) snprintf(r->ip, sizeof r->ip, "%s", ip);
    else if ((x = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For")) && http_client_ip_from(x, 1, ip, sizeof ip) == 0)
      snprintf(r->ip, sizeof r->ip, "%s", ip);
  }
}

int http_client_ip_from(const char *v, int last, char *out, size_t outlen) {
  if (!v) return -1;
  const char *start = v;
  if (last) {
    const char *comma = strrchr(v, ',');
    if (comma) start = comma + 1;
  }
  while (*start == ' ' || *start == '\t') start++;
  size_t n = strcspn(start, last ? " \t" : " \t,");
  char buf[64];
  if (n == 0 || n >= sizeof buf || n >= outlen) return -1;
  memcpy(buf, start, n);
  buf[n] = 0;
  unsigned char a[16];
  if (inet_pton(AF_INET, buf, a) != 1 && inet_pton(AF_INET6, buf, a) != 1) return -1;
  memcpy(out, buf, n + 1);
  return 0;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  req *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->download_rows = -1;
  atomic_fetch_add(&g_active, 1);
  r->t0_us = http_now_us();
  r->conn = c;
  const char *q = strchr(uri, '?');
  size_t plen = q ? (size_t)(q - uri) : strlen(uri);
  r->path = http_url_decode(uri, plen, 0);
  if (q && http_parse_query(q + 1, strlen(q + 1), &r->query, &r->nquery) != 0) {
    free(r->path);
    r->path = NULL; /* answered 400 below */
  }
  return r;
}

static struct MHD_Response *sse_response(req *r, struct MHD_Connection *c);

static enum MHD_Result queue(req *r, struct MHD_Connection *c) {
  struct MHD_Response *resp;
  int status = r->status;
  if (r->sse) {
    resp = sse_response(r, c);
    if (!resp) return MHD_NO;
  } else if (r->is_static) {
    resp = static_response(r, &status);
    if (!resp) {
      r->is_static = 0;
      r->answered = 0;
      if (status == 404) http_json(r, 404, json_pack("{s:{s:s,s:s}}", "error", "code", "not_found", "message", "页面不存在"));
      else http_error(r, ERR_INTERNAL, NULL, NULL);
      return queue(r, c);
    }
    r->status = status;
  } else {
    /* Large JSON and text answers (lists, pictures of the county) gzipped when the client takes it: phones on slow links. */
    int text = r->resp_type && (strncmp(r->resp_type, "application/json", 16) == 0 || strncmp(r->resp_type, "text/", 5) == 0);
    const char *coding = NULL;
    if (text && r->resp && r->resp_len >= COMPRESS_MIN_BYTES &&
        compress_accepts(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding"), "gzip")) {
      size_t zl = 0;
      char *z = compress_gzip(r->resp, r->resp_len, &zl);
      if (z) { free(r->resp); r->resp = z; r->resp_len = zl; coding = "gzip"; }
    }
    resp = MHD_create_response_from_buffer(r->resp_len, r->resp ? r->resp : (void *)"", r->resp ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    r->resp = NULL; /* MHD frees it now */
    if (r->resp_type) MHD_add_response_header(resp, "Content-Type", r->resp_type);
    if (coding) MHD_add_response_header(resp, "Content-Encoding", coding);
    if (text) MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  }
  for (size_t i = 0; i < r->nhdrs; i++) MHD_add_response_header(resp, r->hdrs[i].key, r->hdrs[i].val);
  add_security_headers(resp);
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls) {
  req *r = *con_cls;
  if (!r) return MHD_NO;
  if (!r->method_str) {
    r->method_str = method;
    r->method = http_method_id(method);
    fill_ip(r, c);
    if (!r->path) { http_error(r, ERR_BAD_QUERY, NULL, "请求地址无法解析"); return queue(r, c); }
    if (strncmp(r->path, "/api/", 5) != 0) {
      if (r->method != HTTP_GET && r->method != HTTP_HEAD) { http_error(r, ERR_METHOD, NULL, NULL); return queue(r, c); }
      r->is_static = 1;
      return MHD_YES;
    }
    int idx = router_match(g_routes, g_nroutes, r->method, r->path, r->params, &r->nparams);
    if (idx >= 0) r->route = &g_routes[idx];
    size_t cap = r->route && (r->route->flags & R_RAW_BODY) ? g_cfg.max_upload : g_cfg.max_body;
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > cap) {
      r->too_large = 1;
      http_error(r, ERR_TOO_LARGE, NULL, "请求体过大（上限 %zu KB）", cap / 1024);
      return queue(r, c);
    }
    r->body_cap = cap;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!r->too_large && !r->answered) {
      if (r->body_len + *upload_size > r->body_cap) {
        r->too_large = 1;
        free(r->body);
        r->body = NULL;
        r->body_len = 0;
      } else {
        char *nb = realloc(r->body, r->body_len + *upload_size + 1);
        if (!nb) { r->too_large = 1; }
        else {
          memcpy(nb + r->body_len, upload, *upload_size);
          r->body = nb;
          r->body_len += *upload_size;
          r->body[r->body_len] = 0;
        }
      }
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->answered && !r->is_static) return MHD_YES; /* already queued (413 early) */
  if (r->is_static) { r->answered = 1; return queue(r, c); }
  if (r->too_large && !r->answered) {
    size_t cap = r->body_cap;
    http_error(r, ERR_TOO_LARGE, NULL, "请求体过大（上限 %zu KB）", cap / 1024);
  } else {
    http_dispatch(r);
  }
  return queue(r, c);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
  req *r = *con_cls;
  if (!r) return;
  *con_cls = NULL;
  if (r->method_str)
    log_info("access method=%s path=\"%s\" status=%d bytes=%zu us=%lld ip=%s user=%s%s", r->method_str, r->path ? r->path : "-", r->status,
             r->resp_len, http_now_us() - r->t0_us, r->ip, r->log_user ? r->log_user : "-", toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
  req_free(r);
  atomic_fetch_sub(&g_active, 1);
}

/* ---- server-sent events: a callback response whose reader suspends the connection when there is nothing to send;
 * http_sse_wake resumes them all. One mutex orders suspend (in the reader) before resume (in wake). ---- */
struct sse {
  struct MHD_Connection *conn;
  http_sse_fill fill;
  void *ctx;
  void (*ctx_free)(void *);
  int suspended;
  long long last_us;
  struct sse *prev, *next;
};
static pthread_mutex_t g_sse_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sse *g_sse;
static unsigned g_sse_n;
static int g_sse_closing;

int http_sse(req *r, http_sse_fill fill, void *ctx, void (*ctx_free)(void *), unsigned max_streams) {
  struct sse *s = calloc(1, sizeof *s);
  pthread_mutex_lock(&g_sse_mu);
  int full = !s || g_sse_n >= max_streams || g_sse_closing;
  if (!full) g_sse_n++;
  pthread_mutex_unlock(&g_sse_mu);
  if (full) {
    free(s);
    if (ctx_free) ctx_free(ctx);
    http_error(r, ERR_BUSY, NULL, "实时连接数已达上限，请稍后再试");
    return -1;
  }
  s->fill = fill;
  s->ctx = ctx;
  s->ctx_free = ctx_free;
  r->sse = s;
  r->status = 200;
  r->answered = 1;
  return 0;
}

unsigned http_sse_count(void) {
  pthread_mutex_lock(&g_sse_mu);
  unsigned n = g_sse_n;
  pthread_mutex_unlock(&g_sse_mu);
  return n;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max) {
  struct sse *s = cls;
  pthread_mutex_lock(&g_sse_mu);
  if (g_sse_closing) { pthread_mutex_unlock(&g_sse_mu); return MHD_CONTENT_READER_END_OF_STREAM; }
  size_t n = s->fill(s->ctx, buf, max);
  long long now = http_now_us();
  if (n == (size_t)-1) { pthread_mutex_unlock(&g_sse_mu); return MHD_CONTENT_READER_END_OF_STREAM; }
  /* A comment every ~15 s of silence (the stream's owner wakes idle streams every few seconds): a peer that has gone
   * away makes the write fail, so its slot comes back instead of waiting for the next real event. */
  if (n == 0 && now - s->last_us >= 14000000LL && max >= 9) { memcpy(buf, ": ping\n\n", 8); n = 8; }
  if (n == 0) {
    /* An event stream's client never sends after its request: a readable end-of-file means it has closed its page. */
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(s->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    char peek;
    if (ci && recv(ci->connect_fd, &peek, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
      pthread_mutex_unlock(&g_sse_mu);
      return MHD_CONTENT_READER_END_OF_STREAM;
    }
    s->suspended = 1;
    MHD_suspend_connection(s->conn);
  } else {
    s->last_us = now;
  }
  pthread_mutex_unlock(&g_sse_mu);
  return (ssize_t)n;
}

static void sse_free(void *cls) {
  struct sse *s = cls;
  pthread_mutex_lock(&g_sse_mu);
  if (s->prev) s->prev->next = s->next; else if (g_sse == s) g_sse = s->next;
  if (s->next) s->next->prev = s->prev;
  g_sse_n--;
  pthread_mutex_unlock(&g_sse_mu);
  if (s->ctx_free) s->ctx_free(s->ctx);
  free(s);
}

static void sse_drop(void *p) {
  struct sse *s = p;
  pthread_mutex_lock(&g_sse_mu);
  g_sse_n--;
  pthread_mutex_unlock(&g_sse_mu);
  if (s->ctx_free) s->ctx_free(s->ctx);
  free(s);
}

static struct MHD_Response *sse_response(req *r, struct MHD_Connection *c) {
  struct sse *s = r->sse;
  r->sse = NULL; /* the response owns it now */
  s->conn = c;
  s->last_us = http_now_us();
  pthread_mutex_lock(&g_sse_mu);
  s->next = g_sse;
  if (g_sse) g_sse->prev = s;
  g_sse = s;
  pthread_mutex_unlock(&g_sse_mu);
  struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, s, sse_free);
  if (!resp) { sse_free(s); return NULL; }
  MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "X-Accel-Buffering", "no");
  return resp;
}

void http_sse_wake(void) {
  pthread_mutex_lock(&g_sse_mu);
  for (struct sse *s = g_sse; s; s = s->next)
    if (s->suspended) { s->suspended = 0; MHD_resume_connection(s->conn); }
  pthread_mutex_unlock(&g_sse_mu);
}

/* Shutdown: every stream ends at its next read. */
static void sse_close_all(void) {
  pthread_mutex_lock(&g_sse_mu);
  g_sse_closing = 1;
  pthread_mutex_unlock(&g_sse_mu);
  http_sse_wake();
}

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len) {
  char host[128];
  const char *colon = strrchr(s, ':');
  if (!colon) return -1;
  size_t hl = (size_t)(colon - s);
  if (hl >= sizeof host) return -1;
  memcpy(host, s, hl);
  host[hl] = 0;
  long port = strtol(colon + 1, NULL, 10);
  if (port < 0 || port > 65535) return -1;
  memset(ss, 0, sizeof *ss);
  if (host[0] == '[') {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    size_t l = strlen(host);
    if (l < 2 || host[l - 1] != ']') return -1;
    host[l - 1] = 0;
    if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) return -1;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    *len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    if (!*host) strcpy(host, "0.0.0.0");
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *len = sizeof *a;
  }
  return 0;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  msg[strcspn(msg, "\n")] = 0;
  /* A client that closed its page (a live stream, a download) is not a server problem. */
  if (!strncmp(msg, "Failed to send", 14) || strstr(msg, "closed by remote")) log_debug("mhd: peer gone: %s", msg);
  else log_warn("mhd: %s", msg);
}

int http_serve(const http_config *cfg) {
  g_cfg = *cfg;
  if (!g_cfg.max_body) g_cfg.max_body = 1 << 20;
  if (!g_cfg.max_upload) g_cfg.max_upload = 32u << 20;
  if (!g_cfg.conn_limit) g_cfg.conn_limit = 1024;
  if (!g_cfg.per_ip_limit) g_cfg.per_ip_limit = 128;
  if (!g_cfg.timeout_s) g_cfg.timeout_s = 30;
  unsigned threads = g_cfg.threads ? g_cfg.threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  g_threads = threads;
  if (g_cfg.web_dir) {
    if (!realpath(g_cfg.web_dir, g_web_real)) {
      log_warn("web directory %s not found: the UI will not be served (build it with make web)", g_cfg.web_dir);
      g_cfg.web_dir = NULL;
    }
  }
  struct sockaddr_storage ss;
  socklen_t sl;
  if (parse_listen(g_cfg.listen, &ss, &sl) != 0) { log_error("bad listen address %s (want HOST:PORT)", g_cfg.listen); return 2; }

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* workers inherit: only this thread takes the signal */
  signal(SIGPIPE, SIG_IGN);

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
      MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, /* first, so every message of MHD goes through our log */
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_LIMIT, g_cfg.conn_limit,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, g_cfg.per_ip_limit,
      MHD_OPTION_CONNECTION_TIMEOUT, g_cfg.timeout_s,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
      MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
      MHD_OPTION_END);
  if (!d) { log_error("cannot listen on %s: %s", g_cfg.listen, strerror(errno)); return 1; }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  log_info("listening address=%s port=%u threads=%u web=%s", g_cfg.listen, di ? di->port : 0, threads, g_cfg.web_dir ? g_web_real : "-");
  fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  log_info("signal %d: draining %d request(s) in flight", sig, atomic_load(&g_active));
  MHD_quiesce_daemon(d);
  sse_close_all();
  for (int i = 0; i < 100 && atomic_load(&g_active) > 0; i++) {
    struct timespec ts = {0, 100000000L};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
  free(g_routes);
  g_routes = NULL;
  g_nroutes = 0;
  log_info("stopped");
  return 0;
}
