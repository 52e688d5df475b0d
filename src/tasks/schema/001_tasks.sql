-- tasks 001: annual plans and their outline nodes, supervised tasks (督办) with their event timeline, checklists (清单闭环).
CREATE TABLE task_plans (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  theme TEXT NOT NULL DEFAULT '',
  source_text TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX task_plans_year ON task_plans(year);

CREATE TABLE task_plan_nodes (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES task_plans(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES task_plan_nodes(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  level INTEGER NOT NULL DEFAULT 1,
  label TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_plan_nodes_plan ON task_plan_nodes(plan_id, parent_id, sort);

-- Status is stored; lights and "overdue" are derived from due_date and today, never stored.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER REFERENCES task_plans(id),
  node_id INTEGER REFERENCES task_plan_nodes(id),
  title TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  lead_unit_id INTEGER NOT NULL REFERENCES units(id),
  co_unit_ids TEXT NOT NULL DEFAULT '[]',       -- JSON array of unit ids (配合单位)
  owner_id INTEGER REFERENCES users(id),        -- 责任人
  leader_id INTEGER REFERENCES users(id),       -- 分管领导
  start_date TEXT,
  due_date TEXT NOT NULL,
  priority TEXT NOT NULL DEFAULT '中' CHECK (priority IN ('高','中','低')),
  evidence_required TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿','已交办','办理中','待审核','已办结')),
  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  return_reason TEXT NOT NULL DEFAULT '',
  urge_count INTEGER NOT NULL DEFAULT 0,
  evaluation TEXT NOT NULL DEFAULT '',
  evaluation_note TEXT NOT NULL DEFAULT '',
  assigned_at TEXT,
  closed_at TEXT,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tasks_due ON tasks(due_date, id);
CREATE INDEX tasks_unit ON tasks(lead_unit_id, status, due_date);
CREATE INDEX tasks_owner ON tasks(owner_id, status);
CREATE INDEX tasks_plan ON tasks(plan_id, node_id);
CREATE INDEX tasks_status ON tasks(status, due_date);

-- The timeline of a task: assignment, sign-off, progress reports (percent + text), urges, returns, closure, 回头看.
CREATE TABLE task_events (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('create','edit','assign','accept','report','submit','return','close','urge','review','reopen')),
  percent INTEGER,
  text TEXT NOT NULL DEFAULT '',
  user_id INTEGER,
  user_name TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, id);

CREATE TABLE task_checklists (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('办实事','整改','通用')),
  title TEXT NOT NULL,
  year INTEGER NOT NULL,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX task_checklists_kind ON task_checklists(kind, year);

-- One row per item; the fields of every kind live here (unused ones stay empty/0). Money in 分.
CREATE TABLE task_checklist_items (
  id INTEGER PRIMARY KEY,
  checklist_id INTEGER NOT NULL REFERENCES task_checklists(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,                          -- 事项 / 问题
  target_group TEXT NOT NULL DEFAULT '',        -- 办实事: 群众 / 客户 / 基层
  source TEXT NOT NULL DEFAULT '',              -- 整改: 政治巡察反馈 / 两项整改 / 回头看 …
  measures TEXT NOT NULL DEFAULT '',
  unit_id INTEGER NOT NULL REFERENCES units(id),
  owner_id INTEGER REFERENCES users(id),
  due_date TEXT,
  amount_fen INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  recovered_fen INTEGER NOT NULL DEFAULT 0 CHECK (recovered_fen >= 0),
  refunded_fen INTEGER NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
  people INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0),
  status TEXT NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中','待审核','已销号')),
  evidence TEXT NOT NULL DEFAULT '',
  reject_reason TEXT NOT NULL DEFAULT '',
  submitted_at TEXT,
  closed_at TEXT,
  approved_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX task_cl_items_list ON task_checklist_items(checklist_id, seq, id);
CREATE INDEX task_cl_items_unit ON task_checklist_items(unit_id, status);

-- Built-in roles' access to this module. Roles are seeded by `bureau init` after migrations run, so a trigger grants
-- the same rows when a built-in role is created later; the INSERT covers databases whose roles already exist.
CREATE TABLE task_role_grants (role_code TEXT NOT NULL, perm TEXT NOT NULL, PRIMARY KEY (role_code, perm)) WITHOUT ROWID;
INSERT INTO task_role_grants(role_code, perm) VALUES
  ('leader','tasks:plan:list'),('leader','tasks:plan:add'),('leader','tasks:task:list'),('leader','tasks:task:add'),('leader','tasks:task:edit'),
  ('leader','tasks:task:supervise'),('leader','tasks:task:export'),('leader','tasks:checklist:list'),('leader','tasks:checklist:add'),
  ('leader','tasks:checklist:approve'),('leader','tasks:checklist:export'),
  ('dept_head','tasks:plan:list'),('dept_head','tasks:task:list'),('dept_head','tasks:task:handle'),('dept_head','tasks:task:export'),
  ('dept_head','tasks:checklist:list'),('dept_head','tasks:checklist:handle'),('dept_head','tasks:checklist:export'),
  ('discipline','tasks:plan:list'),('discipline','tasks:task:list'),('discipline','tasks:checklist:list'),('discipline','tasks:checklist:add'),
  ('discipline','tasks:checklist:edit'),('discipline','tasks:checklist:approve'),('discipline','tasks:checklist:import'),('discipline','tasks:checklist:export'),
  ('inspector','tasks:task:list'),('inspector','tasks:task:handle'),('inspector','tasks:checklist:list'),('inspector','tasks:checklist:handle'),
  ('customer_manager','tasks:task:list'),('customer_manager','tasks:task:handle'),('customer_manager','tasks:checklist:list'),('customer_manager','tasks:checklist:handle'),
  ('staff','tasks:task:list'),('staff','tasks:task:handle'),('staff','tasks:checklist:list'),('staff','tasks:checklist:handle');
INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, g.perm FROM roles r JOIN task_role_grants g ON g.role_code = r.code;
CREATE TRIGGER task_role_grants_new AFTER INSERT ON roles BEGIN
  INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT NEW.id, perm FROM task_role_grants WHERE role_code = NEW.code;
END;
