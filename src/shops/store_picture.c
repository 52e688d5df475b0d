/* store_picture.c — all SQL of the county picture: the running totals of shop_picture, each shop's level at two dates,
 * the shops most in need per manager, each manager's visit coverage and the GPS points. Every read applies the caller's
 * data scope (SHOP_SCOPE). */
#include "shops/internal.h"
#include <stdio.h>
#include <string.h>

int shops_store_picture_rows(req *r, int (*row)(void *ctx, const shops_pic_row *p), void *ctx) {
  db_stmt *s = db_prepare("SELECT s.unit_id, u.name, u.sort, s.category, coalesce(c.sort, 0), s.band, s.area, s.level, s.n, s.scored, s.score_sum"
                          " FROM shop_picture s JOIN units u ON u.id = s.unit_id LEFT JOIN shop_categories c ON c.name = s.category WHERE " SHOP_SCOPE);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  int rc = 0;
  while (!rc && db_step(s) == DB_ROW) {
    shops_pic_row p = {db_col_int(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_text(s, 3), db_col_int(s, 4), db_col_int(s, 5),
                       db_col_text(s, 6), db_col_text(s, 7), db_col_int(s, 8), db_col_int(s, 9), db_col_double(s, 10)};
    rc = row(ctx, &p);
  }
  db_reset(s);
  return rc;
}

int shops_store_levels_at(req *r, const char *from, const char *to, void (*row)(void *ctx, const char *a, const char *b), void *ctx) {
  db_stmt *s = db_prepare("SELECT (SELECT a.level FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind <> '自测' AND a.assessed_at <= ?4 || ' 23:59:59'"
                          "   ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1),"
                          " (SELECT a.level FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind <> '自测' AND a.assessed_at <= ?5 || ' 23:59:59'"
                          "   ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1) FROM shops s WHERE s.status = '正常' AND " SHOP_SCOPE);
  if (!s) return -1;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, from);
  db_bind_text(s, 5, to);
  while (db_step(s) == DB_ROW) row(ctx, db_col_is_null(s, 0) ? NULL : db_col_text(s, 0), db_col_is_null(s, 1) ? NULL : db_col_text(s, 1));
  return 0;
}

json_t *shops_store_needs(req *r, int per) {
  db_stmt *s = db_prepare("SELECT json_object('manager_id', x.manager_id, 'manager_name', x.manager_name, 'unit_name', x.unit_name, 'shop_id', x.id,"
                          " 'shop_name', x.name, 'license_no', x.license_no, 'score', x.score, 'level', x.level, 'assessed_at', x.assessed_at,"
                          " 'weakest', (SELECT group_concat(w.value ->> 'name', '、') FROM shop_assessments a, json_each(a.result, '$.weakest') w WHERE a.id = x.last_assessment_id),"
                          " 'advice', (SELECT w.value ->> 'advice' FROM shop_assessments a, json_each(a.result, '$.weakest') w WHERE a.id = x.last_assessment_id LIMIT 1))"
                          " FROM (SELECT s.*, m.name AS manager_name, u.name AS unit_name,"
                          "   row_number() OVER (PARTITION BY s.manager_id ORDER BY s.score, s.id) AS rn"
                          "   FROM shops s JOIN users m ON m.id = s.manager_id JOIN units u ON u.id = m.unit_id"
                          "   WHERE s.status = '正常' AND s.score IS NOT NULL AND " SHOP_SCOPE ") x WHERE x.rn <= ?4 ORDER BY x.unit_name, x.manager_name, x.rn");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, per);
  return dbj_rows_text(s);
}

json_t *shops_store_coverage(req *r, const char *now, int days) {
  db_stmt *s = db_prepare("SELECT json_object('manager_id', m.id, 'manager_name', m.name, 'unit_name', u.name, 'shops', count(*),"
                          " 'visited', sum(EXISTS (SELECT 1 FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' AND a.assessed_at >= datetime(?4, '-' || ?5 || ' days'))),"
                          " 'rate', round(100.0 * sum(EXISTS (SELECT 1 FROM shop_assessments a WHERE a.shop_id = s.id AND a.kind = '走访' AND a.assessed_at >= datetime(?4, '-' || ?5 || ' days'))) / count(*), 1))"
                          " FROM shops s JOIN users m ON m.id = s.manager_id JOIN units u ON u.id = m.unit_id"
                          " WHERE s.status = '正常' AND " SHOP_SCOPE " GROUP BY m.id ORDER BY u.sort, m.name");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, now);
  db_bind_int(s, 5, days);
  return dbj_rows_text(s);
}

char *shops_store_map(req *r, size_t *len) {
#define MAP_WHERE " FROM shops s WHERE s.status = '正常' AND s.lng IS NOT NULL AND s.lat IS NOT NULL AND " SHOP_SCOPE
  db_stmt *c = db_prepare("SELECT count(*)" MAP_WHERE);
  if (!c) return NULL;
  org_scope_bind(r, c, 1);
  int64_t total = db_step(c) == DB_ROW ? db_col_int(c, 0) : 0;
  db_reset(c);
  db_stmt *s = db_prepare("SELECT json_array(s.lng, s.lat, CASE WHEN s.level IS NOT NULL THEN s.level WHEN s.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '未检测' END, s.id, s.name)"
                          MAP_WHERE " ORDER BY s.id");
#undef MAP_WHERE
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  return dbj_page_text(s, total, len);
}
