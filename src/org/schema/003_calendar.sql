-- org 003: the working-day calendar: days that differ from "Monday to Friday work" (holidays, 调休 make-up days).
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,            -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('工作日','休息日','法定节假日','调休上班')),
  name TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
