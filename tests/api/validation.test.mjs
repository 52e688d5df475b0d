// Request validation shared by every JSON endpoint: unknown/missing/invalid fields, bad JSON, media type, body size.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, unitIds, userCount } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let c, units
before(async () => { await srv.ready; c = await srv.admin(); units = await unitIds(c) })

test('table: field validation of POST /org/users, /org/units, /org/roles and PATCH', async () => {
  const ju = units.JU, cqs = units.CQS
  const cases = [
    // [method, path, body, status, code, field]
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, nickname: 'x' }, 400, 'unknown_field', 'nickname'],
    ['POST', '/org/users', { name: '甲', unit_id: cqs }, 400, 'missing_field', 'username'],
    ['POST', '/org/users', { username: 'v.user1', unit_id: cqs }, 400, 'missing_field', 'name'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲' }, 400, 'missing_field', 'unit_id'],
    ['POST', '/org/users', { username: 'v.user1', name: '   ', unit_id: cqs }, 400, 'missing_field', 'name'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, phone: '12345' }, 400, 'invalid_field', 'phone'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, phone: '1380000000a' }, 400, 'invalid_field', 'phone'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, phone: '12800000000' }, 400, 'invalid_field', 'phone'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, phone: 13800000000 }, 400, 'invalid_field', 'phone'],
    ['POST', '/org/users', { username: 'a b', name: '甲', unit_id: cqs }, 400, 'invalid_field', 'username'],
    ['POST', '/org/users', { username: 'ab', name: '甲', unit_id: cqs }, 400, 'invalid_field', 'username'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: '5' }, 400, 'invalid_field', 'unit_id'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: 999999 }, 400, 'invalid_field', 'unit_id'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, role_ids: [999999] }, 400, 'invalid_field', 'role_ids'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, role_ids: 'admin' }, 400, 'invalid_field', 'role_ids'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲', unit_id: cqs, password: 'password123' }, 400, 'weak_password', 'password'],
    ['POST', '/org/users', { username: 'v.user1', name: '甲'.repeat(33), unit_id: cqs }, 400, 'invalid_field', 'name'],
    ['POST', '/org/users', { username: 'v.user1', name: 'a\u0000b', unit_id: cqs }, 400, 'bad_json', undefined],
    ['POST', '/org/users', { username: 'admin', name: '重名', unit_id: cqs }, 409, 'duplicate', 'username'],
    ['POST', '/org/units', { parent_id: ju, code: 'V1', name: 'x', kind: '科室' }, 400, 'invalid_field', 'kind'],
    ['POST', '/org/units', { parent_id: ju, code: 'V 1', name: 'x', kind: '组' }, 400, 'invalid_field', 'code'],
    ['POST', '/org/units', { parent_id: ju, code: 'V1', name: 'x', kind: '组', sort: 10000 }, 400, 'invalid_field', 'sort'],
    ['POST', '/org/units', { parent_id: ju, code: 'V1', name: 'x', kind: '组', extra: null }, 400, 'unknown_field', 'extra'],
    ['POST', '/org/units', { code: 'V1', name: 'x', kind: '组' }, 400, 'missing_field', 'parent_id'],
    ['POST', '/org/roles', { code: 'v_role', name: 'x', data_scope: 'everything' }, 400, 'invalid_field', 'data_scope'],
    ['POST', '/org/roles', { code: 'v_role', name: 'x', data_scope: 'unit', perms: ['org:nothing:list'] }, 400, 'invalid_field', 'perms'],
    ['POST', '/org/roles', { name: 'x', data_scope: 'unit' }, 400, 'missing_field', 'code'],
    ['PATCH', '/org/users/1', { phone: '555' }, 400, 'invalid_field', 'phone'],
    ['PATCH', '/org/users/1', { username: 'renamed' }, 400, 'unknown_field', 'username'],
    ['PATCH', '/org/users/1', { status: 'gone' }, 400, 'invalid_field', 'status'],
    ['PATCH', '/org/units/' + cqs, { enabled: 'no' }, 400, 'invalid_field', 'enabled'],
  ]
  const before = await userCount(c)
  for (const [m, p, body, st, code, field] of cases) {
    const r = await c.req(m, p, { body })
    assert.ok(r.status === st, `${m} ${p} ${JSON.stringify(body)} → ${r.status} ${r.text}`)
    expectError(r, st, code, field)
  }
  assert.equal(await userCount(c), before, 'nothing was created')
})

test('good phones are accepted: mobile and landline with area code', async () => {
  for (const [i, phone] of ['13912345678', '0571-88888888', '057188888888', ''].entries()) {
    const r = await c.post('/org/users', { username: 'v.phone' + i, name: '电话' + i, unit_id: units.BGS, phone })
    expectStatus(r, 201)
    assert.equal(r.json.user.phone, phone)
  }
})

test('bad JSON → 400 bad_json', async () => {
  for (const raw of ['{"username":', 'not json', '[1,2]', '"text"', '{"a":1}{"b":2}', '']) {
    const r = await c.post('/org/units', raw === '' ? undefined : raw, raw === '' ? {} : { headers: { 'Content-Type': 'application/json' } })
    if (raw === '') { assert.ok(r.status === 400, `empty body: ${r.status} ${r.text}`); continue }
    expectError(r, 400, 'bad_json')
  }
})

test('a non-JSON Content-Type → 415', async () => {
  const body = JSON.stringify({ parent_id: units.JU, code: 'V415', name: 'x', kind: '组' })
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
    const h = ct ? { 'Content-Type': ct } : { 'Content-Type': '' }
    const r = await c.req('POST', '/org/units', { rawBody: body, headers: h })
    expectError(r, 415, 'unsupported_media_type')
  }
  expectStatus(await c.req('POST', '/org/units', { rawBody: body, headers: { 'Content-Type': 'application/json; charset=utf-8' } }), 201)
})

test('a body over 1 MiB → 413 (with Content-Length, and chunked)', async () => {
  const big = JSON.stringify({ parent_id: units.JU, code: 'VBIG', name: 'x'.repeat((1 << 20) + 10), kind: '组' })
  // Content-Length over the cap: answered before the body (the client waits for 100-continue, as curl does)
  const h = { 'Content-Type': 'application/json', Expect: '100-continue' }
  expectError(await c.post('/org/units', big, { headers: h }), 413, 'payload_too_large')
  expectError(await c.post('/auth/login', big, { headers: h }), 413, 'payload_too_large')
  // no Content-Length: the body streams in and the cap is found on the way
  expectError(await c.post('/org/units', big, { headers: { 'Content-Type': 'application/json' }, chunked: true }), 413, 'payload_too_large')
  // the server is fine afterwards
  expectStatus(await c.get('/auth/me'), 200)
  assert.ok(!(await unitIds(c)).VBIG)
})

test('bad query parameters → 400 bad_query naming the parameter', async () => {
  const cases = [
    ['/org/users?page=0', 'page'], ['/org/users?page=x', 'page'], ['/org/users?size=501', 'size'], ['/org/users?size=0', 'size'],
    ['/org/users?sort=password', 'sort'], ['/org/users?sort=-pw_hash', 'sort'], ['/org/users?status=locked', 'status'],
    ['/org/users?unit_id=abc', 'unit_id'], ['/org/users?role_id=-1', 'role_id'], ['/org/units?enabled=2', 'enabled'],
    ['/org/audit?from=2024-1-1', 'from'], ['/org/audit?to=tomorrow', 'to'], ['/org/logins?from=20240101', 'from'],
  ]
  for (const [p, field] of cases) expectError(await c.get(p), 400, 'bad_query', field)
})
