// Small helpers shared by the pages: unit trees from flat lists, labels (phone width: composables/usePhone.js).
export function buildTree(items, { idKey = 'id', parentKey = 'parent_id' } = {}) {
  const byId = new Map()
  for (const it of items) byId.set(it[idKey], { ...it, children: [] })
  const roots = []
  for (const it of byId.values()) {
    const p = it[parentKey]
    if (p !== null && p !== undefined && byId.has(p)) byId.get(p).children.push(it)
    else roots.push(it)
  }
  const prune = (n) => { if (!n.children.length) delete n.children; else n.children.forEach(prune) }
  roots.forEach(prune)
  return roots
}

export function descendantIds(items, id) {
  const kids = new Map()
  for (const it of items) {
    if (!kids.has(it.parent_id)) kids.set(it.parent_id, [])
    kids.get(it.parent_id).push(it.id)
  }
  const out = new Set([id])
  const stack = [id]
  while (stack.length) {
    const x = stack.pop()
    for (const c of kids.get(x) || []) if (!out.has(c)) { out.add(c); stack.push(c) }
  }
  return out
}

export const UNIT_KINDS = ['局', '部门', '所', '队', '片区', '组']

export const DATA_SCOPES = [
  { value: 'all', label: '全部' },
  { value: 'custom', label: '自定义单位' },
  { value: 'unit', label: '本单位' },
  { value: 'unit_below', label: '本单位及以下' },
  { value: 'self', label: '仅本人' },
]
export const scopeLabel = (v) => (DATA_SCOPES.find((d) => d.value === v) || { label: v }).label

// Audit action codes are module.resource.verb (labels come from GET /org/audit/actions); the tag colour follows the verb.
export function auditTagType(code) {
  const verb = String(code || '').split('.').pop()
  if (/^(create|import|upload|load|publish|approve|grant)$/.test(verb)) return 'success'
  if (/^(delete|disable|revoke|discard|return|reopen)$/.test(verb)) return 'danger'
  if (/^(update|edit|save|put|reset_password|unlock|change_password)$/.test(verb)) return 'warning'
  return 'info'
}

export const PHONE_RE = /^1[3-9]\d{9}$/
export const USERNAME_RE = /^[a-zA-Z0-9_.]{3,32}$/

// Phone width lives in composables/usePhone.js; these names stay for pages that import them from here.
export { windowWidth, dialogWidth, isPhone as isMobile } from './composables/usePhone'

export const ENTITIES = [
  { value: 'unit', label: '单位' },
  { value: 'user', label: '用户' },
  { value: 'role', label: '角色' },
  { value: 'session', label: '会话' },
  { value: 'calendar', label: '工作日历' },
  { value: 'audit_log', label: '操作日志' },
  { value: 'task_plan', label: '年度计划' },
  { value: 'task', label: '督办任务' },
  { value: 'attachment', label: '附件' },
  { value: 'checklist', label: '清单' },
  { value: 'checklist_item', label: '清单事项' },
  { value: 'checklist_review', label: '回头看' },
  { value: 'task_message', label: '提醒消息' },
  { value: 'task_webhook', label: '群机器人' },
  { value: 'shop', label: '零售户' },
  { value: 'shop_format', label: '业态' },
  { value: 'shop_data', label: '经营数据' },
  { value: 'shop_assessment', label: '检测' },
  { value: 'shop_template', label: '检测模板' },
  { value: 'cockpit_indicator', label: '指标' },
  { value: 'cockpit_value', label: '指标数据' },
  { value: 'cockpit_target', label: '目标值' },
  { value: 'cockpit_key', label: '接口密钥' },
  { value: 'eval_round', label: '评价周期' },
  { value: 'eval_assignment', label: '评价任务' },
  { value: 'evaluation', label: '终端评价' },
  { value: 'eval_photo', label: '评价照片' },
  { value: 'eval_template', label: '评价表' },
  { value: 'eval_settings', label: '质量规则' },
  { value: 'demo', label: '演示数据' },
]
export const entityLabel = (v) => (ENTITIES.find((e) => e.value === v) || { label: v }).label

/** Text for HTML built by hand (chart tooltips): & < > " ' escaped, so a title or shop name is shown, never run. */
export function escapeHtml(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
}
