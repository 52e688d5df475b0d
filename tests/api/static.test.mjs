// The web UI's static files: only with --web, MIME types, caching, SPA fallback, no way out of the web root,
// and the security headers on API and static answers alike.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serverFor, startServer, request, expectError } from './lib.mjs'

const root = mkdtempSync(join(tmpdir(), 'bureau-web-'))
const web = join(root, 'web')
const INDEX = '<!doctype html><title>bureau</title><div id="app">INDEX-MARKER</div>'
mkdirSync(join(web, 'assets'), { recursive: true })
writeFileSync(join(web, 'index.html'), INDEX)
writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log("app")\n')
writeFileSync(join(web, 'assets', 'app-abc123.css'), 'body{color:red}\n')
writeFileSync(join(web, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
writeFileSync(join(web, 'favicon.ico'), Buffer.from([0, 0, 1, 0]))
writeFileSync(join(web, 'data.weird'), 'x')
// things outside the web root that must never be served
mkdirSync(join(root, 'web-secret'))
writeFileSync(join(root, 'web-secret', 'secret.txt'), 'SECRET-OUTSIDE-WEBROOT')
writeFileSync(join(root, 'secret.txt'), 'SECRET-OUTSIDE-WEBROOT')
symlinkSync(join(root, 'secret.txt'), join(web, 'leak.txt'))
symlinkSync('/etc', join(web, 'assets', 'etc'))
symlinkSync(join(root, 'web-secret', 'secret.txt'), join(web, 'sibling.txt'))

const srv = serverFor({ before, after }, import.meta.filename, { web })
after(() => rmSync(root, { recursive: true, force: true }))

/** A raw HTTP/1.1 GET with the path exactly as written (fetch and node:http would not send some of these). */
function raw(port, path) {
  return new Promise((ok, fail) => {
    const s = connect(port, '127.0.0.1')
    const chunks = []
    s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
    s.on('data', (d) => chunks.push(d))
    s.on('end', () => {
      const t = Buffer.concat(chunks).toString('latin1')
      ok({ status: Number(/^HTTP\/1\.\d (\d+)/.exec(t)?.[1] || 0), text: t })
    })
    s.on('error', fail)
    s.setTimeout(20000, () => s.destroy(new Error('timeout')))
  })
}

function securityHeaders(r, what) {
  const csp = r.headers['content-security-policy'] || ''
  assert.match(csp, /frame-ancestors 'none'/, what + ' CSP')
  assert.match(csp, /default-src 'self'/, what + ' CSP')
  assert.equal(r.headers['x-content-type-options'], 'nosniff', what)
  assert.ok(r.headers['referrer-policy'], what + ' Referrer-Policy')
}

test('GET / and /index.html serve index.html (text/html, not cached for long)', async () => {
  for (const p of ['/', '/index.html']) {
    const r = await request(srv.base, 'GET', p)
    assert.equal(r.status, 200, p)
    assert.equal(r.text, INDEX)
    assert.match(r.headers['content-type'], /^text\/html/)
    assert.doesNotMatch(r.headers['cache-control'] || '', /immutable/)
    securityHeaders(r, p)
  }
})

test('MIME types and Cache-Control immutable under /assets/', async () => {
  const cases = [
    ['/assets/app-abc123.js', /^(text|application)\/javascript/],
    ['/assets/app-abc123.css', /^text\/css/],
    ['/assets/logo.svg', /^image\/svg\+xml/],
    ['/favicon.ico', /^image\/(x-icon|vnd\.microsoft\.icon)/],
    ['/data.weird', /^application\/octet-stream/],
  ]
  for (const [p, type] of cases) {
    const r = await request(srv.base, 'GET', p)
    assert.equal(r.status, 200, p)
    assert.match(r.headers['content-type'], type, p)
    securityHeaders(r, p)
    if (p.startsWith('/assets/')) assert.match(r.headers['cache-control'], /max-age=\d{6,}.*immutable|immutable.*max-age=\d{6,}/, p)
    else assert.doesNotMatch(r.headers['cache-control'] || '', /immutable/, p)
  }
  const head = await request(srv.base, 'HEAD', '/assets/app-abc123.js')
  assert.equal(head.status, 200)
  assert.equal(head.buf.length, 0)
})

test('SPA fallback: /org/users and /login return index.html; /missing.js is 404', async () => {
  for (const p of ['/org/users', '/login', '/org/users/12', '/dashboard']) {
    const r = await request(srv.base, 'GET', p)
    assert.equal(r.status, 200, p)
    assert.equal(r.text, INDEX, p)
    assert.match(r.headers['content-type'], /^text\/html/)
    assert.doesNotMatch(r.headers['cache-control'] || '', /immutable/)
  }
  for (const p of ['/missing.js', '/assets/app-000000.js', '/assets/nope.css']) {
    const r = await request(srv.base, 'GET', p)
    assert.equal(r.status, 404, p)
    assert.ok(!r.text.includes('INDEX-MARKER'), p)
    securityHeaders(r, p)
  }
  // writes to static paths are refused
  const w = await request(srv.base, 'POST', '/index.html', { body: {} })
  assert.equal(w.status, 405)
})

test('no path leaves the web root', async () => {
  const paths = [
    '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/..%5c..%5csecret.txt', '//etc/passwd', '/assets//../../secret.txt',
    '/%252e%252e/secret.txt', '/leak.txt', '/assets/etc/passwd', '/assets/etc/hostname', '/%00/etc/passwd', '/index.html%00.js',
    '/../web-secret/secret.txt',
  ]
  for (const p of paths) {
    const r = await raw(srv.port, p)
    assert.ok(r.status === 404 || r.status === 400 || (r.status === 200 && r.text.includes('INDEX-MARKER')), `${p} → ${r.status}`)
    assert.ok(!/root:.*:0:0:/.test(r.text), `${p} leaked /etc/passwd`)
    assert.ok(!r.text.includes('SECRET-OUTSIDE-WEBROOT'), `${p} leaked a file outside the web root`)
  }
})

test('a symlink to a sibling directory whose name starts like the web root is not served', async () => {
  // web root ".../web", target ".../web-secret/secret.txt": a plain prefix comparison of the real paths lets it through
  const r = await raw(srv.port, '/sibling.txt')
  assert.ok(!r.text.includes('SECRET-OUTSIDE-WEBROOT'), `GET /sibling.txt → ${r.status}, served ${join(root, 'web-secret', 'secret.txt')}`)
  assert.equal(r.status, 404)
})

test('security headers on API answers (200, 401, 404)', async () => {
  securityHeaders(await request(srv.base, 'GET', '/api/v1/health'), 'health')
  const u = await request(srv.base, 'GET', '/api/v1/org/users')
  expectError(u, 401, 'unauthenticated')
  securityHeaders(u, '401')
  assert.match(u.headers['cache-control'] || '', /no-store/)
  securityHeaders(await request(srv.base, 'GET', '/api/v1/nope'), 'no route')
  const h = await request(srv.base, 'GET', '/api/v1/health')
  assert.match(h.headers['content-type'], /^application\/json/)
})

test('without --web: GET / is 404, the API still works', async () => {
  const s2 = await startServer(import.meta.filename)
  try {
    const r = await request(s2.base, 'GET', '/')
    assert.equal(r.status, 404)
    assert.ok(!r.text.includes('INDEX-MARKER'))
    securityHeaders(r, 'no web /')
    assert.equal((await request(s2.base, 'GET', '/org/users')).status, 404)
    assert.equal((await request(s2.base, 'GET', '/api/v1/health')).status, 200)
  } finally {
    assert.equal(await s2.stop(), 0, 'graceful stop')
  }
})
