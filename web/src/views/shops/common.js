// Shared by the shops pages: level colours (lowest first) and the radar option of one result against averages.
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
