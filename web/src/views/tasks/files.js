// Attachments of the 督办 pages: upload as a raw body through the API client, download, sizes; the message badge store.
import { ref } from 'vue'
import { request, download, api } from '../../api'

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt'
export const MAX_BYTES = 20 * 1024 * 1024
export const TYPE_TEXT = 'pdf、jpg、png、docx、xlsx、txt'

export function uploadFile(owner, id, file) {
  const q = `owner=${owner}&id=${id}&name=${encodeURIComponent(file.name)}`
  return request('POST', '/tasks/attachments?' + q, file, { raw: true, contentType: file.type || 'application/octet-stream' })
}
export const removeFile = (id) => api.del('/tasks/attachments/' + id)
export const downloadFile = (a) => download('/tasks/attachments/' + a.id, {}, a.name)
export function sizeText(n) {
  if (n < 1024) return n + ' B'
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB'
  return (n / 1024 / 1024).toFixed(1) + ' MB'
}

// Unread messages for the top bar; pages that mark messages read refresh it.
export const unread = ref(0)
export async function refreshUnread() {
  try { unread.value = (await api.get('/tasks/messages/unread-count', {}, { silent: true })).unread } catch { /* offline or logged out */ }
}
