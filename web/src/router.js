// Routes and the guard: load the session once, send strangers to the login page, hide pages without permission.
import { createRouter, createWebHistory } from 'vue-router'
import { session, setSession, clearSession, forgetSessionForNow, hasPerm, signedInHint } from './session'
import { api, setUnauthenticatedHandler } from './api'

// Every module's menu group and pages live in one file of web/src/pages/ (see its README): a new module adds its file
// there and nothing here changes. A page is { path, title, icon?, perm?, view, menu?: false (a detail page, no menu
// item), bare?: true (outside the layout, like 大屏), public?: true (no session needed) }.
const groups = Object.values(import.meta.glob('./pages/*.js', { eager: true }))
  .map((m) => m.default)
  .sort((a, b) => a.order - b.order)

export const menu = [
  { path: '/index', title: '工作台', icon: 'HomeFilled' },
  ...groups.map((g) => ({ title: g.title, icon: g.icon, key: g.key, children: g.pages.filter((p) => p.menu !== false).map(({ path, title, icon, perm }) => ({ path, title, icon, perm })) })),
]

// public: true — no session needed (a bare page opened from a link or QR code, like /selfcheck/:token)
const meta = (g, p) => ({ title: p.title, parent: p.bare ? undefined : g.title, perm: p.perm, ...(p.public ? { public: true } : {}) })
const routes = [
  { path: '/login', component: () => import('./views/Login.vue'), meta: { title: '登录', public: true } },
  { path: '/selfcheck/:token', component: () => import('./views/shops/SelfCheck.vue'), meta: { title: '小店数字化经营能力自测', public: true } },
  ...groups.flatMap((g) => g.pages.filter((p) => p.bare).map((p) => ({ path: p.path, component: p.view, meta: meta(g, p) }))),
  {
    path: '/',
    component: () => import('./layout/Layout.vue'),
    redirect: '/index',
    children: [
      { path: 'index', component: () => import('./views/home/Workbench.vue'), meta: { title: '工作台' } },
      ...groups.flatMap((g) => g.pages.filter((p) => !p.bare).map((p) => ({ path: p.path.slice(1), component: p.view, meta: meta(g, p) }))),
      { path: '403', component: () => import('./views/Forbidden.vue'), meta: { title: '无权访问' } },
      { path: ':rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

const router = createRouter({ history: createWebHistory('/'), routes })

// The icons named by string are registered before the first page other than the login page (element.js); Element
// Plus components come with the pages that use them.
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
