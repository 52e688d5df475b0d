/* jv.h — validation of JSON request bodies: strict objects (unknown fields refused), typed fields with limits,
 * each failure answered as 400 naming the field in Chinese. Values returned are owned by the request. */
#ifndef BASE_JV_H
#define BASE_JV_H
#include "base/http.h"
#include <jansson.h>
#include <stdint.h>

/* Parses the body as a JSON object whose keys are all among allowed (NULL-terminated). NULL = answered 400.
 * An empty body counts as {}. */
json_t *jv_object(req *r, const char *const *allowed);

/* Each returns 1 when the field is present and valid, 0 when absent (and not required), -1 when it has answered 400.
 * label is the field's Chinese name used in messages, e.g. "姓名". */
enum { JV_OPTIONAL = 0, JV_REQUIRED = 1 };
int jv_str(req *r, json_t *o, const char *key, const char *label, int required, size_t min_chars, size_t max_chars, const char **out);
int jv_int(req *r, json_t *o, const char *key, const char *label, int required, int64_t min, int64_t max, int64_t *out);
int jv_id_or_null(req *r, json_t *o, const char *key, const char *label, int required, int64_t *out); /* null → 0 */
int jv_bool(req *r, json_t *o, const char *key, const char *label, int required, int *out);
int jv_ids(req *r, json_t *o, const char *key, const char *label, int required, size_t max_items, int64_t **out, size_t *n);
int jv_strs(req *r, json_t *o, const char *key, const char *label, int required, size_t max_items, size_t max_chars,
            const char ***out, size_t *n);
/* One of the given values (NULL-terminated). */
int jv_enum(req *r, json_t *o, const char *key, const char *label, int required, const char *const *values, const char **out);

/* Counts UTF-8 characters; -1 when s is not valid UTF-8 or holds control characters other than \t \n \r. */
long jv_utf8_chars(const char *s);
#endif
