/* store_evals.c — evaluations: storing a submission (idempotent by the phone's request id), one evaluation with its
 * evidence, the filtered list, and loading what the quality checks need about one evaluation. */
#include "evals/internal.h"
#include "shops/shops.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t evals_store_by_request(int64_t user, const char *request_id) {
  db_stmt *s = db_prepare("SELECT id FROM eval_evaluations WHERE evaluator_id = ? AND request_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_bind_text(s, 2, request_id);
  int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return id;
}

static void bind_point(db_stmt *s, int first, const evals_point *p) {
  if (p->ok) {
    db_bind_double(s, first, p->lng);
    db_bind_double(s, first + 1, p->lat);
    if (p->acc > 0) db_bind_double(s, first + 2, p->acc); else db_bind_null(s, first + 2);
  } else {
    db_bind_null(s, first);
    db_bind_null(s, first + 1);
    db_bind_null(s, first + 2);
  }
}

/* Links one of the caller's unlinked uploads of a kind to the evaluation; 0 ok, -2 not his, -1 database error. */
static int link_photo(int64_t photo, int64_t eval_id, int64_t user, const char *kind) {
  db_stmt *s = db_prepare("UPDATE eval_photos SET evaluation_id = ?1 WHERE id = ?2 AND uploaded_by = ?3 AND kind = ?4 AND evaluation_id IS NULL");
  if (!s) return -1;
  db_bind_int(s, 1, eval_id);
  db_bind_int(s, 2, photo);
  db_bind_int(s, 3, user);
  db_bind_text(s, 4, kind);
  if (db_step(s) != DB_DONE) return -1;
  return db_changes() == 1 ? 0 : -2;
}

int64_t evals_store_submit(const evals_submit_in *in, int64_t user, int64_t existing_id) {
  char *answers = json_dumps(in->answers, JSON_COMPACT | JSON_SORT_KEYS);
  if (!answers) return 0;
  db_stmt *s;
  if (existing_id) {
    s = db_prepare("UPDATE eval_evaluations SET answers = ?1, answers_key = ?2, total = ?3, stars = ?4, lng = ?5, lat = ?6, accuracy = ?7,"
                   " open_lng = ?8, open_lat = ?9, open_accuracy = ?10, opened_at = ?11, submitted_at = ?12, received_at = ?13, note = ?14,"
                   " signature_id = coalesce(?15, signature_id), request_id = ?16, evaluator_id = ?17, updated_at = ?13 WHERE id = ?18");
  } else {
    s = db_prepare("INSERT INTO eval_evaluations(answers, answers_key, total, stars, lng, lat, accuracy, open_lng, open_lat, open_accuracy, opened_at,"
                   " submitted_at, received_at, note, signature_id, request_id, evaluator_id, assignment_id, round_id, shop_id, unit_id, team_id,"
                   " manager_id, template_id, state, updated_at)"
                   " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, a.id, a.round_id, a.shop_id, a.unit_id,"
                   " a.team_id, a.manager_id, r.template_id, 'submitted', ?13 FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id WHERE a.id = ?18");
  }
  if (!s) { free(answers); return 0; }
  db_bind_text(s, 1, answers);
  free(answers);
  db_bind_text(s, 2, in->answers_key);
  db_bind_double(s, 3, in->total);
  db_bind_int(s, 4, in->stars);
  bind_point(s, 5, &in->at);
  bind_point(s, 8, &in->at_open);
  db_bind_text(s, 11, in->opened_at);
  db_bind_text(s, 12, in->submitted_at);
  db_bind_text(s, 13, in->received_at);
  db_bind_text(s, 14, in->note ? in->note : "");
  if (in->signature_id) db_bind_int(s, 15, in->signature_id); else db_bind_null(s, 15);
  db_bind_text(s, 16, in->request_id);
  db_bind_int(s, 17, user);
  db_bind_int(s, 18, existing_id ? existing_id : in->assignment_id);
  db_status st = db_step(s);
  if (st == DB_CONSTRAINT && !existing_id && db_constraint_kind_last() == DB_C_UNIQUE) return -3;
  if (st != DB_DONE || db_changes() != 1) return 0;
  int64_t id = existing_id ? existing_id : db_last_id();
  if (!existing_id) {
    s = db_prepare("UPDATE eval_assignments SET evaluation_id = ? WHERE id = ?");
    if (!s) return 0;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, in->assignment_id);
    if (db_step(s) != DB_DONE) return 0;
  }
  for (size_t i = 0; i < in->nphotos; i++) {
    int rc = link_photo(in->photo_ids[i], id, user, "photo");
    if (rc) return rc == -2 ? -2 : 0;
  }
  if (in->signature_id) {
    int rc = link_photo(in->signature_id, id, user, "signature");
    if (rc) return rc == -2 ? -2 : 0;
  }
  return id;
}

#define EVAL_COLS "e.id, e.assignment_id, e.round_id, r.name AS round_name, r.period, e.shop_id, a.shop_name, a.license_no, a.address," \
  " a.category, a.grade, a.area, a.lng AS shop_lng, a.lat AS shop_lat, e.unit_id, un.name AS unit_name, e.manager_id, mu.name AS manager_name," \
  " e.evaluator_id, eu.name AS evaluator_name, e.template_id, t.version AS template_version, e.answers AS j_answers, e.total, e.stars," \
  " e.lng, e.lat, e.accuracy, e.open_lng, e.open_lat, e.open_accuracy, e.opened_at, e.submitted_at, e.received_at, e.note, e.signature_id," \
  " e.state, e.return_reason, e.returned_count, e.flag_count, e.serious AS b_serious, e.approved_at, e.updated_at"
#define EVAL_FROM " FROM eval_evaluations e JOIN eval_assignments a ON a.id = e.assignment_id JOIN eval_rounds r ON r.id = e.round_id" \
  " JOIN eval_templates t ON t.id = e.template_id JOIN units un ON un.id = e.unit_id LEFT JOIN users mu ON mu.id = e.manager_id" \
  " LEFT JOIN users eu ON eu.id = e.evaluator_id"
/* An evaluation is in scope like its assignment: the shop's 所, the manager's 片区, the manager, or its evaluator. */
#define EVAL_SCOPE "(" EVALS_SCOPE("e") " OR e.evaluator_id = ?3)"

static json_t *rows_of(const char *sql, int64_t id) {
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_rows(s);
}

json_t *evals_store_eval_json(int64_t id) {
  json_t *o = dbj_one("SELECT " EVAL_COLS EVAL_FROM " WHERE e.id = ?", id);
  if (!o) return NULL;
  json_t *ph = rows_of("SELECT id, kind, item_code, sha256, size, type, width, height, exif_time, exif_lng, exif_lat, uploaded_at FROM eval_photos"
                       " WHERE evaluation_id = ? ORDER BY kind, id", id);
  json_t *fl = rows_of("SELECT id, code, check_no, severity, message, evidence AS j_evidence, created_at FROM eval_flags WHERE evaluation_id = ? ORDER BY check_no, id", id);
  json_t *ch = rows_of("SELECT c.id, c.kind, c.reason, c.before AS j_before, c.after AS j_after, c.by_user, u.name AS by_name, c.at FROM eval_changes c"
                       " LEFT JOIN users u ON u.id = c.by_user WHERE c.evaluation_id = ? ORDER BY c.id", id);
  json_t *rc = rows_of("SELECT k.id, k.reason, k.status, k.rechecker_id, u.name AS rechecker_name, k.answers AS j_answers, k.total, k.diff,"
                       " k.deviation AS b_deviation, k.picked_at, k.done_at FROM eval_rechecks k LEFT JOIN users u ON u.id = k.rechecker_id WHERE k.evaluation_id = ?", id);
  json_t *ap = rows_of("SELECT p.id, p.by_kind, p.by_user, u.name AS by_name, p.reason, p.status, p.decision, p.decided_by, d.name AS decided_by_name,"
                       " p.decided_at, p.created_at FROM eval_appeals p LEFT JOIN users u ON u.id = p.by_user LEFT JOIN users d ON d.id = p.decided_by"
                       " WHERE p.evaluation_id = ? ORDER BY p.id", id);
  if (!ph || !fl || !ch || !rc || !ap) {
    json_decref(o); json_decref(ph); json_decref(fl); json_decref(ch); json_decref(rc); json_decref(ap);
    return NULL;
  }
  json_object_set_new(o, "photos", ph);
  json_object_set_new(o, "flags", fl);
  json_object_set_new(o, "changes", ch);
  json_object_set_new(o, "rechecks", rc);
  json_object_set_new(o, "appeals", ap);
  int st = evals_state_parse(json_string_value(json_object_get(o, "state")));
  json_object_set_new(o, "state_name", json_string(st >= 0 ? evals_state_name((evals_state)st) : ""));
  json_object_set_new(o, "stars_name", json_string(evals_stars_name((int)json_integer_value(json_object_get(o, "stars")))));
  if (json_is_number(json_object_get(o, "lng")) && json_is_number(json_object_get(o, "shop_lng")))
    json_object_set_new(o, "distance_m", json_real(round(evals_distance_m(json_number_value(json_object_get(o, "shop_lng")), json_number_value(json_object_get(o, "shop_lat")),
                                                                          json_number_value(json_object_get(o, "lng")), json_number_value(json_object_get(o, "lat"))))));
  return o;
}

int evals_store_eval_visible(req *r, int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM eval_evaluations e WHERE e.id = ?4 AND " EVAL_SCOPE);
  if (!s) return 0;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

/* The list's WHERE from the filters given: only column names and placeholders in the text, values bound in order. */
typedef struct where { char sql[1500]; size_t len; int n; struct { int is_text; int64_t i; const char *s; } v[16]; } where;
static void w_add(where *w, const char *frag) {
  int k = snprintf(w->sql + w->len, sizeof w->sql - w->len, " AND %s", frag);
  if (k > 0 && (size_t)k < sizeof w->sql - w->len) w->len += (size_t)k;
}
static void w_int(where *w, int64_t v) { if (w->n < 16) { w->v[w->n].is_text = 0; w->v[w->n++].i = v; } }
static void w_text(where *w, const char *v) { if (w->n < 16) { w->v[w->n].is_text = 1; w->v[w->n++].s = v; } }
static void w_bind(const where *w, db_stmt *s, int first) {
  for (int k = 0; k < w->n; k++) {
    if (w->v[k].is_text) db_bind_text(s, first + k, w->v[k].s);
    else db_bind_int(s, first + k, w->v[k].i);
  }
}

#define EVAL_ITEM "json_object('id', e.id, 'round_id', e.round_id, 'round_name', r.name, 'period', r.period, 'shop_id', e.shop_id," \
  " 'shop_name', a.shop_name, 'license_no', a.license_no, 'category', a.category, 'grade', a.grade, 'area', a.area, 'unit_id', e.unit_id," \
  " 'unit_name', un.name, 'manager_id', e.manager_id, 'manager_name', mu.name, 'evaluator_id', e.evaluator_id, 'evaluator_name', eu.name," \
  " 'total', e.total, 'stars', e.stars, 'state', e.state, 'flag_count', e.flag_count, 'serious', json(CASE WHEN e.serious THEN 'true' ELSE 'false' END)," \
  " 'flags', (SELECT group_concat(DISTINCT f.code) FROM eval_flags f WHERE f.evaluation_id = e.id)," \
  " 'submitted_at', e.submitted_at, 'received_at', e.received_at, 'return_reason', e.return_reason)"

int evals_store_evals_page(req *r, json_t *f, int64_t size, int64_t offset, int export_all, char **text, size_t *len, json_t **rows) {
  where w = {.len = 0};
  /* ?1–?3 are the scope's; filters follow from ?4. */
  int64_t v;
  const char *t;
  if ((v = json_integer_value(json_object_get(f, "round_id")))) { w_add(&w, "e.round_id = ?"); w_int(&w, v); }
  if ((v = json_integer_value(json_object_get(f, "unit_id")))) { w_add(&w, "e.unit_id = ?"); w_int(&w, v); }
  if ((v = json_integer_value(json_object_get(f, "manager_id")))) { w_add(&w, "e.manager_id = ?"); w_int(&w, v); }
  if ((v = json_integer_value(json_object_get(f, "evaluator_id")))) { w_add(&w, "e.evaluator_id = ?"); w_int(&w, v); }
  if ((v = json_integer_value(json_object_get(f, "shop_id")))) { w_add(&w, "e.shop_id = ?"); w_int(&w, v); }
  if (json_is_integer(json_object_get(f, "stars"))) { w_add(&w, "e.stars = ?"); w_int(&w, json_integer_value(json_object_get(f, "stars"))); }
  if ((t = json_string_value(json_object_get(f, "state")))) { w_add(&w, "e.state = ?"); w_text(&w, t); }
  if ((t = json_string_value(json_object_get(f, "flag")))) { w_add(&w, "e.id IN (SELECT evaluation_id FROM eval_flags WHERE code = ?)"); w_text(&w, t); }
  if (json_is_true(json_object_get(f, "serious"))) w_add(&w, "e.serious = 1");
  if ((t = json_string_value(json_object_get(f, "q")))) {
    w_add(&w, "(a.shop_name LIKE ? ESCAPE '\\' OR a.license_no LIKE ? ESCAPE '\\')");
    w_text(&w, t);
    w_text(&w, t);
  }
  char sql[4000];
  snprintf(sql, sizeof sql, "SELECT count(*)" EVAL_FROM " WHERE " EVAL_SCOPE "%s", w.sql);
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  w_bind(&w, s, 4);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (total < 0) return -1;
  snprintf(sql, sizeof sql, "SELECT " EVAL_ITEM EVAL_FROM " WHERE " EVAL_SCOPE "%s ORDER BY e.submitted_at DESC, e.id DESC LIMIT ? OFFSET ?", w.sql);
  s = db_prepare(sql);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  w_bind(&w, s, 4);
  db_bind_int(s, 4 + w.n, export_all ? -1 : size);
  db_bind_int(s, 5 + w.n, export_all ? 0 : offset);
  if (rows) {
    *rows = dbj_rows_text(s);
    return *rows ? 0 : -1;
  }
  *text = dbj_page_text(s, total, len);
  return *text ? 0 : -1;
}

static void point_of(db_stmt *s, int col, evals_point *p) {
  p->ok = !db_col_is_null(s, col) && !db_col_is_null(s, col + 1);
  p->lng = db_col_double(s, col);
  p->lat = db_col_double(s, col + 1);
  p->acc = db_col_is_null(s, col + 2) ? 0 : db_col_double(s, col + 2);
}

void evals_subject_free(evals_subject_hold *h) {
  free(h->vals);
  free(h->prev);
  free(h->ph);
  free(h->sg);
  memset(h, 0, sizeof *h);
}

static int vals_of(const evals_tpl *t, const char *answers, int **out) {
  json_t *a = json_loads(answers, 0, NULL);
  int *v = calloc(t->nitems ? t->nitems : 1, sizeof *v);
  char err[200];
  int rc = a && v && evals_answers_read(t, a, v, err, sizeof err) == 0 ? 0 : -1;
  json_decref(a);
  if (rc) { free(v); return -1; }
  *out = v;
  return 0;
}

int evals_store_subject(int64_t id, const evals_settings *cfg, evals_subject *sub, evals_subject_hold *h) {
  memset(sub, 0, sizeof *sub);
  memset(h, 0, sizeof *h);
  db_stmt *s = db_prepare("SELECT e.shop_id, e.round_id, e.evaluator_id, e.template_id, e.answers, e.answers_key, e.lng, e.lat, e.accuracy,"
                          " e.opened_at, e.submitted_at, e.signature_id, a.lng, a.lat, NULL, r.period FROM eval_evaluations e"
                          " JOIN eval_assignments a ON a.id = e.assignment_id JOIN eval_rounds r ON r.id = e.round_id WHERE e.id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  if (db_step(s) != DB_ROW) { db_reset(s); return -1; }
  sub->id = id;
  sub->shop_id = db_col_int(s, 0);
  sub->round_id = db_col_int(s, 1);
  sub->evaluator_id = db_col_int(s, 2);
  int64_t tpl_id = db_col_int(s, 3);
  sub->tpl = evals_tpl_get(tpl_id, NULL);
  if (!sub->tpl || vals_of(sub->tpl, db_col_text(s, 4), &h->vals)) { db_reset(s); return -1; }
  sub->vals = h->vals;
  sub->nvals = sub->tpl->nitems;
  char key[512], period[8];
  snprintf(key, sizeof key, "%s", db_col_text(s, 5));
  point_of(s, 6, &sub->at);
  sub->opened = evals_time_parse(db_col_text(s, 9));
  sub->submitted = evals_time_parse(db_col_text(s, 10));
  sub->has_signature = !db_col_is_null(s, 11);
  point_of(s, 12, &sub->shop);
  snprintf(period, sizeof period, "%s", db_col_text(s, 15));
  char submitted[20];
  snprintf(submitted, sizeof submitted, "%s", db_col_text(s, 10));
  db_reset(s);

  /* the evaluator's evaluations just before and just after this one */
  static const char *const nb_sql[2] = {
    "SELECT id, shop_id, submitted_at, lng, lat, accuracy FROM eval_evaluations WHERE evaluator_id = ?1 AND id <> ?2 AND submitted_at <= ?3"
    " ORDER BY submitted_at DESC, id DESC LIMIT 1",
    "SELECT id, shop_id, submitted_at, lng, lat, accuracy FROM eval_evaluations WHERE evaluator_id = ?1 AND id <> ?2 AND submitted_at >= ?3"
    " ORDER BY submitted_at, id LIMIT 1"};
  for (int k = 0; k < 2; k++) {
    s = db_prepare(nb_sql[k]);
    if (!s) return -1;
    db_bind_int(s, 1, sub->evaluator_id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, submitted);
    if (db_step(s) == DB_ROW) {
      evals_neighbour *n = &h->nb[sub->nnb++];
      n->id = db_col_int(s, 0);
      n->shop_id = db_col_int(s, 1);
      n->submitted = evals_time_parse(db_col_text(s, 2));
      point_of(s, 3, &n->at);
    }
    db_reset(s);
  }
  sub->nb = h->nb;

  s = db_prepare("SELECT count(*) FROM eval_evaluations WHERE round_id = ? AND evaluator_id = ? AND answers_key = ?");
  if (!s) return -1;
  db_bind_int(s, 1, sub->round_id);
  db_bind_int(s, 2, sub->evaluator_id);
  db_bind_text(s, 3, key);
  sub->same_answers = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);

  s = db_prepare("SELECT e.id, e.answers FROM eval_evaluations e JOIN eval_rounds r ON r.id = e.round_id WHERE e.shop_id = ?1 AND e.template_id = ?2"
                 " AND r.period < ?3 ORDER BY r.period DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, sub->shop_id);
  db_bind_int(s, 2, tpl_id);
  db_bind_text(s, 3, period);
  if (db_step(s) == DB_ROW && vals_of(sub->tpl, db_col_text(s, 1), &h->prev) == 0) {
    sub->prev_vals = h->prev;
    sub->prev_eval_id = db_col_int(s, 0);
  }
  db_reset(s);

  if (evals_store_photo_matches(id, "photo", cfg->phash_max, &h->ph, &h->nph) || evals_store_photo_matches(id, "signature", -1, &h->sg, &h->nsg)) return -1;
  sub->photos = h->ph;
  sub->nphotos = h->nph;
  sub->sigs = h->sg;
  sub->nsigs = h->nsg;

  /* bureau data over the round's period */
  char m1[8], m2[8], d1[11], d2[11];
  sub->has_orders = sub->price_ok = sub->equipment = -1;
  if (evals_period_parse(period, m1, m2, d1, d2) == 0) {
    double sum;
    int rc = shops_metric_sum(sub->shop_id, "order_qty", m1, m2, &sum);
    if (rc < 0) return -1;
    if (rc == 1) sub->has_orders = sum > 0;
    sub->price_ok = evals_store_market_price(sub->shop_id, d1, d2);
    if (sub->price_ok < -1) return -1;
  }
  json_t *pos = NULL;
  int rc = shops_latest_answer(sub->shop_id, "pos", &pos);
  if (rc < 0) return -1;
  if (rc == 1 && json_is_boolean(pos)) sub->equipment = json_is_true(pos);
  json_decref(pos);
  return 0;
}

int evals_store_flags_put(int64_t id, const evals_flags *f, const char *at) {
  db_stmt *s = db_prepare("DELETE FROM eval_flags WHERE evaluation_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  if (db_step(s) != DB_DONE) return -1;
  for (size_t i = 0; i < f->n; i++) {
    char *ev = json_dumps(f->v[i].evidence, JSON_COMPACT);
    s = db_prepare("INSERT INTO eval_flags(evaluation_id, code, check_no, severity, message, evidence, created_at) VALUES(?,?,?,?,?,?,?)");
    if (!s || !ev) { free(ev); return -1; }
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, evals_flag_code_str(f->v[i].code));
    db_bind_int(s, 3, evals_flag_check_no(f->v[i].code));
    db_bind_text(s, 4, evals_severity_code(f->v[i].sev));
    db_bind_text(s, 5, f->v[i].message);
    db_bind_text(s, 6, ev);
    db_bind_text(s, 7, at);
    free(ev);
    if (db_step(s) != DB_DONE) return -1;
  }
  s = db_prepare("UPDATE eval_evaluations SET flag_count = ?, serious = ? WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, (int64_t)f->n);
  db_bind_int(s, 2, evals_flags_serious(f));
  db_bind_int(s, 3, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int evals_store_set_state(int64_t id, evals_state st, const char *reason, const char *at) {
  db_stmt *s = db_prepare("UPDATE eval_evaluations SET state = ?1, updated_at = ?3,"
                          " return_reason = CASE WHEN ?1 = 'returned' THEN ?2 ELSE return_reason END,"
                          " returned_count = returned_count + (?1 = 'returned'),"
                          " approved_at = CASE WHEN ?1 = 'approved' THEN ?3 ELSE approved_at END WHERE id = ?4");
  if (!s) return -1;
  db_bind_text(s, 1, evals_state_code(st));
  db_bind_text(s, 2, reason ? reason : "");
  db_bind_text(s, 3, at);
  db_bind_int(s, 4, id);
  return db_step(s) == DB_DONE && db_changes() == 1 ? 0 : -1;
}

int evals_store_change(int64_t id, int64_t user, const char *kind, const char *reason, json_t *before, json_t *after, const char *at) {
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL, *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  db_stmt *s = db_prepare("INSERT INTO eval_changes(evaluation_id, kind, reason, before, after, by_user, at) VALUES(?,?,?,?,?,?,?)");
  int rc = -1;
  if (s) {
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, reason ? reason : "");
    db_bind_text(s, 4, b);
    db_bind_text(s, 5, a);
    if (user) db_bind_int(s, 6, user); else db_bind_null(s, 6);
    db_bind_text(s, 7, at);
    rc = db_step(s) == DB_DONE ? 0 : -1;
  }
  free(b);
  free(a);
  return rc;
}

int evals_store_restate(int64_t id, int serious) {
  db_stmt *s = db_prepare("UPDATE eval_evaluations SET state = CASE WHEN ?1 THEN 'flagged' ELSE 'submitted' END WHERE id = ?2 AND state IN ('submitted','flagged')");
  if (!s) return -1;
  db_bind_int(s, 1, serious);
  db_bind_int(s, 2, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int evals_store_update_answers(int64_t id, json_t *answers, double total, int stars, const char *key) {
  char *txt = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
  db_stmt *s = txt ? db_prepare("UPDATE eval_evaluations SET answers = ?, total = ?, stars = ?, answers_key = ? WHERE id = ?") : NULL;
  if (!s) { free(txt); return -1; }
  db_bind_text(s, 1, txt);
  free(txt);
  db_bind_double(s, 2, total);
  db_bind_int(s, 3, stars);
  db_bind_text(s, 4, key);
  db_bind_int(s, 5, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int evals_store_all_ids(int64_t **ids, size_t *n) {
  db_stmt *s = db_prepare("SELECT id FROM eval_evaluations ORDER BY id");
  if (!s) return -1;
  size_t cap = 1024;
  *n = 0;
  *ids = malloc(cap * sizeof **ids);
  if (!*ids) { db_reset(s); return -1; }
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (*n == cap) {
      int64_t *g = realloc(*ids, cap * 2 * sizeof *g);
      if (!g) { db_reset(s); free(*ids); *ids = NULL; return -1; }
      *ids = g;
      cap *= 2;
    }
    (*ids)[(*n)++] = db_col_int(s, 0);
  }
  if (st != DB_DONE) { free(*ids); *ids = NULL; return -1; }
  return 0;
}
