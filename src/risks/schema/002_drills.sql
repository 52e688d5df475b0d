-- risks 002: emergency drills (应急演练) per unit: which kind of plan they exercise (综合/专项/现场处置), their form
-- (综合/单项) and mode (实战/桌面), date, scenario, participants, evaluation and problems found.
CREATE TABLE risk_drills (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  plan_kind TEXT NOT NULL CHECK (plan_kind IN ('综合','专项','现场处置')),
  form TEXT NOT NULL CHECK (form IN ('综合','单项')),
  mode TEXT NOT NULL CHECK (mode IN ('实战','桌面')),
  day TEXT NOT NULL,
  title TEXT NOT NULL,
  scenario TEXT NOT NULL DEFAULT '',
  participants INTEGER NOT NULL DEFAULT 0,
  evaluation TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_drills_unit ON risk_drills(unit_id, day);
CREATE INDEX risk_drills_day ON risk_drills(day);
