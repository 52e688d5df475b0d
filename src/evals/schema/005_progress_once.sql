-- evals 005: the completeness cells of 003 kept by the same triggers, with the add-to-a-cell upsert and an
-- assignment's share of its cell each written once, behind two write-only views, instead of five copies of both.
-- The counts are unchanged: a cell still holds assigned, done, returned, pending, late and flagged.

-- Adds a row of deltas to its cell (creating the cell when it is new).
CREATE VIEW eval_progress_add(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged) AS
  SELECT round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged FROM eval_progress WHERE 0;
CREATE TRIGGER eval_progress_add_row INSTEAD OF INSERT ON eval_progress_add BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  VALUES (NEW.round_id, NEW.unit_id, NEW.team_id, NEW.manager_id, NEW.assigned, NEW.done, NEW.returned, NEW.pending, NEW.late, NEW.flagged)
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

-- An assignment's share of its cell (the assignment's own columns and its evaluation's), times sign: 1 adds it,
-- -1 takes it away.
CREATE VIEW eval_progress_share(round_id, unit_id, team_id, manager_id, evaluation_id, sign) AS SELECT 0, 0, 0, 0, 0, 0 WHERE 0;
CREATE TRIGGER eval_progress_share_row INSTEAD OF INSERT ON eval_progress_share BEGIN
  INSERT INTO eval_progress_add(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT NEW.round_id, NEW.unit_id, coalesce(NEW.team_id, 0), coalesce(NEW.manager_id, 0), NEW.sign,
         NEW.sign * coalesce(e.state <> 'returned', 0), NEW.sign * coalesce(e.state = 'returned', 0), NEW.sign * (e.id IS NULL),
         NEW.sign * coalesce(substr(e.received_at, 1, 10) > r.due_date, 0), NEW.sign * coalesce(e.serious, 0)
  FROM eval_rounds r LEFT JOIN eval_evaluations e ON e.id = NEW.evaluation_id WHERE r.id = NEW.round_id;
END;

DROP TRIGGER eval_progress_assign_ins;
DROP TRIGGER eval_progress_assign_upd;
DROP TRIGGER eval_progress_assign_del;
DROP TRIGGER eval_progress_eval_upd;
DROP TRIGGER eval_progress_eval_del;

CREATE TRIGGER eval_progress_assign_ins AFTER INSERT ON eval_assignments BEGIN
  INSERT INTO eval_progress_share VALUES (NEW.round_id, NEW.unit_id, NEW.team_id, NEW.manager_id, NEW.evaluation_id, 1);
END;

CREATE TRIGGER eval_progress_assign_upd AFTER UPDATE OF round_id, unit_id, team_id, manager_id, evaluation_id ON eval_assignments BEGIN
  INSERT INTO eval_progress_share VALUES (OLD.round_id, OLD.unit_id, OLD.team_id, OLD.manager_id, OLD.evaluation_id, -1);
  INSERT INTO eval_progress_share VALUES (NEW.round_id, NEW.unit_id, NEW.team_id, NEW.manager_id, NEW.evaluation_id, 1);
END;

CREATE TRIGGER eval_progress_assign_del AFTER DELETE ON eval_assignments BEGIN
  INSERT INTO eval_progress_share VALUES (OLD.round_id, OLD.unit_id, OLD.team_id, OLD.manager_id, OLD.evaluation_id, -1);
END;

-- An evaluation that changes state, seriousness or arrival moves its assignment's share (the assignment points at it).
CREATE TRIGGER eval_progress_eval_upd AFTER UPDATE OF state, serious, received_at ON eval_evaluations BEGIN
  INSERT INTO eval_progress_add(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0), 0,
         (NEW.state <> 'returned') - (OLD.state <> 'returned'), (NEW.state = 'returned') - (OLD.state = 'returned'), 0,
         (substr(NEW.received_at, 1, 10) > r.due_date) - (substr(OLD.received_at, 1, 10) > r.due_date), NEW.serious - OLD.serious
  FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id WHERE a.id = NEW.assignment_id AND a.evaluation_id = NEW.id;
END;

-- An evaluation deleted while its assignment still points at it leaves the assignment pending.
CREATE TRIGGER eval_progress_eval_del AFTER DELETE ON eval_evaluations BEGIN
  INSERT INTO eval_progress_add(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0), 0,
         -(OLD.state <> 'returned'), -(OLD.state = 'returned'), 1, -(substr(OLD.received_at, 1, 10) > r.due_date), -OLD.serious
  FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id WHERE a.id = OLD.assignment_id AND a.evaluation_id = OLD.id;
END;
