-- people 006: training (培训) — 内训师, the shared course library with materials, sessions with QR sign-in, study hours
-- imported from the industry's online college, and the year's required hours. Hours are kept in tenths (学时 × 10).
CREATE TABLE people_trainers (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  title TEXT NOT NULL DEFAULT '内训师',              -- 内训师 / 高级内训师
  speciality TEXT NOT NULL DEFAULT '',
  since TEXT NOT NULL
);

CREATE TABLE people_courses (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '业务',           -- 业务 / 专卖 / 营销 / 安全 / 党建 / 综合
  hours_x10 INTEGER NOT NULL CHECK (hours_x10 BETWEEN 1 AND 1000),
  teacher_id INTEGER REFERENCES users(id),
  summary TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);

-- Files kept through tasks.h's store (by SHA-256): course materials and project outputs' evidence.
CREATE TABLE people_files (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('course','output')),
  owner_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_files_owner ON people_files(owner_kind, owner_id, id);

CREATE TABLE people_sessions (
  id INTEGER PRIMARY KEY,
  course_id INTEGER NOT NULL REFERENCES people_courses(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),   -- the organising unit (data scope)
  held_on TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  teacher_id INTEGER REFERENCES users(id),
  hours_x10 INTEGER NOT NULL CHECK (hours_x10 BETWEEN 1 AND 1000),
  token TEXT NOT NULL,                             -- in the QR link; sign-in needs it
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX people_sessions_held ON people_sessions(held_on);

CREATE TABLE people_signins (
  session_id INTEGER NOT NULL REFERENCES people_sessions(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  signed_at TEXT NOT NULL,
  PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;
CREATE INDEX people_signins_user ON people_signins(user_id);

-- Hours from the online college (网络学院) import: one row per person, course and day.
CREATE TABLE people_study_hours (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  course TEXT NOT NULL,
  studied_on TEXT NOT NULL,
  hours_x10 INTEGER NOT NULL CHECK (hours_x10 BETWEEN 1 AND 2000),
  source TEXT NOT NULL DEFAULT '网络学院',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (user_id, course, studied_on)
);
CREATE INDEX people_study_hours_day ON people_study_hours(studied_on);

-- The year's required hours per person (a setting of 人事); a year without a row uses the latest earlier one, else 40.
CREATE TABLE people_training_required (
  year INTEGER PRIMARY KEY,
  hours_x10 INTEGER NOT NULL CHECK (hours_x10 BETWEEN 0 AND 2000)
);
