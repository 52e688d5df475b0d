-- base 001: background jobs (long imports, batch scoring, log verification) and their progress.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running','done','failed')),
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT,
  user_id INTEGER,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_user ON jobs(user_id, id);
