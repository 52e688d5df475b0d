/* batch.c — every check again over every evaluation (`bureau evals check --all`, the bench): photo hashes are loaded
 * once into a multi-index (phindex.c) so near duplicates are found without comparing every pair; the evaluations go
 * through in chunks of one transaction each. */
#include "evals/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 500

typedef struct near_ctx {
  const evals_photo_set *ps;
  size_t me;                     /* the photo being looked up */
  evals_photo_match *v;
  size_t n, cap;
} near_ctx;

static void on_hit(void *p, size_t i, int d) {
  near_ctx *c = p;
  const evals_photo_set *ps = c->ps;
  /* another evaluation, of another shop or of the same shop in another round */
  if (ps->eval[i] == ps->eval[c->me] || (ps->shop[i] == ps->shop[c->me] && ps->round[i] == ps->round[c->me])) return;
  if (c->n >= 20) return;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    evals_photo_match *g = realloc(c->v, cap * sizeof *g);
    if (!g) return;
    c->v = g;
    c->cap = cap;
  }
  c->v[c->n++] = (evals_photo_match){ps->id[c->me], ps->id[i], ps->eval[i], ps->shop[i], ps->round[i], d, 0};
}

/* The photos of evaluation id: [*lo, *hi) in the set (sorted by evaluation). */
static void range_of(const evals_photo_set *ps, int64_t id, size_t *lo, size_t *hi) {
  size_t a = 0, b = ps->n;
  while (a < b) {
    size_t m = a + (b - a) / 2;
    if (ps->eval[m] < id) a = m + 1; else b = m;
  }
  *lo = a;
  while (a < ps->n && ps->eval[a] == id) a++;
  *hi = a;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int evals_batch_check(evals_batch_stats *st, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx) {
  memset(st, 0, sizeof *st);
  double t0 = now_s();
  evals_settings cfg;
  if (evals_settings_load(&cfg)) return -1;
  evals_settings exact_only = cfg;
  exact_only.phash_max = -1; /* the store looks up equal files; near ones come from the index */
  evals_photo_set ps;
  int64_t *ids = NULL;
  size_t nids = 0;
  if (evals_store_photo_hashes(&ps)) return -1;
  evals_phindex *ix = evals_phindex_build(ps.hash, ps.n);
  if (!ix || evals_store_all_ids(&ids, &nids)) { evals_phindex_free(ix); evals_photo_set_free(&ps); return -1; }
  st->photos = (int64_t)ps.n;
  char at[20];
  evals_now(at);
  int rc = 0;
  for (size_t i = 0; i < nids && !rc; i += CHUNK) {
    if (db_begin() != DB_OK) { rc = -1; break; }
    for (size_t k = i; k < nids && k < i + CHUNK && !rc; k++) {
      evals_subject sub;
      evals_subject_hold hold;
      evals_flags f = {0};
      if (evals_store_subject(ids[k], &exact_only, &sub, &hold)) { rc = -1; break; }
      size_t lo, hi;
      range_of(&ps, ids[k], &lo, &hi);
      near_ctx nc = {.ps = &ps, .v = hold.ph, .n = hold.nph, .cap = hold.nph};
      for (size_t p = lo; p < hi && cfg.phash_max >= 0; p++) {
        nc.me = p;
        evals_phindex_query(ix, ps.hash[p], cfg.phash_max, p, on_hit, &nc, &st->comparisons);
      }
      hold.ph = nc.v;
      hold.nph = nc.n;
      sub.photos = hold.ph;
      sub.nphotos = hold.nph;
      if (evals_check(&sub, &cfg, &f) || evals_store_flags_put(ids[k], &f, at) || evals_store_restate(ids[k], evals_flags_serious(&f))) rc = -1;
      for (size_t q = 0; q < f.n; q++) st->counts[f.v[q].code]++;
      st->flagged += evals_flags_serious(&f);
      st->evaluations++;
      evals_flags_free(&f);
      evals_subject_free(&hold);
    }
    if (rc) { db_rollback(); break; }
    if (db_commit() != DB_OK) { rc = -1; break; }
    if (progress) progress(ctx, (int64_t)(i + CHUNK < nids ? i + CHUNK : nids), (int64_t)nids);
  }
  free(ids);
  evals_phindex_free(ix);
  evals_photo_set_free(&ps);
  st->seconds = now_s() - t0;
  return rc;
}

static void usage(FILE *f) {
  fprintf(f, "bureau evals check --all [--db FILE]\n"
             "  重新运行全部终端评价的六项质量检查（位置、用时与轨迹、照片、雷同、与数据不符、代签），按疑点代码输出户次。\n"
             "  Reruns every quality check of every evaluation and prints the count per flag; 已提交/有疑点 ones take the state\n"
             "  their flags give, reviewed ones keep theirs.\n");
}

static void show_progress(void *ctx, int64_t done, int64_t total) {
  (void)ctx;
  fprintf(stderr, "\r已检查 %lld / %lld", (long long)done, (long long)total);
}

int evals_cli(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "check")) { usage(argc > 1 && !strcmp(argv[1], "--help") ? stdout : stderr); return argc > 1 && !strcmp(argv[1], "--help") ? 0 : 2; }
  int all = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--all")) all = 1;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
    else { fprintf(stderr, "未知参数 / unknown option: %s\n", argv[i]); usage(stderr); return 2; }
  }
  if (!all) { usage(stderr); return 2; }
  evals_batch_stats st;
  if (evals_batch_check(&st, show_progress, NULL)) { fprintf(stderr, "\n检查失败（数据库错误），已完成的批次已保存，可重新运行\n"); return 1; }
  fprintf(stderr, "\n");
  printf("评价 %lld 条，照片 %lld 张，有疑点 %lld 条；用时 %.2f 秒（%.0f 条/秒），近似照片比较 %llu 次\n", (long long)st.evaluations, (long long)st.photos,
         (long long)st.flagged, st.seconds, st.seconds > 0 ? (double)st.evaluations / st.seconds : 0.0, (unsigned long long)st.comparisons);
  printf("%-16s %-28s %8s\n", "code", "疑点", "户次");
  for (int c = 0; c < EV__COUNT; c++)
    printf("%-16s %-28s %8lld\n", evals_flag_code_str((evals_flag_code)c), evals_flag_name((evals_flag_code)c), (long long)st.counts[c]);
  return 0;
}
