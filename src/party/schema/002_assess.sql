-- party 002: 党建考核 — each branch's year: manual additions and deductions (honours, project results…) on top of the
-- deductions computed from the records, going 草稿 → 已自评 → 已审核 → 已确认; the score is frozen at confirmation.
-- And the scoring rules as settings (key → number).
CREATE TABLE party_assessments (
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  year INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿','已自评','已审核','已确认')),
  adjustments TEXT NOT NULL DEFAULT '[]',   -- [{points, reason}]
  note TEXT NOT NULL DEFAULT '',
  confirmed_score REAL,                     -- the total at confirmation
  confirmed_detail TEXT,                    -- the computed parts at confirmation (JSON)
  updated_by INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

CREATE TABLE party_settings (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
