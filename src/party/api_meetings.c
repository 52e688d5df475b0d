/* api_meetings.c — handlers of 三会一课 records: list, one meeting, record (planned or held) with attendance from
 * the member list, update, the once-per-member QR sign-in on the phone, and photos/files kept like other attachments. */
#include "party/internal.h"
#include "base/log.h"
#include "base/util.h"
#include "tasks/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"支部党员大会", "支委会", "党小组会", "党课", "主题党日", NULL};

static const char *q_str(req *r, const char *key) {
  const char *v = http_query(r, key);
  return v && *v ? v : NULL;
}

static void h_list(req *r) {
  list_params lp;
  if (http_list_params(r, NULL, 0, 0, &lp)) return;
  const char *o = q_str(r, "org"), *kind = q_str(r, "kind"), *from = q_str(r, "from"), *to = q_str(r, "to");
  int64_t org = 0;
  if (o) {
    char *end;
    org = strtoll(o, &end, 10);
    if (*end || org <= 0) { http_error(r, ERR_BAD_QUERY, "org", "org 应为正整数"); return; }
  }
  if (kind && party_kind_parse(kind) < 0) { http_error(r, ERR_BAD_QUERY, "kind", "kind 应为 支部党员大会、支委会、党小组会、党课 或 主题党日"); return; }
  if (kind && party_kind_parse(kind) == PK_SECRETARY_LECTURE) { http_error(r, ERR_BAD_QUERY, "kind", "kind 应为会议类型"); return; }
  if (kind) kind = party_kind_name((party_kind)party_kind_parse(kind));
  if (from && !party_date_valid(from)) { http_error(r, ERR_BAD_QUERY, "from", "from 应为 YYYY-MM-DD"); return; }
  if (to && !party_date_valid(to)) { http_error(r, ERR_BAD_QUERY, "to", "to 应为 YYYY-MM-DD"); return; }
  if (!org_caller_scope(r)) return;
  size_t len;
  char *txt = party_store_meetings_page(r, org, kind, from, to, lp.size, lp.offset, &len);
  if (!txt) { http_error(r, ERR_INTERNAL, NULL, NULL); return; }
  http_send(r, 200, "application/json; charset=utf-8", txt, len);
}

static void h_get(req *r) {
  int64_t id = http_param_id(r, 0);
  if (!org_caller_scope(r)) return;
  json_t *o = id ? party_store_meeting(r, id) : NULL;
  if (!o) { http_error(r, ERR_NOT_FOUND, NULL, "会议不存在"); return; }
  http_json(r, 200, o);
}

typedef struct mtg_in {
  const char *kind, *topic, *planned, *held, *place, *content, *decisions;
  int64_t org, presenter, recorder;
  party_att *att;
  size_t natt;
  int has_att;
} mtg_in;

/* The body's fields (all for create; on update kind/org are not accepted). 0 ok, -1 answered. */
static int read_body(req *r, json_t *o, mtg_in *in, int create) {
  if ((create && (jv_int(r, o, "org_id", "党组织", JV_REQUIRED, 1, INT64_MAX, &in->org) < 0 ||
                  jv_enum(r, o, "kind", "会议类型", JV_REQUIRED, kinds, &in->kind) < 0)) ||
      jv_str(r, o, "topic", "会议主题", JV_REQUIRED, 1, 100, &in->topic) < 0 || jv_str(r, o, "planned_on", "计划日期", JV_REQUIRED, 10, 10, &in->planned) < 0 ||
      jv_str(r, o, "held_on", "召开日期", JV_OPTIONAL, 10, 10, &in->held) < 0 || jv_str(r, o, "place", "地点", JV_OPTIONAL, 0, 60, &in->place) < 0 ||
      jv_int(r, o, "presenter_id", "主持人/主讲人", JV_OPTIONAL, 1, INT64_MAX, &in->presenter) < 0 ||
      jv_int(r, o, "recorder_id", "记录人", JV_OPTIONAL, 1, INT64_MAX, &in->recorder) < 0 ||
      jv_str(r, o, "content", "会议内容", JV_OPTIONAL, 0, 5000, &in->content) < 0 || jv_str(r, o, "decisions", "议定事项", JV_OPTIONAL, 0, 3000, &in->decisions) < 0)
    return -1;
  if (!party_date_valid(in->planned)) { http_error(r, ERR_INVALID, "planned_on", "计划日期应为有效日期 YYYY-MM-DD"); return -1; }
  if (in->held) {
    char today[11];
    party_today(today);
    if (!party_date_valid(in->held)) { http_error(r, ERR_INVALID, "held_on", "召开日期应为有效日期 YYYY-MM-DD"); return -1; }
    if (strcmp(in->held, today) > 0) { http_error(r, ERR_INVALID, "held_on", "召开日期 %s 晚于今天，尚未召开的会议不能记为已召开", in->held); return -1; }
  }
  json_t *att = json_object_get(o, "attendance");
  if (att) {
    char field[64], msg[200];
    if (party_attendance_parse(att, &in->att, &in->natt, field, sizeof field, msg, sizeof msg)) { http_error(r, ERR_INVALID, field, "%s", msg); return -1; }
    req_own(r, in->att);
    in->has_att = 1;
    if (!in->held && in->natt) { http_error(r, ERR_INVALID, "attendance", "会议尚未召开，不能登记出席"); return -1; }
  }
  return 0;
}

/* Inside the transaction: presenter, recorder and every attendee must be members of the meeting's organisation. */
static int check_people(req *r, const mtg_in *in, int64_t org) {
  struct { int64_t id; const char *field, *label; } who[] = {{in->presenter, "presenter_id", "主持人/主讲人"}, {in->recorder, "recorder_id", "记录人"}};
  for (size_t i = 0; i < 2; i++) {
    if (!who[i].id) continue;
    int in_org = party_store_member_in(who[i].id, org);
    if (in_org < 0) { dbj_tx_fail(r); return -1; }
    if (!in_org) { db_rollback(); http_error(r, ERR_INVALID, who[i].field, "%s不是本组织的党员", who[i].label); return -1; }
  }
  for (size_t i = 0; i < in->natt; i++) {
    int in_org = party_store_member_in(in->att[i].member_id, org);
    if (in_org < 0) { dbj_tx_fail(r); return -1; }
    if (!in_org) {
      db_rollback();
      char field[48];
      snprintf(field, sizeof field, "attendance[%zu].member_id", i);
      http_error(r, ERR_INVALID, field, "出席情况第%zu行：党员 %lld 不在本组织，不能登记出席", i + 1, (long long)in->att[i].member_id);
      return -1;
    }
  }
  return 0;
}

static int write_attendance(req *r, int64_t meeting, const mtg_in *in) {
  for (size_t i = 0; i < in->natt; i++)
    if (party_store_attendance_set(meeting, &in->att[i])) { dbj_tx_fail(r); return -1; }
  return 0;
}

static void h_create(req *r) {
  static const char *const allowed[] = {"org_id", "kind", "topic", "planned_on", "held_on", "place", "presenter_id", "recorder_id", "content",
                                        "decisions", "attendance", NULL};
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  mtg_in in = {0};
  if (read_body(r, o, &in, 1)) return;
  if (!org_caller_scope(r)) return;
  char at[20], token[40], okind[16];
  party_now(at);
  util_random_token(token, sizeof token, 16);
  if (dbj_tx_begin(r)) return;
  int f = party_store_org_kind(in.org, okind, NULL);
  if (f < 0) { dbj_tx_fail(r); return; }
  int vis = f == 0 ? party_store_org_visible(r, in.org) : 0;
  if (vis < 0) { dbj_tx_fail(r); return; }
  if (!vis) { db_rollback(); http_error(r, ERR_INVALID, "org_id", "党组织不存在"); return; }
  int group_meeting = !strcmp(in.kind, "党小组会");
  if (group_meeting != !strcmp(okind, "党小组") || !strcmp(okind, "党委")) {
    db_rollback();
    http_error(r, ERR_INVALID, "kind", group_meeting ? "党小组会应记在党小组下" : "%s应记在党支部（党总支）下", in.kind);
    return;
  }
  if (check_people(r, &in, in.org)) return;
  int64_t id = party_store_meeting_insert(in.org, in.kind, in.topic, in.planned, in.held, in.place, in.presenter, in.recorder, in.content, in.decisions,
                                          token, org_caller(r)->id, at);
  if (!id || party_store_attendance_expected(id, in.org, in.kind) < 0) { dbj_tx_fail(r); return; }
  if (write_attendance(r, id, &in)) return;
  json_t *after = party_store_meeting(r, id);
  char sum[200];
  snprintf(sum, sizeof sum, "%s %s（%s）", in.held ? "记录" : "计划", in.kind, in.topic);
  if (!after || org_audit(r, "party.meeting.create", "party_meeting", id, sum, NULL, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 201, after);
}

static void h_update(req *r) {
  static const char *const allowed[] = {"topic", "planned_on", "held_on", "place", "presenter_id", "recorder_id", "content", "decisions", "attendance", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  mtg_in in = {0};
  if (read_body(r, o, &in, 0)) return;
  if (!org_caller_scope(r)) return;
  json_t *before = id ? party_store_meeting(r, id) : NULL;
  if (!before) { http_error(r, ERR_NOT_FOUND, NULL, "会议不存在"); return; }
  party_hold(before);
  int64_t org = json_integer_value(json_object_get(before, "org_id"));
  char at[20];
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (check_people(r, &in, org)) return;
  if (party_store_meeting_update(id, in.topic, in.planned, in.held, in.place, in.presenter, in.recorder, in.content, in.decisions, at)) { dbj_tx_fail(r); return; }
  if (write_attendance(r, id, &in)) return;
  json_t *after = party_store_meeting(r, id);
  if (!after || org_audit(r, "party.meeting.update", "party_meeting", id, "修改会议记录", before, after)) { json_decref(after); dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) { json_decref(after); return; }
  http_json(r, 200, after);
}

/* POST /party/meetings/:id/signin {token}: the signed-in user scans the meeting's QR code on his phone; he must be an
 * expected attendee; once per member (a second scan answers 409). */
static void h_signin(req *r) {
  static const char *const allowed[] = {"token", NULL};
  int64_t id = http_param_id(r, 0);
  json_t *o = jv_object(r, allowed);
  if (!o) return;
  const char *token;
  if (jv_str(r, o, "token", "签到码", JV_REQUIRED, 1, 64, &token) < 0) return;
  char today[11], at[20];
  party_today(today);
  party_now(at);
  if (dbj_tx_begin(r)) return;
  int64_t org = 0;
  char kind[32], held[11];
  int f = id ? party_store_meeting_org(id, &org, kind, held) : 1;
  if (f < 0) { dbj_tx_fail(r); return; }
  if (f) { db_rollback(); http_error(r, ERR_NOT_FOUND, NULL, "会议不存在"); return; }
  int good = party_store_meeting_token_ok(id, token);
  if (good < 0) { dbj_tx_fail(r); return; }
  if (!good) { db_rollback(); http_error(r, ERR_INVALID, "token", "签到码不正确，请重新扫码"); return; }
  if (strcmp(held, today)) { db_rollback(); http_error(r, ERR_BAD_STATE, NULL, "只能在会议当天签到"); return; }
  int64_t member = 0;
  int signed_in = 0;
  f = party_store_signin_find(id, org_caller(r)->id, &member, &signed_in);
  if (f < 0) { dbj_tx_fail(r); return; }
  if (!f) { db_rollback(); http_error(r, ERR_FORBIDDEN, NULL, "您不在本次会议的应到人员中"); return; }
  int rc = signed_in ? 1 : party_store_signin(id, member, at);
  if (rc < 0) { dbj_tx_fail(r); return; }
  if (rc == 1) { db_rollback(); http_error(r, ERR_DUPLICATE, NULL, "您已签到，每人只签一次"); return; }
  char sum[120];
  snprintf(sum, sizeof sum, "扫码签到（%s）", kind);
  if (org_audit(r, "party.meeting.signin", "party_meeting", id, sum, NULL, NULL)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  http_json(r, 200, json_pack("{s:I,s:I,s:s}", "meeting_id", (json_int_t)id, "member_id", (json_int_t)member, "signed_at", at));
}

#define MAX_FILES 30

static void h_upload(req *r) {
  int64_t id = http_param_id(r, 0);
  const char *rawname = http_query(r, "name");
  char name[420];
  if (!rawname || !tasks_file_name(rawname, name, sizeof name)) { http_error(r, ERR_MISSING, "name", "缺少文件名"); return; }
  if (!org_caller_scope(r)) return;
  json_t *mt = id ? party_store_meeting(r, id) : NULL;
  if (!mt) { http_error(r, ERR_NOT_FOUND, NULL, "会议不存在"); return; }
  size_t have = json_array_size(json_object_get(mt, "files"));
  json_decref(mt);
  if (have >= MAX_FILES) { http_error(r, ERR_INVALID, "file", "每次会议最多 %d 个附件", MAX_FILES); return; }
  char sha[65], at[20];
  tasks_file_type by_content = tasks_file_take(r, name, "附件", sha);
  if (!by_content) return;
  party_now(at);
  if (dbj_tx_begin(r)) return;
  if (party_store_meeting_file_add(id, name, tasks_file_type_code(by_content), r->body_len, sha, org_caller(r)->id, at)) { dbj_tx_fail(r); return; }
  char sum[500];
  snprintf(sum, sizeof sum, "上传会议附件 %s", name);
  if (org_audit(r, "party.meeting.upload", "party_meeting", id, sum, NULL, NULL)) { dbj_tx_fail(r); return; }
  if (dbj_tx_commit(r)) return;
  json_t *after = party_store_meeting(r, id);
  http_json(r, 201, after ? after : json_object());
}

static void h_download(req *r) {
  int64_t id = http_param_id(r, 0), fid = http_param_id(r, 1);
  if (!org_caller_scope(r)) return;
  json_t *f = id && fid ? party_store_meeting_file(r, id, fid) : NULL;
  tasks_file_send(r, f, "附件不存在", "附件内容缺失");
}

PARTY_HELD(h_update)

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/party/meetings", "party:meeting:list", h_list, 0},
  {HTTP_POST, "/api/v1/party/meetings", "party:meeting:edit", h_create, 0},
  {HTTP_GET, "/api/v1/party/meetings/:id", "party:meeting:list", h_get, 0},
  {HTTP_PATCH, "/api/v1/party/meetings/:id", "party:meeting:edit", h_update_held, 0},
  /* any signed-in member: the check is that he is an expected attendee of this meeting */
  {HTTP_POST, "/api/v1/party/meetings/:id/signin", NULL, h_signin, 0},
  {HTTP_POST, "/api/v1/party/meetings/:id/files", "party:meeting:edit", h_upload, R_RAW_BODY},
  {HTTP_GET, "/api/v1/party/meetings/:id/files/:fid", "party:meeting:list", h_download, 0},
};

void party_meetings_routes(void) { http_add_routes(routes, sizeof routes / sizeof routes[0]); }
