// Words shared by the 党建 pages: meeting kinds, the schedule's states and their colours.
export const KINDS = ['支部党员大会', '支委会', '党小组会', '党课', '主题党日']
export const STATE_TEXT = { held: '已召开', missed: '未召开', open: '本期进行中', future: '未到期', none: '不要求' }
export const STATE_COLOR = { held: '#67c23a', missed: '#f56c6c', open: '#e6a23c', future: '#dcdfe6', none: '#f4f4f5' }
export const ATT_TYPE = { 出席: 'success', 请假: 'warning', 缺席: 'danger' }
export function today() {
  // the bureau's date (Asia/Shanghai), whatever the browser's zone
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
}
