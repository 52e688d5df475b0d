/* party.h — public API of the party module (党建): the wiring (routes, permissions, demo data). Other modules use this
 * header only. */
#ifndef PARTY_PARTY_H
#define PARTY_PARTY_H
#include <stddef.h>

/* Routes, permissions, built-in grants and audit actions. Call before serving. */
void party_register(void);
/* The party's figures for 年度总结 (report.h): call before report_register and before `bureau report`. */
void party_facts_register(void);
/* The cockpit's 党建 indicators DJ_EXPECTED / DJ_PRESENT / DJ_LEARN_HOURS / DJ_PKG_VISITS (党员应参会、参会人次,
 * 学习学时, 党建服务包走访次数 per unit and month): call before
 * cockpit_register and before cockpit_demo_load. */
void party_feeds_register(void);
/* The daily 三会一课 reminder sweep (base/daily.h): start after party_register, stop after the server has stopped. */
void party_sweep_start(void);
void party_sweep_stop(void);
/* The demo 党委 with three branches and their 党小组, about 60 members from the demo county's staff, a year of
 * meetings (one branch missed two 支委会). After org's and tasks' demo; does nothing when already loaded. 0 ok. */
int party_demo_load(char *err, size_t errlen);
#endif
