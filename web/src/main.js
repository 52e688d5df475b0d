// Entry: the Vue app and the router. Element Plus components are imported by each page that uses them (the Vite plugin
// element-on-demand.js); the login page's two icons are registered here, every other icon with the first signed-in
// page (element.js).
import { createApp } from 'vue'
import { User, Lock } from '@element-plus/icons-vue'
import App from './App.vue'
import router, { setApp } from './router'
import { ApiError } from './api'
import './style.css'

const app = createApp(App)
app.component('User', User)
app.component('Lock', Lock)
setApp(app)
app.use(router)
// A refused request has already shown its message (api.js): it is not an uncaught error. Anything else still is.
app.config.errorHandler = (err, _vm, info) => { if (!(err instanceof ApiError)) console.error(err, info) }
window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof ApiError) e.preventDefault() })
app.mount('#app')
