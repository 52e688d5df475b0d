/* store_photos.c — photos and signatures of evaluations: their rows (the files are kept through tasks.h like task
 * attachments), and the search for the same or a nearly identical picture on another shop's or round's evaluation. */
#include "evals/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t evals_store_photo_add(const char *sha, size_t size, const char *type, int w, int h, int has_hash, uint64_t dhash, const evals_exif *ex,
                              const char *kind, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO eval_photos(kind, sha256, size, type, width, height, dhash, exif_time, exif_lng, exif_lat, uploaded_by, uploaded_at)"
                          " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_text(s, 1, kind);
  db_bind_text(s, 2, sha);
  db_bind_int(s, 3, (int64_t)size);
  db_bind_text(s, 4, type);
  db_bind_int(s, 5, w);
  db_bind_int(s, 6, h);
  if (has_hash) db_bind_int(s, 7, (int64_t)dhash); else db_bind_null(s, 7);
  if (ex && ex->has_time) db_bind_text(s, 8, ex->time); else db_bind_null(s, 8);
  if (ex && ex->has_gps) { db_bind_double(s, 9, ex->lng); db_bind_double(s, 10, ex->lat); }
  else { db_bind_null(s, 9); db_bind_null(s, 10); }
  db_bind_int(s, 11, user);
  db_bind_text(s, 12, at);
  return db_step(s) == DB_DONE ? db_last_id() : 0;
}

json_t *evals_store_photo_json(int64_t id) {
  return dbj_one("SELECT p.id, p.evaluation_id, p.kind, p.item_code, p.sha256, p.size, p.type, p.width, p.height, p.exif_time, p.exif_lng, p.exif_lat,"
                 " p.uploaded_by, p.uploaded_at FROM eval_photos p WHERE p.id = ?", id);
}

/* The photo row with what reading it needs: its evaluation (may be NULL while unlinked) and uploader. */
int evals_store_photo_file(int64_t id, char sha[65], size_t *size, char type[8], int64_t *eval_id, int64_t *uploader) {
  db_stmt *s = db_prepare("SELECT sha256, size, type, coalesce(evaluation_id, 0), uploaded_by FROM eval_photos WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  if (db_step(s) != DB_ROW) { db_reset(s); return 0; }
  snprintf(sha, 65, "%s", db_col_text(s, 0));
  *size = (size_t)db_col_int(s, 1);
  snprintf(type, 8, "%s", db_col_text(s, 2));
  *eval_id = db_col_int(s, 3);
  *uploader = db_col_int(s, 4);
  db_reset(s);
  return 1;
}

static int push(evals_photo_match **v, size_t *n, size_t *cap, evals_photo_match m) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 8;
    evals_photo_match *g = realloc(*v, c * sizeof *g);
    if (!g) return -1;
    *v = g;
    *cap = c;
  }
  (*v)[(*n)++] = m;
  return 0;
}

#define MAX_MATCHES 20

int evals_store_photo_matches(int64_t eval_id, const char *kind, int phash_max, evals_photo_match **out, size_t *n) {
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  /* Exact: the same file on an evaluation of another shop, or of the same shop in another round. */
  /* CROSS JOIN keeps the order: this evaluation's photos first, then equal files by the sha256 index (left to itself
   * the planner may walk every photo of the kind). */
  db_stmt *s = db_prepare("SELECT p.id, o.id, o.evaluation_id, e2.shop_id, e2.round_id FROM eval_photos p"
                          " CROSS JOIN eval_photos o ON o.sha256 = p.sha256 AND o.id <> p.id AND o.kind = p.kind"
                          " CROSS JOIN eval_evaluations e1 ON e1.id = p.evaluation_id CROSS JOIN eval_evaluations e2 ON e2.id = o.evaluation_id"
                          " WHERE p.evaluation_id = ?1 AND p.kind = ?2 AND e2.id <> e1.id AND (e2.shop_id <> e1.shop_id OR e2.round_id <> e1.round_id)"
                          " ORDER BY o.id LIMIT ?3");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  db_bind_text(s, 2, kind);
  db_bind_int(s, 3, MAX_MATCHES);
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    evals_photo_match m = {db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3), db_col_int(s, 4), 0, 1};
    if (push(out, n, &cap, m)) { db_reset(s); return -1; }
  }
  if (st != DB_DONE) return -1;
  if (phash_max < 0) return 0;
  /* Near: every other photo's dHash compared in C (the batch uses an index; see batch.c). */
  s = db_prepare("SELECT id, dhash FROM eval_photos WHERE evaluation_id = ? AND kind = 'photo' AND dhash IS NOT NULL");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  struct { int64_t id; uint64_t h; } mine[32];
  size_t nm = 0;
  while ((st = db_step(s)) == DB_ROW && nm < 32) {
    mine[nm].id = db_col_int(s, 0);
    mine[nm++].h = (uint64_t)db_col_int(s, 1);
  }
  db_reset(s);
  if (!nm) return 0;
  s = db_prepare("SELECT o.id, o.dhash, o.evaluation_id, e2.shop_id, e2.round_id FROM eval_photos o JOIN eval_evaluations e2 ON e2.id = o.evaluation_id"
                 " WHERE o.kind = 'photo' AND o.dhash IS NOT NULL AND o.evaluation_id <> ?1"
                 " AND (e2.shop_id <> (SELECT shop_id FROM eval_evaluations WHERE id = ?1) OR e2.round_id <> (SELECT round_id FROM eval_evaluations WHERE id = ?1))");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  while ((st = db_step(s)) == DB_ROW) {
    uint64_t h = (uint64_t)db_col_int(s, 1);
    for (size_t i = 0; i < nm; i++) {
      int d = evals_hamming(mine[i].h, h);
      if (d > phash_max) continue;
      int dup = 0;
      for (size_t k = 0; k < *n; k++) dup |= (*out)[k].photo_id == mine[i].id && (*out)[k].other_photo_id == db_col_int(s, 0);
      if (dup) continue;
      evals_photo_match m = {mine[i].id, db_col_int(s, 0), db_col_int(s, 2), db_col_int(s, 3), db_col_int(s, 4), d, 0};
      if (push(out, n, &cap, m)) { db_reset(s); return -1; }
      if (*n >= MAX_MATCHES) { db_reset(s); return 0; }
    }
  }
  return st == DB_DONE ? 0 : -1;
}

void evals_photo_set_free(evals_photo_set *p) {
  free(p->id); free(p->eval); free(p->shop); free(p->round); free(p->hash);
  memset(p, 0, sizeof *p);
}

int evals_store_photo_hashes(evals_photo_set *out) {
  memset(out, 0, sizeof *out);
  db_stmt *s = db_prepare("SELECT count(*) FROM eval_photos WHERE kind = 'photo' AND dhash IS NOT NULL AND evaluation_id IS NOT NULL");
  if (!s || db_step(s) != DB_ROW) return -1;
  size_t n = (size_t)db_col_int(s, 0);
  db_reset(s);
  size_t cap = n ? n : 1;
  out->id = malloc(cap * sizeof *out->id);
  out->eval = malloc(cap * sizeof *out->eval);
  out->shop = malloc(cap * sizeof *out->shop);
  out->round = malloc(cap * sizeof *out->round);
  out->hash = malloc(cap * sizeof *out->hash);
  if (!out->id || !out->eval || !out->shop || !out->round || !out->hash) { evals_photo_set_free(out); return -1; }
  s = db_prepare("SELECT p.id, p.evaluation_id, e.shop_id, e.round_id, p.dhash FROM eval_photos p JOIN eval_evaluations e ON e.id = p.evaluation_id"
                 " WHERE p.kind = 'photo' AND p.dhash IS NOT NULL ORDER BY p.evaluation_id, p.id");
  if (!s) { evals_photo_set_free(out); return -1; }
  db_status st;
  while ((st = db_step(s)) == DB_ROW && out->n < cap) {
    size_t i = out->n++;
    out->id[i] = db_col_int(s, 0);
    out->eval[i] = db_col_int(s, 1);
    out->shop[i] = db_col_int(s, 2);
    out->round[i] = db_col_int(s, 3);
    out->hash[i] = (uint64_t)db_col_int(s, 4);
  }
  if (st == DB_ROW) db_reset(s);
  else if (st != DB_DONE) { evals_photo_set_free(out); return -1; }
  return 0;
}
