// Element Plus on demand, a Vite plugin of our own (no extra package): every component a template uses (<el-table>,
// <ElButton>) and the v-loading directive are imported by the page that uses them, with their styles, instead of the
// whole library being installed on the app. Services imported by name in a script (ElMessage, ElMessageBox, ElLoading,
// ElNotification) get their styles too. A new page needs nothing special.
// Icons are named by string (icon="Edit", a menu's icon: 'Flag') and stay registered on the app (src/element.js), but
// only those named somewhere in src/: the module 'virtual:bureau-icons' exports every icon of @element-plus/icons-vue
// whose name appears in src/ as a quoted string or as a component tag (<Fold />), so the icons a new page names are
// found by the next build.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const COMPONENTS = join(here, 'node_modules/element-plus/es/components')
const THEME = join(here, 'node_modules/element-plus/theme-chalk')

const pascal = (tag) => tag.replace(/(^|-)(\w)/g, (_, _d, c) => c.toUpperCase()) // el-table-column → ElTableColumn
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() // TableColumn → table-column

/** The style imports of one Element Plus export (ElTableColumn, ElMessage, vLoading). */
function stylesOf(name) {
  const dir = kebab(name.replace(/^(El|v)/, ''))
  if (existsSync(join(COMPONENTS, dir, 'style/css.mjs'))) return [`element-plus/es/components/${dir}/style/css.mjs`]
  if (existsSync(join(THEME, `el-${dir}.css`))) return ['element-plus/theme-chalk/base.css', `element-plus/theme-chalk/el-${dir}.css`]
  return []
}

const isElementTag = (tag) => /^(el-[a-z0-9-]+|El[A-Z]\w*)$/.test(tag)
const DIRECTIVES = { loading: 'vLoading' }

const ICONS_ID = 'virtual:bureau-icons'
function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) sources(p, out)
    else if (/\.(vue|js)$/.test(name)) out.push(p)
  }
  return out
}
async function iconsModule() {
  const all = new Set(Object.keys(await import('@element-plus/icons-vue')))
  const named = new Set()
  for (const f of sources(join(here, 'src')))
    // an icon named as a string (icon="Edit") or written as a component tag in a template (<Fold />)
    for (const m of readFileSync(f, 'utf8').matchAll(/["'`]([A-Z][A-Za-z0-9]+)["'`]|<([A-Z][A-Za-z0-9]+)[\s/>]/g)) if (all.has(m[1] || m[2])) named.add(m[1] || m[2])
  return `export { ${[...named].sort().join(', ')} } from '@element-plus/icons-vue'\n`
}

export default function elementOnDemand() {
  return {
    name: 'bureau-element-on-demand',
    enforce: 'post',
    resolveId(id) { return id === ICONS_ID ? '\0' + ICONS_ID : null },
    load(id) { return id === '\0' + ICONS_ID ? iconsModule() : null },
    transform(code, id) {
      const file = id.split('?')[0]
      if (id.includes('?') && !/[?&]vue&type=(template|script)/.test(id)) return null
      if (!/\/src\/.*\.(vue|js)$/.test(file) || file.includes('/node_modules/')) return null
      const names = new Set()
      const styles = new Set()
      let out = code.replace(/\b_?resolveComponent\d*\(\s*["']([\w-]+)["'][^)]*\)/g, (all, tag) => {
        if (!isElementTag(tag)) return all
        const name = tag.startsWith('el-') ? pascal(tag) : tag
        names.add(name)
        return `__ep_${name}`
      })
      out = out.replace(/\b_?resolveDirective\d*\(\s*["']([\w-]+)["']\s*\)/g, (all, dir) => {
        const name = DIRECTIVES[dir]
        if (!name) return all
        names.add(name)
        return `__ep_${name}`
      })
      for (const m of out.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']element-plus(?:\/es)?["']/g))
        for (const part of m[1].split(',')) {
          const name = part.trim().split(/\s+as\s+/)[0]
          if (/^(El[A-Z]\w*|vLoading)$/.test(name)) for (const s of stylesOf(name)) styles.add(s)
        }
      if (!names.size && !styles.size) return null
      for (const n of names) for (const s of stylesOf(n)) styles.add(s)
      const head = [...styles].map((s) => `import ${JSON.stringify(s)};\n`).join('') +
        (names.size ? `import { ${[...names].map((n) => `${n} as __ep_${n}`).join(', ')} } from 'element-plus';\n` : '')
      return { code: head + out, map: null }
    },
  }
}
