-- party 004: 党费 (the amount rule as settings in force from a month, each member's base, one payment row per member
-- and month), 党建服务包 (a hardship shop of the registry paired with three members, measures, visits with photos, the
-- result read through shops.h), 党支部+项目 (a branch's projects whose milestones are 督办 tasks opened through
-- tasks.h).

-- The dues rule in force from a month: 'bands' (a rate on the member's monthly base, by the band holding the base; the
-- bands as JSON [{upto_fen, bp}] ascending, the last upto_fen 0 = no upper bound; bp = 万分之) or 'fixed' (fixed_fen).
CREATE TABLE party_dues_rules (
  from_month TEXT PRIMARY KEY,       -- YYYY-MM
  mode TEXT NOT NULL CHECK (mode IN ('bands','fixed')),
  bands TEXT NOT NULL DEFAULT '[]',
  fixed_fen INTEGER NOT NULL DEFAULT 0 CHECK (fixed_fen >= 0),
  updated_by INTEGER,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- A member's monthly base (税后工资收入) in 分 from a month on; a fixed amount of his own overrides the rule
-- (students, members without income: 0.2 元 a month).
CREATE TABLE party_dues_bases (
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  from_month TEXT NOT NULL,
  base_fen INTEGER NOT NULL CHECK (base_fen >= 0),
  fixed_fen INTEGER CHECK (fixed_fen IS NULL OR fixed_fen >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (member_id, from_month)
) WITHOUT ROWID;

-- One payment per member and month: a second one for the same month is refused by the key.
CREATE TABLE party_dues (
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  month TEXT NOT NULL,               -- YYYY-MM the dues are for
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_on TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES party_orgs(id), -- the branch he paid in (kept when he moves later)
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  PRIMARY KEY (member_id, month)
) WITHOUT ROWID;
CREATE INDEX party_dues_org ON party_dues(org_id, month);

-- 党建服务包: one package per shop; the shop's name, unit and, at the start, its level and orders are read through
-- shops.h and kept as the "before" of the result.
CREATE TABLE party_packages (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  shop_id INTEGER NOT NULL UNIQUE,   -- the registry's shop (shops.h), no foreign key into another module
  shop_name TEXT NOT NULL,
  shop_unit_id INTEGER NOT NULL,     -- the shop's unit when paired: the cockpit's visits feed counts by it
  reason TEXT NOT NULL CHECK (reason IN ('高龄','残疾','经营困难','其他困难')),
  reason_note TEXT NOT NULL DEFAULT '',
  needs TEXT NOT NULL DEFAULT '',
  started_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '帮扶中' CHECK (status IN ('帮扶中','已结对完成')),
  before_level TEXT,                 -- the digital-capability level and orders (订购量, 3 months before the start)
  before_score REAL,
  before_orders REAL,
  result_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX party_packages_org ON party_packages(org_id);

-- The pairing: one 牵头 member and two 结对 members.
CREATE TABLE party_package_members (
  package_id INTEGER NOT NULL REFERENCES party_packages(id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES party_members(id),
  role TEXT NOT NULL CHECK (role IN ('牵头','结对')),
  PRIMARY KEY (package_id, member_id)
) WITHOUT ROWID;

CREATE TABLE party_package_measures (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES party_packages(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('提升方案','设备','柜台','指导')),
  content TEXT NOT NULL,
  done_on TEXT                       -- NULL while planned
);
CREATE INDEX party_package_measures_pkg ON party_package_measures(package_id);

CREATE TABLE party_package_visits (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES party_packages(id) ON DELETE CASCADE,
  visited_on TEXT NOT NULL,
  notes TEXT NOT NULL,
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_package_visits_pkg ON party_package_visits(package_id, visited_on);

CREATE TABLE party_visit_files (
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES party_package_visits(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_visit_files_visit ON party_visit_files(visit_id);

-- 党支部+项目: a branch's project; each milestone is one 督办 task (source "party.milestone:<id>").
CREATE TABLE party_projects (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES party_orgs(id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  goal TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中','已完成')),
  result TEXT NOT NULL DEFAULT '',   -- what it achieved, recorded at completion
  completed_on TEXT,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (org_id, name)
);

CREATE TABLE party_milestones (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES party_projects(id),
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  task_id INTEGER,                   -- the 督办 task (tasks.h), read back through tasks_brief_of
  created_at TEXT NOT NULL
);
CREATE INDEX party_milestones_project ON party_milestones(project_id);
