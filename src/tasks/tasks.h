/* tasks.h — public API of the tasks module (督查督办 and 清单闭环): the task state machine, lights, money and
 * statistics (pure), checklist statistics for other modules (年度总结), and the wiring (routes, demo data). */
#ifndef TASKS_TASKS_H
#define TASKS_TASKS_H
#include <stddef.h>
#include <stdint.h>
#include "base/workday.h"

/* ---- task life: 草稿 → 已交办 → 办理中 → 待审核 → 已办结 (pure) ---- */
typedef enum { TS_DRAFT = 0, TS_ASSIGNED, TS_DOING, TS_REVIEW, TS_CLOSED, TS__COUNT } tasks_status;
typedef enum { TA_ASSIGN = 0, TA_ACCEPT, TA_REPORT, TA_SUBMIT, TA_RETURN, TA_CLOSE, TA_URGE, TA_REVIEW, TA_REOPEN, TA__COUNT } tasks_action;
const char *tasks_status_name(tasks_status s);       /* "草稿" … */
int tasks_status_parse(const char *name);            /* -1 when unknown */
const char *tasks_action_code(tasks_action a);       /* "assign" … */
int tasks_action_parse(const char *code);            /* -1 when unknown */
/* Who may do an action: the supervisor (督办: assign, return, close, urge, review) or the handler (承办: accept, report, submit). */
int tasks_action_by_supervisor(tasks_action a);
/* The status after action a from s; -1 when the action is refused in s. TA_REVIEW confirms (stays 已办结),
 * TA_REOPEN (回头看 found the problem back) reopens to 办理中. */
int tasks_next(tasks_status s, tasks_action a);
/* Bit (1 << action) for each action the caller may take now, given what he is (supervisor and/or handler). */
unsigned tasks_allowed(tasks_status s, int supervisor, int handler);

/* ---- dates: day numbers and "YYYY-MM-DD" are base/workday.h's (wd_parse, wd_format, wd_between, wd_add) ---- */
/* Today: BUREAU_TODAY (YYYY-MM-DD) when set — tests and demos inject the date — else the local date. */
void tasks_today(char out[11]);
/* Days of warning before the deadline for the yellow light: BUREAU_TASK_WARN_DAYS, default 3. */
int tasks_warn_days(void);

/* ---- deadlines and lights (computed, never stored) ---- */
typedef enum { TL_NONE = 0, TL_GREEN, TL_YELLOW, TL_RED, TL_DONE } tasks_light;
typedef struct tasks_deadline {
  tasks_light light;
  int days;      /* red: days overdue; green/yellow: days left (0 = due today); -1 for none and done */
  int workdays;  /* the days are working days */
  char text[48]; /* "还剩 2 个工作日", "今日到期", "已逾期 3 个工作日", "还剩 5 天", "" */
} tasks_deadline;
/* Closed → done; draft or no due date (day < 0) → none; past the deadline → red; at most warn_days left → yellow;
 * else green. cal NULL counts calendar days. With a calendar, days are working days: a deadline that falls on a
 * rest day moves to the next working day (the usual rule for time limits), days left are the working days in
 * (today, deadline], days overdue those in (deadline, today]. */
tasks_deadline tasks_deadline_of(tasks_status s, int due, int today, int warn_days, const wd_cal *cal);
/* Due-date bounds that give an open task's light without the arithmetic, for filtering in SQL:
 * due <= *red_max → red, due <= *yellow_max → yellow, else green — the same answers as tasks_deadline_of. */
void tasks_light_bounds(int today, int warn_days, const wd_cal *cal, int *red_max, int *yellow_max);
const char *tasks_light_code(tasks_light l);         /* "green" "yellow" "red" "done" "none" */
const char *tasks_light_text(tasks_light l);         /* 正常 临期 逾期 已办结 "" */
int tasks_light_parse(const char *code);             /* -1 when unknown */

/* ---- money in 分 (pure) ---- */
/* "89,600.00" (元) or, with wan, "8.96" (万元, rounded half up to 2 places). out ≥ 32 bytes. */
void tasks_money_format(int64_t fen, int wan, char *out, size_t outlen);
/* "8757", "8,757.5", "8757.50", "-3" in 元 → fen exactly (no floating point). 0 ok, -1 malformed or > 2 decimals. */
int tasks_money_parse(const char *s, int64_t *fen);

/* ---- statistics (pure accumulators) ---- */
typedef struct tasks_rate_stat {
  int64_t total, closed, on_time, overdue; /* overdue: open and past due now, or closed after due */
} tasks_rate_stat;
/* Adds one task: status, due and closing day (day numbers, -1 when none), today; cal as for tasks_deadline_of
 * (a task counted in working days is on time when closed by its deadline moved off a rest day). */
void tasks_rate_add(tasks_rate_stat *st, tasks_status s, int due, int closed_on, int today, const wd_cal *cal);
/* Percent ×10 (one decimal, rounded half up) of num/den; 0 when den is 0. */
int tasks_permille(int64_t num, int64_t den);

/* ---- checklists (清单闭环) ---- */
typedef enum { CL_SHISHI = 0, CL_ZHENGGAI, CL_GENERIC } tasks_cl_kind;
const char *tasks_cl_kind_name(tasks_cl_kind k);     /* 办实事 整改 通用 */
int tasks_cl_kind_parse(const char *name);
typedef struct tasks_cl_stats {
  int64_t items, closed, on_time, pending, overdue;
  int64_t amount_fen, recovered_fen, refunded_fen, people;
} tasks_cl_stats;
/* Adds one item (pure): status "进行中"/"待审核"/"已销号", due and closed dates, money and people. */
void tasks_cl_stats_add(tasks_cl_stats *st, const char *status, const char *due, const char *closed_on, const char *today,
                        int64_t amount_fen, int64_t recovered_fen, int64_t refunded_fen, int64_t people);
/* Filter for tasks_checklist_stats; zero/NULL fields mean "any". Dates compare with the item's due date. */
typedef struct tasks_cl_filter {
  int kind;                 /* tasks_cl_kind, or -1 any */
  int64_t checklist_id, unit_id;
  int below;                /* with unit_id: the unit and every unit below it (as ?below=1 everywhere in bureau) */
  int year;                 /* the checklist's year, 0 any */
  const char *from, *to;    /* "YYYY-MM-DD" on the due date, inclusive */
} tasks_cl_filter;
/* Statistics of checklist items over the whole database (no data scope: for reports run by the system).
 * Reads the database; 0 ok, -1 database error. */
int tasks_checklist_stats(const tasks_cl_filter *f, tasks_cl_stats *out);

/* ---- for other modules: open and follow 督办 tasks, checklist items and plans (never through the tables) ----
 * Every call runs inside the caller's open write transaction (db_begin_write or the module's tx helper) and writes its
 * audit row there; r is the request whose caller acts, or NULL for a background job (then "system" acts). */
struct req;
struct json_t;
typedef struct tasks_new {
  const char *source;       /* required: what opened it, "<module>.<kind>:<id>[:<more>]"; one task per source */
  const char *source_label; /* shown on the task as its 来源 (e.g. "风险复评逾期"), NULL = none */
  const char *title;        /* required, at most 200 characters */
  const char *content;      /* 工作内容, NULL = "" */
  int64_t lead_unit;        /* required: 牵头单位 */
  int64_t owner;            /* 责任人, 0 = none */
  const char *due;          /* required, "YYYY-MM-DD" */
  const char *priority;     /* 高 中 低, NULL = 中 */
  int assign;               /* 1: 已交办 at once and the owner is told (needs an owner); 0: 草稿 for a 督办 admin */
} tasks_new;
/* The task's id with *created = 1, or the id of the task opened earlier for the same source with *created = 0.
 * 0 when the input is bad (err says which field, in Chinese); -1 on a database error. */
int64_t tasks_open(struct req *r, const tasks_new *t, int *created, char *err, size_t errlen);

typedef struct tasks_brief {
  int64_t id, lead_unit, owner;
  char status[16];       /* 草稿 已交办 办理中 待审核 已办结 */
  char due[11];          /* "YYYY-MM-DD" */
  char closed_on[11];    /* the day it was closed, "" while open */
  int progress, urges, returns;
  int on_time;           /* closed on or before its due date (0 while open) */
  tasks_deadline deadline; /* the light and words, as the 督办台账 shows them today */
} tasks_brief;
/* 0 ok, 1 no such task, -1 database error. Reads in whatever transaction is open (or its own). */
int tasks_brief_of(int64_t id, tasks_brief *out);

/* The record of the tasks due in a year: led by `unit` (0 = any unit) and owned by `owner` (0 = anyone). What
 * appraisal cards and the year's review count. 0 ok, -1 database error. */
typedef struct tasks_record {
  int64_t led;             /* tasks due in the year (草稿 excluded: not yet given to anyone) */
  int64_t closed, closed_on_time;
  int64_t open_overdue;    /* still open and past due today */
  int64_t urges, returns;  /* 催办 and 退回 events on those tasks */
} tasks_record;
int tasks_record_of(int64_t unit, int64_t owner, int year, tasks_record *out);

typedef struct tasks_cl_new {
  const char *source;      /* required: one item per source, e.g. "risks.finding:12" */
  const char *kind;        /* 整改 办实事 通用 */
  const char *list_title;  /* the checklist of `year` and `kind` with this title; made when missing */
  int year;
  const char *title;       /* required: 事项 / 问题 */
  const char *origin;      /* 问题来源 (e.g. 市局审计), NULL = "" */
  const char *measures;    /* NULL = "" */
  int64_t unit, owner;     /* unit required; owner 0 = none */
  const char *due;         /* "YYYY-MM-DD" or NULL */
  int64_t amount_fen, recovered_fen, refunded_fen, people; /* 整改涉及金额, 收回损失, 清退费用 in 分; 处理处分人次 */
} tasks_cl_new;
/* The item's id with *created = 1, or the earlier item of the same source with *created = 0; 0 on bad input (err); -1 on
 * a database error. */
int64_t tasks_cl_item_open(struct req *r, const tasks_cl_new *n, int *created, char *err, size_t errlen);
typedef struct tasks_cl_brief { int64_t id; char status[16]; char closed_on[11]; } tasks_cl_brief; /* 进行中 待审核 已销号 */
int tasks_cl_item_brief(int64_t id, tasks_cl_brief *out); /* 0 ok, 1 no such item, -1 database error */

/* A plan from outline text (（一）/一是/1./①, as 年度计划's paste): parsed, saved with its tree, audited. The plan id;
 * 0 when the text has no outline or `year` already has a plan of that title (err says which); -1 on a database error. */
int64_t tasks_plan_from_text(struct req *r, int year, const char *title, const char *text, char *err, size_t errlen);

/* ---- attachments (pure: no I/O) ---- */
typedef enum { TF_NONE = 0, TF_PDF, TF_JPG, TF_PNG, TF_DOCX, TF_XLSX, TF_TXT, TF__COUNT } tasks_file_type;
#define TASKS_FILE_MAX ((size_t)20 << 20) /* 20 MiB per file */
const char *tasks_file_type_code(tasks_file_type t); /* "pdf" "jpg" "png" "docx" "xlsx" "txt"; "" for TF_NONE */
const char *tasks_file_mime(tasks_file_type t);      /* the Content-Type a download is sent with */
int tasks_file_type_parse(const char *code);         /* -1 when unknown */
/* What the content is, by its magic bytes: %PDF-, JPEG SOI, PNG signature; a ZIP holding word/document.xml (docx)
 * or xl/workbook.xml (xlsx); UTF-8 or GBK text without control characters (txt). TF_NONE when none of these. */
tasks_file_type tasks_file_sniff(const void *data, size_t len);
/* What the name claims by its extension (case-insensitive; .jpeg counts as jpg); TF_NONE when not allowed. */
tasks_file_type tasks_file_ext(const char *name);
/* A user-given file name made safe to keep and to send back: the part after the last / or \, control characters
 * and quotes dropped, at most 100 characters of valid UTF-8. Returns the length, 0 when nothing usable is left. */
size_t tasks_file_name(const char *in, char *out, size_t outlen);

/* ---- for other modules: stored files and the message centre ---- */
/* Keeps a file under its SHA-256 next to the database, as attachments are kept (files.c). 0 ok, -1 I/O error. */
int tasks_file_put(const char *sha256_hex, const void *data, size_t len);
/* Reads a kept file back; NULL when missing or not of that size. Caller frees. */
char *tasks_file_get(const char *sha256_hex, size_t size);
/* Bulk loading (the demo): while on, kept files are not flushed one by one; turning it off flushes the files' file
 * system once (syncfs). A request path never turns it on. */
void tasks_files_bulk(int on);
/* Another module's download of a kept file: row is its stored row ({sha256, size, type, name}) or NULL when not found
 * or outside the caller's scope. Sends the file as an attachment with the type's mime, else answers 404 with
 * `notfound` (no row) or `missing` (the kept file is gone). Takes the row (decrefs it). */
void tasks_file_send(struct req *r, struct json_t *row, const char *notfound, const char *missing);
/* Another module's upload of a kept file: the request's raw body not empty, at most TASKS_FILE_MAX, an allowed type
 * by the extension of `name` (already made safe by tasks_file_name) whose content agrees, then kept under its SHA-256
 * (sha filled). `noun` names the file in the size and save errors ("附件", "文件"). Returns the type; TF_NONE when
 * refused (already answered). */
tasks_file_type tasks_file_take(struct req *r, const char *name, const char *noun, char sha[65]);
/* A message to one user's message centre (消息中心) about something that is not a task (催办 from another module),
 * inside the caller's transaction; with a dedupe key a second one with the same key is not made. 0 ok. */
int tasks_notice(int64_t user_id, const char *title, const char *body, const char *dedupe, const char *at, int *added);

/* ---- group robots (企业微信 / 钉钉 webhooks), pure ---- */
typedef struct tasks_url { char host[256]; unsigned port; char path[1024]; } tasks_url;
/* "http://host[:port][/path[?query]]" → its parts (path "/" when absent). -1 for anything else: https (bureau has no
 * TLS client; put a relay in front of a robot that wants https), user info, fragments, IPv6 literals, spaces or
 * control characters, a port outside 1–65535, more than 1000 characters. */
int tasks_url_parse(const char *url, tasks_url *out);
/* The robot's text message {"msgtype":"text","text":{"content":…}} as compact JSON; caller frees. NULL on no memory. */
char *tasks_robot_body(const char *content);

/* ---- wiring ---- */
/* Routes and the permission catalogue entries. Call before serving. */
void tasks_register(void);
void tasks_workbench_register(void); /* the 督办 cards of the 工作台 (org_register_card) */
/* The background thread of the message centre: the deadline sweep (at most once per BUREAU_TASK_SWEEP_SECONDS,
 * default 3600) and the webhook sender. Start after tasks_register, stop after the server has stopped. */
void tasks_notifier_start(void);
void tasks_notifier_stop(void);
/* Registers tasks' indicators with the cockpit (清单闭环: QD_DUE, QD_ONTIME; src/tasks/feed.c). Call before
 * cockpit_register and before cockpit_demo_load. */
void tasks_feeds_register(void);
/* Offers tasks' facts to the year's review (report.h: checklists, tasks of the year, 回头看; src/tasks/facts.c). */
void tasks_facts_register(void);
/* The demo plan, tasks and checklists (after org's demo county). Does nothing when already loaded. 0 ok. */
int tasks_demo_load(char *err, size_t errlen);
#endif
