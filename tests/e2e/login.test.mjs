// E2E 3: a wrong password shows the server's own Chinese message on the login page; the login page loads without a
// failed request, and a user who must change his password polls nothing that is refused (issue 13).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, tid, inputOf, ADMIN_PASSWORD } from './lib.mjs'
import { Client } from '../api/lib.mjs'

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

test('the login page makes no failed request; during a forced password change nothing polls into a 403', async () => {
  const admin = new Client(srv.base)
  await admin.loginOk('admin', ADMIN_PASSWORD)
  const units = (await admin.ok('/org/units?size=5')).items
  const made = await admin.post('/org/users', { username: 'e2e_forced', name: '改密用户', unit_id: units[0].id, role_ids: [], phone: '' })
  assert.equal(made.status, 201, made.text)
  const { page, context } = await newPage(browser, srv.base)
  // The page's timers run on a clock the test moves, so "two minutes passed" is an event, not a wait.
  await page.clock.install()
  const refused = []
  page.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`) })
  page.on('requestfailed', (r) => refused.push(`failed ${new URL(r.url()).pathname}`))
  const polled = []
  page.on('response', (r) => { if (/\/tasks\/messages/.test(r.url())) polled.push(r.status()) })
  await page.goto('/login')
  await page.locator(tid('login-page')).waitFor()
  await page.waitForLoadState('networkidle')
  assert.deepEqual(refused, [], 'the login page')
  await login(page, 'e2e_forced', made.json.initial_password)
  await page.locator(tid('password-dialog')).waitFor()
  await page.waitForLoadState('networkidle')
  await page.clock.runFor(150000) // past two rounds of the message bell's minute
  await page.waitForLoadState('networkidle')
  assert.deepEqual(refused, [], 'behind the 修改密码 dialog')
  assert.deepEqual(polled, [], 'the message bell waits for the new password')
  await inputOf(page, 'old-password').fill(made.json.initial_password)
  await inputOf(page, 'new-password').fill('Fresh#Forced-2026')
  await inputOf(page, 'confirm-password').fill('Fresh#Forced-2026')
  const bell = (r) => /\/tasks\/messages/.test(r.url())
  const first = page.waitForResponse(bell)
  await page.locator(tid('password-submit')).click()
  await page.locator(tid('password-dialog')).waitFor({ state: 'hidden' })
  await first // the bell is up now and asks at once
  // and the same clock drives it: a minute on, it asks again and is answered 200 (the moment did pass)
  const n = polled.length
  const next = page.waitForResponse(bell)
  await page.clock.runFor(61000)
  await next
  assert.ok(polled.length > n && polled.every((st) => st === 200), `the bell's polls: ${polled}`)
  assert.deepEqual(refused, [], 'after the change')
  await context.close()
})
