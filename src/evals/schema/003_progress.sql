-- evals 003: running totals of a round's completeness, kept by triggers in the writer's own transaction, so the
-- completeness page sums a few hundred cells instead of recounting every assignment of a province-sized round.
-- One cell per (round, shop's 所, manager's 片区, manager); 0 stands for "none" (NULL would not be one key).
-- A cell holds what the old recount gave for its assignments: assigned, done (evaluated and not returned), returned,
-- pending (no evaluation yet), late (received after the due date) and flagged (serious flags). 逾期 is pending once
-- the due date has passed, so it is derived on read from today.
CREATE TABLE eval_progress (
  round_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  team_id INTEGER NOT NULL,
  manager_id INTEGER NOT NULL,
  assigned INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, unit_id, team_id, manager_id)
) WITHOUT ROWID;

-- An assignment's share of its cell, with the sign s (1 add, -1 take away).
CREATE TRIGGER eval_progress_assign_ins AFTER INSERT ON eval_assignments BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT NEW.round_id, NEW.unit_id, coalesce(NEW.team_id, 0), coalesce(NEW.manager_id, 0), 1,
         coalesce(e.state <> 'returned', 0), coalesce(e.state = 'returned', 0), e.id IS NULL,
         coalesce(substr(e.received_at, 1, 10) > r.due_date, 0), coalesce(e.serious, 0)
  FROM eval_rounds r LEFT JOIN eval_evaluations e ON e.id = NEW.evaluation_id WHERE r.id = NEW.round_id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

CREATE TRIGGER eval_progress_assign_upd AFTER UPDATE OF round_id, unit_id, team_id, manager_id, evaluation_id ON eval_assignments BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT OLD.round_id, OLD.unit_id, coalesce(OLD.team_id, 0), coalesce(OLD.manager_id, 0), -1,
         -coalesce(e.state <> 'returned', 0), -coalesce(e.state = 'returned', 0), -(e.id IS NULL),
         -coalesce(substr(e.received_at, 1, 10) > r.due_date, 0), -coalesce(e.serious, 0)
  FROM eval_rounds r LEFT JOIN eval_evaluations e ON e.id = OLD.evaluation_id WHERE r.id = OLD.round_id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT NEW.round_id, NEW.unit_id, coalesce(NEW.team_id, 0), coalesce(NEW.manager_id, 0), 1,
         coalesce(e.state <> 'returned', 0), coalesce(e.state = 'returned', 0), e.id IS NULL,
         coalesce(substr(e.received_at, 1, 10) > r.due_date, 0), coalesce(e.serious, 0)
  FROM eval_rounds r LEFT JOIN eval_evaluations e ON e.id = NEW.evaluation_id WHERE r.id = NEW.round_id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

CREATE TRIGGER eval_progress_assign_del AFTER DELETE ON eval_assignments BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT OLD.round_id, OLD.unit_id, coalesce(OLD.team_id, 0), coalesce(OLD.manager_id, 0), -1,
         -coalesce(e.state <> 'returned', 0), -coalesce(e.state = 'returned', 0), -(e.id IS NULL),
         -coalesce(substr(e.received_at, 1, 10) > r.due_date, 0), -coalesce(e.serious, 0)
  FROM eval_rounds r LEFT JOIN eval_evaluations e ON e.id = OLD.evaluation_id WHERE r.id = OLD.round_id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

-- An evaluation that changes state, seriousness or arrival moves its assignment's share (the assignment points at it).
CREATE TRIGGER eval_progress_eval_upd AFTER UPDATE OF state, serious, received_at ON eval_evaluations BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0), 0,
         (NEW.state <> 'returned') - (OLD.state <> 'returned'), (NEW.state = 'returned') - (OLD.state = 'returned'), 0,
         (substr(NEW.received_at, 1, 10) > r.due_date) - (substr(OLD.received_at, 1, 10) > r.due_date), NEW.serious - OLD.serious
  FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id WHERE a.id = NEW.assignment_id AND a.evaluation_id = NEW.id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

-- An evaluation deleted while its assignment still points at it leaves the assignment pending.
CREATE TRIGGER eval_progress_eval_del AFTER DELETE ON eval_evaluations BEGIN
  INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
  SELECT a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0), 0,
         -(OLD.state <> 'returned'), -(OLD.state = 'returned'), 1, -(substr(OLD.received_at, 1, 10) > r.due_date), -OLD.serious
  FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id WHERE a.id = OLD.assignment_id AND a.evaluation_id = OLD.id
  ON CONFLICT(round_id, unit_id, team_id, manager_id) DO UPDATE SET assigned = assigned + excluded.assigned, done = done + excluded.done,
    returned = returned + excluded.returned, pending = pending + excluded.pending, late = late + excluded.late, flagged = flagged + excluded.flagged;
END;

-- A new due date recounts the round's late cells.
CREATE TRIGGER eval_progress_due AFTER UPDATE OF due_date ON eval_rounds BEGIN
  UPDATE eval_progress SET late = (SELECT count(*) FROM eval_assignments a JOIN eval_evaluations e ON e.id = a.evaluation_id
    WHERE a.round_id = NEW.id AND a.unit_id = eval_progress.unit_id AND coalesce(a.team_id, 0) = eval_progress.team_id
      AND coalesce(a.manager_id, 0) = eval_progress.manager_id AND substr(e.received_at, 1, 10) > NEW.due_date)
  WHERE round_id = NEW.id;
END;

CREATE TRIGGER eval_progress_round_del AFTER DELETE ON eval_rounds BEGIN
  DELETE FROM eval_progress WHERE round_id = OLD.id;
END;

-- The rounds already there (an upgraded database).
INSERT INTO eval_progress(round_id, unit_id, team_id, manager_id, assigned, done, returned, pending, late, flagged)
SELECT a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0), count(*),
       coalesce(sum(e.id IS NOT NULL AND e.state <> 'returned'), 0), coalesce(sum(e.state = 'returned'), 0), sum(e.id IS NULL),
       coalesce(sum(e.id IS NOT NULL AND substr(e.received_at, 1, 10) > r.due_date), 0), coalesce(sum(e.serious), 0)
FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id LEFT JOIN eval_evaluations e ON e.id = a.evaluation_id
GROUP BY a.round_id, a.unit_id, coalesce(a.team_id, 0), coalesce(a.manager_id, 0);
