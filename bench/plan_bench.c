/* plan_bench.c — throughput of the annual-plan parser (bench/tasks.sh): a synthetic plan of about 3.9 MB (just under
 * PLAN_MAX_INPUT) built from the seed's 2023 plan with every marker style nested four deep, parsed ROUNDS times;
 * prints "bytes nodes parse_MBps json_MBps" (medians). Usage: plan_bench SEED_FILE [ROUNDS]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tasks/plan_parse.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static size_t count(const plan_node *v, size_t n) {
  size_t c = n;
  for (size_t i = 0; i < n; i++) c += count(v[i].children, v[i].nchildren);
  return c;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: plan_bench SEED_FILE [ROUNDS]\n"); return 2; }
  int rounds = argc > 2 ? atoi(argv[2]) : 7;
  if (rounds < 1) rounds = 1;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  static char seed[1 << 16];
  size_t sl = fread(seed, 1, sizeof seed - 1, f);
  fclose(f);
  seed[sl] = 0;
  /* 一、 sections, each with the seed's text (its own （一） and 一是 markers) and numbered sub-items 1. / （1） / ①. */
  static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  size_t cap = PLAN_MAX_INPUT - 65536, len = 0;
  char *text = malloc(cap + 65536);
  if (!text) return 1;
  for (int sec = 0; len + sl + 4096 < cap; sec++) {
    len += (size_t)sprintf(text + len, "%s%s、第%d部分重点工作\n", sec >= 10 ? cn[sec / 10 % 10] : "", cn[sec % 10], sec + 1);
    memcpy(text + len, seed, sl);
    len += sl;
    for (int k = 1; k <= 3 && len + 1024 < cap; k++) {
      len += (size_t)sprintf(text + len, "%d. 落实第%d项措施。明确责任单位和完成时限，按月报送进展。\n", k, k);
      len += (size_t)sprintf(text + len, "（%d）细化分解任务；形成工作台账。\n①建立清单。②定期调度。③验收销号。\n", k);
    }
  }
  text[len] = 0;
  double *tp = calloc((size_t)rounds, sizeof *tp), *tj = calloc((size_t)rounds, sizeof *tj);
  size_t nodes = 0;
  for (int r = 0; r < rounds; r++) {
    char err[160];
    double t0 = now_s();
    plan_tree *t = plan_parse(text, len, err, sizeof err);
    double t1 = now_s();
    if (!t) { fprintf(stderr, "parse failed: %s\n", err); return 1; }
    json_t *j = plan_tree_json(t);
    double t2 = now_s();
    if (!j) return 1;
    nodes = count(t->roots, t->nroots);
    json_decref(j);
    plan_tree_free(t);
    tp[r] = t1 - t0;
    tj[r] = t2 - t1;
  }
  qsort(tp, (size_t)rounds, sizeof *tp, cmp_d);
  qsort(tj, (size_t)rounds, sizeof *tj, cmp_d);
  double mb = len / 1e6;
  printf("%zu %zu %.1f %.1f\n", len, nodes, mb / tp[rounds / 2], mb / tj[rounds / 2]);
  free(tp);
  free(tj);
  free(text);
  return 0;
}
