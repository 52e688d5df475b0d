// 双聘, 培训 and 项目积分 over HTTP against the real server and SQLite file, on the bureau's clock BUREAU_TODAY=2026-06-15
// (a Monday; 端午 2026-06-19…21 off by the shipped calendar): qualification refused with its reason and nothing
// stored, weighted totals, 公示 end across the holiday, appointment into the history the profile shows; QR sign-in
// once per person; the online college import's per-row report with nothing written unless keep_valid; the card's
// training input; a milestone opens exactly one 督办 task; points by the rules split by shares; data scope.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, adminSetup, startServer, expectError, expectStatus, makeUser, ADMIN_PASSWORD } from './lib.mjs'
import { until } from './wait.mjs'

const srv = serverFor({ before, after: (await import('node:test')).after }, import.meta.filename, { env: { BUREAU_TODAY: '2026-06-15' } })
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
const count = (t, w = '1') => Number(sql(`SELECT count(*) FROM ${t} WHERE ${w}`))
let admin, units
before(async () => ({ admin, ids: units } = await adminSetup(srv)))

// A role of one unit only (本单位), for the scope checks.
async function unitUser(code, username, perms) {
  const role = expectStatus(await admin.post('/org/roles', { code: 'r_' + username, name: '本单位' + username, data_scope: 'unit', perms }), 201)
  return makeUser(srv, admin, { username, name: '本单位人员' + username, unit: code, roles: [role.id ?? role.role?.id] })
}

test('双聘: qualification from records, weighted scores, 公示 across 端午, appointment into the history and profile', async () => {
  // the demo's ladder is 六级员工 … 一级员工 (orders 1–6); the test's own grades sit above it
  const g4 = expectStatus(await admin.post('/people/grades', { name: '专技四级', rank_order: 14 }), 201)
  const g3 = expectStatus(await admin.post('/people/grades', { name: '专技三级', rank_order: 15, term_years: 3 }), 201)
  expectError(await admin.post('/people/grades', { name: '专技四级', rank_order: 19 }), 409, 'duplicate', 'name')
  const post = expectStatus(await admin.post('/people/posts', { unit_id: units.CQS, name: '专卖内管员（主管）', family: '专卖', level: 6, term_years: 3, places: 1 }), 201)
  expectError(await admin.post('/people/posts', { unit_id: units.CQS, name: 'x岗', family: '后勤', level: 6 }), 400, 'invalid_field', 'family')
  const mk = (u, n) => makeUser(srv, admin, { username: u, name: n, unit: 'CQS', roles: ['staff'] }, { login: false })
  const a = await mk('sp_a', '甲专管员'), b = await mk('sp_b', '乙专管员'), c = await mk('sp_c', '丙专管员'), d = await mk('sp_d', '丁专管员')
  expectStatus(await admin.post(`/people/persons/${a.id}/posts`, { grade_id: g4.id, started_on: '2022-06-01' }), 201)
  expectStatus(await admin.post(`/people/persons/${b.id}/posts`, { grade_id: g4.id, started_on: '2024-09-01' }), 201)
  expectStatus(await admin.post(`/people/persons/${c.id}/posts`, { grade_id: g4.id, started_on: '2020-01-01' }), 201)
  expectStatus(await admin.post(`/people/persons/${d.id}/posts`, { grade_id: g4.id, started_on: '2021-03-01' }), 201)
  expectError(await admin.post(`/people/persons/${d.id}/posts`, { grade_id: g4.id, started_on: '2026-07-01' }), 400, 'invalid_field', 'started_on')
  expectStatus(await admin.post('/people/sanctions', { user_id: c.id, type: '记过', decided_on: '2026-03-01', reason: '违反工作纪律' }), 201)

  const body = (title) => ({ title, unit_id: units.CQS, w_written: 40, w_interview: 40, w_review: 20, min_years: 3, publicity_days: 5, posts: [{ post_id: post.id, grade_id: g3.id, places: 1 }] })
  expectError(await admin.post('/people/rounds', { ...body('权重不对'), w_review: 30 }), 400, 'invalid_field', 'w_review')
  const r1 = expectStatus(await admin.post('/people/rounds', body('2026年专卖岗位双聘')), 201)
  assert.equal(r1.status, '报名中')
  const apps0 = count('people_applications')
  let e = expectError(await admin.post(`/people/rounds/${r1.id}/applications`, { user_id: b.id, post_id: post.id }), 400, 'invalid_field', 'user_id')
  assert.equal(e.message, '乙专管员：不符合报名条件：现职级专技四级任职 1 年，不满 3 年')
  e = expectError(await admin.post(`/people/rounds/${r1.id}/applications`, { user_id: c.id, post_id: post.id }), 400, 'invalid_field', 'user_id')
  assert.equal(e.message, '丙专管员：不符合报名条件：记过处分期内（2026-03-01 至 2027-03-01）')
  assert.equal(count('people_applications'), apps0, 'a refused application stores nothing')
  const appA = expectStatus(await admin.post(`/people/rounds/${r1.id}/applications`, { user_id: a.id, post_id: post.id }), 201)
  assert.equal(appA.qualification, '现职级专技四级任职 4 年；无考核等次记录；无处分期')
  const appD = expectStatus(await admin.post(`/people/rounds/${r1.id}/applications`, { user_id: d.id, post_id: post.id }), 201)
  expectError(await admin.post(`/people/rounds/${r1.id}/applications`, { user_id: a.id, post_id: post.id }), 409, 'duplicate', 'user_id')
  expectError(await admin.post(`/people/rounds/${r1.id}/publicize`, {}), 409, 'bad_state')
  expectError(await admin.post(`/people/rounds/${r1.id}/scores`, { items: [{ application_id: appA.id, written: 101, interview: 1, review: 1 }] }), 400, 'invalid_field', 'items[0].written')
  // 40/40/20: 甲 85.5·0.4 + 78·0.4 + 90·0.2 = 83.40; 丁 80·0.4 + 90·0.4 + 70·0.2 = 82.00
  const scored = expectStatus(await admin.post(`/people/rounds/${r1.id}/scores`, { items: [
    { application_id: appA.id, written: 85.5, interview: 78, review: 90 }, { application_id: appD.id, written: 80, interview: 90, review: 70 }] }), 200)
  const byUser = Object.fromEntries(scored.items.map((x) => [x.user_id, x]))
  assert.equal(byUser[a.id].total, 83.4); assert.equal(byUser[a.id].rank, 1); assert.equal(byUser[a.id].proposed, true)
  assert.equal(byUser[d.id].total, 82); assert.equal(byUser[d.id].rank, 2); assert.equal(byUser[d.id].proposed, false)
  // 公示 5 working days from Monday 06-15: 15, 16, 17, 18, (19–21 端午), 22
  const pub = expectStatus(await admin.post(`/people/rounds/${r1.id}/publicize`, {}), 200)
  assert.equal(pub.status, '公示中'); assert.equal(pub.publicity_from, '2026-06-15'); assert.equal(pub.publicity_to, '2026-06-22')
  e = expectError(await admin.post(`/people/rounds/${r1.id}/appoint`, {}), 409, 'bad_state')
  assert.match(e.message, /公示期至 2026-06-22/)
  assert.equal(count('people_post_history', `source = 'round:${r1.id}'`), 0)

  // a second round whose 公示 was posted on 06-01 (Mon): 1…5 June, over by today → appointment
  const r2 = expectStatus(await admin.post('/people/rounds', { ...body('2026年专卖岗位双聘（第二批）'), min_years: 0 }), 201)
  const appB = expectStatus(await admin.post(`/people/rounds/${r2.id}/applications`, { user_id: b.id, post_id: post.id }), 201)
  expectStatus(await admin.post(`/people/rounds/${r2.id}/scores`, { items: [{ application_id: appB.id, written: 70, interview: 75, review: 80 }] }), 200)
  expectError(await admin.post(`/people/rounds/${r2.id}/publicize`, { from: '2026-06-16' }), 400, 'invalid_field', 'from')
  const pub2 = expectStatus(await admin.post(`/people/rounds/${r2.id}/publicize`, { from: '2026-06-01' }), 200)
  assert.equal(pub2.publicity_to, '2026-06-05')
  const done = expectStatus(await admin.post(`/people/rounds/${r2.id}/appoint`, {}), 200)
  assert.equal(done.status, '已任命'); assert.equal(done.appointed_on, '2026-06-15')
  assert.equal(done.items[0].appointed, true); assert.equal(done.items[0].total, 74) // 28 + 30 + 16
  const hist = (await admin.ok(`/people/persons/${b.id}/posts`)).items
  assert.equal(hist.length, 2)
  assert.deepEqual([hist[0].post_name, hist[0].grade_name, hist[0].started_on, hist[0].ends_on, hist[0].ended_on, hist[0].source],
    ['专卖内管员（主管）', '专技三级', '2026-06-15', '2029-06-15', null, `round:${r2.id}`])
  assert.deepEqual([hist[1].grade_name, hist[1].ended_on], ['专技四级', '2026-06-15'])
  const prof = await admin.ok(`/people/persons/${b.id}/profile?year=2026`)
  assert.equal(prof.talent.post_history[0].grade_name, '专技三级')
  const csv = await admin.get(`/people/persons/${b.id}/profile?year=2026&format=csv`)
  assert.equal(csv.status, 200)
  assert.match(csv.buf.toString(), /岗位职级履历,专卖内管员（主管）,专技三级,2026-06-15 至 今/)
  assert.match(csv.buf.toString(), /2026年培训学时,学时,0\.0 \/ 要求 \d+\.0/)
  // the latest appraisal grade: the demo's finished 2025 年度考核 (a 称职 is below a round asking 优秀; an 优秀 passes)
  const graded = (g) => sql(`SELECT s.user_id || '|' || u.name FROM people_campaign_subjects s JOIN people_campaigns c ON c.id = s.campaign_id JOIN users u ON u.id = s.user_id
    WHERE c.year = 2025 AND c.status = '已完成' AND s.grade = '${g}' AND s.user_id NOT IN (SELECT user_id FROM people_sanctions WHERE decided_on <= '2026-06-15' AND ends_on > '2026-06-15')
    ORDER BY s.user_id LIMIT 1`).split('|')
  const [fitId, fitName] = graded('称职'), [bestId, bestName] = graded('优秀')
  assert.ok(fitId && bestId, 'the demo has a finished 2025 考核 with 称职 and 优秀')
  const r3 = expectStatus(await admin.post('/people/rounds', { ...body('要求考核优秀的双聘'), min_years: 0, min_grade: '优秀' }), 201)
  e = expectError(await admin.post(`/people/rounds/${r3.id}/applications`, { user_id: Number(fitId), post_id: post.id }), 400, 'invalid_field', 'user_id')
  assert.equal(e.message, `${fitName}：不符合报名条件：最近考核等次为2025年度考核称职，低于要求`)
  const ok3 = expectStatus(await admin.post(`/people/rounds/${r3.id}/applications`, { user_id: Number(bestId), post_id: post.id }), 201)
  assert.match(ok3.qualification, /最近考核等次2025年度考核优秀/)

  // scope: a 本单位 user of 办公室 sees neither the round nor the person's history
  const o = await unitUser('BGS', 'sp_scope', ['people:post:list', 'people:post:edit'])
  expectError(await o.client.get(`/people/rounds/${r2.id}`), 404, 'not_found')
  assert.equal((await o.client.ok('/people/rounds')).items.filter((x) => x.id === r2.id).length, 0)
  expectError(await o.client.get(`/people/persons/${b.id}/posts`), 404, 'not_found')
  expectError(await o.client.post(`/people/rounds/${r1.id}/appoint`, {}), 404, 'not_found')
})

test('培训: QR sign-in once per person on the day, online college import per-row report, hours against the requirement, card input', async () => {
  const staff = await makeUser(srv, admin, { username: 'px_staff', name: '培训职工', unit: 'BGS', roles: ['staff'] })
  const course = expectStatus(await admin.post('/people/courses', { title: '卷烟营销实务', category: '营销', hours: 2.5, summary: '品牌培育与订单引导' }), 201)
  expectError(await admin.post('/people/courses', { title: '学时不对', hours: 2.55 }), 400, 'invalid_field', 'hours')
  // course materials: kept by content, the type sniffed against the name
  const txt = Buffer.from('课程提纲\n一、品牌培育\n二、订单引导\n')
  const up = expectStatus(await admin.post(`/people/courses/${course.id}/files?name=${encodeURIComponent('提纲.txt')}`, txt, { headers: { 'Content-Type': 'application/octet-stream' } }), 201)
  expectError(await admin.post(`/people/courses/${course.id}/files?name=${encodeURIComponent('提纲.pdf')}`, txt, { headers: { 'Content-Type': 'application/octet-stream' } }), 415, 'file_type_not_allowed', 'file')
  const got = await admin.get(`/people/courses/${course.id}/files/${up.id}`)
  assert.equal(got.status, 200); assert.equal(got.buf.toString(), txt.toString())
  assert.equal((await admin.ok(`/people/courses/${course.id}`)).file_list.length, 1)
  const s1 = expectStatus(await admin.post('/people/sessions', { course_id: course.id, held_on: '2026-06-15', place: '三楼会议室' }), 201)
  const s0 = expectStatus(await admin.post('/people/sessions', { course_id: course.id, held_on: '2026-06-10' }), 201)
  const full = await admin.ok(`/people/sessions/${s1.id}`)
  assert.equal(full.hours, 2.5)
  assert.ok(full.token)
  expectError(await staff.client.post(`/people/sessions/${s1.id}/signin`, { token: 'wrong' }), 400, 'invalid_field', 'token')
  const ok = expectStatus(await staff.client.post(`/people/sessions/${s1.id}/signin`, { token: full.token }), 200)
  assert.equal(ok.session_id, s1.id)
  expectError(await staff.client.post(`/people/sessions/${s1.id}/signin`, { token: full.token }), 409, 'duplicate')
  const t0 = (await admin.ok(`/people/sessions/${s0.id}`)).token
  expectError(await staff.client.post(`/people/sessions/${s0.id}/signin`, { token: t0 }), 409, 'bad_state')
  assert.equal(count('people_signins', `user_id = ${staff.id}`), 1)
  assert.equal((await admin.ok(`/people/sessions/${s1.id}`)).signins.length, 1)

  expectStatus(await admin.post('/people/training/required', { year: 2026, hours: 12 }), 200)
  const csv = ['用户名,姓名,课程名称,学时,完成日期',
    'px_staff,培训职工,网络学院·专卖法规,3.5,2026-05-10',
    'nosuch,某人,课程,1,2026-05-10',
    'px_staff,别人,课程,1,2026-05-10',
    'px_staff,培训职工,课程X,2.55,2026-05-10',
    'px_staff,培训职工,课程Y,1,2026-07-01',
    'px_staff,培训职工,网络学院·专卖法规,3.5,2026-05-10'].join('\n')
  const study0 = count('people_study_hours')
  const rep = expectError(await admin.post('/people/training/hours/import', csv, { headers: { 'Content-Type': 'text/csv' } }), 422, 'import_invalid')
  const errs = rep.details.errors
  assert.deepEqual(errs.map((x) => [x.row, x.column, x.code]), [[3, '用户名', 'not_found'], [4, '姓名', 'invalid_field'], [5, '学时', 'invalid_field'],
    [6, '完成日期', 'invalid_field'], [7, '课程名称', 'duplicate']])
  assert.equal(count('people_study_hours'), study0, 'nothing written')
  const kept = expectStatus(await admin.post('/people/training/hours/import?keep_valid=1', csv, { headers: { 'Content-Type': 'text/csv' } }), 200)
  assert.equal(kept.written, 1); assert.equal(kept.valid, 1); assert.equal(kept.total, 6)
  const again = expectError(await admin.post('/people/training/hours/import', csv.split('\n').slice(0, 2).join('\n'), { headers: { 'Content-Type': 'text/csv' } }), 422, 'import_invalid')
  assert.equal(again.details.errors[0].code, 'duplicate')

  // 2.5 (session) + 3.5 (college) = 6.0 of 12 required
  const h = await admin.ok('/people/training/hours?year=2026&unit_id=' + units.BGS)
  const me = h.items.find((x) => x.user_id === staff.id)
  assert.equal(me.hours, 6); assert.equal(me.sessions, 1); assert.equal(me.met, false); assert.equal(h.required, 12)
  // the unit's figure is the sum of its people's (the demo's 办公室 staff included)
  const bgs = h.by_unit.find((x) => x.unit_id === units.BGS)
  const sum = (k) => Math.round(h.items.reduce((a, x) => a + x[k], 0) * 10) / 10
  assert.equal(bgs.hours, sum('hours')); assert.equal(bgs.signins, sum('sessions')); assert.equal(bgs.people, h.items.length)
  const card = await admin.ok(`/people/persons/${staff.id}/card?year=2026`)
  const inp = card.inputs.find((x) => x.key === 'people.training.hours')
  assert.equal(inp.value, 6); assert.equal(inp.score, 50)
  assert.equal(inp.text, '本年度学时 6.0 / 要求 12.0（培训班 1 次 2.5 学时，网络学院 3.5 学时）')
  const prof = await staff.client.ok(`/people/persons/${staff.id}/profile?year=2026`)
  assert.equal(prof.talent.training.hours, 6); assert.equal(prof.talent.training.required, 12)

  // scope: a 本单位 user of 财务科 neither sees 办公室 people's hours nor imports for them
  const o = await unitUser('CWK', 'px_scope', ['people:training:list', 'people:training:edit'])
  assert.equal((await o.client.ok('/people/training/hours?year=2026')).items.filter((x) => x.user_id === staff.id).length, 0)
  expectError(await o.client.get(`/people/sessions/${s1.id}`), 404, 'not_found')
  const r2 = expectError(await o.client.post('/people/training/hours/import', 'px_staff,培训职工,课程Z,1,2026-05-11'.replace(/^/, '用户名,姓名,课程名称,学时,完成日期\n'), { headers: { 'Content-Type': 'text/csv' } }), 422, 'import_invalid')
  assert.equal(r2.details.errors[0].code, 'not_found')
})

test('项目积分: a milestone opens exactly one 督办 task; points by the rules split by shares; ledger, ranking, rules, scope', async () => {
  const mk = (u, n) => makeUser(srv, admin, { username: u, name: n, unit: 'SCB', roles: ['staff'] }, { login: false })
  const l = await mk('pj_lead', '数据组长'), m1 = await mk('pj_m1', '数据骨干'), m2 = await mk('pj_m2', '数据成员')
  const outsider = await mk('pj_out', '组外人员')
  const team = expectStatus(await admin.post('/people/teams', { name: '数据分析团队', kind: '团队', unit_id: units.SCB, leader_id: l.id, members: [{ user_id: m1.id, role: '骨干' }, { user_id: m2.id }] }), 201)
  assert.deepEqual(team.member_list.map((x) => [x.name, x.role]), [['数据组长', '负责人'], ['数据骨干', '骨干'], ['数据成员', '成员']])
  expectError(await admin.post(`/people/teams/${team.id}/milestones`, { title: '上线', due: '2026-07-31', owner_id: outsider.id }), 400, 'invalid_field', 'owner_id')
  expectError(await admin.post(`/people/teams/${team.id}/milestones`, { title: '上线', due: '2026-06-01', owner_id: m1.id }), 400, 'invalid_field', 'due')
  const tasks0 = count('tasks')
  const ms = expectStatus(await admin.post(`/people/teams/${team.id}/milestones`, { title: '零售户画像数据产品上线', due: '2026-07-31', owner_id: m1.id }), 201)
  assert.equal(count('tasks'), tasks0 + 1)
  assert.equal(count('tasks', `source_ref = 'people.milestone:${ms.id}'`), 1)
  assert.equal(Number(sql(`SELECT id FROM tasks WHERE source_ref = 'people.milestone:${ms.id}'`)), ms.task_id)
  const t = await admin.ok(`/people/teams/${team.id}`)
  assert.equal(t.milestone_list[0].task.status, '已交办')
  assert.equal(t.milestone_list[0].task.due, '2026-07-31')

  // 数据产品 15 × 市级 200% × 一等奖 150% = 45; shares 50/30/20 → 22.5, 13.5, 9 → 22, 13, 9 and the one left to the first
  const out = expectStatus(await admin.post('/people/outputs', { team_id: team.id, kind: '数据产品', title: '零售户画像', level: '市级', award: '一等奖', achieved_on: '2026-05-20',
    members: [{ user_id: l.id, share: 50 }, { user_id: m1.id, share: 30 }, { user_id: m2.id, share: 20 }] }), 201)
  assert.equal(out.points, 45)
  assert.equal(out.rule, '数据产品 15 × 市级 200% × 一等奖 150% = 45')
  assert.deepEqual(out.member_list.map((x) => x.points), [23, 13, 9])
  const ev = expectStatus(await admin.post(`/people/outputs/${out.id}/files?name=${encodeURIComponent('证书.txt')}`, Buffer.from('市级一等奖证书编号 2026-017'), { headers: { 'Content-Type': 'application/octet-stream' } }), 201)
  assert.equal((await admin.ok(`/people/outputs/${out.id}`)).file_list[0].id, ev.id)
  const n0 = count('people_outputs')
  expectError(await admin.post('/people/outputs', { kind: '数据产品', title: '份额不对', achieved_on: '2026-05-20', members: [{ user_id: l.id, share: 50 }, { user_id: m1.id, share: 40 }] }), 400, 'invalid_field', 'members')
  expectError(await admin.post('/people/outputs', { kind: '论文', title: '类型不对', achieved_on: '2026-05-20', members: [{ user_id: l.id }] }), 400, 'invalid_field', 'kind')
  assert.equal(count('people_outputs'), n0)

  // rules: a bad one refused naming the field; a new base for 数据产品 applies to new outputs only
  expectError(await admin.post('/people/points/rules', { base: { 课题: 1 } }), 400, 'invalid_field', 'base.QC成果')
  const rules = (await admin.ok('/people/points/rules')).rules
  rules.base['数据产品'] = 20
  expectStatus(await admin.post('/people/points/rules', rules), 200)
  const out2 = expectStatus(await admin.post('/people/outputs', { kind: '数据产品', title: '片区订单监测', achieved_on: '2026-06-01', members: [{ user_id: m2.id }] }), 201)
  assert.equal(out2.points, 20)
  assert.equal((await admin.ok(`/people/outputs/${out.id}`)).points, 45)

  // ranking: 数据成员 9 + 20 = 29, 数据组长 23, 数据骨干 13
  const rank = (await admin.ok('/people/points/ranking?year=2026')).items.filter((x) => [l.id, m1.id, m2.id].includes(x.user_id))
  assert.deepEqual(rank.map((x) => [x.name, x.points]), [['数据成员', 29], ['数据组长', 23], ['数据骨干', 13]])
  const ledger = (await admin.ok(`/people/points?year=2026&user_id=${m2.id}`)).items
  assert.deepEqual(ledger.map((x) => x.points), [20, 9])
  const prof = await admin.ok(`/people/persons/${m2.id}/profile?year=2026`)
  assert.equal(prof.talent.points_year, 29)
  assert.equal(prof.talent.outputs.length, 2)

  // scope: a 本单位 user of 稽查队 sees neither the team, the output nor the people's points
  const o = await unitUser('JCD', 'pj_scope', ['people:project:list', 'people:project:edit'])
  expectError(await o.client.get(`/people/teams/${team.id}`), 404, 'not_found')
  expectError(await o.client.get(`/people/outputs/${out.id}`), 404, 'not_found')
  expectError(await o.client.get(`/people/outputs/${out.id}/files/${ev.id}`), 404, 'not_found')
  assert.equal((await o.client.ok('/people/points/ranking?year=2026')).items.filter((x) => x.user_id === m2.id).length, 0)
  expectError(await o.client.post(`/people/teams/${team.id}/milestones`, { title: '越权', due: '2026-07-31', owner_id: m1.id }), 404, 'not_found')
})

test('the demo: a finished 双聘 round in the history, 30 training sessions, the 融媒体 station and the data team with their points', async () => {
  const rounds = (await admin.ok('/people/rounds')).items.filter((r) => r.title.startsWith('新一轮') && r.status === '已任命')
  assert.equal(rounds.length, 1)
  const r = await admin.ok(`/people/rounds/${rounds[0].id}`)
  const appointed = r.items.filter((a) => a.appointed)
  assert.equal(appointed.length, 2)
  for (const a of appointed) {
    const h = (await admin.ok(`/people/persons/${a.user_id}/posts`)).items
    assert.equal(h[0].source, `round:${r.id}`); assert.equal(h[0].started_on, r.appointed_on); assert.equal(h[1].ended_on, r.appointed_on)
  }
  assert.ok(r.publicity_to < r.appointed_on)
  assert.equal(count('people_sessions', "course_id IN (SELECT id FROM people_courses WHERE title <> '卷烟营销实务')"), 30) // not the training test's own
  const teams = (await admin.ok('/people/teams')).items
  const media = teams.find((t) => t.name === '常烟融媒体分站'), data = teams.find((t) => t.name === '常烟数据小团')
  assert.equal(media.outputs, 10)
  const outs = (await admin.ok(`/people/outputs?team_id=${data.id}`)).items
  assert.equal(outs.filter((o) => o.kind === '课题' || o.kind === 'QC成果').length, 4)
  assert.equal(outs.filter((o) => o.kind === '数据产品').length, 6)
  // every output's points equal the shipped rules and its members' lines add up to them
  for (const o of outs.slice(0, 3)) {
    const full = await admin.ok(`/people/outputs/${o.id}`)
    assert.equal(full.member_list.reduce((s, m) => s + m.points, 0), full.points)
  }
  const qc = outs.find((o) => o.kind === 'QC成果')
  assert.equal(qc.points, 96) // 20 × 省级 400% × 二等奖 120%
  const t = await admin.ok(`/people/teams/${data.id}`)
  assert.equal(t.milestone_list.length, 2)
  for (const m of t.milestone_list) assert.equal(m.task.status, '已交办')
})

// On the real clock (a server of its own: the feed covers the last 24 months before today, and the demo's sessions lie in
// the last twelve before the real today), the cockpit's 培训签到人次 of a unit and month is the module's own count.
test('cockpit feed 培训签到人次 (PX_ATTEND): a unit and month equal the sign-ins of that unit\'s people', async () => {
  const s2 = await startServer(import.meta.filename)
  try {
    const a = s2.client()
    await a.loginOk('admin', ADMIN_PASSWORD)
    const q = (x) => execFileSync('sqlite3', [s2.db, x], { encoding: 'utf8' }).trim()
    // the busiest leaf unit and month of the demo's sign-ins (a leaf: its figure is its own, no sub-units added)
    const [unit, month, n] = q(`SELECT unit_id || '|' || m || '|' || c FROM (SELECT u.unit_id, substr(x.held_on, 1, 7) AS m, count(*) AS c
      FROM people_signins g JOIN people_sessions x ON x.id = g.session_id JOIN users u ON u.id = g.user_id
      WHERE u.unit_id NOT IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL) GROUP BY u.unit_id, m) ORDER BY c DESC, unit_id, m LIMIT 1`).split('|')
    assert.ok(Number(n) > 0)
    const row = await until(`PX_ATTEND ${unit} ${month}`, async () => {
      const v = await a.ok(`/cockpit/values?indicator=PX_ATTEND&unit=${unit}&from=${month}&to=${month}`)
      const r = v.items.find((x) => x.unit_id === Number(unit) && x.month === month)
      return r && r.value === Number(n) ? r : null
    })
    assert.equal(row.value, Number(n))
    const ind = (await a.ok('/cockpit/indicators')).items.find((i) => i.code === 'PX_ATTEND')
    assert.equal(ind.feeder, 'module'); assert.equal(ind.name, '培训签到人次')
  } finally {
    assert.equal(await s2.stop(), 0)
  }
})
