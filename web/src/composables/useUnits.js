// The unit list, one loader for every page: fetched once per signed-in user and shared, as a flat list, a tree, and names.
import { ref, computed } from 'vue'
import { api } from '../api'
import { session } from '../session'
import { buildTree } from '../util'

const all = ref([])
let loadedFor = null // user id the cached list belongs to
let pending = null

/**
 * Fetch the units the caller may pick from (GET /org/units/options: every signed-in user may read the names
 * and the tree, not the management data). Shared: a second caller waits for the same request. force=true refetches
 * (after a unit was added, renamed or moved).
 */
export async function loadUnits(force = false) {
  const uid = session.user ? session.user.id : null
  if (!force && loadedFor === uid && all.value.length) return all.value
  if (pending && !force) return pending
  pending = api.get('/org/units/options', undefined, { silent: true })
    .then((r) => { all.value = (r && r.items) || []; loadedFor = uid; return all.value })
    .catch(() => { all.value = []; return all.value })
    .finally(() => { pending = null })
  return pending
}

/** Forget the cached list (a unit was changed). */
export function invalidateUnits() { loadedFor = null }

/**
 * useUnits({ kind }) → { units, tree, load, name }
 *  units: the flat list (only kind, a string or an array of kinds, if given); tree: the same as a tree for el-tree/el-tree-select;
 *  load(force): fetch (shared); name(id): a unit's name.
 */
export function useUnits(opts = {}) {
  const kinds = opts.kind ? (Array.isArray(opts.kind) ? opts.kind : [opts.kind]) : null
  const units = computed(() => (kinds ? all.value.filter((u) => kinds.includes(u.kind)) : all.value))
  const tree = computed(() => buildTree(units.value))
  const byId = computed(() => new Map(all.value.map((u) => [u.id, u])))
  const name = (id) => (byId.value.get(id) || {}).name || ''
  return { units, tree, load: loadUnits, name }
}
