// 应急预案 and 舆情 over HTTP: plans with every revision kept and one current (the demo's 物流中心 drills linked to the
// versions they exercised); a drill names a version of its own kind and its problems open exactly one 督办 task; 舆情
// events with timed response steps, closure needing a step and a review, nothing after closure; scope and bad input.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, adminSetup, expectError, expectStatus } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, demo
before(async () => ({ admin, ids, demo } = await adminSetup(srv)))
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) // the bureau's zone (UTC+8)

test('the demo plans: versions kept, the current marked, the 物流中心 drills linked to what they exercised', async () => {
  const plans = await admin.ok('/risks/plans')
  assert.equal(plans.total, 4)
  assert.deepEqual(plans.items.map((p) => p.kind), ['综合', '专项', '专项', '现场处置'])
  const fire = plans.items.find((p) => p.title === '卷烟仓库火灾事故专项应急预案')
  assert.equal(fire.version, 'V1.1')
  assert.equal(fire.versions, 2)
  assert.equal(fire.drills, 1)
  const one = await admin.ok(`/risks/plans/${fire.id}`)
  assert.deepEqual(one.history.map((v) => [v.version, v.current]), [['V1.1', true], ['V1.0', false]])
  assert.equal(one.drill_list[0].version, 'V1.1')
  const drills = (await admin.ok(`/risks/drills?unit_id=${ids.WLZX}&year=${one.drill_list[0].day.slice(0, 4)}`)).items
  assert.ok(drills.some((d) => d.plan_title === fire.title && d.plan_version === 'V1.1'))
})

test('revise a plan: the new version is current, the old one kept; bad input and scope refused, nothing stored', async () => {
  const { c: wl } = await demo('WLZX', 'dept_head')
  const { c: so } = await demo('CQS', 'dept_head')
  const base = { unit_id: ids.WLZX, kind: '现场处置', title: '叉车作业伤害现场处置方案', version: 'V1.0', issued_on: today() }
  expectError(await wl.post('/risks/plans', { ...base, kind: '临时' }), 400, 'invalid_field', 'kind')
  expectError(await wl.post('/risks/plans', { ...base, issued_on: '2999-01-01' }), 400, 'invalid_field', 'issued_on')
  expectError(await so.post('/risks/plans', base), 400, 'invalid_field', 'unit_id')
  assert.equal((await admin.ok('/risks/plans')).total, 4)
  const p = expectStatus(await wl.post('/risks/plans', { ...base, content: '停止作业、救护、报告' }), 201)
  assert.equal(p.version, 'V1.0')
  expectError(await so.get(`/risks/plans/${p.id}`), 404, 'not_found')
  expectError(await so.post(`/risks/plans/${p.id}/versions`, { version: 'V2.0', issued_on: today(), change_note: 'x' }), 404, 'not_found')
  expectError(await wl.post(`/risks/plans/${p.id}/versions`, { version: 'V1.1', issued_on: today() }), 400, 'missing_field', 'change_note')
  expectError(await wl.post(`/risks/plans/${p.id}/versions`, { version: 'V1.0', issued_on: today(), change_note: '重复' }), 409, 'duplicate', 'version')
  expectError(await wl.post(`/risks/plans/${p.id}/versions`, { version: 'V0.9', issued_on: '2020-01-01', change_note: '倒签' }), 400, 'invalid_field', 'issued_on')
  const r = expectStatus(await wl.post(`/risks/plans/${p.id}/versions`, { version: 'V1.1', issued_on: today(), change_note: '增加夜班处置职责' }), 201)
  assert.equal(r.version, 'V1.1')
  assert.deepEqual(r.history.map((v) => [v.version, v.current, v.change_note]), [['V1.1', true, '增加夜班处置职责'], ['V1.0', false, '']])
  const audit = (await admin.ok('/org/audit?entity=risk_plan&size=50')).items.filter((a) => Number(a.entity_id) === p.id)
  assert.deepEqual(audit.map((a) => a.action).sort(), ['risks.plan.create', 'risks.plan.revise'])
})

test('a drill names a version of its own kind; its problems open exactly one 督办 task for the unit', async () => {
  const { c: wl, user: head } = await demo('WLZX', 'dept_head')
  const plans = (await admin.ok('/risks/plans')).items
  const onsite = plans.find((p) => p.title === '送货车辆交通事故现场处置方案')
  const general = plans.find((p) => p.kind === '综合')
  const base = { unit_id: ids.WLZX, plan_kind: '现场处置', form: '单项', mode: '桌面', day: today(), title: 'E2E 送货车辆事故桌面推演' }
  const before = (await admin.ok(`/risks/drills?unit_id=${ids.WLZX}`)).total
  expectError(await wl.post('/risks/drills', { ...base, plan_version_id: general.version_id }), 400, 'invalid_field', 'plan_version_id')
  expectError(await wl.post('/risks/drills', { ...base, plan_version_id: 999999 }), 400, 'invalid_field', 'plan_version_id')
  assert.equal((await admin.ok(`/risks/drills?unit_id=${ids.WLZX}`)).total, before)
  const d = expectStatus(await wl.post('/risks/drills', { ...base, plan_version_id: onsite.version_id, problems: '报告电话号码未及时更新；警示牌数量不足' }), 201)
  assert.equal(d.plan_version, 'V1.0')
  assert.ok(d.task_id > 0)
  const tasks = await admin.ok('/tasks/tasks?size=50&q=' + encodeURIComponent('整改应急演练发现的问题'))
  const mine = tasks.items.filter((t) => t.id === d.task_id)
  assert.equal(mine.length, 1)
  assert.equal(mine[0].lead_unit_id, ids.WLZX)
  assert.equal(mine[0].owner_id, head.id)
  assert.equal(tasks.total, 1)
  // A drill without problems opens none.
  const quiet = expectStatus(await wl.post('/risks/drills', { ...base, title: 'E2E 无问题的推演' }), 201)
  assert.equal(quiet.task_id, null)
  assert.equal((await admin.ok('/tasks/tasks?size=50&q=' + encodeURIComponent('整改应急演练发现的问题'))).total, 1)
  const p = await admin.ok(`/risks/plans/${onsite.id}`)
  assert.ok(p.drill_list.some((x) => x.id === d.id))
})

test('舆情: the demo\'s four events; steps with times, closure with review; nothing after closure; scope', async () => {
  const list = await admin.ok('/risks/opinions')
  assert.equal(list.total, 4)
  assert.equal(list.items[0].status, '处置中') // open ones first
  const closed = list.items.find((o) => o.title === '网传某零售户销售假烟的短视频')
  assert.equal(closed.first_response, 35) // 09:20 first seen, 09:55 first step
  const { c: bgs } = await demo('BGS', 'staff')
  const { c: so } = await demo('CQS', 'dept_head')
  const t = today()
  const base = { unit_id: ids.BGS, title: 'E2E 网民质疑卷烟价格', source: '微博', level: '一般', first_seen: `${t} 08:10` }
  expectError(await bgs.post('/risks/opinions', { ...base, level: '特大' }), 400, 'invalid_field', 'level')
  expectError(await bgs.post('/risks/opinions', { ...base, first_seen: `${t} 25:00` }), 400, 'invalid_field', 'first_seen')
  expectError(await bgs.post('/risks/opinions', { ...base, first_seen: '2999-01-01 08:00' }), 400, 'invalid_field', 'first_seen')
  expectError(await so.post('/risks/opinions', base), 403, 'forbidden')
  assert.equal((await admin.ok('/risks/opinions')).total, 4)
  const o = expectStatus(await bgs.post('/risks/opinions', base), 201)
  expectError(await bgs.post(`/risks/opinions/${o.id}/close`, { closed_at: `${t} 09:00`, closure: '平息', review: '复盘' }), 409, 'bad_state')
  expectError(await bgs.post(`/risks/opinions/${o.id}/steps`, { at: `${t} 08:00`, action: '早于发现' }), 400, 'invalid_field', 'at')
  expectStatus(await bgs.post(`/risks/opinions/${o.id}/steps`, { at: `${t} 08:40`, action: '核实价格信息，联系网民' }), 200)
  const s2 = expectStatus(await bgs.post(`/risks/opinions/${o.id}/steps`, { at: `${t} 08:30`, action: '报告分管领导' }), 200)
  assert.deepEqual(s2.steps.map((s) => s.at.slice(11)), ['08:30', '08:40']) // in time order
  assert.equal(s2.first_response, 20)
  expectError(await bgs.post(`/risks/opinions/${o.id}/close`, { closed_at: `${t} 08:35`, closure: '平息', review: '复盘' }), 400, 'invalid_field', 'closed_at')
  expectError(await bgs.post(`/risks/opinions/${o.id}/close`, { closed_at: `${t} 10:00`, closure: '平息' }), 400, 'missing_field', 'review')
  const c = expectStatus(await bgs.post(`/risks/opinions/${o.id}/close`, { closed_at: `${t} 10:00`, closure: '网民认可解释', review: '40分钟内完成核实，口径统一' }), 200)
  assert.equal(c.status, '已关闭')
  expectError(await bgs.post(`/risks/opinions/${o.id}/steps`, { at: `${t} 10:30`, action: '追加' }), 409, 'bad_state')
  expectError(await so.get(`/risks/opinions/${o.id}`), 404, 'not_found')
})
