/* main.c — command dispatch: bureau init | serve | user | backup | plan | version. Flags, then BUREAU_* variables, then defaults. */
#include "base/db.h"
#include "base/http.h"
#include "base/job.h"
#include "base/log.h"
#include "base/pagecache.h"
#include "base/util.h"
#include "cockpit/cockpit.h"
#include "org/org.h"
#include "tasks/plan_parse.h"
#include "tasks/tasks.h"
#include "shops/shops.h"
#include "evals/evals.h"
#include "people/people.h"
#include "report/report.h"
#include "party/party.h"
#include "risks/risks.h"
#include <getopt.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const modules[] = {"base", "org", "tasks", "shops", "cockpit", "evals", "people", "report", "party", "risks", NULL};

/* Every module that offers facts to the year's review (report.h), before report_register or `bureau report`. */
static void facts_register(void) {
  org_facts_register();
  tasks_facts_register();
  cockpit_facts_register();
  shops_facts_register();
  party_facts_register();
  people_facts_register();
  risks_facts_register();
}

static const char *env_or(const char *name, const char *def) {
  const char *v = getenv(name);
  return v && *v ? v : def;
}

static void usage(FILE *f) {
  fprintf(f,
          "bureau %s — 县局数字化管理平台 / a county tobacco bureau's management platform\n\n"
          "用法 / usage: bureau COMMAND [options]\n\n"
          "  init [--db FILE] [--demo]     建库或升级（可重复执行），创建管理员；--demo 载入演示县局\n"
          "                                create or migrate the database, create the admin; --demo loads a demo county\n"
          "  serve [--db FILE] [--listen HOST:PORT] [--web DIR] [--threads N] [--trust-proxy] [--secure-cookie]\n"
          "                                启动服务 / run the HTTP server (API under /api/v1/, web UI at /)\n"
          "  user list|add|passwd|unlock   用户管理 / manage users (bureau user --help)\n"
          "  audit verify|anchor           校验操作日志哈希链 / verify the tamper-evident audit log (bureau audit --help)\n"
          "  backup FILE [--db FILE]       在线一致备份 / online, consistent backup (SQLite backup API)\n"
          "  assess --all [--db FILE] [--month YYYY-MM]\n"
          "                                批量检测：每户按经营数据重算（沿用上次走访的答案），每批一个事务，可续跑\n"
          "                                batch assessment of every active shop from its data; resumable\n"
          "  evals check --all [--db FILE]  重新运行全部终端评价质量检查，按疑点输出户次 / rerun every evaluation check\n"
          "  report YEAR [--unit CODE] --out FILE.docx [--db FILE]\n"
          "                                由各模块的年度数据生成年度总结 Word 文件 / the year's review as a Word file\n"
          "  plan parse FILE [--json]      把年度工作计划拆成任务树 / split an annual plan into its outline tree\n"
          "  version                       版本 / print the version\n\n"
          "环境变量 / environment: BUREAU_DB (var/bureau.db), BUREAU_LISTEN (127.0.0.1:8080), BUREAU_WEB (web/dist),\n"
          "  BUREAU_THREADS (cores), BUREAU_ADMIN_PASSWORD (first admin), BUREAU_DEMO_PASSWORD (demo staff),\n"
          "  BUREAU_IDLE_MINUTES (30), BUREAU_TRUST_PROXY (0), BUREAU_SECURE_COOKIE (0), BUREAU_LOG_LEVEL (info), BUREAU_PAGE_CACHE (1),\n"
          "  BUREAU_TZ (Asia/Shanghai; or --tz ZONE with any command): 县局时区，所有时间与“今天”按此时区，与服务器时区无关\n"
          "  the bureau's time zone: every stored and shown time and every \"today\" follows it, whatever the server's TZ\n",
          BUREAU_VERSION);
}

struct opts { const char *db, *listen, *web; unsigned threads; int demo, trust_proxy, secure_cookie, help; };

static int parse_opts(int argc, char **argv, struct opts *o) {
  static const struct option lo[] = {{"db", required_argument, 0, 'd'}, {"listen", required_argument, 0, 'l'}, {"web", required_argument, 0, 'w'},
                                     {"threads", required_argument, 0, 't'}, {"demo", no_argument, 0, 'D'}, {"trust-proxy", no_argument, 0, 'P'},
                                     {"secure-cookie", no_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  o->db = env_or("BUREAU_DB", "var/bureau.db");
  o->listen = env_or("BUREAU_LISTEN", "127.0.0.1:8080");
  o->web = env_or("BUREAU_WEB", "web/dist");
  o->threads = (unsigned)atoi(env_or("BUREAU_THREADS", "0"));
  o->trust_proxy = atoi(env_or("BUREAU_TRUST_PROXY", "0"));
  o->secure_cookie = atoi(env_or("BUREAU_SECURE_COOKIE", "0"));
  optind = 2;
  int c;
  while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
    switch (c) {
    case 'd': o->db = optarg; break;
    case 'l': o->listen = optarg; break;
    case 'w': o->web = optarg; break;
    case 't': o->threads = (unsigned)atoi(optarg); break;
    case 'D': o->demo = 1; break;
    case 'P': o->trust_proxy = 1; break;
    case 'S': o->secure_cookie = 1; break;
    case 'h': o->help = 1; break;
    default: return -1;
    }
  }
  return 0;
}

static int open_db(const char *path, int create) {
  struct stat st;
  if (!create && stat(path, &st) != 0) {
    fprintf(stderr, "数据库 %s 不存在，请先运行 bureau init --db %s\n", path, path);
    return -1;
  }
  if (create) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) { *slash = 0; mkdir(dir, 0750); }
  }
  if (db_configure(path)) return -1;
  char err[512];
  int n = db_migrate(modules, err, sizeof err);
  if (n < 0) { fprintf(stderr, "数据库升级失败: %s\n", err); return -1; }
  return 0;
}

static int open_db_plain(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) { fprintf(stderr, "数据库 %s 不存在\n", path); return -1; }
  return db_configure(path);
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) { fprintf(stderr, "libsodium init failed\n"); return 1; }
  const char *lvl = env_or("BUREAU_LOG_LEVEL", "info");
  log_set_level(strcmp(lvl, "debug") == 0 ? LOG_DEBUG : strcmp(lvl, "warn") == 0 ? LOG_WARN : strcmp(lvl, "error") == 0 ? LOG_ERROR : LOG_INFO);
  /* The bureau's clock before anything reads the time or starts a thread: --tz ZONE (any command), else BUREAU_TZ. */
  const char *tz = env_or("BUREAU_TZ", "Asia/Shanghai");
  int keep = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--tz") && i + 1 < argc) { tz = argv[++i]; continue; }
    if (!strncmp(argv[i], "--tz=", 5)) { tz = argv[i] + 5; continue; }
    argv[keep++] = argv[i];
  }
  argc = keep;
  argv[argc] = NULL;
  char tzerr[256];
  if (util_clock_init(tz, tzerr, sizeof tzerr)) { fprintf(stderr, "%s\n", tzerr); return 2; }
  if (argc < 2) { usage(stderr); return 2; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { usage(stdout); return 0; }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) { printf("bureau %s (SQLite %s)\n", BUREAU_VERSION, sqlite3_libversion()); return 0; }
  if (!strcmp(cmd, "plan")) return plan_cli(argc - 1, argv + 1);
  struct opts o = {0};
  if (!strcmp(cmd, "user") || !strcmp(cmd, "audit") || !strcmp(cmd, "assess") || !strcmp(cmd, "evals") || !strcmp(cmd, "report")) {
    /* bureau user SUB ARGS… [--db FILE]: take --db out before the subcommand parses its own flags. */
    const char *db = env_or("BUREAU_DB", "var/bureau.db");
    int w = 1;
    for (int i = 1; i < argc; i++) {
      if (!strcmp(argv[i], "--db") && i + 1 < argc) { db = argv[++i]; continue; }
      if (!strncmp(argv[i], "--db=", 5)) { db = argv[i] + 5; continue; }
      argv[w++] = argv[i];
    }
    argc = w;
    int (*fn)(int, char **) = !strcmp(cmd, "user") ? org_user_cli : !strcmp(cmd, "audit") ? org_audit_cli : !strcmp(cmd, "evals") ? evals_cli : !strcmp(cmd, "report") ? report_cli : shops_assess_cli;
    argc--, argv++; /* the subcommand sees itself as argv[0] */
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return fn(argc, argv);
    /* `audit` reads evidence: it must not migrate (and so change) an archive file it is asked to verify. */
    int plain = fn == org_audit_cli && !(argc > 1 && !strcmp(argv[1], "archive"));
    if (plain ? open_db_plain(db) : open_db(db, 0)) return 1;
    if (fn == report_cli) facts_register();
    int rc = fn(argc, argv);
    db_close_all();
    return rc;
  }
  if (!strcmp(cmd, "init")) {
    if (parse_opts(argc, argv, &o) || o.help) {
      printf("bureau init [--db FILE] [--demo]\n  建库或升级数据库（可重复执行）；首次创建管理员 admin（密码取自 BUREAU_ADMIN_PASSWORD，否则随机生成并打印一次）。\n"
             "  --demo 载入演示县局（单位、约100名人员、角色）。\n  Creates or migrates the database (safe to repeat); the first run creates the admin.\n");
      return o.help ? 0 : 2;
    }
    if (open_db(o.db, 1)) return 1;
    char err[512];
    int rc = org_init_db(getenv("BUREAU_ADMIN_PASSWORD"), o.demo, err, sizeof err);
    /* The tasks demo hangs on the demo county; it loads once and is skipped when already there. */
    if (!rc && o.demo) rc = tasks_demo_load(err, sizeof err);
    if (!rc) rc = shops_seed() ? (snprintf(err, sizeof err, "无法写入默认检测模板"), 1) : 0;
    if (!rc && o.demo) rc = shops_demo_load(err, sizeof err);
    /* the evals demo publishes its paper-era form before the shipped one */
    if (!rc && o.demo) {
      tasks_files_bulk(1); /* the demo's ~1,100 photos: one flush at the end, not one per file */
      rc = evals_demo_load(err, sizeof err);
      tasks_files_bulk(0);
    }
    if (!rc) rc = evals_seed() ? (snprintf(err, sizeof err, "无法写入默认终端评价表"), 1) : 0;
    if (!rc && o.demo) evals_feeds_register(); /* 终端评价质量分 in the cockpit demo */
    if (!rc && o.demo) tasks_feeds_register(); /* the cockpit demo computes the registered feeds' months */
    if (!rc && o.demo) rc = party_demo_load(err, sizeof err); /* before the cockpit demo, which computes the party's feeds */
    if (!rc && o.demo) party_feeds_register();
    if (!rc && o.demo) rc = risks_demo_load(err, sizeof err); /* before the cockpit demo, which computes the complaints' feeds */
    if (!rc && o.demo) risks_feeds_register();
    if (!rc && o.demo) people_feeds_register(); /* 培训人次 */
    if (!rc && o.demo) rc = people_talent_demo_load(err, sizeof err); /* training sign-ins before the cockpit demo computes PX_ATTEND */
    if (!rc && o.demo) rc = cockpit_demo_load(err, sizeof err);
    if (!rc && o.demo) rc = people_demo_load(err, sizeof err);
    db_close_all();
    if (rc) { fprintf(stderr, "%s\n", err); return 1; }
    printf("数据库已就绪: %s\n", o.db);
    return 0;
  }
  if (!strcmp(cmd, "serve")) {
    if (parse_opts(argc, argv, &o) || o.help) {
      printf("bureau serve [--db FILE] [--listen HOST:PORT] [--web DIR] [--threads N] [--trust-proxy] [--secure-cookie]\n"
             "  启动 HTTP 服务。--trust-proxy：位于 nginx 之后时从 X-Real-IP 取客户端地址；--secure-cookie：经 HTTPS 提供时设置 Secure。\n"
             "  Runs the HTTP server until SIGINT/SIGTERM, then finishes the requests in flight.\n");
      return o.help ? 0 : 2;
    }
    if (open_db(o.db, 0)) return 1;
    unsigned idle = (unsigned)atoi(env_or("BUREAU_IDLE_MINUTES", "30"));
    if (idle) org_idle_timeout_s = idle * 60;
    org_secure_cookie = o.secure_cookie;
    pagecache_enable(atoi(env_or("BUREAU_PAGE_CACHE", "1")) != 0); /* 0: every list page is built afresh (benchmark) */
    http_set_auth_hook(org_auth_hook);
    org_register_routes();
    tasks_register();
    tasks_feeds_register(); /* before cockpit_register, which starts refreshing registered feeds */
    party_feeds_register();
    people_feeds_register(); /* 培训人次, before cockpit_register */
    shops_register();
    evals_register(); /* before the cockpit: it registers a cockpit feed */
    risks_register();
    cockpit_register();
    people_register();
    facts_register(); /* every module's facts for 年度总结, then its routes */
    report_register();
    cockpit_workbench_register(); /* the 工作台's cards, in the order of the modules */
    tasks_workbench_register();
    shops_workbench_register();
    party_register();
    if (org_grants_apply()) { fprintf(stderr, "无法为内置角色授予模块权限\n"); db_close_all(); return 1; }
    job_recover();
    tasks_notifier_start(); /* deadline notices and group-robot posts, in the background */
    risks_sweep_start();    /* overdue risk reviews → 督办 tasks, at start and each new day */
    party_sweep_start();    /* 三会一课 reminders before a period ends, at start and each new day */
    http_config cfg = {.listen = o.listen, .web_dir = o.web, .threads = o.threads, .trust_proxy = o.trust_proxy};
    int rc = http_serve(&cfg);
    party_sweep_stop();
    risks_sweep_stop();
    tasks_notifier_stop();
    cockpit_stop();
    job_wait_all();
    db_close_all();
    return rc;
  }
  if (!strcmp(cmd, "backup")) {
    if (parse_opts(argc, argv, &o) || o.help || optind >= argc) {
      printf("bureau backup FILE [--db FILE]\n  在线一致备份：服务运行时也可执行；备份文件可直接作为数据库使用。\n  Online, consistent copy (SQLite backup API); the copy is a working database.\n");
      return o.help ? 0 : 2;
    }
    const char *dest = argv[optind];
    struct stat st;
    if (stat(dest, &st) == 0) { fprintf(stderr, "备份文件 %s 已存在，不覆盖\n", dest); return 1; }
    if (open_db(o.db, 0)) return 1;
    char err[512];
    int rc = db_backup(dest, err, sizeof err);
    db_close_all();
    if (rc) { fprintf(stderr, "%s\n", err); return 1; }
    /* Check the copy before calling it a backup. */
    sqlite3 *b;
    int ok = 0;
    if (sqlite3_open_v2(dest, &b, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
      sqlite3_stmt *s;
      if (sqlite3_prepare_v2(b, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK) {
        ok = sqlite3_step(s) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
        sqlite3_finalize(s);
      }
    }
    sqlite3_close(b);
    if (!ok) { fprintf(stderr, "备份文件完整性检查失败: %s\n", dest); return 1; }
    printf("已备份到 %s（完整性检查通过）\n", dest);
    return 0;
  }
  fprintf(stderr, "未知命令 / unknown command: %s\n\n", cmd);
  usage(stderr);
  return 2;
}
