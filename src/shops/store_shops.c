/* store_shops.c — all SQL of the shop registry outside its import: the list with its filters (one WHERE for count, page
 * and export, values bound), one shop as JSON, create / edit / delete with their constraint outcome, and the
 * dictionaries (业态, metrics, the customer managers in the caller's scope). Writers hold the caller's transaction. */
#include "shops/internal.h"
#include <stdio.h>
#include <string.h>

#define SHOP_JSON "json_object('id', s.id, 'license_no', s.license_no, 'name', s.name, 'owner_name', s.owner_name, 'phone', s.phone," \
  " 'address', s.address, 'lng', s.lng, 'lat', s.lat, 'unit_id', s.unit_id, 'unit_name', u.name, 'unit_code', u.code," \
  " 'manager_id', s.manager_id, 'manager_name', m.name, 'manager_username', m.username, 'category', s.category, 'grade', s.grade, 'area', s.area," \
  " 'status', s.status, 'status_date', s.status_date, 'opened_on', s.opened_on, 'score', s.score, 'level', s.level, 'assessed_at', s.assessed_at," \
  " 'created_at', s.created_at, 'updated_at', s.updated_at)"
#define SHOP_FROM " FROM shops s JOIN units u ON u.id = s.unit_id LEFT JOIN users m ON m.id = s.manager_id"

int shops_store_category_exists(const char *name) {
  db_stmt *s = db_prepare("SELECT 1 FROM shop_categories WHERE name = ?");
  if (!s) return 0;
  db_bind_text(s, 1, name);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

int shops_store_user_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM users WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

json_t *shops_store_shop_json(int64_t id) {
  db_stmt *s = db_prepare("SELECT " SHOP_JSON SHOP_FROM " WHERE s.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  return dbj_one_text(s);
}

/* ---- list ---- */
/* in the order of shops_list_sorts */
static const char *const orders[][2] = {
  {" ORDER BY s.id", " ORDER BY s.id DESC"}, {" ORDER BY s.name, s.id", " ORDER BY s.name DESC, s.id DESC"},
  {" ORDER BY s.grade, s.id", " ORDER BY s.grade DESC, s.id DESC"}, {" ORDER BY s.score IS NULL, s.score, s.id", " ORDER BY s.score DESC, s.id DESC"},
  {" ORDER BY s.assessed_at IS NULL, s.assessed_at, s.id", " ORDER BY s.assessed_at DESC, s.id DESC"},
  {" ORDER BY s.license_no", " ORDER BY s.license_no DESC"},
};
const char *const shops_list_sorts[] = {"id", "name", "grade", "score", "assessed_at", "license_no", NULL};
#define LIST_WHERE " WHERE " SHOP_SCOPE " AND (?4 = 0 OR s.unit_id = ?4) AND (?5 = 0 OR s.manager_id = ?5) AND (?6 IS NULL OR s.category = ?6)" \
  " AND (?7 = 0 OR s.grade >= ?7) AND (?8 = 0 OR s.grade <= ?8) AND (?9 IS NULL OR s.level = ?9 OR (?9 = '未检测' AND s.level IS NULL AND s.last_assessment_id IS NULL)" \
  " OR (?9 = '数据不足' AND s.level IS NULL AND s.last_assessment_id IS NOT NULL))" \
  " AND (?10 IS NULL OR s.status = ?10) AND (?11 IS NULL OR s.area = ?11)" \
  " AND (?12 IS NULL OR s.name LIKE ?12 ESCAPE '\\' OR s.license_no LIKE ?12 ESCAPE '\\' OR s.owner_name LIKE ?12 ESCAPE '\\' OR s.address LIKE ?12 ESCAPE '\\')"

static void bind_list(req *r, db_stmt *s, const shops_list_q *q) {
  org_scope_bind(r, s, 1);
  db_bind_int(s, 4, q->unit);
  db_bind_int(s, 5, q->manager);
  db_bind_text(s, 6, q->category);
  db_bind_int(s, 7, q->gmin);
  db_bind_int(s, 8, q->gmax);
  db_bind_text(s, 9, q->level);
  db_bind_text(s, 10, q->status);
  db_bind_text(s, 11, q->area);
  db_bind_text(s, 12, q->like);
}

int64_t shops_store_list_count(req *r, const shops_list_q *q) {
  db_stmt *s = db_prepare("SELECT count(*) FROM shops s" LIST_WHERE);
  if (!s) return -1;
  bind_list(r, s, q);
  int64_t total = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  return total;
}

static db_stmt *page_stmt(req *r, const shops_list_q *q, int64_t limit, int64_t offset) {
  char sql[4096];
  int sort = q->sort >= 0 && q->sort < (int)(sizeof orders / sizeof orders[0]) ? q->sort : 0;
  snprintf(sql, sizeof sql, "SELECT " SHOP_JSON SHOP_FROM LIST_WHERE "%s LIMIT ?13 OFFSET ?14", orders[sort][q->desc != 0]);
  db_stmt *s = db_prepare(sql);
  if (!s) return NULL;
  bind_list(r, s, q);
  db_bind_int(s, 13, limit);
  db_bind_int(s, 14, offset);
  return s;
}

char *shops_store_list_page(req *r, const shops_list_q *q, int64_t total, int64_t size, int64_t offset, size_t *len) {
  db_stmt *s = page_stmt(r, q, size, offset);
  return s ? dbj_page_text(s, total, len) : NULL;
}

json_t *shops_store_list_all(req *r, const shops_list_q *q) {
  db_stmt *s = page_stmt(r, q, -1, 0);
  return s ? dbj_rows_text(s) : NULL;
}

/* ---- create, edit, delete ---- */
static void bind_opt_text(db_stmt *s, int i, const char *v, const char *def) { db_bind_text(s, i, v ? v : def); }

/* A constraint failed: the 许可证号 taken (by a concurrent create or edit that committed first), else the unit or the
 * manager gone meanwhile. */
static shops_write_rc constraint_of(const char *license, int64_t self_id) {
  db_stmt *s = db_prepare("SELECT 1 FROM shops WHERE license_no = ? AND id <> ?");
  if (s && license) {
    db_bind_text(s, 1, license);
    db_bind_int(s, 2, self_id);
    int taken = db_step(s) == DB_ROW;
    db_reset(s);
    if (taken) return SHOPS_W_DUP_LICENSE;
  }
  return SHOPS_W_GONE_REF;
}

shops_write_rc shops_store_shop_insert(const shops_shop_in *in, const char *at, int64_t *id) {
  db_stmt *s = db_prepare("INSERT INTO shops(license_no, name, owner_name, phone, address, lng, lat, unit_id, manager_id, category, grade, area, status,"
                          " status_date, opened_on, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!s) return SHOPS_W_ERROR;
  db_bind_text(s, 1, in->license);
  db_bind_text(s, 2, in->name);
  bind_opt_text(s, 3, in->owner, "");
  bind_opt_text(s, 4, in->phone, "");
  bind_opt_text(s, 5, in->address, "");
  if (in->has_lng > 0) db_bind_double(s, 6, in->lng); else db_bind_null(s, 6);
  if (in->has_lat > 0) db_bind_double(s, 7, in->lat); else db_bind_null(s, 7);
  db_bind_int(s, 8, in->unit);
  if (in->manager) db_bind_int(s, 9, in->manager); else db_bind_null(s, 9);
  db_bind_text(s, 10, in->category);
  db_bind_int(s, 11, in->grade);
  db_bind_text(s, 12, in->area);
  bind_opt_text(s, 13, in->status, "正常");
  db_bind_text(s, 14, in->status_date);
  db_bind_text(s, 15, in->opened_on);
  db_bind_text(s, 16, at);
  db_bind_text(s, 17, at);
  db_status st = db_step(s);
  if (st == DB_CONSTRAINT) return constraint_of(in->license, 0);
  if (st != DB_DONE) return SHOPS_W_ERROR;
  *id = db_last_id();
  return SHOPS_W_OK;
}

shops_write_rc shops_store_shop_update(int64_t id, const shops_shop_in *in, int lng_given, int lat_given, const char *today, const char *at) {
  /* Each present field is set; absent ones keep their value (COALESCE on a NULL bind), manager/coords may be cleared. */
  db_stmt *s = db_prepare("UPDATE shops SET license_no = coalesce(?1, license_no), name = coalesce(?2, name), owner_name = coalesce(?3, owner_name),"
                          " phone = coalesce(?4, phone), address = coalesce(?5, address), unit_id = coalesce(?6, unit_id),"
                          " manager_id = CASE WHEN ?7 THEN ?8 ELSE manager_id END, category = coalesce(?9, category), grade = coalesce(?10, grade),"
                          " area = coalesce(?11, area), status = coalesce(?12, status),"
                          " status_date = CASE WHEN ?12 IS NOT NULL AND ?12 <> status AND ?13 IS NULL THEN ?21 ELSE coalesce(?13, status_date) END,"
                          " opened_on = coalesce(?14, opened_on), lng = CASE WHEN ?15 THEN ?16 ELSE lng END, lat = CASE WHEN ?17 THEN ?18 ELSE lat END,"
                          " updated_at = ?19 WHERE id = ?20");
  if (!s) return SHOPS_W_ERROR;
  db_bind_text(s, 1, in->license);
  db_bind_text(s, 2, in->name);
  db_bind_text(s, 3, in->owner);
  db_bind_text(s, 4, in->phone);
  db_bind_text(s, 5, in->address);
  if (in->unit) db_bind_int(s, 6, in->unit); else db_bind_null(s, 6);
  db_bind_int(s, 7, in->has_manager != 0);
  if (in->manager) db_bind_int(s, 8, in->manager); else db_bind_null(s, 8);
  db_bind_text(s, 9, in->category);
  if (in->grade) db_bind_int(s, 10, in->grade); else db_bind_null(s, 10);
  db_bind_text(s, 11, in->area);
  db_bind_text(s, 12, in->status);
  db_bind_text(s, 13, in->status_date);
  db_bind_text(s, 14, in->opened_on);
  db_bind_int(s, 15, lng_given);
  if (in->has_lng > 0) db_bind_double(s, 16, in->lng); else db_bind_null(s, 16);
  db_bind_int(s, 17, lat_given);
  if (in->has_lat > 0) db_bind_double(s, 18, in->lat); else db_bind_null(s, 18);
  db_bind_text(s, 19, at);
  db_bind_int(s, 20, id);
  db_bind_text(s, 21, today);
  db_status st = db_step(s);
  if (st == DB_CONSTRAINT) return constraint_of(in->license, id);
  return st == DB_DONE ? SHOPS_W_OK : SHOPS_W_ERROR;
}

int shops_store_shop_delete(int64_t id) {
  db_stmt *s = db_prepare("DELETE FROM shops WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  return db_step(s) == DB_DONE ? 0 : -1;
}

/* ---- dictionaries ---- */
json_t *shops_store_categories(void) {
  db_stmt *s = db_prepare("SELECT name, sort FROM shop_categories ORDER BY sort, name");
  return s ? dbj_rows(s) : NULL;
}

json_t *shops_store_metrics(void) {
  db_stmt *s = db_prepare("SELECT code, name, unit, sort FROM shop_metrics ORDER BY sort, code");
  return s ? dbj_rows(s) : NULL;
}

json_t *shops_store_managers(req *r) {
  return org_users_with_role(r, "customer_manager"); /* the 客户经理 inside the caller's scope, through org */
}

shops_write_rc shops_store_category_add(const char *name, int64_t sort) {
  db_stmt *s = db_prepare("INSERT INTO shop_categories(name, sort) VALUES(?, ?)");
  if (!s) return SHOPS_W_ERROR;
  db_bind_text(s, 1, name);
  db_bind_int(s, 2, sort);
  db_status st = db_step(s);
  return st == DB_CONSTRAINT ? SHOPS_W_DUP_NAME : st == DB_DONE ? SHOPS_W_OK : SHOPS_W_ERROR;
}
