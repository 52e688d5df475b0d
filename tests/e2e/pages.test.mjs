// E2E 4: every page opens at desktop width without script errors; screenshots go to build/screenshots/ for review.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, login, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

const pages = [
  ['index', '/index', 'dashboard'],
  ['units', '/system/unit', 'unit-table'],
  ['users', '/system/user', 'user-table'],
  ['roles', '/system/role', 'role-table'],
  ['audit', '/monitor/operlog', 'audit-table'],
  ['logins', '/monitor/logininfor', 'login-log-table'],
  ['online', '/monitor/online', 'online-table'],
]

test('every page renders (desktop screenshots)', async () => {
  const { page, context, errors } = await newPage(browser, srv.base)
  await page.goto('/login')
  await page.locator(tid('login-page')).waitFor()
  await shot(page, '00-login')
  await loginOk(page)
  // One edit through the API so the 操作日志 has an update with before/after.
  const patched = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const u = (await (await fetch('/api/v1/org/units?size=50')).json()).items.find((x) => x.parent_id !== null)
    const r = await fetch('/api/v1/org/units/' + u.id, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ sort: u.sort + 1 }) })
    return r.status
  })
  assert.equal(patched, 200)
  for (const [name, path, id] of pages) {
    await page.goto(path)
    await page.locator(tid(id)).waitFor()
    if (id.endsWith('table')) await page.locator(tid(id) + ' .el-table__body-wrapper tr, ' + tid(id) + ' .el-table__empty-text').first().waitFor()
    await page.waitForTimeout(name === 'index' ? 800 : 300) // charts animate in
    assert.match(await page.title(), /县局数字化管理平台/)
    await shot(page, `${String(pages.findIndex((p) => p[0] === name) + 1).padStart(2, '0')}-${name}`)
  }
  // Dialogs and drawers the staff use most.
  await page.goto('/system/user')
  await page.locator(tid('user-table') + ' .el-table__body-wrapper tr').first().waitFor()
  await page.locator(tid('user-add')).click()
  await page.locator(tid('user-dialog')).waitFor()
  await page.locator(tid('user-form-submit')).click() // empty form: validation messages, nothing sent
  await page.locator(tid('user-dialog') + ' .el-form-item__error').first().waitFor()
  await page.waitForTimeout(300)
  await shot(page, '10-user-dialog')
  await page.keyboard.press('Escape')
  await page.locator(tid('user-import')).click()
  await page.locator(tid('import-dialog')).waitFor()
  await page.waitForTimeout(400)
  await shot(page, '11-user-import')
  await page.keyboard.press('Escape')
  await page.goto('/system/role')
  await page.locator('[data-testid^="role-edit-"]').first().click()
  await page.locator(tid('role-dialog')).waitFor()
  await page.waitForTimeout(300)
  await shot(page, '12-role-dialog')
  await page.keyboard.press('Escape')
  await page.goto('/monitor/operlog')
  const row = page.locator(tid('audit-table') + ' .el-table__body-wrapper .el-table__row').filter({ hasText: '修改' }).first()
  await row.waitFor()
  await row.locator('[data-testid^="audit-detail-"]').click()
  const diff = page.locator(tid('audit-diff'))
  await diff.waitFor()
  assert.match(await diff.innerText(), /排序/)
  await page.waitForTimeout(300)
  await shot(page, '13-audit-drawer')
  assert.deepEqual(errors.filter((e) => !/status of 401|Failed to load resource/.test(e)), [])
  await context.close()
})

test('a user whose password must change sees only the 修改密码 dialog', async () => {
  // Create a user through the API as admin, then log in as that user in the browser.
  const { page, context } = await newPage(browser, srv.base)
  await loginOk(page)
  const created = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const units = await (await fetch('/api/v1/org/units?size=5')).json()
    const r = await fetch('/api/v1/org/users', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ username: 'e2e_first', name: '首次登录', unit_id: units.items[0].id, position: '', phone: '13800001111', role_ids: [] }),
    })
    return { status: r.status, body: await r.json() }
  })
  assert.equal(created.status, 201)
  await context.clearCookies()
  await login(page, 'e2e_first', created.body.initial_password)
  const dlg = page.locator(tid('password-dialog'))
  await dlg.waitFor()
  await page.waitForTimeout(300)
  await shot(page, '14-force-password')
  assert.equal(await page.locator(tid('workbench')).count(), 0, 'nothing behind the dialog')
  // Change it: the dialog closes and the 工作台 appears (a user without roles has no cards on it).
  await inputOf(page, 'old-password').fill(created.body.initial_password)
  await inputOf(page, 'new-password').fill('Xq7#first-Login')
  await inputOf(page, 'confirm-password').fill('Xq7#first-Login')
  await page.locator(tid('password-submit')).click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator(tid('workbench-empty')).waitFor()
  await context.close()
})

test('user import: a file with a bad row shows the per-row report; 仅导入正确行 writes the good row', async () => {
  const { page, context } = await newPage(browser, srv.base)
  await loginOk(page)
  const unit = await page.evaluate(async () => (await (await fetch('/api/v1/org/units?size=50')).json()).items.find((u) => u.parent_id !== null))
  const csv = '\ufeff用户名,姓名,单位编码,职务,手机号,角色编码\r\n' +
    `e2e_imp1,导入甲,${unit.code},专管员,13700001111,\r\n` +
    `e2e_imp2,导入乙,${unit.code},专管员,12345,\r\n`
  await page.goto('/system/user')
  await page.locator(tid('user-table') + ' .el-table__body-wrapper tr').first().waitFor()
  await page.locator(tid('user-import')).click()
  const dlg = page.locator(tid('import-dialog'))
  await dlg.waitFor()
  await dlg.locator('input[type=file]').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await page.locator(tid('import-submit')).click()
  const errs = page.locator(tid('import-errors'))
  await errs.waitFor()
  const text = await errs.innerText()
  assert.match(text, /手机号/)
  assert.match(text, /3/) // the bad row is the file's third line
  await page.waitForTimeout(300)
  await shot(page, '15-import-report')
  await page.locator(tid('import-keep-valid')).click()
  await page.locator(tid('import-submit')).click()
  await page.locator(tid('import-passwords')).waitFor()
  assert.match(await page.locator(tid('import-passwords')).innerText(), /e2e_imp1/)
  await context.close()
})
