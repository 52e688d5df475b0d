// E2E 2: at phone width the menu is a drawer; 用户管理 is reachable and shows its users as cards with tap-to-call numbers.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { startServer, launch, newPage, loginOk, tid, BUILD, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

test('phone 375x812: drawer menu to 用户管理, users as cards', async () => {
  const { page, context } = await newPage(browser, srv.base, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
  await loginOk(page)
  assert.equal(await page.locator(tid('sidebar')).count(), 0, 'no fixed sidebar at phone width')
  await page.locator(tid('menu-toggle')).click()
  const drawer = page.locator('.menu-drawer')
  await drawer.waitFor()
  await drawer.locator(tid('menu-system')).click()
  await drawer.locator(tid('menu-user')).click()
  await page.waitForURL(/\/system\/user$/)
  await drawer.waitFor({ state: 'hidden' })
  const cards = page.locator(tid('user-cards'))
  await cards.locator(tid('user-card')).first().waitFor()
  assert.equal(await page.locator(tid('user-table')).count(), 0, 'no table at phone width')
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(pageOverflow <= 1, `page scrolls sideways by ${pageOverflow}px`)
  const box = await cards.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 375, 'cards fit the screen width')
  // A phone number is a tap-to-call link.
  const tel = cards.locator('a[href^="tel:"]').first()
  await tel.waitFor()
  assert.match(await tel.getAttribute('href'), /^tel:1[3-9]\d{9}$/)
  // Filters fold behind one button; opening it shows 状态, searching folds it again.
  assert.equal(await page.locator(tid('user-search-status')).isVisible(), false, 'filters folded')
  await page.locator(tid('filters-toggle')).click()
  await page.locator(tid('user-search-status')).waitFor()
  await page.locator(tid('user-search')).click()
  await page.locator(tid('user-search-status')).waitFor({ state: 'hidden' })
  await mkdir(BUILD, { recursive: true })
  await page.screenshot({ path: join(BUILD, 'e2e-phone.png') })
  // The other pages at phone width, for review; none may make the whole page scroll sideways.
  for (const [name, path, id] of [['index', '/index', 'dashboard'], ['units', '/system/unit', 'unit-table'], ['roles', '/system/role', 'role-table'],
    ['audit', '/monitor/operlog', 'audit-table'], ['logins', '/monitor/logininfor', 'login-log-table'], ['online', '/monitor/online', 'online-table']]) {
    await page.goto(path)
    await page.locator(tid(id)).waitFor()
    await page.waitForLoadState('networkidle') // the page's data is in: its widest content is on screen
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(over <= 1, `${path} scrolls sideways by ${over}px`)
    await shot(page, 'phone-' + name)
  }
  await page.goto('/system/user')
  await page.locator(tid('user-add')).click()
  await page.locator(tid('user-dialog')).waitFor()
  await page.waitForTimeout(400)
  await shot(page, 'phone-user-dialog')
  await context.close()
})
