/* io.c — import of units and users from XLSX/CSV: a per-row report, and nothing written unless every row is valid
 * (or the caller asks to keep the valid rows). */
#include "org/internal.h"
#include "base/import.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void org_users_import(req *r) {
  tab *t = imp_read(r, 1);
  if (!t) return;
  static const char *const names[] = {"用户名", "姓名", "单位编码", "职务", "手机号", "角色编码"};
  static const int required[] = {1, 1, 1, 0, 0, 0};
  int idx[6];
  if (imp_cols(r, t, names, required, idx, 6)) { tab_free(t); return; }
  if (!org_caller_scope(r)) { tab_free(t); return; }
  json_t *errs = json_array();
  size_t total = 0;
  struct urow { char *username, *name, *position, *phone; int64_t unit; int64_t roles[8]; size_t nroles; int ok; } *rows = calloc(t->nrows, sizeof *rows);
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 1; i < t->nrows; i++) {
    if (imp_row_blank(t, i)) continue;
    total++;
    size_t rn = i + 1;
    struct urow *u = &rows[i];
    u->username = imp_trim(r, imp_cell(t, i, idx[0]));
    u->name = imp_trim(r, imp_cell(t, i, idx[1]));
    char *ucode = imp_trim(r, imp_cell(t, i, idx[2]));
    u->position = imp_trim(r, imp_cell(t, i, idx[3]));
    u->phone = imp_trim(r, imp_cell(t, i, idx[4]));
    char *rcodes = imp_trim(r, imp_cell(t, i, idx[5]));
    size_t before = json_array_size(errs);
    char msg[200];
    if (!*u->username) imp_error(errs, rn, "用户名", "missing_field", "不能为空");
    else if (org_user_check(u->username, NULL, msg, sizeof msg)) imp_error(errs, rn, "用户名", "invalid_field", "%s", msg);
    else {
      for (size_t k = 1; k < i; k++)
        if (rows[k].username && strcasecmp(rows[k].username, u->username) == 0) { imp_error(errs, rn, "用户名", "duplicate", "与第%zu行重复", k + 1); break; }
      if (org_user_id_by_username(u->username)) imp_error(errs, rn, "用户名", "duplicate", "用户名 %s 已存在", u->username);
    }
    long nl = jv_utf8_chars(u->name);
    if (!*u->name) imp_error(errs, rn, "姓名", "missing_field", "不能为空");
    else if (nl < 0 || nl > 32) imp_error(errs, rn, "姓名", "invalid_field", "不能超过32个字");
    if (jv_utf8_chars(u->position) > 32 || jv_utf8_chars(u->position) < 0) imp_error(errs, rn, "职务", "invalid_field", "不能超过32个字");
    if (org_user_check(NULL, u->phone, msg, sizeof msg)) imp_error(errs, rn, "手机号", "invalid_field", "%s", msg);
    if (!*ucode) imp_error(errs, rn, "单位编码", "missing_field", "不能为空");
    else if (!(u->unit = org_unit_id_by_code(ucode)) || !org_unit_visible(r, u->unit)) imp_error(errs, rn, "单位编码", "not_found", "单位 %s 不存在或不在您的数据范围内", ucode);
    for (char *tok = strtok(rcodes, ";；,，、 "); tok; tok = strtok(NULL, ";；,，、 ")) {
      int64_t rid = org_role_id_by_code(tok);
      if (!rid) { imp_error(errs, rn, "角色编码", "not_found", "角色 %s 不存在", tok); continue; }
      if (org_role_grant_check(r, rid, msg, sizeof msg)) { imp_error(errs, rn, "角色编码", "grant_out_of_scope", "%s", msg); continue; }
      if (u->nroles < 8) u->roles[u->nroles++] = rid;
    }
    u->ok = json_array_size(errs) == before;
  }
  size_t valid = 0;
  for (size_t i = 1; i < t->nrows; i++) valid += rows[i].ok;
  json_t *report = imp_report(total, valid, errs);
  if (!imp_gate(r, report)) { free(rows); tab_free(t); return; }
  /* Hash the temporary passwords before the transaction: hashing is slow and must not hold the write lock. */
  json_t *pw = json_array();
  char (*hashes)[128] = calloc(t->nrows, sizeof *hashes);
  char (*temps)[13] = calloc(t->nrows, sizeof *temps);
  int fail = !hashes || !temps;
  for (size_t i = 1; !fail && i < t->nrows; i++) {
    if (!rows[i].ok) continue;
    util_temp_password(temps[i]);
    fail = org_password_hash(temps[i], hashes[i]) != 0;
  }
  size_t written = 0;
  if (!fail && org_tx_begin(r) == 0) {
    for (size_t i = 1; !fail && i < t->nrows; i++) {
      if (!rows[i].ok) continue;
      int64_t id;
      fail = org_create_user_raw(rows[i].username, rows[i].name, rows[i].unit, rows[i].position, rows[i].phone, hashes[i], 1, &id) != 0 ||
             org_set_user_roles(id, rows[i].roles, rows[i].nroles) != 0;
      if (fail) break;
      json_t *after = org_user_get_json(id);
      char sum[200];
      snprintf(sum, sizeof sum, "导入用户 %s（%s）", rows[i].username, rows[i].name);
      fail = org_audit(r, "org.user.import", "user", id, sum, NULL, after) != 0;
      json_decref(after);
      json_array_append_new(pw, json_pack("{s:s,s:s}", "username", rows[i].username, "password", temps[i]));
      written++;
    }
    if (fail) org_tx_fail(r);
    else if (org_tx_commit(r)) fail = 1;
  } else if (!r->answered) {
    http_error(r, ERR_INTERNAL, NULL, NULL);
    fail = 1;
  }
  free(hashes);
  free(temps);
  free(rows);
  tab_free(t);
  if (fail) { json_decref(pw); json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  json_object_set_new(report, "passwords", pw);
  http_json(r, 200, report);
}

void org_units_import(req *r) {
  tab *t = imp_read(r, 1);
  if (!t) return;
  static const char *const names[] = {"编码", "名称", "类型", "上级编码", "排序"};
  static const int required[] = {1, 1, 1, 1, 0};
  int idx[5];
  if (imp_cols(r, t, names, required, idx, 5)) { tab_free(t); return; }
  if (!org_caller_scope(r)) { tab_free(t); return; }
  json_t *errs = json_array();
  size_t total = 0;
  struct nrow { char *code, *name, *kind, *parent; int64_t sort, parent_id; int ok, done; } *rows = calloc(t->nrows, sizeof *rows);
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 1; i < t->nrows; i++) {
    if (imp_row_blank(t, i)) continue;
    total++;
    size_t rn = i + 1, before = json_array_size(errs);
    struct nrow *u = &rows[i];
    u->code = imp_trim(r, imp_cell(t, i, idx[0]));
    u->name = imp_trim(r, imp_cell(t, i, idx[1]));
    u->kind = imp_trim(r, imp_cell(t, i, idx[2]));
    u->parent = imp_trim(r, imp_cell(t, i, idx[3]));
    const char *sort = imp_trim(r, imp_cell(t, i, idx[4]));
    char msg[200];
    if (!*u->code) imp_error(errs, rn, "编码", "missing_field", "不能为空");
    else if (org_unit_check(u->code, NULL, msg, sizeof msg)) imp_error(errs, rn, "编码", "invalid_field", "%s", msg);
    else if (org_unit_id_by_code(u->code)) imp_error(errs, rn, "编码", "duplicate", "单位编码 %s 已存在", u->code);
    else
      for (size_t k = 1; k < i; k++)
        if (rows[k].code && strcmp(rows[k].code, u->code) == 0) { imp_error(errs, rn, "编码", "duplicate", "与第%zu行重复", k + 1); break; }
    long nl = jv_utf8_chars(u->name);
    if (!*u->name) imp_error(errs, rn, "名称", "missing_field", "不能为空");
    else if (nl < 0 || nl > 64) imp_error(errs, rn, "名称", "invalid_field", "不能超过64个字");
    if (!*u->kind) imp_error(errs, rn, "类型", "missing_field", "不能为空");
    else if (org_unit_check(NULL, u->kind, msg, sizeof msg)) imp_error(errs, rn, "类型", "invalid_field", "%s", msg);
    if (*sort) {
      char *end;
      long v = strtol(sort, &end, 10);
      if (*end && strcmp(end, ".0") != 0) imp_error(errs, rn, "排序", "invalid_field", "应为整数");
      else if (v < 0 || v > 9999) imp_error(errs, rn, "排序", "invalid_field", "应在0到9999之间");
      else u->sort = v;
    }
    if (!*u->parent) imp_error(errs, rn, "上级编码", "missing_field", "不能为空");
    else {
      u->parent_id = org_unit_id_by_code(u->parent);
      if (u->parent_id && !org_unit_visible(r, u->parent_id)) imp_error(errs, rn, "上级编码", "not_found", "上级单位 %s 不在您的数据范围内", u->parent);
      else if (!u->parent_id) {
        int in_file = 0;
        for (size_t k = 1; k < t->nrows; k++) in_file |= k != i && rows[k].code ? strcmp(rows[k].code, u->parent) == 0 : (k > i && strcmp(imp_cell(t, k, idx[0]), u->parent) == 0);
        if (!in_file) imp_error(errs, rn, "上级编码", "not_found", "上级单位 %s 不存在", u->parent);
      }
    }
    u->ok = json_array_size(errs) == before;
  }
  /* Rows whose parent is another row: resolve in passes, parents first; whatever is left forms a cycle or hangs on a bad row. */
  int progress = 1;
  for (size_t i = 1; i < t->nrows; i++) rows[i].done = rows[i].ok && rows[i].parent_id;
  while (progress) {
    progress = 0;
    for (size_t i = 1; i < t->nrows; i++) {
      if (!rows[i].ok || rows[i].done) continue;
      for (size_t k = 1; k < t->nrows; k++)
        if (rows[k].ok && rows[k].done && rows[k].code && strcmp(rows[k].code, rows[i].parent) == 0) { rows[i].done = 1; progress = 1; }
    }
  }
  for (size_t i = 1; i < t->nrows; i++)
    if (rows[i].ok && !rows[i].done) {
      imp_error(errs, i + 1, "上级编码", "unit_cycle", "上级单位 %s 不能导入（循环引用或该行有错误）", rows[i].parent);
      rows[i].ok = 0;
    }
  size_t valid = 0;
  for (size_t i = 1; i < t->nrows; i++) valid += rows[i].ok;
  json_t *report = imp_report(total, valid, errs);
  if (!imp_gate(r, report)) { free(rows); tab_free(t); return; }
  size_t written = 0;
  int fail = org_tx_begin(r) != 0;
  for (size_t i = 1; i < t->nrows; i++) rows[i].done = 0;
  for (int pass = 0; !fail && pass < 64; pass++) {
    int any = 0;
    for (size_t i = 1; !fail && i < t->nrows; i++) {
      if (!rows[i].ok || rows[i].done) continue;
      int64_t pid = org_unit_id_by_code(rows[i].parent);
      if (!pid) continue;
      int dup;
      int64_t id = org_unit_insert(pid, rows[i].code, rows[i].name, rows[i].kind, rows[i].sort, &dup);
      if (!id) { fail = 1; break; }
      json_t *after = org_unit_get(id);
      char sum[200];
      snprintf(sum, sizeof sum, "导入单位 %s", rows[i].name);
      fail = org_audit(r, "org.unit.import", "unit", id, sum, NULL, after) != 0;
      json_decref(after);
      rows[i].done = 1;
      written++;
      any = 1;
    }
    if (!any) break;
  }
  if (!r->answered) {
    if (fail) org_tx_fail(r);
    else if (org_tx_commit(r)) fail = 1;
  } else fail = 1;
  free(rows);
  tab_free(t);
  if (fail) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}
