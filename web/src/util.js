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

export const ACTIONS = [
  { value: 'create', label: '新增', type: 'success' },
  { value: 'update', label: '修改', type: 'warning' },
  { value: 'delete', label: '删除', type: 'danger' },
  { value: 'login', label: '登录', type: 'info' },
  { value: 'logout', label: '退出', type: 'info' },
  { value: 'import', label: '导入', type: 'primary' },
  { value: 'export', label: '导出', type: 'primary' },
  { value: 'reset_password', label: '重置密码', type: 'warning' },
  { value: 'unlock', label: '解锁', type: 'warning' },
  { value: 'force_logout', label: '强退', type: 'danger' },
]
export const actionInfo = (v) => ACTIONS.find((a) => a.value === v) || { value: v, label: v, type: 'info' }

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
]
export const entityLabel = (v) => (ENTITIES.find((e) => e.value === v) || { label: v }).label
