-- tasks 005: 回头看 of closed checklist items — a sample drawn at random from a checklist's 已销号 items; each drawn
-- item gets a review record that is later confirmed (问题未反弹) or reopens the item (问题反弹, back to 进行中).
CREATE TABLE task_cl_reviews (
  id INTEGER PRIMARY KEY,
  checklist_id INTEGER NOT NULL REFERENCES task_checklists(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES task_checklist_items(id) ON DELETE CASCADE,
  batch TEXT NOT NULL,                       -- one draw: the time it was drawn
  status TEXT NOT NULL DEFAULT '待复查' CHECK (status IN ('待复查','已确认','已重新整改')),
  note TEXT NOT NULL DEFAULT '',
  drawn_by INTEGER REFERENCES users(id),
  reviewed_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  reviewed_at TEXT
);
CREATE INDEX task_cl_reviews_list ON task_cl_reviews(checklist_id, id);
CREATE INDEX task_cl_reviews_item ON task_cl_reviews(item_id);
