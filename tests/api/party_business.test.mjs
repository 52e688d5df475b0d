// API tests of 党建's business side: 党费 (the amount from the member's base by the party's rate bands, a month paid
// twice refused naming month, the branch grid's totals in 分, the import's per-row report writing nothing unless every
// row is valid or keep_valid=1, XLSX export), 党建服务包 (a shop outside the caller's data scope refused with nothing
// stored, the pairing checked, a visit recorded, the shop's level and orders read through shops.h), 党支部+项目 (a
// milestone opens exactly one 督办 task; a project with an open milestone cannot be completed) and the reminder sweep
// (sent once per branch, kind and period however often it runs). The server runs on a fixed bureau date: two days
// before the end of the current month, so every monthly period is about to end.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, makeUser, auditOf, DEMO_PASSWORD } from './lib.mjs'

const real = new Date(Date.now() + 8 * 3600e3) // the bureau's (Asia/Shanghai) date at init, when the demo was made
const YEAR = real.getUTCFullYear()
const MONTH = real.getUTCMonth() + 1
const lastDay = new Date(Date.UTC(YEAR, MONTH, 0)).getUTCDate()
const pad = (n) => String(n).padStart(2, '0')
const TODAY = `${YEAR}-${pad(MONTH)}-${pad(Math.max(real.getUTCDate(), lastDay - 2))}`
const THIS_MONTH = `${YEAR}-${pad(MONTH)}`

const srv = serverFor(test, import.meta.url, { env: { BUREAU_TODAY: TODAY } })
let admin, orgs, branch, member, secretaryUser, madeShop

const byName = (name) => orgs.find((o) => o.name === name)
async function login(username) {
  const c = srv.client()
  await c.loginOk(username, DEMO_PASSWORD)
  return c
}
const paidCount = (grid) => grid.items.reduce((n, m) => n + m.cells.filter((c) => c.state === 'paid').length, 0)

before(async () => {
  await srv.ready
  admin = await srv.admin()
  orgs = (await admin.ok('/party/orgs')).items
  // a branch of our own, founded on 1 January, with a secretary who is staff and one member with a known base
  const committee = orgs.find((o) => o.kind === '党委')
  branch = expectStatus(await admin.post('/party/orgs', { parent_id: committee.id, kind: '党支部', name: '测试党支部', founded_on: `${YEAR}-01-01`, unit_ids: [] }), 201)
  secretaryUser = await makeUser(srv, admin, { username: 'pbsec', name: '测书记', unit: 'BGS', roles: ['staff'] })
  expectStatus(await admin.post('/party/members', { name: '测书记', user_id: secretaryUser.id, org_id: branch.id, status: '正式', role: '书记', joined_on: '2001-07-01', full_on: '2002-07-01' }), 201)
  member = expectStatus(await admin.post('/party/members', { name: '钱测试', org_id: branch.id, status: '正式', joined_on: `${YEAR}-01-15`, full_on: `${YEAR}-01-15` }), 201)
})

test('党费: the amount from the base by the rate bands, a month paid twice refused naming month, the grid totals in 分', async () => {
  // 4567.89 元 a month is in the 3000–5000 band: 1 % = 45.6789 元 → 4568 分
  expectStatus(await admin.req('PUT', `/party/dues/bases/${member.id}`, { body: { from: `${YEAR}-01`, base_fen: 456789 } }), 200)
  const paid = expectStatus(await admin.post('/party/dues', { member_id: member.id, month: `${YEAR}-01` }), 201)
  assert.equal(paid.amount_fen, 4568)
  const before = await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`)
  expectError(await admin.post('/party/dues', { member_id: member.id, month: `${YEAR}-01`, amount_fen: 4568 }), 409, 'duplicate', 'month')
  expectError(await admin.post('/party/dues', { member_id: member.id, month: `${YEAR}-1` }), 400, 'invalid_field', 'month')
  const after = await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`)
  assert.equal(paidCount(after), paidCount(before), 'nothing written by the refused payment')
  // he owes January to this month at 4568 each (he joined 15 January), has paid January; the secretary has no base yet
  const row = after.items.find((m) => m.member_id === member.id)
  assert.equal(row.due_fen, 4568 * MONTH)
  assert.equal(row.paid_fen, 4568)
  assert.equal(row.unpaid, MONTH - 1)
  assert.equal(row.cells[0].state, 'paid')
  const sec = after.items.find((m) => m.name === '测书记')
  assert.equal(sec.cells[MONTH - 1].state, 'no_base')
  assert.equal(after.totals.paid_fen, 4568)
  assert.equal(after.totals.unpaid, (MONTH - 1) + MONTH)
  assert.equal(after.totals.by_month[0].paid_fen, 4568)
  // the branch's line in the bureau's totals
  const all = await admin.ok(`/party/dues?year=${YEAR}`)
  const line = all.items.find((x) => x.org_id === branch.id)
  assert.deepEqual([line.members, line.paid_fen, line.due_fen], [2, 4568, 4568 * MONTH])
  const audit = await auditOf(admin, 'party_member', member.id)
  assert.ok(audit.some((a) => a.action === 'party.dues.pay'), 'payment audited')
  // XLSX export of the grid
  const x = await admin.get(`/party/dues?org=${branch.id}&year=${YEAR}&format=xlsx`)
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheetml/)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
})

test('党费 import: a per-row report, nothing written with one bad row; keep_valid writes the valid rows only', async () => {
  const m = MONTH >= 2 ? 2 : 1
  const csv = ['姓名,月份,金额（元）,缴纳日期,所在支部,备注',
    `钱测试,${YEAR}/${m},45.68,,测试党支部,`, // valid (February, or January refused below when run in January)
    `钱测试,${YEAR}-01,45.68,,,`, // January already paid
    `查无此人,${YEAR}-03,10,,,`, // no such member
    `钱测试,${YEAR}-13,10,,,`, // no such month
    `钱测试,${YEAR}-03,0,,,`, // amount not positive
  ].join('\n')
  const before = paidCount(await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`))
  const r = await admin.req('POST', '/party/dues/import', { rawBody: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } })
  const err = expectError(r, 422, 'import_invalid')
  const rep = err.details
  assert.equal(rep.total, 5)
  const rows = rep.errors.map((e) => [e.row, e.column, e.code]).sort((a, b) => a[0] - b[0])
  assert.deepEqual(rows.filter((e) => e[0] !== 2), [[3, '月份', 'duplicate'], [4, '姓名', 'not_found'], [5, '月份', 'invalid_field'], [6, '金额', 'invalid_field']])
  assert.equal(paidCount(await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`)), before, 'nothing written')
  // the XLSX path: the template as downloaded, its example row naming nobody of the bureau
  const tpl = await admin.get('/party/dues/template?format=xlsx')
  assert.equal(tpl.status, 200)
  assert.equal(tpl.buf.subarray(0, 2).toString(), 'PK')
  const fromTpl = expectError(await admin.req('POST', '/party/dues/import', { rawBody: tpl.buf, headers: { 'Content-Type': 'application/octet-stream' } }), 422, 'import_invalid')
  assert.deepEqual(fromTpl.details.errors.map((e) => [e.row, e.column, e.code]), [[2, '姓名', 'not_found']])
  if (m === 2) {
    const k = await admin.req('POST', '/party/dues/import?keep_valid=1', { rawBody: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } })
    const rk = expectStatus(k, 200)
    assert.equal(rk.written, 1)
    const g = await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`)
    assert.equal(paidCount(g), before + 1)
    assert.equal(g.items.find((x) => x.member_id === member.id).cells[1].paid_fen, 4568)
    // the same sheet again: February is now paid too
    const again = expectError(await admin.req('POST', '/party/dues/import', { rawBody: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } }), 422, 'import_invalid')
    assert.ok(again.details.errors.some((e) => e.row === 2 && e.code === 'duplicate'))
  }
})

test('服务包: a shop outside the caller\'s data scope is refused (404 shop_id) and nothing is stored', async () => {
  const jiguan = byName('机关党支部')
  const sec = await login(jiguan.secretary.username) // 财务科科长: his data scope holds no shop
  const shop = (await admin.ok('/shops?size=1&q=' + encodeURIComponent(''))).items[0]
  const free = (await admin.ok('/shops?size=200')).items.map((s) => s.id)
  const taken = new Set((await admin.ok('/party/packages')).items.map((p) => p.shop_id))
  const target = free.find((id) => !taken.has(id))
  assert.ok(shop && target)
  const mem = (await admin.ok(`/party/members?org=${jiguan.id}&size=50`)).items
  const body = { org_id: jiguan.id, shop_id: target, reason: '高龄', started_on: TODAY, leader_id: mem[5].id, partner_ids: [mem[6].id, mem[7].id] }
  const before = (await admin.ok('/party/packages')).total
  expectError(await sec.post('/party/packages', body), 404, 'not_found', 'shop_id')
  assert.equal((await admin.ok('/party/packages')).total, before, 'nothing stored')
  // the pairing is one 牵头 and two others, all of the branch
  expectError(await admin.post('/party/packages', { ...body, partner_ids: [mem[6].id] }), 400, 'invalid_field', 'partner_ids')
  const other = (await admin.ok(`/party/members?org=${byName('专卖党支部').id}&size=1`)).items[0]
  expectError(await admin.post('/party/packages', { ...body, partner_ids: [mem[6].id, other.id] }), 400, 'invalid_field', 'partner_ids')
  assert.equal((await admin.ok('/party/packages')).total, before)
  // within scope it is made, with the shop's standing read through shops.h
  const p = expectStatus(await admin.post('/party/packages', { ...body, measures: [{ kind: '设备', content: '智能收款终端一台' }] }), 201)
  assert.equal(p.shop.id, target)
  madeShop = target
  assert.equal(p.members.length, 3)
  assert.equal(p.measures[0].kind, '设备')
  // the level before is the shop's latest scored assessment (not a self-check) up to the pairing day, read through shops.h
  const hist = (await admin.ok(`/shops/${target}/assessments?size=100`)).items
    .filter((a) => a.kind !== '自测' && a.total !== null && a.level && a.assessed_at.slice(0, 10) <= TODAY)
    .sort((a, b) => (a.assessed_at < b.assessed_at ? 1 : -1))
  assert.equal(p.before.level, hist.length ? hist[0].level : null)
  assert.equal(p.after.level, p.before.level, 'paired today: before and after are the same assessment')
  expectError(await admin.post('/party/packages', body), 409, 'duplicate', 'shop_id')
  // 市场部主任, 市场党支部书记: a shop he sees in the registry (its 客户经理 are his) can be paired by his branch
  const shichang = byName('市场党支部')
  const msec = await login(shichang.secretary.username)
  const seen = new Set((await msec.ok('/shops?size=500')).items.map((x) => x.id))
  const used = new Set((await admin.ok('/party/packages')).items.map((x) => x.shop_id))
  const all = (await admin.ok('/shops?size=500')).items.map((x) => x.id)
  const mineShop = all.find((id) => seen.has(id) && !used.has(id))
  const notMine = all.find((id) => !seen.has(id) && !used.has(id))
  assert.ok(mineShop, 'a shop in his scope')
  const sm = (await msec.ok(`/party/members?org=${shichang.id}&size=50`)).items
  const mbody = { org_id: shichang.id, reason: '经营困难', started_on: TODAY, leader_id: sm[8].id, partner_ids: [sm[9].id, sm[10].id] }
  if (notMine) expectError(await msec.post('/party/packages', { ...mbody, shop_id: notMine }), 404, 'not_found', 'shop_id')
  const ok = expectStatus(await msec.post('/party/packages', { ...mbody, shop_id: mineShop }), 201)
  assert.equal(ok.org_id, shichang.id)
})

test('服务包: the demo holds the seed\'s 9 packages; the branch secretary records a visit; coverage counts it', async () => {
  const list = await admin.ok('/party/packages')
  const demo = list.items.filter((p) => p.shop_id !== madeShop && p.started_on !== TODAY)
  assert.equal(demo.length, 9)
  assert.deepEqual([...new Set(demo.map((p) => p.org_name))].sort(), ['专卖党支部', '市场党支部', '机关党支部'])
  const shichang = byName('市场党支部')
  const sec = await login(shichang.secretary.username)
  const mine = (await sec.ok('/party/packages')).items
  assert.ok(mine.length >= 3 && mine.every((p) => p.org_id === shichang.id), 'a secretary sees his branch\'s packages only')
  const pkg = mine[0]
  const cov0 = (await sec.ok('/party/packages')).coverage.find((c) => c.org_id === shichang.id)
  expectError(await sec.post(`/party/packages/${pkg.id}/visits`, { visited_on: '2999-01-01', notes: '未来的走访' }), 400, 'invalid_field', 'visited_on')
  const v = expectStatus(await sec.post(`/party/packages/${pkg.id}/visits`, { visited_on: TODAY, notes: '上门指导手机订货，店主已学会扫码收款。' }), 201)
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100ffff03000006000557bfab0000000049454e44ae426082', 'hex')
  const up = await sec.req('POST', `/party/packages/${pkg.id}/visits/${v.id}/files?name=visit.png`, { rawBody: png, headers: { 'Content-Type': 'application/octet-stream' } })
  const full = expectStatus(up, 201)
  const visit = full.visit_list.find((x) => x.id === v.id)
  assert.equal(visit.files.length, 1)
  const dl = await sec.get(`/party/packages/${pkg.id}/visits/${v.id}/files/${visit.files[0].id}`)
  assert.equal(dl.status, 200)
  assert.equal(dl.buf.length, png.length)
  const cov1 = (await sec.ok('/party/packages')).coverage.find((c) => c.org_id === shichang.id)
  assert.equal(cov1.visits, cov0.visits + 1)
  assert.equal(cov1.packages, cov0.packages)
  // another branch's package is not his: 404
  const other = list.items.find((p) => p.org_id !== shichang.id)
  expectError(await sec.get(`/party/packages/${other.id}`), 404, 'not_found')
  expectError(await sec.post(`/party/packages/${other.id}/visits`, { visited_on: TODAY, notes: '越权走访' }), 404, 'not_found')
})

test('党支部+项目: a milestone opens exactly one 督办 task, read back through tasks.h; completion waits for it', async () => {
  const tasksBefore = (await admin.ok('/tasks/tasks?size=1')).total
  const p = expectStatus(await admin.post('/party/projects', { org_id: branch.id, name: '测试项目', goal: '检验里程碑' }), 201)
  expectError(await admin.post('/party/projects', { org_id: branch.id, name: '测试项目' }), 409, 'duplicate', 'name')
  const units = (await admin.ok('/org/units')).items
  const bgs = units.find((u) => u.code === 'BGS')
  const secMember = (await admin.ok(`/party/members?org=${branch.id}&size=10`)).items.find((m) => m.name === '测书记')
  const due = `${YEAR + 1}-03-31`
  const withM = expectStatus(await admin.post(`/party/projects/${p.id}/milestones`, { title: '完成第一阶段', due_on: due, lead_unit_id: bgs.id, owner_member_id: secMember.id }), 201)
  assert.equal(withM.milestones.length, 1)
  const ms = withM.milestones[0]
  assert.equal(ms.task.status, '已交办')
  assert.equal(ms.task.due, due)
  assert.equal((await admin.ok('/tasks/tasks?size=1')).total, tasksBefore + 1, 'exactly one task')
  const task = await admin.ok(`/tasks/tasks/${ms.task_id}`)
  assert.equal(task.owner_id, secretaryUser.id)
  assert.match(task.title, /测试项目：完成第一阶段/)
  expectError(await admin.post(`/party/projects/${p.id}/milestones`, { title: '过去的里程碑', due_on: '2000-01-01', lead_unit_id: bgs.id }), 400, 'invalid_field', 'due_on')
  assert.equal((await admin.ok('/tasks/tasks?size=1')).total, tasksBefore + 1, 'a refused milestone opens none')
  expectError(await admin.post(`/party/projects/${p.id}/complete`, { result: '提前完成' }), 409, 'bad_state')
  const onBranch = await admin.ok(`/party/projects?org=${branch.id}`)
  assert.equal(onBranch.items[0].progress, 0)
  assert.equal(onBranch.items[0].milestones_done, 0)
  // the owner works the task through the 督办 module; once it is 已办结 the project completes and scores in 党建考核
  const score0 = (await admin.ok(`/party/assessments?year=${YEAR}`)).items.find((x) => x.org_id === branch.id).score
  const o = secretaryUser.client
  expectStatus(await o.post(`/tasks/tasks/${ms.task_id}/accept`, {}), 200)
  expectStatus(await o.post(`/tasks/tasks/${ms.task_id}/submit`, { text: '第一阶段已完成' }), 200)
  expectStatus(await admin.post(`/tasks/tasks/${ms.task_id}/close`, { evaluation: '良好' }), 200)
  const closed = await admin.ok(`/party/projects/${p.id}`)
  assert.equal(closed.progress, 100)
  assert.equal(closed.milestones[0].task.status, '已办结')
  const done = expectStatus(await admin.post(`/party/projects/${p.id}/complete`, { result: '第一阶段按期完成' }), 200)
  assert.equal(done.status, '已完成')
  expectError(await admin.post(`/party/projects/${p.id}/complete`, { result: '再次完成' }), 409, 'bad_state')
  const score1 = (await admin.ok(`/party/assessments?year=${YEAR}`)).items.find((x) => x.org_id === branch.id).score
  // the rule's 2 points, within the cap of 10 (no manual additions on this branch)
  assert.equal(score1.additions, score0.additions + 2)
  assert.equal(score1.total, Math.round((score0.total + 2) * 10) / 10)
  assert.deepEqual(score1.projects.map((x) => x.name), ['测试项目'])
})

test('reminders: the sweep sends each branch\'s period reminders once, however often it runs', async () => {
  // two days before the month ends, nothing held by our new branch: 支委会 and 主题党日 of this month; in a quarter's
  // last month also 支部党员大会 and 党课; in December also the secretary's 党课 of the year
  const expected = 2 + (MONTH % 3 === 0 ? 2 : 0) + (MONTH === 12 ? 1 : 0)
  const first = expectStatus(await admin.post('/party/schedule/sweep', {}), 200)
  assert.ok(first.sent >= expected)
  const inbox = () => secretaryUser.client.ok('/tasks/messages?size=100')
  const mine = (await inbox()).items.filter((m) => m.title.startsWith('测试党支部'))
  assert.equal(mine.length, expected, JSON.stringify(mine.map((m) => m.title)))
  assert.ok(mine.some((m) => m.title === `测试党支部 ${MONTH}月支委会尚未召开`))
  const second = expectStatus(await admin.post('/party/schedule/sweep', {}), 200)
  assert.equal(second.sent, 0)
  const manual = expectStatus(await admin.post('/party/schedule/remind', {}), 200)
  assert.equal(manual.sent, 0)
  assert.equal((await inbox()).items.filter((m) => m.title.startsWith('测试党支部')).length, expected)
})

test('bad input names the field and stores nothing: dues rule, base, package reason', async () => {
  expectError(await admin.req('PUT', '/party/settings/dues', { body: { from: THIS_MONTH, mode: 'bands', bands: [{ upto_fen: 500000, bp: 50 }, { upto_fen: 300000, bp: 100 }] } }), 400, 'invalid_field', 'bands[1].upto_fen')
  const rule = await admin.ok('/party/settings/dues')
  assert.equal(rule.current.mode, 'bands')
  assert.equal(rule.history.length, 0)
  expectError(await admin.req('PUT', `/party/dues/bases/${member.id}`, { body: { from: '2026-13', base_fen: 1 } }), 400, 'invalid_field', 'from')
  // a fixed amount from next month on leaves this month's figures alone
  expectStatus(await admin.req('PUT', '/party/settings/dues', { body: { from: `${YEAR + 1}-01`, mode: 'fixed', fixed_fen: 1000 } }), 200)
  const g = await admin.ok(`/party/dues?org=${branch.id}&year=${YEAR}`)
  assert.equal(g.items.find((m) => m.member_id === member.id).cells[MONTH - 1].due_fen, 4568)
})
