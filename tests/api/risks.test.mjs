// 风险清单 over HTTP: the demo register (60 risks, two overdue), data scope (another unit's risk answers 404, a risk
// cannot be given to a unit outside the caller's scope), levels from the matrix, re-rating with its history, review
// dates on working days (BUREAU_TODAY before the National Day week), settings validated, bad input writes nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, adminSetup } from './lib.mjs'
import { until } from './wait.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, demo
before(async () => ({ admin, ids, roles, demo } = await adminSetup(srv)))

const body = (over = {}) => ({ list: '风险', title: '测试风险', category: '安全生产', owner_unit_id: ids.WLZX, likelihood: 3, impact: 4,
  prevention: '预防', monitoring: '监控', handling: '处置', ...over })

test('the demo register: 60 risks over the four lists, two past their review date', async () => {
  const all = await admin.ok('/risks/register?size=100')
  assert.equal(all.total, 60)
  assert.deepEqual([...new Set(all.items.map((r) => r.list))].sort(), ['责任', '措施', '权力', '风险'].sort())
  const od = await admin.ok('/risks/register?overdue=1')
  assert.equal(od.total, 2)
  assert.ok(od.items.every((r) => r.overdue === true))
  // Overdue first in the default order.
  assert.deepEqual(all.items.slice(0, 2).map((r) => r.id).sort(), od.items.map((r) => r.id).sort())
  const heat = await admin.ok('/risks/heatmap')
  assert.equal(heat.matrix.size, 5)
  assert.equal(heat.cells.reduce((s, c) => s + c[2], 0), 60)
  expectError(await admin.get('/risks/register?level=' + encodeURIComponent('极高')), 400, 'bad_query', 'level')
})

test('data scope: a 所长 sees his own unit only; others answer 404; a risk cannot go outside his scope', async () => {
  const { c } = await demo('CQS', 'dept_head')
  const mine = await c.ok('/risks/register?size=100')
  assert.ok(mine.total > 0 && mine.total < 60)
  assert.ok(mine.items.every((r) => r.owner_unit_id === ids.CQS))
  const other = (await admin.ok(`/risks/register?unit_id=${ids.WLZX}&size=1`)).items[0]
  expectError(await c.get(`/risks/register/${other.id}`), 404, 'not_found')
  expectError(await c.patch(`/risks/register/${other.id}`, { title: '越权修改' }), 404, 'not_found')
  const before = (await admin.ok('/risks/register?size=1')).total
  expectError(await c.post('/risks/register', body({ owner_unit_id: ids.WLZX })), 400, 'invalid_field', 'owner_unit_id')
  const ok = expectStatus(await c.post('/risks/register', body({ owner_unit_id: ids.CQS, title: '所内风险' })), 201)
  assert.equal(ok.owner_unit_id, ids.CQS)
  assert.equal((await admin.ok('/risks/register?size=1')).total, before + 1)
  // A 客户经理 has no register permission at all.
  const cm = await demo('SCB-CQ', 'customer_manager')
  expectError(await cm.c.get('/risks/register'), 403, 'forbidden')
})

test('levels come from the matrix; a re-rating needs a reason and is kept in the history', async () => {
  const r = expectStatus(await admin.post('/risks/register', body({ likelihood: 2, impact: 5 })), 201)
  assert.equal(r.level, '高') // 10 on the default 5×5
  const low = expectStatus(await admin.post('/risks/register', body({ likelihood: 1, impact: 4 })), 201)
  assert.equal(low.level, '低')
  expectError(await admin.post(`/risks/register/${r.id}/rate`, { likelihood: 5, impact: 5 }), 400, 'missing_field', 'note')
  const up = expectStatus(await admin.post(`/risks/register/${r.id}/rate`, { likelihood: 5, impact: 5, note: '汛期仓库进水风险上升' }), 200)
  assert.equal(up.level, '重大')
  const d = await admin.ok(`/risks/register/${r.id}`)
  assert.deepEqual(d.events.map((e) => [e.kind, e.level]), [['重新评级', '重大'], ['登记', '高']])
  assert.equal(d.events[0].note, '汛期仓库进水风险上升')
  // A review without a new rating keeps the level and is recorded as 复核.
  const rv = expectStatus(await admin.post(`/risks/register/${r.id}/review`, { note: '措施落实到位' }), 200)
  assert.equal(rv.level, '重大')
  assert.equal((await admin.ok(`/risks/register/${r.id}`)).events[0].kind, '复核')
  const audit = await admin.ok(`/org/audit?entity=risk&size=50`)
  assert.ok(audit.items.some((a) => a.action === 'risks.risk.rate' && Number(a.entity_id) === r.id))
})

test('bad input: 400 naming the field, nothing stored', async () => {
  const before = (await admin.ok('/risks/register?size=1')).total
  expectError(await admin.post('/risks/register', body({ likelihood: 6 })), 400, 'invalid_field', 'likelihood')
  expectError(await admin.post('/risks/register', body({ impact: 0 })), 400, 'invalid_field', 'impact')
  expectError(await admin.post('/risks/register', body({ list: '其他' })), 400, 'invalid_field', 'list')
  expectError(await admin.post('/risks/register', body({ title: '' })), 400, 'missing_field', 'title')
  expectError(await admin.post('/risks/register', body({ level: '低' })), 400, 'unknown_field', 'level')
  assert.equal((await admin.ok('/risks/register?size=1')).total, before)
})

test('settings: a matrix that rates a worse cell lower is refused; a 3×3 matrix then bounds the rating', async () => {
  const s = await admin.ok('/risks/settings')
  assert.deepEqual(s.cadence, { 低: 12, 中: 6, 高: 3, 重大: 1 })
  const bad = { size: 3, cells: [['低', '中', '低'], ['低', '中', '高'], ['中', '高', '重大']] }
  const e = expectError(await admin.req('PUT', '/risks/settings', { body: { matrix: bad } }), 400, 'invalid_field', 'matrix')
  assert.match(e.message, /可能性1、影响3/)
  expectError(await admin.req('PUT', '/risks/settings', { body: { cadence: { 低: 12, 中: 6, 高: 3, 重大: 0 } } }), 400, 'invalid_field', 'cadence')
  assert.deepEqual(await admin.ok('/risks/settings'), s)
  const m3 = { size: 3, cells: [['低', '低', '中'], ['低', '中', '高'], ['中', '高', '重大']] }
  const put = expectStatus(await admin.req('PUT', '/risks/settings', { body: { matrix: m3 } }), 200)
  assert.deepEqual(put.matrix, m3)
  try {
    expectError(await admin.post('/risks/register', body({ likelihood: 4, impact: 1 })), 400, 'invalid_field', 'likelihood')
    const r = expectStatus(await admin.post('/risks/register', body({ likelihood: 3, impact: 3 })), 201)
    assert.equal(r.level, '重大')
  } finally {
    expectStatus(await admin.req('PUT', '/risks/settings', { body: { matrix: s.matrix } }), 200)
  }
})

test('an overdue review opens exactly one 督办 task for the owner unit; a second sweep opens none', async () => {
  const od = (await admin.ok('/risks/register?overdue=1')).items
  assert.equal(od.length, 2)
  const q = '/tasks/tasks?size=50&q=' + encodeURIComponent('风险复核逾期')
  // The sweep runs at start in the background: wait for its tasks.
  const tasks = await until('the start sweep\'s tasks', async () => { const j = await admin.ok(q); return j.total >= 2 && j })
  assert.equal(tasks.total, 2)
  assert.deepEqual(tasks.items.map((t) => t.lead_unit_id).sort(), od.map((r) => r.owner_unit_id).sort())
  for (const r of od) assert.ok(tasks.items.some((t) => t.title === '风险复核逾期：' + r.title && t.lead_unit_id === r.owner_unit_id))
  assert.ok(tasks.items.every((t) => t.status === '已交办' && t.owner_id))
  const again = expectStatus(await admin.post('/risks/sweep', {}), 200)
  assert.equal(again.opened, 0)
  assert.equal((await admin.ok(q)).total, 2)
  // Reviewing the risk takes it off the overdue list; the sweep has nothing new to open.
  expectStatus(await admin.post(`/risks/register/${od[0].id}/review`, { note: '已复核，措施有效' }), 200)
  assert.equal((await admin.ok('/risks/register?overdue=1')).total, 1)
  assert.equal(expectStatus(await admin.post('/risks/sweep', {}), 200).opened, 0)
  assert.equal((await admin.ok(q)).total, 2)
  const { c } = await demo('CQS', 'dept_head')
  expectError(await c.post('/risks/sweep', {}), 403, 'forbidden')
})

test('drills: the demo 物流中心 has its annual and first-half drills, the second half 现场处置 not yet; bad input refused', async () => {
  const year = Number((await admin.ok('/risks/drills')).items[0]?.day?.slice(0, 4))
  const c = await admin.ok(`/risks/drills/compliance?year=${year}`)
  const wl = c.items.find((u) => u.unit_id === ids.WLZX)
  assert.ok(wl)
  assert.equal(wl.annual.state, 'met')
  assert.equal(wl.h1.state, 'met')
  assert.notEqual(wl.h2.state, 'met')
  assert.notEqual(wl.light, 'green')
  expectError(await admin.get('/risks/drills/compliance?year=1800'), 400, 'bad_query', 'year')
  const before = (await admin.ok(`/risks/drills?year=${year}`)).total
  const d = { unit_id: ids.WLZX, plan_kind: '现场处置', form: '单项', mode: '实战', day: '2026-02-30', title: '坏日期' }
  expectError(await admin.post('/risks/drills', d), 400, 'invalid_field', 'day')
  expectError(await admin.post('/risks/drills', { ...d, day: '2026-01-05', plan_kind: '其他' }), 400, 'invalid_field', 'plan_kind')
  const { c: so } = await demo('CQS', 'dept_head')
  expectError(await so.post('/risks/drills', { ...d, day: '2026-01-05' }), 400, 'invalid_field', 'unit_id')
  assert.equal((await admin.ok(`/risks/drills?year=${year}`)).total, before)
  // A 所长 sees only his own unit's drills and compliance.
  assert.equal((await so.ok(`/risks/drills/compliance?year=${year}`)).items.length, 0)
})
