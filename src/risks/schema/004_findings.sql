-- risks 004: audit findings (审计整改): each finding is tracked as a 整改 checklist item of the tasks module (item_id),
-- so the money and people figures of rectification come from the checklists, as the seed's do.
CREATE TABLE risk_findings (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('内部审计','市局审计','巡察','专项检查')),
  title TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('一般','较重','严重')),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  amount_fen INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  due TEXT NOT NULL,
  item_id INTEGER,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_findings_unit ON risk_findings(unit_id);
