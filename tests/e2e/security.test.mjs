// E2E: the 安全管理员's pages — 登录锁定 lists a lock made by wrong passwords and lifts it; 安全设置 shows the
// single-administrator warning and saves a setting. Screenshots at 1440 and 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

async function failLogins(name, n) {
  for (let i = 0; i < n; i++) {
    await fetch(srv.base + '/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: srv.base }, body: JSON.stringify({ username: name, password: 'Wrong#Pw-' + i }),
    })
  }
}

test('登录锁定: a lock from wrong passwords is listed and lifted', async () => {
  await failLogins('ghost.user', 5)
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/monitor/locks')
  const row = page.locator(tid('locks-table') + ' .el-table__row', { hasText: 'ghost.user' })
  await row.waitFor()
  assert.match(await row.innerText(), /127\.0\.0\.1/)
  await shot(page, 'security-locks-1440')
  await page.locator(tid('lock-remove-ghost.user')).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await row.waitFor({ state: 'detached' })
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), [], 'console errors (the 401 is the session check before login)')
})

test('安全设置: the single-administrator warning, a saved setting; usable at 375 px', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/system/security')
  await page.locator(tid('single-admin-warning')).waitFor()
  const input = page.locator(tid('sec-lock_after') + ' input')
  await input.fill('6')
  await page.locator(tid('security-save')).click()
  await page.locator('.el-message--success').waitFor()
  await shot(page, 'security-settings-1440')
  await page.reload()
  await page.locator(tid('security-form')).waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid="sec-lock_after"] input')?.value === '6')
  const phone = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 } })
  await loginOk(phone.page)
  await phone.page.goto('/system/security')
  await phone.page.locator(tid('security-form')).waitFor()
  await phone.page.locator(tid('sec-lock_after')).waitFor()
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
  assert.equal(wide, false, 'no sideways scroll at 375 px')
  await shot(phone.page, 'security-settings-375')
  await failLogins('ghost.two', 6)
  await phone.page.goto('/monitor/locks')
  await phone.page.locator(tid('locks-table') + ' .el-table__row', { hasText: 'ghost.two' }).waitFor()
  await shot(phone.page, 'security-locks-375')
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), [], 'console errors (the 401 is the session check before login)')
  assert.deepEqual(phone.errors.filter((e) => !/401/.test(e)), [])
})
