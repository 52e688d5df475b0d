// The unit-list loader lives in composables/useUnits.js; this path stays for pages that import it from here.
export { useUnits, loadUnits, invalidateUnits } from './composables/useUnits'
