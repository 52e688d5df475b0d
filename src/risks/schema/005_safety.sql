-- risks 005: 安全生产 checks by place (templates built in, items after YC/T 384), their answered items, photos, and the
-- hazards they found: 整改中 → 待复查 → 已关闭 (a failed re-inspection sends it back to 整改中).
CREATE TABLE risk_safety_checks (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  place TEXT NOT NULL CHECK (place IN ('仓库','车辆','办公楼','营业网点')),
  target TEXT NOT NULL,
  day TEXT NOT NULL,
  inspectors TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '检查中' CHECK (status IN ('检查中','已完成')),
  items_total INTEGER NOT NULL DEFAULT 0,
  items_failed INTEGER NOT NULL DEFAULT 0,
  finished_at TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_safety_checks_unit ON risk_safety_checks(unit_id, day);
CREATE INDEX risk_safety_checks_day ON risk_safety_checks(day);
CREATE TABLE risk_safety_results (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES risk_safety_checks(id),
  code TEXT NOT NULL,
  element TEXT NOT NULL,
  text TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('合格','不合格','不适用')),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (check_id, code)
);
CREATE TABLE risk_hazards (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES risk_safety_checks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  code TEXT NOT NULL,
  description TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('一般隐患','重大隐患')),
  found_on TEXT NOT NULL,
  limit_days INTEGER NOT NULL,
  due TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '整改中' CHECK (status IN ('整改中','待复查','已关闭')),
  rectified_on TEXT,
  closed_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risk_hazards_unit ON risk_hazards(unit_id, status);
CREATE INDEX risk_hazards_check ON risk_hazards(check_id);
CREATE INDEX risk_hazards_found ON risk_hazards(found_on);
CREATE TABLE risk_hazard_events (
  id INTEGER PRIMARY KEY,
  hazard_id INTEGER NOT NULL REFERENCES risk_hazards(id),
  kind TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX risk_hazard_events_hazard ON risk_hazard_events(hazard_id);
-- Photos of a check item (stage 检查) or of a hazard's rectification (stage 整改), kept as attachments are (sha256).
CREATE TABLE risk_safety_photos (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES risk_safety_checks(id),
  hazard_id INTEGER REFERENCES risk_hazards(id),
  code TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL CHECK (stage IN ('检查','整改','复查')),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX risk_safety_photos_check ON risk_safety_photos(check_id, code);
CREATE INDEX risk_safety_photos_hazard ON risk_safety_photos(hazard_id);
