/* store_workbench.c — what the 工作台's 零售户 cards read: open shops in the caller's scope not yet visited this month
 * (never assessed first, then the longest ago), and the assessed shops with the lowest scores. */
#include "shops/internal.h"

#define WB_COLS "s.id, s.name, s.address, s.grade, s.category, s.level, s.score, substr(COALESCE(s.assessed_at, ''), 1, 10) AS assessed_on"

json_t *shops_store_wb_to_visit(req *r, const char *month_start, int limit, int64_t *total, int64_t *open) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT COALESCE(sum(s.assessed_at IS NULL OR s.assessed_at < ?4), 0), count(*) FROM shops s WHERE s.status = '正常' AND " SHOP_SCOPE);
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, month_start);
  *total = *open = -1;
  if (db_step(s) == DB_ROW) { *total = db_col_int(s, 0); *open = db_col_int(s, 1); }
  db_reset(s);
  if (*total < 0) return NULL;
  s = db_prepare("SELECT " WB_COLS " FROM shops s WHERE s.status = '正常' AND (s.assessed_at IS NULL OR s.assessed_at < ?4) AND " SHOP_SCOPE
                 " ORDER BY s.assessed_at IS NOT NULL, s.assessed_at, s.id LIMIT ?5");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_text(s, 4, month_start);
  db_bind_int(s, 5, limit);
  return dbj_rows(s);
}

json_t *shops_store_wb_need(req *r, int limit) {
  if (!org_caller_scope(r)) return NULL;
  db_stmt *s = db_prepare("SELECT " WB_COLS " FROM shops s WHERE s.status = '正常' AND s.score IS NOT NULL AND " SHOP_SCOPE
                          " ORDER BY s.score, s.id LIMIT ?4");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, limit);
  return dbj_rows(s);
}
