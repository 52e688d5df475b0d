// Login, cookie flags, lockout, the login rate limiter, logout, CSRF, forced password change, sessions and the login log.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, startServer, expectError, expectStatus, ADMIN_PASSWORD, DEMO_PASSWORD, makeUser, request, auditOf } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)

async function demoUser(admin, unitCode, roleCode) {
  const units = (await admin.ok('/org/units')).items
  const roles = (await admin.ok('/org/roles')).items
  const uid = units.find((u) => u.code === unitCode).id
  const rid = roles.find((r) => r.code === roleCode).id
  const j = await admin.ok(`/org/users?unit_id=${uid}&role_id=${rid}&size=50`)
  assert.ok(j.items.length > 0, `a demo ${roleCode} in ${unitCode}`)
  return j.items[0]
}

describe('health and authentication', () => {
  test('GET /api/v1/health is public', async () => {
    const r = await srv.client().get('/health')
    const j = expectStatus(r, 200)
    assert.equal(j.ok, true)
    assert.equal(typeof j.version, 'string')
  })

  test('unauthenticated calls answer 401 unauthenticated', async () => {
    const c = srv.client()
    for (const [m, p] of [['GET', '/org/users'], ['GET', '/auth/me'], ['GET', '/org/units'], ['POST', '/org/users'], ['GET', '/dashboard/summary'], ['GET', '/org/audit']]) {
      const r = await c.req(m, p, m === 'POST' ? { body: {} } : {})
      expectError(r, 401, 'unauthenticated')
    }
    // a made-up cookie is no better
    expectError(await c.get('/org/users', { headers: { Cookie: 'bureau_sid=' + 'x'.repeat(43) } }), 401, 'unauthenticated')
  })

  test('login: HttpOnly SameSite=Strict cookie, csrf_token and the user with perms', async () => {
    const c = srv.client()
    const r = await c.login('admin', ADMIN_PASSWORD)
    const j = expectStatus(r, 200)
    const sc = [].concat(r.headers['set-cookie'])[0]
    assert.match(sc, /^bureau_sid=[^;]{40,};/)
    assert.match(sc, /;\s*HttpOnly/i)
    assert.match(sc, /;\s*SameSite=Strict/i)
    assert.match(sc, /;\s*Path=\//)
    assert.equal(typeof j.csrf_token, 'string')
    assert.ok(j.csrf_token.length >= 20)
    assert.equal(j.user.username, 'admin')
    assert.equal(j.user.must_change_password, false)
    assert.ok(j.user.perms.includes('*:*:*'))
    const me = await c.ok('/auth/me')
    assert.equal(me.user.username, 'admin')
    assert.equal(me.csrf_token, j.csrf_token)
  })

  test('table: bad logins', async () => {
    const c = srv.client()
    const cases = [
      [{ username: 'admin', password: 'wrong-Password1' }, 401, 'bad_credentials'],
      [{ username: 'no_such_user', password: 'whatever-Pass1' }, 401, 'bad_credentials'],
      [{ username: 'admin' }, 400, 'missing_field', 'password'],
      [{ password: 'x' }, 400, 'missing_field', 'username'],
      [{ username: 'admin', password: 'x', remember: true }, 400, 'unknown_field', 'remember'],
      [{ username: 123, password: 'x' }, 400, 'invalid_field', 'username'],
    ]
    for (const [body, st, code, field] of cases) expectError(await c.post('/auth/login', body), st, code, field)
  })

  test('five wrong passwords lock the account (423); a correct one while locked is still 423; unlock frees it', async () => {
    const admin = srv.client()
    await admin.loginOk('admin', ADMIN_PASSWORD)
    const victim = await demoUser(admin, 'CWK', 'staff')
    const c = srv.client()
    for (let i = 1; i <= 4; i++) expectError(await c.login(victim.username, 'Wrong-pass-' + i), 401, 'bad_credentials')
    const e = expectError(await c.login(victim.username, 'Wrong-pass-5'), 423, 'account_locked')
    assert.ok(e.retry_after > 0 && e.retry_after <= 600, 'retry_after seconds: ' + JSON.stringify(e))
    const e2 = expectError(await c.login(victim.username, DEMO_PASSWORD), 423, 'account_locked')
    assert.match(e2.message, /分钟/)
    assert.ok(e2.retry_after > 0)
    const u = await admin.ok('/org/users/' + victim.id)
    assert.equal(u.locked, true)
    expectStatus(await admin.post(`/org/users/${victim.id}/unlock`, {}), 200)
    assert.equal((await admin.ok('/org/users/' + victim.id)).locked, false)
    expectStatus(await c.login(victim.username, DEMO_PASSWORD), 200)
  })

  test('more than 20 login attempts a minute from one IP answer 429 with Retry-After', async (t) => {
    // The bureau's clock stands still (BUREAU_CLOCK=fixed): all 22 attempts fall inside one 60 s window however
    // slowly a loaded machine hashes them; the window's sliding is unit-tested with an injected clock (test_limiter).
    const own = await startServer(import.meta.filename, { env: { BUREAU_NOW: String(Math.floor(Date.now() / 1000)), BUREAU_CLOCK: 'fixed' } })
    t.after(async () => assert.equal(await own.stop(), 0, 'server exit code (graceful shutdown)'))
    const c = own.client()
    let limited
    for (let i = 0; i < 22; i++) {
      const r = await c.post('/auth/login', { username: 'nobody_' + i, password: 'Nope-1234' })
      if (r.status === 429) { limited = { i, r }; break }
      expectError(r, 401, 'bad_credentials')
    }
    assert.ok(limited, 'no 429 within 22 attempts')
    assert.equal(limited.i, 20, 'the 21st attempt is the first refused')
    expectError(limited.r, 429, 'too_many_attempts')
    const ra = Number(limited.r.headers['retry-after'])
    assert.ok(ra >= 1 && ra <= 60, 'Retry-After: ' + limited.r.headers['retry-after'])
    // even the right password is refused from that IP, another IP is not affected
    expectError(await c.login('admin', ADMIN_PASSWORD), 429, 'too_many_attempts')
    expectStatus(await own.client().login('admin', ADMIN_PASSWORD), 200)
  })

  test('logout: 200 ok, the cookie is cleared and no longer works', async () => {
    const c = srv.client()
    await c.loginOk('admin', ADMIN_PASSWORD)
    const old = c.cookie
    const r = await c.post('/auth/logout')
    assert.equal(expectStatus(r, 200).ok, true)
    assert.match([].concat(r.headers['set-cookie'])[0], /Max-Age=0/)
    expectError(await c.get('/auth/me', { headers: { Cookie: old } }), 401, 'unauthenticated')
    expectError(await c.get('/org/users', { headers: { Cookie: old } }), 401, 'unauthenticated')
  })
})

describe('CSRF', () => {
  let c
  before(async () => { c = srv.client(); await c.loginOk('admin', ADMIN_PASSWORD) })
  const writes = [
    ['POST', '/org/units', { parent_id: 1, code: 'CSRF1', name: 'x', kind: '组' }],
    ['PATCH', '/org/units/1', { name: '改名' }],
    ['DELETE', '/org/units/2', undefined],
    ['POST', '/auth/logout', undefined],
    ['POST', '/auth/password', { old_password: ADMIN_PASSWORD, new_password: 'Another#Pass-99' }],
  ]
  test('without X-CSRF-Token → 403 csrf_failed', async () => {
    for (const [m, p, body] of writes) expectError(await c.req(m, p, { body, csrf: false }), 403, 'csrf_failed')
  })
  test('with a wrong token (or an empty one, or the right one with a suffix) → 403', async () => {
    for (const tok of ['wrong', '', c.csrf + 'x', c.csrf.slice(0, -1) + (c.csrf.endsWith('A') ? 'B' : 'A')])
      for (const [m, p, body] of writes) expectError(await c.req(m, p, { body, headers: { 'X-CSRF-Token': tok } }), 403, 'csrf_failed')
  })
  test('with a foreign Origin → 403; the own origin passes', async () => {
    // (the scheme is not compared: behind nginx the browser's Origin is https while the server speaks http)
    for (const origin of ['http://evil.example', `http://127.0.0.1:${srv.port + 1}`, 'null', `http://127.0.0.1:${srv.port}.evil.example`, 'http://127.0.0.1', 'garbage'])
      for (const [m, p, body] of writes) expectError(await c.req(m, p, { body, headers: { Origin: origin } }), 403, 'csrf_failed')
    const r = await c.post('/org/units', { parent_id: 1, code: 'CSRFOK', name: 'CSRF同源', kind: '组' }, { headers: { Origin: srv.base } })
    expectStatus(r, 201)
  })
  test('nothing was written by the refused requests', async () => {
    const units = (await c.ok('/org/units')).items
    assert.ok(!units.some((u) => u.code === 'CSRF1'))
    assert.notEqual(units.find((u) => u.id === 1).name, '改名')
    expectStatus(await c.get('/auth/me'), 200) // not logged out
  })
})

describe('forced password change', () => {
  let admin, created
  before(async () => {
    admin = srv.client()
    await admin.loginOk('admin', ADMIN_PASSWORD)
    created = await makeUser(srv, admin, { username: 'new.starter', name: '新员工', unit: 'BGS', roles: ['staff'] }, { login: false })
  })
  test('initial_password is returned; the user must change it before anything else', async () => {
    assert.equal(typeof created.password, 'string')
    assert.ok(created.password.length >= 8)
    const c = srv.client()
    const r = await c.loginOk('new.starter', created.password)
    assert.equal(r.json.user.must_change_password, true)
    expectError(await c.get('/org/units/options'), 403, 'password_change_required')
    expectError(await c.get('/dashboard/summary'), 403, 'password_change_required')
    expectStatus(await c.get('/auth/me'), 200)
    const weak = [
      ['short', 'Ab1#'],
      ['common', 'password123'],
      ['contains the username', 'xx-new.starter-99'],
      ['contains the username, other case', 'NEW.STARTER#2024'],
      ['one class only', 'abcdefghijkl'],
      ['same as the old one', created.password],
    ]
    for (const [why, pw] of weak) {
      const e = expectError(await c.post('/auth/password', { old_password: created.password, new_password: pw }), 400, 'weak_password', 'new_password')
      assert.ok(e.message, why)
    }
    expectError(await c.post('/auth/password', { new_password: 'Str0ng#Enough' }), 400, 'missing_field', 'old_password')
    expectStatus(await c.post('/auth/password', { old_password: created.password, new_password: 'Str0ng#Enough' }), 200)
    const me = await c.ok('/auth/me')
    assert.equal(me.user.must_change_password, false)
    // an endpoint every signed-in user may call (普通员工 no longer holds org:unit:list since org 006)
    expectStatus(await c.get('/org/units/options'), 200)
    // the old password no longer works, the new one does
    expectError(await srv.client().login('new.starter', created.password), 401, 'bad_credentials')
    expectStatus(await srv.client().login('new.starter', 'Str0ng#Enough'), 200)
    const rows = await auditOf(admin, 'user', created.id)
    assert.ok(rows.some((a) => a.action === 'org.user.change_password' && /密码/.test(a.summary)), 'password change audited')
  })
})

test('POST /auth/password with a wrong old password → 400 wrong_password, field old_password (api.md)', async () => {
  const c = srv.client()
  await c.loginOk('admin', ADMIN_PASSWORD)
  // 400, not 401: a 401 would read as "session over" to the web client, and the session is still fine.
  expectError(await c.post('/auth/password', { old_password: 'not-the-old-1', new_password: 'Str0ng#Enough' }), 400, 'wrong_password', 'old_password')
  expectStatus(await c.get('/auth/me'), 200)
})

test('changing one\'s password ends the other sessions of that user, not the current one', async () => {
  const admin = srv.client()
  await admin.loginOk('admin', ADMIN_PASSWORD)
  const u = await makeUser(srv, admin, { username: 'two.sessions', name: '两处登录', unit: 'CWK', roles: ['staff'] })
  const other = srv.client()
  await other.loginOk(u.username, u.password)
  expectStatus(await other.get('/auth/me'), 200)
  expectStatus(await u.client.post('/auth/password', { old_password: u.password, new_password: 'Next#Pass-4321' }), 200)
  expectError(await other.get('/auth/me'), 401, 'unauthenticated')
  expectStatus(await u.client.get('/auth/me'), 200)
})

describe('sessions and the login log', () => {
  test('/org/sessions lists the admin session (current); DELETE another logs it out', async () => {
    const a = srv.client()
    await a.loginOk('admin', ADMIN_PASSWORD)
    const b = srv.client()
    await b.loginOk('admin', ADMIN_PASSWORD)
    expectStatus(await b.get('/auth/me'), 200)
    const list = await a.ok('/org/sessions')
    assert.equal(list.total, list.items.length)
    const mine = list.items.filter((s) => s.current)
    assert.equal(mine.length, 1)
    assert.equal(mine[0].username, 'admin')
    assert.equal(mine[0].ip, a.ip)
    const other = list.items.find((s) => !s.current && s.ip === b.ip)
    assert.ok(other, 'the second session is listed: ' + JSON.stringify(list.items.map((s) => s.ip)))
    for (const k of ['id', 'user_id', 'username', 'name', 'unit_name', 'ip', 'user_agent', 'created_at', 'last_seen_at']) assert.ok(k in other, k)
    assert.ok(!('token' in other) && !('token_hash' in other) && !('csrf' in other))
    expectStatus(await a.del('/org/sessions/' + encodeURIComponent(other.id)), 200)
    expectError(await b.get('/auth/me'), 401, 'unauthenticated')
    expectError(await a.del('/org/sessions/' + encodeURIComponent(other.id)), 404, 'not_found')
    expectStatus(await a.get('/auth/me'), 200)
    const rows = await auditOf(a, 'session')
    assert.ok(rows.some((x) => x.action === 'org.session.delete'), 'force logout audited')
  })

  test('/org/logins has ok true and false entries with reasons', async () => {
    const a = srv.client()
    await a.loginOk('admin', ADMIN_PASSWORD)
    const j = await a.ok('/org/logins?username=admin&size=200')
    assert.ok(j.items.some((l) => l.ok === true && l.username === 'admin'))
    assert.ok(j.items.some((l) => l.ok === false && l.username === 'admin'))
    for (const l of j.items) for (const k of ['id', 'at', 'username', 'ip', 'user_agent', 'ok', 'reason']) assert.ok(k in l, k)
    const failed = await a.ok('/org/logins?ok=0&size=500')
    assert.ok(failed.items.length > 0 && failed.items.every((l) => l.ok === false))
    assert.ok(failed.items.some((l) => l.username === 'no_such_user'), 'unknown users are logged too')
    const okOnly = await a.ok('/org/logins?ok=1&size=500')
    assert.ok(okOnly.items.every((l) => l.ok === true))
    expectError(await a.get('/org/logins?ok=yes'), 400, 'bad_query', 'ok')
  })

  test('a user without monitor perms cannot see sessions, logins or audit (403 forbidden)', async () => {
    const admin = srv.client()
    await admin.loginOk('admin', ADMIN_PASSWORD)
    const staff = await demoUser(admin, 'WLZX', 'staff')
    const c = srv.client()
    await c.loginOk(staff.username, DEMO_PASSWORD)
    for (const p of ['/org/sessions', '/org/logins', '/org/audit', '/org/roles']) expectError(await c.get(p), 403, 'forbidden')
    expectError(await c.del('/org/sessions/abc'), 403, 'forbidden')
    expectStatus(await c.get('/dashboard/summary'), 200)
  })
})

test('unknown API route → 404 no_route; wrong method → 405', async () => {
  const c = srv.client()
  await c.loginOk('admin', ADMIN_PASSWORD)
  expectError(await c.get('/nope'), 404, 'no_route')
  const r = await request(srv.base, 'PUT', '/api/v1/health')
  assert.equal(r.status, 405)
})
