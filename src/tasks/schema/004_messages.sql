-- tasks 004: the in-app message centre (消息中心) and the optional group robot (企业微信/钉钉 webhook) of each unit.
-- A message belongs to one user; deadline notices carry a dedupe key (threshold, task, due date) so the periodic sweep
-- makes one message per task per threshold however often it runs, in however many processes.
CREATE TABLE task_messages (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('assign','urge','return','due_soon','overdue')),
  task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  dedupe TEXT,
  read_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX task_messages_user ON task_messages(user_id, id);
CREATE INDEX task_messages_unread ON task_messages(user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX task_messages_once ON task_messages(user_id, dedupe) WHERE dedupe IS NOT NULL;

-- One robot per unit: messages about the unit's tasks (as lead unit) are also posted to its group. http:// only.
CREATE TABLE task_unit_webhooks (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  updated_at TEXT NOT NULL
);
-- Posts waiting for the background sender, written in the same transaction as the message they tell of.
CREATE TABLE task_webhook_outbox (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX task_webhook_outbox_due ON task_webhook_outbox(status, next_at);
