// Vite build of the bureau web UI: served by `bureau serve --web web/dist` at '/'. Each built file also gets a .gz and
// a .br beside it (Node's own zlib, no plugin): the server sends those to browsers that take them, phones on slow links.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import elementOnDemand from './element-on-demand.js'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync, brotliCompressSync, constants as zc } from 'node:zlib'

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|wasm)$/
function precompress(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) { precompress(p); continue }
    if (!COMPRESSIBLE.test(name)) continue
    const buf = readFileSync(p)
    if (buf.length < 1024) continue // fits in a packet or two either way
    const gz = gzipSync(buf, { level: 9 })
    if (gz.length < buf.length) writeFileSync(p + '.gz', gz)
    const br = brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } })
    if (br.length < buf.length) writeFileSync(p + '.br', br)
  }
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    elementOnDemand(),
    (() => {
      let out = ''
      return {
        name: 'bureau-precompress', apply: 'build',
        configResolved(c) { out = resolve(c.root, c.build.outDir) },
        closeBundle() { precompress(out) },
      }
    })(),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // Element Plus and ECharts are not forced into chunks of their own: each page takes the components it uses
        // (element-on-demand.js), ECharts comes with a chart.
        manualChunks: { vue: ['vue', 'vue-router'] },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
})
