/* demo.c — the demo county's shops: about 2,500 licensed retailers over its three 所 around one county town, with
 * believable names, addresses, GPS, 业态 mix and 档位, twelve months of data that trend upwards, and a year of visits
 * scored with the default template. Deterministic (fixed seed) so tests can rely on it. */
#include "shops/internal.h"
#include "base/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long long seed_state = 20240601ULL;
static double rnd(void) { /* xorshift64*: uniform in [0,1) */
  seed_state ^= seed_state >> 12; seed_state ^= seed_state << 25; seed_state ^= seed_state >> 27;
  return (double)((seed_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}
static int rint_(int n) { return (int)(rnd() * n); }

/* town, 所, share of the county's shops, centre offset from the county town (km east, km north), spread km, urban */
static const struct { const char *town, *unit; int weight; double east, north, spread; int urban; const char *const *streets; } towns[] = {
  {"城关镇", "CQS", 34, 0, 0, 2.2, 1, (const char *const[]){"解放路", "人民路", "中山街", "府前路", "新华路", "建设路", "环城北路", "丽阳街", "和平路", "文化路", NULL}},
  {"城南街道", "CQS", 10, 1.5, -3.5, 1.5, 1, (const char *const[]){"南明路", "江滨路", "开发区大道", "工业路", NULL}},
  {"龙潭镇", "LTS", 14, 14, 6, 1.6, 0, (const char *const[]){"龙潭街", "老街", "溪东路", "龙兴路", NULL}},
  {"溪口乡", "LTS", 8, 22, 11, 1.2, 0, (const char *const[]){"溪口街", "上村", "下村", "桥头", NULL}},
  {"白岩乡", "LTS", 7, 19, -4, 1.2, 0, (const char *const[]){"白岩村", "岭脚", "新屋", NULL}},
  {"石门镇", "SMS", 13, -16, -8, 1.6, 0, (const char *const[]){"石门街", "车站路", "石溪路", "新街", NULL}},
  {"港头乡", "SMS", 7, -24, 2, 1.2, 0, (const char *const[]){"港头村", "埠头", "塘边", NULL}},
  {"大洋乡", "SMS", 7, -11, -19, 1.3, 0, (const char *const[]){"大洋村", "洋坑", "岙里", NULL}},
};
static const char *const words[] = {"惠民", "顺发", "万家福", "兴隆", "百佳", "好又多", "便民", "鑫鑫", "阿明", "福满多", "永安", "佳佳", "乐购", "金源",
                                    "联华", "诚信", "旺旺", "家家乐", "红梅", "春晖", "老王", "新新", "德顺", "和美", "恒丰", "信达", "嘉禾", "众鑫"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "吴", "周", "徐", "叶", "潘", "金", "毛", "蓝", "雷", "钟", "季", "郑", "林"};
static const char *const given[] = {"建国", "美华", "小英", "国平", "春花", "志明", "红英", "伟", "丽芳", "水根", "秀珍", "金土", "海燕", "卫东", "爱琴"};
/* 业态 mix (per mille) and the name suffix each usually carries */
static const struct { const char *cat, *suffix; int per_mille; } cats[] = {
  {"食杂店", "食杂店", 440}, {"便利店", "便利店", 250}, {"超市", "超市", 100}, {"烟酒商店", "烟酒商行", 130}, {"娱乐服务类", "棋牌室", 40}, {"其他", "商店", 40}};

/* Manager pools: CQS shops belong to 城区片区, LTS to 东部/南部, SMS to 西部. */
typedef struct pool { int64_t ids[32]; int n; } pool;
static void load_pool(pool *p, const char *unit) {
  db_stmt *s = db_prepare("SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id"
                          " WHERE r.code = 'customer_manager' AND u.unit_id = ? ORDER BY u.id");
  db_bind_int(s, 1, org_unit_id_by_code(unit));
  while (s && p->n < 32 && db_step(s) == DB_ROW) p->ids[p->n++] = db_col_int(s, 0);
  db_reset(s);
}

/* Answers a shop of propensity p (0–1) would give at a visit. */
static json_t *answers_for(double p) {
  json_t *a = json_object();
  json_object_set_new(a, "pos", json_boolean(p + rnd() * 0.3 > 0.55));
  const char *scan[] = {"none", "phone", "gun", "integrated"};
  json_object_set_new(a, "scanner", json_string(scan[(int)fmin(3, p * 3.2 + rnd() * 0.9)]));
  json_t *pay = json_array();
  if (p + rnd() * 0.4 > 0.45) json_array_append_new(pay, json_string("aggregate"));
  if (rnd() < 0.85) json_array_append_new(pay, json_string("wechat"));
  if (rnd() < 0.7) json_array_append_new(pay, json_string("alipay"));
  if (rnd() < p * 0.5) json_array_append_new(pay, json_string("unionpay"));
  json_object_set_new(a, "paycode", pay);
  const char *timely[] = {"often_missed", "sometimes", "on_time"};
  json_object_set_new(a, "order_timely", json_string(timely[(int)fmin(2, p * 2.4 + rnd() * 0.8)]));
  json_t *ch = json_array();
  if (rnd() < p * 0.6) json_array_append_new(ch, json_string("delivery"));
  if (rnd() < p * 0.5) json_array_append_new(ch, json_string("miniapp"));
  if (rnd() < p * 0.3) json_array_append_new(ch, json_string("groupbuy"));
  if (rnd() < p * 0.15) json_array_append_new(ch, json_string("livestream"));
  json_object_set_new(a, "online_channel", ch);
  const char *inv[] = {"none", "paper", "partial", "full"};
  json_object_set_new(a, "inventory", json_string(inv[(int)fmin(3, p * 3.3 + rnd() * 0.8)]));
  json_object_set_new(a, "members", json_integer((json_int_t)(p * p * 400 * rnd())));
  const char *dv[] = {"never", "monthly", "weekly", "daily"};
  json_object_set_new(a, "data_view", json_string(dv[(int)fmin(3, p * 3.2 + rnd() * 0.8)]));
  const char *cm[] = {"none", "occasional", "regular"};
  json_object_set_new(a, "community", json_string(cm[(int)fmin(2, p * 2.5 + rnd() * 0.6)]));
  json_object_set_new(a, "online_events", json_integer((json_int_t)(p * 7 * rnd())));
  const char *sk[] = {"basic", "pay", "software", "mentor"};
  json_object_set_new(a, "owner_skill", json_string(sk[(int)fmin(3, p * 3.1 + rnd() * 0.9)]));
  json_object_set_new(a, "training", json_integer((json_int_t)(p * 4.5 * rnd() + (rnd() < 0.3))));
  return a;
}

int shops_demo_load(char *err, size_t errlen) {
  if (shops_seed()) { snprintf(err, errlen, "无法写入默认检测模板"); return -1; }
  db_stmt *s = db_prepare("SELECT count(*) FROM shops");
  int64_t have = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
  db_reset(s);
  if (have != 0) return have < 0 ? -1 : 0;
  int64_t unit_ids[3] = {org_unit_id_by_code("CQS"), org_unit_id_by_code("LTS"), org_unit_id_by_code("SMS")};
  if (!unit_ids[0] || !unit_ids[1] || !unit_ids[2]) return 0; /* not the demo county */
  pool pcq = {0}, pdb = {0}, pnb = {0}, pxb = {0};
  load_pool(&pcq, "SCB-CQ"); load_pool(&pdb, "SCB-DB"); load_pool(&pnb, "SCB-NB"); load_pool(&pxb, "SCB-XB");
  if (!pcq.n || !pdb.n || !pnb.n || !pxb.n) { snprintf(err, errlen, "演示县局缺少客户经理"); return -1; }
  int64_t tid = shops_current_template();
  if (!tid) { snprintf(err, errlen, "没有已发布的检测模板"); return -1; }
  const double lng0 = 119.9215, lat0 = 28.4518; /* the county town's square */
  const double km_lng = 1 / (111.32 * cos(lat0 * M_PI / 180)), km_lat = 1 / 110.57;
  char this_month[8];
  shops_this_month(this_month);
  int last_month = shops_month_index(this_month) - 1; /* the latest full month of data */
  time_t now = util_now();
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库忙"); return -1; }
  int fail = 0, nshops = 2500, nvisits = 0;
  int tw = 0;
  for (size_t i = 0; i < sizeof towns / sizeof towns[0]; i++) tw += towns[i].weight;
  char at[20];
  org_now(at);
  db_stmt *ins = db_prepare("INSERT INTO shops(license_no, name, owner_name, phone, address, lng, lat, unit_id, manager_id, category, grade, area, status,"
                            " status_date, opened_on, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  db_stmt *dat = db_prepare("INSERT INTO shop_data(month, shop_id, vals) VALUES(?,?,?)");
  if (!ins || !dat) fail = 1;
  int cq_i = 0, ls_i = 0, sm_i = 0;
  for (int k = 0; !fail && k < nshops; k++) {
    int pick = rint_(tw), ti = 0;
    while (pick >= towns[ti].weight) pick -= towns[ti++].weight;
    int pm = rint_(1000), ci = 0;
    while (pm >= cats[ci].per_mille) pm -= cats[ci++].per_mille;
    const char *unit = towns[ti].unit;
    int uidx = !strcmp(unit, "CQS") ? 0 : !strcmp(unit, "LTS") ? 1 : 2;
    int64_t mgr = uidx == 0 ? pcq.ids[cq_i++ % pcq.n] : uidx == 1 ? ((ls_i++ % 2) ? pnb.ids[(ls_i / 2) % pnb.n] : pdb.ids[(ls_i / 2) % pdb.n]) : pxb.ids[sm_i++ % pxb.n];
    /* propensity: town shops and larger 业态 go digital sooner */
    double p = 0.04 + 0.5 * rnd() + (towns[ti].urban ? 0.15 : 0) + (ci == 1 || ci == 2 ? 0.12 : 0) - (ci == 4 ? 0.1 : 0);
    p = fmin(0.95, fmax(0.02, p));
    double u = rnd();
    int grade = 1 + (int)(29 * u * u * (0.7 + 0.3 * p) + (ci == 2 ? 6 * rnd() : 0));
    if (grade > 30) grade = 30;
    char lic[32], name[120], owner[32], phone[24], addr[160], opened[11];
    snprintf(lic, sizeof lic, "3311221%05d", 10001 + k);
    snprintf(name, sizeof name, "%s%s%s", towns[ti].town, words[rint_(sizeof words / sizeof words[0])], cats[ci].suffix);
    snprintf(owner, sizeof owner, "%s%s", surnames[rint_(sizeof surnames / sizeof surnames[0])], given[rint_(sizeof given / sizeof given[0])]);
    snprintf(phone, sizeof phone, "1%02d%08d", (35 + rint_(5)) % 100, rint_(100000000) % 100000000);
    int nst = 0;
    while (towns[ti].streets[nst]) nst++;
    snprintf(addr, sizeof addr, "%s%s%d号", towns[ti].town, towns[ti].streets[rint_(nst)], 1 + rint_(260));
    /* a point around the town centre (roughly normal) */
    double rx = (rnd() + rnd() + rnd() - 1.5) * towns[ti].spread, ry = (rnd() + rnd() + rnd() - 1.5) * towns[ti].spread;
    double lng = lng0 + (towns[ti].east + rx) * km_lng, lat = lat0 + (towns[ti].north + ry) * km_lat;
    int sr = rint_(100);
    const char *status = sr < 96 ? "正常" : sr < 99 ? "停业" : "注销";
    int age_months = 6 + rint_(200);
    time_t o = now - (time_t)age_months * 30 * 86400;
    struct tm tm;
    localtime_r(&o, &tm);
    strftime(opened, sizeof opened, "%Y-%m-%d", &tm);
    db_bind_text(ins, 1, lic);
    db_bind_text(ins, 2, name);
    db_bind_text(ins, 3, owner);
    db_bind_text(ins, 4, phone);
    db_bind_text(ins, 5, addr);
    db_bind_double(ins, 6, round(lng * 1e6) / 1e6);
    db_bind_double(ins, 7, round(lat * 1e6) / 1e6);
    db_bind_int(ins, 8, unit_ids[uidx]);
    db_bind_int(ins, 9, mgr);
    db_bind_text(ins, 10, cats[ci].cat);
    db_bind_int(ins, 11, grade);
    db_bind_text(ins, 12, towns[ti].urban ? "城镇" : "乡村");
    db_bind_text(ins, 13, status);
    db_bind_text(ins, 14, strcmp(status, "正常") ? at : NULL);
    db_bind_text(ins, 15, opened);
    db_bind_text(ins, 16, at);
    db_bind_text(ins, 17, at);
    if (db_step(ins) != DB_DONE) { fail = 1; break; }
    int64_t id = db_last_id();
    /* 12 months of data; a few shops (new, or not on the terminal) have none or only recent months */
    int first = age_months < 12 ? 12 - age_months : 0;
    int has_data = rnd() > 0.04;
    double growth = 0.01 + 0.025 * rnd();
    for (int m = first; has_data && !fail && m < 12; m++) {
      char ym[8];
      shops_month_str(last_month - 11 + m, ym);
      double pm_ = fmin(0.98, p + growth * m);
      int mon = (last_month - 11 + m) % 12; /* 0 = January: 春节 lifts January/February orders */
      double season = mon == 0 || mon == 1 ? 1.35 : mon == 6 || mon == 7 ? 0.92 : 1.0;
      double order = round((grade * 9 + 20) * season * (0.85 + 0.3 * rnd()));
      double scanrate = fmin(1.0, 0.15 + 0.85 * pm_ * (0.85 + 0.25 * rnd()));
      double vals[8] = {order, round(order * scanrate), round(fmax(0, pm_ * 5 + rnd() * 1.5 - 0.5)), round((20 + 70 * pm_ * (0.9 + 0.2 * rnd())) * 10) / 10,
                        round(fmin(31, 30 * pm_ + rnd() * 4)), round(order * (150 + 60 * rnd())), round(order * scanrate * pm_ * 0.35), round(40 + 900 * pm_ * (0.8 + 0.4 * rnd()))};
      if (pm_ < 0.25) vals[4] = round(vals[4] * 0.5);
      const char *codes[8];
      for (size_t q = 0; q < 8; q++) codes[q] = shops_default_metrics[q].code;
      char js[512];
      db_bind_text(dat, 1, ym);
      db_bind_int(dat, 2, id);
      db_bind_text(dat, 3, shops_vals_json(js, sizeof js, codes, vals, 8) ? js : NULL);
      fail = db_step(dat) != DB_DONE;
    }
    /* a year of visits, roughly quarterly, each scored on the previous month's data */
    if (strcmp(status, "注销") == 0) continue;
    int visits = 2 + rint_(4);
    for (int v = 0; v < visits && !fail; v++) {
      /* visit v (0 = the oldest) falls in its own slot of the past year; the newest within the last ~2 months */
      int slot = 350 / visits, back_days = 3 + (visits - 1 - v) * slot + rint_(slot - 3);
      time_t t = now - (time_t)back_days * 86400 + (time_t)(rint_(8 * 3600)) - 4 * 3600;
      struct tm vt;
      localtime_r(&t, &vt);
      vt.tm_hour = 9 + rint_(8);
      char vat[20], vm[8];
      strftime(vat, sizeof vat, "%Y-%m-%d %H:%M:%S", &vt);
      int vmi = (vt.tm_year + 1900) * 12 + vt.tm_mon - 1;
      shops_month_str(vmi, vm);
      double pv = fmin(0.98, p + growth * (12 - back_days / 30.0));
      json_t *a = answers_for(pv);
      fail = !shops_assess_store(id, tid, "走访", vm, a, lng + (rnd() - 0.5) * 0.0006, lat + (rnd() - 0.5) * 0.0006, mgr, vat);
      json_decref(a);
      nvisits++;
    }
  }
  if (!fail) fail = org_audit(NULL, "shops.demo.load", "demo", 0, "载入演示零售户、经营数据与走访检测", NULL, NULL);
  if (fail) { db_rollback(); snprintf(err, errlen, "演示零售户载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "提交失败"); return -1; }
  printf("演示零售户已载入：%d 户，12 个月经营数据，%d 次走访检测。\n", nshops, nvisits);
  return 0;
}
