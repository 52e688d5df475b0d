// Entry: the Vue app, the router, and only the Element Plus pieces the login page needs; the rest of Element Plus is
// installed by the router before the first page that needs it (element.js).
import { createApp } from 'vue'
// Deep imports on purpose: importing from 'element-plus' itself would put the whole library in this first chunk.
import { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs'
import { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs'
import { ElInput } from 'element-plus/es/components/input/index.mjs'
import { ElButton } from 'element-plus/es/components/button/index.mjs'
import { ElAlert } from 'element-plus/es/components/alert/index.mjs'
import { ElIcon } from 'element-plus/es/components/icon/index.mjs'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-form.css'
import 'element-plus/theme-chalk/el-form-item.css'
import 'element-plus/theme-chalk/el-input.css'
import 'element-plus/theme-chalk/el-button.css'
import 'element-plus/theme-chalk/el-alert.css'
import 'element-plus/theme-chalk/el-icon.css'
import 'element-plus/theme-chalk/el-message.css'
import { User, Lock } from '@element-plus/icons-vue'
import App from './App.vue'
import router, { setApp } from './router'
import { ApiError } from './api'
import './style.css'

const app = createApp(App)
for (const c of [ElConfigProvider, ElForm, ElFormItem, ElInput, ElButton, ElAlert, ElIcon]) app.component(c.name, c)
app.component('User', User)
app.component('Lock', Lock)
setApp(app)
app.use(router)
// A refused request has already shown its message (api.js): it is not an uncaught error. Anything else still is.
app.config.errorHandler = (err, _vm, info) => { if (!(err instanceof ApiError)) console.error(err, info) }
window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof ApiError) e.preventDefault() })
app.mount('#app')
