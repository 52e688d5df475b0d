-- shops 001: the retail shop registry (零售户), its dictionaries, monthly data, assessment templates and assessments.
CREATE TABLE shop_categories (name TEXT PRIMARY KEY, sort INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID; -- 业态, admins may add
INSERT INTO shop_categories(name, sort) VALUES ('食杂店',1),('便利店',2),('超市',3),('烟酒商店',4),('娱乐服务类',5),('其他',9);

CREATE TABLE shop_metrics (code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, unit TEXT NOT NULL DEFAULT '', sort INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
INSERT INTO shop_metrics(code, name, unit, sort) VALUES
  ('order_qty','订购量','条',1),('scan_qty','扫码销售量','条',2),('online_orders','网上订货次数','次',3),('mobile_pay_share','移动支付笔数占比','%',4),
  ('active_days','终端活跃天数','天',5),('order_amount','订购金额','元',6),('member_qty','会员销售量','条',7),('pay_count','聚合支付笔数','笔',8);

CREATE TABLE shops (
  id INTEGER PRIMARY KEY,
  license_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  owner_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lng REAL, lat REAL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  manager_id INTEGER REFERENCES users(id),
  category TEXT NOT NULL REFERENCES shop_categories(name),
  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 30),
  area TEXT NOT NULL CHECK (area IN ('城镇','乡村')),
  status TEXT NOT NULL DEFAULT '正常' CHECK (status IN ('正常','停业','注销')),
  status_date TEXT,
  opened_on TEXT,
  -- the latest assessment, kept here so lists filter and sort by level without a join
  score REAL, level TEXT, assessed_at TEXT, last_assessment_id INTEGER,
  selfcheck_token TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX shops_unit ON shops(unit_id, status);
CREATE INDEX shops_manager ON shops(manager_id, status);
CREATE INDEX shops_category ON shops(category);
CREATE INDEX shops_grade ON shops(grade);
CREATE INDEX shops_level ON shops(level);

-- One value per shop, month and metric; a month re-imported replaces that month of the shops in the file.
CREATE TABLE shop_data (
  shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  metric TEXT NOT NULL REFERENCES shop_metrics(code),
  value REAL NOT NULL,
  PRIMARY KEY (shop_id, month, metric)
) WITHOUT ROWID;
CREATE INDEX shop_data_month ON shop_data(month);

-- Templates: one draft at most (version NULL) and published versions, which never change.
CREATE TABLE shop_templates (
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
CREATE TRIGGER shop_templates_frozen BEFORE UPDATE ON shop_templates WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published template is immutable'); END;
CREATE TRIGGER shop_templates_nodelete BEFORE DELETE ON shop_templates WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'published template is immutable'); END;

-- kind: 走访 (visit by the manager), 自测 (self-check by the owner), 批量 (rescored from data by the batch).
CREATE TABLE shop_assessments (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  template_id INTEGER NOT NULL REFERENCES shop_templates(id),
  kind TEXT NOT NULL CHECK (kind IN ('走访','自测','批量')),
  month TEXT NOT NULL,
  answers TEXT NOT NULL DEFAULT '{}',
  result TEXT NOT NULL,
  total REAL,
  level TEXT,
  coverage REAL NOT NULL DEFAULT 0,
  lng REAL, lat REAL,
  assessed_by INTEGER REFERENCES users(id),
  assessed_at TEXT NOT NULL
);
CREATE INDEX shop_assessments_shop ON shop_assessments(shop_id, assessed_at);
CREATE INDEX shop_assessments_at ON shop_assessments(assessed_at);

-- Batch runs (resumable): the last shop id committed.
CREATE TABLE shop_assess_runs (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  template_id INTEGER NOT NULL,
  last_shop_id INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done')),
  started_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE shop_role_grants (role_code TEXT NOT NULL, perm TEXT NOT NULL, PRIMARY KEY (role_code, perm)) WITHOUT ROWID;
INSERT INTO shop_role_grants(role_code, perm) VALUES
  ('leader','shops:shop:list'),('leader','shops:shop:export'),('leader','shops:assess:list'),('leader','shops:picture:view'),
  ('dept_head','shops:shop:list'),('dept_head','shops:shop:export'),('dept_head','shops:shop:edit'),('dept_head','shops:assess:list'),
  ('dept_head','shops:assess:add'),('dept_head','shops:picture:view'),('dept_head','shops:data:import'),
  ('customer_manager','shops:shop:list'),('customer_manager','shops:shop:export'),('customer_manager','shops:assess:list'),('customer_manager','shops:assess:add'),
  ('inspector','shops:shop:list'),('inspector','shops:shop:export'),('inspector','shops:assess:list'),('inspector','shops:picture:view');
INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, g.perm FROM roles r JOIN shop_role_grants g ON g.role_code = r.code;
CREATE TRIGGER shop_role_grants_new AFTER INSERT ON roles BEGIN
  INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT NEW.id, perm FROM shop_role_grants WHERE role_code = NEW.code;
END;
