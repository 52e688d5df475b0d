/* test_http.c — unit tests of the HTTP edge: routing, URL/query/cookie parsing, list parameters, JSON body validation,
 * the error registry, the rate limiter with an injected clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "base/err.h"
#include "base/http.h"
#include "base/jv.h"
#include "base/util.h"

static void h_dummy(req *r) { (void)r; }
static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/users", "org:user:list", h_dummy, 0},
  {HTTP_GET, "/api/v1/org/users/template", NULL, h_dummy, 0},
  {HTTP_GET, "/api/v1/org/users/:id", NULL, h_dummy, 0},
  {HTTP_POST, "/api/v1/org/users/:id/reset-password", NULL, h_dummy, 0},
  {HTTP_DELETE | HTTP_PATCH, "/api/v1/org/units/:id", NULL, h_dummy, 0},
  {HTTP_GET, "/api/v1/a/:x/b/:y", NULL, h_dummy, 0},
};
#define NR (sizeof routes / sizeof routes[0])

static void free_params(char **p, size_t n) { for (size_t i = 0; i < n; i++) free(p[i]); }

static void test_router(void **st) {
  char *p[HTTP_MAX_PARAMS];
  size_t n;
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/users", p, &n), 0);
  assert_int_equal(n, 0);
  /* The literal route listed first wins over :id. */
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/users/template", p, &n), 1);
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/users/42", p, &n), 2);
  assert_int_equal(n, 1);
  assert_string_equal(p[0], "42");
  free_params(p, n);
  assert_int_equal(router_match(routes, NR, HTTP_POST, "/api/v1/org/users/7/reset-password", p, &n), 3);
  assert_string_equal(p[0], "7");
  free_params(p, n);
  /* Path known, method not: -2 (405). Unknown path: -1 (404). */
  assert_int_equal(router_match(routes, NR, HTTP_DELETE, "/api/v1/org/users/7", p, &n), -2);
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/nothing", p, &n), -1);
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/users/", p, &n), -1);   /* empty :id */
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/org/users/1/2", p, &n), -1);
  assert_int_equal(router_match(routes, NR, HTTP_PATCH, "/api/v1/org/units/3", p, &n), 4);
  free_params(p, n);
  assert_int_equal(router_match(routes, NR, HTTP_GET, "/api/v1/a/one/b/two", p, &n), 5);
  assert_int_equal(n, 2);
  assert_string_equal(p[0], "one");
  assert_string_equal(p[1], "two");
  free_params(p, n);
  /* HEAD is answered by a GET route. */
  assert_int_equal(router_match(routes, NR, HTTP_HEAD, "/api/v1/org/users", p, &n), 0);
}

static void test_url_decode(void **st) {
  char *s = http_url_decode("a%20b+c%E5%8E%BF", 16, 1);
  assert_string_equal(s, "a b c县");
  free(s);
  s = http_url_decode("a+b", 3, 0);
  assert_string_equal(s, "a+b");
  free(s);
  assert_null(http_url_decode("%zz", 3, 1));
  assert_null(http_url_decode("abc%2", 5, 1));
  assert_null(http_url_decode("a%00b", 5, 1)); /* NUL never gets through */
}

static void test_query(void **st) {
  http_kv *kv;
  size_t n;
  const char *q = "page=2&size=20&q=%E5%BC%A0&&flag&sort=-name";
  assert_int_equal(http_parse_query(q, strlen(q), &kv, &n), 0);
  assert_int_equal(n, 5);
  assert_string_equal(kv[0].key, "page");
  assert_string_equal(kv[0].val, "2");
  assert_string_equal(kv[2].val, "张");
  assert_string_equal(kv[3].key, "flag");
  assert_string_equal(kv[3].val, "");
  assert_string_equal(kv[4].val, "-name");
  http_kv_free(kv, n);
  assert_int_equal(http_parse_query("a=%zz", 5, &kv, &n), -1);
  assert_int_equal(http_parse_query("=x", 2, &kv, &n), -1);
  /* More than 64 parameters is refused. */
  char big[1024] = "";
  for (int i = 0; i < 70; i++) strcat(big, "a=1&");
  assert_int_equal(http_parse_query(big, strlen(big), &kv, &n), -1);
  assert_int_equal(http_parse_query("", 0, &kv, &n), 0);
  assert_int_equal(n, 0);
}

static void test_cookie(void **st) {
  char out[64];
  assert_int_equal(http_cookie_get("a=1; bureau_sid=abc123; z=9", "bureau_sid", out, sizeof out), 1);
  assert_string_equal(out, "abc123");
  assert_int_equal(http_cookie_get("bureau_sid=\"quoted\"", "bureau_sid", out, sizeof out), 1);
  assert_string_equal(out, "quoted");
  assert_int_equal(http_cookie_get("xbureau_sid=no; other=1", "bureau_sid", out, sizeof out), 0);
  assert_int_equal(http_cookie_get("bureau_sid", "bureau_sid", out, sizeof out), 0);
  assert_int_equal(http_cookie_get(NULL, "bureau_sid", out, sizeof out), 0);
  char small[4];
  assert_int_equal(http_cookie_get("bureau_sid=toolongvalue", "bureau_sid", small, sizeof small), 0);
}

static req *mkreq(const char *body, const char *query) {
  req *r = http_req_new();
  if (body) {
    r->body = strdup(body);
    r->body_len = strlen(body);
  }
  if (query) assert_int_equal(http_parse_query(query, strlen(query), &r->query, &r->nquery), 0);
  return r;
}

/* The error the request answered with: code and field. */
static void assert_answer(req *r, int status, const char *code, const char *field) {
  assert_true(r->answered);
  assert_int_equal(r->status, status);
  json_t *j = json_loadb(r->resp, r->resp_len, 0, NULL);
  assert_non_null(j);
  json_t *e = json_object_get(j, "error");
  assert_string_equal(json_string_value(json_object_get(e, "code")), code);
  assert_non_null(json_string_value(json_object_get(e, "message")));
  if (field) assert_string_equal(json_string_value(json_object_get(e, "field")), field);
  json_decref(j);
}

static void test_list_params(void **st) {
  static const char *const sorts[] = {"id", "name", NULL};
  list_params lp;
  req *r = mkreq(NULL, "page=3&size=50&sort=-name&q=abc&format=xlsx");
  assert_int_equal(http_list_params(r, sorts, 0, 0, &lp), 0);
  assert_int_equal(lp.page, 3);
  assert_int_equal(lp.size, 50);
  assert_int_equal(lp.offset, 100);
  assert_int_equal(lp.sort, 1);
  assert_int_equal(lp.desc, 1);
  assert_string_equal(lp.q, "abc");
  assert_int_equal(lp.export_fmt, EXPORT_XLSX);
  http_req_free(r);
  const char *bad[][2] = {{"page=0", "page"}, {"size=501", "size"}, {"size=x", "size"}, {"sort=password", "sort"},
                          {"sort=name;DROP", "sort"}, {"format=pdf", "format"}, {"page=1e3", "page"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = mkreq(NULL, bad[i][0]);
    assert_int_equal(http_list_params(r, sorts, 0, 0, &lp), -1);
    assert_answer(r, 400, "bad_query", bad[i][1]);
    http_req_free(r);
  }
}

static void test_query_id(void **st) {
  (void)st;
  int64_t id = -1;
  req *r = mkreq(NULL, "unit_id=42&empty=&zero=0&neg=-3&word=12a&huge=99999999999999999999");
  assert_int_equal(http_query_id(r, "unit_id", &id), 0);
  assert_int_equal(id, 42);
  assert_int_equal(http_query_id(r, "absent", &id), 0);
  assert_int_equal(id, 0);
  assert_int_equal(http_query_id(r, "empty", &id), 0);
  assert_int_equal(id, 0);
  assert_false(r->answered);
  http_req_free(r);
  const char *bad[] = {"zero", "neg", "word", "huge"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = mkreq(NULL, "zero=0&neg=-3&word=12a&huge=99999999999999999999");
    assert_int_equal(http_query_id(r, bad[i], &id), -1);
    assert_answer(r, 400, "bad_query", bad[i]);
    http_req_free(r);
  }
}

static void test_jv(void **st) {
  static const char *const allowed[] = {"name", "age", "ok", "ids", "tags", "kind", NULL};
  static const char *const kinds[] = {"a", "b", NULL};
  req *r = mkreq("{\"name\":\"张三\",\"age\":30,\"ok\":true,\"ids\":[1,2],\"tags\":[\"x\"],\"kind\":\"b\"}", NULL);
  json_t *o = jv_object(r, allowed);
  assert_non_null(o);
  const char *name, *kind, **tags;
  int64_t age, *ids;
  size_t n, nt;
  int ok;
  assert_int_equal(jv_str(r, o, "name", "姓名", JV_REQUIRED, 1, 32, &name), 1);
  assert_string_equal(name, "张三");
  assert_int_equal(jv_int(r, o, "age", "年龄", JV_REQUIRED, 0, 150, &age), 1);
  assert_int_equal(age, 30);
  assert_int_equal(jv_bool(r, o, "ok", "是否", JV_REQUIRED, &ok), 1);
  assert_int_equal(jv_ids(r, o, "ids", "编号", JV_REQUIRED, 10, &ids, &n), 1);
  assert_int_equal(n, 2);
  assert_int_equal(ids[1], 2);
  assert_int_equal(jv_strs(r, o, "tags", "标签", JV_REQUIRED, 10, 10, &tags, &nt), 1);
  assert_int_equal(jv_enum(r, o, "kind", "类型", JV_REQUIRED, kinds, &kind), 1);
  assert_int_equal(jv_str(r, o, "missing", "缺", JV_OPTIONAL, 0, 10, &name), 0);
  assert_false(r->answered);
  http_req_free(r);

  struct { const char *body; int status; const char *code, *field; } cases[] = {
    {"{\"nope\":1}", 400, "unknown_field", "nope"},
    {"[1,2]", 400, "bad_json", NULL},
    {"{\"name\":", 400, "bad_json", NULL},
    {"{\"name\":\"a\",\"name\":\"b\"}", 400, "bad_json", NULL},
    {"{\"name\":\"a\\u0000b\"}", 400, "bad_json", NULL}, /* NUL inside a string never reaches a handler */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    r = mkreq(cases[i].body, NULL);
    assert_null(jv_object(r, allowed));
    assert_answer(r, cases[i].status, cases[i].code, cases[i].field);
    http_req_free(r);
  }
  struct { const char *body; const char *code, *field; } fields[] = {
    {"{\"name\":\"\"}", "missing_field", "name"},
    {"{\"name\":\"   \"}", "missing_field", "name"},
    {"{\"name\":5}", "invalid_field", "name"},
    {"{\"name\":\"这个名字实在是太长了这个名字实在是太长了这个名字实在是太长了超过上限\"}", "invalid_field", "name"},
    {"{\"name\":\"a\\u0007b\"}", "invalid_field", "name"},
    {"{}", "missing_field", "name"},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    r = mkreq(fields[i].body, NULL);
    o = jv_object(r, allowed);
    assert_non_null(o);
    assert_int_equal(jv_str(r, o, "name", "姓名", JV_REQUIRED, 1, 32, &name), -1);
    assert_answer(r, 400, fields[i].code, fields[i].field);
    http_req_free(r);
  }
  r = mkreq("{\"age\":200,\"ids\":[1,-1],\"kind\":\"c\"}", NULL);
  o = jv_object(r, allowed);
  assert_int_equal(jv_int(r, o, "age", "年龄", JV_REQUIRED, 0, 150, &age), -1);
  assert_answer(r, 400, "invalid_field", "age");
  http_req_free(r);
  r = mkreq("{\"ids\":[1,-1]}", NULL);
  o = jv_object(r, allowed);
  assert_int_equal(jv_ids(r, o, "ids", "编号", JV_REQUIRED, 10, &ids, &n), -1);
  assert_answer(r, 400, "invalid_field", "ids");
  http_req_free(r);
  r = mkreq("{\"kind\":\"c\"}", NULL);
  o = jv_object(r, allowed);
  assert_int_equal(jv_enum(r, o, "kind", "类型", JV_REQUIRED, kinds, &kind), -1);
  assert_answer(r, 400, "invalid_field", "kind");
  http_req_free(r);
  /* An empty body is an empty object. */
  r = mkreq(NULL, NULL);
  assert_non_null(jv_object(r, allowed));
  http_req_free(r);
}

static void test_utf8_chars(void **st) {
  assert_int_equal(jv_utf8_chars("abc"), 3);
  assert_int_equal(jv_utf8_chars("县局"), 2);
  assert_int_equal(jv_utf8_chars("\xff"), -1);
  assert_int_equal(jv_utf8_chars("\xe5\x8e"), -1);
  assert_int_equal(jv_utf8_chars("a\tb\n"), 4);
  assert_int_equal(jv_utf8_chars("\x1b[31m"), -1);
}

static void test_err_registry(void **st) {
  /* Every entry has a distinct code, a 4xx/5xx status and a Chinese message. */
  for (int e = 1; e < ERR__COUNT; e++) {
    assert_true(err_status((err_id)e) >= 400 && err_status((err_id)e) < 600);
    assert_true(strlen(err_message((err_id)e)) > 0);
    assert_true((unsigned char)err_message((err_id)e)[0] >= 0x80); /* starts with a CJK character */
    for (int f = e + 1; f < ERR__COUNT; f++) assert_string_not_equal(err_code((err_id)e), err_code((err_id)f));
  }
  assert_int_equal(err_status(ERR_NOT_FOUND), 404);
  assert_string_equal(err_code(ERR_CSRF), "csrf_failed");
  assert_int_equal(err_status(ERR_LOCKED), 423);
  assert_int_equal(err_status(ERR_RATE_LIMITED), 429);
  assert_int_equal(err_status(ERR_TOO_LARGE), 413);
  assert_int_equal(err_status((err_id)9999), 500);
}

static void test_ratelimit(void **st) {
  ratelimit *rl = rl_new(20, 60);
  time_t t0 = 1700000040; /* the start of a minute window */
  for (int i = 0; i < 20; i++) assert_int_equal(rl_hit(rl, "10.0.0.1", t0 + i), 0);
  /* The 21st within a minute waits until the oldest of the 20 leaves the sliding window. */
  assert_int_equal(rl_hit(rl, "10.0.0.1", t0 + 30), 30);
  /* Another IP is not affected. */
  assert_int_equal(rl_hit(rl, "10.0.0.2", t0 + 30), 0);
  /* 60 s after the first hit, one more is allowed. */
  assert_int_equal(rl_hit(rl, "10.0.0.1", t0 + 60), 0);
  /* A window opens at the key's first hit: hits across a clock minute still count together. */
  for (int i = 0; i < 20; i++) assert_int_equal(rl_hit(rl, "10.0.0.3", t0 + 50 + i), 0);
  assert_int_equal(rl_hit(rl, "10.0.0.3", t0 + 70), 40);
  rl_free(rl);
  rl_free(NULL);
  /* Many keys do not make the table refuse or mix them up (a crowd well below its size). */
  rl = rl_new(1, 60);
  char key[32];
  for (int i = 0; i < 10000; i++) {
    snprintf(key, sizeof key, "k%d", i);
    assert_int_equal(rl_hit(rl, key, t0), 0);
  }
  assert_int_not_equal(rl_hit(rl, "k9999", t0), 0);
  rl_free(rl);
}

static void test_client_ip(void **st) {
  char ip[64];
  /* The proxy appends the address it saw: only the last entry is believed; what the client sent is ignored. */
  assert_int_equal(http_client_ip_from("6.6.6.6, 10.1.2.3", 1, ip, sizeof ip), 0);
  assert_string_equal(ip, "10.1.2.3");
  assert_int_equal(http_client_ip_from("10.1.2.3", 1, ip, sizeof ip), 0);
  assert_string_equal(ip, "10.1.2.3");
  assert_int_equal(http_client_ip_from("6.6.6.6,2001:db8::7 ", 1, ip, sizeof ip), 0);
  assert_string_equal(ip, "2001:db8::7");
  assert_int_equal(http_client_ip_from(" 10.9.8.7", 0, ip, sizeof ip), 0);
  assert_string_equal(ip, "10.9.8.7");
  assert_int_equal(http_client_ip_from("10.1.2.3, not-an-ip", 1, ip, sizeof ip), -1);
  assert_int_equal(http_client_ip_from("", 1, ip, sizeof ip), -1);
  assert_int_equal(http_client_ip_from("admin' OR 1=1", 0, ip, sizeof ip), -1);
  assert_int_equal(http_client_ip_from(NULL, 0, ip, sizeof ip), -1);
  (void)st;
}

static void test_util(void **st) {
  char h[65];
  util_sha256_hex("abc", 3, h);
  assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  char t1[64], t2[64];
  util_random_token(t1, sizeof t1, 32);
  util_random_token(t2, sizeof t2, 32);
  assert_int_equal(strlen(t1), 43);
  assert_string_not_equal(t1, t2);
  char pw[13];
  util_temp_password(pw);
  assert_int_equal(strlen(pw), 12);
  int d = 0, u = 0, l = 0;
  for (int i = 0; i < 12; i++) { d |= pw[i] >= '0' && pw[i] <= '9'; u |= pw[i] >= 'A' && pw[i] <= 'Z'; l |= pw[i] >= 'a' && pw[i] <= 'z'; }
  assert_true(d && u && l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_router), cmocka_unit_test(test_url_decode), cmocka_unit_test(test_query), cmocka_unit_test(test_cookie),
    cmocka_unit_test(test_list_params), cmocka_unit_test(test_query_id), cmocka_unit_test(test_jv), cmocka_unit_test(test_utf8_chars), cmocka_unit_test(test_err_registry),
    cmocka_unit_test(test_ratelimit), cmocka_unit_test(test_util), cmocka_unit_test(test_client_ip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
