// 保密 over HTTP: the demo register with exactly one loan out past its due day (flagged, days late counted), 收文 →
// 借阅 → 归还 with sign-offs (no more loans out than copies, a return not twice), 保密 checks whose findings each open a
// 整改 checklist item through tasks.h; scope and bad input write nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, adminSetup, expectError, expectStatus } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, demo
before(async () => ({ admin, ids, demo } = await adminSetup(srv)))
const day = (n = 0) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10) // the bureau's zone

test('the demo register: six documents, one loan overdue (6 days), one out within its due day, returned ones kept', async () => {
  const all = await admin.ok('/risks/secrecy/docs')
  assert.equal(all.total, 6)
  const od = await admin.ok('/risks/secrecy/docs?overdue=1')
  assert.equal(od.total, 1)
  assert.equal(od.items[0].overdue, true)
  const doc = await admin.ok(`/risks/secrecy/docs/${od.items[0].id}`)
  const out = doc.loans.find((l) => !l.returned_on)
  assert.equal(out.state, '逾期未还')
  assert.equal(out.due_on, day(-6))
  assert.equal(out.days_late, 6)
  assert.equal(all.items.filter((d) => d.out > 0).length, 2)
  const back = all.items.filter((d) => d.out === 0 && !d.overdue)
  assert.ok(back.length >= 4)
  const checks = await admin.ok('/risks/secrecy/checks')
  assert.equal(checks.total, 1)
  const c = await admin.ok(`/risks/secrecy/checks/${checks.items[0].id}`)
  assert.equal(c.findings.length, 2)
  assert.ok(c.findings.every((f) => f.item_id > 0 && f.item_status === '进行中'))
})

test('收文 → 借阅 → 归还 with sign-offs; copies bound the loans; a return once; bad input and scope refused', async () => {
  const { c: bgs } = await demo('BGS', 'staff')
  const { c: so } = await demo('CQS', 'dept_head')
  const base = { unit_id: ids.BGS, doc_no: '浙烟办〔2026〕99号', title: '关于E2E保密工作的通知', level: '机密', issuer: '市局办公室', received_sign: '王机要' }
  expectError(await bgs.post('/risks/secrecy/docs', { ...base, level: '内部' }), 400, 'invalid_field', 'level')
  expectError(await bgs.post('/risks/secrecy/docs', { ...base, received_sign: '' }), 400, 'missing_field', 'received_sign')
  expectError(await bgs.post('/risks/secrecy/docs', { ...base, received_on: day(1) }), 400, 'invalid_field', 'received_on')
  expectError(await so.post('/risks/secrecy/docs', base), 403, 'forbidden')
  assert.equal((await admin.ok('/risks/secrecy/docs')).total, 6)
  const d = expectStatus(await bgs.post('/risks/secrecy/docs', { ...base, received_on: day(-10) }), 201)
  expectError(await bgs.post('/risks/secrecy/docs', base), 409, 'duplicate', 'doc_no')
  const url = `/risks/secrecy/docs/${d.id}`
  expectError(await bgs.post(`${url}/loans`, { borrower: '专卖科 李四', due_on: day(-1), sign: '李四' }), 400, 'invalid_field', 'due_on')
  expectError(await bgs.post(`${url}/loans`, { borrower: '专卖科 李四', lent_on: day(-20), due_on: day(3), sign: '李四' }), 400, 'invalid_field', 'lent_on')
  const lent = expectStatus(await bgs.post(`${url}/loans`, { borrower: '专卖科 李四', lent_on: day(-5), due_on: day(-2), sign: '李四' }), 201)
  const loan = lent.loans[0]
  assert.equal(loan.state, '逾期未还')
  assert.equal(loan.days_late, 2)
  assert.equal(lent.overdue, true)
  expectError(await bgs.post(`${url}/loans`, { borrower: '稽查队 王五', due_on: day(3), sign: '王五' }), 409, 'bad_state') // one copy, out
  expectError(await so.post(`${url}/loans/${loan.id}/return`, { sign: '王机要' }), 403, 'forbidden')
  expectError(await bgs.post(`${url}/loans/${loan.id}/return`, {}), 400, 'missing_field', 'sign')
  const r = expectStatus(await bgs.post(`${url}/loans/${loan.id}/return`, { sign: '王机要' }), 200)
  assert.equal(r.loans[0].state, '逾期归还')
  assert.equal(r.loans[0].days_late, 2)
  assert.equal(r.loans[0].return_sign, '王机要')
  assert.equal(r.overdue, false)
  expectError(await bgs.post(`${url}/loans/${loan.id}/return`, { sign: '王机要' }), 409, 'bad_state')
  expectError(await bgs.post(`/risks/secrecy/docs/${d.id}/loans/999999/return`, { sign: 'x' }), 404, 'not_found')
  // The 所长 sees none of the 办公室's register.
  expectError(await so.get(url), 404, 'not_found')
  assert.equal((await so.ok('/risks/secrecy/docs')).total, 0)
  const audit = (await admin.ok('/org/audit?entity=risk_secret_doc&size=50')).items.filter((a) => Number(a.entity_id) === d.id)
  assert.deepEqual(audit.map((a) => a.action).sort(), ['risks.secret.lend', 'risks.secret.receive', 'risks.secret.return'])
})

test('a 保密 check: each finding a 整改 item of the year\'s 保密 checklist; a bad finding writes nothing', async () => {
  const { c: ng } = await demo('NGK', 'discipline')
  const { c: bgs } = await demo('BGS', 'staff')
  const base = { unit_id: ids.SCB, scope: '工作微信群、涉密载体', inspectors: '内管科' }
  const before = (await admin.ok('/risks/secrecy/checks')).total
  expectError(await ng.post('/risks/secrecy/checks', { ...base, findings: [{ title: '群内转发内部文件', due: day(20) }, { title: '', due: day(20) }] }), 400, 'invalid_field', 'findings[1]')
  expectError(await ng.post('/risks/secrecy/checks', { ...base, findings: [{ title: '期限早于检查', due: day(-1) }] }), 400, 'invalid_field', 'findings[0]')
  expectError(await bgs.post('/risks/secrecy/checks', { ...base, findings: [] }), 403, 'forbidden')
  assert.equal((await admin.ok('/risks/secrecy/checks')).total, before)
  const c = expectStatus(await ng.post('/risks/secrecy/checks', { ...base, conclusion: '发现问题2个', findings: [
    { title: '片区工作群转发内部通知截图', measures: '撤回并清理，开展保密提醒', due: day(20) },
    { title: '客户经理电脑未设开机密码', due: day(10) }] }), 201)
  assert.equal(c.findings.length, 2)
  assert.ok(c.findings.every((f) => f.item_id > 0 && f.item_status === '进行中'))
  const cls = await admin.ok('/tasks/checklists?kind=' + encodeURIComponent('整改') + '&size=100')
  const cl = cls.items.find((x) => x.title === `${day().slice(0, 4)}年保密检查问题整改清单`)
  assert.ok(cl, 'the 保密 checklist of the year')
  const items = (await admin.ok(`/tasks/checklists/${cl.id}/items?size=100`)).items
  for (const f of c.findings) {
    const it = items.find((x) => x.id === f.item_id)
    assert.ok(it, 'item ' + f.item_id)
    assert.equal(it.title, f.title)
    assert.equal(it.unit_id, ids.SCB)
    assert.equal(it.due_date, f.due)
    assert.equal(it.source, '保密检查')
  }
})
