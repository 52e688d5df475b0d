// Shops figures pinned by hand (issue 11 items 12 and 13) and the write paths that must never store twice or answer 500:
// a number answer outside its template's range is refused naming the item (visit and self-check); the county picture
// shows 数据不足 as its own group and leaves those shops out of the averages; carried-over answers (沿用上次) are stored
// and checked; the self-check submit is idempotent.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, unitIds } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids
before(async () => {
  await srv.ready
  admin = await srv.admin()
  ids = await unitIds(admin)
})

// The best answer of every question, except 会员 = 20 (band ≥20 → 40).
function bestAnswers(tpl) {
  const a = {}
  for (const d of tpl.dimensions) for (const it of d.items) {
    if (it.kind === 'yesno') a[it.code] = true
    else if (it.kind === 'single') a[it.code] = it.options.reduce((x, y) => (y.score > x.score ? y : x)).value
    else if (it.kind === 'multi') a[it.code] = it.options.map((o) => o.value)
    else if (it.kind === 'number') a[it.code] = it.bands[it.bands.length - 1].min
  }
  a.members = 20
  return a
}

let seq = 0
async function newShop(unitId, extra = {}) {
  seq++
  return expectStatus(await admin.post('/shops', { license_no: String(331188000000 + seq), name: `核算测试店${seq}`, owner_name: '核算', unit_id: unitId,
    category: '便利店', grade: 3, area: '城镇', ...extra }), 201)
}

test('a number answer outside the template range is refused naming the item, in a visit and in a self-check; nothing stored', async () => {
  const shop = await newShop(ids.CQS)
  const form = await admin.ok(`/shops/${shop.id}/assess-form`)
  const members = form.template.dimensions.flatMap((d) => d.items).find((i) => i.code === 'members')
  assert.equal(members.min, 0)
  assert.equal(members.max, 1000000)
  const e = expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { ...bestAnswers(form.template), members: -1 } }), 400, 'invalid_field', 'answers.members')
  assert.match(e.message, /会员/)
  expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { members: 1000001 } }), 400, 'invalid_field', 'answers.members')
  expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { training: -0.5 } }), 400, 'invalid_field', 'answers.training')
  expectStatus(await admin.post(`/shops/${shop.id}/assessments`, { answers: { members: 0 } }), 201)
  assert.equal((await admin.ok(`/shops/${shop.id}/assessments`)).total, 1, 'only the good visit stored')
  const link = expectStatus(await admin.post(`/shops/${shop.id}/selfcheck-link`, {}), 200)
  const anon = srv.client()
  expectError(await anon.post(`/selfcheck/${link.token}`, { answers: { members: -1 } }), 400, 'invalid_field', 'answers.members')
  assert.equal((await admin.ok(`/shops/${shop.id}/assessments`)).total, 1)
})

test('county picture: 数据不足 is its own group and stays out of the averages (hand-computed)', async () => {
  const unit = expectStatus(await admin.post('/org/units', { parent_id: ids.JU, code: 'HSCS', name: '核算测试所', kind: '所' }), 201)
  const [a, b] = [await newShop(unit.id), await newShop(unit.id), await newShop(unit.id)]
  const form = await admin.ok(`/shops/${a.id}/assess-form`)
  // A: every question at its best, 会员 20 (→ 40); no monthly data, so the metric items are unscored.
  //   数字化设施 100 × coverage 0.85, 订货 100 × 0.5, 销售 100 × 0.3, 管理 (100·40 + 40·30 + 100·30)/100 = 82 × 1,
  //   营销 100 × 1, 素养 100 × 1; dimension weights 15/15/25/15/15/15:
  //   total = (15·.85·100 + 15·.5·100 + 25·.3·100 + 15·82 + 15·100 + 15·100) / (12.75 + 7.5 + 7.5 + 15 + 15 + 15) = 7005 / 72.75 = 96.29 → 96.3 (示范)
  const ra = expectStatus(await admin.post(`/shops/${a.id}/assessments`, { answers: bestAnswers(form.template) }), 201)
  assert.equal(ra.result.total, 96.3)
  assert.equal(ra.level, '示范')
  // B: only POS机 = 否 → total 0 on coverage 15·0.35/100 = 5.25 % < 60 % → no level (数据不足)
  const rb = expectStatus(await admin.post(`/shops/${b.id}/assessments`, { answers: { pos: false } }), 201)
  assert.equal(rb.result.total, 0)
  assert.equal(rb.result.coverage, 5.3)
  assert.equal(rb.level, null)
  // the third shop is never assessed (未检测)
  const pic = await admin.ok('/shops/picture')
  assert.deepEqual(pic.levels, ['起步', '成长', '熟练', '领先', '示范', '数据不足', '未检测'])
  const row = pic.unit.find((g) => g.name === '核算测试所')
  assert.deepEqual(row.counts, { 起步: 0, 成长: 0, 熟练: 0, 领先: 0, 示范: 1, 数据不足: 1, 未检测: 1 })
  assert.equal(row.total, 3)
  assert.equal(row.avg, 96.3, 'the 数据不足 shop (partial total 0) is not averaged in: (96.3 + 0) / 2 would be 48.2')
  // the map colours it by the same group
  const map = await admin.ok('/shops/map')
  assert.equal(map.items.find((p) => p[3] === b.id), undefined, 'no GPS, not on the map')
  // a later visit with enough answers moves B from 数据不足 into its level, and the average follows: (96.3 + 96.3) / 2
  expectStatus(await admin.post(`/shops/${b.id}/assessments`, { answers: bestAnswers(form.template) }), 201)
  const row2 = (await admin.ok('/shops/picture')).unit.find((g) => g.name === '核算测试所')
  assert.deepEqual(row2.counts, { 起步: 0, 成长: 0, 熟练: 0, 领先: 0, 示范: 2, 数据不足: 0, 未检测: 1 })
  assert.equal(row2.avg, 96.3)
})

test('a visit stores which answers were carried over from the last visit (沿用上次), checked against that visit', async () => {
  const shop = await newShop(ids.CQS)
  const f0 = await admin.ok(`/shops/${shop.id}/assess-form`)
  assert.deepEqual(f0.last_answers, {}, 'no visit yet: nothing to carry')
  assert.equal(f0.last_visit_at, null)
  // nothing can be carried before a first visit
  expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true }, carried: ['pos'] }), 400, 'invalid_field', 'carried')
  const first = expectStatus(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true, scanner: 'gun', members: 50 } }), 201)
  assert.deepEqual(first.carried, [])
  const f1 = await admin.ok(`/shops/${shop.id}/assess-form`)
  assert.deepEqual(f1.last_answers, { pos: true, scanner: 'gun', members: 50 })
  assert.equal(f1.last_visit_at, first.assessed_at)
  // a changed answer cannot be marked carried; a metric item or an unknown code neither
  const e = expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true, members: 60 }, carried: ['members'] }), 400, 'invalid_field', 'carried')
  assert.match(e.message, /会员/)
  expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true }, carried: ['scan_rate'] }), 400, 'invalid_field', 'carried')
  expectError(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true }, carried: 'pos' }), 400, 'invalid_field', 'carried')
  assert.equal((await admin.ok(`/shops/${shop.id}/assessments`)).total, 1, 'nothing stored by the refusals')
  // two answers carried, one asked again: stored and read back; the history counts them
  const second = expectStatus(await admin.post(`/shops/${shop.id}/assessments`, { answers: { pos: true, scanner: 'gun', members: 80 }, carried: ['pos', 'scanner', 'pos'] }), 201)
  assert.deepEqual(second.carried, ['pos', 'scanner'])
  assert.deepEqual((await admin.ok(`/shops/${shop.id}/assessments/${second.id}`)).carried, ['pos', 'scanner'])
  const h = await admin.ok(`/shops/${shop.id}/assessments`)
  assert.deepEqual(h.items.map((x) => x.carried_n), [2, 0])
})

test('the self-check submit takes an idempotency key: a resend is answered from the stored one, never stored twice', async () => {
  const shop = await newShop(ids.CQS)
  const link = expectStatus(await admin.post(`/shops/${shop.id}/selfcheck-link`, {}), 200)
  const anon = srv.client()
  const rid = '5d0c7a3e-1b2f-4e6d-8a9b-0c1d2e3f4a5b'
  const first = expectStatus(await anon.post(`/selfcheck/${link.token}`, { answers: { pos: true }, request_id: rid }), 201)
  const again = expectStatus(await anon.post(`/selfcheck/${link.token}`, { answers: { pos: true }, request_id: rid }), 200)
  assert.deepEqual(again, first)
  assert.equal((await admin.ok(`/shops/${shop.id}/assessments`)).total, 1, 'stored once')
  expectError(await anon.post(`/selfcheck/${link.token}`, { answers: {}, request_id: 'x' }), 400, 'invalid_field', 'request_id')
  expectStatus(await anon.post(`/selfcheck/${link.token}`, { answers: { pos: false }, request_id: '6d0c7a3e-1b2f-4e6d-8a9b-0c1d2e3f4a5b' }), 201)
  assert.equal((await admin.ok(`/shops/${shop.id}/assessments`)).total, 2)
})

test('concurrent creates answer only 201 or 409 naming the field, never 500 (shops, 业态)', async () => {
  for (let round = 0; round < 10; round++) {
    const lic = String(331166000000 + round)
    const rs = await Promise.all([1, 2, 3, 4].map((k) => admin.post('/shops', { license_no: lic, name: `并发新增${round}-${k}`, unit_id: ids.CQS,
      category: '便利店', grade: 3, area: '城镇' })))
    assert.deepEqual(rs.map((x) => x.status).sort(), [201, 409, 409, 409], `round ${round}: ${rs.map((x) => x.status + ' ' + x.text).join(' | ')}`)
    for (const x of rs.filter((y) => y.status === 409)) expectError(x, 409, 'duplicate', 'license_no')
    const cats = await Promise.all([1, 2, 3, 4].map(() => admin.post('/shops/categories', { name: `并发业态${round}` })))
    assert.deepEqual(cats.map((x) => x.status).sort(), [201, 409, 409, 409])
    for (const x of cats.filter((y) => y.status === 409)) expectError(x, 409, 'duplicate', 'name')
  }
  // an edit onto a taken 许可证号 is a 409 naming the field too
  const [a, b] = (await admin.ok('/shops?size=2&q=' + encodeURIComponent('并发新增'))).items
  expectError(await admin.patch(`/shops/${a.id}`, { license_no: b.license_no }), 409, 'duplicate', 'license_no')
})
