-- risks 008: 保密: the register of classified documents (收文 with its sign-off), loans (借阅 and 归还, each signed, with a
-- due day), 保密 checks and their findings (each a 整改 checklist item of the tasks module, item_id).
CREATE TABLE risk_secret_docs (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  doc_no TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('秘密','机密','绝密')),
  issuer TEXT NOT NULL,
  received_on TEXT NOT NULL,
  received_sign TEXT NOT NULL,
  copies INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, doc_no)
);
CREATE TABLE risk_secret_loans (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES risk_secret_docs(id),
  borrower TEXT NOT NULL,
  lent_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  lent_sign TEXT NOT NULL,
  returned_on TEXT,
  return_sign TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_secret_loans_doc ON risk_secret_loans(doc_id);
CREATE TABLE risk_secret_checks (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  scope TEXT NOT NULL,
  inspectors TEXT NOT NULL DEFAULT '',
  conclusion TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE risk_secret_findings (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES risk_secret_checks(id),
  title TEXT NOT NULL,
  measures TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL,
  item_id INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX risk_secret_findings_check ON risk_secret_findings(check_id);
