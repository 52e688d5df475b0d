/* store_plans.c — all SQL of 年度计划: plans, their outline node trees, and what their tasks allow (edit, delete). */
#include "tasks/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str_of(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

/* Inserts (id 0) or rewrites one node; returns its id, 0 on a database error. */
static int64_t put_node(int64_t plan, int64_t parent, int level, int64_t sort, json_t *n, int64_t id) {
  db_stmt *s = db_prepare(id ? "UPDATE task_plan_nodes SET parent_id = ?2, sort = ?3, level = ?4, label = ?5, title = ?6, body = ?7 WHERE id = ?8 AND plan_id = ?1"
                             : "INSERT INTO task_plan_nodes(plan_id, parent_id, sort, level, label, title, body) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!s) return 0;
  db_bind_int(s, 1, plan);
  if (parent) db_bind_int(s, 2, parent); else db_bind_null(s, 2);
  db_bind_int(s, 3, sort);
  db_bind_int(s, 4, level);
  db_bind_text(s, 5, str_of(n, "label"));
  db_bind_text(s, 6, str_of(n, "title"));
  db_bind_text(s, 7, str_of(n, "body"));
  if (id) db_bind_int(s, 8, id);
  if (db_step(s) != DB_DONE) return 0;
  return id ? (db_changes() == 1 ? id : 0) : db_last_id();
}

/* Writes a tree below parent; nodes carrying an "id" of this plan keep it (their tasks stay linked), the others are new.
 * kept collects every id written. */
static int put_nodes(int64_t plan, int64_t parent, int level, json_t *arr, json_t *kept) {
  size_t i;
  json_t *n;
  json_array_foreach(arr, i, n) {
    json_t *idv = json_object_get(n, "id");
    int64_t id = put_node(plan, parent, level, (int64_t)i, n, json_is_integer(idv) ? json_integer_value(idv) : 0);
    if (!id) return -1;
    json_array_append_new(kept, json_integer(id));
    json_t *c = json_object_get(n, "children");
    if (json_is_array(c) && put_nodes(plan, id, level + 1, c, kept)) return -1;
  }
  return 0;
}

int64_t tasks_plan_insert(int year, const char *title, const char *theme, const char *text, json_t *tree, int64_t user_id) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("INSERT INTO task_plans(year, title, theme, source_text, created_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?)");
  if (!s) return 0;
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, theme);
  db_bind_text(s, 4, text);
  if (user_id) db_bind_int(s, 5, user_id); else db_bind_null(s, 5);
  db_bind_text(s, 6, at);
  db_bind_text(s, 7, at);
  if (db_step(s) != DB_DONE) return 0;
  int64_t id = db_last_id();
  json_t *kept = json_array();
  int rc = put_nodes(id, 0, 1, tree, kept);
  json_decref(kept);
  return rc ? 0 : id;
}

int tasks_store_plan_update(int64_t id, int year, const char *title, const char *theme, const char *text, json_t *tree) {
  char at[20];
  org_now(at);
  db_stmt *s = db_prepare("UPDATE task_plans SET year = ?1, title = ?2, theme = ?3, source_text = COALESCE(?4, source_text), updated_at = ?5 WHERE id = ?6");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, title);
  db_bind_text(s, 3, theme);
  db_bind_text(s, 4, text);
  db_bind_text(s, 5, at);
  db_bind_int(s, 6, id);
  if (db_step(s) != DB_DONE) return -1;
  if (!tree) return 0;
  json_t *kept = json_array();
  int rc = put_nodes(id, 0, 1, tree, kept);
  char *ids = rc ? NULL : json_dumps(kept, JSON_COMPACT);
  json_decref(kept);
  if (!ids) return -1;
  /* Nodes left out of the edited tree go, children before parents go with them (ON DELETE CASCADE). */
  s = db_prepare("DELETE FROM task_plan_nodes WHERE plan_id = ?1 AND id NOT IN (SELECT value FROM json_each(?2))");
  if (s) {
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, ids);
  }
  rc = !s || db_step(s) != DB_DONE ? -1 : 0;
  free(ids);
  return rc;
}

/* Collects the ids of an edited tree. */
static void tree_ids(json_t *arr, json_t *out) {
  size_t i;
  json_t *n;
  json_array_foreach(arr, i, n) {
    json_t *idv = json_object_get(n, "id");
    if (json_is_integer(idv)) json_array_append(out, idv);
    json_t *c = json_object_get(n, "children");
    if (json_is_array(c)) tree_ids(c, out);
  }
}

int tasks_store_plan_check_ids(int64_t plan, json_t *tree, int64_t *bad) {
  json_t *ids = json_array();
  tree_ids(tree, ids);
  int rc = 0;
  size_t i, j;
  json_t *v;
  json_array_foreach(ids, i, v) {
    int64_t id = json_integer_value(v);
    for (j = 0; j < i && !rc; j++)
      if (json_integer_value(json_array_get(ids, j)) == id) rc = 1;
    if (!rc) {
      db_stmt *s = db_prepare("SELECT 1 FROM task_plan_nodes WHERE id = ? AND plan_id = ?");
      if (!s) { rc = -1; break; }
      db_bind_int(s, 1, id);
      db_bind_int(s, 2, plan);
      db_status st = db_step(s);
      db_reset(s);
      rc = st == DB_ROW ? 0 : st == DB_DONE ? 2 : -1;
    }
    if (rc) { *bad = id; break; }
  }
  json_decref(ids);
  return rc;
}

int tasks_store_plan_dropped_with_tasks(int64_t plan, json_t *tree, char *node, size_t nodelen) {
  json_t *ids = json_array();
  tree_ids(tree, ids);
  char *j = json_dumps(ids, JSON_COMPACT);
  json_decref(ids);
  if (!j) return -1;
  db_stmt *s = db_prepare("SELECT n.label || n.title FROM task_plan_nodes n WHERE n.plan_id = ?1 AND n.id NOT IN (SELECT value FROM json_each(?2))"
                          " AND EXISTS (SELECT 1 FROM tasks t WHERE t.node_id = n.id) ORDER BY n.id LIMIT 1");
  if (s) {
    db_bind_int(s, 1, plan);
    db_bind_text(s, 2, j);
  }
  db_status st = s ? db_step(s) : DB_ERROR;
  if (st == DB_ROW) snprintf(node, nodelen, "%.200s", db_col_text(s, 0));
  if (s) db_reset(s);
  free(j);
  return st == DB_ROW ? 1 : st == DB_DONE ? 0 : -1;
}

int tasks_store_plan_find(int year, const char *title, int64_t except) {
  db_stmt *s = db_prepare("SELECT id FROM task_plans WHERE year = ? AND title = ? AND id <> ? LIMIT 1");
  if (!s) return -1;
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, title);
  db_bind_int(s, 3, except);
  db_status st = db_step(s);
  int64_t id = st == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return st == DB_ROW || st == DB_DONE ? (id ? 1 : 0) : -1;
}

int tasks_store_plan_tasks(int64_t id, int64_t *total, int64_t *drafts) {
  db_stmt *s = db_prepare("SELECT count(*), COALESCE(sum(status = '草稿'), 0) FROM tasks WHERE plan_id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  *total = ok ? db_col_int(s, 0) : 0;
  *drafts = ok ? db_col_int(s, 1) : 0;
  db_reset(s);
  return ok ? 0 : -1;
}

int tasks_store_plan_delete(int64_t id) {
  /* Only draft tasks are left (the caller checked): their events go with them (ON DELETE CASCADE). */
  static const char *const sql[] = {"DELETE FROM tasks WHERE plan_id = ? AND status = '草稿'", "DELETE FROM task_plan_nodes WHERE plan_id = ?",
                                    "DELETE FROM task_plans WHERE id = ?"};
  for (size_t k = 0; k < 3; k++) {
    db_stmt *s = db_prepare(sql[k]);
    if (!s) return -1;
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_DONE) return -1;
  }
  return 0;
}

int64_t tasks_store_node_plan(int64_t node) {
  db_stmt *s = db_prepare("SELECT plan_id FROM task_plan_nodes WHERE id = ?");
  if (!s) return -1;
  db_bind_int(s, 1, node);
  db_status st = db_step(s);
  int64_t p = st == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  return st == DB_ROW || st == DB_DONE ? p : -1;
}

int tasks_store_plan_exists(int64_t id) {
  db_stmt *s = db_prepare("SELECT 1 FROM task_plans WHERE id = ?");
  if (!s) return 0;
  db_bind_int(s, 1, id);
  int ok = db_step(s) == DB_ROW;
  db_reset(s);
  return ok;
}

#define PLAN_COLS "p.id, p.year, p.title, p.theme, p.created_at, p.updated_at," \
  " (SELECT count(*) FROM task_plan_nodes n WHERE n.plan_id = p.id) AS node_count," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS task_count," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND t.status = '已办结') AS closed_count," \
  " (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND t.status = '草稿') AS draft_count"

/* A node's own text (label, title, body), its path from the root (headings joined by " › ") and its whole text with
 * every node below it, one paragraph each: what 立项 carries into 工作内容 (the targets live in the sentences). */
static void add_texts(json_t *n, const char *path) {
  char *own = NULL, *where = NULL, *full = NULL;
  size_t l1 = 0, l2 = 0, l3 = 0;
  FILE *f = open_memstream(&own, &l1);
  if (f) {
    /* A heading without closing punctuation ("二、2023年具体工作安排") stood on its own line: keep the break. */
    const char *t = str_of(n, "title");
    size_t tl = strlen(t);
    static const char *const ends[] = {"。", "；", "：", "！", "？", ";", ":"};
    int closed = !tl;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
      closed |= tl >= strlen(ends[k]) && strcmp(t + tl - strlen(ends[k]), ends[k]) == 0;
    fprintf(f, "%s%s%s%s", str_of(n, "label"), t, *str_of(n, "body") && !closed ? "\n" : "", str_of(n, "body"));
    fclose(f);
  }
  f = open_memstream(&where, &l2);
  if (f) { fprintf(f, "%s%s%s%s", path, *path ? " › " : "", str_of(n, "label"), str_of(n, "title")); fclose(f); }
  FILE *ff = open_memstream(&full, &l3);
  if (ff) fputs(own ? own : "", ff);
  size_t i;
  json_t *k;
  json_array_foreach(json_object_get(n, "children"), i, k) {
    add_texts(k, where ? where : "");
    if (ff) fprintf(ff, "\n%s", str_of(k, "full_text"));
  }
  if (ff) fclose(ff);
  json_object_set_new(n, "text", json_string(own ? own : ""));
  json_object_set_new(n, "path", json_string(where ? where : ""));
  json_object_set_new(n, "full_text", json_string(full ? full : ""));
  free(own);
  free(where);
  free(full);
}

json_t *tasks_store_plan_get(int64_t id, int with_text) {
  db_stmt *s = db_prepare("SELECT " PLAN_COLS ", p.source_text FROM task_plans p WHERE p.id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, id);
  json_t *o = db_step(s) == DB_ROW ? dbj_row(s) : NULL;
  db_reset(s);
  if (!o) return NULL;
  if (!with_text) json_object_del(o, "source_text");
  /* Parents come before their children by level (an edited tree may give a moved node a parent made after it). */
  s = db_prepare("SELECT n.id, n.parent_id, n.level, n.label, n.title, n.body,"
                 " (SELECT count(*) FROM tasks t WHERE t.node_id = n.id) AS task_count"
                 " FROM task_plan_nodes n WHERE n.plan_id = ? ORDER BY n.level, n.sort, n.id");
  if (s) db_bind_int(s, 1, id);
  json_t *rows = s ? dbj_rows(s) : NULL;
  if (!rows) { json_decref(o); return NULL; }
  json_t *roots = json_array(), *byid = json_object();
  size_t i;
  json_t *n;
  json_array_foreach(rows, i, n) {
    char k[24], pk[24];
    json_object_set_new(n, "children", json_array());
    snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(n, "id")));
    json_object_set(byid, k, n);
    json_t *p = json_object_get(n, "parent_id");
    json_t *parent = NULL;
    if (json_is_integer(p)) {
      snprintf(pk, sizeof pk, "%lld", (long long)json_integer_value(p));
      parent = json_object_get(byid, pk);
    }
    json_array_append(parent ? json_object_get(parent, "children") : roots, n);
  }
  json_decref(byid);
  json_decref(rows);
  json_array_foreach(roots, i, n) add_texts(n, "");
  json_object_set_new(o, "tree", roots);
  json_object_set_new(o, "editable", json_boolean(json_integer_value(json_object_get(o, "task_count")) == json_integer_value(json_object_get(o, "draft_count"))));
  return o;
}

json_t *tasks_store_plan_list(int64_t year, const char *like) {
  db_stmt *s = db_prepare("SELECT " PLAN_COLS " FROM task_plans p WHERE (?1 = 0 OR p.year = ?1)"
                          " AND (?2 IS NULL OR p.title LIKE ?2 ESCAPE '\\' OR p.theme LIKE ?2 ESCAPE '\\') ORDER BY p.year DESC, p.id DESC");
  if (!s) return NULL;
  db_bind_int(s, 1, year);
  db_bind_text(s, 2, like);
  return dbj_rows(s);
}

json_t *tasks_store_node_get(int64_t node) {
  db_stmt *s = db_prepare("SELECT plan_id FROM task_plan_nodes WHERE id = ?");
  if (!s) return NULL;
  db_bind_int(s, 1, node);
  int64_t plan = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  db_reset(s);
  json_t *p = plan ? tasks_store_plan_get(plan, 0) : NULL;
  if (!p) return NULL;
  /* Walk the built tree: the node with its texts and path. */
  json_t *stack = json_array(), *found = NULL;
  json_array_extend(stack, json_object_get(p, "tree"));
  while (!found && json_array_size(stack)) {
    json_t *n = json_incref(json_array_get(stack, 0));
    json_array_remove(stack, 0);
    if (json_integer_value(json_object_get(n, "id")) == node) found = json_incref(n);
    else json_array_extend(stack, json_object_get(n, "children"));
    json_decref(n);
  }
  json_decref(stack);
  if (found) {
    json_object_set_new(found, "plan_year", json_integer(json_integer_value(json_object_get(p, "year"))));
    json_object_set_new(found, "plan_title", json_string(str_of(p, "title")));
  }
  json_decref(p);
  return found;
}
