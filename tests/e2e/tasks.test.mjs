// E2E: paste the seed plan, drop one node in the preview, save; on the 督办台账 open a yellow task, urge it, report
// progress, submit and close it; the light and the statistics change.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot, ROOT } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

async function act(page, name, text) {
  await page.locator(tid('act-' + name)).click()
  if (text !== undefined) await inputOf(page, 'act-text').fill(text)
  await page.locator(tid('act-confirm')).click()
  await page.locator('.el-message--success').last().waitFor()
}

test('plan → task → progress → close; light and statistics change', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  // 年度计划: paste, parse, fix the preview (drop the last node), save.
  await page.goto('/tasks/plans')
  await inputOf(page, 'plan-title').fill('E2E 2023计划')
  await inputOf(page, 'plan-text').fill(readFileSync(join(ROOT, 'tests/data/plan_2023.txt'), 'utf8'))
  await page.locator(tid('plan-parse')).click()
  const tree = page.locator(tid('plan-tree'))
  await tree.getByText('持续夯实政治根基').first().waitFor()
  const before = await tree.locator('.el-tree-node').count()
  await tree.locator('[data-testid^="plan-del-"]').last().click()
  assert.equal(await tree.locator('.el-tree-node').count(), before - 1)
  await page.locator(tid('plan-save')).click()
  await page.locator(tid('plan-table')).getByText('E2E 2023计划').waitFor()

  // Stats before.
  await page.goto('/tasks/stats')
  const s0 = await page.locator(tid('stats-total')).innerText()
  const closed0 = +/办结 (\d+) 项/.exec(s0)[1]

  // 督办台账: the yellow (临期) task.
  await page.goto('/tasks/board?light=yellow')
  const table = page.locator(tid('task-table'))
  await table.locator('.el-table__row').first().waitFor()
  assert.match(await table.locator('.el-table__row').first().innerText(), /临期/)
  await table.locator('.el-table__row').first().click()
  await page.waitForURL(/\/tasks\/task\/\d+$/)
  assert.equal((await page.locator(tid('detail-light')).innerText()).trim(), '临期')
  await act(page, 'urge', '请按期完成')
  await act(page, 'report', '回头看方案已印发，完成自查')
  await page.locator(tid('timeline')).getByText('回头看方案已印发').waitFor()
  await act(page, 'submit', '已全部完成')
  await page.locator(tid('act-close')).click()
  await page.locator(tid('act-confirm')).click()
  await page.locator(tid('detail-status')).getByText('已办结').waitFor()
  assert.equal((await page.locator(tid('detail-light')).innerText()).trim(), '已办结')
  await shot(page, 'tasks-detail-closed')

  await page.goto('/tasks/stats')
  await page.locator(tid('stats-table')).waitFor()
  const s1 = await page.locator(tid('stats-total')).innerText()
  assert.equal(+/办结 (\d+) 项/.exec(s1)[1], closed0 + 1)
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})
