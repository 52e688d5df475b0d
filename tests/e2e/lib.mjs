// Shared e2e helpers: start the real bureau server on a free port with a fresh demo database, launch Chromium, log in.
import { spawn, execFile } from 'node:child_process'
import { mkdtemp, rm, mkdir } from 'node:fs/promises'
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BUILD = join(ROOT, 'build')
export const ADMIN_PASSWORD = 'Bureau#E2e-2025'
const run = promisify(execFile)

async function waitHealthy(base, proc, ms = 15000) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`bureau serve exited with ${proc.exitCode}`)
    try {
      const r = await fetch(base + '/api/v1/health')
      if (r.ok) return
      last = 'HTTP ' + r.status
    } catch (e) { last = e.message }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not become healthy: ' + last)
}

/** Start `bureau init --demo` + `bureau serve` in a temp dir. Returns { base, stop, logs, db } (db: the test's own database file). */
export async function startServer() {
  const bin = process.env.BUREAU_BIN || join(BUILD, 'bureau')
  const web = process.env.BUREAU_WEB || join(ROOT, 'web', 'dist')
  const dir = await mkdtemp(join(tmpdir(), 'bureau-e2e-'))
  const db = join(dir, 'bureau.db')
  const env = { ...process.env, BUREAU_ADMIN_PASSWORD: ADMIN_PASSWORD }
  await run(bin, ['init', '--db', db, '--demo'], { env, timeout: 120000, maxBuffer: 16 << 20 })
  // Port 0: the server binds a port of the kernel's choosing and names it in its log, so no other process (six
  // engineers' test runs share this machine) can take a port between our picking it and the server binding it.
  const logs = []
  const proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', web], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const named = new Promise((ok, fail) => {
    const look = (d) => {
      logs.push(String(d))
      const m = /listening address=\S+ port=(\d+)/.exec(logs.join(''))
      if (m) ok(Number(m[1]))
    }
    proc.stdout.on('data', look)
    proc.stderr.on('data', look)
    proc.once('exit', (code) => fail(new Error(`bureau serve exited with ${code}: ${logs.join('').slice(-500)}`)))
  })
  const port = await named
  const base = `http://127.0.0.1:${port}`
  await waitHealthy(base, proc)
  async function stop() {
    if (proc.exitCode === null) {
      const done = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await done
      clearTimeout(t)
    }
    await rm(dir, { recursive: true, force: true })
  }
  return { base, stop, logs, db }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export async function newPage(browser, base, opts = {}) {
  const context = await browser.newContext({ baseURL: base, acceptDownloads: true, locale: 'zh-CN', viewport: { width: 1366, height: 800 }, ...opts })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  return { context, page, errors }
}

/** The phone of the e2e tests: 375 px wide, touch. */
export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }
/** Asserts that the page does not scroll sideways on a 375 px phone. what: the page, for the message. */
export async function noSideways(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 375, `${what}: the page scrolls sideways (scrollWidth ${w} > 375)`)
}

export const tid = (id) => `[data-testid="${id}"]`
/** Element Plus puts data-testid on the <input> of el-input but on the wrapper of other widgets: match both. */
export const inputOf = (page, id) => page.locator(`input${tid(id)}, ${tid(id)} input, textarea${tid(id)}`).first()

/** Fill the login form and submit; returns after the dashboard or the error appears. */
export async function login(page, username = 'admin', password = ADMIN_PASSWORD) {
  await page.goto('/login')
  await inputOf(page, 'login-username').fill(username)
  await inputOf(page, 'login-password').fill(password)
  await page.locator(tid('login-submit')).click()
}

export async function loginOk(page, username, password) {
  await login(page, username, password)
  await page.waitForURL(/\/index$/)
  await page.locator(tid('dashboard')).waitFor()
}

export async function shot(page, name) {
  const dir = join(BUILD, 'screenshots')
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name + '.png'), fullPage: false })
}

/**
 * The frame of most e2e files: a server with the demo, one Chromium, and an API client signed in as the admin; and
 * its end. Use as
 *   let srv, browser, admin
 *   before(async () => ({ srv, browser, admin } = await e2eStart()))
 *   after(() => e2eStop({ srv, browser }))
 */
export async function e2eStart() {
  const { Client } = await import('../api/lib.mjs')
  const srv = await startServer()
  const browser = await launch()
  const admin = new Client(srv.base)
  await admin.loginOk('admin', ADMIN_PASSWORD)
  return { srv, browser, admin }
}
export async function e2eStop({ srv, browser }) { await browser?.close(); await srv?.stop() }

/** Every page of the side menu in menu order, read from web/src/pages/*.js (the table the router builds the menu
 * from, so a new module's pages are swept without touching the tests): 工作台, then each module's menu pages inside
 * the layout. No detail pages (:id); bare pages such as 大屏 (for a wall screen) only with { bare: true }. */
export async function menuPages({ bare = false } = {}) {
  const dir = join(ROOT, 'web', 'src', 'pages')
  const groups = []
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) groups.push((await import(pathToFileURL(join(dir, f)).href)).default)
  groups.sort((a, b) => a.order - b.order)
  return ['/index', ...groups.flatMap((g) => g.pages.filter((p) => p.menu !== false && (bare || !p.bare) && !p.path.includes(':')).map((p) => p.path))]
}

/** The icons on the page that did not draw: an <el-icon> without its SVG is an icon component Vue could not resolve
 * (it renders as an unknown tag such as <fold>, an empty box where the menu button should be). Answers their HTML. */
export async function blankIcons(page) {
  return page.evaluate(() => [...document.querySelectorAll('i.el-icon')].filter((e) => !e.querySelector('svg')).map((e) => e.outerHTML.slice(0, 120)))
}
