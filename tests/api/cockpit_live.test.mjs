// The cockpit's live stream is bounded: with BUREAU_SSE_MAX=3 a fourth client is turned away with 503 busy, and the slot
// of a client that left is given back once a write to it fails.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { serverFor, expectError, expectStatus, unitIds, sleep } from './lib.mjs'

const srv = serverFor({ before, after }, import.meta.filename, { env: { BUREAU_SSE_MAX: '3' } })
let admin, ids
before(async () => { await srv.ready; admin = await srv.admin(); ids = await unitIds(admin) })

function open() {
  const u = new URL(srv.base)
  return new Promise((ok, fail) => {
    const rq = http.get({ host: u.hostname, port: u.port, path: '/api/v1/cockpit/stream', headers: { Cookie: admin.cookie }, agent: false }, (res) => {
      let buf = ''
      res.on('data', (d) => { buf += d; if (buf.includes('event: hello')) ok({ status: res.statusCode, close: () => rq.destroy() }) })
      res.on('end', () => ok({ status: res.statusCode, body: buf, close: () => {} }))
    })
    rq.on('error', fail)
  })
}

test('at most BUREAU_SSE_MAX streams; a departed client frees its slot', async () => {
  const s = [await open(), await open(), await open()]
  for (const x of s) assert.equal(x.status, 200)
  const r = await admin.get('/cockpit/stream')
  expectError(r, 503, 'busy')
  assert.equal((await admin.ok('/cockpit/live')).streams, 3)
  s[0].close()
  // Changes wake every stream: the first write to the closed socket still lands in the kernel (the peer answers with a
  // reset), a later one fails and frees the slot (keep-alives do the same without writes). Wait for that event — the
  // count dropping — writing a change each round; the bound only keeps a broken server from hanging the run.
  let n = 3
  const end = Date.now() + 120000
  for (let i = 0; n >= 3 && Date.now() < end; i++) {
    expectStatus(await admin.req('PUT', '/cockpit/values', { body: { indicator: 'PXRC', unit_id: ids.BGS, month: '2024-01', value: i + 1 } }), 200)
    n = (await admin.ok('/cockpit/live')).streams
    if (n >= 3) await sleep(50)
  }
  assert.equal(n, 2)
  const again = await open()
  assert.equal(again.status, 200)
  again.close()
  s[1].close()
  s[2].close()
})
