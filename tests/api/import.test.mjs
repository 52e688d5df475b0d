// User import: CSV in UTF-8 with BOM and in GBK, all-or-nothing on bad rows, keep_valid, dry_run, xlsx round trip.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, expectError, expectStatus, userCount, auditOf } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let c
before(async () => { await srv.ready; c = await srv.admin() })

const HEAD = '用户名,姓名,单位编码,职务,手机号,角色编码'
const utf8Bom = (lines) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEAD, ...lines].join('\r\n') + '\r\n')])
const gbk = (lines) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: [HEAD, ...lines].join('\r\n') + '\r\n' })
const imp = (body, qs = '', fmt = 'csv') => c.req('POST', `/org/users/import?format=${fmt}${qs}`, { rawBody: body, headers: { 'Content-Type': 'application/octet-stream' } })

test('UTF-8 CSV with BOM, all rows valid → 200 written N, temp passwords, users with roles, audited', async () => {
  const n0 = await userCount(c)
  const r = await imp(utf8Bom([
    'i.zhang,张导入,CQS,专管员,13800001111,inspector',
    'i.li,李导入,SCB-CQ,客户经理,,customer_manager;staff',
    'i.wang, 王导入 ,WLZX,,0571-88881234,',
  ]))
  const j = expectStatus(r, 200)
  assert.deepEqual([j.total, j.valid, j.written, j.errors.length], [3, 3, 3, 0])
  assert.deepEqual(j.passwords.map((p) => p.username), ['i.zhang', 'i.li', 'i.wang'])
  assert.equal(await userCount(c), n0 + 3)
  const li = (await c.ok('/org/users?q=i.li')).items[0]
  assert.equal(li.name, '李导入')
  assert.deepEqual(li.roles.map((x) => x.code).sort(), ['customer_manager', 'staff'])
  const wang = (await c.ok('/org/users?q=i.wang')).items[0]
  assert.equal(wang.name, '王导入', 'trimmed')
  assert.equal(wang.phone, '0571-88881234')
  const l = await srv.client().loginOk('i.zhang', j.passwords[0].password)
  assert.equal(l.json.user.must_change_password, true)
  assert.ok((await auditOf(c, 'user', li.id)).some((a) => a.action === 'org.user.import' && a.after.username === 'i.li'))
})

test('GBK-encoded CSV (as Excel saves it) → names decoded correctly', async () => {
  const file = gbk(['g.zhao,赵国庆,LTS,所长助理,13900002222,inspector', 'g.qian,钱红梅,SMS,专管员,,'])
  assert.ok(!file.includes(Buffer.from('赵')), 'the file really is not UTF-8')
  const j = expectStatus(await imp(file), 200)
  assert.equal(j.written, 2)
  const u = (await c.ok('/org/users?q=g.zhao')).items[0]
  assert.equal(u.name, '赵国庆')
  assert.equal(u.position, '所长助理')
  assert.equal(u.unit_name, '龙潭专卖管理所')
  assert.equal((await c.ok('/org/users?q=' + encodeURIComponent('钱红梅'))).total, 1)
})

const mixed = () => utf8Bom([
  'm.ok1,好一,CQS,,13800003333,',
  'm.bad,坏电话,CQS,,12345,',
  'm.ok2,好二,NOPE,,,',
  'm.ok3,好三,LTS,,,nosuchrole',
  ',没有用户名,CQS,,,',
  'm.ok4,好四,BGS,,,staff',
  'm.ok4,重复行,BGS,,,',
  'admin,已存在,BGS,,,',
])

test('one bad row → 422 import_invalid, errors name row and column, the user count unchanged', async () => {
  const n0 = await userCount(c)
  const e = expectError(await imp(mixed()), 422, 'import_invalid')
  const d = e.details
  assert.equal(d.total, 8)
  assert.equal(d.written, 0)
  const at = (row, col) => d.errors.find((x) => x.row === row && x.column === col)
  assert.ok(at(3, '手机号'), JSON.stringify(d.errors))
  assert.match(at(3, '手机号').message, /第3行/)
  assert.equal(at(4, '单位编码').code, 'not_found')
  assert.equal(at(5, '角色编码').code, 'not_found')
  assert.equal(at(6, '用户名').code, 'missing_field')
  assert.equal(at(8, '用户名').code, 'duplicate')
  assert.equal(at(9, '用户名').code, 'duplicate')
  assert.ok(!d.errors.some((x) => x.row === 2 || x.row === 7), 'good rows have no errors')
  assert.equal(d.valid, 2)
  for (const x of d.errors) for (const k of ['row', 'column', 'code', 'message']) assert.ok(k in x, k)
  assert.equal(await userCount(c), n0)
  assert.equal((await c.ok('/org/users?q=m.ok1')).total, 0)
})

test('dry_run=1 writes nothing (valid file and bad file)', async () => {
  const n0 = await userCount(c)
  const j = expectStatus(await imp(utf8Bom(['d.one,干跑,CQS,,,']), '&dry_run=1'), 200)
  assert.deepEqual([j.total, j.valid, j.written], [1, 1, 0])
  expectError(await imp(mixed(), '&dry_run=1'), 422, 'import_invalid')
  const k = expectStatus(await imp(mixed(), '&dry_run=1&keep_valid=1'), 200)
  assert.equal(k.written, 0)
  assert.equal(await userCount(c), n0)
})

test('keep_valid=1 writes the good rows only and reports the bad ones', async () => {
  const n0 = await userCount(c)
  const j = expectStatus(await imp(mixed(), '&keep_valid=1'), 200)
  assert.equal(j.written, 2)
  assert.equal(j.valid, 2)
  assert.ok(j.errors.length >= 6)
  assert.deepEqual(j.passwords.map((p) => p.username).sort(), ['m.ok1', 'm.ok4'])
  assert.equal(await userCount(c), n0 + 2)
})

test('xlsx: the template and an export are read back; a bad upload is a 400 bad_file', async () => {
  const t = await c.get('/org/users/template?format=xlsx')
  assert.equal(t.status, 200)
  assert.equal(t.buf.subarray(0, 2).toString('latin1'), 'PK')
  // the template holds one example row (zhangsan in CQS): importing it as it is works
  const j = expectStatus(await imp(t.buf, '', 'xlsx'), 200)
  assert.equal(j.written, 1)
  assert.equal((await c.ok('/org/users?q=zhangsan')).items[0]?.unit_name, '城区专卖管理所')
  // an export read back: every row is a duplicate now → 422, nothing written
  const n0 = await userCount(c)
  const ex = await c.get(`/org/users?format=xlsx&q=i.`)
  const e = await imp(ex.buf, '', 'xlsx')
  assert.ok([400, 422].includes(e.status), e.text)
  assert.equal(await userCount(c), n0)
  expectError(await imp(Buffer.from('not a zip'), '', 'xlsx'), 400, 'bad_file')
  expectError(await imp(Buffer.from('PK\x03\x04garbage'), '', 'xlsx'), 400, 'bad_file')
  expectError(await imp(Buffer.from('a,b\r\n1,2\r\n')), 400, 'bad_file', '用户名')
  expectError(await imp(Buffer.alloc(0)), 400, 'bad_file')
  expectError(await imp(utf8Bom([]), '', 'pdf'), 400, 'bad_query', 'format')
})

test('calendar import through the shared gate: all or nothing, dry_run writes nothing, keep_valid writes the good rows', async () => {
  const body = Buffer.from('日期,类型,名称\n2031-01-01,法定节假日,元旦\n2031-02-30,法定节假日,坏日期\n')
  const cal = (qs = '') => c.req('POST', `/org/calendar/import${qs}`, { rawBody: body, headers: { 'Content-Type': 'application/octet-stream' } })
  const days = async () => (await c.ok('/org/calendar?year=2031')).items.length
  const n0 = await days()
  const r = await cal()
  expectStatus(r, 422)
  assert.equal(r.json.error.code, 'import_invalid')
  assert.deepEqual([r.json.error.details.total, r.json.error.details.valid], [2, 1])
  assert.match(r.json.error.details.errors[0].message, /第3行 日期/)
  assert.equal(await days(), n0)
  const d = expectStatus(await cal('?keep_valid=1&dry_run=1'), 200)
  assert.deepEqual([d.valid, d.written], [1, 0])
  assert.equal(await days(), n0)
  const k = expectStatus(await cal('?keep_valid=1'), 200)
  assert.deepEqual([k.total, k.valid, k.written, k.errors.length], [2, 1, 1, 1])
  assert.equal(await days(), n0 + 1)
})
