/* org.c — the org module's pure logic: data scope over the unit tree, permission matching, the audit row's
 * canonical encoding, the password policy. No I/O. */
#include "org/org.h"
#include "base/embedded.h"
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const scope_names[] = {"all", "custom", "unit", "unit_below", "self"};
int org_scope_kind_parse(const char *s) {
  for (int i = 0; i < 5; i++)
    if (s && strcmp(s, scope_names[i]) == 0) return i;
  return -1;
}
const char *org_scope_kind_name(org_scope_kind k) { return (unsigned)k < 5 ? scope_names[k] : "self"; }

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Marks u and every unit below it. Iterates to a fixed point so the input order does not matter. */
/* Marks root and every unit below it. It walks from root's own marks only: the caller's array may already hold other
 * roles' units (a custom scope's), and spreading from those would widen them to their whole subtrees. -1 out of memory. */
static int mark_subtree(const org_unit_ref *units, size_t n, int64_t root, unsigned char *mark) {
  unsigned char *sub = calloc(n ? n : 1, 1);
  if (!sub) return -1;
  for (size_t i = 0; i < n; i++)
    if (units[i].id == root) sub[i] = 1;
  int changed = 1;
  while (changed) {
    changed = 0;
    for (size_t i = 0; i < n; i++) {
      if (sub[i] || !units[i].parent_id) continue;
      for (size_t j = 0; j < n; j++)
        if (sub[j] && units[j].id == units[i].parent_id) { sub[i] = 1; changed = 1; break; }
    }
  }
  for (size_t i = 0; i < n; i++) mark[i] |= sub[i];
  free(sub);
  return 0;
}

int org_scope_compute(const org_unit_ref *units, size_t nunits, int64_t user_unit, int64_t user_id,
                      const org_role_scope *roles, size_t nroles, org_scope *out) {
  memset(out, 0, sizeof *out);
  out->self_id = user_id;
  if (nroles == 0) { out->self = 1; return 0; }
  unsigned char *mark = calloc(nunits ? nunits : 1, 1);
  if (!mark) return -1;
  for (size_t r = 0; r < nroles; r++) {
    switch (roles[r].kind) {
    case SCOPE_ALL: out->all = 1; break;
    case SCOPE_CUSTOM:
      for (size_t k = 0; k < roles[r].ncustom; k++)
        for (size_t i = 0; i < nunits; i++)
          if (units[i].id == roles[r].custom_units[k]) mark[i] = 1;
      break;
    case SCOPE_UNIT:
      for (size_t i = 0; i < nunits; i++)
        if (units[i].id == user_unit) mark[i] = 1;
      break;
    case SCOPE_UNIT_BELOW:
      if (mark_subtree(units, nunits, user_unit, mark)) { free(mark); return -1; }
      break;
    case SCOPE_SELF: out->self = 1; break;
    }
  }
  size_t cnt = 0;
  for (size_t i = 0; i < nunits; i++) cnt += mark[i];
  out->units = malloc((cnt ? cnt : 1) * sizeof *out->units);
  if (!out->units) { free(mark); return -1; }
  for (size_t i = 0; i < nunits; i++)
    if (mark[i]) out->units[out->nunits++] = units[i].id;
  free(mark);
  qsort(out->units, out->nunits, sizeof *out->units, cmp_i64);
  size_t w = 0;
  for (size_t i = 0; i < out->nunits; i++)
    if (w == 0 || out->units[w - 1] != out->units[i]) out->units[w++] = out->units[i];
  out->nunits = w;
  return 0;
}

int org_scope_has_unit(const org_scope *s, int64_t unit_id) {
  if (s->all) return 1;
  return bsearch(&unit_id, s->units, s->nunits, sizeof *s->units, cmp_i64) != NULL;
}

char *org_scope_units_json(const org_scope *s) {
  size_t cap = 3 + s->nunits * 21;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  size_t o = 0;
  buf[o++] = '[';
  for (size_t i = 0; i < s->nunits; i++)
    o += (size_t)snprintf(buf + o, cap - o, "%s%lld", i ? "," : "", (long long)s->units[i]);
  buf[o++] = ']';
  buf[o] = 0;
  return buf;
}

/* 三员分立: what only the 审计管理员 and the 安全管理员 hold. A wildcard ("*:*:*" of the 系统管理员) never implies
 * these; they are granted by name only. */
static const char *const reserved[] = {"monitor:audit:list", "monitor:audit:export", "monitor:audit:verify", "org:security:list", "org:security:edit"};

int org_perm_reserved(const char *perm) {
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (strcmp(perm, reserved[i]) == 0) return 1;
  return 0;
}

int org_perm_match(const char *g, const char *w) {
  if (strchr(g, '*') && org_perm_reserved(w)) return 0;
  /* Segment by segment; a "*" segment matches any one segment, and a trailing "*" everything after it. */
  for (;;) {
    size_t gl = strcspn(g, ":"), wl = strcspn(w, ":");
    int star = gl == 1 && g[0] == '*';
    if (star && g[1] == 0) return *w != 0;
    if (!star && (gl != wl || memcmp(g, w, gl) != 0)) return 0;
    g += gl;
    w += wl;
    if (*g == 0 || *w == 0) return *g == 0 && *w == 0;
    g++;
    w++;
  }
}

char *org_audit_canonical(const char *const *fields, size_t nfields, size_t *len) {
  /* "<byte length>:<bytes>;" per field: unambiguous whatever the fields contain. */
  size_t cap = 1;
  for (size_t i = 0; i < nfields; i++) cap += (fields[i] ? strlen(fields[i]) : 0) + 24;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < nfields; i++) {
    const char *f = fields[i] ? fields[i] : "";
    size_t fl = strlen(f);
    o += (size_t)snprintf(buf + o, cap - o, "%zu:", fl);
    memcpy(buf + o, f, fl);
    o += fl;
    buf[o++] = ';';
  }
  buf[o] = 0;
  *len = o;
  return buf;
}

/* ---- password policy ---- */
static char **common_list;
static size_t common_n;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static int cmp_str_ci(const void *a, const void *b) { return strcasecmp(*(char *const *)a, *(char *const *)b); }

static void load_common(void) {
  const struct embedded_file *f = embedded_find("data/common-passwords.txt");
  if (!f) return;
  size_t lines = 0;
  for (size_t i = 0; i < f->len; i++) lines += f->data[i] == '\n';
  common_list = calloc(lines + 1, sizeof *common_list);
  if (!common_list) return;
  size_t start = 0;
  for (size_t i = 0; i <= f->len; i++) {
    if (i == f->len || f->data[i] == '\n') {
      if (i > start && common_n < lines + 1) {
        common_list[common_n] = strndup(f->data + start, i - start);
        if (common_list[common_n]) common_n++;
      }
      start = i + 1;
    }
  }
  qsort(common_list, common_n, sizeof *common_list, cmp_str_ci);
}

int org_password_is_common(const char *pw) {
  pthread_once(&common_once, load_common);
  return common_list && bsearch(&pw, common_list, common_n, sizeof *common_list, cmp_str_ci) != NULL;
}

/* The organisation's own words: what a guesser tries first at a tobacco bureau. */
static const char *const org_words[] = {"tobacco", "yancao", "zhongyan", "zhuanmai", "yanju", "juanyan", "烟草", "专卖", "中烟", "卷烟"};
/* Rows of the keyboard and the alphabet: five keys in a row either way is a "run". */
static const char *const runs[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "!@#$%^&*()"};
#define RUN_LEN 5

static int has_run(const char *pw) {
  size_t n = strlen(pw);
  char low[130];
  if (n >= sizeof low) n = sizeof low - 1;
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)pw[i]);
  low[n] = 0;
  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    size_t rl = strlen(runs[r]);
    for (size_t k = 0; k + RUN_LEN <= rl; k++) {
      char fw[RUN_LEN + 1], bw[RUN_LEN + 1];
      memcpy(fw, runs[r] + k, RUN_LEN);
      fw[RUN_LEN] = 0;
      for (int j = 0; j < RUN_LEN; j++) bw[j] = fw[RUN_LEN - 1 - j];
      bw[RUN_LEN] = 0;
      if (strstr(low, fw) || strstr(low, bw)) return 1;
    }
  }
  return 0;
}

static int has_repeat(const char *pw) {
  int run = 1;
  for (size_t i = 1; pw[i]; i++) {
    run = tolower((unsigned char)pw[i]) == tolower((unsigned char)pw[i - 1]) ? run + 1 : 1;
    if (run >= 4) return 1;
  }
  return 0;
}

int org_password_policy_ex(int min_len, const char *username, const char *name, const char *pw, char *msg, size_t msglen) {
  size_t len = strlen(pw);
  long chars = 0;
  int letter = 0, digit = 0, other = 0;
  for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
    if ((*p & 0xC0) != 0x80) chars++;
    /* Upper and lower case are one kind: "Aaaaaaaa" is letters only. */
    if (isalpha(*p)) letter = 1;
    else if (isdigit(*p)) digit = 1;
    else other = 1;
  }
  if (min_len < 8) min_len = 8;
  if (chars < min_len) { snprintf(msg, msglen, "密码至少%d位", min_len); return -1; }
  if (len > 128) { snprintf(msg, msglen, "密码不能超过128个字符"); return -1; }
  if (letter + digit + other < 2) { snprintf(msg, msglen, "密码至少包含字母、数字、符号中的两类"); return -1; }
  if (username && *username && strcasestr(pw, username)) { snprintf(msg, msglen, "密码不能包含用户名"); return -1; }
  if (name && *name && strlen(name) >= 4 && strstr(pw, name)) { snprintf(msg, msglen, "密码不能包含本人姓名"); return -1; }
  if (has_repeat(pw)) { snprintf(msg, msglen, "密码不能包含4个以上连续相同的字符"); return -1; }
  if (has_run(pw)) { snprintf(msg, msglen, "密码不能包含键盘或字母表上连续的字符（如 qwert、12345、zxcvb）"); return -1; }
  for (size_t i = 0; i < sizeof org_words / sizeof org_words[0]; i++)
    if (strcasestr(pw, org_words[i])) { snprintf(msg, msglen, "密码不能包含单位相关的常见词（如 tobacco、yancao、烟草）"); return -1; }
  if (org_password_is_common(pw)) { snprintf(msg, msglen, "密码过于常见，容易被猜到，请换一个"); return -1; }
  /* A common word dressed up with digits or symbols at the end ("Password2026!") is still common. */
  char base[130];
  snprintf(base, sizeof base, "%s", pw);
  size_t bl = strlen(base);
  while (bl > 0 && !isalpha((unsigned char)base[bl - 1])) base[--bl] = 0;
  if (bl >= 4 && bl < len && org_password_is_common(base)) { snprintf(msg, msglen, "密码过于常见（常见词加数字或符号），容易被猜到，请换一个"); return -1; }
  return 0;
}

int org_password_policy(const char *username, const char *pw, char *msg, size_t msglen) {
  return org_password_policy_ex(8, username, NULL, pw, msg, msglen);
}

/* ---- grants within the granter's own (pure) ---- */
int org_scope_covers(const org_scope *outer, const org_scope *inner, int64_t inner_unit) {
  if (outer->all) return 1;
  if (inner->all) return 0;
  for (size_t i = 0; i < inner->nunits; i++)
    if (!org_scope_has_unit(outer, inner->units[i])) return 0;
  /* "Self" reaches the rows the inner user owns: covered when the outer sees that user's unit, or is that user. */
  if (inner->self && !org_scope_has_unit(outer, inner_unit) && !(outer->self && outer->self_id == inner->self_id)) return 0;
  return 1;
}

const char *org_perms_cover(char *const *have, size_t nhave, char *const *want, size_t nwant) {
  for (size_t i = 0; i < nwant; i++) {
    int ok = 0;
    for (size_t k = 0; k < nhave && !ok; k++) ok = org_perm_match(have[k], want[i]);
    if (!ok) return want[i];
  }
  return NULL;
}
