// The bureau's clock: a server whose own TZ is UTC still stamps, lists and dates everything in the bureau's zone
// (default Asia/Shanghai). The clock is injected (BUREAU_NOW, epoch seconds: zone-free) at two moments: 23:30 in
// Beijing, and 00:30 in Beijing the next day, when UTC is still on the day before.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, cli, expectStatus, expectError, unitIds } from './lib.mjs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { answersFrom } from './forms.mjs'

const at = (iso) => String(Date.parse(iso) / 1000)
const LATE = at('2026-03-10T15:30:00Z') // 2026-03-10 23:30 in Beijing, 15:30 UTC
const EARLY = at('2026-03-10T16:30:00Z') // 2026-03-11 00:30 in Beijing, still 03-10 in UTC

const servers = []
async function serve(now, env = {}) {
  const s = await startServer(import.meta.filename, { env: { TZ: 'UTC', BUREAU_NOW: now, ...env } })
  servers.push(s)
  return s
}
after(async () => { for (const s of servers) assert.equal(await s.stop(), 0, 'graceful shutdown') })

/** Records a visit as the admin and answers the stored row as the shop's visit list shows it. */
async function visit(c) {
  const shop = (await c.ok('/shops?size=1&status=' + encodeURIComponent('正常'))).items[0]
  const form = await c.ok(`/shops/${shop.id}/assess-form`)
  const a = expectStatus(await c.post(`/shops/${shop.id}/assessments`, { answers: answersFrom(form) }), 201)
  const listed = (await c.ok(`/shops/${shop.id}/assessments`)).items.find((x) => x.id === a.id)
  assert.ok(listed, 'the visit is listed')
  return listed
}

async function task(c, title, due) {
  const u = await unitIds(c)
  return expectStatus(await c.post('/tasks/tasks', { title, lead_unit_id: u.CQS, owner_id: c.user.id, due_date: due, assign: true, workdays: false }), 201)
}

async function anchorDays(db) {
  const r = await cli(['audit', 'anchor', '--db', db], { env: { TZ: 'UTC' } })
  assert.equal(r.code, 0, r.stderr)
  return r.stdout.split('\n').map((l) => l.slice(0, 10)).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d))
}

test('23:30 in Beijing on a UTC server: the browser is told the zone, a visit is stamped 23:30, a task due today is not late', async () => {
  const srv = await serve(LATE)
  const c = await srv.admin()
  const me = await c.ok('/auth/me')
  assert.equal(me.clock.tz, 'Asia/Shanghai')
  assert.equal(me.clock.today, '2026-03-10')
  assert.equal(me.clock.utc_offset_min, 480)
  assert.match(me.clock.now, /^2026-03-10 23:3\d:\d\d$/)
  const v = await visit(c)
  assert.match(v.assessed_at, /^2026-03-10 23:3\d:\d\d$/, 'the visit is listed at Beijing time, not 15:30 UTC')
  const t = await task(c, '时区测试：今天到期', '2026-03-10')
  assert.notEqual(t.light, 'red', 'due today is not overdue before midnight in Beijing')
  assert.equal(t.deadline_days, 0)
  const days = await anchorDays(srv.db)
  assert.ok(days.includes('2026-03-10'), `an audit anchor for 2026-03-10 in ${days}`)
  assert.ok(!days.includes('2026-03-11'))
})

test('00:30 in Beijing (16:30 UTC the day before): "today" has turned, so yesterday\'s deadline is red and the audit day is the new one', async () => {
  const srv = await serve(EARLY)
  const c = await srv.admin()
  assert.equal((await c.ok('/auth/me')).clock.today, '2026-03-11')
  const v = await visit(c)
  assert.match(v.assessed_at, /^2026-03-11 00:3\d:\d\d$/)
  const late = await task(c, '时区测试：昨天到期', '2026-03-10')
  assert.equal(late.light, 'red')
  assert.equal(late.deadline_days, 1)
  const today = await task(c, '时区测试：今天到期', '2026-03-11')
  assert.notEqual(today.light, 'red')
  const days = await anchorDays(srv.db)
  assert.ok(days.includes('2026-03-11'), `the writes at 00:30 are anchored on 2026-03-11: ${days}`)
  // the login at 00:30 is on the new day too, in the login log the 操作日志 page shows
  const logins = await c.ok('/org/logins?size=5&sort=-id')
  assert.match(logins.items[0].at, /^2026-03-11 00:3\d/)
})

test('a zone by setting: --tz and BUREAU_TZ move every stamp; an unknown zone is refused at start', async () => {
  const srv = await serve(LATE, { BUREAU_TZ: 'Asia/Tokyo' })
  const c = await srv.admin()
  const me = await c.ok('/auth/me')
  assert.equal(me.clock.tz, 'Asia/Tokyo')
  assert.match(me.clock.now, /^2026-03-11 00:3\d/)
  const bad = await cli(['version', '--tz', 'Mars/Olympus'])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /未知时区 Mars\/Olympus/)
  const posix = await cli(['version', '--tz', 'CST-8'])
  assert.equal(posix.code, 0, posix.stderr)
  const badNow = await cli(['version'], { env: { BUREAU_NOW: '2026-13-01 00:00' } })
  assert.equal(badNow.code, 2)
  assert.match(badNow.stderr, /BUREAU_NOW/)
  const badMode = await cli(['version'], { env: { BUREAU_NOW: '2026-12-01 08:00', BUREAU_CLOCK: 'slow' } })
  assert.equal(badMode.code, 2)
  assert.match(badMode.stderr, /BUREAU_CLOCK/)
})

test('init on a New York server at 23:30 Beijing: the schema, the built-in roles and the demo data are stamped on the bureau clock', async () => {
  // The stamps written by SQL (the migrations' datetime('now','localtime')) and by C (bound by db_bind_now) alike:
  // SQLite's 'now' is the bureau's injectable clock (base/db.c VFS) and 'localtime' its zone, whatever TZ says.
  const db = join(mkdtempSync(join(tmpdir(), 'bureau-clock-')), 'c.db')
  const r = await cli(['init', '--db', db, '--demo'], { env: { TZ: 'America/New_York', BUREAU_NOW: LATE, BUREAU_CLOCK: 'fixed' } })
  assert.equal(r.code, 0, r.stderr)
  const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim().split('\n')
  const want = ['2026-03-10 23:30:00']
  assert.deepEqual(sql('SELECT DISTINCT applied_at FROM schema_version'), want, 'schema_version.applied_at')
  assert.deepEqual(sql("SELECT DISTINCT created_at FROM roles WHERE code IN ('admin','staff','secadmin','auditor')"), want, 'built-in roles (migration SQL)')
  assert.deepEqual(sql('SELECT DISTINCT updated_at FROM cockpit_targets'), want, 'cockpit demo targets')
  assert.deepEqual(sql('SELECT DISTINCT updated_at FROM cockpit_values'), want, 'cockpit demo values')
  assert.deepEqual(sql('SELECT DISTINCT created_at FROM cockpit_indicators'), want, 'cockpit demo indicators')
  assert.deepEqual(sql("SELECT DISTINCT substr(at, 1, 10) FROM audit_log"), ['2026-03-10'], 'the audit rows of the demo load')
})
