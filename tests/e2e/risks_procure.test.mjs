// E2E: 三项项目 — the demo's flagged projects (split purchase, payment before acceptance) with their explanations, a
// flag turned into an audit finding with one click; a project filed through the form and taken through the lifecycle
// in the drawer (vote, review, approval, method, contract, a payment before 验收 refused without its exception,
// 验收, payment) with the steps following; the list as cards and the drawer at 375 px without sideways scroll.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { e2eStart, e2eStop, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => ({ srv, browser } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

const rowsOf = (page) => page.locator(`${tid('project-table')} .el-table__body-wrapper .el-table__row`)

test('the demo flags explained, one becomes an audit finding; a project through its lifecycle at 1440 px', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/risks/projects')
  await rowsOf(page).first().waitFor()
  assert.equal(await rowsOf(page).count(), 7)
  assert.equal((await page.locator(tid('p-flag-count')).innerText()).trim(), '3')
  await page.locator(tid('p-flagged')).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="project-table"] .el-table__body-wrapper .el-table__row').length === 3)
  await shot(page, 'risks-projects-1440')

  // The split purchase: explained, then one click to an audit finding with its 整改 item.
  await rowsOf(page).filter({ hasText: '办公电脑采购（第一批）' }).click()
  const flag = page.locator(tid('flag-split'))
  await flag.waitFor()
  assert.match(await flag.innerText(), /同一供应商“县鑫达电子商行”.*合计23\.00万元/)
  await page.locator(tid('flag-finding-split')).click()
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await page.locator('.el-message--success').getByText(/已登记审计发现问题/).waitFor()
  await flag.getByText(/已转审计整改 #\d+/).waitFor()
  assert.match(await page.locator(tid('project-steps')).innerText(), /验收/)
  await shot(page, 'risks-project-flag-1440')
  await page.keyboard.press('Escape')

  // The settings dialog shows the committee and saves them back unchanged (元 on screen, 分 on the wire).
  const set = await (await page.request.get('/api/v1/risks/procurement/settings')).json()
  await page.locator(tid('project-settings')).click()
  await page.locator(tid('ps-committee')).getByText(set.members[0].name).first().waitFor()
  await shot(page, 'risks-project-settings-1440')
  await page.locator(tid('ps-save')).click()
  await page.locator('.el-message--success').getByText('设置已保存').waitFor()

  // One-step approval and the admin on the committee, for a lifecycle one person can walk.
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const put = await page.request.put('/api/v1/risks/procurement/settings', {
    headers: { 'X-CSRF-Token': me.csrf_token, Origin: srv.base },
    data: { committee: [...set.committee, 'admin'], quorum_pct: 10, approval: [{ step: '分管局领导审批', from_fen: 0 }] },
  })
  assert.equal(put.status(), 200)

  await page.locator(tid('project-add')).click()
  await inputOf(page, 'p-title').fill('E2E 会议室音响采购')
  await inputOf(page, 'p-category').fill('音响设备')
  await page.locator(tid('p-unit')).locator('.el-select').click()
  await page.locator('.p-unit-popper .el-tree-node__content').filter({ hasText: '办公室' }).click()
  await page.locator('.el-dialog__title').filter({ hasText: '三项项目立项' }).click()
  await inputOf(page, 'p-amount').fill('-80000')
  await inputOf(page, 'p-need').fill('会议室音响老化，需整体更换')
  await page.locator(tid('p-save')).click()
  await page.locator('.el-form-item__error').getByText(/预算金额（元）应为大于0/).waitFor()
  await inputOf(page, 'p-amount').fill('80000')
  await page.locator(tid('p-save')).click()
  const view = page.locator(tid('project-view'))
  await view.waitFor()
  const steps = page.locator(tid('project-steps'))
  const finished = () => steps.locator('.el-step__head.is-success').count()
  assert.equal(await finished(), 1) // 立项

  await page.locator(tid('pd-vote')).click()
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-votes')).getByText('同意').waitFor()
  await page.locator(tid('pd-review')).click()
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await page.locator(tid('pd-approve')).waitFor()
  assert.equal(await finished(), 2)
  await page.locator(tid('pd-approve')).click()
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-method')).click()
  await page.locator(tid('pd-method-choice')).click()
  await page.locator('.pd-method-popper .el-select-dropdown__item').filter({ hasText: '询价' }).click()
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-contract')).click()
  await inputOf(page, 'pd-supplier').fill('县声海电子')
  await inputOf(page, 'pd-contract-no').fill('HT-E2E-1')
  await inputOf(page, 'pd-amount').fill('78000')
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-accept')).waitFor()
  assert.equal(await finished(), 5)

  // A payment before 验收 without an exception is refused naming the field; nothing is paid.
  await page.locator(tid('pd-pay')).click()
  await inputOf(page, 'pd-amount').fill('10000')
  await page.locator(tid('pd-save')).click()
  await page.locator('.el-dialog:visible .el-form-item__error').getByText(/请登记例外理由/).waitFor()
  await page.locator('.el-dialog:visible').getByRole('button', { name: '取消' }).click()
  await page.locator(tid('pd-accept')).click()
  await inputOf(page, 'pd-accept-note').fill('设备到货，调试合格')
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-pay')).getByText('付款').waitFor()
  await page.locator(tid('pd-pay')).click()
  await inputOf(page, 'pd-amount').fill('78000')
  await page.locator(tid('pd-save')).click()
  await page.locator(tid('pd-payments')).getByText('7.80万元').waitFor()
  assert.equal(await finished(), 7)
  assert.equal(await page.locator(tid('pd-pay')).count(), 0)
  await shot(page, 'risks-project-done-1440')
  // The refused 立项 (400) and payment (409) are the only failed requests.
  assert.deepEqual(errors.filter((e) => !/status of 40[09]/.test(e)), [])
  assert.equal(errors.length, 2)
})

test('三项项目 at 375 px: cards, no sideways scroll, the drawer with vertical steps and flags', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
  await loginOk(page)
  await page.goto('/risks/projects')
  const cards = page.locator(tid('project-cards'))
  await cards.locator(tid('list-card')).first().waitFor()
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll')
  await shot(page, 'risks-projects-375')
  await cards.locator(tid('list-card')).filter({ hasText: '卷烟品牌文化宣传物料制作' }).click()
  const flag = page.locator(tid('flag-pay_before_accept'))
  await flag.waitFor()
  assert.match(await flag.innerText(), /未验收；登记的例外理由：供应商要求预付30%定金/)
  assert.equal(await page.locator(`${tid('project-steps')}.el-steps--vertical`).count(), 1)
  await page.waitForFunction(() => Math.abs(document.querySelector('.el-drawer.rtl').getBoundingClientRect().left) < 1) // slid in
  assert.ok(await page.evaluate(() => {
    const d = document.querySelector('.el-drawer.rtl .el-drawer__body')
    return document.documentElement.scrollWidth <= window.innerWidth + 1 && d.scrollWidth <= d.clientWidth + 1
  }), 'no sideways scroll in the drawer')
  await shot(page, 'risks-project-375')
  assert.deepEqual(errors, [])
})
