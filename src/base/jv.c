/* jv.c — strict JSON body validation with field-naming Chinese errors. */
#include "base/jv.h"
#include <string.h>

long jv_utf8_chars(const char *s) {
  long n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len) return -1;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return -1;
    if (c == 0x7f) return -1;
    for (int i = 1; i < len; i++)
      if ((p[i] & 0xC0) != 0x80) return -1;
    p += len;
    n++;
  }
  return n;
}

json_t *jv_object(req *r, const char *const *allowed) {
  if (r->json) return r->json;
  json_t *o;
  if (!r->body || r->body_len == 0) {
    o = json_object();
  } else {
    json_error_t e;
    o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!o) {
      http_error(r, ERR_BAD_JSON, NULL, "请求体不是合法的JSON（第%d行第%d列：%.80s）", e.line, e.column, e.text);
      return NULL;
    }
  }
  if (!json_is_object(o)) {
    json_decref(o);
    http_error(r, ERR_BAD_JSON, NULL, "请求体应为JSON对象");
    return NULL;
  }
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    int ok = 0;
    for (const char *const *a = allowed; a && *a; a++)
      if (strcmp(*a, k) == 0) ok = 1;
    if (!ok) {
      char *field = req_strdup(r, k);
      http_error(r, ERR_UNKNOWN_FIELD, field, "不认识的字段：%.60s", k);
      json_decref(o);
      return NULL;
    }
  }
  r->json = o;
  return o;
}

static int absent(req *r, json_t *v, const char *key, const char *label, int required) {
  if (v && !json_is_null(v)) return 0;
  if (required) { http_error(r, ERR_MISSING, key, "%s不能为空", label); return -1; }
  return 1;
}

int jv_str(req *r, json_t *o, const char *key, const char *label, int required, size_t min_chars, size_t max_chars, const char **out) {
  json_t *v = json_object_get(o, key);
  int a = absent(r, v, key, label, required);
  if (a) return a < 0 ? -1 : 0;
  if (!json_is_string(v)) { http_error(r, ERR_INVALID, key, "%s应为文本", label); return -1; }
  const char *s = json_string_value(v);
  if (strlen(s) != json_string_length(v)) { http_error(r, ERR_INVALID, key, "%s含有不允许的字符", label); return -1; }
  long n = jv_utf8_chars(s);
  if (n < 0) { http_error(r, ERR_INVALID, key, "%s含有不允许的字符", label); return -1; }
  /* Trimmed emptiness counts as empty for required fields. */
  size_t lead = strspn(s, " \t\r\n");
  if (required && s[lead] == 0) { http_error(r, ERR_MISSING, key, "%s不能为空", label); return -1; }
  if ((size_t)n < min_chars) { http_error(r, ERR_INVALID, key, "%s至少%zu个字", label, min_chars); return -1; }
  if ((size_t)n > max_chars) { http_error(r, ERR_INVALID, key, "%s不能超过%zu个字", label, max_chars); return -1; }
  *out = s;
  return 1;
}

int jv_int(req *r, json_t *o, const char *key, const char *label, int required, int64_t min, int64_t max, int64_t *out) {
  json_t *v = json_object_get(o, key);
  int a = absent(r, v, key, label, required);
  if (a) return a < 0 ? -1 : 0;
  if (!json_is_integer(v)) { http_error(r, ERR_INVALID, key, "%s应为整数", label); return -1; }
  json_int_t x = json_integer_value(v);
  if (x < min || x > max) { http_error(r, ERR_INVALID, key, "%s应在%lld到%lld之间", label, (long long)min, (long long)max); return -1; }
  *out = x;
  return 1;
}

int jv_id_or_null(req *r, json_t *o, const char *key, const char *label, int required, int64_t *out) {
  json_t *v = json_object_get(o, key);
  if (v && json_is_null(v) && !required) { *out = 0; return 1; }
  return jv_int(r, o, key, label, required, 1, INT64_MAX, out);
}

int jv_bool(req *r, json_t *o, const char *key, const char *label, int required, int *out) {
  json_t *v = json_object_get(o, key);
  int a = absent(r, v, key, label, required);
  if (a) return a < 0 ? -1 : 0;
  if (!json_is_boolean(v)) { http_error(r, ERR_INVALID, key, "%s应为 true 或 false", label); return -1; }
  *out = json_is_true(v);
  return 1;
}

int jv_ids(req *r, json_t *o, const char *key, const char *label, int required, size_t max_items, int64_t **out, size_t *n) {
  json_t *v = json_object_get(o, key);
  int a = absent(r, v, key, label, required);
  if (a) return a < 0 ? -1 : 0;
  if (!json_is_array(v)) { http_error(r, ERR_INVALID, key, "%s应为编号列表", label); return -1; }
  size_t cnt = json_array_size(v);
  if (cnt > max_items) { http_error(r, ERR_INVALID, key, "%s最多%zu项", label, max_items); return -1; }
  int64_t *ids = req_own(r, calloc(cnt + 1, sizeof *ids));
  if (!ids) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  for (size_t i = 0; i < cnt; i++) {
    json_t *e = json_array_get(v, i);
    if (!json_is_integer(e) || json_integer_value(e) <= 0) { http_error(r, ERR_INVALID, key, "%s第%zu项不是有效编号", label, i + 1); return -1; }
    ids[i] = json_integer_value(e);
  }
  *out = ids;
  *n = cnt;
  return 1;
}

int jv_strs(req *r, json_t *o, const char *key, const char *label, int required, size_t max_items, size_t max_chars,
            const char ***out, size_t *n) {
  json_t *v = json_object_get(o, key);
  int a = absent(r, v, key, label, required);
  if (a) return a < 0 ? -1 : 0;
  if (!json_is_array(v)) { http_error(r, ERR_INVALID, key, "%s应为文本列表", label); return -1; }
  size_t cnt = json_array_size(v);
  if (cnt > max_items) { http_error(r, ERR_INVALID, key, "%s最多%zu项", label, max_items); return -1; }
  const char **ss = req_own(r, calloc(cnt + 1, sizeof *ss));
  if (!ss) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
  for (size_t i = 0; i < cnt; i++) {
    json_t *e = json_array_get(v, i);
    long len = json_is_string(e) && strlen(json_string_value(e)) == json_string_length(e) ? jv_utf8_chars(json_string_value(e)) : -1;
    if (len < 0 || (size_t)len > max_chars) { http_error(r, ERR_INVALID, key, "%s第%zu项不合法", label, i + 1); return -1; }
    ss[i] = json_string_value(e);
  }
  *out = ss;
  *n = cnt;
  return 1;
}

int jv_enum(req *r, json_t *o, const char *key, const char *label, int required, const char *const *values, const char **out) {
  const char *s;
  int rc = jv_str(r, o, key, label, required, 0, 64, &s);
  if (rc <= 0) return rc;
  for (const char *const *v = values; *v; v++)
    if (strcmp(*v, s) == 0) { *out = s; return 1; }
  http_error(r, ERR_INVALID, key, "%s的取值不在允许范围内", label);
  return -1;
}
