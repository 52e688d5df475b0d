-- tasks 002: a task's deadline may be counted in working days (the calendar of 工作日历: holidays and 调休). Tasks made
-- before this stay on calendar days so their lights do not change on upgrade; the API makes new tasks with workdays = 1.
ALTER TABLE tasks ADD COLUMN workdays INTEGER NOT NULL DEFAULT 0 CHECK (workdays IN (0, 1));
