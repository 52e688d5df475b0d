// Bad input on every route: each API route registered in src/ (read from the route tables, so a new route is covered
// the day it is added) gets ids that name nothing ("0", "abc", a number past int64), bodies of the wrong shape and
// query strings of the wrong type. Whatever the route, the answer is never a 5xx, and every 4xx
// carries a stable error code and a Chinese message — the standard of docs/api.md. The server stays healthy after.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { serverFor, ROOT } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename)
let admin

/** Every {HTTP_METHOD, "/api/v1/…"} in the route tables under src/. */
function routes() {
  const out = new Set()
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f)
      if (statSync(p).isDirectory()) walk(p)
      else if (f.endsWith('.c')) for (const m of readFileSync(p, 'utf8').matchAll(/\{\s*HTTP_([A-Z]+),\s*"(\/api\/v1\/[^"]*)"/g)) out.add(`${m[1]} ${m[2]}`)
    }
  }
  walk(join(ROOT, 'src'))
  return [...out].sort().map((l) => l.split(' '))
}

// Streams never end; logging out or changing the password would end the session the rest of the test needs.
const SKIP = /\/(stream|live)$|\/auth\/logout$|password/
const IDS = ['0', 'abc', '99999999999999999999999']
const BODIES = ['"x"', '[]', JSON.stringify({ name: 123, title: [], year: 'x', date: '2026-02-30', month: '2026-13', unit_id: 'x', user_id: 1e20, items: 'x', amount: -1, score: 'NaN' })]
const QUERIES = ['?page=-1&size=abc&year=99999&month=2026-13&unit_id=x&q=%00%27', '?size=100000&page=99999999&date=2026-02-30&from=x&to=2026-00-01&status=%E4%B8%AD&by=zz&year=2026-02&format=x']
const CJK = /[\u4e00-\u9fff]/

before(async () => {
  await srv.ready
  admin = await srv.admin()
})

test('every route answers bad ids, bodies and queries with a 4xx naming what is wrong, never a 5xx', async () => {
  const list = routes()
  assert.ok(list.length > 300, `routes read from src/: ${list.length}`)
  const problems = []
  let sent = 0
  for (const [method, pattern] of list) {
    if (SKIP.test(pattern)) continue
    const path = pattern.replace('/api/v1', '')
    const paths = /:[a-z_]+/.test(path) ? IDS.map((v) => path.replace(/:[a-z_]+/g, v)) : [path]
    for (const p of paths) {
      const tries = method === 'GET' || method === 'DELETE' ? QUERIES.map((q) => [p + q, undefined]) : BODIES.map((b) => [p, b])
      for (const [url, body] of tries) {
        const r = await admin.req(method, url, body === undefined ? {} : { rawBody: body, headers: { 'Content-Type': 'application/json' } })
        sent++
        const what = `${method} ${url} ${body || ''} → ${r.status} ${r.text.slice(0, 160)}`
        if (r.status >= 500) problems.push(what)
        else if (r.status >= 400) {
          if (!r.json?.error?.code) problems.push('no error code: ' + what)
          else if (!CJK.test(r.json.error.message || '')) problems.push('no Chinese message: ' + what)
        }
      }
    }
  }
  assert.deepEqual(problems, [], `${problems.length} of ${sent} requests`)
  assert.equal((await admin.get('/health')).status, 200)
  assert.equal((await admin.get('/auth/me')).status, 200, 'the session survived')
})
