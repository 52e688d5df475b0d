-- Tasks and checklist items opened by other modules (风险复评逾期, 审计整改, 党支部+项目, 专班里程碑, 年度考核…) carry the
-- key of what opened them: one task or item per source, so a sweep that runs twice opens nothing twice.
ALTER TABLE tasks ADD COLUMN source_ref TEXT;
ALTER TABLE tasks ADD COLUMN source_label TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX tasks_source_ref ON tasks(source_ref) WHERE source_ref IS NOT NULL;
ALTER TABLE task_checklist_items ADD COLUMN source_ref TEXT;
CREATE UNIQUE INDEX task_cl_items_source_ref ON task_checklist_items(source_ref) WHERE source_ref IS NOT NULL;
