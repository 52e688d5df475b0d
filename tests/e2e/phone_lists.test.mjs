// E2E: every list page at 375 px, opened by the roles that use it, never scrolls sideways — the document is no wider
// than the screen once the page has drawn its rows (tables scroll inside their own box, or the page shows cards).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, loginOk, tid, inputOf, ADMIN_PASSWORD } from './lib.mjs'
import { Client } from '../api/lib.mjs'

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const ADMIN_PAGES = ['/system/user', '/system/unit', '/system/role', '/system/calendar', '/monitor/operlog', '/monitor/logininfor', '/monitor/online',
  '/tasks/board', '/tasks/plans', '/tasks/checklist', '/tasks/stats', '/tasks/messages', '/shops/list', '/shops/templates',
  '/cockpit/horizontal', '/cockpit/matrix', '/cockpit/data', '/cockpit/indicators', '/evals/rounds', '/evals/evaluations']
const MANAGER_PAGES = ['/index', '/tasks/mine', '/tasks/board', '/tasks/checklist', '/shops/list', '/evals/mine']
let srv, browser, admin
before(async () => {
  srv = await startServer()
  browser = await launch()
  admin = new Client(srv.base)
  await admin.loginOk('admin', ADMIN_PASSWORD)
})
after(async () => { await browser?.close(); await srv?.stop() })

/** Opens each path and answers those wider than the screen: [path, scrollWidth]. */
async function overflowing(page, paths) {
  const wide = []
  for (const p of paths) {
    await page.goto(p)
    await page.locator('.content > *').first().waitFor()
    await page.waitForLoadState('networkidle')
    const w = await page.evaluate(() => document.documentElement.scrollWidth)
    if (w > 375) wide.push([p, w])
  }
  return wide
}

test('admin at 375 px: no list page scrolls sideways', async () => {
  const { page, context } = await newPage(browser, srv.base, PHONE)
  await loginOk(page)
  assert.deepEqual(await overflowing(page, ADMIN_PAGES), [])
  await context.close()
})

test('客户经理 at 375 px: his list pages do not scroll sideways', async () => {
  const role = (await admin.ok('/org/roles?size=100')).items.find((r) => r.code === 'customer_manager')
  const u = (await admin.ok(`/org/users?role_id=${role.id}&size=1`)).items[0]
  assert.equal((await admin.post(`/org/users/${u.id}/reset-password`, { password: 'Temp#Reset-77' })).status, 200)
  const { page, context } = await newPage(browser, srv.base, PHONE)
  await login(page, u.username, 'Temp#Reset-77')
  await page.locator(tid('password-dialog')).waitFor()
  await inputOf(page, 'old-password').fill('Temp#Reset-77')
  await inputOf(page, 'new-password').fill('Narrow#Phone-2026')
  await inputOf(page, 'confirm-password').fill('Narrow#Phone-2026')
  await page.locator(tid('password-submit')).click()
  await page.locator(tid('workbench')).waitFor()
  assert.deepEqual(await overflowing(page, MANAGER_PAGES), [])
  await context.close()
})
