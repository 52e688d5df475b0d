// One client for the bureau HTTP API: cookie session, CSRF header, error display, field errors, downloads.
import { ElMessage } from 'element-plus'
import { session } from './session'
import { errorKey } from './composables/useFormErrors'

export const API = '/api/v1'

export class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || `请求失败（HTTP ${status}）`)
    this.status = status
    this.code = (err && err.code) || 'http_' + status
    this.field = err && err.field
    this.details = err && err.details
    this.retryAfter = err && err.retry_after
  }
}

let onUnauthenticated = () => {}
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn }

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function qs(params) {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    u.append(k, String(v))
  }
  const s = u.toString()
  return s ? '?' + s : ''
}

/**
 * request(method, path, body, opts)
 *  opts.errors: reactive object of form-field errors (composables/useFormErrors); a 400 or 409 whose error.field
 *               maps to one of its keys puts the message there instead of a toast.
 *  opts.silent: true → never toast (caller shows the error), or an array of codes not to toast.
 *  opts.raw: body is a Blob/File/ArrayBuffer sent as-is.
 *  opts.noAuthRedirect: a 401 does not go to the login page.
 */
export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' }
  if (UNSAFE.has(method) && session.csrf) headers['X-CSRF-Token'] = session.csrf
  let payload
  if (body !== undefined && body !== null) {
    if (opts.raw) {
      payload = body
      headers['Content-Type'] = opts.contentType || 'application/octet-stream'
    } else {
      payload = JSON.stringify(body)
      headers['Content-Type'] = 'application/json'
    }
  }
  if (opts.errors) for (const k of Object.keys(opts.errors)) opts.errors[k] = ''
  let res
  try {
    res = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin' })
  } catch (e) {
    const err = new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }
  if (opts.blob && res.ok) return res
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (res.ok) return data
  const err = new ApiError(res.status, data && data.error)
  if (!err.retryAfter && res.headers.get('Retry-After')) err.retryAfter = +res.headers.get('Retry-After')
  if (res.status === 401 && !opts.noAuthRedirect) {
    onUnauthenticated()
    throw err
  }
  if (res.status === 403 && err.code === 'csrf_failed' && !opts.csrfRetried) {
    // The token may have changed (e.g. a new login in another tab): fetch it again and retry once.
    const me = await request('GET', '/auth/me', undefined, { silent: true })
    session.csrf = (me && me.csrf_token) || ''
    return request(method, path, body, { ...opts, csrfRetried: true })
  }
  let shown = false
  const fieldKey = (res.status === 400 || res.status === 409) && opts.errors ? errorKey(opts.errors, err.field) : null
  if (fieldKey) {
    opts.errors[fieldKey] = err.message
    shown = true
  }
  const silent = opts.silent === true || (Array.isArray(opts.silent) && opts.silent.includes(err.code))
  if (!shown && !silent) ElMessage.error(err.message)
  throw err
}

export const api = {
  get: (p, params, o) => request('GET', p + qs(params), undefined, o),
  post: (p, b, o) => request('POST', p, b === undefined ? {} : b, o),
  patch: (p, b, o) => request('PATCH', p, b, o),
  put: (p, b, o) => request('PUT', p, b, o),
  del: (p, o) => request('DELETE', p, undefined, o),
}

/** A live stream (server-sent events) on the same API base and cookie session as request(): openStream('/cockpit/stream'). */
export function openStream(path) {
  return new EventSource(API + path, { withCredentials: true })
}

function filenameFrom(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || ''
  let m = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd)
  if (m) { try { return decodeURIComponent(m[1].trim()) } catch { /* fall through */ } }
  m = /filename\s*=\s*"?([^";]+)"?/.exec(cd)
  if (m) return m[1].trim()
  return fallback
}

/** GET a file (export / template) with the session cookie, then save it through an <a download>. */
export async function download(path, params, fallbackName) {
  const res = await request('GET', path + qs(params), undefined, { blob: true })
  const blob = await res.blob()
  const name = filenameFrom(res, fallbackName || 'download')
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  setTimeout(() => { URL.revokeObjectURL(url); a.remove() }, 10000)
  return name
}
