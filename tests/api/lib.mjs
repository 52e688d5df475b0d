// Shared helpers of the API tests: a real `bureau serve` on a free port with a fresh demo database, and a small
// HTTP client (node:http, so it can send any Origin/Host header, raw paths and bind its own loopback address —
// the login limiter counts per IP, so each client may come from its own 127.0.0.x).
import { spawn, execFile } from 'node:child_process'
import { mkdtempSync, mkdirSync, openSync, closeSync, rmSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join, dirname, resolve, basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import assert from 'node:assert/strict'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = process.env.BUREAU_BIN || join(ROOT, 'build', 'bureau')
export const ADMIN_PASSWORD = 'Adm1n#Bureau-Test'
export const DEMO_PASSWORD = 'Dem0#Staff-Test'
export const LOG_DIR = join(ROOT, 'build', 'test-logs')
export const SLOW = /asan/.test(BIN)
const execFileP = promisify(execFile)

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)) })
  })
}

/** Environment for the server and CLI: fixed passwords, no BUREAU_* from the outside (BUREAU_WEB, BUREAU_DB…). */
export function baseEnv(extra = {}) {
  const env = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BUREAU_')) env[k] = v
  return { ...env, BUREAU_ADMIN_PASSWORD: ADMIN_PASSWORD, BUREAU_DEMO_PASSWORD: DEMO_PASSWORD, ...extra }
}

/** Runs the bureau CLI; resolves {code, stdout, stderr} whatever the exit code. */
export async function cli(args, { env = {}, cwd } = {}) {
  try {
    const { stdout, stderr } = await execFileP(BIN, args, { env: baseEnv(env), cwd, timeout: 120000, maxBuffer: 16 << 20 })
    return { code: 0, stdout, stderr }
  } catch (e) {
    if (typeof e.code !== 'number') throw e
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const counters = new Map()

/**
 * Starts `bureau init --demo` + `bureau serve` in a fresh temp dir. name: the test file (for the log name).
 * opts.web: a directory passed as --web (else none: the server runs in the temp dir with no web/dist).
 * Returns {base, port, dir, db, proc, logFile, stop(): exit code, client(opts): Client}.
 */
export async function startServer(name, opts = {}) {
  const n = (counters.get(name) || 0) + 1
  counters.set(name, n)
  const dir = mkdtempSync(join(tmpdir(), 'bureau-api-'))
  const db = join(dir, 'b.db')
  const init = await cli(['init', '--db', db, '--demo'], { cwd: dir })
  if (init.code !== 0) throw new Error(`bureau init failed (${init.code}): ${init.stderr}`)
  mkdirSync(LOG_DIR, { recursive: true })
  const logFile = join(LOG_DIR, `server-${basename(name).replace(/\.test\.mjs$/, '')}-${n}.log`)
  // Port 0: the server binds a port of the kernel's choosing and names it in its log, so no other process (six
  // engineers' test runs share this machine) can take a port between our picking it and the server binding it.
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0']
  if (opts.web) args.push('--web', opts.web)
  const fd = openSync(logFile, 'w')
  const proc = spawn(BIN, args, { env: baseEnv(opts.env), cwd: dir, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const exited = new Promise((ok) => proc.once('exit', (code, signal) => ok(code === null ? 'signal ' + signal : code)))
  const end = Date.now() + 30000
  let port = 0
  while (!port) {
    if (proc.exitCode !== null) throw new Error(`bureau serve exited with ${proc.exitCode}; see ${logFile}`)
    const m = /listening address=\S+ port=(\d+)/.exec(readFileSync(logFile, 'utf8'))
    if (m) port = Number(m[1])
    else if (Date.now() > end) { proc.kill('SIGKILL'); throw new Error(`bureau serve named no port; see ${logFile}`) }
    else await sleep(20)
  }
  const base = `http://127.0.0.1:${port}`
  let last = ''
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bureau serve exited with ${proc.exitCode}; see ${logFile}`)
    try {
      const r = await request(base, 'GET', '/api/v1/health')
      if (r.status === 200) break
      last = 'HTTP ' + r.status
    } catch (e) { last = e.message }
    if (Date.now() > end) { proc.kill('SIGKILL'); throw new Error('server did not become healthy: ' + last) }
    await sleep(50)
  }
  let nextIp = 2
  const srv = {
    base, port, dir, db, proc, logFile,
    /** A new client; each one gets its own loopback source address unless ip is given. */
    client(o = {}) { return new Client(base, { ip: o.ip || `127.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 2}`, ...o }) },
    async admin() { const c = srv.client(); await c.loginOk('admin', ADMIN_PASSWORD); return c },
    /** SIGTERM, wait; resolves the exit code (0 = graceful shutdown). */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM')
        const t = setTimeout(() => proc.kill('SIGKILL'), 30000)
        const code = await exited
        clearTimeout(t)
        rmSync(dir, { recursive: true, force: true })
        return code
      }
      const code = await exited
      rmSync(dir, { recursive: true, force: true })
      return code
    },
  }
  return srv
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** One HTTP request. body: object (sent as JSON) | Buffer | string. Answers {status, headers, buf, text, json}. */
export function request(base, method, path, { body, headers = {}, localAddress, rawBody, chunked = false } = {}) {
  const u = new URL(base)
  let data
  const h = { ...headers }
  if (rawBody !== undefined) data = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody)
  else if (body !== undefined) {
    data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json'
  }
  if (data && !chunked) h['Content-Length'] = String(data.length)
  return new Promise((ok, fail) => {
    const rq = http.request({ host: u.hostname, port: u.port, method, path, headers: h, localAddress, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const buf = Buffer.concat(chunks)
        const text = buf.toString('utf8')
        let json
        if (/json/.test(res.headers['content-type'] || '')) { try { json = JSON.parse(text) } catch { json = undefined } }
        ok({ status: res.statusCode, headers: res.headers, buf, text, json })
      })
      res.on('error', fail)
    })
    rq.setTimeout(60000, () => rq.destroy(new Error(`timeout ${method} ${path}`)))
    rq.on('error', fail)
    const expect = Object.entries(h).some(([k, v]) => k.toLowerCase() === 'expect' && /100-continue/i.test(v))
    if (data && expect) rq.on('continue', () => rq.end(data))
    else { if (data) rq.write(data); rq.end() }
  })
}

/** Keeps the session cookie and the CSRF token; sends X-CSRF-Token on unsafe methods. */
export class Client {
  constructor(base, { ip } = {}) { this.base = base; this.ip = ip; this.cookie = null; this.csrf = null; this.user = null; this.clock = null }
  async req(method, path, { body, headers = {}, rawBody, csrf = true, cookie = true, chunked } = {}) {
    const h = { ...headers }
    if (cookie && this.cookie && !('Cookie' in h)) h.Cookie = this.cookie
    if (csrf && this.csrf && method !== 'GET' && method !== 'HEAD' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf
    // Browsers send Origin on every unsafe request and the server requires it; { Origin: null } leaves it out.
    if (method !== 'GET' && method !== 'HEAD' && !('Origin' in h)) h.Origin = this.base
    if (h.Origin === null) delete h.Origin
    // '/org/users' means '/api/v1/org/users'; a path already under /api/ (or starting with '//') is sent as it is.
    const full = path.startsWith('/api/') ? path : path.startsWith('//') ? path.slice(1) : '/api/v1' + path
    const res = await request(this.base, method, full, { body, headers: h, rawBody, localAddress: this.ip, chunked })
    for (const sc of [].concat(res.headers['set-cookie'] || [])) {
      const m = /^bureau_sid=([^;]*)/.exec(sc)
      if (m) this.cookie = m[1] && !/Max-Age=0/i.test(sc) ? 'bureau_sid=' + m[1] : null
    }
    return res
  }
  get(p, o) { return this.req('GET', p, o) }
  post(p, body, o = {}) { return this.req('POST', p, { body, ...o }) }
  patch(p, body, o = {}) { return this.req('PATCH', p, { body, ...o }) }
  del(p, o) { return this.req('DELETE', p, o) }
  async login(username, password) {
    const r = await this.post('/auth/login', { username, password })
    if (r.status === 200) { this.csrf = r.json.csrf_token; this.user = r.json.user; this.clock = r.json.clock }
    return r
  }
  async loginOk(username, password) {
    const r = await this.login(username, password)
    assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`)
    return r
  }
  /** GET that must answer 200; returns the JSON. */
  async ok(path) {
    const r = await this.get(path)
    assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`)
    return r.json
  }
}

export function expectError(res, status, code, field) {
  const what = `${res.status} ${res.text.slice(0, 400)}`
  assert.equal(res.status, status, `status: ${what}`)
  assert.ok(res.json && res.json.error, `error object: ${what}`)
  assert.equal(res.json.error.code, code, `code: ${what}`)
  assert.equal(typeof res.json.error.message, 'string', `message: ${what}`)
  if (field !== undefined) assert.equal(res.json.error.field, field, `field: ${what}`)
  return res.json.error
}

export function expectStatus(res, status) {
  assert.equal(res.status, status, `${res.status} ${res.text.slice(0, 400)}`)
  return res.json
}

/** Unit id by code, through the admin's list. */
export async function unitIds(c) {
  const j = await c.ok('/org/units')
  return Object.fromEntries(j.items.map((u) => [u.code, u.id]))
}
export async function roleIds(c) {
  const j = await c.ok('/org/roles')
  return Object.fromEntries(j.items.map((r) => [r.code, r.id]))
}
export async function userCount(c) { return (await c.ok('/org/users?size=1')).total }

/** Admin creates a user (roles by code), then logs in as him and changes the initial password. Returns {id, username, password, client}. */
export async function makeUser(srv, admin, { username, name = '测试用户', unit, roles = [], phone = '' }, { login = true } = {}) {
  const units = await unitIds(admin)
  const rids = await roleIds(admin)
  const r = await admin.post('/org/users', { username, name, unit_id: units[unit] ?? unit, role_ids: roles.map((x) => rids[x] ?? x), phone })
  assert.equal(r.status, 201, `create user ${username}: ${r.status} ${r.text}`)
  const out = { id: r.json.user.id, username, password: r.json.initial_password, user: r.json.user }
  if (login) {
    const c = srv.client()
    await c.loginOk(username, out.password)
    const np = 'Zq9#' + username.split('').reverse().join('') + '-x7'
    const p = await c.post('/auth/password', { old_password: out.password, new_password: np })
    assert.equal(p.status, 200, `password change ${username}: ${p.text}`)
    out.password = np
    out.client = c
  }
  return out
}

/** Latest audit rows for an entity (and id). */
export async function auditOf(admin, entity, entityId) {
  const j = await admin.ok(`/org/audit?entity=${encodeURIComponent(entity)}&size=500`)
  return j.items.filter((a) => entityId === undefined || Number(a.entity_id) === Number(entityId))
}

/**
 * Starts one server per test file right away (node 20 runs top-level before hooks concurrently, so tests and
 * hooks await srv.ready) and asserts a graceful stop after all tests.
 */
export function serverFor(t, name, opts) {
  const ctx = {}
  ctx.ready = startServer(name, opts).then((s) => { Object.assign(ctx, s); return ctx })
  ctx.ready.catch(() => {})
  t.before(async () => { await ctx.ready })
  t.after(async () => { await ctx.ready.catch(() => {}); if (ctx.stop) assert.equal(await ctx.stop(), 0, 'server exit code (graceful shutdown)') })
  return ctx
}

/**
 * The usual start of a module's tests, once the server is up: the admin client, unit and role ids by code, and
 * demo(unit, role) logging a new client in as a demo user with that role (code) in that unit (code) — the first one
 * listed, or with { sole: true } the first whose only role it is. demo answers {user, c}.
 *   let admin, ids, roles, demo
 *   before(async () => ({ admin, ids, roles, demo } = await adminSetup(srv)))
 */
export async function adminSetup(srv) {
  await srv.ready
  const admin = await srv.admin()
  const ids = await unitIds(admin)
  const roles = await roleIds(admin)
  const demo = async (unit, role, { sole = false } = {}) => {
    const j = await admin.ok(`/org/users?unit_id=${ids[unit]}&role_id=${roles[role]}&size=50`)
    assert.ok(j.items.length, `demo ${role} in ${unit}`)
    const user = (sole && j.items.find((x) => x.roles.every((r) => r.code === role))) || j.items[0]
    const c = srv.client()
    await c.loginOk(user.username, DEMO_PASSWORD)
    return { user, c }
  }
  return { admin, ids, roles, demo }
}
