-- evals 001: 终端评价 — templates, rounds and assignments, evaluations with their photos and signatures, quality flags,
-- review changes, sampled re-checks and appeals. Shop facts (name, unit, manager, place, 业态, 档位, 城乡) are copied into
-- the assignment when a round opens: a round is judged against the registry as it stood, and evals never reads shops'
-- tables (it asks shops.h).

-- Templates: one draft at most (version NULL) and published versions that never change.
CREATE TABLE eval_templates (
  id INTEGER PRIMARY KEY,
  version INTEGER UNIQUE,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','published')),
  published_at TEXT,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TRIGGER eval_templates_frozen BEFORE UPDATE ON eval_templates WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published template is immutable'); END;
CREATE TRIGGER eval_templates_nodelete BEFORE DELETE ON eval_templates WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published template is immutable'); END;

-- Thresholds of the checks and of sampling; a missing key takes the default documented in docs/evals.md.
CREATE TABLE eval_settings (key TEXT PRIMARY KEY, value REAL NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE eval_rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  period TEXT NOT NULL,                -- "2026-Q1" or "2026-03"
  template_id INTEGER NOT NULL REFERENCES eval_templates(id),
  scope TEXT NOT NULL DEFAULT '{}',    -- {"unit_ids":[…],"category":…,"grade_min":…,"grade_max":…,"area":…}
  start_date TEXT NOT NULL,
  deadline_days INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  seed INTEGER NOT NULL,               -- the re-check sample's seed: the same sample every time it is drawn
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX eval_rounds_period ON eval_rounds(period);

CREATE TABLE eval_assignments (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES eval_rounds(id) ON DELETE CASCADE,
  shop_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,            -- the shop's 所
  manager_id INTEGER,                  -- the customer manager who evaluates it
  team_id INTEGER,                     -- the manager's unit (片区) when assigned
  license_no TEXT NOT NULL, shop_name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
  lng REAL, lat REAL,
  category TEXT NOT NULL, grade INTEGER NOT NULL, area TEXT NOT NULL,
  evaluation_id INTEGER,
  urged_at TEXT, urge_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (round_id, shop_id)
);
CREATE INDEX eval_assignments_manager ON eval_assignments(manager_id, round_id);
CREATE INDEX eval_assignments_unit ON eval_assignments(unit_id, round_id);
CREATE INDEX eval_assignments_team ON eval_assignments(team_id, round_id);
CREATE INDEX eval_assignments_shop ON eval_assignments(shop_id, round_id);

CREATE TABLE eval_evaluations (
  id INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES eval_assignments(id) ON DELETE CASCADE,
  round_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  team_id INTEGER,
  manager_id INTEGER,                  -- the assignment's manager (scope)
  evaluator_id INTEGER NOT NULL,
  template_id INTEGER NOT NULL REFERENCES eval_templates(id),
  request_id TEXT NOT NULL,            -- the phone's idempotency key
  answers TEXT NOT NULL,
  answers_key TEXT NOT NULL,           -- the scores in template order: equal keys are identical answer sheets
  total REAL NOT NULL,
  stars INTEGER NOT NULL,
  lng REAL, lat REAL, accuracy REAL,
  open_lng REAL, open_lat REAL, open_accuracy REAL,
  opened_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL,          -- the phone's clock
  received_at TEXT NOT NULL,           -- the server's clock
  note TEXT NOT NULL DEFAULT '',
  signature_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('submitted','flagged','returned','amended','approved','rechecked')),
  return_reason TEXT NOT NULL DEFAULT '',
  returned_count INTEGER NOT NULL DEFAULT 0,
  flag_count INTEGER NOT NULL DEFAULT 0,
  serious INTEGER NOT NULL DEFAULT 0,
  approved_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (evaluator_id, request_id)
);
CREATE INDEX eval_evaluations_round ON eval_evaluations(round_id, state);
CREATE INDEX eval_evaluations_evaluator ON eval_evaluations(evaluator_id, submitted_at);
CREATE INDEX eval_evaluations_copy ON eval_evaluations(round_id, evaluator_id, answers_key);
CREATE INDEX eval_evaluations_shop ON eval_evaluations(shop_id, round_id);
CREATE INDEX eval_evaluations_unit ON eval_evaluations(unit_id, round_id);
CREATE INDEX eval_evaluations_manager ON eval_evaluations(manager_id, round_id);

-- Photos and signatures: the file is kept like task attachments (by SHA-256, next to the database, through tasks.h);
-- dhash is the 64-bit perceptual hash of a photo (signed as SQLite integers are).
CREATE TABLE eval_photos (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER REFERENCES eval_evaluations(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('photo','signature')),
  item_code TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('jpg','png')),
  width INTEGER NOT NULL, height INTEGER NOT NULL,
  dhash INTEGER,
  exif_time TEXT, exif_lng REAL, exif_lat REAL,
  uploaded_by INTEGER NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX eval_photos_eval ON eval_photos(evaluation_id);
CREATE INDEX eval_photos_sha ON eval_photos(sha256);
CREATE INDEX eval_photos_dhash ON eval_photos(kind, dhash);

CREATE TABLE eval_flags (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES eval_evaluations(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  check_no INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('low','medium','high')),
  message TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX eval_flags_eval ON eval_flags(evaluation_id);
CREATE INDEX eval_flags_code ON eval_flags(code, evaluation_id);

-- Every change of an evaluation's result or state after submission: return, amend (before and after), approve,
-- changes after approval (reason required), re-checks and appeal decisions. The shop's history shows these.
CREATE TABLE eval_changes (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES eval_evaluations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  before TEXT, after TEXT,
  by_user INTEGER,
  at TEXT NOT NULL
);
CREATE INDEX eval_changes_eval ON eval_changes(evaluation_id, id);

CREATE TABLE eval_rechecks (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL UNIQUE REFERENCES eval_evaluations(id) ON DELETE CASCADE,
  round_id INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('sample','flagged')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
  rechecker_id INTEGER,
  answers TEXT, total REAL, diff REAL,
  deviation INTEGER NOT NULL DEFAULT 0,
  picked_at TEXT NOT NULL,
  done_at TEXT
);
CREATE INDEX eval_rechecks_round ON eval_rechecks(round_id, status);

CREATE TABLE eval_appeals (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES eval_evaluations(id) ON DELETE CASCADE,
  by_kind TEXT NOT NULL CHECK (by_kind IN ('manager','owner')),
  by_user INTEGER,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','upheld','rejected')),
  decision TEXT NOT NULL DEFAULT '',
  decided_by INTEGER, decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX eval_appeals_eval ON eval_appeals(evaluation_id);
CREATE INDEX eval_appeals_status ON eval_appeals(status, id);

-- Built-in roles get the permissions their work needs (the roles exist: org's migrations run first).
INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, g.perm FROM roles r JOIN (
  SELECT 'leader' AS code, 'evals:round:list' AS perm UNION ALL SELECT 'leader', 'evals:eval:list' UNION ALL SELECT 'leader', 'evals:quality:view'
  UNION ALL SELECT 'leader', 'evals:eval:export'
  UNION ALL SELECT 'dept_head', 'evals:round:list' UNION ALL SELECT 'dept_head', 'evals:eval:list' UNION ALL SELECT 'dept_head', 'evals:eval:review'
  UNION ALL SELECT 'dept_head', 'evals:eval:export' UNION ALL SELECT 'dept_head', 'evals:round:urge' UNION ALL SELECT 'dept_head', 'evals:quality:view'
  UNION ALL SELECT 'dept_head', 'evals:recheck:do' UNION ALL SELECT 'dept_head', 'evals:appeal:decide'
  UNION ALL SELECT 'customer_manager', 'evals:round:list' UNION ALL SELECT 'customer_manager', 'evals:eval:list'
  UNION ALL SELECT 'customer_manager', 'evals:eval:add' UNION ALL SELECT 'customer_manager', 'evals:appeal:add'
  UNION ALL SELECT 'customer_manager', 'evals:quality:view'
  UNION ALL SELECT 'inspector', 'evals:round:list' UNION ALL SELECT 'inspector', 'evals:eval:list' UNION ALL SELECT 'inspector', 'evals:recheck:do'
) g ON g.code = r.code;
