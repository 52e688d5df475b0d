/* api.c — the evals module's wiring: permissions, routes, the cockpit feed, and the helpers its handlers share
 * (transactions, clocks, settings). */
#include "evals/internal.h"
#include "base/util.h"
#include "base/workday.h"
#include "cockpit/cockpit.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int evals_tx_begin(req *r) { return dbj_tx_begin(r); }
int evals_tx_commit(req *r) { return dbj_tx_commit(r); }
void evals_tx_fail(req *r) { dbj_tx_fail(r); }

void evals_today(char out[11]) { util_today(out); } /* BUREAU_TODAY aware, in the bureau's zone */

/* The server's clock: submissions are judged against real time (the phone's clock is real time too). */
void evals_now(char out[20]) { util_now_text(out); }

static const struct { const char *key; size_t off; int is_int; } setting_keys[] = {
  {"max_distance_m", offsetof(evals_settings, max_distance_m), 0}, {"max_accuracy_m", offsetof(evals_settings, max_accuracy_m), 0},
  {"min_seconds", offsetof(evals_settings, min_seconds), 0}, {"max_speed_kmh", offsetof(evals_settings, max_speed_kmh), 0},
  {"work_start_h", offsetof(evals_settings, work_start_h), 1}, {"work_end_h", offsetof(evals_settings, work_end_h), 1},
  {"straight_min", offsetof(evals_settings, straight_min), 1}, {"phash_max", offsetof(evals_settings, phash_max), 1},
  {"recheck_tolerance", offsetof(evals_settings, recheck_tolerance), 0}, {"sample_pct", offsetof(evals_settings, sample_pct), 0},
  {"appeal_days", offsetof(evals_settings, appeal_days), 1}, {"deadline_days", offsetof(evals_settings, deadline_days), 1},
};

static int setting_one(void *ctx, const char *k, double v) {
  evals_settings *cfg = ctx;
  for (size_t i = 0; i < sizeof setting_keys / sizeof setting_keys[0]; i++)
    if (!strcmp(k, setting_keys[i].key)) {
      char *p = (char *)cfg + setting_keys[i].off;
      if (setting_keys[i].is_int) *(int *)p = (int)v;
      else *(double *)p = v;
    }
  return 0;
}

int evals_settings_load(evals_settings *cfg) {
  *cfg = evals_default_settings;
  return evals_store_settings_each(setting_one, cfg);
}

json_t *evals_settings_json(const evals_settings *cfg) {
  json_t *o = json_object();
  for (size_t i = 0; i < sizeof setting_keys / sizeof setting_keys[0]; i++) {
    const char *p = (const char *)cfg + setting_keys[i].off;
    json_object_set_new(o, setting_keys[i].key, setting_keys[i].is_int ? json_integer(*(const int *)p) : json_real(*(const double *)p));
  }
  return o;
}

static void h_settings_get(req *r) {
  evals_settings cfg;
  if (evals_settings_load(&cfg)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, evals_settings_json(&cfg));
}

/* PUT /evals/settings {key: number…}: each within sensible bounds. */
static void h_settings_put(req *r) {
  static const char *const allowed[] = {"max_distance_m", "max_accuracy_m", "min_seconds", "max_speed_kmh", "work_start_h", "work_end_h",
                                        "straight_min", "phash_max", "recheck_tolerance", "sample_pct", "appeal_days", "deadline_days", NULL};
  static const struct { const char *label; double lo, hi; } bounds[] = {
    {"位置允许距离（米）", 10, 5000}, {"计入的最大定位精度（米）", 0, 5000}, {"最短用时（秒）", 0, 3600}, {"最高移动速度（公里/小时）", 5, 300},
    {"工作开始时刻", 0, 23}, {"工作结束时刻", 1, 24}, {"雷同户数", 2, 1000}, {"近似照片阈值（位）", 0, 32},
    {"复核偏差容忍（分）", 0, 100}, {"抽查比例（%）", 0, 100}, {"申诉期限（工作日）", 1, 60}, {"评价期限（工作日）", 1, 120}};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  evals_settings before;
  if (evals_settings_load(&before)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  for (size_t i = 0; allowed[i]; i++) {
    json_t *v = json_object_get(o, allowed[i]);
    if (!v) continue;
    if (!json_is_number(v) || json_number_value(v) < bounds[i].lo || json_number_value(v) > bounds[i].hi ||
        (setting_keys[i].is_int && !json_is_integer(v))) {
      http_error(r, ERR_INVALID, allowed[i], "%s应为%s%g至%g之间的数", bounds[i].label, setting_keys[i].is_int ? "整数，" : "", bounds[i].lo, bounds[i].hi);
      return;
    }
  }
  char at[20];
  evals_now(at);
  if (evals_tx_begin(r)) return;
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    if (evals_store_setting_put(k, json_number_value(v), at)) { evals_tx_fail(r); return; }
  }
  evals_settings after;
  json_t *b = evals_settings_json(&before), *a = NULL;
  int bad = evals_settings_load(&after) || !(a = evals_settings_json(&after)) || org_audit(r, "evals.settings.update", "eval_settings", 0, "修改终端评价质量规则阈值", b, a);
  json_decref(b);
  if (bad) { json_decref(a); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(a); return; }
  http_json(r, 200, a);
}

static const org_perm_def perms[] = {
  {"evals", "终端评价"},
  {"evals:round", "评价周期"}, {"evals:round:list", "查询"}, {"evals:round:add", "新建周期"}, {"evals:round:assign", "调整分配"},
  {"evals:round:urge", "催办"},
  {"evals:eval", "评价记录"}, {"evals:eval:list", "查询"}, {"evals:eval:add", "评价（客户经理）"}, {"evals:eval:review", "审核（退回、修改、通过）"},
  {"evals:eval:export", "导出"},
  {"evals:recheck", "抽查复核"}, {"evals:recheck:pick", "抽取样本（县局）"}, {"evals:recheck:do", "复核"},
  {"evals:appeal", "申诉"}, {"evals:appeal:add", "提出申诉"}, {"evals:appeal:decide", "处理申诉"},
  {"evals:quality", "评价质量"}, {"evals:quality:view", "查看"},
  {"evals:template", "评价表与规则"}, {"evals:template:edit", "编辑、发布评价表，设置阈值"},
  {"evals:market", "市场检查"}, {"evals:market:import", "导入市场检查记录（明码标价）"},
};

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/evals/settings", "evals:eval:list", h_settings_get, 0},
  {HTTP_PUT, "/api/v1/evals/settings", "evals:template:edit", h_settings_put, 0},
};

/* What the built-in roles get of this module (given once by org at start; 001 and 002 gave the same on upgraded databases). */
static const org_grant grants[] = {
  {"leader", "evals:round:list evals:eval:list evals:quality:view evals:eval:export evals:recheck:pick evals:recheck:do evals:appeal:decide"},
  {"dept_head", "evals:round:list evals:eval:list evals:eval:review evals:eval:export evals:round:urge evals:quality:view evals:recheck:do"
                " evals:appeal:decide"},
  {"customer_manager", "evals:round:list evals:eval:list evals:eval:add evals:appeal:add evals:quality:view"},
  {"inspector", "evals:round:list evals:eval:list evals:recheck:do evals:market:import"},
};

static const org_audit_def actions[] = {
  {"evals.round.create", "新建评价周期", "create eval_round"},
  {"evals.round.urge", "催办评价", "urge eval_round"},
  {"evals.assignment.update", "改派评价任务", "update eval_assignment"},
  {"evals.evaluation.create", "提交终端评价", "create evaluation"},
  {"evals.evaluation.update", "重新提交终端评价", "update evaluation"},
  {"evals.evaluation.return", "退回终端评价", "return evaluation"},
  {"evals.evaluation.amend", "修改终端评价", "amend evaluation"},
  {"evals.evaluation.approve", "审核通过终端评价", "approve evaluation"},
  {"evals.evaluation.change", "通过后修改评价结果", "change evaluation"},
  {"evals.round.pick", "抽取复核样本", "pick eval_round"},
  {"evals.evaluation.recheck", "复核终端评价", "recheck evaluation"},
  {"evals.evaluation.appeal", "提出申诉", "appeal evaluation"},
  {"evals.evaluation.decide", "裁决申诉", "decide evaluation"},
  {"evals.photo.upload", "上传评价照片", "upload eval_photo"},
  {"evals.template.save", "保存评价表草稿", "update eval_template"},
  {"evals.template.publish", "发布评价表", "publish eval_template"},
  {"evals.settings.update", "修改质量规则阈值", "update eval_settings"},
  {"evals.market.import", "导入市场检查记录", "import eval_market_check"},
  {"evals.demo.load", "载入演示终端评价", NULL},
};

void evals_register(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
  evals_templates_routes();
  evals_rounds_routes();
  evals_evals_routes();
  evals_photos_routes();
  evals_review_routes();
  evals_market_routes();
  evals_quality_routes();
  evals_feeds_register();
}
