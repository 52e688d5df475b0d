-- people 004: 评优评选. A selection (优秀科室, 优秀干部, 优秀员工, 奋斗之星 …) has places; nominees (self, unit, leader)
-- pass the eligibility rules when nominated (no running sanction; at least min_grade in grade_year's final 年度考核);
-- the vote runs in the ballot engine (差额, source 'selection:<id>'); the winners are published for publicity_days
-- working days, objections answered, then the 表彰 record lands in each winner's profile (people_honours).
CREATE TABLE people_selections (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,                                  -- 优秀科室 / 优秀干部 / 优秀员工 / 奋斗之星 / any
  subject TEXT NOT NULL CHECK (subject IN ('person','unit')),
  unit_id INTEGER NOT NULL REFERENCES units(id),       -- the organising unit (data scope)
  places INTEGER NOT NULL CHECK (places BETWEEN 1 AND 500),
  min_grade TEXT,                                      -- lowest 年度考核 grade allowed (NULL: no rule)
  grade_year INTEGER,                                  -- the year of that grade
  publicity_days INTEGER NOT NULL CHECK (publicity_days BETWEEN 1 AND 30),
  ballot_id INTEGER REFERENCES people_ballots(id),
  status TEXT NOT NULL DEFAULT '提名中' CHECK (status IN ('提名中','投票中','公示中','已表彰')),
  publicity_from TEXT,
  publicity_to TEXT,
  awarded_on TEXT,
  document_no TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_selections_unit ON people_selections(unit_id, year);

CREATE TABLE people_nominations (
  id INTEGER PRIMARY KEY,
  selection_id INTEGER NOT NULL REFERENCES people_selections(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  by_kind TEXT NOT NULL CHECK (by_kind IN ('self','unit','leader')),
  by_user INTEGER REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  candidate_id INTEGER REFERENCES people_ballot_candidates(id),
  winner INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX people_nominations_once ON people_nominations(selection_id, coalesce(user_id, 0), unit_id);

CREATE TABLE people_honours (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  title TEXT NOT NULL,                                 -- 2025年度“奋斗之星”
  year INTEGER NOT NULL,
  selection_id INTEGER REFERENCES people_selections(id),
  awarded_on TEXT NOT NULL,
  document_no TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_honours_user ON people_honours(user_id, year);
CREATE INDEX people_honours_unit ON people_honours(unit_id, year);
