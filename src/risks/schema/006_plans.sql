-- risks 006: emergency plans (综合, 专项, 现场处置) with every revision kept and the current one marked; a drill may name
-- the plan version it exercised, and its problems open one 督办 task (task_id).
CREATE TABLE risk_plans (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('综合','专项','现场处置')),
  title TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_plans_unit ON risk_plans(unit_id);
CREATE TABLE risk_plan_versions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES risk_plans(id),
  version TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  change_note TEXT NOT NULL DEFAULT '',
  current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0, 1)),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (plan_id, version)
);
CREATE UNIQUE INDEX risk_plan_versions_current ON risk_plan_versions(plan_id) WHERE current = 1;
ALTER TABLE risk_drills ADD COLUMN plan_version_id INTEGER REFERENCES risk_plan_versions(id);
ALTER TABLE risk_drills ADD COLUMN task_id INTEGER;
