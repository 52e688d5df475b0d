// E2E: 终端评价 in real Chromium. At 375 px a 客户经理 evaluates a shop with GPS, a camera photo and a signature, keeps his
// draft across a reload, loses the connection at submit and sees it sent by itself when the connection returns (once);
// a reviewer opens a flagged evaluation and sees its evidence (the place against the shop, the two photos), then
// returns one with a reason. No evals page scrolls sideways at 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launch, newPage, loginOk, tid, shot, ADMIN_PASSWORD, ROOT } from './lib.mjs'
import { Client, auditOf } from '../api/lib.mjs'

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }
let srv, browser, admin, current
before(async () => {
  srv = await startServer()
  browser = await launch()
  admin = new Client(srv.base)
  await admin.loginOk('admin', ADMIN_PASSWORD)
  current = (await admin.ok('/evals/rounds?status=open')).items[0] // the demo's current quarter, newest first
})
after(async () => { await browser?.close(); await srv?.stop() })

const noSideways = async (page, what) => {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 375, `${what}: the page scrolls sideways (scrollWidth ${w} > 375)`)
}

/** A careful demo manager with shops still to evaluate in the current round, signed in on a phone. */
async function managerPhone() {
  const prog = await admin.ok(`/evals/rounds/${current.id}/progress`)
  const m = prog.managers.filter((x) => x.manager_id && x.pending > 0 && x.flagged === 0)[0]
  assert.ok(m, 'a manager with pending shops')
  const u = await admin.ok(`/org/users/${m.manager_id}`)
  assert.equal((await admin.post(`/org/users/${u.id}/reset-password`, { password: 'Temp#Reset-99' })).status, 200)
  const { context, page, errors } = await newPage(browser, srv.base, { ...PHONE, permissions: ['geolocation'] })
  await page.goto('/login')
  await page.locator(`input${tid('login-username')}, ${tid('login-username')} input`).first().fill(u.username)
  await page.locator(`input${tid('login-password')}, ${tid('login-password')} input`).first().fill('Temp#Reset-99')
  await page.locator(tid('login-submit')).click()
  const dlg = page.locator(tid('password-dialog'))
  await dlg.waitFor()
  for (const [k, v] of [['old-password', 'Temp#Reset-99'], ['new-password', 'Eval#Phone-2026'], ['confirm-password', 'Eval#Phone-2026']])
    await page.locator(`input${tid(k)}, ${tid(k)} input`).first().fill(v)
  await page.locator(tid('password-submit')).click()
  await dlg.waitFor({ state: 'hidden' })
  errors.length = 0 // before the password change every other call answered 403 password_change_required
  return { u, context, page, errors }
}

test('375 px: a manager evaluates a shop with GPS, a photo and a signature through a lost connection; stored once', async () => {
  const { u, context, page, errors } = await managerPhone()
  await page.goto('/evals/mine')
  const card = page.locator('[data-testid^="mine-shop-"]').first()
  await card.waitFor()
  await noSideways(page, '我的评价任务')
  await shot(page, 'evals-phone-mine')
  const aid = Number((await card.getAttribute('data-testid')).replace('mine-shop-', ''))
  const a = await admin.ok(`/evals/assignments/${aid}`)
  assert.equal(a.manager_id, u.id)
  await context.setGeolocation({ longitude: a.lng, latitude: a.lat, accuracy: 12 })
  await card.click()
  await page.waitForURL(new RegExp(`/evals/evaluate/${aid}$`))
  await page.locator(tid('ev-gps')).filter({ hasText: '已定位' }).waitFor()
  // scores: raise 显眼 to 6 with the stepper's input
  const visible = page.locator(`${tid('ev-item-display_visible')} input`)
  await visible.fill('6')
  await visible.blur()
  // a photo from the camera (a file input with capture), shrunk in the browser and uploaded at once
  await page.locator(tid('ev-camera')).setInputFiles(join(ROOT, 'tests', 'data', 'evals', 'shop2.jpg'))
  await page.locator('.ph .el-tag', { hasText: '已上传' }).waitFor()
  // the owner signs on the screen
  await page.locator(tid('ev-pad')).scrollIntoViewIfNeeded()
  const padBox = await page.locator(tid('ev-pad')).boundingBox()
  await page.mouse.move(padBox.x + 20, padBox.y + 80)
  await page.mouse.down()
  for (let x = 20; x < 300; x += 20) await page.mouse.move(padBox.x + x, padBox.y + 80 + (x % 40 ? 30 : -30))
  await page.mouse.up()
  await page.getByText('已签字').waitFor()
  await noSideways(page, '评价表')
  await shot(page, 'evals-phone-evaluate')
  // the draft survives a reload
  await page.reload()
  await page.locator(tid('ev-restored')).waitFor()
  assert.equal(await page.locator(`${tid('ev-item-display_visible')} input`).inputValue(), '6')
  assert.equal(await page.locator('.ph').count(), 1)
  // the connection drops at submit: queued on the phone, sent by itself when it returns
  await context.setOffline(true)
  await page.locator(tid('ev-submit')).click()
  await page.locator(tid('ev-pending')).waitFor()
  assert.equal((await admin.ok(`/evals/assignments/${aid}`)).evaluation_id, null, 'nothing reached the server')
  await context.setOffline(false)
  await page.locator(tid('ev-done')).waitFor({ timeout: 30000 })
  const stored = await admin.ok(`/evals/assignments/${aid}`)
  assert.ok(stored.evaluation_id)
  const e = await admin.ok(`/evals/evaluations/${stored.evaluation_id}`)
  assert.equal(e.answers.display_visible, 6)
  assert.deepEqual(e.photos.map((p) => p.kind).sort(), ['photo', 'signature'])
  assert.ok(e.distance_m < 50, `captured at the shop: ${e.distance_m} m`)
  assert.equal((await admin.ok(`/evals/evaluations?shop_id=${a.shop_id}&round_id=${current.id}`)).total, 1, 'stored once')
  await shot(page, 'evals-phone-done')
  assert.deepEqual(errors.filter((x) => !/401|Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/.test(x)), [])
  await context.close()
})

test('a reviewer sees a flagged evaluation with its evidence and returns one with a reason', async () => {
  const { context, page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/evals/evaluations?flag=location')
  const row = page.locator(`${tid('evals-table')} .el-table__body tr`).first()
  await row.waitFor()
  await shot(page, 'evals-desktop-list')
  await row.click()
  const drawer = page.locator(tid('evals-drawer'))
  await drawer.locator(tid('flag-location')).waitFor()
  await drawer.locator(tid('evidence-map')).waitFor()
  assert.match(await drawer.locator(tid('flag-location')).innerText(), /相距 \d+ 米/)
  await shot(page, 'evals-desktop-evidence-location')
  // the same photo on another shop: both pictures side by side
  await page.keyboard.press('Escape')
  await page.goto('/evals/evaluations?flag=photo_dup')
  const dupRow = page.locator(`${tid('evals-table')} .el-table__body tr`).first()
  await dupRow.waitFor()
  await dupRow.click()
  const pair = drawer.locator(tid('evidence-photos')).first()
  await pair.waitFor()
  assert.equal(await pair.locator('img').count(), 2)
  await pair.locator('img').first().evaluate((img) => img.decode())
  await shot(page, 'evals-desktop-evidence-photos')
  // return a submitted one with a reason
  await page.keyboard.press('Escape')
  const sub = (await admin.ok(`/evals/evaluations?round_id=${current.id}&state=flagged&size=1`)).items[0]
  await page.goto('/evals/evaluations')
  await page.locator(`${tid('evals-table')} .el-table__body tr`).first().waitFor()
  await page.locator(`${tid('evals-state')}`).click()
  await page.locator('.el-select-dropdown__item', { hasText: '有疑点' }).click()
  await page.locator(`${tid('evals-table')} .el-table__body tr`, { hasText: sub.shop_name }).first().click()
  await drawer.locator(tid('review-return')).waitFor()
  await drawer.locator(`${tid('review-reason')} input, input${tid('review-reason')}`).first().fill('照片与门店不符，请到店重评')
  await drawer.locator(tid('review-return')).click()
  await drawer.locator('.el-tag', { hasText: '已退回' }).first().waitFor()
  const after = await admin.ok(`/evals/evaluations/${sub.id}`)
  assert.ok(after.state === 'returned' || (await admin.ok(`/evals/evaluations?round_id=${current.id}&state=returned`)).total >= 1)
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), []) // the session probe before login answers 401
  await context.close()
})

test('375 px: the rounds page with completeness, quality and distribution has no sideways scroll', async () => {
  const { context, page } = await newPage(browser, srv.base, PHONE)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/evals/rounds')
  await page.locator(tid('rounds-managers')).waitFor()
  await noSideways(page, '评价周期')
  await shot(page, 'evals-phone-rounds')
  await page.locator('.el-tabs__item', { hasText: '评价质量' }).click()
  await page.locator(tid('rounds-quality')).waitFor()
  await noSideways(page, '评价质量')
  await shot(page, 'evals-phone-quality')
  await page.goto('/evals/evaluations')
  await page.locator(`${tid('evals-table')} .el-table__body tr`).first().waitFor()
  await noSideways(page, '评价记录')
  await shot(page, 'evals-phone-list')
  await context.close()
  const d = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(d.page, 'admin', ADMIN_PASSWORD)
  await d.page.goto('/evals/rounds')
  await d.page.locator(tid('rounds-managers')).waitFor()
  await shot(d.page, 'evals-desktop-rounds')
  await d.page.locator('.el-tabs__item', { hasText: '评价质量' }).click()
  await d.page.locator(tid('rounds-quality')).waitFor()
  await d.page.waitForTimeout(300)
  await shot(d.page, 'evals-desktop-quality')
  await d.context.close()
})

test("375 px: the owner sees the shop's latest evaluation on the self-check page and appeals it there", async () => {
  // a result of the current quarter approved today, so the appeal period runs
  const ev = (await admin.ok(`/evals/evaluations?round_id=${current.id}&state=submitted&size=1`)).items[0]
  assert.ok(ev, 'a submitted evaluation in the current round')
  assert.equal((await admin.post(`/evals/evaluations/${ev.id}/review`, { action: 'approve' })).status, 200)
  const lr = await admin.post(`/shops/${ev.shop_id}/selfcheck-link`, {})
  assert.equal(lr.status, 200)
  const link = lr.json
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await page.goto(`/selfcheck/${link.token}`)
  const card = page.locator(tid('owner-result'))
  await card.waitFor()
  assert.equal(await page.locator(tid('owner-total')).textContent(), `${ev.total} 分`)
  assert.ok((await card.textContent()).includes('明码标价'), 'the items with their scores')
  await noSideways(page, '自测页的评价结果')
  await shot(page, 'evals-phone-owner-result')
  await page.locator(`textarea${tid('owner-appeal-reason')}, ${tid('owner-appeal-reason')} textarea`).first().fill('上次评价后已更换新柜台，陈列分偏低')
  await page.locator(tid('owner-appeal-submit')).click()
  await page.locator(tid('owner-appeal-pending')).waitFor()
  await shot(page, 'evals-phone-owner-appealed')
  const full = await admin.ok(`/evals/evaluations/${ev.id}`)
  const ap = full.appeals.filter((a) => a.by_kind === 'owner')
  assert.equal(ap.length, 1)
  assert.equal(ap[0].reason, '上次评价后已更换新柜台，陈列分偏低')
  assert.deepEqual(errors, [])
  await context.close()
})

test('评价表: an admin edits the draft item by item at 375 px, a bad draft names the item, publishing makes the next version', async () => {
  const before = await admin.ok('/evals/templates')
  const top = Math.max(...before.items.map((t) => t.version || 0))
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/evals/templates')
  await page.locator(tid('tpl-item-0')).waitFor()
  await noSideways(page, '评价表')
  await shot(page, 'evals-phone-templates')
  // two items with one code: refused, the message names the item, nothing saved
  const code1 = page.locator(`${tid('tpl-item-1')} input`).first()
  const code0 = await page.locator(`${tid('tpl-item-0')} input`).first().inputValue()
  await code1.fill(code0)
  await page.locator(tid('tpl-save')).click()
  await page.locator('.el-message--error').filter({ hasText: '条目' }).first().waitFor()
  assert.equal((await admin.ok('/evals/templates')).items.filter((t) => t.status === 'draft').length, 0, 'nothing saved')
  // a new item, a changed name and maximum; saved, then published
  await page.goto('/evals/templates')
  await page.locator(tid('tpl-item-0')).waitFor()
  await page.locator(`input${tid('tpl-item-name-0')}, ${tid('tpl-item-name-0')} input`).first().fill('显眼：卷烟柜台正对店门')
  await page.locator(tid('tpl-add')).click()
  const n = await page.locator('[data-testid^="tpl-item-"][class~="item"]').count()
  await page.locator(`input${tid('tpl-item-name-' + (n - 1))}, ${tid('tpl-item-name-' + (n - 1))} input`).first().fill('电子价签：使用电子价签')
  await page.locator(tid('tpl-save')).click()
  await page.locator('.el-message--success').filter({ hasText: '草稿已保存' }).waitFor()
  await page.locator(`${tid('tpl-publish')}:not([disabled])`).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message--success').filter({ hasText: `已发布第 ${top + 1} 版` }).waitFor()
  const after = await admin.ok('/evals/templates')
  const v = after.items.find((t) => t.version === top + 1)
  assert.equal(after.current_id, v.id)
  const body = (await admin.ok(`/evals/templates/${v.id}`)).body
  assert.equal(body.items[0].name, '显眼：卷烟柜台正对店门')
  assert.equal(body.items.at(-1).name, '电子价签：使用电子价签')
  assert.equal(body.items.length, n)
  // the earlier version is unchanged
  const old = (await admin.ok(`/evals/templates/${after.items.find((t) => t.version === top).id}`)).body
  assert.notEqual(old.items[0].name, '显眼：卷烟柜台正对店门')
  assert.ok((await auditOf(admin, 'eval_template', v.id)).some((a) => a.action === 'evals.template.publish'))
  assert.deepEqual(errors.filter((e) => !/400/.test(e)), [])
  await context.close()
  const d = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(d.page, 'admin', ADMIN_PASSWORD)
  await d.page.goto('/evals/templates')
  await d.page.locator(tid('tpl-item-0')).waitFor()
  await shot(d.page, 'evals-desktop-templates')
  await d.context.close()
})
