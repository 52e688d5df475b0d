/* err.h — the one error registry: stable code, HTTP status and Chinese message for every error bureau answers with. */
#ifndef BASE_ERR_H
#define BASE_ERR_H
#define ERR_TABLE(X) \
  X(ERR_BAD_JSON, "bad_json", 400, "请求体不是合法的JSON") \
  X(ERR_INVALID, "invalid_field", 400, "字段不合法") \
  X(ERR_MISSING, "missing_field", 400, "缺少必填字段") \
  X(ERR_UNKNOWN_FIELD, "unknown_field", 400, "不认识的字段") \
  X(ERR_BAD_QUERY, "bad_query", 400, "查询参数不合法") \
  X(ERR_WEAK_PASSWORD, "weak_password", 400, "密码强度不够") \
  X(ERR_UNIT_CYCLE, "unit_cycle", 400, "不能把单位移到它自己或它的下级单位之下") \
  X(ERR_BAD_FILE, "bad_file", 400, "文件无法读取") \
  X(ERR_WRONG_PASSWORD, "wrong_password", 400, "原密码不正确") \
  X(ERR_UNAUTHENTICATED, "unauthenticated", 401, "未登录或登录已过期，请重新登录") \
  X(ERR_BAD_CREDENTIALS, "bad_credentials", 401, "用户名或密码错误") \
  X(ERR_FORBIDDEN, "forbidden", 403, "没有权限执行此操作") \
  X(ERR_CSRF, "csrf_failed", 403, "安全校验失败，请刷新页面后重试") \
  X(ERR_PWD_CHANGE, "password_change_required", 403, "请先修改初始密码") \
  X(ERR_GRANT_SCOPE, "grant_out_of_scope", 403, "不能授予超出自己权限或数据范围的内容") \
  X(ERR_NOT_FOUND, "not_found", 404, "记录不存在") \
  X(ERR_NO_ROUTE, "no_route", 404, "接口不存在") \
  X(ERR_METHOD, "method_not_allowed", 405, "请求方法不允许") \
  X(ERR_DUPLICATE, "duplicate", 409, "记录已存在") \
  X(ERR_UNIT_IN_USE, "unit_in_use", 409, "单位下还有下级单位或用户，不能删除，可以停用") \
  X(ERR_ROLE_IN_USE, "role_in_use", 409, "角色还有用户在用，不能删除") \
  X(ERR_BUILTIN, "builtin", 409, "内置数据不能删除") \
  X(ERR_TOO_LARGE, "payload_too_large", 413, "请求体过大") \
  X(ERR_MEDIA, "unsupported_media_type", 415, "请求体类型不支持，应为 application/json") \
  X(ERR_IMPORT_INVALID, "import_invalid", 422, "导入数据有误，未写入任何数据") \
  X(ERR_LOCKED, "account_locked", 423, "账号已锁定") \
  X(ERR_RATE_LIMITED, "too_many_attempts", 429, "尝试过于频繁，请稍后再试") \
  X(ERR_BAD_STATE, "bad_state", 409, "当前状态不允许此操作") \
  X(ERR_FILE_TYPE, "file_type_not_allowed", 415, "文件类型不允许") \
  X(ERR_CONSTRAINT, "constraint_failed", 409, "与其他数据冲突，未保存") \
  X(ERR_QUOTA, "quota_exceeded", 400, "超出名额") \
  X(ERR_INELIGIBLE, "not_eligible", 400, "不符合参评条件") \
  X(ERR_INTERNAL, "internal_error", 500, "服务器内部错误") \
  X(ERR_BUSY, "busy", 503, "服务器繁忙，请稍后再试")

typedef enum {
  ERR_NONE = 0,
#define X(id, code, status, msg) id,
  ERR_TABLE(X)
#undef X
  ERR__COUNT
} err_id;

const char *err_code(err_id e);   /* "not_found" */
int err_status(err_id e);         /* 404 */
const char *err_message(err_id e);/* "记录不存在" */
#endif
