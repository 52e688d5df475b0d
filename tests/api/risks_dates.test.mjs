// Review dates on the bureau's working-day calendar: with BUREAU_TODAY = 2026-09-01, a 重大 risk (monthly) is next
// reviewed on 8 October (1 October falls in the National Day holiday), a 高 risk (quarterly) on 1 December.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectStatus, expectError, unitIds } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename, { env: { BUREAU_TODAY: '2026-09-01' } })
let admin, ids
before(async () => {
  await srv.ready
  admin = await srv.admin()
  ids = await unitIds(admin)
})

test('next review by the level cadence, moved off holidays', async () => {
  const major = expectStatus(await admin.post('/risks/register', { list: '风险', title: '仓库火灾', category: '安全生产', owner_unit_id: ids.WLZX, likelihood: 5, impact: 5 }), 201)
  assert.equal(major.level, '重大')
  assert.equal(major.last_review, '2026-09-01')
  assert.equal(major.next_review, '2026-10-08')
  const high = expectStatus(await admin.post('/risks/register', { list: '风险', title: '车辆事故', category: '安全生产', owner_unit_id: ids.WLZX, likelihood: 4, impact: 4 }), 201)
  assert.equal(high.next_review, '2026-12-01')
  // Re-rating to 低 moves the next review a year on: 2027-09-01 is a Wednesday.
  const low = expectStatus(await admin.post(`/risks/register/${high.id}/rate`, { likelihood: 1, impact: 2, note: '已更换车辆' }), 200)
  assert.equal(low.level, '低')
  assert.equal(low.next_review, '2027-09-01')
})

test('drill compliance on 2026-09-01: a first-half 现场处置 on 30 June counts, the second half is pending; 2025 is missed', async () => {
  const base = { unit_id: ids.SMS, form: '单项', mode: '实战', title: '演练' }
  expectStatus(await admin.post('/risks/drills', { ...base, plan_kind: '现场处置', day: '2026-06-30' }), 201)
  expectStatus(await admin.post('/risks/drills', { ...base, plan_kind: '专项', day: '2026-01-01' }), 201)
  expectStatus(await admin.post('/risks/drills', { ...base, plan_kind: '综合', day: '2025-12-31' }), 201)
  expectError(await admin.post('/risks/drills', { ...base, plan_kind: '综合', day: '2026-09-02' }), 400, 'invalid_field', 'day')
  const c = (await admin.ok('/risks/drills/compliance?year=2026')).items.find((u) => u.unit_id === ids.SMS)
  assert.deepEqual([c.annual.state, c.h1.state, c.h2.state, c.light], ['met', 'met', 'pending', 'yellow'])
  assert.equal(c.annual.count, 1) // 31 Dec 2025 is not 2026
  const p = (await admin.ok('/risks/drills/compliance?year=2025')).items.find((u) => u.unit_id === ids.SMS)
  assert.deepEqual([p.annual.state, p.h1.state, p.h2.state, p.light], ['met', 'missed', 'missed', 'red'])
})
