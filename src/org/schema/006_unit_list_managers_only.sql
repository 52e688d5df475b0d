-- org 006: 单位管理 (org:unit:list) no longer for the self-scoped field roles (客户经理, 普通员工): they held it only so
-- pages could fill unit pickers, which now read GET /org/units/options (every signed-in user), so the 单位管理 menu
-- no longer shows to them.
DELETE FROM role_perms WHERE perm = 'org:unit:list'
  AND role_id IN (SELECT id FROM roles WHERE builtin = 1 AND code IN ('customer_manager', 'staff'));
