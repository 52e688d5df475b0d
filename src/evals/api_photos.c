/* api_photos.c — uploading and reading evaluation photos and signatures. A photo must be a JPEG (the phone shrinks it
 * to one before upload) so its perceptual hash can be computed; a signature may be PNG or JPEG (compared by content).
 * Size, type by content and pixel count are checked from the header before any decoding; the file is kept through
 * tasks.h like task attachments. */
#include "evals/internal.h"
#include "base/log.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* POST /evals/photos?kind=photo|signature with the image as the body → 201 {id, …}. */
static void h_upload(req *r) {
  const char *kind = http_query(r, "kind");
  if (!kind || (strcmp(kind, "photo") && strcmp(kind, "signature"))) { http_error(r, ERR_BAD_QUERY, "kind", "kind 应为 photo 或 signature"); return; }
  const char *label = strcmp(kind, "photo") ? "签名" : "照片";
  if (!r->body || !r->body_len) { http_error(r, ERR_BAD_FILE, "file", "没有收到%s内容", label); return; }
  if (r->body_len > EVALS_PHOTO_MAX_BYTES) { http_error(r, ERR_TOO_LARGE, "file", "%s不能超过 %zu MB", label, EVALS_PHOTO_MAX_BYTES >> 20); return; }
  const unsigned char *d = (const unsigned char *)r->body;
  int w, h;
  evals_image_type t = evals_image_probe(d, r->body_len, &w, &h);
  if (t == EI_NONE) { http_error(r, ERR_FILE_TYPE, "file", "%s不是 JPEG 或 PNG 图片", label); return; }
  if (t == EI_PNG && !strcmp(kind, "photo")) { http_error(r, ERR_FILE_TYPE, "file", "照片应为 JPEG 格式（手机拍照后自动压缩为 JPEG）"); return; }
  if (w > EVALS_PHOTO_MAX_SIDE || h > EVALS_PHOTO_MAX_SIDE || (long long)w * h > EVALS_PHOTO_MAX_PIXELS) {
    http_error(r, ERR_INVALID, "file", "%s像素过大（%d×%d），不能超过 %lld 万像素、单边 %d 像素", label, w, h, EVALS_PHOTO_MAX_PIXELS / 10000, EVALS_PHOTO_MAX_SIDE);
    return;
  }
  uint64_t dh = 0;
  int has_hash = 0;
  evals_exif ex;
  memset(&ex, 0, sizeof ex);
  if (t == EI_JPEG) {
    if (evals_jpeg_dhash(d, r->body_len, &dh)) { http_error(r, ERR_BAD_FILE, "file", "%s无法解码，文件可能已损坏", label); return; }
    has_hash = 1;
    evals_exif_read(d, r->body_len, &ex);
  }
  char sha[65];
  util_sha256_hex(r->body, r->body_len, sha);
  if (tasks_file_put(sha, r->body, r->body_len)) {
    log_error("eval photo store failed sha=%s", sha);
    http_error(r, ERR_INTERNAL, NULL, "%s保存失败", label);
    return;
  }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) return;
  int64_t id = evals_store_photo_add(sha, r->body_len, t == EI_JPEG ? "jpg" : "png", w, h, has_hash, dh, &ex, kind, org_caller(r)->id, at);
  json_t *after = id ? evals_store_photo_json(id) : NULL;
  char sum[120];
  snprintf(sum, sizeof sum, "上传评价%s（%d×%d）", label, w, h);
  if (!after || org_audit(r, "evals.photo.upload", "eval_photo", id, sum, NULL, after)) { json_decref(after); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

/* GET /evals/photos/:id — the uploader, or anyone who may see its evaluation. */
static void h_get(req *r) {
  int64_t id = http_param_id(r, 0), eval_id, uploader;
  char sha[65], type[8];
  size_t size;
  if (!org_caller_scope(r)) return;
  int found = id ? evals_store_photo_file(id, sha, &size, type, &eval_id, &uploader) : 0;
  if (found < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  if (!found || !(uploader == org_caller(r)->id || (eval_id && evals_store_eval_visible(r, eval_id)))) { http_error(r, ERR_NOT_FOUND, NULL, "照片不存在"); return; }
  char *buf = tasks_file_get(sha, size);
  if (!buf) { log_error("eval photo %lld: stored file missing", (long long)id); http_error(r, ERR_INTERNAL, NULL, "照片文件缺失"); return; }
  http_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
  http_send(r, 200, strcmp(type, "png") ? "image/jpeg" : "image/png", buf, size);
}

static const http_route routes[] = {
  {HTTP_POST, "/api/v1/evals/photos", "evals:eval:add", h_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/evals/photos/:id", NULL, h_get, 0},
};
void evals_photos_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
