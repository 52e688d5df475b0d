// The completeness page from running totals (eval_progress, kept by triggers in the writer's transaction) gives the
// same answers as recounting every assignment: compared with the old recount run on the same database file, on the
// demo's rounds and after random writes (submissions near and far, with and without signature, returns, resubmissions,
// approvals, reassignments and the batch check rerunning every flag).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, expectStatus, unitIds, roleIds, cli, DEMO_PASSWORD, ROOT } from './lib.mjs'
import { bureauStamp, bureauDate } from './bureau_time.mjs'

const srv = serverFor(test, import.meta.url)
const fixture = (n) => readFileSync(join(ROOT, 'tests', 'data', 'evals', n))

// The recount the completeness page made before the running totals (store_rounds.c until this change), in the
// county's scope, run by the sqlite3 shell on the server's own database file.
const COLS = `count(*) AS assigned, coalesce(sum(e.id IS NOT NULL AND e.state <> 'returned'), 0) AS done,
  coalesce(sum(e.state = 'returned'), 0) AS returned, sum(e.id IS NULL) AS pending, sum(e.id IS NULL AND :today > r.due_date) AS overdue,
  coalesce(sum(e.id IS NOT NULL AND substr(e.received_at, 1, 10) > r.due_date), 0) AS late, coalesce(sum(e.serious), 0) AS flagged`
const FROM = `FROM eval_assignments a JOIN eval_rounds r ON r.id = a.round_id LEFT JOIN eval_evaluations e ON e.id = a.evaluation_id WHERE a.round_id = :round`
function sql(q, params) {
  let text = q
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(':' + k, typeof v === 'number' ? String(v) : `'${v}'`)
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 10000', srv.db, text], { encoding: 'utf8' })
  return out.trim() ? JSON.parse(out) : []
}
function recount(roundId) {
  const p = { round: roundId, today: bureauDate() }
  const keyed = (rows, key) => Object.fromEntries(rows.map((x) => { const k = x[key]; delete x[key]; return [String(k), x] }))
  return {
    managers: keyed(sql(`SELECT a.manager_id AS k, ${COLS} ${FROM} GROUP BY a.manager_id`, p), 'k'),
    units: keyed(sql(`SELECT a.unit_id AS k, ${COLS} ${FROM} GROUP BY a.unit_id`, p), 'k'),
    county: sql(`SELECT ${COLS} ${FROM}`, p)[0],
  }
}
const FIGS = ['assigned', 'done', 'returned', 'pending', 'overdue', 'late', 'flagged']
const pick = (x) => Object.fromEntries(FIGS.map((f) => [f, x[f]]))
async function sameAsRecount(c, roundId, what) {
  const p = await c.ok(`/evals/rounds/${roundId}/progress`)
  const old = recount(roundId)
  assert.deepEqual(Object.fromEntries(p.managers.map((m) => [String(m.manager_id), pick(m)])), old.managers, `${what}: per manager`)
  assert.deepEqual(Object.fromEntries(p.units.map((u) => [String(u.unit_id), pick(u)])), old.units, `${what}: per unit`)
  assert.deepEqual(pick(p.county), old.county, `${what}: county`)
  return p
}

// a small reproducible generator: the same writes on every run
let seed = 20261202
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }

test('on the demo: every round the same as the recount, and the rounds list counts the same', async () => {
  await srv.ready
  const admin = await srv.admin()
  const rounds = (await admin.ok('/evals/rounds?size=50')).items
  assert.equal(rounds.length, 4)
  for (const r of rounds) {
    const p = await sameAsRecount(admin, r.id, r.name)
    assert.equal(r.assigned, p.county.assigned)
    assert.equal(r.done, p.county.done)
    assert.ok(p.county.assigned > 1000)
  }
})

test('after random writes: submissions, returns, resubmissions, approvals, reassignments and the batch check', async () => {
  const admin = await srv.admin()
  const ids = await unitIds(admin)
  const roles = await roleIds(admin)
  // a round that started long ago: its due date has passed, so pending shops are 逾期 and every submission is late
  const round = expectStatus(await admin.post('/evals/rounds', { name: '随机写入核对', period: `${new Date().getFullYear() + 2}-Q3`,
    unit_ids: [ids.CQS], start_date: bureauDate(-60) }), 201)
  let p = await sameAsRecount(admin, round.id, 'opened')
  assert.ok(p.county.overdue > 0 && p.county.overdue === p.county.pending)
  const managers = p.managers.filter((m) => m.manager_id).slice(0, 4)
  assert.equal(managers.length, 4)
  const clients = []
  for (const m of managers) {
    const u = await admin.ok(`/org/users/${m.manager_id}`)
    const c = srv.client()
    await c.loginOk(u.username, DEMO_PASSWORD)
    clients.push({ c, id: m.manager_id })
  }
  const heads = (await admin.ok(`/org/users?unit_id=${ids.CQS}&role_id=${roles.dept_head}&size=5`)).items
  const head = srv.client()
  await head.loginOk(heads[0].username, DEMO_PASSWORD)
  const photo = fixture('shop1.jpg'), signature = fixture('signature.jpg')
  const upload = async (c, kind, buf) => expectStatus(await c.req('POST', `/evals/photos?kind=${kind}`, { rawBody: buf, headers: { 'Content-Type': 'application/octet-stream' } }), 201)
  const answers = () => ({ display_visible: rnd(9), display_clean: rnd(9), display_rich: rnd(9), display_standard: rnd(9), display_lasting: rnd(9),
    price_tag: rnd(11), lawful: rnd(16), ordering: rnd(16), cooperation: rnd(8), information: rnd(6), modern_terminal: rnd(9) })
  async function submit(m, a, tag) {
    const far = rnd(3) === 0, signed = rnd(4) !== 0
    const ph = await upload(m.c, 'photo', photo)
    const sg = signed ? await upload(m.c, 'signature', signature) : null
    const body = { assignment_id: a.id, request_id: `rnd-${tag}-${a.id}`, answers: answers(), lng: far ? a.lng + 0.05 : a.lng, lat: a.lat, accuracy: 10,
      opened_at: bureauStamp(-600), submitted_at: bureauStamp(-5), photo_ids: [ph.id] }
    if (sg) body.signature_id = sg.id
    const r = await m.c.post('/evals/evaluations', body)
    assert.ok(r.status === 201 || r.status === 200, `submit ${r.status} ${r.text}`)
    return r.json
  }
  const submitted = []
  for (const m of clients) {
    const list = (await m.c.ok(`/evals/assignments?round_id=${round.id}&state=pending&size=100`)).items.filter((a) => a.lng !== null)
    for (let i = 0; i < 4 + rnd(4); i++) submitted.push(await submit(m, list[i], 'a'))
  }
  await sameAsRecount(admin, round.id, 'after submissions')
  // the 片区 head returns some, approves others; a returned one is sent again
  for (const e of submitted) {
    const k = rnd(3)
    if (k === 0) expectStatus(await head.post(`/evals/evaluations/${e.id}/review`, { action: 'return', reason: '照片不清晰，请重新评价' }), 200)
    else if (k === 1) expectStatus(await head.post(`/evals/evaluations/${e.id}/review`, { action: 'approve' }), 200)
  }
  await sameAsRecount(admin, round.id, 'after review')
  const returned = (await admin.ok(`/evals/assignments?round_id=${round.id}&state=returned&size=100`)).items
  assert.ok(returned.length > 0)
  for (const a of returned.slice(0, Math.ceil(returned.length / 2))) await submit(clients.find((x) => x.id === a.manager_id), a, 'b')
  await sameAsRecount(admin, round.id, 'after resubmission')
  // reassignments: pending shops and evaluated ones move between the four managers
  for (const m of clients.slice(0, 2)) {
    const mine = (await admin.ok(`/evals/assignments?round_id=${round.id}&manager_id=${m.id}&size=200`)).items
    const moved = [mine.find((a) => a.evaluation_id), ...mine.filter((a) => !a.evaluation_id).slice(0, 3)].filter(Boolean)
    for (const a of moved) expectStatus(await admin.req('PATCH', `/evals/assignments/${a.id}`, { body: { manager_id: clients[3].id } }), 200)
  }
  p = await sameAsRecount(admin, round.id, 'after reassignment')
  for (const f of ['done', 'returned', 'pending', 'overdue', 'late', 'flagged']) assert.ok(p.county[f] > 0, `the writes reached ${f}`)
  // the batch check reruns every flag and restates the evaluations waiting for review
  const out = await cli(['evals', 'check', '--all', '--db', srv.db])
  assert.equal(out.code, 0, out.stderr)
  await sameAsRecount(admin, round.id, 'after the batch check')
  for (const r of (await admin.ok('/evals/rounds?size=50')).items) await sameAsRecount(admin, r.id, `${r.name} after everything`)
  // a manager's own view sums only his cells
  const own = await clients[0].c.ok(`/evals/rounds/${round.id}/progress`)
  assert.deepEqual(own.managers.map((m) => m.manager_id), [clients[0].id])
  assert.deepEqual(pick(own.county), pick(p.managers.find((m) => m.manager_id === clients[0].id)))
})
