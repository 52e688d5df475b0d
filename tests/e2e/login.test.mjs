// E2E 3: a wrong password shows the server's own Chinese message on the login page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, tid, ADMIN_PASSWORD } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

test('wrong password shows the server message', async () => {
  const { page, context } = await newPage(browser, srv.base)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    login(page, 'admin', ADMIN_PASSWORD + 'x'),
  ])
  assert.equal(res.status(), 401)
  const body = await res.json()
  assert.equal(body.error.code, 'bad_credentials')
  const shown = page.locator(tid('login-error'))
  await shown.waitFor()
  const text = (await shown.innerText()).trim()
  assert.equal(text, body.error.message)
  assert.match(text, /[\u4e00-\u9fff]/, 'message is Chinese')
  assert.match(page.url(), /\/login/)
  await context.close()
})

test('unknown path without a session goes to the login page', async () => {
  const { page, context } = await newPage(browser, srv.base)
  await page.goto('/system/user')
  await page.waitForURL(/\/login/)
  await page.locator(tid('login-page')).waitFor()
  await context.close()
})
