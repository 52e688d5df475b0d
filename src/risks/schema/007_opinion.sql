-- risks 007: 舆情 events: source, level, first seen, the response steps with their times, closure and review.
CREATE TABLE risk_opinions (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('网络媒体','微博','微信','抖音','新闻媒体','12345热线','其他')),
  level TEXT NOT NULL CHECK (level IN ('一般','较大','重大')),
  first_seen TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '处置中' CHECK (status IN ('处置中','已关闭')),
  closed_at TEXT,
  closure TEXT NOT NULL DEFAULT '',
  review TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_opinions_unit ON risk_opinions(unit_id, first_seen);
CREATE TABLE risk_opinion_steps (
  id INTEGER PRIMARY KEY,
  opinion_id INTEGER NOT NULL REFERENCES risk_opinions(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_opinion_steps_opinion ON risk_opinion_steps(opinion_id, at);
