-- risks 009: 三项项目 (工程投资, 物资采购, 宣传促销): 立项 → 管委会 named votes → approval chain by amount → purchase
-- method → 合同 → 验收 → 付款, disclosure before, during and after, and the red flags turned into audit findings.
-- Money in 分. The settings (committee, quorum, thresholds) live in risk_settings under the key 'procure'.
CREATE TABLE risk_projects (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('工程投资','物资采购','宣传促销')),
  title TEXT NOT NULL,
  need TEXT NOT NULL,
  category TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  filed_on TEXT NOT NULL,
  planned_on TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT '审议' CHECK (stage IN ('审议','审批','采购','合同','验收','付款','完结','未通过')),
  review_result TEXT,
  review_on TEXT,
  committee_n INTEGER,
  method TEXT CHECK (method IS NULL OR method IN ('公开招标','邀请招标','竞争性谈判','询价','单一来源')),
  method_reason TEXT NOT NULL DEFAULT '',
  supplier TEXT NOT NULL DEFAULT '',
  contract_no TEXT,
  contract_fen INTEGER CHECK (contract_fen IS NULL OR contract_fen > 0),
  contract_on TEXT,
  accepted_on TEXT,
  accept_note TEXT,
  paid_fen INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risk_projects_unit ON risk_projects(unit_id);
CREATE TABLE risk_project_votes (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES risk_projects(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  vote TEXT NOT NULL CHECK (vote IN ('同意','反对','弃权')),
  note TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  UNIQUE (project_id, user_id)
);
CREATE TABLE risk_project_approvals (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES risk_projects(id),
  step TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  decision TEXT NOT NULL CHECK (decision IN ('同意','不同意')),
  opinion TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  UNIQUE (project_id, step),
  UNIQUE (project_id, user_id)
);
CREATE TABLE risk_project_payments (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES risk_projects(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_on TEXT NOT NULL,
  exception TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX risk_project_payments_project ON risk_project_payments(project_id);
CREATE TABLE risk_project_disclosures (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES risk_projects(id),
  phase TEXT NOT NULL CHECK (phase IN ('事前','事中','事后')),
  content TEXT NOT NULL,
  day TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE TABLE risk_project_flags (
  project_id INTEGER NOT NULL REFERENCES risk_projects(id),
  code TEXT NOT NULL,
  finding_id INTEGER NOT NULL REFERENCES risk_findings(id),
  at TEXT NOT NULL,
  PRIMARY KEY (project_id, code)
) WITHOUT ROWID;
