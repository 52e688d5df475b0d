/* err.c — lookups into the error registry of err.h. */
#include "base/err.h"

static const struct { const char *code; int status; const char *msg; } table[] = {
  [ERR_NONE] = {"ok", 200, "成功"},
#define X(id, c, s, m) [id] = {c, s, m},
  ERR_TABLE(X)
#undef X
};

const char *err_code(err_id e) { return e < ERR__COUNT ? table[e].code : "internal_error"; }
int err_status(err_id e) { return e < ERR__COUNT ? table[e].status : 500; }
const char *err_message(err_id e) { return e < ERR__COUNT ? table[e].msg : "服务器内部错误"; }
