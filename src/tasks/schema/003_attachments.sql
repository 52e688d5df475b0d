-- tasks 003: attachments of progress reports and checklist evidence. The file itself lies next to the database, under
-- files/<first two hex of sha256>/<sha256>; equal contents share one file. owner says what it belongs to (a task or a
-- checklist item) and so whose permissions and data scope guard it; event_id links a task's file to the report that
-- carried it (NULL while the handler has uploaded it but not yet sent the report).
CREATE TABLE task_attachments (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  name TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  type TEXT NOT NULL CHECK (type IN ('pdf','jpg','png','docx','xlsx','txt')),
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('task','item')),
  owner_id INTEGER NOT NULL,
  event_id INTEGER REFERENCES task_events(id) ON DELETE SET NULL,
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX task_attachments_owner ON task_attachments(owner_kind, owner_id, id);
CREATE INDEX task_attachments_event ON task_attachments(event_id);
