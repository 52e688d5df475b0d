/* store_posts.c — all SQL of 双聘: grades, posts, each person's post/grade history, selection rounds and applications. */
#include "people/internal.h"
#include <stdio.h>
#include <string.h>

int people_store_step(db_stmt *s) {
  db_status st = db_step(s);
  db_reset(s);
  return st == DB_DONE ? 0 : st == DB_CONSTRAINT ? 1 : -1;
}

json_t *people_store_grades(void) {
  db_stmt *s = db_prepare("SELECT id, name, rank_order, term_years FROM people_grades ORDER BY rank_order");
  return s ? dbj_rows(s) : NULL;
}

int64_t people_store_grade_insert(const char *name, int rank_order, int term_years) {
  db_stmt *s = db_prepare("INSERT INTO people_grades(name, rank_order, term_years) VALUES(?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, name);
  db_bind_int(s, 2, rank_order);
  db_bind_int(s, 3, term_years);
  return db_insert(s);
}

int people_store_grade_get(int64_t id, char *name, size_t cap, int *term_years) {
  db_stmt *s = db_prepare("SELECT name, term_years FROM people_grades WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    if (name) snprintf(name, cap, "%s", db_col_text(s, 0));
    if (term_years) *term_years = (int)db_col_int(s, 1);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

#define POST_COLS "p.id, p.unit_id, un.name AS unit_name, p.name, p.family, p.level, p.term_years, p.places, p.created_at"

json_t *people_store_posts(req *r) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " POST_COLS " FROM people_posts p JOIN units un ON un.id = p.unit_id WHERE " ORG_SCOPE_SQL("p.unit_id", "0", 1, 2, 3)
                          " ORDER BY p.family, p.level DESC, p.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}

int64_t people_store_post_insert(int64_t unit, const char *name, const char *family, int level, int term_years, int places) {
  db_stmt *s = db_prepare("INSERT INTO people_posts(unit_id, name, family, level, term_years, places, created_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, unit);
  db_bind_text(s, 2, name);
  db_bind_text(s, 3, family);
  db_bind_int(s, 4, level);
  db_bind_int(s, 5, term_years);
  db_bind_int(s, 6, places);
  db_bind_now(s, 7);
  return db_insert(s);
}

json_t *people_store_post_json(req *r, int64_t id) {
  if (r && !org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " POST_COLS " FROM people_posts p JOIN units un ON un.id = p.unit_id WHERE p.id = ?4 AND (?5 = 0 OR " ORG_SCOPE_SQL("p.unit_id", "0", 1, 2, 3) ")");
  if (!s) return NULL;
  if (r) org_scope_bind(r, s, 1);
  else { db_bind_int(s, 1, 1); db_bind_text(s, 2, "[]"); db_bind_int(s, 3, 0); }
  db_bind_int(s, 4, id);
  db_bind_int(s, 5, r ? 1 : 0);
  json_t *o = dbj_first(dbj_rows(s));
  return o;
}

json_t *people_store_history(int64_t user) {
  db_stmt *s = db_prepare("SELECT h.id, h.unit_id, un.name AS unit_name, h.post_id, p.name AS post_name, p.family, p.level, h.grade_id, g.name AS grade_name,"
                          " h.started_on, h.ends_on, h.ended_on, h.source, h.note FROM people_post_history h JOIN units un ON un.id = h.unit_id"
                          " LEFT JOIN people_posts p ON p.id = h.post_id LEFT JOIN people_grades g ON g.id = h.grade_id"
                          " WHERE h.user_id = ? ORDER BY h.started_on DESC, h.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  return dbj_rows(s);
}

int64_t people_store_history_insert(const people_history_row *h) {
  db_stmt *s = db_prepare("INSERT INTO people_post_history(user_id, unit_id, post_id, grade_id, started_on, ends_on, source, note) VALUES(?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, h->user_id);
  db_bind_int(s, 2, h->unit_id);
  if (h->post_id) db_bind_int(s, 3, h->post_id); else db_bind_null(s, 3);
  if (h->grade_id) db_bind_int(s, 4, h->grade_id); else db_bind_null(s, 4);
  db_bind_text(s, 5, h->started_on);
  db_bind_text(s, 6, h->ends_on);
  db_bind_text(s, 7, h->source ? h->source : "");
  db_bind_text(s, 8, h->note ? h->note : "");
  return db_insert(s);
}

int people_store_history_close(int64_t user, const char *day) {
  db_stmt *s = db_prepare("UPDATE people_post_history SET ended_on = ? WHERE user_id = ? AND ended_on IS NULL");
  if (!s) return -1;
  db_bind_text(s, 1, day);
  db_bind_int(s, 2, user);
  return people_store_step(s) ? -1 : 0;
}

int people_store_current(int64_t user, int64_t *grade_id, char *grade, size_t cap, char *since, char *post, size_t pcap) {
  /* the grade's start is the first open-ended run of the same grade: a new post at the same grade keeps the years */
  db_stmt *s = db_prepare("SELECT h.grade_id, coalesce(g.name, ''), coalesce(p.name, ''),"
                          " (SELECT min(h2.started_on) FROM people_post_history h2 WHERE h2.user_id = h.user_id AND h2.grade_id = h.grade_id"
                          "   AND h2.started_on >= coalesce((SELECT max(h3.started_on) FROM people_post_history h3 WHERE h3.user_id = h.user_id"
                          "     AND h3.grade_id IS NOT h.grade_id AND h3.started_on <= h.started_on), ''))"
                          " FROM people_post_history h LEFT JOIN people_grades g ON g.id = h.grade_id LEFT JOIN people_posts p ON p.id = h.post_id"
                          " WHERE h.user_id = ? AND h.ended_on IS NULL ORDER BY h.started_on DESC, h.id DESC LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, user);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    *grade_id = db_col_is_null(s, 0) ? 0 : db_col_int(s, 0);
    snprintf(grade, cap, "%s", db_col_text(s, 1));
    snprintf(post, pcap, "%s", db_col_text(s, 2));
    snprintf(since, 11, "%s", db_col_text(s, 3));
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

/* ---- rounds ---- */
int64_t people_store_round_insert(const people_round_row *x) {
  db_stmt *s = db_prepare("INSERT INTO people_rounds(title, unit_id, w_written, w_interview, w_review, min_years, min_grade, publicity_days, created_by,"
                          " created_at) VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_text(s, 1, x->title);
  db_bind_int(s, 2, x->unit_id);
  db_bind_int(s, 3, x->w_written);
  db_bind_int(s, 4, x->w_interview);
  db_bind_int(s, 5, x->w_review);
  db_bind_int(s, 6, x->min_years);
  db_bind_text(s, 7, x->min_grade ? x->min_grade : "");
  db_bind_int(s, 8, x->publicity_days);
  if (x->created_by) db_bind_int(s, 9, x->created_by); else db_bind_null(s, 9);
  db_bind_now(s, 10);
  return db_insert(s);
}

int people_store_round_post_insert(int64_t round, int64_t post, int64_t grade, int places) {
  db_stmt *s = db_prepare("INSERT INTO people_round_posts(round_id, post_id, grade_id, places) VALUES(?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, round);
  db_bind_int(s, 2, post);
  if (grade) db_bind_int(s, 3, grade); else db_bind_null(s, 3);
  db_bind_int(s, 4, places);
  return people_store_step(s);
}

#define ROUND_COLS "x.id, x.title, x.unit_id, un.name AS unit_name, x.status, x.w_written, x.w_interview, x.w_review, x.min_years, x.min_grade," \
  " x.publicity_days, x.publicity_from, x.publicity_to, x.appointed_on, x.created_at," \
  " (SELECT count(*) FROM people_applications a WHERE a.round_id = x.id) AS applications," \
  " (SELECT coalesce(sum(places), 0) FROM people_round_posts rp WHERE rp.round_id = x.id) AS places"
#define ROUND_FROM " FROM people_rounds x JOIN units un ON un.id = x.unit_id WHERE " ORG_SCOPE_SQL("x.unit_id", "x.created_by", 1, 2, 3)

json_t *people_store_round_list(req *r) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " ROUND_COLS ROUND_FROM " ORDER BY x.id DESC");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_rows(s);
}

json_t *people_store_round_json(req *r, int64_t id) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " ROUND_COLS ROUND_FROM " AND x.id = ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, id);
  json_t *o = dbj_first(dbj_rows(s));
  if (!o) return NULL;
  db_stmt *p = db_prepare("SELECT rp.post_id, p.name AS post_name, p.family, p.level, p.term_years, rp.grade_id, g.name AS grade_name, rp.places"
                          " FROM people_round_posts rp JOIN people_posts p ON p.id = rp.post_id LEFT JOIN people_grades g ON g.id = rp.grade_id"
                          " WHERE rp.round_id = ? ORDER BY p.family, p.level DESC, p.id");
  json_t *posts = NULL, *apps = NULL;
  if (p) { db_bind_int(p, 1, id); posts = dbj_rows(p); }
  db_stmt *a = db_prepare("SELECT a.id, a.post_id, a.user_id, u.name AS user_name, un.name AS unit_name, a.qualification, a.written, a.interview,"
                          " a.review, a.total, a.rank, a.proposed AS b_proposed, a.appointed AS b_appointed, a.created_at"
                          " FROM people_applications a JOIN users u ON u.id = a.user_id LEFT JOIN units un ON un.id = u.unit_id"
                          " WHERE a.round_id = ? ORDER BY a.post_id, a.rank IS NULL, a.rank, a.id");
  if (a) { db_bind_int(a, 1, id); apps = dbj_rows(a); }
  if (!posts || !apps) { json_decref(o); json_decref(posts); json_decref(apps); return NULL; }
  json_object_set_new(o, "posts", posts);
  json_object_set_new(o, "items", apps);
  return o;
}

int people_store_round_state(int64_t id, people_round_row *x, char *status, size_t cap) {
  db_stmt *s = db_prepare("SELECT status, w_written, w_interview, w_review, min_years, min_grade, publicity_days, coalesce(publicity_to, ''), unit_id, title"
                          " FROM people_rounds WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    snprintf(status, cap, "%s", db_col_text(s, 0));
    x->w_written = (int)db_col_int(s, 1);
    x->w_interview = (int)db_col_int(s, 2);
    x->w_review = (int)db_col_int(s, 3);
    x->min_years = (int)db_col_int(s, 4);
    snprintf(x->min_grade_buf, sizeof x->min_grade_buf, "%s", db_col_text(s, 5));
    x->min_grade = x->min_grade_buf;
    x->publicity_days = (int)db_col_int(s, 6);
    snprintf(x->publicity_to, sizeof x->publicity_to, "%s", db_col_text(s, 7));
    x->unit_id = db_col_int(s, 8);
    snprintf(x->title_buf, sizeof x->title_buf, "%s", db_col_text(s, 9));
    x->title = x->title_buf;
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int people_store_round_set(int64_t id, const char *status, const char *from, const char *to, const char *appointed_on) {
  db_stmt *s = db_prepare("UPDATE people_rounds SET status = ?, publicity_from = coalesce(?, publicity_from), publicity_to = coalesce(?, publicity_to),"
                          " appointed_on = coalesce(?, appointed_on) WHERE id = ?");
  if (!s) return -1;
  db_bind_text(s, 1, status);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  db_bind_text(s, 4, appointed_on);
  db_bind_int(s, 5, id);
  return people_store_step(s) ? -1 : 0;
}

int people_store_round_post(int64_t round, int64_t post, int64_t *grade, int *places) {
  db_stmt *s = db_prepare("SELECT coalesce(grade_id, 0), places FROM people_round_posts WHERE round_id = ? AND post_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, round);
  db_bind_int(s, 2, post);
  db_status st = db_step(s);
  if (st == DB_ROW) {
    if (grade) *grade = db_col_int(s, 0);
    if (places) *places = (int)db_col_int(s, 1);
  }
  db_reset(s);
  return st == DB_ROW ? 0 : st == DB_DONE ? 1 : -1;
}

int64_t people_store_application_insert(int64_t round, int64_t post, int64_t user, const char *qualification) {
  db_stmt *s = db_prepare("INSERT INTO people_applications(round_id, post_id, user_id, qualification, created_at) VALUES(?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, round);
  db_bind_int(s, 2, post);
  db_bind_int(s, 3, user);
  db_bind_text(s, 4, qualification);
  db_bind_now(s, 5);
  return db_insert(s);
}

int people_store_application_scores(int64_t round, int64_t app, double written, double interview, double review, double total) {
  db_stmt *s = db_prepare("UPDATE people_applications SET written = ?, interview = ?, review = ?, total = ? WHERE id = ? AND round_id = ?");
  if (!s) return -1;
  db_bind_double(s, 1, written);
  db_bind_double(s, 2, interview);
  db_bind_double(s, 3, review);
  db_bind_double(s, 4, total);
  db_bind_int(s, 5, app);
  db_bind_int(s, 6, round);
  if (people_store_step(s)) return -1;
  return db_changes() == 1 ? 0 : 1;
}

int people_store_applications_each(int64_t round, int (*fn)(void *ctx, const people_app_brief *a), void *ctx) {
  db_stmt *s = db_prepare("SELECT a.id, a.post_id, a.user_id, coalesce(a.total, -1), a.proposed, u.unit_id FROM people_applications a"
                          " JOIN users u ON u.id = a.user_id WHERE a.round_id = ? ORDER BY a.post_id, a.id");
  if (!s) return -1;
  db_bind_int(s, 1, round);
  people_app_brief b;
  db_status st;
  int rc = 0;
  while ((st = db_step(s)) == DB_ROW) {
    b.id = db_col_int(s, 0);
    b.post_id = db_col_int(s, 1);
    b.user_id = db_col_int(s, 2);
    b.total = db_col_double(s, 3);
    b.proposed = (int)db_col_int(s, 4);
    b.unit_id = db_col_int(s, 5);
    if ((rc = fn(ctx, &b))) break;
  }
  db_reset(s);
  return rc ? rc : st == DB_DONE || st == DB_ROW ? 0 : -1;
}

int people_store_application_rank(int64_t app, int rank, int proposed) {
  db_stmt *s = db_prepare("UPDATE people_applications SET rank = ?, proposed = ? WHERE id = ?");
  if (!s) return -1;
  if (rank > 0) db_bind_int(s, 1, rank); else db_bind_null(s, 1);
  db_bind_int(s, 2, proposed);
  db_bind_int(s, 3, app);
  return people_store_step(s) ? -1 : 0;
}

int people_store_application_appointed(int64_t app) {
  db_stmt *s = db_prepare("UPDATE people_applications SET appointed = 1 WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, app);
  return people_store_step(s) ? -1 : 0;
}
