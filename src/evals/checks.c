/* checks.c — the six quality checks of an evaluation (pure): place, time and track, photos, copied answers, bureau data
 * and the owner's confirmation. Each flag has a stable code, a severity, a Chinese explanation and its evidence. */
#define EVALS_PURE_ONLY
#include "evals/internal.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const evals_settings evals_default_settings = {
  .max_distance_m = 200, .max_accuracy_m = 500, .min_seconds = 60, .max_speed_kmh = 60, .work_start_h = 7, .work_end_h = 20,
  .straight_min = 5, .phash_max = 10, .recheck_tolerance = 10, .sample_pct = 5, .appeal_days = 5, .deadline_days = 10,
};

static const struct { const char *code, *name; int check; evals_severity sev; } defs[EV__COUNT] = {
  [EV_LOCATION] = {"location", "位置异常", 1, EV_SEV_HIGH},
  [EV_NO_LOCATION] = {"no_location", "无定位", 1, EV_SEV_MEDIUM},
  [EV_TOO_FAST] = {"too_fast", "用时过短", 2, EV_SEV_MEDIUM},
  [EV_TRACK] = {"track", "轨迹异常", 2, EV_SEV_HIGH},
  [EV_OFF_HOURS] = {"off_hours", "非工作时间", 2, EV_SEV_LOW},
  [EV_PHOTO_DUP] = {"photo_dup", "照片重复", 3, EV_SEV_HIGH},
  [EV_PHOTO_NEAR] = {"photo_near", "照片近似", 3, EV_SEV_MEDIUM},
  [EV_COPY_STRAIGHT] = {"copy_straight", "疑似复制（多户雷同）", 4, EV_SEV_MEDIUM},
  [EV_COPY_PREVIOUS] = {"copy_previous", "疑似复制（与上期相同）", 4, EV_SEV_LOW},
  [EV_DATA_MISMATCH] = {"data_mismatch", "与数据不符", 5, EV_SEV_MEDIUM},
  [EV_NO_CONFIRM] = {"no_confirm", "代签嫌疑（缺少确认）", 6, EV_SEV_HIGH},
  [EV_SIG_REUSE] = {"sig_reuse", "代签嫌疑（签名重复）", 6, EV_SEV_HIGH},
};
const char *evals_flag_code_str(evals_flag_code c) { return (unsigned)c < EV__COUNT ? defs[c].code : ""; }
const char *evals_flag_name(evals_flag_code c) { return (unsigned)c < EV__COUNT ? defs[c].name : ""; }
int evals_flag_check_no(evals_flag_code c) { return (unsigned)c < EV__COUNT ? defs[c].check : 0; }
evals_severity evals_flag_severity(evals_flag_code c) { return (unsigned)c < EV__COUNT ? defs[c].sev : EV_SEV_LOW; }
int evals_flag_parse(const char *code) {
  for (int i = 0; code && i < EV__COUNT; i++)
    if (!strcmp(code, defs[i].code)) return i;
  return -1;
}
const char *evals_severity_code(evals_severity s) { return s == EV_SEV_HIGH ? "high" : s == EV_SEV_MEDIUM ? "medium" : "low"; }

static int add(evals_flags *f, evals_flag_code c, json_t *ev, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int add(evals_flags *f, evals_flag_code c, json_t *ev, const char *fmt, ...) {
  if (!ev) return -1;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 8;
    evals_flag *v = realloc(f->v, cap * sizeof *v);
    if (!v) { json_decref(ev); return -1; }
    f->v = v;
    f->cap = cap;
  }
  evals_flag *x = &f->v[f->n++];
  x->code = c;
  x->sev = defs[c].sev;
  x->evidence = ev;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->message, sizeof x->message, fmt, ap);
  va_end(ap);
  return 0;
}

void evals_flags_free(evals_flags *f) {
  for (size_t i = 0; i < f->n; i++) json_decref(f->v[i].evidence);
  free(f->v);
  memset(f, 0, sizeof *f);
}

int evals_flags_serious(const evals_flags *f) {
  for (size_t i = 0; i < f->n; i++)
    if (f->v[i].sev >= EV_SEV_MEDIUM) return 1;
  return 0;
}

static int valid_point(const evals_point *p) {
  return p->ok && isfinite(p->lng) && isfinite(p->lat) && fabs(p->lng) <= 180 && fabs(p->lat) <= 90 && !(p->lng == 0 && p->lat == 0);
}

/* 1. the capture point against the shop's registered place, the allowance widened by the reported accuracy. */
static int check_place(const evals_subject *s, const evals_settings *c, evals_flags *f) {
  if (!valid_point(&s->at)) return add(f, EV_NO_LOCATION, json_object(), "提交时没有定位信息，无法确认到店评价");
  if (!valid_point(&s->shop)) return 0; /* the registry has no place for the shop: nothing to compare with */
  double d = evals_distance_m(s->shop.lng, s->shop.lat, s->at.lng, s->at.lat);
  double acc = s->at.acc > 0 && isfinite(s->at.acc) ? fmin(s->at.acc, c->max_accuracy_m) : 0;
  double allow = c->max_distance_m + acc;
  if (d <= allow) return 0;
  return add(f, EV_LOCATION,
             json_pack("{s:f,s:f,s:f,s:{s:f,s:f},s:{s:f,s:f}}", "distance_m", round(d), "allowed_m", allow, "accuracy_m", acc, "shop", "lng", s->shop.lng,
                       "lat", s->shop.lat, "at", "lng", s->at.lng, "lat", s->at.lat),
             "提交位置距门店登记位置 %.0f 米，超过允许的 %.0f 米（%.0f 米 + 定位精度 %.0f 米）", d, allow, c->max_distance_m, acc);
}

/* 2. time: opened to submitted, speed between this and the evaluator's neighbouring evaluations, working hours. */
static int check_time(const evals_subject *s, const evals_settings *c, evals_flags *f) {
  if (s->opened >= 0 && s->submitted >= 0) {
    int64_t dur = s->submitted - s->opened;
    if ((double)dur < c->min_seconds &&
        add(f, EV_TOO_FAST, json_pack("{s:I,s:f}", "seconds", (json_int_t)dur, "min_seconds", c->min_seconds), "从打开到提交仅用 %lld 秒，少于 %.0f 秒",
            (long long)dur, c->min_seconds))
      return -1;
  }
  if (valid_point(&s->at) && s->submitted >= 0)
    for (size_t i = 0; i < s->nnb; i++) {
      const evals_neighbour *n = &s->nb[i];
      if (!valid_point(&n->at) || n->shop_id == s->shop_id) continue;
      double d = evals_distance_m(n->at.lng, n->at.lat, s->at.lng, s->at.lat);
      /* Two points within the place allowance cannot tell travel from GPS noise. */
      if (d <= c->max_distance_m) continue;
      int64_t dt = llabs(s->submitted - n->submitted);
      double kmh = dt > 0 ? d / 1000.0 / ((double)dt / 3600.0) : INFINITY;
      if (kmh <= c->max_speed_kmh) continue;
      json_t *ev = json_pack("{s:I,s:I,s:f,s:I,s:f,s:{s:f,s:f},s:{s:f,s:f}}", "other_id", (json_int_t)n->id, "other_shop_id", (json_int_t)n->shop_id,
                             "distance_m", round(d), "seconds", (json_int_t)dt, "max_speed_kmh", c->max_speed_kmh, "at", "lng", s->at.lng, "lat",
                             s->at.lat, "other_at", "lng", n->at.lng, "lat", n->at.lat);
      if (ev && isfinite(kmh)) json_object_set_new(ev, "speed_kmh", json_real(round(kmh * 10) / 10));
      if (add(f, EV_TRACK, ev, "与评价 %lld 相隔 %lld 秒、%.0f 米，需以 %s 移动，超过 %.0f 公里/小时", (long long)n->id, (long long)dt, d,
              isfinite(kmh) ? "每小时数十公里以上" : "瞬间", c->max_speed_kmh))
        return -1;
      break; /* one track flag per evaluation is enough evidence */
    }
  if (s->submitted >= 0) {
    int h = (int)((s->submitted % 86400 + 86400) % 86400 / 3600);
    if ((h < c->work_start_h || h >= c->work_end_h) &&
        add(f, EV_OFF_HOURS, json_pack("{s:i,s:i,s:i}", "hour", h, "start", c->work_start_h, "end", c->work_end_h), "提交时间 %02d 时不在工作时间 %d:00–%d:00 内", h,
            c->work_start_h, c->work_end_h))
      return -1;
  }
  return 0;
}

/* The best match of each photo: an equal file first, else the nearest hash within the threshold; -1 none. */
static long best_for(const evals_photo_match *m, size_t n, int64_t photo, int maxd, size_t *count) {
  long best = -1;
  *count = 0;
  for (size_t i = 0; i < n; i++) {
    if (m[i].photo_id != photo || (!m[i].exact && m[i].distance > maxd)) continue;
    (*count)++;
    if (best < 0 || (m[i].exact && !m[best].exact) || (m[i].exact == m[best].exact && m[i].distance < m[best].distance)) best = (long)i;
  }
  return best;
}

/* 3 and 6: the same photo or signature elsewhere — one flag per picture, with its closest match and how many. */
static int check_photos(const evals_subject *s, const evals_settings *c, evals_flags *f) {
  for (size_t i = 0; i < s->nphotos; i++) {
    size_t cnt;
    int seen = 0;
    for (size_t k = 0; k < i; k++) seen |= s->photos[k].photo_id == s->photos[i].photo_id;
    long b = seen ? -1 : best_for(s->photos, s->nphotos, s->photos[i].photo_id, c->phash_max, &cnt);
    if (b < 0) continue;
    const evals_photo_match *m = &s->photos[b];
    json_t *ev = json_pack("{s:I,s:I,s:I,s:I,s:I,s:i,s:I}", "photo_id", (json_int_t)m->photo_id, "other_photo_id", (json_int_t)m->other_photo_id, "other_id",
                           (json_int_t)m->other_eval_id, "other_shop_id", (json_int_t)m->other_shop_id, "other_round_id", (json_int_t)m->other_round_id,
                           "distance", m->distance, "matches", (json_int_t)cnt);
    int rc = m->exact ? add(f, EV_PHOTO_DUP, ev, "照片与评价 %lld（%s）中的照片完全相同%s", (long long)m->other_eval_id,
                            m->other_shop_id != s->shop_id ? "另一门店" : "另一周期", cnt > 1 ? "，另有多处相同或相似" : "")
                      : add(f, EV_PHOTO_NEAR, ev, "照片与评价 %lld 中的照片高度相似（感知哈希相差 %d 位，阈值 %d）", (long long)m->other_eval_id, m->distance,
                            c->phash_max);
    if (rc) return -1;
  }
  int need = s->tpl ? s->tpl->confirm : 0;
  if (need && !s->has_signature && add(f, EV_NO_CONFIRM, json_object(), "评价表要求店主签字确认，但没有签名")) return -1;
  /* a signature counts as reused only on another shop's evaluation: the same owner signs every round */
  long b = -1;
  size_t cnt = 0;
  for (size_t i = 0; i < s->nsigs; i++)
    if (s->sigs[i].other_shop_id != s->shop_id && (s->sigs[i].exact || s->sigs[i].distance <= c->phash_max)) {
      cnt++;
      if (b < 0) b = (long)i;
    }
  if (b >= 0) {
    const evals_photo_match *m = &s->sigs[b];
    if (add(f, EV_SIG_REUSE,
            json_pack("{s:I,s:I,s:I,s:I,s:I}", "photo_id", (json_int_t)m->photo_id, "other_photo_id", (json_int_t)m->other_photo_id, "other_id",
                      (json_int_t)m->other_eval_id, "other_shop_id", (json_int_t)m->other_shop_id, "matches", (json_int_t)cnt),
            "店主签名与另一门店的评价 %lld 使用的签名图片相同（共 %zu 处）", (long long)m->other_eval_id, cnt))
      return -1;
  }
  return 0;
}

/* 4. copied answers. */
static int check_copy(const evals_subject *s, const evals_settings *c, evals_flags *f) {
  if (s->same_answers >= c->straight_min &&
      add(f, EV_COPY_STRAIGHT, json_pack("{s:I,s:i}", "same", (json_int_t)s->same_answers, "min", c->straight_min),
          "本周期该评价人有 %lld 户的评分与本户完全相同（达到 %d 户即提示）", (long long)s->same_answers, c->straight_min))
    return -1;
  if (s->prev_vals && s->nvals) {
    int same = 1;
    for (size_t i = 0; i < s->nvals; i++) same &= s->prev_vals[i] == s->vals[i];
    if (same && add(f, EV_COPY_PREVIOUS, json_pack("{s:I}", "previous_id", (json_int_t)s->prev_eval_id), "各项评分与该户上一周期的评价 %lld 完全相同",
                    (long long)s->prev_eval_id))
      return -1;
  }
  return 0;
}

/* 5. a rating that contradicts what the bureau holds: rated well (≥ 80 % of the item) or present (≥ half). */
static int check_data(const evals_subject *s, evals_flags *f) {
  if (!s->tpl) return 0;
  for (size_t i = 0; i < s->tpl->nitems && i < s->nvals; i++) {
    const evals_item *it = &s->tpl->items[i];
    int v = s->vals[i];
    const char *why = NULL;
    if (it->fact == EF_ORDERING && s->has_orders == 0 && v * 5 >= it->max * 4) why = "本期月度数据中该户没有订货";
    else if (it->fact == EF_PRICE && s->price_ok == 0 && v * 5 >= it->max * 4) why = "同期市场检查发现明码标价不到位";
    else if (it->fact == EF_EQUIPMENT && s->equipment == 0 && v * 2 >= it->max) why = "数字化经营能力检测记录该户没有现代终端设备";
    if (why && add(f, EV_DATA_MISMATCH, json_pack("{s:s,s:s,s:i,s:i,s:s}", "item", it->code, "item_name", it->name, "score", v, "max", it->max, "fact", why),
                   "%s 评 %d 分（满分 %d），但%s", it->name, v, it->max, why))
      return -1;
  }
  return 0;
}

int evals_check(const evals_subject *s, const evals_settings *cfg, evals_flags *out) {
  if (check_place(s, cfg, out) || check_time(s, cfg, out) || check_photos(s, cfg, out) || check_copy(s, cfg, out) || check_data(s, out)) return -1;
  return 0;
}

int evals_times_check(int64_t opened, int64_t submitted, int64_t now, const char **field, char *msg, size_t msglen) {
  if (submitted < 0) { *field = "submitted_at"; snprintf(msg, msglen, "提交时间应为 YYYY-MM-DD HH:MM:SS"); return -1; }
  if (opened < 0) { *field = "opened_at"; snprintf(msg, msglen, "打开时间应为 YYYY-MM-DD HH:MM:SS"); return -1; }
  if (submitted > now + EVALS_MAX_SKEW_S) {
    *field = "submitted_at";
    snprintf(msg, msglen, "提交时间比服务器时间晚 %lld 秒，超过允许的时钟误差 %d 秒，请校准手机时间", (long long)(submitted - now), EVALS_MAX_SKEW_S);
    return -1;
  }
  if (submitted < now - EVALS_MAX_AGE_S) { *field = "submitted_at"; snprintf(msg, msglen, "提交时间早于 %d 天前，草稿已过期", EVALS_MAX_AGE_S / 86400); return -1; }
  if (opened > submitted) { *field = "opened_at"; snprintf(msg, msglen, "打开时间晚于提交时间"); return -1; }
  if (submitted - opened > EVALS_MAX_AGE_S) { *field = "opened_at"; snprintf(msg, msglen, "打开时间早于提交时间 %d 天以上", EVALS_MAX_AGE_S / 86400); return -1; }
  return 0;
}
