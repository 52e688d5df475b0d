// A form filled on a phone in the shop (走访检测, 终端评价): the GPS fix shown as a tag (tap it to try again), the
// connection state, and a submit queued while offline that is sent again when the browser says the connection is back,
// or every 20 s where it never says so.
import { ref, computed, onMounted, onBeforeUnmount } from 'vue'

/**
 * useFieldCapture({ onFix, due, retry })
 *   onFix(gps)  called with each new fix { lng, lat, acc } (save the draft there)
 *   due()       true while a queued submit waits to be sent again (queued, not yet answered, not being sent)
 *   retry()     sends it again
 * → { gps, gpsState ('wait' | 'denied' | 'none'), gpsTag { type, text }, online, locate() }
 */
export function useFieldCapture({ onFix, due, retry }) {
  const gps = ref(null), gpsState = ref('wait'), online = ref(navigator.onLine)
  const gpsTag = computed(() => {
    if (gps.value) return { type: 'success', text: `已定位 ±${Math.round(gps.value.acc || 0)}米` }
    if (gpsState.value === 'wait') return { type: 'info', text: '正在定位…' }
    return { type: 'warning', text: gpsState.value === 'denied' ? '定位被拒绝（点此重试）' : '未取得定位（点此重试）' }
  })

  function locate() {
    if (!navigator.geolocation) { gpsState.value = 'none'; return }
    gpsState.value = 'wait'
    navigator.geolocation.getCurrentPosition(
      (p) => { gps.value = { lng: p.coords.longitude, lat: p.coords.latitude, acc: p.coords.accuracy }; onFix?.(gps.value) },
      (e) => { gpsState.value = e.code === 1 ? 'denied' : 'none' }, { timeout: 10000, enableHighAccuracy: true, maximumAge: 0 })
  }

  function goOnline() { online.value = true; if (due()) retry() }
  function goOffline() { online.value = false }
  let timer = null
  onMounted(() => {
    window.addEventListener('online', goOnline)
    window.addEventListener('offline', goOffline)
    timer = setInterval(() => { if (due()) retry() }, 20000)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', goOnline)
    window.removeEventListener('offline', goOffline)
    clearInterval(timer)
  })
  return { gps, gpsState, gpsTag, online, locate }
}
