// Units: create, rename, move (no cycles), duplicate code, delete rules, disable, import; every write audited.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, unitIds, auditOf } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let c, ids
before(async () => { await srv.ready; c = await srv.admin(); ids = await unitIds(c) })

const UNIT_KEYS = ['id', 'parent_id', 'code', 'name', 'kind', 'sort', 'enabled', 'created_at']

test('list: the demo county, root first with parent_id null, total = count', async () => {
  const j = await c.ok('/org/units')
  assert.equal(j.total, j.items.length)
  assert.equal(j.items[0].code, 'JU')
  assert.equal(j.items[0].parent_id, null)
  for (const code of ['JU', 'JLD', 'BGS', 'CWK', 'NGK', 'SCB', 'SCB-CQ', 'SCB-DB', 'SCB-XB', 'SCB-NB', 'CQS', 'LTS', 'SMS', 'JCD', 'WLZX']) assert.ok(ids[code], code)
  for (const u of j.items) for (const k of UNIT_KEYS) assert.ok(k in u, k)
  const q = await c.ok('/org/units?q=' + encodeURIComponent('片区'))
  assert.deepEqual(q.items.map((u) => u.code).sort(), ['SCB-CQ', 'SCB-DB', 'SCB-NB', 'SCB-XB'])
  expectError(await c.get('/org/units/999999'), 404, 'not_found')
  expectError(await c.get('/org/units/abc'), 404, 'not_found')
})

let a, b
test('create under JU → 201 Unit, audited with after', async () => {
  const r = await c.post('/org/units', { parent_id: ids.JU, code: 'T-A', name: '测试甲', kind: '部门', sort: 20 })
  a = expectStatus(r, 201)
  for (const k of UNIT_KEYS) assert.ok(k in a, k)
  assert.equal(a.parent_id, ids.JU)
  assert.equal(a.enabled, true)
  assert.equal(a.sort, 20)
  b = expectStatus(await c.post('/org/units', { parent_id: a.id, code: 'T-B', name: '测试乙', kind: '组' }), 201)
  const rows = await auditOf(c, 'unit', a.id)
  const cr = rows.find((x) => x.action === 'org.unit.create')
  assert.ok(cr, 'create audited')
  assert.equal(cr.before, null)
  assert.equal(cr.after.code, 'T-A')
  assert.equal(cr.username, 'admin')
})

test('rename → 200, audit row with before and after names', async () => {
  const r = await c.patch('/org/units/' + a.id, { name: '测试甲（改）' })
  assert.equal(expectStatus(r, 200).name, '测试甲（改）')
  const up = (await auditOf(c, 'unit', a.id)).find((x) => x.action === 'org.unit.update')
  assert.ok(up)
  assert.equal(up.before.name, '测试甲')
  assert.equal(up.after.name, '测试甲（改）')
})

test('duplicate code → 409 duplicate (create and rename)', async () => {
  expectError(await c.post('/org/units', { parent_id: ids.JU, code: 'CQS', name: '重复', kind: '所' }), 409, 'duplicate', 'code')
  expectError(await c.patch('/org/units/' + a.id, { code: 'LTS' }), 409, 'duplicate', 'code')
  assert.equal((await c.ok('/org/units/' + a.id)).code, 'T-A')
})

test('move: under SCB works (children follow); under itself or its own child → 400 unit_cycle', async () => {
  expectError(await c.patch('/org/units/' + a.id, { parent_id: b.id }), 400, 'unit_cycle', 'parent_id')
  expectError(await c.patch('/org/units/' + a.id, { parent_id: a.id }), 400, 'unit_cycle', 'parent_id')
  expectError(await c.patch('/org/units/' + ids.JU, { parent_id: ids.SCB }), 400, 'invalid_field', 'parent_id')
  expectError(await c.patch('/org/units/' + ids.SCB, { parent_id: ids['SCB-CQ'] }), 400, 'unit_cycle', 'parent_id')
  expectError(await c.patch('/org/units/' + a.id, { parent_id: 999999 }), 400, 'invalid_field', 'parent_id')
  assert.equal((await c.ok('/org/units/' + a.id)).parent_id, ids.JU, 'unchanged after the refused moves')
  const r = await c.patch('/org/units/' + a.id, { parent_id: ids.SCB })
  assert.equal(expectStatus(r, 200).parent_id, ids.SCB)
  // now T-B is below SCB: a user in T-B is listed with unit_id=SCB&below=1
  const u = await c.post('/org/users', { username: 't.below', name: '下级', unit_id: b.id })
  expectStatus(u, 201)
  const below = await c.ok(`/org/users?unit_id=${ids.SCB}&below=1&size=500`)
  assert.ok(below.items.some((x) => x.username === 't.below'), 'moved subtree is below SCB')
  const ju = await c.ok(`/org/users?unit_id=${ids.JU}&below=1&size=1`)
  assert.ok(ju.total > below.total)
  // and moving T-A below its (former sibling) T-B is still a cycle
  expectError(await c.patch('/org/units/' + a.id, { parent_id: b.id }), 400, 'unit_cycle', 'parent_id')
  // move back under JU: T-B is no longer below SCB
  expectStatus(await c.patch('/org/units/' + a.id, { parent_id: ids.JU }), 200)
  const below2 = await c.ok(`/org/users?unit_id=${ids.SCB}&below=1&size=500`)
  assert.ok(!below2.items.some((x) => x.username === 't.below'))
  const mv = (await auditOf(c, 'unit', a.id)).filter((x) => x.action === 'org.unit.update' && x.before.parent_id !== x.after.parent_id)
  assert.ok(mv.length >= 2, 'moves audited')
})

test('delete: 409 unit_in_use with users or children; an empty one goes, audited with before', async () => {
  expectError(await c.del('/org/units/' + ids.CQS), 409, 'unit_in_use')
  expectError(await c.del('/org/units/' + a.id), 409, 'unit_in_use') // has T-B
  expectError(await c.del('/org/units/' + b.id), 409, 'unit_in_use') // has t.below
  const e = expectStatus(await c.post('/org/units', { parent_id: ids.JU, code: 'T-DEL', name: '待删', kind: '组' }), 201)
  assert.equal(expectStatus(await c.del('/org/units/' + e.id), 200).ok, true)
  expectError(await c.get('/org/units/' + e.id), 404, 'not_found')
  expectError(await c.del('/org/units/' + e.id), 404, 'not_found')
  const d = (await auditOf(c, 'unit', e.id)).find((x) => x.action === 'org.unit.delete')
  assert.ok(d, 'delete audited')
  assert.equal(d.before.code, 'T-DEL')
  assert.equal(d.after, null)
})

test('disable: enabled false, listed with enabled=0, audited; cannot disable one\'s own unit', async () => {
  const r = await c.patch('/org/units/' + b.id, { enabled: false })
  assert.equal(expectStatus(r, 200).enabled, false)
  const off = await c.ok('/org/units?enabled=0')
  assert.ok(off.items.some((u) => u.id === b.id))
  assert.ok(off.items.every((u) => u.enabled === false))
  const on = await c.ok('/org/units?enabled=1')
  assert.ok(!on.items.some((u) => u.id === b.id))
  const up = (await auditOf(c, 'unit', b.id)).find((x) => x.action === 'org.unit.update' && x.before.enabled === true && x.after.enabled === false)
  assert.ok(up, 'disable audited with before/after')
  expectError(await c.patch('/org/units/' + ids.JU, { enabled: false }), 400, 'invalid_field', 'enabled')
})

test('export: xlsx and csv of the unit list', async () => {
  const x = await c.get('/org/units?format=xlsx')
  assert.equal(x.status, 200)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
  assert.match(x.headers['content-disposition'], /^attachment/)
  const v = await c.get('/org/units?format=csv')
  assert.equal(v.status, 200)
  assert.deepEqual([...v.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  assert.match(v.text, /编码/)
  assert.match(v.text, /SCB-CQ/)
  expectError(await c.get('/org/units?format=pdf'), 400, 'bad_query', 'format')
})

function csv(rows) { return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n')]) }
const importUnits = (body, qs = '') => c.req('POST', '/org/units/import?format=csv' + qs, { rawBody: body, headers: { 'Content-Type': 'application/octet-stream' } })

test('import units: a parent defined later in the same file; written in the right order', async () => {
  const file = csv([
    ['编码', '名称', '类型', '上级编码', '排序'],
    ['IMP-C1', '导入子一', '组', 'IMP-P', '1'],
    ['IMP-C2', '导入子二', '组', 'IMP-P', '2'],
    ['IMP-P', '导入父', '部门', 'JU', '30'],
    ['IMP-G', '导入孙', '组', 'IMP-C1', ''],
  ])
  const dry = expectStatus(await importUnits(file, '&dry_run=1'), 200)
  assert.equal(dry.total, 4)
  assert.equal(dry.valid, 4)
  assert.equal(dry.written, 0)
  assert.ok(!(await unitIds(c))['IMP-P'], 'dry_run wrote nothing')
  const r = expectStatus(await importUnits(file), 200)
  assert.deepEqual([r.total, r.valid, r.written, r.errors.length], [4, 4, 4, 0])
  const all = (await c.ok('/org/units')).items
  const by = Object.fromEntries(all.map((u) => [u.code, u]))
  assert.equal(by['IMP-P'].parent_id, ids.JU)
  assert.equal(by['IMP-C1'].parent_id, by['IMP-P'].id)
  assert.equal(by['IMP-C2'].parent_id, by['IMP-P'].id)
  assert.equal(by['IMP-G'].parent_id, by['IMP-C1'].id)
  assert.equal(by['IMP-C2'].sort, 2)
  const rows = await auditOf(c, 'unit', by['IMP-G'].id)
  assert.ok(rows.some((x) => x.action === 'org.unit.import' && x.after && x.after.code === 'IMP-G'))
})

test('import units: bad rows → 422 import_invalid naming row and column; nothing written; keep_valid writes the good ones', async () => {
  const file = csv([
    ['编码', '名称', '类型', '上级编码', '排序'],
    ['IMP2-A', '好的', '组', 'JU', '1'],
    ['IMP2-B', '坏类型', '科室', 'JU', '1'],
    ['CQS', '重复编码', '组', 'JU', ''],
    ['IMP2-C', '没有上级', '组', 'NOPE', ''],
    ['IMP2-X', '环甲', '组', 'IMP2-Y', ''],
    ['IMP2-Y', '环乙', '组', 'IMP2-X', ''],
  ])
  const n0 = (await c.ok('/org/units')).total
  const r = await importUnits(file)
  const e = expectError(r, 422, 'import_invalid')
  const errs = e.details.errors
  const at = (row, col) => errs.find((x) => x.row === row && x.column === col)
  assert.ok(at(3, '类型'), JSON.stringify(errs))
  assert.equal(at(4, '编码').code, 'duplicate')
  assert.equal(at(5, '上级编码').code, 'not_found')
  assert.ok(at(6, '上级编码') && at(7, '上级编码'), 'cycle rows reported')
  assert.equal(e.details.written, 0)
  assert.equal((await c.ok('/org/units')).total, n0, 'nothing written')
  const k = expectStatus(await importUnits(file, '&keep_valid=1'), 200)
  assert.equal(k.written, 1)
  assert.equal((await c.ok('/org/units')).total, n0 + 1)
  assert.ok((await unitIds(c))['IMP2-A'])
  // a file without the required columns
  expectError(await importUnits(csv([['编码', '名称'], ['X', 'y']])), 400, 'bad_file')
  expectError(await importUnits(Buffer.alloc(0)), 400, 'bad_file')
})

test('template downloads', async () => {
  const t = await c.get('/org/units/template?format=csv')
  assert.equal(t.status, 200)
  assert.match(t.text, /编码,名称,类型,上级编码,排序/)
  const x = await c.get('/org/units/template?format=xlsx')
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
})
