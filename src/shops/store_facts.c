/* store_facts.c — what the shops module tells the year's review (年度总结): the year's assessments over a unit's
 * subtree (visits, shops assessed) and how each assessed shop's level moved between its first and last assessment
 * of the year (a changed level with a higher total counts as up). No caller scope: report checks the unit first. */
#include "shops/internal.h"

int shops_store_facts_year(int year, int64_t unit_id, int64_t *visits, int64_t *shops, int64_t *up, int64_t *down) {
  db_stmt *s = db_prepare(
      "WITH a AS (SELECT a.shop_id, a.total, a.level, a.assessed_at, a.id FROM shop_assessments a JOIN shops s ON s.id = a.shop_id"
      "  WHERE substr(a.assessed_at, 1, 4) = printf('%04d', ?1) AND a.level IS NOT NULL"
      "  AND (?2 = 0 OR s.unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE (SELECT path FROM units WHERE id = ?2) || '%'))),"
      " e AS (SELECT shop_id, count(*) AS n,"
      "  (SELECT level FROM a x WHERE x.shop_id = a.shop_id ORDER BY assessed_at, id LIMIT 1) AS l0,"
      "  (SELECT total FROM a x WHERE x.shop_id = a.shop_id ORDER BY assessed_at, id LIMIT 1) AS t0,"
      "  (SELECT level FROM a x WHERE x.shop_id = a.shop_id ORDER BY assessed_at DESC, id DESC LIMIT 1) AS l1,"
      "  (SELECT total FROM a x WHERE x.shop_id = a.shop_id ORDER BY assessed_at DESC, id DESC LIMIT 1) AS t1 FROM a GROUP BY shop_id)"
      " SELECT COALESCE(sum(n), 0), count(*), COALESCE(sum(l0 <> l1 AND t1 > t0), 0), COALESCE(sum(l0 <> l1 AND t1 < t0), 0) FROM e");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_int(s, 2, unit_id);
  int rc = -1;
  if (db_step(s) == DB_ROW) {
    *visits = db_col_int(s, 0), *shops = db_col_int(s, 1), *up = db_col_int(s, 2), *down = db_col_int(s, 3);
    rc = 0;
  }
  db_reset(s);
  return rc;
}
