// The users list reused while nothing it reads has changed (base/pagecache.h): every kind of write — through the API,
// the CLI in another process, plain SQL — shows on the next request of the same URL; two callers with different data
// scopes never share a page; a page showing a locked account turns when the lock runs out, with no write at all.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, cli, expectStatus, makeUser, adminSetup } from './lib.mjs'
import { until } from './wait.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
const URL = '/org/users?page=1&size=500&sort=id'
let admin, ids, roles
before(async () => ({ admin, ids, roles } = await adminSetup(srv)))
const find = (page, username) => page.items.find((u) => u.username === username)

test('writes through the API show on the very next request of the same page', async () => {
  const u = await makeUser(srv, admin, { username: 'reuse.a', name: '复用甲', unit: 'CQS', roles: ['inspector'] }, { login: false })
  const p1 = await admin.ok(URL)
  assert.equal(find(p1, 'reuse.a').name, '复用甲')
  assert.deepEqual(await admin.ok(URL), p1, 'the same page twice')
  expectStatus(await admin.patch('/org/users/' + u.id, { name: '复用甲（改）' }), 200)
  assert.equal(find(await admin.ok(URL), 'reuse.a').name, '复用甲（改）', 'users')
  expectStatus(await admin.patch('/org/units/' + ids.CQS, { name: '城区所（改）' }), 200)
  assert.equal(find(await admin.ok(URL), 'reuse.a').unit_name, '城区所（改）', 'units')
  expectStatus(await admin.patch('/org/roles/' + roles.inspector, { name: '专卖管理员（改）' }), 200)
  assert.deepEqual(find(await admin.ok(URL), 'reuse.a').roles.map((r) => r.name), ['专卖管理员（改）'], 'roles')
  expectStatus(await admin.patch('/org/users/' + u.id, { role_ids: [roles.inspector, roles.staff] }), 200)
  assert.equal(find(await admin.ok(URL), 'reuse.a').roles.length, 2, 'user_roles')
})

test('writes from outside the server (CLI, plain SQL) show too: the counters live in the database', async () => {
  const before1 = await admin.ok(URL)
  const r = await cli(['user', 'add', 'reuse.cli', '--name', '命令行复用', '--unit', 'CQS', '--role', 'inspector', '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  const after1 = await admin.ok(URL)
  assert.equal(after1.total, before1.total + 1)
  assert.ok(find(after1, 'reuse.cli'))
  sql("UPDATE users SET phone = '13900001111' WHERE username = 'reuse.cli'")
  assert.equal(find(await admin.ok(URL), 'reuse.cli').phone, '13900001111')
})

test('two scopes, one URL: each caller gets his own rows', async () => {
  const cqs = await makeUser(srv, admin, { username: 'reuse.cqs', name: '城区复用', unit: 'CQS', roles: ['inspector'] })
  const lts = await makeUser(srv, admin, { username: 'reuse.lts', name: '龙潭复用', unit: 'LTS', roles: ['inspector'] })
  const full = await admin.ok(URL)
  for (let i = 0; i < 2; i++) {
    const a = await cqs.client.ok(URL)
    const b = await lts.client.ok(URL)
    assert.ok(a.items.length && a.items.every((u) => u.unit_id === ids.CQS))
    assert.ok(b.items.length && b.items.every((u) => u.unit_id === ids.LTS))
    assert.deepEqual(await admin.ok(URL), full)
  }
})

test('a locked account shows unlocked once the lock runs out, without any write', async () => {
  await makeUser(srv, admin, { username: 'reuse.lock', name: '锁定复用', unit: 'CQS', roles: ['inspector'] }, { login: false })
  // Locks are kept per account and source address (org 009, login_fail); one from 127.0.0.9 for five seconds (long enough for two slow requests to see it).
  sql("INSERT INTO login_fail(username, ip, count, last_at, locked_until) VALUES ('reuse.lock', '127.0.0.9', 5, unixepoch(), unixepoch() + 5)")
  assert.equal(find(await admin.ok(URL), 'reuse.lock').locked, true)
  assert.equal(find(await admin.ok(URL), 'reuse.lock').locked, true)
  // The lock runs out by the clock alone: a stale page would stay locked and this wait would fail.
  await until('the page to show the lock run out', async () => find(await admin.ok(URL), 'reuse.lock').locked === false, { timeoutMs: 60000 })
})
