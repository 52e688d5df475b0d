/* workbench.c — the 工作台: a registry of cards that modules fill for the caller (org.h, org_register_card), the
 * GET /api/v1/workbench answer with the cards the caller's permissions allow, and org's own card (系统概况). */
#include "org/internal.h"
#include <string.h>

enum { MAX_CARDS = 32 };
typedef struct card { const char *key, *title, *perm; int sort; org_card_fill fill; } card;
static card cards[MAX_CARDS];
static size_t ncards;

int org_register_card(const char *key, const char *title, const char *perm, int sort, org_card_fill fill) {
  if (ncards >= MAX_CARDS || !key || !title || !fill) return -1;
  size_t at = ncards;
  while (at > 0 && cards[at - 1].sort > sort) { cards[at] = cards[at - 1]; at--; } /* kept in sort order */
  cards[at] = (card){key, title, perm, sort, fill};
  ncards++;
  return 0;
}

static void h_workbench(req *r) {
  json_t *out = json_array();
  for (size_t i = 0; i < ncards; i++) {
    const card *c = &cards[i];
    if (c->perm && !org_caller_can(r, c->perm)) continue;
    json_t *body = c->fill(r);
    if (body && json_is_null(body)) { json_decref(body); continue; }
    if (!body || !json_is_object(body)) {
      json_decref(body);
      body = json_pack("{s:s}", "error", "加载失败，请稍后刷新");
    }
    json_object_set_new(body, "key", json_string(c->key));
    if (!json_object_get(body, "title")) json_object_set_new(body, "title", json_string(c->title));
    json_array_append_new(out, body);
  }
  char today[20];
  org_now(today);
  today[10] = 0;
  http_json(r, 200, json_pack("{s:o,s:s}", "cards", out, "today", today));
}

/* The administrator's card: the 系统概况 that 首页 showed everyone before the 工作台. */
static json_t *dashboard_card(req *r) {
  json_t *d = org_dashboard_json(r);
  if (!d) return NULL;
  json_t *out = json_pack("{s:s,s:o}", "kind", "dashboard", "data", d);
  if (org_store_single_admin() > 0) /* 等保: 三员分立 is a choice; the one account that holds all three is told */
    json_object_set_new(out, "alert", json_pack("{s:s,s:s}", "type", "warning", "text", ORG_SINGLE_ADMIN_WARNING));
  return out;
}

static const http_route routes[] = {
  {HTTP_GET, "/api/v1/workbench", NULL, h_workbench, 0},
};

void org_workbench_register(void) {
  http_add_routes(routes, sizeof routes / sizeof routes[0]);
  org_register_card("org.dashboard", "系统概况", "org:user:add", 10, dashboard_card);
}
