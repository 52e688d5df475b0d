// The bureau's clock in the browser: times are shown and stamped in the bureau's time zone (the server's setting,
// default Asia/Shanghai), whatever zone the phone or PC is set to, and follow the server's clock (skew measured at login).
import { reactive } from 'vue'

export const clock = reactive({ tz: 'Asia/Shanghai', offsetMin: 480, skewMs: 0 })

/** From the `clock` of /auth/me or /auth/login: {tz, now_ms, utc_offset_min}. */
export function setClock(c) {
  if (!c) return
  if (c.tz) clock.tz = c.tz
  if (Number.isFinite(c.utc_offset_min)) clock.offsetMin = c.utc_offset_min
  if (Number.isFinite(c.now_ms)) clock.skewMs = c.now_ms - Date.now()
}

const pad = (n) => String(n).padStart(2, '0')
let fmtCache = null
function parts(ms) {
  try {
    if (!fmtCache || fmtCache.tz !== clock.tz) {
      fmtCache = { tz: clock.tz, f: new Intl.DateTimeFormat('en-GB', { timeZone: clock.tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }) }
    }
    const p = Object.fromEntries(fmtCache.f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))
    return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second }
  } catch {
    // A POSIX zone string (e.g. "CST-8") that Intl does not know: the server's current UTC offset.
    const d = new Date(ms + clock.offsetMin * 60000)
    return { y: d.getUTCFullYear(), mo: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()), h: pad(d.getUTCHours()), mi: pad(d.getUTCMinutes()), s: pad(d.getUTCSeconds()) }
  }
}

/** Now on the bureau's clock, in ms since the epoch. */
export const nowMs = () => Date.now() + clock.skewMs
/** "YYYY-MM-DD HH:MM:SS" (seconds=false: "YYYY-MM-DD HH:MM") in the bureau's zone; ms defaults to now. */
export function timeText(ms = nowMs(), seconds = true) {
  const p = parts(ms)
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}${seconds ? ':' + p.s : ''}`
}
/** Today ("YYYY-MM-DD") in the bureau's zone, or the day `days` from today. */
export function todayText(days = 0) {
  const p = parts(nowMs() + days * 86400000)
  return `${p.y}-${p.mo}-${p.d}`
}
/** The bureau's current year and month (1–12). */
export function bureauYearMonth() {
  const p = parts(nowMs())
  return { year: +p.y, month: +p.mo }
}
