-- risks 001: the risk register (风险清单): four lists of risks rated on a likelihood × impact matrix, each with
-- controls and a review date; every rating and review kept in risk_events; the matrix and cadence as settings.
CREATE TABLE risk_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE risks (
  id INTEGER PRIMARY KEY,
  list TEXT NOT NULL CHECK (list IN ('权力','责任','风险','措施')),
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  owner_unit_id INTEGER NOT NULL REFERENCES units(id),
  likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 9),
  impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 9),
  level TEXT NOT NULL CHECK (level IN ('低','中','高','重大')),
  prevention TEXT NOT NULL DEFAULT '',
  monitoring TEXT NOT NULL DEFAULT '',
  handling TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL DEFAULT '执行' CHECK (stage IN ('制定','执行','检查考核','修正')),
  active INTEGER NOT NULL DEFAULT 1,
  last_review TEXT NOT NULL,
  next_review TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risks_unit ON risks(owner_unit_id);
CREATE INDEX risks_next ON risks(active, next_review);
CREATE TABLE risk_events (
  id INTEGER PRIMARY KEY,
  risk_id INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('登记','重新评级','复核')),
  likelihood INTEGER NOT NULL,
  impact INTEGER NOT NULL,
  level TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  next_review TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX risk_events_risk ON risk_events(risk_id, id);
