// Correct under concurrency (issue 12): 10 rounds of 4 identical creates fired at once at every create endpoint.
// A uniqueness race answers one 201 and 409 for the rest (the check runs inside the write transaction, a constraint
// maps to 409 naming the field); an upsert answers 200 to all; nothing ever answers 500 or leaves a half write.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, expectStatus, unitIds, roleIds, makeUser, DEMO_PASSWORD, ROOT } from './lib.mjs'
import { bureauDate, bureauStamp } from './bureau_time.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
const ROUNDS = 10
const AT_ONCE = 4
let clients, ids, roles, checklist, shopId

before(async () => {
  await srv.ready
  // Four sessions of the admin: four connections, served by different worker threads.
  clients = await Promise.all(Array.from({ length: AT_ONCE }, () => srv.admin()))
  ids = await unitIds(clients[0])
  roles = await roleIds(clients[0])
  checklist = expectStatus(await clients[0].post('/tasks/checklists', { kind: '办实事', title: '并发测试清单（事项）', year: 2026 }), 201)
  shopId = (await clients[0].ok('/shops?size=1')).items[0].id
})

/** Fires the same request from every client at once, ROUNDS times; answers the statuses of each round. */
async function race(method, path, body) {
  const rounds = []
  for (let i = 0; i < ROUNDS; i++) {
    const p = typeof path === 'function' ? path(i) : path
    const b = typeof body === 'function' ? body(i) : body
    const res = await Promise.all(clients.map((c) => c.req(method, p, { body: b })))
    for (const r of res) assert.ok(r.status < 500, `${method} ${p} round ${i}: ${r.status} ${r.text.slice(0, 300)}`)
    rounds.push(res)
  }
  return rounds
}
/** One create wins each round; the others are told 409 naming the field. */
function oneWins(rounds, field) {
  for (const res of rounds) {
    const codes = res.map((r) => r.status).sort()
    assert.deepEqual(codes, [201, 409, 409, 409], res.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'))
    for (const r of res.filter((x) => x.status === 409)) {
      assert.equal(r.json.error.code, 'duplicate')
      if (field) assert.equal(r.json.error.field, field)
    }
  }
}
/** No round fails: each holds at least one 201 and nothing but 201 and 409 (whether a second identical create is a
 * duplicate is the module's rule; a 500 never is). */
function only201or409(rounds) {
  for (const res of rounds) {
    const what = res.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')
    assert.ok(res.some((r) => r.status === 201) && res.every((r) => r.status === 201 || r.status === 409), what)
  }
}
const allAre = (rounds, status) => { for (const res of rounds) assert.deepEqual(res.map((r) => r.status), Array(AT_ONCE).fill(status), res.map((r) => r.text.slice(0, 200)).join('\n')) }

test('org: units, users, roles', async () => {
  oneWins(await race('POST', '/org/units', (i) => ({ parent_id: ids.JU, code: `RACE${i}`, name: `并发单位${i}`, kind: '组' })), 'code')
  oneWins(await race('POST', '/org/users', (i) => ({ username: `race.u${i}`, name: `并发用户${i}`, unit_id: ids.CQS, role_ids: [roles.staff], phone: '' })), 'username')
  oneWins(await race('POST', '/org/roles', (i) => ({ code: `race_r${i}`, name: `并发角色${i}`, data_scope: 'unit', perms: ['org:user:list'] })), 'code')
  allAre(await race('PUT', (i) => `/org/calendar/2031-05-${String(i + 1).padStart(2, '0')}`, { kind: '法定节假日', name: '并发假日' }), 200)
})

test('tasks: tasks, checklists and their items, plans, robots', async () => {
  allAre(await race('POST', '/tasks/tasks', (i) => ({ title: `并发任务${i}`, lead_unit_id: ids.CQS, due_date: '2031-06-30' })), 201)
  const cl = await race('POST', '/tasks/checklists', (i) => ({ kind: '整改', title: `并发清单${i}`, year: 2031 }))
  for (const res of cl) assert.ok(res.some((r) => r.status === 201) && res.every((r) => r.status === 201 || r.status === 409))
  allAre(await race('POST', `/tasks/checklists/${checklist.id}/items`, (i) => ({ title: `并发事项${i}`, unit_id: ids.CQS })), 201)
  oneWins(await race('POST', '/tasks/plans', (i) => ({ year: 2031, title: `并发计划${i}`, text: '一、重点工作\n（一）并发测试事项。' })))
  allAre(await race('PUT', (i) => `/tasks/webhooks/${i % 2 ? ids.CQS : ids.LTS}`, (i) => ({ url: `http://127.0.0.1:9/hook${i}` })), 200)
})

test('shops: shops, categories, self-check links', async () => {
  oneWins(await race('POST', '/shops', (i) => ({ license_no: `3311990900${String(i).padStart(2, '0')}`, name: `并发小店${i}`, owner_name: '并发', unit_id: ids.CQS,
    category: '便利店', grade: 3, area: '城镇', lng: 119.92, lat: 28.45 })), 'license_no')
  oneWins(await race('POST', '/shops/categories', (i) => ({ name: `并发业态${i}` })), 'name')
  for (const res of await race('POST', `/shops/${shopId}/selfcheck-link`, {})) assert.ok(res.every((r) => r.status === 200 || r.status === 201))
})

test('cockpit: indicators, keys, values, targets', async () => {
  oneWins(await race('POST', '/cockpit/indicators', (i) => ({ code: `RACE_${i}`, name: `并发指标${i}`, category: '专卖', direction: 'higher', time_agg: 'sum' })), 'code')
  for (const res of await race('POST', '/cockpit/keys', (i) => ({ name: `并发密钥${i}`, indicators: ['AJS'] }))) {
    assert.ok(res.some((r) => r.status === 201) && res.every((r) => r.status === 201 || r.status === 409))
  }
  allAre(await race('PUT', '/cockpit/values', (i) => ({ indicator: 'PXRC', unit_id: ids.BGS, month: `2031-${String(i + 1).padStart(2, '0')}`, value: i + 1 })), 200)
  allAre(await race('PUT', '/cockpit/targets', (i) => ({ indicator: 'PXRC', unit_id: ids.BGS, year: 2031 + i, value: 100 + i })), 200)
})

test('evals: rounds', async () => {
  for (const res of await race('POST', '/evals/rounds', (i) => ({ name: `并发评价${i}`, period: `20${31 + i}-Q1`, unit_ids: [ids.CQS] }))) {
    assert.ok(res.some((r) => r.status === 201) && res.every((r) => r.status === 201 || r.status === 409), res.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'))
  }
})

test('evals: one evaluation per shop and round — a second submission 409, a resend of the same request 200', async () => {
  const period = '2045-Q2'
  const round = expectStatus(await clients[0].post('/evals/rounds', { name: '并发提交', period, unit_ids: [ids.LTS] }), 201)
  const prog = await clients[0].ok(`/evals/rounds/${round.id}`)
  const top = prog.progress.managers.filter((m) => m.manager_id).sort((a, b) => b.assigned - a.assigned)[0]
  const mgrName = (await clients[0].ok(`/org/users/${top.manager_id}`)).username
  const mgrs = await Promise.all(Array.from({ length: AT_ONCE }, async () => { const c = srv.client(); await c.loginOk(mgrName, DEMO_PASSWORD); return c }))
  const pending = (await mgrs[0].ok(`/evals/assignments?round_id=${round.id}&state=pending&size=${2 * ROUNDS}`)).items
  assert.ok(pending.length >= 2 * ROUNDS, `assignments: ${pending.length}`)
  const photo = readFileSync(join(ROOT, 'tests', 'data', 'evals', 'shop1.jpg'))
  const sign = readFileSync(join(ROOT, 'tests', 'data', 'evals', 'signature.jpg'))
  const up = async (kind, buf) => expectStatus(await mgrs[0].req('POST', `/evals/photos?kind=${kind}`, { rawBody: buf, headers: { 'Content-Type': 'application/octet-stream' } }), 201).id
  const good = { display_visible: 8, display_clean: 7, display_rich: 6, display_standard: 8, display_lasting: 7, price_tag: 9, lawful: 15, ordering: 11,
    cooperation: 6, information: 5, modern_terminal: 4 }
  const submit = async (a, requestId) => {
    const ph = await up('photo', photo)
    const sg = await up('signature', sign)
    return { assignment_id: a.id, request_id: requestId, answers: good, lng: a.lng, lat: a.lat, accuracy: 10, open_lng: a.lng, open_lat: a.lat,
      opened_at: bureauStamp(-300), submitted_at: bureauStamp(-10), photo_ids: [ph], signature_id: sg }
  }
  for (let i = 0; i < ROUNDS; i++) {
    // four phones of the same manager send the same shop with four request ids: one evaluation, the others refused
    const a = pending[2 * i]
    const bodies = await Promise.all(mgrs.map((_, k) => submit(a, `race-${a.id}-${k}-aaaaaaaa`)))
    const res = await Promise.all(mgrs.map((c, k) => c.post('/evals/evaluations', bodies[k])))
    const what = res.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')
    assert.deepEqual(res.map((r) => r.status).sort(), [201, 409, 409, 409], what)
    // one phone's request sent four times at once (a retry storm): one evaluation, the resends answer it back
    const b = pending[2 * i + 1]
    const body = await submit(b, `race-${b.id}-same-aaaaaaaa`)
    const again = await Promise.all(mgrs.map((c) => c.post('/evals/evaluations', body)))
    const what2 = again.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')
    assert.deepEqual(again.map((r) => r.status).sort(), [200, 200, 200, 201], what2)
    assert.ok(again.every((r) => r.json.id === again[0].json.id), what2)
  }
  const list = await clients[0].ok(`/evals/evaluations?round_id=${round.id}&size=100`)
  assert.equal(list.total, 2 * ROUNDS, 'one evaluation per shop')
})

test('people: vote boxes, their codes, a code cast at once from four phones, sanctions, 考核 campaigns, 评优 selections', async () => {
  const box = (i) => ({ title: `并发测评${i}`, kind: 'grade', quota_permille: 500, candidates: [{ name: '张明' }, { name: '李华' }],
    groups: [{ name: '领导班子', weight: 60 }, { name: '职工代表', weight: 40 }] })
  allAre(await race('POST', '/people/votes', box), 201)
  const b = expectStatus(await clients[0].post('/people/votes', box('投票')), 201)
  const [g1] = b.groups.map((g) => g.id)
  const [c1, c2] = b.candidate_list.map((c) => c.id)
  allAre(await race('POST', `/people/votes/${b.id}/codes`, { group_id: g1, count: 2 }), 201)
  const codes = expectStatus(await clients[0].post(`/people/votes/${b.id}/codes`, { group_id: g1, count: ROUNDS }), 201).codes.map((c) => c.code)
  expectStatus(await clients[0].post(`/people/votes/${b.id}/open`, {}), 200)
  // the same code from four anonymous phones at once: one ballot counted, the others told the code is used
  const phones = Array.from({ length: AT_ONCE }, () => srv.client())
  for (let i = 0; i < ROUNDS; i++) {
    const res = await Promise.all(phones.map((c) => c.post(`/people/ballots/${codes[i]}`, { grades: { [c1]: '优秀', [c2]: '称职' } })))
    const what = res.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')
    assert.deepEqual(res.map((r) => r.status).sort(), [201, 409, 409, 409], what)
  }
  const open = await clients[0].ok(`/people/votes/${b.id}`)
  const g = open.groups.find((x) => x.id === g1)
  assert.deepEqual([g.issued, g.cast], [2 * AT_ONCE * ROUNDS + ROUNDS, ROUNDS], 'one ballot per code')
  const staff = await makeUser(srv, clients[0], { username: 'race_sanction', name: '并发处分', unit: 'BGS', roles: ['staff'] }, { login: false })
  allAre(await race('POST', '/people/sanctions', (i) => ({ user_id: staff.id, type: '警告', decided_on: `2025-0${(i % 9) + 1}-10`, reason: `并发${i}` })), 201)
  only201or409(await race('POST', '/people/campaigns', (i) => ({ year: 2030 + i, title: `并发考核${i}`, subject: 'person', weights: { ballot: 50, leader: 30, inputs: 20 },
    quota_permille: 400, publicity_days: 5, subjects: [{ user_id: staff.id }], groups: [{ name: '职工代表', weight: 100 }] })))
  only201or409(await race('POST', '/people/selections', (i) => ({ year: 2030 + i, title: `并发评选${i}`, kind: '优秀员工', subject: 'person', places: 2, publicity_days: 3 })))
})

test('party: organisations, members (one branch per person), meetings, learning', async () => {
  const orgs = (await clients[0].ok('/party/orgs?size=200')).items
  const committee = orgs.find((o) => o.name === '县局（分公司）党委')
  oneWins(await race('POST', '/party/orgs', (i) => ({ parent_id: committee.id, kind: '党支部', name: `并发党支部${i}`, founded_on: '2020-01-01', unit_ids: [] })), 'name')
  const branch = expectStatus(await clients[0].post('/party/orgs', { parent_id: committee.id, kind: '党支部', name: '并发成员支部', founded_on: '2020-01-01', unit_ids: [] }), 201)
  const users = []
  for (let i = 0; i < ROUNDS; i++) users.push(await makeUser(srv, clients[0], { username: `race_party${i}`, name: `并发党员${i}`, unit: 'CWK', roles: ['staff'] }, { login: false }))
  oneWins(await race('POST', '/party/members', (i) => ({ name: `并发党员${i}`, user_id: users[i].id, org_id: branch.id, status: '正式',
    joined_on: '2010-07-01', full_on: '2011-07-01' })), 'user_id')
  const today = bureauDate(0)
  only201or409(await race('POST', '/party/meetings', (i) => ({ org_id: branch.id, kind: '支委会', topic: `并发会议${i}`, planned_on: today, held_on: today })))
  only201or409(await race('POST', '/party/learning', (i) => ({ org_id: branch.id, kind: '周一夜学', held_on: today, topic: `并发学习${i}`, hours: 1 })))
})

test('risks: the register, complaints, drills, audit findings', async () => {
  allAre(await race('POST', '/risks/register', (i) => ({ list: '风险', title: `并发风险${i}`, category: '安全生产', owner_unit_id: ids.WLZX, likelihood: 3, impact: 4,
    prevention: '预防', monitoring: '监控', handling: '处置' })), 201)
  allAre(await race('POST', '/risks/complaints', (i) => ({ channel: '12313', category: '价格问题', subject: `并发投诉${i}`, caller: '李女士', phone: '13900000000' })), 201)
  allAre(await race('POST', '/risks/drills', (i) => ({ unit_id: ids.SMS, form: '单项', mode: '实战', title: `并发演练${i}`, plan_kind: '现场处置', day: `2025-0${(i % 9) + 1}-15` })), 201)
  allAre(await race('POST', '/risks/findings', (i) => ({ source: '市局审计', title: `并发审计发现${i}`, severity: '较重', unit_id: ids.BGS, due: '2031-12-31', amount: '100.00' })), 201)
})

test('report: drafts of a year, concurrently', async () => {
  only201or409(await race('POST', '/report/drafts', (i) => ({ year: 2022 })))
  const drafts = (await clients[0].ok('/report/drafts?year=2022&size=100')).items
  assert.ok(drafts.length >= 1)
})

test('people: 双聘 posts and grades, training courses and sessions, 项目积分 teams and outputs', async () => {
  only201or409(await race('POST', '/people/posts', (i) => ({ unit_id: ids.CQS, name: `并发岗位${i}`, family: '专卖', level: 6, term_years: 3, places: 1 })))
  only201or409(await race('POST', '/people/grades', (i) => ({ name: `并发职级${i}`, rank_order: 40 + i })))
  only201or409(await race('POST', '/people/courses', (i) => ({ title: `并发课程${i}`, category: '营销', hours: 2.5, summary: '并发' })))
  const course = expectStatus(await clients[0].post('/people/courses', { title: '并发培训', category: '营销', hours: 1, summary: '并发' }), 201)
  only201or409(await race('POST', '/people/sessions', (i) => ({ course_id: course.id, held_on: `2026-0${(i % 9) + 1}-15`, place: '三楼会议室' })))
  const staff = await makeUser(srv, clients[0], { username: 'race_team', name: '并发骨干', unit: 'SCB', roles: ['staff'] }, { login: false })
  only201or409(await race('POST', '/people/teams', (i) => ({ name: `并发团队${i}`, kind: '团队', unit_id: ids.SCB, leader_id: staff.id, members: [] })))
  only201or409(await race('POST', '/people/outputs', (i) => ({ kind: '数据产品', title: `并发成果${i}`, achieved_on: '2026-06-01', members: [{ user_id: staff.id }] })))
})

test('party: 党费 of a member and month, 党支部+项目', async () => {
  const member = (await clients[0].ok('/party/members?size=1')).items[0]
  only201or409(await race('POST', '/party/dues', (i) => ({ member_id: member.id, month: `2019-${String(i + 1).padStart(2, '0')}`, amount_fen: 2000 })))
  const branch = (await clients[0].ok('/party/orgs?size=200')).items.find((o) => o.kind === '党支部')
  only201or409(await race('POST', '/party/projects', (i) => ({ org_id: branch.id, name: `并发项目${i}`, goal: '并发' })))
})

test('risks: 三项项目, 应急预案, 舆情, 安全检查, 保密 documents and checks', async () => {
  const day = bureauDate(0)
  only201or409(await race('POST', '/risks/projects', (i) => ({ kind: '物资采购', title: `并发采购${i}`, need: '并发', category: '办公家具', unit_id: ids.BGS, amount: '1000.00',
    planned_on: bureauDate(10) })))
  only201or409(await race('POST', '/risks/plans', (i) => ({ unit_id: ids.WLZX, kind: '现场处置', title: `并发预案${i}`, version: 'V1.0', issued_on: day, content: '并发' })))
  only201or409(await race('POST', '/risks/opinions', (i) => ({ unit_id: ids.BGS, title: `并发舆情${i}`, source: '微博', level: '一般', first_seen: `${day} 08:10` })))
  only201or409(await race('POST', '/risks/safety/checks', (i) => ({ unit_id: ids.WLZX, place: '仓库', target: `并发${i}号仓库` })))
  only201or409(await race('POST', '/risks/secrecy/docs', (i) => ({ unit_id: ids.BGS, doc_no: `浙烟办〔2026〕${900 + i}号`, title: `并发涉密文件${i}`, level: '机密', issuer: '市局办公室',
    received_sign: '王机要', received_on: day })))
  only201or409(await race('POST', '/risks/secrecy/checks', (i) => ({ unit_id: ids.SCB, scope: `并发检查${i}`, inspectors: '内管科', conclusion: '未发现问题', findings: [] })))
})

test('sweeps run at once (risk reviews, 三会一课 reminders) and 批量立项 of one plan from four sessions; 双聘 rounds, 党建服务包', async () => {
  // two sweeps racing for the same source keys: each answers 200, and a third finds nothing left to open
  allAre(await race('POST', '/risks/sweep', {}), 200)
  assert.equal(expectStatus(await clients[0].post('/risks/sweep', {}), 200).opened, 0)
  allAre(await race('POST', '/party/schedule/sweep', {}), 200)
  const text = '一、并发批量\n（一）并发事项。做好两件事：①第一件；②第二件。\n'
  const plan = expectStatus(await clients[0].post('/tasks/plans', { year: 2032, title: '并发批量立项', text }), 201)
  const [n1, n2] = plan.tree[0].children[0].children
  only201or409(await race('POST', '/tasks/tasks/batch', { plan_id: plan.id, lead_unit_id: ids.BGS, items: [{ node_id: n1.id }, { node_id: n2.id }] }))
  const posts = (await clients[0].ok('/people/posts?size=5')).items
  const grade = (await clients[0].ok('/people/grades?size=5')).items[0]
  assert.ok(posts.length && grade && posts[0].unit_id, 'the demo has 双聘 posts and grades')
  only201or409(await race('POST', '/people/rounds', (i) => ({ title: `并发双聘${i}`, unit_id: posts[0].unit_id, w_written: 40, w_interview: 40, w_review: 20, min_years: 3,
    publicity_days: 5, posts: [{ post_id: posts[0].id, grade_id: grade.id, places: 1 }] })))
})
