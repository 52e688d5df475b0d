-- shops 003: monthly data as one row per month and shop, keyed month first. Keyed (shop, month, metric), a month's import
-- added 8 rows inside every shop's range and so rewrote nearly every page of the table (200,000 shops: ~800 MB through
-- the WAL); now a new month is appended at the end of the table and a re-imported month replaces only its own rows.
-- vals is a JSON object {metric code: value} written by the importer (metric codes from shop_metrics, values ≥ 0);
-- a shop's window is read by one seek per month listed in shop_data_months.
CREATE TABLE shop_data_by_month (
  month TEXT NOT NULL,
  shop_id INTEGER NOT NULL,
  vals TEXT NOT NULL,
  PRIMARY KEY (month, shop_id)
) WITHOUT ROWID;
INSERT INTO shop_data_by_month(month, shop_id, vals)
SELECT month, shop_id, json_group_object(metric, value) FROM shop_data GROUP BY shop_id, month;
DROP TABLE shop_data;
ALTER TABLE shop_data_by_month RENAME TO shop_data;

-- Every month that has (or had) data: the seek list for reading or deleting one shop's rows.
CREATE TABLE shop_data_months (month TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO shop_data_months(month) SELECT DISTINCT month FROM shop_data;
CREATE TRIGGER shop_data_month_seen AFTER INSERT ON shop_data BEGIN
  INSERT OR IGNORE INTO shop_data_months(month) VALUES (NEW.month);
END;
-- shop_id is no foreign key any more (a cascade would scan the table without a shop-first index): a deleted shop's rows
-- go here, in the deleting transaction; writers look shop ids up inside their own write transaction.
CREATE TRIGGER shop_data_shop_gone AFTER DELETE ON shops BEGIN
  DELETE FROM shop_data WHERE month IN (SELECT month FROM shop_data_months) AND shop_id = OLD.id;
END;
