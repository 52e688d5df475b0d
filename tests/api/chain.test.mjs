// The tamper-evident logs: `bureau audit verify` holds after real work, including many concurrent writers, and names
// the first broken row when a row is changed, deleted or forged by hand; archiving keeps both files verifiable;
// the UI's verification job reports the same.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { serverFor, cli, expectStatus, unitIds } from './lib.mjs'
import { until } from './wait.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids
before(async () => { await srv.ready; admin = await srv.admin(); ids = await unitIds(admin) })

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim()
let copies = 0
async function copy() {
  const out = join(srv.dir, `copy${++copies}.db`)
  const r = await cli(['backup', out, '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  return out
}
const verify = (db) => cli(['audit', 'verify', '--db', db])

test('after ordinary work, and many writers at once, the chains verify', async () => {
  // Counted by this test's own action: the server's background work (the hourly deadline sweep, which runs once at
  // start and may still be writing its messages' row under a slow build) appends to the same chain meanwhile.
  const units = () => Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'org.unit.create'"))
  const before = units()
  // 40 writes from 8 clients at once: the server's worker threads append to one chain under their transactions.
  // The clients sign in one after another: eight password hashes at once may meet the bounded hashing queue's 503
  // on a loaded machine, and concurrent logins are not what this test is about.
  const clients = []
  for (let k = 0; k < 8; k++) clients.push(await srv.admin())
  await Promise.all(clients.map((c, k) => (async () => {
    for (let i = 0; i < 5; i++) expectStatus(await c.post('/org/units', { parent_id: ids.JU, code: `CW${k}x${i}`, name: `并发${k}-${i}`, kind: '组' }), 201)
  })()))
  assert.equal(units() - before, 40)
  const r = await verify(srv.db)
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.match(r.stdout, /audit_log: 链完整，共 \d+ 行/)
  assert.match(r.stdout, /login_log: 链完整/)
  // the day's anchor is the newest row's hash
  const a = await cli(['audit', 'anchor', '--db', srv.db])
  assert.equal(a.code, 0)
  const head = sql(srv.db, 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')
  assert.ok(a.stdout.includes(head), a.stdout)
})

test('no one can change or delete audit rows, not even through SQL without dropping the guard', async () => {
  const db = await copy()
  assert.throws(() => sql(db, "UPDATE audit_log SET summary = 'x' WHERE id = 1"), /append-only/)
  assert.throws(() => sql(db, 'DELETE FROM audit_log WHERE id = 1'), /append-only/)
})

test('a changed row is named', async () => {
  const db = await copy()
  sql(db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET summary = summary || '（改）' WHERE id = 3")
  const r = await verify(db)
  assert.equal(r.code, 1)
  assert.match(r.stdout, /audit_log: 链断裂，第一处在 id=3/)
})

test('a deleted row is caught at the row after it', async () => {
  const db = await copy()
  sql(db, 'DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id = 4')
  const r = await verify(db)
  assert.equal(r.code, 1)
  assert.match(r.stdout, /audit_log: 链断裂，第一处在 id=5/)
})

test('a forged row is named, wherever it is put', async () => {
  const db = await copy()
  const last = Number(sql(db, 'SELECT max(id) FROM audit_log'))
  const prev = sql(db, `SELECT hash FROM audit_log WHERE id = ${last}`)
  // even with the right prev_hash, a made-up hash does not match the content
  sql(db, `INSERT INTO audit_log(id, at, user_id, username, ip, action, entity, entity_id, summary, prev_hash, hash)
           VALUES (${last + 1}, '2026-11-25 09:00:00', 1, 'admin', '127.0.0.1', 'delete', 'user', '7', '删除用户', '${prev}', '${'ab'.repeat(32)}')`)
  let r = await verify(db)
  assert.equal(r.code, 1)
  assert.match(r.stdout, new RegExp(`第一处在 id=${last + 1}`))
  // and a row slipped in between two others breaks the link of the one after it
  const db2 = await copy()
  sql(db2, 'DROP TRIGGER audit_no_update; UPDATE audit_log SET id = id + 1000 WHERE id >= 6')
  sql(db2, "INSERT INTO audit_log(id, at, user_id, username, ip, action, entity, entity_id, summary, prev_hash, hash) SELECT 6, at, user_id, username, ip, action, entity, entity_id, '伪造', hash, hash FROM audit_log WHERE id = 5")
  r = await verify(db2)
  assert.equal(r.code, 1)
  assert.match(r.stdout, /第一处在 id=6/)
})

test('a changed login-log row is named too', async () => {
  const db = await copy()
  sql(db, "DROP TRIGGER login_no_update; UPDATE login_log SET ok = 1 WHERE id = (SELECT min(id) FROM login_log WHERE ok = 0)")
  const r = await verify(db)
  assert.equal(r.code, 1)
  assert.match(r.stdout, /login_log: 链断裂/)
})

test('archive moves whole days out; the live chain and the archive both verify', async () => {
  const db = await copy()
  const total = Number(sql(db, 'SELECT count(*) FROM login_log'))
  const cut = sql(db, "SELECT substr(max(at), 1, 10) FROM login_log WHERE at < date('now', 'localtime')")
  assert.ok(cut, 'the demo has earlier days of logins')
  const old = Number(sql(db, `SELECT count(*) FROM login_log WHERE at < '${cut}'`))
  assert.ok(old > 0)
  const out = join(srv.dir, 'archive.db')
  const r = await cli(['audit', 'archive', '--before', cut, '--out', out, '--db', db])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(Number(sql(db, 'SELECT count(*) FROM login_log')), total - old)
  assert.equal(Number(sql(out, 'SELECT count(*) FROM login_log')), old)
  assert.equal((await verify(db)).code, 0)
  assert.equal((await verify(out)).code, 0)
  // a change inside the archive is caught in the archive
  sql(out, "UPDATE login_log SET ip = '1.2.3.4' WHERE id = (SELECT min(id) FROM login_log)")
  const bad = await verify(out)
  assert.equal(bad.code, 1)
  assert.match(bad.stdout, /login_log: 链断裂/)
  // an archive is never overwritten
  const again = await cli(['audit', 'archive', '--before', cut, '--out', out, '--db', db])
  assert.notEqual(again.code, 0)
})

test('the UI verification job reports progress and the result', async () => {
  const r = await admin.post('/org/audit/verify', {})
  expectStatus(r, 202)
  const id = r.json.job_id
  const job = await until('the verification job to end', async () => { const j = await admin.ok('/jobs/' + id); return j.status !== 'running' && j })
  assert.equal(job.status, 'done')
  assert.equal(job.percent, 100)
  assert.equal(job.result.ok, true)
  assert.deepEqual(job.result.chains.map((c) => c.table), ['audit_log', 'login_log'])
  // nothing wrote to the logs meanwhile: the job walked every row
  assert.equal(job.result.chains[0].rows, Number(sql(srv.db, 'SELECT count(*) FROM audit_log')))
  assert.equal(job.result.chains[1].rows, Number(sql(srv.db, 'SELECT count(*) FROM login_log')))
})
