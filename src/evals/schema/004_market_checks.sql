-- evals 004: 市场检查 records (shop, date, whether 明码标价 was found in order), imported from the inspectors' sheets
-- (POST /api/v1/evals/market-checks/import), so check 5 can compare a 明码标价 rating with the checks of its period.
-- One record per shop and day; a later import of the same day replaces it.
CREATE TABLE eval_market_checks (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL,
  check_date TEXT NOT NULL,
  price_ok INTEGER NOT NULL CHECK (price_ok IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  imported_by INTEGER,
  imported_at TEXT NOT NULL,
  UNIQUE (shop_id, check_date)
);
