// bench/web_load.mjs — the UI as a phone on a slow link sees it: Chromium with Lighthouse's slow-4G profile (150 ms RTT,
// 1.6 Mbit/s down, 750 kbit/s up; CDP Network.emulateNetworkConditions) and a 4× slower CPU (Emulation.setCPUThrottlingRate),
// a cold cache each time (a fresh browser context). Measures the login page until its form can be used, and each heavy
// page after sign-in until its content is drawn; also the compressed bytes of JavaScript each one fetched.
// Goals (issue 13): login ≤ 4 s with ≤ 150 KB of compressed JS, the heaviest page ≤ 8 s. Prints a table and writes
// bench/RESULTS-web.md. Run: node bench/web_load.mjs (after make build/bureau and make web). Knob: BENCH_WEB_ROUNDS (3).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = process.env.BUREAU_BIN || join(ROOT, 'build', 'bureau')
const WEB = process.env.BUREAU_WEB || join(ROOT, 'web', 'dist')
const ROUNDS = +(process.env.BENCH_WEB_ROUNDS || 3)
const PW = 'Bench-Secret-2026'
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 }
if (!existsSync(join(WEB, 'index.html'))) { console.error('bench/web_load: no built UI in ' + WEB + ' (make web)'); process.exit(1) }
const pw = await import(pathToFileURL(createRequire(join(ROOT, 'tests', 'package.json')).resolve('playwright-core')).href)
const chromium = pw.chromium || pw.default.chromium

const dir = mkdtempSync(join(os.tmpdir(), 'bureau-webbench-'))
const db = join(dir, 'b.db')
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BUREAU_'))), BUREAU_ADMIN_PASSWORD: PW, BUREAU_LOG_LEVEL: 'error' }
execFileSync(BIN, ['init', '--db', db, '--demo'], { env, stdio: 'ignore' })
const port = await new Promise((ok) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)) }) })
const base = `http://127.0.0.1:${port}`
const srv = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB], { env, stdio: 'ignore' })
for (let i = 0; ; i++) {
  try { if ((await fetch(base + '/api/v1/health')).ok) break } catch { /* not yet */ }
  if (i > 200) throw new Error('server did not start')
  await new Promise((r) => setTimeout(r, 100))
}
const login = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ username: 'admin', password: PW }) })
const sid = /bureau_sid=([^;]+)/.exec(login.headers.get('set-cookie') || '')[1]

let browser
try { browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] }) } catch (e) { srv.kill('SIGTERM'); throw e }

/** One cold load of path; done(page) resolves when the page is usable. Returns { ms, jsKB, allKB }. */
async function measure(path, done, signedIn) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
  if (signedIn) {
    await context.addCookies([{ name: 'bureau_sid', value: sid, url: base }])
    await context.addInitScript(() => localStorage.setItem('bureau.signed-in', '1'))
  }
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  const types = new Map()
  let js = 0, all = 0
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type))
  cdp.on('Network.loadingFinished', (e) => { all += e.encodedDataLength; if (types.get(e.requestId) === 'Script') js += e.encodedDataLength })
  const t0 = Date.now()
  await page.goto(path, { waitUntil: 'commit', timeout: 120000 })
  await done(page)
  const ms = Date.now() - t0
  await context.close()
  return { ms, jsKB: js / 1024, allKB: all / 1024 }
}

const visible = (sel) => (page) => page.locator(sel).first().waitFor({ state: 'visible', timeout: 120000 })
const canvas = (sel) => (page) => page.locator(sel + ' canvas').first().waitFor({ state: 'visible', timeout: 120000 })
const scenarios = [
  ['登录页（可输入）', '/login', async (page) => { await visible('[data-testid="login-submit"]')(page); await page.locator('input[data-testid="login-username"]').fill('x', { timeout: 120000 }) }, false],
  ['工作台', '/index', visible('[data-testid="card-org.dashboard"] [data-testid="stat-users"]'), true],
  ['零售户档案', '/shops/list', visible('[data-testid="list-card"], [data-testid="shops-table"] .el-table__row, [data-testid="shop-card"]'), true],
  ['督办台账', '/tasks/board', visible('.el-table__row, [data-testid="list-card"], [data-testid="task-card"]'), true],
  ['全县画像', '/shops/picture', canvas('[data-testid="picture-map"]'), true],
  ['横向对比', '/cockpit/horizontal', visible('.el-table__row, [data-testid="list-card"], canvas'), true],
]

const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const rows = []
try {
  for (const [name, path, done, signedIn] of scenarios) {
    const runs = []
    for (let i = 0; i < ROUNDS; i++) runs.push(await measure(path, done, signedIn))
    rows.push({ name, path, ms: med(runs.map((r) => r.ms)), jsKB: med(runs.map((r) => r.jsKB)), allKB: med(runs.map((r) => r.allKB)) })
  }
} finally {
  await browser.close()
  srv.kill('SIGTERM')
  await new Promise((r) => srv.once('exit', r))
  rmSync(dir, { recursive: true, force: true })
}

const pad = (s, n) => { s = String(s); let w = 0; for (const ch of s) w += ch.charCodeAt(0) > 255 ? 2 : 1; return s + ' '.repeat(Math.max(0, n - w)) }
const lines = []
lines.push(`web load — Chromium, slow 4G (150 ms, 1.6 Mbit/s down), CPU ×4 slower, cold cache, 390×844 phone; median of ${ROUNDS}`)
lines.push(pad('page', 22) + pad('path', 22) + pad('ready', 10) + pad('JS (compressed)', 18) + 'all bytes')
for (const r of rows) lines.push(pad(r.name, 22) + pad(r.path, 22) + pad((r.ms / 1000).toFixed(2) + ' s', 10) + pad(r.jsKB.toFixed(0) + ' KB', 18) + r.allKB.toFixed(0) + ' KB')
const loginRow = rows[0], heavy = rows.slice(1).reduce((a, b) => (b.ms > a.ms ? b : a))
lines.push(`login: ${(loginRow.ms / 1000).toFixed(2)} s (goal ≤ 4 s), ${loginRow.jsKB.toFixed(0)} KB of JS (goal ≤ 150 KB); heaviest: ${heavy.name} ${(heavy.ms / 1000).toFixed(2)} s (goal ≤ 8 s)`)
console.log(lines.join('\n'))
writeFileSync(join(ROOT, 'bench', 'RESULTS-web.md'), `# Web load on a slow phone link\n\n\`node bench/web_load.mjs\` (part of \`make bench\`), ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model || os.arch()}, ${os.cpus().length} cores.\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`)
