// 纪律 and the 考核卡 over HTTP: sanctions with their computed end days, bad input refused with nothing stored, visible to
// the permission's holders within their data scope and to the person himself, every read audited; the card's 督办 input
// equals the tasks module's own ledger figures; nobody reads a card or a sanction outside his scope.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, adminSetup, expectError, expectStatus, makeUser } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
const reads = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'org.record.read' AND entity = 'people_sanction'"))
let admin, units, roles
before(async () => ({ admin, ids: units, roles } = await adminSetup(srv)))

test('sanctions: end days from the fixed terms, bad input, the person himself, audited reads, scope', async () => {
  const staff = await makeUser(srv, admin, { username: 'san_staff', name: '受处分职工', unit: 'BGS', roles: ['staff'] })
  const other = await makeUser(srv, admin, { username: 'san_other', name: '另一职工', unit: 'BGS', roles: ['staff'] }, { login: false })
  const n0 = Number(sql('SELECT count(*) FROM people_sanctions'))
  expectError(await admin.post('/people/sanctions', { user_id: staff.id, type: '开除', decided_on: '2025-03-01', reason: 'x' }), 400, 'invalid_field', 'type')
  expectError(await admin.post('/people/sanctions', { user_id: staff.id, type: '记过', decided_on: '2025-03-01', months: 6, reason: 'x' }), 400, 'invalid_field', 'months')
  expectError(await admin.post('/people/sanctions', { user_id: staff.id, type: '通报批评', decided_on: '2025-03-01', reason: 'x' }), 400, 'missing_field', 'months')
  expectError(await admin.post('/people/sanctions', { user_id: staff.id, type: '警告', decided_on: '2025-02-30', reason: 'x' }), 400, 'invalid_field', 'decided_on')
  expectError(await admin.post('/people/sanctions', { user_id: staff.id, type: '警告', decided_on: '2999-01-01', reason: 'x' }), 400, 'invalid_field', 'decided_on')
  expectError(await admin.post('/people/sanctions', { user_id: 999999, type: '警告', decided_on: '2025-03-01', reason: 'x' }), 400, 'invalid_field', 'user_id')
  assert.equal(Number(sql('SELECT count(*) FROM people_sanctions')), n0)

  const s1 = expectStatus(await admin.post('/people/sanctions', { user_id: staff.id, type: '记大过', decided_on: '2025-08-31', reason: '违反工作纪律', document_no: '县烟纪〔2025〕3号' }), 201)
  assert.equal(s1.months, 18)
  assert.equal(s1.ends_on, '2027-02-28')
  const s2 = expectStatus(await admin.post('/people/sanctions', { user_id: staff.id, type: '通报批评', decided_on: '2025-01-10', months: 3, reason: '迟到早退' }), 201)
  assert.equal(s2.ends_on, '2025-04-10')
  const s3 = expectStatus(await admin.post('/people/sanctions', { user_id: other.id, type: '警告', decided_on: '2025-05-20', reason: '着装不规范' }), 201)
  assert.equal(s3.ends_on, '2025-11-20')

  // the holder of the permission: list and filters, each read audited
  let r0 = reads()
  const all = await admin.ok(`/people/sanctions?user_id=${staff.id}`)
  assert.deepEqual(all.items.map((x) => x.type), ['记大过', '通报批评'])
  assert.equal(reads(), r0 + 1)
  const running = await admin.ok(`/people/sanctions?user_id=${staff.id}&running_on=2025-03-01`)
  assert.deepEqual(running.items.map((x) => x.id), [s2.id])
  assert.equal((await admin.ok(`/people/sanctions?user_id=${staff.id}&running_on=2027-02-28`)).total, 0)
  r0 = reads()
  expectStatus(await admin.get(`/people/sanctions/${s3.id}`), 200)
  assert.equal(reads(), r0 + 1)
  assert.match(sql(`SELECT summary FROM audit_log WHERE action = 'org.record.read' ORDER BY id DESC LIMIT 1`), /查看处分记录/)

  // the person himself: his own, nobody else's; audited too
  expectError(await staff.client.get('/people/sanctions'), 403, 'forbidden')
  r0 = reads()
  const mine = await staff.client.ok('/people/sanctions/mine')
  assert.deepEqual(mine.items.map((x) => x.id).sort(), [s1.id, s2.id].sort())
  expectStatus(await staff.client.get(`/people/sanctions/${s1.id}`), 200)
  expectError(await staff.client.get(`/people/sanctions/${s3.id}`), 404, 'not_found')
  assert.equal(reads(), r0 + 2)
  expectError(await staff.client.post('/people/sanctions', { user_id: other.id, type: '警告', decided_on: '2025-05-20', reason: 'x' }), 403, 'forbidden')

  // 纪检 of one unit only (a role with 本单位 scope): sees that unit's records, not another's
  const role = expectStatus(await admin.post('/org/roles', { code: 'jj_unit', name: '所纪检员', data_scope: 'unit', perms: ['people:sanction:list', 'people:sanction:add', 'people:card:view'] }), 201)
  const unitIdsList = Object.entries(units).filter(([c]) => c !== 'BGS')
  const [otherCode] = unitIdsList[unitIdsList.length - 1]
  const jj = await makeUser(srv, admin, { username: 'jj_unit_user', name: '所纪检员', unit: otherCode, roles: [role.id ?? role.role?.id ?? 'jj_unit'] })
  assert.equal((await jj.client.ok('/people/sanctions')).total, 0)
  expectError(await jj.client.get(`/people/sanctions/${s3.id}`), 404, 'not_found')
  expectError(await jj.client.post('/people/sanctions', { user_id: other.id, type: '警告', decided_on: '2025-05-20', reason: 'x' }), 400, 'invalid_field', 'user_id')
  expectError(await jj.client.get(`/people/persons/${staff.id}/card?year=2025`), 404, 'not_found')
  expectError(await jj.client.get(`/people/units/${units.BGS}/card?year=2025`), 404, 'not_found')
  expectStatus(await jj.client.get(`/people/persons/${jj.id}/card?year=2025`), 200)

  // the card's 纪律 input: 记大过 (30) and 通报批评 (5) decided in 2025
  const card = await admin.ok(`/people/persons/${staff.id}/card?year=2025`)
  const d = card.inputs.find((x) => x.key === 'people.sanctions')
  assert.equal(d.value, 2)
  assert.equal(d.score, 65)
  assert.match(d.text, /记大过/)
  assert.equal(d.link, `/people/sanctions?user_id=${staff.id}`)
  const d24 = (await admin.ok(`/people/persons/${staff.id}/card?year=2024`)).inputs.find((x) => x.key === 'people.sanctions')
  assert.equal(d24.score, 100)
  expectError(await admin.get(`/people/persons/${staff.id}/card?year=20x5`), 400, 'bad_query', 'year')
})

test("the card's 督办 input equals the tasks ledger's own figures, for a person and for a unit", async () => {
  const tasks = (await admin.ok('/tasks/tasks?size=500')).items.filter((t) => t.owner_id && t.status !== '草稿')
  assert.ok(tasks.length, 'the demo has tasks with owners')
  const counts = new Map()
  for (const t of tasks) counts.set(t.owner_id, (counts.get(t.owner_id) || 0) + 1)
  const owner = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0]
  const year = Number(tasks.find((t) => t.owner_id === owner).due_date.slice(0, 4))
  const range = `due_from=${year}-01-01&due_to=${year}-12-31`
  const total = async (q) => (await admin.ok(`/tasks/tasks?size=1&${range}&${q}`)).total
  const check = async (subject, q) => {
    const led = (await total(q)) - (await total(q + '&status=' + encodeURIComponent('草稿')))
    const closed = await total(q + '&status=' + encodeURIComponent('已办结'))
    const card = await admin.ok(`${subject}/card?year=${year}`)
    const t = card.inputs.find((x) => x.key === 'tasks.ontime')
    assert.ok(t && t.has, JSON.stringify(card))
    const m = /到期任务 (\d+) 项，按期办结 (\d+) 项（([\d.]+)%），已办结 (\d+) 项/.exec(t.text)
    assert.ok(m, t.text)
    assert.equal(Number(m[1]), led, `led ${subject}`)
    assert.equal(Number(m[4]), closed, `closed ${subject}`)
    assert.ok(Number(m[2]) <= closed)
    assert.ok(Math.abs(t.value - 100 * Number(m[2]) / led) < 1e-9)
    assert.equal(t.source, '督查督办')
    assert.match(t.link, new RegExp(`^/tasks/board\\?(owner|unit)_id=\\d+&${range}$`))
    return card
  }
  const pc = await check(`/people/persons/${owner}`, `owner_id=${owner}`)
  assert.ok(pc.total !== null)
  const unit = tasks.find((t) => t.owner_id === owner).lead_unit_id
  await check(`/people/units/${unit}`, `unit_id=${unit}`)
})

test('个人档案: vote results, the card, sanctions only for their readers and himself (audited), scope, XLSX', async () => {
  const p = await makeUser(srv, admin, { username: 'prof_staff', name: '档案职工', unit: 'BGS', roles: ['staff'] })
  const q = await makeUser(srv, admin, { username: 'prof_other', name: '他人', unit: 'BGS', roles: ['staff'] })
  expectStatus(await admin.post('/people/sanctions', { user_id: p.id, type: '警告', decided_on: '2025-04-01', reason: '迟报数据' }), 201)
  const box = expectStatus(await admin.post('/people/votes', { title: '档案测评', kind: 'grade', candidates: [{ name: '档案职工', user_id: p.id }, { name: '他人', user_id: q.id }], groups: [{ name: '全体', weight: 1 }] }), 201)
  const [code] = expectStatus(await admin.post(`/people/votes/${box.id}/codes`, { group_id: box.groups[0].id, count: 1 }), 201).codes
  expectStatus(await admin.post(`/people/votes/${box.id}/open`, {}), 200)
  const [c1, c2] = box.candidate_list.map((c) => c.id)
  expectStatus(await srv.client().post(`/people/ballots/${code.code}`, { grades: { [c1]: '优秀', [c2]: '称职' } }), 201)
  expectStatus(await admin.post(`/people/votes/${box.id}/close`, {}), 200)

  let r0 = reads()
  const full = await admin.ok(`/people/persons/${p.id}/profile?year=2025`)
  assert.equal(full.person.name, '档案职工')
  assert.equal(full.sanctions_visible, true)
  assert.deepEqual(full.sanctions.map((x) => x.type), ['警告'])
  assert.equal(reads(), r0 + 1)
  const v = full.votes.find((x) => x.box_id === box.id)
  assert.equal(v.result, '优秀')
  assert.equal(v.rank, 1)
  assert.ok(full.card.inputs.some((x) => x.key === 'people.sanctions' && x.score === 90))
  // himself: his own profile with his sanctions; nobody else's
  const own = await p.client.ok(`/people/persons/${p.id}/profile?year=2025`)
  assert.deepEqual(own.sanctions.map((x) => x.type), ['警告'])
  expectError(await p.client.get(`/people/persons/${q.id}/profile`), 404, 'not_found')
  // a 局领导 reads profiles but not sanctions
  const lead = await makeUser(srv, admin, { username: 'prof_leader', name: '局领导甲', unit: 'BGS', roles: ['leader'] })
  r0 = reads()
  const lp = await lead.client.ok(`/people/persons/${p.id}/profile?year=2025`)
  assert.equal(lp.sanctions_visible, false)
  assert.equal(lp.sanctions, null)
  assert.equal(reads(), r0)
  // XLSX export of the same profile
  const x = await admin.get(`/people/persons/${p.id}/profile?year=2025&format=xlsx`)
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheetml/)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
  expectError(await admin.get(`/people/persons/${p.id}/profile?year=1`), 400, 'bad_query', 'year')
  expectError(await admin.get('/people/persons/999999/profile'), 404, 'not_found')
})

test('评优 refuses a person under a running sanction, naming the sanction; an expired one does not', async () => {
  const a = await makeUser(srv, admin, { username: 'elig_run', name: '在期人员', unit: 'BGS', roles: ['staff'] }, { login: false })
  const b = await makeUser(srv, admin, { username: 'elig_old', name: '期满人员', unit: 'BGS', roles: ['staff'] }, { login: false })
  const today = sql("SELECT date('now','localtime')")
  const d = new Date(today + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() - 30)
  const recent = d.toISOString().slice(0, 10)
  expectStatus(await admin.post('/people/sanctions', { user_id: a.id, type: '记过', decided_on: recent, reason: '违规' }), 201)
  expectStatus(await admin.post('/people/sanctions', { user_id: b.id, type: '警告', decided_on: '2020-01-10', reason: '旧事' }), 201)
  const n0 = Number(sql('SELECT count(*) FROM people_ballots'))
  const body = (cands) => ({ title: '优秀员工评选', purpose: '评优', kind: 'choose', max_choices: 1, candidates: cands, groups: [{ name: '全体', weight: 1 }] })
  const e = expectError(await admin.post('/people/votes', body([{ name: '期满人员', user_id: b.id }, { name: '在期人员', user_id: a.id }])), 400, 'invalid_field', 'candidates[1].user_id')
  assert.match(e.message, /在期人员不能参加评优：记过处分期内（/)
  assert.equal(Number(sql('SELECT count(*) FROM people_ballots')), n0)
  expectStatus(await admin.post('/people/votes', body([{ name: '期满人员', user_id: b.id }])), 201)
  // a 民主测评 still includes him: appraisal covers everyone
  expectStatus(await admin.post('/people/votes', { ...body([{ name: '在期人员', user_id: a.id }]), purpose: '民主测评' }), 201)
})
