-- tasks 006: an index for each sort the 督办台账 offers besides the due date (tasks_due), so a page is read from an index
-- instead of sorting every task; measured in bench/RESULTS-tasks.md.
CREATE INDEX tasks_created ON tasks(created_at, id);
CREATE INDEX tasks_updated ON tasks(updated_at, id);
CREATE INDEX tasks_progress ON tasks(progress, id);
