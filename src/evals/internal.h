/* internal.h — shared between the evals module's own files (pure logic, store, handlers); other modules use evals.h. */
#ifndef EVALS_INTERNAL_H
#define EVALS_INTERNAL_H
#include "evals/evals.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ================= pure logic (no I/O) ================= */

/* ---- the template (template.c) ---- */
typedef enum { EF_NONE = 0, EF_ORDERING, EF_PRICE, EF_EQUIPMENT } evals_fact;
typedef struct evals_item {
  char *code, *name, *group, *help;
  int max;            /* the answer is a whole score 0..max */
  int photo;          /* a photo is required for this item */
  evals_fact fact;    /* bureau data the answer can be compared with (check 5) */
} evals_item;
typedef struct evals_tpl {
  char *name;
  evals_item *items; size_t nitems;
  int confirm;        /* the owner's signature is required */
  double stars[5];    /* minimum total for 一星 … 五星, ascending; under stars[0] is 无星 */
  int total_max;      /* sum of the items' max */
} evals_tpl;
/* Parses and checks a template: codes unique ([a-z0-9_], ≤ 32), 1..60 items, max 1..100, cut-offs ascending within
 * 0..total. NULL with a Chinese message naming the place ("条目3：…") in err. Caller frees with evals_tpl_free. */
evals_tpl *evals_tpl_parse(const char *json, size_t len, char *err, size_t errlen);
void evals_tpl_free(evals_tpl *t);
json_t *evals_tpl_json(const evals_tpl *t); /* canonical form (new reference): parsing it gives the same template */
const char *evals_fact_code(evals_fact f);   /* "" "ordering" "price" "equipment" */
/* The stars (0 = 无星, 1..5) of a total: the highest cut-off the total reaches (≥). */
int evals_stars(const evals_tpl *t, double total);
const char *evals_stars_name(int stars);     /* 无星 一星 … 五星 */
/* Reads answers {code: integer 0..max} for every item into vals (t->nitems ints). -1 with err naming the item. */
int evals_answers_read(const evals_tpl *t, json_t *answers, int *vals, char *err, size_t errlen);
/* "10,8,…" in template order: equal keys mean identical answers. out ≥ 8 × nitems + 1. */
void evals_answers_key(const int *vals, size_t n, char *out, size_t outlen);
double evals_total(const int *vals, size_t n);

/* ---- time and place ---- */
/* "YYYY-MM-DD HH:MM:SS" (also with 'T') → seconds since 1970 in the same wall clock; -1 when malformed. */
int64_t evals_time_parse(const char *s);
void evals_time_str(int64_t secs, char out[20]);
/* Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m). */
double evals_distance_m(double lng1, double lat1, double lng2, double lat2);
/* A period "2026-Q1" or "2026-03" → its first and last month "YYYY-MM" and its first and last day. -1 when malformed. */
int evals_period_parse(const char *p, char first_month[8], char last_month[8], char first_day[11], char last_day[11]);

/* ---- the quality checks (checks.c) ---- */
typedef struct evals_settings {
  double max_distance_m;   /* 200: 位置异常 beyond this plus the reported accuracy */
  double max_accuracy_m;   /* 500: the accuracy counted into the widening at most */
  double min_seconds;      /* 60: 用时过短 under this */
  double max_speed_kmh;    /* 60: 轨迹异常 above this */
  int work_start_h, work_end_h; /* 7, 20: outside [start, end) is 非工作时间 */
  int straight_min;        /* 5: one evaluator's identical answers in this many shops of a round is straight-lining */
  int phash_max;           /* 10: near-duplicate photos within this many differing bits of 64 */
  double recheck_tolerance;/* 10: a re-check differing by more points is a deviation */
  double sample_pct;       /* 5: share of each manager's evaluations re-checked */
  int appeal_days;         /* 5: working days to appeal after the result */
  int deadline_days;       /* 10: working days of a round by default */
} evals_settings;
extern const evals_settings evals_default_settings;

typedef enum { EV_SEV_LOW = 1, EV_SEV_MEDIUM = 2, EV_SEV_HIGH = 3 } evals_severity;
typedef enum {
  EV_LOCATION = 0, EV_NO_LOCATION, EV_TOO_FAST, EV_TRACK, EV_OFF_HOURS, EV_PHOTO_DUP, EV_PHOTO_NEAR,
  EV_COPY_STRAIGHT, EV_COPY_PREVIOUS, EV_DATA_MISMATCH, EV_NO_CONFIRM, EV_SIG_REUSE, EV__COUNT
} evals_flag_code;
const char *evals_flag_code_str(evals_flag_code c); /* "location" … */
const char *evals_flag_name(evals_flag_code c);     /* 位置异常 … */
int evals_flag_check_no(evals_flag_code c);         /* 1..6: which of the six checks */
evals_severity evals_flag_severity(evals_flag_code c);
int evals_flag_parse(const char *code);             /* -1 unknown */
const char *evals_severity_code(evals_severity s);  /* "low" "medium" "high" */

typedef struct evals_point { int ok; double lng, lat, acc; } evals_point;
/* Another evaluation of the same evaluator, next to this one in time. */
typedef struct evals_neighbour { int64_t id, shop_id; int64_t submitted; evals_point at; } evals_neighbour;
/* A stored photo (or signature) with the same content or a near perceptual hash. */
typedef struct evals_photo_match {
  int64_t photo_id, other_photo_id, other_eval_id, other_shop_id, other_round_id;
  int distance;        /* differing bits; 0 with exact = 1 means the same file */
  int exact;
} evals_photo_match;
/* Everything a check needs about one evaluation, loaded by the store. */
typedef struct evals_subject {
  int64_t id, shop_id, round_id, evaluator_id;
  evals_point shop;          /* the shop's registered place (ok = 0 when the registry has none) */
  evals_point at;            /* the capture point at submit */
  int64_t opened, submitted; /* evals_time_parse seconds */
  const int *vals; size_t nvals;
  const evals_tpl *tpl;
  const evals_neighbour *nb; size_t nnb;   /* the evaluator's evaluations just before and after this one */
  int64_t same_answers;      /* the evaluator's evaluations in this round with identical answers, this one included */
  const int *prev_vals;      /* the shop's answers in its previous round (same template), NULL when none */
  int64_t prev_eval_id;
  const evals_photo_match *photos; size_t nphotos;
  int has_signature;
  const evals_photo_match *sigs; size_t nsigs; /* the same signature image on other shops' evaluations */
  /* bureau data (-1 unknown, 0 no, 1 yes) */
  int has_orders;            /* any order in the period's monthly data */
  int price_ok;              /* a market check in the period found prices marked as required */
  int equipment;             /* the shops module's latest assessment records modern-terminal equipment */
} evals_subject;

typedef struct evals_flag { evals_flag_code code; evals_severity sev; char message[300]; json_t *evidence; } evals_flag;
typedef struct evals_flags { evals_flag *v; size_t n, cap; } evals_flags;
/* Runs the six checks on one evaluation; appends to out (evidence owned by out). 0 ok, -1 no memory. */
int evals_check(const evals_subject *s, const evals_settings *cfg, evals_flags *out);
void evals_flags_free(evals_flags *f);
/* The state after a (re)submission: 有疑点 when any flag is medium or high. */
int evals_flags_serious(const evals_flags *f);

/* The phone's clock against the server's: a submission may lie at most EVALS_MAX_SKEW_S ahead (clock skew) and at
 * most EVALS_MAX_AGE_S behind (a draft kept offline), opened no later than submitted and not longer before it.
 * -1 with the field at fault and a Chinese message. */
#define EVALS_MAX_SKEW_S 300
#define EVALS_MAX_AGE_S (7 * 86400)
int evals_times_check(int64_t opened, int64_t submitted, int64_t now, const char **field, char *msg, size_t msglen);

/* ---- review states (calc.c) ---- */
typedef enum { ES_SUBMITTED = 0, ES_FLAGGED, ES_RETURNED, ES_AMENDED, ES_APPROVED, ES_RECHECKED, ES__COUNT } evals_state;
typedef enum { EA_RESUBMIT = 0, EA_RETURN, EA_AMEND, EA_APPROVE, EA_RECHECK, EA_CHANGE, EA__COUNT } evals_action;
const char *evals_state_code(evals_state s);   /* "submitted" … */
const char *evals_state_name(evals_state s);   /* 已提交 有疑点 已退回 已修改 已通过 已复核 */
int evals_state_parse(const char *code);       /* code or Chinese name; -1 unknown */
const char *evals_action_code(evals_action a);
int evals_action_parse(const char *code);
/* The state after action a in s, -1 when refused. Resubmit and amend land on flagged/submitted by the flags: pass
 * serious (evals_flags_serious) for them. EA_CHANGE (a result changed after approval, with a reason) keeps the state. */
int evals_next(evals_state s, evals_action a, int serious);

/* ---- sampling (sample.c) ---- */
/* Marks in chosen[0..n) a reproducible sample of ids: max(1, ceil(pct/100 × n)) ids (none when n = 0), those whose
 * splitmix64(seed ^ id) is smallest — the same seed and ids always give the same sample, in any order of input. */
size_t evals_sample(const int64_t *ids, size_t n, uint64_t seed, double pct, unsigned char *chosen);
uint64_t evals_mix64(uint64_t x);
/* A re-check's deviation: |first − recheck| > tolerance. */
int evals_deviates(double first_total, double recheck_total, double tolerance);

/* ---- quality score (quality.c) ---- */
/* 100 − 40·flagged/submitted − 30·deviations/rechecked − 20·returned/submitted − 10·late/assigned, within 0..100,
 * rounded to one decimal. A share with a zero denominator counts 0. has = 0 when assigned and submitted are both 0. */
void evals_quality_compute(evals_quality *q);

/* ---- photos (exif.c, image.c) ---- */
typedef struct evals_exif { int has_time; char time[20]; int has_gps; double lng, lat; } evals_exif;
/* Reads DateTimeOriginal (or DateTime) and the GPS position from a JPEG's APP1 Exif segment. Never reads outside
 * data. 0 when the file is a JPEG (fields set when present), -1 when it is not a JPEG at all. */
int evals_exif_read(const unsigned char *data, size_t len, evals_exif *out);
typedef enum { EI_NONE = 0, EI_JPEG, EI_PNG } evals_image_type;
/* The type by magic bytes and the pixel size from the header (JPEG: first SOFn; PNG: IHDR), without decoding.
 * EI_NONE when not one of the two or the header is unreadable. */
evals_image_type evals_image_probe(const unsigned char *data, size_t len, int *w, int *h);
#define EVALS_PHOTO_MAX_BYTES ((size_t)4 << 20)   /* photos are shrunk in the browser; 4 MiB is generous */
#define EVALS_PHOTO_MAX_PIXELS (40000000LL)       /* 40 Mpx: refused before decoding (pixel bombs) */
#define EVALS_PHOTO_MAX_SIDE 12000
/* Decodes a JPEG (libjpeg-turbo, scaled down by the decoder) and computes its 64-bit dHash. 0 ok, -1 not decodable. */
int evals_jpeg_dhash(const unsigned char *data, size_t len, uint64_t *hash);
/* dHash of a grayscale image: resized (area average) to 9×8, one bit per horizontally adjacent pair (left > right). */
uint64_t evals_dhash_gray(const unsigned char *px, int w, int h, int stride);
int evals_hamming(uint64_t a, uint64_t b);
/* Near-duplicate search over n hashes (phindex.c): multi-index hashing, exact for maxd ≤ 11 (else it compares all).
 * h is borrowed and must outlive the index. query calls fn for every hash within maxd bits of q except index self
 * (pass (size_t)-1 for none), adds the hashes compared to *comparisons, and returns the number found. */
typedef struct evals_phindex evals_phindex;
typedef void (*evals_phindex_hit)(void *ctx, size_t i, int distance);
evals_phindex *evals_phindex_build(const uint64_t *h, size_t n);
size_t evals_phindex_query(evals_phindex *x, uint64_t q, int maxd, size_t self, evals_phindex_hit fn, void *ctx, uint64_t *comparisons);
void evals_phindex_free(evals_phindex *x);
/* A generated grayscale scene (w×h bytes) from a seed: demo photos, tests, bench. */
void evals_scene(uint64_t seed, int w, int h, unsigned char *px);
/* Encodes w×h pixels of comps (1 gray, 3 RGB) channels as a JPEG of the quality (1–100); *out malloc'd. 0 ok. */
int evals_jpeg_make(const unsigned char *px, int w, int h, int comps, int quality, unsigned char **out, size_t *len);

/* ---- market.c: the 市场检查 import reader (pure; fuzzed) ---- */
#define EVALS_MKT_NCOLS 4
typedef struct evals_market_row { size_t line; char license[64]; char date[11]; int price_ok; char note[200]; } evals_market_row;
typedef struct evals_market {
  evals_market_row *rows; size_t nrows; /* the valid rows */
  size_t total;                         /* data rows read (blank ones skipped) */
  json_t *errors;                       /* [{row, column, code, message}] */
} evals_market;
struct tab;
/* Reads 许可证号, 检查日期 (2026-03-05, 2026/3/5, 20260305), 明码标价 (合格/不合格, 是/否, 1/0…), 备注 (optional) by header.
 * -1 with err when a required column is missing; free with evals_market_free either way. */
int evals_market_read(const struct tab *t, evals_market *out, char *err, size_t errlen);
void evals_market_free(evals_market *m);
int evals_market_date(const char *s, char out[11]); /* normalised YYYY-MM-DD; 0 ok, -1 not a date */
int evals_market_verdict(const char *s);            /* 1 met, 0 not met, -1 unknown word */

/* ================= store and handlers ================= */
#ifndef EVALS_PURE_ONLY
#include "base/db.h"
#include "base/http.h"
#include "base/export.h"
#include "base/jv.h"
#include "org/org.h"

int evals_tx_begin(req *r);
int evals_tx_commit(req *r);
void evals_tx_fail(req *r);
void evals_today(char out[11]);           /* BUREAU_TODAY or the local date */
void evals_now(char out[20]);             /* the local time; its date follows BUREAU_TODAY when set */
int evals_settings_load(evals_settings *s); /* defaults overridden by eval_settings rows; 0 ok */

/* Assignment and evaluation scope: the shop's 所, the manager's 片区 or the manager himself (ORG scope ?1 ?2 ?3). */
#define EVALS_SCOPE(a) "(" ORG_SCOPE_SQL(a ".unit_id", a ".manager_id", 1, 2, 3) " OR " a ".team_id IN (SELECT value FROM json_each(?2)))"

/* ---- store_settings.c ---- */
/* Calls fn with every stored threshold (key, value); 0 ok, -1 database error. */
int evals_store_settings_each(int (*fn)(void *ctx, const char *key, double value), void *ctx);
int evals_store_setting_put(const char *key, double value, const char *at); /* insert or replace; 0 ok, -1 error */

/* ---- store_market.c ---- */
/* One 市场检查 record (inside the caller's transaction); 0 ok, -1 error. */
int evals_store_market_put(int64_t shop_id, const char *date, int price_ok, const char *note, int64_t user, const char *at);
/* What the shop's market checks dated within [from, to] found: 0 any found 明码标价 wanting, 1 all in order, -1 none, -2 error. */
int evals_store_market_price(int64_t shop_id, const char *from, const char *to);

/* ---- store_tpl.c ---- */
int64_t evals_tpl_current(void);                              /* id of the newest published template, 0 none */
const evals_tpl *evals_tpl_get(int64_t id, int *version);     /* parsed, cached per thread; NULL absent */
json_t *evals_store_templates(void);
int64_t evals_store_tpl_save_draft(const char *name, const char *body, int64_t user);
int evals_store_tpl_publish(int64_t id, const char *at, int *version);
json_t *evals_store_tpl_json(int64_t id);
json_t *evals_store_tpl_draft(void);                          /* NULL when there is no draft */
const char *evals_default_template(size_t *len);              /* data/evals-template.json as shipped */
/* Inserts a checked, canonical body as the next published version (inside the caller's transaction); its id, 0 on error. */
int64_t evals_store_tpl_publish_body(const char *name, const char *body, const char *at);
int evals_publish_default(void);                              /* the shipped form as the next version (own transaction); 0 ok */

/* ---- store_rounds.c ---- */
typedef struct evals_round_in {
  const char *name, *period;
  int64_t template_id;
  const int64_t *unit_ids; size_t nunits;
  const char *category, *area;
  int grade_min, grade_max, deadline_days;
  const char *start_date, *due_date;
} evals_round_in;
/* Creates the round and its assignments (one per active shop in scope, to the shop's manager). Returns the id, 0 on error;
 * *nshops counts the assignments. */
int64_t evals_store_round_create(const evals_round_in *in, int64_t user, const char *at, int64_t *nshops);
json_t *evals_store_round_json(int64_t id);
json_t *evals_store_round_json_scoped(req *r, int64_t id);    /* counts in the caller's scope */
int evals_store_urged(int64_t round_id, int64_t manager_id, const char *at);
char *evals_store_rounds_page(req *r, int64_t page_size, int64_t offset, const char *q, const char *status, size_t *len);
/* Completeness of a round per manager, per unit and for the county, in the caller's scope: {managers, units, county}. */
json_t *evals_store_round_progress(req *r, int64_t round_id, const char *today);
json_t *evals_store_assignment_json(req *r, int64_t id);      /* NULL when absent or out of scope */
int evals_store_assignments_page(req *r, int64_t round_id, int64_t manager_id, const char *state, const char *q,
                                 int64_t size, int64_t offset, char **text, size_t *len);
int evals_store_reassign(int64_t id, int64_t manager_id, int64_t team_id);
/* Managers with unfinished assignments of a round (in scope) for 催办: [{manager_id, name, pending}]. */
json_t *evals_store_round_laggards(req *r, int64_t round_id);
int evals_store_user_unit(int64_t user_id, int64_t *unit_id);

/* ---- store_evals.c ---- */
typedef struct evals_submit_in {
  int64_t assignment_id;
  const char *request_id;
  json_t *answers;
  const int *vals; size_t nvals;
  double total; int stars;
  const char *answers_key;
  evals_point at, at_open;
  const char *opened_at, *submitted_at, *received_at;
  const int64_t *photo_ids; size_t nphotos;
  int64_t signature_id;
  const char *note;
} evals_submit_in;
/* The stored evaluation of a request id by this user, 0 when none. */
int64_t evals_store_by_request(int64_t user, const char *request_id);
/* Inserts (or, for a returned one, replaces the answers of) the evaluation of an assignment; links the photos.
 * Returns the evaluation id, 0 on error, -2 when a photo or the signature is not the caller's unlinked upload, -3 when
 * the assignment already has an evaluation or this user already used the request id (a concurrent submission won). */
int64_t evals_store_submit(const evals_submit_in *in, int64_t user, int64_t existing_id);
json_t *evals_store_eval_json(int64_t id);                    /* with photos, flags, changes, rechecks, appeals */
int evals_store_eval_visible(req *r, int64_t id);
int evals_store_evals_page(req *r, json_t *filters, int64_t size, int64_t offset, int export_all, char **text, size_t *len, json_t **rows);
/* Loads the subject of the checks for an evaluation (arrays owned by *hold; free with evals_subject_free). 0 ok. */
typedef struct evals_subject_hold { int *vals, *prev; evals_neighbour nb[2]; evals_photo_match *ph, *sg; size_t nph, nsg; } evals_subject_hold;
int evals_store_subject(int64_t id, const evals_settings *cfg, evals_subject *s, evals_subject_hold *hold);
void evals_subject_free(evals_subject_hold *h);
/* Replaces the flags of an evaluation and sets its state from them when reset_state. 0 ok. */
int evals_store_flags_put(int64_t id, const evals_flags *f, const char *at);
int evals_store_set_state(int64_t id, evals_state st, const char *reason, const char *at);
int evals_store_change(int64_t id, int64_t user, const char *kind, const char *reason, json_t *before, json_t *after, const char *at);
/* Sets serious/submitted state from the flags for an evaluation still waiting for review. */
int evals_store_restate(int64_t id, int serious);
int evals_store_update_answers(int64_t id, json_t *answers, double total, int stars, const char *key);
/* Every evaluation id (batch checks), in id order. */
int evals_store_all_ids(int64_t **ids, size_t *n);

/* Loads, checks and stores the flags of one evaluation (inside the caller's transaction); *serious says whether any
 * flag is medium or high. 0 ok. */
int evals_check_run(int64_t id, const evals_settings *cfg, const char *at, int *serious);
json_t *evals_settings_json(const evals_settings *cfg);

/* The batch: every evaluation's checks again, near-duplicate photos found through the index; each evaluation still
 * in 已提交/有疑点 takes the state its flags give. counts[code] counts flags; 0 ok. */
typedef struct evals_batch_stats { int64_t evaluations, flagged, photos; uint64_t comparisons; int64_t counts[EV__COUNT]; double seconds; } evals_batch_stats;
int evals_batch_check(evals_batch_stats *st, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx);

/* ---- store_photos.c ---- */
int64_t evals_store_photo_add(const char *sha, size_t size, const char *type, int w, int h, int has_hash, uint64_t dhash, const evals_exif *ex,
                              const char *kind, int64_t user, const char *at);
json_t *evals_store_photo_json(int64_t id);
/* 1 found (sha, size, type, its evaluation or 0, uploader), 0 none, -1 error. */
int evals_store_photo_file(int64_t id, char sha[65], size_t *size, char type[8], int64_t *eval_id, int64_t *uploader);
/* Photos of an evaluation's shop or round elsewhere with equal content or a near dHash (checks 3 and 6). */
int evals_store_photo_matches(int64_t eval_id, const char *kind, int phash_max, evals_photo_match **out, size_t *n);
/* Every photo with a hash and an evaluation, in evaluation order: ids, hashes, their evaluation, shop and round.
 * Arrays malloc'd (caller frees). 0 ok. */
typedef struct evals_photo_set { size_t n; int64_t *id, *eval, *shop, *round; uint64_t *hash; } evals_photo_set;
int evals_store_photo_hashes(evals_photo_set *out);
void evals_photo_set_free(evals_photo_set *p);

/* ---- store_review.c ---- */
int evals_store_recheck_pick(int64_t round_id, const evals_settings *cfg, const char *at, int64_t *picked);
json_t *evals_store_recheck_json(int64_t id);
int evals_store_recheck_done(int64_t id, int64_t user, json_t *answers, double total, double diff, int deviation, const char *at);
json_t *evals_store_rechecks(req *r, int64_t round_id, const char *status);
int64_t evals_store_appeal_add(int64_t eval_id, const char *by_kind, int64_t user, const char *reason, const char *at);
int evals_store_appeal_pending(int64_t eval_id);              /* pending appeals of an evaluation, -1 error */
json_t *evals_store_appeal_json(int64_t id);
int evals_store_appeal_decide(int64_t id, const char *decision, const char *note, int64_t user, const char *at);
json_t *evals_store_appeals(req *r, const char *status);
json_t *evals_store_quality(req *r, int64_t round_id, const char *today);
int evals_store_quality_feed(int64_t unit_id, const char *month, double *out);
json_t *evals_store_shop_history(req *r, int64_t shop_id);
json_t *evals_store_distribution(req *r, int64_t round_id, const char *by);
int64_t evals_store_latest_result(int64_t shop_id);
json_t *evals_store_owner_results(int64_t shop_id);

void evals_quality_routes(void);
void evals_templates_routes(void);
void evals_rounds_routes(void);
void evals_evals_routes(void);
void evals_photos_routes(void);
void evals_review_routes(void);
void evals_market_routes(void);
#endif
#endif
