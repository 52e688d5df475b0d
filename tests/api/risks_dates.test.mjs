// Review dates on the bureau's working-day calendar: with BUREAU_TODAY = 2026-09-01, a 重大 risk (monthly) is next
// reviewed on 8 October (1 October falls in the National Day holiday), a 高 risk (quarterly) on 1 December.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectStatus, unitIds } from './lib.mjs'

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
