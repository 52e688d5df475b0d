// Compression for phones on slow links: the static server sends the .br/.gz written beside a file at build time when
// the client takes that coding (never a sibling that leads out of the web root); large API answers are gzipped; every
// such answer says Vary: Accept-Encoding; a client that takes no coding gets the plain bytes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { gzipSync, gunzipSync, brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { startServer, ADMIN_PASSWORD } from './lib.mjs'

let srv, web, outside, admin
const JS = Buffer.from('export const rows = ' + JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: '城区专卖管理所' + i }))))
before(async () => {
  web = mkdtempSync(join(tmpdir(), 'bureau-web-'))
  outside = mkdtempSync(join(tmpdir(), 'bureau-outside-'))
  mkdirSync(join(web, 'assets'))
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(web, 'assets', 'app.js'), JS)
  writeFileSync(join(web, 'assets', 'app.js.gz'), gzipSync(JS))
  writeFileSync(join(web, 'assets', 'app.js.br'), brotliCompressSync(JS))
  // a file whose compressed siblings lead out of the root: never served
  writeFileSync(join(web, 'assets', 'leak.js'), 'export default 1\n'.repeat(200))
  writeFileSync(join(outside, 'secret.gz'), gzipSync('top secret'))
  symlinkSync(join(outside, 'secret.gz'), join(web, 'assets', 'leak.js.gz'))
  srv = await startServer(import.meta.url, { web })
  admin = srv.client()
  await admin.loginOk('admin', ADMIN_PASSWORD)
})
after(async () => { await srv?.stop(); rmSync(web, { recursive: true, force: true }); rmSync(outside, { recursive: true, force: true }) })

const get = (path, ae) => srv.client().get('/' + path, // '//x' is sent as '/x' (lib.mjs)
   { headers: ae === undefined ? {} : { 'Accept-Encoding': ae } })

test('static: brotli when taken, else gzip, else the plain file; Vary on each', async () => {
  let r = await get('/assets/app.js', 'gzip, deflate, br, zstd')
  assert.equal(r.status, 200)
  assert.equal(r.headers['content-encoding'], 'br')
  assert.equal(r.headers.vary, 'Accept-Encoding')
  assert.match(r.headers['content-type'], /javascript/)
  assert.deepEqual(brotliDecompressSync(r.buf), JS)
  r = await get('/assets/app.js', 'gzip')
  assert.equal(r.headers['content-encoding'], 'gzip')
  assert.deepEqual(gunzipSync(r.buf), JS)
  r = await get('/assets/app.js', 'br;q=0, gzip')
  assert.equal(r.headers['content-encoding'], 'gzip')
  for (const ae of [undefined, 'identity', 'gzip;q=0', '*;q=0']) {
    r = await get('/assets/app.js', ae)
    assert.equal(r.headers['content-encoding'], undefined, String(ae))
    assert.deepEqual(r.buf, JS)
    assert.equal(r.headers.vary, 'Accept-Encoding')
  }
})

test('static: a compressed sibling that is a link out of the web root is not served', async () => {
  const r = await get('/assets/leak.js', 'gzip')
  assert.equal(r.status, 200)
  assert.equal(r.headers['content-encoding'], undefined)
  assert.equal(r.text, 'export default 1\n'.repeat(200))
})

test('API: a large answer is gzipped when taken and equals the plain one; small answers and refusals are plain', async () => {
  const plain = await admin.get('/org/users?size=100')
  assert.equal(plain.status, 200)
  assert.equal(plain.headers['content-encoding'], undefined)
  assert.ok(plain.buf.length > 8192, 'a large answer')
  const z = await admin.get('/org/users?size=100', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
  assert.equal(z.headers['content-encoding'], 'gzip')
  assert.equal(z.headers.vary, 'Accept-Encoding')
  assert.ok(z.buf.length < plain.buf.length / 3, `${z.buf.length} of ${plain.buf.length}`)
  assert.deepEqual(JSON.parse(gunzipSync(z.buf)), plain.json)
  const refused = await admin.get('/org/users?size=100', { headers: { 'Accept-Encoding': 'gzip;q=0, br' } })
  assert.equal(refused.headers['content-encoding'], undefined)
  assert.deepEqual(refused.json, plain.json)
  const small = await admin.get('/health', { headers: { 'Accept-Encoding': 'gzip' } })
  assert.equal(small.status, 200)
  assert.equal(small.headers['content-encoding'], undefined)
  assert.ok(small.json)
})
