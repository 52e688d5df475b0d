/* registry.c — the facts registry behind report_register_facts: providers registered at start-up, their fact
 * definitions (what a template may name) and the collection of every provider's facts for a year and a unit. */
#include "report/report.h"
#include "base/log.h"
#include <string.h>

#define MAX_PROVIDERS 32
static const report_provider *g_prov[MAX_PROVIDERS];
static size_t g_nprov;

const report_fact_def *report_fact_def_find(const char *key) {
  if (!key) return NULL;
  for (size_t i = 0; i < g_nprov; i++)
    for (size_t j = 0; j < g_prov[i]->ndefs; j++)
      if (!strcmp(g_prov[i]->defs[j].key, key)) return &g_prov[i]->defs[j];
  return NULL;
}

int report_register_facts(const report_provider *p) {
  if (!p || !p->module || !p->fn || (p->ndefs && !p->defs) || g_nprov >= MAX_PROVIDERS) return -1;
  for (size_t i = 0; i < g_nprov; i++)
    if (g_prov[i] == p) return 0; /* registered twice (init then serve in one process): once */
  for (size_t j = 0; j < p->ndefs; j++) {
    const report_fact_def *d = &p->defs[j];
    if (!d->key || !*d->key || strlen(d->key) >= REPORT_KEY_LEN || !d->name || !d->line || report_fact_def_find(d->key)) {
      log_warn("report: provider %s offers a malformed or duplicate fact %s", p->module, d->key ? d->key : "(null)");
      return -1;
    }
  }
  g_prov[g_nprov++] = p;
  return 0;
}

size_t report_fact_defs(const report_fact_def **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < g_nprov; i++)
    for (size_t j = 0; j < g_prov[i]->ndefs; j++) {
      if (n < max) out[n] = &g_prov[i]->defs[j];
      n++;
    }
  return n;
}

int report_facts_collect(int year, int64_t unit_id, report_facts *out) {
  for (size_t i = 0; i < g_nprov; i++) {
    size_t before = out->n;
    if (g_prov[i]->fn(year, unit_id, out)) {
      log_warn("report: provider %s failed for %d", g_prov[i]->module, year);
      return -1;
    }
    /* a provider may only offer facts it declared: a template can then always name what a draft shows */
    for (size_t k = before; k < out->n;)
      if (!report_fact_def_find(out->v[k].key)) {
        memmove(&out->v[k], &out->v[k + 1], (out->n - k - 1) * sizeof *out->v);
        out->n--;
      } else k++;
  }
  return 0;
}
