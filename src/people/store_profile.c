/* store_profile.c — the SQL of a person's profile: his row on org's users (read-only) and the closed votes he stood in. */
#include "people/internal.h"

json_t *people_store_person_json(int64_t user) {
  db_stmt *s = db_prepare("SELECT p.id, p.username, p.name, p.unit_id, u.name AS unit_name, p.position, p.phone, p.status"
                          " FROM users p JOIN units u ON u.id = p.unit_id WHERE p.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  json_t *o = dbj_first(dbj_rows(s));
  return o;
}

json_t *people_store_person_boxes(int64_t user) {
  db_stmt *s = db_prepare("SELECT b.id AS box_id, c.id AS candidate_id, b.title, b.purpose, b.kind, b.closed_at FROM people_ballot_candidates c"
                          " JOIN people_ballots b ON b.id = c.ballot_id WHERE c.user_id = ? AND b.status = '已结束' ORDER BY b.closed_at DESC, b.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, user);
  return dbj_rows(s);
}
