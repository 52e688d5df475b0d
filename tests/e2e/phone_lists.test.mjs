// E2E: every page of the side menu at 375 px, opened by the admin (who sees them all) and by a 客户经理, never scrolls
// sideways — the document is no wider than the screen once the page has drawn its rows (tables scroll inside their
// own box, or the page shows cards). The menu is read from web/src/pages/*.js, the table the router builds it from,
// so a new module's pages are swept without touching this file.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, loginOk, tid, inputOf, e2eStart, e2eStop, menuPages, blankIcons } from './lib.mjs'

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

const MANAGER_PAGES = ['/index', '/tasks/mine', '/tasks/board', '/tasks/checklist', '/shops/list', '/evals/mine']
let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

/** Opens each path and answers those wider than the screen, [path, scrollWidth, clientWidth], and icons that did not
 * draw, [path, "icon not drawn", html]. A page is measured once
 * its content is drawn and its data has arrived (no request in flight, no loading mask left). */
async function overflowing(page, paths) {
  const wide = []
  for (const p of paths) {
    await page.goto(p)
    await page.locator('.content > *').first().waitFor()
    await page.waitForLoadState('networkidle')
    await page.waitForFunction(() => [...document.querySelectorAll('.el-loading-mask')].every((m) => getComputedStyle(m).display === 'none'))
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    if (sw > cw) wide.push([p, sw, cw])
    for (const b of await blankIcons(page)) wide.push([p, 'icon not drawn', b])
  }
  return wide
}

test('admin at 375 px: no page of the menu scrolls sideways', async () => {
  const pages = await menuPages()
  for (const m of ['/tasks/', '/shops/', '/evals/', '/cockpit/', '/people/', '/party/', '/risks/', '/report/', '/system/', '/monitor/']) {
    assert.ok(pages.some((p) => p.startsWith(m)), `the menu holds ${m} pages: ${pages.join(' ')}`)
  }
  const { page, context } = await newPage(browser, srv.base, PHONE)
  await loginOk(page)
  assert.deepEqual(await overflowing(page, pages), [])
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
