-- people 002: discipline (纪律). A sanction keeps the person, his unit when decided (data scope), the type, the term in
-- months and the computed end day; it runs from decided_on up to, not including, ends_on. Reads are audited.
CREATE TABLE people_sanctions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  type TEXT NOT NULL,
  months INTEGER NOT NULL CHECK (months >= 0),
  decided_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  document_no TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_sanctions_user ON people_sanctions(user_id, decided_on);
CREATE INDEX people_sanctions_unit ON people_sanctions(unit_id, decided_on);
