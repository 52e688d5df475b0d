/* store_market.c — 市场检查 records: one per shop and day (an import of the same day replaces it), and what a period's
 * checks found about a shop's 明码标价 for check 5. */
#include "evals/internal.h"

int evals_store_market_put(int64_t shop_id, const char *date, int price_ok, const char *note, int64_t user, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO eval_market_checks(shop_id, check_date, price_ok, note, imported_by, imported_at) VALUES(?,?,?,?,?,?)"
                          " ON CONFLICT(shop_id, check_date) DO UPDATE SET price_ok = excluded.price_ok, note = excluded.note,"
                          " imported_by = excluded.imported_by, imported_at = excluded.imported_at");
  if (!s) return -1;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, date);
  db_bind_int(s, 3, price_ok);
  db_bind_text(s, 4, note);
  db_bind_int(s, 5, user);
  db_bind_text(s, 6, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}

int evals_store_market_price(int64_t shop_id, const char *from, const char *to) {
  db_stmt *s = db_prepare("SELECT count(*), min(price_ok) FROM eval_market_checks WHERE shop_id = ? AND check_date BETWEEN ? AND ?");
  if (!s) return -2;
  db_bind_int(s, 1, shop_id);
  db_bind_text(s, 2, from);
  db_bind_text(s, 3, to);
  int rc = -2;
  if (db_step(s) == DB_ROW) rc = db_col_int(s, 0) ? (int)db_col_int(s, 1) : -1;
  db_reset(s);
  return rc;
}
