/* store_import.c — the SQL of the shop registry importer (registry.c h_import): lookups by name and licence, and the
 * insert-or-update of one shop by its licence. */
#include "shops/internal.h"
#include <math.h>

int64_t shops_store_unit_by_name(const char *name) { return db_id_by_text("SELECT id FROM units WHERE name = ?", name); }
int64_t shops_store_shop_by_license(const char *license) { return db_id_by_text("SELECT id FROM shops WHERE license_no = ?", license); }

int shops_store_import_upsert(const shops_import_shop *x, const char *at) {
  db_stmt *s = db_prepare("INSERT INTO shops(license_no, name, owner_name, phone, address, lng, lat, unit_id, manager_id, category, grade, area, status,"
                          " created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14)"
                          " ON CONFLICT(license_no) DO UPDATE SET name = excluded.name, owner_name = excluded.owner_name, phone = excluded.phone,"
                          " address = excluded.address, lng = excluded.lng, lat = excluded.lat, unit_id = excluded.unit_id, manager_id = excluded.manager_id,"
                          " category = excluded.category, grade = excluded.grade, area = excluded.area, status = excluded.status, updated_at = excluded.updated_at");
  if (!s) return -1;
  db_bind_text(s, 1, x->license);
  db_bind_text(s, 2, x->name);
  db_bind_text(s, 3, x->owner);
  db_bind_text(s, 4, x->phone);
  db_bind_text(s, 5, x->address);
  if (!isnan(x->lng)) db_bind_double(s, 6, x->lng); else db_bind_null(s, 6);
  if (!isnan(x->lat)) db_bind_double(s, 7, x->lat); else db_bind_null(s, 7);
  db_bind_int(s, 8, x->unit);
  if (x->manager) db_bind_int(s, 9, x->manager); else db_bind_null(s, 9);
  db_bind_text(s, 10, x->format);
  db_bind_int(s, 11, x->grade);
  db_bind_text(s, 12, x->area);
  db_bind_text(s, 13, x->status);
  db_bind_text(s, 14, at);
  return db_step(s) == DB_DONE ? 0 : -1;
}
