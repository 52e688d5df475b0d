// Shared by the cockpit pages: indicator and unit lists, month helpers, light colours, number format, and the live
// subscription (EventSource on /cockpit/stream; a change reloads the view within a second, without a page reload).
import { ref, onMounted, onBeforeUnmount } from 'vue'
import { api, openStream } from '../../api'
import { bureauYearMonth } from '../../clock'

export const LIGHT = { green: '#67c23a', yellow: '#e6a23c', red: '#f56c6c', none: '#c0c4cc' }
export const LIGHT_TEXT = { green: '达标', yellow: '预警', red: '落后', none: '—' }

export function lastMonth() {
  const { year, month } = bureauYearMonth()
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

export function fmt(v, decimals = 1) {
  if (v === null || v === undefined) return '—'
  return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}
/** A target as the server rounds it (the indicator's decimals, at least 2 when needed): 3.33 beside a 完成率 computed
 *  from 3.33, while 1200 stays "1,200". */
export function fmtTarget(v, decimals = 0) {
  if (v === null || v === undefined) return '—'
  return Number(v).toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: Math.max(2, decimals) })
}
export function pct(v) { return v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${Number(v).toFixed(2)}%` }

/** Change of a 同比/环比 object as text: "+3.2%", or why there is none. */
export function changeText(c) {
  if (!c) return '—'
  if (c.status === 'ok') return pct(c.pct)
  if (c.status === 'zero_base') return '基期为0'
  if (c.status === 'no_base') return '无基期'
  return '无数据'
}

let indCache = null
export async function indicators() {
  if (!indCache) indCache = api.get('/cockpit/indicators').then((r) => r.items)
  return indCache
}
/** After a definition changes: the next page asks the server again. */
export function forgetIndicators() { indCache = null }
export async function units() { return (await api.get('/cockpit/units')).items }

/** Calls reload() when a value changes anywhere (debounced); exposes the connection state for the page. */
export function useLive(reload) {
  const live = ref('connecting')
  let es = null, timer = null
  function open() {
    es = openStream('/cockpit/stream')
    es.addEventListener('hello', () => { live.value = 'live' })
    es.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(reload, 150) })
    es.addEventListener('reset', () => reload())
    es.onerror = () => { live.value = 'reconnecting' }
  }
  onMounted(open)
  onBeforeUnmount(() => { clearTimeout(timer); if (es) es.close() })
  return live
}
