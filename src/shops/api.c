/* api.c — the shops module's wiring: permissions, routes, the shipped template, and helpers its handlers share. */
#include "shops/internal.h"
#include "base/embedded.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

int shops_tx_begin(req *r) { return dbj_tx_begin(r); }
int shops_tx_commit(req *r) { return dbj_tx_commit(r); }
void shops_tx_fail(req *r) { dbj_tx_fail(r); }

int shops_visible(req *r, int64_t id) {
  if (!id || !org_caller_scope(r)) return 0;
  return shops_store_visible(r, id);
}

int shops_q_month(req *r, const char *key, const char **out) {
  const char *v = http_query(r, key);
  *out = NULL;
  if (!v || !*v) return 0;
  if (shops_month_index(v) < 0) { http_error(r, ERR_BAD_QUERY, key, "%s 应为 YYYY-MM 格式的月份", key); return -1; }
  *out = v;
  return 0;
}


void shops_this_month(char out[8]) {
  char today[11];
  util_today(today);
  memcpy(out, today, 7);
  out[7] = 0;
}

void shops_latest_month(char out[8]) {
  /* months in the future (data entered ahead, or a wrong year) do not move the default */
  char now[8];
  shops_this_month(now);
  shops_store_latest_month(now, out);
}

const char *shops_default_template(size_t *len) {
  const struct embedded_file *f = embedded_find("data/shops-template.json");
  if (!f) return NULL;
  *len = f->len;
  return f->data;
}

int shops_seed(void) {
  int64_t n = shops_store_template_count();
  if (n != 0) return n < 0 ? -1 : 0;
  size_t len;
  const char *body = shops_default_template(&len);
  char err[256];
  shops_tpl *t = body ? shops_tpl_parse(body, len, err, sizeof err) : NULL;
  if (!t) return -1;
  json_t *canon = shops_tpl_json(t);
  char *txt = json_dumps(canon, JSON_COMPACT);
  json_decref(canon);
  char at[20];
  org_now(at);
  int rc = txt ? shops_store_template_first(t->name, txt, at) : -1;
  free(txt);
  shops_tpl_free(t);
  return rc;
}

/* ---- parsed templates, cached per thread (published versions never change; a draft is parsed on each use) ---- */
#define TPL_CACHE 8
static _Thread_local struct { int64_t id; int version; shops_tpl *t; } cache[TPL_CACHE];
static _Thread_local unsigned cache_next;

int64_t shops_current_template(void) { return shops_store_current_template(); }

/* The cache is freed as its thread ends (pool threads at shutdown, job threads when their job is done). */
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;
static void cache_dtor(void *p) {
  (void)p;
  for (int i = 0; i < TPL_CACHE; i++) {
    shops_tpl_free(cache[i].t);
    cache[i].t = NULL;
  }
}
static void cache_key_init(void) { pthread_key_create(&cache_key, cache_dtor); }

const shops_tpl *shops_template_get(int64_t id, int *version_out) {
  pthread_once(&cache_key_once, cache_key_init);
  if (!pthread_getspecific(cache_key)) pthread_setspecific(cache_key, (void *)1);
  for (int i = 0; i < TPL_CACHE; i++)
    if (cache[i].t && cache[i].id == id) { if (version_out) *version_out = cache[i].version; return cache[i].t; }
  int version = 0;
  char *b = shops_store_template_body(id, &version);
  if (!b) return NULL;
  char err[256];
  shops_tpl *t = shops_tpl_parse(b, strlen(b), err, sizeof err);
  free(b);
  if (!t) return NULL;
  unsigned k = cache_next++ % TPL_CACHE;
  shops_tpl_free(cache[k].t);
  cache[k].id = id;
  cache[k].version = version;
  cache[k].t = t;
  if (version_out) *version_out = version;
  return t;
}

static const org_perm_def perms[] = {
  {"shops", "零售户"},
  {"shops:shop", "零售户档案"}, {"shops:shop:list", "查询"}, {"shops:shop:add", "新增"}, {"shops:shop:edit", "修改"}, {"shops:shop:remove", "删除"},
  {"shops:shop:import", "导入"}, {"shops:shop:export", "导出"},
  {"shops:data", "经营数据"}, {"shops:data:import", "导入经营数据"},
  {"shops:assess", "数字化经营能力检测"}, {"shops:assess:list", "查看检测结果"}, {"shops:assess:add", "走访检测"}, {"shops:assess:batch", "批量检测"},
  {"shops:template", "检测模板"}, {"shops:template:edit", "编辑并发布模板"},
  {"shops:picture", "全县画像"}, {"shops:picture:view", "查看"},
};

/* What the built-in roles get of this module (given once by org at start). */
static const org_grant grants[] = {
  {"leader", "shops:shop:list shops:shop:export shops:assess:list shops:picture:view"},
  {"dept_head", "shops:shop:list shops:shop:export shops:shop:edit shops:assess:list shops:assess:add shops:picture:view shops:data:import"},
  {"customer_manager", "shops:shop:list shops:shop:export shops:assess:list shops:assess:add"},
  {"inspector", "shops:shop:list shops:shop:export shops:assess:list shops:picture:view"},
};

static const org_audit_def actions[] = {
  {"shops.shop.create", "新增零售户", "create shop"},
  {"shops.shop.update", "修改零售户", "update shop"},
  {"shops.shop.delete", "删除零售户", "delete shop"},
  {"shops.shop.import", "导入零售户", "import shop"},
  {"shops.shop.selftest_link", "生成自测链接", NULL},
  {"shops.format.create", "新增业态", "create shop_format"},
  {"shops.data.import", "导入经营数据", "import shop_data"},
  {"shops.assessment.create", "走访检测", "create shop_assessment"},
  {"shops.assessment.selftest", "零售户自测", NULL},
  {"shops.template.save", "保存检测模板草稿", "update shop_template"},
  {"shops.template.publish", "发布检测模板", "publish shop_template"},
  {"shops.template.discard", "放弃检测模板草稿", "delete shop_template"},
  {"shops.demo.load", "载入演示零售户数据", NULL},
};

void shops_register(void) {
  org_register_perms(perms, sizeof perms / sizeof perms[0]);
  org_register_grants(grants, sizeof grants / sizeof grants[0]);
  org_register_audit_actions(actions, sizeof actions / sizeof actions[0]);
  /* literal paths (/shops/templates, /shops/picture…) before the registry's /shops/:id */
  shops_template_routes();
  shops_picture_routes();
  shops_data_routes();
  shops_assess_routes();
  shops_registry_routes();
}
