/* evals_bench.c — a province-sized quarter for the evals module (bench/evals.sh): fills a fresh database with one round
 * of N evaluations (default 100,000) by 500 managers, three photos each (300,000 hashes in clusters, some re-used), then
 * (1) the near-duplicate search over all photo hashes through the multi-index against a brute-force baseline measured
 * in the same run (comparisons/s both ways, and the time each would take for every photo), and (2) the full batch
 * check (`bureau evals check --all`'s code) in evaluations/s. Prints one line "key value" per figure.
 * Usage: evals_bench DB [N]. The database must exist (bureau init). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evals/internal.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int gen(int64_t n) {
  if (db_begin() != DB_OK) return -1;
  db_stmt *s = db_prepare("INSERT INTO eval_rounds(name, period, template_id, start_date, deadline_days, due_date, seed, created_at)"
                          " VALUES('全省基准', '2026-Q1', (SELECT max(id) FROM eval_templates), '2026-02-01', 10, '2026-02-14', 12345, '2026-02-01 08:00:00')");
  if (!s || db_step(s) != DB_DONE) return -1;
  int64_t round = db_last_id(), unit = db_id_by_text("SELECT id FROM units WHERE ? <> '' ORDER BY id LIMIT 1", "x");
  uint64_t r = 42;
  for (int64_t i = 0; i < n; i++) {
    int64_t mgr = 1000 + i % 500, shop = 1 + i;
    double lng = 119 + (double)(evals_mix64((uint64_t)shop) % 100000) / 50000.0, lat = 28 + (double)(evals_mix64((uint64_t)shop * 3) % 100000) / 50000.0;
    s = db_prepare("INSERT INTO eval_assignments(round_id, shop_id, unit_id, manager_id, team_id, license_no, shop_name, lng, lat, category, grade, area)"
                   " VALUES(?,?,?,?,?,?,'店',?,?,'食杂店',10,'城镇')");
    char lic[24];
    snprintf(lic, sizeof lic, "3311%08lld", (long long)shop);
    db_bind_int(s, 1, round); db_bind_int(s, 2, shop); db_bind_int(s, 3, unit); db_bind_int(s, 4, mgr); db_bind_int(s, 5, unit);
    db_bind_text(s, 6, lic); db_bind_double(s, 7, lng); db_bind_double(s, 8, lat);
    if (db_step(s) != DB_DONE) return -1;
    int64_t aid = db_last_id();
    int vals[11];
    char key[128], ans[512];
    size_t al = 0;
    static const char *const codes[] = {"display_visible", "display_clean", "display_rich", "display_standard", "display_lasting", "price_tag", "lawful",
                                        "ordering", "cooperation", "information", "modern_terminal"};
    static const int max[] = {8, 8, 8, 8, 8, 10, 15, 15, 7, 5, 8};
    for (int k = 0; k < 11; k++) {
      r = evals_mix64(r);
      vals[k] = i % 500 == 7 ? max[k] : (int)(r % (uint64_t)(max[k] + 1)); /* one manager straight-lines */
      al += (size_t)snprintf(ans + al, sizeof ans - al, "%s\"%s\":%d", k ? "," : "{", codes[k], vals[k]);
    }
    snprintf(ans + al, sizeof ans - al, "}");
    evals_answers_key(vals, 11, key, sizeof key);
    int64_t t0 = evals_time_parse("2026-02-02 09:00:00") + (i / 500) * 1800 + (i % 500) * 7;
    char op[20], su[20];
    evals_time_str(t0, op);
    evals_time_str(t0 + (i % 97 == 0 ? 40 : 300), su);
    s = db_prepare("INSERT INTO eval_evaluations(assignment_id, round_id, shop_id, unit_id, team_id, manager_id, evaluator_id, template_id, request_id,"
                   " answers, answers_key, total, stars, lng, lat, accuracy, opened_at, submitted_at, received_at, state, updated_at)"
                   " VALUES(?1,?2,?3,?4,?4,?5,?5,(SELECT max(id) FROM eval_templates),'bench-' || ?1,?6,?7,?8,3,?9,?10,15,?11,?12,?12,'submitted',?12)");
    db_bind_int(s, 1, aid); db_bind_int(s, 2, round); db_bind_int(s, 3, shop); db_bind_int(s, 4, unit); db_bind_int(s, 5, mgr);
    db_bind_text(s, 6, ans); db_bind_text(s, 7, key); db_bind_double(s, 8, evals_total(vals, 11));
    db_bind_double(s, 9, lng + (i % 53 == 0 ? 0.02 : 0.0001)); db_bind_double(s, 10, lat); db_bind_text(s, 11, op); db_bind_text(s, 12, su);
    if (db_step(s) != DB_DONE) return -1;
    int64_t eid = db_last_id();
    s = db_prepare("UPDATE eval_assignments SET evaluation_id = ? WHERE id = ?");
    db_bind_int(s, 1, eid); db_bind_int(s, 2, aid);
    if (db_step(s) != DB_DONE) return -1;
    for (int p = 0; p < 3; p++) {
      /* photos in clusters of ten near-identical hashes (a few bits apart); one in 400 re-uses another shop's file */
      uint64_t base = evals_mix64((uint64_t)(i * 3 + p) / 10 + 7), h = base;
      r = evals_mix64(r);
      for (int b = 0; b < (int)(r % 5); b++) h ^= 1ULL << (evals_mix64(r + (uint64_t)b) % 64);
      if ((i * 3 + p) % 10 != 0) h ^= evals_mix64((uint64_t)(i * 3 + p)) & 0x0F0F0F0F0F0F0F0FULL; /* most are unrelated */
      char sha[65];
      snprintf(sha, sizeof sha, "%016llx%016llx%016llx%016llx", (unsigned long long)evals_mix64((uint64_t)(i % 400 == 5 ? 1 : i * 3 + p + 9)),
               (unsigned long long)h, 0ULL, 0ULL);
      s = db_prepare("INSERT INTO eval_photos(evaluation_id, kind, sha256, size, type, width, height, dhash, uploaded_by, uploaded_at) VALUES(?,'photo',?,1000,'jpg',96,72,?,?,?)");
      db_bind_int(s, 1, eid); db_bind_text(s, 2, sha); db_bind_int(s, 3, (int64_t)h); db_bind_int(s, 4, mgr); db_bind_text(s, 5, su);
      if (db_step(s) != DB_DONE) return -1;
    }
  }
  return db_commit() == DB_OK ? 0 : -1;
}

typedef struct cnt { size_t n; } cnt;
static void on_hit(void *ctx, size_t i, int d) { (void)i; (void)d; ((cnt *)ctx)->n++; }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: evals_bench DB [N]\n"); return 2; }
  int64_t n = argc > 2 ? atoll(argv[2]) : 100000;
  if (db_configure(argv[1])) return 1;
  double t = now_s();
  if (gen(n)) { fprintf(stderr, "generate failed: %s\n", db_errmsg()); return 1; }
  printf("generate_s %.1f\n", now_s() - t);
  evals_photo_set ps;
  if (evals_store_photo_hashes(&ps)) return 1;
  printf("photos %zu\n", ps.n);
  /* near duplicates: the index over every photo, then brute force on a sample of the same queries */
  t = now_s();
  evals_phindex *ix = evals_phindex_build(ps.hash, ps.n);
  double build = now_s() - t;
  uint64_t cmp = 0;
  cnt found = {0};
  t = now_s();
  for (size_t i = 0; i < ps.n; i++) evals_phindex_query(ix, ps.hash[i], 10, i, on_hit, &found, &cmp);
  double ix_s = now_s() - t;
  size_t sample = ps.n < 2000 ? ps.n : 2000;
  cnt bf_found = {0}, ix_found = {0};
  uint64_t bf_cmp = 0, dummy = 0;
  t = now_s();
  for (size_t q = 0; q < sample; q++) {
    size_t i = q * (ps.n / sample);
    for (size_t j = 0; j < ps.n; j++) {
      if (j == i) continue;
      bf_cmp++;
      if (evals_hamming(ps.hash[i], ps.hash[j]) <= 10) bf_found.n++;
    }
  }
  double bf_s = now_s() - t;
  for (size_t q = 0; q < sample; q++) evals_phindex_query(ix, ps.hash[q * (ps.n / sample)], 10, q * (ps.n / sample), on_hit, &ix_found, &dummy);
  printf("index_build_s %.3f\n", build);
  printf("index_all_queries_s %.2f\n", ix_s);
  printf("index_comparisons %llu\n", (unsigned long long)cmp);
  printf("index_comparisons_per_s %.0f\n", (double)cmp / ix_s);
  printf("index_queries_per_s %.0f\n", (double)ps.n / ix_s);
  printf("brute_comparisons_per_s %.0f\n", (double)bf_cmp / bf_s);
  printf("brute_all_queries_s_estimated %.0f\n", bf_s * (double)ps.n / (double)sample);
  printf("same_matches_on_sample %s\n", bf_found.n == ix_found.n ? "yes" : "NO");
  printf("near_pairs %zu\n", found.n / 2);
  evals_phindex_free(ix);
  evals_photo_set_free(&ps);
  evals_batch_stats st;
  if (evals_batch_check(&st, NULL, NULL)) { fprintf(stderr, "batch failed\n"); return 1; }
  printf("batch_evaluations %lld\n", (long long)st.evaluations);
  printf("batch_s %.1f\n", st.seconds);
  printf("batch_evaluations_per_s %.0f\n", (double)st.evaluations / st.seconds);
  printf("batch_flagged %lld\n", (long long)st.flagged);
  db_close_all();
  return 0;
}
