// Complaints over HTTP: the demo's 120 with a few overdue; staff-conduct complaints visible only to 内管/纪检; intake →
// dispatch (only to a unit in scope) → note → reply → rating, with refusals out of order; 催办 reaches the unit head's
// message centre; bad input writes nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectError, expectStatus, adminSetup } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, demo
before(async () => ({ admin, ids, roles, demo } = await adminSetup(srv)))

test('the demo: 120 complaints, a few open past their limit; conduct ones only for 内管/纪检', async () => {
  const all = await admin.ok('/risks/complaints?size=200')
  assert.equal(all.total, 120)
  const od = await admin.ok('/risks/complaints?overdue=1&size=50')
  assert.ok(od.total >= 2 && od.total <= 6, `overdue ${od.total}`)
  assert.ok(od.items.every((c) => c.light === 'red'))
  const conduct = all.items.filter((c) => c.conduct)
  assert.ok(conduct.length > 0)
  // A 所长 sees his unit's complaints but not the conduct ones, not even by id.
  const { c: so } = await demo('CQS', 'dept_head')
  const mine = await so.ok('/risks/complaints?size=200')
  assert.ok(mine.total > 0 && mine.items.every((c) => c.unit_id === ids.CQS && !c.conduct))
  const hidden = conduct.find((c) => c.unit_id === ids.CQS) || conduct[0]
  expectError(await so.get(`/risks/complaints/${hidden.id}`), 404, 'not_found')
  // 内管科 (纪检 role) sees them; reading one leaves an audit row.
  const { c: ng } = await demo('NGK', 'discipline')
  const seen = await ng.ok(`/risks/complaints/${hidden.id}`)
  assert.equal(seen.conduct, true)
  const audit = await admin.ok('/org/audit?entity=risk_complaint&size=100')
  assert.ok(audit.items.some((a) => Number(a.entity_id) === hidden.id))
  // Only they may take one in.
  expectError(await so.post('/risks/complaints', { channel: '12313', category: '工作作风', subject: 'x', conduct: true }), 403, 'forbidden')
})

test('security review: a list page showing staff-conduct complaints is audited like opening one, naming them; a page without any is not', async () => {
  const { c: ng, user } = await demo('NGK', 'discipline')
  const page = await ng.ok('/risks/complaints?size=200')
  const shown = page.items.filter((c) => c.conduct).map((c) => c.id)
  assert.ok(shown.length > 0, 'the page shows conduct complaints')
  const rows = (await admin.ok('/org/audit?entity=risk_complaint&size=100')).items
    .filter((a) => a.username === user.username && a.action === 'org.record.read' && /投诉列表/.test(a.summary))
  assert.equal(rows.length, 1, 'one row for the page')
  assert.match(rows[0].summary, new RegExp(`作风的投诉 ${shown.length} 条（编号 ${shown.join(',').slice(0, 40)}`))
  // A 所长's page holds no conduct complaint (he cannot see them): nothing to audit.
  const { c: so, user: head } = await demo('CQS', 'dept_head')
  await so.ok('/risks/complaints?size=200')
  const his = (await admin.ok('/org/audit?entity=risk_complaint&size=100')).items.filter((a) => a.username === head.username)
  assert.equal(his.length, 0)
})

test('intake → dispatch → note → reply → rating; out of order refused; dispatch outside scope refused', async () => {
  const { c: ng } = await demo('NGK', 'discipline')
  const { c: so, user: head } = await demo('CQS', 'dept_head')
  const before = (await admin.ok('/risks/complaints?size=1')).total
  expectError(await ng.post('/risks/complaints', { channel: '微信', category: '价格', subject: 'x' }), 400, 'invalid_field', 'channel')
  expectError(await ng.post('/risks/complaints', { channel: '12313', category: '价格', subject: 'x', limit_days: 0 }), 400, 'invalid_field', 'limit_days')
  assert.equal((await admin.ok('/risks/complaints?size=1')).total, before)
  const c = expectStatus(await ng.post('/risks/complaints', { channel: '12313', category: '价格问题', subject: '反映加价销售', caller: '李女士', phone: '13900000000' }), 201)
  assert.equal(c.status, '待派发')
  expectError(await ng.post(`/risks/complaints/${c.id}/reply`, { reply: '太早' }), 409, 'bad_state')
  // The 所长 cannot dispatch to another unit (and has no intake permission at all).
  expectError(await so.post(`/risks/complaints/${c.id}/dispatch`, { unit_id: ids.LTS }), 403, 'forbidden')
  const d = expectStatus(await ng.post(`/risks/complaints/${c.id}/dispatch`, { unit_id: ids.CQS, limit_days: 5 }), 200)
  assert.equal(d.status, '办理中')
  assert.ok(d.due > d.received_on)
  // 催办 reaches the unit head's message centre.
  expectStatus(await ng.post(`/risks/complaints/${c.id}/urge`, { note: '请尽快办理' }), 200)
  const msgs = await so.ok('/tasks/messages?size=50')
  assert.ok(msgs.items.some((m) => /催办投诉：反映加价销售/.test(m.title)), 'urge message for ' + head.username)
  expectStatus(await so.post(`/risks/complaints/${c.id}/note`, { note: '已实地核查' }), 200)
  const rep = expectStatus(await so.post(`/risks/complaints/${c.id}/reply`, { reply: '已责令整改并告知来电人' }), 200)
  assert.equal(rep.status, '已回复')
  assert.equal(rep.light, 'done')
  expectError(await ng.post(`/risks/complaints/${c.id}/rate`, { rating: '很好', return_visit: '电话回访' }), 400, 'invalid_field', 'rating')
  const done = expectStatus(await ng.post(`/risks/complaints/${c.id}/rate`, { rating: '满意', return_visit: '电话回访，来电人满意' }), 200)
  assert.equal(done.status, '已办结')
  assert.equal(done.rating, '满意')
  const full = await ng.ok(`/risks/complaints/${c.id}`)
  assert.deepEqual(full.events.map((e) => e.kind), ['受理', '派发', '催办', '办理', '回复', '回访'])
})

test('an audit finding becomes its 整改 checklist item (one per finding); bad amounts refused, nothing stored', async () => {
  const before = (await admin.ok('/risks/findings')).total
  const base = { source: '市局审计', title: 'E2E 招待费报销超标准', severity: '较重', unit_id: ids.BGS, due: '2026-12-31' }
  expectError(await admin.post('/risks/findings', { ...base, amount: '-5' }), 400, 'invalid_field', 'amount')
  expectError(await admin.post('/risks/findings', { ...base, amount: '1.234' }), 400, 'invalid_field', 'amount')
  const { c: so } = await demo('CQS', 'dept_head')
  expectError(await so.post('/risks/findings', { ...base, amount: '1' }), 403, 'forbidden')
  assert.equal((await admin.ok('/risks/findings')).total, before)
  const f = expectStatus(await admin.post('/risks/findings', { ...base, amount: '8757.50', measures: '清退超标部分' }), 201)
  assert.equal(f.amount_fen, 875750)
  assert.ok(f.item_id > 0)
  const list = (await admin.ok('/risks/findings')).items.find((x) => x.id === f.id)
  assert.equal(list.item_status, '进行中')
  const cls = await admin.ok('/tasks/checklists?kind=' + encodeURIComponent('整改') + '&size=100')
  const cl = cls.items.find((c) => /审计发现问题整改清单/.test(c.title))
  assert.ok(cl, 'the findings checklist')
  const items = await admin.ok(`/tasks/checklists/${cl.id}/items?size=100`)
  const it = items.items.find((x) => x.id === f.item_id)
  assert.ok(it)
  assert.equal(it.title, base.title)
  assert.equal(it.amount_fen, 875750)
  assert.equal(it.unit_id, ids.BGS)
})
