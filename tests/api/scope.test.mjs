// Data scope (unit / unit_below / self) on lists and single records, and grants limited to the caller's own
// permissions and scope.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, makeUser, userCount, adminSetup } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, demo, cqs, lts
before(async () => {
  ;({ admin, ids, roles, demo } = await adminSetup(srv))
  cqs = await makeUser(srv, admin, { username: 's.cqs', name: '城区专管', unit: 'CQS', roles: ['inspector'] })
  lts = await makeUser(srv, admin, { username: 's.lts', name: '龙潭专管', unit: 'LTS', roles: ['inspector'] }, { login: false })
})

test('inspector (scope unit) in CQS: the user list holds only CQS users', async () => {
  const j = await cqs.client.ok('/org/users?size=500')
  const adminView = await admin.ok(`/org/users?unit_id=${ids.CQS}&size=500`)
  assert.ok(j.total > 1)
  assert.ok(j.items.every((u) => u.unit_id === ids.CQS), JSON.stringify(j.items.map((u) => u.unit_name)))
  assert.equal(j.total, adminView.total)
  assert.ok(j.items.some((u) => u.username === 's.cqs'))
  // filters cannot widen it
  assert.equal((await cqs.client.ok(`/org/users?unit_id=${ids.LTS}`)).total, 0)
  assert.equal((await cqs.client.ok(`/org/users?unit_id=${ids.JU}&below=1&size=500`)).total, j.total)
  assert.equal((await cqs.client.ok('/org/users?q=s.lts')).total, 0)
  const u = await cqs.client.ok('/org/units')
  assert.deepEqual(u.items.map((x) => x.code), ['CQS'])
})

test('inspector in CQS: an LTS user or unit by id → 404 not_found', async () => {
  expectError(await cqs.client.get('/org/users/' + lts.id), 404, 'not_found')
  expectError(await cqs.client.get('/org/users/' + admin.user.id), 404, 'not_found')
  expectError(await cqs.client.get('/org/units/' + ids.LTS), 404, 'not_found')
  expectStatus(await cqs.client.get('/org/users/' + cqs.id), 200)
  expectStatus(await cqs.client.get('/org/units/' + ids.CQS), 200)
  // no edit permission at all → 403 before any scope question
  expectError(await cqs.client.patch('/org/users/' + cqs.id, { name: 'x' }), 403, 'forbidden')
})

test('dept_head (unit_below) in SCB sees SCB and its 片区, nobody else', async () => {
  const { c } = await demo('SCB', 'dept_head')
  const j = await c.ok('/org/users?size=500')
  const mine = ['SCB', 'SCB-CQ', 'SCB-DB', 'SCB-XB', 'SCB-NB'].map((k) => ids[k])
  assert.ok(j.items.every((u) => mine.includes(u.unit_id)), JSON.stringify([...new Set(j.items.map((u) => u.unit_name))]))
  for (const id of mine) assert.ok(j.items.some((u) => u.unit_id === id), 'has users of ' + id)
  const all = await admin.ok(`/org/users?unit_id=${ids.SCB}&below=1&size=1`)
  assert.equal(j.total, all.total)
  expectError(await c.get('/org/users/' + cqs.id), 404, 'not_found')
  const units = (await c.ok('/org/units')).items.map((u) => u.code).sort()
  assert.deepEqual(units, ['SCB', 'SCB-CQ', 'SCB-DB', 'SCB-NB', 'SCB-XB'])
  // export honours the scope too
  const csv = await c.get('/org/users?format=csv')
  assert.equal(csv.status, 200)
  assert.equal(csv.buf.toString().trim().split(/\r?\n/).length - 1, all.total)
  assert.ok(!csv.text.includes('s.cqs'))
})

test('customer_manager (self): no user or unit management; unit options for pickers, scope=1 his own unit', async () => {
  const { c, user } = await demo('SCB-CQ', 'customer_manager')
  expectError(await c.get('/org/users'), 403, 'forbidden')
  expectError(await c.get('/org/units'), 403, 'forbidden')
  const all = (await c.ok('/org/units/options')).items
  assert.equal(all.length, (await admin.ok('/org/units')).total)
  assert.ok(all.every((u) => u.id && u.name && u.kind && 'parent_id' in u && !('user_count' in u)))
  const mine = (await c.ok('/org/units/options?scope=1')).items
  assert.deepEqual(mine.map((u) => u.id), [user.unit_id])
  expectError(await c.get('/org/units/options?scope=x'), 400, 'bad_query')
})

test('a self-scoped role with org:user:list sees only himself', async () => {
  const r = expectStatus(await admin.post('/org/roles', { code: 'self_lister', name: '仅本人查询', data_scope: 'self', perms: ['org:user:list', 'org:unit:list'] }), 201)
  const me = await makeUser(srv, admin, { username: 's.self', name: '仅本人', unit: 'SCB-DB', roles: [r.id] })
  const j = await me.client.ok('/org/users?size=500')
  assert.deepEqual(j.items.map((u) => u.username), ['s.self'])
  assert.equal(j.total, 1)
  const colleague = (await admin.ok(`/org/users?unit_id=${ids['SCB-DB']}&size=5`)).items.find((u) => u.username !== 's.self')
  expectError(await me.client.get('/org/users/' + colleague.id), 404, 'not_found')
  expectStatus(await me.client.get('/org/users/' + me.id), 200)
})

let editor
test('a CQS user whose role has org:user:edit cannot PATCH an LTS user (404) but can a CQS one', async () => {
  // The editor may hand out the built-in 专卖管理员 role, so he holds its permissions (whatever modules give it) plus his own.
  const inspector = (await admin.ok('/org/roles')).items.find((x) => x.code === 'inspector')
  const perms = [...new Set(['org:user:list', 'org:user:edit', 'org:user:add', 'org:user:resetPwd', 'org:user:unlock', 'org:unit:list',
    'org:role:list', 'org:role:add', 'org:user:import', ...inspector.perms])]
  const r = expectStatus(await admin.post('/org/roles', { code: 'unit_editor', name: '本单位管理', data_scope: 'unit', perms }), 201)
  editor = await makeUser(srv, admin, { username: 's.editor', name: '所管理员', unit: 'CQS', roles: [r.id] })
  const before = await admin.ok('/org/users/' + lts.id)
  expectError(await editor.client.patch('/org/users/' + lts.id, { name: '越权' }), 404, 'not_found')
  expectError(await editor.client.post(`/org/users/${lts.id}/reset-password`, {}), 404, 'not_found')
  expectError(await editor.client.post(`/org/users/${lts.id}/unlock`, {}), 404, 'not_found')
  assert.deepEqual(await admin.ok('/org/users/' + lts.id), before, 'the LTS user is unchanged')
  expectStatus(await editor.client.patch('/org/users/' + cqs.id, { position: '专管员（改）' }), 200)
  // moving a CQS user out to LTS is refused too
  expectError(await editor.client.patch('/org/users/' + cqs.id, { unit_id: ids.LTS }), 403, 'grant_out_of_scope', 'unit_id')
  assert.equal((await admin.ok('/org/users/' + cqs.id)).unit_id, ids.CQS)
})

test('grants: cannot create a role with a permission one lacks (403 grant_out_of_scope, nothing written)', async () => {
  const before = await admin.ok('/org/roles')
  const tries = [
    [{ code: 'g_audit', name: '审计', data_scope: 'unit', perms: ['monitor:audit:list'] }, 'perms'],
    [{ code: 'g_all', name: '全部', data_scope: 'all', perms: ['org:user:list'] }, 'data_scope'],
    [{ code: 'g_star', name: '超管', data_scope: 'unit', perms: ['*:*:*'] }, 'perms'],
    [{ code: 'g_custom', name: '自定义', data_scope: 'custom', unit_ids: [ids.LTS], perms: ['org:user:list'] }, 'unit_ids'],
  ]
  for (const [body, field] of tries) expectError(await editor.client.post('/org/roles', body), 403, 'grant_out_of_scope', field)
  const after = await admin.ok('/org/roles')
  assert.deepEqual(after, before, 'the role list is unchanged')
  // within scope it works
  expectStatus(await editor.client.post('/org/roles', { code: 'g_ok', name: '本所查询', data_scope: 'custom', unit_ids: [ids.CQS], perms: ['org:user:list'] }), 201)
})

test('grants: cannot create a user in LTS (403 unit_id) nor hand out a role beyond one\'s own', async () => {
  const n = await userCount(admin)
  expectError(await editor.client.post('/org/users', { username: 's.out', name: '外所', unit_id: ids.LTS }), 403, 'grant_out_of_scope', 'unit_id')
  expectError(await editor.client.post('/org/users', { username: 's.out', name: '外所', unit_id: ids.CQS, role_ids: [roles.admin] }), 403, 'grant_out_of_scope', 'role_ids')
  expectError(await editor.client.post('/org/users', { username: 's.out', name: '外所', unit_id: ids.CQS, role_ids: [roles.leader] }), 403, 'grant_out_of_scope', 'role_ids')
  expectError(await editor.client.patch('/org/users/' + cqs.id, { role_ids: [roles.discipline] }), 403, 'grant_out_of_scope', 'role_ids')
  assert.equal(await userCount(admin), n)
  const ok = await editor.client.post('/org/users', { username: 's.in', name: '本所', unit_id: ids.CQS, role_ids: [roles.inspector] })
  expectStatus(ok, 201)
  // the import obeys the same rules
  const file = Buffer.from('\ufeff用户名,姓名,单位编码,职务,手机号,角色编码\r\ns.imp1,导入一,LTS,,,inspector\r\ns.imp2,导入二,CQS,,,admin\r\n')
  const r = await editor.client.req('POST', '/org/users/import?format=csv', { rawBody: file, headers: { 'Content-Type': 'application/octet-stream' } })
  const e = expectError(r, 422, 'import_invalid')
  assert.ok(e.details.errors.some((x) => x.row === 2 && x.column === '单位编码'), JSON.stringify(e.details.errors))
  assert.ok(e.details.errors.some((x) => x.row === 3 && x.column === '角色编码' && x.code === 'grant_out_of_scope'))
  assert.equal(await userCount(admin), n + 1)
})

test('a scoped editor cannot take away a role he could not grant', async () => {
  const boss = await admin.post('/org/users', { username: 's.boss', name: '所里纪检', unit_id: ids.CQS, role_ids: [roles.discipline, roles.inspector] })
  const b = expectStatus(boss, 201).user
  expectError(await editor.client.patch('/org/users/' + b.id, { role_ids: [roles.inspector] }), 403, 'grant_out_of_scope', 'role_ids')
  assert.equal((await admin.ok('/org/users/' + b.id)).roles.length, 2)
})
