-- party 003: learning (第一议题, 周一夜学, 专题读书班): sessions with the material studied and their hours, attendance
-- and each member's 心得 (text), for hours per member per year.
CREATE TABLE party_learning (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('第一议题','周一夜学','读书班','专题学习')),
  held_on TEXT NOT NULL,
  topic TEXT NOT NULL,
  material TEXT NOT NULL DEFAULT '',
  hours REAL NOT NULL CHECK (hours > 0 AND hours <= 40),
  place TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_learning_org ON party_learning(org_id, held_on);

CREATE TABLE party_learning_att (
  session_id INTEGER NOT NULL REFERENCES party_learning(id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  state TEXT NOT NULL CHECK (state IN ('出席','请假','缺席')),
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',     -- 心得
  noted_at TEXT,
  PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;
CREATE INDEX party_learning_att_member ON party_learning_att(member_id);
