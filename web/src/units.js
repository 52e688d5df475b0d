// The unit list, loaded once per page and turned into a tree for selects and filters.
import { ref, computed } from 'vue'
import { api } from './api'
import { buildTree } from './util'

export function useUnits() {
  const units = ref([])
  const tree = computed(() => buildTree(units.value))
  async function load() {
    const r = await api.get('/org/units', { size: 500 })
    units.value = r.items || []
  }
  return { units, tree, load }
}
