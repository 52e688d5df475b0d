// 安全生产 check templates edited by the bureau's safety officer, against the real server and its SQLite file: version 1
// of each place is the built-in list (seeded by the migration); PUT publishes version 2 (kept items keep their codes, a
// new item gets the next code, the order is the list's); a check opened before the edit still shows and submits against
// its own version, a check opened after uses the new one; bad rows are refused naming the row and field with nothing
// written; only risks:safety:template (科室负责人 among the built-in roles) may edit; the edit is audited.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { serverFor, adminSetup, expectError, expectStatus, auditOf } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim()
let admin, ids, demoAs
before(async () => ({ admin, ids, demo: demoAs } = await adminSetup(srv)))
const demo = async (unit, role) => (await demoAs(unit, role, { sole: true })).c
const put = (c, place, items) => c.req('PUT', `/risks/safety/templates/${encodeURIComponent(place)}`, { body: { items } })
const P = '营业网点'

test('version 1 is the built-in list; every demo check was opened with it', async () => {
  const t = await admin.ok('/risks/safety/templates')
  assert.deepEqual(t.items.map((x) => [x.place, x.version, x.items.length]), [['仓库', 1, 10], ['车辆', 1, 7], ['办公楼', 1, 8], ['营业网点', 1, 6]])
  assert.deepEqual(t.items[3].items.map((i) => [i.code, i.photo]), [['YY01', 'on_fail'], ['YY02', 'none'], ['YY03', 'always'], ['YY04', 'none'], ['YY05', 'none'], ['YY06', 'on_fail']])
  assert.equal(t.items[3].items[2].text, '出入口畅通，无卷烟及杂物堆放')
  const one = await admin.ok(`/risks/safety/templates?place=${encodeURIComponent(P)}`)
  assert.deepEqual(one.versions.map((v) => [v.version, v.items, v.created_by_name]), [[1, 6, null]])
  assert.equal(sql('SELECT count(*) FROM risk_safety_checks WHERE template_version <> 1'), '0')
  expectError(await admin.get(`/risks/safety/templates?place=${encodeURIComponent(P)}&version=2`), 404, 'not_found')
  expectError(await admin.get('/risks/safety/templates?version=1'), 400, 'bad_query', 'place')
  expectError(await admin.get('/risks/safety/templates?place=%E9%A3%9F%E5%A0%82'), 400, 'bad_query', 'place')
})

test('bad rows are refused naming the row and field; nothing written; only risks:safety:template may edit', async () => {
  const head = await demo('WLZX', 'dept_head')
  const cur = (await admin.ok(`/risks/safety/templates?place=${encodeURIComponent(P)}`)).items[0].items
  const keep = cur.map(({ code, element, text, photo }) => ({ code, element, text, photo }))
  const cases = [
    [[], 'items', /1至60行/],
    [[...keep, { text: '', photo: 'never' }], 'items[6].text', /第7行：检查内容必填/],
    [[...keep, { text: '   ', photo: 'never' }], 'items[6].text', /第7行/],
    [[...keep, { text: '充'.repeat(201), photo: 'never' }], 'items[6].text', /不超过200字/],
    [[...keep, { text: '充电桩周边无可燃物', photo: 'sometimes' }], 'items[6].photo', /第7行：拍照要求/],
    [[...keep, { text: '充电桩周边无可燃物' }], 'items[6].photo', /第7行/],
    [[keep[0], { ...keep[1], code: 'YY99' }], 'items[1].code', /第2行：检查项编号YY99不属于现行检查表/],
    [[keep[0], keep[0]], 'items[1].code', /第2行.*重复/],
    [[keep[0], { text: keep[0].text, photo: 'always' }], 'items[1].text', /第2行：检查内容与第1行重复/],
    [[keep[0], { text: 'x', photo: 'never', due: 3 }], 'items[1]', /第2行：有未知字段 due/],
    [[keep[0], 'x'], 'items[1]', /第2行：应为对象/],
    [[...keep, { element: '要'.repeat(31), text: 'x', photo: 'never' }], 'items[6].element', /不超过30字/],
    [keep, 'items', /与现行检查表相同/],
  ]
  for (const [items, field, re] of cases) {
    const e = expectError(await put(head, P, items), 400, 'invalid_field', field)
    assert.match(e.message, re, JSON.stringify(items).slice(0, 80))
  }
  expectError(await put(head, '食堂', keep), 404, 'not_found')
  expectError(await head.req('PUT', `/risks/safety/templates/${encodeURIComponent(P)}`, { body: { items: keep, x: 1 } }), 400, 'unknown_field')
  // A 专管员 and a 员工 run checks but do not edit the form.
  for (const [u, r] of [['CQS', 'inspector'], ['WLZX', 'staff']]) {
    const c = await demo(u, r)
    expectError(await put(c, P, [{ text: '充电桩周边无可燃物', photo: 'on_fail' }]), 403, 'forbidden')
  }
  assert.equal(sql(`SELECT count(*) FROM risk_check_templates WHERE place = '${P}'`), '1')
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'risks.safety_template.update'"), '0')
})

test('an edit publishes version 2; a check opened before keeps its own items, one opened after takes the new ones', async () => {
  const head = await demo('WLZX', 'dept_head')
  const old = expectStatus(await head.post('/risks/safety/checks', { unit_id: ids.WLZX, place: P, target: '物流中心门店' }), 201)
  assert.equal(old.template_version, 1)
  assert.equal(old.template.version, 1)
  const v1 = old.template.items
  // Drop YY05 (执法装备), move YY06 first, YY02 now always wants a photo, add two items for the 充电桩.
  const items = [
    { code: 'YY06', element: v1[5].element, text: v1[5].text, photo: 'on_fail' },
    { code: 'YY01', element: v1[0].element, text: v1[0].text, photo: 'on_fail' },
    { code: 'YY02', element: v1[1].element, text: v1[1].text, photo: 'always' },
    { code: 'YY03', element: v1[2].element, text: v1[2].text, photo: 'always' },
    { code: 'YY04', element: v1[3].element, text: v1[3].text, photo: 'never' },
    { element: '电气安全', text: '电动车充电桩周边无可燃物，充电时有人值守', photo: 'on_fail' },
    { text: '充电桩设置独立漏电保护', photo: 'never' },
  ]
  const t = expectStatus(await put(head, P, items), 200)
  assert.equal(t.version, 2)
  assert.equal(t.place, P)
  assert.deepEqual(t.items.map((i) => [i.code, i.photo]), [['YY06', 'on_fail'], ['YY01', 'on_fail'], ['YY02', 'always'], ['YY03', 'always'], ['YY04', 'none'], ['YY07', 'on_fail'], ['YY08', 'none']])
  assert.equal(t.items[6].element, '')
  assert.equal(sql(`SELECT group_concat(i.code, ',') FROM risk_check_template_items i JOIN risk_check_templates t ON t.id = i.template_id WHERE t.place = '${P}' AND t.version = 2 ORDER BY i.ord`),
    'YY06,YY01,YY02,YY03,YY04,YY07,YY08')
  // Audited once, inside the edit, with the list before and after.
  const au = await auditOf(admin, 'risk_check_template')
  assert.equal(au.length, 1)
  assert.equal(au[0].action, 'risks.safety_template.update')
  assert.match(au[0].summary, /营业网点.*第 2 版：7 项（原 6 项）/)
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'risks.safety_template.update'"), '1')
  const cur = await admin.ok('/risks/safety/templates')
  assert.deepEqual(cur.items.map((x) => x.version), [1, 1, 1, 2])
  assert.equal((await admin.ok(`/risks/safety/templates?place=${encodeURIComponent(P)}&version=1`)).items[0].items.length, 6)
  assert.deepEqual((await admin.ok(`/risks/safety/templates?place=${encodeURIComponent(P)}`)).versions.map((v) => [v.version, v.items]), [[2, 7], [1, 6]])

  // The check opened before the edit is shown and submitted against version 1 (YY05 still on it, no YY07).
  const again = await head.ok(`/risks/safety/checks/${old.id}`)
  assert.equal(again.template.version, 1)
  assert.deepEqual(again.template.items.map((i) => i.code), ['YY01', 'YY02', 'YY03', 'YY04', 'YY05', 'YY06'])
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080802000000' + '4b6d29dc0000001149444154789c6398b5e10856c430b42400574583818e8db3fc0000000049454e44ae426082', 'hex')
  const photo = (id, code) => head.req('POST', `/risks/safety/checks/${id}/photos?${new URLSearchParams({ name: 'p.png', code })}`, { rawBody: png, headers: { 'Content-Type': 'application/octet-stream' } })
  expectError(await photo(old.id, 'YY07'), 400, 'bad_query', 'code')
  expectStatus(await photo(old.id, 'YY03'), 201)
  const newForm = items.map((_, k) => ({ code: t.items[k].code, result: '合格' }))
  let e = expectError(await head.post(`/risks/safety/checks/${old.id}/submit`, { results: newForm }), 400, 'invalid_field', 'results')
  assert.match(e.message, /共 6 项/)
  const done = expectStatus(await head.post(`/risks/safety/checks/${old.id}/submit`, { results: v1.map((i) => ({ code: i.code, result: '合格' })) }), 200)
  assert.equal(done.status, '已完成')
  assert.equal(done.items_total, 6)
  assert.equal(sql(`SELECT group_concat(code, ',') FROM (SELECT code FROM risk_safety_results WHERE check_id = ${old.id} ORDER BY code)`), 'YY01,YY02,YY03,YY04,YY05,YY06')

  // A check opened now takes version 2: YY02 always wants a photo, YY07 failed wants one.
  const nw = expectStatus(await head.post('/risks/safety/checks', { unit_id: ids.WLZX, place: P, target: '物流中心门店' }), 201)
  assert.equal(nw.template_version, 2)
  assert.deepEqual(nw.template.items.map((i) => i.code), ['YY06', 'YY01', 'YY02', 'YY03', 'YY04', 'YY07', 'YY08'])
  expectError(await photo(nw.id, 'YY05'), 400, 'bad_query', 'code')
  const form = nw.template.items.map((i) => ({ code: i.code, result: '合格' }))
  form[5] = { code: 'YY07', result: '不合格', note: '充电桩旁堆放纸箱' }
  expectStatus(await photo(nw.id, 'YY03'), 201)
  e = expectError(await head.post(`/risks/safety/checks/${nw.id}/submit`, { results: form }), 400, 'invalid_field', 'results[2].photos')
  assert.match(e.message, /YY02/)
  expectStatus(await photo(nw.id, 'YY02'), 201)
  e = expectError(await head.post(`/risks/safety/checks/${nw.id}/submit`, { results: form }), 400, 'invalid_field', 'results[5].photos')
  assert.match(e.message, /第6项（YY07 电气安全）判为不合格/)
  expectStatus(await photo(nw.id, 'YY07'), 201)
  const d2 = expectStatus(await head.post(`/risks/safety/checks/${nw.id}/submit`, { results: form }), 200)
  assert.equal(d2.items_total, 7)
  assert.equal(d2.items_failed, 1)
  assert.equal(d2.hazards[0].code, 'YY07')

  // A code once dropped is never given again: dropping YY08 and adding an item makes YY09.
  const v3 = expectStatus(await put(head, P, [...t.items.slice(0, 6), { text: '消防通道标识清晰', photo: 'never' }]), 200)
  assert.equal(v3.version, 3)
  assert.equal(v3.items[6].code, 'YY09')
})
