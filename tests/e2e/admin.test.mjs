// E2E 1: admin creates a unit and a user, finds the user, exports the list as xlsx, logs out.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

test('admin: create unit and user, search, export xlsx, log out', async () => {
  const { page, context, errors } = await newPage(browser, srv.base)
  const stamp = String(Date.now()).slice(-6)
  const unitName = 'E2E测试组' + stamp
  const unitCode = 'E2E' + stamp
  const username = 'e2e_' + stamp
  await loginOk(page)
  await assert.doesNotReject(page.locator(tid('user-name')).waitFor())

  // 单位管理: add a child of the root unit (县局 is the first row of the tree).
  await page.locator(tid('menu-system')).click()
  await page.locator(tid('menu-unit')).click()
  await page.waitForURL(/\/system\/unit$/)
  const table = page.locator(tid('unit-table'))
  await table.locator('.el-table__row').first().waitFor()
  const rootName = (await table.locator('.el-table__row').first().locator('td').first().innerText()).trim()
  assert.match(rootName, /县局|局/)
  await table.locator('[data-testid^="unit-add-child-"]').first().click()
  const udlg = page.locator(tid('unit-dialog'))
  await udlg.waitFor()
  await inputOf(page, 'unit-form-name').fill(unitName)
  await inputOf(page, 'unit-form-code').fill(unitCode)
  await page.locator(tid('unit-form-submit')).click()
  await udlg.waitFor({ state: 'hidden' })
  await table.getByText(unitName, { exact: true }).waitFor()

  // 用户管理: add a user in the new unit.
  await page.locator(tid('menu-user')).click()
  await page.waitForURL(/\/system\/user$/)
  await page.locator(tid('user-table') + ' .el-table__row').first().waitFor()
  await page.locator(tid('user-add')).click()
  const dlg = page.locator(tid('user-dialog'))
  await dlg.waitFor()
  await inputOf(page, 'user-form-username').fill(username)
  await inputOf(page, 'user-form-name').fill('测试用户' + stamp)
  await dlg.locator(tid('user-form-unit')).click()
  await page.locator('.user-unit-popper .el-tree-node__content').filter({ hasText: unitName }).click()
  await inputOf(page, 'user-form-position').fill('专管员')
  await inputOf(page, 'user-form-phone').fill('13912345678')
  await dlg.locator(tid('user-form-roles')).click()
  await page.locator('.user-roles-popper .el-select-dropdown__item:not(.is-disabled)').first().click()
  await dlg.locator('.el-dialog__title').click() // close the select popper
  await page.locator(tid('user-form-submit')).click()
  const once = page.locator(tid('password-once'))
  await once.waitFor()
  assert.ok((await once.innerText()).trim().length >= 6, 'initial password shown')
  await page.locator(tid('password-once-close')).click()
  await once.waitFor({ state: 'hidden' })

  // Find the user by search.
  await inputOf(page, 'user-search-q').fill(username)
  // the search's own answer, not the list already on the page, is what the rows are counted from
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/org/users?') && r.url().includes('q=' + encodeURIComponent(username))),
    page.locator(tid('user-search')).click(),
  ])
  const rows = page.locator(tid('user-table') + ' .el-table__body-wrapper .el-table__row')
  await rows.filter({ hasText: username }).first().waitFor()
  assert.equal(await rows.count(), 1)
  assert.match(await rows.first().innerText(), new RegExp(unitName))
  await shot(page, 'e2e-user-found')

  // Export the (filtered) list as xlsx.
  await page.locator(tid('user-export')).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('user-export-xlsx')).click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const file = await download.path()
  const head = (await readFile(file)).subarray(0, 2).toString('latin1')
  assert.equal(head, 'PK')

  // Log out.
  await page.locator(tid('user-menu')).click()
  await page.locator(tid('logout')).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForURL(/\/login/)
  await page.locator(tid('login-page')).waitFor()
  // The session is really gone: the API now answers 401.
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status))
  assert.equal(me, 401)
  assert.deepEqual(errors.filter((e) => !/401|Failed to load resource/.test(e)), [])
  await context.close()
})
