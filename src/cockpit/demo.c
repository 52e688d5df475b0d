/* demo.c — the default indicator set of a county bureau (documented in docs/cockpit.md) and 24 months of believable
 * values for the demo county's 片区, 所, 队 and 部门, with the Spring Festival peak in sales and yearly targets. */
#include "cockpit/internal.h"
#include "tasks/tasks.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct def {
  const char *code, *name, *cat, *uom, *dir, *tagg, *uagg, *num, *den;
  double scale, lo, hi;
  int decimals, key, sort;
  const char *desc;
} def;

/* Components (分子/分母) sort after the headline indicators. */
static const def defs[] = {
  {"XSL", "卷烟销量", "营销", "箱", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 1, 1, 10, "1箱=250条=50000支"},
  {"XSE", "销售额", "营销", "万元", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 1, 1, 20, "卷烟批发销售额"},
  {"DXE", "单箱销售额", "营销", "元/箱", "higher", "ratio", "ratio", "XSE", "XSL", 10000, 0, 0, 0, 1, 30, "销售额÷销量，反映结构"},
  {"MZL", "订单满足率", "营销", "%", "higher", "ratio", "ratio", "DHMZ", "DHXQ", 100, 0, 0, 1, 0, 40, "订单满足量÷订单需求量"},
  {"BFL", "客户拜访率", "营销", "%", "higher", "ratio", "ratio", "BFSJ", "BFJH", 100, 0, 0, 1, 0, 50, "实际拜访户次÷计划拜访户次"},
  {"WSL", "网上订货率", "营销", "%", "higher", "ratio", "ratio", "WSHS", "DHHS", 100, 0, 0, 1, 1, 60, "网上订货户次÷订货户次"},
  {"SML", "扫码率", "营销", "%", "higher", "ratio", "ratio", "SMXS", "JHL2", 100, 0, 0, 1, 0, 70, "扫码销售量÷零售户进货量"},
  {"JGZS", "市场零售价格指数", "营销", "", "band", "avg", "avg", NULL, NULL, 1, 98, 102, 2, 0, 80, "实际零售价÷指导价×100，按上年销量加权"},
  {"CXB", "社会存销比", "营销", "", "lower", "avg", "avg", NULL, NULL, 1, 0, 0, 2, 0, 90, "零售户存量÷销量"},
  {"CCHS", "持证户数", "专卖", "户", "higher", "last", "sum", NULL, NULL, 1, 0, 0, 0, 0, 110, "月末有效许可证户数"},
  {"XKSX", "许可办理时限", "专卖", "天", "lower", "avg", "avg", NULL, NULL, 1, 0, 0, 1, 0, 120, "平均办结天数（法定20日）"},
  {"JCHC", "市场检查户次", "专卖", "户次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 130, ""},
  {"AJS", "案件查处数", "专卖", "件", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 1, 140, "含大要案"},
  {"CHJY", "查获卷烟", "专卖", "条", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 150, ""},
  {"JHL", "市场净化率", "专卖", "%", "higher", "avg", "avg", NULL, NULL, 1, 0, 0, 1, 1, 160, "抽查合规户数占比"},
  {"TSBJL", "投诉办结率", "内管", "%", "higher", "ratio", "ratio", "TSBJ", "TSSL", 100, 0, 0, 1, 0, 210, "投诉办结数÷受理数"},
  {"DBL", "督办按期办结率", "内管", "%", "higher", "ratio", "ratio", "DBAQ", "DBJS", 100, 0, 0, 1, 1, 220, "按期办结数÷到期督办事项数"},
  {"QD_RATE", "清单按期销号率", "内管", "%", "higher", "ratio", "ratio", "QD_ONTIME", "QD_DUE", 100, 0, 0, 1, 0, 230, "由清单闭环模块提供数据"},
  {"PXRC", "培训人次", "党建", "人次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 310, "含党员教育"},
  {"AQJC", "安全检查次数", "安全", "次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 410, ""},
  {"YHZGL", "隐患整改率", "安全", "%", "higher", "ratio", "ratio", "YHZG", "YHFX", 100, 0, 0, 1, 0, 420, "已整改隐患÷发现隐患"},
  {"DHXQ", "订单需求量", "营销", "条", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 510, "订单满足率的分母"},
  {"DHMZ", "订单满足量", "营销", "条", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 511, "订单满足率的分子"},
  {"BFJH", "计划拜访户次", "营销", "户次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 520, ""},
  {"BFSJ", "实际拜访户次", "营销", "户次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 521, ""},
  {"DHHS", "订货户次", "营销", "户次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 530, ""},
  {"WSHS", "网上订货户次", "营销", "户次", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 531, ""},
  {"JHL2", "零售户进货量", "营销", "条", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 540, "扫码率的分母"},
  {"SMXS", "扫码销售量", "营销", "条", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 541, ""},
  {"TSSL", "投诉受理数", "内管", "件", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 550, ""},
  {"TSBJ", "投诉办结数", "内管", "件", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 551, ""},
  {"DBJS", "到期督办事项数", "内管", "项", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 560, ""},
  {"DBAQ", "按期办结督办数", "内管", "项", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 561, ""},
  {"YHFX", "发现隐患数", "安全", "项", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 570, ""},
  {"YHZG", "已整改隐患数", "安全", "项", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 571, ""},
  {"XKJS", "许可办理件数", "专卖", "件", "higher", "sum", "sum", NULL, NULL, 1, 0, 0, 0, 0, 580, "许可办理时限的权重：按办理件数加权平均"},
};

static uint64_t g_rng = 88172645463325252ULL;
static double rnd(void) { /* xorshift: the same demo every time */
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (double)(g_rng >> 11) / 9007199254740992.0;
}
static double jitter(double pct) { return 1.0 + (rnd() * 2 - 1) * pct; }

/* Sales by calendar month around the Spring Festival: the month before it peaks, the month after dips. */
static double season(int idx) {
  int y = idx / 12, m = idx % 12 + 1;
  int sf = (y == 2025 || y == 2028) ? 1 : 2; /* 春节 in late January (2025, 2028) or in February */
  if (sf == 1) {
    static const double f[] = {0, 1.62, 0.82, 0.86, 0.92, 0.95, 0.9, 0.93, 0.96, 1.02, 1.04, 1.02, 1.12};
    return f[m];
  }
  static const double f[] = {0, 1.28, 1.45, 0.78, 0.9, 0.95, 0.9, 0.93, 0.96, 1.02, 1.04, 1.02, 1.14};
  return f[m];
}

static int64_t ind_id(const char *code) { return ck_store_ind_id(code); }

static int put(const char *code, const char *unit, int month, double v) {
  int64_t i = ind_id(code), u = org_unit_id_by_code(unit);
  if (!i || !u) return 0;
  char ms[8];
  cockpit_month_str(month, ms);
  db_stmt *s = db_prepare("INSERT OR REPLACE INTO cockpit_values(indicator_id, unit_id, month, value, source, updated_by, updated_at)"
                          " VALUES(?,?,?,?,'demo','演示数据',?)");
  if (!s) return -1;
  db_bind_int(s, 1, i);
  db_bind_int(s, 2, u);
  db_bind_text(s, 3, ms);
  db_bind_double(s, 4, v);
  db_bind_now(s, 5);
  return db_step(s) == DB_DONE ? 0 : -1;
}

static int target(const char *code, const char *unit, int year, int month, double v) {
  int64_t i = ind_id(code), u = org_unit_id_by_code(unit);
  if (!i || !u) return 0;
  db_stmt *s = db_prepare("INSERT OR REPLACE INTO cockpit_targets(indicator_id, unit_id, year, month, value, updated_at) VALUES(?,?,?,?,?,?)");
  if (!s) return -1;
  db_bind_int(s, 1, i);
  db_bind_int(s, 2, u);
  db_bind_int(s, 3, year);
  db_bind_int(s, 4, month);
  db_bind_double(s, 5, v);
  db_bind_now(s, 6);
  return db_step(s) == DB_DONE ? 0 : -1;
}

static int insert_defs(void) {
  for (size_t k = 0; k < sizeof defs / sizeof defs[0]; k++) {
    const def *d = &defs[k];
    db_stmt *s = db_prepare("INSERT OR IGNORE INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, num_code, den_code, scale,"
                            " band_lo, band_hi, decimals, key_view, sort, description, created_at, updated_at)"
                            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?17,?17)");
    if (!s) return -1;
    db_bind_text(s, 1, d->code); db_bind_text(s, 2, d->name); db_bind_text(s, 3, d->cat); db_bind_text(s, 4, d->uom);
    db_bind_text(s, 5, d->dir); db_bind_text(s, 6, d->tagg); db_bind_text(s, 7, d->uagg); db_bind_text(s, 8, d->num); db_bind_text(s, 9, d->den);
    db_bind_double(s, 10, d->scale);
    if (d->lo > 0) { db_bind_double(s, 11, d->lo); db_bind_double(s, 12, d->hi); } else { db_bind_null(s, 11); db_bind_null(s, 12); }
    db_bind_int(s, 13, d->decimals); db_bind_int(s, 14, d->key); db_bind_int(s, 15, d->sort); db_bind_text(s, 16, d->desc);
    db_bind_now(s, 17);
    if (db_step(s) != DB_DONE) return -1;
  }
  /* 许可办理时限 is an average over licences: a 所 handling three times as many weighs three times as much. */
  db_stmt *w = db_prepare("UPDATE cockpit_indicators SET weight_code = 'XKJS' WHERE code = 'XKSX'");
  return w && db_step(w) == DB_DONE ? 0 : -1;
}

static const struct { const char *code; double size; } areas[] = {{"SCB-CQ", 1.5}, {"SCB-DB", 1.0}, {"SCB-XB", 0.85}, {"SCB-NB", 0.75}};
static const struct { const char *code; double size; } suo[] = {{"CQS", 1.6}, {"LTS", 1.0}, {"SMS", 0.8}};
static const char *const depts[] = {"BGS", "CWK", "NGK", "SCB", "CQS", "LTS", "SMS", "JCD", "WLZX"};

static int gen(int first, int last) {
  int fail = 0;
  for (size_t a = 0; a < 4 && !fail; a++) {
    const char *u = areas[a].code;
    double sz = areas[a].size, skill = 0.97 + 0.02 * (double)a / 3.0; /* the 片区 differ a little in service quality */
    double sales_y[3000] = {0};
    for (int m = first; m <= last && !fail; m++) {
      double growth = 1.0 + 0.035 * (m - first) / 12.0;
      double xsl = 560 * sz * season(m) * growth * jitter(0.05);
      double dxe = (2.85 + 0.04 * (m - first) / 12.0 + (a == 0 ? 0.25 : 0)) * jitter(0.02); /* 万元/箱: the town sells dearer brands */
      double need = xsl * 250 * jitter(0.03) * 1.02;
      double plan = 1100 * sz, visits = plan * (0.9 + 0.08 * rnd()) * skill;
      double orders = 2600 * sz * jitter(0.02), online = orders * fmin(0.99, 0.78 + 0.006 * (m - first) + 0.04 * rnd());
      double jh = xsl * 250 * 0.98, scan = jh * fmin(0.98, 0.7 + 0.007 * (m - first) + 0.05 * rnd());
      sales_y[m % 3000] = xsl;
      fail |= put("XSL", u, m, round(xsl * 10) / 10) | put("XSE", u, m, round(xsl * dxe * 10) / 10) | put("DHXQ", u, m, round(need)) |
              put("DHMZ", u, m, round(need * fmin(1.0, 0.95 + 0.04 * rnd()) * skill)) | put("BFJH", u, m, round(plan)) | put("BFSJ", u, m, round(visits)) |
              put("DHHS", u, m, round(orders)) | put("WSHS", u, m, round(online)) | put("JHL2", u, m, round(jh)) | put("SMXS", u, m, round(scan)) |
              put("JGZS", u, m, round((99.2 + 2.6 * rnd() - (a == 3 ? 1.2 : 0)) * 100) / 100) |
              put("CXB", u, m, round((1.05 + 0.35 * rnd() + (season(m) > 1.3 ? 0.2 : 0)) * 100) / 100);
    }
    (void)sales_y;
  }
  for (size_t s = 0; s < 3 && !fail; s++) {
    const char *u = suo[s].code;
    double sz = suo[s].size, holders = 560 * sz;
    for (int m = first; m <= last && !fail; m++) {
      holders += round((rnd() - 0.4) * 4 * sz);
      fail |= put("CCHS", u, m, holders) | put("XKSX", u, m, round((6.5 + 4 * rnd() + (s == 2 ? 1.5 : 0)) * 10) / 10) |
              put("JCHC", u, m, round(holders * (0.9 + 0.3 * rnd()))) | put("AJS", u, m, floor(rnd() * 5 * sz + (season(m) > 1.3 ? 2 : 0))) |
              put("CHJY", u, m, round(rnd() * 180 * sz)) | put("JHL", u, m, round((93 + 5.5 * rnd()) * 10) / 10) |
              put("XKJS", u, m, round(holders * 0.03) + m % 4); /* new and renewed licences; no draw, the demo's other figures stay */
    }
  }
  for (int m = first; m <= last && !fail; m++)
    fail |= put("AJS", "JCD", m, floor(2 + rnd() * 6)) | put("CHJY", "JCD", m, round(200 + rnd() * 900));
  for (size_t d = 0; d < sizeof depts / sizeof depts[0] && !fail; d++) {
    const char *u = depts[d];
    int field = d >= 3; /* 市场部, 所, 队, 物流 face the public and the roads */
    for (int m = first; m <= last && !fail; m++) {
      double found = floor(rnd() * (field ? 6 : 3)), due = floor(2 + rnd() * 6), compl = field ? floor(rnd() * 5) : 0;
      fail |= put("AQJC", u, m, floor(1 + rnd() * (field ? 6 : 3))) | put("YHFX", u, m, found) |
              put("YHZG", u, m, found - (rnd() < 0.15 && found > 0 ? 1 : 0)) | put("PXRC", u, m, floor(4 + rnd() * (field ? 30 : 12))) |
              put("DBJS", u, m, due) | put("DBAQ", u, m, due - (rnd() < 0.2 ? 1 : 0));
      if (field) fail |= put("TSSL", u, m, compl) | put("TSBJ", u, m, compl - (rnd() < 0.1 && compl > 0 ? 1 : 0));
    }
  }
  return fail ? -1 : 0;
}

static int gen_targets(int first, int last) {
  int fail = 0;
  for (int y = first / 12; y <= last / 12 && !fail; y++) {
    double tot = 0;
    for (int m = 0; m < 12; m++) tot += season(y * 12 + m);
    for (size_t a = 0; a < 4 && !fail; a++) {
      double year = 560 * areas[a].size * (1.0 + 0.035 * (y * 12 + 6 - first) / 12.0) * tot * 1.02;
      fail |= target("XSL", areas[a].code, y, 0, round(year));
      /* The month split follows the season: 时序进度 then expects the Spring Festival peak. */
      for (int m = 1; m <= 12 && !fail; m++) fail |= target("XSL", areas[a].code, y, m, round(year * season(y * 12 + m - 1) / tot));
      fail |= target("XSE", areas[a].code, y, 0, round(year * 2.95));
    }
    for (size_t s = 0; s < 3 && !fail; s++) {
      fail |= target("CCHS", suo[s].code, y, 0, round(560 * suo[s].size * 1.01)) | target("JCHC", suo[s].code, y, 0, round(560 * suo[s].size * 12)) |
              target("AJS", suo[s].code, y, 0, round(30 * suo[s].size));
    }
    fail |= target("AJS", "JCD", y, 0, 55) | target("CHJY", "JCD", y, 0, 7000);
    for (size_t d = 0; d < sizeof depts / sizeof depts[0] && !fail; d++) fail |= target("AQJC", depts[d], y, 0, d >= 3 ? 40 : 20) | target("PXRC", depts[d], y, 0, d >= 3 ? 220 : 90);
    /* Levels: one standard for the whole bureau. */
    fail |= target("DXE", "JU", y, 0, 30000) | target("MZL", "JU", y, 0, 98) | target("BFL", "JU", y, 0, 95) | target("WSL", "JU", y, 0, 90) |
            target("SML", "JU", y, 0, 85) | target("CXB", "JU", y, 0, 1.2) | target("XKSX", "JU", y, 0, 10) | target("JHL", "JU", y, 0, 95) |
            target("TSBJL", "JU", y, 0, 100) | target("YHZGL", "JU", y, 0, 100) | target("DBL", "JU", y, 0, 95) | target("QD_RATE", "JU", y, 0, 90);
  }
  return fail;
}

int cockpit_demo_load(char *err, size_t errlen) {
  db_stmt *s = db_prepare("SELECT count(*) FROM cockpit_indicators");
  int64_t have = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
  if (s) db_reset(s);
  if (have > 0 || !org_unit_id_by_code("SCB-CQ")) return 0;
  char today[11], ym[8];
  tasks_today(today);
  memcpy(ym, today, 7);
  ym[7] = 0;
  int last = cockpit_month_parse(ym) - 1, first = last - 23;
  if (db_begin() != DB_OK) { snprintf(err, errlen, "数据库繁忙"); return -1; }
  int fail = insert_defs() || ck_feeds_sync_defs() || gen(first, last) || gen_targets(first, last);
  /* Loading the demo is not a change anybody is watching. */
  if (!fail) fail = db_exec("DELETE FROM cockpit_changes") != DB_DONE;
  if (fail) { db_rollback(); snprintf(err, errlen, "指标演示数据载入失败: %s", db_errmsg()); return -1; }
  if (db_commit() != DB_OK) { snprintf(err, errlen, "指标演示数据提交失败"); return -1; }
  /* The 清单闭环 demo is in by now: its indicators get their months too. */
  if (cockpit_feeds_refresh(24) < 0) { snprintf(err, errlen, "模块指标计算失败"); return -1; }
  db_exec("DELETE FROM cockpit_changes");
  return 0;
}
