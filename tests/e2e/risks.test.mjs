// E2E: the 风险清单 — the demo's two overdue reviews flagged first; a risk registered through the form (level from the
// matrix), found through the heat map, reviewed with a re-rating whose history shows; the page at 375 px without
// sideways scroll.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

test('register: overdue first, register a risk, re-rate it in a review, history shows', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/risks/register')
  const table = page.locator(tid('risk-table'))
  await table.locator('.el-table__row').first().waitFor()
  assert.match(await table.locator('.el-table__row').nth(0).innerText(), /逾期/)
  assert.match(await table.locator('.el-table__row').nth(1).innerText(), /逾期/)
  assert.doesNotMatch(await table.locator('.el-table__row').nth(2).innerText(), /逾期/)
  await page.locator(tid('risk-filter-overdue')).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="risk-table"] .el-table__row').length === 2)
  await page.locator(tid('risk-filter-overdue')).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="risk-table"] .el-table__row').length > 2)
  await shot(page, 'risks-register-1440')

  // Register: 物流中心, likelihood 2 × impact 5 → 高.
  await page.locator(tid('risk-add')).click()
  await inputOf(page, 'risk-form-title').fill('E2E 叉车作业伤人')
  await page.locator(tid('risk-form-unit')).locator('.el-select').click()
  await page.locator('.risk-unit-popper .el-tree-node__content').filter({ hasText: '物流中心' }).click()
  await page.locator('.el-dialog__title').click() // close the popper
  const rates = page.locator('.el-dialog .el-rate')
  await rates.nth(0).locator('.el-rate__item').nth(1).click()
  await rates.nth(1).locator('.el-rate__item').nth(4).click()
  await page.locator(tid('risk-form-save')).click()
  await page.locator('.el-message--success').getByText('等级：高').waitFor()
  await page.locator('.el-dialog').first().waitFor({ state: 'hidden' })

  // Open it from the list (search by name), review with a re-rating to 5 × 5.
  await page.locator('.filters input[placeholder="名称或类别"]').fill('叉车作业')
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="risk-table"] .el-table__row').length === 1)
  await table.locator('.el-table__row').first().click()
  const detail = page.locator(tid('risk-detail'))
  assert.equal((await detail.locator(tid('risk-level')).innerText()).trim(), '高')
  await page.locator(tid('risk-review')).click()
  await page.getByText('同时调整评级').click()
  const r2 = page.locator('.el-dialog:visible .el-rate')
  await r2.nth(0).locator('.el-rate__item').nth(4).click()
  await r2.nth(1).locator('.el-rate__item').nth(4).click()
  await inputOf(page, 'risk-rate-note').fill('雨季地面湿滑，事故可能性上升')
  await page.locator(tid('risk-rate-save')).click()
  await detail.locator(tid('risk-level')).getByText('重大').waitFor()
  const ev = detail.locator(tid('risk-events'))
  await ev.getByText('雨季地面湿滑').waitFor()
  assert.match(await ev.locator('.el-timeline-item').nth(0).innerText(), /重新评级/)
  assert.match(await ev.locator('.el-timeline-item').nth(1).innerText(), /登记/)
  await shot(page, 'risks-detail-1440')
  assert.deepEqual(errors, [])
})

test('register at 375 px: cards, no sideways scroll, detail drawer', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
  await loginOk(page)
  await page.goto('/risks/register')
  const cards = page.locator(tid('risk-cards'))
  await cards.locator(tid('list-card')).first().waitFor()
  assert.match(await cards.locator(tid('list-card')).first().innerText(), /复核逾期/)
  await page.locator(tid('risk-heatmap')).scrollIntoViewIfNeeded()
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll')
  await shot(page, 'risks-register-375')
  await cards.locator(tid('list-card')).first().click()
  await page.locator(tid('risk-events')).waitFor()
  await shot(page, 'risks-detail-375')
  assert.deepEqual(errors, [])
})

test('drills: compliance lights, the 物流中心 not yet green; the page at 375 px', async () => {
  for (const width of [1440, 375]) {
    const { page, errors } = await newPage(browser, srv.base, { viewport: { width, height: 900 } })
    await loginOk(page)
    await page.goto('/risks/drills')
    const row = page.locator(tid('drill-compliance')).locator('.el-table__row').filter({ hasText: '物流中心' })
    await row.waitFor()
    assert.equal(await row.locator('.dot.green').count(), 0)
    assert.match(await row.innerText(), /已完成（1）/)
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll')
    await shot(page, `risks-drills-${width}`)
    assert.deepEqual(errors, [])
  }
})

test('complaint: intake → dispatch → reply → rating, the status and the history follow; the list at 375 px', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/risks/complaints')
  await page.locator(tid('complaint-table')).locator('.el-table__row').first().waitFor()
  await page.locator(tid('complaint-add')).click()
  await inputOf(page, 'c-subject').fill('E2E 反映某店加价销售卷烟')
  await page.locator(tid('c-intake-save')).click()
  const detail = page.locator(tid('complaint-detail'))
  const status = detail.locator(tid('complaint-status'))
  await status.getByText('待派发').waitFor()
  const step = async (btn, fill) => {
    await page.locator(tid(btn)).click()
    if (fill) await fill()
    await page.locator(tid('c-act-save')).click()
    await page.locator('.el-dialog').last().waitFor({ state: 'hidden' })
  }
  await step('c-dispatch', async () => {
    await page.locator(tid('c-unit')).locator('.el-select').click()
    await page.locator('.c-unit-popper .el-tree-node__content').filter({ hasText: '城区专卖管理所' }).click()
    await page.locator('.el-dialog__title').last().click()
  })
  await status.getByText('办理中').waitFor()
  await step('c-reply', () => inputOf(page, 'c-text').fill('经核查属实，已责令整改并答复来电人'))
  await status.getByText('已回复').waitFor()
  await step('c-rate', () => inputOf(page, 'c-text').fill('电话回访，来电人满意'))
  await status.getByText('已办结').waitFor()
  const ev = await detail.locator(tid('complaint-events')).innerText()
  for (const k of ['受理', '派发', '回复', '回访']) assert.match(ev, new RegExp(k))
  assert.match(await detail.innerText(), /满意（电话回访，来电人满意）/)
  await shot(page, 'risks-complaint-1440')
  assert.deepEqual(errors, [])

  const m = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
  await loginOk(m.page)
  await m.page.goto('/risks/complaints')
  await m.page.locator(tid('complaint-cards')).locator(tid('list-card')).first().waitFor()
  assert.ok(await m.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll')
  await shot(m.page, 'risks-complaints-375')
  assert.deepEqual(m.errors, [])
})
