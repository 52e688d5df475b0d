// 年度总结: facts equal the modules' own statistics for the same year and scope; per-unit reviews see only their scope;
// drafts (generate, edit keeping or dropping figure marks, versions, regenerate, 已变化), the template refusing an
// unknown fact, a year without data, the DOCX download and `bureau report`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, expectError, cli, adminSetup } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin, ids, roles, login
before(async () => ({ admin, ids, roles, demo: login } = await adminSetup(srv)))

const put = (c, p, body) => c.req('PUT', p, { body })
const K = { zg: encodeURIComponent('整改'), sh: encodeURIComponent('办实事') }
const fig = (fact, name) => fact.figures.find((g) => g.name === name)

const demo = async (unit, role) => (await login(unit, role)).c

test('facts of 2022 equal the checklist statistics (bureau and one unit), cited as the seed does', async () => {
  const f = await admin.ok('/report/facts?year=2022')
  const zg = f.items.find((x) => x.key === 'tasks.checklist.zhenggai')
  const sh = f.items.find((x) => x.key === 'tasks.checklist.shishi')
  const st = (await admin.ok(`/tasks/checklists/stats?year=2022&kind=${K.zg}`)).total
  const ss = (await admin.ok(`/tasks/checklists/stats?year=2022&kind=${K.sh}`)).total
  assert.equal(fig(zg, 'closed').v, st.closed)
  assert.equal(fig(zg, 'amount').v, st.amount_fen)
  assert.equal(fig(zg, 'recovered').v, st.recovered_fen)
  assert.equal(fig(zg, 'refunded').v, st.refunded_fen)
  assert.equal(fig(zg, 'people').v, st.people)
  assert.equal(fig(sh, 'count').v, ss.items)
  // the seed's sentences from the demo records
  assert.match(sh.sentence, /梳理办实事清单28条/)
  assert.match(zg.sentence, /整改任务共计21项，整改涉及金额8\.96万元，收回损失8757元，清退费用8631元，处理处分26人次/)
  assert.match(zg.link, /^\/tasks\/checklist\?year=2022/)
  assert.ok(f.defs.some((d) => d.key === 'tasks.tasks.year'))
  // one unit's subtree: the same figures as the checklist statistics with unit_id and below
  const u = await admin.ok(`/report/facts?year=2022&unit=${ids.SCB}`)
  const su = (await admin.ok(`/tasks/checklists/stats?year=2022&kind=${K.zg}&unit_id=${ids.SCB}&below=1`)).total
  const zu = u.items.find((x) => x.key === 'tasks.checklist.zhenggai')
  if (su.items) assert.equal(fig(zu, 'closed').v, su.closed)
  else assert.equal(zu, undefined)
  assert.ok(fig(zg, 'closed').v > (zu ? fig(zu, 'closed').v : 0))
})

test('per-unit scope: a 部门负责人 sees his own unit, not the bureau nor another unit', async () => {
  const c = await demo('SCB', 'dept_head')
  const own = await c.ok('/report/facts?year=2022')
  assert.equal(own.unit_id, ids.SCB)
  expectError(await c.get(`/report/facts?year=2022&unit=${ids.CQS}`), 403, 'forbidden', 'unit')
  const d = await c.post('/report/drafts', { year: 2022 })
  assert.equal(d.status, 201, d.text)
  assert.equal(d.json.unit_id, ids.SCB)
  const bureau = await admin.post('/report/drafts', { year: 2022 })
  assert.equal(bureau.status, 201)
  expectError(await c.get('/report/drafts/' + bureau.json.id), 404, 'not_found')
  const list = await c.ok('/report/drafts?year=2022')
  assert.ok(list.items.every((x) => x.unit_id === ids.SCB))
  assert.ok((await admin.ok('/report/drafts?year=2022')).items.some((x) => x.id === d.json.id))
})

test('a draft: 党建 holds the seed figures marked; edits keep text, drop a touched mark; versions; regenerate', async () => {
  const r = await admin.post('/report/drafts', { year: 2022 })
  assert.equal(r.status, 201, r.text)
  const d = r.json
  assert.equal(d.version, 1)
  const party = d.body.sections[0]
  assert.equal(party.line, '党建')
  const text = (p) => p.map((x) => x.t).join('')
  assert.match(text(party.paras[0]), /^一是.*梳理办实事清单28条/)
  const marks = party.paras.flat().filter((x) => x.f)
  assert.deepEqual(marks.filter((x) => x.f === 'tasks.checklist.zhenggai').map((x) => x.t), ['21项', '8.96万元', '8757元', '8631元', '26人次'])
  assert.ok(marks.every((x) => x.link && x.src))
  // a section without data says so, not zeros
  const empty = d.body.sections.find((s) => s.nodata)
  assert.ok(empty)
  assert.match(text(empty.paras[0]), /暂无可引用的数据记录/)
  // edit: free text before a figure, and one figure's text changed → plain text, mark gone; forged value ignored
  const paras = party.paras.map((p) => p.map((x) => ({ t: x.t, ...(x.f ? { f: x.f, g: x.g } : {}) })))
  paras[0].unshift({ t: '（补充）' })
  const i = paras[1].findIndex((x) => x.t === '8.96万元')
  paras[1][i] = { t: '约9万元', f: paras[1][i].f, g: paras[1][i].g }
  const e = await put(admin, '/report/drafts/' + d.id, { version: 1, sections: [{ judgement: '始终把党的政治建设放在首位。', paras }, {}, {}, {}, {}, {}], note: '补充总述' })
  assert.equal(e.status, 200, e.text)
  assert.equal(e.json.version, 2)
  const p2 = e.json.body.sections[0]
  assert.equal(p2.judgement, '始终把党的政治建设放在首位。')
  assert.match(text(p2.paras[0]), /^（补充）一是/)
  assert.ok(text(p2.paras[1]).includes('约9万元'))
  assert.ok(!p2.paras[1].some((x) => x.f && x.g === 'amount'), 'the touched figure lost its mark')
  assert.ok(p2.paras[1].some((x) => x.f && x.t === '8757元'), 'untouched figures keep theirs')
  // a stale version is refused; a malformed run names where
  expectError(await put(admin, '/report/drafts/' + d.id, { version: 1, plan_text: 'x' }), 409, 'bad_state', 'version')
  expectError(await put(admin, '/report/drafts/' + d.id, { version: 2, sections: [{ paras: [[{ x: 1 }]] }, {}, {}, {}, {}, {}] }), 400, 'invalid_field', 'sections[0]')
  expectError(await put(admin, '/report/drafts/' + d.id, { version: 2, sections: [{}] }), 400, 'invalid_field', 'sections')
  // versions with who changed what
  const v = await admin.ok(`/report/drafts/${d.id}/versions`)
  assert.deepEqual(v.items.map((x) => x.version), [2, 1])
  assert.match(v.items[0].note, /修改：（一）/)
  assert.match(v.items[0].note, /补充总述/)
  assert.equal(v.items[0].user_name, admin.user.name)
  const v1 = await admin.ok(`/report/drafts/${d.id}/versions/1`)
  assert.equal(v1.body.sections[0].judgement, '')
  // regenerate 党建: the figures come back marked, the judgement the office wrote stays
  const g = await admin.post(`/report/drafts/${d.id}/regenerate`, { section: 0, version: 2 })
  assert.equal(g.status, 200, g.text)
  assert.equal(g.json.version, 3)
  assert.equal(g.json.body.sections[0].judgement, '始终把党的政治建设放在首位。')
  assert.ok(g.json.body.sections[0].paras.flat().some((x) => x.g === 'amount' && x.t === '8.96万元'))
  const got = await admin.ok('/report/drafts/' + d.id)
  assert.deepEqual(got.changed, [])
})

test('a figure whose source changed is flagged with old and new', async () => {
  const r = await admin.post('/report/drafts', { year: 2022 })
  const cls = await admin.ok(`/tasks/checklists?kind=${K.sh}&year=2022&size=50`)
  const cl = (cls.items || cls).find((x) => x.year === 2022 && x.kind === '办实事')
  assert.ok(cl, 'the demo 办实事 list')
  const add = await admin.post(`/tasks/checklists/${cl.id}/items`, { title: '新增实事：零售户培训', unit_id: ids.BGS, due_date: '2022-12-20' })
  assert.equal(add.status, 201, add.text)
  const d = await admin.ok('/report/drafts/' + r.json.id)
  const c = d.changed.find((x) => x.f === 'tasks.checklist.shishi' && x.g === 'count')
  assert.deepEqual({ old: c.old, new: c.new }, { old: '28条', new: '29条' })
})

test('template: the six lines by default; a fact that does not exist is refused by name; a year without data', async () => {
  const t = await admin.ok('/report/template')
  assert.deepEqual(t.sections.map((s) => s.line), ['党建', '管理', '队伍', '营销市场', '专卖', '安全'])
  assert.equal(t.custom, false)
  const bad = await put(admin, '/report/template', { sections: [{ line: '党建', title: '党建', facts: ['tasks.checklist.shishi', 'party.nothing'] }] })
  expectError(bad, 400, 'invalid_field', 'sections[0]')
  assert.match(bad.json.error.message, /party\.nothing/)
  const ok = await put(admin, '/report/template', { sections: [{ line: '党建', title: '党的建设', facts: ['tasks.checklist.zhenggai'] }, { line: '管理', title: '管理', facts: [] }] })
  assert.equal(ok.status, 200, ok.text)
  assert.equal(ok.json.custom, true)
  const d = await admin.post('/report/drafts', { year: 2009 })
  assert.equal(d.status, 201)
  assert.equal(d.json.body.sections.length, 2)
  assert.ok(d.json.body.sections.every((s) => s.nodata && !s.paras.flat().some((x) => x.f)))
  assert.ok(!JSON.stringify(d.json.body).includes('0条'))
  await put(admin, '/report/template', { sections: t.sections.map(({ line, title, facts }) => ({ line, title, facts })) })
})

test('DOCX download and `bureau report` hold every figure', async () => {
  const r = await admin.post('/report/drafts', { year: 2022 })
  const x = await admin.get(`/report/drafts/${r.json.id}/docx`)
  assert.equal(x.status, 200)
  assert.match(x.headers['content-type'], /wordprocessingml/)
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK')
  const out = join(srv.dir, 'r.docx')
  const c = await cli(['report', '2022', '--db', srv.db, '--out', out])
  assert.equal(c.code, 0, c.stderr)
  assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK')
  const bad = await cli(['report', '2022', '--unit', 'NOPE', '--db', srv.db, '--out', out])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /NOPE/)
})

test('cockpit facts equal 纵向对比 (year value, 完成率, 同比) and 横向对比 (rank among siblings) for a 片区', async () => {
  const u = ids['SCB-NB']
  const f = await admin.ok(`/report/facts?year=2025&unit=${u}`)
  const x = f.items.find((i) => i.key === 'cockpit.XSL')
  assert.ok(x, 'cockpit.XSL for SCB-NB')
  const v = await admin.ok(`/cockpit/vertical?indicator=XSL&unit=${u}&to=2025-12`)
  const dec = v.indicator.decimals
  assert.equal(+fig(x, 'value').v.toFixed(dec), v.ytd.value)
  assert.equal(fig(x, 'value').text, v.ytd.value.toFixed(dec) + v.indicator.uom)
  if (v.ytd.completion !== null) assert.equal(fig(x, 'share').text, v.ytd.completion.toFixed(1) + '%')
  if (v.ytd.last_year) {
    const g = fig(x, 'growth')
    assert.equal(g.base, v.ytd.last_year)
    assert.match(x.sentence, new RegExp(`同比(增加|减少)${Math.abs(+(v.ytd.value - v.ytd.last_year).toFixed(dec)).toFixed(dec)}`))
  }
  const h = await admin.ok(`/cockpit/horizontal?indicator=XSL&month=2025-12&mode=ytd&parent=${ids.SCB}`)
  const row = h.items.find((i) => i.unit_id === u)
  assert.equal(fig(x, 'rank').v, row.rank)
  assert.match(x.sentence, new RegExp(`居同级单位(并列)?第${row.rank}位`))
  assert.match(x.link, new RegExp(`^/cockpit/vertical\\?indicator=XSL&unit=${u}&to=2025-12$`))
  // a rate changes in 百分点
  const rate = f.items.find((i) => i.figures.some((g) => g.kind === 'pp' && g.ok))
  if (rate) assert.match(rate.sentence, /较上年(提高|下降)[\d.]+个百分点|较上年与上年持平|较上年持平/)
})

test('shops and org facts: assessed shops and staff of a subtree, as the records count them', async () => {
  const { execFile } = await import('node:child_process')
  const sql = (q) => new Promise((ok, fail) => execFile('sqlite3', [srv.db, q], (e, out) => (e ? fail(e) : ok(out.trim()))))
  const f = await admin.ok(`/report/facts?year=2026&unit=${ids.SCB}`)
  const s = f.items.find((x) => x.key === 'shops.assess.year')
  const sub = `(SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ${ids.SCB}) || '%')`
  const [visits, shops] = (await sql(`SELECT count(*), count(DISTINCT a.shop_id) FROM shop_assessments a JOIN shops s ON s.id = a.shop_id WHERE a.assessed_at LIKE '2026%' AND a.level IS NOT NULL AND s.unit_id IN ${sub}`)).split('|').map(Number)
  if (shops) {
    assert.equal(fig(s, 'visits').v, visits)
    assert.equal(fig(s, 'shops').v, shops)
    assert.match(s.sentence, new RegExp(`检测${visits}户次，覆盖零售户${shops}户`))
  } else assert.equal(s, undefined)
  const staff = f.items.find((x) => x.key === 'org.staff')
  assert.equal(fig(staff, 'staff').v, +(await sql(`SELECT count(*) FROM users WHERE status = 'enabled' AND username <> 'admin' AND unit_id IN ${sub}`)))
  const all = await admin.ok('/report/facts?year=2026')
  assert.ok(fig(all.items.find((x) => x.key === 'org.staff'), 'staff').v > fig(staff, 'staff').v)
})

test('工作安排 once approved becomes next year\'s 督办 plan through the plan parser, once', async () => {
  const d = (await admin.post('/report/drafts', { year: 2022 })).json
  expectError(await admin.post(`/report/drafts/${d.id}/plan`), 400, 'missing_field', 'plan_text')
  const text = '（一）坚定政治方向，开创党建引领新局面。一是持续夯实政治根基。二是持续推进党业融合。三是持续加强管党治党。\n（二）坚持稳中求进，推动经济运行提质增效。一是抓好卷烟营销。二是抓好市场监管。'
  const e = await put(admin, '/report/drafts/' + d.id, { version: 1, plan_text: text })
  assert.equal(e.status, 200, e.text)
  const p = await admin.post(`/report/drafts/${d.id}/plan`)
  assert.equal(p.status, 200, p.text)
  const plan = await admin.ok('/tasks/plans/' + p.json.plan_id)
  assert.equal(plan.year, 2023)
  const flat = JSON.stringify(plan)
  assert.ok(flat.includes('坚定政治方向，开创党建引领新局面'), flat.slice(0, 300))
  assert.ok(flat.includes('抓好市场监管'))
  expectError(await admin.post(`/report/drafts/${d.id}/plan`), 409, 'bad_state', 'plan_id')
  assert.equal((await admin.ok('/report/drafts/' + d.id)).plan_id, p.json.plan_id)
})
