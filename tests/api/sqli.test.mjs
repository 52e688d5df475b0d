// SQL injection and LIKE wildcards in every text field and query parameter: never a 500, no effect on the data.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectStatus, unitIds, userCount } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let c, ids
before(async () => { await srv.ready; c = await srv.admin(); ids = await unitIds(c) })

const EVIL = ["' OR 1=1 --", '"; DROP TABLE users; --', '%', '_', "') OR ('1'='1", '1; DELETE FROM users', '\\', '%_%', "admin'--", '1 UNION SELECT pw_hash FROM x--']
const ok = (r, what) => assert.ok(r.status >= 200 && r.status < 500, `${what} → ${r.status} ${r.text.slice(0, 300)}`)

let n0, u0, a0
test('baseline counts', async () => {
  n0 = await userCount(c)
  u0 = (await c.ok('/org/units')).total
  a0 = (await c.ok('/org/roles')).total
  assert.ok(n0 >= 100)
})

test('every query parameter of the list endpoints', async () => {
  const lists = {
    '/org/users': ['q', 'sort', 'unit_id', 'status', 'role_id', 'below', 'page', 'size', 'format'],
    '/org/units': ['q', 'enabled', 'sort', 'page'],
    '/org/audit': ['q', 'username', 'action', 'entity', 'from', 'to', 'sort'],
    '/org/logins': ['username', 'ok', 'from', 'to', 'sort'],
    '/org/roles': ['q'],
    '/org/sessions': ['q'],
  }
  for (const [path, params] of Object.entries(lists))
    for (const p of params)
      for (const v of EVIL) {
        const r = await c.get(`${path}?${p}=${encodeURIComponent(v)}`)
        ok(r, `GET ${path}?${p}=${v}`)
        if (r.status === 200 && r.json) assert.ok(Array.isArray(r.json.items), `${path}?${p}=${v}`)
      }
})

test('q=% and q=_ are literal: they match what a literal search matches (nothing special)', async () => {
  for (const path of ['/org/users', '/org/units', '/org/audit']) {
    for (const v of ['%', '_', '%_%', "' OR 1=1 --"]) {
      const j = await c.ok(`${path}?q=${encodeURIComponent(v)}&size=500`)
      const all = await c.ok(`${path}?size=500`)
      assert.ok(j.total < all.total || all.total === 0, `${path} q=${v} matched everything (${j.total}/${all.total})`)
      // literal: every hit really contains the characters
      for (const it of j.items) {
        const hay = [it.username, it.name, it.phone, it.code, it.summary].filter(Boolean).join('\u0001')
        assert.ok(hay.includes(v), `${path} q=${v} hit ${JSON.stringify(it).slice(0, 200)}`)
      }
    }
  }
  // users: nobody has % or _ in username/name/phone, so both are empty
  assert.equal((await c.ok('/org/users?q=%25')).total, 0)
  assert.equal((await c.ok('/org/users?q=_')).total, 0)
  // /org/logins?username=% does not match every login
  const lg = await c.ok('/org/logins?username=%25')
  assert.equal(lg.total, 0)
})

test('every text field of the create and edit endpoints', async () => {
  let i = 0
  for (const v of EVIL) {
    i++
    const r1 = await c.post('/org/users', { username: v, name: v, unit_id: ids.BGS, position: v, phone: v })
    ok(r1, 'POST /org/users username=' + v)
    const r2 = await c.post('/org/users', { username: 'sqli.u' + i, name: v, unit_id: ids.BGS, position: v })
    expectStatus(r2, 201)
    assert.equal(r2.json.user.name, v, 'stored as given')
    assert.equal(r2.json.user.position, v)
    ok(await c.patch('/org/users/' + r2.json.user.id, { name: v + v, position: v, phone: v }), 'PATCH user')
    ok(await c.post('/org/units', { parent_id: ids.JU, code: v, name: v, kind: '组' }), 'POST unit code=' + v)
    const r3 = await c.post('/org/units', { parent_id: ids.JU, code: 'SQLI-' + i, name: v, kind: '组' })
    expectStatus(r3, 201)
    assert.equal(r3.json.name, v)
    ok(await c.patch('/org/units/' + r3.json.id, { name: v + '!', kind: v }), 'PATCH unit')
    ok(await c.post('/org/roles', { code: v, name: v, data_scope: v }), 'POST role')
    ok(await c.post('/org/roles', { code: 'sqli_' + i, name: v, data_scope: 'unit', perms: [v], remark: v }), 'POST role perms')
    expectStatus(await c.post('/org/roles', { code: 'sqli_r' + i, name: v, data_scope: 'unit', remark: v }), 201)
    ok(await c.post('/auth/login', { username: v, password: v }), 'login')
    ok(await c.get('/org/users/' + encodeURIComponent(v)), 'GET user id')
    ok(await c.get('/org/units/' + encodeURIComponent(v)), 'GET unit id')
    ok(await c.del('/org/sessions/' + encodeURIComponent(v)), 'DELETE session id')
  }
  // an import full of them
  const rows = EVIL.map((v, k) => `sqli.imp${k},"${v.replace(/"/g, '""')}",CQS,"${v.replace(/"/g, '""')}",,`)
  const file = Buffer.from('\ufeff用户名,姓名,单位编码,职务,手机号,角色编码\r\n' + rows.join('\r\n') + '\r\n')
  const r = await c.req('POST', '/org/users/import?format=csv', { rawBody: file, headers: { 'Content-Type': 'application/octet-stream' } })
  expectStatus(r, 200)
  assert.equal(r.json.written, EVIL.length)
  const names = (await c.ok('/org/users?q=sqli.imp&size=50')).items.map((u) => u.name).sort()
  assert.deepEqual(names, [...EVIL].sort())
})

test('afterwards: counts are what the valid creates added, and the admin still logs in', async () => {
  assert.equal(await userCount(c), n0 + EVIL.length * 2)
  const validCodes = EVIL.filter((v) => /^[A-Za-z0-9_-]{1,32}$/.test(v)).length // '_' is a valid unit code
  assert.equal((await c.ok('/org/units')).total, u0 + EVIL.length + validCodes)
  assert.equal((await c.ok('/org/roles')).total, a0 + EVIL.length)
  expectStatus(await c.get('/auth/me'), 200)
  const j = await c.ok(`/org/users?q=${encodeURIComponent("' OR 1=1 --")}`)
  assert.equal(j.total, 2, "the two users named ' OR 1=1 -- (one created, one imported)")
})
