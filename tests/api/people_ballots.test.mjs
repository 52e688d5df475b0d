// 测评投票 over HTTP: a box with weighted voter groups, one-time codes cast from anonymous phones (and from a signed-in
// browser), one cast per code, bad ballots refused with nothing stored, turnout while open and results only after
// closing (equal to the hand-computed tally), and anonymity checked over the whole database and the server's log.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { serverFor, expectError, expectStatus, makeUser } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
let admin
before(async () => { await srv.ready; admin = await srv.admin() })

const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} ≠ ${b}`)

async function makeBox(body) {
  return expectStatus(await admin.post('/people/votes', body), 201)
}
async function issue(box, group, count) {
  const j = expectStatus(await admin.post(`/people/votes/${box.id}/codes`, { group_id: group, count }), 201)
  assert.equal(j.codes.length, count)
  for (const c of j.codes) assert.equal(c.path, `/ballot/${c.code}`)
  return j.codes.map((c) => c.code)
}
const casts = (id) => Number(sql(`SELECT count(*) FROM people_ballot_casts WHERE ballot_id = ${id}`))

test('民主测评: weighted groups, one cast per code, results only after closing, anonymity over the whole database', async () => {
  const box = await makeBox({
    title: '2025年度中层干部民主测评', kind: 'grade', quota_permille: 500,
    candidates: [{ name: '张明' }, { name: '李华' }],
    groups: [{ name: '领导班子', weight: 40 }, { name: '中层干部', weight: 30 }, { name: '职工代表', weight: 30 }],
  })
  assert.equal(box.status, '草稿')
  assert.deepEqual(box.grades, ['优秀', '称职', '基本称职', '不称职'])
  const [ga, gb] = box.groups.map((g) => g.id)
  const [c1, c2] = box.candidate_list.map((c) => c.id)
  const codesA = await issue(box, ga, 4)
  const codesB = await issue(box, gb, 2)
  // before opening, a code opens nothing
  const phone = srv.client()
  expectError(await phone.get(`/people/ballots/${codesA[0]}`), 409, 'bad_state')
  expectStatus(await admin.post(`/people/votes/${box.id}/open`, {}), 200)
  const form = expectStatus(await phone.get(`/people/ballots/${codesA[0]}`), 200)
  assert.equal(form.group_name, '领导班子')
  assert.deepEqual(form.candidates.map((c) => c.name), ['张明', '李华'])
  assert.equal(form.id, box.id)

  // bad ballots: nothing stored and the code stays usable
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { grades: { [c1]: '卓越' } }), 400, 'invalid_field', `grades.${c1}`)
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { grades: { 999999: '优秀' } }), 400, 'invalid_field', 'grades.999999')
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { grades: {}, voter: '王五' }), 400, 'invalid_field', 'voter')
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { chosen: [c1] }), 400, 'invalid_field')
  expectError(await phone.get('/people/ballots/AAAAAAAAAAAAAAAA'), 404, 'not_found')
  expectError(await phone.post('/people/ballots/short', { grades: {} }), 404, 'not_found')
  // security review 13: a cast without our Origin (a script, another site's form) is refused before anything else
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { grades: {} }, { headers: { Origin: null } }), 403, 'csrf_failed')
  expectError(await phone.post(`/people/ballots/${codesA[0]}`, { grades: {} }, { headers: { Origin: 'http://evil.example' } }), 403, 'csrf_failed')
  assert.equal(casts(box.id), 0)

  // Group A (4): 张明 优秀, 优秀, 称职, abstains; 李华 称职 ×3, 基本称职. Group B (2): 张明 称职, 优秀; 李华 优秀 ×2. 职工代表: none.
  const A = [[c1, '优秀', c2, '称职'], [c1, '优秀', c2, '称职'], [c1, '称职', c2, '基本称职'], [c2, '称职']]
  const B = [[c1, '称职', c2, '优秀'], [c1, '优秀', c2, '优秀']]
  const body = (pairs) => { const g = {}; for (let i = 0; i < pairs.length; i += 2) g[pairs[i]] = pairs[i + 1]; return { grades: g } }
  // one voter is signed in (the browser sends his cookie): the public route must not record who he is
  const staff = await makeUser(srv, admin, { username: 'voter_staff', name: '投票职工', unit: 'BGS', roles: ['staff'] })
  for (let i = 0; i < A.length; i++) {
    const voter = i === 3 ? staff.client : srv.client()
    const r = expectStatus(await voter.post(`/people/ballots/${codesA[i]}`, body(A[i])), 201)
    assert.match(r.message, /投票成功/)
  }
  // one cast per code: the second is refused and changes nothing
  expectError(await srv.client().post(`/people/ballots/${codesA[0]}`, body(A[0])), 409, 'bad_state')
  expectError(await srv.client().get(`/people/ballots/${codesA[0]}`), 409, 'bad_state')
  assert.equal(casts(box.id), 4)
  // turnout while open, results refused
  const open = await admin.ok(`/people/votes/${box.id}`)
  assert.deepEqual(open.groups.map((g) => [g.name, g.issued, g.cast]), [['领导班子', 4, 4], ['中层干部', 2, 0], ['职工代表', 0, 0]])
  expectError(await admin.get(`/people/votes/${box.id}/results`), 409, 'bad_state')
  for (let i = 0; i < B.length; i++) expectStatus(await srv.client().post(`/people/ballots/${codesB[i]}`, body(B[i])), 201)

  expectStatus(await admin.post(`/people/votes/${box.id}/close`, {}), 200)
  expectError(await admin.post(`/people/votes/${box.id}/close`, {}), 409, 'bad_state')
  const late = await issue(await admin.ok(`/people/votes/${box.id}`), ga, 1).catch(() => null)
  assert.equal(late, null, 'no codes after closing')
  const res = await admin.ok(`/people/votes/${box.id}/results`)
  const [r1, r2] = res.items
  // hand-computed (tests/unit/test_people.c holds the same table): weights 40/30, the empty group drops out
  near(r1.shares[0], (40 * 2 / 3 + 30 / 2) / 70 * 100, '张明 优秀')
  near(r1.score, 91.9047619048, '张明 score')
  near(r2.score, 85.7142857143, '李华 score')
  assert.equal(r1.plurality, '优秀')
  assert.equal(r2.plurality, '称职')
  assert.equal(r1.grade, '优秀') // quota 50% of 2 = 1 place
  assert.equal(res.quota, 1)
  assert.deepEqual(r1.counts_by_group, [[2, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]])
  assert.deepEqual(res.groups.map((g) => g.ballots), [4, 2, 0])
  // reproducible: asked again, the same figures
  assert.deepEqual(await admin.ok(`/people/votes/${box.id}/results`), res)
  // a ballot after closing
  expectError(await srv.client().post(`/people/ballots/${codesB[1]}`, body(B[0])), 409, 'bad_state')
  assert.equal(casts(box.id), 6)

  // ---- anonymity: nothing anywhere ties a ballot to a code or a person ----
  const dump = execFileSync('sqlite3', [srv.db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 })
  const codes = [...codesA, ...codesB]
  for (const c of codes) assert.ok(!dump.includes(c), `code ${c} is stored in plain text`)
  // a code's hash lives in the codes table only
  for (const c of codes) {
    const h = createHash('sha256').update(c).digest('hex')
    const lines = dump.split('\n').filter((l) => l.includes(h))
    assert.equal(lines.length, 1, `hash of ${c} appears ${lines.length} times`)
    assert.match(lines[0], /^INSERT INTO people_ballot_codes VALUES/)
  }
  // a cast keeps its box, group and marks: no column could hold a code, a person or a time
  assert.equal(sql("SELECT group_concat(name, ',') FROM pragma_table_info('people_ballot_casts')"), 'id,ballot_id,group_id,marks')
  assert.equal(sql("SELECT group_concat(name, ',') FROM pragma_table_info('people_ballot_codes')"), 'hash,ballot_id,group_id,used')
  // no other table refers to casts or codes
  const refs = sql("SELECT m.name || '.' || f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'" +
    " AND f.\"table\" IN ('people_ballot_casts', 'people_ballot_codes')")
  assert.equal(refs, '')
  // cast rows are not stored in casting order (random ids)
  const ids = sql(`SELECT id FROM people_ballot_casts WHERE ballot_id = ${box.id} ORDER BY rowid`).split('\n').map(Number)
  assert.ok(ids.some((x) => x > 1e12), 'random ids, not 1, 2, 3…')
  // the cast audit rows name the box only: no user (not even the signed-in voter), no code, no marks
  const auditRows = sql(`SELECT coalesce(user_id, '') || '|' || username || '|' || entity_id || '|' || summary || '|' || coalesce(after, '') FROM audit_log WHERE action = 'people.ballot.cast'`).split('\n')
  assert.equal(auditRows.length, 6)
  for (const row of auditRows) assert.equal(row.replace(/\|[^|]*\|/, '|-|'), `|-|${box.id}|匿名投票一张|`)
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'people.ballot.cast' AND (user_id = ${staff.id} OR username = 'voter_staff')`), '0')
  // the access log shows the ballot path with the code masked
  const log = readFileSync(srv.logFile, 'utf8')
  for (const c of codes) assert.ok(!log.includes(c), `code ${c} in the server log`)
  assert.match(log, /path="\/api\/v1\/people\/ballots\/\*"/)
})

test('差额 vote: at most N chosen, places and ties, blank ballots', async () => {
  const box = await makeBox({
    title: '奋斗之星评选投票', purpose: '评优', kind: 'choose', max_choices: 2, places: 1,
    candidates: [{ name: '甲' }, { name: '乙' }, { name: '丙' }],
    groups: [{ name: '职工代表', weight: 60 }, { name: '中层干部', weight: 40 }],
  })
  const [g0, g1] = box.groups.map((g) => g.id)
  const [a, b, c] = box.candidate_list.map((x) => x.id)
  const k0 = await issue(box, g0, 3)
  const k1 = await issue(box, g1, 2)
  expectStatus(await admin.post(`/people/votes/${box.id}/open`, {}), 200)
  const v = srv.client()
  expectError(await v.post(`/people/ballots/${k0[0]}`, { chosen: [a, b, c] }), 400, 'invalid_field', 'chosen')
  expectError(await v.post(`/people/ballots/${k0[0]}`, { chosen: [a, a] }), 400, 'invalid_field', 'chosen[1]')
  expectError(await v.post(`/people/ballots/${k0[0]}`, { grades: {} }), 400, 'invalid_field', 'grades')
  expectError(await v.post(`/people/ballots/${k0[0]}`, { chosen: 'a' }), 400, 'invalid_field', 'chosen')
  assert.equal(casts(box.id), 0)
  const ballots = [[k0[0], [a]], [k0[1], [a, b]], [k0[2], []], [k1[0], [b]], [k1[1], [b]]]
  for (const [k, ch] of ballots) expectStatus(await srv.client().post(`/people/ballots/${k}`, { chosen: ch }), 201)
  expectStatus(await admin.post(`/people/votes/${box.id}/close`, {}), 200)
  const res = await admin.ok(`/people/votes/${box.id}/results`)
  near(res.items[0].score, 40, '甲')
  near(res.items[1].score, 60, '乙')
  assert.deepEqual(res.items.map((x) => x.elected), [false, true, false])
  assert.deepEqual(res.items.map((x) => x.votes), [2, 3, 0])
})

test('creating a box: bad input names the field and writes nothing; scope and permissions', async () => {
  const before0 = Number(sql('SELECT count(*) FROM people_ballots'))
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', candidates: [], groups: [{ name: 'a', weight: 1 }] }), 400, 'missing_field', 'candidates')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 0 }] }), 400, 'invalid_field', 'groups')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 101 }] }), 400, 'invalid_field', 'groups[0].weight')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', grades: ['好', '好'], candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 1 }] }), 400, 'invalid_field', 'grades')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'choose', candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 1 }] }), 400, 'missing_field', 'max_choices')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'choose', max_choices: 3, candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 1 }] }), 400, 'invalid_field', 'max_choices')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', candidates: [{ name: '甲', age: 3 }], groups: [{ name: 'a', weight: 1 }] }), 400, 'unknown_field', 'candidates[0].age')
  expectError(await admin.post('/people/votes', { title: 'x', kind: 'grade', candidates: [{ name: '甲' }], groups: [{ name: 'a', weight: 1 }, { name: 'a', weight: 2 }] }), 409, 'duplicate', 'groups[1].name')
  assert.equal(Number(sql('SELECT count(*) FROM people_ballots')), before0)
  // a staff member without the permission sees nothing
  const s = await makeUser(srv, admin, { username: 'plain_staff', name: '普通职工', unit: 'BGS', roles: ['staff'] })
  expectError(await s.client.get('/people/votes'), 403, 'forbidden')
  const list = await admin.ok('/people/votes?q=' + encodeURIComponent('民主测评'))
  assert.ok(list.total >= 1 && list.items.every((x) => x.title.includes('民主测评')))
})

test('the demo: a finished 民主测评 with three voter groups and the 奋斗之星 vote that chose 7', async () => {
  const list = await admin.ok('/people/votes?size=50')
  const appraisal = list.items.find((b) => b.source === 'demo:appraisal:2025')
  const star = list.items.find((b) => b.source === 'demo:star:2025')
  assert.ok(appraisal && star, 'both demo votes')
  const a = await admin.ok(`/people/votes/${appraisal.id}/results`)
  assert.deepEqual(a.groups.map((g) => [g.name, g.ballots]), [['领导班子', 6], ['中层干部', 11], ['职工代表', 27]])
  assert.equal(a.quota, 1) // 20 % of 8
  assert.ok(a.items.filter((x) => x.grade === '优秀').length <= 1)
  const s = await admin.ok(`/people/votes/${star.id}/results`)
  assert.equal(s.items.filter((x) => x.elected === true).length, 7)
  assert.equal(s.items.filter((x) => x.tie).length, 0)
  assert.equal(sql(`SELECT count(*) FROM people_ballot_codes WHERE ballot_id = ${star.id} AND used = 1`), '52')
})

test('年度总结 facts: the votes held and ballots cast equal the closed boxes of the year', async () => {
  const boxes = (await admin.ok('/people/votes?size=500')).items.filter((b) => b.status === '已结束' && b.purpose === '民主测评')
  assert.ok(boxes.length)
  const year = boxes[0].closed_at.slice(0, 4)
  const mine = boxes.filter((b) => b.closed_at.startsWith(year))
  const facts = await admin.ok(`/report/facts?year=${year}`)
  const f = facts.items.find((x) => x.key === 'people.votes.appraisal')
  assert.ok(f, JSON.stringify(facts.items.map((x) => x.key)))
  const fig = (n) => f.figures.find((g) => g.name === n).v
  assert.equal(fig('boxes'), mine.length)
  assert.equal(fig('ballots'), mine.reduce((s, b) => s + b.cast, 0))
  assert.ok(facts.defs.some((d) => d.key === 'people.sanctions' && d.line === '队伍'))
})
