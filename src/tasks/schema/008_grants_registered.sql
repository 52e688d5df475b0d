-- tasks 008: the built-in roles' grants of this module are registered with org at start (org_register_grants) and given
-- once by org; this module owns no trigger on org's roles table any more. Grants already given stay as they are.
DROP TRIGGER IF EXISTS task_role_grants_new;
DROP TABLE IF EXISTS task_role_grants;
