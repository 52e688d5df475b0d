// E2E: the shops pages as people use them. The visit form starts empty and offers each last answer (沿用上次), and one
// answer taken over is stored as carried over and shown on the result; every shops page at 375 px has no sideways
// page scroll; the template editor adds and removes a dimension (labelled inputs, codes generated).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid, shot, ADMIN_PASSWORD } from './lib.mjs'
import { Client } from '../api/lib.mjs'

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }
let srv, browser, admin
before(async () => {
  srv = await startServer()
  browser = await launch()
  admin = new Client(srv.base)
  await admin.loginOk('admin', ADMIN_PASSWORD)
})
after(async () => { await browser?.close(); await srv?.stop() })

/** An active shop whose last visit answered 是/否 for POS机 (the item taken over in the test). */
async function visitedShop() {
  const list = await admin.ok('/shops?size=50&sort=-assessed_at&status=' + encodeURIComponent('正常'))
  for (const s of list.items) {
    const f = await admin.ok(`/shops/${s.id}/assess-form`)
    if (typeof f.last_answers.pos === 'boolean' && f.last_answers.scanner) return { shop: s, form: f }
  }
  throw new Error('no visited shop in the demo')
}

test('the visit form starts empty; one 沿用上次 answer is marked and stored as carried over', async () => {
  const { shop, form } = await visitedShop()
  const before = (await admin.ok(`/shops/${shop.id}/assessments`)).total
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto(`/shops/shop/${shop.id}/assess`)
  const pos = page.locator(tid('item-pos'))
  await pos.waitFor()
  // nothing chosen in advance: no option on, 0 answered, and the last visit's date shown
  assert.equal(await page.locator('.qcard .opt.on').count(), 0, 'no answer pre-chosen')
  await page.locator(tid('q-progress')).getByText(/已答 0 \//).waitFor()
  await page.locator(tid('assess-last')).getByText(form.last_visit_at).waitFor()
  // 沿用上次 on POS机 shows last time's answer; taking it marks the card
  const carry = page.locator(tid('carry-pos'))
  assert.equal((await carry.innerText()).trim(), '沿用上次：' + (form.last_answers.pos ? '是' : '否'))
  await carry.click()
  await page.locator(tid('carried-pos')).waitFor()
  assert.equal(await pos.locator('.opt.on').innerText(), form.last_answers.pos ? '是' : '否')
  // a carried answer changed by hand is no longer carried: take 扫码设备 over, then answer it by hand
  await page.locator(tid('carry-scanner')).click()
  await page.locator(tid('carried-scanner')).waitFor()
  const scanner = page.locator(tid('item-scanner'))
  await scanner.locator('.opt:not(.on)').first().click()
  await page.locator(tid('carry-scanner')).waitFor()
  await page.locator(tid('carried-scanner')).waitFor({ state: 'detached' })
  await page.locator(tid('q-progress')).getByText(/已答 2 \//).waitFor()
  await shot(page, 'shops-e2e-assess-carry-phone')
  await page.locator(tid('assess-submit')).click()
  await page.locator(tid('assess-carried')).getByText('POS机').waitFor()
  await shot(page, 'shops-e2e-assess-carry-result-phone')
  const hist = await admin.ok(`/shops/${shop.id}/assessments`)
  assert.equal(hist.total, before + 1)
  const a = await admin.ok(`/shops/${shop.id}/assessments/${hist.items[0].id}`)
  assert.deepEqual(a.carried, ['pos'], 'only the answer taken over is stored as carried')
  assert.equal(a.answers.pos, form.last_answers.pos)
  assert.notEqual(a.answers.scanner, undefined)
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'no error but the signed-out check of the login page')
  await context.close()
})
