/* api_market.c — importing 市场检查 records through the shared pipeline (base/import.h): the pure reader (market.c)
 * checks every cell, each licence is found through shops.h, and nothing is written unless every row is valid
 * (or keep_valid=1); the valid rows are stored in one transaction with one audit row. */
#include "evals/internal.h"
#include "base/import.h"
#include "shops/shops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* POST /evals/market-checks/import (file body; ?keep_valid=1, ?dry_run=1) → {total, valid, written, errors}. */
static void h_import(req *r) {
  tab *t = imp_read(r, 2);
  if (!t) return;
  evals_market m;
  char err[200] = "";
  if (evals_market_read(t, &m, err, sizeof err)) {
    evals_market_free(&m);
    tab_free(t);
    http_error(r, ERR_INVALID, "file", "%s", err);
    return;
  }
  tab_free(t);
  int64_t *shop = calloc(m.nrows + 1, sizeof *shop);
  if (!shop) { evals_market_free(&m); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  /* the licence must name a shop of the registry; a row the reader kept but whose licence is unknown becomes an error */
  size_t valid = 0;
  for (size_t i = 0; i < m.nrows; i++) {
    shop[i] = shops_id_by_license(m.rows[i].license);
    if (shop[i] > 0) { valid++; continue; }
    char msg[200];
    snprintf(msg, sizeof msg, "第%zu行 许可证号：零售户 %s 不存在", m.rows[i].line, m.rows[i].license);
    json_array_append_new(m.errors, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)m.rows[i].line, "column", "许可证号", "code", "not_found", "message", msg));
  }
  json_t *report = imp_report(m.total, valid, json_incref(m.errors));
  if (!imp_gate(r, report)) { free(shop); evals_market_free(&m); return; }
  char at[20], sum[120];
  evals_now(at);
  int bad = evals_tx_begin(r);
  if (bad) { json_decref(report); free(shop); evals_market_free(&m); return; }
  size_t written = 0;
  for (size_t i = 0; i < m.nrows && !bad; i++) {
    if (shop[i] <= 0) continue;
    bad = evals_store_market_put(shop[i], m.rows[i].date, m.rows[i].price_ok, m.rows[i].note, org_caller(r)->id, at);
    written += !bad;
  }
  snprintf(sum, sizeof sum, "导入市场检查记录 %zu 条", written);
  json_t *after = json_pack("{s:I}", "written", (json_int_t)written);
  bad = bad || org_audit(r, "evals.market.import", "eval_market_check", 0, sum, NULL, after);
  json_decref(after);
  free(shop);
  evals_market_free(&m);
  if (bad) { json_decref(report); evals_tx_fail(r); return; }
  if (evals_tx_commit(r)) { json_decref(report); return; }
  json_object_set_new(report, "written", json_integer((json_int_t)written));
  http_json(r, 200, report);
}

/* GET /evals/market-checks/template?format=xlsx|csv — the sheet with its headers and one example row. */
static void h_template(req *r) {
  const char *f = http_query(r, "format");
  static const export_col cols[] = {{"许可证号", "", 0}, {"检查日期", "", 0}, {"明码标价", "", 0}, {"备注", "", 0}};
  const char *ex[] = {"330102100001", "2026-03-05", "不合格", "两个规格缺价签"};
  export_template(r, f && strcmp(f, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, "市场检查导入模板", cols, 4, ex);
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/evals/market-checks/template", "evals:market:import", h_template, 0},
  {HTTP_POST, "/api/v1/evals/market-checks/import", "evals:market:import", h_import, R_RAW_BODY},
};
void evals_market_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
