// E2E: shops. At phone width a customer manager (a demo user whose password the admin resets through the API, changed at
// first login) opens one of his shops, assesses it through a lost connection and sees the radar and the advice; an admin
// publishes a new template version in the editor and an old assessment's result stays as it was; the self-check link
// works without an account (QR code on the shop page) and reaches no other shop.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, loginOk, tid, inputOf, shot, e2eStart, e2eStop, PHONE } from './lib.mjs'
import { Client } from '../api/lib.mjs'

let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

async function ok(res, status = 200) {
  assert.equal(res.status, status, `${res.status} ${res.text}`)
  return res.json
}

/** A customer manager with shops, his password reset to a known temporary one. */
async function manager() {
  const roles = (await admin.ok('/org/roles')).items
  const role = roles.find((r) => r.code === 'customer_manager')
  assert.ok(role, 'the demo has a 客户经理 role')
  for (const u of (await admin.ok(`/org/users?role_id=${role.id}&size=50`)).items) {
    const shops = await admin.ok(`/shops?manager_id=${u.id}&status=${encodeURIComponent('正常')}&size=1`)
    if (shops.total > 0) {
      await ok(await admin.post(`/org/users/${u.id}/reset-password`, { password: 'Temp#Reset-77' }))
      return u
    }
  }
  throw new Error('no customer manager with shops')
}

test('a customer manager assesses one of his shops on a phone, through a lost connection, and sees radar and advice', async () => {
  const u = await manager()
  const { context, page, errors } = await newPage(browser, srv.base, {
    ...PHONE, geolocation: { latitude: 28.4512, longitude: 120.1203, accuracy: 15 }, permissions: ['geolocation'] })
  await login(page, u.username, 'Temp#Reset-77')
  const dlg = page.locator(tid('password-dialog'))
  await dlg.waitFor()
  await inputOf(page, 'old-password').fill('Temp#Reset-77')
  await inputOf(page, 'new-password').fill('Shop#Visit-2026')
  await inputOf(page, 'confirm-password').fill('Shop#Visit-2026')
  await page.locator(tid('password-submit')).click()
  await dlg.waitFor({ state: 'hidden' })

  // his list (cards at phone width) holds only his shops
  await page.goto('/shops/list')
  const card = page.locator(tid('shop-card')).first()
  await card.waitFor()
  await shot(page, 'shops-e2e-list-phone')
  await card.click()
  await page.waitForURL(/\/shops\/shop\/\d+$/)
  const shopId = +/\/shops\/shop\/(\d+)$/.exec(page.url())[1]
  const mine = await admin.ok(`/shops/${shopId}`)
  assert.equal(mine.manager_id, u.id, 'the shop opened is his')
  const before = (await admin.ok(`/shops/${shopId}/assessments`)).total
  await page.locator(tid('shop-assess')).click()
  await page.waitForURL(/\/assess$/)

  // GPS captured and shown; answer every question at its weakest so advice must follow
  await page.locator(tid('assess-gps')).getByText('已定位').waitFor()
  const cards = page.locator('[data-testid^="item-"]')
  await cards.first().waitFor()
  for (let i = 0; i < await cards.count(); i++) {
    const c = cards.nth(i)
    const kind = (await c.locator('.qkind').innerText()).trim()
    if (kind === '是/否') await c.locator('.opt', { hasText: '否' }).click()
    else if (kind === '单选') await c.locator('.opt').first().click()
    else if (kind === '多选') { while (await c.locator('.opt.on').count()) await c.locator('.opt.on').first().click() }
    else if (kind === '填数字') await c.locator('input').fill('0')
  }
  await page.locator(tid('q-progress')).getByText(/已答 \d+ \/ \d+ 题/).waitFor()
  await shot(page, 'shops-e2e-assess-phone')

  // the connection drops at submit: the answer sheet is queued on the phone, then sent by itself when it comes back
  await context.setOffline(true)
  await page.locator(tid('assess-submit')).click()
  await page.locator(tid('assess-pending')).waitFor()
  await shot(page, 'shops-e2e-assess-offline-phone')
  assert.equal((await admin.ok(`/shops/${shopId}/assessments`)).total, before, 'nothing stored while offline')
  await context.setOffline(false)
  await page.locator(tid('assess-result')).waitFor({ timeout: 30000 })
  await page.locator(`${tid('assess-radar')} canvas`).waitFor()
  assert.ok(await page.locator(tid('assess-advice')).count() >= 1, 'advice shown for the weakest items')
  await shot(page, 'shops-e2e-assess-result-phone')

  const hist = await admin.ok(`/shops/${shopId}/assessments`)
  assert.equal(hist.total, before + 1, 'stored exactly once')
  const a = await admin.ok(`/shops/${shopId}/assessments/${hist.items[0].id}`)
  assert.equal(a.kind, '走访')
  assert.ok(Math.abs(a.lat - 28.4512) < 1e-6 && Math.abs(a.lng - 120.1203) < 1e-6, 'GPS stored')
  assert.ok(a.result.weakest.length >= 1)
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)), [])
  await context.close()
})

test('an admin publishes a new template version; an old assessment keeps its result and version', async () => {
  const shop = (await admin.ok('/shops?status=' + encodeURIComponent('正常') + '&size=1')).items[0]
  const old = (await admin.ok(`/shops/${shop.id}/assessments`)).items[0]
  const oldFull = await admin.ok(`/shops/${shop.id}/assessments/${old.id}`)
  const v0 = (await admin.ok('/shops/templates')).items.filter((t) => t.status === 'published').length

  const { context, page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/shops/templates')
  await page.locator(tid('tpl-versions')).getByText('v' + v0).waitFor()
  // 数字化设施 is open: weigh the POS item differently, validate, save, publish with the confirm
  const w = inputOf(page, 'tpl-weight-pos')
  await w.fill('60')
  await w.blur()
  await page.locator(tid('tpl-validate')).click()
  await page.locator(tid('tpl-ok')).getByText('校验通过').waitFor()
  await page.locator(tid('tpl-save')).click()
  await page.locator(tid('tpl-ok')).getByText('草稿已保存').waitFor()
  await page.locator(tid('tpl-publish')).click()
  const box = page.locator('.el-message-box')
  await box.getByText('永久不可修改').waitFor()
  await shot(page, 'shops-e2e-template-publish')
  await box.getByRole('button', { name: '发布' }).click()
  await page.locator('.el-message--success').getByText(`已发布 v${v0 + 1}`).waitFor()
  await page.locator(tid('tpl-versions')).getByText('v' + (v0 + 1)).waitFor()

  const tpls = await admin.ok('/shops/templates')
  const cur = tpls.items.find((t) => t.id === tpls.current_id)
  assert.equal(cur.version, v0 + 1)
  assert.equal((await admin.ok(`/shops/templates/${cur.id}`)).body.dimensions[0].items.find((i) => i.code === 'pos').weight, 60)
  // the old assessment did not move; a new one is scored with the new version
  const again = await admin.ok(`/shops/${shop.id}/assessments/${old.id}`)
  assert.deepEqual(again.result, oldFull.result)
  assert.equal(again.total, oldFull.total)
  assert.equal(again.level, oldFull.level)
  assert.equal(again.template_version, oldFull.template_version)
  const form = await admin.ok(`/shops/${shop.id}/assess-form`)
  const fresh = await ok(await admin.post(`/shops/${shop.id}/assessments`, { answers: form.last_answers }), 201)
  assert.equal(fresh.template_version, v0 + 1)
  // the shop page's history shows which version each assessment used
  await page.goto(`/shops/shop/${shop.id}`)
  const rows = page.locator('.el-table__row')
  await rows.first().waitFor()
  assert.match(await page.locator('.el-card', { hasText: '检测记录' }).innerText(), new RegExp(`\\b${v0 + 1}\\b[\\s\\S]*\\b${oldFull.template_version}\\b`))
  // the only console error allowed: the session probe (401) before signing in
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [])
  await context.close()
})

test('the self-check link works without an account, shows a QR code, and reaches no other shop', async () => {
  const [s1, s2] = (await admin.ok('/shops?status=' + encodeURIComponent('正常') + '&size=2')).items
  // the shop page draws the link's QR code
  const { context: ac, page: ap } = await newPage(browser, srv.base)
  await loginOk(ap)
  await ap.goto(`/shops/shop/${s1.id}`)
  await ap.locator(tid('shop-selfcheck')).click()
  await ap.locator(tid('selfcheck-qr')).waitFor()
  const link = await inputOf(ap, 'selfcheck-link').inputValue()
  assert.match(link, /\/selfcheck\/[\w-]{16,}$/)
  assert.match(await ap.locator(tid('selfcheck-qr')).getAttribute('src'), /^data:image\/png;base64,/)
  await shot(ap, 'shops-e2e-selfcheck-qr')
  await ac.close()
  const path = new URL(link).pathname
  const before1 = (await admin.ok(`/shops/${s1.id}/assessments`)).total
  const before2 = (await admin.ok(`/shops/${s2.id}/assessments`)).total

  // a stranger's phone: no session, no menu, only the shop's name and the questions
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await page.goto(path)
  await page.locator(tid('self-shop')).getByText(s1.name).waitFor()
  assert.equal(await page.locator('.el-menu').count(), 0, 'outside the signed-in layout')
  assert.equal(await page.getByText(s1.license_no).count(), 0, 'nothing else of the shop')
  assert.equal(await page.locator('[data-testid^="item-"]').filter({ hasText: '取自经营数据' }).count(), 0, 'no metric items')
  const cards = page.locator('[data-testid^="item-"]')
  for (let i = 0; i < await cards.count(); i++) {
    const c = cards.nth(i)
    if (await c.locator('input').count()) await c.locator('input').fill('1')
    else await c.locator('.opt').first().click()
  }
  await shot(page, 'shops-e2e-selfcheck-phone')
  await page.locator(tid('self-submit')).click()
  await page.locator(tid('self-thanks')).waitFor()
  await page.locator(tid('self-level')).waitFor()
  assert.ok(await page.locator(tid('self-advice')).count() >= 1)
  await shot(page, 'shops-e2e-selfcheck-thanks-phone')
  assert.equal(page.url(), srv.base + path, 'not sent to the login page')

  // stored as 自测 on this shop only
  const h1 = await admin.ok(`/shops/${s1.id}/assessments`)
  assert.equal(h1.total, before1 + 1)
  assert.equal(h1.items[0].kind, '自测')
  assert.equal((await admin.ok(`/shops/${s2.id}/assessments`)).total, before2)

  // the link's holder cannot reach anything else: no API without an account, no shop id accepted, bad tokens refused
  const anon = new Client(srv.base)
  assert.equal((await anon.get(`/shops/${s2.id}`)).status, 401)
  assert.equal((await anon.get(`/shops/${s1.id}`)).status, 401)
  const tok = path.split('/').pop()
  assert.equal((await anon.post(`/selfcheck/${tok}`, { answers: {}, shop_id: s2.id })).status, 400)
  assert.equal((await anon.get(`/selfcheck/${tok.slice(0, -2)}xx`)).status, 404)
  await page.goto('/selfcheck/' + tok.slice(0, -2) + 'xx')
  await page.locator(tid('self-invalid')).waitFor()
  assert.equal((await admin.ok(`/shops/${s2.id}/assessments`)).total, before2)
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [])
  await context.close()
})
