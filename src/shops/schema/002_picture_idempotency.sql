-- shops 002: the county picture's running totals (kept by triggers in the writer's own transaction) and the phone's idempotency key.

-- Active shops (status 正常) counted per unit × manager × level × 业态 × 档位 band × 城乡: the picture groups this table
-- instead of every shop. unit_id and manager_id stay so the data scope (SHOP_SCOPE) applies exactly as on shops; a shop
-- without manager is manager_id 0 and a shop without level is level '' (NULL would not be unique in the key).
-- score_sum/scored is avg(score) of the group.
CREATE TABLE shop_picture (
  unit_id INTEGER NOT NULL,
  manager_id INTEGER NOT NULL,
  level TEXT NOT NULL,
  category TEXT NOT NULL,
  band INTEGER NOT NULL, -- (grade - 1) / 5: 1–5档 is 0 … 26–30档 is 5
  area TEXT NOT NULL,
  n INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  score_sum REAL NOT NULL,
  PRIMARY KEY (unit_id, manager_id, level, category, band, area)
) WITHOUT ROWID;
INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
SELECT unit_id, coalesce(manager_id, 0), coalesce(level, ''), category, (grade - 1) / 5, area, count(*), count(score), coalesce(sum(score), 0)
FROM shops WHERE status = '正常' GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER shop_picture_ins AFTER INSERT ON shops WHEN NEW.status = '正常' BEGIN
  INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
  VALUES (NEW.unit_id, coalesce(NEW.manager_id, 0), coalesce(NEW.level, ''), NEW.category, (NEW.grade - 1) / 5, NEW.area, 1, NEW.score IS NOT NULL, coalesce(NEW.score, 0))
  ON CONFLICT DO UPDATE SET n = n + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum;
END;

CREATE TRIGGER shop_picture_del AFTER DELETE ON shops WHEN OLD.status = '正常' BEGIN
  UPDATE shop_picture SET n = n - 1, scored = scored - (OLD.score IS NOT NULL), score_sum = score_sum - coalesce(OLD.score, 0)
  WHERE unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0) AND level = coalesce(OLD.level, '') AND category = OLD.category
    AND band = (OLD.grade - 1) / 5 AND area = OLD.area;
  DELETE FROM shop_picture WHERE unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0) AND level = coalesce(OLD.level, '')
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area AND n = 0;
END;

-- Any change to a counted column moves the shop out of its old group and into its new one.
CREATE TRIGGER shop_picture_upd AFTER UPDATE OF status, unit_id, manager_id, level, score, category, grade, area ON shops BEGIN
  UPDATE shop_picture SET n = n - 1, scored = scored - (OLD.score IS NOT NULL), score_sum = score_sum - coalesce(OLD.score, 0)
  WHERE OLD.status = '正常' AND unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0) AND level = coalesce(OLD.level, '')
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area;
  DELETE FROM shop_picture WHERE OLD.status = '正常' AND unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0)
    AND level = coalesce(OLD.level, '') AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area AND n = 0;
  INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
  SELECT NEW.unit_id, coalesce(NEW.manager_id, 0), coalesce(NEW.level, ''), NEW.category, (NEW.grade - 1) / 5, NEW.area, 1, NEW.score IS NOT NULL, coalesce(NEW.score, 0)
  WHERE NEW.status = '正常'
  ON CONFLICT DO UPDATE SET n = n + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum;
END;

-- The phone sends a UUID made when the answer sheet was started; a resend after a lost answer finds the stored visit.
ALTER TABLE shop_assessments ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX shop_assessments_request ON shop_assessments(shop_id, request_id) WHERE request_id IS NOT NULL;
