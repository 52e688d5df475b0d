// Correct under concurrency (issue 12): 10 rounds of 4 identical creates fired at once at every create endpoint.
// A uniqueness race answers one 201 and 409 for the rest (the check runs inside the write transaction, a constraint
// maps to 409 naming the field); an upsert answers 200 to all; nothing ever answers 500 or leaves a half write.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectStatus, unitIds, roleIds } from './lib.mjs'

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
