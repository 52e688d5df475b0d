// 年度考核 and 评优评选 over HTTP: the demo's finished campaign and 奋斗之星 with 7 honours in the winners' profiles; a
// campaign run end to end (民主测评 box of three voter groups, leaders' scores, the registered inputs, grades under the
// 优秀 quota — refused when exceeded, naming the quota —, 公示 ending after N working days, objections answered,
// final after 公示 on a later clock, appeal); a selection refusing an ineligible nominee with the reason, its 差额
// vote, 公示 and 表彰 landing in the profile; scope; the card's 督办 and 评价质量 inputs equal their modules' figures.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { serverFor, adminSetup, expectError, expectStatus, makeUser, Client, BIN, baseEnv, freePort, ADMIN_PASSWORD, sleep } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename, { env: { BUREAU_TODAY: '2026-12-02' } })
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
let admin, units
before(async () => ({ admin, ids: units } = await adminSetup(srv)))

/** A second server on the same database with a later bureau clock (公示 has ended there). */
async function later(today) {
  const port = await freePort()
  const proc = spawn(BIN, ['serve', '--db', srv.db, '--listen', `127.0.0.1:${port}`], { env: baseEnv({ BUREAU_TODAY: today }), stdio: 'ignore' })
  const c = new Client(`http://127.0.0.1:${port}`)
  for (let i = 0; i < 200; i++) { try { if ((await c.login('admin', ADMIN_PASSWORD)).status === 200) break } catch { /* not listening yet */ } await sleep(50) }
  assert.ok(c.csrf, 'second server up')
  // its exit code: 0 after a graceful stop (under ASan, a leak in the handlers it ran makes it non-zero)
  return { c, stop: () => new Promise((ok) => { proc.once('exit', (code) => ok(code)); proc.kill('SIGTERM') }) }
}

async function castAll(boxId, groupId, n, body) {
  const j = expectStatus(await admin.post(`/people/votes/${boxId}/codes`, { group_id: groupId, count: n }), 201)
  return j.codes.map((c) => c.code)
}

test('demo: the finished 2025 年度考核 and 奋斗之星 with 7 honours in the winners\' profiles', async () => {
  const list = await admin.ok('/people/campaigns')
  assert.ok(Array.isArray(list.items) && typeof list.total === 'number')
  const demo = list.items.find((c) => c.title === '2025年度中层干部年度考核')
  assert.equal(demo.status, '已完成')
  assert.equal(demo.subjects, 8)
  assert.equal(demo.first_grade <= 2, true) // 8 × 25% = 2
  const full = await admin.ok(`/people/campaigns/${demo.id}`)
  const box = await admin.ok(`/people/votes/${full.ballot_id}`)
  assert.deepEqual(box.groups.map((g) => g.name), ['领导班子', '中层干部', '职工代表'])
  assert.equal(full.objections.length, 1)
  assert.ok(full.objections[0].answered_at)
  const sel = (await admin.ok('/people/selections')).items.find((s) => s.kind === '奋斗之星')
  assert.equal(sel.status, '已表彰')
  assert.equal(sel.winners, 7)
  const winners = (await admin.ok(`/people/selections/${sel.id}`)).nomination_list.filter((n) => n.winner)
  assert.equal(winners.length, 7)
  const prof = await admin.ok(`/people/persons/${winners[0].user_id}/profile?year=2025`)
  assert.deepEqual(prof.honours.map((h) => h.title), ['2025年度奋斗之星'])
  assert.equal(Number(sql(`SELECT count(*) FROM people_honours WHERE selection_id = ${sel.id}`)), 7)
})

test('年度考核: weights, the 优秀 quota refused naming it, 公示 in working days, objections, final, appeal; scope', async () => {
  const a = await makeUser(srv, admin, { username: 'kh_a', name: '考核甲', unit: 'BGS', roles: ['staff'] })
  const b = await makeUser(srv, admin, { username: 'kh_b', name: '考核乙', unit: 'BGS', roles: ['staff'] }, { login: false })
  const c = await makeUser(srv, admin, { username: 'kh_c', name: '考核丙', unit: 'BGS', roles: ['staff'] }, { login: false })
  const ld = await makeUser(srv, admin, { username: 'kh_leader', name: '考核领导', unit: 'BGS', roles: ['leader'] })
  // only 纪律 counts among the inputs here: every other registered input weighted 0
  const keys = (await admin.ok(`/people/persons/${a.id}/card?year=2026`)).inputs.map((x) => x.key)
  const only = Object.fromEntries(keys.map((k) => [k, k === 'people.sanctions' ? 100 : 0]))
  const body = {
    year: 2026, title: '2026年度机关考核', subject: 'person', weights: { ballot: 50, leader: 30, inputs: 20 }, quota_permille: 400, publicity_days: 5,
    input_weights: only,
    subjects: [{ user_id: a.id }, { user_id: b.id }, { user_id: c.id }],
    groups: [{ name: '领导班子', weight: 40 }, { name: '中层干部', weight: 30 }, { name: '职工代表', weight: 30 }],
  }
  const n0 = Number(sql('SELECT count(*) FROM people_campaigns'))
  expectError(await admin.post('/people/campaigns', { ...body, weights: { ballot: 50, leader: 30, inputs: 30 } }), 400, 'invalid_field', 'weights')
  expectError(await admin.post('/people/campaigns', { ...body, input_weights: { 'no.such': 5 } }), 400, 'invalid_field', 'input_weights.no.such')
  expectError(await admin.post('/people/campaigns', { ...body, subjects: [{ user_id: a.id }, { user_id: a.id }] }), 409, 'duplicate', 'subjects[1].user_id')
  expectError(await admin.post('/people/campaigns', { ...body, subjects: [{ user_id: 999999 }] }), 400, 'invalid_field', 'subjects[0].user_id')
  assert.equal(Number(sql('SELECT count(*) FROM people_campaigns')), n0)
  const camp = expectStatus(await admin.post('/people/campaigns', body), 201)
  assert.equal(camp.status, '测评中')
  const full = await admin.ok(`/people/campaigns/${camp.id}`)
  const [sa, sb, sc] = full.subject_list.map((s) => s.id)
  const box = await admin.ok(`/people/votes/${camp.ballot_id}`)
  assert.equal(box.source, `campaign:${camp.id}`)
  const cand = box.candidate_list.map((x) => x.id)
  // 民主测评: 领导班子 2 ballots, 职工代表 2; 甲 优秀×4 → 100; 乙 称职×4 → 80; 丙 优秀 2 (领导班子) 基本称职 2 (职工代表)
  //   → 优秀 share 40/70, 基本称职 30/70 → 57.142857 + 0.6 × 42.857143 = 82.857143
  const [g1, , g3] = box.groups.map((g) => g.id)
  const codes1 = await castAll(box.id, g1, 2), codes3 = await castAll(box.id, g3, 2)
  expectStatus(await admin.post(`/people/votes/${box.id}/open`, {}), 200)
  for (const k of codes1) expectStatus(await srv.client().post(`/people/ballots/${k}`, { grades: { [cand[0]]: '优秀', [cand[1]]: '称职', [cand[2]]: '优秀' } }), 201)
  for (const k of codes3) expectStatus(await srv.client().post(`/people/ballots/${k}`, { grades: { [cand[0]]: '优秀', [cand[1]]: '称职', [cand[2]]: '基本称职' } }), 201)
  // leaders: 甲 90 and 80 (mean 85), 乙 70, 丙 none
  expectStatus(await ld.client.req('PUT', `/people/campaigns/${camp.id}/subjects/${sa}/score`, { body: { score: 90, comment: '表现突出' } }), 200)
  expectStatus(await admin.req('PUT', `/people/campaigns/${camp.id}/subjects/${sa}/score`, { body: { score: 80 } }), 200)
  expectStatus(await ld.client.req('PUT', `/people/campaigns/${camp.id}/subjects/${sb}/score`, { body: { score: 70 } }), 200)
  expectError(await ld.client.req('PUT', `/people/campaigns/${camp.id}/subjects/${sb}/score`, { body: { score: 101 } }), 400, 'invalid_field', 'score')
  expectError(await a.client.req('PUT', `/people/campaigns/${camp.id}/subjects/${sb}/score`, { body: { score: 60 } }), 403, 'forbidden')
  // 述职述廉
  const up = await admin.req('POST', `/people/campaigns/${camp.id}/subjects/${sa}/reports?name=${encodeURIComponent('述职述廉报告.txt')}`, { rawBody: Buffer.from('2026年度述职述廉报告：全年完成督办任务……'), headers: { 'Content-Type': 'text/plain' } })
  expectStatus(up, 201)
  const dl = await admin.get(`/people/campaigns/${camp.id}/subjects/${sa}/reports/${up.json.id}`)
  assert.equal(dl.status, 200)
  assert.match(dl.text, /述职述廉报告/)
  // grades refused while the box is open
  expectError(await admin.post(`/people/campaigns/${camp.id}/grades`, { grades: { [sa]: '优秀', [sb]: '称职', [sc]: '称职' } }), 409, 'bad_state')
  expectStatus(await admin.post(`/people/votes/${box.id}/close`, {}), 200)
  const cards = await admin.ok(`/people/campaigns/${camp.id}/cards`)
  const by = Object.fromEntries(cards.items.map((x) => [x.subject_id, x]))
  assert.equal(by[sa].parts.ballot.score, 100)
  assert.equal(by[sb].parts.ballot.score, 80)
  assert.ok(Math.abs(by[sc].parts.ballot.score - 82.857142857) < 1e-6)
  assert.equal(by[sa].parts.leader.score, 85)
  assert.equal(by[sc].parts.leader.has, false)
  // inputs: 纪律 only (督办 weighted 0 here): no sanctions → 100
  const dis = by[sa].parts.inputs.inputs.find((x) => x.key === 'people.sanctions')
  assert.equal(dis.weight, 100)
  assert.equal(by[sa].parts.inputs.inputs.find((x) => x.key === 'tasks.ontime').weight, 0)
  assert.equal(by[sa].parts.inputs.score, 100)
  // totals: 甲 (100×50 + 85×30 + 100×20)/100 = 95.5; 乙 (80×50 + 70×30 + 100×20)/100 = 81; 丙 (82.857143×50 + 100×20)/70 = 87.755102
  assert.ok(Math.abs(by[sa].total - 95.5) < 1e-9)
  assert.ok(Math.abs(by[sb].total - 81) < 1e-9)
  assert.ok(Math.abs(by[sc].total - (82.857142857142857 * 50 + 2000) / 70) < 1e-6)
  assert.equal(cards.quota, 1) // ⌊3 × 40%⌋
  assert.equal(by[sa].proposed, '优秀')
  assert.equal(by[sb].proposed, '称职')
  assert.equal(by[sc].proposed, '称职')
  // the quota refuses two 优秀, naming it; nothing written
  const e = expectError(await admin.post(`/people/campaigns/${camp.id}/grades`, { grades: { [sa]: '优秀', [sb]: '称职', [sc]: '优秀' } }), 400, 'quota_exceeded', 'grades')
  assert.match(e.message, /至多 1 个，现定了 2 个/)
  assert.equal(sql(`SELECT count(*) FROM people_campaign_subjects WHERE campaign_id = ${camp.id} AND grade IS NOT NULL`), '0')
  expectError(await admin.post(`/people/campaigns/${camp.id}/grades`, { grades: { [sa]: '优秀', [sb]: '称职' } }), 400, 'missing_field', `grades.${sc}`)
  expectError(await admin.post(`/people/campaigns/${camp.id}/grades`, { grades: { [sa]: '卓越', [sb]: '称职', [sc]: '称职' } }), 400, 'invalid_field', `grades.${sa}`)
  expectStatus(await admin.post(`/people/campaigns/${camp.id}/grades`, { grades: { [sa]: '优秀', [sb]: '称职', [sc]: '基本称职' } }), 200)
  // 公示: 2026-12-02 (Wednesday) for 5 working days → 12-02, 03, 04, 07, 08
  const pub = expectStatus(await admin.post(`/people/campaigns/${camp.id}/publicize`, {}), 200)
  assert.equal(pub.publicity_from, '2026-12-02')
  assert.equal(pub.publicity_to, '2026-12-08')
  // 公示 is bureau-wide: a staff member without any appraisal permission reads it
  expectError(await a.client.get(`/people/campaigns/${camp.id}`), 403, 'forbidden')
  const pubs = await a.client.ok('/people/publicity')
  const shown = pubs.campaigns.find((x) => x.id === camp.id)
  assert.deepEqual(shown.subjects.map((x) => [x.name, x.grade]), [['考核甲', '优秀'], ['考核乙', '称职'], ['考核丙', '基本称职']])
  assert.equal(shown.publicity_to, '2026-12-08')
  const ob = expectStatus(await a.client.post(`/people/campaigns/${camp.id}/objections`, { subject_id: sb, text: '考核乙的督办任务完成情况有误' }), 201)
  assert.equal(ob.stage, '公示异议')
  expectError(await admin.post(`/people/campaigns/${camp.id}/finalize`, {}), 409, 'bad_state')
  expectError(await a.client.post(`/people/objections/${ob.id}/answer`, { answer: '已核实' }), 403, 'forbidden')
  // a later clock: 公示 ended; the open objection still blocks, then final
  const l = await later('2026-12-09')
  try {
    const blocked = expectError(await l.c.post(`/people/campaigns/${camp.id}/finalize`, {}), 409, 'bad_state')
    assert.match(blocked.message, /1 条异议未答复/)
    expectStatus(await l.c.post(`/people/objections/${ob.id}/answer`, { answer: '经核实，督办台账数据准确，维持原等次。' }), 200)
    expectStatus(await l.c.post(`/people/campaigns/${camp.id}/finalize`, {}), 200)
  } finally { assert.equal(await l.stop(), 0, 'the later server stops cleanly') }
  // appeal: only the person himself; an upheld appeal may change the grade within the quota
  const c3 = await makeUser(srv, admin, { username: 'kh_c2', name: '旁人', unit: 'BGS', roles: ['staff'] })
  expectError(await c3.client.post(`/people/campaigns/${camp.id}/objections`, { subject_id: sa, text: '我要申诉' }), 403, 'forbidden')
  const ap = expectStatus(await a.client.post(`/people/campaigns/${camp.id}/objections`, { subject_id: sa, text: '本人对考核结果无异议，仅申请复核分数' }), 201)
  assert.equal(ap.stage, '申诉')
  const apB = expectStatus(await admin.post(`/people/campaigns/${camp.id}/objections`, { subject_id: sb, text: '代考核乙申诉：要求改为优秀' }), 201)
  expectError(await admin.post(`/people/objections/${apB.id}/answer`, { answer: '改为优秀', grade: '优秀' }), 400, 'quota_exceeded', 'grade')
  expectStatus(await admin.post(`/people/objections/${apB.id}/answer`, { answer: '复核后维持称职' }), 200)
  expectStatus(await admin.post(`/people/objections/${ap.id}/answer`, { answer: '复核无误' }), 200)
  // the final grade reaches the profile
  const prof = await admin.ok(`/people/persons/${a.id}/profile?year=2026`)
  assert.deepEqual(prof.appraisals.map((x) => [x.title, x.grade]), [['2026年度机关考核', '优秀']])
  assert.equal(prof.appraisals[0].subject_id, sa) // the profile's 申诉 button files against this subject
  // scope: a 本单位 role of another unit sees none of it
  const role = expectStatus(await admin.post('/org/roles', { code: 'kh_unit', name: '所考核员', data_scope: 'unit', perms: ['people:campaign:list', 'people:selection:list'] }), 201)
  const other = Object.keys(units).filter((k) => k !== 'BGS' && k !== 'JLD').pop()
  const u = await makeUser(srv, admin, { username: 'kh_unit_user', name: '所考核员', unit: other, roles: [role.id ?? role.role?.id ?? 'kh_unit'] })
  const seen = await u.client.ok('/people/campaigns')
  assert.equal(seen.items.some((x) => x.id === camp.id), false)
  expectError(await u.client.get(`/people/campaigns/${camp.id}`), 404, 'not_found')
  expectError(await u.client.get(`/people/campaigns/${camp.id}/cards`), 404, 'not_found')
})

test('评优评选: an ineligible nominee refused with the reason, 差额 vote, 公示, 表彰 in the profile', async () => {
  const ppl = []
  for (let i = 0; i < 4; i++) ppl.push(await makeUser(srv, admin, { username: `px_${i}`, name: `评优${'甲乙丙丁'[i]}`, unit: 'BGS', roles: ['staff'] }, { login: i === 0 }))
  const bad = await makeUser(srv, admin, { username: 'px_bad', name: '受处分者', unit: 'BGS', roles: ['staff'] }, { login: false })
  expectStatus(await admin.post('/people/sanctions', { user_id: bad.id, type: '记过', decided_on: '2026-06-01', reason: '违反工作纪律' }), 201)
  const sel = expectStatus(await admin.post('/people/selections', { year: 2026, title: '2026年度优秀员工', kind: '优秀员工', subject: 'person', places: 2, publicity_days: 3 }), 201)
  const r = expectError(await admin.post(`/people/selections/${sel.id}/nominations`, { user_id: bad.id, by_kind: 'unit' }), 400, 'not_eligible', 'user_id')
  assert.match(r.message, /记过处分期内（2026-06-01 至 2027-06-01）/)
  const el = await admin.ok(`/people/selections/${sel.id}/eligibility?user_id=${bad.id}`)
  assert.equal(el.eligible, false)
  // a minimum grade: no final grade of the year excludes, with the reason
  const sel2 = expectStatus(await admin.post('/people/selections', { year: 2026, title: '2026年度优秀干部', kind: '优秀干部', subject: 'person', places: 1, min_grade: '称职', grade_year: 2026 }), 201)
  const r2 = expectError(await admin.post(`/people/selections/${sel2.id}/nominations`, { user_id: ppl[1].id, by_kind: 'leader' }), 400, 'not_eligible', 'user_id')
  assert.match(r2.message, /2026年度无年度考核等次（要求称职及以上）/)
  // self-nomination: himself only
  expectError(await ppl[0].client.post(`/people/selections/${sel.id}/nominations`, { user_id: ppl[1].id, by_kind: 'self' }), 400, 'invalid_field', 'by_kind')
  expectError(await ppl[0].client.post(`/people/selections/${sel.id}/nominations`, { user_id: ppl[1].id, by_kind: 'unit' }), 403, 'forbidden')
  expectStatus(await ppl[0].client.post(`/people/selections/${sel.id}/nominations`, { user_id: ppl[0].id, by_kind: 'self', reason: '全年无差错' }), 201)
  for (const p of ppl.slice(1)) expectStatus(await admin.post(`/people/selections/${sel.id}/nominations`, { user_id: p.id, by_kind: 'unit' }), 201)
  expectError(await admin.post(`/people/selections/${sel.id}/nominations`, { user_id: ppl[1].id, by_kind: 'leader' }), 409, 'duplicate', 'user_id')
  const v = expectStatus(await admin.post(`/people/selections/${sel.id}/vote`, { groups: [{ name: '职工代表', weight: 100 }] }), 200)
  assert.equal(v.status, '投票中')
  const box = await admin.ok(`/people/votes/${v.ballot_id}`)
  assert.equal(box.kind, 'choose')
  assert.equal(box.max_choices, 2)
  const codes = await castAll(box.id, box.groups[0].id, 3)
  const ids = box.candidate_list.map((x) => x.id)
  // 甲 3 votes, 乙 2, 丙 1, 丁 0 → 甲 and 乙 elected
  const ballots = [[ids[0], ids[1]], [ids[0], ids[1]], [ids[0], ids[2]]]
  expectError(await srv.client().post(`/people/ballots/${codes[0]}`, { chosen: [ids[0], ids[1], ids[2]] }), 400, 'invalid_field')
  for (let i = 0; i < 3; i++) expectStatus(await srv.client().post(`/people/ballots/${codes[i]}`, { chosen: ballots[i] }), 201)
  expectError(await admin.post(`/people/selections/${sel.id}/publicize`, {}), 409, 'bad_state')
  expectStatus(await admin.post(`/people/votes/${box.id}/close`, {}), 200)
  const pub = expectStatus(await admin.post(`/people/selections/${sel.id}/publicize`, {}), 200)
  assert.equal(pub.publicity_to, '2026-12-04') // Wed 12-02, Thu 12-03, Fri 12-04
  assert.equal(pub.winners, 2)
  assert.deepEqual((await ppl[0].client.ok('/people/publicity')).selections.find((x) => x.id === sel.id).winners.map((w) => w.name), ['评优甲', '评优乙'])
  const noms = (await admin.ok(`/people/selections/${sel.id}`)).nomination_list
  assert.deepEqual(noms.filter((n) => n.winner).map((n) => n.name), ['评优甲', '评优乙'])
  expectError(await admin.post(`/people/selections/${sel.id}/award`, {}), 409, 'bad_state')
  const l = await later('2026-12-07')
  try {
    const aw = expectStatus(await l.c.post(`/people/selections/${sel.id}/award`, { document_no: '县烟〔2026〕30号' }), 200)
    assert.equal(aw.status, '已表彰')
  } finally { assert.equal(await l.stop(), 0, 'the later server stops cleanly') }
  const prof = await admin.ok(`/people/persons/${ppl[0].id}/profile`)
  assert.deepEqual(prof.honours.map((h) => [h.title, h.awarded_on, h.document_no]), [['2026年度优秀员工', '2026-12-07', '县烟〔2026〕30号']])
  assert.deepEqual((await admin.ok(`/people/persons/${ppl[2].id}/profile`)).honours, [])
})

test('the card\'s 评价质量 and 指标完成 inputs equal the evals module\'s round figures and the cockpit\'s year figures', async () => {
  const rounds = (await admin.ok('/evals/rounds?size=50')).items.filter((x) => String(x.period).startsWith('2026-'))
  assert.ok(rounds.length > 0)
  const per = new Map()
  for (const rd of rounds) {
    const q = await admin.ok(`/evals/quality?round_id=${rd.id}`)
    for (const row of q.items ?? q) if (typeof row.score === 'number') per.set(row.manager_id, [...(per.get(row.manager_id) ?? []), row.score])
  }
  const [mid, scores] = [...per.entries()][0]
  const card = await admin.ok(`/people/persons/${mid}/card?year=2026`)
  const ev = card.inputs.find((x) => x.key === 'evals.quality')
  assert.ok(Math.abs(ev.value - scores.reduce((s, x) => s + x, 0) / scores.length) < 1e-6)
  assert.match(ev.text, new RegExp(`^${scores.length} 个评价周期平均质量分`))
  // 指标完成 of a unit equals the cockpit's own year figures as the year's review cites them (share of the year's plan)
  let checked = 0
  for (const code of ['SCB', 'SCB-DB', 'ZMK']) {
    if (!units[code]) continue
    const facts = await admin.ok(`/report/facts?year=2025&unit=${units[code]}`)
    const shares = facts.items.filter((f) => f.key.startsWith('cockpit.')).map((f) => f.figures.find((g) => g.name === 'share')).filter((g) => g && g.ok).map((g) => g.v)
    const ck = (await admin.ok(`/people/units/${units[code]}/card?year=2025`)).inputs.find((x) => x.key === 'cockpit.completion')
    assert.equal(ck.source, '数字化所队部')
    assert.equal(ck.has, shares.length > 0, code)
    if (!shares.length) continue
    const mean = shares.reduce((s, v) => s + Math.min(v, 100), 0) / shares.length
    assert.ok(Math.abs(ck.value - mean) < 1e-6, `${code}: ${ck.value} vs ${mean}`)
    assert.match(ck.text, new RegExp(`${shares.length} 项有年度目标的指标，达标 ${shares.filter((v) => v >= 100).length} 项`))
    assert.equal(ck.link, `/cockpit/vertical?unit=${units[code]}&to=2025-12`)
    checked++
  }
  assert.ok(checked >= 2, 'units with indicator targets compared')
})

test('the loop: a red-light 督办 task on a unit reaches the unit\'s and its owner\'s appraisal cards with its outcome and timeliness', async () => {
  const owner = await makeUser(srv, admin, { username: 'loop_owner', name: '东部片区负责人', unit: 'SCB-DB', roles: ['staff'] })
  const counts = (card) => {
    const x = card.inputs.find((i) => i.key === 'tasks.ontime')
    if (!x.has) return { led: 0, onTime: 0, urges: 0 }
    const m = /到期任务 (\d+) 项，按期办结 (\d+) 项.*催办 (\d+) 次/.exec(x.text)
    return { led: +m[1], onTime: +m[2], urges: +m[3], score: x.score, link: x.link }
  }
  const unitCard = async () => admin.ok(`/people/units/${units['SCB-DB']}/card?year=2026`)
  const ownerCard = async () => admin.ok(`/people/persons/${owner.id}/card?year=2026`)
  const u0 = counts(await unitCard())
  assert.equal(counts(await ownerCard()).led, 0)
  // what 横向对比's 督办 button files: a task on the unit, prefilled with the indicator, value, target and gap, due in 10 working days
  const t = expectStatus(await admin.post('/tasks/tasks', {
    title: '东部片区卷烟销量指标督办（2026-11）', content: '东部片区卷烟销量1.5万支，目标3,000万支，完成率0.1%，差距2,998.5万支，亮红灯。请分析原因，制定措施，限期改善。',
    lead_unit_id: units['SCB-DB'], owner_id: owner.id, due_date: '2026-12-16', priority: '高', assign: true,
  }), 201)
  let u1 = counts(await unitCard()), o1 = counts(await ownerCard())
  assert.deepEqual([u1.led, u1.onTime], [u0.led + 1, u0.onTime])
  assert.deepEqual([o1.led, o1.onTime, o1.score], [1, 0, 0])
  assert.match(o1.link, new RegExp(`owner_id=${owner.id}&due_from=2026-01-01&due_to=2026-12-31`))
  // one 催办, then done on time: 100 − 2 per 催办
  expectStatus(await admin.post(`/tasks/tasks/${t.id}/urge`, { text: '请加快进度' }), 200)
  expectStatus(await owner.client.post(`/tasks/tasks/${t.id}/accept`, {}), 200)
  expectStatus(await owner.client.post(`/tasks/tasks/${t.id}/submit`, { text: '已制定整改措施，销量恢复' }), 200)
  expectStatus(await admin.post(`/tasks/tasks/${t.id}/close`, { evaluation: '良好' }), 200)
  const u2 = counts(await unitCard()), o2 = counts(await ownerCard())
  assert.deepEqual([o2.led, o2.onTime, o2.urges, o2.score], [1, 1, 1, 98])
  assert.deepEqual([u2.led, u2.onTime, u2.urges], [u0.led + 1, u0.onTime + 1, u0.urges + 1])
  // the ledger's own count of the owner's tasks due in 2026 agrees
  const ledger = await admin.ok(`/tasks/tasks?owner_id=${owner.id}&due_from=2026-01-01&due_to=2026-12-31`)
  assert.equal(ledger.total, 1)
  // and a 所队 campaign's card of the unit shows the same figure under its own weight
  const camp = expectStatus(await admin.post('/people/campaigns', {
    year: 2026, title: '2026年度所队考核', subject: 'unit', weights: { ballot: 30, leader: 30, inputs: 40 }, quota_permille: 500,
    input_weights: { 'tasks.ontime': 60 }, subjects: [{ unit_id: units['SCB-DB'] }], groups: [{ name: '职工代表', weight: 100 }],
  }), 201)
  const cc = (await admin.ok(`/people/campaigns/${camp.id}/cards`)).items[0]
  const ti = cc.parts.inputs.inputs.find((x) => x.key === 'tasks.ontime')
  assert.equal(ti.weight, 60)
  assert.equal(ti.text, (await unitCard()).inputs.find((x) => x.key === 'tasks.ontime').text)
})
