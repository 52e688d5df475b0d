/* ballot.c — the ballot engine's pure part: the weighted tally with quotas and ties, and the cast body's parser. */
#include "people/people.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

int people_quota_of(int permille, int n) {
  if (permille <= 0 || n <= 0) return 0;
  return (int)(((int64_t)n * permille) / 1000);
}

typedef struct ord { int idx; double k1, k2; } ord;
static int ord_cmp(const void *a, const void *b) {
  const ord *x = a, *y = b;
  if (fabs(x->k1 - y->k1) > EPS) return x->k1 > y->k1 ? -1 : 1;
  if (fabs(x->k2 - y->k2) > EPS) return x->k2 > y->k2 ? -1 : 1;
  return x->idx - y->idx;
}
static int ord_eq(const ord *x, const ord *y) { return fabs(x->k1 - y->k1) <= EPS && fabs(x->k2 - y->k2) <= EPS; }

/* Marks the first `keep` of o[0..n) as kept (set(c, 1)), the rest not (set(c, 0)); entries tied with the last kept
 * one across the boundary are undecided (set(c, -1)). */
static void cut(ord *o, int n, int keep, people_tally_cand *out, int yes, int no) {
  for (int i = 0; i < n; i++) out[o[i].idx].decided = i < keep ? yes : no;
  if (keep <= 0 || keep >= n) return;
  if (!ord_eq(&o[keep - 1], &o[keep])) return;
  for (int i = 0; i < n; i++)
    if (ord_eq(&o[i], &o[keep - 1])) { out[o[i].idx].decided = -1; out[o[i].idx].tie = 1; }
}

int people_tally(const people_tally_in *in, int quota, people_tally_cand *out, int *counts, int *group_ballots) {
  if (!in || !out) return -1;
  int grade = in->kind == PEOPLE_BALLOT_GRADE;
  if (!grade && in->kind != PEOPLE_BALLOT_CHOOSE) return -1;
  if (in->ncand < 0 || in->ncand > PEOPLE_MAX_CANDIDATES || in->ngroups < 1 || in->ngroups > PEOPLE_MAX_GROUPS) return -1;
  if (grade && (in->ngrades < 1 || in->ngrades > PEOPLE_MAX_GRADES || !in->points)) return -1;
  if (!in->weights || (in->nballots && (!in->group_of || !in->marks))) return -1;
  for (int g = 0; g < in->ngroups; g++)
    if (in->weights[g] < 0) return -1;
  int ng = grade ? in->ngrades : 1, nc = in->ncand, gr = in->ngroups;
  size_t ncounts = (size_t)nc * (size_t)gr * (size_t)ng;
  int *cnt = counts ? counts : calloc(ncounts ? ncounts : 1, sizeof *cnt);
  int *gb = calloc((size_t)gr, sizeof *gb);
  if (!cnt || !gb) { if (!counts) free(cnt); free(gb); return -1; }
  if (counts) memset(counts, 0, ncounts * sizeof *counts);
  int rc = 0;
  for (size_t b = 0; b < in->nballots && !rc; b++) {
    int g = in->group_of[b];
    if (g < 0 || g >= gr) { rc = -1; break; }
    gb[g]++;
    const signed char *m = in->marks + b * (size_t)nc;
    for (int c = 0; c < nc; c++) {
      int v = m[c];
      if (grade) {
        if (v < -1 || v >= ng) { rc = -1; break; }
        if (v >= 0) cnt[((size_t)c * gr + g) * ng + v]++;
      } else {
        if (v != 0 && v != 1) { rc = -1; break; }
        if (v) cnt[(size_t)c * gr + g]++;
      }
    }
  }
  if (rc) goto done;
  for (int c = 0; c < nc; c++) {
    people_tally_cand *o = &out[c];
    memset(o, 0, sizeof *o);
    o->plurality = -1;
    double wsum = 0;
    for (int g = 0; g < gr; g++) {
      int n = 0;
      if (grade) {
        for (int k = 0; k < ng; k++) n += cnt[((size_t)c * gr + g) * ng + k];
      } else {
        n = gb[g];
        o->votes += cnt[(size_t)c * gr + g];
      }
      if (grade) o->votes += n;
      if (!n || !in->weights[g]) continue;
      wsum += in->weights[g];
      if (grade) {
        for (int k = 0; k < ng; k++) o->share[k] += (double)in->weights[g] * cnt[((size_t)c * gr + g) * ng + k] / n;
      } else {
        o->score += (double)in->weights[g] * cnt[(size_t)c * gr + g] / n;
      }
    }
    if (wsum > 0) {
      if (grade) {
        for (int k = 0; k < ng; k++) {
          o->share[k] = o->share[k] * 100.0 / wsum;
          o->score += o->share[k] * in->points[k] / 100.0;
        }
        int best = -1;
        for (int k = 0; k < ng; k++)
          if (best < 0 || o->share[k] >= o->share[best] - EPS) best = k;
        o->plurality = best;
      } else {
        o->score = o->score * 100.0 / wsum;
      }
    }
  }
  /* ranks by score */
  ord *ordv = calloc(nc ? (size_t)nc : 1, sizeof *ordv);
  if (!ordv) { rc = -1; goto done; }
  for (int c = 0; c < nc; c++) ordv[c] = (ord){c, out[c].score, 0};
  qsort(ordv, (size_t)nc, sizeof *ordv, ord_cmp);
  for (int i = 0; i < nc; i++) out[ordv[i].idx].rank = i > 0 && ord_eq(&ordv[i], &ordv[i - 1]) ? out[ordv[i - 1].idx].rank : i + 1;
  if (grade) {
    int n = 0;
    for (int c = 0; c < nc; c++) {
      out[c].decided = out[c].plurality;
      if (out[c].plurality == 0) ordv[n++] = (ord){c, out[c].share[0], out[c].score};
    }
    if (quota >= 0 && n > quota && ng > 1) {
      qsort(ordv, (size_t)n, sizeof *ordv, ord_cmp);
      cut(ordv, n, quota, out, 0, 1);
    }
  } else {
    int n = 0;
    for (int c = 0; c < nc; c++) {
      out[c].decided = 0;
      if (out[c].votes > 0) ordv[n++] = (ord){c, out[c].score, 0};
    }
    qsort(ordv, (size_t)n, sizeof *ordv, ord_cmp);
    cut(ordv, n, quota < 0 || quota > n ? n : quota, out, 1, 0);
  }
  free(ordv);
done:
  if (!rc && group_ballots) memcpy(group_ballots, gb, (size_t)gr * sizeof *gb);
  if (!counts) free(cnt);
  free(gb);
  return rc;
}

static int fail(char *field, size_t fl, const char *f, char *msg, size_t ml, const char *fmt, const char *arg) {
  snprintf(field, fl, "%s", f);
  snprintf(msg, ml, fmt, arg);
  return -1;
}

static int cand_index(const people_cast_form *f, int64_t id) {
  for (int i = 0; i < f->ncand; i++)
    if (f->cand_ids[i] == id) return i;
  return -1;
}

/* A candidate id written as a JSON object key: decimal digits only, no sign or leading zero. */
static int64_t key_id(const char *k) {
  if (!*k || *k == '0' || strlen(k) > 15) return 0;
  int64_t v = 0;
  for (const char *p = k; *p; p++) {
    if (*p < '0' || *p > '9') return 0;
    v = v * 10 + (*p - '0');
  }
  return v;
}

int people_cast_parse(const char *body, size_t len, const people_cast_form *f, signed char *marks, char *field, size_t fieldlen,
                      char *msg, size_t msglen) {
  if (!f || f->ncand < 0 || f->ncand > PEOPLE_MAX_CANDIDATES) return fail(field, fieldlen, "", msg, msglen, "%s", "选票格式不正确");
  json_error_t je;
  json_t *o = body && len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &je) : NULL;
  if (!json_is_object(o)) { json_decref(o); return fail(field, fieldlen, "", msg, msglen, "%s", "选票应为 JSON 对象"); }
  int grade = f->kind == PEOPLE_BALLOT_GRADE;
  const char *want = grade ? "grades" : "chosen";
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    if (strcmp(k, want)) {
      char kk[64];
      snprintf(kk, sizeof kk, "%.60s", k);
      json_decref(o);
      return fail(field, fieldlen, kk, msg, msglen, "不认识的字段：%s", kk);
    }
  }
  for (int i = 0; i < f->ncand; i++) marks[i] = grade ? -1 : 0;
  json_t *x = json_object_get(o, want);
  int rc = 0;
  if (grade) {
    if (!x) rc = fail(field, fieldlen, want, msg, msglen, "%s", "缺少测评结果（grades）");
    else if (!json_is_object(x)) rc = fail(field, fieldlen, want, msg, msglen, "%s", "测评结果应为“候选人编号: 等次”的对象");
    else {
      json_object_foreach(x, k, v) {
        char fk[64];
        snprintf(fk, sizeof fk, "grades.%.40s", k);
        int64_t id = key_id(k);
        int ci = id ? cand_index(f, id) : -1;
        if (ci < 0) { rc = fail(field, fieldlen, fk, msg, msglen, "候选人不在本次测评名单中：%s", fk + 7); break; }
        if (json_is_null(v)) continue; /* an explicit abstention */
        const char *g = json_string_value(v);
        int gi = -1;
        for (int j = 0; g && j < f->ngrades; j++)
          if (!strcmp(g, f->grades[j])) gi = j;
        if (gi < 0) { rc = fail(field, fieldlen, fk, msg, msglen, "等次不在可选范围内（候选人 %s）", fk + 7); break; }
        marks[ci] = (signed char)gi;
      }
    }
  } else {
    if (!x) rc = fail(field, fieldlen, want, msg, msglen, "%s", "缺少所选候选人（chosen）");
    else if (!json_is_array(x)) rc = fail(field, fieldlen, want, msg, msglen, "%s", "所选候选人应为编号数组");
    else if ((int)json_array_size(x) > f->max_choices) {
      char n[16];
      snprintf(n, sizeof n, "%d", f->max_choices);
      rc = fail(field, fieldlen, want, msg, msglen, "所选人数超过限额：最多可选 %s 人", n);
    } else {
      size_t i;
      json_array_foreach(x, i, v) {
        char fk[32];
        snprintf(fk, sizeof fk, "chosen[%zu]", i);
        json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
        int ci = id > 0 ? cand_index(f, (int64_t)id) : -1;
        if (ci < 0) { rc = fail(field, fieldlen, fk, msg, msglen, "%s 不是本次投票的候选人", fk); break; }
        if (marks[ci]) { rc = fail(field, fieldlen, fk, msg, msglen, "%s 重复选择了同一候选人", fk); break; }
        marks[ci] = 1;
      }
    }
  }
  json_decref(o);
  return rc;
}
