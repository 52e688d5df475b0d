// Shared words and colours of the risks pages.
export const LISTS = ['权力', '责任', '风险', '措施']
export const CATEGORIES = ['廉洁', '安全生产', '保密', '舆情', '网络安全', '经营', '专卖执法', '采购']
export const LEVELS = ['低', '中', '高', '重大']
export const STAGES = ['制定', '执行', '检查考核', '修正']
export const LEVEL_TAG = { 低: 'success', 中: 'primary', 高: 'warning', 重大: 'danger' }
export const LEVEL_COLOR = { 低: '#95d475', 中: '#79bbff', 高: '#eebe77', 重大: '#f56c6c' }
