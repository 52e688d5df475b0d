// 年度总结's Word file through LibreOffice headless (Debian's libreoffice-writer-nogui, installed by scripts/deps.sh):
// it converts without complaint; the text holds every marked figure of the draft; headings are levels 1 and 2 with
// 黑体 and 楷体, the body 仿宋 16 pt (三号), the title 方正小标宋简体 22 pt; A4 with GB/T 9704 margins, 22 lines a page,
// a page number field, and the table of figures.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor } from './lib.mjs'

const run = promisify(execFile)
const srv = serverFor({ before, after }, import.meta.filename)
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find(existsSync)

function style(x, name) {
  const m = new RegExp(`<style:style style:name="${name}"[^>]*>([\\s\\S]*?)</style:style>`).exec(x)
  assert.ok(m, `style ${name}`)
  return m[1]
}

test('the DOCX converts in LibreOffice with every figure, the heading levels and fonts of an official document', async () => {
  assert.ok(SOFFICE, 'LibreOffice (libreoffice-writer-nogui) is installed by scripts/deps.sh')
  const admin = await srv.admin()
  const d = await admin.post('/report/drafts', { year: 2022 })
  assert.equal(d.status, 201, d.text)
  const e = await admin.req('PUT', '/report/drafts/' + d.json.id, { body: { version: 1, plan_text: '（一）坚定政治方向，开创党建引领新局面。\n一是持续夯实政治根基。二是持续推进党业融合。' } })
  assert.equal(e.status, 200, e.text)
  const x = await admin.get(`/report/drafts/${d.json.id}/docx`)
  assert.equal(x.status, 200)
  const file = join(srv.dir, 'review.docx')
  writeFileSync(file, x.buf)
  const conv = await run(SOFFICE, ['--headless', `-env:UserInstallation=file://${srv.dir}/lo`, '--convert-to', 'fodt', '--outdir', srv.dir, file], { timeout: 180000 })
  assert.match(conv.stdout, /convert .*review\.docx/)
  const fodt = readFileSync(join(srv.dir, 'review.fodt'), 'utf8')
  const text = fodt.replace(/<text:s\/>/g, ' ').replace(/<[^>]+>/g, '')
  // every marked figure, and the seed's figures among them
  const figs = e.json.body.sections.flatMap((s) => s.paras.flat()).filter((r) => r.f)
  assert.ok(figs.length >= 7)
  for (const f of figs) assert.ok(text.includes(f.t), `figure ${f.t}`)
  for (const t of ['28条', '21项', '8.96万元', '8757元', '8631元', '26人次']) assert.ok(text.includes(t), t)
  // heading levels
  const h = [...fodt.matchAll(/<text:h text:style-name="([^"]+)" text:outline-level="(\d)">([\s\S]*?)<\/text:h>/g)].map((m) => [m[2], m[3].replace(/<[^>]+>/g, '')])
  assert.deepEqual(h.filter(([l]) => l === '1').map(([, t]) => t), ['一、2022年主要工作回顾', '二、2023年工作安排'])
  const h2 = h.filter(([l]) => l === '2').map(([, t]) => t)
  assert.ok(h2[0].startsWith('（一）坚持政治统领，党的建设全面加强。'), h2[0])
  assert.ok(h2.includes('（一）坚定政治方向，开创党建引领新局面。'), 'the plan keeps its outline')
  // fonts: East Asian names, sizes
  assert.match(style(fodt, 'Heading_20_1'), /style:font-family-asian="黑体"/)
  assert.match(style(fodt, 'Heading_20_2'), /style:font-family-asian="楷体"/)
  assert.match(style(fodt, 'Standard'), /style:font-family-asian="仿宋"[\s\S]*style:font-size-asian="16pt"/)
  assert.match(style(fodt, 'Doc_20_Title'), /style:font-family-asian="方正小标宋简体"[\s\S]*style:font-size-asian="22pt"/)
  assert.match(fodt, /<style:font-face style:name="方正小标宋简体1"/)
  // A4, GB/T 9704 margins (37/35/28/26 mm), 22 lines, page numbers
  const pl = /<style:page-layout-properties fo:page-width="([\d.]+)in" fo:page-height="([\d.]+)in"[^>]*fo:margin-top="([\d.]+)in"[^>]*fo:margin-left="([\d.]+)in" fo:margin-right="([\d.]+)in"[^>]*style:layout-grid-lines="(\d+)"/.exec(fodt)
  assert.ok(pl, 'page layout')
  const mm = (i) => Math.round(parseFloat(pl[i]) * 25.4)
  assert.deepEqual([mm(1), mm(2), mm(3), mm(4), mm(5), +pl[6]], [210, 297, 37, 28, 26, 22])
  assert.match(fodt, /<text:page-number/)
  assert.match(fodt, /<table:table /)
  assert.ok(text.includes('附表：主要数据及来源'))
})
