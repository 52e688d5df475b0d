-- shops 004: the county picture keeps shops whose latest result is 数据不足 (assessed, too little scored for a level) in
-- their own group '数据不足' instead of '' (未检测), and leaves their partial scores out of the averages (issue 11 item 13).
-- A shop is assessed when it has a last_assessment_id; its level is NULL when coverage was under the template's minimum.
DROP TRIGGER shop_picture_ins;
DROP TRIGGER shop_picture_del;
DROP TRIGGER shop_picture_upd;
DELETE FROM shop_picture;
INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
SELECT unit_id, coalesce(manager_id, 0),
       CASE WHEN level IS NOT NULL THEN level WHEN last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END,
       category, (grade - 1) / 5, area, count(*), count(CASE WHEN level IS NOT NULL THEN score END),
       coalesce(sum(CASE WHEN level IS NOT NULL THEN score END), 0)
FROM shops WHERE status = '正常' GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER shop_picture_ins AFTER INSERT ON shops WHEN NEW.status = '正常' BEGIN
  INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
  VALUES (NEW.unit_id, coalesce(NEW.manager_id, 0),
          CASE WHEN NEW.level IS NOT NULL THEN NEW.level WHEN NEW.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END,
          NEW.category, (NEW.grade - 1) / 5, NEW.area, 1, NEW.level IS NOT NULL AND NEW.score IS NOT NULL,
          CASE WHEN NEW.level IS NOT NULL THEN coalesce(NEW.score, 0) ELSE 0 END)
  ON CONFLICT DO UPDATE SET n = n + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum;
END;

CREATE TRIGGER shop_picture_del AFTER DELETE ON shops WHEN OLD.status = '正常' BEGIN
  UPDATE shop_picture SET n = n - 1, scored = scored - (OLD.level IS NOT NULL AND OLD.score IS NOT NULL),
    score_sum = score_sum - CASE WHEN OLD.level IS NOT NULL THEN coalesce(OLD.score, 0) ELSE 0 END
  WHERE unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0)
    AND level = CASE WHEN OLD.level IS NOT NULL THEN OLD.level WHEN OLD.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area;
  DELETE FROM shop_picture WHERE unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0)
    AND level = CASE WHEN OLD.level IS NOT NULL THEN OLD.level WHEN OLD.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area AND n = 0;
END;

CREATE TRIGGER shop_picture_upd AFTER UPDATE OF status, unit_id, manager_id, level, score, last_assessment_id, category, grade, area ON shops BEGIN
  UPDATE shop_picture SET n = n - 1, scored = scored - (OLD.level IS NOT NULL AND OLD.score IS NOT NULL),
    score_sum = score_sum - CASE WHEN OLD.level IS NOT NULL THEN coalesce(OLD.score, 0) ELSE 0 END
  WHERE OLD.status = '正常' AND unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0)
    AND level = CASE WHEN OLD.level IS NOT NULL THEN OLD.level WHEN OLD.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area;
  DELETE FROM shop_picture WHERE OLD.status = '正常' AND unit_id = OLD.unit_id AND manager_id = coalesce(OLD.manager_id, 0)
    AND level = CASE WHEN OLD.level IS NOT NULL THEN OLD.level WHEN OLD.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END
    AND category = OLD.category AND band = (OLD.grade - 1) / 5 AND area = OLD.area AND n = 0;
  INSERT INTO shop_picture(unit_id, manager_id, level, category, band, area, n, scored, score_sum)
  SELECT NEW.unit_id, coalesce(NEW.manager_id, 0),
         CASE WHEN NEW.level IS NOT NULL THEN NEW.level WHEN NEW.last_assessment_id IS NOT NULL THEN '数据不足' ELSE '' END,
         NEW.category, (NEW.grade - 1) / 5, NEW.area, 1, NEW.level IS NOT NULL AND NEW.score IS NOT NULL,
         CASE WHEN NEW.level IS NOT NULL THEN coalesce(NEW.score, 0) ELSE 0 END
  WHERE NEW.status = '正常'
  ON CONFLICT DO UPDATE SET n = n + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum;
END;
