// Who is logged in: the user from /auth/me or /auth/login, the CSRF token, permission checks.
import { reactive } from 'vue'
import { setClock } from './clock'

export const session = reactive({
  loaded: false,
  user: null,
  csrf: '',
  perms: [],
})

export function setSession(data) {
  session.user = data ? data.user : null
  session.csrf = data ? data.csrf_token || '' : ''
  session.perms = (data && data.user && data.user.perms) || []
  session.loaded = true
  if (data && data.clock) setClock(data.clock)
}

export function clearSession() {
  session.user = null
  session.csrf = ''
  session.perms = []
  session.loaded = true
}

/** Perm codes are a:b:c; a held '*' segment matches anything, and a shorter held code with '*' last covers the rest. */
export function permMatches(held, want) {
  if (held === want) return true
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
