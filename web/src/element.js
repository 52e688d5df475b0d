// The icons the signed-in app names by string (icon="Edit", the menu's icons, a card's icon) registered once, loaded
// with the first page after the login. Element Plus components themselves are imported by each page that uses them
// (element-on-demand.js, a Vite plugin), so no page downloads the whole library. 'virtual:bureau-icons' holds the
// icons whose names appear in src/ (see element-on-demand.js).
import * as Icons from 'virtual:bureau-icons'

let done = false
export function install(app) {
  if (done) return
  done = true
  for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
}
