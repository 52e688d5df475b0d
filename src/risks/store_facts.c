/* store_facts.c — the SQL behind the risks module's facts for 年度总结: the register by level, reviews, complaints and
 * their ratings, safety checks and hazards, drills, 三项项目 and audit findings of a year, over a unit and every unit below it (0: the bureau). */
#include "risks/procure.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBTREE "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE ?2 = 0 OR id = ?2 UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "

/* Steps a statement bound with (?1 year text, ?2 unit) and reads its integer columns into out. 0 ok. */
static int row(const char *sql, const char *y, int64_t unit, int64_t *out, int ncol) {
  db_stmt *s = db_prepare(sql);
  if (!s) return -1;
  db_bind_text(s, 1, y);
  db_bind_int(s, 2, unit);
  int ok = db_step(s) == DB_ROW;
  for (int i = 0; ok && i < ncol; i++) out[i] = db_col_int(s, i);
  db_reset(s);
  return ok ? 0 : -1;
}

int risks_store_year_facts(int year, int64_t unit, risks_year_facts *f, int64_t **items_out, size_t *nitems) {
  memset(f, 0, sizeof *f);
  *items_out = NULL;
  *nitems = 0;
  char y[16];
  snprintf(y, sizeof y, "%04d", year % 10000);
  int64_t v[8];
  /* The register as it stood at the year's end: risks in use registered by then. */
  if (row(SUBTREE "SELECT coalesce(sum(level = '低'), 0), coalesce(sum(level = '中'), 0), coalesce(sum(level = '高'), 0), coalesce(sum(level = '重大'), 0)"
          " FROM risks WHERE active AND substr(created_at, 1, 4) <= ?1 AND owner_unit_id IN (SELECT id FROM sub)", y, unit, v, 4))
    return -1;
  memcpy(f->risks_by_level, v, sizeof f->risks_by_level);
  if (row(SUBTREE "SELECT count(*) FROM risk_events e JOIN risks r ON r.id = e.risk_id WHERE e.kind IN ('复核','重新评级')"
          " AND substr(e.at, 1, 4) = ?1 AND r.owner_unit_id IN (SELECT id FROM sub)", y, unit, &f->reviews, 1) ||
      row(SUBTREE "SELECT count(*), coalesce(sum(status = '已办结'), 0), coalesce(sum(rating IS NOT NULL AND rating <> ''), 0),"
          " coalesce(sum(rating IN ('满意','基本满意')), 0) FROM risk_complaints WHERE substr(received_on, 1, 4) = ?1"
          " AND (?2 = 0 OR unit_id IN (SELECT id FROM sub))", y, unit, v, 4))
    return -1;
  f->complaints = v[0], f->complaints_closed = v[1], f->rated = v[2], f->satisfied = v[3];
  /* 安全生产 as its page counts them (risks_store_safety_stats): checks finished in the year, hazards found in it and
   * of those closed. */
  if (row(SUBTREE "SELECT (SELECT count(*) FROM risk_safety_checks WHERE status = '已完成' AND substr(day, 1, 4) = ?1 AND unit_id IN (SELECT id FROM sub)),"
          " (SELECT count(*) FROM risk_hazards WHERE substr(found_on, 1, 4) = ?1 AND unit_id IN (SELECT id FROM sub)),"
          " (SELECT count(*) FROM risk_hazards WHERE substr(found_on, 1, 4) = ?1 AND status = '已关闭' AND unit_id IN (SELECT id FROM sub))", y, unit, v, 3))
    return -1;
  f->checks = v[0], f->hazards = v[1], f->hazards_closed = v[2];
  if (row(SUBTREE "SELECT count(*) FROM risk_drills WHERE substr(day, 1, 4) = ?1 AND unit_id IN (SELECT id FROM sub)", y, unit, &f->drills, 1) ||
      row(SUBTREE "SELECT coalesce(sum(kind = '工程投资'), 0), coalesce(sum(CASE WHEN kind = '工程投资' THEN amount_fen END), 0),"
          " coalesce(sum(kind = '物资采购'), 0), coalesce(sum(CASE WHEN kind = '物资采购' THEN amount_fen END), 0),"
          " coalesce(sum(kind = '宣传促销'), 0), coalesce(sum(CASE WHEN kind = '宣传促销' THEN amount_fen END), 0)"
          " FROM risk_projects WHERE substr(filed_on, 1, 4) = ?1 AND unit_id IN (SELECT id FROM sub)", y, unit, v, 6))
    return -1;
  for (int k = 0; k < RPK__COUNT; k++) {
    f->projects_by_kind[k] = v[2 * k], f->projects_kind_fen[k] = v[2 * k + 1];
    f->projects += v[2 * k], f->projects_fen += v[2 * k + 1];
  }
  if (row(SUBTREE "SELECT count(*), coalesce(sum(amount_fen), 0) FROM risk_findings WHERE substr(created_at, 1, 4) = ?1"
          " AND unit_id IN (SELECT id FROM sub)", y, unit, v, 2))
    return -1;
  f->findings = v[0], f->findings_fen = v[1];
  db_stmt *s = db_prepare(SUBTREE "SELECT item_id FROM risk_findings WHERE substr(created_at, 1, 4) = ?1 AND item_id IS NOT NULL"
                          " AND unit_id IN (SELECT id FROM sub) ORDER BY id");
  if (!s) return -1;
  db_bind_text(s, 1, y);
  db_bind_int(s, 2, unit);
  size_t cap = 0;
  db_status st;
  while ((st = db_step(s)) == DB_ROW) {
    if (*nitems == cap) {
      cap = cap ? cap * 2 : 16;
      int64_t *g = realloc(*items_out, cap * sizeof **items_out);
      if (!g) { db_reset(s); return -1; }
      *items_out = g;
    }
    (*items_out)[(*nitems)++] = db_col_int(s, 0);
  }
  db_reset(s);
  return st == DB_DONE ? 0 : -1;
}
