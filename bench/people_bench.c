/* people_bench.c — the people module at county-and-beyond size (bench/people.sh): (1) the tally of one ballot box of
 * 10,000 stored ballots over 500 candidates in three weighted groups, from the database as GET …/results does it, beside
 * the plain SQL count of the same rows in the same run; (2) the 年度考核 cards of 5,000 people with every registered
 * input, beside the plain SQL count of the rows those inputs read; (3) the cards of a 年度考核 campaign of those 5,000
 * people (leaders' scores, every input under the campaign's weights, totals and the grades proposed under the quota),
 * beside the plain SQL count of the same rows. Prints a Markdown table.
 * Usage: people_bench DB. The database must exist (bureau init). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "people/internal.h"

#define NBALLOTS 10000
#define NCAND 500
#define NPEOPLE 5000

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static int64_t gen_box(int64_t unit) {
  if (db_begin() != DB_OK) return -1;
  people_ballot_row b = {.title = "基准测评", .purpose = "民主测评", .kind = "grade", .grades_json = "[\"优秀\",\"称职\",\"基本称职\",\"不称职\"]",
                         .points_json = "[100,80,60,0]", .quota_permille = 150, .places = -1, .unit_id = unit};
  int64_t id = people_store_ballot_insert(&b);
  if (id <= 0) return -1;
  for (int c = 0; c < NCAND; c++) {
    char name[32];
    snprintf(name, sizeof name, "候选人%03d", c + 1);
    if (people_store_candidate_insert(id, c + 1, name, 0, 0, "")) return -1;
  }
  int64_t g[3];
  static const char *const gn[] = {"领导班子", "中层干部", "职工代表"};
  static const int gw[] = {40, 30, 30};
  for (int i = 0; i < 3; i++)
    if ((g[i] = people_store_group_insert(id, i + 1, gn[i], gw[i])) <= 0) return -1;
  char *marks = malloc(NCAND * 3 + 8);
  if (!marks) return -1;
  for (int b2 = 0; b2 < NBALLOTS; b2++) {
    size_t n = 0;
    marks[n++] = '[';
    for (int c = 0; c < NCAND; c++) {
      int v = (int)(next() % 6) - 1; /* -1 abstain, 0..3 grades, 4 → 1 */
      if (v == 4) v = 1;
      n += (size_t)sprintf(marks + n, "%s%d", c ? "," : "", v);
    }
    marks[n++] = ']';
    marks[n] = 0;
    if (people_store_cast_insert(id, g[b2 % 3 == 0 ? 0 : b2 % 3], marks)) { free(marks); return -1; }
  }
  free(marks);
  return db_commit() == DB_OK ? id : -1;
}

static int gen_people(int64_t unit, int64_t *first, int64_t *last) {
  if (db_begin() != DB_OK) return -1;
  for (int i = 0; i < NPEOPLE; i++) {
    char u[32], nm[32];
    snprintf(u, sizeof u, "bench%05d", i);
    snprintf(nm, sizeof nm, "职工%05d", i);
    int64_t id;
    if (org_create_user_raw(u, nm, unit, "", "", "x", 0, &id)) return -1;
    if (!i) *first = id;
    *last = id;
    if (i % 10 == 0) {
      people_sanction_row s = {.user_id = id, .unit_id = unit, .type = "警告", .decided_on = "2025-03-01", .ends_on = "2025-09-01", .reason = "基准", .months = 6};
      if (people_store_sanction_insert(&s) <= 0) return -1;
    }
  }
  return db_commit() == DB_OK ? 0 : -1;
}

static int64_t count_sql(const char *sql, int64_t id) {
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  if (id) db_bind_int(s, 1, id);
  int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: people_bench DB\n"); return 2; }
  if (db_configure(argv[1])) return 1;
  people_register(); /* every registered input, as the server has them */
  int64_t unit = count_sql("SELECT min(id) FROM units", 0), first = 0, last = 0;
  double t = now_s();
  int64_t box = gen_box(unit);
  if (box <= 0 || gen_people(unit, &first, &last)) { fprintf(stderr, "generate failed: %s\n", db_errmsg()); return 1; }
  double gen = now_s() - t;
  /* (1) tally from the stored ballots vs the plain count of the same rows */
  t = now_s();
  int64_t rows = count_sql("SELECT count(*) FROM people_ballot_casts WHERE ballot_id = ? AND length(marks) > 0", box);
  double t_count = now_s() - t;
  t = now_s();
  char err[128];
  json_t *res = people_ballot_results(box, err, sizeof err);
  double t_tally = now_s() - t;
  if (!res || rows != NBALLOTS) { fprintf(stderr, "tally failed: %s (rows %lld)\n", res ? "" : err, (long long)rows); return 1; }
  json_decref(res);
  /* (2) every person's card vs the plain count of the rows the inputs read */
  t = now_s();
  /* the rows the inputs read: persons, sanctions, tasks, the cockpit's values and targets, evaluation assignments */
#define INPUT_ROWS "(SELECT count(*) FROM users) + (SELECT count(*) FROM people_sanctions) + (SELECT count(*) FROM tasks)" \
  " + (SELECT count(*) FROM cockpit_values) + (SELECT count(*) FROM cockpit_targets) + (SELECT count(*) FROM eval_assignments)"
  int64_t n2 = count_sql("SELECT " INPUT_ROWS, 0);
  double t_count2 = now_s() - t;
  t = now_s();
  int cards = 0;
  for (int64_t id = first; id <= last; id++) {
    json_t *c = people_card_json(2025, id, unit);
    if (!c) { fprintf(stderr, "card %lld failed\n", (long long)id); return 1; }
    cards++;
    json_decref(c);
  }
  double t_cards = now_s() - t;
  /* (3) a campaign of the same people: leaders' scores and the campaign's cards */
  if (db_begin() != DB_OK) return 1;
  people_campaign_row cr = {.year = 2025, .w_ballot = 40, .w_leader = 30, .w_inputs = 30, .quota_permille = 200, .publicity_days = 5,
                            .title = "基准年度考核", .subject = "person", .input_weights = "{}", .unit_id = unit};
  int64_t camp = people_store_campaign_insert(&cr);
  for (int64_t id = first; camp > 0 && id <= last; id++) {
    int64_t sid = people_store_subject_insert(camp, (int)(id - first + 1), id, unit, "职工");
    if (sid <= 0 || people_store_leader_score_put(sid, first, 60 + (int)(next() % 41), "")) { camp = -1; break; }
  }
  if (camp <= 0 || db_commit() != DB_OK) { fprintf(stderr, "campaign failed: %s\n", db_errmsg()); return 1; }
  t = now_s();
  int64_t n3 = count_sql("SELECT (SELECT count(*) FROM people_campaign_subjects WHERE campaign_id = ?1) + (SELECT count(*) FROM people_leader_scores)"
                         " + " INPUT_ROWS, camp);
  double t_count3 = now_s() - t;
  t = now_s();
  json_t *cj = people_store_campaign_json(NULL, camp);
  char cerr[160] = "";
  json_t *cc = cj ? people_campaign_cards(cj, cerr, sizeof cerr) : NULL;
  double t_camp = now_s() - t;
  size_t ncards = json_array_size(json_object_get(cc, "items"));
  json_decref(cj);
  json_decref(cc);
  if (ncards != NPEOPLE) { fprintf(stderr, "campaign cards failed: %s (%zu)\n", cerr, ncards); return 1; }
  size_t ninputs;
  people_inputs(&ninputs);
  printf("| figure | people module | plain SQL count, same rows, same run | ratio |\n|---|---|---|---|\n");
  printf("| tally: %d ballots × %d candidates, 3 weighted groups | %.1f ms | %.1f ms (count of %lld ballots) | %.1f× |\n", NBALLOTS, NCAND,
         t_tally * 1e3, t_count * 1e3, (long long)rows, t_count > 0 ? t_tally / t_count : 0);
  printf("| 年度考核 cards: %d people × %zu inputs | %.2f s (%.0f cards/s) | %.4f s (count of %lld rows) | %.0f× |\n", cards, ninputs, t_cards,
         cards / t_cards, t_count2, (long long)n2, t_count2 > 0 ? t_cards / t_count2 : 0);
  printf("| 年度考核 campaign: %zu people, leaders' scores + %zu inputs, totals and proposed grades | %.2f s (%.0f cards/s) | %.4f s (count of %lld rows) | %.0f× |\n",
         ncards, ninputs, t_camp, ncards / t_camp, t_count3, (long long)n3, t_count3 > 0 ? t_camp / t_count3 : 0);
  fprintf(stderr, "generated in %.1f s\n", gen);
  db_close_all();
  return 0;
}
