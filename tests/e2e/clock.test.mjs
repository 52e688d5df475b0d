// E2E clock: a browser set to New York on a server set to UTC still shows the bureau's time (Asia/Shanghai) in the
// watermark — the server tells the page its zone and clock at login. The clock is injected (BUREAU_NOW) at 23:30 Beijing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid } from './lib.mjs'

let srv, browser
before(async () => {
  // startServer hands the process environment to the server: a UTC host, the clock at 2026-03-10 23:30 in Beijing.
  process.env.TZ = 'UTC'
  process.env.BUREAU_NOW = String(Date.parse('2026-03-10T15:30:00Z') / 1000)
  srv = await startServer()
  delete process.env.BUREAU_NOW
  browser = await launch()
})
after(async () => { await browser?.close(); await srv?.stop() })

test('the watermark carries the bureau\'s time, not the device\'s zone nor the server\'s', async () => {
  const { page, context } = await newPage(browser, srv.base, { timezoneId: 'America/New_York' })
  await loginOk(page)
  assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'America/New_York')
  await page.goto('/system/user')
  await page.locator(tid('user-table') + ' .el-table__row').first().waitFor()
  await page.locator('[data-watermark]').waitFor({ state: 'attached' })
  const text = await page.locator('[data-watermark]').getAttribute('data-text')
  assert.match(text, /2026-03-10 23:3\d/, `watermark: ${text}`)
  await context.close()
})
