// 数字化所队部 over HTTP: indicator list, the three views (ratios as sum over sum), manual values with audit and field
// errors, XLSX/CSV import (long and wide, nothing written on an error), API keys (scope, revocation), data scope of a
// 所, exports, and the live stream delivering changes from this process and from another one.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { serverFor, expectError, expectStatus, auditOf, adminSetup } from './lib.mjs'
import { bureauDate } from './bureau_time.mjs'

const run = promisify(execFile)
const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, login
before(async () => ({ admin, ids, roles, demo: login } = await adminSetup(srv)))

/** The month before the bureau's current one (the server's demo and "this month" follow the bureau's zone, not the
 * host's: a host clock would name the wrong month from 16:00 UTC on a month's last day). */
function lastMonth() {
  const [y, m] = bureauDate(0).split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
const M = lastMonth()

const demo = async (unit, role) => (await login(unit, role)).c
const put = (c, body) => c.req('PUT', '/cockpit/values', { body })
/** Every stored value matching a query, page by page (the list pages at ≤ 500 rows). */
async function allValues(c, q) {
  const out = []
  for (let p = 1; ; p++) {
    const j = await c.ok(`/cockpit/values?${q}&size=500&page=${p}`)
    out.push(...j.items)
    if (out.length >= j.total || !j.items.length) return out
  }
}

test('indicator list: {items,total}, about 25 headline indicators with their roll-ups', async () => {
  const j = await admin.ok('/cockpit/indicators')
  assert.equal(j.total, j.items.length)
  const by = Object.fromEntries(j.items.map((i) => [i.code, i]))
  for (const c of ['XSL', 'XSE', 'DXE', 'MZL', 'BFL', 'WSL', 'SML', 'JGZS', 'CXB', 'CCHS', 'XKSX', 'AJS', 'CHJY', 'JHL', 'TSBJL', 'AQJC', 'YHZGL', 'PXRC', 'DBL'])
    assert.ok(by[c], c)
  assert.equal(by.MZL.time_agg, 'ratio')
  assert.equal(by.MZL.num_code, 'DHMZ')
  assert.equal(by.XKSX.direction, 'lower')
  assert.equal(by.CCHS.time_agg, 'last')
  assert.ok(by.QD_DUE && by.QD_DUE.feeder === 'module', 'the 清单闭环 feed registered its indicator')
  assert.ok(j.total >= 25, `${j.total} indicators`)
})

test('横向: ranked 片区 under the 市场部; a ratio is the sum of numerators over the sum of denominators', async () => {
  const h = await admin.ok(`/cockpit/horizontal?indicator=MZL&month=${M}`)
  assert.deepEqual(h.items.map((i) => i.unit_code).sort(), ['SCB-CQ', 'SCB-DB', 'SCB-NB', 'SCB-XB'])
  const ranks = h.items.map((i) => i.rank)
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b))
  const vals = await allValues(admin, `from=${M}&to=${M}`)
  const sum = (code) => vals.filter((v) => v.indicator === code && v.unit_name.endsWith('片区')).reduce((s, v) => s + v.value, 0)
  const want = (sum('DHMZ') / sum('DHXQ')) * 100
  assert.ok(Math.abs(h.summary.value - want) < 0.05, `${h.summary.value} vs ${want}`)
  const avgOfRatios = h.items.reduce((s, i) => s + i.value, 0) / h.items.length
  assert.ok(h.summary.value !== avgOfRatios || Math.abs(want - avgOfRatios) < 1e-9)
  for (const i of h.items) assert.ok(['green', 'yellow', 'red'].includes(i.light))
  // Drill-down path: bureau › 市场部.
  assert.deepEqual(h.path.map((p) => p.unit_id), [ids.JU, ids.SCB])
  expectError(await admin.get(`/cockpit/horizontal?indicator=NOPE&month=${M}`), 404, 'not_found', 'indicator')
  expectError(await admin.get(`/cockpit/horizontal?indicator=XSL&month=2026-13`), 400, 'bad_query', 'month')
})

test('纵向: 环比/同比 per month, zero base said explicitly, YTD against target and expected progress', async () => {
  const v = await admin.ok(`/cockpit/vertical?indicator=XSL&unit=${ids['SCB-CQ']}&to=${M}&months=13`)
  assert.equal(v.series.length, 13)
  const last = v.series.at(-1), first = v.series[0]
  assert.equal(last.yoy.status, 'ok')
  assert.ok(Math.abs(last.yoy.pct - ((last.value - first.value) / Math.abs(first.value)) * 100) < 0.01)
  assert.ok(v.ytd.expected > 0 && v.ytd.expected <= 100)
  assert.ok(v.ytd.target > 0)
  // A zero base: AQJC of 财务科 set to 0 last month and 3 this month.
  const [y, m] = M.split('-').map(Number)
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
  expectStatus(await put(admin, { indicator: 'AQJC', unit_id: ids.CWK, month: prev, value: 0 }), 200)
  expectStatus(await put(admin, { indicator: 'AQJC', unit_id: ids.CWK, month: M, value: 3 }), 200)
  const z = await admin.ok(`/cockpit/vertical?indicator=AQJC&unit=${ids.CWK}&to=${M}&months=2`)
  assert.equal(z.series[1].mom.status, 'zero_base')
  assert.equal(z.series[1].mom.pct, null)
  assert.equal(z.series[1].mom.diff, 3)
})

test('矩阵: cells ranked, a composite league table ordered by score; weights are admin settings', async () => {
  const x = await admin.ok(`/cockpit/matrix?month=${M}`)
  assert.ok(x.indicators.length >= 5)
  assert.equal(x.cells.length, x.indicators.length)
  for (const row of x.cells) assert.equal(row.length, x.units.length)
  const scores = x.league.map((u) => u.score)
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a))
  expectStatus(await admin.patch('/cockpit/indicators/AQJC', { weight: 5 }), 200)
  expectError(await admin.patch('/cockpit/indicators/AQJC', { weight: -1 }), 400, 'invalid_field', 'weight')
  const ins = await demo('CQS', 'inspector')
  expectError(await ins.patch('/cockpit/indicators/AQJC', { weight: 1 }), 403, 'forbidden')
})

test('manual values: audited, refused for ratio indicators and bad fields', async () => {
  const r = await put(admin, { indicator: 'PXRC', unit_id: ids.BGS, month: M, value: 77 })
  expectStatus(r, 200)
  const a = await auditOf(admin, 'cockpit_value', ids.BGS)
  assert.ok(a.some((row) => row.action === 'cockpit.value.put' && /PXRC/.test(row.summary)))
  expectError(await put(admin, { indicator: 'MZL', unit_id: ids.BGS, month: M, value: 1 }), 400, 'invalid_field', 'indicator')
  expectError(await put(admin, { indicator: 'PXRC', unit_id: ids.BGS, month: '2026-1', value: 1 }), 400, 'invalid_field', 'month')
  expectError(await put(admin, { indicator: 'PXRC', unit_id: ids.BGS, month: M, value: 'x' }), 400, 'invalid_field', 'value')
  expectError(await put(admin, { indicator: 'PXRC', unit_id: ids.BGS, month: M, value: 1, extra: 1 }), 400, 'unknown_field')
  const del = await admin.req('DELETE', '/cockpit/values', { body: { indicator: 'PXRC', unit_id: ids.BGS, month: M } })
  expectStatus(del, 200)
  const h = await admin.ok(`/cockpit/history?indicator=PXRC&unit=${ids.BGS}`)
  assert.ok(!h.items.some((i) => i.month === M))
})

const csv = (rows) => Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n'))
const importCsv = (c, body, q = '') => c.post('/cockpit/import' + q, undefined, { rawBody: body, headers: { 'Content-Type': 'text/csv' } })

test('import: long and wide layouts; one bad row and nothing is written; dry run and keep_valid', async () => {
  const bad = csv([['指标编码', '单位编码', '月份', '数值'], ['CHJY', 'CQS', '2024-01', '11'], ['CHJY', 'NOPE', '2024-01', '5'], ['CHJY', 'LTS', '2024-13', '5'], ['MZL', 'LTS', '2024-01', '5'], ['CHJY', 'SMS', '2024-01', 'abc']])
  const e = expectError(await importCsv(admin, bad), 422, 'import_invalid')
  const errs = e.details.errors
  assert.deepEqual(errs.map((x) => x.row).sort(), [3, 4, 5, 6])
  assert.ok(errs.some((x) => x.column === '单位编码'))
  let h = await admin.ok(`/cockpit/history?indicator=CHJY&unit=${ids.CQS}`)
  assert.ok(!h.items.some((i) => i.month === '2024-01'), 'nothing written')
  const kept = expectStatus(await importCsv(admin, bad, '?keep_valid=1'), 200)
  assert.equal(kept.written, 1)
  h = await admin.ok(`/cockpit/history?indicator=CHJY&unit=${ids.CQS}`)
  assert.equal(h.items.find((i) => i.month === '2024-01').value, 11)
  assert.equal(h.items.find((i) => i.month === '2024-01').source, 'import')
  // Wide: one row per indicator × unit, one column per month; thousands separators accepted, blanks skipped.
  const wide = csv([['指标编码', '单位编码', '2024-02', '2024-03', '2024-04'], ['CHJY', 'CQS', '"1,200"', '', '30'], ['AJS', 'JCD', '4', '5', '6']])
  const w = expectStatus(await importCsv(admin, wide), 200)
  assert.equal(w.written, 5)
  h = await admin.ok(`/cockpit/history?indicator=CHJY&unit=${ids.CQS}`)
  assert.equal(h.items.find((i) => i.month === '2024-02').value, 1200)
  const dry = expectStatus(await importCsv(admin, csv([['指标编码', '单位编码', '月份', '数值'], ['AJS', 'JCD', '2024-05', '9']]), '?dry_run=1'), 200)
  assert.equal(dry.written, 0)
  expectError(await importCsv(admin, csv([['甲', '乙'], ['1', '2']])), 400, 'bad_file', 'file')
  // XLSX: the template as downloaded (its example row) goes back in.
  const tpl = await admin.get('/cockpit/template?format=xlsx')
  assert.equal(tpl.status, 200)
  const x = expectStatus(await admin.post('/cockpit/import', undefined, { rawBody: tpl.buf, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }), 200)
  assert.equal(x.written, 1)
  assert.equal((await admin.ok(`/cockpit/history?indicator=XSL&unit=${ids['SCB-CQ']}`)).items.find((i) => i.month === '2026-01').value, 1234.5)
  const a = await auditOf(admin, 'cockpit_value')
  assert.ok(a.some((row) => row.action === 'cockpit.value.import'))
})

test('API keys: hashed, scoped to indicators, revocable; a key cannot write outside its scope', async () => {
  const k = expectStatus(await admin.post('/cockpit/keys', { name: '稽查系统', indicators: ['AJS', 'CHJY'] }), 201)
  assert.match(k.key, /^ckk_/)
  const list = await admin.ok('/cockpit/keys')
  assert.ok(!JSON.stringify(list).includes(k.key), 'the key is not kept or shown again')
  const push = (key, values) => srv.client().post('/cockpit/push', { values }, { headers: key ? { Authorization: 'Bearer ' + key } : {} })
  const ok = expectStatus(await push(k.key, [{ indicator: 'AJS', unit: 'JCD', month: '2023-06', value: 8 }, { indicator: 'CHJY', unit: 'JCD', month: '2023-06', value: 300 }]), 200)
  assert.equal(ok.written, 2)
  const h = await admin.ok(`/cockpit/history?indicator=AJS&unit=${ids.JCD}`)
  assert.equal(h.items.find((i) => i.month === '2023-06').source, 'api')
  // Outside the scope: refused, and the in-scope row of the same request is not written either.
  expectError(await push(k.key, [{ indicator: 'AJS', unit: 'JCD', month: '2023-07', value: 1 }, { indicator: 'XSL', unit: 'SCB-CQ', month: '2023-07', value: 1 }]), 403, 'forbidden')
  assert.ok(!(await admin.ok(`/cockpit/history?indicator=AJS&unit=${ids.JCD}`)).items.some((i) => i.month === '2023-07'))
  expectError(await push(k.key, [{ indicator: 'AJS', unit: 'NOPE', month: '2023-07', value: 1 }]), 422, 'import_invalid')
  expectError(await push('ckk_wrong', [{ indicator: 'AJS', unit: 'JCD', month: '2023-07', value: 1 }]), 401, 'unauthenticated')
  expectError(await push(null, [{ indicator: 'AJS', unit: 'JCD', month: '2023-07', value: 1 }]), 401, 'unauthenticated')
  expectStatus(await admin.del('/cockpit/keys/' + k.id), 200)
  expectError(await push(k.key, [{ indicator: 'AJS', unit: 'JCD', month: '2023-07', value: 1 }]), 401, 'unauthenticated')
  expectError(await admin.post('/cockpit/keys', { name: 'x', indicators: ['MZL'] }), 400, 'invalid_field', 'indicators')
  const ins = await demo('CQS', 'inspector')
  expectError(await ins.get('/cockpit/keys'), 403, 'forbidden')
})

test('data scope: a 所 sees its own rows and the bureau-wide aggregate, not the other 所', async () => {
  const ins = await demo('CQS', 'inspector')
  const h = await ins.ok(`/cockpit/horizontal?indicator=AJS&month=${M}`)
  assert.deepEqual(h.items.map((i) => i.unit_code), ['CQS'])
  assert.ok(h.ranked >= 4, 'its rank is among all units')
  assert.ok(h.summary && h.summary.unit_id === ids.JU, 'the bureau-wide figure')
  expectStatus(await ins.get(`/cockpit/vertical?indicator=AJS&unit=${ids.CQS}&to=${M}`), 200)
  expectError(await ins.get(`/cockpit/vertical?indicator=AJS&unit=${ids.LTS}&to=${M}`), 404, 'not_found', 'unit')
  expectError(await ins.get(`/cockpit/history?indicator=AJS&unit=${ids.LTS}`), 404, 'not_found')
  const x = await ins.ok(`/cockpit/matrix?month=${M}`)
  const lts = x.units.findIndex((u) => u.unit_id === ids.LTS)
  assert.equal(x.units[lts].visible, false)
  for (const row of x.cells) assert.equal(row[lts].value, null)
  const vals = await ins.ok('/cockpit/values?indicator=AJS')
  assert.ok(vals.items.length && vals.items.every((v) => v.unit_id === ids.CQS))
  expectError(await ins.get(`/cockpit/horizontal?indicator=AJS&month=${M}&format=xlsx`), 403, 'forbidden')
  // The 所长 edits his own 所, not another one.
  const head = await demo('CQS', 'dept_head')
  expectStatus(await put(head, { indicator: 'AJS', unit_id: ids.CQS, month: M, value: 9 }), 200)
  expectError(await put(head, { indicator: 'AJS', unit_id: ids.LTS, month: M, value: 9 }), 404, 'not_found', 'unit_id')
  const imp = await importCsv(head, csv([['指标编码', '单位编码', '月份', '数值'], ['AJS', 'LTS', '2024-01', '3']]))
  expectError(imp, 422, 'import_invalid')
})

test('data scope: a 普通员工 (本单位 only) opens 横向 and 矩阵 on his own unit, and no crumb leads outside it', async () => {
  const staff = await demo('WLZX', 'staff')
  // Without a parent the views start from the highest unit he may see, not from the bureau's total he may not.
  const h = await staff.ok(`/cockpit/horizontal?indicator=AQJC&month=${M}`)
  assert.equal(h.summary.unit_id, ids.WLZX)
  assert.deepEqual(h.path.map((p) => p.unit_id), [ids.WLZX])
  assert.equal((await staff.ok(`/cockpit/matrix?month=${M}`)).parent.unit_id, ids.WLZX)
  // Naming the bureau is still refused, and a 所's inspector (who sees the bureau's total) still starts there.
  expectError(await staff.get(`/cockpit/horizontal?indicator=AQJC&month=${M}&parent=${ids.JU}`), 404, 'not_found', 'parent')
  expectError(await staff.get(`/cockpit/matrix?month=${M}&parent=${ids.JU}`), 404, 'not_found', 'parent')
  const ins = await demo('CQS', 'inspector')
  const hi = await ins.ok(`/cockpit/horizontal?indicator=AJS&month=${M}`)
  assert.equal(hi.path[0].unit_id, ids.JU)
  assert.equal((await ins.ok(`/cockpit/matrix?month=${M}`)).parent.unit_id, ids.JU)
})

test('export: every view as XLSX', async () => {
  for (const p of [`/cockpit/horizontal?indicator=XSL&month=${M}&format=xlsx`, `/cockpit/vertical?indicator=XSL&unit=${ids.SCB}&to=${M}&format=xlsx`, `/cockpit/matrix?month=${M}&format=xlsx`]) {
    const r = await admin.get(p)
    assert.equal(r.status, 200, p)
    assert.match(r.headers['content-type'], /spreadsheetml/)
    assert.equal(r.buf.subarray(0, 2).toString(), 'PK')
  }
})

/** Opens the stream and collects its events. */
function openStream(c) {
  const u = new URL(srv.base)
  const events = []
  let resolveHello
  const hello = new Promise((r) => { resolveHello = r })
  const rq = http.get({ host: u.hostname, port: u.port, path: '/api/v1/cockpit/stream', headers: { Cookie: c.cookie, Accept: 'text/event-stream' }, agent: false }, (res) => {
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'], /text\/event-stream/)
    let buf = ''
    res.on('data', (d) => {
      buf += d
      let k
      while ((k = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, k)
        buf = buf.slice(k + 2)
        const ev = /event: (\w+)/.exec(block)?.[1], data = /data: (.*)/.exec(block)?.[1]
        if (!ev) continue
        events.push({ ev, data: data && JSON.parse(data) })
        if (ev === 'hello') resolveHello()
      }
    })
  })
  rq.on('error', () => {})
  return { events, hello, close: () => rq.destroy() }
}
// Waits for the event that proves the moment came (no latency is asserted here: bench/cockpit.mjs measures how fast
// 500 streams hear a change). The bound only keeps a broken stream from hanging the run.
async function waitFor(fn, ms = 60000) {
  const end = Date.now() + ms
  while (Date.now() < end) { const v = fn(); if (v) return v; await new Promise((r) => setTimeout(r, 20)) }
  return null
}

test('live: the stream delivers a change, also one written by another process', async () => {
  const s = openStream(admin)
  await s.hello
  expectStatus(await put(admin, { indicator: 'AQJC', unit_id: ids.WLZX, month: M, value: 17 }), 200)
  const got = await waitFor(() => s.events.find((e) => e.ev === 'change' && e.data.indicator === 'AQJC' && e.data.unit_id === ids.WLZX))
  assert.ok(got, 'change event')
  // Another process writes straight into the database: the watcher's poll (every 300 ms) finds it.
  await run('sqlite3', [srv.db, `UPDATE cockpit_values SET value = value + 1 WHERE unit_id = ${ids.JCD} AND month = '${M}' AND indicator_id = (SELECT id FROM cockpit_indicators WHERE code = 'CHJY')`])
  const got2 = await waitFor(() => s.events.find((e) => e.ev === 'change' && e.data.indicator === 'CHJY' && e.data.unit_id === ids.JCD))
  assert.ok(got2, 'change from another process')
  const st = await admin.ok('/cockpit/live')
  assert.ok(st.streams >= 1 && st.max_streams > 0)
  s.close()
  expectError(await srv.client().get('/cockpit/stream'), 401, 'unauthenticated')
})

test('live: a 所 hears that another 所 changed, but not which one', async () => {
  const ins = await demo('CQS', 'inspector')
  const s = openStream(ins)
  await s.hello
  expectStatus(await put(admin, { indicator: 'JCHC', unit_id: ids.LTS, month: M, value: 123 }), 200)
  expectStatus(await put(admin, { indicator: 'JCHC', unit_id: ids.CQS, month: M, value: 321 }), 200)
  const two = await waitFor(() => s.events.filter((e) => e.ev === 'change' && e.data.indicator === 'JCHC').length >= 2 && s.events)
  assert.ok(two, 'both changes arrive')
  const ch = s.events.filter((e) => e.ev === 'change' && e.data.indicator === 'JCHC')
  assert.equal(ch[0].data.unit_id, null)
  assert.equal(ch[1].data.unit_id, ids.CQS)
  s.close()
})
