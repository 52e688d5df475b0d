/* actions.c — the audit vocabulary: "module.resource.verb" codes with Chinese labels, registered by every module at
 * start; the 操作日志 page lists them (GET /org/audit/actions) and each listed row carries its code and label. */
#include "org/internal.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

static const org_audit_def org_actions[] = {
  {"org.user.create", "新增用户", "create user"},
  {"org.user.update", "修改用户", "update user"},
  {"org.user.reset_password", "重置密码", NULL},
  {"org.user.unlock", "解锁用户", NULL},
  {"org.user.change_password", "修改本人密码", NULL},
  {"org.user.import", "导入用户", "import user"},
  {"org.unit.create", "新增单位", "create unit"},
  {"org.unit.update", "修改单位", "update unit"},
  {"org.unit.delete", "删除单位", "delete unit"},
  {"org.unit.import", "导入单位", "import unit"},
  {"org.role.create", "新增角色", "create role"},
  {"org.role.update", "修改角色", "update role"},
  {"org.role.delete", "删除角色", "delete role"},
  {"org.role.grant", "内置角色授权", NULL},
  {"org.calendar.create", "新增日历日", "create calendar"},
  {"org.calendar.update", "修改日历日", "update calendar"},
  {"org.calendar.delete", "删除日历日", "delete calendar"},
  {"org.calendar.import", "导入工作日历", "import calendar"},
  {"org.session.delete", "强制下线", "delete session"},
  {"org.audit.archive", "归档操作日志", "archive audit_log"},
  {"org.demo.load", "载入演示数据", "create demo"},
  {"org.request.refuse_csrf", "拒绝：安全校验失败", NULL},
  {"org.request.refuse_permission", "拒绝：没有权限", NULL},
  {"org.data.export", "导出数据", NULL},
  {"org.file.download", "下载文件", NULL},
  {"org.record.read", "查阅受限记录", NULL},
  {"org.audit.verify", "核验日志链", NULL},
  {"org.security.update", "修改安全设置", NULL},
  {"org.lock.remove", "解除登录锁定", NULL},
};

#define MAX_ACTIONS 512
static const org_audit_def *defs[MAX_ACTIONS];
static size_t ndefs;
static size_t nmodule_defs; /* codes registered by modules other than org: 0 until serve registers them */

static void add_org_own(void) {
  if (ndefs) return;
  for (size_t i = 0; i < sizeof org_actions / sizeof org_actions[0]; i++) defs[ndefs++] = &org_actions[i];
}

int org_register_audit_actions(const org_audit_def *d, size_t n) {
  add_org_own();
  if (ndefs + n > MAX_ACTIONS) { log_error("org_register_audit_actions: more than %d codes", MAX_ACTIONS); return -1; }
  for (size_t i = 0; i < n; i++) defs[ndefs++] = &d[i];
  nmodule_defs += n;
  return 0;
}

/* "update user" read as the pair (update, user). */
static int legacy_is(const char *legacy, const char *action, const char *entity) {
  size_t la = strlen(action);
  return legacy && strncmp(legacy, action, la) == 0 && legacy[la] == ' ' && strcmp(legacy + la + 1, entity ? entity : "") == 0;
}

const org_audit_def *org_audit_action_find(const char *action, const char *entity) {
  add_org_own();
  if (!action) return NULL;
  int dotted = strchr(action, '.') != NULL;
  for (size_t i = 0; i < ndefs; i++)
    if (dotted ? strcmp(defs[i]->code, action) == 0 : legacy_is(defs[i]->legacy, action, entity)) return defs[i];
  return NULL;
}

void org_audit_action_check(const char *action) {
  if (nmodule_defs && !org_audit_action_find(action, NULL))
    log_error("audit: action code %s is not registered (org_register_audit_actions); the log shows it unlabelled", action ? action : "(null)");
}

void org_audit_label_rows(json_t *items) {
  size_t i;
  json_t *o;
  json_array_foreach(items, i, o) {
    const char *a = json_string_value(json_object_get(o, "action")), *e = json_string_value(json_object_get(o, "entity"));
    const org_audit_def *d = org_audit_action_find(a, e);
    json_object_set_new(o, "action_code", json_string(d ? d->code : a ? a : ""));
    json_object_set_new(o, "action_label", json_string(d ? d->label : a ? a : ""));
  }
}

/* The module part of a code ("tasks" of "tasks.task.urge") and its menu name from the permission catalogue. */
static json_t *module_names(void) {
  json_t *cat = org_perm_catalogue(), *names = json_object(), *m;
  size_t i;
  json_array_foreach(cat, i, m) json_object_set(names, json_string_value(json_object_get(m, "code")), json_object_get(m, "name"));
  json_decref(cat);
  return names;
}

static void h_actions(req *r) {
  add_org_own();
  json_t *names = module_names(), *items = json_array();
  for (size_t i = 0; i < ndefs; i++) {
    char mod[32];
    size_t len = strcspn(defs[i]->code, ".");
    snprintf(mod, sizeof mod, "%.*s", (int)(len < sizeof mod ? len : sizeof mod - 1), defs[i]->code);
    json_t *mn = json_object_get(names, mod);
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s}", "code", defs[i]->code, "label", defs[i]->label, "module", mod,
                                           "module_name", mn ? json_string_value(mn) : mod));
  }
  json_decref(names);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)ndefs));
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/org/audit/actions", "monitor:audit:list", h_actions, 0},
};
void org_actions_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
