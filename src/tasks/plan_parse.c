/* plan_parse.c — annual-plan text parser (督查督办): splits a work plan into a task tree by its Chinese outline markers. */
#include "tasks/plan_parse.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- marker kinds ---------- */

enum {
  K_NONE = 0,
  K_CN_DUN,    /* 一、  一．            line start */
  K_CN_PAREN,  /* （一） (一)           line start */
  K_CN_SHI,    /* 一是                 inline     */
  K_NUM_DOT,   /* 1.  1、  1．  １．     line start */
  K_NUM_PAREN, /* （1） (1) 1） 1)      line start */
  K_CIRCLED,   /* ①                    line start */
  K_CIRCLED_IN /* …：①…；②…。          inline: an enumeration inside a sentence */
};

#define MAX_DEPTH 8 /* each kind is on the stack at most once: 7 kinds */

static int is_inline_kind(int k) { return k == K_CN_SHI || k == K_CIRCLED_IN; }

typedef struct {
  int kind, value;
  size_t end; /* byte just after the label */
} marker;

typedef struct {
  size_t start, label_end; /* label is [start,label_end); the node's text runs to the next node's start */
  int level;
  long parent; /* index in the flat list, -1 for a root */
} flat_node;

typedef struct {
  const char *s;
  size_t n;
  flat_node *v;
  size_t nv, cap;
  struct { int kind, value; long idx; } st[MAX_DEPTH];
  int depth;
  int inline_ended; /* top of stack is an inline (一是, ①) node whose paragraph has ended */
  int sent_ended;   /* top of stack is an inline ① whose sentence has ended (a 。 ！ ？ after it) */
  int any_marker;
} parser;

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen) snprintf(err, errlen, "%s", msg);
}

/* ---------- UTF-8 helpers ---------- */

/* Decodes the code point at i (the text is valid UTF-8; bounds are still checked). */
static uint32_t cp_at(const char *str, size_t n, size_t i, size_t *clen) {
  const unsigned char *s = (const unsigned char *)str;
  if (i >= n) { *clen = 0; return 0; }
  unsigned char c = s[i];
  if (c < 0x80) { *clen = 1; return c; }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (len == 1 || i + len > n) { *clen = 1; return 0xFFFD; }
  uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; k++) cp = (cp << 6) | (s[i + k] & 0x3F);
  *clen = len;
  return cp;
}

static int utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t len;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (i + len > n) return 0;
    uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

/* Horizontal white space: space, tab, VT, FF, NBSP, ideographic space. */
static int is_hspace(uint32_t c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x3000; }
static int is_space(uint32_t c) { return is_hspace(c) || c == '\n' || c == '\r'; }

static size_t skip_hspace(const char *s, size_t n, size_t i) {
  size_t l;
  while (i < n) {
    uint32_t c = cp_at(s, n, i, &l);
    if (!is_hspace(c)) break;
    i += l;
  }
  return i;
}

static int is_digit_cp(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }
static int digit_val(uint32_t c) { return c <= '9' ? (int)(c - '0') : (int)(c - 0xFF10); }

static int cn_digit(uint32_t c) {
  switch (c) {
  case 0x4E00: return 1; /* 一 */
  case 0x4E8C: return 2; /* 二 */
  case 0x4E09: return 3; /* 三 */
  case 0x56DB: return 4; /* 四 */
  case 0x4E94: return 5; /* 五 */
  case 0x516D: return 6; /* 六 */
  case 0x4E03: return 7; /* 七 */
  case 0x516B: return 8; /* 八 */
  case 0x4E5D: return 9; /* 九 */
  default: return 0;
  }
}
#define CP_TEN 0x5341 /* 十 */
#define CP_SHI 0x662F /* 是 */

/* Chinese numeral 一 … 九十九 at i; returns its end and sets *val, or returns 0 (no numeral). */
static size_t parse_cn(const char *s, size_t n, size_t i, int *val) {
  size_t l;
  uint32_t c = cp_at(s, n, i, &l);
  int d = cn_digit(c);
  if (d) {
    i += l;
    size_t l2;
    if (cp_at(s, n, i, &l2) == CP_TEN) {
      i += l2;
      *val = d * 10;
      int d2 = cn_digit(cp_at(s, n, i, &l2));
      if (d2) { *val += d2; i += l2; }
    } else {
      *val = d;
    }
    return i;
  }
  if (c == CP_TEN) {
    i += l;
    *val = 10;
    size_t l2;
    int d2 = cn_digit(cp_at(s, n, i, &l2));
    if (d2) { *val += d2; i += l2; }
    return i;
  }
  return 0;
}

/* 1-3 ASCII or full-width digits at i, value >= 1; returns the end or 0. */
static size_t parse_num(const char *s, size_t n, size_t i, int *val) {
  size_t l;
  int v = 0, k = 0;
  for (;;) {
    uint32_t c = cp_at(s, n, i, &l);
    if (!is_digit_cp(c)) break;
    if (++k > 3) return 0;
    v = v * 10 + digit_val(c);
    i += l;
  }
  if (k == 0 || v == 0) return 0;
  *val = v;
  return i;
}

static int is_open_paren(uint32_t c) { return c == '(' || c == 0xFF08; }
static int is_close_paren(uint32_t c) { return c == ')' || c == 0xFF09; }
static int is_dun(uint32_t c) { return c == 0x3001 || c == 0xFF64; }  /* 、 ､ */
static int is_dot(uint32_t c) { return c == '.' || c == 0xFF0E; }     /* . ． */

/* A line-start marker at i: 一、 （一） 1. （1） 1） ①. */
static marker match_block(const char *s, size_t n, size_t i) {
  marker m = {K_NONE, 0, 0};
  size_t l, j;
  int v;
  uint32_t c = cp_at(s, n, i, &l);
  if (c >= 0x2460 && c <= 0x2473) { m.kind = K_CIRCLED; m.value = (int)(c - 0x2460) + 1; m.end = i + l; return m; }
  if (c >= 0x3251 && c <= 0x325F) { m.kind = K_CIRCLED; m.value = (int)(c - 0x3251) + 21; m.end = i + l; return m; }
  if (c >= 0x32B1 && c <= 0x32BF) { m.kind = K_CIRCLED; m.value = (int)(c - 0x32B1) + 36; m.end = i + l; return m; }
  if (is_open_paren(c)) {
    j = skip_hspace(s, n, i + l);
    size_t e;
    int kind;
    if ((e = parse_cn(s, n, j, &v)) != 0) kind = K_CN_PAREN;
    else if ((e = parse_num(s, n, j, &v)) != 0) kind = K_NUM_PAREN;
    else return m;
    e = skip_hspace(s, n, e);
    if (!is_close_paren(cp_at(s, n, e, &l))) return m;
    m.kind = kind; m.value = v; m.end = e + l;
    return m;
  }
  if ((j = parse_cn(s, n, i, &v)) != 0) {
    j = skip_hspace(s, n, j);
    c = cp_at(s, n, j, &l);
    if (!is_dun(c) && !is_dot(c)) return m;
    size_t l2;
    if (is_dot(c) && is_digit_cp(cp_at(s, n, j + l, &l2))) return m;
    m.kind = K_CN_DUN; m.value = v; m.end = j + l;
    return m;
  }
  if ((j = parse_num(s, n, i, &v)) != 0) {
    j = skip_hspace(s, n, j);
    c = cp_at(s, n, j, &l);
    size_t l2;
    uint32_t next = cp_at(s, n, j + l, &l2);
    if (is_dun(c) || is_dot(c)) {
      if (is_dot(c) && (is_digit_cp(next) || is_dot(next))) return m; /* 1.5  1..  */
      m.kind = K_NUM_DOT;
    } else if (is_close_paren(c)) {
      m.kind = K_NUM_PAREN;
    } else {
      return m;
    }
    m.value = v; m.end = j + l;
  }
  return m;
}

/* An inline marker at i: 一是 … 九十九是, or a circled number ① … ⑳ enumerating inside a sentence. */
static marker match_inline(const char *s, size_t n, size_t i) {
  marker m = {K_NONE, 0, 0};
  int v;
  size_t j = parse_cn(s, n, i, &v), l;
  if (j && cp_at(s, n, j, &l) == CP_SHI) { m.kind = K_CN_SHI; m.value = v; m.end = j + l; return m; }
  uint32_t c = cp_at(s, n, i, &l);
  if (c >= 0x2460 && c <= 0x2473) { m.kind = K_CIRCLED_IN; m.value = (int)(c - 0x2460) + 1; m.end = i + l; }
  return m;
}

static int is_sentence_end(uint32_t c) { return c == 0x3002 || c == 0xFF61 || c == 0xFF01 || c == 0xFF1F; } /* 。 ｡ ！ ？ */

/* May an inline marker start at i (line content starts at ls)? Only after a clause boundary. */
static int inline_boundary(const char *s, size_t n, size_t ls, size_t i) {
  size_t j = i;
  for (;;) {
    if (j <= ls) return 1;
    size_t k = j - 1;
    while (k > ls && (((unsigned char)s[k]) & 0xC0) == 0x80) k--;
    size_t l;
    uint32_t c = cp_at(s, n, k, &l);
    if (is_hspace(c)) { j = k; continue; }
    switch (c) {
    case 0x3002: case 0xFF61: /* 。 ｡ */
    case 0xFF1B: case ';':    /* ； ; */
    case 0xFF1A: case ':':    /* ： : */
    case 0xFF0C: case ',':    /* ， , */
    case 0xFF01: case '!': case 0xFF1F: case '?':
    case 0xFF09: case ')': case 0x300D: case 0x300F: case 0x201D: /* ） ) 」 』 ” */
    case '.': case 0xFF0E:
      return 1;
    default:
      return 0;
    }
  }
}

/* ---------- the outline stack ---------- */

static int push_flat(parser *p, size_t start, size_t label_end, int level, long parent) {
  if (p->nv == p->cap) {
    size_t nc = p->cap ? p->cap * 2 : 64;
    flat_node *nv = realloc(p->v, nc * sizeof *nv);
    if (!nv) return -1;
    p->v = nv;
    p->cap = nc;
  }
  p->v[p->nv].start = start;
  p->v[p->nv].label_end = label_end;
  p->v[p->nv].level = level;
  p->v[p->nv].parent = parent;
  p->nv++;
  return 0;
}

/* Does marker m at pos continue the outline? If so opens its node. 1 = opened, 0 = it is text, -1 = no memory. */
static int try_open(parser *p, const marker *m, size_t pos) {
  int inl = is_inline_kind(m->kind);
  int d = p->depth;
  /* a block marker ends inline nodes: it is never a child of one */
  if (!inl)
    while (d > 0 && is_inline_kind(p->st[d - 1].kind)) d--;
  /* an enumeration ①…②… ends with its sentence: what follows, unless its next number, is not inside it */
  if (inl && d > 0 && p->st[d - 1].kind == K_CIRCLED_IN && (p->sent_ended || p->inline_ended) &&
      !(m->kind == K_CIRCLED_IN && m->value == p->st[d - 1].value + 1))
    d--;
  /* a paragraph starting again with 一是 (or ①) after a finished run of the same kind starts a new run */
  if (inl && p->inline_ended && m->value == 1 && d > 0 && p->st[d - 1].kind == m->kind) d--;
  int at = -1;
  for (int i = 0; i < d; i++)
    if (p->st[i].kind == m->kind) { at = i; break; }
  if (at >= 0) {
    if (m->value != p->st[at].value + 1) return 0;
  } else {
    int first_ok = !p->any_marker && d == 0 && (m->kind == K_CN_DUN || m->kind == K_CN_PAREN);
    if (m->value != 1 && !first_ok) return 0;
    if (d >= MAX_DEPTH) return 0;
    at = d;
  }
  long parent = at > 0 ? p->st[at - 1].idx : -1;
  if (push_flat(p, pos, m->end, at + 1, parent) < 0) return -1;
  p->st[at].kind = m->kind;
  p->st[at].value = m->value;
  p->st[at].idx = (long)p->nv - 1;
  p->depth = at + 1;
  p->any_marker = 1;
  p->inline_ended = 0;
  p->sent_ended = 0;
  return 1;
}

/* Skips what may precede a line-start marker in [i,eol): white space and a Markdown heading "## ". */
static size_t skip_line_prefix(const char *s, size_t i, size_t eol) {
  i = skip_hspace(s, eol, i);
  size_t j = i;
  while (j < eol && s[j] == '#') j++;
  if (j > i && j - i <= 6 && j < eol && (s[j] == ' ' || s[j] == '\t')) i = skip_hspace(s, eol, j);
  return i;
}

static int run_parser(parser *p) {
  const char *s = p->s;
  size_t n = p->n, pos = 0;
  /* index 0: the preamble (text before any marker), used only if non-empty */
  if (push_flat(p, 0, 0, 1, -1) < 0) return -1;
  while (pos < n) {
    size_t ls = pos, eol = pos;
    while (eol < n && s[eol] != '\n' && s[eol] != '\r') eol++;
    size_t next = eol;
    if (next < n) next += (s[next] == '\r' && next + 1 < n && s[next + 1] == '\n') ? 2 : 1;

    size_t q = skip_line_prefix(s, ls, eol);
    size_t scan = q;
    int opened = 0, r;
    if (q < eol) {
      marker m = match_block(s, eol, q);
      if (m.kind != K_NONE) {
        if ((r = try_open(p, &m, q)) < 0) return -1;
        if (r) { opened = 1; scan = m.end; }
      }
      if (!opened) {
        m = match_inline(s, eol, q);
        if (m.kind != K_NONE) {
          if ((r = try_open(p, &m, q)) < 0) return -1;
          if (r) { opened = 1; scan = m.end; }
        }
      }
      if (!opened && p->inline_ended) {
        /* text after a paragraph of 一是/二是 (or ①/②) belongs to the nearest block above them: an unlabelled
         * node beside the inline run holds it */
        int d = p->depth; /* top is the ended inline node */
        while (d > 1 && is_inline_kind(p->st[d - 2].kind)) d--;
        long parent = d > 1 ? p->st[d - 2].idx : -1;
        if (push_flat(p, ls, ls, d, parent) < 0) return -1;
        p->depth = d - 1;
        p->inline_ended = 0;
        p->sent_ended = 0;
      }
    }
    /* inline markers inside the line (a marker at q was already tried) */
    size_t i = scan;
    if (!opened && i < eol) {
      size_t l0;
      cp_at(s, eol, i, &l0);
      i += l0 ? l0 : 1;
    }
    while (i < eol) {
      size_t l;
      uint32_t c = cp_at(s, eol, i, &l);
      if (l == 0) break;
      if (is_sentence_end(c) && p->depth > 0 && p->st[p->depth - 1].kind == K_CIRCLED_IN) p->sent_ended = 1;
      marker m = match_inline(s, eol, i);
      if (m.kind != K_NONE && inline_boundary(s, eol, q, i)) {
        if ((r = try_open(p, &m, i)) < 0) return -1;
        if (r) { i = m.end; continue; }
      }
      i += l;
    }
    if (p->depth > 0 && is_inline_kind(p->st[p->depth - 1].kind)) p->inline_ended = 1;
    pos = next;
  }
  return 0;
}

/* ---------- building the tree ---------- */

static char *dup_range(const char *s, size_t a, size_t b) {
  char *r = malloc(b - a + 1);
  if (!r) return NULL;
  memcpy(r, s + a, b - a);
  r[b - a] = '\0';
  return r;
}

/* End of the heading phrase in [a,b): just after the first 。 ； ; (or a sentence-ending period), else the line end. */
static size_t title_end(const char *s, size_t a, size_t b) {
  size_t i = a, l;
  while (i < b) {
    uint32_t c = cp_at(s, b, i, &l);
    if (l == 0) break;
    if (c == '\n' || c == '\r') return i;
    if (c == 0x3002 || c == 0xFF61 || c == 0xFF1B || c == ';') return i + l;
    if (c == 0xFF0E || c == '.') {
      size_t l2;
      uint32_t nx = cp_at(s, b, i + l, &l2);
      int prev_alnum = 0;
      if (c == '.' && i > a) {
        unsigned char pc = (unsigned char)s[i - 1];
        prev_alnum = (pc >= '0' && pc <= '9') || (pc >= 'A' && pc <= 'Z') || (pc >= 'a' && pc <= 'z');
      }
      int next_alnum = (nx < 0x80 && ((nx >= '0' && nx <= '9') || (nx >= 'A' && nx <= 'Z') || (nx >= 'a' && nx <= 'z'))) ||
                       is_digit_cp(nx);
      if (!prev_alnum && !next_alnum) return i + l;
    }
    i += l;
  }
  return b;
}

static void free_nodes(plan_node *v, size_t n) {
  if (!v) return;
  for (size_t i = 0; i < n; i++) {
    free(v[i].label);
    free(v[i].title);
    free(v[i].body);
    free_nodes(v[i].children, v[i].nchildren);
  }
  free(v);
}

void plan_tree_free(plan_tree *t) {
  if (!t) return;
  free_nodes(t->roots, t->nroots);
  free(t->text);
  free(t);
}

static int build_tree(plan_tree *t, const parser *p) {
  const char *s = p->s;
  size_t nv = p->nv, first = 1;
  if (nv == 1 || p->v[1].start > 0) first = 0; /* the preamble node is used */
  size_t *nch = calloc(nv, sizeof *nch), *fill = calloc(nv, sizeof *fill);
  plan_node **slot = calloc(nv, sizeof *slot);
  int rc = -1;
  if (!nch || !fill || !slot) goto out;
  size_t nroots = 0;
  for (size_t i = first; i < nv; i++) {
    if (p->v[i].parent < 0) nroots++;
    else nch[p->v[i].parent]++;
  }
  t->roots = calloc(nroots ? nroots : 1, sizeof *t->roots);
  if (!t->roots) goto out;
  t->nroots = nroots;
  size_t rfill = 0;
  for (size_t i = first; i < nv; i++) {
    const flat_node *f = &p->v[i];
    plan_node *nd;
    if (f->parent < 0) nd = &t->roots[rfill++];
    else nd = &slot[f->parent]->children[fill[f->parent]++];
    slot[i] = nd;
    size_t end = i + 1 < nv ? p->v[i + 1].start : p->n;
    size_t te = f->label_end == f->start ? f->label_end : title_end(s, f->label_end, end);
    nd->level = f->level;
    nd->offset = f->start;
    nd->label = dup_range(s, f->start, f->label_end);
    nd->title = dup_range(s, f->label_end, te);
    nd->body = dup_range(s, te, end);
    if (!nd->label || !nd->title || !nd->body) goto out;
    if (nch[i]) {
      nd->children = calloc(nch[i], sizeof *nd->children);
      if (!nd->children) goto out;
      nd->nchildren = nch[i];
    }
  }
  rc = 0;
out:
  free(nch);
  free(fill);
  free(slot);
  return rc;
}

/* ---------- encoding ---------- */

/* Converts with iconv into a fresh NUL-terminated buffer; NULL if the bytes are not valid in that encoding. */
static char *convert(const char *from, const char *in, size_t inlen, size_t *outlen, int *nomem) {
  *nomem = 0;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return NULL;
  size_t cap = inlen * 2 + 16;
  char *out = malloc(cap);
  if (!out) { *nomem = 1; iconv_close(cd); return NULL; }
  char *ip = (char *)in, *op = out;
  size_t il = inlen, ol = cap - 1;
  int ok = 1;
  while (il > 0) {
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r != (size_t)-1) continue;
    if (errno == E2BIG) {
      size_t used = (size_t)(op - out);
      char *nb = realloc(out, cap * 2);
      if (!nb) { *nomem = 1; ok = 0; break; }
      out = nb;
      cap *= 2;
      op = out + used;
      ol = cap - 1 - used;
      continue;
    }
    ok = 0; /* EILSEQ, EINVAL */
    break;
  }
  if (ok) {
    /* flush any shift state */
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) ok = 0;
  }
  iconv_close(cd);
  if (!ok) { free(out); return NULL; }
  *op = '\0';
  *outlen = (size_t)(op - out);
  return out;
}

/* Produces the UTF-8 text (BOM stripped) or NULL with err set. */
static char *to_utf8(const char *text, size_t len, size_t *outlen, char *err, size_t errlen) {
  const unsigned char *u = (const unsigned char *)text;
  char *buf = NULL;
  size_t n = 0;
  int nomem = 0;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    buf = convert(u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", text + 2, len - 2, &n, &nomem);
  } else if (utf8_valid(u, len)) {
    buf = malloc(len + 1);
    if (!buf) nomem = 1;
    else { memcpy(buf, text, len); buf[len] = '\0'; n = len; }
  } else {
    buf = convert("GB18030", text, len, &n, &nomem);
    if (buf && !utf8_valid((const unsigned char *)buf, n)) { free(buf); buf = NULL; }
  }
  if (!buf) {
    set_err(err, errlen, nomem ? "内存不足" : "编码无法识别（请使用 UTF-8 或 GBK 编码的纯文本）");
    return NULL;
  }
  if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) {
    memmove(buf, buf + 3, n - 3 + 1);
    n -= 3;
  }
  if (memchr(buf, '\0', n)) {
    free(buf);
    set_err(err, errlen, "文本含有空字符，不是纯文本文件");
    return NULL;
  }
  *outlen = n;
  return buf;
}

plan_tree *plan_parse(const char *text, size_t len, char *err, size_t errlen) {
  set_err(err, errlen, "");
  if (!text || len == 0) { set_err(err, errlen, "文本为空"); return NULL; }
  if (len > PLAN_MAX_INPUT) { set_err(err, errlen, "文本过大（超过4MB）"); return NULL; }
  size_t n = 0;
  char *s = to_utf8(text, len, &n, err, errlen);
  if (!s) return NULL;
  int blank = 1;
  for (size_t i = 0, l; i < n && blank; i += l) {
    if (!is_space(cp_at(s, n, i, &l))) blank = 0;
    if (l == 0) break;
  }
  if (blank) { free(s); set_err(err, errlen, "文本为空"); return NULL; }

  parser p;
  memset(&p, 0, sizeof p);
  p.s = s;
  p.n = n;
  plan_tree *t = NULL;
  if (run_parser(&p) < 0) goto nomem;
  t = calloc(1, sizeof *t);
  if (!t) goto nomem;
  t->text = s;
  if (build_tree(t, &p) < 0) goto nomem;
  free(p.v);
  return t;
nomem:
  free(p.v);
  if (t) plan_tree_free(t); /* frees s too */
  else free(s);
  set_err(err, errlen, "内存不足");
  return NULL;
}

/* ---------- output ---------- */

static size_t concat_len(const plan_node *v, size_t n) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += strlen(v[i].label) + strlen(v[i].title) + strlen(v[i].body) + concat_len(v[i].children, v[i].nchildren);
  return total;
}

static char *concat_put(char *o, const plan_node *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t a = strlen(v[i].label), b = strlen(v[i].title), c = strlen(v[i].body);
    memcpy(o, v[i].label, a); o += a;
    memcpy(o, v[i].title, b); o += b;
    memcpy(o, v[i].body, c); o += c;
    o = concat_put(o, v[i].children, v[i].nchildren);
  }
  return o;
}

char *plan_tree_concat(const plan_tree *t) {
  if (!t) return NULL;
  size_t n = concat_len(t->roots, t->nroots);
  char *r = malloc(n + 1);
  if (!r) return NULL;
  char *e = concat_put(r, t->roots, t->nroots);
  *e = '\0';
  return r;
}

/* [*a,*b) trimmed of white space (incl. full-width space, CR/LF). */
static void trim(const char *s, size_t *a, size_t *b) {
  size_t l;
  while (*a < *b) {
    uint32_t c = cp_at(s, *b, *a, &l);
    if (!is_space(c)) break;
    *a += l;
  }
  while (*b > *a) {
    size_t k = *b - 1;
    while (k > *a && (((unsigned char)s[k]) & 0xC0) == 0x80) k--;
    uint32_t c = cp_at(s, *b, k, &l);
    if (!is_space(c)) break;
    *b = k;
  }
}

static int set_trimmed(json_t *o, const char *key, const char *s) {
  size_t a = 0, b = strlen(s);
  trim(s, &a, &b);
  return json_object_set_new(o, key, json_stringn(s + a, b - a));
}

static int blank_str(const char *s) {
  size_t a = 0, b = strlen(s);
  trim(s, &a, &b);
  return a == b;
}

static json_t *nodes_json(const plan_node *v, size_t n) {
  json_t *arr = json_array();
  if (!arr) return NULL;
  for (size_t i = 0; i < n; i++) {
    const plan_node *nd = &v[i];
    if (!nd->label[0] && !nd->nchildren && blank_str(nd->title) && blank_str(nd->body)) continue;
    json_t *o = json_object();
    if (!o) goto fail;
    if (json_array_append_new(arr, o)) goto fail; /* o is released by jansson on failure */
    if (set_trimmed(o, "label", nd->label) || set_trimmed(o, "title", nd->title) ||
        set_trimmed(o, "body", nd->body) || json_object_set_new(o, "level", json_integer(nd->level)) ||
        json_object_set_new(o, "children", nodes_json(nd->children, nd->nchildren)))
      goto fail; /* set_new releases the value on failure; arr owns o */
  }
  return arr;
fail:
  json_decref(arr);
  return NULL;
}

/* The preamble node: the first root, unlabelled, starting at the text's first byte (only text before any marker is). */
static const plan_node *preamble_of(const plan_tree *t) {
  return t->nroots && !t->roots[0].label[0] && t->roots[0].offset == 0 ? &t->roots[0] : NULL;
}

json_t *plan_tree_json(const plan_tree *t) {
  if (!t) return NULL;
  size_t skip = preamble_of(t) ? 1 : 0;
  return nodes_json(t->roots + skip, t->nroots - skip);
}

char *plan_tree_preamble(const plan_tree *t) {
  if (!t) return NULL;
  const plan_node *p = preamble_of(t);
  const char *s = p ? p->body : "";
  size_t a = 0, b = strlen(s);
  trim(s, &a, &b);
  /* the "## " of a Markdown heading that opens the first node sits before its label: not part of the preamble */
  size_t h = b;
  while (h > a && s[h - 1] == '#') h--;
  if (h < b && b - h <= 6 && (h == a || s[h - 1] == '\n' || s[h - 1] == '\r')) {
    b = h;
    trim(s, &a, &b);
  }
  char *r = malloc(b - a + 1);
  if (!r) return NULL;
  memcpy(r, s + a, b - a);
  r[b - a] = '\0';
  return r;
}
