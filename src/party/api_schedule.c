/* api_schedule.c — the 三会一课 schedule per organisation and year (due against held per period, the red/green
 * calendar), the meeting frequencies as settings, and reminders to secretaries through the message centre before a
 * period ends with nothing held. */
#include "party/internal.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REMIND_DAYS 7 /* a period ending within a week with nothing held is reminded */

static void period_label(const party_period *p, char *out, size_t len) {
  int span = p->last_month - p->first_month + 1;
  if (span == 1) snprintf(out, len, "%d月", p->first_month);
  else if (span == 3 && (p->first_month - 1) % 3 == 0) snprintf(out, len, "第%d季度", (p->first_month - 1) / 3 + 1);
  else if (span == 6 && (p->first_month == 1 || p->first_month == 7)) snprintf(out, len, "%s", p->first_month == 1 ? "上半年" : "下半年");
  else if (span == 12) snprintf(out, len, "全年");
  else snprintf(out, len, "%d—%d月", p->first_month, p->last_month);
}

/* Rows of one organisation's check into rows (kind rows, label prefix for a 党小组). -1 error. */
static int check_org(int64_t org, const char *label, unsigned kinds, int year, const char *today, const party_freq *fq, size_t nfq,
                     json_t *rows, json_t *remind, int *due, int *held_ok, int *missed) {
  char founded[11], okind[16], name[128];
  if (party_store_org_founded(org, founded, okind, name)) return -1;
  party_held *held = NULL;
  size_t nheld = 0;
  if (party_store_held(org, year, &held, &nheld)) return -1;
  party_schedule sc;
  int rc = party_schedule_check(year, founded, today, kinds, fq, nfq, held, nheld, REMIND_DAYS, &sc);
  free(held);
  if (rc) return -1;
  for (int k = 0; k < PK__COUNT; k++) {
    if (!(kinds & (1u << k))) continue;
    json_t *periods = json_array();
    for (size_t i = 0; i < sc.n; i++) {
      const party_period *p = &sc.v[i];
      if (p->kind != (party_kind)k) continue;
      char lab[32];
      period_label(p, lab, sizeof lab);
      json_array_append_new(periods, json_pack("{s:s,s:s,s:s,s:i,s:i,s:s,s:b}", "label", lab, "from", p->from, "to", p->to, "months", p->months,
                                               "held", p->held, "state", party_state_code(p->state), "remind", p->remind));
      if (p->remind && remind)
        json_array_append_new(remind, json_pack("{s:I,s:s,s:s,s:s,s:s}", "org_id", (json_int_t)org, "org_name", name, "kind", party_kind_name(p->kind),
                                                "period", lab, "to", p->to));
    }
    char title[200];
    snprintf(title, sizeof title, "%s%s%s", party_kind_name((party_kind)k), label ? "·" : "", label ? label : "");
    json_array_append_new(rows, json_pack("{s:s,s:s,s:I,s:o}", "kind", party_kind_code((party_kind)k), "name", title, "org_id", (json_int_t)org,
                                          "periods", periods));
  }
  *due += sc.due, *held_ok += sc.held_ok, *missed += sc.missed;
  party_schedule_free(&sc);
  return 0;
}

static const unsigned BRANCH_KINDS = (1u << PK_CONGRESS) | (1u << PK_COMMITTEE) | (1u << PK_LECTURE) | (1u << PK_THEME_DAY) | (1u << PK_SECRETARY_LECTURE);

/* The schedule of one org: a 党支部/党总支 with its 党小组' 党小组会, a 党小组 alone. NULL on error. */
json_t *party_schedule_of(int64_t org, int year, const char *today, json_t *remind) {
  char founded[11], okind[16], name[128];
  if (party_store_org_founded(org, founded, okind, name)) return NULL;
  party_freq *fq = NULL;
  size_t nfq = 0;
  if (party_store_freqs(&fq, &nfq)) return NULL;
  json_t *rows = json_array();
  int due = 0, held = 0, missed = 0, bad = 0;
  if (!strcmp(okind, "党小组")) bad = check_org(org, NULL, 1u << PK_GROUP, year, today, fq, nfq, rows, remind, &due, &held, &missed);
  else if (strcmp(okind, "党委")) {
    bad = check_org(org, NULL, BRANCH_KINDS, year, today, fq, nfq, rows, remind, &due, &held, &missed);
    json_t *groups = bad ? NULL : party_store_groups(org);
    if (!bad && !groups) bad = 1;
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
      if (bad) break;
      bad = check_org(json_integer_value(json_object_get(g, "id")), json_string_value(json_object_get(g, "name")), 1u << PK_GROUP, year, today, fq, nfq,
                      rows, remind, &due, &held, &missed);
    }
    json_decref(groups);
  }
  free(fq);
  if (bad) { json_decref(rows); return NULL; }
  return json_pack("{s:{s:I,s:s,s:s,s:s},s:i,s:s,s:i,s:i,s:i,s:o}", "org", "id", (json_int_t)org, "name", name, "kind", okind, "founded_on", founded,
                   "year", year, "today", today, "due", due, "held", held, "missed", missed, "rows", rows);
}

static int q_year(req *r, const char *today, int *year) {
  const char *y = http_query(r, "year");
  *year = atoi(today);
  if (!y || !*y) return 0;
  char *end;
  long v = strtol(y, &end, 10);
  if (*end || v < 2000 || v > 2100) { http_error(r, ERR_BAD_QUERY, "year", "year 应为 2000 至 2100 的年份"); return -1; }
  *year = (int)v;
  return 0;
}

/* GET /party/schedule?org=&year=: one org's calendar; without org, each visible branch's totals. */
static void h_schedule(req *r) {
  char today[11];
  party_today(today);
  int year;
  if (q_year(r, today, &year)) return;
  const char *o = http_query(r, "org");
  int64_t org = 0;
  if (o && *o) {
    char *end;
    org = strtoll(o, &end, 10);
    if (*end || org <= 0) { http_error(r, ERR_BAD_QUERY, "org", "org 应为正整数"); return; }
  }
  if (!org_caller_scope(r)) return;
  if (org) {
    int vis = party_store_org_visible(r, org);
    if (vis < 0) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    if (!vis) { http_error(r, ERR_NOT_FOUND, NULL, "党组织不存在"); return; }
    json_t *s = party_schedule_of(org, year, today, NULL);
    if (!s) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    http_json(r, 200, s);
    return;
  }
  json_t *branches = party_store_visible_branches(r);
  if (!branches) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  json_t *items = json_array();
  size_t i;
  json_t *b;
  json_array_foreach(branches, i, b) {
    json_t *s = party_schedule_of(json_integer_value(json_object_get(b, "id")), year, today, NULL);
    if (!s) { json_decref(items); json_decref(branches); http_error(r, ERR_INTERNAL, NULL, NULL); return; }
    json_object_del(s, "rows");
    json_array_append_new(items, s);
  }
  json_decref(branches);
  http_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

static void h_freq_get(req *r) {
  party_freq *fq = NULL;
  size_t n = 0;
  if (party_store_freqs(&fq, &n)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  char today[11];
  party_today(today);
  json_t *now = json_object(), *hist = json_array();
  for (int k = 0; k < PK__COUNT; k++) {
    int m = party_freq_default((party_kind)k);
    const char *best = NULL;
    for (size_t i = 0; i < n; i++)
      if (fq[i].kind == (party_kind)k && strcmp(fq[i].from, today) <= 0 && (!best || strcmp(fq[i].from, best) > 0)) best = fq[i].from, m = fq[i].months;
    json_object_set_new(now, party_kind_code((party_kind)k), json_integer(m));
  }
  for (size_t i = 0; i < n; i++)
    json_array_append_new(hist, json_pack("{s:s,s:s,s:s,s:i}", "kind", party_kind_code(fq[i].kind), "name", party_kind_name(fq[i].kind), "from", fq[i].from,
                                          "months", fq[i].months));
  free(fq);
  json_t *names = json_object();
  for (int k = 0; k < PK__COUNT; k++) json_object_set_new(names, party_kind_code((party_kind)k), json_string(party_kind_name((party_kind)k)));
  http_json(r, 200, json_pack("{s:o,s:o,s:o}", "frequencies", now, "history", hist, "names", names));
}

/* PUT /party/settings/frequencies {frequencies: {code: months}, from: YYYY-MM-DD}: in force from that date on. */
static void h_freq_put(req *r) {
  static const char *const allowed[] = {"frequencies", "from", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *from;
  if (jv_str(r, o, "from", "生效日期", JV_REQUIRED, 10, 10, &from) < 0) return;
  if (!party_date_valid(from)) { http_error(r, ERR_INVALID, "from", "生效日期应为有效日期 YYYY-MM-DD"); return; }
  json_t *f = json_object_get(o, "frequencies");
  if (!f) { http_error(r, ERR_MISSING, "frequencies", "缺少频次"); return; }
  int months[PK__COUNT];
  char field[80], msg[200];
  if (party_freq_parse(f, months, field, sizeof field, msg, sizeof msg)) {
    char full[100];
    snprintf(full, sizeof full, "frequencies.%s", field);
    http_error(r, ERR_INVALID, full, "%s", msg);
    return;
  }
  if (dbj_tx_begin(r)) return;
  for (int k = 0; k < PK__COUNT; k++)
    if (months[k] >= 0 && party_store_freq_set((party_kind)k, from, months[k])) { dbj_tx_fail(r); return; }
  if (org_audit(r, "party.schedule.update", "party_freq", 0, "修改三会一课频次", NULL, o)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  h_freq_get(r);
}

static int send_due(req *r, json_t *branches, const char *today, const char *at, json_t *due, int *sent) {
  int year = atoi(today);
  size_t i;
  json_t *b;
  json_array_foreach(branches, i, b) {
    json_t *s = party_schedule_of(json_integer_value(json_object_get(b, "id")), year, today, due);
    if (!s) return -1;
    json_decref(s);
  }
  if (db_begin() != DB_OK) return -1;
  json_t *d;
  json_array_foreach(due, i, d) {
    int64_t org = json_integer_value(json_object_get(d, "org_id"));
    json_t *secs = party_store_secretaries(org);
    if (!secs) { db_rollback(); return -1; }
    size_t j;
    json_t *u;
    json_array_foreach(secs, j, u) {
      char title[200], body[400], key[200];
      snprintf(title, sizeof title, "%s %s%s尚未召开", json_string_value(json_object_get(d, "org_name")), json_string_value(json_object_get(d, "period")),
               json_string_value(json_object_get(d, "kind")));
      snprintf(body, sizeof body, "本期（截至 %s）还没有记录%s，请按时召开并在系统中登记。", json_string_value(json_object_get(d, "to")),
               json_string_value(json_object_get(d, "kind")));
      snprintf(key, sizeof key, "party:remind:%lld:%s:%s", (long long)org, json_string_value(json_object_get(d, "kind")), json_string_value(json_object_get(d, "to")));
      int added = 0;
      if (tasks_notice(json_integer_value(json_object_get(u, "user_id")), title, body, key, at, &added)) { json_decref(secs); db_rollback(); return -1; }
      *sent += added;
    }
    json_decref(secs);
  }
  char sum[100];
  snprintf(sum, sizeof sum, "发送三会一课提醒 %d 条", *sent);
  if ((*sent || r) && org_audit(r, "party.schedule.remind", "party_freq", 0, sum, NULL, NULL)) { db_rollback(); return -1; }
  if (db_commit() != DB_OK) { db_rollback(); return -1; }
  return 0;
}

/* The reminders of the branches given (each {id}) for today's open periods ending within a week with nothing held: one
 * message per 书记/副书记 and period through the message centre, deduplicated by the key (branch, kind, period end), so
 * the button, the daily sweep and a restart never send one twice. Opens, audits (when something was sent) and commits
 * its own transaction; r NULL for the sweep. *due gets the periods found (new reference). 0 ok, -1 error. */
int party_remind_send(req *r, json_t *branches, const char *today, int *sent, json_t **due_out) {
  char at[20];
  party_now(at);
  *sent = 0;
  json_t *due = json_array();
  int rc = send_due(r, branches, today, at, due, sent);
  if (due_out) *due_out = due;
  else json_decref(due);
  return rc;
}

/* POST /party/schedule/remind: every visible branch's reminders now (the sweep does the same each day). */
static void h_remind(req *r) {
  char today[11];
  party_today(today);
  if (!org_caller_scope(r)) return;
  json_t *branches = party_store_visible_branches(r);
  if (!branches) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  party_hold(branches);
  int sent = 0;
  json_t *due = NULL;
  int rc = party_remind_send(r, branches, today, &sent, &due);
  party_hold(due);
  if (rc) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:i,s:O}", "sent", sent, "due", due));
}

/* POST /party/schedule/sweep: runs the daily sweep now over every branch (as the background thread does when the
 * bureau's date changes) and answers what it sent. */
static void h_sweep(req *r) {
  int sent = 0;
  if (party_remind_sweep(r, &sent)) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_json(r, 200, json_pack("{s:i}", "sent", sent));
}

PARTY_HELD(h_remind)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/schedule", "party:meeting:list", h_schedule, 0},
  {HTTP_POST, "/api/v1/party/schedule/remind", "party:meeting:edit", h_remind_held, 0},
  {HTTP_POST, "/api/v1/party/schedule/sweep", "party:schedule:edit", h_sweep, 0},
  {HTTP_GET, "/api/v1/party/settings/frequencies", "party:meeting:list", h_freq_get, 0},
  {HTTP_PUT, "/api/v1/party/settings/frequencies", "party:schedule:edit", h_freq_put, 0},
};

void party_schedule_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
