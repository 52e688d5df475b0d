-- report 001: 年度总结 — the admin-edited template (one row), drafts of a year's review (the bureau's, unit_id NULL,
-- or one unit's 述职 summary over its subtree) and every version of a draft's body with who changed what.
CREATE TABLE report_template (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL,                    -- JSON: {"sections":[{"line","title","facts":[key…]}]}
  updated_by INTEGER,
  updated_at TEXT NOT NULL
);

CREATE TABLE report_drafts (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  unit_id INTEGER REFERENCES units(id),  -- NULL: the whole bureau
  title TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,    -- the latest version
  plan_id INTEGER,                       -- the 督办 plan made from its 工作安排, once approved
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX report_drafts_year ON report_drafts(year, id);

CREATE TABLE report_versions (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES report_drafts(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,                    -- JSON, see src/report/internal.h
  note TEXT NOT NULL DEFAULT '',         -- what changed: "生成", "修改：（一）党的建设", "重新生成：（二）管理转型"
  user_id INTEGER,
  user_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (draft_id, version)
);
