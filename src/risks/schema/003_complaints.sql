-- risks 003: complaints as work orders (12313, 信访, 来电, 网络): intake, dispatch to a unit with a time limit in working
-- days, handling notes, reply, the caller's rating and return visit. conduct = 1: about a member of staff (restricted).
CREATE TABLE risk_complaints (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('12313','信访','来电','网络')),
  category TEXT NOT NULL,
  conduct INTEGER NOT NULL DEFAULT 0,
  caller TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  received_on TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  limit_days INTEGER NOT NULL DEFAULT 5,
  due TEXT,
  status TEXT NOT NULL DEFAULT '待派发' CHECK (status IN ('待派发','办理中','已回复','已办结')),
  reply TEXT NOT NULL DEFAULT '',
  replied_on TEXT,
  rating TEXT CHECK (rating IN ('满意','基本满意','不满意')),
  return_visit TEXT NOT NULL DEFAULT '',
  closed_on TEXT,
  urges INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risk_complaints_unit ON risk_complaints(unit_id, status);
CREATE TABLE risk_complaint_events (
  id INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES risk_complaints(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('受理','派发','办理','回复','回访','催办')),
  note TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX risk_complaint_events_c ON risk_complaint_events(complaint_id, id);
