/* notifier.c — the message centre's background job (a base/daily.h thread): the deadline sweep (临期/逾期 notices, one per task per
 * threshold, at most once per BUREAU_TASK_SWEEP_SECONDS, default an hour) and the sender of the group robots' outbox,
 * a minimal HTTP/1.1 POST over a plain socket (http:// only; no TLS library in bureau). */
#include "tasks/internal.h"
#include "base/daily.h"
#include "base/log.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static daily *g_job;

void tasks_notifier_kick(void) { daily_kick(g_job); }

/* ---- the deadline sweep ---- */
/* One batch of open tasks (after id *cursor) that are yellow or red on their own clock: a message to the owner and
 * the leader in charge for each threshold not yet told, and one robot post per task and threshold. */
static int sweep_batch(const tasks_clock *ck, int64_t *cursor, int *made, int *more) {
  enum { BATCH = 500 };
  char at[20];
  org_now(at);
  if (db_begin() != DB_OK) return -1;
  tasks_sweep_row *rows = calloc(BATCH, sizeof *rows);
  size_t n = 0;
  if (!rows || tasks_store_sweep_batch(*cursor, ck->yellow_s[1], ck->yellow_s[0], rows, BATCH, &n)) { free(rows); db_rollback(); return -1; }
  int fail = 0, here = 0;
  for (size_t i = 0; i < n && !fail; i++) {
    tasks_sweep_row *w = &rows[i];
    tasks_deadline d = tasks_clock_deadline(ck, w->status, w->due, w->workdays);
    if (d.light != TL_YELLOW && d.light != TL_RED) continue;
    const char *kind = d.light == TL_RED ? "overdue" : "due_soon";
    char title[500], body[200], key[64], robot[900];
    snprintf(title, sizeof title, "%s：%s", d.light == TL_RED ? "逾期" : "临期", w->title);
    snprintf(body, sizeof body, "完成时限 %s，%s", w->due, d.text);
    /* The key names the due date: a deadline moved later is a new deadline, told again when it comes near. */
    snprintf(key, sizeof key, "%s:%lld:%s", kind, (long long)w->id, w->due);
    int added = 0, a2 = 0;
    if (w->owner) fail |= tasks_message_add(w->owner, kind, w->id, title, body, key, at, &added);
    if (w->leader && w->leader != w->owner) fail |= tasks_message_add(w->leader, kind, w->id, title, body, key, at, &a2);
    if (!fail && (added || a2)) {
      here += added + a2;
      snprintf(robot, sizeof robot, "【督查督办】%s\n%s\n牵头单位：%s　责任人：%s", title, body, w->unit_name, w->owner_name);
      fail |= tasks_webhook_enqueue(w->unit, robot, at);
    }
  }
  *more = n == BATCH;
  if (n) *cursor = rows[n - 1].id;
  free(rows);
  if (!fail && here) {
    char sum[120];
    snprintf(sum, sizeof sum, "到期提醒：生成消息 %d 条", here);
    fail = org_audit(NULL, "tasks.message.create", "task_message", 0, sum, NULL, NULL);
  }
  if (fail || db_commit() != DB_OK) { db_rollback(); return -1; }
  *made += here;
  return 0;
}

int tasks_deadline_sweep(int *made) {
  tasks_clock ck;
  *made = 0;
  /* The sweep reads its own snapshot per batch; each batch is its own short write transaction. */
  if (tasks_clock_load(&ck)) return -1;
  int64_t cursor = 0;
  int more = 1, rc = 0;
  while (more && !rc) rc = sweep_batch(&ck, &cursor, made, &more);
  tasks_clock_free(&ck);
  return rc;
}

/* ---- the robots' outbox ---- */
static int wait_fd(int fd, short ev, int ms) {
  struct pollfd p = {fd, ev, 0};
  int rc;
  do rc = poll(&p, 1, ms); while (rc < 0 && errno == EINTR);
  return rc == 1 && !(p.revents & (POLLERR | POLLNVAL)) ? 0 : -1;
}

/* POSTs body to url; 0 when the robot answered 2xx, else -1 with a reason in err. Every step has a 5 s limit. */
static int http_post(const char *url, const char *body, char *err, size_t errlen) {
  tasks_url u;
  if (tasks_url_parse(url, &u)) { snprintf(err, errlen, "地址不合法"); return -1; }
  char port[8];
  snprintf(port, sizeof port, "%u", u.port);
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  int g = getaddrinfo(u.host, port, &hints, &ai);
  if (g) { snprintf(err, errlen, "解析主机失败：%s", gai_strerror(g)); return -1; }
  int fd = -1;
  for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (errno != EINPROGRESS || wait_fd(fd, POLLOUT, 5000) || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) || soerr) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(ai);
  if (fd < 0) { snprintf(err, errlen, "连接失败"); return -1; }
  size_t bl = strlen(body);
  char head[1600];
  int hl = snprintf(head, sizeof head,
                    "POST %s HTTP/1.1\r\nHost: %s:%u\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %zu\r\n"
                    "User-Agent: bureau\r\nConnection: close\r\n\r\n", u.path, u.host, u.port, bl);
  const char *parts[2] = {head, body};
  size_t lens[2] = {(size_t)hl, bl};
  for (int k = 0; k < 2; k++) {
    size_t off = 0;
    while (off < lens[k]) {
      if (wait_fd(fd, POLLOUT, 5000)) { close(fd); snprintf(err, errlen, "发送超时"); return -1; }
      ssize_t w = send(fd, parts[k] + off, lens[k] - off, MSG_NOSIGNAL);
      if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (w <= 0) { close(fd); snprintf(err, errlen, "发送失败"); return -1; }
      off += (size_t)w;
    }
  }
  /* Only the status line matters: "HTTP/1.x 2xx". */
  char resp[64];
  size_t got = 0;
  while (got < 12) {
    if (wait_fd(fd, POLLIN, 5000)) break;
    ssize_t n = recv(fd, resp + got, sizeof resp - 1 - got, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(fd);
  resp[got] = 0;
  if (got < 12 || strncmp(resp, "HTTP/1.", 7) || resp[9] != '2') {
    snprintf(err, errlen, "对方应答：%.*s", (int)strcspn(resp, "\r\n"), got ? resp : "无");
    return -1;
  }
  return 0;
}

static void deliver_outbox(void) {
  /* A few posts per round; failures wait 1, 5, 30 and 120 minutes, the fifth failure gives up. */
  static const int backoff_min[] = {1, 5, 30, 120};
  for (int round = 0; round < 50; round++) {
    char now[20];
    org_now(now);
    tasks_outbox_row ob;
    if (tasks_store_outbox_next(now, &ob) <= 0) return;
    int64_t id = ob.id;
    int attempts = ob.attempts;
    char *url = ob.url, *body = ob.body;
    char err[200] = "";
    int ok = url && body && http_post(url, body, err, sizeof err) == 0;
    free(url);
    free(body);
    char next[20];
    time_t t = util_now() + 60 * backoff_min[attempts < 4 ? attempts : 3];
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(next, sizeof next, "%Y-%m-%d %H:%M:%S", &tm);
    if (db_begin() != DB_OK) return;
    if (tasks_store_outbox_done(id, ok, err, next, now) || db_commit() != DB_OK) { db_rollback(); return; }
    if (!ok) log_warn("webhook post failed outbox=%lld attempt=%d: %s", (long long)id, attempts + 1, err);
  }
}

static int sweep_job(void *arg) {
  (void)arg;
  int made = 0;
  if (tasks_deadline_sweep(&made)) { log_warn("deadline sweep failed: %s", db_errmsg()); return -1; }
  if (made) log_info("deadline sweep: %d messages", made);
  return 0;
}

static void outbox_tick(void *arg) {
  (void)arg;
  deliver_outbox();
}

void tasks_notifier_start(void) {
  /* The sweep at most once per BUREAU_TASK_SWEEP_SECONDS (default an hour); the outbox at least every 30 s (retries). */
  daily_spec s = {.name = "tasks.notifier", .env = "BUREAU_TASK_SWEEP_SECONDS", .every_def = 3600, .every_max = 86400,
                  .periodic = 1, .run = sweep_job, .tick = outbox_tick, .tick_max_s = 30};
  g_job = daily_add(&s);
  daily_start(g_job);
}

void tasks_notifier_stop(void) { daily_stop(g_job); }
