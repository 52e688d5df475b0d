/* fuzz_json_body.c — libFuzzer harness for the JSON body validator (jv_*): any bytes as a request body must give
 * either valid typed fields or a 400 answer naming the problem; never a crash, a leak or an answer without a code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/http.h"
#include "base/jv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const allowed[] = {"username", "name", "unit_id", "role_ids", "tags", "enabled", "kind", NULL};
  static const char *const kinds[] = {"局", "部门", "所", NULL};
  req *r = http_req_new();
  r->body = malloc(size + 1);
  memcpy(r->body, data, size);
  r->body[size] = 0;
  r->body_len = size;
  json_t *o = jv_object(r, allowed);
  if (o) {
    const char *s, **ss;
    int64_t i, *ids;
    size_t n;
    int b;
    if (jv_str(r, o, "username", "用户名", JV_REQUIRED, 3, 32, &s) >= 0 && jv_str(r, o, "name", "姓名", JV_OPTIONAL, 1, 32, &s) >= 0 &&
        jv_int(r, o, "unit_id", "单位", JV_OPTIONAL, 1, INT64_MAX, &i) >= 0 && jv_ids(r, o, "role_ids", "角色", JV_OPTIONAL, 16, &ids, &n) >= 0 &&
        jv_strs(r, o, "tags", "标签", JV_OPTIONAL, 8, 16, &ss, &n) >= 0 && jv_bool(r, o, "enabled", "状态", JV_OPTIONAL, &b) >= 0)
      jv_enum(r, o, "kind", "类型", JV_OPTIONAL, kinds, &s);
  }
  if (r->answered) {
    /* Every refusal is a 400 JSON error with a code and a message. */
    json_t *j = json_loadb(r->resp, r->resp_len, 0, NULL);
    json_t *e = json_object_get(j, "error");
    if (r->status != 400 || !json_string_value(json_object_get(e, "code")) || !json_string_value(json_object_get(e, "message"))) abort();
    json_decref(j);
  }
  http_req_free(r);
  return 0;
}
