// The command line next to a running server: online backup, user add/list/unlock/passwd, init run twice.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, cli, expectError, expectStatus, userCount, auditOf, DEMO_PASSWORD } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin
before(async () => { await srv.ready; admin = await srv.admin() })

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim()

test('bureau backup FILE while the server runs: exit 0, integrity ok, has the users', async () => {
  const n = await userCount(admin)
  const out = join(srv.dir, 'backup.db')
  // keep the server busy writing while the backup runs
  const busy = (async () => { for (let i = 0; i < 10; i++) await admin.post('/org/units', { parent_id: 1, code: 'BK' + i, name: '备份中' + i, kind: '组' }) })()
  const r = await cli(['backup', out, '--db', srv.db])
  await busy
  assert.equal(r.code, 0, r.stderr)
  assert.ok(existsSync(out))
  assert.equal(sql(out, 'PRAGMA integrity_check'), 'ok')
  const cnt = Number(sql(out, 'SELECT count(*) FROM users'))
  assert.equal(cnt, n)
  assert.equal(sql(out, "SELECT username FROM users WHERE username = 'admin'"), 'admin')
  // the backup is a working database for the CLI
  const l = await cli(['user', 'list', '--db', out])
  assert.equal(l.code, 0, l.stderr)
  assert.match(l.stdout, /admin/)
  const bad = await cli(['backup', join(srv.dir, 'no-such-dir', 'x.db'), '--db', srv.db])
  assert.notEqual(bad.code, 0)
})

test('bureau user add → the user can log in with the printed password (and must change it)', async () => {
  const n = await userCount(admin)
  const r = await cli(['user', 'add', 'cli.user', '--name', '命令行', '--unit', 'CQS', '--role', 'inspector', '--phone', '13800009999', '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  const pw = /[:：]\s*(\S+)\s*$/.exec(r.stdout.trim())?.[1]
  assert.ok(pw, r.stdout)
  assert.equal(await userCount(admin), n + 1)
  const u = (await admin.ok('/org/users?q=cli.user')).items[0]
  assert.equal(u.unit_name, '城区专卖管理所')
  assert.deepEqual(u.roles.map((x) => x.code), ['inspector'])
  const c = srv.client()
  const l = await c.loginOk('cli.user', pw)
  assert.equal(l.json.user.must_change_password, true)
  assert.ok((await auditOf(admin, 'user', u.id)).some((a) => a.action === 'org.user.create'))
  // refused: duplicate, unknown unit, unknown role, bad username, bad phone, missing --name
  for (const args of [
    ['cli.user', '--name', 'x', '--unit', 'CQS'],
    ['cli.user2', '--name', 'x', '--unit', 'NOPE'],
    ['cli.user2', '--name', 'x', '--unit', 'CQS', '--role', 'nope'],
    ['a b', '--name', 'x', '--unit', 'CQS'],
    ['cli.user2', '--name', 'x', '--unit', 'CQS', '--phone', '123'],
    ['cli.user2', '--unit', 'CQS'],
  ]) {
    const e = await cli(['user', 'add', ...args, '--db', srv.db])
    assert.notEqual(e.code, 0, args.join(' '))
  }
  assert.equal(await userCount(admin), n + 1)
})

test('bureau user list prints the users', async () => {
  const r = await cli(['user', 'list', '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.equal(lines.length - 1, await userCount(admin))
  assert.match(r.stdout, /cli\.user/)
  assert.match(r.stdout, /城区专卖管理所/)
})

test('bureau user unlock frees a locked account', async () => {
  const victim = (await admin.ok('/org/users?q=cli.user')).items[0]
  const c = srv.client()
  for (let i = 0; i < 5; i++) await c.login('cli.user', 'Wrong-Pass-' + i)
  assert.equal((await admin.ok('/org/users/' + victim.id)).locked, true)
  const r = await cli(['user', 'unlock', 'cli.user', '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  assert.equal((await admin.ok('/org/users/' + victim.id)).locked, false)
  assert.notEqual((await cli(['user', 'unlock', 'nobody.here', '--db', srv.db])).code, 0)
})

test('bureau user passwd with BUREAU_PASSWORD: login works; sessions of the user end; weak one refused', async () => {
  const demo = (await admin.ok('/org/users?size=5&sort=username')).items.find((u) => u.username !== 'admin')
  const v = srv.client()
  await v.loginOk(demo.username, DEMO_PASSWORD)
  const r = await cli(['user', 'passwd', demo.username, '--db', srv.db], { env: { BUREAU_PASSWORD: 'Cli#Passwd-2024' } })
  assert.equal(r.code, 0, r.stderr)
  expectError(await v.get('/auth/me'), 401, 'unauthenticated')
  expectError(await srv.client().login(demo.username, DEMO_PASSWORD), 401, 'bad_credentials')
  const c = srv.client()
  expectStatus(await c.login(demo.username, 'Cli#Passwd-2024'), 200)
  const weak = await cli(['user', 'passwd', demo.username, '--db', srv.db], { env: { BUREAU_PASSWORD: 'password123' } })
  assert.notEqual(weak.code, 0)
  expectStatus(await srv.client().login(demo.username, 'Cli#Passwd-2024'), 200)
  // without BUREAU_PASSWORD a random one is printed
  const g = await cli(['user', 'passwd', demo.username, '--db', srv.db])
  assert.equal(g.code, 0, g.stderr)
  const pw = /[:：]\s*(\S+)\s*$/.exec(g.stdout.trim())?.[1]
  expectStatus(await srv.client().login(demo.username, pw), 200)
})

test('bureau init run twice (with --demo) is harmless: same users, units and roles', async () => {
  const before = [await userCount(admin), (await admin.ok('/org/units')).total, (await admin.ok('/org/roles')).total]
  for (let i = 0; i < 2; i++) {
    const r = await cli(['init', '--db', srv.db, '--demo'], { env: { BUREAU_ADMIN_PASSWORD: 'Other#Admin-Pass1' } })
    assert.equal(r.code, 0, r.stderr)
  }
  const after = [await userCount(admin), (await admin.ok('/org/units')).total, (await admin.ok('/org/roles')).total]
  assert.deepEqual(after, before)
  // the admin password was not reset by the second init
  expectError(await srv.client().login('admin', 'Other#Admin-Pass1'), 401, 'bad_credentials')
  expectStatus(await admin.get('/auth/me'), 200)
})

test('CLI errors: missing database, unknown command', async () => {
  assert.notEqual((await cli(['user', 'list', '--db', join(srv.dir, 'nope.db')])).code, 0)
  assert.notEqual((await cli(['frobnicate'])).code, 0)
  assert.equal((await cli(['version'])).code, 0)
})
