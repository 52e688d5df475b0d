-- tasks 007: one plan per year and title, so saving a plan twice never makes two. Earlier duplicates keep their rows
-- under a title that names their id.
UPDATE task_plans SET title = title || '（' || id || '）'
  WHERE id NOT IN (SELECT min(id) FROM task_plans GROUP BY year, title);
CREATE UNIQUE INDEX task_plans_year_title ON task_plans(year, title);
