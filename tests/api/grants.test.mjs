// Grants within the granter's own (issue 10, High 1 and 2): reset, edit, disable and unlock refuse a target holding
// more than the caller; relative data scopes are compared as the units they reach; nobody edits a role he holds.
// Ends with a property test over random role pairs.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, unitIds, roleIds, makeUser } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles
before(async () => { await srv.ready; admin = await srv.admin(); ids = await unitIds(admin); roles = await roleIds(admin) })

async function role(code, data_scope, perms, unit_ids = []) {
  const r = await admin.post('/org/roles', { code, name: code, data_scope, perms, unit_ids })
  return expectStatus(r, 201).id
}

test('High 1: a user with resetPwd over the whole bureau cannot reset, edit, disable or unlock a 系统管理员', async () => {
  const rid = await role('pwd_helper', 'unit_below', ['org:user:list', 'org:user:edit', 'org:user:resetPwd', 'org:user:unlock'])
  const helper = await makeUser(srv, admin, { username: 'helper1', unit: 'JU', roles: [rid] })
  const boss = await makeUser(srv, admin, { username: 'boss1', unit: 'JU', roles: ['admin'] })
  expectError(await helper.client.post(`/org/users/${boss.id}/reset-password`, { password: 'Taken#Over-9921' }), 403, 'grant_out_of_scope')
  expectError(await helper.client.patch(`/org/users/${boss.id}`, { status: 'disabled' }), 403, 'grant_out_of_scope')
  expectError(await helper.client.patch(`/org/users/${boss.id}`, { name: '改名' }), 403, 'grant_out_of_scope')
  expectError(await helper.client.post(`/org/users/${boss.id}/unlock`, {}), 403, 'grant_out_of_scope')
  // nothing written: the old password works, the account is enabled, the name unchanged
  const c = srv.client()
  await c.loginOk('boss1', boss.password)
  const b = await admin.ok(`/org/users/${boss.id}`)
  assert.equal(b.status, 'enabled')
  assert.equal(b.name, '测试用户')
  // a colleague holding less is still his to help
  const staff = await makeUser(srv, admin, { username: 'staff1', unit: 'BGS', roles: [] })
  expectStatus(await helper.client.post(`/org/users/${staff.id}/reset-password`, { password: 'Fresh#Start-5512' }), 200)
})

test('High 1: a target whose data scope is wider than the caller\'s is refused too (permissions alike)', async () => {
  const narrow = await role('narrow_reset', 'unit_below', ['org:user:list', 'org:user:resetPwd'])
  const wide = await role('wide_list', 'all', ['org:user:list'])
  const caller = await makeUser(srv, admin, { username: 'narrow1', unit: 'SCB', roles: [narrow] })
  const target = await makeUser(srv, admin, { username: 'wide1', unit: 'SCB-CQ', roles: [wide] })
  expectError(await caller.client.post(`/org/users/${target.id}/reset-password`, {}), 403, 'grant_out_of_scope')
})

test('High 2: scope 本单位 cannot create a 本单位及以下 role, grant one, or edit the role he holds', async () => {
  const rid = await role('unit_admin', 'unit', ['org:role:list', 'org:role:add', 'org:role:edit', 'org:user:list', 'org:user:edit', 'org:unit:list'])
  const u = await makeUser(srv, admin, { username: 'unitadm1', unit: 'SCB', roles: [rid] })
  expectError(await u.client.post('/org/roles', { code: 'wider', name: '扩大', data_scope: 'unit_below', perms: ['org:user:list'] }), 403, 'grant_out_of_scope')
  expectError(await u.client.patch(`/org/roles/${rid}`, { data_scope: 'unit_below' }), 403, 'grant_out_of_scope')
  expectError(await u.client.patch(`/org/roles/${rid}`, { name: '改名' }), 403, 'grant_out_of_scope')
  const r = await admin.ok(`/org/roles/${rid}`)
  assert.equal(r.data_scope, 'unit')
  assert.equal(r.name, 'unit_admin')
  // granting the built-in 部门负责人 (本单位及以下) to a colleague of SCB widens him to the 片区 too
  const col = await makeUser(srv, admin, { username: 'colleague1', unit: 'SCB', roles: [] }, { login: false })
  expectError(await u.client.patch(`/org/users/${col.id}`, { role_ids: [roles.dept_head] }), 403, 'grant_out_of_scope')
  assert.deepEqual((await admin.ok(`/org/users/${col.id}`)).roles, [])
  // a role within his own unit is fine
  expectStatus(await u.client.post('/org/roles', { code: 'same_unit', name: '本单位查询', data_scope: 'unit', perms: ['org:user:list'] }), 201)
})

// ---- property test: random role pairs ----
function rng(seed) { return () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296 } }
function permMatch(g, w) {
  const gs = g.split(':'), ws = w.split(':')
  for (let i = 0; i < gs.length; i++) {
    if (gs[i] === '*' && i === gs.length - 1) return ws.length > i
    if (i >= ws.length || (gs[i] !== '*' && gs[i] !== ws[i])) return false
  }
  return gs.length === ws.length
}

test('property: after any accepted grant, edit, reset or disable, the target\'s perms and scope lie within the caller\'s', async () => {
  const seed = Number(process.env.GRANTS_SEED || Date.now() % 100000)
  const rand = rng(seed)
  const pick = (a) => a[Math.floor(rand() * a.length)]
  const unitList = (await admin.ok('/org/units')).items
  const parent = new Map(unitList.map((u) => [u.id, u.parent_id]))
  const below = (root) => unitList.filter((u) => { for (let x = u.id; x; x = parent.get(x)) if (x === root) return true; return false }).map((u) => u.id)
  const pool = ['org:user:list', 'org:user:edit', 'org:user:resetPwd', 'org:unit:list', 'monitor:audit:list', 'org:role:list']
  const scopes = ['all', 'unit', 'unit_below', 'self', 'custom']
  const rids = []
  for (let i = 0; i < 8; i++) {
    const perms = ['org:user:list', 'org:user:edit', 'org:user:resetPwd'].concat(pool.filter(() => rand() < 0.4))
    const sc = pick(scopes)
    rids.push(await role('prop' + i, sc, [...new Set(perms)], sc === 'custom' ? [pick(unitList).id, pick(unitList).id] : []))
  }
  const unitPick = ['SCB', 'SCB-CQ', 'SCB-DB', 'JU', 'BGS', 'CQS']
  const people = []
  for (let i = 0; i < 8; i++) {
    const rs = [...new Set([pick(rids), pick(rids)])]
    const p = await makeUser(srv, admin, { username: 'prop' + i, unit: pick(unitPick), roles: rs })
    people.push(p)
  }
  let n = 0
  const fresh = () => `Pp#${seed}-${n++}-Qz`
  async function session(p) {
    const c = srv.client()
    let r = await c.login(p.username, p.password)
    if (r.status === 403 || r.status === 423) return null
    expectStatus(r, 200)
    if (r.json.user.must_change_password) {
      const np = fresh()
      expectStatus(await c.post('/auth/password', { old_password: p.password, new_password: np }), 200)
      p.password = np
    }
    return c
  }
  const allRoles = async () => new Map((await admin.ok('/org/roles')).items.map((r) => [r.id, r]))
  function grants(user, roleMap) {
    const perms = new Set(), units = new Set()
    let all = false, self = false
    for (const rr of user.roles) {
      const def = roleMap.get(rr.id)
      def.perms.forEach((p) => perms.add(p))
      if (def.data_scope === 'all') all = true
      else if (def.data_scope === 'unit') units.add(user.unit_id)
      else if (def.data_scope === 'unit_below') below(user.unit_id).forEach((x) => units.add(x))
      else if (def.data_scope === 'custom') def.unit_ids.forEach((x) => units.add(x))
      else self = true
    }
    if (!user.roles.length) self = true
    return { perms: [...perms], units, all, self, id: user.id, unit: user.unit_id }
  }
  function covers(c, t) {
    const miss = t.perms.find((p) => !c.perms.some((g) => permMatch(g, p)))
    if (miss) return 'perm ' + miss
    if (c.all) return null
    if (t.all) return 'scope all'
    for (const x of t.units) if (!c.units.has(x)) return 'unit ' + x
    if (t.self && !c.units.has(t.unit) && !(c.self && c.id === t.id)) return 'self'
    return null
  }
  let accepted = 0, refused = 0
  for (let trial = 0; trial < 40; trial++) {
    const a = pick(people), b = pick(people)
    if (a === b) continue
    const c = await session(a)
    if (!c) continue
    const action = pick(['grant', 'edit', 'reset', 'disable'])
    let r
    if (action === 'grant') r = await c.patch(`/org/users/${b.id}`, { role_ids: [...new Set([pick(rids), pick(rids)])] })
    else if (action === 'edit') r = await c.patch(`/org/users/${b.id}`, { unit_id: ids[pick(unitPick)] })
    else if (action === 'reset') { const np = fresh(); r = await c.post(`/org/users/${b.id}/reset-password`, { password: np }); if (r.status === 200) b.password = np }
    else r = await c.patch(`/org/users/${b.id}`, { status: 'disabled' })
    assert.ok([200, 403, 404].includes(r.status), `${action}: ${r.status} ${r.text}`)
    if (r.status === 200) {
      accepted++
      const roleMap = await allRoles()
      const ca = grants(await admin.ok(`/org/users/${a.id}`), roleMap)
      const tb = grants(await admin.ok(`/org/users/${b.id}`), roleMap)
      assert.equal(covers(ca, tb), null, `seed ${seed} trial ${trial}: ${a.username} ${action} ${b.username} left the target outside`)
      if (action === 'disable') expectStatus(await admin.patch(`/org/users/${b.id}`, { status: 'enabled' }), 200)
    } else refused++
  }
  assert.ok(accepted + refused > 10, `seed ${seed}: too few trials ran`)
})
