// Shared words and colours of the risks pages.
export const LISTS = ['权力', '责任', '风险', '措施']
export const CATEGORIES = ['廉洁', '安全生产', '保密', '舆情', '网络安全', '经营', '专卖执法', '采购']
export const LEVELS = ['低', '中', '高', '重大']
export const STAGES = ['制定', '执行', '检查考核', '修正']
export const LEVEL_TAG = { 低: 'success', 中: 'primary', 高: 'warning', 重大: 'danger' }
export const LEVEL_COLOR = { 低: '#95d475', 中: '#79bbff', 高: '#eebe77', 重大: '#f56c6c' }

// 三项项目
export const PROJECT_KINDS = ['工程投资', '物资采购', '宣传促销']
export const PROJECT_STAGES = ['审议', '审批', '采购', '合同', '验收', '付款', '完结', '未通过']
export const STAGE_TAG = { 审议: 'warning', 审批: 'warning', 采购: 'primary', 合同: 'primary', 验收: 'primary', 付款: 'primary', 完结: 'success', 未通过: 'info' }
export const METHODS = ['公开招标', '邀请招标', '竞争性谈判', '询价', '单一来源']
/** 分 → "12.50万元" from 1万元 up, else "8757.50元" / "8757元" (as the server words flags). */
export function money(fen) {
  if (fen == null) return '—'
  if (Math.abs(fen) >= 1000000) return (Math.round(fen / 10000) / 100).toFixed(2) + '万元'
  return fen % 100 ? (fen / 100).toFixed(2) + '元' : fen / 100 + '元'
}
