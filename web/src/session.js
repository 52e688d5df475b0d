// Who is logged in: the user from /auth/me or /auth/login, the CSRF token, permission checks.
import { reactive } from 'vue'
import { setClock } from './clock'

export const session = reactive({
  loaded: false,
  user: null,
  csrf: '',
  perms: [],
})

// A hint kept beside the (HttpOnly) session cookie: the app asks /auth/me on load only when someone signed in from
// this browser, so the login page of a stranger makes no request that fails with 401.
const HINT = 'bureau.signed-in'
export function signedInHint() {
  try { return localStorage.getItem(HINT) === '1' } catch { return true }
}
function setHint(on) {
  try { if (on) localStorage.setItem(HINT, '1'); else localStorage.removeItem(HINT) } catch { /* private mode: ask the server each time */ }
}

export function setSession(data) {
  setHint(!!(data && data.user))
  session.user = data ? data.user : null
  session.csrf = data ? data.csrf_token || '' : ''
  session.perms = (data && data.user && data.user.perms) || []
  session.loaded = true
  if (data && data.clock) setClock(data.clock)
}

export function clearSession() {
  setHint(false)
  session.user = null
  session.csrf = ''
  session.perms = []
  session.loaded = true
}

/** /auth/me did not answer (network down, or the page navigated away mid-request): nobody is known to be signed in
 *  now, but the hint stays and the next navigation asks again. Clearing the hint here signed a user out for good
 *  because one request was cut short. */
export function forgetSessionForNow() {
  session.user = null
  session.csrf = ''
  session.perms = []
  session.loaded = false
}

// 三员分立: the audit log and the security settings are never implied by a wildcard (as on the server).
const RESERVED = new Set(['monitor:audit:list', 'monitor:audit:export', 'monitor:audit:verify', 'org:security:list', 'org:security:edit'])

/** Perm codes are a:b:c; a held '*' segment matches anything, and a shorter held code with '*' last covers the rest. */
export function permMatches(held, want) {
  if (held === want) return true
  if (RESERVED.has(want)) return false
  const h = held.split(':')
  const w = want.split(':')
  for (let i = 0; i < w.length; i++) {
    if (i >= h.length) return false
    if (h[i] === '*') { if (i === h.length - 1) return true; continue }
    if (h[i] !== w[i]) return false
  }
  return h.length === w.length
}

export function hasPerm(want) {
  if (!want) return true
  return session.perms.some((p) => permMatches(p, want))
}
