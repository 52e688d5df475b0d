/* api.c — the cockpit module's wiring: its permissions, its route groups, the live watcher and the refresh of module feeds. */
#include "cockpit/internal.h"

static const org_perm_def perms[] = {
  {"cockpit", "数字化所队部"},
  {"cockpit:view", "指标对比"}, {"cockpit:view:list", "查看（本单位及汇总）"}, {"cockpit:view:peers", "查看其他单位"},
  {"cockpit:view:bureau", "查看全局汇总"}, {"cockpit:view:export", "导出"},
  {"cockpit:value", "指标数据"}, {"cockpit:value:edit", "录入修改"}, {"cockpit:value:import", "导入"},
  {"cockpit:indicator", "指标设置"}, {"cockpit:indicator:edit", "权重、目标、大屏"},
  {"cockpit:indicator:define", "指标定义（新增、修改、停用）"},
  {"cockpit:key", "接口密钥"}, {"cockpit:key:manage", "管理接口密钥"},
};

/* What the built-in roles get of this module (given once by org at start). */
static const org_grant grants[] = {
  {"leader", "cockpit:view:list cockpit:view:peers cockpit:view:bureau cockpit:view:export"},
  {"dept_head", "cockpit:view:list cockpit:view:peers cockpit:view:bureau cockpit:view:export cockpit:value:edit cockpit:value:import"},
  {"discipline", "cockpit:view:list cockpit:view:peers cockpit:view:bureau cockpit:view:export"},
  {"inspector", "cockpit:view:list cockpit:view:bureau"},
  {"customer_manager", "cockpit:view:list cockpit:view:bureau"},
  {"staff", "cockpit:view:list"},
};

static const org_audit_def actions[] = {
  {"cockpit.indicator.create", "新增指标", NULL},
  {"cockpit.indicator.update", "修改指标定义", NULL},
  {"cockpit.indicator.disable", "停用指标", NULL},
  {"cockpit.indicator.edit", "修改指标设置", NULL},
  {"cockpit.target.put", "设置目标值", NULL},
  {"cockpit.target.grid", "保存目标分解表", NULL},
  {"cockpit.key.create", "新建接口密钥", NULL},
  {"cockpit.key.revoke", "吊销接口密钥", NULL},
  {"cockpit.value.put", "录入指标数据", NULL},
  {"cockpit.value.delete", "删除指标数据", NULL},
  {"cockpit.value.import", "导入指标数据", NULL},
};

void cockpit_register(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  ck_views_routes();
  ck_data_routes();
  ck_grid_routes();
  ck_define_routes();
  ck_import_routes();
  ck_live_routes();
  ck_feeds_start();
  ck_live_start();
}

/* The feeds thread first: it writes, and its refresh may kick the live watcher. */
void cockpit_stop(void) {
  ck_feeds_stop();
  ck_live_stop();
}
