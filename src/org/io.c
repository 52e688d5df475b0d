/* io.c — import of units and users from XLSX/CSV: a per-row report, and nothing written unless every row is valid
 * (or the caller asks to keep the valid rows). */
#include "org/internal.h"
#include "base/csv.h"
#include "base/table.h"
#include "base/util.h"
#include "base/xlsx.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tab *org_read_upload(req *r) {
  if (!r->body || r->body_len == 0) { http_error(r, ERR_BAD_FILE, "file", "没有收到文件"); return NULL; }
  const char *fmt = http_query(r, "format");
  int is_xlsx = r->body_len >= 4 && memcmp(r->body, "PK\x03\x04", 4) == 0;
  if (fmt && *fmt && strcmp(fmt, "xlsx") && strcmp(fmt, "csv")) { http_error(r, ERR_BAD_QUERY, "format", "格式只能是 xlsx 或 csv"); return NULL; }
  if (fmt && strcmp(fmt, "xlsx") == 0 && !is_xlsx) { http_error(r, ERR_BAD_FILE, "file", "文件不是有效的xlsx"); return NULL; }
  char err[256] = "";
  tab *t = is_xlsx ? xlsx_read(r->body, r->body_len, err, sizeof err) : csv_read(r->body, r->body_len, NULL, err, sizeof err);
  if (!t) { http_error(r, ERR_BAD_FILE, "file", "文件无法读取：%s", err); return NULL; }
  if (t->nrows < 1) { tab_free(t); http_error(r, ERR_BAD_FILE, "file", "文件是空的"); return NULL; }
  return t;
}

/* Column index of each wanted header (-1 when absent). Answers 400 when a required one is missing. */
static int map_headers(req *r, tab *t, const char *const *names, const int *required, int *idx, size_t n) {
  for (size_t i = 0; i < n; i++) {
    idx[i] = -1;
    for (size_t c = 0; c < t->rows[0].ncells; c++) {
      const char *h = t->rows[0].cells[c];
      while (*h == ' ') h++;
      if (strncmp(h, names[i], strlen(names[i])) == 0) { idx[i] = (int)c; break; }
    }
    if (idx[i] < 0 && required[i]) { http_error(r, ERR_BAD_FILE, names[i], "缺少必需的列「%s」，请使用导入模板", names[i]); return -1; }
  }
  return 0;
}

static const char *cell(tab *t, size_t row, int col) {
  if (col < 0) return "";
  const char *c = tab_cell(t, row, (size_t)col);
  if (!c) return "";
  return c;
}

char *org_import_trim(req *r, const char *s) {
  if (!s) s = "";
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  return req_own(r, strndup(s, n));
}

void org_import_error(json_t *errs, size_t row, const char *col, const char *code, const char *fmt, ...) {
  char msg[300], full[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "第%zu行 %s：%s", row, col, msg);
  json_array_append_new(errs, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column", col, "code", code, "message", full));
}

int org_import_flag(req *r, const char *k) {
  const char *v = http_query(r, k);
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* Rows with an error are skipped when keep_valid; else nothing is written. Returns 1 to go on writing, 0 answered. */
static int report_gate(req *r, json_t *errs, size_t total, size_t valid, json_t **report) {
  *report = json_pack("{s:I,s:I,s:I,s:O}", "total", (json_int_t)total, "valid", (json_int_t)valid, "written", (json_int_t)0, "errors", errs);
  if (json_array_size(errs) && !org_import_flag(r, "keep_valid")) {
    char msg[200];
    snprintf(msg, sizeof msg, "导入数据有 %zu 处错误，未写入任何数据；请修改后重新导入，或选择仅导入正确的行", json_array_size(errs));
    http_error_details(r, ERR_IMPORT_INVALID, msg, *report);
    *report = NULL;
    return 0;
  }
  if (org_import_flag(r, "dry_run")) { http_json(r, 200, *report); *report = NULL; return 0; }
  return 1;
}

void org_users_import(req *r) {
  tab *t = org_read_upload(r);
  if (!t) return;
  static const char *const names[] = {"用户名", "姓名", "单位编码", "职务", "手机号", "角色编码"};
  static const int required[] = {1, 1, 1, 0, 0, 0};
  int idx[6];
  if (map_headers(r, t, names, required, idx, 6)) { tab_free(t); return; }
  if (!org_caller_scope(r)) { tab_free(t); return; }
  json_t *errs = json_array();
  size_t total = 0;
  struct urow { char *username, *name, *position, *phone; int64_t unit; int64_t roles[8]; size_t nroles; int ok; } *rows = calloc(t->nrows, sizeof *rows);
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 1; i < t->nrows; i++) {
    int blank = 1;
    for (size_t c = 0; c < t->rows[i].ncells; c++) blank &= t->rows[i].cells[c][strspn(t->rows[i].cells[c], " \t")] == 0;
    if (blank) continue;
    total++;
    size_t rn = i + 1;
    struct urow *u = &rows[i];
    u->username = org_import_trim(r, cell(t, i, idx[0]));
    u->name = org_import_trim(r, cell(t, i, idx[1]));
    char *ucode = org_import_trim(r, cell(t, i, idx[2]));
    u->position = org_import_trim(r, cell(t, i, idx[3]));
    u->phone = org_import_trim(r, cell(t, i, idx[4]));
    char *rcodes = org_import_trim(r, cell(t, i, idx[5]));
    size_t before = json_array_size(errs);
    char msg[200];
    if (!*u->username) org_import_error(errs, rn, "用户名", "missing_field", "不能为空");
    else if (org_user_check(u->username, NULL, msg, sizeof msg)) org_import_error(errs, rn, "用户名", "invalid_field", "%s", msg);
    else {
      for (size_t k = 1; k < i; k++)
        if (rows[k].username && strcasecmp(rows[k].username, u->username) == 0) { org_import_error(errs, rn, "用户名", "duplicate", "与第%zu行重复", k + 1); break; }
      db_stmt *s = db_prepare("SELECT 1 FROM users WHERE username = ?");
      db_bind_text(s, 1, u->username);
      if (s && db_step(s) == DB_ROW) { db_reset(s); org_import_error(errs, rn, "用户名", "duplicate", "用户名 %s 已存在", u->username); }
    }
    long nl = jv_utf8_chars(u->name);
    if (!*u->name) org_import_error(errs, rn, "姓名", "missing_field", "不能为空");
    else if (nl < 0 || nl > 32) org_import_error(errs, rn, "姓名", "invalid_field", "不能超过32个字");
    if (jv_utf8_chars(u->position) > 32 || jv_utf8_chars(u->position) < 0) org_import_error(errs, rn, "职务", "invalid_field", "不能超过32个字");
    if (org_user_check(NULL, u->phone, msg, sizeof msg)) org_import_error(errs, rn, "手机号", "invalid_field", "%s", msg);
    if (!*ucode) org_import_error(errs, rn, "单位编码", "missing_field", "不能为空");
    else if (!(u->unit = org_unit_id_by_code(ucode)) || !org_unit_visible(r, u->unit)) org_import_error(errs, rn, "单位编码", "not_found", "单位 %s 不存在或不在您的数据范围内", ucode);
    for (char *tok = strtok(rcodes, ";；,，、 "); tok; tok = strtok(NULL, ";；,，、 ")) {
      int64_t rid = org_role_id_by_code(tok);
      if (!rid) { org_import_error(errs, rn, "角色编码", "not_found", "角色 %s 不存在", tok); continue; }
      if (org_role_grant_check(r, rid, msg, sizeof msg)) { org_import_error(errs, rn, "角色编码", "grant_out_of_scope", "%s", msg); continue; }
      if (u->nroles < 8) u->roles[u->nroles++] = rid;
    }
    u->ok = json_array_size(errs) == before;
  }
  size_t valid = 0;
  for (size_t i = 1; i < t->nrows; i++) valid += rows[i].ok;
  json_t *report;
  if (!report_gate(r, errs, total, valid, &report)) { json_decref(errs); free(rows); tab_free(t); return; }
  json_decref(errs);
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
  tab *t = org_read_upload(r);
  if (!t) return;
  static const char *const names[] = {"编码", "名称", "类型", "上级编码", "排序"};
  static const int required[] = {1, 1, 1, 1, 0};
  int idx[5];
  if (map_headers(r, t, names, required, idx, 5)) { tab_free(t); return; }
  if (!org_caller_scope(r)) { tab_free(t); return; }
  json_t *errs = json_array();
  size_t total = 0;
  struct nrow { char *code, *name, *kind, *parent; int64_t sort, parent_id; int ok, done; } *rows = calloc(t->nrows, sizeof *rows);
  if (!rows) { tab_free(t); json_decref(errs); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 1; i < t->nrows; i++) {
    int blank = 1;
    for (size_t c = 0; c < t->rows[i].ncells; c++) blank &= t->rows[i].cells[c][strspn(t->rows[i].cells[c], " \t")] == 0;
    if (blank) continue;
    total++;
    size_t rn = i + 1, before = json_array_size(errs);
    struct nrow *u = &rows[i];
    u->code = org_import_trim(r, cell(t, i, idx[0]));
    u->name = org_import_trim(r, cell(t, i, idx[1]));
    u->kind = org_import_trim(r, cell(t, i, idx[2]));
    u->parent = org_import_trim(r, cell(t, i, idx[3]));
    const char *sort = org_import_trim(r, cell(t, i, idx[4]));
    char msg[200];
    if (!*u->code) org_import_error(errs, rn, "编码", "missing_field", "不能为空");
    else if (org_unit_check(u->code, NULL, msg, sizeof msg)) org_import_error(errs, rn, "编码", "invalid_field", "%s", msg);
    else if (org_unit_id_by_code(u->code)) org_import_error(errs, rn, "编码", "duplicate", "单位编码 %s 已存在", u->code);
    else
      for (size_t k = 1; k < i; k++)
        if (rows[k].code && strcmp(rows[k].code, u->code) == 0) { org_import_error(errs, rn, "编码", "duplicate", "与第%zu行重复", k + 1); break; }
    long nl = jv_utf8_chars(u->name);
    if (!*u->name) org_import_error(errs, rn, "名称", "missing_field", "不能为空");
    else if (nl < 0 || nl > 64) org_import_error(errs, rn, "名称", "invalid_field", "不能超过64个字");
    if (!*u->kind) org_import_error(errs, rn, "类型", "missing_field", "不能为空");
    else if (org_unit_check(NULL, u->kind, msg, sizeof msg)) org_import_error(errs, rn, "类型", "invalid_field", "%s", msg);
    if (*sort) {
      char *end;
      long v = strtol(sort, &end, 10);
      if (*end && strcmp(end, ".0") != 0) org_import_error(errs, rn, "排序", "invalid_field", "应为整数");
      else if (v < 0 || v > 9999) org_import_error(errs, rn, "排序", "invalid_field", "应在0到9999之间");
      else u->sort = v;
    }
    if (!*u->parent) org_import_error(errs, rn, "上级编码", "missing_field", "不能为空");
    else {
      u->parent_id = org_unit_id_by_code(u->parent);
      if (u->parent_id && !org_unit_visible(r, u->parent_id)) org_import_error(errs, rn, "上级编码", "not_found", "上级单位 %s 不在您的数据范围内", u->parent);
      else if (!u->parent_id) {
        int in_file = 0;
        for (size_t k = 1; k < t->nrows; k++) in_file |= k != i && rows[k].code ? strcmp(rows[k].code, u->parent) == 0 : (k > i && strcmp(cell(t, k, idx[0]), u->parent) == 0);
        if (!in_file) org_import_error(errs, rn, "上级编码", "not_found", "上级单位 %s 不存在", u->parent);
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
      org_import_error(errs, i + 1, "上级编码", "unit_cycle", "上级单位 %s 不能导入（循环引用或该行有错误）", rows[i].parent);
      rows[i].ok = 0;
    }
  size_t valid = 0;
  for (size_t i = 1; i < t->nrows; i++) valid += rows[i].ok;
  json_t *report;
  if (!report_gate(r, errs, total, valid, &report)) { json_decref(errs); free(rows); tab_free(t); return; }
  json_decref(errs);
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
