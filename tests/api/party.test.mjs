// API tests of 党建 (party): the organisation tree and its scope (a branch secretary sees his branch only, through the
// units it covers or as its 书记), members one branch at a time, 三会一课 records with attendance from the branch's
// member list, refusals that leave nothing written (a held meeting dated in the future, an attendee of another
// branch), the QR sign-in once per member, and the schedule turning green when the month's 支委会 is recorded.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, makeUser, auditOf, DEMO_PASSWORD } from './lib.mjs'

const srv = serverFor(test, import.meta.url)
let admin, orgs, jiguan, shichang, zhuanmai, secretary

const byName = (name) => orgs.find((o) => o.name === name)
async function login(username) {
  const c = srv.client()
  await c.loginOk(username, DEMO_PASSWORD)
  return c
}
function today() {
  // the server's "today" is the bureau's (Asia/Shanghai) date
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
}
function addDays(day, n) { return new Date(Date.parse(day + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10) }
const meetingCount = async (c, org) => (await c.ok(`/party/meetings?org=${org}&size=1`)).total

before(async () => {
  await srv.ready
  admin = await srv.admin()
  orgs = (await admin.ok('/party/orgs')).items
  jiguan = byName('机关党支部')
  shichang = byName('市场党支部')
  zhuanmai = byName('专卖党支部')
  assert.ok(jiguan && shichang && zhuanmai, 'demo branches')
  secretary = await login(jiguan.secretary.username)
})

test('demo: a 党委, three branches with two 党小组 each, about 60 members, a red calendar for the branch that missed two 支委会', async () => {
  assert.equal(orgs.filter((o) => o.kind === '党委').length, 1)
  assert.equal(orgs.filter((o) => o.kind === '党支部').length, 3)
  assert.equal(orgs.filter((o) => o.kind === '党小组').length, 6)
  const members = await admin.ok('/party/members?size=1')
  assert.ok(members.total >= 50 && members.total <= 70, `members: ${members.total}`)
  const all = await admin.ok(`/party/schedule?year=${today().slice(0, 4)}`)
  const sc = all.items.find((x) => x.org.id === shichang.id)
  const year = Number(today().slice(0, 4))
  const m = Number(today().slice(5, 7))
  // March and August were skipped: each is red once its month is over
  const expectMissed = (m > 3 ? 1 : 0) + (m > 8 ? 1 : 0)
  assert.equal(sc.missed, expectMissed, JSON.stringify(sc))
  const detail = await admin.ok(`/party/schedule?org=${shichang.id}&year=${year}`)
  const committee = detail.rows.find((r) => r.kind === 'committee')
  assert.equal(committee.periods.length, 12)
  if (m > 3) assert.equal(committee.periods[2].state, 'missed')
  if (m > 2) assert.equal(committee.periods[1].state, 'held')
  // a branch's calendar also carries each 党小组's 党小组会
  assert.equal(detail.rows.filter((r) => r.kind === 'group').length, 2)
})

test('scope: a branch secretary sees his branch and its 党小组, nothing of the others (404)', async () => {
  const mine = (await secretary.ok('/party/orgs')).items
  const names = mine.map((o) => o.name).sort()
  assert.ok(names.includes('机关党支部'))
  assert.ok(!names.includes('市场党支部') && !names.includes('专卖党支部') && !names.includes('县局（分公司）党委'), names.join(','))
  for (const g of orgs.filter((o) => o.parent_id === jiguan.id)) assert.ok(names.includes(g.name), g.name)
  expectError(await secretary.get(`/party/orgs/${shichang.id}`), 404, 'not_found')
  expectError(await secretary.get(`/party/schedule?org=${shichang.id}`), 404, 'not_found')
  const meetings = await secretary.ok('/party/meetings?size=200')
  assert.ok(meetings.total > 0)
  const visible = new Set(mine.map((o) => o.id))
  assert.ok(meetings.items.every((x) => visible.has(x.org_id)))
  const members = await secretary.ok('/party/members?size=200')
  assert.ok(members.items.every((x) => x.org_id === jiguan.id), 'members of his branch only')
  const other = (await admin.ok(`/party/members?org=${shichang.id}&size=1`)).items[0]
  expectError(await secretary.get(`/party/members/${other.id}`), 404, 'not_found')
})

test('scope: a self-scoped staff member sees exactly the branch he is 书记 of', async () => {
  const u = await makeUser(srv, admin, { username: 'party_sec1', name: '周建党', unit: 'WLZX', roles: ['staff'] })
  assert.equal((await u.client.ok('/party/orgs')).total, 0, 'not yet a secretary: nothing')
  const m = expectStatus(await admin.post('/party/members', { name: '周建党', user_id: u.id, org_id: zhuanmai.id, status: '正式', role: '书记',
    joined_on: '2010-07-01', full_on: '2011-07-01' }), 201)
  assert.equal(m.org_id, zhuanmai.id)
  const seen = (await u.client.ok('/party/orgs')).items.map((o) => o.name)
  assert.ok(seen.includes('专卖党支部') && !seen.includes('机关党支部'), seen.join(','))
  // and he may record his branch's meetings, not another's
  const held = today()
  expectStatus(await u.client.post('/party/meetings', { org_id: zhuanmai.id, kind: '支委会', topic: '研究本月工作', planned_on: held, held_on: held }), 201)
  expectError(await u.client.post('/party/meetings', { org_id: jiguan.id, kind: '支委会', topic: '越权', planned_on: held, held_on: held }), 400, 'invalid_field', 'org_id')
})

test('a member is in one branch at a time: a user already a member is refused, a transfer keeps the history', async () => {
  const existing = (await admin.ok(`/party/members?org=${shichang.id}&size=5`)).items.find((x) => x.user_id)
  const before = (await admin.ok('/party/members?size=1')).total
  expectError(await admin.post('/party/members', { name: existing.name, user_id: existing.user_id, org_id: jiguan.id, status: '正式',
    joined_on: '2001-01-01', full_on: '2002-01-01' }), 409, 'duplicate', 'user_id')
  assert.equal((await admin.ok('/party/members?size=1')).total, before, 'nothing stored')
  const moved = expectStatus(await admin.post(`/party/members/${existing.id}/transfer`, { kind: '内部调动', to_org_id: zhuanmai.id, on_date: today(),
    reason: '岗位调整' }), 200)
  assert.equal(moved.org_id, zhuanmai.id)
  assert.deepEqual(moved.transfers.map((t) => t.kind), ['转入', '内部调动'])
  assert.equal(moved.transfers[1].from, '市场党支部')
  assert.equal(moved.transfers[1].to, '专卖党支部')
  const audit = await auditOf(admin, 'party_member', existing.id)
  assert.ok(audit.some((a) => a.action === 'party.member.transfer'))
  // a 党小组 of another branch is refused
  const grp = orgs.find((o) => o.parent_id === jiguan.id)
  expectError(await admin.post(`/party/members/${existing.id}/transfer`, { kind: '内部调动', to_org_id: shichang.id, group_id: grp.id, on_date: today() }),
    400, 'invalid_field', 'group_id')
})

test('bad meetings: held in the future, an attendee of another branch → 400 naming the field, nothing stored', async () => {
  const n0 = await meetingCount(admin, jiguan.id)
  const tomorrow = addDays(today(), 1)
  expectError(await secretary.post('/party/meetings', { org_id: jiguan.id, kind: '支委会', topic: '下月工作', planned_on: tomorrow, held_on: tomorrow }),
    400, 'invalid_field', 'held_on')
  const outsider = (await admin.ok(`/party/members?org=${shichang.id}&size=1`)).items[0]
  const own = (await secretary.ok(`/party/members?org=${jiguan.id}&size=3`)).items
  const r = await secretary.post('/party/meetings', { org_id: jiguan.id, kind: '支部党员大会', topic: '季度党员大会', planned_on: today(), held_on: today(),
    attendance: [{ member_id: own[0].id, state: '出席' }, { member_id: outsider.id, state: '出席' }] })
  const e = expectError(r, 400, 'invalid_field', 'attendance[1].member_id')
  assert.match(e.message, /不在本组织/)
  expectError(await secretary.post('/party/meetings', { org_id: jiguan.id, kind: '党课', topic: '党课', planned_on: today(), held_on: today(),
    attendance: [{ member_id: own[1].id, state: '请假' }] }), 400, 'invalid_field', 'attendance[0].reason')
  expectError(await secretary.post('/party/meetings', { org_id: jiguan.id, kind: '党小组会', topic: '小组会', planned_on: today() }), 400, 'invalid_field', 'kind')
  assert.equal(await meetingCount(admin, jiguan.id), n0, 'nothing stored')
})

test('QR sign-in: once per member, only expected attendees; the month\'s 支委会 turns the calendar green', async () => {
  const year = today().slice(0, 4)
  const month = Number(today().slice(5, 7))
  // a branch founded this January has nothing held: its current month is open, not green
  const fresh = expectStatus(await admin.post('/party/orgs', { parent_id: byName('县局（分公司）党委').id, kind: '党支部', name: '测试党支部',
    founded_on: `${year}-01-01`, unit_ids: [] }), 201)
  const sec = await makeUser(srv, admin, { username: 'party_sec2', name: '吴新党', unit: 'CWK', roles: ['staff'] })
  const mate = await makeUser(srv, admin, { username: 'party_mem2', name: '郑同志', unit: 'CWK', roles: ['staff'] })
  const s = expectStatus(await admin.post('/party/members', { name: '吴新党', user_id: sec.id, org_id: fresh.id, status: '正式', role: '书记',
    joined_on: '2008-07-01', full_on: '2009-07-01' }), 201)
  expectStatus(await admin.post('/party/members', { name: '郑同志', user_id: mate.id, org_id: fresh.id, status: '预备', role: '组织委员', joined_on: `${year}-01-02` }), 201)
  let cal = await sec.client.ok(`/party/schedule?org=${fresh.id}&year=${year}`)
  const cur = (c) => c.rows.find((r) => r.kind === 'committee').periods[month - 1]
  assert.equal(cur(cal).state, 'open')
  const m = expectStatus(await sec.client.post('/party/meetings', { org_id: fresh.id, kind: '支委会', topic: '研究本月工作', planned_on: today(),
    held_on: today(), place: '三楼会议室', presenter_id: s.id, recorder_id: s.id }), 201)
  assert.equal(m.expected, 2, 'the committee: 书记 and 委员')
  assert.equal(m.present, 0)
  const detail = await sec.client.ok(`/party/meetings/${m.id}`)
  assert.ok(detail.sign_token)
  expectError(await mate.client.post(`/party/meetings/${m.id}/signin`, { token: 'wrong' }), 400, 'invalid_field', 'token')
  expectStatus(await mate.client.post(`/party/meetings/${m.id}/signin`, { token: detail.sign_token }), 200)
  expectError(await mate.client.post(`/party/meetings/${m.id}/signin`, { token: detail.sign_token }), 409, 'duplicate')
  const outsider = await login(jiguan.secretary.username)
  expectError(await outsider.post(`/party/meetings/${m.id}/signin`, { token: detail.sign_token }), 403, 'forbidden')
  const after = await sec.client.ok(`/party/meetings/${m.id}`)
  assert.equal(after.present, 1)
  const row = after.attendance.find((a) => a.name === '郑同志')
  assert.equal(row.state, '出席')
  assert.ok(row.signed_at)
  cal = await sec.client.ok(`/party/schedule?org=${fresh.id}&year=${year}`)
  assert.equal(cur(cal).state, 'held')
  assert.equal(cur(cal).held, 1)
  assert.ok(cal.rows.find((r) => r.kind === 'committee').periods.slice(0, month - 1).every((p) => p.state === 'missed'))
  const audit = await auditOf(admin, 'party_meeting', m.id)
  assert.deepEqual(audit.map((a) => a.action).sort(), ['party.meeting.create', 'party.meeting.signin'])
})

test('frequencies are settings: 支委会 quarterly from January makes this year four periods', async () => {
  const year = today().slice(0, 4)
  expectError(await admin.req('PUT', '/party/settings/frequencies', { body: { from: `${year}-01-01`, frequencies: { committee: 2 } } }), 400, 'invalid_field',
    'frequencies.committee')
  expectStatus(await admin.req('PUT', '/party/settings/frequencies', { body: { from: `${year}-01-01`, frequencies: { committee: 3 } } }), 200)
  const cal = await admin.ok(`/party/schedule?org=${jiguan.id}&year=${year}`)
  assert.equal(cal.rows.find((r) => r.kind === 'committee').periods.length, 4)
  const last = await admin.ok(`/party/schedule?org=${jiguan.id}&year=${Number(year) - 1}`)
  assert.equal(last.rows.find((r) => r.kind === 'committee').periods.length, 12, 'last year keeps the monthly rule')
  expectStatus(await admin.req('PUT', '/party/settings/frequencies', { body: { from: `${year}-01-01`, frequencies: { committee: 1 } } }), 200)
})

test('年度总结 facts: the year\'s meetings and attendance equal the meeting records; members count the member list', async () => {
  const year = Number(today().slice(0, 4))
  const f = await admin.ok(`/report/facts?year=${year}`)
  const mt = f.items.find((x) => x.key === 'party.meetings')
  assert.ok(mt, 'party.meetings offered')
  const fig = (x, n) => x.figures.find((g) => g.name === n)
  // every held meeting of this year, counted from the list itself
  const all = await admin.ok(`/party/meetings?from=${year}-01-01&to=${year}-12-31&size=500`)
  const held = all.items.filter((x) => x.held_on)
  assert.equal(fig(mt, 'meetings').v, held.length)
  assert.equal(fig(mt, 'present').v, held.reduce((s, x) => s + x.present, 0))
  assert.match(mt.sentence, /召开三会一课及主题党日\d+次，党员参会\d+人次，参会率\d+\.\d%/)
  const mb = f.items.find((x) => x.key === 'party.members')
  const active = (await admin.ok('/party/members?size=500')).items.filter((x) => x.status !== '已转出' && x.user_id)
  assert.equal(fig(mb, 'members').v, active.length)
  assert.ok(f.defs.some((d) => d.key === 'party.members' && d.line === '党建'))
})

test('cockpit feed: 党员参会人次 per unit and month equals the attendance of that unit\'s members', async () => {
  const ind = (await admin.ok('/cockpit/indicators')).items
  assert.ok(ind.some((x) => x.code === 'DJ_PRESENT') && ind.some((x) => x.code === 'DJ_EXPECTED'), 'feeds registered as indicators')
  // a month before this one (the demo computed it at init; no test writes there): the whole bureau's figure is every
  // held meeting's 出席 count
  const d = new Date(Date.parse(today() + 'T00:00:00Z'))
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  const month = d.toISOString().slice(0, 7)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10)
  const list = await admin.ok(`/party/meetings?from=${month}-01&to=${last}&size=500`)
  const present = list.items.filter((x) => x.held_on).reduce((s, x) => s + x.present, 0)
  const expected = list.items.filter((x) => x.held_on).reduce((s, x) => s + x.expected, 0)
  const root = (await admin.ok('/org/units')).items.find((u) => !u.parent_id)
  const vals = (await admin.ok(`/cockpit/values?indicator=DJ_PRESENT&from=${month}&to=${month}`)).items
  const top = vals.find((v) => v.unit_id === root.id)
  assert.ok(top, JSON.stringify(vals.slice(0, 3)))
  assert.equal(top.value, present)
  const ex = (await admin.ok(`/cockpit/values?indicator=DJ_EXPECTED&from=${month}&to=${month}`)).items.find((v) => v.unit_id === root.id)
  assert.equal(ex.value, expected)
  assert.ok(present > 0 && present < expected)
  // learning hours: every session of that month, its hours times its attendees present
  const ls = await admin.ok(`/party/learning?size=500&year=${month.slice(0, 4)}`)
  let hours = 0
  for (const l of ls.items.filter((x) => x.held_on.startsWith(month))) hours += l.hours * (await admin.ok(`/party/learning/${l.id}`)).attendance.filter((a) => a.state === '出席').length
  const lh = (await admin.ok(`/cockpit/values?indicator=DJ_LEARN_HOURS&from=${month}&to=${month}`)).items.find((v) => v.unit_id === root.id)
  assert.ok(hours > 0)
  assert.equal(lh.value, hours)
})

test('党建考核: deductions from the records, self → review → confirm, the score frozen, a ranking; refusals name the field', async () => {
  const year = Number(today().slice(0, 4))
  const list = await admin.ok(`/party/assessments?year=${year}`)
  const sc = list.items.find((x) => x.org_id === shichang.id)
  const jg = list.items.find((x) => x.org_id === jiguan.id)
  assert.equal(sc.status, '草稿')
  // the demo's missed 支委会 deduct 2 points each once their month is over
  const m = Number(today().slice(5, 7))
  assert.equal(sc.score.missed['支委会'] || 0, (m > 3 ? 1 : 0) + (m > 8 ? 1 : 0))
  assert.equal(sc.score.total, 100 - sc.score.missed_deduct - sc.score.att_deduct)
  assert.ok(jg.score.total >= sc.score.total, 'the branch that held every 支委会 ranks at least as high')
  assert.ok(jg.rank <= sc.rank)
  // the branch secretary self-assesses with an honour; he may not review
  const path = `/party/assessments/${jiguan.id}/${year}`
  expectError(await secretary.post(path, { action: 'self', adjustments: [{ points: 25, reason: '过多' }] }), 400, 'invalid_field', 'adjustments[0].points')
  expectError(await secretary.post(path, { action: 'review' }), 403, 'forbidden')
  const self = expectStatus(await secretary.post(path, { action: 'self', adjustments: [{ points: 3, reason: '1名同志获全省系统“先锋能手”' }] }), 200)
  assert.equal(self.status, '已自评')
  assert.equal(self.score.additions, 3)
  expectError(await secretary.post(`/party/assessments/${shichang.id}/${year}`, { action: 'self' }), 404, 'not_found')
  expectError(await admin.post(path, { action: 'confirm' }), 409, 'bad_state', 'action')
  const rev = expectStatus(await admin.post(path, { action: 'review', adjustments: [{ points: 2, reason: '1名同志获全省系统“先锋能手”（核减）' }] }), 200)
  assert.equal(rev.status, '已审核')
  const conf = expectStatus(await admin.post(path, { action: 'confirm' }), 200)
  assert.equal(conf.status, '已确认')
  const frozen = conf.score.total
  // a meeting recorded afterwards does not change a confirmed score
  expectStatus(await admin.post('/party/meetings', { org_id: jiguan.id, kind: '主题党日', topic: '追加活动', planned_on: today(), held_on: today() }), 201)
  const again = (await admin.ok(`/party/assessments?year=${year}`)).items.find((x) => x.org_id === jiguan.id)
  assert.equal(again.status, '已确认')
  assert.equal(again.score.total, frozen)
  const audit = await auditOf(admin, 'party_assessment', jiguan.id)
  assert.equal(audit.filter((a) => a.action === 'party.assess.update').length, 3)
  expectError(await admin.req('PUT', '/party/settings/scoring', { body: { att_threshold: 120 } }), 400, 'invalid_field', 'att_threshold')
})

test('learning: 第一议题 on the 党委, 周一夜学 with attendance, 心得 by the attendee only, hours per member per year', async () => {
  const year = Number(today().slice(0, 4))
  const first = await admin.ok(`/party/learning?kind=${encodeURIComponent('第一议题')}&year=${year}`)
  assert.ok(first.total >= 1 && first.items.every((x) => x.org_name === '县局（分公司）党委'))
  const own = (await secretary.ok(`/party/members?org=${jiguan.id}&size=3`)).items
  const outsider = (await admin.ok(`/party/members?org=${shichang.id}&size=1`)).items[0]
  const n0 = (await admin.ok(`/party/learning?org=${jiguan.id}&size=1`)).total
  expectError(await secretary.post('/party/learning', { org_id: jiguan.id, kind: '周一夜学', held_on: addDays(today(), 1), topic: '党章', hours: 2 }),
    400, 'invalid_field', 'held_on')
  expectError(await secretary.post('/party/learning', { org_id: jiguan.id, kind: '周一夜学', held_on: today(), topic: '党章', hours: 0 }), 400, 'invalid_field', 'hours')
  expectError(await secretary.post('/party/learning', { org_id: jiguan.id, kind: '周一夜学', held_on: today(), topic: '党章', hours: 2,
    attendance: [{ member_id: outsider.id, state: '出席' }] }), 400, 'invalid_field', 'attendance[0].member_id')
  assert.equal((await admin.ok(`/party/learning?org=${jiguan.id}&size=1`)).total, n0, 'nothing stored')
  const before = (await admin.ok(`/party/learning/hours?org=${jiguan.id}&year=${year}`)).items.find((x) => x.member_id === own[0].id)
  const s = expectStatus(await secretary.post('/party/learning', { org_id: jiguan.id, kind: '周一夜学', held_on: today(), topic: '学习党章', hours: 2.5,
    material: '《中国共产党章程》', attendance: [{ member_id: own[0].id, state: '出席' }, { member_id: own[1].id, state: '请假', reason: '出差' }] }), 201)
  assert.equal(s.present, 1)
  assert.ok(s.expected >= 3)
  const after = (await admin.ok(`/party/learning/hours?org=${jiguan.id}&year=${year}`)).items.find((x) => x.member_id === own[0].id)
  assert.equal(after.hours, before.hours + 2.5)
  assert.equal(after.sessions, before.sessions + 1)
  // 心得: the secretary is own[0] (书记 first); the excused member may not write one
  assert.equal(own[0].role, '书记')
  expectStatus(await secretary.req('PUT', `/party/learning/${s.id}/note`, { body: { note: '学习党章，增强党性。' } }), 200)
  const detail = await admin.ok(`/party/learning/${s.id}`)
  assert.equal(detail.attendance.find((a) => a.member_id === own[0].id).note, '学习党章，增强党性。')
  const u = await makeUser(srv, admin, { username: 'party_nomem', name: '非党员', unit: 'CWK', roles: ['staff'] })
  expectError(await u.client.req('PUT', `/party/learning/${s.id}/note`, { body: { note: '我也写' } }), 403, 'forbidden')
})
