/* store_import.c — lookups the importers of every module share (users by username), beside org's by-code ones. */
#include "org/internal.h"

int64_t org_user_id_by_username(const char *username) { return db_id_by_text("SELECT id FROM users WHERE username = ?", username); }
