// 市场检查 import (明码标价 data for check 5): the inspectors' sheet goes through the shared import pipeline — a bad
// cell or an unknown licence is reported by row and nothing is written; a valid sheet is stored and audited, and a
// 明码标价 rated well while a check in the round's period found it wanting is flagged 与数据不符 with the reason.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, expectError, expectStatus, unitIds, roleIds, auditOf, cli, DEMO_PASSWORD, ROOT } from './lib.mjs'
import { bureauStamp } from './bureau_time.mjs'

const srv = serverFor(test, import.meta.url)
const fixture = (n) => readFileSync(join(ROOT, 'tests', 'data', 'evals', n))
const YEAR = new Date().getFullYear() + 3
let admin, round, mgr, shops, inspector
const csv = (rows) => Buffer.from(['许可证号,检查日期,明码标价,备注', ...rows].join('\r\n') + '\r\n')
const importCsv = (c, buf, q = '') => c.req('POST', '/evals/market-checks/import' + q, { rawBody: buf, headers: { 'Content-Type': 'text/csv' } })

before(async () => {
  await srv.ready
  admin = await srv.admin()
  const ids = await unitIds(admin)
  const roles = await roleIds(admin)
  round = expectStatus(await admin.post('/evals/rounds', { name: '市场检查比对', period: `${YEAR}-Q2`, unit_ids: [ids.CQS] }), 201)
  const prog = await admin.ok(`/evals/rounds/${round.id}/progress`)
  const m = prog.managers.filter((x) => x.manager_id).sort((a, b) => b.assigned - a.assigned)[0]
  mgr = srv.client()
  await mgr.loginOk((await admin.ok(`/org/users/${m.manager_id}`)).username, DEMO_PASSWORD)
  shops = (await mgr.ok(`/evals/assignments?round_id=${round.id}&state=pending&size=3`)).items.filter((a) => a.lng !== null)
  assert.ok(shops.length >= 2)
  const insp = (await admin.ok(`/org/users?unit_id=${ids.CQS}&role_id=${roles.inspector}&size=5`)).items[0]
  inspector = srv.client()
  await inspector.loginOk(insp.username, DEMO_PASSWORD)
})

test('a sheet with bad cells or an unknown licence: each reported by row, nothing written', async () => {
  const bad = csv([`${shops[0].license_no},${YEAR}-05-12,不合格,价签缺失`, `33000000000000,${YEAR}-05-12,合格,`, `${shops[1].license_no},${YEAR}-13-40,合格,`,
    `${shops[1].license_no},${YEAR}-05-12,还行,`, `,${YEAR}-05-12,合格,`])
  const r = await importCsv(inspector, bad)
  expectError(r, 422, 'import_invalid')
  const rep = r.json.error.details
  assert.equal(rep.total, 5)
  assert.equal(rep.valid, 1)
  assert.equal(rep.written, 0)
  const by = (row) => rep.errors.filter((e) => e.row === row).map((e) => [e.column, e.code])
  assert.deepEqual(by(3), [['许可证号', 'not_found']])
  assert.deepEqual(by(4), [['检查日期', 'invalid_field']])
  assert.deepEqual(by(5), [['明码标价', 'invalid_field']])
  assert.deepEqual(by(6), [['许可证号', 'missing_field']])
  assert.match(rep.errors.find((e) => e.row === 3).message, /^第3行 许可证号：零售户 33000000000000 不存在/)
  // a sheet without the 明码标价 column is refused as a whole
  expectError(await importCsv(inspector, Buffer.from(`许可证号,检查日期\r\n${shops[0].license_no},${YEAR}-05-12\r\n`)), 400, 'invalid_field', 'file')
  // the sheet's template: its headers and an example row
  const tpl = await inspector.get('/evals/market-checks/template?format=csv')
  assert.equal(tpl.status, 200)
  assert.match(tpl.text.replace(/^\uFEFF/, ''), /^许可证号,检查日期,明码标价,备注\r?\n330102100001,2026-03-05,不合格,/)
  // the manager may not import
  expectError(await importCsv(mgr, csv([`${shops[0].license_no},${YEAR}-05-12,不合格,`])), 403, 'forbidden')
  // nothing was written: an evaluation rating 明码标价 full marks is not flagged for it
  const e = await submit(shops[1], 10)
  assert.ok(!e.flags.some((f) => f.code === 'data_mismatch'), JSON.stringify(e.flags))
})

test('a valid sheet is stored and audited; 明码标价 rated well against a failed check in the period is 与数据不符', async () => {
  const ok = csv([`${shops[0].license_no},${YEAR}/5/12,不合格,价签缺失三个规格`, `${shops[2].license_no},${YEAR}0520,合格,`,
    `${shops[2].license_no},${YEAR + 1}-01-05,不合格,下一季度的检查不算`])
  const dry = expectStatus(await importCsv(inspector, ok, '?dry_run=1'), 200)
  assert.equal(dry.written, 0)
  const rep = expectStatus(await importCsv(inspector, ok), 200)
  assert.deepEqual([rep.total, rep.valid, rep.written, rep.errors.length], [3, 3, 3, 0])
  const a = (await auditOf(admin, 'eval_market_check', 0)).filter((x) => x.action === 'evals.market.import')
  assert.equal(a.length, 1)
  // rated 9 of 10 (≥ 80 %) while the May check found prices wanting
  const e0 = await submit(shops[0], 9)
  const f = e0.flags.find((x) => x.code === 'data_mismatch')
  assert.ok(f, JSON.stringify(e0.flags))
  assert.match(JSON.stringify(f), /市场检查/)
  // the shop whose check in the period was in order (the failed one is next year's) is not flagged for it
  const e2 = await submit(shops[2], 10)
  assert.ok(!e2.flags.some((x) => x.code === 'data_mismatch'), JSON.stringify(e2.flags))
  // the same day imported again replaces the record: now in order, the batch rerun clears the flag
  expectStatus(await importCsv(inspector, csv([`${shops[0].license_no},${YEAR}-05-12,合格,已整改`])), 200)
  const out = await cli(['evals', 'check', '--all', '--db', srv.db])
  assert.equal(out.code, 0, out.stderr)
  const again = await admin.ok(`/evals/evaluations/${e0.id}`)
  assert.ok(!again.flags.some((x) => x.code === 'data_mismatch'), JSON.stringify(again.flags))
})

async function submit(a, price) {
  const ph = expectStatus(await mgr.req('POST', '/evals/photos?kind=photo', { rawBody: fixture('shop2.jpg'), headers: { 'Content-Type': 'application/octet-stream' } }), 201)
  const answers = { display_visible: 6, display_clean: 6, display_rich: 6, display_standard: 6, display_lasting: 6, price_tag: price, lawful: 12,
    ordering: 0, cooperation: 5, information: 4, modern_terminal: 0 }
  const r = await mgr.post('/evals/evaluations', { assignment_id: a.id, request_id: 'mkt-' + a.id + '-aaaa', answers, lng: a.lng, lat: a.lat, accuracy: 10,
    opened_at: bureauStamp(-400), submitted_at: bureauStamp(-5), photo_ids: [ph.id] })
  return expectStatus(r, 201)
}
