// API tests of 终端评价 (evals): rounds and assignment, data scope (a manager sees only his assignments, a 所 its own),
// submission with photos, signature, GPS and an idempotency key, refusals that leave nothing written, the quality
// flags with their evidence, the review states, and audited changes.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, expectError, expectStatus, unitIds, roleIds, auditOf, cli, DEMO_PASSWORD, ROOT } from './lib.mjs'
import { bureauStamp, bureauDate } from './bureau_time.mjs'

const srv = serverFor(test, import.meta.url)
const fixture = (n) => readFileSync(join(ROOT, 'tests', 'data', 'evals', n))
let admin, ids, roles, round, mgr, mgrUser, other, suo, suoOther, head

const stamp = bureauStamp // the phone stamps in the bureau's zone, as the server does
const PERIOD = `${Number(bureauDate(0).slice(0, 4)) + 1}-Q1` // next year on the bureau's clock, after every demo round
const good = { display_visible: 8, display_clean: 7, display_rich: 6, display_standard: 8, display_lasting: 7, price_tag: 9, lawful: 15, ordering: 11,
  cooperation: 6, information: 5, modern_terminal: 4 }

async function login(username) {
  const c = srv.client()
  await c.loginOk(username, DEMO_PASSWORD)
  return c
}
async function userOf(unit, role) {
  const j = await admin.ok(`/org/users?unit_id=${ids[unit]}&role_id=${roles[role]}&size=50`)
  return j.items.find((x) => x.roles.every((r) => r.code === role)) || j.items[0]
}
const upload = (c, kind, buf) => c.req('POST', `/evals/photos?kind=${kind}`, { rawBody: buf, headers: { 'Content-Type': 'application/octet-stream' } })

before(async () => {
  await srv.ready
  admin = await srv.admin()
  ids = await unitIds(admin)
  roles = await roleIds(admin)
  // a period after the demo's four rounds, so its results are each shop's latest
  const r = await admin.post('/evals/rounds', { name: '明年一季度终端评价', period: PERIOD, unit_ids: [ids.CQS] })
  round = expectStatus(r, 201)
  assert.ok(round.assigned > 500, `CQS shops assigned: ${round.assigned}`)
  // the manager with the most assignments in the round
  const prog = await admin.ok(`/evals/rounds/${round.id}`)
  const top = prog.progress.managers.filter((m) => m.manager_id).sort((a, b) => b.assigned - a.assigned)
  mgrUser = (await admin.ok(`/org/users/${top[0].manager_id}`))
  mgr = await login(mgrUser.username)
  other = await login((await admin.ok(`/org/users/${top[1].manager_id}`)).username)
  suo = await login((await userOf('CQS', 'inspector')).username)
  suoOther = await login((await userOf('LTS', 'inspector')).username)
  head = await login((await userOf('CQS', 'dept_head')).username)
})

test('GET /evals/rounds lists {items,total} with counts; filters by status and q', async () => {
  const j = await admin.ok('/evals/rounds')
  assert.equal(j.total, j.items.length)
  const it = j.items.find((x) => x.id === round.id)
  assert.equal(it.period, PERIOD)
  assert.equal(it.template_version, 2, "the demo's paper-era form is version 1, the shipped one 2")
  assert.equal(it.done, 0)
  assert.equal((await admin.ok('/evals/rounds?status=closed')).total, 0)
  assert.equal((await admin.ok('/evals/rounds?q=' + encodeURIComponent('一季度'))).total, 1)
  expectError(await admin.get('/evals/rounds?status=x'), 400, 'bad_query', 'status')
  expectError(await admin.post('/evals/rounds', { name: 'x', period: '2026-Q5' }), 400, 'invalid_field', 'period')
  expectError(await admin.post('/evals/rounds', { name: 'x', period: '2026-Q2', unit_ids: [999999] }), 400, 'invalid_field', 'unit_ids')
  expectError(await admin.post('/evals/rounds', { name: 'x', period: '2026-Q2', grade_min: 20, grade_max: 3 }), 400, 'invalid_field', 'grade_max')
  const audit = await auditOf(admin, 'eval_round', round.id)
  assert.ok(audit.some((a) => a.action === 'evals.round.create'))
})

test('scope: a manager sees only his assignments, a 所 its own, another 所 none', async () => {
  const mine = await mgr.ok(`/evals/assignments?round_id=${round.id}&size=500`)
  assert.ok(mine.total > 10)
  assert.ok(mine.items.every((a) => a.manager_id === mgrUser.id), 'only his own')
  const all = await admin.ok(`/evals/assignments?round_id=${round.id}&size=1`)
  assert.ok(all.total > mine.total)
  const s = await suo.ok(`/evals/assignments?round_id=${round.id}&size=1`)
  assert.equal(s.total, all.total, 'the 所 sees every shop of its own unit')
  assert.equal((await suoOther.ok(`/evals/assignments?round_id=${round.id}&size=1`)).total, 0, 'another 所 sees none')
  // someone else's assignment answers 404 to the manager
  const theirs = (await other.ok(`/evals/assignments?round_id=${round.id}&size=1`)).items[0]
  expectError(await mgr.get(`/evals/assignments/${theirs.id}`), 404, 'not_found')
  // and completeness is counted in the caller's scope
  const p = await mgr.ok(`/evals/rounds/${round.id}`)
  assert.equal(p.progress.county.assigned, mine.total)
})

let evalId, firstAssign
test('a manager submits with photo, signature and GPS; a resend with the same request id stores nothing twice', async () => {
  const list = await mgr.ok(`/evals/assignments?round_id=${round.id}&state=pending&size=5`)
  firstAssign = list.items[0]
  const a = await mgr.ok(`/evals/assignments/${firstAssign.id}`)
  assert.equal(a.template.items.length, 11)
  const ph = expectStatus(await upload(mgr, 'photo', fixture('shop1.jpg')), 201)
  assert.equal(ph.type, 'jpg')
  assert.equal(ph.width, 320)
  const sg = expectStatus(await upload(mgr, 'signature', fixture('signature.jpg')), 201)
  const body = { assignment_id: a.id, request_id: 'req-' + a.id + '-aaaaaaaa', answers: good, lng: a.lng, lat: a.lat, accuracy: 12,
    open_lng: a.lng, open_lat: a.lat, opened_at: stamp(-300), submitted_at: stamp(-10), photo_ids: [ph.id], signature_id: sg.id }
  const r = await mgr.post('/evals/evaluations', body)
  const e = expectStatus(r, 201)
  evalId = e.id
  assert.equal(e.total, 86)
  assert.equal(e.stars, 3)
  assert.equal(e.stars_name, '三星')
  assert.equal(e.photos.length, 2)
  assert.equal(e.distance_m, 0)
  assert.ok(!e.flags.some((f) => f.severity !== 'low'), JSON.stringify(e.flags))
  // the phone lost the answer and sends again: the stored evaluation comes back, nothing new
  const again = expectStatus(await mgr.post('/evals/evaluations', body), 200)
  assert.equal(again.id, e.id)
  assert.equal(again.replayed, true)
  const j = await mgr.ok(`/evals/evaluations?round_id=${round.id}`)
  assert.equal(j.total, 1)
  // the photo is readable by the evaluator and the 所, not by another 所
  const got = await suo.get(`/evals/photos/${ph.id}`)
  assert.equal(got.status, 200)
  assert.equal(got.headers['content-type'], 'image/jpeg')
  assert.deepEqual(got.buf, fixture('shop1.jpg'))
  expectError(await suoOther.get(`/evals/photos/${ph.id}`), 404, 'not_found')
  // a second submission of the same shop in the round is refused
  expectError(await mgr.post('/evals/evaluations', { ...body, request_id: 'req-other-' + a.id }), 409, 'bad_state', 'assignment_id')
})

test('bad input: 4xx naming the field, nothing written', async () => {
  const a = (await mgr.ok(`/evals/assignments?round_id=${round.id}&state=pending&size=1`)).items[0]
  const ph = expectStatus(await upload(mgr, 'photo', fixture('shop2.jpg')), 201)
  const base = { assignment_id: a.id, request_id: 'req-bad-' + a.id, answers: good, lng: a.lng, lat: a.lat, accuracy: 10, opened_at: stamp(-200),
    submitted_at: stamp(-5), photo_ids: [ph.id] }
  expectError(await mgr.post('/evals/evaluations', { ...base, lat: 91 }), 400, 'invalid_field', 'lat')
  expectError(await mgr.post('/evals/evaluations', { ...base, lng: -181 }), 400, 'invalid_field', 'lng')
  expectError(await mgr.post('/evals/evaluations', { ...base, lng: undefined }), 400, 'invalid_field', 'lng')
  expectError(await mgr.post('/evals/evaluations', { ...base, submitted_at: stamp(3600) }), 400, 'invalid_field', 'submitted_at')
  expectError(await mgr.post('/evals/evaluations', { ...base, opened_at: stamp(-30 * 86400), submitted_at: stamp(-29 * 86400) }), 400, 'invalid_field', 'submitted_at')
  expectError(await mgr.post('/evals/evaluations', { ...base, answers: { ...good, lawful: 16 } }), 400, 'invalid_field', 'answers')
  expectError(await mgr.post('/evals/evaluations', { ...base, photo_ids: [] }), 400, 'missing_field', 'photo_ids')
  expectError(await mgr.post('/evals/evaluations', { ...base, request_id: 'short' }), 400, 'invalid_field', 'request_id')
  // another manager's photo, a shop not in the caller's assignment
  const foreign = expectStatus(await upload(other, 'photo', fixture('shop3.jpg')), 201)
  expectError(await mgr.post('/evals/evaluations', { ...base, photo_ids: [foreign.id] }), 400, 'invalid_field', 'photo_ids')
  const theirs = (await other.ok(`/evals/assignments?round_id=${round.id}&size=1`)).items[0]
  const asHead = (await admin.ok(`/evals/assignments/${theirs.id}`))
  assert.ok(asHead.manager_id !== mgrUser.id)
  expectError(await mgr.post('/evals/evaluations', { ...base, assignment_id: theirs.id }), 404, 'not_found', 'assignment_id')
  // photos: not an image, too large, a pixel bomb
  expectError(await upload(mgr, 'photo', Buffer.from('PK\x03\x04 this is a zip')), 415, 'file_type_not_allowed', 'file')
  expectError(await upload(mgr, 'photo', Buffer.alloc(5 << 20, 0xff)), 413, 'payload_too_large', 'file')
  const bomb = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0xea, 0x60, 0xea, 0x60, 1, 1, 0x11, 0, 0xff, 0xd9])
  expectError(await upload(mgr, 'photo', bomb), 400, 'invalid_field', 'file')
  const broken = Buffer.concat([fixture('shop2.jpg').subarray(0, 400)])
  expectError(await upload(mgr, 'photo', broken), 400, 'bad_file', 'file')
  // nothing of it was stored: the shop is still pending, the good photo still unlinked and usable
  const still = await mgr.ok(`/evals/assignments/${a.id}`)
  assert.equal(still.evaluation_id, null)
  assert.equal((await mgr.ok(`/evals/evaluations?round_id=${round.id}`)).total, 1)
})

test('flags: far away, 40 seconds, the same photo for another shop, no signature — with evidence; filter by flag', async () => {
  const a = (await mgr.ok(`/evals/assignments?round_id=${round.id}&state=pending&size=2`)).items[1]
  const ph = expectStatus(await upload(mgr, 'photo', fixture('shop1.jpg')), 201) // the first shop's photo again
  const near = expectStatus(await upload(mgr, 'photo', fixture('shop1_cropped.jpg')), 201)
  const r = await mgr.post('/evals/evaluations', { assignment_id: a.id, request_id: 'req-flag-' + a.id, answers: good, lng: a.lng + 0.01, lat: a.lat,
    accuracy: 15, opened_at: stamp(-50), submitted_at: stamp(-10), photo_ids: [ph.id, near.id] })
  const e = expectStatus(r, 201)
  const codes = e.flags.map((f) => f.code)
  for (const c of ['location', 'too_fast', 'photo_dup', 'photo_near', 'no_confirm']) assert.ok(codes.includes(c), `${c} in ${codes}`)
  assert.equal(e.state, 'flagged')
  const loc = e.flags.find((f) => f.code === 'location')
  assert.ok(loc.evidence.distance_m > 900 && loc.evidence.distance_m < 1100, JSON.stringify(loc.evidence))
  assert.equal(loc.evidence.shop.lng, a.lng)
  const dup = e.flags.find((f) => f.code === 'photo_dup')
  assert.equal(dup.evidence.other_id, evalId)
  assert.match(loc.message, /米/)
  const fl = await admin.ok(`/evals/evaluations?flag=photo_dup&round_id=${round.id}`)
  assert.deepEqual(fl.items.map((x) => x.id), [e.id])
  assert.equal((await admin.ok(`/evals/evaluations?state=flagged&round_id=${round.id}`)).total, 1)
  expectError(await admin.get('/evals/evaluations?flag=nonsense'), 400, 'bad_query', 'flag')
})

test('review: return with reason → resubmit → amend keeps before/after → approve → change after approval needs a reason; audited', async () => {
  expectError(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'return' }), 400, 'missing_field', 'reason')
  expectError(await mgr.post(`/evals/evaluations/${evalId}/review`, { action: 'approve' }), 403, 'forbidden')
  let e = expectStatus(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'return', reason: '陈列照片看不清，请重拍' }), 200)
  assert.equal(e.state, 'returned')
  assert.equal(e.return_reason, '陈列照片看不清，请重拍')
  expectError(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'approve' }), 409, 'bad_state', 'action')
  // the manager sends it again with a new photo
  const ph = expectStatus(await upload(mgr, 'photo', fixture('shop3.jpg')), 201)
  const sg = expectStatus(await upload(mgr, 'signature', fixture('signature.jpg')), 201)
  const re = await mgr.post('/evals/evaluations', { assignment_id: firstAssign.id, request_id: 'req-resend-' + firstAssign.id, answers: { ...good, display_visible: 6 },
    lng: firstAssign.lng, lat: firstAssign.lat, accuracy: 8, opened_at: stamp(-400), submitted_at: stamp(-3), photo_ids: [ph.id], signature_id: sg.id })
  e = expectStatus(re, 200)
  assert.equal(e.id, evalId)
  assert.ok(['submitted', 'flagged'].includes(e.state))
  assert.equal(e.total, 84)
  e = expectStatus(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'amend', answers: { ...good, display_visible: 2 }, reason: '复看照片后下调' }), 200)
  assert.equal(e.state, 'amended')
  assert.equal(e.total, 80)
  const amend = e.changes.find((c) => c.kind === 'amend')
  assert.equal(amend.before.total, 84)
  assert.equal(amend.after.total, 80)
  e = expectStatus(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'approve' }), 200)
  assert.equal(e.state, 'approved')
  expectError(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'change', answers: good }), 400, 'missing_field', 'reason')
  e = expectStatus(await head.post(`/evals/evaluations/${evalId}/review`, { action: 'change', answers: good, reason: '申诉复核后恢复原分' }), 200)
  assert.equal(e.state, 'approved')
  assert.equal(e.total, 86)
  assert.deepEqual(e.changes.map((c) => c.kind), ['return', 'resubmit', 'amend', 'approve', 'change'])
  assert.ok(e.changes.some((c) => c.kind === 'change' && c.reason === '申诉复核后恢复原分'))
  const audit = await auditOf(admin, 'evaluation', evalId)
  for (const act of ['create', 'return', 'update', 'amend', 'approve', 'change']) assert.ok(audit.some((a) => a.action === 'evals.evaluation.' + act), `audit ${act}`)
  // another 所 cannot review it: not found
  const headOther = await login((await userOf('LTS', 'dept_head')).username)
  expectError(await headOther.post(`/evals/evaluations/${evalId}/review`, { action: 'return', reason: 'x' }), 404, 'not_found')
})

test('lists export to XLSX; completeness per manager exports too', async () => {
  const x = await admin.get(`/evals/evaluations?round_id=${round.id}&format=xlsx`)
  assert.equal(x.status, 200)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
  const p = await admin.get(`/evals/rounds/${round.id}/progress?format=xlsx`)
  assert.equal(p.status, 200)
  const prog = await admin.ok(`/evals/rounds/${round.id}/progress`)
  const me = prog.managers.find((m) => m.manager_id === mgrUser.id)
  assert.equal(me.done, 2)
  assert.equal(prog.county.done, 2)
})

test('urge: each manager with unfinished shops gets a message in the message centre', async () => {
  const r = expectStatus(await head.post(`/evals/rounds/${round.id}/urge`, { manager_ids: [mgrUser.id], text: '本周五前完成' }), 200)
  assert.equal(r.sent, 1)
  const msgs = await mgr.ok('/tasks/messages')
  assert.ok(msgs.items.some((m) => /催办/.test(m.title) && /本周五前完成/.test(m.body)), JSON.stringify(msgs.items.slice(0, 2)))
})

test('re-check: the county draws a reproducible sample plus every flagged one; another person re-checks; a deviation counts against the evaluator', async () => {
  // approve the flagged evaluation too, so both of the manager's are results
  const flagged = (await admin.ok(`/evals/evaluations?round_id=${round.id}&state=flagged`)).items[0]
  expectStatus(await head.post(`/evals/evaluations/${flagged.id}/review`, { action: 'approve' }), 200)
  expectError(await mgr.post(`/evals/rounds/${round.id}/rechecks/pick`, {}), 403, 'forbidden')
  const p1 = expectStatus(await admin.post(`/evals/rounds/${round.id}/rechecks/pick`, {}), 200)
  assert.ok(p1.picked >= 1 && p1.picked <= 2, JSON.stringify(p1))
  const list1 = await admin.ok(`/evals/rechecks?round_id=${round.id}`)
  assert.ok(list1.items.some((k) => k.evaluation_id === flagged.id && k.reason === 'flagged'))
  // drawing again picks the same sample: nothing new
  assert.equal(expectStatus(await admin.post(`/evals/rounds/${round.id}/rechecks/pick`, {}), 200).picked, 0)
  const k = list1.items.find((x) => x.evaluation_id === flagged.id)
  expectError(await mgr.post(`/evals/rechecks/${k.id}`, { answers: good }), 403, 'forbidden')
  const low = { ...good, lawful: 0, ordering: 0 } // 86 − 26 = 60: 26 points off, beyond the tolerance of 10
  const done = expectStatus(await head.post(`/evals/rechecks/${k.id}`, { answers: low }), 200)
  assert.equal(done.status, 'done')
  assert.equal(done.deviation, true)
  assert.equal(done.total, 60)
  expectError(await head.post(`/evals/rechecks/${k.id}`, { answers: low }), 409, 'bad_state')
  const e = await admin.ok(`/evals/evaluations/${flagged.id}`)
  assert.equal(e.state, 'rechecked')
  assert.equal(e.rechecks[0].deviation, true)
  const x = await admin.get(`/evals/rechecks?round_id=${round.id}&format=xlsx`)
  assert.equal(x.status, 200)
})

test('quality score per evaluator: hand-computed; a manager sees only his own row', async () => {
  const mine = await mgr.ok(`/evals/quality?round_id=${round.id}`)
  assert.equal(mine.items.length, 1)
  const q = mine.items[0]
  assert.equal(q.manager_id, mgrUser.id)
  assert.equal(q.submitted, 2)
  // both are flagged: the second was 1 km away and 40 s long, and the resent first one came seconds after it a
  // kilometre off (轨迹异常)
  const his = (await admin.ok(`/evals/evaluations?evaluator_id=${mgrUser.id}&serious=1`)).total
  assert.equal(his, 2)
  assert.equal(q.flagged, 2)
  assert.equal(q.returned, 1)
  assert.equal(q.late, 0)
  assert.equal(q.rechecked, 1)
  assert.equal(q.deviations, 1)
  // 100 − 40·2/2 − 30·1/1 − 20·1/2 − 10·0 = 20
  assert.equal(q.score, 20)
  const all = await admin.ok(`/evals/quality?round_id=${round.id}`)
  assert.ok(all.items.length > 5)
  const untouched = all.items.find((r) => r.submitted === 0 && r.assigned > 0)
  assert.equal(untouched.score, 100, 'nothing late yet, nothing wrong')
  assert.equal(untouched.coverage, 0)
  // 覆盖率 per manager: evaluated of assigned, in percent to one decimal; exported with the list
  assert.equal(q.coverage, Math.round(2 / q.assigned * 1000) / 10)
  const csv = await admin.get(`/evals/quality?round_id=${round.id}&format=csv`)
  assert.equal(csv.status, 200)
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  const col = lines[0].split(',').indexOf('覆盖率（%）')
  assert.ok(col > 0, lines[0])
  const row = lines.find((l) => l.startsWith(mgrUser.name + ','))
  assert.equal(Number(row.split(',')[col]), q.coverage)
  const d = await admin.ok(`/evals/distribution?round_id=${round.id}&by=category`)
  assert.equal(d.items.reduce((s, r) => s + r.n, 0), 2)
  expectError(await admin.get(`/evals/distribution?round_id=${round.id}&by=colour`), 400, 'bad_query', 'by')
})

test('appeal: the evaluator appeals an approved result once; decided with a changed result; on the shop history and audited', async () => {
  const e0 = await admin.ok(`/evals/evaluations/${evalId}`)
  expectError(await other.post(`/evals/evaluations/${evalId}/appeals`, { reason: '不是我评的' }), 404, 'not_found')
  const ap = expectStatus(await mgr.post(`/evals/evaluations/${evalId}/appeals`, { reason: '陈列已整改，请重新核定' }), 201)
  assert.equal(ap.status, 'pending')
  expectError(await mgr.post(`/evals/evaluations/${evalId}/appeals`, { reason: '再次申诉' }), 409, 'duplicate')
  expectError(await head.post(`/evals/appeals/${ap.id}/decide`, { decision: 'maybe', note: '看看' }), 400, 'invalid_field', 'decision')
  const dec = expectStatus(await head.post(`/evals/appeals/${ap.id}/decide`, { decision: 'upheld', note: '复看照片属实', answers: { ...good, display_visible: 8, display_rich: 8 } }), 200)
  assert.equal(dec.status, 'upheld')
  const e = await admin.ok(`/evals/evaluations/${evalId}`)
  assert.equal(e.total, e0.total + 2)
  const h = await admin.ok(`/evals/shops/${e.shop_id}/history`)
  assert.equal(h.items[0].id, evalId, 'the newest period first')
  assert.ok(h.items.length >= 2, 'with the demo rounds before it')
  assert.ok(h.items[0].changes.some((c) => c.kind === 'appeal_decision' && c.after.total === e.total))
  assert.equal(h.items[0].appeals[0].status, 'upheld')
  const audit = await auditOf(admin, 'evaluation', evalId)
  assert.ok(audit.some((a) => a.action === 'evals.evaluation.appeal') && audit.some((a) => a.action === 'evals.evaluation.decide'))
  expectError(await head.post(`/evals/appeals/${ap.id}/decide`, { decision: 'rejected', note: '重复处理' }), 409, 'bad_state')
})

test("the owner appeals through the shop's self-check link and sees the results", async () => {
  const e = await admin.ok(`/evals/evaluations/${evalId}`)
  const link = expectStatus(await admin.post(`/shops/${e.shop_id}/selfcheck-link`, {}), 200)
  const anon = srv.client()
  expectError(await anon.post('/evals/public/appeals', { token: 'nonexistent-token', reason: '不认可' }), 404, 'not_found', 'token')
  expectError(await anon.get('/evals/public/results?token=short'), 404, 'not_found', 'token')
  // the owner's page shows the latest result item by item, and that an appeal is still taken
  let res = expectStatus(await anon.get(`/evals/public/results?token=${link.token}`), 200)
  assert.equal(res.latest.id, evalId)
  assert.equal(res.latest.total, e.total)
  assert.equal(res.latest.items.length, 11)
  assert.equal(res.latest.items.reduce((t, it) => t + it.score, 0), e.total)
  assert.equal(res.latest.can_appeal, true)
  assert.equal(res.latest.appeal_pending, false)
  assert.match(res.latest.appeal_until, /^\d{4}-\d{2}-\d{2}$/)
  assert.equal(res.latest.flags, undefined, 'nothing of the review is shown to the owner')
  const ap = expectStatus(await anon.post('/evals/public/appeals', { token: link.token, reason: '店里已经换了新柜台' }), 201)
  assert.equal(ap.by_kind, 'owner')
  assert.equal(ap.evaluation_id, evalId)
  res = expectStatus(await anon.get(`/evals/public/results?token=${link.token}`), 200)
  assert.equal(res.latest.can_appeal, false)
  assert.equal(res.latest.appeal_pending, true)
  assert.equal(res.items[0].id, evalId)
  assert.ok(res.items[0].appeals.some((a) => a.reason === '店里已经换了新柜台' && a.status === 'pending'))
  const pend = await head.ok('/evals/appeals?status=pending')
  assert.ok(pend.items.some((a) => a.id === ap.id && a.by_kind === 'owner'))
  // security review 13 and 6: an appeal without our Origin is refused; the link's appeals are limited by a sliding
  // window per shop and source (5 an hour: the 201 above and four refused as pending pass it, the sixth waits)
  expectError(await anon.post('/evals/public/appeals', { token: link.token, reason: '没有来源' }, { headers: { Origin: null } }), 403, 'csrf_failed')
  for (let i = 0; i < 4; i++) expectError(await anon.post('/evals/public/appeals', { token: link.token, reason: '再次申诉' + i }), 409, 'duplicate')
  const w = await anon.post('/evals/public/appeals', { token: link.token, reason: '第六次' })
  expectError(w, 429, 'too_many_attempts')
  assert.ok(Number(w.headers['retry-after']) > 0)
  // from another address the owner is not held up by it (the refusal is the pending appeal, not the limiter)
  expectError(await srv.client().post('/evals/public/appeals', { token: link.token, reason: '换个网络' }), 409, 'duplicate')
  assert.equal((await head.ok('/evals/appeals?status=pending')).items.filter((a) => a.evaluation_id === evalId).length, 1)
})

test("bureau evals check --all --db FILE reruns every check and prints the count per flag; the demo's careless evaluators show", async () => {
  const r = await cli(['evals', 'check', '--all', '--db', srv.db])
  assert.equal(r.code, 0, r.stderr)
  const count = (code) => Number(new RegExp(`^${code}\\s+\\S+\\s+(\\d+)$`, 'm').exec(r.stdout)?.[1])
  for (const c of ['location', 'too_fast', 'track', 'photo_dup', 'copy_straight', 'data_mismatch', 'sig_reuse']) assert.ok(count(c) > 0, `${c}: ${r.stdout}`)
  // one flag of these per evaluation: the same counts as the list filtered by flag
  for (const c of ['copy_straight', 'no_confirm', 'location']) assert.equal((await admin.ok(`/evals/evaluations?flag=${c}&size=1`)).total, count(c), c)
  const bad = await cli(['evals', 'check', '--db', srv.db])
  assert.equal(bad.code, 2)
})
