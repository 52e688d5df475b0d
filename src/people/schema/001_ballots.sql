-- people 001: the ballot engine (民主测评 and 评优 votes). Anonymity by design: a code is issued to a voter group, never
-- to a person; a cast ballot keeps its group and its marks only — no code, no time, and a random id, so neither a
-- column nor the order of rows ties a ballot to a code, a voter, an audit row or an access-log line.
CREATE TABLE people_ballots (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '民主测评',         -- 民主测评 / 评优 / 双聘测评 / other
  kind TEXT NOT NULL CHECK (kind IN ('grade','choose')),
  grades TEXT NOT NULL DEFAULT '[]',                -- JSON array of grade names, best first (grade kind)
  points TEXT NOT NULL DEFAULT '[]',                -- JSON array of each grade's points
  max_choices INTEGER NOT NULL DEFAULT 0,           -- choose kind: at most this many per ballot
  quota_permille INTEGER NOT NULL DEFAULT -1,       -- grade kind: share of candidates that may keep the first grade; -1 none
  places INTEGER NOT NULL DEFAULT -1,               -- choose kind: how many are elected; -1 none
  unit_id INTEGER NOT NULL REFERENCES units(id),    -- the organising unit (data scope)
  source TEXT,                                      -- the campaign it serves ("appraisal:3"), one box per source
  status TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿','投票中','已结束')),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  opened_at TEXT,
  closed_at TEXT
);
CREATE INDEX people_ballots_unit ON people_ballots(unit_id, id);
CREATE UNIQUE INDEX people_ballots_source ON people_ballots(source) WHERE source IS NOT NULL;

CREATE TABLE people_ballot_candidates (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL REFERENCES people_ballots(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL,
  name TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  unit_id INTEGER REFERENCES units(id),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (ballot_id, sort)
);

CREATE TABLE people_ballot_groups (
  id INTEGER PRIMARY KEY,
  ballot_id INTEGER NOT NULL REFERENCES people_ballots(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL,
  name TEXT NOT NULL,
  weight INTEGER NOT NULL CHECK (weight >= 0),
  issued INTEGER NOT NULL DEFAULT 0,
  UNIQUE (ballot_id, name)
);

-- One-time codes: only their SHA-256 is kept; used is a flag (no time of use).
CREATE TABLE people_ballot_codes (
  hash TEXT PRIMARY KEY,
  ballot_id INTEGER NOT NULL REFERENCES people_ballots(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES people_ballot_groups(id) ON DELETE CASCADE,
  used INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX people_ballot_codes_group ON people_ballot_codes(group_id, used);

-- Cast ballots: group and marks (JSON array aligned with the candidates by sort: grade index or -1; 1/0 chosen).
CREATE TABLE people_ballot_casts (
  id INTEGER PRIMARY KEY,                           -- random, not in casting order
  ballot_id INTEGER NOT NULL REFERENCES people_ballots(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES people_ballot_groups(id) ON DELETE CASCADE,
  marks TEXT NOT NULL
);
CREATE INDEX people_ballot_casts_ballot ON people_ballot_casts(ballot_id, group_id);
