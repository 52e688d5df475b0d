/* files.c — attachments of progress reports and checklist evidence: kept by content hash next to the database
 * (<dbdir>/files/<first two hex>/<sha256>), 20 MiB at most, types by magic bytes (pdf, jpg, png, docx, xlsx, txt);
 * uploaded as a raw body, downloaded with the permission and data scope of the record they belong to. The path of a
 * stored file is made only from the hash in the table, never from anything the user sends. */
#include "tasks/internal.h"
#include "base/log.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PER_RECORD 50


/* <dir of the database>/files, created on first use. */
static int files_root(char *out, size_t n) {
  const char *db = db_path();
  const char *slash = db ? strrchr(db, '/') : NULL;
  int k = slash ? snprintf(out, n, "%.*s/files", (int)(slash - db), db) : snprintf(out, n, "files");
  if (k < 0 || (size_t)k >= n) return -1;
  if (mkdir(out, 0750) && errno != EEXIST) return -1;
  return 0;
}

static int hex64(const char *h) {
  if (!h || strlen(h) != 64) return 0;
  for (int i = 0; i < 64; i++)
    if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'))) return 0;
  return 1;
}

static int file_path(const char *sha, char *out, size_t n, int make_dir) {
  char root[4096];
  if (!hex64(sha) || files_root(root, sizeof root)) return -1;
  int k = snprintf(out, n, "%s/%.2s", root, sha);
  if (k < 0 || (size_t)k >= n) return -1;
  if (make_dir && mkdir(out, 0750) && errno != EEXIST) return -1;
  k = snprintf(out, n, "%s/%.2s/%s", root, sha, sha);
  return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* Set only by a bulk loader running alone (the demo at init), read by the same thread. */
static int bulk_load;

void tasks_files_bulk(int on) {
  if (bulk_load && !on) {
    char root[4096];
    int fd = files_root(root, sizeof root) ? -1 : open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) { syncfs(fd); close(fd); }
  }
  bulk_load = on;
}

/* Writes the content under its hash unless an equal file is already there (same content, same name): written to a
 * temporary file in the same directory, flushed, then renamed, so a reader never sees half a file. */
static int store(const char *sha, const void *data, size_t len) {
  char path[4200], tmp[4300], tok[24];
  if (file_path(sha, path, sizeof path, 1)) return -1;
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len) return 0;
  util_random_token(tok, sizeof tok, 8);
  snprintf(tmp, sizeof tmp, "%s.%s.tmp", path, tok);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) return -1;
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { close(fd); unlink(tmp); return -1; }
    p += w;
    left -= (size_t)w;
  }
  if ((!bulk_load && fsync(fd)) || close(fd)) { unlink(tmp); return -1; }
  if (rename(tmp, path)) { unlink(tmp); return -1; }
  return 0;
}

/* Reads a stored file back; NULL when it is missing or not the size the table says. Caller frees. */
static char *load(const char *sha, size_t size) {
  char path[4200];
  if (file_path(sha, path, sizeof path, 0)) return NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return NULL;
  struct stat st;
  char *buf = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == size && (buf = malloc(size ? size : 1))) {
    size_t got = 0;
    while (got < size) {
      ssize_t n = read(fd, buf + got, size - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += (size_t)n;
    }
    if (got != size) { free(buf); buf = NULL; }
  }
  close(fd);
  return buf;
}

int tasks_attachments_link(req *r, int64_t task_id, int64_t event_id, const int64_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int linked = tasks_store_attachment_link(ids[i], task_id, event_id, org_caller(r)->id);
    if (linked < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return -1; }
    if (linked != 1) {
      http_error(r, ERR_INVALID, "attachment_ids", "附件 %lld 不存在、不属于本任务或已用于其他反馈", (long long)ids[i]);
      return -1;
    }
  }
  return 0;
}

/* Reading an attachment takes the list permission and the data scope of the record it belongs to. */
static int owner_readable(req *r, const char *kind, int64_t id) {
  if (kind && strcmp(kind, "task") == 0) return org_caller_can(r, "tasks:task:list") && tasks_task_visible(r, id);
  return kind && strcmp(kind, "item") == 0 && org_caller_can(r, "tasks:checklist:list") && tasks_item_visible(r, id);
}

/* Adding or taking back files takes handling rights on a record still open. Answers and returns -1 when refused. */
static int owner_writable(req *r, const char *kind, int64_t id) {
  if (!owner_readable(r, kind, id)) { http_error(r, ERR_NOT_FOUND, NULL, strcmp(kind, "task") ? "清单事项不存在" : "任务不存在"); return -1; }
  if (strcmp(kind, "task") == 0) {
    json_t *t = tasks_task_json(id);
    if (!t) { http_error(r, ERR_NOT_FOUND, NULL, "任务不存在"); return -1; }
    const char *st = json_string_value(json_object_get(t, "status"));
    int handler = tasks_task_is_handler(r, t), open = strcmp(st, "已交办") == 0 || strcmp(st, "办理中") == 0;
    json_decref(t);
    if (!handler) { http_error(r, ERR_FORBIDDEN, NULL, "只有责任人或牵头单位人员可以上传附件"); return -1; }
    if (!open) { http_error(r, ERR_BAD_STATE, NULL, "任务当前状态不能再上传或删除附件"); return -1; }
    return 0;
  }
  if (!org_caller_can(r, "tasks:checklist:handle")) { http_error(r, ERR_FORBIDDEN, NULL, "没有办理清单事项的权限"); return -1; }
  json_t *it = tasks_item_json(id);
  int open = it && strcmp(json_string_value(json_object_get(it, "status")), "进行中") == 0;
  json_decref(it);
  if (!open) { http_error(r, ERR_BAD_STATE, NULL, "事项已提交或已销号，不能再上传或删除佐证附件"); return -1; }
  return 0;
}

static json_t *att_json(int64_t id) { return tasks_store_attachment_get(id); }

/* POST /tasks/attachments?owner=task|item&id=N&name=… with the file as the body. */
static void h_upload(req *r) {
  const char *kind = http_query(r, "owner"), *ids = http_query(r, "id"), *rawname = http_query(r, "name");
  if (!kind || (strcmp(kind, "task") && strcmp(kind, "item"))) { http_error(r, ERR_BAD_QUERY, "owner", "owner 应为 task 或 item"); return; }
  char *end;
  long long oid = ids ? strtoll(ids, &end, 10) : 0;
  if (!ids || *end || oid <= 0) { http_error(r, ERR_BAD_QUERY, "id", "id 应为正整数"); return; }
  char name[420];
  if (!rawname || !tasks_file_name(rawname, name, sizeof name)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return; }
  if (owner_writable(r, kind, oid)) return;
  if (!r->body || !r->body_len) { http_error(r, ERR_BAD_FILE, "file", "没有收到文件内容"); return; }
  if (r->body_len > TASKS_FILE_MAX) { http_error(r, ERR_TOO_LARGE, "file", "附件不能超过 %zu MB", TASKS_FILE_MAX >> 20); return; }
  tasks_file_type by_name = tasks_file_ext(name), by_content = tasks_file_sniff(r->body, r->body_len);
  if (!by_name) { http_error(r, ERR_FILE_TYPE, "name", "只能上传 pdf、jpg、png、docx、xlsx、txt 文件"); return; }
  if (by_content != by_name) {
    http_error(r, ERR_FILE_TYPE, "file", "文件内容与扩展名 .%s 不符%s", tasks_file_type_code(by_name),
               by_content ? "，请按实际类型改名后上传" : "，或不是允许的类型");
    return;
  }
  char sha[65];
  util_sha256_hex(r->body, r->body_len, sha);
  if (store(sha, r->body, r->body_len)) {
    log_error("attachment store failed sha=%s errno=%d", sha, errno);
    http_error(r, ERR_INTERNAL, NULL, "附件保存失败");
    return;
  }
  char at[20];
  org_now(at);
  if (tasks_tx_begin(r)) return;
  int64_t have = tasks_store_attachment_count(kind, oid);
  if (have < 0) { tasks_tx_fail(r); return; }
  if (have >= MAX_PER_RECORD) { db_rollback(); http_error(r, ERR_INVALID, "file", "每条记录最多 %d 个附件", MAX_PER_RECORD); return; }
  int64_t id = tasks_store_attachment_insert(sha, name, (int64_t)r->body_len, tasks_file_type_code(by_content), kind, oid, org_caller(r)->id, at);
  if (!id) { tasks_tx_fail(r); return; }
  json_t *after = att_json(id);
  char sum[600];
  snprintf(sum, sizeof sum, "上传附件 %s（%s %lld）", name, strcmp(kind, "task") ? "清单事项" : "督办任务", oid);
  if (!after || org_audit(r, "tasks.attachment.upload", "attachment", id, sum, NULL, after)) { json_decref(after); tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_download(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *a = id ? att_json(id) : NULL;
  if (!a) { http_error(r, ERR_NOT_FOUND, NULL, "附件不存在"); return; }
  /* Outside the record's scope the attachment does not exist either. */
  if (!owner_readable(r, json_string_value(json_object_get(a, "owner_kind")), json_integer_value(json_object_get(a, "owner_id")))) {
    json_decref(a);
    http_error(r, ERR_NOT_FOUND, NULL, "附件不存在");
    return;
  }
  size_t size = (size_t)json_integer_value(json_object_get(a, "size"));
  char *buf = load(json_string_value(json_object_get(a, "sha256")), size);
  if (!buf) {
    log_error("attachment %lld: stored file missing or changed", (long long)id);
    json_decref(a);
    http_error(r, ERR_INTERNAL, NULL, "附件文件缺失，请联系管理员");
    return;
  }
  int t = tasks_file_type_parse(json_string_value(json_object_get(a, "type")));
  http_add_header(r, "Cache-Control", "private, no-store");
  http_attachment(r, tasks_file_mime(t < 0 ? TF_NONE : (tasks_file_type)t), buf, size, json_string_value(json_object_get(a, "name")));
  json_decref(a);
}

/* The uploader takes back a file not yet part of a report (task) or of submitted evidence (item). */
static void h_delete(req *r) {
  int64_t id = http_param_id(r, 0);
  json_t *a = id ? att_json(id) : NULL;
  if (!a) { http_error(r, ERR_NOT_FOUND, NULL, "附件不存在"); return; }
  const char *kind = json_string_value(json_object_get(a, "owner_kind"));
  int64_t oid = json_integer_value(json_object_get(a, "owner_id"));
  if (!owner_readable(r, kind, oid)) { json_decref(a); http_error(r, ERR_NOT_FOUND, NULL, "附件不存在"); return; }
  if (json_integer_value(json_object_get(a, "uploaded_by")) != org_caller(r)->id) {
    json_decref(a);
    http_error(r, ERR_FORBIDDEN, NULL, "只能删除自己上传的附件");
    return;
  }
  if (json_is_integer(json_object_get(a, "event_id"))) {
    json_decref(a);
    http_error(r, ERR_BAD_STATE, NULL, "附件已随进度反馈提交，不能删除");
    return;
  }
  if (owner_writable(r, kind, oid)) { json_decref(a); return; }
  if (tasks_tx_begin(r)) { json_decref(a); return; }
  char sum[600];
  snprintf(sum, sizeof sum, "删除附件 %s", json_string_value(json_object_get(a, "name")));
  /* The stored file stays: another record may hold the same content, and the audit row names its hash. */
  int bad = tasks_store_attachment_delete(id) || org_audit(r, "tasks.attachment.delete", "attachment", id, sum, a, NULL);
  json_decref(a);
  if (bad) { tasks_tx_fail(r); return; }
  if (tasks_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int tasks_file_put(const char *sha256_hex, const void *data, size_t len) { return store(sha256_hex, data, len); }
char *tasks_file_get(const char *sha256_hex, size_t size) { return load(sha256_hex, size); }

void tasks_file_send(req *r, json_t *row, const char *notfound, const char *missing) {
  if (!row) { http_error(r, ERR_NOT_FOUND, NULL, "%s", notfound); return; }
  size_t size = (size_t)json_integer_value(json_object_get(row, "size"));
  char *data = load(json_string_value(json_object_get(row, "sha256")), size);
  if (!data) { json_decref(row); http_error(r, ERR_NOT_FOUND, NULL, "%s", missing); return; }
  int t = tasks_file_type_parse(json_string_value(json_object_get(row, "type")));
  char *fname = req_strdup(r, json_string_value(json_object_get(row, "name")));
  json_decref(row);
  http_attachment(r, tasks_file_mime(t < 0 ? TF_NONE : (tasks_file_type)t), data, size, fname);
}

tasks_file_type tasks_file_take(req *r, const char *name, const char *noun, char sha[65]) {
  if (!r->body || !r->body_len) { http_error(r, ERR_BAD_FILE, "file", "没有收到文件内容"); return TF_NONE; }
  if (r->body_len > TASKS_FILE_MAX) { http_error(r, ERR_TOO_LARGE, "file", "%s不能超过 %zu MB", noun, TASKS_FILE_MAX >> 20); return TF_NONE; }
  tasks_file_type by_name = tasks_file_ext(name), by_content = tasks_file_sniff(r->body, r->body_len);
  if (!by_name) { http_error(r, ERR_FILE_TYPE, "name", "只能上传 pdf、jpg、png、docx、xlsx、txt 文件"); return TF_NONE; }
  if (by_content != by_name) { http_error(r, ERR_FILE_TYPE, "file", "文件内容与扩展名 .%s 不符", tasks_file_type_code(by_name)); return TF_NONE; }
  util_sha256_hex(r->body, r->body_len, sha);
  if (store(sha, r->body, r->body_len)) {
    log_error("file store failed sha=%s errno=%d", sha, errno);
    http_error(r, ERR_INTERNAL, NULL, "%s保存失败", noun);
    return TF_NONE;
  }
  return by_content;
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/tasks/attachments", NULL, h_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/tasks/attachments/:id", NULL, h_download, 0},
  {HTTP_DELETE, "/api/v1/tasks/attachments/:id", NULL, h_delete, 0},
};
void tasks_files_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
