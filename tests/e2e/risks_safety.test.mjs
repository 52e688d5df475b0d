// E2E: 安全生产 on a 375 px phone — a vehicle check item by item, the form refusing to submit without the photo its
// template asks for, photos taken, a failed item becoming a hazard, then 登记整改 → 复查合格 → 已关闭; no sideways scroll
// at any step. And the desktop page: the year's figures, the month chart and the demo's overdue hazard first.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { e2eStart, e2eStop, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => ({ srv, browser } = await e2eStart()))
after(() => e2eStop({ srv, browser }))

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080802000000' + '4b6d29dc0000001149444154789c6398b5e10856c430b42400574583818e8db3fc0000000049454e44ae426082', 'hex')
const noSideScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)

test('desktop: figures, chart, the overdue hazard listed first', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/risks/safety')
  const table = page.locator(tid('hazard-table'))
  await table.locator('.el-table__row').first().waitFor()
  assert.equal(await table.locator('.el-table__row').first().locator('.dot.red').count(), 1)
  assert.match(await page.locator(tid('safety-stats')).innerText(), /逾期未整改/)
  await page.locator('.echart canvas').first().waitFor()
  await shot(page, 'risks-safety-1440')
  assert.deepEqual(errors, [])
})

test('375 px: a check with a hazard on the phone through to closure', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
  await loginOk(page)
  await page.goto('/risks/safety')
  await page.locator(tid('hazard-cards')).locator(tid('list-card')).first().waitFor()
  assert.ok(await noSideScroll(page), 'no sideways scroll: list')
  await shot(page, 'risks-safety-375')

  await page.locator(tid('safety-start')).click()
  await page.locator(tid('s-unit')).locator('.el-select').click()
  await page.locator('.s-unit-popper .el-tree-node__content').filter({ hasText: '物流中心' }).click()
  await page.locator('.el-dialog__title').last().click()
  await page.locator(tid('s-place')).getByText('车辆').click()
  await inputOf(page, 's-target').fill('浙H·D9999 送货车')
  await page.locator(tid('s-start')).click()
  const drawer = page.locator(tid('check-drawer'))
  await drawer.locator(tid('item-CL01')).waitFor()
  assert.equal(await drawer.locator('.item').count(), 7)

  // CL01 fails (a photo is then required), CL04 always wants one: submitting without them is refused, nothing written.
  await drawer.locator(tid('res-CL01')).getByText('不合格').click()
  await inputOf(page, 'note-CL01').fill('左前轮胎鼓包')
  await drawer.locator(tid('check-submit')).click()
  await drawer.locator(tid('check-error')).getByText(/CL01.*须拍照/).waitFor()
  for (const code of ['CL01', 'CL04']) {
    await drawer.locator(tid('photo-' + code)).locator('input[type=file]').setInputFiles({ name: code + '.png', mimeType: 'image/png', buffer: PNG })
    await drawer.locator(tid('item-' + code)).getByText('已拍 1 张').waitFor()
  }
  assert.ok(await noSideScroll(page), 'no sideways scroll: check form')
  await shot(page, 'risks-safety-check-375')
  await drawer.locator(tid('check-submit')).click()
  await drawer.getByText('共 7 项，不合格 1 项').waitFor()

  // The hazard: 整改中 → 登记整改 → 待复查 → 复查合格 → 已关闭.
  await drawer.locator('.link').filter({ hasText: '左前轮胎鼓包' }).click()
  const hz = page.locator(tid('hazard-drawer'))
  const status = hz.locator(tid('hazard-status'))
  await status.getByText('整改中').waitFor()
  await page.locator(tid('h-rectify')).click()
  await inputOf(page, 'h-note').fill('已更换轮胎')
  await page.locator(tid('h-save')).click()
  await status.getByText('待复查').waitFor()
  await page.locator(tid('h-reinspect')).click()
  await inputOf(page, 'h-note').fill('现场复查，轮胎已更换')
  await page.locator(tid('h-save')).click()
  await status.getByText('已关闭').waitFor()
  const ev = await hz.locator(tid('hazard-events')).innerText()
  for (const k of ['发现', '整改', '复查合格']) assert.match(ev, new RegExp(k))
  assert.ok(await noSideScroll(page), 'no sideways scroll: hazard')
  await shot(page, 'risks-safety-hazard-375')
  // The one console error is the browser's note of the refused submit (400) above.
  assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 400 (Bad Request)'])
})

test('应急预案, 舆情, 保密 pages at 1440 and 375 px: versions kept, the open event first, the overdue loan flagged', async () => {
  for (const width of [1440, 375]) {
    const phone = width === 375
    const { page, errors } = await newPage(browser, srv.base, { viewport: { width, height: 900 }, ...(phone ? { isMobile: true, hasTouch: true } : {}) })
    await loginOk(page)
    const first = (id) => (phone ? page.locator(tid(id + '-cards')).locator(tid('list-card')) : page.locator(tid(id + '-table')).locator('.el-table__row'))

    await page.goto('/risks/plans')
    await first('plan').first().waitFor()
    await first('plan').filter({ hasText: '卷烟仓库火灾事故专项应急预案' }).click()
    const versions = page.locator(tid('plan-versions'))
    await versions.getByText('V1.1').waitFor()
    assert.match(await versions.innerText(), /V1\.1[\s\S]*现行[\s\S]*V1\.0/)
    assert.match(await page.locator(tid('plan-detail')).innerText(), /仓库火灾专项应急演练/)
    assert.ok(await noSideScroll(page), 'no sideways scroll: plans')
    await shot(page, `risks-plans-${width}`)

    await page.goto('/risks/opinions')
    await first('opinion').first().waitFor()
    assert.match(await first('opinion').first().innerText(), /处置中/)
    await first('opinion').filter({ hasText: '网传某零售户销售假烟的短视频' }).click()
    const steps = page.locator(tid('opinion-steps'))
    await steps.getByText('首次发现').waitFor()
    assert.match(await page.locator(tid('opinion-detail')).innerText(), /35 分钟/)
    assert.ok(await noSideScroll(page), 'no sideways scroll: 舆情')
    await shot(page, `risks-opinions-${width}`)

    await page.goto('/risks/secrecy')
    await first('doc').first().waitFor()
    await page.locator(tid('doc-overdue')).click()
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, phone ? '[data-testid="doc-cards"] [data-testid="list-card"]' : '[data-testid="doc-table"] .el-table__row')
    await first('doc').first().click()
    const loan = page.locator(tid('doc-detail')).locator(tid('loan')).first()
    await loan.getByText(/逾期未还（6 天）/).waitFor()
    assert.ok(await noSideScroll(page), 'no sideways scroll: 保密')
    await shot(page, `risks-secrecy-${width}`)
    assert.deepEqual(errors, [])
  }
})

test('375 px: a 舆情 event registered, a response step added, closed with its review; the timeline follows', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
  await loginOk(page)
  await page.goto('/risks/opinions')
  await page.locator(tid('opinion-cards')).locator(tid('list-card')).first().waitFor()
  await page.locator(tid('opinion-add')).click()
  await inputOf(page, 'o-title').fill('E2E 网民反映门店缺货')
  await page.locator('.el-dialog .el-tree-select, .el-dialog .el-select').first().click()
  await page.locator('.el-tree-node__content:visible').filter({ hasText: '办公室' }).first().click()
  await page.locator('.el-dialog__title').last().click()
  await page.locator(tid('o-save')).click()
  const detail = page.locator(tid('opinion-detail'))
  const status = detail.locator(tid('opinion-status'))
  await status.getByText('处置中').waitFor()
  await page.locator(tid('o-step')).click()
  await inputOf(page, 'o-text').fill('核实货源投放情况，回复网民')
  await page.locator(tid('o-act-save')).click()
  await detail.locator(tid('opinion-steps')).getByText('核实货源投放情况').waitFor()
  await page.locator(tid('o-close')).click()
  await inputOf(page, 'o-text').fill('网民认可')
  await inputOf(page, 'o-review').fill('当日响应，口径统一')
  await page.locator(tid('o-act-save')).click()
  await status.getByText('已关闭').waitFor()
  assert.match(await detail.innerText(), /当日响应，口径统一/)
  await page.locator('.el-dialog').last().waitFor({ state: 'hidden' })
  assert.ok(await noSideScroll(page), 'no sideways scroll')
  await shot(page, 'risks-opinion-closed-375')
  assert.deepEqual(errors, [])
})
