// E2E: 年度总结 — generate the 2022 review in the browser; 党建 shows the seed's figures marked (hover: the source; click:
// the list behind it); free text typed around a figure is saved as a new version with who changed it; the Word file
// downloads; the pages fit 375 px without sideways scrolling (screenshots at 1440 and 375 px).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

test('generate, look at the figures, edit around them, versions, Word', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 1440, height: 900 } })
  await loginOk(page)
  await page.goto('/report/drafts')
  await inputOf(page, 'gen-year').fill('2022')
  await page.locator(tid('gen-btn')).click()
  await page.waitForURL(/\/report\/draft\/\d+$/)
  const money = page.locator(tid('fig-tasks.checklist.zhenggai-amount'))
  await money.waitFor()
  assert.equal(await money.innerText(), '8.96万元')
  assert.equal(await page.locator(tid('fig-tasks.checklist.shishi-count')).innerText(), '28条')
  assert.match(await page.locator(tid('sec-0')).innerText(), /收回损失8757元，清退费用8631元，处理处分26人次/)
  assert.match(await page.locator(tid('doc')).innerText(), /（三）[^（]*暂无可引用的数据记录/)
  await money.hover()
  await page.getByText('来源：整改清单').first().waitFor()
  await shot(page, 'report-draft-1440')
  // edit: text typed before the first paragraph, then saved as version 2
  await page.locator(tid('edit-btn')).click()
  const p0 = page.locator(tid('para-0-0'))
  await p0.click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.type('全年')
  await inputOf(page, 'judgement-0').fill('始终把党的政治建设放在首位。')
  await page.locator(tid('save-btn')).click()
  await page.getByText('始终把党的政治建设放在首位。').waitFor()
  assert.match(await page.locator(tid('sec-0')).innerText(), /全年一是/)
  assert.equal(await page.locator(tid('fig-tasks.checklist.shishi-count')).innerText(), '28条', 'the figure keeps its mark')
  await page.locator(tid('versions-btn')).click()
  const v = page.locator(tid('versions'))
  await v.getByText('第 2 版').waitFor()
  assert.match(await v.innerText(), /修改：（一）/)
  await page.keyboard.press('Escape')
  // the Word file
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(tid('docx-btn')).click()])
  assert.match(dl.suggestedFilename(), /2022年工作总结和2023年工作安排\.docx$/)
  // a click on a figure opens the list behind it
  await page.locator(tid('fig-tasks.checklist.zhenggai-amount')).click()
  await page.waitForURL(/\/tasks\/checklist\?year=2022/)
  // 375 px: no sideways scroll on the draft, the list and the facts
  const { page: m } = await newPage(browser, srv.base, { viewport: { width: 375, height: 800 } })
  await loginOk(m)
  for (const [path, name, wait] of [[page.url().replace(/.*\/tasks.*/, '/report/drafts'), 'report-drafts-375', 'drafts-table'], ['/report/facts', 'report-facts-375', null]]) {
    await m.goto(path)
    if (wait) await m.locator(tid(wait)).waitFor()
    else await m.waitForLoadState('networkidle')
    assert.ok(await m.evaluate(() => document.documentElement.scrollWidth <= 375), `${path} fits 375 px`)
    await shot(m, name)
  }
  const id = (await (await m.request.get('/api/v1/report/drafts')).json()).items[0].id
  await m.goto('/report/draft/' + id)
  await m.locator(tid('fig-tasks.checklist.zhenggai-amount')).waitFor()
  assert.ok(await m.evaluate(() => document.documentElement.scrollWidth <= 375), 'the draft fits 375 px')
  await shot(m, 'report-draft-375')
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [])
})
