// Shared by the shops pages: level colours (lowest first), the radar option of one result against averages, and the
// answer sheets' idempotency keys.
export const LEVEL_COLORS = { 起步: '#f56c6c', 成长: '#e6a23c', 熟练: '#409eff', 领先: '#67c23a', 示范: '#8e44ad', 数据不足: '#909399', 未检测: '#c0c4cc' }
export const levelType = (l) => ({ 起步: 'danger', 成长: 'warning', 熟练: 'primary', 领先: 'success', 示范: 'success' }[l] || 'info')

export function radarOption(dims, others = []) {
  return {
    tooltip: {},
    legend: { bottom: 0 },
    radar: { indicator: dims.map((d) => ({ name: d.name, max: 100 })), radius: '62%' },
    series: [{
      type: 'radar',
      data: [{ name: '本店', value: dims.map((d) => d.score ?? 0), areaStyle: { opacity: 0.25 } },
        ...others.map((o) => ({ name: o.name, value: dims.map((d) => o.dims[d.code] ?? 0), lineStyle: { type: 'dashed' } }))],
    }],
  }
}

// RFC 4122 version 4 from crypto.getRandomValues, which (unlike crypto.randomUUID) also works on plain-http intranet pages
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
