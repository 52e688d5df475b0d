/* plan_cli.c — `bureau plan parse FILE [--json]`: reads a plan file and prints its outline tree (the only file I/O of the plan parser). */
#include "tasks/plan_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fputs("用法 / Usage: bureau plan parse FILE [--json]\n"
        "\n"
        "  把年度工作计划（.txt/.md，UTF-8 或 GBK）按公文层次序号拆成任务树并打印。\n"
        "  识别的序号：一、 （一） 一是（段内） 1. 1、 1． （1） (1) ①，全角半角均可，层级按出现顺序确定。\n"
        "  FILE 为 - 时读标准输入；文件不超过 4MB。\n"
        "\n"
        "  Splits an annual work plan (.txt/.md, UTF-8 or GBK) into a task tree by its Chinese\n"
        "  outline markers and prints it. Markers: 一、 （一） 一是 (inline) 1. 1、 1． （1） (1) ①,\n"
        "  full- or half-width; levels follow the order in which marker kinds appear.\n"
        "  FILE may be - for standard input; at most 4 MB.\n"
        "\n"
        "选项 / Options:\n"
        "  --json      输出 JSON：节点列表 {label,title,body,level,children}\n"
        "              print JSON: a list of nodes {label,title,body,level,children}\n"
        "  -h, --help  显示本帮助 / show this help\n"
        "\n"
        "退出码 / Exit status: 0 成功 success, 1 文件或文本错误 file or text error, 2 用法错误 usage error\n",
        f);
}

/* Reads at most PLAN_MAX_INPUT + 1 bytes (enough for plan_parse to reject an oversized file). */
static char *read_all(const char *path, size_t *len, char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "无法打开文件 %s：%s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, n = 0, limit = PLAN_MAX_INPUT + 1;
  char *buf = malloc(cap);
  if (!buf) {
    snprintf(err, errlen, "内存不足");
    if (f != stdin) fclose(f);
    return NULL;
  }
  while (n < limit) {
    if (n == cap) {
      size_t nc = cap * 2 > limit ? limit : cap * 2;
      char *nb = realloc(buf, nc);
      if (!nb) {
        free(buf);
        snprintf(err, errlen, "内存不足");
        if (f != stdin) fclose(f);
        return NULL;
      }
      buf = nb;
      cap = nc;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) {
    free(buf);
    snprintf(err, errlen, "读取文件 %s 失败", path);
    return NULL;
  }
  *len = n;
  return buf;
}

/* Prints s without surrounding white space, at most maxcp code points (0 = all). */
static void put_trimmed(const char *s, size_t maxcp) {
  size_t a = 0, b = strlen(s);
  for (;;) {
    if (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n')) a++;
    else if (b - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0) a += 3;
    else break;
  }
  for (;;) {
    if (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n')) b--;
    else if (b - a >= 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0) b -= 3;
    else break;
  }
  size_t cps = 0, i = a;
  while (i < b) {
    if (maxcp && cps == maxcp) break;
    unsigned char c = (unsigned char)s[i];
    size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c == '\r' || c == '\n') {
      fputc(' ', stdout);
      i++;
    } else {
      if (i + l > b) l = b - i;
      fwrite(s + i, 1, l, stdout);
      i += l;
    }
    cps++;
  }
  if (i < b) fputs("…", stdout);
}

static int is_blank(const char *s) {
  for (; *s; s++)
    if (!(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
      if (strncmp(s, "\xE3\x80\x80", 3) == 0) { s += 2; continue; }
      return 0;
    }
  return 1;
}

static void print_outline(const plan_node *v, size_t n, size_t *count) {
  for (size_t i = 0; i < n; i++) {
    const plan_node *nd = &v[i];
    if (!nd->label[0] && !nd->nchildren && is_blank(nd->body)) continue;
    for (int k = 1; k < nd->level; k++) fputs("  ", stdout);
    if (nd->label[0]) {
      fputs(nd->label, stdout);
      put_trimmed(nd->title, 0);
    } else {
      fputs("（正文）", stdout);
      put_trimmed(nd->body, 30);
    }
    fputc('\n', stdout);
    (*count)++;
    print_outline(nd->children, nd->nchildren, count);
  }
}

int plan_cli(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "parse") != 0) {
    fprintf(stderr, "bureau plan: 未知子命令 / unknown subcommand: %s（bureau plan --help）\n", argv[1]);
    return 2;
  }
  const char *file = NULL;
  int as_json = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) as_json = 1;
    else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { usage(stdout); return 0; }
    else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "bureau plan parse: 未知选项 / unknown option: %s（bureau plan --help）\n", argv[i]);
      return 2;
    } else if (file) {
      fprintf(stderr, "bureau plan parse: 只能给一个文件 / only one FILE may be given\n");
      return 2;
    } else {
      file = argv[i];
    }
  }
  if (!file) {
    fprintf(stderr, "bureau plan parse: 缺少文件 / missing FILE（用法 / usage: bureau plan parse FILE [--json]）\n");
    return 2;
  }
  char err[256];
  size_t len = 0;
  char *buf = read_all(file, &len, err, sizeof err);
  if (!buf) {
    fprintf(stderr, "bureau plan parse: %s\n", err);
    return 1;
  }
  plan_tree *t = plan_parse(buf, len, err, sizeof err);
  free(buf);
  if (!t) {
    fprintf(stderr, "bureau plan parse: %s: %s\n", file, err);
    return 1;
  }
  int rc = 0;
  if (as_json) {
    json_t *j = plan_tree_json(t);
    if (!j || json_dumpf(j, stdout, JSON_INDENT(2)) != 0) {
      fprintf(stderr, "bureau plan parse: 内存不足 / out of memory\n");
      rc = 1;
    } else {
      fputc('\n', stdout);
    }
    json_decref(j);
  } else {
    size_t count = 0, skip = t->nroots && !t->roots[0].label[0] && t->roots[0].offset == 0; /* the preamble */
    if (skip && !is_blank(t->roots[0].body)) {
      fputs("（前言，不是任务）", stdout);
      put_trimmed(t->roots[0].body, 30);
      fputc('\n', stdout);
    }
    print_outline(t->roots + skip, t->nroots - skip, &count);
    printf("共 %zu 个节点 / %zu nodes\n", count, count);
  }
  plan_tree_free(t);
  if (fflush(stdout) != 0) rc = 1;
  return rc;
}
