/* store_unit_options.c — the unit names and tree every signed-in user may read, for pickers and filters on any page
 * (not the management view of 单位管理, which needs org:unit:list). */
#include "org/internal.h"

json_t *org_store_unit_options(req *r, int in_scope) {
  db_stmt *s = db_prepare("SELECT u.id, u.parent_id, u.code, u.name, u.kind, u.enabled AS b_enabled FROM units u"
                          " WHERE ?5 = 0 OR " ORG_SCOPE_SQL("u.id", "NULL", 1, 2, 3) " OR u.id = ?4"
                          " ORDER BY u.parent_id IS NOT NULL, u.parent_id, u.sort, u.id");
  if (!s) return NULL;
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, org_caller(r)->unit_id);
  db_bind_int(s, 5, in_scope ? 1 : 0);
  return dbj_rows(s);
}
