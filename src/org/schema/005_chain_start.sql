-- org 005: where a hash chain starts once its older days have been archived to a file (bureau audit archive):
-- the last hash of the archived rows, so the rows that stay still verify.
CREATE TABLE chain_start (
  table_name TEXT PRIMARY KEY CHECK (table_name IN ('audit_log','login_log')),
  prev_hash TEXT NOT NULL,
  archived_rows INTEGER NOT NULL,
  archive_file TEXT NOT NULL,
  archived_at TEXT NOT NULL
);
