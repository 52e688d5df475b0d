// E2E: paste the seed plan, drop one node in the preview, save; on the 督办台账 open a yellow task, urge it, report
// progress, submit and close it; the light and the statistics change. A new task assigned through the form, a report with
// a file, urge, close; the message bell; a checklist item closed with a file; every 督办 page at 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, launch, newPage, loginOk, tid, inputOf, shot, ROOT } from './lib.mjs'
import { bureauDate } from '../api/bureau_time.mjs'
import { readFileSync as readBytes } from 'node:fs'

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
  await tree.locator('.el-tree-node').nth(before - 1).waitFor({ state: 'detached' }) // the tree has redrawn
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
  // One status tag; no light beside a closed task; its progress reads 100 %.
  assert.equal(await page.locator(tid('detail-light')).count(), 0)
  assert.equal(await page.locator(tid('detail-progress')).getAttribute('aria-valuenow'), '100')
  await shot(page, 'tasks-detail-closed')

  await page.goto('/tasks/stats')
  await page.locator(tid('stats-table')).waitFor()
  const s1 = await page.locator(tid('stats-total')).innerText()
  assert.equal(+/办结 (\d+) 项/.exec(s1)[1], closed0 + 1)
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('plan → 批量立项 of three nodes: each node\'s whole text carried into 工作内容; task detail shows the node\'s path', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/tasks/plans')
  await inputOf(page, 'plan-title').fill('E2E 批量立项')
  await inputOf(page, 'plan-text').fill('许可工作要点\n为做好全年许可工作，制定如下要点。\n一、强化许可管理\n（一）优化服务。重点做好三件事：①许可办理时限压缩至10个工作日以内；②推行证照联办；③开展回访。\n二、其他\n')
  await page.locator(tid('plan-parse')).click()
  const preview = page.locator(tid('plan-tree'))
  // The preview shows each node's whole text, and no blank node at the top: the text before the first heading is
  // shown apart as the plan's 前言, not as a node to tick.
  await preview.getByText('重点做好三件事：').waitFor()
  assert.match(await preview.locator('.el-tree-node__content').first().innerText(), /^一、强化许可管理/)
  assert.match(await page.locator(tid('plan-preamble')).innerText(), /^前言[\s\S]*许可工作要点\s+为做好全年许可工作，制定如下要点。$/)
  assert.equal(await preview.getByText('为做好全年许可工作').count(), 0)
  await shot(page, 'tasks-plan-preamble')
  await page.locator(tid('plan-save')).click()
  await page.locator('.el-message--success').last().waitFor()
  // Saving again updates the same plan: still one plan of that name.
  await page.locator(tid('plan-save')).click()
  await page.locator(tid('plan-editing')).waitFor()
  const plans = await (await page.request.get('/api/v1/tasks/plans?q=' + encodeURIComponent('E2E 批量立项'))).json()
  assert.equal(plans.total, 1)
  const cur = page.locator(tid('plan-cur-tree'))
  for (const t of ['许可办理时限压缩至10个工作日以内', '推行证照联办', '开展回访'])
    await cur.locator('.el-tree-node__content').filter({ hasText: t }).locator('.el-checkbox').first().click()
  await page.locator(tid('plan-batch')).click()
  const dlg = page.locator(tid('batch-dialog'))
  await dlg.locator(tid('batch-item-2')).waitFor()
  assert.equal(await inputOf(page, 'batch-content-0').inputValue(), '①许可办理时限压缩至10个工作日以内；')
  assert.equal(await inputOf(page, 'batch-title-1').inputValue(), '推行证照联办')
  await page.locator(tid('batch-lead')).click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: '办公室' }).first().click()
  await page.locator(tid('batch-save')).click()
  await page.locator('.el-message--success').filter({ hasText: '已创建 3 项' }).waitFor()
  const tasks = await (await page.request.get(`/api/v1/tasks/tasks?plan_id=${plans.items[0].id}&sort=created_at`)).json()
  assert.equal(tasks.total, 3)
  assert.deepEqual(tasks.items.map((t) => t.content).sort(), ['①许可办理时限压缩至10个工作日以内；', '②推行证照联办；', '③开展回访。'].sort())
  assert.ok(tasks.items.every((t) => t.lead_unit_name === '办公室' && t.status === '草稿' && t.due_date === `${plans.items[0].year}-12-31`), "the deadline defaults to the end of the plan's year")
  await cur.getByText('已立项 1').first().waitFor()
  // 任务详情: back, breadcrumbs, the node's full path, the date written as a range.
  const t1 = tasks.items.find((t) => t.content.startsWith('①'))
  await page.goto('/tasks/board')
  await page.goto('/tasks/task/' + t1.id)
  assert.equal(await page.locator(tid('detail-plan')).innerText(), 'E2E 批量立项 › 一、强化许可管理 › （一）优化服务。 › ①许可办理时限压缩至10个工作日以内；')
  assert.match(await page.locator(tid('detail-dates')).innerText(), /^截至 \d{4}-12-31$/)
  await shot(page, 'tasks-detail-from-plan')
  await page.locator(tid('detail-crumbs')).getByText('E2E 批量立项').click()
  await page.waitForURL(/\/tasks\/plans\?plan=\d+$/)
  await page.locator(tid('plan-cur-tree')).getByText('推行证照联办').first().waitFor()
  await page.goBack()
  await page.locator('.el-page-header__back').click()
  await page.waitForURL(/\/tasks\/board$/)
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

const pick = async (page, id, text) => {
  await page.locator(tid(id)).click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: text }).first().click()
}
const plusDays = (n) => bureauDate(n) // days from the server's today, in the bureau's zone

test('new task through the form → report with a file → urge → close; light, statistics and messages', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const unitName = (await page.locator(tid('user-unit')).innerText()).trim()
  await page.goto('/tasks/stats')
  const closed0 = +/办结 (\d+) 项/.exec(await page.locator(tid('stats-total')).innerText())[1]
  const bell0 = await page.locator(tid('msg-bell') + ' .el-badge__content').innerText().catch(() => '0')

  // 立项 through the form, assigned at once to the admin himself (so the messages come to this screen).
  await page.goto('/tasks/board')
  await page.locator(tid('task-add')).click()
  await inputOf(page, 'task-title').fill('E2E 新交办：城区夜查')
  await inputOf(page, 'task-content').fill('每周两次夜查，形成台账')
  await pick(page, 'task-unit', unitName)
  await pick(page, 'task-owner', '系统管理员')
  await inputOf(page, 'task-due').fill(plusDays(60))
  await inputOf(page, 'task-due').press('Enter')
  assert.equal(await page.locator(tid('task-workdays') + ' input').isChecked(), true, 'working days by default')
  await page.locator(tid('task-assign-now')).click()
  await page.locator(tid('task-save')).click()
  await page.waitForURL(/\/tasks\/task\/\d+$/)
  assert.equal((await page.locator(tid('detail-status')).innerText()).trim(), '已交办')
  assert.equal((await page.locator(tid('detail-light')).innerText()).trim(), '正常')
  assert.match(await page.locator(tid('detail-deadline')).innerText(), /^还剩 \d+ 个工作日$/)
  assert.equal((await page.locator(tid('detail-clock')).innerText()).trim(), '工作日')

  // 修改 through the same form: the title and the clock.
  await page.locator(tid('act-edit')).click()
  await inputOf(page, 'task-title').fill('E2E 新交办：城区夜查（修订）')
  await page.locator(tid('task-save')).click()
  await page.locator('.el-descriptions').getByText('E2E 新交办：城区夜查（修订）').waitFor()
  await act(page, 'accept')
  await act(page, 'urge', '请本周内开展首次夜查')
  await page.locator(tid('detail-urges')).getByText('1', { exact: true }).waitFor()
  // Progress report with a file, uploaded through the report dialog.
  await page.locator(tid('act-report')).click()
  await inputOf(page, 'act-text').fill('已开展夜查2次，附检查记录')
  await page.locator(tid('attach-upload') + ' input[type=file]').setInputFiles({ name: '夜查记录.pdf', mimeType: 'application/pdf',
    buffer: readBytes(join(ROOT, 'tests/data/attachments/整改报告.pdf')) })
  await page.locator(tid('attach-upload') + ' .el-upload-list__item').filter({ hasText: '夜查记录.pdf' }).waitFor()
  await page.locator(tid('act-confirm')).click()
  await page.locator('.el-message--success').last().waitFor()
  const file = page.locator(tid('timeline')).getByText('夜查记录.pdf')
  await file.waitFor()
  const [dl] = await Promise.all([page.waitForEvent('download'), file.click()])
  assert.equal(dl.suggestedFilename(), '夜查记录.pdf')
  await shot(page, 'tasks-detail-report')
  // A refused type is refused in the dialog.
  await page.locator(tid('act-report')).click()
  await page.locator(tid('attach-upload') + ' input[type=file]').setInputFiles({ name: 'run.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
  await page.locator('.el-message--error').filter({ hasText: '只能上传' }).waitFor()
  await page.keyboard.press('Escape')
  await act(page, 'submit', '夜查已常态化')
  await page.locator(tid('act-close')).click()
  await page.locator(tid('act-confirm')).click()
  await page.locator(tid('detail-status')).getByText('已办结').waitFor()
  assert.equal(await page.locator(tid('detail-light')).count(), 0)

  // Messages: the assignment and the urge reached the owner; the bell counts them.
  await page.goto('/tasks/messages')
  const list = page.locator(tid('msg-list'))
  await list.getByText('催办：E2E 新交办：城区夜查（修订）').waitFor()
  await list.getByText('新交办：E2E 新交办：城区夜查').waitFor()
  const bell = +(await page.locator(tid('msg-bell') + ' .el-badge__content').innerText())
  assert.ok(bell >= +bell0 + 2, `bell ${bell} after ${bell0}`)
  await shot(page, 'tasks-messages')
  await page.locator(tid('msg-read-all')).click()
  await page.locator(tid('msg-bell') + ' .el-badge__content').waitFor({ state: 'hidden' })

  await page.goto('/tasks/stats')
  await page.locator(tid('stats-table')).waitFor()
  assert.equal(+/办结 (\d+) 项/.exec(await page.locator(tid('stats-total')).innerText())[1], closed0 + 1)
  // The plan's time line.
  await page.goto('/tasks/board?light=')
  await page.locator(tid('task-table') + ' .el-table__row').first().waitFor()
  await page.locator(tid('task-view')).getByText('甘特图').click()
  await page.locator(tid('gantt') + ' canvas').waitFor()
  await shot(page, 'tasks-gantt')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('checklist: new list, add an item, close it with evidence and a file, approve; 回头看 draws it', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  const unitName = (await page.locator(tid('user-unit')).innerText()).trim()
  await page.goto('/tasks/checklist')
  await page.locator(tid('cl-table')).waitFor()
  await page.locator(tid('cl-new')).click()
  await inputOf(page, 'cl-new-title').fill('E2E 整改清单')
  await page.locator(tid('cl-new-save')).click()
  await page.locator('.el-message--success').last().waitFor()
  await page.locator(tid('cl-item-add')).click()
  await inputOf(page, 'cl-item-title').fill('E2E 餐费报销审核不严')
  await pick(page, 'cl-item-unit', unitName)
  await inputOf(page, 'cl-item-amount_fen').fill('1,200.50')
  await page.locator(tid('cl-item-save')).click()
  const row = page.locator(tid('cl-table') + ' .el-table__row').filter({ hasText: 'E2E 餐费报销审核不严' })
  await row.waitFor()
  // the list's figures are asked for after its rows: wait for them rather than read them as the row appears
  await page.locator(tid('cl-stats')).filter({ hasText: /整改涉及金额 1,200\.50/ }).waitFor()
  await row.getByText('提交销号').click()
  await inputOf(page, 'cl-evidence').fill('已逐笔核查并清退')
  await page.locator(tid('cl-submit-confirm')).click()
  await page.getByText('请上传至少一个佐证附件').waitFor()
  await page.locator('.el-dialog:visible ' + tid('attach-upload') + ' input[type=file]').setInputFiles({ name: '清退凭证.png', mimeType: 'image/png',
    buffer: readBytes(join(ROOT, 'tests/data/attachments/现场照片.png')) })
  await page.locator('.el-dialog:visible .el-upload-list__item').filter({ hasText: '清退凭证.png' }).waitFor()
  await page.locator(tid('cl-submit-confirm')).click()
  await row.getByText('待审核').waitFor()
  await row.getByText('审核销号').click()
  await row.getByText('已销号').waitFor()
  await shot(page, 'tasks-checklist')
  // 导入 through the shared import dialog: a bad row is reported and nothing is written; the good file is.
  await page.locator(tid('cl-import')).click()
  const imp = page.locator(tid('import-dialog'))
  const csv = '事项,责任单位编码,完成时限,整改涉及金额(元)\nE2E 导入一,CWK,2026-12-31,100.5\nE2E 坏行,NOPE,2026-12-31,1\n'
  await imp.locator('input[type=file]').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await page.locator(tid('import-submit')).click()
  await page.locator(tid('import-errors')).getByText('NOPE').waitFor()
  await imp.locator('input[type=file]').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.split('\n').slice(0, 2).join('\n') + '\n', 'utf8') })
  await page.locator(tid('import-submit')).click()
  await page.locator(tid('import-report')).getByText('写入 1 行').waitFor()
  await page.keyboard.press('Escape')
  await page.locator(tid('cl-table') + ' .el-table__row').filter({ hasText: 'E2E 导入一' }).waitFor()
  await page.locator(tid('cl-lookback')).click()
  await page.locator(tid('lb-draw')).click()
  await page.locator(tid('lb-table')).getByText('E2E 餐费报销审核不严').waitFor()
  await shot(page, 'tasks-lookback')
  // The refused import answers 422 on purpose; nothing else may fail.
  assert.deepEqual(errors.filter((e) => !/favicon|401|422/.test(e)), [])
})

test('清单闭环 opened from a link (a 年度总结 figure): ?kind=&year= picks that year\'s list of that kind', async () => {
  const { page, errors } = await newPage(browser, srv.base)
  await loginOk(page)
  await page.goto('/tasks/checklist?year=2022&kind=' + encodeURIComponent('办实事'))
  await page.locator(tid('cl-stats')).waitFor()
  assert.match(await page.locator('.el-tabs__item.is-active').innerText(), /办实事/)
  assert.match(await page.locator(tid('cl-select')).innerText(), /2022 2022年“我为群众办实事”清单/)
  assert.match(await page.locator(tid('cl-stats')).innerText(), /^共 28 项/)
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('every 督办 page at 375 px: no sideways page scroll; screenshots', async () => {
  const { page, errors } = await newPage(browser, srv.base, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
  await loginOk(page)
  const first = await (await page.request.get('/api/v1/tasks/tasks?size=1')).json()
  for (const [name, path, id] of [['mine', '/tasks/mine', 'mine-task-cards'], ['board', '/tasks/board', 'task-cards'], ['plans', '/tasks/plans', 'plan-table'],
    ['checklist', '/tasks/checklist', 'cl-cards'], ['stats', '/tasks/stats', 'stats-table'], ['messages', '/tasks/messages', 'msg-list'],
    ['detail', '/tasks/task/' + first.items[0].id, 'timeline']]) {
    await page.goto(path)
    await page.locator(tid(id)).waitFor()
    await page.waitForLoadState('networkidle') // the page's data is in: its widest content is on screen
    const sw = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(sw <= 375, `${path} scrolls sideways: scrollWidth ${sw}px`)
    await shot(page, 'phone-tasks-' + name)
  }
  // 督办台账 and 清单闭环 on a phone: cards showing the light, the deadline and the status; the filters behind one button;
  // the owner's phone number a tel: link.
  for (const [path, card] of [['/tasks/board', 'task-card'], ['/tasks/checklist', 'cl-card']]) {
    await page.goto(path)
    if (card === 'cl-card') { // the demo's 2022 list (an earlier test made a list of this year without owners)
      await page.locator(tid('cl-select')).click()
      await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: '2022' }).first().click()
      await page.locator(tid(card)).filter({ hasText: '责任人' }).first().waitFor()
    }
    const c = page.locator(tid(card)).first()
    await c.waitFor()
    // an open task's light beside its status (closed work shows its status only)
    if (card === 'task-card') assert.ok(await page.locator(tid(card)).filter({ hasText: /正常|临期|逾期/ }).count() > 0)
    assert.match(await c.innerText(), /(草稿|已交办|办理中|待审核|已办结|进行中|已销号)/)
    assert.match(await c.innerText(), /期限\s*(\d{4}-\d{2}-\d{2}|—)/)
    assert.ok(await page.locator(tid(card) + ' a[href^="tel:"]').count() > 0, path + ': a tap-to-call number')
    const status = page.locator(tid(path === '/tasks/board' ? 'task-status-filter' : 'cl-status-filter'))
    assert.equal(await status.isVisible(), false)
    await page.locator(tid('filters-toggle')).click()
    await status.waitFor()
  }
  await page.goto('/tasks/board')
  await page.locator(tid('task-add')).click()
  await page.locator(tid('task-form')).waitFor()
  await page.waitForTimeout(300)
  await shot(page, 'phone-tasks-form')
  await page.goto('/tasks/board')
  await page.locator(tid('task-view')).getByText('甘特图').click()
  await page.locator(tid('gantt') + ' canvas').waitFor()
  await page.waitForTimeout(300)
  await shot(page, 'phone-tasks-gantt')
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})
