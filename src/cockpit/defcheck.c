/* defcheck.c — validation of indicator definitions entered by admins (pure: no database), so that ratios always rest
 * on two plain indicators and no definition can make a ratio of ratios or a cycle. */
#include "cockpit/cockpit.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const categories[] = {"营销", "专卖", "内管", "党建", "安全", "综合", NULL};

static int fail(cockpit_def_err *e, const char *field, const char *msg, const char *arg) {
  e->field = field;
  snprintf(e->message, sizeof e->message, msg, arg ? arg : "");
  return -1;
}

/* Codes: an upper-case letter, then upper-case letters, digits or '_', at most 32 characters (they go into file
 * headers, API pushes and URLs). */
static int code_ok(const char *c) {
  size_t n = c ? strlen(c) : 0;
  if (n < 1 || n > 32 || !(c[0] >= 'A' && c[0] <= 'Z')) return 0;
  for (size_t i = 1; i < n; i++)
    if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_')) return 0;
  return 1;
}

static const cockpit_def_ref *find(const char *code, const cockpit_def_ref *refs, size_t n) {
  for (size_t i = 0; code && i < n; i++)
    if (refs[i].code && !strcmp(refs[i].code, code)) return &refs[i];
  return NULL;
}

int cockpit_def_used_by(const char *code, const cockpit_def_ref *refs, size_t n) {
  for (size_t i = 0; code && i < n; i++)
    if (refs[i].enabled && refs[i].time_agg && !strcmp(refs[i].time_agg, "ratio") &&
        ((refs[i].num_code && !strcmp(refs[i].num_code, code)) || (refs[i].den_code && !strcmp(refs[i].den_code, code))))
      return (int)i;
  return -1;
}

static int part_check(const cockpit_def *d, const char *field, const char *label, const char *part, const cockpit_def_ref *refs, size_t n,
                      cockpit_def_err *e) {
  if (!part || !*part) {
    e->field = field;
    e->missing = 1;
    snprintf(e->message, sizeof e->message, "比率指标需要%s指标", label);
    return -1;
  }
  if (!strcmp(part, d->code)) {
    e->field = field;
    snprintf(e->message, sizeof e->message, "%s不能是指标自身", label);
    return -1;
  }
  const cockpit_def_ref *p = find(part, refs, n);
  if (!p) {
    e->field = field;
    snprintf(e->message, sizeof e->message, "%s指标 %.40s 不存在", label, part);
    return -1;
  }
  if (!p->enabled) {
    e->field = field;
    snprintf(e->message, sizeof e->message, "%s指标 %.40s 已停用", label, part);
    return -1;
  }
  if (p->time_agg && !strcmp(p->time_agg, "ratio")) {
    e->field = field;
    snprintf(e->message, sizeof e->message, "%s指标 %.40s 本身是比率，比率只能由两个非比率指标构成", label, part);
    return -1;
  }
  return 0;
}

int cockpit_def_check(const cockpit_def *d, const cockpit_def_ref *refs, size_t n, int creating, cockpit_def_err *e) {
  memset(e, 0, sizeof *e);
  if (!code_ok(d->code)) return fail(e, "code", "编码应以大写字母开头，由大写字母、数字或下划线组成，最长32位", NULL);
  if (creating && find(d->code, refs, n)) {
    e->conflict = 1;
    return fail(e, "code", "编码 %.40s 已被其他指标使用（含已停用的指标）", d->code);
  }
  if (!d->name || !*d->name) return fail(e, "name", "缺少指标名称", NULL);
  int cat = 0;
  for (int i = 0; categories[i]; i++) cat |= d->category && !strcmp(d->category, categories[i]);
  if (!cat) return fail(e, "category", "类别应为 营销、专卖、内管、党建、安全、综合 之一", NULL);
  int dir = cockpit_dir_parse(d->direction);
  if (dir < 0) return fail(e, "direction", "方向应为 higher、lower 或 band", NULL);
  if (dir == CK_BAND) {
    if (!d->has_lo) { fail(e, "band_lo", "区间指标需要下限", NULL); e->missing = 1; return -1; }
    if (!d->has_hi) { fail(e, "band_hi", "区间指标需要上限", NULL); e->missing = 1; return -1; }
    if (!isfinite(d->band_lo) || d->band_lo <= 0) return fail(e, "band_lo", "下限应为正数", NULL);
    if (!isfinite(d->band_hi) || d->band_hi <= d->band_lo) return fail(e, "band_hi", "上限应大于下限", NULL);
  }
  int ta = cockpit_agg_parse(d->time_agg), ua = cockpit_agg_parse(d->unit_agg);
  if (ta < 0) return fail(e, "time_agg", "时间汇总应为 sum、avg、last 或 ratio", NULL);
  if (ua < 0) return fail(e, "unit_agg", "单位汇总应为 sum、avg、last 或 ratio", NULL);
  if (ta == CK_RATIO) {
    if (ua != CK_RATIO) return fail(e, "unit_agg", "比率指标在单位间也按分子之和÷分母之和汇总（ratio）", NULL);
    if (part_check(d, "num_code", "分子", d->num_code, refs, n, e) || part_check(d, "den_code", "分母", d->den_code, refs, n, e)) return -1;
    if (!strcmp(d->num_code, d->den_code)) return fail(e, "den_code", "分子与分母不能是同一指标", NULL);
    if (!isfinite(d->scale) || d->scale <= 0 || d->scale > 1e6) return fail(e, "scale", "倍数应为大于0的数（百分比填100）", NULL);
    int user = cockpit_def_used_by(d->code, refs, n);
    if (user >= 0) {
      e->field = "time_agg";
      snprintf(e->message, sizeof e->message, "本指标是比率指标 %.40s 的分子或分母，不能改为比率（会形成比率套比率或循环）", refs[user].code);
      return -1;
    }
  } else {
    if (ua == CK_RATIO) return fail(e, "unit_agg", "只有比率指标按 ratio 汇总", NULL);
    if (d->num_code && *d->num_code) return fail(e, "num_code", "只有比率指标有分子", NULL);
    if (d->den_code && *d->den_code) return fail(e, "den_code", "只有比率指标有分母", NULL);
  }
  if (d->weight_code && *d->weight_code) {
    if (ta != CK_AVG) return fail(e, "weight_code", "只有平均类指标（avg）可以指定权重指标", NULL);
    if (!strcmp(d->weight_code, d->code)) return fail(e, "weight_code", "权重指标不能是指标自身", NULL);
    const cockpit_def_ref *w = find(d->weight_code, refs, n);
    if (!w) return fail(e, "weight_code", "权重指标 %.40s 不存在", d->weight_code);
    if (!w->enabled) return fail(e, "weight_code", "权重指标 %.40s 已停用", d->weight_code);
    if (w->time_agg && strcmp(w->time_agg, "sum")) return fail(e, "weight_code", "权重指标 %.40s 应为按月累加（sum）的件数类指标", d->weight_code);
  }
  return 0;
}
