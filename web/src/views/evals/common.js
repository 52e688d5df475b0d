// Words shared by the 终端评价 pages: review states, flag codes and their tag colours.
export const STATES = { submitted: '已提交', flagged: '有疑点', returned: '已退回', amended: '已修改', approved: '已通过', rechecked: '已复核' }
export const stateName = (s) => STATES[s] || s || '未评'
export const stateType = (s) => ({ flagged: 'danger', returned: 'warning', approved: 'success', rechecked: 'success', amended: 'warning' }[s] || 'info')
export const FLAGS = {
  location: '位置异常', no_location: '无定位', too_fast: '用时过短', track: '轨迹异常', off_hours: '非工作时间', photo_dup: '照片重复',
  photo_near: '照片近似', copy_straight: '疑似复制（多户雷同）', copy_previous: '疑似复制（与上期相同）', data_mismatch: '与数据不符',
  no_confirm: '代签嫌疑（缺少确认）', sig_reuse: '代签嫌疑（签名重复）',
}
export const flagName = (c) => FLAGS[c] || c
export const STARS = ['无星', '一星', '二星', '三星', '四星', '五星']
