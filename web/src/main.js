// Entry: Vue app with Element Plus (zh-cn), its icons, and the router.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import router from './router'
import { ApiError } from './api'
import './style.css'

const app = createApp(App)
app.use(ElementPlus, { locale: zhCn })
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.use(router)
// A refused request has already shown its message (api.js): it is not an uncaught error. Anything else still is.
app.config.errorHandler = (err, _vm, info) => { if (!(err instanceof ApiError)) console.error(err, info) }
window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof ApiError) e.preventDefault() })
app.mount('#app')
