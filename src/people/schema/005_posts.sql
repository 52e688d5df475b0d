-- people 005: 双聘 — posts (岗位) and the grade ladder (职级), each person's post/grade history, and selection rounds
-- (application → qualification from records → weighted scores → 公示 → appointment written to the history).
CREATE TABLE people_grades (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,                        -- 一级员工 … 八级员工 / 科员 / 副科级 …
  rank_order INTEGER NOT NULL UNIQUE,              -- 1 lowest; a higher number is a higher grade
  term_years INTEGER NOT NULL DEFAULT 3 CHECK (term_years BETWEEN 1 AND 10)
);

CREATE TABLE people_posts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),   -- the unit the post belongs to (data scope)
  name TEXT NOT NULL,
  family TEXT NOT NULL CHECK (family IN ('业务','专卖','综合')),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 20),  -- 岗级
  term_years INTEGER NOT NULL DEFAULT 3 CHECK (term_years BETWEEN 1 AND 10), -- 聘期
  places INTEGER NOT NULL DEFAULT 1 CHECK (places >= 1),
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, name)
);

-- A person's posts and grades over time; the open row (ended_on NULL) is the current one.
CREATE TABLE people_post_history (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  post_id INTEGER REFERENCES people_posts(id),
  grade_id INTEGER REFERENCES people_grades(id),
  started_on TEXT NOT NULL,
  ends_on TEXT,                                     -- the term's end (聘期届满)
  ended_on TEXT,                                    -- when replaced by a later appointment
  source TEXT NOT NULL DEFAULT '',                  -- "round:3" or "initial"
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_post_history_user ON people_post_history(user_id, started_on);

CREATE TABLE people_rounds (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT '报名中' CHECK (status IN ('报名中','评分中','公示中','已任命')),
  w_written INTEGER NOT NULL,                      -- weights in percent, summing to 100
  w_interview INTEGER NOT NULL,
  w_review INTEGER NOT NULL,
  min_years INTEGER NOT NULL DEFAULT 0,            -- years in the current grade
  min_grade TEXT NOT NULL DEFAULT '',              -- the lowest 民主测评 grade accepted ('' none)
  publicity_days INTEGER NOT NULL DEFAULT 5,       -- 公示 working days
  publicity_from TEXT,
  publicity_to TEXT,
  appointed_on TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_rounds_unit ON people_rounds(unit_id, id);

CREATE TABLE people_round_posts (
  round_id INTEGER NOT NULL REFERENCES people_rounds(id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES people_posts(id),
  grade_id INTEGER REFERENCES people_grades(id),   -- the grade the appointment gives
  places INTEGER NOT NULL CHECK (places >= 1),
  PRIMARY KEY (round_id, post_id)
) WITHOUT ROWID;

-- Applications that passed the qualification check (a refused one is answered with its reason, not stored).
CREATE TABLE people_applications (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES people_rounds(id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES people_posts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  qualification TEXT NOT NULL,                     -- what the check found ("现职级 3 年；2025 民主测评 称职；无处分")
  written REAL, interview REAL, review REAL,       -- 0–100
  total REAL,
  rank INTEGER,
  proposed INTEGER NOT NULL DEFAULT 0,             -- within the post's places after scoring
  appointed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (round_id, user_id)
);
