// 数字化所队部 indicator definitions over HTTP: an admin creates, edits and disables indicators (audited); a ratio must
// name two existing non-ratio indicators (400 naming the field), codes are unique (409), no ratio of ratios; only the
// admin (through *:*:*) may define; the stored values list pages like every other list.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, auditOf, adminSetup } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, login
before(async () => ({ admin, ids, roles, demo: login } = await adminSetup(srv)))
const demo = async (unit, role) => (await login(unit, role)).c
const put = (c, p, body) => c.req('PUT', p, { body })
const base = { name: '测试件数', category: '专卖', uom: '件', direction: 'higher', time_agg: 'sum' }

test('create: a plain indicator, then a ratio on it; both listed; audited', async () => {
  const a = expectStatus(await admin.post('/cockpit/indicators', { code: 'T_NUM', ...base }), 201)
  assert.equal(a.code, 'T_NUM')
  assert.equal(a.unit_agg, 'sum', 'unit roll-up follows the time roll-up when not given')
  expectStatus(await admin.post('/cockpit/indicators', { code: 'T_DEN', ...base, name: '测试总数' }), 201)
  const r = expectStatus(await admin.post('/cockpit/indicators', { code: 'T_RATE', name: '测试率', category: '专卖', uom: '%', direction: 'higher',
    time_agg: 'ratio', num_code: 'T_NUM', den_code: 'T_DEN', scale: 100, decimals: 1 }), 201)
  assert.equal(r.unit_agg, 'ratio')
  const list = await admin.ok('/cockpit/indicators')
  assert.ok(['T_NUM', 'T_DEN', 'T_RATE'].every((c) => list.items.some((i) => i.code === c)))
  const au = await auditOf(admin, 'cockpit_indicator', r.id)
  assert.ok(au.some((x) => x.action === 'cockpit.indicator.create'), 'audit row of the create')
  // The new ratio computes in 横向 from values entered for its parts.
  const M = '2026-01'
  for (const [code, v] of [['T_NUM', 3], ['T_DEN', 4]])
    expectStatus(await put(admin, '/cockpit/values', { indicator: code, unit_id: ids.CQS, month: M, value: v }), 200)
  const v = await admin.ok(`/cockpit/vertical?indicator=T_RATE&unit=${ids.CQS}&to=${M}`)
  assert.ok(JSON.stringify(v).includes('75'), 'T_RATE = 3/4 × 100')
})

test('validation: bad ratios → 400 naming the field, duplicate code → 409, bad band → 400', async () => {
  const ratio = { name: '坏比率', category: '专卖', direction: 'higher', time_agg: 'ratio', scale: 100 }
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAD', ...ratio, num_code: 'T_NUM' }), 400, 'missing_field', 'den_code')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAD', ...ratio, num_code: 'NOPE', den_code: 'T_DEN' }), 400, 'invalid_field', 'num_code')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAD', ...ratio, num_code: 'T_RATE', den_code: 'T_DEN' }), 400, 'invalid_field', 'num_code')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAD', ...ratio, num_code: 'T_NUM', den_code: 'T_NUM' }), 400, 'invalid_field', 'den_code')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_NUM', ...base }), 409, 'duplicate', 'code')
  expectError(await admin.post('/cockpit/indicators', { code: 'XSL', ...base }), 409, 'duplicate', 'code')
  expectError(await admin.post('/cockpit/indicators', { code: 't-1', ...base }), 400, 'invalid_field', 'code')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_CAT', ...base, category: '其他' }), 400, 'invalid_field', 'category')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAND', ...base, direction: 'band', band_lo: 90 }), 400, 'missing_field', 'band_hi')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_BAND', ...base, direction: 'band', band_lo: 90, band_hi: 80 }), 400, 'invalid_field', 'band_hi')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_X', ...base, name: '' }), 400, 'missing_field', 'name')
  expectError(await admin.post('/cockpit/indicators', { code: 'T_X', ...base, colour: 'red' }), 400, 'unknown_field')
  expectStatus(await admin.post('/cockpit/indicators', { code: 'T_BAND', ...base, direction: 'band', band_lo: 90, band_hi: 110 }), 201)
})

test('edit: name and roll-up change, audited with before/after; a ratio part cannot become a ratio; code is fixed', async () => {
  const e = expectStatus(await put(admin, '/cockpit/indicators/T_NUM', { ...base, name: '测试件数（改）', time_agg: 'last' }), 200)
  assert.equal(e.name, '测试件数（改）')
  assert.equal(e.time_agg, 'last')
  const au = await auditOf(admin, 'cockpit_indicator', e.id)
  assert.ok(au.some((x) => x.action === 'cockpit.indicator.update'), 'audit row of the edit')
  // An edit that leaves out decimals and sort keeps them (a demo part stays after the headline indicators).
  const before = (await admin.ok('/cockpit/indicators?all=1')).items.find((i) => i.code === 'DHMZ')
  const dh = expectStatus(await put(admin, '/cockpit/indicators/DHMZ', { name: before.name, category: before.category, uom: before.uom,
    direction: before.direction, time_agg: before.time_agg }), 200)
  assert.equal(dh.sort >= 500, true, `sort ${dh.sort}`)
  assert.equal(dh.decimals, before.decimals)
  expectError(await put(admin, '/cockpit/indicators/T_NUM', { ...base, time_agg: 'ratio', num_code: 'T_DEN', den_code: 'T_BAND', scale: 1 }), 400,
    'invalid_field', 'time_agg')
  expectError(await put(admin, '/cockpit/indicators/T_NUM', { ...base, code: 'T_OTHER' }), 400, 'invalid_field', 'code')
  expectError(await put(admin, '/cockpit/indicators/NOPE', base), 404, 'not_found')
  expectError(await put(admin, '/cockpit/indicators/QD_DUE', base), 409, 'bad_state', 'code')
})

test('disable: refused while a ratio uses it; the ratio first, then its part; hidden from the list, kept with all=1', async () => {
  expectError(await admin.del('/cockpit/indicators/T_NUM'), 409, 'bad_state', 'code')
  const d = expectStatus(await admin.del('/cockpit/indicators/T_RATE'), 200)
  assert.equal(d.enabled, false)
  expectStatus(await admin.del('/cockpit/indicators/T_NUM'), 200)
  const au = await auditOf(admin, 'cockpit_indicator', d.id)
  assert.ok(au.some((x) => x.action === 'cockpit.indicator.disable'))
  assert.ok(!(await admin.ok('/cockpit/indicators')).items.some((i) => i.code === 'T_RATE'))
  assert.ok((await admin.ok('/cockpit/indicators?all=1')).items.some((i) => i.code === 'T_RATE'))
  // A ratio cannot be built on a disabled part; bringing the part back makes it possible again.
  expectError(await admin.post('/cockpit/indicators', { code: 'T_R2', name: '比率二', category: '专卖', direction: 'higher', time_agg: 'ratio',
    num_code: 'T_NUM', den_code: 'T_DEN', scale: 100 }), 400, 'invalid_field', 'num_code')
  expectStatus(await put(admin, '/cockpit/indicators/T_NUM', { ...base, enabled: true }), 200)
})

test('permission: only the admin defines indicators (403 for a 所长 and a leader)', async () => {
  for (const [unit, role] of [['CQS', 'dept_head'], ['JLD', 'leader']]) {
    const c = await demo(unit, role)
    expectError(await c.post('/cockpit/indicators', { code: 'T_NO', ...base }), 403, 'forbidden')
    expectError(await put(c, '/cockpit/indicators/T_DEN', base), 403, 'forbidden')
    expectError(await c.del('/cockpit/indicators/T_DEN'), 403, 'forbidden')
  }
  const perms = await admin.ok('/org/roles')
  const withDefine = perms.items.filter((r) => (r.perms || []).includes('cockpit:indicator:define'))
  assert.deepEqual(withDefine, [], 'no built-in role holds it by name (the admin has it through *:*:*)')
})

test('values: paged with page, size and total; pages do not overlap and add up', async () => {
  const first = await admin.ok('/cockpit/values?size=50')
  assert.equal(first.items.length, 50)
  assert.ok(first.total > 2000, `${first.total} stored values, more than the old cap`)
  const last = Math.ceil(first.total / 500)
  const key = (v) => `${v.indicator}/${v.unit_id}/${v.month}`
  const seen = new Set()
  for (let p = 1; p <= last; p++) {
    const j = await admin.ok(`/cockpit/values?size=500&page=${p}`)
    assert.equal(j.total, first.total)
    for (const v of j.items) seen.add(key(v))
  }
  assert.equal(seen.size, first.total, 'every row once')
  assert.equal((await admin.ok('/cockpit/values?indicator=XSL')).items.length, 20, 'default size 20')
  expectError(await admin.get('/cockpit/values?size=501'), 400, 'bad_query', 'size')
  expectError(await admin.get('/cockpit/values?page=0'), 400, 'bad_query', 'page')
})

test('targets: a sum indicator\'s full month split adds up to the year (400 on months otherwise); read back for the form', async () => {
  const t = { indicator: 'XSL', unit_id: ids.CQS, year: 2030, value: 1200 }
  expectError(await put(admin, '/cockpit/targets', { ...t, months: Array(12).fill(99) }), 400, 'invalid_field', 'months')
  const months = [300, ...Array(11).fill(900 / 11)]
  expectStatus(await put(admin, '/cockpit/targets', { ...t, months }), 200)
  const got = await admin.ok(`/cockpit/targets?indicator=XSL&unit_id=${ids.CQS}&year=2030`)
  assert.equal(got.value, 1200)
  assert.equal(got.months[0], 300)
  assert.ok(Math.abs(got.months.reduce((s, v) => s + v, 0) - 1200) < 1e-6)
  // A level indicator's months are levels, not shares: they need not add up.
  expectStatus(await put(admin, '/cockpit/targets', { ...t, indicator: 'CCHS', value: 500, months: Array(12).fill(500) }), 200)
  const none = await admin.ok(`/cockpit/targets?indicator=XSL&unit_id=${ids.CQS}&year=2031`)
  assert.equal(none.value, null)
  assert.deepEqual(none.months, Array(12).fill(null))
  expectError(await admin.get(`/cockpit/targets?indicator=XSL&unit_id=${ids.CQS}&year=99`), 400, 'bad_query', 'year')
})
