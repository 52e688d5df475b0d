// E2E: 数字化所队部 — 横向对比 follows a value changed through the API without a reload (server-sent events);
// 纵向对比 shows the 同比 that the database gives; the other pages render at desktop and 375 px (screenshots).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'
import { bureauDate } from '../api/bureau_time.mjs'

const run = promisify(execFile)
let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

async function sql(q) { return (await run('sqlite3', [srv.db, q])).stdout.trim() }
/** The month before the bureau's current one (the server's demo and "this month" follow the bureau's zone, not the
 * host's: a host clock would name the wrong month from 16:00 UTC on a month's last day). */
function lastMonth() {
  const [y, m] = bureauDate(0).split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

test('横向对比: a value pushed through the API moves the bar and the number without reload', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/cockpit/horizontal?indicator=XSL')
  const cell = page.locator(tid('ck-h-value-SCB-NB'))
  await cell.waitFor()
  await page.locator(tid('ck-live')).getByText('实时').waitFor()
  await page.evaluate(() => { window.__noReload = 42 })
  const before = await cell.innerText()
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const unit = +(await sql("SELECT id FROM units WHERE code = 'SCB-NB'"))
  const r = await page.request.put('/api/v1/cockpit/values', {
    headers: { 'X-CSRF-Token': me.csrf_token, Origin: srv.base }, data: { indicator: 'XSL', unit_id: unit, month: lastMonth(), value: 4321.5 },
  })
  assert.equal(r.status(), 200)
  // The live update arriving is the event waited for; how fast it arrives is bench/cockpit.mjs's business.
  await page.waitForFunction(() => document.querySelector('[data-testid="ck-h-value-SCB-NB"]')?.innerText.includes('4,321.5'), null, { timeout: 60000 })
  assert.notEqual(before, await cell.innerText())
  assert.equal(await page.evaluate(() => window.__noReload), 42, 'the page was not reloaded')
  // The top bar now belongs to 南部片区 (rank 1 in the table).
  assert.match(await page.locator(tid('ck-h-table')).locator('tbody tr').first().innerText(), /南部片区/)
  await page.waitForTimeout(800) // let the bars finish moving
  await shot(page, 'cockpit-horizontal')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('纵向对比: the 同比 shown equals the one computed from the database', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const m = lastMonth()
  const [y, mm] = m.split('-').map(Number)
  const ly = `${y - 1}-${String(mm).padStart(2, '0')}`
  const unit = +(await sql("SELECT id FROM units WHERE code = 'SCB-CQ'"))
  const q = (month) => sql(`SELECT value FROM cockpit_values v JOIN cockpit_indicators i ON i.id = v.indicator_id WHERE i.code = 'XSL' AND v.unit_id = ${unit} AND v.month = '${month}'`)
  const cur = +(await q(m)), base = +(await q(ly))
  const want = ((cur - base) / Math.abs(base)) * 100
  const text = `${want > 0 ? '+' : ''}${want.toFixed(2)}%`
  await page.goto(`/cockpit/vertical?indicator=XSL&unit=${unit}&to=${m}`)
  const yoy = page.locator(tid('ck-v-yoy-' + m))
  await yoy.waitFor()
  assert.equal(await yoy.innerText(), text)
  await shot(page, 'cockpit-vertical')
  await page.setViewportSize({ width: 375, height: 760 })
  await page.waitForTimeout(300)
  await shot(page, 'cockpit-vertical-375')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('矩阵 (scroll cue at 1440 px), 大屏 (tiles lit like 横向, a legend on every chart) and 横向 at 375 px as cards', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto('/cockpit/matrix')
  await page.locator(tid('ck-m-league')).locator('tbody tr').first().waitFor()
  // Twenty-odd indicators do not fit the matrix column at 1440 px: the page says the table scrolls.
  await page.locator(tid('ck-m-cue')).waitFor()
  assert.match(await page.locator(tid('ck-m-cue')).innerText(), /左右滚动/)
  await shot(page, 'cockpit-matrix')
  await page.locator('[data-testid^="ck-m-cell-"]').first().click()
  await page.locator(tid('ck-m-history')).getByText('查看纵向对比').waitFor()
  await shot(page, 'cockpit-matrix-history')
  await page.goto('/cockpit/screen')
  await page.locator(tid('ck-screen')).locator('canvas').first().waitFor()
  // Each tile carries the light 横向 gives the same figure (the bureau's summary of that indicator and month).
  const tile = page.locator('[data-testid^="ck-screen-tile-"]').first()
  await tile.waitFor()
  const code = (await tile.getAttribute('data-testid')).replace('ck-screen-tile-', '')
  const h = await (await page.request.get(`/api/v1/cockpit/horizontal?indicator=${code}&month=${lastMonth()}`)).json()
  assert.equal(await tile.getAttribute('data-light'), h.summary.light)
  assert.notEqual(h.summary.light, undefined)
  // Five panels: ranking, trend, league, shops by level, 督办 lights — each chart drawn with a legend.
  await page.locator(tid('ck-screen-shops')).locator('canvas').waitFor()
  await page.locator(tid('ck-screen-tasks')).locator('canvas').waitFor()
  await page.locator(tid('ck-screen')).locator('.panel canvas').nth(4).waitFor() // every panel drawn, not only the two above
  assert.equal(await page.locator(tid('ck-screen')).locator('.panel canvas').count(), 5)
  await page.waitForTimeout(600)
  await shot(page, 'cockpit-screen')
  await page.goto('/cockpit/data')
  await page.locator(tid('ck-d-indicators')).getByText('卷烟销量').waitFor()
  await shot(page, 'cockpit-data')
  await page.getByRole('tab', { name: '接口密钥' }).click()
  await page.getByText('对接方式').waitFor()
  await shot(page, 'cockpit-data-keys')
  await page.setViewportSize({ width: 375, height: 760 })
  await page.goto('/cockpit/horizontal?indicator=AQJC')
  await page.locator(tid('ck-h-card')).first().waitFor()
  assert.equal(await page.locator(tid('ck-h-table')).count(), 0, 'cards, not the desktop table')
  assert.match(await page.locator(tid('ck-h-card')).first().innerText(), /完成率|名次变化/)
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways page scroll at 375 px')
  await page.waitForTimeout(300)
  await shot(page, 'cockpit-horizontal-375')
  await page.goto('/cockpit/matrix')
  await page.locator(tid('ck-m-league')).waitFor()
  await shot(page, 'cockpit-matrix-375')
  assert.deepEqual(errors.filter((e) => !/fullscreen|favicon|401/i.test(e)), [])
})

test('指标定义: an admin creates an indicator in the dialog and finds it in 横向对比\'s selector; 目标设置 splits by season', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/cockpit/horizontal?indicator=XSL') // the indicator list is now cached by the SPA
  await page.locator(tid('ck-h-value-SCB-NB')).waitFor()
  await page.locator('.el-menu').getByText('指标定义').click()
  await page.locator(tid('ck-i-table')).getByText('卷烟销量').waitFor()
  await page.locator(tid('ck-i-new')).click()
  await inputOf(page, 'ck-i-code').fill('E2E_ZF')
  await inputOf(page, 'ck-i-name').fill('走访覆盖户数')
  await shot(page, 'cockpit-indicators-dialog')
  await page.locator(tid('ck-i-save')).click()
  await page.locator(tid('ck-i-table')).getByText('走访覆盖户数').waitFor()
  assert.equal(await sql("SELECT name || '/' || time_agg FROM cockpit_indicators WHERE code = 'E2E_ZF'"), '走访覆盖户数/sum')
  assert.equal(await sql("SELECT count(*) FROM audit_log WHERE action = 'cockpit.indicator.create'"), '1')
  await shot(page, 'cockpit-indicators')
  await page.locator('.el-menu').getByText('横向对比').click()
  await page.locator(tid('ck-h-indicator')).click()
  await page.locator('.el-select-dropdown__item').getByText('走访覆盖户数').waitFor()
  await page.keyboard.press('Escape')
  // 目标设置: a yearly target split like last year's months; the 12 months add up to it and are stored.
  await page.locator('.el-menu').getByText('目标设置').click()
  await page.locator(tid('ck-t-indicator')).click()
  await page.locator('.el-select-dropdown__item:visible').getByText('卷烟销量', { exact: true }).click()
  await page.locator(tid('ck-t-year')).locator('input').fill('12000')
  await page.locator(tid('ck-t-split')).click()
  await page.locator(tid('ck-t-season')).click()
  await page.locator(tid('ck-t-sum')).getByText('一致').waitFor()
  await page.locator(tid('ck-t-save')).click()
  await page.getByText('目标已保存').waitFor()
  const y = Number(bureauDate(0).slice(0, 4))
  const got = await sql(`SELECT count(*) || '/' || round(sum(value)) FROM cockpit_targets t JOIN cockpit_indicators i ON i.id = t.indicator_id WHERE i.code = 'XSL' AND t.year = ${y} AND t.month > 0 AND t.unit_id = (SELECT id FROM units WHERE parent_id IS NULL)`)
  assert.equal(got, '12/12000.0')
  await shot(page, 'cockpit-targets')
  await page.setViewportSize({ width: 375, height: 760 })
  await page.waitForTimeout(300)
  await shot(page, 'cockpit-targets-375')
  await page.goto('/cockpit/indicators')
  await page.locator(tid('ck-i-table')).waitFor()
  await shot(page, 'cockpit-indicators-375')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('目标分解表: a block pasted from Excel fills a unit\'s year and months; the bureau must equal its children before saving', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const made = await page.request.post('/api/v1/cockpit/indicators', { headers: { 'X-CSRF-Token': me.csrf_token, Origin: srv.base },
    data: { code: 'E2E_GRID', name: '分解测试', category: '综合', direction: 'higher', time_agg: 'sum', sort: 1 } })
  assert.equal(made.status(), 201)
  await page.goto('/cockpit/target-grid')
  await page.locator(tid('ck-g-table')).waitFor()
  await page.locator(tid('ck-g-indicator')).click()
  await page.locator('.el-select-dropdown__item:visible').getByText('分解测试', { exact: true }).click()
  const cq = await sql("SELECT id FROM units WHERE code = 'CQS'"), ju = await sql("SELECT id FROM units WHERE parent_id IS NULL")
  await page.locator(tid('ck-g-year-' + cq)).waitFor()
  // Year 1200 and twelve months of 100, as Excel puts them on the clipboard (tab-separated).
  const block = ['1200', ...Array(12).fill('100')].join('\t') + '\n'
  await page.locator(tid('ck-g-year-' + cq)).focus()
  await page.evaluate(([sel, text]) => {
    const el = document.querySelector(sel)
    const dt = new DataTransfer()
    dt.setData('text/plain', text)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  }, [`[data-testid="ck-g-year-${cq}"]`, block])
  assert.equal(await page.locator(tid('ck-g-year-' + cq)).inputValue(), '1200')
  assert.equal(await page.locator(tid('ck-g-row-' + cq)).locator('input').nth(12).inputValue(), '100')
  // The bureau typed 1300 while its children add up to 1200: flagged on the page, not saved.
  await page.locator(tid('ck-g-year-' + ju)).fill('1300')
  await page.locator(tid('ck-g-problems')).getByText('不一致').waitFor()
  await shot(page, 'cockpit-target-grid')
  await page.locator(tid('ck-g-year-' + ju)).fill('1200')
  await page.locator(tid('ck-g-save')).click()
  await page.getByText('目标分解表已保存').waitFor()
  const got = await sql(`SELECT count(*) || '/' || round(sum(value)) FROM cockpit_targets t JOIN cockpit_indicators i ON i.id = t.indicator_id WHERE i.code = 'E2E_GRID' AND t.unit_id = ${cq}`)
  assert.equal(got, '13/2400.0')
  assert.equal(await sql(`SELECT value FROM cockpit_targets t JOIN cockpit_indicators i ON i.id = t.indicator_id WHERE i.code = 'E2E_GRID' AND t.unit_id = ${ju} AND month = 0`), '1200.0')
  await page.setViewportSize({ width: 375, height: 760 })
  // The table lays itself out again after the resize (its resize observer): wait for that, then the page must not scroll sideways.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 10000 }).catch(() => {})
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the grid scrolls inside its box, not the page')
  await shot(page, 'cockpit-target-grid-375')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('红灯督办: a red unit in 横向对比 opens a 督办 task filled in with the indicator, value, target and gap', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const unit = +(await sql("SELECT id FROM units WHERE code = 'SCB-DB'"))
  // 东部片区 sells almost nothing last month: far behind its target, a red light.
  const r = await page.request.put('/api/v1/cockpit/values', {
    headers: { 'X-CSRF-Token': me.csrf_token, Origin: srv.base }, data: { indicator: 'XSL', unit_id: unit, month: lastMonth(), value: 1.5 },
  })
  assert.equal(r.status(), 200)
  const h = await (await page.request.get(`/api/v1/cockpit/horizontal?indicator=XSL&month=${lastMonth()}`)).json()
  const row = h.items.find((x) => x.unit_code === 'SCB-DB')
  assert.equal(row.light, 'red')
  await page.goto(`/cockpit/horizontal?indicator=XSL&month=${lastMonth()}`)
  await page.locator(tid('ck-h-supervise-SCB-DB')).click()
  const title = inputOf(page, 'task-title')
  await title.waitFor()
  assert.match(await title.inputValue(), /^东部片区卷烟销量指标督办/)
  const content = await inputOf(page, 'task-content').inputValue()
  assert.match(content, /东部片区卷烟销量1\.5/)
  assert.match(content, /完成率\d+(\.\d)?%/)
  assert.match(content, /差距[\d,.]+/)
  assert.match(content, /亮红灯/)
  await shot(page, 'cockpit-red-supervise')
  await page.locator(tid('task-save')).click()
  await page.waitForURL(/\/tasks\/task\/\d+$/)
  const id = +page.url().split('/').pop()
  const t = await (await page.request.get('/api/v1/tasks/tasks/' + id)).json()
  assert.equal(t.lead_unit_id, unit)
  assert.equal(t.priority, '高')
  assert.equal(t.content, content)
  assert.match(t.due_date, /^\d{4}-\d{2}-\d{2}$/)
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})
