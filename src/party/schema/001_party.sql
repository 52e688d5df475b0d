-- party 001: 党组织 tree mapped to units, members and their transfers, 三会一课 meetings with attendance and files,
-- and the module's settings (meeting frequencies). Scope is the units an organisation covers (party_org_units).
CREATE TABLE party_orgs (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES party_orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('党委','党总支','党支部','党小组')),
  name TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,                -- "/1/3/": ids from the root down, for subtree visibility
  founded_on TEXT NOT NULL,          -- YYYY-MM-DD: periods before it are not due
  sort INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX party_orgs_parent ON party_orgs(parent_id, sort);

CREATE TABLE party_org_units (
  org_id INTEGER NOT NULL REFERENCES party_orgs(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (org_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX party_org_units_unit ON party_org_units(unit_id);

-- A member belongs to one branch (org_id, a 党支部 or 党总支) and optionally one of its 党小组: one row, so never two
-- branches at once; a staff member links to his user at most once.
CREATE TABLE party_members (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  user_id INTEGER UNIQUE REFERENCES users(id),
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  group_id INTEGER REFERENCES party_orgs(id),
  status TEXT NOT NULL CHECK (status IN ('正式','预备','已转出')),
  role TEXT NOT NULL DEFAULT '党员' CHECK (role IN ('书记','副书记','组织委员','宣传委员','纪检委员','党小组长','党员')),
  joined_on TEXT NOT NULL,           -- 入党 (预备) date
  full_on TEXT,                      -- 转正 date for 正式
  phone TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX party_members_org ON party_members(org_id, status);

CREATE TABLE party_transfers (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  kind TEXT NOT NULL CHECK (kind IN ('转入','转出','内部调动')),
  from_org_id INTEGER REFERENCES party_orgs(id),
  to_org_id INTEGER REFERENCES party_orgs(id),
  outside TEXT NOT NULL DEFAULT '',  -- the organisation outside the bureau for 转入 / 转出
  on_date TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_transfers_member ON party_transfers(member_id, on_date);

CREATE TABLE party_meetings (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('支部党员大会','支委会','党小组会','党课','主题党日')),
  topic TEXT NOT NULL,
  planned_on TEXT NOT NULL,
  held_on TEXT,                      -- NULL while only planned
  place TEXT NOT NULL DEFAULT '',
  presenter_id INTEGER REFERENCES party_members(id),
  recorder_id INTEGER REFERENCES party_members(id),
  content TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',
  sign_token TEXT NOT NULL UNIQUE,   -- in the sign-in QR code
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX party_meetings_org ON party_meetings(org_id, held_on);

CREATE TABLE party_attendance (
  meeting_id INTEGER NOT NULL REFERENCES party_meetings(id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  state TEXT NOT NULL CHECK (state IN ('出席','请假','缺席')),
  reason TEXT NOT NULL DEFAULT '',
  signed_at TEXT,                    -- set by the QR sign-in, once
  PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;

CREATE TABLE party_meeting_files (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES party_meetings(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_meeting_files_meeting ON party_meeting_files(meeting_id);

-- Frequencies in months per meeting kind (0 = not required), effective from a date: the schedule uses the one in force
-- on each period's first day, so a change mid-year re-plans only what follows it.
CREATE TABLE party_freq (
  kind TEXT NOT NULL,
  from_date TEXT NOT NULL,
  months INTEGER NOT NULL CHECK (months IN (0,1,3,6,12)),
  PRIMARY KEY (kind, from_date)
) WITHOUT ROWID;
