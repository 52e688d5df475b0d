// 数字化所队部 figures a statistician recomputed (issue 11), over HTTP on indicators and values this test enters itself,
// so every expected figure below is worked out by hand in the comment beside it. Plus the 清单 feed against the
// checklists' own statistics, and concurrent indicator creates answering only 201 or 409 (issue 12).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { serverFor, expectStatus, unitIds } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids
before(async () => {
  await srv.ready
  admin = await srv.admin()
  ids = await unitIds(admin)
})
const mo = (y, m) => `${y}-${String(m).padStart(2, '0')}`
async function def(code, extra = {}) {
  expectStatus(await admin.post('/cockpit/indicators', { code, name: code, category: '专卖', uom: '件', direction: 'higher', time_agg: 'sum', decimals: 0, ...extra }), 201)
}
async function val(code, unit, month, value) {
  expectStatus(await admin.req('PUT', '/cockpit/values', { body: { indicator: code, unit_id: ids[unit], month, value } }), 200)
}
async function target(code, unit, year, value, months) {
  expectStatus(await admin.req('PUT', '/cockpit/targets', { body: { indicator: code, unit_id: ids[unit], year, value, ...(months ? { months } : {}) } }), 200)
}
const row = (h, unit) => h.items.find((x) => x.unit_id === ids[unit])

test('纵向: the YTD and 同比 of a month do not depend on the window asked (issue 11.1)', async () => {
  // CQS: 10 a month through 2024, 20 a month January–November 2025. YTD 2025-11 = 11 × 20 = 220; last year's
  // January–November 11 × 10 = 110; 同比 +100 %.
  await def('F_YTD')
  for (let m = 1; m <= 12; m++) await val('F_YTD', 'CQS', mo(2024, m), 10)
  for (let m = 1; m <= 11; m++) await val('F_YTD', 'CQS', mo(2025, m), 20)
  for (const months of [1, 2, 3, 10, 11, 12, 13, 24, 120]) {
    const v = await admin.ok(`/cockpit/vertical?indicator=F_YTD&unit=${ids.CQS}&to=2025-11&months=${months}`)
    assert.equal(v.series.length, months)
    assert.equal(v.ytd.value, 220, `months=${months}`)
    assert.equal(v.ytd.last_year, 110, `months=${months}`)
    assert.equal(v.ytd.yoy.pct, 100, `months=${months}`)
  }
})

test('横向: prev_rank is the previous period\'s own rank; January YTD against last year\'s whole year; ties at the shown precision (11.3, 11.8, 11.11)', async () => {
  await def('F_RANK', { decimals: 1 })
  // February 2025: CQS 5, LTS 7, SMS 9 → SMS 1, LTS 2, CQS 3. March: SMS does not report; CQS 8, LTS 6 → CQS 1, LTS 2.
  for (const [u, v] of [['CQS', 5], ['LTS', 7], ['SMS', 9]]) await val('F_RANK', u, '2025-02', v)
  for (const [u, v] of [['CQS', 8], ['LTS', 6]]) await val('F_RANK', u, '2025-03', v)
  const feb = await admin.ok('/cockpit/horizontal?indicator=F_RANK&month=2025-02')
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => row(feb, u).rank), [3, 2, 1])
  const mar = await admin.ok('/cockpit/horizontal?indicator=F_RANK&month=2025-03')
  assert.equal(row(mar, 'CQS').rank, 1)
  assert.equal(row(mar, 'CQS').prev_rank, 3, 'February ranked CQS third among the three that reported then')
  assert.equal(row(mar, 'CQS').rank_change, 2)
  assert.equal(row(mar, 'LTS').prev_rank, 2)
  assert.equal(row(mar, 'LTS').rank_change, 0)

  // 2024: January–November CQS 10, LTS 5, SMS 1 a month; December CQS 1, LTS 5, SMS 10. Whole-year YTD: CQS 111,
  // LTS 60, SMS 21 → 1, 2, 3 (December alone would say SMS 1, LTS 2, CQS 3). January 2025: CQS 1, LTS 2, SMS 3.
  await def('F_JAN')
  for (let m = 1; m <= 11; m++) for (const [u, v] of [['CQS', 10], ['LTS', 5], ['SMS', 1]]) await val('F_JAN', u, mo(2024, m), v)
  for (const [u, v] of [['CQS', 1], ['LTS', 5], ['SMS', 10]]) await val('F_JAN', u, '2024-12', v)
  for (const [u, v] of [['CQS', 1], ['LTS', 2], ['SMS', 3]]) await val('F_JAN', u, '2025-01', v)
  const dec = await admin.ok('/cockpit/horizontal?indicator=F_JAN&month=2024-12&mode=ytd')
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => row(dec, u).value), [111, 60, 21])
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => row(dec, u).rank), [1, 2, 3])
  const jan = await admin.ok('/cockpit/horizontal?indicator=F_JAN&month=2025-01&mode=ytd')
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => row(jan, u).rank), [3, 2, 1])
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => row(jan, u).prev_rank), [1, 2, 3], 'last year\'s whole-year ranks')

  // One decimal: 0.14 and 0.06 are both shown 0.1 and share rank 2 behind 0.5.
  for (const [u, v] of [['CQS', 0.14], ['LTS', 0.06], ['SMS', 0.5]]) await val('F_RANK', u, '2025-04', v)
  const apr = await admin.ok('/cockpit/horizontal?indicator=F_RANK&month=2025-04')
  assert.deepEqual(['CQS', 'LTS', 'SMS'].map((u) => [row(apr, u).value, row(apr, u).rank]), [[0.1, 2], [0.1, 2], [0.5, 1]])
})

test('横向 YTD: lights against 序时进度, 目标 is the year\'s; a month target shown with its 完成率 (11.2, 11.7)', async () => {
  // Year target 1200 each. CQS January–November 10 × 102 + 107 = 1127 → 93.9 % against 序时进度 11/12 = 91.7 %: green.
  // LTS 11 × 80 = 880 → 73.3 %, more than 10 points behind: red.
  await def('F_PROG')
  await target('F_PROG', 'CQS', 2025, 1200)
  await target('F_PROG', 'LTS', 2025, 1200)
  for (let m = 1; m <= 11; m++) {
    await val('F_PROG', 'CQS', mo(2025, m), m === 11 ? 107 : 102)
    await val('F_PROG', 'LTS', mo(2025, m), 80)
  }
  const h = await admin.ok('/cockpit/horizontal?indicator=F_PROG&month=2025-11&mode=ytd')
  assert.equal(h.target_kind, 'year')
  const cq = row(h, 'CQS'), lt = row(h, 'LTS')
  assert.deepEqual([cq.value, cq.target, cq.completion, cq.expected, cq.light], [1127, 1200, 93.9, 91.7, 'green'])
  assert.deepEqual([lt.value, lt.completion, lt.light], [880, 73.3, 'red'])
  assert.equal(h.summary.target, 2400)
  // The month view: the month's target is 1200 / 12 = 100; 107 → 107 %.
  const m = await admin.ok('/cockpit/horizontal?indicator=F_PROG&month=2025-11')
  assert.equal(m.target_kind, 'month')
  assert.deepEqual([row(m, 'CQS').target, row(m, 'CQS').completion, row(m, 'CQS').light], [100, 107, 'green'])
  // Year 40 → month 3.33 (not "3"); 6 against it: 6 / 3.33 = 180.2 %.
  await def('F_SHOW')
  await target('F_SHOW', 'CQS', 2025, 40)
  await val('F_SHOW', 'CQS', '2025-05', 6)
  const s = row(await admin.ok('/cockpit/horizontal?indicator=F_SHOW&month=2025-05'), 'CQS')
  assert.deepEqual([s.value, s.target, s.completion], [6, 3.33, 180.2])
  assert.equal(Math.round((s.value / s.target) * 1000) / 10, s.completion)
})

test('targets and roll-ups: last-over-months/sum-over-units target, ratios from both parts, lower floored at 0, weighted average (11.4–11.6, 11.10)', async () => {
  // 持证户数-like: CQS 1000 and LTS 923 → the bureau's target 1923; June CQS 990 + LTS 900 = 1890 → 98.3 %.
  await def('F_LAST', { time_agg: 'last', unit_agg: 'sum' })
  await target('F_LAST', 'CQS', 2025, 1000)
  await target('F_LAST', 'LTS', 2025, 923)
  await val('F_LAST', 'CQS', '2025-06', 990)
  await val('F_LAST', 'LTS', '2025-06', 900)
  const l = await admin.ok('/cockpit/horizontal?indicator=F_LAST&month=2025-06')
  assert.deepEqual([l.summary.value, l.summary.target, l.summary.completion], [1890, 1923, 98.3])
  assert.equal(row(l, 'CQS').target, 1000)
  const lv = await admin.ok(`/cockpit/vertical?indicator=F_LAST&unit=${ids.JU}&to=2025-06&months=1`)
  assert.equal(lv.ytd.target, 1923)

  // Ratio ×100: CQS 30 / 40; LTS 50 with no denominator → the bureau 30 / 40 = 75.0, not 80 / 40 = 200.
  await def('F_N')
  await def('F_D')
  await def('F_R', { time_agg: 'ratio', num_code: 'F_N', den_code: 'F_D', scale: 100, decimals: 1, uom: '%' })
  await val('F_N', 'CQS', '2025-07', 30)
  await val('F_D', 'CQS', '2025-07', 40)
  await val('F_N', 'LTS', '2025-07', 50)
  const r = await admin.ok('/cockpit/horizontal?indicator=F_R&month=2025-07')
  assert.equal(r.summary.value, 75)
  assert.equal(row(r, 'LTS'), undefined, 'LTS has no figure without its denominator')

  // Lower is better, the bureau's standard 1.2: CQS 3.0 → 0 % (not −50 %), LTS 1.8 → 50 %.
  await def('F_LOW', { direction: 'lower', time_agg: 'avg', decimals: 1 })
  await target('F_LOW', 'JU', 2025, 1.2)
  await val('F_LOW', 'CQS', '2025-08', 3.0)
  await val('F_LOW', 'LTS', '2025-08', 1.8)
  const lo = await admin.ok('/cockpit/horizontal?indicator=F_LOW&month=2025-08')
  assert.deepEqual([row(lo, 'CQS').completion, row(lo, 'LTS').completion], [0, 50])

  // An average weighted by a count: CQS 10 days over 100 licences, LTS 2 days over 300 → (1000 + 600) / 400 = 4.0
  // (the unweighted mean would be 6.0).
  await def('F_W')
  await def('F_AVG', { direction: 'lower', time_agg: 'avg', decimals: 1, weight_code: 'F_W' })
  await val('F_AVG', 'CQS', '2025-09', 10)
  await val('F_W', 'CQS', '2025-09', 100)
  await val('F_AVG', 'LTS', '2025-09', 2)
  await val('F_W', 'LTS', '2025-09', 300)
  const w = await admin.ok('/cockpit/horizontal?indicator=F_AVG&month=2025-09')
  assert.equal(w.summary.value, 4)
  const list = await admin.ok('/cockpit/indicators')
  assert.equal(list.items.find((i) => i.code === 'F_AVG').weight_code, 'F_W')
  const bad = await admin.post('/cockpit/indicators', { code: 'F_BADW', name: 'x', category: '专卖', direction: 'higher', time_agg: 'sum', weight_code: 'F_W' })
  assert.equal(bad.status, 400)
  assert.equal(bad.json.error.field, 'weight_code')
})

test('peer lights by thirds of rank positions: of 4, ranks 1–2 green and 3–4 red (11.9)', async () => {
  await def('F_PEER')
  for (const [u, v] of [['CQS', 4], ['LTS', 3], ['SMS', 2], ['JCD', 1]]) await val('F_PEER', u, '2025-10', v)
  const h = await admin.ok('/cockpit/horizontal?indicator=F_PEER&month=2025-10')
  assert.deepEqual(['CQS', 'LTS', 'SMS', 'JCD'].map((u) => row(h, u).light), ['green', 'green', 'red', 'red'])
})

test('清单 feed: the bureau\'s 2022 QD_RATE is on-time ÷ due over every unit\'s items, 片区 included (11.15)', async () => {
  const st = await admin.ok('/tasks/checklists/stats?from=2022-01-01&to=2022-12-31')
  assert.ok(st.total.items > 0, 'the demo has 2022 items')
  const want = Math.round((st.total.on_time / st.total.items) * 1000) / 10
  // The feed runs in the background from start-up: wait for its figures to arrive (the event), then compare.
  let v
  for (let k = 0; k < 600; k++) {
    v = await admin.ok(`/cockpit/vertical?indicator=QD_DUE&unit=${ids.JU}&to=2022-12&months=12`)
    if (v.ytd.value !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.equal(v.ytd.value, st.total.items, 'every item due in 2022, whatever unit it belongs to')
  const rate = await admin.ok(`/cockpit/vertical?indicator=QD_RATE&unit=${ids.JU}&to=2022-12&months=12`)
  assert.equal(Math.round(rate.ytd.value * 10) / 10, want)
  // The 市场部 counts its own items and its 片区'.
  const scb = await admin.ok(`/tasks/checklists/stats?from=2022-01-01&to=2022-12-31&unit_id=${ids.SCB}`)
  const areas = await Promise.all(['SCB-CQ', 'SCB-DB', 'SCB-XB', 'SCB-NB'].map((u) => admin.ok(`/tasks/checklists/stats?from=2022-01-01&to=2022-12-31&unit_id=${ids[u]}`)))
  const own = scb.units.filter((x) => x.unit_id === ids.SCB).reduce((s, x) => s + x.items, 0)
  const sub = areas.reduce((s, a) => s + a.units.filter((x) => x.unit_id !== ids.SCB).reduce((t, x) => t + x.items, 0), 0)
  const sv = await admin.ok(`/cockpit/vertical?indicator=QD_DUE&unit=${ids.SCB}&to=2022-12&months=12`)
  assert.equal(sv.ytd.value, own + sub)
})

test('concurrent creates of one code: 10 rounds of 4 answer only 201 and 409, one 201 per round (issue 12)', async () => {
  for (let round = 0; round < 10; round++) {
    const code = `F_RACE${round}`
    const res = await Promise.all([0, 1, 2, 3].map(() => admin.post('/cockpit/indicators', { code, name: '并发', category: '专卖', direction: 'higher', time_agg: 'sum' })))
    const got = res.map((r) => r.status).sort()
    assert.deepEqual(got, [201, 409, 409, 409], `round ${round}: ${got}`)
    for (const r of res.filter((x) => x.status === 409)) assert.equal(r.json.error.field, 'code')
  }
})

test('目标分解表: one grid per indicator and year; a sum indicator\'s children add up to the bureau (issue 13)', async () => {
  await def('F_GRID')
  const g0 = await admin.ok('/cockpit/targets/grid?indicator=F_GRID&year=2025')
  assert.equal(g0.additive, true)
  const ju = g0.rows.find((x) => x.unit_id === ids.JU)
  assert.equal(ju.depth, 0)
  assert.ok(['CQS', 'LTS', 'SMS', 'SCB-CQ'].every((u) => g0.rows.some((x) => x.unit_id === ids[u])), 'every unit has a row')
  const grid = (rows) => admin.req('PUT', '/cockpit/targets/grid', { body: { indicator: 'F_GRID', year: 2025, rows } })
  const cqMonths = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0, 0]
  // 1000 + 900 + 1000 = 2900, not the 3000 typed for the bureau: refused naming the bureau's row, nothing written.
  let r = await grid([{ unit_id: ids.JU, value: 3000 }, { unit_id: ids.CQS, value: 1000, months: cqMonths }, { unit_id: ids.LTS, value: 900 }, { unit_id: ids.SMS, value: 1000 }])
  assert.equal(r.status, 400)
  assert.equal(r.json.error.field, 'rows[0].value')
  assert.match(r.json.error.message, /2900/)
  assert.equal((await admin.ok('/cockpit/targets/grid?indicator=F_GRID&year=2025')).rows.find((x) => x.unit_id === ids.CQS).value, null)
  // A month split that does not add up to its year (1,000 against 1,100) names that row's months.
  r = await grid([{ unit_id: ids.CQS, value: 1100, months: cqMonths }])
  assert.equal(r.status, 400)
  assert.equal(r.json.error.field, 'rows[0].months')
  // 2900 adds up: saved in one go, audited once.
  r = await grid([{ unit_id: ids.JU, value: 2900 }, { unit_id: ids.CQS, value: 1000, months: cqMonths }, { unit_id: ids.LTS, value: 900 }, { unit_id: ids.SMS, value: 1000 }])
  expectStatus(r, 200)
  const g1 = await admin.ok('/cockpit/targets/grid?indicator=F_GRID&year=2025')
  assert.equal(g1.rows.find((x) => x.unit_id === ids.JU).value, 2900)
  assert.deepEqual(g1.rows.find((x) => x.unit_id === ids.CQS).months, cqMonths)
  await val('F_GRID', 'CQS', '2025-01', 120)
  const h = await admin.ok('/cockpit/horizontal?indicator=F_GRID&month=2025-01')
  assert.deepEqual([row(h, 'CQS').target, row(h, 'CQS').completion], [100, 120])
  assert.equal((await admin.ok('/cockpit/horizontal?indicator=F_GRID&month=2025-01&mode=ytd')).summary.target, 2900)
  // Without a bureau figure of its own, the grid shows what its children add up to.
  await def('F_GRID2')
  expectStatus(await admin.req('PUT', '/cockpit/targets/grid', { body: { indicator: 'F_GRID2', year: 2025, rows: [{ unit_id: ids.CQS, value: 10 }, { unit_id: ids.LTS, value: 20 }] } }), 200)
  const g2 = (await admin.ok('/cockpit/targets/grid?indicator=F_GRID2&year=2025')).rows.find((x) => x.unit_id === ids.JU)
  assert.deepEqual([g2.value, g2.derived], [null, 30])
  r = await admin.req('PUT', '/cockpit/targets/grid', { body: { indicator: 'F_GRID2', year: 2025, rows: [{ unit_id: ids.CQS, value: 'x' }] } })
  assert.equal(r.status, 400)
  assert.equal(r.json.error.field, 'rows[0].value')
})
