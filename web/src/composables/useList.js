// One query/paging shape for list pages: filters + page + size + sort in one reactive query, GET {items, total}.
import { reactive, ref } from 'vue'
import { api } from '../api'

/**
 * useList(source, options) → { query, rows, total, loading, load, search, reset, params, onSort }
 *  source:  an API path ('/org/users') or an async function (params) → { items, total }
 *  options.filters: the filter fields and their empty values ({ q: '', status: '' }); reset() puts these back
 *  options.size:    page size (20)
 *  options.params:  (query) → extra or rewritten parameters (a date range split into from/to, below=1 …)
 *  options.immediate: load on creation (false: the page calls load() itself, e.g. after reading its route)
 * The request sends page, size and sort with the filters; empty values are left out (api.qs). A newer request
 * wins: an answer that arrives after a later search is dropped.
 */
export function useList(source, options = {}) {
  const filters = options.filters || {}
  const blank = () => JSON.parse(JSON.stringify(filters))
  const query = reactive({ ...blank(), page: 1, size: options.size || 20, sort: '' })
  const rows = ref([])
  const total = ref(0)
  const loading = ref(false)
  let seq = 0

  /** The filters as request parameters (no page/size): for export links. */
  function params() {
    const p = {}
    for (const k of Object.keys(query)) {
      if (k === 'page' || k === 'size') continue
      const v = query[k]
      p[k] = typeof v === 'string' ? v.trim() : v
    }
    return options.params ? options.params(p) || p : p
  }

  async function load() {
    const my = ++seq
    loading.value = true
    try {
      const p = { ...params(), page: query.page, size: query.size }
      const r = typeof source === 'function' ? await source(p) : await api.get(source, p)
      if (my !== seq) return
      rows.value = (r && r.items) || []
      total.value = (r && r.total) || 0
    } catch { /* the API client showed the message */ } finally {
      if (my === seq) loading.value = false
    }
  }
  function search() { query.page = 1; return load() }
  function reset() { Object.assign(query, blank(), { sort: '' }); return search() }
  /** el-table @sort-change: "prop" or "-prop". */
  function onSort({ prop, order }) { query.sort = order ? (order === 'descending' ? '-' : '') + prop : ''; return search() }

  if (options.immediate !== false) load()
  return { query, rows, total, loading, load, search, reset, params, onSort }
}
