// Routes and the guard: load the session once, send strangers to the login page, hide pages without permission.
import { createRouter, createWebHistory } from 'vue-router'
import { session, setSession, clearSession, forgetSessionForNow, hasPerm, signedInHint } from './session'
import { api, setUnauthenticatedHandler } from './api'

export const menu = [
  { path: '/index', title: '工作台', icon: 'HomeFilled' },
  {
    title: '督查督办', icon: 'Flag', key: 'tasks',
    children: [
      { path: '/tasks/mine', title: '我的待办', icon: 'Bell', perm: 'tasks:task:list' },
      { path: '/tasks/board', title: '督办台账', icon: 'List', perm: 'tasks:task:list' },
      { path: '/tasks/plans', title: '年度计划', icon: 'Notebook', perm: 'tasks:plan:list' },
      { path: '/tasks/checklist', title: '清单闭环', icon: 'Finished', perm: 'tasks:checklist:list' },
      { path: '/tasks/stats', title: '督办统计', icon: 'DataAnalysis', perm: 'tasks:task:list' },
      { path: '/tasks/messages', title: '消息中心', icon: 'Message' }, // every signed-in user has messages
    ],
  },
  {
    title: '零售户', icon: 'Shop', key: 'shops',
    children: [
      { path: '/shops/list', title: '零售户档案', icon: 'List', perm: 'shops:shop:list' },
      { path: '/shops/picture', title: '全县画像', icon: 'PieChart', perm: 'shops:picture:view' },
      { path: '/shops/templates', title: '检测模板', icon: 'Document', perm: 'shops:template:edit' },
    ],
  },
  {
    title: '终端评价', icon: 'Stamp', key: 'evals',
    children: [
      { path: '/evals/mine', title: '我的评价任务', icon: 'Iphone', perm: 'evals:eval:add' },
      { path: '/evals/rounds', title: '评价周期', icon: 'Calendar', perm: 'evals:round:list' },
      { path: '/evals/evaluations', title: '评价记录', icon: 'Document', perm: 'evals:eval:list' },
    ],
  },
  {
    title: '数字化所队部', icon: 'TrendCharts', key: 'cockpit',
    children: [
      { path: '/cockpit/horizontal', title: '横向对比', icon: 'Histogram', perm: 'cockpit:view:list' },
      { path: '/cockpit/vertical', title: '纵向对比', icon: 'TrendCharts', perm: 'cockpit:view:list' },
      { path: '/cockpit/matrix', title: '指标矩阵', icon: 'Grid', perm: 'cockpit:view:list' },
      { path: '/cockpit/screen', title: '大屏', icon: 'Monitor', perm: 'cockpit:view:list' },
      { path: '/cockpit/data', title: '指标数据', icon: 'Coin', perm: 'cockpit:view:list' },
      { path: '/cockpit/targets', title: '目标设置', icon: 'Aim', perm: 'cockpit:indicator:edit' },
      { path: '/cockpit/target-grid', title: '目标分解表', icon: 'Grid', perm: 'cockpit:indicator:edit' },
      { path: '/cockpit/indicators', title: '指标定义', icon: 'SetUp', perm: 'cockpit:indicator:define' },
    ],
  },
  {
    title: '系统管理', icon: 'Setting', key: 'system',
    children: [
      { path: '/system/unit', title: '单位管理', icon: 'OfficeBuilding', perm: 'org:unit:list' },
      { path: '/system/user', title: '用户管理', icon: 'User', perm: 'org:user:list' },
      { path: '/system/role', title: '角色管理', icon: 'Avatar', perm: 'org:role:list' },
      { path: '/system/calendar', title: '工作日历', icon: 'Calendar' }, // every signed-in user may read it; edit/import need org:calendar:*
      { path: '/system/security', title: '安全设置', icon: 'Lock', perm: 'org:security:list' },
    ],
  },
  {
    title: '系统监控', icon: 'Monitor', key: 'monitor',
    children: [
      { path: '/monitor/operlog', title: '操作日志', icon: 'Document', perm: 'monitor:audit:list' },
      { path: '/monitor/logininfor', title: '登录日志', icon: 'Tickets', perm: 'monitor:login:list' },
      { path: '/monitor/online', title: '在线用户', icon: 'Connection', perm: 'monitor:online:list' },
      { path: '/monitor/locks', title: '登录锁定', icon: 'Unlock', perm: 'org:user:unlock' },
    ],
  },
]

const routes = [
  { path: '/login', component: () => import('./views/Login.vue'), meta: { title: '登录', public: true } },
  { path: '/selfcheck/:token', component: () => import('./views/shops/SelfCheck.vue'), meta: { title: '小店数字化经营能力自测', public: true } },
  { path: '/cockpit/screen', component: () => import('./views/cockpit/Screen.vue'), meta: { title: '大屏', perm: 'cockpit:view:list' } },
  {
    path: '/',
    component: () => import('./layout/Layout.vue'),
    redirect: '/index',
    children: [
      { path: 'index', component: () => import('./views/home/Workbench.vue'), meta: { title: '工作台' } },
      { path: 'system/unit', component: () => import('./views/org/Units.vue'), meta: { title: '单位管理', parent: '系统管理', perm: 'org:unit:list' } },
      { path: 'system/user', component: () => import('./views/org/Users.vue'), meta: { title: '用户管理', parent: '系统管理', perm: 'org:user:list' } },
      { path: 'system/role', component: () => import('./views/org/Roles.vue'), meta: { title: '角色管理', parent: '系统管理', perm: 'org:role:list' } },
      { path: 'system/calendar', component: () => import('./views/system/Calendar.vue'), meta: { title: '工作日历', parent: '系统管理' } },
      { path: 'monitor/operlog', component: () => import('./views/monitor/Audit.vue'), meta: { title: '操作日志', parent: '系统监控', perm: 'monitor:audit:list' } },
      { path: 'monitor/logininfor', component: () => import('./views/monitor/Logins.vue'), meta: { title: '登录日志', parent: '系统监控', perm: 'monitor:login:list' } },
      { path: 'monitor/online', component: () => import('./views/monitor/Online.vue'), meta: { title: '在线用户', parent: '系统监控', perm: 'monitor:online:list' } },
      { path: 'monitor/locks', component: () => import('./views/monitor/Locks.vue'), meta: { title: '登录锁定', parent: '系统监控', perm: 'org:user:unlock' } },
      { path: 'system/security', component: () => import('./views/system/Security.vue'), meta: { title: '安全设置', parent: '系统管理', perm: 'org:security:list' } },
      { path: 'tasks/mine', component: () => import('./views/tasks/Mine.vue'), meta: { title: '我的待办', parent: '督查督办', perm: 'tasks:task:list' } },
      { path: 'tasks/board', component: () => import('./views/tasks/Board.vue'), meta: { title: '督办台账', parent: '督查督办', perm: 'tasks:task:list' } },
      { path: 'tasks/task/:id', component: () => import('./views/tasks/TaskDetail.vue'), meta: { title: '任务详情', parent: '督查督办', perm: 'tasks:task:list' } },
      { path: 'tasks/plans', component: () => import('./views/tasks/Plans.vue'), meta: { title: '年度计划', parent: '督查督办', perm: 'tasks:plan:list' } },
      { path: 'tasks/checklist', component: () => import('./views/tasks/Checklists.vue'), meta: { title: '清单闭环', parent: '督查督办', perm: 'tasks:checklist:list' } },
      { path: 'tasks/stats', component: () => import('./views/tasks/Stats.vue'), meta: { title: '督办统计', parent: '督查督办', perm: 'tasks:task:list' } },
      { path: 'tasks/messages', component: () => import('./views/tasks/Messages.vue'), meta: { title: '消息中心', parent: '督查督办' } },
      { path: 'cockpit/horizontal', component: () => import('./views/cockpit/Horizontal.vue'), meta: { title: '横向对比', parent: '数字化所队部', perm: 'cockpit:view:list' } },
      { path: 'cockpit/vertical', component: () => import('./views/cockpit/Vertical.vue'), meta: { title: '纵向对比', parent: '数字化所队部', perm: 'cockpit:view:list' } },
      { path: 'cockpit/matrix', component: () => import('./views/cockpit/Matrix.vue'), meta: { title: '指标矩阵', parent: '数字化所队部', perm: 'cockpit:view:list' } },
      { path: 'cockpit/data', component: () => import('./views/cockpit/Data.vue'), meta: { title: '指标数据', parent: '数字化所队部', perm: 'cockpit:view:list' } },
      { path: 'cockpit/targets', component: () => import('./views/cockpit/Targets.vue'), meta: { title: '目标设置', parent: '数字化所队部', perm: 'cockpit:indicator:edit' } },
      { path: 'cockpit/target-grid', component: () => import('./views/cockpit/TargetGrid.vue'), meta: { title: '目标分解表', parent: '数字化所队部', perm: 'cockpit:indicator:edit' } },
      { path: 'cockpit/indicators', component: () => import('./views/cockpit/Indicators.vue'), meta: { title: '指标定义', parent: '数字化所队部', perm: 'cockpit:indicator:define' } },
      { path: 'shops/list', component: () => import('./views/shops/Shops.vue'), meta: { title: '零售户档案', parent: '零售户', perm: 'shops:shop:list' } },
      { path: 'shops/shop/:id', component: () => import('./views/shops/Shop.vue'), meta: { title: '零售户', parent: '零售户', perm: 'shops:shop:list' } },
      { path: 'shops/shop/:id/assess', component: () => import('./views/shops/Assess.vue'), meta: { title: '走访检测', parent: '零售户', perm: 'shops:assess:add' } },
      { path: 'shops/picture', component: () => import('./views/shops/Picture.vue'), meta: { title: '全县画像', parent: '零售户', perm: 'shops:picture:view' } },
      { path: 'shops/templates', component: () => import('./views/shops/Templates.vue'), meta: { title: '检测模板', parent: '零售户', perm: 'shops:template:edit' } },
      { path: 'evals/mine', component: () => import('./views/evals/Mine.vue'), meta: { title: '我的评价任务', parent: '终端评价', perm: 'evals:eval:add' } },
      { path: 'evals/evaluate/:id', component: () => import('./views/evals/Evaluate.vue'), meta: { title: '终端评价', parent: '终端评价', perm: 'evals:eval:add' } },
      { path: 'evals/rounds', component: () => import('./views/evals/Rounds.vue'), meta: { title: '评价周期', parent: '终端评价', perm: 'evals:round:list' } },
      { path: 'evals/evaluations', component: () => import('./views/evals/Evaluations.vue'), meta: { title: '评价记录', parent: '终端评价', perm: 'evals:eval:list' } },
      { path: '403', component: () => import('./views/Forbidden.vue'), meta: { title: '无权访问' } },
      { path: ':rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

const router = createRouter({ history: createWebHistory('/'), routes })

// The whole of Element Plus is installed before the first page other than the login page (main.js registers only
// what the login page uses).
let theApp = null
export function setApp(app) { theApp = app }
async function ensureElementPlus() { if (theApp) (await import('./element.js')).install(theApp) }

export async function loadSession() {
  try {
    const me = await api.get('/auth/me', undefined, { noAuthRedirect: true, silent: true })
    setSession(me)
  } catch (e) {
    if (e.status === 401) clearSession()
    else { forgetSessionForNow(); throw e }
  }
}

setUnauthenticatedHandler(() => {
  const wasIn = !!session.user
  clearSession()
  const cur = router.currentRoute.value
  if (!cur.meta.public) router.replace({ path: '/login', query: wasIn && cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} })
})

router.beforeEach(async (to) => {
  if (to.path !== '/login') await ensureElementPlus()
  if (!session.loaded) {
    if (!signedInHint()) clearSession() // nobody signed in from this browser: no /auth/me (it would answer 401)
    else try { await loadSession() } catch { /* server unreachable: show login */ }
  }
  if (to.meta.public) {
    if (to.path === '/login' && session.user) { await ensureElementPlus(); return '/index' }
    return true
  }
  if (!session.user) return { path: '/login', query: to.fullPath !== '/' && to.fullPath !== '/index' ? { redirect: to.fullPath } : {} }
  if (to.meta.perm && !hasPerm(to.meta.perm)) return '/403'
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title && to.path !== '/index' ? `${to.meta.title} - 县局数字化管理平台` : '县局数字化管理平台'
})

export default router
