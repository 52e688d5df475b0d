// E2E: the 安全管理员's pages — 登录锁定 lists a lock made by wrong passwords and lifts it; 安全设置 shows the
// single-administrator warning and saves a setting. Screenshots at 1440 and 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid, shot, inputOf } from './lib.mjs'

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

test('7: a task title made of markup shows in the Gantt tooltip as text; nothing of it runs', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  const hostile = '<img src=x onerror="window.__xss=1">夜查<b>加粗</b>'
  // The title is stored as typed, through the API from the signed-in page (session cookie, CSRF token, the page's Origin).
  const created = await page.evaluate(async (title) => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const units = await (await fetch('/api/v1/org/units')).json()
    const cqs = units.items.find((u) => u.code === 'CQS').id
    const [y, m, d] = me.clock.today.split('-').map(Number)
    const due = new Date(Date.UTC(y, m - 1, d + 20)).toISOString().slice(0, 10)
    const r = await fetch('/api/v1/tasks/tasks', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ title, lead_unit_id: cqs, owner_id: me.user.id, due_date: due, assign: true, workdays: false }),
    })
    return { status: r.status, body: await r.json() }
  }, hostile)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.title, hostile)
  await page.goto('/tasks/board?light=')
  await page.locator(tid('task-table') + ' .el-table__row').first().waitFor()
  await inputOf(page, 'task-q').fill('夜查<b>')
  await page.locator(tid('task-search')).click()
  await page.locator(tid('task-table') + ' .el-table__row').first().waitFor()
  await page.locator(tid('task-view')).getByText('甘特图').click()
  const canvas = page.locator(tid('gantt') + ' canvas').first()
  await canvas.waitFor()
  // One row: hover the middle of the plot (grid left 230, top 30, bottom 40 on a desktop) and the axis tooltip opens.
  const box = await canvas.boundingBox()
  await page.mouse.move(box.x + 230 + (box.width - 246) / 2, box.y + 30 + (box.height - 70) / 2)
  const tip = page.locator(tid('gantt')).getByText('夜查', { exact: false })
  await tip.waitFor()
  const html = await tip.evaluate((el) => el.innerHTML)
  const text = await tip.innerText()
  assert.ok(text.includes('<img src=x onerror="window.__xss=1">夜查<b>加粗</b>'), 'the title is shown as typed: ' + text)
  assert.equal(await tip.evaluate((el) => el.querySelectorAll('img, b').length), 0, 'no element made from the title: ' + html)
  assert.equal(await page.evaluate(() => window.__xss), undefined)
  await shot(page, 'security-gantt-tooltip')
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), [])
})
