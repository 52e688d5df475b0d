-- cockpit 001: indicators (definitions), their monthly values per unit, yearly/monthly targets, API keys for other
-- systems, and a change log the live stream watches (filled by triggers, so writes from any process are seen).
CREATE TABLE cockpit_indicators (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('营销','专卖','内管','党建','安全','综合')),
  uom TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher','lower','band')),
  time_agg TEXT NOT NULL DEFAULT 'sum' CHECK (time_agg IN ('sum','avg','last','ratio')),
  unit_agg TEXT NOT NULL DEFAULT 'sum' CHECK (unit_agg IN ('sum','avg','last','ratio')),
  num_code TEXT,                 -- ratio indicators: numerator and denominator indicator codes
  den_code TEXT,
  scale REAL NOT NULL DEFAULT 1, -- ratio × scale (100 for percentages, 10000 for 万元 per 箱 → 元)
  band_lo REAL, band_hi REAL,
  decimals INTEGER NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 4),
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0), -- composite score weight, set by the admin
  key_view INTEGER NOT NULL DEFAULT 0,                -- shown on the 大屏
  feeder TEXT NOT NULL DEFAULT '',                    -- module that feeds it ('' = entered or imported)
  description TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((time_agg = 'ratio') = (num_code IS NOT NULL AND den_code IS NOT NULL))
);
CREATE INDEX cockpit_indicators_cat ON cockpit_indicators(category, sort);

CREATE TABLE cockpit_values (
  indicator_id INTEGER NOT NULL REFERENCES cockpit_indicators(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  month TEXT NOT NULL CHECK (length(month) = 7),
  value REAL NOT NULL,
  source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','import','api','module','demo')),
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (indicator_id, unit_id, month)
) WITHOUT ROWID;
CREATE INDEX cockpit_values_month ON cockpit_values(month, indicator_id, unit_id, value);
CREATE INDEX cockpit_values_unit ON cockpit_values(unit_id, indicator_id, month);

-- month 0 = the whole year; 1..12 = that month's share (optional split).
CREATE TABLE cockpit_targets (
  indicator_id INTEGER NOT NULL REFERENCES cockpit_indicators(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  year INTEGER NOT NULL,
  month INTEGER NOT NULL DEFAULT 0 CHECK (month BETWEEN 0 AND 12),
  value REAL NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (indicator_id, unit_id, year, month)
) WITHOUT ROWID;

-- Keys for other systems: only the SHA-256 of the key is kept; scope = indicator codes it may write.
CREATE TABLE cockpit_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  indicator_codes TEXT NOT NULL DEFAULT '[]',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);

CREATE TABLE cockpit_changes (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  month TEXT NOT NULL
);
CREATE TRIGGER cockpit_values_ins AFTER INSERT ON cockpit_values BEGIN
  INSERT INTO cockpit_changes(indicator_id, unit_id, month) VALUES (NEW.indicator_id, NEW.unit_id, NEW.month);
END;
CREATE TRIGGER cockpit_values_upd AFTER UPDATE OF value ON cockpit_values WHEN NEW.value IS NOT OLD.value BEGIN
  INSERT INTO cockpit_changes(indicator_id, unit_id, month) VALUES (NEW.indicator_id, NEW.unit_id, NEW.month);
END;
CREATE TRIGGER cockpit_values_del AFTER DELETE ON cockpit_values BEGIN
  INSERT INTO cockpit_changes(indicator_id, unit_id, month) VALUES (OLD.indicator_id, OLD.unit_id, OLD.month);
END;

CREATE TABLE cockpit_role_grants (role_code TEXT NOT NULL, perm TEXT NOT NULL, PRIMARY KEY (role_code, perm)) WITHOUT ROWID;
INSERT INTO cockpit_role_grants(role_code, perm) VALUES
  ('leader','cockpit:view:list'),('leader','cockpit:view:peers'),('leader','cockpit:view:bureau'),('leader','cockpit:view:export'),
  ('dept_head','cockpit:view:list'),('dept_head','cockpit:view:peers'),('dept_head','cockpit:view:bureau'),('dept_head','cockpit:view:export'),
  ('dept_head','cockpit:value:edit'),('dept_head','cockpit:value:import'),
  ('discipline','cockpit:view:list'),('discipline','cockpit:view:peers'),('discipline','cockpit:view:bureau'),('discipline','cockpit:view:export'),
  ('inspector','cockpit:view:list'),('inspector','cockpit:view:bureau'),
  ('customer_manager','cockpit:view:list'),('customer_manager','cockpit:view:bureau'),
  ('staff','cockpit:view:list');
INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, g.perm FROM roles r JOIN cockpit_role_grants g ON g.role_code = r.code;
CREATE TRIGGER cockpit_role_grants_new AFTER INSERT ON roles BEGIN
  INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT NEW.id, perm FROM cockpit_role_grants WHERE role_code = NEW.code;
END;
