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

/* All four distributions in one pass over shop_picture, the running totals of active shops kept by triggers in every
 * writer's transaction (schema 002): a few thousand rows instead of every shop, never behind the shops table. The data
 * scope is the shops' own (SHOP_SCOPE on unit_id and manager_id). levels gains any level no longer in the template.
 * Fills out[0..3] (new references); -1 on error. */
static int dists(req *r, json_t *levels, json_t *out[4]) {
  db_stmt *s = db_prepare("SELECT s.unit_id, u.name, u.sort, s.category, coalesce(c.sort, 0), s.band, s.area, s.level, s.n, s.scored, s.score_sum"
                          " FROM shop_picture s JOIN units u ON u.id = s.unit_id LEFT JOIN shop_categories c ON c.name = s.category WHERE " SHOP_SCOPE);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  pic_dist d[4] = {{0}};
  int fail = 0;
  while (!fail && db_step(s) == DB_ROW) {
    const char *lv = *db_col_text(s, 7) ? db_col_text(s, 7) : "未检测";
    int li = level_rank(levels, lv);
    if (li < 0) {
      /* a level of an older template version: counted under its own name, before 数据不足 and 未检测 */
      json_array_insert_new(levels, json_array_size(levels) - PIC_NOLEVEL, json_string(lv));
      li = level_rank(levels, lv);
    }
    if (li < 0 || li >= PIC_MAXLV) { fail = 1; break; }
    char band[32];
    int64_t b = db_col_int(s, 5);
    snprintf(band, sizeof band, "%lld–%lld档", (long long)(b * 5 + 1), (long long)(b * 5 + 5));
    const char *area = db_col_text(s, 6);
    pic_grp *g[4] = {grp_of(&d[0], db_col_int(s, 2), db_col_int(s, 0), db_col_text(s, 1)),
                     grp_of(&d[1], db_col_int(s, 4), db_col_int(s, 4), db_col_text(s, 3)),
                     grp_of(&d[2], b, b, band),
                     grp_of(&d[3], !strcmp(area, "乡村"), !strcmp(area, "乡村"), area)};
    int64_t n = db_col_int(s, 8), scored = db_col_int(s, 9);
    double ssum = db_col_double(s, 10);
    for (int k = 0; k < 4; k++) {
      if (!g[k]) { fail = 1; break; }
      g[k]->n[li] += n;
      g[k]->scored[li] += scored;
      g[k]->ssum[li] += ssum;
    }
  }
  db_reset(s);
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
  for (int i = 0; fmt && i < 4; i++)
    if (by && !strcmp(by, group_keys[i])) g = i;
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

/* GET /shops/picture/movement?from=&to= — each shop's level as of the end of both days (visits and batch, not 自测). */
static void h_movement(req *r) {
  const char *from, *to;
  if (q_date(r, "from", &from) || q_date(r, "to", &to)) return;
  if (strcmp(from, to) > 0) { http_error(r, ERR_BAD_QUERY, "to", "结束日期不能早于开始日期"); return; }
  if (!org_caller_scope(r)) return;
  json_t *levels = level_names();
  size_t nl = json_array_size(levels);
  db_stmt *s = db_prepare("SELECT (SELECT a.level FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind <> '自测' AND a.assessed_at <= ?4 || ' 23:59:59'"
                          "   ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1),"
                          " (SELECT a.level FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind <> '自测' AND a.assessed_at <= ?5 || ' 23:59:59'"
                          "   ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1) FROM shops s WHERE s.status = '正常' AND " SHOP_SCOPE);
  if (!s) { json_decref(levels); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  int64_t up = 0, down = 0, same = 0, newly = 0, none = 0, up2 = 0;
  int64_t *m = calloc(nl * nl, sizeof *m);
  while (m && db_step(s) == DB_ROW) {
    int a = level_rank(levels, db_col_is_null(s, 0) ? NULL : db_col_text(s, 0)), b = level_rank(levels, db_col_is_null(s, 1) ? NULL : db_col_text(s, 1));
    if (b < 0) { none++; continue; }
    if (a < 0) { newly++; continue; }
    m[(size_t)a * nl + (size_t)b]++;
    if (b > a) { up++; if (b - a >= 2) up2++; }
    else if (b < a) down++;
    else same++;
  }
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
  db_stmt *s = db_prepare("SELECT json_object('manager_id', x.manager_id, 'manager_name', x.manager_name, 'unit_name', x.unit_name, 'shop_id', x.id,"
                          " 'shop_name', x.name, 'license_no', x.license_no, 'score', x.score, 'level', x.level, 'assessed_at', x.assessed_at,"
                          " 'weakest', (SELECT group_concat(w.value ->> 'name', '、') FROM shop_assessments a, json_each(a.result, '$.weakest') w WHERE a.id = x.last_assessment_id),"
                          " 'advice', (SELECT w.value ->> 'advice' FROM shop_assessments a, json_each(a.result, '$.weakest') w WHERE a.id = x.last_assessment_id LIMIT 1))"
                          " FROM (SELECT s.*, m.name AS manager_name, u.name AS unit_name,"
                          "   row_number() OVER (PARTITION BY s.manager_id ORDER BY s.score, s.id) AS rn"
                          "   FROM shops s JOIN users m ON m.id = s.manager_id JOIN units u ON u.id = m.unit_id"
                          "   WHERE s.status = '正常' AND s.score IS NOT NULL AND " SHOP_SCOPE ") x WHERE x.rn <= ?4 ORDER BY x.unit_name, x.manager_name, x.rn");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, per);
  json_t *items = dbj_rows_text(s);
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
  db_stmt *s = db_prepare("SELECT json_object('manager_id', m.id, 'manager_name', m.name, 'unit_name', u.name, 'shops', count(*),"
                          " 'visited', sum(EXISTS (SELECT 1 FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' AND a.assessed_at >= datetime(?4, '-' || ?5 || ' days'))),"
                          " 'rate', round(100.0 * sum(EXISTS (SELECT 1 FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' AND a.assessed_at >= datetime(?4, '-' || ?5 || ' days'))) / count(*), 1))"
                          " FROM shops s JOIN users m ON m.id = s.manager_id JOIN units u ON u.id = m.unit_id"
                          " WHERE s.status = '正常' AND " SHOP_SCOPE " GROUP BY m.id ORDER BY u.sort, m.name");
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, now);
  db_bind_int(s, 5, days);
  json_t *items = dbj_rows_text(s);
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
#define MAP_WHERE " FROM shops s WHERE s.status = '正常' AND s.lng IS NOT NULL AND s.lat IS NOT NULL AND " SHOP_SCOPE
  db_stmt *c = db_prepare("SELECT count(*)" MAP_WHERE);
  if (!c) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, c, 1);
  int64_t total = db_step(c) == DB_ROW ? db_col_int(c, 0) : 0;
  db_reset(c);
  db_stmt *s = db_prepare("SELECT json_array(s.lng, s.lat, CASE WHEN s.level IS NOT NULL THEN s.level WHEN s.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '未检测' END, s.id, s.name)" MAP_WHERE " ORDER BY s.id");
#undef MAP_WHERE
  if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  org_scope_bind(r, s, 1);
  size_t len;
  char *txt = dbj_page_text(s, total, &len);
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
