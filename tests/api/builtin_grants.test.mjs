// Registrations through org's public API: modules' built-in grants (no trigger on org's roles table; a fresh and an
// upgraded database give the built-in roles the same permissions) and the audit vocabulary (module.resource.verb,
// labelled; rows stored before it read as their code).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, openSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, cli, request, freePort, baseEnv, sleep, BIN, ROOT, ADMIN_PASSWORD, LOG_DIR, Client } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin
before(async () => { await srv.ready; admin = await srv.admin() })

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim()
const builtinPerms = (db) => sql(db, "SELECT r.code || ' ' || p.perm FROM role_perms p JOIN roles r ON r.id = p.role_id WHERE r.builtin = 1 ORDER BY 1").split('\n')
// Triggers on org's roles table that write grants (org's own counters of changes are not that).
const grantTriggers = (db) => sql(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'roles' AND sql LIKE '%role_perms%' ORDER BY name").split('\n').filter(Boolean)

let copies = 0
async function copy() {
  const out = join(srv.dir, `copy${++copies}.db`)
  const r = await cli(['backup', out, '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  return out
}

/** Serves db until fn(client of admin) resolves, then stops it gracefully. */
async function serving(db, fn) {
  const port = await freePort()
  const fd = openSync(join(LOG_DIR, `server-grants-copy-${port}.log`), 'w')
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { env: baseEnv(), cwd: srv.dir, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const exited = new Promise((ok) => proc.once('exit', (code) => ok(code)))
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    assert.equal(proc.exitCode, null, 'server exited early')
    try { if ((await request(base, 'GET', '/api/v1/health')).status === 200) break } catch { /* not up yet */ }
    await sleep(50)
  }
  try {
    const c = new Client(base, { ip: '127.0.0.9' })
    await c.loginOk('admin', ADMIN_PASSWORD)
    return await fn(c)
  } finally {
    proc.kill('SIGTERM')
    assert.equal(await exited, 0, 'graceful stop')
  }
}

const MODULE_PERMS = "perm LIKE 'tasks:%' OR perm LIKE 'shops:%' OR perm LIKE 'cockpit:%'"

/** Puts a database back to the schema before grants were registered: the old grant tables and triggers. */
function downgrade(db) {
  // The old grant tables and triggers, exactly as the modules' first migrations (never edited) created them.
  const old = [['tasks', 'task'], ['shops', 'shop'], ['cockpit', 'cockpit']].map(([m, p]) => {
    const text = readFileSync(join(ROOT, 'src', m, 'schema', `001_${m}.sql`), 'utf8')
    const block = new RegExp(`CREATE TABLE ${p}_role_grants [\\s\\S]*?\\nEND;`).exec(text)
    assert.ok(block, `${m}: old grants block`)
    return block[0]
  }).join('\n')
  sql(db, `BEGIN;
    DELETE FROM role_perms WHERE ${MODULE_PERMS};
    DROP TABLE role_grants_given;
    DELETE FROM schema_version WHERE name LIKE '%_builtin_grants.sql' OR name LIKE '%_grants_registered.sql';
    ${old}
    COMMIT;`)
}

test('a fresh database: built-in roles hold every module\'s grants, and no module has a trigger on roles', async () => {
  const perms = builtinPerms(srv.db)
  for (const p of ['leader tasks:task:supervise', 'dept_head shops:data:import', 'dept_head cockpit:value:import', 'staff tasks:task:handle', 'staff cockpit:view:list'])
    assert.ok(perms.includes(p), p)
  assert.ok(!perms.some((p) => p.startsWith('staff shops:')), 'staff gets nothing of shops')
  assert.deepEqual(grantTriggers(srv.db), [])
  // the grant table remembers what was given
  assert.ok(Number(sql(srv.db, 'SELECT count(*) FROM role_grants_given')) >= perms.filter((p) => /^[a-z_]+ (tasks|shops|cockpit):/.test(p)).length)
})

test('an upgraded database ends with the same built-in permissions as a fresh one; old triggers are gone', async () => {
  const fresh = builtinPerms(srv.db)
  const db = await copy()
  downgrade(db)
  assert.equal(grantTriggers(db).length, 3, 'the old state has the three triggers')
  await serving(db, async () => {})
  assert.deepEqual(builtinPerms(db), fresh)
  assert.deepEqual(grantTriggers(db), [])
  for (const t of ['task_role_grants', 'shop_role_grants', 'cockpit_role_grants']) assert.equal(sql(db, `SELECT count(*) FROM sqlite_master WHERE name = '${t}'`), '0', t)
})

test('a plain INSERT INTO roles writes no other module\'s grants, on a fresh and on an upgraded database', async () => {
  const up = await copy()
  downgrade(up)
  await serving(up, async () => {})
  for (const db of [await copy(), up]) {
    sql(db, "DELETE FROM user_roles WHERE role_id = (SELECT id FROM roles WHERE code = 'staff');" +
      " DELETE FROM role_perms WHERE role_id = (SELECT id FROM roles WHERE code = 'staff'); DELETE FROM roles WHERE code = 'staff'; INSERT INTO roles(code, name, data_scope, sort, builtin, created_at, updated_at)" +
      " VALUES ('staff', '普通员工', 'self', 7, 1, datetime('now'), datetime('now'))")
    assert.equal(sql(db, "SELECT count(*) FROM role_perms p JOIN roles r ON r.id = p.role_id WHERE r.code = 'staff'"), '0')
  }
})

test('a grant an administrator removed stays removed after a restart; a new grant is given once and audited', async () => {
  const db = await copy()
  const leader = sql(db, "SELECT id FROM roles WHERE code = 'leader'")
  sql(db, `DELETE FROM role_perms WHERE role_id = ${leader} AND perm = 'tasks:task:supervise'`)
  // as if a module had just registered a grant it did not have before
  sql(db, "DELETE FROM role_grants_given WHERE role_code = 'leader' AND perm = 'shops:picture:view'; " +
    `DELETE FROM role_perms WHERE role_id = ${leader} AND perm = 'shops:picture:view'`)
  // (the demo load already gave the tasks module's grants once, with its own 督办管理员 role: rows before the restart)
  const had = +sql(db, "SELECT count(*) FROM audit_log WHERE action = 'org.role.grant'")
  await serving(db, async (c) => {
    const rows = (await c.ok('/org/audit?action=org.role.grant&size=50')).items
    assert.equal(rows.length, had + 1, 'one audited grant round')
    assert.match(rows[0].summary, /1 项/)
    assert.equal(rows[0].action_label, '内置角色授权')
  })
  const perms = builtinPerms(db)
  assert.ok(!perms.includes('leader tasks:task:supervise'), 'removal stands')
  assert.ok(perms.includes('leader shops:picture:view'), 'the new grant is given')
})

test('the audit vocabulary: every module registers labelled module.resource.verb codes', async () => {
  const { items } = await admin.ok('/org/audit/actions')
  const codes = new Map(items.map((a) => [a.code, a]))
  for (const c of ['org.user.create', 'tasks.task.urge', 'shops.shop.import', 'cockpit.indicator.update']) assert.ok(codes.has(c), c)
  for (const a of items) {
    assert.match(a.code, /^[a-z]+\.[a-z_]+\.[a-z_]+$/, a.code)
    assert.match(a.label, /\p{Script=Han}/u, a.code)
    assert.equal(a.module, a.code.split('.')[0])
  }
  assert.equal(codes.get('tasks.task.urge').module_name, '督查督办')
  // every row the demo and the start-up wrote reads as a registered code with its label
  const log = await admin.ok('/org/audit?size=500')
  assert.ok(log.items.length > 0)
  for (const r of log.items) {
    assert.ok(codes.has(r.action_code), `row ${r.id}: ${r.action} ${r.entity}`)
    assert.equal(r.action_label, codes.get(r.action_code).label)
  }
  // a module's write is filtered by its code
  const ck = await admin.ok('/org/audit?action=tasks.demo.load')
  assert.equal(ck.total, 1)
  assert.equal(ck.items[0].action_label, '载入演示督办数据')
})

test('rows stored before the vocabulary (verb + entity) read and filter as their code; the chain is untouched', async () => {
  const db = await copy()
  // a row as the old code wrote it (hash fields are irrelevant to listing)
  sql(db, "INSERT INTO audit_log(at, user_id, username, ip, action, entity, entity_id, summary, prev_hash, hash)" +
    " VALUES (datetime('now'), 1, 'admin', '127.0.0.1', 'create', 'user', 4242, '旧格式的新增用户', '', '')")
  await serving(db, async (c) => {
    const f = await c.ok('/org/audit?action=org.user.create&size=500')
    const old = f.items.find((x) => Number(x.entity_id) === 4242)
    assert.ok(old, 'the legacy row is found by the new code')
    assert.equal(old.action, 'create')
    assert.equal(old.action_code, 'org.user.create')
    assert.equal(old.action_label, '新增用户')
    assert.ok(f.items.every((x) => x.action_code === 'org.user.create'))
  })
})
