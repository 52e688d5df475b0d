/* test_evals.c — unit tests of the evals module's pure logic: the template and its star cut-offs, each quality check
 * at its edges (distance exactly at the allowance, accuracy widening, clock skew, two evaluations a second apart,
 * re-compressed and cropped photos), review states, the reproducible sample, the quality score by hand-computed
 * tables, the Exif reader and the image header probe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define EVALS_PURE_ONLY
#include "evals/internal.h"

static const char *TPL =
  "{\"name\":\"测试表\",\"confirm\":true,\"stars\":[60,70,80,90,95],\"items\":["
  "{\"code\":\"display\",\"name\":\"陈列\",\"max\":40,\"photo\":true},"
  "{\"code\":\"price_tag\",\"name\":\"明码标价\",\"max\":10,\"fact\":\"price\"},"
  "{\"code\":\"ordering\",\"name\":\"订货\",\"max\":15,\"fact\":\"ordering\"},"
  "{\"code\":\"lawful\",\"name\":\"守法\",\"max\":27},"
  "{\"code\":\"modern\",\"name\":\"现代终端\",\"max\":8,\"fact\":\"equipment\"}]}";

static evals_tpl *tpl(void) {
  char err[300];
  evals_tpl *t = evals_tpl_parse(TPL, strlen(TPL), err, sizeof err);
  if (!t) fail_msg("%s", err);
  return t;
}

static int has_flag(const evals_flags *f, evals_flag_code c) {
  for (size_t i = 0; i < f->n; i++)
    if (f->v[i].code == c) return 1;
  return 0;
}

/* A subject with a place, times and answers that trigger nothing; tests change one thing at a time. */
typedef struct fixture { evals_tpl *t; int vals[5]; evals_subject s; evals_settings cfg; } fixture;
static void fx_init(fixture *x) {
  memset(x, 0, sizeof *x);
  x->t = tpl();
  int v[5] = {30, 8, 12, 20, 6};
  memcpy(x->vals, v, sizeof v);
  x->cfg = evals_default_settings;
  x->s.id = 10;
  x->s.shop_id = 100;
  x->s.round_id = 1;
  x->s.evaluator_id = 7;
  x->s.tpl = x->t;
  x->s.vals = x->vals;
  x->s.nvals = 5;
  x->s.shop = (evals_point){1, 119.6, 28.1, 0};
  x->s.at = (evals_point){1, 119.6, 28.1, 10};
  x->s.opened = evals_time_parse("2026-03-05 10:00:00");
  x->s.submitted = evals_time_parse("2026-03-05 10:05:00");
  x->s.same_answers = 1;
  x->s.has_signature = 1;
  x->s.has_orders = x->s.price_ok = x->s.equipment = -1;
}
static evals_flags run(fixture *x) {
  evals_flags f = {0};
  assert_int_equal(evals_check(&x->s, &x->cfg, &f), 0);
  return f;
}

static void test_clean_subject_has_no_flags(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  evals_flags f = run(&x);
  assert_int_equal(f.n, 0);
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

static void test_template_and_stars(void **st) {
  (void)st;
  evals_tpl *t = tpl();
  assert_int_equal(t->total_max, 100);
  assert_int_equal(evals_stars(t, 59.999), 0);
  assert_int_equal(evals_stars(t, 60), 1);
  assert_int_equal(evals_stars(t, 89), 3);
  assert_int_equal(evals_stars(t, 90), 4);
  assert_int_equal(evals_stars(t, 95), 5);
  assert_int_equal(evals_stars(t, 100), 5);
  assert_string_equal(evals_stars_name(4), "四星");
  /* the canonical form parses back to the same template */
  json_t *c = evals_tpl_json(t);
  char *txt = json_dumps(c, JSON_COMPACT);
  char err[300];
  evals_tpl *t2 = evals_tpl_parse(txt, strlen(txt), err, sizeof err);
  assert_non_null(t2);
  json_t *c2 = evals_tpl_json(t2);
  assert_true(json_equal(c, c2));
  json_decref(c); json_decref(c2); free(txt); evals_tpl_free(t2);
  /* answers: every item, integers within max */
  int vals[5];
  json_t *a = json_pack("{s:i,s:i,s:i,s:i,s:i}", "display", 40, "price_tag", 0, "ordering", 15, "lawful", 27, "modern", 8);
  assert_int_equal(evals_answers_read(t, a, vals, err, sizeof err), 0);
  assert_true(evals_total(vals, 5) == 90);
  char key[64];
  evals_answers_key(vals, 5, key, sizeof key);
  assert_string_equal(key, "40,0,15,27,8");
  json_object_set_new(a, "display", json_integer(41));
  assert_int_equal(evals_answers_read(t, a, vals, err, sizeof err), -1);
  assert_non_null(strstr(err, "陈列"));
  json_object_set_new(a, "display", json_integer(1));
  json_object_set_new(a, "extra", json_integer(1));
  assert_int_equal(evals_answers_read(t, a, vals, err, sizeof err), -1);
  json_object_del(a, "extra");
  json_object_del(a, "modern");
  assert_int_equal(evals_answers_read(t, a, vals, err, sizeof err), -1);
  assert_non_null(strstr(err, "现代终端"));
  json_decref(a);
  evals_tpl_free(t);
}

static void test_template_refusals(void **st) {
  (void)st;
  char err[300];
  const char *bad[] = {
    "{\"name\":\"x\",\"stars\":[1,2,3,4,5],\"items\":[{\"code\":\"a\",\"name\":\"A\",\"max\":10},{\"code\":\"a\",\"name\":\"B\",\"max\":10}]}",
    "{\"name\":\"x\",\"stars\":[1,2,2,4,5],\"items\":[{\"code\":\"a\",\"name\":\"A\",\"max\":10}]}",
    "{\"name\":\"x\",\"stars\":[1,2,3,4,11],\"items\":[{\"code\":\"a\",\"name\":\"A\",\"max\":10}]}",
    "{\"name\":\"x\",\"stars\":[1,2,3,4,5],\"items\":[{\"code\":\"A b\",\"name\":\"A\",\"max\":10}]}",
    "{\"name\":\"x\",\"stars\":[1,2,3,4,5],\"items\":[{\"code\":\"a\",\"name\":\"A\",\"max\":10,\"fact\":\"weather\"}]}",
    "{\"name\":\"x\",\"stars\":[1,2,3,4,5],\"items\":[]}",
    "{\"name\":\"x\",\"stars\":[1,2,3,4,5],\"items\":[{\"code\":\"a\",\"name\":\"A\",\"max\":10}],\"colour\":1}",
    "[1,2]",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err[0] = 0;
    evals_tpl *t = evals_tpl_parse(bad[i], strlen(bad[i]), err, sizeof err);
    if (t) fail_msg("accepted template %zu", i);
    assert_true(err[0] != 0);
  }
  evals_tpl *t = evals_tpl_parse(bad[0], strlen(bad[0]), err, sizeof err);
  assert_null(t);
  assert_non_null(strstr(err, "条目2"));
}

/* 1. exactly at the allowance is inside; the reported accuracy widens it. */
static void test_location_edges(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  x.s.at = (evals_point){1, 119.603, 28.1, 0};
  double d = evals_distance_m(x.s.shop.lng, x.s.shop.lat, x.s.at.lng, x.s.at.lat);
  assert_true(d > 250 && d < 350);
  x.cfg.max_distance_m = d;
  evals_flags f = run(&x);
  assert_false(has_flag(&f, EV_LOCATION));
  evals_flags_free(&f);
  x.cfg.max_distance_m = d - 0.01;
  f = run(&x);
  assert_true(has_flag(&f, EV_LOCATION));
  assert_int_equal(evals_flag_check_no(EV_LOCATION), 1);
  json_t *ev = f.v[0].evidence;
  assert_true(json_number_value(json_object_get(ev, "distance_m")) > 250);
  assert_non_null(json_object_get(ev, "shop"));
  evals_flags_free(&f);
  /* accuracy 50 m widens a 50 m shorter allowance back to the distance; 49 m does not */
  x.cfg.max_distance_m = d - 50;
  x.s.at.acc = 50;
  f = run(&x);
  assert_false(has_flag(&f, EV_LOCATION));
  evals_flags_free(&f);
  x.s.at.acc = 49;
  f = run(&x);
  assert_true(has_flag(&f, EV_LOCATION));
  evals_flags_free(&f);
  /* an accuracy of kilometres counts only up to max_accuracy_m */
  x.s.at.acc = 100000;
  x.cfg.max_accuracy_m = 40;
  f = run(&x);
  assert_true(has_flag(&f, EV_LOCATION));
  evals_flags_free(&f);
  /* no fix at all */
  x.s.at.ok = 0;
  f = run(&x);
  assert_true(has_flag(&f, EV_NO_LOCATION));
  assert_false(has_flag(&f, EV_LOCATION));
  evals_flags_free(&f);
  /* the registry has no place: nothing to compare */
  x.s.at = (evals_point){1, 120.5, 29, 5};
  x.s.shop.ok = 0;
  f = run(&x);
  assert_int_equal(f.n, 0);
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

static void test_time_edges(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  x.s.submitted = x.s.opened + 60;
  evals_flags f = run(&x);
  assert_false(has_flag(&f, EV_TOO_FAST));
  evals_flags_free(&f);
  x.s.submitted = x.s.opened + 59;
  f = run(&x);
  assert_true(has_flag(&f, EV_TOO_FAST));
  assert_int_equal(json_integer_value(json_object_get(f.v[0].evidence, "seconds")), 59);
  evals_flags_free(&f);
  /* working hours [7, 20) */
  x.s.opened = evals_time_parse("2026-03-05 19:50:00");
  x.s.submitted = evals_time_parse("2026-03-05 19:59:59");
  f = run(&x);
  assert_false(has_flag(&f, EV_OFF_HOURS));
  evals_flags_free(&f);
  x.s.submitted = evals_time_parse("2026-03-05 20:00:00");
  f = run(&x);
  assert_true(has_flag(&f, EV_OFF_HOURS));
  evals_flags_free(&f);
  x.s.opened = evals_time_parse("2026-03-05 06:40:00");
  x.s.submitted = evals_time_parse("2026-03-05 06:59:59");
  f = run(&x);
  assert_true(has_flag(&f, EV_OFF_HOURS));
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

/* Two evaluations a second apart at shops 300 m apart; an hour apart at 30 km is a drive. */
static void test_track(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  evals_neighbour nb = {.id = 9, .shop_id = 99, .submitted = x.s.submitted - 1, .at = {1, 119.603, 28.1, 5}};
  x.s.nb = &nb;
  x.s.nnb = 1;
  evals_flags f = run(&x);
  assert_true(has_flag(&f, EV_TRACK));
  assert_int_equal(json_integer_value(json_object_get(f.v[0].evidence, "other_id")), 9);
  evals_flags_free(&f);
  nb.submitted = x.s.submitted; /* the same second: infinite speed */
  f = run(&x);
  assert_true(has_flag(&f, EV_TRACK));
  evals_flags_free(&f);
  /* within the place allowance: GPS noise, not travel */
  nb.at = (evals_point){1, 119.6015, 28.1, 5};
  f = run(&x);
  assert_false(has_flag(&f, EV_TRACK));
  evals_flags_free(&f);
  /* 30 km in an hour is 30 km/h; 30 km in 29 min is over 60 km/h */
  nb.at = (evals_point){1, 119.6, 28.1 + 30000.0 / 111195.0, 5};
  nb.submitted = x.s.submitted - 3600;
  f = run(&x);
  assert_false(has_flag(&f, EV_TRACK));
  evals_flags_free(&f);
  nb.submitted = x.s.submitted - 29 * 60;
  f = run(&x);
  assert_true(has_flag(&f, EV_TRACK));
  evals_flags_free(&f);
  /* the same shop twice is not travel */
  nb.shop_id = x.s.shop_id;
  f = run(&x);
  assert_false(has_flag(&f, EV_TRACK));
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

/* The phone's clock may run up to 300 s ahead of the server's; a week behind at most. */
static void test_clock_skew(void **st) {
  (void)st;
  int64_t now = evals_time_parse("2026-03-05 12:00:00");
  const char *field = NULL;
  char msg[200];
  assert_int_equal(evals_times_check(now - 100, now + 300, now, &field, msg, sizeof msg), 0);
  assert_int_equal(evals_times_check(now - 100, now + 301, now, &field, msg, sizeof msg), -1);
  assert_string_equal(field, "submitted_at");
  assert_int_equal(evals_times_check(now - 7 * 86400, now - 7 * 86400, now, &field, msg, sizeof msg), 0);
  assert_int_equal(evals_times_check(now - 7 * 86400 - 1, now - 7 * 86400 - 1, now, &field, msg, sizeof msg), -1);
  assert_int_equal(evals_times_check(now, now - 1, now, &field, msg, sizeof msg), -1);
  assert_string_equal(field, "opened_at");
  assert_int_equal(evals_times_check(-1, now, now, &field, msg, sizeof msg), -1);
  assert_string_equal(field, "opened_at");
  assert_int_equal(evals_time_parse("2026-02-30 10:00:00"), -1);
  assert_int_equal(evals_time_parse("2026-03-05 24:00:00"), -1);
  assert_int_equal(evals_time_parse("2026-03-05T10:00:00"), evals_time_parse("2026-03-05 10:00:00"));
  char out[20];
  evals_time_str(evals_time_parse("2026-12-31 23:59:58"), out);
  assert_string_equal(out, "2026-12-31 23:59:58");
}

static void test_copy_and_data(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  x.s.same_answers = 4;
  evals_flags f = run(&x);
  assert_false(has_flag(&f, EV_COPY_STRAIGHT));
  evals_flags_free(&f);
  x.s.same_answers = 5;
  f = run(&x);
  assert_true(has_flag(&f, EV_COPY_STRAIGHT));
  evals_flags_free(&f);
  x.s.same_answers = 1;
  int prev[5] = {30, 8, 12, 20, 6};
  x.s.prev_vals = prev;
  x.s.prev_eval_id = 3;
  f = run(&x);
  assert_true(has_flag(&f, EV_COPY_PREVIOUS));
  evals_flags_free(&f);
  prev[4] = 5;
  f = run(&x);
  assert_false(has_flag(&f, EV_COPY_PREVIOUS));
  evals_flags_free(&f);
  /* ordering 12/15 = 80 % is "rated well": with no orders it contradicts; 11/15 does not */
  x.s.has_orders = 0;
  f = run(&x);
  assert_true(has_flag(&f, EV_DATA_MISMATCH));
  assert_string_equal(json_string_value(json_object_get(f.v[0].evidence, "item")), "ordering");
  evals_flags_free(&f);
  x.vals[2] = 11;
  f = run(&x);
  assert_false(has_flag(&f, EV_DATA_MISMATCH));
  evals_flags_free(&f);
  x.s.has_orders = 1;
  x.vals[2] = 15;
  f = run(&x);
  assert_false(has_flag(&f, EV_DATA_MISMATCH));
  evals_flags_free(&f);
  /* equipment rated present (≥ half: 4/8) while the assessment records none */
  x.s.equipment = 0;
  x.vals[4] = 4;
  f = run(&x);
  assert_true(has_flag(&f, EV_DATA_MISMATCH));
  evals_flags_free(&f);
  x.vals[4] = 3;
  f = run(&x);
  assert_false(has_flag(&f, EV_DATA_MISMATCH));
  evals_flags_free(&f);
  /* a failed market check against 明码标价 8/10 */
  x.s.price_ok = 0;
  f = run(&x);
  assert_true(has_flag(&f, EV_DATA_MISMATCH));
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

static void test_signature_and_photo_matches(void **st) {
  (void)st;
  fixture x;
  fx_init(&x);
  x.s.has_signature = 0;
  evals_flags f = run(&x);
  assert_true(has_flag(&f, EV_NO_CONFIRM));
  assert_true(evals_flags_serious(&f));
  evals_flags_free(&f);
  x.s.has_signature = 1;
  evals_photo_match sg = {1, 2, 55, 101, 1, 0, 1};
  x.s.sigs = &sg;
  x.s.nsigs = 1;
  f = run(&x);
  assert_true(has_flag(&f, EV_SIG_REUSE));
  evals_flags_free(&f);
  x.s.nsigs = 0;
  /* the same signature on this shop's evaluation of another round: the owner signs every round */
  sg.other_shop_id = 100;
  f = run(&x);
  assert_false(has_flag(&f, EV_SIG_REUSE));
  evals_flags_free(&f);
  x.s.nsigs = 0;
  evals_photo_match ph[3] = {{1, 2, 55, 101, 1, 0, 1}, {4, 3, 56, 102, 1, 10, 0}, {1, 9, 57, 103, 1, 3, 0}};
  x.s.photos = ph;
  x.s.nphotos = 3;
  f = run(&x);
  assert_true(has_flag(&f, EV_PHOTO_DUP));
  assert_true(has_flag(&f, EV_PHOTO_NEAR));
  assert_int_equal(f.n, 2); /* one flag per picture: photo 1's best match is the equal file, its near match is counted */
  assert_int_equal(json_integer_value(json_object_get(f.v[0].evidence, "matches")), 2);
  evals_flags_free(&f);
  ph[1].distance = 11; /* beyond phash_max (10) */
  x.s.nphotos = 2;
  x.s.photos = ph + 1;
  x.s.nphotos = 1;
  f = run(&x);
  assert_int_equal(f.n, 0);
  evals_flags_free(&f);
  evals_tpl_free(x.t);
}

/* Decodes a made-up JPEG after re-compression and cropping: the perceptual hash stays within the threshold. */
static uint64_t hash_of(const unsigned char *px, int w, int h, int q) {
  unsigned char *j;
  size_t n;
  assert_int_equal(evals_jpeg_make(px, w, h, 1, q, &j, &n), 0);
  uint64_t hv;
  assert_int_equal(evals_jpeg_dhash(j, n, &hv), 0);
  int pw, ph;
  assert_int_equal(evals_image_probe(j, n, &pw, &ph), EI_JPEG);
  assert_int_equal(pw, w);
  assert_int_equal(ph, h);
  free(j);
  return hv;
}

static void test_perceptual_hash(void **st) {
  (void)st;
  const int w = 640, h = 480;
  unsigned char *a = malloc((size_t)w * h), *b = malloc((size_t)w * h), *crop = malloc((size_t)w * h);
  evals_scene(42, w, h, a);
  evals_scene(43, w, h, b);
  uint64_t ha = hash_of(a, w, h, 92), ha_low = hash_of(a, w, h, 35), hb = hash_of(b, w, h, 92);
  assert_true(evals_hamming(ha, ha_low) <= evals_default_settings.phash_max);
  assert_true(evals_hamming(ha, hb) > evals_default_settings.phash_max);
  /* a 3 % crop on every side, re-encoded at its smaller size */
  int cx = w * 3 / 100, cy = h * 3 / 100, cw = w - 2 * cx, ch = h - 2 * cy;
  for (int y = 0; y < ch; y++) memcpy(crop + (size_t)y * cw, a + (size_t)(y + cy) * w + cx, (size_t)cw);
  uint64_t hc = hash_of(crop, cw, ch, 80);
  assert_true(evals_hamming(ha, hc) <= evals_default_settings.phash_max);
  assert_true(evals_hamming(hb, hc) > evals_default_settings.phash_max);
  /* not a JPEG, a truncated one */
  unsigned char junk[64] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16};
  uint64_t hv;
  assert_int_equal(evals_jpeg_dhash(junk, sizeof junk, &hv), -1);
  unsigned char *j;
  size_t n;
  assert_int_equal(evals_jpeg_make(a, w, h, 1, 90, &j, &n), 0);
  assert_int_equal(evals_jpeg_dhash(j, n / 2, &hv), -1); /* cut short: libjpeg would fill grey, we refuse */
  free(j);
  free(a); free(b); free(crop);
}

static void test_probe_and_bombs(void **st) {
  (void)st;
  unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20};
  int w, h;
  assert_int_equal(evals_image_probe(png, sizeof png, &w, &h), EI_PNG);
  assert_int_equal(w, 20000);
  assert_int_equal(h, 20000);
  /* a JPEG frame header claiming 60000 × 60000: probed, never decoded */
  unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0xEA, 0x60, 0xEA, 0x60, 1, 1, 0x11, 0, 0xFF, 0xD9};
  assert_int_equal(evals_image_probe(jpg, sizeof jpg, &w, &h), EI_JPEG);
  assert_int_equal(w, 60000);
  uint64_t hv;
  assert_int_equal(evals_jpeg_dhash(jpg, sizeof jpg, &hv), -1);
  const char *txt = "PK\3\4 not an image";
  assert_int_equal(evals_image_probe((const unsigned char *)txt, strlen(txt), &w, &h), EI_NONE);
}

/* A JPEG whose APP1 holds a big-endian TIFF with DateTimeOriginal and a GPS position. */
static size_t exif_jpeg(unsigned char *b, int truncate) {
  unsigned char t[256];
  size_t n = 0;
#define P16(v) (t[n++] = (unsigned char)((v) >> 8), t[n++] = (unsigned char)(v))
#define P32(v) (P16((v) >> 16), P16((v) & 0xFFFF))
  t[n++] = 'M'; t[n++] = 'M'; P16(42); P32(8);
  /* IFD0 at 8: two entries (ExifIFD, GPSIFD) */
  P16(2);
  P16(0x8769); P16(4); P32(1); P32(38);
  P16(0x8825); P16(4); P32(1); P32(76);
  P32(0);
  /* Exif IFD at 38: DateTimeOriginal → 56 */
  P16(1); P16(0x9003); P16(2); P32(20); P32(56); P32(0);
  memcpy(t + n, "2026:03:05 10:11:12", 20); n += 20;
  /* GPS IFD at 76: 4 entries; rationals at 130 (lat) and 154 (lng) */
  P16(4);
  P16(1); P16(2); P32(2); t[n++] = 'N'; t[n++] = 0; t[n++] = 0; t[n++] = 0;
  P16(2); P16(5); P32(3); P32(130);
  P16(3); P16(2); P32(2); t[n++] = 'E'; t[n++] = 0; t[n++] = 0; t[n++] = 0;
  P16(4); P16(5); P32(3); P32(154);
  P32(0);
  P32(28); P32(1); P32(6); P32(1); P32(0); P32(1);      /* 28° 6' 0" */
  P32(119); P32(1); P32(36); P32(1); P32(36); P32(1);   /* 119° 36' 36" */
  size_t k = 0;
  b[k++] = 0xFF; b[k++] = 0xD8; b[k++] = 0xFF; b[k++] = 0xE1;
  size_t seg = n + 8;
  b[k++] = (unsigned char)(seg >> 8); b[k++] = (unsigned char)seg;
  memcpy(b + k, "Exif\0\0", 6); k += 6;
  memcpy(b + k, t, truncate ? n / 2 : n);
  k += truncate ? n / 2 : n;
  b[k++] = 0xFF; b[k++] = 0xD9;
  return k;
}

static void test_exif(void **st) {
  (void)st;
  unsigned char b[400];
  size_t n = exif_jpeg(b, 0);
  evals_exif ex;
  assert_int_equal(evals_exif_read(b, n, &ex), 0);
  assert_true(ex.has_time);
  assert_string_equal(ex.time, "2026-03-05 10:11:12");
  assert_true(ex.has_gps);
  assert_true(ex.lat > 28.0999 && ex.lat < 28.1001);
  assert_true(ex.lng > 119.6099 && ex.lng < 119.6101);
  /* every truncation of the file reads without going outside it */
  for (size_t cut = 0; cut < n; cut++) {
    unsigned char *c = malloc(cut ? cut : 1);
    memcpy(c, b, cut);
    evals_exif_read(c, cut, &ex);
    free(c);
  }
  n = exif_jpeg(b, 1);
  assert_int_equal(evals_exif_read(b, n, &ex), 0);
  assert_false(ex.has_gps);
  assert_int_equal(evals_exif_read((const unsigned char *)"GIF89a", 6, &ex), -1);
}

static void test_states(void **st) {
  (void)st;
  static const int want[ES__COUNT][EA__COUNT] = {
    /*                resubmit  return        amend       approve      recheck       change */
    [ES_SUBMITTED] = {-1, ES_RETURNED, ES_AMENDED, ES_APPROVED, -1, -1},
    [ES_FLAGGED] = {-1, ES_RETURNED, ES_AMENDED, ES_APPROVED, -1, -1},
    [ES_RETURNED] = {ES_SUBMITTED, -1, -1, -1, -1, -1},
    [ES_AMENDED] = {-1, ES_RETURNED, ES_AMENDED, ES_APPROVED, -1, -1},
    [ES_APPROVED] = {-1, -1, -1, -1, ES_RECHECKED, ES_APPROVED},
    [ES_RECHECKED] = {-1, -1, -1, -1, -1, ES_RECHECKED},
  };
  for (int s = 0; s < ES__COUNT; s++)
    for (int a = 0; a < EA__COUNT; a++)
      if (evals_next((evals_state)s, (evals_action)a, 0) != want[s][a]) fail_msg("state %s action %s", evals_state_code((evals_state)s), evals_action_code((evals_action)a));
  assert_int_equal(evals_next(ES_RETURNED, EA_RESUBMIT, 1), ES_FLAGGED);
  for (int s = 0; s < ES__COUNT; s++) {
    assert_int_equal(evals_state_parse(evals_state_code((evals_state)s)), s);
    assert_int_equal(evals_state_parse(evals_state_name((evals_state)s)), s);
  }
  assert_int_equal(evals_state_parse("done"), -1);
  for (int c = 0; c < EV__COUNT; c++) assert_int_equal(evals_flag_parse(evals_flag_code_str((evals_flag_code)c)), c);
}

static void test_sample(void **st) {
  (void)st;
  int64_t ids[200], rev[200];
  for (int i = 0; i < 200; i++) { ids[i] = 1000 + i * 7; rev[199 - i] = ids[i]; }
  unsigned char a[200], b[200], c[200];
  assert_int_equal(evals_sample(ids, 200, 12345, 5, a), 10);
  assert_int_equal(evals_sample(rev, 200, 12345, 5, b), 10);
  for (int i = 0; i < 200; i++) assert_int_equal(a[i], b[199 - i]); /* the same ids, whatever the order */
  assert_int_equal(evals_sample(ids, 200, 54321, 5, c), 10);
  assert_true(memcmp(a, c, 200) != 0);
  assert_int_equal(evals_sample(ids, 19, 1, 5, a), 1);  /* 0.95 rounds up to one */
  assert_int_equal(evals_sample(ids, 21, 1, 5, a), 2);  /* 1.05 → 2 */
  assert_int_equal(evals_sample(ids, 20, 1, 5, a), 1);  /* exactly 1 */
  assert_int_equal(evals_sample(ids, 3, 1, 0, a), 1);   /* at least one */
  assert_int_equal(evals_sample(ids, 0, 1, 5, a), 0);
  assert_int_equal(evals_sample(ids, 4, 1, 100, a), 4);
  assert_true(evals_deviates(80, 69.9, 10));
  assert_false(evals_deviates(80, 70, 10));
}

static void test_quality_tables(void **st) {
  (void)st;
  /* assigned, submitted, flagged, returned, late, rechecked, deviations → score */
  static const struct { int64_t a, s, f, ret, late, rc, dev; double want; int has; } rows[] = {
    {20, 20, 0, 0, 0, 0, 0, 100, 1},
    {20, 20, 4, 2, 3, 2, 1, 73.5, 1},     /* 100 − 40·0.2 − 30·0.5 − 20·0.1 − 10·0.15 */
    {10, 10, 10, 10, 10, 1, 1, 0, 1},     /* every share at 1: 100 − 40 − 30 − 20 − 10 */
    {30, 27, 1, 0, 3, 3, 0, 97.5, 1},     /* 100 − 40/27 − 1 = 97.518… → 97.5 */
    {5, 0, 0, 0, 5, 0, 0, 90, 1},         /* nothing submitted: only lateness counts */
    {0, 0, 0, 0, 0, 0, 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    evals_quality q = {0, 0, rows[i].a, rows[i].s, rows[i].f, rows[i].ret, rows[i].late, rows[i].rc, rows[i].dev};
    evals_quality_compute(&q);
    assert_int_equal(q.has, rows[i].has);
    if (q.score < rows[i].want - 1e-9 || q.score > rows[i].want + 1e-9) fail_msg("row %zu: %.3f want %.3f", i, q.score, rows[i].want);
  }
}

static void test_periods_and_distance(void **st) {
  (void)st;
  char m1[8], m2[8], d1[11], d2[11];
  assert_int_equal(evals_period_parse("2026-Q1", m1, m2, d1, d2), 0);
  assert_string_equal(m1, "2026-01");
  assert_string_equal(m2, "2026-03");
  assert_string_equal(d2, "2026-03-31");
  assert_int_equal(evals_period_parse("2026-Q4", m1, m2, d1, d2), 0);
  assert_string_equal(d2, "2026-12-31");
  assert_int_equal(evals_period_parse("2024-02", m1, m2, d1, d2), 0);
  assert_string_equal(d2, "2024-02-29");
  assert_int_equal(evals_period_parse("2026-Q5", m1, m2, d1, d2), -1);
  assert_int_equal(evals_period_parse("2026-13", m1, m2, d1, d2), -1);
  /* one degree of latitude ≈ 111.2 km */
  double d = evals_distance_m(120, 30, 120, 31);
  assert_true(d > 111100 && d < 111300);
  assert_true(evals_distance_m(120, 30, 120, 30) == 0);
}

/* The index finds exactly what comparing every pair finds, for every threshold it promises. */
typedef struct hits { size_t v[4096]; int d[4096]; size_t n; } hits;
static void on_hit(void *ctx, size_t i, int d) {
  hits *h = ctx;
  if (h->n < 4096) { h->v[h->n] = i; h->d[h->n++] = d; }
}
static int cmp_size(const void *a, const void *b) { size_t x = *(const size_t *)a, y = *(const size_t *)b; return (x > y) - (x < y); }
static void test_phindex_equals_brute_force(void **st) {
  (void)st;
  const size_t n = 5000;
  uint64_t *h = malloc(n * sizeof *h);
  for (size_t i = 0; i < n; i++) {
    /* clusters: every tenth hash is a fresh one, the others flip a few bits of their cluster's */
    if (i % 10 == 0) h[i] = evals_mix64(i * 77 + 1);
    else {
      uint64_t x = h[i - i % 10], r = evals_mix64(i);
      for (int k = 0; k < (int)(r % 14); k++) x ^= 1ULL << (evals_mix64(r + (uint64_t)k) % 64);
      h[i] = x;
    }
  }
  evals_phindex *ix = evals_phindex_build(h, n);
  assert_non_null(ix);
  uint64_t cmp_ix = 0;
  for (int maxd = 0; maxd <= 11; maxd += 1)
    for (size_t q = 0; q < n; q += 97) {
      hits a = {.n = 0}, b = {.n = 0};
      evals_phindex_query(ix, h[q], maxd, q, on_hit, &a, &cmp_ix);
      for (size_t i = 0; i < n; i++)
        if (i != q && evals_hamming(h[q], h[i]) <= maxd) b.v[b.n++] = i;
      assert_int_equal(a.n, b.n);
      qsort(a.v, a.n, sizeof a.v[0], cmp_size);
      for (size_t k = 0; k < a.n; k++) assert_int_equal(a.v[k], b.v[k]);
    }
  /* beyond 11 bits it compares everything */
  uint64_t all = 0;
  evals_phindex_query(ix, h[0], 20, 0, NULL, NULL, &all);
  assert_int_equal(all, n - 1);
  evals_phindex_free(ix);
  free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_clean_subject_has_no_flags), cmocka_unit_test(test_template_and_stars), cmocka_unit_test(test_template_refusals),
    cmocka_unit_test(test_location_edges), cmocka_unit_test(test_time_edges), cmocka_unit_test(test_track),
    cmocka_unit_test(test_clock_skew), cmocka_unit_test(test_copy_and_data), cmocka_unit_test(test_signature_and_photo_matches),
    cmocka_unit_test(test_perceptual_hash), cmocka_unit_test(test_probe_and_bombs), cmocka_unit_test(test_exif),
    cmocka_unit_test(test_states), cmocka_unit_test(test_sample), cmocka_unit_test(test_quality_tables),
    cmocka_unit_test(test_periods_and_distance), cmocka_unit_test(test_phindex_equals_brute_force),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
