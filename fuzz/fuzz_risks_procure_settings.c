/* fuzz_risks_procure_settings.c — libFuzzer harness: the 三项项目 settings body (PUT /risks/procurement/settings:
 * committee, quorum, majority, lead time, approval chain, method ceilings, split threshold) on arbitrary bytes. A
 * refusal says why; accepted settings round-trip through their JSON, keep every number in its range, and the flags
 * computed with them over a few projects stay within bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "risks/procure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
  if (!j) return 0;
  risks_procure_cfg c, c2;
  char why[200];
  why[0] = 0;
  if (risks_procure_cfg_from_json(j, &c, why, sizeof why) == 0) {
    json_t *back = risks_procure_cfg_to_json(&c);
    if (risks_procure_cfg_from_json(back, &c2, why, sizeof why) || memcmp(&c, &c2, sizeof c)) abort();
    json_decref(back);
    if (c.quorum_pct < 1 || c.quorum_pct > 100 || c.majority_pct < 1 || c.majority_pct > 99 || c.split_fen < 1 || c.nchain < 1 ||
        c.nchain > RISKS_CHAIN_MAX || c.ncommittee > RISKS_COMMITTEE_MAX)
      abort();
    for (size_t i = 1; i < c.nchain; i++)
      if (c.chain[i].from_fen < c.chain[i - 1].from_fen) abort();
    risks_proj_in p[3];
    for (int i = 0; i < 3; i++)
      p[i] = (risks_proj_in){.id = i + 1, .title = "t", .category = "c", .supplier = i ? "s" : "", .kind = RPK_GOODS,
                             .amount_fen = c.split_fen / 2 + i, .filed = 20000 + i * c.split_days, .reviewed = 1, .committee_n = (int)c.ncommittee,
                             .votes_cast = 1, .method = RPM_SOLE, .method_reason = "", .has_contract = 1, .contract_fen = c.split_fen,
                             .accepted = -1, .first_paid = 20000, .pay_exception = ""};
    risks_flag f[3 * RF__COUNT];
    size_t n = risks_procure_flags(p, 3, &c, f, 3 * RF__COUNT);
    if (n > 3 * RF__COUNT) abort();
    for (size_t i = 0; i < n; i++)
      if (!f[i].text[0] || f[i].nrelated > RISKS_FLAG_RELATED) abort();
    size_t idx[RISKS_CHAIN_MAX];
    if (risks_chain_for(&c, INT64_MAX, idx) != c.nchain) abort();
    if (risks_quorum_need((int)c.ncommittee, c.quorum_pct) < 1) abort();
  } else if (!why[0]) abort();
  json_decref(j);
  return 0;
}
