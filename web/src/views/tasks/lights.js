// Shared bits of the 督办 pages: light colours, status tag types, action names.
export const LIGHTS = { green: { text: '正常', type: 'success' }, yellow: { text: '临期', type: 'warning' }, red: { text: '逾期', type: 'danger' }, done: { text: '已办结', type: 'info' }, none: { text: '未交办', type: 'info' } }
export const STATUSES = ['草稿', '已交办', '办理中', '待审核', '已办结']
export const STATUS_TYPE = { 草稿: 'info', 已交办: 'warning', 办理中: 'primary', 待审核: 'warning', 已办结: 'success' }
export const ACTION_TEXT = { assign: '交办', accept: '签收', report: '进度反馈', submit: '提交办结', return: '退回', close: '办结评价', urge: '催办', review: '回头看', reopen: '回头看（重新办理）', create: '立项', edit: '修改' }
// Phone width: the one shared definition (composables/usePhone).
export { isPhone as isMobile } from '../../composables/usePhone'
// Lights of open work, shown beside the status (a closed or draft one has only its status).
export const OPEN_LIGHTS = ['green', 'yellow', 'red']
