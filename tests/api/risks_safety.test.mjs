// 安全生产 over HTTP against the real server and its SQLite file: the demo's year of checks (one hazard open past its
// deadline), the cockpit's 安全检查次数 / 发现隐患数 / 已整改隐患数 equal to the module's own counts, data scope (a 所长
// sees only his unit's checks and hazards: 404 otherwise), photos required where the form says (nothing written
// without them), and a hazard closed only by a passed re-inspection.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, adminSetup, expectError, expectStatus } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, demo
before(async () => ({ admin, ids, demo } = await adminSetup(srv)))

// An 8×8 PNG, as a phone photo would be sent (raw body, name in the query).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080802000000' + '4b6d29dc0000001149444154789c6398b5e10856c430b42400574583818e8db3fc0000000049454e44ae426082', 'hex')
const upload = (c, path, name, buf = PNG) => c.req('POST', `${path}?${new URLSearchParams(name)}`, { rawBody: buf, headers: { 'Content-Type': 'application/octet-stream' } })

async function all(c, path) {
  const out = []
  for (let p = 1; ; p++) {
    const j = await c.ok(`${path}${path.includes('?') ? '&' : '?'}size=100&page=${p}`)
    out.push(...j.items)
    if (out.length >= j.total || !j.items.length) return out
  }
}

test('the demo: a year of checks over four places, one hazard open past its deadline; templates after YC/T 384', async () => {
  const t = await admin.ok('/risks/safety/templates')
  assert.deepEqual(t.items.map((x) => x.place), ['仓库', '车辆', '办公楼', '营业网点'])
  assert.deepEqual(t.items.map((x) => x.items.length), [10, 7, 8, 6])
  assert.ok(t.items.every((p) => p.items.some((i) => i.photo === 'always')))
  const checks = await all(admin, '/risks/safety/checks')
  assert.equal(checks.length, 36)
  assert.deepEqual([...new Set(checks.map((c) => c.place))].sort(), ['仓库', '办公楼', '营业网点', '车辆'])
  const od = await admin.ok('/risks/safety/hazards?overdue=1')
  assert.equal(od.total, 1)
  assert.equal(od.items[0].light, 'red')
  assert.equal(od.items[0].status, '整改中')
  const hz = await all(admin, '/risks/safety/hazards')
  const open = hz.filter((h) => h.status !== '已关闭')
  assert.ok(open.length >= 1 && open.length <= 3, `open ${open.length}`)
  // Closed ones went through 整改 and a passed 复查, with a photo of the rectification.
  const closed = hz.find((h) => h.status === '已关闭')
  const one = await admin.ok(`/risks/safety/hazards/${closed.id}`)
  assert.deepEqual(one.events.map((e) => e.kind), ['发现', '整改', '复查合格'])
  assert.ok(one.photos.some((p) => p.stage === '整改'))
})

test('cockpit feeds: 安全检查次数, 发现隐患数, 已整改隐患数 of a unit and month equal the module\'s own counts', async () => {
  const checks = (await all(admin, `/risks/safety/checks?unit_id=${ids.WLZX}`)).filter((c) => c.status === '已完成')
  const hz = await all(admin, `/risks/safety/hazards?unit_id=${ids.WLZX}`)
  const od = (await admin.ok('/risks/safety/hazards?overdue=1')).items[0]
  const month = od.found_on.slice(0, 7) // the month of the planted hazard: one still open
  const want = {
    AQJC: checks.filter((c) => c.day.startsWith(month)).length,
    YHFX: hz.filter((h) => h.found_on.startsWith(month)).length,
    YHZG: hz.filter((h) => h.found_on.startsWith(month) && h.status === '已关闭').length,
  }
  assert.ok(want.AQJC > 0 && want.YHFX > want.YHZG, JSON.stringify(want))
  for (const [code, n] of Object.entries(want)) {
    const v = await admin.ok(`/cockpit/values?indicator=${code}&unit=${ids.WLZX}&from=${month}&to=${month}`)
    const row = v.items.find((x) => x.unit_id === ids.WLZX && x.month === month)
    assert.ok(row, `${code} ${month}: ${JSON.stringify(v.items)}`)
    // (a module figure equal to the demo's hand-entered one leaves the row's source as it was: the value is what counts)
    assert.equal(row.value, n, code)
  }
  const ind = (await admin.ok('/cockpit/indicators')).items
  for (const code of ['AQJC', 'YHFX', 'YHZG']) assert.equal(ind.find((i) => i.code === code).feeder, 'module', code)
  // The page's own year figures agree with its lists.
  const year = Number(od.found_on.slice(0, 4))
  const st = await admin.ok(`/risks/safety/stats?year=${year}`)
  const hy = (await all(admin, `/risks/safety/hazards?year=${year}`))
  assert.equal(st.found, hy.length)
  assert.equal(st.closed, hy.filter((h) => h.status === '已关闭').length)
  assert.equal(st.months.reduce((s, m) => s + m.found, 0), st.found)
  assert.equal(st.overdue, 1)
})

test('scope: a 所长 sees his unit\'s checks and hazards only; others answer 404; he cannot check another unit', async () => {
  const { c: so } = await demo('CQS', 'dept_head')
  const mine = await all(so, '/risks/safety/checks')
  assert.ok(mine.length > 0 && mine.every((c) => c.unit_id === ids.CQS), 'own checks only')
  const wl = (await admin.ok(`/risks/safety/checks?unit_id=${ids.WLZX}&size=1`)).items[0]
  expectError(await so.get(`/risks/safety/checks/${wl.id}`), 404, 'not_found')
  const od = (await admin.ok('/risks/safety/hazards?overdue=1')).items[0]
  expectError(await so.get(`/risks/safety/hazards/${od.id}`), 404, 'not_found')
  expectError(await so.post(`/risks/safety/hazards/${od.id}/rectify`, { note: '已整改' }), 404, 'not_found')
  expectError(await upload(so, `/risks/safety/hazards/${od.id}/photos`, { name: 'a.png' }), 404, 'not_found')
  assert.equal((await so.ok('/risks/safety/hazards?overdue=1')).total, 0)
  expectError(await so.post('/risks/safety/checks', { unit_id: ids.WLZX, place: '仓库', target: '1号库' }), 400, 'invalid_field', 'unit_id')
  // A 专管员 may look but not check.
  const { c: ins } = await demo('CQS', 'inspector')
  expectError(await ins.post('/risks/safety/checks', { unit_id: ids.CQS, place: '营业网点', target: '所办公场所' }), 403, 'forbidden')
})

test('a check on the phone: photos required where the form says; each failed item a hazard due in working days', async () => {
  const { c: wl } = await demo('WLZX', 'dept_head')
  expectError(await wl.post('/risks/safety/checks', { unit_id: ids.WLZX, place: '食堂', target: 'x' }), 400, 'invalid_field', 'place')
  expectError(await wl.post('/risks/safety/checks', { unit_id: ids.WLZX, place: '车辆', target: 'x', day: '2999-01-01' }), 400, 'invalid_field', 'day')
  const c = expectStatus(await wl.post('/risks/safety/checks', { unit_id: ids.WLZX, place: '车辆', target: '浙H·D3721 送货车', inspectors: '物流中心安全员' }), 201)
  assert.equal(c.status, '检查中')
  assert.equal(c.template.items.length, 7)
  const results = c.template.items.map((i) => ({ code: i.code, result: '合格' }))
  results[0] = { code: 'CL01', result: '不合格', note: '左后轮胎磨损超限', limit_days: 3 } // photo on_fail
  // CL04 (随车安全设施) wants a photo always; CL01 failed wants one too. Without them nothing is written.
  let e = expectError(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results }), 400, 'invalid_field', 'results[0].photos')
  assert.match(e.message, /第1项（CL01/)
  expectStatus(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: '轮胎.png', code: 'CL01' }), 201)
  e = expectError(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results }), 400, 'invalid_field', 'results[3].photos')
  assert.match(e.message, /CL04/)
  let now = await wl.ok(`/risks/safety/checks/${c.id}`)
  assert.equal(now.status, '检查中')
  assert.equal(now.results.length, 0)
  assert.equal(now.hazards.length, 0)
  // Photos are photos: a text file named .png, or a .txt, is refused; a code outside the form too.
  expectError(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: 'x.png', code: 'CL04' }, Buffer.from('hello')), 415, 'file_type_not_allowed', 'file')
  expectError(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: 'x.txt', code: 'CL04' }, Buffer.from('hello')), 415, 'file_type_not_allowed', 'name')
  expectError(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: 'x.png', code: 'CK01' }), 400, 'bad_query', 'code')
  expectStatus(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: '灭火器.png', code: 'CL04' }), 201)
  // A malformed form names the row.
  e = expectError(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results: results.slice(1) }), 400, 'invalid_field', 'results')
  assert.match(e.message, /共 7 项/)
  const done = expectStatus(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results }), 200)
  assert.equal(done.status, '已完成')
  assert.equal(done.items_failed, 1)
  assert.equal(done.hazards.length, 1)
  const h = done.hazards[0]
  assert.equal(h.description, '左后轮胎磨损超限')
  assert.equal(h.limit_days, 3)
  assert.equal(h.status, '整改中')
  // Three working days after the check day on the bureau's calendar, as org's own calendar counts them.
  assert.equal(h.due, (await admin.ok(`/org/calendar/count?from=${done.day}&add=3`)).date)
  assert.equal(h.found_on, done.day)
  expectError(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results }), 409, 'bad_state')
  expectError(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: 'late.png', code: 'CL04' }), 409, 'bad_state')
  now = await wl.ok(`/risks/safety/checks/${c.id}`)
  assert.equal(now.results.length, 7)
  assert.equal(now.photos.length, 2)
  // The photo comes back as it went.
  const ph = await wl.get(`/risks/safety/photos/${now.photos[0].id}`)
  assert.equal(ph.status, 200)
  assert.deepEqual(Buffer.from(ph.buf), PNG)
})

test('a hazard closes only through a passed re-inspection; a failed one sends it back to 整改', async () => {
  const { c: wl } = await demo('WLZX', 'dept_head')
  const c = expectStatus(await wl.post('/risks/safety/checks', { unit_id: ids.WLZX, place: '仓库', target: '2号卷烟仓库' }), 201)
  const results = c.template.items.map((i) => ({ code: i.code, result: '合格' }))
  results[5] = { code: 'CK06', result: '不合格', note: '温湿度记录缺3天', severity: '重大隐患' } // no photo asked
  expectStatus(await upload(wl, `/risks/safety/checks/${c.id}/photos`, { name: 'exit.png', code: 'CK03' }), 201)
  const done = expectStatus(await wl.post(`/risks/safety/checks/${c.id}/submit`, { results }), 200)
  const h = done.hazards[0]
  assert.equal(h.severity, '重大隐患')
  assert.equal(h.limit_days, 30)
  const url = `/risks/safety/hazards/${h.id}`
  expectError(await wl.post(`${url}/reinspect`, { passed: true, note: '直接销号' }), 409, 'bad_state')
  expectError(await wl.post(`${url}/rectify`, {}), 400, 'missing_field', 'note')
  expectStatus(await upload(wl, `${url}/photos`, { name: '整改后.png' }), 201)
  let x = expectStatus(await wl.post(`${url}/rectify`, { note: '补齐记录，安装自动记录仪' }), 200)
  assert.equal(x.status, '待复查')
  expectError(await wl.post(`${url}/rectify`, { note: '再次' }), 409, 'bad_state')
  x = expectStatus(await wl.post(`${url}/reinspect`, { passed: false, note: '记录仪未联网' }), 200)
  assert.equal(x.status, '整改中')
  assert.equal(x.closed_on, null)
  expectStatus(await wl.post(`${url}/rectify`, { note: '记录仪已联网' }), 200)
  x = expectStatus(await wl.post(`${url}/reinspect`, { passed: true, note: '复查合格' }), 200)
  assert.equal(x.status, '已关闭')
  assert.equal(x.light, 'done')
  assert.deepEqual(x.events.map((e) => e.kind), ['发现', '整改', '复查不合格', '整改', '复查合格'])
  assert.deepEqual(x.photos.map((p) => p.stage), ['整改'])
  expectError(await wl.post(`${url}/rectify`, { note: '又来' }), 409, 'bad_state')
  expectError(await upload(wl, `${url}/photos`, { name: 'late.png' }), 409, 'bad_state')
  const audit = (await admin.ok('/org/audit?entity=risk_hazard&size=100')).items.filter((a) => Number(a.entity_id) === h.id)
  assert.deepEqual(audit.map((a) => a.action).sort(), ['risks.hazard.photo', 'risks.hazard.reinspect', 'risks.hazard.reinspect', 'risks.hazard.rectify', 'risks.hazard.rectify'].sort())
})
