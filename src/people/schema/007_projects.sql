-- people 007: 项目+人才+激励 — project teams (专班) with members and roles, milestones that are 督办 tasks (through
-- tasks.h: only the task id is kept here), outputs with evidence (people_files) and points by configurable rules, and
-- the points ledger per person.
CREATE TABLE people_teams (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '专班',                -- 专班 / 工作室 / 团队
  goal TEXT NOT NULL DEFAULT '',
  leader_id INTEGER REFERENCES users(id),
  started_on TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, name)
);

CREATE TABLE people_team_members (
  team_id INTEGER NOT NULL REFERENCES people_teams(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  role TEXT NOT NULL DEFAULT '成员',                -- 负责人 / 骨干 / 成员
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;

CREATE TABLE people_milestones (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES people_teams(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  due TEXT NOT NULL,
  owner_id INTEGER REFERENCES users(id),
  task_id INTEGER,                                  -- the 督办 task (tasks.h), one per milestone
  created_at TEXT NOT NULL
);
CREATE INDEX people_milestones_team ON people_milestones(team_id, due);

CREATE TABLE people_outputs (
  id INTEGER PRIMARY KEY,
  team_id INTEGER REFERENCES people_teams(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('课题','QC成果','数据产品','融媒体作品','荣誉')),
  title TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT '' CHECK (level IN ('','县级','市级','省级','国家级')),
  award TEXT NOT NULL DEFAULT '' CHECK (award IN ('','一等奖','二等奖','三等奖','优秀奖')),
  achieved_on TEXT NOT NULL,
  points INTEGER NOT NULL,                          -- by the rules at the time it was recorded
  rule TEXT NOT NULL DEFAULT '',                    -- which rule gave them
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_outputs_day ON people_outputs(achieved_on);

-- The ledger: points per person (an output's points split by the members' shares), or a manual line (output_id NULL).
CREATE TABLE people_points (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  output_id INTEGER REFERENCES people_outputs(id) ON DELETE CASCADE,
  share INTEGER NOT NULL DEFAULT 100,               -- percent of the output
  points INTEGER NOT NULL,
  on_day TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX people_points_user ON people_points(user_id, on_day);
CREATE INDEX people_points_output ON people_points(output_id);

-- The points rules (JSON, parsed by points.c), one row.
CREATE TABLE people_point_rules (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  rules TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL
);
