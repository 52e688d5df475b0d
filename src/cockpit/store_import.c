/* store_import.c — the SQL of the cockpit's value importer (import.c) beyond writing values (ck_value_put). */
#include "cockpit/internal.h"

int64_t ck_store_import_indicator(const char *code) {
  return db_id_by_text("SELECT id FROM cockpit_indicators WHERE code = ? AND enabled = 1 AND time_agg <> 'ratio'", code);
}
