// Users: create, list (q, unit below, paging, sort), edit, disable, reset password, unlock, export; roles; audit.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, unitIds, roleIds, auditOf, DEMO_PASSWORD } from './lib.mjs'
import { bureauDate } from './bureau_time.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let c, ids, roles
before(async () => { await srv.ready; c = await srv.admin(); ids = await unitIds(c); roles = await roleIds(c) })

const USER_KEYS = ['id', 'username', 'name', 'unit_id', 'unit_name', 'position', 'phone', 'status', 'locked', 'locked_until', 'roles', 'last_login_at', 'created_at']

let created
test('create → 201 {user, initial_password}; audited; no password hash anywhere', async () => {
  const r = await c.post('/org/users', { username: 'u.zhou', name: '周测试', unit_id: ids.CQS, position: '专管员', phone: '13912340001', role_ids: [roles.inspector] })
  const j = expectStatus(r, 201)
  created = j.user
  for (const k of USER_KEYS) assert.ok(k in created, k)
  assert.equal(created.unit_name, '城区专卖管理所')
  assert.equal(created.status, 'enabled')
  assert.equal(created.locked, false)
  assert.deepEqual(created.roles.map((x) => x.id), [roles.inspector])
  assert.equal(typeof j.initial_password, 'string')
  assert.ok(!/pw_hash|argon|\$argon2/.test(r.text))
  const a = (await auditOf(c, 'user', created.id)).find((x) => x.action === 'org.user.create')
  assert.ok(a)
  assert.equal(a.before, null)
  assert.equal(a.after.username, 'u.zhou')
  assert.ok(!JSON.stringify(a.after).includes(j.initial_password), 'the password is not in the audit row')
  // with an explicit password
  const p = await c.post('/org/users', { username: 'u.given', name: '给定', unit_id: ids.BGS, password: 'Given#Pass-2024' })
  assert.equal(expectStatus(p, 201).initial_password, 'Given#Pass-2024')
  expectError(await c.post('/org/users', { username: 'U.ZHOU', name: '大小写', unit_id: ids.BGS }), 409, 'duplicate', 'username')
})

test('list: q matches username, name and phone; total is the full count', async () => {
  const all = await c.ok('/org/users?size=500')
  assert.equal(all.total, all.items.length)
  assert.ok(all.total > 100)
  for (const k of USER_KEYS) assert.ok(k in all.items[0], k)
  assert.ok(!all.items.some((u) => 'pw_hash' in u || 'password' in u))
  for (const q of ['u.zhou', '周测试', '13912340001', 'zhou', '9123400']) {
    const j = await c.ok('/org/users?q=' + encodeURIComponent(q))
    assert.ok(j.items.some((u) => u.id === created.id), q)
    assert.equal(j.total, j.items.length)
  }
  assert.equal((await c.ok('/org/users?q=nobody-matches-this')).total, 0)
  const dis = await c.ok('/org/users?status=disabled')
  assert.ok(dis.items.every((u) => u.status === 'disabled'))
  const byRole = await c.ok(`/org/users?role_id=${roles.leader}&size=500`)
  assert.ok(byRole.total >= 4 && byRole.items.every((u) => u.roles.some((r) => r.id === roles.leader)))
})

test('list: unit_id alone, and with below=1 (SCB and its 片区)', async () => {
  const scb = await c.ok(`/org/users?unit_id=${ids.SCB}&size=500`)
  assert.ok(scb.total > 0 && scb.items.every((u) => u.unit_id === ids.SCB))
  const below = await c.ok(`/org/users?unit_id=${ids.SCB}&below=1&size=500`)
  const pq = ['SCB', 'SCB-CQ', 'SCB-DB', 'SCB-XB', 'SCB-NB'].map((k) => ids[k])
  assert.ok(below.items.every((u) => pq.includes(u.unit_id)))
  for (const id of pq) assert.ok(below.items.some((u) => u.unit_id === id), 'has users of unit ' + id)
  assert.ok(below.total > scb.total)
  const ju = await c.ok(`/org/users?unit_id=${ids.JU}&below=1&size=1`)
  const all = await c.ok('/org/users?size=1')
  assert.equal(ju.total, all.total, 'everybody is below the root')
  assert.equal((await c.ok('/org/users?unit_id=999999')).total, 0)
})

test('paging: pages are disjoint, same total, last page short', async () => {
  const p1 = await c.ok('/org/users?size=7&page=1&sort=username')
  const p2 = await c.ok('/org/users?size=7&page=2&sort=username')
  assert.equal(p1.items.length, 7)
  assert.equal(p1.total, p2.total)
  assert.ok(!p1.items.some((u) => p2.items.some((v) => v.id === u.id)))
  const last = Math.ceil(p1.total / 7)
  const pl = await c.ok(`/org/users?size=7&page=${last}&sort=username`)
  assert.equal(pl.items.length, p1.total - 7 * (last - 1))
  assert.equal((await c.ok(`/org/users?size=7&page=${last + 1}`)).items.length, 0)
  const all = await c.ok('/org/users?size=500&sort=username')
  assert.deepEqual(p2.items.map((u) => u.id), all.items.slice(7, 14).map((u) => u.id))
})

test('sort: username asc/desc, name, created_at, -last_login_at; bad sort → 400 field sort', async () => {
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
  const asc = (await c.ok('/org/users?size=500&sort=username')).items.map((u) => u.username)
  assert.deepEqual(asc, [...asc].sort(cmp))
  const desc = (await c.ok('/org/users?size=500&sort=-username')).items.map((u) => u.username)
  assert.deepEqual(desc, [...asc].reverse())
  for (const s of ['name', '-name', 'created_at', '-created_at', 'last_login_at', '-last_login_at', 'id', '-id'])
    expectStatus(await c.get('/org/users?sort=' + s), 200)
  const ll = (await c.ok('/org/users?size=3&sort=-last_login_at')).items
  assert.equal(ll[0].username, 'admin', 'the admin logged in last')
  for (const s of ['phone', 'username;drop', '--username', 'u.username', 'unit_name', '-']) expectError(await c.get('/org/users?sort=' + encodeURIComponent(s)), 400, 'bad_query', 'sort')
})

test('edit: name, unit, phone, roles → audit with before/after; disable ends the sessions and refuses login', async () => {
  const r = await c.patch('/org/users/' + created.id, { name: '周改名', unit_id: ids.LTS, phone: '0571-88886666', position: '副所长', role_ids: [roles.inspector, roles.staff] })
  const u = expectStatus(r, 200)
  assert.equal(u.name, '周改名')
  assert.equal(u.unit_id, ids.LTS)
  assert.equal(u.unit_name, '龙潭专卖管理所')
  assert.equal(u.phone, '0571-88886666')
  assert.equal(u.roles.length, 2)
  const up = (await auditOf(c, 'user', created.id)).find((x) => x.action === 'org.user.update' && x.after?.name === '周改名')
  assert.ok(up)
  assert.equal(up.before.name, '周测试')
  assert.equal(up.before.unit_id, ids.CQS)
  assert.equal(up.after.unit_id, ids.LTS)
  // a demo user who is logged in gets disabled
  const victim = (await c.ok(`/org/users?unit_id=${ids.WLZX}&size=3`)).items[1]
  const v = srv.client()
  await v.loginOk(victim.username, DEMO_PASSWORD)
  expectStatus(await c.patch('/org/users/' + victim.id, { status: 'disabled' }), 200)
  expectError(await v.get('/auth/me'), 401, 'unauthenticated')
  expectError(await srv.client().login(victim.username, DEMO_PASSWORD), 401, 'bad_credentials') // a disabled account answers like a wrong password
  expectStatus(await c.patch('/org/users/' + victim.id, { status: 'enabled' }), 200)
  expectStatus(await srv.client().login(victim.username, DEMO_PASSWORD), 200)
  // the admin cannot disable himself nor change his own roles
  expectError(await c.patch('/org/users/' + c.user.id, { status: 'disabled' }), 400, 'invalid_field', 'status')
  expectError(await c.patch('/org/users/' + c.user.id, { role_ids: [roles.staff] }), 403, 'grant_out_of_scope', 'role_ids')
  expectError(await c.patch('/org/users/999999', { name: 'x' }), 404, 'not_found')
})

test('reset-password: a temporary password (must change), old one dead, sessions ended; explicit weak one refused', async () => {
  const victim = (await c.ok(`/org/users?unit_id=${ids.CWK}&size=3`)).items[1]
  const v = srv.client()
  await v.loginOk(victim.username, DEMO_PASSWORD)
  const r = await c.post(`/org/users/${victim.id}/reset-password`, {})
  const pw = expectStatus(r, 200).password
  assert.equal(typeof pw, 'string')
  assert.ok(pw.length >= 8)
  expectError(await v.get('/auth/me'), 401, 'unauthenticated')
  expectError(await srv.client().login(victim.username, DEMO_PASSWORD), 401, 'bad_credentials')
  const n = srv.client()
  const l = await n.loginOk(victim.username, pw)
  assert.equal(l.json.user.must_change_password, true)
  expectError(await n.get('/org/units'), 403, 'password_change_required')
  expectError(await c.post(`/org/users/${victim.id}/reset-password`, { password: '12345678' }), 400, 'weak_password', 'password')
  const p2 = await c.post(`/org/users/${victim.id}/reset-password`, { password: 'Temp#Reset-77' })
  assert.equal(expectStatus(p2, 200).password, 'Temp#Reset-77')
  expectStatus(await srv.client().login(victim.username, 'Temp#Reset-77'), 200)
  const a = (await auditOf(c, 'user', victim.id)).filter((x) => /重置/.test(x.summary))
  assert.equal(a.length, 2)
  assert.ok(!JSON.stringify(a).includes('Temp#Reset-77'))
  expectError(await c.post('/org/users/999999/reset-password', {}), 404, 'not_found')
})

test('unlock: a locked user is unlocked (locked false), audited', async () => {
  const victim = (await c.ok(`/org/users?unit_id=${ids.JCD}&size=3`)).items[1]
  const v = srv.client()
  for (let i = 0; i < 5; i++) await v.login(victim.username, 'Bad-pass-' + i)
  const locked = await c.ok('/org/users/' + victim.id)
  assert.equal(locked.locked, true)
  assert.match(locked.locked_until, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  const r = await c.post(`/org/users/${victim.id}/unlock`, {})
  const u = expectStatus(r, 200)
  assert.equal(u.locked, false)
  assert.equal(u.locked_until, null)
  expectStatus(await v.login(victim.username, DEMO_PASSWORD), 200)
  const a = (await auditOf(c, 'user', victim.id)).find((x) => /解锁/.test(x.summary))
  assert.ok(a && a.before.locked === true && a.after.locked === false)
})

test('export: xlsx (PK, attachment) and csv (BOM, header 用户名), honouring the filter', async () => {
  const x = await c.get('/org/users?format=xlsx')
  assert.equal(x.status, 200)
  assert.equal(x.buf.subarray(0, 2).toString('latin1'), 'PK')
  assert.match(x.headers['content-disposition'], /^attachment;/)
  assert.match(x.headers['content-type'], /spreadsheetml|octet-stream/)
  const v = await c.get(`/org/users?format=csv&unit_id=${ids.JLD}`)
  assert.equal(v.status, 200)
  assert.match(v.headers['content-disposition'], /^attachment;/)
  assert.deepEqual([...v.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  const lines = v.buf.subarray(3).toString('utf8').trim().split(/\r?\n/)
  assert.match(lines[0], /^用户名,姓名,单位/)
  const jld = await c.ok(`/org/users?unit_id=${ids.JLD}&size=500`)
  assert.equal(lines.length - 1, jld.total, 'one line per user of the filter')
  // all rows, not one page
  const all = await c.get('/org/users?format=csv&size=5')
  assert.ok(all.buf.toString().trim().split(/\r?\n/).length - 1 > 100)
  // a user with org:user:list but without org:user:export cannot export
  const insp = (await c.ok(`/org/users?unit_id=${ids.LTS}&role_id=${roles.inspector}&size=1`)).items[0]
  const i = srv.client()
  await i.loginOk(insp.username, DEMO_PASSWORD)
  expectStatus(await i.get('/org/users'), 200)
  expectError(await i.get('/org/users?format=csv'), 403, 'forbidden')
})

test('roles: list, create, edit, delete rules; permission catalogue', async () => {
  const list = await c.ok('/org/roles')
  assert.deepEqual(list.items.filter((r) => r.builtin).map((r) => r.code).sort(), ['admin', 'auditor', 'customer_manager', 'dept_head', 'discipline', 'hr_admin', 'inspector', 'leader', 'secadmin', 'staff', 'supervision_admin'].sort())
  const dh = list.items.find((r) => r.code === 'dept_head')
  assert.equal(dh.data_scope, 'unit_below')
  assert.equal(list.items.find((r) => r.code === 'customer_manager').data_scope, 'self')
  assert.equal(list.items.find((r) => r.code === 'inspector').data_scope, 'unit')
  const cat = await c.ok('/org/permissions')
  assert.equal(cat[0].code, 'org')
  assert.ok(cat[0].children.some((x) => x.code === 'org:user' && x.children.some((y) => y.code === 'org:user:list')))
  const r = await c.post('/org/roles', { code: 't_role', name: '测试角色', data_scope: 'custom', unit_ids: [ids.CQS, ids.LTS], perms: ['org:user:list', 'org:unit:list'] })
  const role = expectStatus(r, 201)
  assert.deepEqual(role.unit_ids, [ids.CQS, ids.LTS].sort((a, b) => a - b))
  assert.deepEqual(role.perms, ['org:unit:list', 'org:user:list'])
  assert.equal(role.builtin, false)
  expectError(await c.post('/org/roles', { code: 't_role', name: '重复', data_scope: 'unit' }), 409, 'duplicate', 'code')
  const e = await c.patch('/org/roles/' + role.id, { name: '测试角色2', perms: ['org:user:list'] })
  assert.deepEqual(expectStatus(e, 200).perms, ['org:user:list'])
  const a = (await auditOf(c, 'role', role.id)).find((x) => x.action === 'org.role.update')
  assert.ok(a && a.before.perms.length === 2 && a.after.perms.length === 1)
  // in use → 409; builtin → 409
  const u = expectStatus(await c.post('/org/users', { username: 'u.role', name: '角色用户', unit_id: ids.CQS, role_ids: [role.id] }), 201)
  expectError(await c.del('/org/roles/' + role.id), 409, 'role_in_use')
  expectError(await c.del('/org/roles/' + roles.staff), 409, 'builtin')
  expectError(await c.patch('/org/roles/' + roles.staff, { code: 'worker' }), 409, 'builtin', 'code')
  expectStatus(await c.patch('/org/users/' + u.user.id, { role_ids: [] }), 200)
  expectStatus(await c.del('/org/roles/' + role.id), 200)
  expectError(await c.get('/org/roles/' + role.id), 404, 'not_found')
  assert.ok((await auditOf(c, 'role', role.id)).some((x) => x.action === 'org.role.delete' && x.before.code === 't_role' && x.after === null))
})

test('the audit log cannot be changed or deleted through the API', async () => {
  const first = (await c.ok('/org/audit?size=1&sort=id')).items[0]
  assert.ok(first)
  for (const [m, p] of [['PATCH', '/org/audit/' + first.id], ['DELETE', '/org/audit/' + first.id], ['PUT', '/org/audit/' + first.id], ['DELETE', '/org/audit'], ['POST', '/org/audit'], ['DELETE', '/org/logins/1'], ['PATCH', '/org/logins/1']]) {
    const r = await c.req(m, p, m === 'DELETE' ? {} : { body: { summary: 'tampered' } })
    assert.ok([404, 405].includes(r.status), `${m} ${p} → ${r.status} ${r.text}`)
  }
  const again = (await c.ok('/org/audit?size=1&sort=id')).items[0]
  assert.deepEqual(again, first)
  // audit filters
  const f = await c.ok('/org/audit?entity=user&action=org.user.update&username=admin&size=500')
  assert.ok(f.total > 0 && f.items.every((x) => x.entity === 'user' && x.action === 'org.user.update' && x.username === 'admin'))
  const d = bureauDate() // the audit rows' day is the bureau's, whatever the host's zone
  assert.ok((await c.ok(`/org/audit?from=${d}&to=${d}`)).total > 0)
  assert.equal((await c.ok('/org/audit?from=2000-01-01&to=2000-01-02')).total, 0)
  for (const k of ['id', 'at', 'user_id', 'username', 'ip', 'action', 'entity', 'entity_id', 'summary', 'before', 'after']) assert.ok(k in f.items[0], k)
})

test('CSV export neutralises formulas (=, +, -, @) in user data', async () => {
  const evil = { name: '=HYPERLINK("http://x","y")', position: '@SUM(A1)' }
  const r = expectStatus(await c.post('/org/users', { username: 'u.formula', unit_id: ids.NGK, ...evil, phone: '' }), 201)
  assert.equal(r.user.name, evil.name, 'stored as given')
  const v = await c.get(`/org/users?format=csv&q=u.formula`)
  const line = v.buf.subarray(3).toString('utf8').trim().split(/\r?\n/)[1]
  assert.ok(line.startsWith('u.formula,'), line)
  assert.ok(!/(^|,)"?[=@+-]/.test(line.slice('u.formula,'.length)), 'a cell starts with a formula character: ' + line)
  assert.match(line, /'=HYPERLINK/)
  assert.match(line, /'@SUM/)
})

test('a unit named in a custom role cannot be deleted (409 unit_in_use)', async () => {
  const u = expectStatus(await c.post('/org/units', { parent_id: ids.JU, code: 'U-ROLE', name: '角色单位', kind: '组' }), 201)
  const role = expectStatus(await c.post('/org/roles', { code: 'u_custom', name: '自定义', data_scope: 'custom', unit_ids: [u.id], perms: ['org:user:list'] }), 201)
  expectError(await c.del('/org/units/' + u.id), 409, 'unit_in_use')
  expectStatus(await c.patch('/org/roles/' + role.id, { unit_ids: [] }), 200)
  expectStatus(await c.del('/org/units/' + u.id), 200)
})
