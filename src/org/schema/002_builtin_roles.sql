-- org 002: the built-in roles of a county bureau and their permissions (modules add theirs in their own migrations).
INSERT INTO roles(code, name, data_scope, sort, builtin, created_at, updated_at) VALUES
  ('admin', '系统管理员', 'all', 1, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('leader', '局领导', 'all', 2, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('dept_head', '部门负责人', 'unit_below', 3, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('customer_manager', '客户经理', 'self', 4, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('inspector', '专卖管理员', 'unit', 5, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('discipline', '纪检监察', 'all', 6, 1, datetime('now','localtime'), datetime('now','localtime')),
  ('staff', '普通员工', 'self', 7, 1, datetime('now','localtime'), datetime('now','localtime'));
INSERT INTO role_perms(role_id, perm) SELECT id, '*:*:*' FROM roles WHERE code = 'admin';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:export' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:role:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:audit:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:login:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:online:list' FROM roles WHERE code = 'leader';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'dept_head';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:list' FROM roles WHERE code = 'dept_head';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:export' FROM roles WHERE code = 'dept_head';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'customer_manager';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'inspector';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:list' FROM roles WHERE code = 'inspector';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:user:list' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:audit:list' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:audit:export' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:login:list' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'monitor:login:export' FROM roles WHERE code = 'discipline';
INSERT INTO role_perms(role_id, perm) SELECT id, 'org:unit:list' FROM roles WHERE code = 'staff';
