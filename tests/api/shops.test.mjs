// 零售户 and 小店数字化经营能力检测 over HTTP: the list interface, data scope (a manager sees his shops, a 所 its own),
// CRUD, imports that write nothing when a row is bad, monthly data re-imported exactly, visits, the batch equal to
// per-shop scoring, the self-check link confined to its shop and rate-limited, template versions, the county picture.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, expectError, expectStatus, cli, sleep, adminSetup } from './lib.mjs'
import { bureauDate } from './bureau_time.mjs'
import { answersFrom } from './forms.mjs'

const srv = serverFor({ before, after: (await import('node:test')).after }, import.meta.filename, { env: { BUREAU_SELFCHECK_LIMIT: '4' } })
let admin, ids, roles, login
before(async () => ({ admin, ids, roles, demo: login } = await adminSetup(srv)))

const demo = (unit, role) => login(unit, role, { sole: true })
const upload = (c, path, text) => c.req('POST', path, { rawBody: Buffer.from(text), headers: { 'Content-Type': 'application/octet-stream' } })
async function waitJob(c, id) {
  for (let i = 0; i < 600; i++) {
    const j = await c.ok(`/jobs/${id}`)
    if (j.status !== 'running') return j
    await sleep(100)
  }
  throw new Error('job did not finish')
}

test('GET /api/v1/shops: {items,total}, paging and filters agree', async () => {
  const all = await admin.ok('/shops?size=5')
  assert.ok(all.total >= 2400 && all.total <= 2600, `about 2,500 demo shops: ${all.total}`)
  assert.equal(all.items.length, 5)
  const s = all.items[0]
  for (const k of ['id', 'license_no', 'name', 'unit_name', 'manager_name', 'category', 'grade', 'area', 'status', 'level', 'score']) assert.ok(k in s, k)
  assert.match(s.license_no, /^\d{12}$/)
  let sum = 0
  for (const cat of ['食杂店', '便利店', '超市', '烟酒商店', '娱乐服务类', '其他']) sum += (await admin.ok(`/shops?size=1&category=${encodeURIComponent(cat)}`)).total
  assert.equal(sum, all.total)
  const other = (await admin.ok('/shops?size=1&category=' + encodeURIComponent('其他'))).total
  assert.ok(other / all.total < 0.05, '其他 under 5%')
  const low = await admin.ok('/shops?size=100&grade_max=5&status=' + encodeURIComponent('正常'))
  assert.ok(low.items.every((x) => x.grade <= 5 && x.status === '正常'))
  const q = await admin.ok('/shops?size=100&q=' + encodeURIComponent('龙潭镇'))
  assert.ok(q.total > 0 && q.items.every((x) => (x.name + x.address).includes('龙潭镇')))
  const lv = await admin.ok('/shops?size=100&level=' + encodeURIComponent('领先'))
  assert.ok(lv.total > 0 && lv.items.every((x) => x.level === '领先'))
  expectError(await admin.get('/shops?grade=31'), 400, 'bad_query', 'grade')
  const x = await admin.get('/shops?format=xlsx&unit_id=' + ids.LTS)
  assert.equal(x.status, 200)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
})

test('scope: a customer manager sees only his shops, a 所 only its own; others are 404', async () => {
  const { user, c } = await demo('SCB-CQ', 'customer_manager')
  const mine = await c.ok('/shops?size=500')
  assert.ok(mine.total > 20)
  assert.ok(mine.items.every((s) => s.manager_id === user.id))
  assert.equal(mine.total, (await admin.ok(`/shops?size=1&manager_id=${user.id}`)).total)
  const foreign = (await admin.ok(`/shops?size=1&unit_id=${ids.SMS}`)).items[0]
  expectError(await c.get(`/shops/${foreign.id}`), 404, 'not_found')
  expectError(await c.get(`/shops/${foreign.id}/assessments`), 404, 'not_found')
  expectError(await c.post(`/shops/${foreign.id}/assessments`, { answers: {} }), 404, 'not_found')
  const ins = await demo('LTS', 'inspector')
  const lts = await ins.c.ok('/shops?size=500')
  assert.ok(lts.total > 100 && lts.items.every((s) => s.unit_code === 'LTS'))
  assert.equal(lts.total, (await admin.ok(`/shops?size=1&unit_id=${ids.LTS}`)).total)
  expectError(await ins.c.get(`/shops/${foreign.id}`), 404, 'not_found')
  // the picture is scoped too
  const pic = await ins.c.ok('/shops/picture')
  assert.deepEqual(pic.unit.map((u) => u.name), ['龙潭专卖管理所'])
})

test('CRUD with checks and audit', async () => {
  const body = { license_no: '331199000001', name: '城关镇测试便利店', owner_name: '测试', unit_id: ids.CQS, category: '便利店', grade: 3, area: '城镇', lng: 119.92, lat: 28.45 }
  expectError(await admin.post('/shops', { ...body, license_no: '12AB' }), 400, 'invalid_field', 'license_no')
  expectError(await admin.post('/shops', { ...body, grade: 31 }), 400, 'invalid_field', 'grade')
  expectError(await admin.post('/shops', { ...body, category: '夜宵摊' }), 400, 'invalid_field', 'category')
  const s = expectStatus(await admin.post('/shops', body), 201)
  assert.equal(s.unit_name, '城区专卖管理所')
  expectError(await admin.post('/shops', body), 409, 'duplicate', 'license_no')
  const p = expectStatus(await admin.patch(`/shops/${s.id}`, { status: '停业', grade: 4 }), 200)
  assert.equal(p.status, '停业')
  assert.equal(p.grade, 4)
  assert.ok(p.status_date)
  expectStatus(await admin.del(`/shops/${s.id}`), 200)
  expectError(await admin.get(`/shops/${s.id}`), 404, 'not_found')
})

test('shop import: one bad row writes nothing; a clean file writes every row', async () => {
  const before = (await admin.ok('/shops?size=1')).total
  const head = '许可证号,店名,负责人,电话,地址,经度,纬度,所属单位,客户经理账号,业态,档位,城乡,状态\n'
  const good = '331199000101,石门镇导入一号店,甲,,石门街1号,119.75,28.38,SMS,,食杂店,2,乡村,正常\n331199000102,石门镇导入二号店,乙,,石门街2号,,,石门专卖管理所,,超市,12,乡村,\n'
  const bad = expectError(await upload(admin, '/shops/import', head + good + '331199000103,坏行,丙,,,,,SMS,,食杂店,40,乡村,正常\n'), 422, 'import_invalid')
  assert.ok(bad.details.errors.some((e) => e.row === 4 && e.column === '档位'))
  assert.equal((await admin.ok('/shops?size=1')).total, before)
  const ok = expectStatus(await upload(admin, '/shops/import', head + good), 200)
  assert.equal(ok.written, 2)
  assert.equal((await admin.ok('/shops?size=1')).total, before + 2)
})

test('monthly data: bad row writes nothing; re-importing a month replaces it exactly; large files run as a job', async () => {
  const shop = (await admin.ok('/shops?size=1&q=331199000101')).items[0]
  const lic = shop.license_no
  const bad = expectError(await upload(admin, '/shops/data/import', `许可证号,月份,指标,数值\n${lic},2030-01,订购量,100\n${lic},2030-01,扫码销售量,abc\n`), 422, 'import_invalid')
  assert.equal(bad.details.errors[0].row, 3)
  const series = async () => (await admin.ok(`/shops/${shop.id}/data?to=2030-01`)).metrics
  assert.ok((await series()).every((m) => m.values[11] === null), 'nothing written')
  const r1 = expectStatus(await upload(admin, '/shops/data/import', `许可证号,月份,订购量(条),扫码销售量(条),网上订货次数\n${lic},2030-01,100,90,3\n`), 200)
  assert.equal(r1.written, 3)
  let m = Object.fromEntries((await series()).map((x) => [x.code, x.values[11]]))
  assert.deepEqual([m.order_qty, m.scan_qty, m.online_orders], [100, 90, 3])
  // the same month again with one metric: the month is replaced exactly (the other two are gone, not kept)
  expectStatus(await upload(admin, '/shops/data/import', `许可证号,月份,指标,数值\n${lic},2030-01,订购量,120\n`), 200)
  m = Object.fromEntries((await series()).map((x) => [x.code, x.values[11]]))
  assert.deepEqual([m.order_qty, m.scan_qty, m.online_orders], [120, null, null])
  const dup = expectError(await upload(admin, '/shops/data/import', `许可证号,月份,指标,数值\n${lic},2030-02,订购量,1\n${lic},2030-02,订购量,2\n`), 422, 'import_invalid')
  assert.match(dup.details.errors[0].message, /重复/)
  const j = expectStatus(await upload(admin, '/shops/data/import?async=1', `许可证号,月份,指标,数值\n${lic},2030-02,订购量,7\n`), 202)
  const done = await waitJob(admin, j.job_id)
  assert.equal(done.status, 'done')
  assert.equal(done.result.written, 1)
  // a GBK file (as Excel on a Chinese Windows saves CSV): headers and metric names read right, values written
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: `许可证号,月份,指标,数值\n${lic},2030年3月,订购量,88\n${lic},2030年3月,移动支付笔数占比,61.5%\n` })
  assert.notDeepEqual(gbk, Buffer.from(`许可证号`), 'really GBK bytes')
  const g = expectStatus(await admin.req('POST', '/shops/data/import', { rawBody: gbk, headers: { 'Content-Type': 'text/csv' } }), 200)
  assert.equal(g.written, 2)
  m = Object.fromEntries((await admin.ok(`/shops/${shop.id}/data?to=2030-03`)).metrics.map((x) => [x.code, x.values[11]]))
  assert.deepEqual([m.order_qty, m.mobile_pay_share], [88, 61.5])
  // a manager cannot import (no permission)
  const { c } = await demo('SCB-DB', 'customer_manager')
  expectError(await upload(c, '/shops/data/import', `许可证号,月份,指标,数值\n${lic},2030-02,订购量,7\n`), 403, 'forbidden')
})

test('a visit: answers + GPS scored with the template, metric items from data, weakest items with advice', async () => {
  const { user, c } = await demo('SCB-CQ', 'customer_manager')
  const shop = (await c.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).items[0]
  const form = await c.ok(`/shops/${shop.id}/assess-form`)
  assert.equal(form.template.dimensions.length, 6)
  assert.ok(form.metrics.some((x) => x.code === 'scan_rate' && x.value !== null), 'scan rate filled from data')
  expectError(await c.post(`/shops/${shop.id}/assessments`, { answers: { scan_rate: 100 } }), 400, 'invalid_field', 'answers')
  const a = expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form), lng: shop.lng, lat: shop.lat }), 201)
  assert.equal(a.kind, '走访')
  assert.equal(a.assessed_by, user.id)
  assert.equal(a.result.dims.length, 6)
  assert.ok(a.result.total > 0 && a.level)
  assert.ok(a.result.weakest.length <= 3 && a.result.weakest.every((w) => w.advice))
  const sum = await c.ok(`/shops/${shop.id}/summary`)
  assert.equal(sum.latest.id, a.id)
  assert.ok(sum.trend.length >= 2)
  assert.ok(sum.averages.unit.total > 0 && sum.averages.county.total > 0)
})

test('a resent visit (answer lost on the way back) is stored once: the same request_id answers the stored visit', async () => {
  const { c } = await demo('SCB-CQ', 'customer_manager')
  const shops = (await c.ok('/shops?size=2&status=' + encodeURIComponent('正常'))).items
  const shop = shops[0]
  const form = await c.ok(`/shops/${shop.id}/assess-form`)
  const rid = '3f6c1d2e-8a4b-4c7d-9e0f-1a2b3c4d5e6f'
  const n0 = (await c.ok(`/shops/${shop.id}/assessments`)).total
  const first = expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form), request_id: rid }), 201)
  const again = expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form), request_id: rid }), 200)
  assert.equal(again.id, first.id)
  assert.deepEqual(again.result, first.result)
  assert.equal((await c.ok(`/shops/${shop.id}/assessments`)).total, n0 + 1, 'stored once')
  // the key is per shop; another sheet gets its own key; a malformed key is refused naming the field
  expectStatus(await c.post(`/shops/${shops[1].id}/assessments`, { answers: answersFrom(form), request_id: rid }), 201)
  expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form), request_id: '9b2f4c1a-0d3e-4f5a-8b6c-7d8e9f0a1b2c' }), 201)
  assert.equal((await c.ok(`/shops/${shop.id}/assessments`)).total, n0 + 2)
  expectError(await c.post(`/shops/${shop.id}/assessments`, { answers: {}, request_id: 'not-a-uuid' }), 400, 'invalid_field', 'request_id')
  // a resend racing the first: both land, one visit
  const rid2 = 'aa6c1d2e-8a4b-4c7d-9e0f-1a2b3c4d5e6f'
  const [x, y] = await Promise.all([1, 2].map(() => c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form), request_id: rid2 })))
  assert.deepEqual([x.status, y.status].sort(), [200, 201])
  assert.equal(x.json.id, y.json.id)
  assert.equal((await c.ok(`/shops/${shop.id}/assessments`)).total, n0 + 3)
})

test('batch (UI job and CLI) gives each shop what per-shop scoring gives', async () => {
  const shop = (await admin.ok(`/shops?size=1&unit_id=${ids.SMS}&status=` + encodeURIComponent('正常'))).items[0]
  const form = await admin.ok(`/shops/${shop.id}/assess-form`)
  const month = form.month
  const j = expectStatus(await admin.post('/shops/assess/batch', { month }), 202)
  const done = await waitJob(admin, j.job_id)
  assert.equal(done.status, 'done', JSON.stringify(done))
  const active = (await admin.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).total
  assert.equal(done.result.shops, active)
  const hist = await admin.ok(`/shops/${shop.id}/assessments`)
  const b = hist.items.find((x) => x.kind === '批量')
  const batch = await admin.ok(`/shops/${shop.id}/assessments/${b.id}`)
  const per = expectStatus(await admin.post(`/shops/${shop.id}/assessments`, { answers: form.last_answers, month }), 201)
  assert.equal(per.total, batch.total)
  assert.deepEqual(per.result.items, batch.result.items)
  // the CLI is the same code: run it on the live database
  const r = await cli(['assess', '--all', '--db', srv.db, '--month', month])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, new RegExp(`${active} 户`))
  expectStatus(await admin.get('/shops/assess/batch'), 405)
})

test('self-check link: no account, confined to its shop, marked 自测, rate-limited', async () => {
  const { c } = await demo('SCB-XB', 'customer_manager')
  const [s1, s2] = (await c.ok('/shops?size=2&status=' + encodeURIComponent('正常'))).items
  const link = expectStatus(await c.post(`/shops/${s1.id}/selfcheck-link`, {}), 200)
  assert.ok(link.token.length >= 20)
  const anon = srv.client()
  const q = expectStatus(await anon.get(`/selfcheck/${link.token}`), 200)
  assert.equal(q.shop_name, s1.name)
  assert.ok(!JSON.stringify(q).includes(s1.license_no), 'nothing else of the shop')
  assert.ok(q.template.dimensions.every((d) => d.items.every((it) => it.kind !== 'metric')))
  const before2 = (await c.ok(`/shops/${s2.id}/assessments`)).total
  const level1 = (await c.ok(`/shops/${s1.id}`)).level
  // no way to name another shop: unknown fields refused, metric items refused, a changed token is not found
  expectError(await anon.post(`/selfcheck/${link.token}`, { answers: {}, shop_id: s2.id }), 400, 'unknown_field')
  expectError(await anon.post(`/selfcheck/${link.token}`, { answers: { scan_rate: 100 } }), 400, 'invalid_field')
  expectError(await anon.get(`/selfcheck/${link.token.slice(0, -1)}x`), 404, 'not_found')
  const r = expectStatus(await anon.post(`/selfcheck/${link.token}`, { answers: { pos: true } }), 201)
  assert.ok(r.result.dims.length === 6)
  const h = await c.ok(`/shops/${s1.id}/assessments`)
  assert.equal(h.items[0].kind, '自测')
  assert.equal((await c.ok(`/shops/${s2.id}/assessments`)).total, before2)
  assert.equal((await c.ok(`/shops/${s1.id}`)).level, level1, 'a self-check does not change the official level')
  // limit 4 per hour per link and address (BUREAU_SELFCHECK_LIMIT=4), refused ones counted too: the fifth is refused
  expectStatus(await anon.post(`/selfcheck/${link.token}`, { answers: {} }), 201)
  const e = expectError(await anon.post(`/selfcheck/${link.token}`, { answers: {} }), 429, 'too_many_attempts')
  assert.ok(e.message)
})

test('template: draft → publish a new version; old results keep their version and scores', async () => {
  const { c } = await demo('SCB-NB', 'customer_manager')
  const shop = (await c.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).items[0]
  const old = (await c.ok(`/shops/${shop.id}/assessments`)).items.find((x) => x.kind === '走访')
  const oldFull = await c.ok(`/shops/${shop.id}/assessments/${old.id}`)
  expectError(await c.get('/shops/templates/draft'), 403, 'forbidden')
  const d = await admin.ok('/shops/templates/draft')
  const body = d.body
  body.dimensions[2].weight = 40
  expectError(await admin.req('PUT', '/shops/templates/draft', { body: { body: { ...body, levels: [] } } }), 400, 'invalid_field', 'body')
  expectStatus(await admin.req('PUT', '/shops/templates/draft', { body: { body } }), 200)
  const pub = expectStatus(await admin.post('/shops/templates/draft/publish', {}), 200)
  assert.equal(pub.version, 2)
  expectError(await admin.post('/shops/templates/draft/publish', {}), 409, 'bad_state')
  const again = await c.ok(`/shops/${shop.id}/assessments/${old.id}`)
  assert.deepEqual(again, oldFull)
  assert.equal(again.template_version, 1)
  const form = await c.ok(`/shops/${shop.id}/assess-form`)
  assert.equal(form.template_version, 2)
  const a = expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: form.last_answers }), 201)
  assert.equal(a.template_version, 2)
  const list = await admin.ok('/shops/templates')
  assert.deepEqual(list.items.map((t) => t.version), [2, 1])
})

test('county picture: distributions add up, movement, needs, coverage, exports', async () => {
  const pic = await admin.ok('/shops/picture')
  assert.deepEqual(pic.levels, ['起步', '成长', '熟练', '领先', '示范', '数据不足', '未检测'])
  const active = (await admin.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).total
  for (const k of ['unit', 'category', 'grade', 'area']) assert.equal(pic[k].reduce((n, g) => n + g.total, 0), active, k + JSON.stringify(pic[k]))
  assert.deepEqual(pic.area.map((g) => g.name), ['城镇', '乡村'])
  assert.deepEqual(pic.grade.map((g) => g.name).slice(0, 2), ['1–5档', '6–10档'])
  // never behind the shops: a visit, a shop closed and its 档位 changed show in the very next picture
  const shop = (await admin.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).items[0]
  const unitOf = (p) => p.unit.find((g) => g.name === shop.unit_name)
  const form = await admin.ok(`/shops/${shop.id}/assess-form`)
  const a = expectStatus(await admin.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form) }), 201)
  const p1 = await admin.ok('/shops/picture')
  const lv = a.level || '数据不足'
  const was = shop.level || (shop.assessed_at ? '数据不足' : '未检测')
  if (lv !== was) assert.equal(unitOf(p1).counts[lv], unitOf(pic).counts[lv] + 1, 'the new level counted')
  expectStatus(await admin.patch(`/shops/${shop.id}`, { status: '停业' }), 200)
  const p2 = await admin.ok('/shops/picture')
  assert.equal(unitOf(p2).total, unitOf(p1).total - 1, 'a closed shop leaves the picture')
  assert.equal(unitOf(p2).counts[lv], unitOf(p1).counts[lv] - 1)
  expectStatus(await admin.patch(`/shops/${shop.id}`, { status: '正常' }), 200)
  assert.deepEqual((await admin.ok('/shops/picture')).unit, p1.unit, 'and comes back')
  const today = bureauDate()
  const half = bureauDate(-183)
  const mv = await admin.ok(`/shops/picture/movement?from=${half}&to=${today}`)
  assert.ok(mv.up > 0 && mv.down >= 0 && mv.same >= 0)
  assert.equal(mv.matrix.flat().reduce((a, b) => a + b, 0), mv.up + mv.down + mv.same)
  expectError(await admin.get(`/shops/picture/movement?from=${today}&to=${half}`), 400, 'bad_query', 'to')
  const needs = await admin.ok('/shops/picture/needs?per=2')
  const byMgr = {}
  for (const n of needs.items) byMgr[n.manager_id] = (byMgr[n.manager_id] || 0) + 1
  assert.ok(Object.values(byMgr).every((n) => n <= 2) && needs.items.length > 10)
  const cov = await admin.ok('/shops/picture/coverage?days=90')
  assert.ok(cov.items.length >= 20 && cov.items.every((r) => r.visited <= r.shops && r.rate >= 0 && r.rate <= 100))
  for (const p of ['/shops/picture?by=unit&format=xlsx', '/shops/picture/needs?format=xlsx', '/shops/picture/coverage?format=xlsx']) {
    const x = await admin.get(p)
    assert.equal(x.status, 200, p)
    assert.equal(x.buf.subarray(0, 2).toString(), 'PK', p)
  }
  const map = await admin.ok('/shops/map')
  assert.equal(map.items.length, active - 1, 'every active shop with GPS (the imported 二号店 has none)')
  assert.equal(map.total, map.items.length, 'the map answers its real count')
  assert.ok(map.items.every(([lng, lat]) => lng > 119.5 && lng < 120.4 && lat > 28.2 && lat < 28.7))
})
