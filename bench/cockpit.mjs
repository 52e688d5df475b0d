// bench/cockpit.mjs — the cockpit under load: the 矩阵 (and 横向 YTD, 纵向 36 months) over 100 units × 50 indicators ×
// 36 months (p50/p99), SSE fan-out to 500 connected clients (time until all have a change), import rows/s.
// Prints a table and writes bench/RESULTS-cockpit.md. Run: node bench/cockpit.mjs (after make build/bureau).
// Knobs: BENCH_CK_REQS (200 requests per view), BENCH_CK_CLIENTS (500), BENCH_CK_IMPORT (60000 rows), BENCH_CK_KEEP=1.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import http from 'node:http'
import os from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = process.env.BUREAU_BIN || join(ROOT, 'build', 'bureau')
const REQS = +(process.env.BENCH_CK_REQS || 200), CLIENTS = +(process.env.BENCH_CK_CLIENTS || 500), IMPORT = +(process.env.BENCH_CK_IMPORT || 60000)
const PW = 'Bench-Secret-2026'
const dir = mkdtempSync(join(os.tmpdir(), 'bureau-ckbench-'))
const db = join(dir, 'b.db')
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BUREAU_'))), BUREAU_ADMIN_PASSWORD: PW, BUREAU_SSE_MAX: String(CLIENTS + 50), BUREAU_LOG_LEVEL: 'error' }
const sql = (q) => execFileSync('sqlite3', [db], { input: q, env })

// ---- data: 100 units under the bureau, 50 indicators (40 sum, 5 avg, 5 ratios of sum pairs), 36 months ----
execFileSync(BIN, ['init', '--db', db], { env, stdio: 'ignore' })
const M0 = 2023 * 12 // 2023-01 … 2025-12
const month = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
sql(`
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO units(parent_id, code, name, kind, sort, path, created_at, updated_at)
  SELECT (SELECT id FROM units WHERE code = 'JU'), 'B' || i, '单位' || i, '所', i, '', datetime('now'), datetime('now') FROM n;
UPDATE units SET path = '/' || (SELECT id FROM units WHERE code = 'JU') || '/' || id || '/' WHERE code LIKE 'B%';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45)
INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, sort, created_at, updated_at)
  SELECT 'I' || i, '指标' || i, '营销', '', CASE WHEN i % 7 = 0 THEN 'lower' ELSE 'higher' END, CASE WHEN i > 40 THEN 'avg' ELSE 'sum' END,
         CASE WHEN i > 40 THEN 'avg' ELSE 'sum' END, i, datetime('now'), datetime('now') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
INSERT INTO cockpit_indicators(code, name, category, uom, direction, time_agg, unit_agg, num_code, den_code, scale, sort, created_at, updated_at)
  SELECT 'R' || i, '比率' || i, '营销', '%', 'higher', 'ratio', 'ratio', 'I' || (2 * i - 1), 'I' || (2 * i), 100, 100 + i, datetime('now'), datetime('now') FROM n;
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 35)
INSERT INTO cockpit_values(indicator_id, unit_id, month, value, source, updated_at)
  SELECT i.id, u.id, printf('%04d-%02d', (${M0} + m.k) / 12, (${M0} + m.k) % 12 + 1), abs(random() % 100000) / 100.0 + 1, 'demo', datetime('now')
  FROM cockpit_indicators i, units u, m WHERE i.time_agg <> 'ratio' AND u.code LIKE 'B%';
INSERT INTO cockpit_targets(indicator_id, unit_id, year, month, value, updated_at)
  SELECT i.id, u.id, 2025, 0, 6000, datetime('now') FROM cockpit_indicators i, units u WHERE i.time_agg = 'sum' AND u.code LIKE 'B%';
DELETE FROM cockpit_changes;
COMMIT;`)
const nvalues = +sql('SELECT count(*) FROM cockpit_values').toString().trim()

function freePort() {
  return new Promise((ok) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)) }) })
}
const port = await freePort()
const srv = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'ignore', 'inherit'] })
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
function req(method, path, { body, headers = {}, localAddress, raw } = {}) {
  return new Promise((ok, fail) => {
    const data = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)))
    const h = { ...headers }
    if (data) { h['Content-Length'] = data.length; if (!raw) h['Content-Type'] = 'application/json' }
    const r = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent: localAddress ? false : agent, localAddress }, (res) => {
      const c = []
      res.on('data', (d) => c.push(d))
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text: Buffer.concat(c).toString() }))
    })
    r.on('error', fail)
    if (data) r.write(data)
    r.end()
  })
}
for (let i = 0; i < 100; i++) { try { if ((await req('GET', '/api/v1/health')).status === 200) break } catch { /* starting */ } await new Promise((r) => setTimeout(r, 100)) }
const login = await req('POST', '/api/v1/auth/login', { body: { username: 'admin', password: PW } })
const cookie = /bureau_sid=[^;]+/.exec(login.headers['set-cookie'].join(';'))[0]
const csrf = JSON.parse(login.text).csrf_token
const H = { Cookie: cookie, 'X-CSRF-Token': csrf }

async function lat(path) {
  const t = []
  for (let i = 0; i < REQS; i++) {
    const t0 = process.hrtime.bigint()
    const r = await req('GET', path, { headers: H })
    t.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`)
  }
  t.sort((a, b) => a - b)
  return { p50: t[Math.floor(t.length * 0.5)], p99: t[Math.min(t.length - 1, Math.floor(t.length * 0.99))] }
}
const rows = []
const mtx = await lat('/api/v1/cockpit/matrix?month=2025-12')
rows.push(['矩阵 100 单位 × 50 指标（一个月）', `p50 ${mtx.p50.toFixed(1)} ms`, `p99 ${mtx.p99.toFixed(1)} ms`])
const hz = await lat('/api/v1/cockpit/horizontal?indicator=R1&month=2025-12&mode=ytd')
rows.push(['横向 年累计（比率指标，100 单位）', `p50 ${hz.p50.toFixed(1)} ms`, `p99 ${hz.p99.toFixed(1)} ms`])
const ju = execFileSync('sqlite3', [db, "SELECT id FROM units WHERE code = 'JU'"]).toString().trim()
const vt = await lat(`/api/v1/cockpit/vertical?indicator=I1&unit=${ju}&to=2025-12&months=36`)
rows.push(['纵向 36 个月（全局汇总 100 单位）', `p50 ${vt.p50.toFixed(1)} ms`, `p99 ${vt.p99.toFixed(1)} ms`])

// ---- SSE fan-out: CLIENTS streams from several loopback addresses (the server allows 128 connections per address) ----
const streams = []
let helloCount = 0
const got = new Map()
let tChange = 0
await new Promise((ok) => {
  for (let i = 0; i < CLIENTS; i++) {
    const localAddress = `127.0.0.${2 + Math.floor(i / 100)}`
    const r = http.get({ host: '127.0.0.1', port, path: '/api/v1/cockpit/stream', headers: { Cookie: cookie }, agent: false, localAddress }, (res) => {
      let buf = ''
      res.on('data', (d) => {
        buf += d
        if (buf.includes('event: hello') && !res.hello) { res.hello = 1; if (++helloCount === CLIENTS) ok() }
        if (buf.includes('event: change') && !got.has(i)) got.set(i, performance.now())
      })
    })
    r.on('error', (e) => { console.error('stream', i, e.message) })
    streams.push(r)
  }
})
const i1 = execFileSync('sqlite3', [db, "SELECT id FROM cockpit_indicators WHERE code = 'I1'"]).toString().trim()
const b1 = execFileSync('sqlite3', [db, "SELECT id FROM units WHERE code = 'B1'"]).toString().trim()
tChange = performance.now()
const put = await req('PUT', '/api/v1/cockpit/values', { headers: H, body: { indicator: 'I1', unit_id: +b1, month: '2025-12', value: 12345 } })
if (put.status !== 200) throw new Error('put ' + put.text)
const tPut = performance.now() - tChange
const end = Date.now() + 10000
while (got.size < CLIENTS && Date.now() < end) await new Promise((r) => setTimeout(r, 2))
const times = [...got.values()].map((t) => t - tChange).sort((a, b) => a - b)
rows.push([`SSE 扇出 ${CLIENTS} 个连接（写入请求 ${tPut.toFixed(1)} ms）`, `全部收到 ${times.length === CLIENTS ? times.at(-1).toFixed(1) + ' ms' : `只有 ${times.length} 个`}`, `中位 ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms`])
// A change by another process (sqlite3 CLI), found by the 300 ms poll.
got.clear()
tChange = performance.now()
execFileSync('sqlite3', [db, `UPDATE cockpit_values SET value = value + 1 WHERE indicator_id = ${i1} AND unit_id = ${b1} AND month = '2025-11'`])
const end2 = Date.now() + 10000
while (got.size < CLIENTS && Date.now() < end2) await new Promise((r) => setTimeout(r, 2))
const t2 = [...got.values()].map((t) => t - tChange).sort((a, b) => a - b)
rows.push([`SSE 另一进程写入 → ${CLIENTS} 个连接`, `全部收到 ${t2.length === CLIENTS ? t2.at(-1).toFixed(1) + ' ms' : `只有 ${t2.length} 个`}`, `中位 ${t2[Math.floor(t2.length / 2)]?.toFixed(1)} ms`])
for (const s of streams) s.destroy()

// ---- import: a long CSV of IMPORT rows ----
const lines = ['指标编码,单位编码,月份,数值']
for (let k = 0; lines.length <= IMPORT; k++) {
  const ind = 'I' + ((k % 40) + 1), unit = 'B' + ((Math.floor(k / 40) % 100) + 1), m = month(2026 * 12 + (Math.floor(k / 4000) % 12))
  lines.push(`${ind},${unit},${m},${(k % 997) + 0.5}`)
}
const csv = Buffer.from(lines.join('\n'))
const t0 = performance.now()
const imp = await req('POST', '/api/v1/cockpit/import?format=csv', { headers: { ...H, 'Content-Type': 'text/csv' }, raw: csv })
const secs = (performance.now() - t0) / 1000
const ij = JSON.parse(imp.text)
if (imp.status !== 200) throw new Error('import ' + imp.text.slice(0, 300))
rows.push([`导入 CSV 长表 ${ij.written} 行（${(csv.length / 1048576).toFixed(1)} MB）`, `${Math.round(ij.written / secs).toLocaleString()} 行/秒`, `用时 ${secs.toFixed(2)} s`])

srv.kill('SIGTERM')
await new Promise((r) => srv.once('exit', r))
if (process.env.BENCH_CK_KEEP !== '1') rmSync(dir, { recursive: true, force: true })

const cpu = os.cpus()[0]?.model || 'unknown CPU'
const head = `数据：${nvalues.toLocaleString()} 个存储值（100 单位 × 45 个可存指标 + 5 个比率 × 36 个月）；${REQS} 次顺序请求/视图；${os.cpus().length} 核 ${cpu}；${new Date().toISOString().slice(0, 10)}`
const table = ['| 项目 | 结果 | |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
console.log(head)
console.log(table)
writeFileSync(join(ROOT, 'bench', 'RESULTS-cockpit.md'), `# 数字化所队部 — benchmark (node bench/cockpit.mjs)\n\n${head}\n\n${table}\n\n` +
  '矩阵、横向、纵向每次请求都从数据库读取所需月份的数值到内存再汇总（无缓存）；SSE 连接空闲时挂起（不占线程），写入提交后立即唤醒，其他进程的写入由每 300 ms 一次的变更日志轮询发现。服务器与压测在同一台机器上，共享 CPU。\n')
