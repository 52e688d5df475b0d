// Element Plus for the signed-in app: every component and icon registered once, loaded with the first page after the
// login (the login page itself takes only the handful it uses, see main.js), so a phone on a slow link signs in sooner.
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'

let done = false
export function install(app) {
  if (done) return
  done = true
  app.use(ElementPlus)
  for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
}
