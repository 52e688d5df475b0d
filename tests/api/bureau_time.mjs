// The bureau's clock as the tests see it: the server stamps times and counts "today" in its zone (default
// Asia/Shanghai) whatever the host's TZ, so a test that writes or compares a time uses the same zone — else it
// fails every day between 16:00 and 24:00 UTC, when Beijing is already on the next date.
export const BUREAU_TZ = 'Asia/Shanghai'
const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: BUREAU_TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit' })
function parts(ms) { return Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value])) }
/** "YYYY-MM-DD HH:MM:SS" in the bureau's zone, offsetS seconds from now. */
export function bureauStamp(offsetS = 0) {
  const p = parts(Date.now() + offsetS * 1000)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}
/** "YYYY-MM-DD": the bureau's today, or offsetDays from it. */
export function bureauDate(offsetDays = 0) {
  const p = parts(Date.now() + offsetDays * 86400000)
  return `${p.year}-${p.month}-${p.day}`
}
