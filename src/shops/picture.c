/* picture.c — the county's picture (全县画像): level distribution by unit, 业态, 档位 and 城乡; movement between two
 * dates; the shops most in need of help per customer manager; each manager's coverage; the GPS scatter. All within the
 * caller's data scope; each table exportable as XLSX/CSV. */
#include "shops/internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The level names of the current template, lowest first, then the two groups without a level: 数据不足 (assessed, too
 * little scored for a level) and 未检测 (never assessed). */
#define PIC_NOLEVEL 2
static json_t *level_names(void) {
  json_t *a = json_array();
  const shops_tpl *t = shops_template_get(shops_current_template(), NULL);
  for (size_t l = 0; t && l < t->nlevels; l++) json_array_append_new(a, json_string(t->levels[l].name));
  json_array_append_new(a, json_string("数据不足"));
  json_array_append_new(a, json_string("未检测"));
  return a;
}

static int level_rank(json_t *names, const char *lv) {
  size_t i;
  json_t *v;
  if (!lv || !*lv) return -1;
  json_array_foreach(names, i, v) if (!strcmp(json_string_value(v), lv)) return (int)i;
  return -1;
}

static int export_fmt(req *r) {
  const char *f = http_query(r, "format");
  return !f ? 0 : !strcmp(f, "xlsx") ? EXPORT_XLSX : !strcmp(f, "csv") ? EXPORT_CSV : -1;
}

/* Sends items with columns: the group, then one column per level, then total and average score. */
static void send_dist(req *r, int fmt, const char *title, const char *group_title, json_t *levels, json_t *items) {
  size_t nl = json_array_size(levels);
  export_col *cols = req_own(r, calloc(nl + 3, sizeof *cols));
  cols[0] = (export_col){group_title, "name", 0};
  for (size_t i = 0; i < nl; i++) {
    const char *n = json_string_value(json_array_get(levels, i));
    cols[i + 1] = (export_col){n, req_printf(r, "n_%zu", i), 1};
  }
  cols[nl + 1] = (export_col){"合计", "total", 1};
  cols[nl + 2] = (export_col){"平均分", "avg", 1};
  size_t k;
  json_t *it;
  json_array_foreach(items, k, it) {
    json_t *c = json_object_get(it, "counts");
    for (size_t i = 0; i < nl; i++) json_object_set(it, req_printf(r, "n_%zu", i), json_object_get(c, json_string_value(json_array_get(levels, i))));
  }
  export_send(r, fmt, title, cols, nl + 3, items, org_caller(r)->name);
}

static const char *const group_keys[] = {"unit", "category", "grade", "area"};
static const char *const group_titles[] = {"单位", "业态", "档位", "城乡"};

/* One group of one distribution: its sort position, key and name, and per level the count and the scored shops' sum. */
#define PIC_MAXLV 16
typedef struct pic_grp {
  int64_t sort, key;
  char name[96];
  int64_t n[PIC_MAXLV], scored[PIC_MAXLV];
  double ssum[PIC_MAXLV];
} pic_grp;
typedef struct pic_dist { pic_grp *g; size_t n, cap; } pic_dist;

static pic_grp *grp_of(pic_dist *d, int64_t sort, int64_t key, const char *name) {
  for (size_t i = 0; i < d->n; i++)
    if (d->g[i].key == key && !strcmp(d->g[i].name, name)) return &d->g[i];
  if (d->n == d->cap) {
    size_t nc = d->cap ? d->cap * 2 : 16;
    pic_grp *ng = realloc(d->g, nc * sizeof *ng);
    if (!ng) return NULL;
    d->g = ng;
    d->cap = nc;
  }
  pic_grp *g = &d->g[d->n++];
  memset(g, 0, sizeof *g);
  g->sort = sort;
  g->key = key;
  snprintf(g->name, sizeof g->name, "%s", name);
  return g;
}
static int grp_cmp(const void *a, const void *b) {
  const pic_grp *x = a, *y = b;
  if (x->sort != y->sort) return x->sort < y->sort ? -1 : 1;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return strcmp(x->name, y->name);
}

typedef struct dist_ctx { json_t *levels; pic_dist d[4]; } dist_ctx;
static int dist_row(void *ctx, const shops_pic_row *p) {
  dist_ctx *c = ctx;
  const char *lv = *p->level ? p->level : "未检测";
  int li = level_rank(c->levels, lv);
  if (li < 0) {
    /* a level of an older template version: counted under its own name, before 数据不足 and 未检测 */
    json_array_insert_new(c->levels, json_array_size(c->levels) - PIC_NOLEVEL, json_string(lv));
    li = level_rank(c->levels, lv);
  }
  if (li < 0 || li >= PIC_MAXLV) return -1;
  char band[32];
  snprintf(band, sizeof band, "%lld–%lld档", (long long)(p->band * 5 + 1), (long long)(p->band * 5 + 5));
  int rural = !strcmp(p->area, "乡村");
  pic_grp *g[4] = {grp_of(&c->d[0], p->unit_sort, p->unit_id, p->unit_name), grp_of(&c->d[1], p->category_sort, p->category_sort, p->category),
                   grp_of(&c->d[2], p->band, p->band, band), grp_of(&c->d[3], rural, rural, p->area)};
  for (int k = 0; k < 4; k++) {
    if (!g[k]) return -1;
    g[k]->n[li] += p->n;
    g[k]->scored[li] += p->scored;
    g[k]->ssum[li] += p->score_sum;
  }
  return 0;
}

/* All four distributions in one pass over shop_picture, the running totals of active shops kept by triggers in every
 * writer's transaction (schema 002, 004): a few thousand rows instead of every shop, never behind the shops table. The
 * data scope is the shops' own. levels gains any level no longer in the template. Fills out[0..3] (new references); -1 on error. */
static int dists(req *r, json_t *levels, json_t *out[4]) {
  dist_ctx c = {levels, {{0}}};
  int fail = shops_store_picture_rows(r, dist_row, &c) != 0;
  pic_dist *d = c.d;
  size_t nl = json_array_size(levels);
  for (int k = 0; k < 4; k++) {
    out[k] = NULL;
    if (!fail) {
      qsort(d[k].g, d[k].n, sizeof *d[k].g, grp_cmp);
      out[k] = json_array();
      for (size_t i = 0; i < d[k].n; i++) {
        pic_grp *g = &d[k].g[i];
        json_t *counts = json_object();
        int64_t total = 0, wn = 0;
        double wsum = 0;
        for (size_t l = 0; l < nl; l++) {
          json_object_set_new(counts, json_string_value(json_array_get(levels, l)), json_integer(g->n[l]));
          total += g->n[l];
          /* each level's average weighted by its shop count; 数据不足 counts no scored shop (schema 004), so its partial
           * scores stay out of the average */
          if (g->scored[l]) { wsum += g->ssum[l] / (double)g->scored[l] * (double)g->n[l]; wn += g->n[l]; }
        }
        json_array_append_new(out[k], json_pack("{s:I,s:s,s:o,s:I,s:o}", "key", (json_int_t)g->key, "name", g->name, "counts", counts, "total", (json_int_t)total,
                                                "avg", wn ? json_real(round(wsum / (double)wn * 10) / 10) : json_null()));
      }
    }
    free(d[k].g);
  }
  if (fail) return -1;
  return 0;
}

/* GET /shops/picture[?by=unit|category|grade|area&format=xlsx] */
static void h_picture(req *r) {
  int fmt = export_fmt(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "导出格式只能是 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  const char *by = http_query(r, "by");
  int g = -1;
  for (int i = 0; by && *by && i < 4; i++)
    if (!strcmp(by, group_keys[i])) g = i;
  if (by && *by && g < 0) { http_error(r, ERR_BAD_QUERY, "by", "by 应为 unit、category、grade、area 之一"); return; }
  if (fmt && g < 0) { http_error(r, ERR_BAD_QUERY, "by", "导出时 by 应为 unit、category、grade、area 之一"); return; }
  json_t *levels = level_names(), *d[4];
  if (dists(r, levels, d)) { json_decref(levels); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (fmt) {
    send_dist(r, fmt, req_printf(r, "全县画像_按%s", group_titles[g]), group_titles[g], levels, d[g]);
    for (int i = 0; i < 4; i++) json_decref(d[i]);
    json_decref(levels);
    return;
  }
  json_t *out = json_pack("{s:o}", "levels", levels);
  for (int i = 0; i < 4; i++) json_object_set_new(out, group_keys[i], d[i]);
  http_json(r, 200, out);
}

static int q_date(req *r, const char *key, const char **out) {
  const char *v = http_query(r, key);
  int y, m, d;
  char tail;
  *out = NULL;
  if (!v || !*v) { http_error(r, ERR_BAD_QUERY, key, "缺少 %s（YYYY-MM-DD）", key); return -1; }
  if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
    http_error(r, ERR_BAD_QUERY, key, "%s 应为 YYYY-MM-DD 格式的日期", key);
    return -1;
  }
  *out = v;
  return 0;
}

typedef struct move_ctx { json_t *levels; size_t nl; int64_t *m, up, down, same, newly, none, up2; } move_ctx;
static void move_row(void *ctx, const char *la, const char *lb) {
  move_ctx *c = ctx;
  int a = level_rank(c->levels, la), b = level_rank(c->levels, lb);
  if (b < 0) { c->none++; return; }
  if (a < 0) { c->newly++; return; }
  c->m[(size_t)a * c->nl + (size_t)b]++;
  if (b > a) { c->up++; if (b - a >= 2) c->up2++; }
  else if (b < a) c->down++;
  else c->same++;
}

/* GET /shops/picture/movement?from=&to= — each shop's level as of the end of both days (visits and batch, not 自测). */
static void h_movement(req *r) {
  const char *from, *to;
  if (q_date(r, "from", &from) || q_date(r, "to", &to)) return;
  if (strcmp(from, to) > 0) { http_error(r, ERR_BAD_QUERY, "to", "结束日期不能早于开始日期"); return; }
  if (!org_caller_scope(r)) return;
  json_t *levels = level_names();
  size_t nl = json_array_size(levels);
  move_ctx c = {levels, nl, calloc(nl * nl, sizeof(int64_t)), 0, 0, 0, 0, 0, 0};
  if (!c.m || shops_store_levels_at(r, from, to, move_row, &c)) { free(c.m); json_decref(levels); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  int64_t *m = c.m, up = c.up, down = c.down, same = c.same, newly = c.newly, none = c.none, up2 = c.up2;
  json_t *matrix = json_array();
  for (size_t a = 0; m && a + PIC_NOLEVEL < nl; a++) {
    json_t *row = json_array();
    for (size_t b = 0; b + PIC_NOLEVEL < nl; b++) json_array_append_new(row, json_integer(m[a * nl + b]));
    json_array_append_new(matrix, row);
  }
  free(m);
  /* 数据不足 and 未检测 are not levels to move between */
  json_array_remove(levels, nl - 1);
  json_array_remove(levels, nl - 2);
  http_json(r, 200, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "from", from, "to", to, "up", (json_int_t)up, "up_two_or_more", (json_int_t)up2,
                              "down", (json_int_t)down, "same", (json_int_t)same, "newly_assessed", (json_int_t)newly, "not_assessed", (json_int_t)none,
                              "levels", levels, "matrix", matrix));
}

/* GET /shops/picture/needs?per=3 — per customer manager, his lowest-scoring active shops with their weakest item. */
static void h_needs(req *r) {
  const char *p = http_query(r, "per");
  int per = p && *p ? atoi(p) : 3;
  if (per < 1 || per > 20) { http_error(r, ERR_BAD_QUERY, "per", "per 应为 1–20"); return; }
  int fmt = export_fmt(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "导出格式只能是 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  json_t *items = shops_store_needs(r, per);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (fmt) {
    static const export_col cols[] = {{"片区", "unit_name", 0}, {"客户经理", "manager_name", 0}, {"许可证号", "license_no", 0}, {"店名", "shop_name", 0},
                                      {"得分", "score", 1}, {"等级", "level", 0}, {"最弱项", "weakest", 0}, {"建议", "advice", 0}, {"检测时间", "assessed_at", 0}};
    export_send(r, fmt, "最需要帮助的零售户", cols, sizeof cols / sizeof cols[0], items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* GET /shops/picture/coverage?days=30 — per customer manager: active shops, shops visited in the last N days, rate. */
static void h_coverage(req *r) {
  const char *d = http_query(r, "days");
  int days = d && *d ? atoi(d) : 30;
  if (days < 1 || days > 3660) { http_error(r, ERR_BAD_QUERY, "days", "days 应为 1–3660"); return; }
  int fmt = export_fmt(r);
  if (fmt < 0) { http_error(r, ERR_BAD_QUERY, "format", "导出格式只能是 xlsx 或 csv"); return; }
  if (!org_caller_scope(r)) return;
  char now[20];
  org_now(now);
  json_t *items = shops_store_coverage(r, now, days);
  if (!items) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (fmt) {
    static const export_col cols[] = {{"片区", "unit_name", 0}, {"客户经理", "manager_name", 0}, {"在营户数", "shops", 1}, {"已走访户数", "visited", 1}, {"覆盖率(%)", "rate", 1}};
    export_send(r, fmt, req_printf(r, "客户经理走访覆盖_近%d天", days), cols, 5, items, org_caller(r)->name);
    json_decref(items);
    return;
  }
  http_json(r, 200, json_pack("{s:o,s:I,s:i}", "items", items, "total", (json_int_t)json_array_size(items), "days", days));
}

/* GET /shops/map — [[lng, lat, level, id, name], …] for the scatter chart (no map tiles). */
static void h_map(req *r) {
  if (!org_caller_scope(r)) return;
  size_t len;
  char *txt = shops_store_map(r, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/shops/picture", "shops:picture:view", h_picture, 0},
  {HTTP_GET, "/api/v1/shops/picture/movement", "shops:picture:view", h_movement, 0},
  {HTTP_GET, "/api/v1/shops/picture/needs", "shops:picture:view", h_needs, 0},
  {HTTP_GET, "/api/v1/shops/picture/coverage", "shops:picture:view", h_coverage, 0},
  {HTTP_GET, "/api/v1/shops/map", "shops:shop:list", h_map, 0},
};
void shops_picture_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
