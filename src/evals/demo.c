/* demo.c — the demo county's terminal evaluations: four quarterly rounds over every active shop (the last three done,
 * reviewed and re-checked; the current one under way), with GPS, times, answers that follow each shop's standing, and
 * four planted careless evaluators — one rates from far away, one clicks through in 40 seconds, one uses one photo and
 * one signature for many shops, one gives every shop the same answers — so that the checks and the quality scores
 * tell a story on the first screen. The current round carries photos (small generated JPEGs) and signatures: each
 * stored file costs a disk sync, so the finished rounds keep their answers and places without pictures.
 * Deterministic (fixed seed). */
#include "evals/internal.h"
#include "base/workday.h"
#include "shops/shops.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t seed_state = 20260301ULL;
static double rnd(void) { seed_state = evals_mix64(seed_state); return (double)(seed_state >> 11) / 9007199254740992.0; }

enum { CARE_FAR = 1, CARE_FAST, CARE_PHOTO, CARE_STRAIGHT };

typedef struct dshop { int64_t id, manager; double lng, lat; int grade; } dshop;
typedef struct collect { dshop *v; size_t n, cap; } collect;
static int on_shop(void *p, const shops_brief *b) {
  collect *c = p;
  if (!b->manager_id || !b->has_gps) return 0;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    dshop *g = realloc(c->v, cap * sizeof *g);
    if (!g) return 1;
    c->v = g;
    c->cap = cap;
  }
  c->v[c->n++] = (dshop){b->id, b->manager_id, b->lng, b->lat, b->grade};
  return 0;
}

/* The JPEG of a generated scene, stored and recorded as the manager's upload; 0 on failure. */
static int64_t demo_photo(uint64_t scene, int quality, int64_t user, const char *at, const char *kind) {
  unsigned char px[96 * 72], *j = NULL;
  size_t n = 0;
  if (!strcmp(kind, "signature")) {
    /* a stroke whose shape comes from the seed: one owner's signature looks the same every time */
    memset(px, 250, sizeof px);
    uint64_t r = evals_mix64(scene);
    double a = 0.06 + (double)(r % 97) / 400.0, b = 9 + (double)((r >> 8) % 23), ph = (double)((r >> 16) % 628) / 100.0;
    int amp = 8 + (int)((r >> 24) % 18), x0 = 4 + (int)((r >> 32) % 20), x1 = 70 + (int)((r >> 40) % 22);
    for (int x = x0; x < x1; x++) {
      int y = 36 + (int)(amp * sin(x * a + ph) * cos(x / b + ph));
      for (int d = -1; d <= 1; d++)
        if (y + d >= 0 && y + d < 72) px[(y + d) * 96 + x] = 30;
    }
  } else {
    evals_scene(scene, 96, 72, px);
  }
  uint64_t h;
  if (evals_jpeg_make(px, 96, 72, 1, quality, &j, &n) || evals_jpeg_dhash(j, n, &h)) { free(j); return 0; }
  char sha[65];
  util_sha256_hex(j, n, sha);
  int64_t id = tasks_file_put(sha, j, n) ? 0 : evals_store_photo_add(sha, n, "jpg", 96, 72, 1, h, NULL, kind, user, at);
  free(j);
  return id;
}

static int64_t one_id(const char *sql, int64_t arg) {
  db_stmt *s = db_prepare(sql);
  if (!s) return 0;
  db_bind_int(s, 1, arg);
  int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return v;
}

static int exec1(const char *sql, int64_t a, const char *b) {
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  db_bind_int(s, 1, a);
  if (b) db_bind_text(s, 2, b);
  return db_step(s) == DB_DONE ? 0 : -1;
}

/* What a careful manager would give a shop of this standing (0–1), each item a share of its maximum. */
static void answers_for(const evals_tpl *t, double p, int *vals) {
  for (size_t i = 0; i < t->nitems; i++) {
    double share = fmin(1, fmax(0, 0.45 + 0.5 * p + (rnd() - 0.5) * 0.35));
    if (!strcmp(t->items[i].code, "lawful")) share = rnd() < 0.96 ? 1 : 0.4;
    vals[i] = (int)lround(share * t->items[i].max);
  }
}

typedef struct round_def { char period[8], start[11], name[64]; int current; } round_def;

static int load(const evals_tpl *t, int64_t tpl_id, int64_t paper_id, int64_t admin, char *err, size_t errlen) {
  collect shops = {0};
  if (shops_brief_each(NULL, 0, NULL, 0, 0, NULL, on_shop, &shops) || !shops.n) { snprintf(err, errlen, "没有演示零售户"); free(shops.v); return -1; }
  /* the careless four: managers by id, a few places apart */
  int64_t mgrs[64];
  size_t nm = 0;
  for (size_t i = 0; i < shops.n; i++) {
    int seen = 0;
    for (size_t k = 0; k < nm; k++) seen |= mgrs[k] == shops.v[i].manager;
    if (!seen && nm < 64) mgrs[nm++] = shops.v[i].manager;
  }
  for (size_t a = 0; a < nm; a++)
    for (size_t b = a + 1; b < nm; b++)
      if (mgrs[b] < mgrs[a]) { int64_t x = mgrs[a]; mgrs[a] = mgrs[b]; mgrs[b] = x; }
  int64_t careless[5] = {0, nm > 1 ? mgrs[1] : 0, nm > 4 ? mgrs[4] : 0, nm > 8 ? mgrs[8] : 0, nm > 12 ? mgrs[12] : 0};
  wd_cal cal = {0};
  if (org_calendar_load(&cal)) { free(shops.v); return -1; }
  char today[11];
  evals_today(today);
  int y = atoi(today), q = (atoi(today + 5) - 1) / 3; /* this quarter, 0-based */
  round_def rounds[4];
  for (int k = 0; k < 4; k++) {
    int qq = q - 3 + k, yy = y;
    while (qq < 0) { qq += 4; yy--; }
    round_def *r = &rounds[k];
    snprintf(r->period, sizeof r->period, "%04u-Q%u", (unsigned)yy % 10000u, (unsigned)(qq + 1) % 10u);
    snprintf(r->name, sizeof r->name, "%04d年第%d季度零售终端评价", yy % 10000, qq + 1);
    r->current = k == 3;
    if (r->current) wd_format(wd_parse(today) - 12, r->start);
    else snprintf(r->start, sizeof r->start, "%04u-%02u-01", (unsigned)yy % 10000u, (unsigned)(qq * 3 + 3) % 100u);
  }
  int rc = 0;
  int64_t nevals = 0;
  for (int k = 0; k < 4 && !rc; k++) {
    round_def *r = &rounds[k];
    char due[11], at[20];
    wd_format(wd_add(&cal, wd_parse(r->start), r->current ? 20 : 10), due);
    snprintf(at, sizeof at, "%s 08:30:00", r->start);
    /* the finished rounds ran on the paper-era form when there is one */
    int paper = !r->current && paper_id;
    evals_round_in in = {.name = r->name, .period = r->period, .template_id = paper ? paper_id : tpl_id, .start_date = r->start, .due_date = due,
                         .deadline_days = r->current ? 20 : 10};
    int64_t n = 0, rid = evals_store_round_create(&in, admin, at, &n);
    if (!rid) { rc = -1; break; }
    /* per manager: his shops in id order, eight a working day from the start */
    for (size_t m = 0; m < nm && !rc; m++) {
      int64_t mg = mgrs[m];
      int care = 0;
      for (int c = 1; c <= 4; c++)
        if (careless[c] == mg) care = c;
      int slot = 0;
      int straight[16];
      for (size_t i = 0; i < t->nitems && i < 16; i++) straight[i] = (int)lround(t->items[i].max * 0.875);
      for (size_t i = 0; i < shops.n && !rc; i++) {
        dshop *sh = &shops.v[i];
        if (sh->manager != mg) continue;
        double done_share = r->current ? (care ? 0.5 : 0.2) : 0.985;
        if (rnd() > done_share) continue;
        int64_t aid;
        db_stmt *s = db_prepare("SELECT id FROM eval_assignments WHERE round_id = ? AND shop_id = ?");
        if (!s) { rc = -1; break; }
        db_bind_int(s, 1, rid);
        db_bind_int(s, 2, sh->id);
        aid = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (!aid) continue;
        int day = wd_add(&cal, wd_parse(r->start), slot / 8);
        int fast = care == CARE_FAST && rnd() < 0.7;
        int64_t t0 = (int64_t)day * 86400 + 9 * 3600 + (slot % 8) * (fast ? 150 : 2700) + (int64_t)(rnd() * 600);
        int64_t dur = fast ? 40 : 180 + (int64_t)(rnd() * 480);
        slot++;
        char opened[20], submitted[20];
        evals_time_str(t0, opened);
        evals_time_str(t0 + dur, submitted);
        if (r->current && strcmp(submitted, today) >= 0) continue; /* nothing from the future */
        double p = fmin(0.95, sh->grade / 32.0 + rnd() * 0.15);
        int vals[64];
        answers_for(t, p, vals);
        /* a careful manager rates 现代终端 by what is in the shop (the registry's latest assessment knows) */
        json_t *pos = NULL;
        if (!care && shops_latest_answer(sh->id, "pos", &pos) == 1 && json_is_false(pos))
          for (size_t q2 = 0; q2 < t->nitems; q2++)
            if (t->items[q2].fact == EF_EQUIPMENT) vals[q2] = (int)(rnd() * 3);
        json_decref(pos);
        if (care == CARE_STRAIGHT) memcpy(vals, straight, t->nitems * sizeof *vals);
        json_t *ans = json_object();
        for (size_t q2 = 0; q2 < t->nitems; q2++) json_object_set_new(ans, t->items[q2].code, json_integer(vals[q2]));
        double far = care == CARE_FAR && rnd() < 0.4 ? 0.012 + rnd() * 0.02 : 0;
        evals_point pt = {1, sh->lng + (rnd() - 0.5) * 0.0004 + far, sh->lat + (rnd() - 0.5) * 0.0004, 8 + rnd() * 25};
        char key[512];
        evals_answers_key(vals, t->nitems, key, sizeof key);
        double total = evals_total(vals, t->nitems);
        int64_t photo = 0, sig = 0;
        if (care == CARE_PHOTO && r->current) {
          /* one picture and one signature for many shops; the picture sometimes re-compressed so only the perceptual
           * hash finds it (rows are per evaluation, the stored file is shared) */
          photo = demo_photo(777, rnd() < 0.5 ? 80 : 40 + (int)(rnd() * 40), mg, submitted, "photo");
          sig = demo_photo(4242, 80, mg, submitted, "signature");
        } else if (!paper) {
          /* photos and the owner's signature on the screen came with the current form */
          sig = demo_photo((uint64_t)sh->id * 104729, 75, mg, submitted, "signature");
          photo = demo_photo((uint64_t)sh->id * 7919 + (uint64_t)k, 75, mg, submitted, "photo");
          if (!sig || !photo) { json_decref(ans); rc = -1; break; }
        }
        char reqid[40];
        snprintf(reqid, sizeof reqid, "demo-%lld-%lld", (long long)rid, (long long)sh->id);
        evals_submit_in si = {.assignment_id = aid, .request_id = reqid, .answers = ans, .vals = vals, .nvals = t->nitems, .total = total,
                              .stars = evals_stars(t, total), .answers_key = key, .at = pt, .at_open = pt, .opened_at = opened,
                              .submitted_at = submitted, .received_at = submitted, .photo_ids = photo ? &photo : NULL, .nphotos = photo ? 1 : 0,
                              .signature_id = sig};
        int64_t id = evals_store_submit(&si, mg, 0);
        json_decref(ans);
        if (id <= 0) { rc = -1; break; }
        nevals++;
      }
    }
  }
  free(cal.days);
  free(shops.v);
  if (rc) snprintf(err, errlen, "演示终端评价载入失败: %s", db_errmsg());
  else printf("演示终端评价：4 个季度周期，%lld 条评价。\n", (long long)nevals);
  return rc;
}

/* After the checks: the finished rounds were reviewed (a few returned and sent again), approved and re-checked — the
 * careless evaluators' re-checks deviate, the careful ones' agree within a few points. */
static int review(const evals_tpl *t, char *err, size_t errlen) {
  evals_settings cfg;
  if (evals_settings_load(&cfg) || db_begin() != DB_OK) return -1;
  char today[11];
  evals_today(today);
  int rc = 0;
  db_stmt *s = db_prepare("SELECT id, due_date FROM eval_rounds WHERE due_date < ? ORDER BY id");
  int64_t rounds[8];
  char dues[8][16];
  size_t nr = 0;
  if (!s) rc = -1;
  else {
    db_bind_text(s, 1, today);
    while (db_step(s) == DB_ROW && nr < 8) { rounds[nr] = db_col_int(s, 0); snprintf(dues[nr++], 16, "%.10s", db_col_text(s, 1)); }
  }
  for (size_t k = 0; k < nr && !rc; k++) {
    char at[32];
    snprintf(at, sizeof at, "%.10s 17:00:00", dues[k]);
    /* some returned once and sent again; everything approved by the due date */
    rc = exec1("UPDATE eval_evaluations SET returned_count = 1 WHERE round_id = ?1 AND id % 23 = 0", rounds[k], NULL) ||
         exec1("UPDATE eval_evaluations SET state = 'approved', approved_at = ?2 WHERE round_id = ?1", rounds[k], at) ||
         evals_store_recheck_pick(rounds[k], &cfg, at, &(int64_t){0});
    if (rc) break;
    db_stmt *k2 = db_prepare("SELECT k.id, e.answers, e.total, e.unit_id, e.evaluator_id, e.serious FROM eval_rechecks k JOIN eval_evaluations e"
                             " ON e.id = k.evaluation_id WHERE k.round_id = ? AND k.status = 'pending' ORDER BY k.id");
    if (!k2) { rc = -1; break; }
    db_bind_int(k2, 1, rounds[k]);
    typedef struct pend { int64_t id, unit; double total; int serious; char *answers; } pend;
    pend *pv = NULL;
    size_t np = 0, cap = 0;
    while (db_step(k2) == DB_ROW) {
      if (np == cap) { cap = cap ? cap * 2 : 64; pv = realloc(pv, cap * sizeof *pv); if (!pv) { rc = -1; break; } }
      pv[np++] = (pend){db_col_int(k2, 0), db_col_int(k2, 3), db_col_double(k2, 2), (int)db_col_int(k2, 5), strdup(db_col_text(k2, 1))};
    }
    for (size_t i = 0; i < np && !rc; i++) {
      json_t *a = json_loads(pv[i].answers, 0, NULL);
      /* the re-checker's own view: close to a careful evaluation, far from a careless one */
      const char *k3;
      json_t *v;
      json_object_foreach(a, k3, v) {
        int cur = (int)json_integer_value(v), delta = pv[i].serious ? -(int)(cur * 0.35) : (int)lround((rnd() - 0.5) * 2);
        int mx = 0;
        for (size_t q = 0; q < t->nitems; q++)
          if (!strcmp(t->items[q].code, k3)) mx = t->items[q].max;
        json_object_set_new(a, k3, json_integer(cur + delta < 0 ? 0 : cur + delta > mx ? mx : cur + delta));
      }
      double total = 0;
      json_object_foreach(a, k3, v) total += (double)json_integer_value(v);
      int64_t who = one_id("SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id"
                           " WHERE r.code = 'inspector' AND u.unit_id = ? ORDER BY u.id LIMIT 1", pv[i].unit);
      int dev = evals_deviates(pv[i].total, total, cfg.recheck_tolerance);
      rc = evals_store_recheck_done(pv[i].id, who, a, total, total - pv[i].total, dev, at);
      json_decref(a);
    }
    if (!rc) rc = exec1("UPDATE eval_evaluations SET state = 'rechecked' WHERE round_id = ?1 AND id IN (SELECT evaluation_id FROM eval_rechecks WHERE status = 'done')", rounds[k], NULL);
    for (size_t i = 0; i < np; i++) free(pv[i].answers);
    free(pv);
  }
  if (!rc) rc = org_audit(NULL, "evals.demo.load", "demo", 0, "载入演示终端评价（4 个季度周期）", NULL, NULL);
  if (rc) { db_rollback(); snprintf(err, errlen, "演示终端评价审核失败: %s", db_errmsg()); return -1; }
  return db_commit() == DB_OK ? 0 : -1;
}

/* The paper-era form: the same items, the owner signed on paper and no photo was asked for. */
static int64_t paper_template(const char *at) {
  size_t len;
  const char *body = evals_default_template(&len);
  char err[300];
  evals_tpl *t = body ? evals_tpl_parse(body, len, err, sizeof err) : NULL;
  if (!t) return 0;
  t->confirm = 0;
  for (size_t i = 0; i < t->nitems; i++) t->items[i].photo = 0;
  free(t->name);
  t->name = strdup("零售终端评价表（2025版，纸质签字）");
  json_t *c = t->name ? evals_tpl_json(t) : NULL;
  char *txt = c ? json_dumps(c, JSON_COMPACT) : NULL;
  int64_t id = txt ? evals_store_tpl_publish_body(t->name, txt, at) : 0;
  json_decref(c);
  free(txt);
  evals_tpl_free(t);
  return id;
}

int evals_demo_load(char *err, size_t errlen) {
  if (one_id("SELECT count(*) FROM eval_rounds WHERE ?1 = ?1", 0)) return 0;
  int64_t admin = db_id_by_text("SELECT id FROM users WHERE username = ?", "admin");
  if (!admin) { snprintf(err, errlen, "缺少管理员"); return -1; }
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  /* A new database: the paper-era form becomes version 1 and the shipped one version 2 (the current form). */
  int64_t paper = 0;
  if (!evals_tpl_current()) {
    char at[20];
    evals_now(at);
    paper = paper_template(at);
    if (!paper) { db_rollback(); snprintf(err, errlen, "无法写入演示评价表"); return -1; }
    db_commit();
    if (evals_publish_default() || db_begin() != DB_OK) { snprintf(err, errlen, "无法写入默认终端评价表"); return -1; }
  }
  int64_t tpl_id = evals_tpl_current();
  const evals_tpl *t = tpl_id ? evals_tpl_get(tpl_id, NULL) : NULL;
  if (!t) { db_rollback(); snprintf(err, errlen, "缺少评价表"); return -1; }
  if (load(t, tpl_id, paper, admin, err, errlen)) { db_rollback(); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  evals_batch_stats st;
  if (evals_batch_check(&st, NULL, NULL)) { snprintf(err, errlen, "演示终端评价检查失败"); return -1; }
  return review(t, err, errlen);
}
