// 督查督办 and 清单闭环 over HTTP: plan parse/save, the whole life of a task by the right roles, data scope (404 outside),
// closed records refuse edits, checklist items closed with evidence and approval, exact money sums, bad input writes nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import http from 'node:http'
import { join } from 'node:path'
import { serverFor, expectError, expectStatus, unitIds, roleIds, DEMO_PASSWORD, ROOT, adminSetup } from './lib.mjs'
import { until } from './wait.mjs'
import { bureauDate } from './bureau_time.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, demo
before(async () => ({ admin, ids, roles, demo } = await adminSetup(srv)))

const sample = (name) => readFileSync(join(ROOT, 'tests/data/attachments', name))
const upload = (c, owner, id, name, body = sample(name)) =>
  c.post(`/tasks/attachments?owner=${owner}&id=${id}&name=${encodeURIComponent(name)}`, undefined, { rawBody: body, headers: { 'Content-Type': 'application/octet-stream' } })

const plus = (days) => bureauDate(days) // days from the server's today, in the bureau's zone

test('plan text parses into the seed tree and saves with its edited tree', async () => {
  const text = readFileSync(join(ROOT, 'tests/data/plan_2023.txt'), 'utf8')
  const p = expectStatus(await admin.post('/tasks/plans/parse', { text }), 200)
  const flat = []
  const walk = (ns) => ns.forEach((n) => { flat.push(n); walk(n.children || []) })
  walk(p.tree)
  const sections = flat.filter((n) => /^（[一二]）$/.test(n.label))
  assert.equal(sections.length, 2)
  assert.deepEqual(sections[0].children.filter((n) => n.label).map((n) => n.label + n.title), ['一是持续夯实政治根基。', '二是持续推进党业融合。', '三是持续加强管党治党。'])
  assert.equal(sections[1].children.filter((n) => n.label).length, 4)
  // The user renames one node and drops another in the preview before saving.
  sections[0].children[0].title = '持续夯实政治根基（修订）'
  sections[1].children.pop()
  const before = (await admin.ok('/tasks/plans')).total
  const saved = expectStatus(await admin.post('/tasks/plans', { year: 2023, title: '测试计划', theme: '生态培基年', text, tree: p.tree }), 201)
  const got = await admin.ok(`/tasks/plans/${saved.id}`)
  const f2 = []
  const walk2 = (ns) => ns.forEach((n) => { f2.push(n); walk2(n.children) })
  walk2(got.tree)
  assert.ok(f2.some((n) => n.title === '持续夯实政治根基（修订）'))
  assert.ok(!f2.some((n) => n.title.startsWith('高压加强风险管理')))
  assert.equal((await admin.ok('/tasks/plans')).total, before + 1)
  // Bad tree: field error, nothing written.
  expectError(await admin.post('/tasks/plans', { year: 2023, title: '坏树', tree: [{ label: 1 }] }), 400, 'invalid_field', 'tree')
  expectError(await admin.post('/tasks/plans', { year: 1800, title: '坏年' , text }), 400, 'invalid_field', 'year')
  assert.equal((await admin.ok('/tasks/plans')).total, before + 1)
})

test('the text before the first heading is the plan\'s 前言: apart from the tree, kept in the text, never a node', async () => {
  const text = '2033年县局工作要点\n为做好全年工作，现制定如下要点：\n\n一、党建\n（一）学习。\n二、管理\n'
  const p = expectStatus(await admin.post('/tasks/plans/parse', { text }), 200)
  assert.equal(p.preamble, '2033年县局工作要点\n为做好全年工作，现制定如下要点：')
  assert.deepEqual(p.tree.map((n) => n.label + n.title), ['一、党建', '二、管理'])
  // a text opening with its first heading has none; a text without any heading is all 前言 and no tree
  assert.equal(expectStatus(await admin.post('/tasks/plans/parse', { text: '一、党建\n' }), 200).preamble, '')
  const none = expectStatus(await admin.post('/tasks/plans/parse', { text: '只有一段说明，没有序号。' }), 200)
  assert.deepEqual([none.preamble, none.tree], ['只有一段说明，没有序号。', []])
  // saved from its text alone: the tree has no unlabelled node at the top, the text keeps the 前言
  const saved = expectStatus(await admin.post('/tasks/plans', { year: 2033, title: '前言测试', text }), 201)
  const got = await admin.ok(`/tasks/plans/${saved.id}`)
  assert.deepEqual(got.tree.map((n) => n.label), ['一、', '二、'])
  assert.equal(got.source_text, text)
  expectError(await admin.post('/tasks/plans', { year: 2033, title: '无序号', text: '只有一段说明，没有序号。' }), 400, 'invalid_field', 'tree')
})

test('plan → 批量立项: whole node text into 工作内容, defaults from the plan, one transaction; saved once; edit and delete while nothing is assigned', async () => {
  const text = '一、强化许可管理\n（一）优化服务。重点做好三件事：①许可办理时限压缩至10个工作日以内；②推行证照联办；③开展回访。\n（二）规范监管。\n二、其他\n'
  const p = expectStatus(await admin.post('/tasks/plans', { year: 2031, title: '批量立项测试', text }), 201)
  assert.equal(p.editable, true)
  // Saving the same plan again answers 409 naming the title: never two plans.
  expectError(await admin.post('/tasks/plans', { year: 2031, title: '批量立项测试', text }), 409, 'duplicate', 'title')
  assert.equal((await admin.ok('/tasks/plans?year=2031')).total, 1)
  const sec = p.tree[0].children[0]
  assert.equal(sec.label + sec.title, '（一）优化服务。')
  assert.deepEqual(sec.children.map((n) => n.label), ['①', '②', '③'])
  assert.equal(sec.children[0].path, '一、强化许可管理 › （一）优化服务。 › ①许可办理时限压缩至10个工作日以内；')
  assert.equal(sec.full_text, '（一）优化服务。重点做好三件事：\n①许可办理时限压缩至10个工作日以内；\n②推行证照联办；\n③开展回访。')
  const [n1, n2, n3] = sec.children
  // A bad item names itself and nothing is written.
  expectError(await admin.post('/tasks/tasks/batch', { plan_id: p.id, items: [{ node_id: n1.id, lead_unit_id: ids.BGS }, { node_id: n2.id }] }), 400, 'missing_field', 'items[1].lead_unit_id')
  expectError(await admin.post('/tasks/tasks/batch', { plan_id: p.id, lead_unit_id: ids.BGS, items: [{ node_id: n1.id }, { node_id: 999999 }] }), 400, 'invalid_field', 'items[1].node_id')
  assert.equal((await admin.ok(`/tasks/tasks?plan_id=${p.id}`)).total, 0)
  const made = expectStatus(await admin.post('/tasks/tasks/batch', {
    plan_id: p.id, lead_unit_id: ids.BGS, co_unit_ids: [ids.CWK],
    items: [{ node_id: n1.id }, { node_id: n2.id, lead_unit_id: ids.SCB, co_unit_ids: [], due_date: '2031-06-30' }, { node_id: n3.id }],
  }), 201)
  assert.equal(made.total, 3)
  const [t1, t2, t3] = made.items
  assert.equal(t1.title, '许可办理时限压缩至10个工作日以内')
  assert.equal(t1.content, '①许可办理时限压缩至10个工作日以内；')
  assert.equal(t1.lead_unit_id, ids.BGS)
  assert.deepEqual(t1.co_unit_ids, [ids.CWK])
  assert.equal(t1.due_date, '2031-12-31') // the plan's year end
  assert.equal(t1.status, '草稿')
  assert.equal(t1.node_id, n1.id)
  assert.equal(t2.lead_unit_id, ids.SCB)
  assert.deepEqual(t2.co_unit_ids, [])
  assert.equal(t2.due_date, '2031-06-30')
  assert.equal(t3.title, '开展回访')
  // Editable while its tasks are drafts: node ids kept, a new node added; a node with a task cannot be dropped.
  const tree = JSON.parse(JSON.stringify(p.tree))
  tree[1].title = '其他工作'
  tree.push({ label: '三、', title: '新增一节' })
  const ed = expectStatus(await admin.req('PUT', `/tasks/plans/${p.id}`, { body: { year: 2031, title: '批量立项测试', tree } }), 200)
  assert.deepEqual(ed.tree.map((n) => n.label + n.title), ['一、强化许可管理', '二、其他工作', '三、新增一节'])
  assert.equal(ed.tree[0].children[0].children[0].id, n1.id)
  assert.equal(ed.tree[0].children[0].children[0].task_count, 1)
  const dropped = JSON.parse(JSON.stringify(ed.tree))
  dropped[0].children[0].children.pop()
  expectError(await admin.req('PUT', `/tasks/plans/${p.id}`, { body: { year: 2031, title: '批量立项测试', tree: dropped } }), 409, 'bad_state', 'tree')
  // Once a task is assigned the plan is fixed; deleting a plan takes its drafts with it.
  const owner = (await admin.ok(`/org/users?unit_id=${ids.BGS}&size=1`)).items[0]
  expectStatus(await admin.patch(`/tasks/tasks/${t3.id}`, { owner_id: owner.id }), 200)
  expectStatus(await admin.post(`/tasks/tasks/${t3.id}/assign`, {}), 200)
  assert.equal((await admin.ok(`/tasks/plans/${p.id}`)).editable, false)
  expectError(await admin.req('PUT', `/tasks/plans/${p.id}`, { body: { year: 2031, title: '批量立项测试', tree } }), 409, 'bad_state')
  expectError(await admin.del(`/tasks/plans/${p.id}`), 409, 'bad_state')
  const q = expectStatus(await admin.post('/tasks/plans', { year: 2031, title: '草稿计划', text }), 201)
  expectStatus(await admin.post('/tasks/tasks/batch', { plan_id: q.id, lead_unit_id: ids.BGS, items: [{ node_id: q.tree[0].id }] }), 201)
  const del = expectStatus(await admin.del(`/tasks/plans/${q.id}`), 200)
  assert.equal(del.deleted_tasks, 1)
  assert.equal((await admin.ok(`/tasks/tasks?plan_id=${q.id}`)).total, 0)
  expectError(await admin.get(`/tasks/plans/${q.id}`), 404, 'not_found')
})

test('督办管理员: a built-in role held by the 办公室主任 and a clerk; the clerk 立项, 交办, 催办, 审核 and 办结', async () => {
  const role = (await admin.ok('/org/roles')).items.find((r) => r.code === 'supervision_admin')
  assert.ok(role, 'the built-in role exists')
  assert.equal(role.name, '督办管理员')
  assert.ok(role.builtin)
  for (const p of ['tasks:task:add', 'tasks:task:supervise', 'tasks:plan:add']) assert.ok(role.perms.includes(p), p)
  const holders = (await admin.ok(`/org/users?role_id=${role.id}&size=50`)).items
  assert.deepEqual(holders.map((u) => u.position).sort(), ['办公室主任', '综合管理员'].sort())
  assert.ok(holders.every((u) => u.unit_id === ids.BGS))
  const clerk = holders.find((u) => u.position === '综合管理员')
  const c = srv.client()
  await c.loginOk(clerk.username, DEMO_PASSWORD)
  const staff = (await admin.ok(`/org/users?unit_id=${ids.BGS}&size=50`)).items.find((u) => !holders.some((h) => h.id === u.id) && u.position === '综合管理员')
  const t = expectStatus(await c.post('/tasks/tasks', { title: '督办管理员测试', lead_unit_id: ids.BGS, owner_id: staff.id, due_date: plus(20), assign: true }), 201)
  assert.equal(t.status, '已交办')
  expectStatus(await c.post(`/tasks/tasks/${t.id}/urge`, { text: '请尽快办理' }), 200)
  const o = srv.client()
  await o.loginOk(staff.username, DEMO_PASSWORD)
  expectStatus(await o.post(`/tasks/tasks/${t.id}/accept`, {}), 200)
  expectStatus(await o.post(`/tasks/tasks/${t.id}/submit`, { text: '已完成' }), 200)
  expectStatus(await c.post(`/tasks/tasks/${t.id}/return`, { reason: '材料不全' }), 200)
  expectStatus(await o.post(`/tasks/tasks/${t.id}/submit`, { text: '已补充' }), 200)
  const done = expectStatus(await c.post(`/tasks/tasks/${t.id}/close`, { evaluation: '良好' }), 200)
  assert.equal(done.status, '已办结')
  assert.equal(done.progress, 100)
})

test('concurrent creates answer only 201 or 409 naming the field (uniqueness checked inside the write transaction)', async () => {
  const text = '一、并发\n'
  const plans = await Promise.all(Array.from({ length: 8 }, () => admin.post('/tasks/plans', { year: 2032, title: '并发计划', text })))
  assert.deepEqual(plans.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409])
  for (const r of plans.filter((x) => x.status === 409)) expectError(r, 409, 'duplicate', 'title')
  assert.equal((await admin.ok('/tasks/plans?year=2032')).total, 1)
  const p = (await admin.ok('/tasks/plans?year=2032')).items[0]
  const got = await admin.ok(`/tasks/plans/${p.id}`)
  const creates = [
    () => admin.post('/tasks/checklists', { kind: '通用', title: '并发清单', year: 2032 }),
    () => admin.post('/tasks/tasks', { title: '并发任务', lead_unit_id: ids.BGS, due_date: '2032-06-30' }),
    () => admin.post('/tasks/tasks/batch', { plan_id: p.id, lead_unit_id: ids.BGS, items: [{ node_id: got.tree[0].id }] }),
  ]
  for (const make of creates) {
    const rs = await Promise.all(Array.from({ length: 6 }, make))
    for (const r of rs) assert.ok(r.status === 201 || r.status === 409, `status ${r.status}`)
  }
})

test('demo: the 2023 plan with its 7 items turned into tasks, lights mixed', async () => {
  const plans = await admin.ok('/tasks/plans?year=2023')
  const demoPlan = plans.items.find((p) => p.theme === '生态培基年' && p.title === '2023年具体工作安排')
  assert.ok(demoPlan)
  const list = await admin.ok(`/tasks/tasks?plan_id=${demoPlan.id}&size=100`)
  assert.equal(list.total, 7)
  const lights = new Set(list.items.map((t) => t.light))
  for (const l of ['green', 'yellow', 'red', 'done']) assert.ok(lights.has(l), `light ${l} in ${[...lights]}`)
  const red = await admin.ok('/tasks/tasks?light=red')
  assert.ok(red.items.length >= 1 && red.items.every((t) => t.light === 'red'))
  expectError(await admin.get('/tasks/tasks?light=blue'), 400, 'bad_query', 'light')
  const x = await admin.get('/tasks/tasks?format=xlsx')
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /spreadsheet/)
})

test('the whole life of a task by the right roles; scope; closed task refuses edits', async () => {
  const head = await demo('CQS', 'dept_head')
  const leader = await demo('JLD', 'leader')
  const other = await demo('LTS', 'dept_head')
  const staff = await demo('CQS', 'inspector')
  const due = plus(30)
  const t = expectStatus(await admin.post('/tasks/tasks', { title: '城区卷烟市场夜查', content: '每周两次夜查', lead_unit_id: ids.CQS, owner_id: head.user.id,
    leader_id: leader.user.id, due_date: due, priority: '高' }), 201)
  assert.equal(t.status, '草稿')
  assert.equal(t.light, 'none')
  // A handler cannot assign; the owner cannot accept before the assignment.
  expectError(await head.c.post(`/tasks/tasks/${t.id}/assign`, {}), 403, 'forbidden')
  expectError(await head.c.post(`/tasks/tasks/${t.id}/accept`, {}), 409, 'bad_state')
  expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/assign`, {}), 200)
  // Outside the scope: 404 as if it did not exist, for reading and for acting.
  expectError(await other.c.get(`/tasks/tasks/${t.id}`), 404, 'not_found')
  expectError(await other.c.post(`/tasks/tasks/${t.id}/accept`, {}), 404, 'not_found')
  assert.ok(!(await other.c.ok('/tasks/tasks?size=500')).items.some((x) => x.id === t.id))
  // Inside the unit's scope: the inspector of CQS sees it.
  assert.equal((await staff.c.ok(`/tasks/tasks/${t.id}`)).id, t.id)
  const mine = await head.c.ok('/tasks/mine')
  assert.ok(mine.tasks.some((x) => x.id === t.id))
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/accept`, {}), 200)
  expectError(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 150, text: 'x' }), 400, 'invalid_field', 'percent')
  let r = expectStatus(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 40, text: '已开展夜查3次' }), 200)
  assert.equal(r.progress, 40)
  r = expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/urge`, { text: '请加快进度' }), 200)
  assert.equal(r.urge_count, 1)
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/submit`, { text: '已完成' }), 200)
  expectError(await leader.c.post(`/tasks/tasks/${t.id}/urge`, {}), 409, 'bad_state')
  expectError(await leader.c.post(`/tasks/tasks/${t.id}/return`, {}), 400, 'missing_field', 'reason')
  r = expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/return`, { reason: '缺少现场照片' }), 200)
  assert.equal(r.status, '办理中')
  assert.equal(r.return_reason, '缺少现场照片')
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 100, text: '补充照片12张' }), 200)
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/submit`, { text: '已补充' }), 200)
  expectError(await leader.c.post(`/tasks/tasks/${t.id}/close`, { evaluation: '很好' }), 400, 'invalid_field', 'evaluation')
  r = expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/close`, { evaluation: '优秀', text: '按期高质量完成' }), 200)
  assert.equal(r.status, '已办结')
  assert.equal(r.light, 'done')
  expectError(await admin.patch(`/tasks/tasks/${t.id}`, { title: '改名' }), 409, 'bad_state')
  expectError(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 100, text: 'x' }), 409, 'bad_state')
  r = expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/review`, { result: 'confirm', text: '回头看：问题未反弹' }), 200)
  assert.equal(r.status, '已办结')
  const full = await admin.ok(`/tasks/tasks/${t.id}`)
  assert.deepEqual(full.events.map((e) => e.kind), ['create', 'assign', 'accept', 'report', 'urge', 'submit', 'return', 'report', 'submit', 'close', 'review'])
  const audit = await admin.ok(`/org/audit?entity=task&size=100`)
  assert.ok(audit.items.filter((a) => Number(a.entity_id) === t.id).length >= 10)
  // Stats count the closed task for CQS, on time.
  const st = await admin.ok('/tasks/stats')
  const cq = st.units.find((u) => u.unit_id === ids.CQS)
  assert.ok(cq.closed >= 1 && cq.on_time >= 1)
})

test('bad input answers a field error and writes nothing', async () => {
  const n0 = (await admin.ok('/tasks/tasks?size=1')).total
  expectError(await admin.post('/tasks/tasks', { title: '坏日期', lead_unit_id: ids.BGS, due_date: '2023-02-30' }), 400, 'invalid_field', 'due_date')
  expectError(await admin.post('/tasks/tasks', { title: '', lead_unit_id: ids.BGS, due_date: '2023-03-01' }), 400, 'missing_field', 'title')
  expectError(await admin.post('/tasks/tasks', { title: '无单位', lead_unit_id: 999999, due_date: '2023-03-01' }), 400, 'invalid_field', 'lead_unit_id')
  expectError(await admin.post('/tasks/tasks', { title: 'x', lead_unit_id: ids.BGS, due_date: '2023-03-01', hack: 1 }), 400, 'unknown_field', 'hack')
  assert.equal((await admin.ok('/tasks/tasks?size=1')).total, n0)
})

test('checklist: 整改 item closed with evidence and approval, money exact, closed item refuses edits', async () => {
  const head = await demo('CQS', 'dept_head')
  const other = await demo('LTS', 'dept_head')
  const disc = await demo('NGK', 'discipline')
  const cl = expectStatus(await admin.post('/tasks/checklists', { kind: '整改', title: '测试整改清单', year: 2024 }), 201)
  const it = expectStatus(await admin.post(`/tasks/checklists/${cl.id}/items`, { title: '执法案卷不规范', source: '两项整改', unit_id: ids.CQS, owner_id: head.user.id,
    due_date: plus(10), amount_fen: 10, recovered_fen: 20, refunded_fen: 1, people: 1 }), 201)
  expectStatus(await admin.post(`/tasks/checklists/${cl.id}/items`, { title: '二', unit_id: ids.CQS, amount_fen: 20, people: 2 }), 201)
  expectError(await admin.post(`/tasks/checklists/${cl.id}/items`, { title: '负数', unit_id: ids.CQS, amount_fen: -1 }), 400, 'invalid_field', 'amount_fen')
  expectError(await admin.post(`/tasks/checklists/${cl.id}/items`, { title: '小数', unit_id: ids.CQS, amount_fen: 1.5 }), 400, 'invalid_field', 'amount_fen')
  let st = await admin.ok(`/tasks/checklists/stats?checklist_id=${cl.id}`)
  assert.equal(st.total.items, 2)
  assert.equal(st.total.amount_fen, 30)
  assert.equal(st.total.amount_yuan, '0.30')
  assert.equal(st.total.people, 3)
  expectError(await other.c.post(`/tasks/checklist-items/${it.id}/submit`, { evidence: '已整改完毕' }), 404, 'not_found')
  expectError(await head.c.post(`/tasks/checklist-items/${it.id}/submit`, {}), 400, 'missing_field', 'evidence')
  // Evidence is text plus at least one file.
  expectError(await head.c.post(`/tasks/checklist-items/${it.id}/submit`, { evidence: '案卷评查记录及整改报告' }), 400, 'missing_field', 'attachments')
  expectStatus(await upload(head.c, 'item', it.id, '整改报告.pdf'), 201)
  expectStatus(await head.c.post(`/tasks/checklist-items/${it.id}/submit`, { evidence: '案卷评查记录及整改报告' }), 200)
  expectError(await upload(head.c, 'item', it.id, '现场照片.png'), 409, 'bad_state')
  expectError(await head.c.post(`/tasks/checklist-items/${it.id}/approve`, {}), 403, 'forbidden')
  const ok = expectStatus(await disc.c.post(`/tasks/checklist-items/${it.id}/approve`, {}), 200)
  assert.equal(ok.status, '已销号')
  expectError(await admin.patch(`/tasks/checklist-items/${it.id}`, { title: '改' }), 409, 'bad_state')
  st = await admin.ok(`/tasks/checklists/stats?checklist_id=${cl.id}`)
  assert.equal(st.total.closed, 1)
  assert.equal(st.total.on_time, 1)
  const x = await admin.get(`/tasks/checklists/${cl.id}/items?format=xlsx`)
  assert.equal(x.status, 200)
})

test('demo checklists: 28 办实事 items, 21 整改 items with the seed totals exactly', async () => {
  const sh = await admin.ok(`/tasks/checklists/stats?kind=${encodeURIComponent('办实事')}&year=2022`)
  assert.equal(sh.total.items, 28)
  const zg = await admin.ok(`/tasks/checklists/stats?kind=${encodeURIComponent('整改')}&year=2022`)
  assert.equal(zg.total.items, 21)
  assert.equal(zg.total.amount_fen, 8960000)
  assert.equal(zg.total.amount_wan, '8.96')
  assert.equal(zg.total.recovered_fen, 875700)
  assert.equal(zg.total.refunded_fen, 863100)
  assert.equal(zg.total.people, 26)
  assert.equal(zg.total.closed, 21)
})

test('unit filters: the unit alone, or with below=1 the unit and every unit under it (市场部 5 items, 9 with its 片区)', async () => {
  // Demo: 市场部 holds 2 办实事 + 3 整改 items itself; each of its four 片区 holds one 办实事 item.
  const own = await admin.ok(`/tasks/checklists/stats?unit_id=${ids.SCB}`)
  assert.equal(own.total.items, 5)
  assert.deepEqual(own.units.map((u) => u.unit_id), [ids.SCB])
  const below = await admin.ok(`/tasks/checklists/stats?unit_id=${ids.SCB}&below=1`)
  assert.equal(below.total.items, 9)
  assert.deepEqual(below.units.map((u) => [u.unit_id, u.items]).sort((a, b) => a[0] - b[0]),
    [[ids.SCB, 5], [ids['SCB-CQ'], 1], [ids['SCB-DB'], 1], [ids['SCB-XB'], 1], [ids['SCB-NB'], 1]].sort((a, b) => a[0] - b[0]))
  // A leaf unit is the same with or without below.
  assert.equal((await admin.ok(`/tasks/checklists/stats?unit_id=${ids['SCB-CQ']}&below=1`)).total.items, 1)
  // The item list of the 办实事 checklist means the same: 2 of 市场部 alone, 6 with its 片区.
  const lists = await admin.ok(`/tasks/checklists?kind=${encodeURIComponent('办实事')}&year=2022`)
  const sh = lists.items[0].id
  assert.equal((await admin.ok(`/tasks/checklists/${sh}/items?unit_id=${ids.SCB}`)).total, 2)
  assert.equal((await admin.ok(`/tasks/checklists/${sh}/items?unit_id=${ids.SCB}&below=1`)).total, 6)
  // The 督办台账 too: the whole bureau (unit 局) leads none of the demo tasks itself, but all of them with below=1.
  const all = (await admin.ok('/tasks/tasks?size=100')).total
  assert.equal((await admin.ok(`/tasks/tasks?unit_id=${ids.JU}`)).total, 0)
  assert.equal((await admin.ok(`/tasks/tasks?unit_id=${ids.JU}&below=1`)).total, all)
})

test('calendar/count counts the working days in (from, to] — the examples of docs/api.md', async () => {
  const n = async (q) => (await admin.ok(`/org/calendar/count?${q}`)).working_days
  assert.equal(await n('from=2026-03-02&to=2026-03-06'), 4) // Monday → Friday: Tuesday–Friday, Monday itself not counted
  assert.equal(await n('from=2026-03-02&to=2026-03-02'), 0)
  assert.equal(await n('from=2026-02-12&to=2026-02-24'), 3) // 2月13日, 2月14日 (调休上班), 2月24日; 春节 15–23 out
  assert.equal(await n('from=2026-03-06&to=2026-03-02'), -4)
  assert.equal((await admin.ok('/org/calendar/count?from=2026-02-12&add=3')).date, '2026-02-24')
})

test('checklist import: per-row errors write nothing; keep_valid writes the good rows', async () => {
  const cl = expectStatus(await admin.post('/tasks/checklists', { kind: '整改', title: '导入测试', year: 2024 }), 201)
  const csv = '序号,事项,问题来源,责任单位编码,完成时限,整改涉及金额(元),处理处分人次\n1,好的一行,两项整改,CWK,2024-06-30,"1,200.50",1\n2,坏金额,两项整改,CWK,2024-06-30,1.234,0\n3,坏单位,两项整改,NOPE,2024-06-30,0,0\n'
  const bad = await admin.post(`/tasks/checklists/${cl.id}/import?format=csv`, undefined, { rawBody: csv, headers: { 'Content-Type': 'text/csv' } })
  const e = expectError(bad, 422, 'import_invalid')
  assert.equal(e.details.errors.length, 2)
  assert.equal((await admin.ok(`/tasks/checklists/${cl.id}/items`)).total, 0)
  const good = expectStatus(await admin.post(`/tasks/checklists/${cl.id}/import?format=csv&keep_valid=1`, undefined, { rawBody: csv, headers: { 'Content-Type': 'text/csv' } }), 200)
  assert.equal(good.written, 1)
  const items = await admin.ok(`/tasks/checklists/${cl.id}/items`)
  assert.equal(items.items[0].amount_fen, 120050)
})

// A second server whose "today" is the Thursday before the 2026 Spring Festival (2月15日–23日 放假, 2月14日 调休上班).
const sf = serverFor({ before, after }, import.meta.filename, { env: { BUREAU_TODAY: '2026-02-12', BUREAU_TASK_SWEEP_SECONDS: '1' } })

test('working-day deadlines: the light and its reason count the holiday out; the light filter agrees', async () => {
  await sf.ready
  const a = await sf.admin()
  const u = await unitIds(a)
  const mk = async (title, due, workdays) => expectStatus(await a.post('/tasks/tasks', { title, lead_unit_id: u.CQS, owner_id: a.user.id, due_date: due,
    assign: true, ...(workdays === undefined ? {} : { workdays }) }), 201)
  // Default for a new task: working days. 2月24日 is 12 calendar days away but only 3 working days (13日, 14日, 24日).
  const w = await mk('节后第一天到期（工作日）', '2026-02-24')
  assert.equal(w.workdays, true)
  assert.equal(w.light, 'yellow')
  assert.equal(w.deadline_text, '还剩 3 个工作日')
  assert.equal(w.deadline_days, 3)
  const c = await mk('节后第一天到期（自然日）', '2026-02-24', false)
  assert.equal(c.light, 'green')
  assert.equal(c.deadline_text, '还剩 12 天')
  // A deadline inside the holiday moves to the first working day after it.
  const h = await mk('节中到期', '2026-02-18')
  assert.equal(h.deadline_text, '还剩 3 个工作日')
  const late = await mk('已逾期', '2026-02-09')
  assert.equal(late.light, 'red')
  assert.equal(late.deadline_text, '已逾期 3 个工作日')
  // The filter by light sees each task on its own clock.
  const yellow = (await a.ok('/tasks/tasks?light=yellow&size=500')).items.map((t) => t.id)
  const green = (await a.ok('/tasks/tasks?light=green&size=500')).items.map((t) => t.id)
  const red = (await a.ok('/tasks/tasks?light=red&size=500')).items.map((t) => t.id)
  assert.ok(yellow.includes(w.id) && yellow.includes(h.id) && !yellow.includes(c.id))
  assert.ok(green.includes(c.id) && !green.includes(w.id))
  assert.ok(red.includes(late.id))
  // Switching the clock of a task is an edit; the list shows the reason too.
  const sw = expectStatus(await a.patch(`/tasks/tasks/${c.id}`, { workdays: true }), 200)
  assert.equal(sw.deadline_text, '还剩 3 个工作日')
  expectError(await a.patch(`/tasks/tasks/${c.id}`, { workdays: 'yes' }), 400, 'invalid_field', 'workdays')
  assert.equal(expectStatus(await a.patch(`/tasks/tasks/${c.id}`, { start_date: '2026-02-01' }), 200).start_date, '2026-02-01')
  assert.equal(expectStatus(await a.patch(`/tasks/tasks/${c.id}`, { start_date: null }), 200).start_date, null)
  const row = (await a.ok('/tasks/tasks?size=500')).items.find((t) => t.id === w.id)
  assert.equal(row.deadline_text, '还剩 3 个工作日')
  // Statistics count the open red task as overdue.
  const st = await a.ok('/tasks/stats')
  assert.ok(st.units.find((x) => x.unit_id === u.CQS).overdue >= 1)
})

test('attachments: types by content, 20 MiB limit, stored by hash, linked to a report, downloaded within scope only', async () => {
  const head = await demo('CQS', 'dept_head')
  const leader = await demo('JLD', 'leader')
  const other = await demo('LTS', 'dept_head')
  const t = expectStatus(await admin.post('/tasks/tasks', { title: '附件测试任务', lead_unit_id: ids.CQS, owner_id: head.user.id, due_date: plus(20), assign: true }), 201)
  // Nothing before the task is signed for by someone who may handle it; never by someone outside its scope.
  expectError(await head.c.post(`/tasks/attachments?owner=task&id=${t.id}&name=a.pdf`, undefined, { rawBody: sample('整改报告.pdf'), csrf: false }), 403, 'csrf_failed')
  expectError(await upload(other.c, 'task', t.id, '整改报告.pdf'), 404, 'not_found')
  expectError(await upload(leader.c, 'task', t.id, '整改报告.pdf'), 403, 'forbidden')
  // Type allow-list by name and by content.
  expectError(await upload(head.c, 'task', t.id, 'program.exe'), 415, 'file_type_not_allowed', 'name')
  expectError(await upload(head.c, 'task', t.id, '伪装.pdf', sample('program.exe')), 415, 'file_type_not_allowed', 'file')
  expectError(await upload(head.c, 'task', t.id, '照片.png', sample('照片.jpg')), 415, 'file_type_not_allowed', 'file')
  expectError(await upload(head.c, 'task', t.id, '压缩包.docx', sample('other.zip')), 415, 'file_type_not_allowed', 'file')
  expectError(await upload(head.c, 'task', t.id, '空.txt', Buffer.alloc(0)), 400, 'bad_file')
  expectError(await head.c.post(`/tasks/attachments?owner=task&id=${t.id}`, undefined, { rawBody: sample('说明.txt') }), 400, 'missing_field', 'name')
  expectError(await head.c.post(`/tasks/attachments?owner=shop&id=${t.id}&name=a.txt`, undefined, { rawBody: sample('说明.txt') }), 400, 'bad_query', 'owner')
  // Size: 20 MiB is the limit.
  const big = Buffer.alloc((20 << 20) + 1, 0x61)
  expectError(await upload(head.c, 'task', t.id, '大文件.txt', big), 413, 'payload_too_large')
  // Stored by content hash next to the database; the same content twice is one file.
  const pdf = sample('整改报告.pdf')
  const a1 = expectStatus(await upload(head.c, 'task', t.id, '../../整改报告.pdf', pdf), 201)
  assert.equal(a1.name, '整改报告.pdf')
  assert.equal(a1.type, 'pdf')
  assert.equal(a1.size, pdf.length)
  const sha = createHash('sha256').update(pdf).digest('hex')
  assert.equal(a1.sha256, sha)
  assert.ok(existsSync(join(srv.dir, 'files', sha.slice(0, 2), sha)))
  const a2 = expectStatus(await upload(head.c, 'task', t.id, '说明-gbk.txt'), 201)
  // A report carries the files; they cannot be reused for another report.
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/accept`, {}), 200)
  let d = await head.c.ok(`/tasks/tasks/${t.id}`)
  assert.deepEqual(d.pending_attachments.map((a) => a.id), [a1.id, a2.id])
  expectError(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 30, text: '附材料', attachment_ids: [999999] }), 400, 'invalid_field', 'attachment_ids')
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 30, text: '附整改报告', attachment_ids: [a1.id, a2.id] }), 200)
  expectError(await head.c.post(`/tasks/tasks/${t.id}/report`, { percent: 40, text: '再用', attachment_ids: [a1.id] }), 400, 'invalid_field', 'attachment_ids')
  expectError(await leader.c.post(`/tasks/tasks/${t.id}/urge`, { text: 'x', attachment_ids: [a1.id] }), 400, 'unknown_field', 'attachment_ids')
  d = await head.c.ok(`/tasks/tasks/${t.id}`)
  const rep = d.events.find((e) => e.kind === 'report')
  assert.deepEqual(rep.attachments.map((a) => a.name), ['整改报告.pdf', '说明-gbk.txt'])
  assert.equal(d.pending_attachments.length, 0)
  // Download: the right bytes as an attachment, for whoever sees the task; 404 outside its scope.
  for (const c of [head.c, leader.c, admin]) {
    const r = await c.get(`/tasks/attachments/${a1.id}`)
    assert.equal(r.status, 200)
    assert.match(r.headers['content-disposition'], /^attachment;/)
    assert.match(r.headers['content-disposition'], /filename\*=UTF-8''%E6%95%B4%E6%94%B9/)
    assert.equal(r.headers['content-type'], 'application/pdf')
    assert.equal(r.headers['x-content-type-options'], 'nosniff')
    assert.ok(r.buf.equals(pdf))
  }
  expectError(await other.c.get(`/tasks/attachments/${a1.id}`), 404, 'not_found')
  expectError(await other.c.del(`/tasks/attachments/${a1.id}`), 404, 'not_found')
  expectError(await head.c.get('/tasks/attachments/99999999'), 404, 'not_found')
  assert.equal((await head.c.get('/tasks/attachments/..%2f..%2fb.db')).status, 404)
  // A file sent with a report stays; an unsent one can be taken back by its uploader only.
  expectError(await head.c.del(`/tasks/attachments/${a1.id}`), 409, 'bad_state')
  const a3 = expectStatus(await upload(head.c, 'task', t.id, '现场照片.png'), 201)
  expectError(await leader.c.del(`/tasks/attachments/${a3.id}`), 403, 'forbidden')
  expectStatus(await head.c.del(`/tasks/attachments/${a3.id}`), 200)
  expectError(await head.c.get(`/tasks/attachments/${a3.id}`), 404, 'not_found')
  const audit = await admin.ok('/org/audit?entity=attachment&size=100')
  assert.ok(audit.items.some((x) => x.action === 'tasks.attachment.upload' && Number(x.entity_id) === a1.id))
  assert.ok(audit.items.some((x) => x.action === 'tasks.attachment.delete' && Number(x.entity_id) === a3.id))
})

test('messages: assignment, urge and return reach the owner; unread count; mark read only one\'s own', async () => {
  const head = await demo('CQS', 'dept_head')
  const leader = await demo('JLD', 'leader')
  const other = await demo('LTS', 'dept_head')
  const unread = async (c) => (await c.ok('/tasks/messages/unread-count')).unread
  const u0 = await unread(head.c)
  const t = expectStatus(await leader.c.post('/tasks/tasks', { title: '消息测试：城区夜查', lead_unit_id: ids.CQS, owner_id: head.user.id, due_date: plus(30), assign: true }), 201)
  assert.equal(await unread(head.c), u0 + 1)
  let list = await head.c.ok('/tasks/messages?size=5')
  assert.equal(list.items[0].kind, 'assign')
  assert.equal(list.items[0].task_id, t.id)
  assert.equal(list.items[0].title, '新交办：消息测试：城区夜查')
  assert.match(list.items[0].body, /完成时限 .*交办人/)
  assert.equal(list.items[0].read, false)
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/accept`, {}), 200)
  expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/urge`, { text: '请本周内完成首轮检查' }), 200)
  expectStatus(await head.c.post(`/tasks/tasks/${t.id}/submit`, { text: '已完成' }), 200)
  expectStatus(await leader.c.post(`/tasks/tasks/${t.id}/return`, { reason: '缺少现场照片' }), 200)
  list = await head.c.ok('/tasks/messages?unread=1&size=50')
  const mine = list.items.filter((m) => m.task_id === t.id)
  assert.deepEqual(mine.map((m) => m.kind), ['return', 'urge', 'assign'])
  assert.match(mine[1].body, /第1次催办：请本周内完成首轮检查/)
  assert.match(mine[0].body, /退回原因：缺少现场照片/)
  assert.equal(list.unread, u0 + 3)
  // Someone else cannot mark them read; the owner can, one by one or all.
  const o = expectStatus(await other.c.post('/tasks/messages/read', { ids: mine.map((m) => m.id) }), 200)
  assert.equal(o.marked, 0)
  expectError(await head.c.post('/tasks/messages/read', {}), 400, 'missing_field', 'ids')
  let r = expectStatus(await head.c.post('/tasks/messages/read', { ids: [mine[2].id] }), 200)
  assert.equal(r.marked, 1)
  assert.equal(r.unread, u0 + 2)
  r = expectStatus(await head.c.post('/tasks/messages/read', { all: true }), 200)
  assert.equal(r.unread, 0)
  assert.equal((await head.c.ok('/tasks/messages?unread=1')).total, 0)
  assert.equal((await head.c.ok('/tasks/messages?size=1')).items[0].read, true)
})

test('group robot: a unit\'s webhook gets the 企业微信/钉钉 text message (local receiver); http:// only', async () => {
  const got = []
  const recv = http.createServer((req, res) => {
    let b = ''
    req.on('data', (c) => { b += c })
    req.on('end', () => { got.push({ url: req.url, type: req.headers['content-type'], body: JSON.parse(b) }); res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"errcode":0,"errmsg":"ok"}') })
  })
  await new Promise((ok) => recv.listen(0, '127.0.0.1', ok))
  try {
    const url = `http://127.0.0.1:${recv.address().port}/cgi-bin/webhook/send?key=test-key`
    const head = await demo('CQS', 'dept_head')
    expectError(await head.c.req('PUT', `/tasks/webhooks/${ids.CQS}`, { body: { url } }), 403, 'forbidden')
    expectError(await admin.req('PUT', `/tasks/webhooks/${ids.CQS}`, { body: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' } }), 400, 'invalid_field', 'url')
    expectError(await admin.req('PUT', `/tasks/webhooks/${ids.CQS}`, { body: { url: 'http://user@127.0.0.1/x' } }), 400, 'invalid_field', 'url')
    const h = expectStatus(await admin.req('PUT', `/tasks/webhooks/${ids.CQS}`, { body: { url } }), 200)
    assert.equal(h.enabled, true)
    const t = expectStatus(await admin.post('/tasks/tasks', { title: '机器人测试任务', lead_unit_id: ids.CQS, owner_id: head.user.id, due_date: plus(10), assign: true }), 201)
    await until('the assign message at the robot', () => got.length >= 1)
    assert.equal(got.length, 1)
    assert.equal(got[0].url, '/cgi-bin/webhook/send?key=test-key')
    assert.match(got[0].type, /^application\/json/)
    assert.equal(got[0].body.msgtype, 'text')
    assert.match(got[0].body.text.content, /^【督查督办】新交办：机器人测试任务\n/)
    assert.match(got[0].body.text.content, new RegExp('责任人：' + head.user.name))
    expectStatus(await admin.post(`/tasks/webhooks/${ids.CQS}/test`, {}), 200)
    await until('the test message at the robot', () => got.length >= 2)
    assert.match(got[1].body.text.content, /群机器人测试消息/)
    // A task of another unit does not go to this group: a CQS task made after it arrives next (the outbox is
    // delivered in order), which proves the other unit's task had its chance to be sent.
    expectStatus(await admin.post('/tasks/tasks', { title: '别的单位', lead_unit_id: ids.LTS, due_date: plus(10) }), 201)
    expectStatus(await admin.post('/tasks/tasks', { title: '机器人测试任务二', lead_unit_id: ids.CQS, owner_id: head.user.id, due_date: plus(10), assign: true }), 201)
    await until('the second CQS task at the robot', () => got.length >= 3)
    assert.equal(got.length, 3)
    assert.match(got[2].body.text.content, /新交办：机器人测试任务二\n/)
    assert.ok(got.every((m) => !m.body.text.content.includes('别的单位')))
    const list = await admin.ok('/tasks/webhooks')
    const row = list.items.find((x) => x.unit_id === ids.CQS)
    assert.equal(row.sent, 3)
    expectStatus(await admin.del(`/tasks/webhooks/${ids.CQS}`), 200)
    expectError(await admin.del(`/tasks/webhooks/${ids.CQS}`), 404, 'not_found')
    void t
  } finally {
    recv.close()
  }
})

test('deadline sweep: one 临期/逾期 message per task and threshold to the owner and the leader in charge', async () => {
  await sf.ready
  const a = await sf.admin()
  const u = await unitIds(a)
  const r = await roleIds(a)
  const leaderRow = (await a.ok(`/org/users?role_id=${r.leader}&size=5`)).items[0]
  const lc = sf.client()
  await lc.loginOk(leaderRow.username, DEMO_PASSWORD)
  const t = expectStatus(await a.post('/tasks/tasks', { title: '节前临期任务', lead_unit_id: u.BGS, owner_id: a.user.id, leader_id: leaderRow.id,
    due_date: '2026-02-24', assign: true }), 201)
  assert.equal(t.light, 'yellow')
  const late = expectStatus(await a.post('/tasks/tasks', { title: '逾期任务', lead_unit_id: u.BGS, owner_id: a.user.id, due_date: '2026-02-10', assign: true }), 201)
  const notices = async (c, id) => (await c.ok('/tasks/messages?size=200')).items.filter((m) => m.task_id === id && m.kind !== 'assign')
  await until('the first sweep\'s messages', async () => (await notices(a, t.id)).length >= 1 && (await notices(a, late.id)).length >= 1)
  const mine = await notices(a, t.id)
  assert.equal(mine.length, 1)
  assert.equal(mine[0].kind, 'due_soon')
  assert.equal(mine[0].title, '临期：节前临期任务')
  assert.equal(mine[0].body, '完成时限 2026-02-24，还剩 3 个工作日')
  const lm = await notices(lc, t.id)
  assert.equal(lm.length, 1)
  const lt = await notices(a, late.id)
  assert.equal(lt[0].kind, 'overdue')
  assert.equal(lt[0].body, '完成时限 2026-02-10，已逾期 2 个工作日')
  // The sweep runs every second here. A task made now gets its message from a later sweep; once it is there, that
  // sweep has also passed the first two tasks again: still one message each.
  const t2 = expectStatus(await a.post('/tasks/tasks', { title: '后建临期任务', lead_unit_id: u.BGS, owner_id: a.user.id, due_date: '2026-02-24', assign: true }), 201)
  await until('a later sweep', async () => (await notices(a, t2.id)).length >= 1)
  assert.equal((await notices(a, t.id)).length, 1)
  assert.equal((await notices(a, late.id)).length, 1)
})

test('回头看: random sample of closed items, review records, a finding that reopens the item', async () => {
  const lists = await admin.ok(`/tasks/checklists?kind=${encodeURIComponent('整改')}&year=2022`)
  const cl = lists.items[0]
  expectError(await admin.post(`/tasks/checklists/${cl.id}/lookback`, { count: 0 }), 400, 'invalid_field', 'count')
  const head = await demo('CQS', 'dept_head')
  expectError(await head.c.post(`/tasks/checklists/${cl.id}/lookback`, { count: 3 }), 403, 'forbidden')
  const d1 = expectStatus(await admin.post(`/tasks/checklists/${cl.id}/lookback`, { count: 5 }), 201)
  assert.equal(d1.drawn, 5)
  assert.ok(d1.items.every((v) => v.status === '待复查' && v.item_status === '已销号'))
  // Items waiting for a finding are not drawn again: 21 closed items, 5 pending → at most 16 more.
  const d2 = expectStatus(await admin.post(`/tasks/checklists/${cl.id}/lookback`, { count: 100 }), 201)
  assert.equal(d2.drawn, 16)
  const all = new Set([...d1.items, ...d2.items].map((v) => v.item_id))
  assert.equal(all.size, 21)
  expectError(await admin.post(`/tasks/checklists/${cl.id}/lookback`, { count: 1 }), 409, 'bad_state')
  const [a, b] = d1.items
  expectError(await admin.post(`/tasks/checklist-reviews/${a.id}`, { result: 'maybe', note: 'x' }), 400, 'invalid_field', 'result')
  const ok = expectStatus(await admin.post(`/tasks/checklist-reviews/${a.id}`, { result: 'confirm', note: '抽查台账和现场，问题未反弹' }), 200)
  assert.equal(ok.status, '已确认')
  const re = expectStatus(await admin.post(`/tasks/checklist-reviews/${b.id}`, { result: 'reopen', note: '发现同类问题再次出现' }), 200)
  assert.equal(re.status, '已重新整改')
  assert.equal(re.item_status, '进行中')
  expectError(await admin.post(`/tasks/checklist-reviews/${b.id}`, { result: 'confirm', note: '再次' }), 409, 'bad_state')
  const item = await admin.ok(`/tasks/checklist-items/${b.item_id}`)
  assert.equal(item.status, '进行中')
  assert.match(item.reject_reason, /^回头看发现问题反弹/)
  const hist = await admin.ok(`/tasks/checklists/${cl.id}/lookback`)
  assert.equal(hist.total, 21)
  // A 所 user sees only the records of items in his scope.
  const so = await demo('CQS', 'dept_head')
  const mineH = await so.c.ok(`/tasks/checklists/${cl.id}/lookback`)
  assert.ok(mineH.items.every((v) => v.unit_name === '城区专卖管理所' || v.unit_name.includes('城区')), JSON.stringify(mineH.items.map((v) => v.unit_name)))
  assert.ok(mineH.total < 21)
  const tpl = await admin.get(`/tasks/checklists/${cl.id}/template?format=csv`)
  assert.equal(tpl.status, 200)
  assert.match(tpl.text, /事项/)
})
