-- people 003: 年度考核 campaigns. A campaign appraises persons or units (departments/所队) of one year: each subject's
-- card combines, with the campaign's weights, the 民主测评 ballot box linked to it (people_ballots.source =
-- 'campaign:<id>'), the leaders' scores and the objective inputs registered in the input registry (input_weights
-- overrides their default weights). Grades are decided under the 优秀 quota, published for publicity_days working days
-- (objections recorded and answered), then final; a subject may appeal a final grade.
CREATE TABLE people_campaigns (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  subject TEXT NOT NULL CHECK (subject IN ('person','unit')),
  unit_id INTEGER NOT NULL REFERENCES units(id),        -- the organising unit (data scope)
  w_ballot INTEGER NOT NULL CHECK (w_ballot BETWEEN 0 AND 100),
  w_leader INTEGER NOT NULL CHECK (w_leader BETWEEN 0 AND 100),
  w_inputs INTEGER NOT NULL CHECK (w_inputs BETWEEN 0 AND 100),
  input_weights TEXT NOT NULL DEFAULT '{}',            -- JSON {"tasks.ontime": 30, …}: the card's weights of the inputs
  grades TEXT NOT NULL DEFAULT '["优秀","称职","基本称职","不称职"]',
  quota_permille INTEGER NOT NULL CHECK (quota_permille BETWEEN 0 AND 1000),
  publicity_days INTEGER NOT NULL CHECK (publicity_days BETWEEN 1 AND 30),
  ballot_id INTEGER REFERENCES people_ballots(id),
  status TEXT NOT NULL DEFAULT '测评中' CHECK (status IN ('测评中','已定等次','公示中','已完成')),
  publicity_from TEXT,
  publicity_to TEXT,
  decided_at TEXT,
  finalized_at TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_campaigns_unit ON people_campaigns(unit_id, year);

CREATE TABLE people_campaign_subjects (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES people_campaigns(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),                -- person campaigns
  unit_id INTEGER NOT NULL REFERENCES units(id),       -- the unit appraised, or the person's unit
  name TEXT NOT NULL,
  candidate_id INTEGER REFERENCES people_ballot_candidates(id),
  total REAL,                                          -- the card's total when the grades were decided
  grade TEXT                                           -- decided grade (changed only by an upheld appeal)
);
CREATE UNIQUE INDEX people_campaign_subjects_once ON people_campaign_subjects(campaign_id, coalesce(user_id, 0), unit_id);
CREATE INDEX people_campaign_subjects_user ON people_campaign_subjects(user_id);

-- The leaders' assessment: one score per leader and subject (the mean counts).
CREATE TABLE people_leader_scores (
  subject_id INTEGER NOT NULL REFERENCES people_campaign_subjects(id) ON DELETE CASCADE,
  leader_id INTEGER NOT NULL REFERENCES users(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  comment TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  PRIMARY KEY (subject_id, leader_id)
) WITHOUT ROWID;

-- 述职述廉 reports: files kept under their SHA-256 as attachments are (tasks.h).
CREATE TABLE people_campaign_reports (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES people_campaign_subjects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX people_campaign_reports_subject ON people_campaign_reports(subject_id);

-- Objections during 公示 and appeals after final, for campaigns and selections alike; each is answered.
CREATE TABLE people_objections (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL CHECK (owner IN ('campaign','selection')),
  owner_id INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('公示异议','申诉')),
  subject_name TEXT NOT NULL DEFAULT '',
  subject_ref INTEGER,                                 -- people_campaign_subjects.id or people_nominations.id
  text TEXT NOT NULL,
  by_user INTEGER REFERENCES users(id),
  at TEXT NOT NULL,
  answer TEXT,
  outcome TEXT,                                        -- 维持 / 改为<grade> / 撤销 …
  answered_by INTEGER REFERENCES users(id),
  answered_at TEXT
);
CREATE INDEX people_objections_owner ON people_objections(owner, owner_id);
