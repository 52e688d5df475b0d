-- base 002: one change counter per table that a cached answer reads. A module's migration adds its tables' rows and
-- the triggers that bump them, so every write (server, CLI, another process on the same database) moves the counter
-- in its own transaction; base/pagecache.h keeps list pages under the sum of the counters they read.
CREATE TABLE table_versions (name TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
