/* parse.c — parsers of outside input at the HTTP edge: URL decoding, query strings, cookies, list parameters. */
#include "base/http.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_QUERY_PARAMS 64

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char *http_url_decode(const char *s, size_t len, int plus_is_space) {
  char *out = malloc(len + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      if (i + 2 >= len) { free(out); return NULL; }
      int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
      if (h < 0 || l < 0) { free(out); return NULL; }
      c = (unsigned char)(h * 16 + l);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == 0) { free(out); return NULL; }
    out[o++] = (char)c;
  }
  out[o] = 0;
  return out;
}

void http_kv_free(http_kv *kv, size_t n) {
  if (!kv) return;
  for (size_t i = 0; i < n; i++) { free(kv[i].key); free(kv[i].val); }
  free(kv);
}

int http_parse_query(const char *qs, size_t len, http_kv **out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (!qs || len == 0) return 0;
  http_kv *kv = calloc(MAX_QUERY_PARAMS, sizeof *kv);
  if (!kv) return -1;
  size_t cnt = 0, i = 0;
  while (i < len) {
    size_t start = i;
    while (i < len && qs[i] != '&') i++;
    size_t end = i;
    if (i < len) i++;
    if (end == start) continue;
    if (cnt >= MAX_QUERY_PARAMS) { http_kv_free(kv, cnt); return -1; }
    size_t eq = start;
    while (eq < end && qs[eq] != '=') eq++;
    char *k = http_url_decode(qs + start, eq - start, 1);
    char *v = eq < end ? http_url_decode(qs + eq + 1, end - eq - 1, 1) : strdup("");
    if (!k || !v || !*k) { free(k); free(v); http_kv_free(kv, cnt); return -1; }
    kv[cnt].key = k;
    kv[cnt].val = v;
    cnt++;
  }
  *out = kv;
  *n = cnt;
  return 0;
}

int http_cookie_get(const char *h, const char *name, char *out, size_t outlen) {
  if (!h || !name || outlen == 0) return 0;
  size_t nl = strlen(name);
  const char *p = h;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ';') p++;
    const char *k = p;
    while (*p && *p != '=' && *p != ';') p++;
    size_t klen = (size_t)(p - k);
    while (klen > 0 && (k[klen - 1] == ' ' || k[klen - 1] == '\t')) klen--;
    if (*p != '=') continue;
    p++;
    while (*p == ' ') p++;
    const char *v = p;
    while (*p && *p != ';') p++;
    size_t vlen = (size_t)(p - v);
    while (vlen > 0 && v[vlen - 1] == ' ') vlen--;
    if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') { v++; vlen -= 2; }
    if (klen == nl && memcmp(k, name, nl) == 0) {
      if (vlen >= outlen) return 0;
      memcpy(out, v, vlen);
      out[vlen] = 0;
      return 1;
    }
  }
  return 0;
}

int http_method_id(const char *m) {
  static const struct { const char *n; int id; } t[] = {{"GET", HTTP_GET}, {"POST", HTTP_POST}, {"PATCH", HTTP_PATCH},
    {"PUT", HTTP_PUT}, {"DELETE", HTTP_DELETE}, {"HEAD", HTTP_HEAD}, {"OPTIONS", HTTP_OPTIONS}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp(m, t[i].n) == 0) return t[i].id;
  return 0;
}

static int parse_int(const char *s, int64_t min, int64_t max, int64_t *out) {
  if (!s || !*s) return -1;
  errno = 0;
  char *end;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int http_list_params(req *r, const char *const *sorts, int default_sort, int default_desc, list_params *lp) {
  memset(lp, 0, sizeof *lp);
  lp->page = 1;
  lp->size = 20;
  lp->sort = default_sort;
  lp->desc = default_desc;
  const char *v;
  if ((v = http_query(r, "page")) && parse_int(v, 1, 1000000, &lp->page)) {
    http_error(r, ERR_BAD_QUERY, "page", "页码 page 应为 1 到 1000000 的整数");
    return -1;
  }
  if ((v = http_query(r, "size")) && parse_int(v, 1, 500, &lp->size)) {
    http_error(r, ERR_BAD_QUERY, "size", "每页条数 size 应为 1 到 500 的整数");
    return -1;
  }
  lp->offset = (lp->page - 1) * lp->size;
  if ((v = http_query(r, "sort")) && *v) {
    int desc = *v == '-';
    const char *k = v + (desc || *v == '+');
    int found = -1;
    for (int i = 0; sorts && sorts[i]; i++)
      if (strcmp(sorts[i], k) == 0) found = i;
    if (found < 0) {
      http_error(r, ERR_BAD_QUERY, "sort", "不支持按 %.40s 排序", k);
      return -1;
    }
    lp->sort = found;
    lp->desc = desc;
  }
  lp->q = http_query(r, "q");
  if (lp->q && strlen(lp->q) > 100) {
    http_error(r, ERR_BAD_QUERY, "q", "搜索词不能超过100个字符");
    return -1;
  }
  if (lp->q && !*lp->q) lp->q = NULL;
  if ((v = http_query(r, "format")) && *v) {
    if (strcmp(v, "xlsx") == 0) lp->export_fmt = EXPORT_XLSX;
    else if (strcmp(v, "csv") == 0) lp->export_fmt = EXPORT_CSV;
    else if (strcmp(v, "json") != 0) {
      http_error(r, ERR_BAD_QUERY, "format", "导出格式只能是 xlsx 或 csv");
      return -1;
    }
  }
  return 0;
}
