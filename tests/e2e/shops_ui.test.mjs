// E2E: the shops pages as people use them. The visit form starts empty and offers each last answer (沿用上次), and one
// answer taken over is stored as carried over and shown on the result; every shops page at 375 px has no sideways
// page scroll; the template editor adds and removes a dimension (labelled inputs, codes generated).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, loginOk, tid, shot, ADMIN_PASSWORD, e2eStart, e2eStop, PHONE, noSideways } from './lib.mjs'

let srv, browser, admin
before(async () => ({ srv, browser, admin } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

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
  // nothing chosen in advance: no option on, 0 answered, and the last visit's date shown — counted once the last
  // visit has arrived (its date on the page), so an answer filled in from it would already be there
  await page.locator(tid('assess-last')).getByText(form.last_visit_at).waitFor()
  assert.equal(await page.locator('.qcard .opt.on').count(), 0, 'no answer pre-chosen')
  await page.locator(tid('q-progress')).getByText(/已答 0 \//).waitFor()
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

/** A customer manager (scope: himself) with shops, signed in on a phone after the forced password change. */
async function managerPage() {
  const roles = (await admin.ok('/org/roles')).items
  const role = roles.find((r) => r.code === 'customer_manager')
  let u = null
  for (const x of (await admin.ok(`/org/users?role_id=${role.id}&size=50`)).items) {
    if ((await admin.ok(`/shops?manager_id=${x.id}&size=1`)).total > 0 && x.roles.every((r) => r.code === 'customer_manager')) { u = x; break }
  }
  assert.ok(u, 'a demo customer manager with shops')
  assert.equal((await admin.post(`/org/users/${u.id}/reset-password`, { password: 'Temp#Reset-88' })).status, 200)
  const { context, page, errors } = await newPage(browser, srv.base, PHONE)
  await page.goto('/login')
  await page.locator(`input${tid('login-username')}, ${tid('login-username')} input`).first().fill(u.username)
  await page.locator(`input${tid('login-password')}, ${tid('login-password')} input`).first().fill('Temp#Reset-88')
  await page.locator(tid('login-submit')).click()
  const dlg = page.locator(tid('password-dialog'))
  await dlg.waitFor()
  for (const [k, v] of [['old-password', 'Temp#Reset-88'], ['new-password', 'Shop#Phone-2026'], ['confirm-password', 'Shop#Phone-2026']])
    await page.locator(`input${tid(k)}, ${tid(k)} input`).first().fill(v)
  await page.locator(tid('password-submit')).click()
  await dlg.waitFor({ state: 'hidden' })
  return { u, context, page, errors }
}

test('at 375 px no shops page scrolls sideways; a 客户经理 who sees only his shops gets no unit or manager filter; phones are tel: links', async () => {
  const shop = (await admin.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).items[0]
  const link = await admin.post(`/shops/${shop.id}/selfcheck-link`, {})
  const { context, page } = await newPage(browser, srv.base, PHONE)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  const pages = [
    ['/shops/list', tid('shop-card'), 'shops-list'],
    [`/shops/shop/${shop.id}`, tid('shop-radar') + ' canvas', 'shops-shop'],
    [`/shops/shop/${shop.id}/assess`, tid('item-pos'), 'shops-assess'],
    ['/shops/picture', tid('picture-table'), 'shops-picture'],
    ['/shops/templates', tid('tpl-add-dim'), 'shops-templates'],
    [`/selfcheck/${link.json.token}`, '.qcard', 'shops-selfcheck'],
  ]
  for (const [path, sel, name] of pages) {
    await page.goto(path)
    await page.locator(sel).first().waitFor()
    await shot(page, name + '-375')
    await noSideways(page, path)
  }
  // the admin's filters (behind 筛选 on a phone) include unit and manager
  await page.goto('/shops/list')
  await page.locator(tid('filters-toggle')).click()
  await page.locator(tid('shops-unit')).waitFor()
  await page.locator(tid('shops-manager')).waitFor()
  await noSideways(page, '/shops/list with filters open')
  await context.close()

  const m = await managerPage()
  await m.page.goto('/shops/list')
  await m.page.locator(tid('shop-card')).first().waitFor()
  await m.page.locator(tid('filters-toggle')).click()
  await m.page.locator(tid('shops-level')).waitFor()
  assert.equal(await m.page.locator(tid('shops-unit')).count(), 0, 'no unit filter for a self-scoped manager')
  assert.equal(await m.page.locator(tid('shops-manager')).count(), 0, 'no manager filter for a self-scoped manager')
  await shot(m.page, 'shops-list-manager-filters-375')
  await noSideways(m.page, '/shops/list (客户经理)')
  const withPhone = (await admin.ok(`/shops?manager_id=${m.u.id}&size=20`)).items.find((s) => s.phone)
  if (withPhone) {
    await m.page.locator(tid('filters-toggle')).click()
    await m.page.locator(`${tid('shop-card')} a[href="tel:${withPhone.phone}"]`).first().waitFor()
  }
  await m.context.close()
})

test('新增 one shop through the form (field errors on the field, a taken 许可证号 named); the template editor adds and removes a dimension', async () => {
  const { context, page, errors } = await newPage(browser, srv.base)
  await loginOk(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/shops/list')
  await page.locator(tid('shops-table')).waitFor()
  await page.locator(tid('shops-unit')).waitFor()
  await page.locator(tid('shops-add')).click()
  const dlg = page.locator(tid('shop-dialog'))
  await dlg.waitFor()
  const taken = (await admin.ok('/shops?size=1')).items[0].license_no
  await page.locator(`${tid('shop-license')} input, input${tid('shop-license')}`).first().fill(taken)
  await page.locator(`${tid('shop-name-input')} input, input${tid('shop-name-input')}`).first().fill('界面新增测试便利店')
  await page.locator(tid('shop-unit')).click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first().click()
  await page.locator(tid('shop-category')).click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '便利店' }).click()
  await page.locator(tid('shop-save')).click()
  await dlg.locator('.el-form-item__error', { hasText: taken }).waitFor()
  await page.locator(`${tid('shop-license')} input, input${tid('shop-license')}`).first().fill('331177000001')
  await page.locator(tid('shop-save')).click()
  await page.waitForURL(/\/shops\/shop\/\d+$/)
  await page.locator(tid('shop-name')).getByText('界面新增测试便利店').waitFor()
  const made = (await admin.ok('/shops?q=331177000001')).items
  assert.equal(made.length, 1)
  assert.equal(made[0].category, '便利店')

  // the template editor: a new dimension gets a generated code and labelled inputs; removing it leaves the draft as it was
  await page.goto('/shops/templates')
  await page.locator(tid('tpl-add-dim')).waitFor()
  const n0 = (await admin.ok('/shops/templates/draft')).body.dimensions.length
  await page.locator(tid('tpl-add-dim')).click()
  const dim = page.locator(tid('tpl-dim-' + n0))
  await dim.waitFor()
  await dim.locator(`${tid('tpl-dim-name-' + n0)} input, input${tid('tpl-dim-name-' + n0)}`).first().fill('数字化服务')
  for (const label of ['维度名称', '维度权重', '问题', '题型', '权重', '说明', '改进建议']) await dim.locator('.el-form-item__label', { hasText: label }).first().waitFor()
  const item = dim.locator('[data-testid^="tpl-item-"]').first()
  const itemCode = (await item.getAttribute('data-testid')).slice('tpl-item-'.length)
  assert.match(itemCode, /^q\d+$/, 'the item code is generated')
  await item.locator(`${tid('tpl-name-' + itemCode)} input, input${tid('tpl-name-' + itemCode)}`).first().fill('是否开通线上客服')
  await page.locator(tid('tpl-save')).click()
  await page.locator(tid('tpl-ok')).getByText('草稿已保存').waitFor()
  const d1 = (await admin.ok('/shops/templates/draft')).body
  assert.equal(d1.dimensions.length, n0 + 1)
  const added = d1.dimensions[n0]
  assert.match(added.code, /^d\d+$/)
  assert.equal(added.name, '数字化服务')
  assert.deepEqual(added.items.map((i) => [i.code, i.name, i.kind]), [[itemCode, '是否开通线上客服', 'yesno']])
  await shot(page, 'shops-template-add-dim')
  await page.locator(tid('tpl-dim-remove-' + n0)).click()
  await dim.waitFor({ state: 'detached' })
  await page.locator(tid('tpl-save')).click()
  await page.locator(tid('tpl-ok')).getByText('草稿已保存').waitFor()
  const d2 = (await admin.ok('/shops/templates/draft')).body
  assert.equal(d2.dimensions.length, n0)
  assert.ok(!d2.dimensions.some((d) => d.code === added.code))
  assert.deepEqual(errors.filter((e) => !/status of 401|status of 409/.test(e)), [])
  await context.close()
})
