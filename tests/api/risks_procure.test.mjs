// 三项项目 over HTTP: the demo's projects with the planted split purchase and the advance payment flagged; a project
// through 立项 → named votes (non-members and second votes refused) → the approval chain by amount → method within its
// ceiling → 合同 → payment before 验收 only with an exception → 验收 → 付款 → 完结, with disclosure; bad input refused
// naming the field with nothing stored; a flag becomes an audit finding with its 整改 item once; data scope; and the
// module's facts for 年度总结 equal to the figures of its own lists.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, adminSetup, expectError, expectStatus, auditOf, DEMO_PASSWORD } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, demo, today
before(async () => {
  ({ admin, ids, demo } = await adminSetup(srv))
  today = admin.clock.today
})

const addDays = (ymd, n) => {
  const d = new Date(ymd + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
async function as(username) {
  const c = srv.client()
  await c.loginOk(username, DEMO_PASSWORD)
  return c
}
const flagsOf = (p) => p.flags.map((f) => f.code).sort()

test('the demo: three kinds, the split purchase and the payment before acceptance flagged and explained', async () => {
  const all = await admin.ok('/risks/projects?size=50')
  assert.equal(all.total, 7)
  assert.deepEqual([...new Set(all.items.map((p) => p.kind))].sort(), ['宣传促销', '工程投资', '物资采购'])
  assert.equal(all.amount_fen, all.items.reduce((s, p) => s + p.amount_fen, 0))
  const by = Object.fromEntries(all.items.map((p) => [p.title, p]))
  const b1 = by['办公电脑采购（第一批）'], b2 = by['办公电脑采购（第二批）'], promo = by['卷烟品牌文化宣传物料制作']
  // 12万 + 11万 from one supplier within 90 days: 23万 ≥ the 20万 warning line, each part below it.
  assert.deepEqual(flagsOf(b1), ['split'])
  assert.deepEqual(flagsOf(b2), ['split'])
  assert.deepEqual(b1.flags[0].related, [b2.id])
  assert.match(b1.flags[0].text, /同一供应商“县鑫达电子商行”.*合计23\.00万元，达到20\.00万元/)
  assert.deepEqual(flagsOf(promo), ['pay_before_accept'])
  assert.match(promo.flags[0].text, /未验收；登记的例外理由：供应商要求预付30%定金/)
  assert.equal(all.flagged, 3)
  const flagged = await admin.ok('/risks/projects?flagged=1')
  assert.equal(flagged.total, 3)
  const goods = await admin.ok('/risks/projects?kind=' + encodeURIComponent('物资采购'))
  assert.ok(goods.items.every((p) => p.kind === '物资采购'))
  expectError(await admin.get('/risks/projects?kind=' + encodeURIComponent('基建')), 400, 'bad_query', 'kind')
  // The detail: the lifecycle, the committee's named votes, the chain, payments and disclosures.
  const d = await admin.ok(`/risks/projects/${by['物流中心仓库消防系统改造'].id}`)
  assert.equal(d.stage, '完结')
  assert.equal(d.votes.length, 5)
  assert.equal(d.quorum.members, 5)
  assert.equal(d.quorum.need, 4)
  assert.equal(d.chain.length, 4) // 86万元 ≥ 20万元: all four steps
  assert.ok(d.chain.every((s) => s.done && s.done.decision === '同意'))
  assert.deepEqual(d.disclosures.map((x) => x.phase), ['事前', '事中', '事后'])
  assert.equal(d.payments.reduce((s, y) => s + y.amount_fen, 0), d.contract_fen)
})

test('a project through its lifecycle; bad input and out-of-order steps refused, nothing stored', async () => {
  const set = await admin.ok('/risks/procurement/settings')
  assert.equal(set.committee.length, 5)
  const members = set.committee
  const total0 = (await admin.ok('/risks/projects')).total
  const base = { kind: '物资采购', title: 'API 档案柜采购', need: '档案室新增密集架', category: '办公家具', unit_id: ids.BGS, amount: '60000.50',
    planned_on: addDays(today, 10) }
  expectError(await admin.post('/risks/projects', { ...base, amount: '-5' }), 400, 'invalid_field', 'amount')
  expectError(await admin.post('/risks/projects', { ...base, amount: '1.234' }), 400, 'invalid_field', 'amount')
  expectError(await admin.post('/risks/projects', { ...base, amount: 0 }), 400, 'invalid_field', 'amount')
  const early = expectError(await admin.post('/risks/projects', { ...base, planned_on: addDays(today, 9) }), 400, 'invalid_field', 'planned_on')
  assert.match(early.message, /提前10天/)
  expectError(await admin.post('/risks/projects', { ...base, kind: '基建' }), 400, 'invalid_field', 'kind')
  assert.equal((await admin.ok('/risks/projects')).total, total0)
  const p = expectStatus(await admin.post('/risks/projects', base), 201)
  assert.equal(p.amount_fen, 6000050)
  assert.equal(p.stage, '审议')
  assert.equal(p.filed_on, today)
  assert.deepEqual(p.chain.map((s) => s.step), ['部门负责人审核', '分管局领导审批', '局长审批']) // 6万元: ≥ 5万, < 20万

  // Votes: only members, once each. Three of five vote: below the quorum of four.
  expectError(await admin.post(`/risks/projects/${p.id}/review`, {}), 409, 'bad_state')
  expectError(await admin.post(`/risks/projects/${p.id}/votes`, { vote: '同意' }), 403, 'forbidden', 'vote')
  const v = [await as(members[0]), await as(members[1]), await as(members[2])]
  expectError(await v[0].post(`/risks/projects/${p.id}/votes`, { vote: '赞成' }), 400, 'invalid_field', 'vote')
  expectStatus(await v[0].post(`/risks/projects/${p.id}/votes`, { vote: '同意', note: '需求合理' }), 201)
  expectError(await v[0].post(`/risks/projects/${p.id}/votes`, { vote: '反对' }), 409, 'duplicate', 'vote')
  expectStatus(await v[1].post(`/risks/projects/${p.id}/votes`, { vote: '同意' }), 201)
  const voted = expectStatus(await v[2].post(`/risks/projects/${p.id}/votes`, { vote: '反对' }), 201)
  assert.deepEqual(voted.votes.map((x) => [x.username, x.vote]), [[members[0], '同意'], [members[1], '同意'], [members[2], '反对']])
  assert.equal(voted.committee.find((m) => m.username === members[0]).vote, '同意')
  assert.equal(voted.committee.find((m) => m.username === members[3]).vote, null)
  assert.deepEqual(flagsOf(voted), []) // the review is still open
  const reviewed = expectStatus(await admin.post(`/risks/projects/${p.id}/review`, {}), 200)
  assert.equal(reviewed.stage, '审批') // 2 of 3 cast: more than half
  assert.equal(reviewed.review_result, '通过')
  assert.deepEqual(flagsOf(reviewed), ['no_quorum'])
  assert.match(reviewed.flags[0].text, /管委会5人，表决3人，未达到法定人数4人/)
  expectError(await v[0].post(`/risks/projects/${p.id}/votes`, { vote: '同意' }), 409, 'bad_state')

  // The chain: one person one step.
  expectError(await admin.post(`/risks/projects/${p.id}/method`, { method: '询价' }), 409, 'bad_state')
  expectStatus(await v[0].post(`/risks/projects/${p.id}/approve`, { decision: '同意' }), 200)
  expectError(await v[0].post(`/risks/projects/${p.id}/approve`, { decision: '同意' }), 409, 'duplicate', 'decision')
  expectStatus(await v[1].post(`/risks/projects/${p.id}/approve`, { decision: '同意', opinion: '同意采购' }), 200)
  const approved = expectStatus(await v[2].post(`/risks/projects/${p.id}/approve`, { decision: '同意' }), 200)
  assert.equal(approved.stage, '采购')
  assert.ok(approved.chain.every((s) => s.done))

  // The method within its ceiling (询价 lowered to 5万元 for a moment).
  expectStatus(await admin.req('PUT', '/risks/procurement/settings', { body: { committee: members, methods: { 询价: 5000000 } } }), 200)
  const ceiling = expectError(await admin.post(`/risks/projects/${p.id}/method`, { method: '询价' }), 400, 'invalid_field', 'method')
  assert.match(ceiling.message, /预算6\.00万元超过“询价”的限额5\.00万元/)
  expectStatus(await admin.req('PUT', '/risks/procurement/settings', { body: { committee: members } }), 200)
  const m = expectStatus(await admin.post(`/risks/projects/${p.id}/method`, { method: '单一来源' }), 200)
  assert.equal(m.stage, '合同')
  assert.deepEqual(flagsOf(m), ['no_quorum', 'sole_no_reason'])

  // 合同 one 分 above the approval: flagged.
  expectError(await admin.post(`/risks/projects/${p.id}/contract`, { supplier: '县家具厂', contract_no: 'HT-1', amount: '60000.511' }), 400, 'invalid_field', 'amount')
  const ct = expectStatus(await admin.post(`/risks/projects/${p.id}/contract`, { supplier: '县家具厂', contract_no: 'HT-1', amount: '60000.51' }), 200)
  assert.equal(ct.stage, '验收')
  assert.ok(ct.flags.some((f) => f.code === 'contract_over' && /超出0\.01元/.test(f.text)))

  // Payment before 验收: refused without an exception, recorded (and flagged) with one.
  const pays0 = (await admin.ok(`/risks/projects/${p.id}`)).payments.length
  expectError(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '1000' }), 409, 'bad_state', 'exception')
  expectError(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '-1', exception: '预付' }), 400, 'invalid_field', 'amount')
  expectError(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '99999', exception: '预付' }), 400, 'invalid_field', 'amount')
  assert.equal((await admin.ok(`/risks/projects/${p.id}`)).payments.length, pays0)
  const adv = expectStatus(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '10000', exception: '厂家要求预付定金' }), 201)
  assert.equal(adv.paid_fen, 1000000)
  assert.ok(adv.flags.some((f) => f.code === 'pay_before_accept' && /厂家要求预付定金/.test(f.text)))

  // Disclosure before, during, after: 事后 only after 验收.
  expectStatus(await admin.post(`/risks/projects/${p.id}/disclosures`, { phase: '事前', content: '需求公示' }), 201)
  expectError(await admin.post(`/risks/projects/${p.id}/disclosures`, { phase: '事后', content: '验收公示' }), 409, 'bad_state', 'phase')
  expectStatus(await admin.post(`/risks/projects/${p.id}/disclosures`, { phase: '事中', content: '成交结果公示' }), 201)
  const acc = expectStatus(await admin.post(`/risks/projects/${p.id}/accept`, { note: '数量质量合格' }), 200)
  assert.equal(acc.stage, '付款')
  expectStatus(await admin.post(`/risks/projects/${p.id}/disclosures`, { phase: '事后', content: '验收公示' }), 201)
  const done = expectStatus(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '50000.51' }), 201)
  assert.equal(done.stage, '完结')
  assert.equal(done.paid_fen, 6000051)
  expectError(await admin.post(`/risks/projects/${p.id}/payments`, { amount: '1' }), 409, 'bad_state')
  const acts = (await auditOf(admin, 'risk_project', p.id)).map((a) => a.action)
  for (const a of ['risks.project.create', 'risks.project.vote', 'risks.project.review', 'risks.project.approve', 'risks.project.method',
    'risks.project.contract', 'risks.project.pay', 'risks.project.disclose', 'risks.project.accept'])
    assert.ok(acts.includes(a), a)
  assert.equal(acts.filter((a) => a === 'risks.project.vote').length, 3)

  // A flag becomes an audit finding with its 整改 item, once.
  expectError(await admin.post(`/risks/projects/${p.id}/flags/split/finding`, {}), 404, 'not_found')
  const f = expectStatus(await admin.post(`/risks/projects/${p.id}/flags/no_quorum/finding`, { severity: '严重' }), 201)
  assert.equal(f.source, '内部审计')
  assert.equal(f.severity, '严重')
  assert.equal(f.unit_id, ids.BGS)
  assert.ok(f.item_id > 0)
  assert.match(f.title, /API 档案柜采购.*表决未达法定人数/)
  expectError(await admin.post(`/risks/projects/${p.id}/flags/no_quorum/finding`, {}), 409, 'duplicate')
  const after = await admin.ok(`/risks/projects/${p.id}`)
  assert.equal(after.flags.find((x) => x.code === 'no_quorum').finding_id, f.id)
  const fl = (await admin.ok('/risks/findings')).items.find((x) => x.id === f.id)
  assert.equal(fl.item_status, '进行中')
})

test('scope: a 所长 sees only his unit\'s projects; another unit\'s answers 404; settings refused naming the field', async () => {
  const { c: so } = await demo('CQS', 'dept_head')
  const mine = await so.ok('/risks/projects?size=50')
  assert.ok(mine.total >= 1)
  assert.ok(mine.items.every((p) => p.unit_id === ids.CQS))
  const other = (await admin.ok('/risks/projects?size=50')).items.find((p) => p.unit_id === ids.BGS)
  expectError(await so.get(`/risks/projects/${other.id}`), 404, 'not_found')
  expectError(await so.post('/risks/projects', { kind: '物资采购', title: 'x', need: 'x', category: 'x', unit_id: ids.BGS, amount: 1,
    planned_on: addDays(today, 30) }), 400, 'invalid_field', 'unit_id')
  expectError(await admin.req('PUT', '/risks/procurement/settings', { body: { committee: ['nobody-here'] } }), 400, 'invalid_field', 'committee')
  const bad = expectError(await admin.req('PUT', '/risks/procurement/settings', { body: { quorum_pct: 0 } }), 400, 'invalid_field')
  assert.match(bad.message, /quorum_pct/)
  expectError(await so.req('PUT', '/risks/procurement/settings', { body: {} }), 403, 'forbidden')
})

test('the facts for 年度总结 equal the figures of the module\'s own lists', async () => {
  const year = Number(today.slice(0, 4))
  const facts = await admin.ok(`/report/facts?year=${year}`)
  const fact = (k) => facts.items.find((f) => f.key === k)
  const fig = (k, n) => fact(k).figures.find((g) => g.name === n).v
  for (const k of ['risks.register', 'risks.complaints', 'risks.safety', 'risks.projects', 'risks.findings']) assert.ok(fact(k), k)
  // The register by level.
  const reg = await admin.ok('/risks/register?size=1')
  assert.equal(fig('risks.register', 'total'), reg.total)
  for (const [name, level] of [['major', '重大'], ['high', '高'], ['mid', '中'], ['low', '低']])
    assert.equal(fig('risks.register', name), (await admin.ok('/risks/register?size=1&level=' + encodeURIComponent(level))).total, level)
  // Complaints received this year, closed, and the share rated 满意 or 基本满意.
  const cs = (await admin.ok('/risks/complaints?size=500')).items.filter((c) => c.received_on.startsWith(String(year)))
  const closed = cs.filter((c) => c.status === '已办结'), rated = cs.filter((c) => c.rating)
  assert.equal(fig('risks.complaints', 'count'), cs.length)
  assert.equal(fig('risks.complaints', 'closed'), closed.length)
  assert.ok(Math.abs(fig('risks.complaints', 'rate') - (100 * closed.length) / cs.length) < 1e-9)
  const sat = rated.filter((c) => c.rating === '满意' || c.rating === '基本满意').length
  assert.ok(Math.abs(fig('risks.complaints', 'satisfied') - (100 * sat) / rated.length) < 1e-9)
  // 安全生产: the figures of its page's year summary.
  const st = await admin.ok(`/risks/safety/stats?year=${year}`)
  if (st.checks || st.found) {
    assert.equal(fig('risks.safety', 'checks'), st.checks)
    assert.equal(fig('risks.safety', 'found'), st.found)
    assert.equal(fig('risks.safety', 'closed'), st.closed)
    if (st.found) assert.ok(Math.abs(fig('risks.safety', 'rate') - st.rate) < 1e-9)
  } else assert.equal(fact('risks.safety'), undefined)
  // Drills of the year.
  const drills = await admin.ok(`/risks/drills?year=${year}`)
  const n = drills.items ? drills.items.length : drills.length
  if (n) assert.equal(fig('risks.drills', 'count'), n)
  else assert.equal(fact('risks.drills'), undefined)
  // 三项项目 filed this year and their budgets (the earlier test added one).
  const ps = (await admin.ok('/risks/projects?size=100')).items.filter((p) => p.filed_on.startsWith(String(year)))
  assert.equal(fig('risks.projects', 'count'), ps.length)
  assert.equal(fig('risks.projects', 'amount'), ps.reduce((s, p) => s + p.amount_fen, 0))
  assert.equal(fig('risks.projects', 'goods'), ps.filter((p) => p.kind === '物资采购').length)
  assert.equal(fig('risks.projects', 'works'), ps.filter((p) => p.kind === '工程投资').length)
  assert.equal(fig('risks.projects', 'promo'), ps.filter((p) => p.kind === '宣传促销').length)
  // Audit findings and their rectification.
  const fs = (await admin.ok('/risks/findings')).items.filter((f) => f.created_at.startsWith(String(year)))
  assert.equal(fig('risks.findings', 'count'), fs.length)
  assert.equal(fig('risks.findings', 'amount'), fs.reduce((s, f) => s + f.amount_fen, 0))
  assert.equal(fig('risks.findings', 'closed'), fs.filter((f) => f.item_status === '已销号').length)
  // Over one unit only its own.
  const bgs = await admin.ok(`/report/facts?year=${year}&unit=${ids.BGS}`)
  const bp = bgs.items.find((f) => f.key === 'risks.projects')
  assert.equal(bp.figures.find((g) => g.name === 'count').v, ps.filter((p) => p.unit_id === ids.BGS).length)
})
