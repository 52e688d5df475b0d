// E2E: 年度考核 and 评优评选. An admin runs a selection in the pages at 1440 px (new selection, nominees, the 差额 vote,
// 公示, then 表彰 once 公示 has ended on a later bureau clock) and the winner's profile shows the honour; the campaign
// cards read on a 375 px phone without sideways scrolling; and the loop documented in docs/people.md: a red light in
// 横向对比 → 督办 task on the unit → the unit's appraisal card, its screenshots stored under docs/img/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { e2eStart, e2eStop, newPage, loginOk, tid, inputOf, shot, PHONE, ROOT, ADMIN_PASSWORD } from './lib.mjs'
import { Client, freePort } from '../api/lib.mjs'

const DESK = { viewport: { width: 1440, height: 900 } }
const IMG = join(ROOT, 'docs', 'img')
let srv, browser, admin, units
before(async () => {
  ;({ srv, browser, admin } = await e2eStart())
  units = Object.fromEntries((await admin.ok('/org/units')).items.map((u) => [u.code, u.id]))
})
after(() => e2eStop({ srv, browser }))

const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
function lastMonth() {
  const d = new Date()
  d.setDate(1)
  d.setMonth(d.getMonth() - 1)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** The same database served on a later bureau clock (a month on: 公示 has ended). */
async function laterServer() {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const d = new Date()
  d.setDate(d.getDate() + 30)
  const web = process.env.BUREAU_WEB || join(ROOT, 'web', 'dist')
  const proc = spawn(process.env.BUREAU_BIN || join(ROOT, 'build', 'bureau'), ['serve', '--db', srv.db, '--listen', `127.0.0.1:${port}`, '--web', web],
    { env: { ...process.env, BUREAU_ADMIN_PASSWORD: ADMIN_PASSWORD, BUREAU_TODAY: day(d) }, stdio: 'ignore' })
  for (let i = 0; i < 400; i++) {
    try { if ((await fetch(base + '/login')).status === 200) break } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { base, stop: () => new Promise((ok) => { proc.once('exit', ok); proc.kill('SIGTERM') }) }
}

test('an admin runs a selection to 公示 and 表彰 at 1440 px; the honour lands in the winner\'s profile', async () => {
  const { page, errors } = await newPage(browser, srv.base, DESK)
  await loginOk(page)
  await page.goto('/people/selections')
  await page.locator(tid('selection-new')).click()
  await page.locator(tid('sel-kind')).click()
  await page.locator('.el-select-dropdown__item', { hasText: '优秀员工' }).click()
  await inputOf(page, 'sel-title').fill('本年度优秀员工')
  await inputOf(page, 'sel-places').fill('2')
  await page.locator(tid('sel-save')).click()
  await page.locator(tid('selection-table')).getByText('本年度优秀员工').waitFor()
  const sel = (await admin.ok('/people/selections')).items.find((s) => s.title === '本年度优秀员工')
  assert.equal(sel.places, 2)
  // four nominees from the bureau's office (the demo's own staff), by their unit
  const staff = (await admin.ok(`/org/users?unit_id=${units.BGS}&size=50`)).items.filter((u) => u.username !== 'admin').slice(0, 4)
  for (const u of staff) assert.equal((await admin.post(`/people/selections/${sel.id}/nominations`, { user_id: u.id, by_kind: 'unit', reason: '全年工作成绩突出' })).status, 201)
  await page.locator(tid('selection-table')).getByText('本年度优秀员工').click()
  await page.locator(tid('nomination-table')).getByText(staff[3].name).waitFor()
  await page.locator(tid('selection-vote')).click()
  await page.locator(tid('selection-detail')).getByText('投票中').first().waitFor()
  // the vote: 3 ballots, 甲 3, 乙 2, 丙 1
  const s1 = await admin.ok(`/people/selections/${sel.id}`)
  const box = await admin.ok(`/people/votes/${s1.ballot_id}`)
  const codes = (await admin.post(`/people/votes/${box.id}/codes`, { group_id: box.groups[0].id, count: 3 })).json.codes.map((c) => c.code)
  const ids = box.candidate_list.map((c) => c.id)
  for (const [i, chosen] of [[ids[0], ids[1]], [ids[0], ids[1]], [ids[0], ids[2]]].entries()) {
    const voter = new Client(srv.base)
    assert.equal((await voter.post(`/people/ballots/${codes[i]}`, { chosen })).status, 201)
  }
  assert.equal((await admin.post(`/people/votes/${box.id}/close`, {})).status, 200)
  await page.reload()
  await page.locator(tid('selection-table')).getByText('本年度优秀员工').click()
  await page.locator(tid('selection-publicize')).click()
  await page.locator(tid('selection-detail')).getByText('公示中').first().waitFor()
  const winners = await page.locator(tid('nomination-table')).locator('tr', { hasText: '当选' }).allInnerTexts()
  assert.equal(winners.length, 2)
  assert.match(winners.join(' '), new RegExp(staff[0].name))
  await shot(page, 'people-e2e-selection-publicity')
  await page.screenshot({ path: join(IMG, 'people-selection-publicity.png') })
  // the bureau-wide 公示 page shows the two winners
  await page.goto('/people/publicity')
  const pubCard = page.locator(tid('publicity-selection'), { hasText: '本年度优秀员工' })
  await pubCard.getByText(staff[0].name).waitFor()
  await page.screenshot({ path: join(IMG, 'people-publicity.png') })
  // 表彰 before 公示 ends: refused
  assert.equal((await admin.post(`/people/selections/${sel.id}/award`, {})).status, 409)
  const later = await laterServer()
  try {
    const { page: lp } = await newPage(browser, later.base, DESK)
    await loginOk(lp)
    await lp.goto('/people/selections')
    await lp.locator(tid('selection-table')).getByText('本年度优秀员工').click()
    await lp.locator(tid('selection-award')).click()
    await lp.locator('.el-message-box input').fill('县烟〔2026〕30号')
    await lp.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await lp.locator(tid('selection-detail')).getByText('已表彰').first().waitFor()
    await lp.goto(`/people/profile?id=${staff[0].id}`)
    await lp.locator(tid('profile-honours')).getByText('县烟〔2026〕30号').waitFor()
    assert.match(await lp.locator(tid('profile-honours')).innerText(), /年度优秀员工/)
    assert.match(await lp.locator(tid('profile-honours')).innerText(), /县烟〔2026〕30号/)
    await shot(lp, 'people-e2e-profile-honour')
    await lp.screenshot({ path: join(IMG, 'people-profile-honour.png') })
  } finally { await later.stop() }
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('the 年度考核 cards on a 375 px phone: a card grid without sideways scrolling', async () => {
  const { page, errors } = await newPage(browser, srv.base, PHONE)
  await loginOk(page)
  await page.goto('/people/appraisal?year=2025')
  await page.locator(tid('campaign-cards')).getByText('2025年度中层干部年度考核').click()
  await page.locator(tid('card-grid')).locator('.el-card').first().waitFor()
  assert.equal(await page.locator(tid('card-grid')).locator('.el-card').count(), 8)
  assert.match(await page.locator(tid('card-grid')).innerText(), /民主测评/)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 375, `no sideways scroll at 375 px (${width})`)
  await shot(page, 'people-e2e-cards-phone')
  await page.screenshot({ path: join(IMG, 'people-cards-phone.png') })
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})

test('the loop: red light in 横向对比 → 督办 on the unit → the unit\'s 年度考核 card (screenshots for docs/people.md)', async () => {
  const { page, errors } = await newPage(browser, srv.base, DESK)
  await loginOk(page)
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const unit = units['SCB-DB']
  const r = await page.request.put('/api/v1/cockpit/values', {
    headers: { 'X-CSRF-Token': me.csrf_token, Origin: srv.base }, data: { indicator: 'XSL', unit_id: unit, month: lastMonth(), value: 1.5 },
  })
  assert.equal(r.status(), 200)
  const year = +lastMonth().slice(0, 4)
  const before = (await admin.ok(`/people/units/${unit}/card?year=${year}`)).inputs.find((x) => x.key === 'tasks.ontime')
  const led0 = before.has ? +/到期任务 (\d+) 项/.exec(before.text)[1] : 0
  await page.goto(`/cockpit/horizontal?indicator=XSL&month=${lastMonth()}`)
  await page.locator(tid('ck-h-supervise-SCB-DB')).waitFor()
  await page.screenshot({ path: join(IMG, 'people-loop-1-red.png') })
  await page.locator(tid('ck-h-supervise-SCB-DB')).click()
  await inputOf(page, 'task-title').waitFor()
  await page.screenshot({ path: join(IMG, 'people-loop-2-task.png') })
  await page.locator(tid('task-save')).click()
  await page.waitForURL(/\/tasks\/task\/\d+$/)
  let t = await admin.ok('/tasks/tasks/' + page.url().split('/').pop())
  assert.equal(t.lead_unit_id, unit)
  // 立项 leaves a draft; 下达 gives it to the unit, from then on it counts
  if (t.status === '草稿') {
    const head = (await admin.ok(`/org/users?unit_id=${unit}&size=5`)).items[0]
    const p = await admin.patch(`/tasks/tasks/${t.id}`, { owner_id: head.id })
    assert.equal(p.status, 200, p.text)
    const a = await admin.post(`/tasks/tasks/${t.id}/assign`, {})
    assert.equal(a.status, 200, a.text)
    t = await admin.ok('/tasks/tasks/' + t.id)
  }
  // the task is due in the coming working days: it counts in the unit's card of that year
  const dueYear = +t.due_date.slice(0, 4)
  const camp = await admin.post('/people/campaigns', {
    year: dueYear, title: `${dueYear}年度所队考核（东部片区）`, subject: 'unit', weights: { ballot: 30, leader: 30, inputs: 40 }, quota_permille: 500,
    subjects: [{ unit_id: unit }], groups: [{ name: '职工代表', weight: 100 }],
  })
  assert.equal(camp.status, 201)
  await page.goto(`/people/appraisal?year=${dueYear}`)
  await page.locator(tid('campaign-table')).getByText(`${dueYear}年度所队考核（东部片区）`).click()
  const card = page.locator(tid('card-grid')).locator('.el-card').first()
  await card.getByText('督办按期办结').waitFor()
  const text = await card.innerText()
  const led = +/到期任务 (\d+) 项/.exec(text)[1]
  assert.equal(led, (dueYear === year ? led0 : 0) + 1)
  await card.scrollIntoViewIfNeeded()
  await card.screenshot({ path: join(IMG, 'people-loop-3-card.png') })
  assert.deepEqual(errors.filter((e) => !/favicon|401/.test(e)), [])
})
