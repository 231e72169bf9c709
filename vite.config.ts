/**
 * Vite builds the Svelte workbench in web/ into dist/web, which the Hono server serves.
 * In `npm run dev`, Vite serves the app with hot reload and proxies /api to the dev server.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { CROSS_ORIGIN_ISOLATION } from './server/http/cross-origin-isolation.ts'
import { precompress } from './web/build/precompress.ts'

const apiTarget = process.env.COCKPIT_DEV_API ?? 'http://127.0.0.1:8081'

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [svelte(), precompress()],
  cacheDir: fileURLToPath(new URL('./node_modules/.vite', import.meta.url)),
  server: {
    port: Number(process.env.COCKPIT_DEV_PORT ?? 5173),
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
    // As the cockpit serves the built app, so duckdb-wasm may use threads in development too.
    headers: CROSS_ORIGIN_ISOLATION,
  },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  // duckdb-wasm's workers and .wasm are files the app imports by URL (web/src/engine/duckdb-bundles.ts).
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // duckdb-wasm's builds are ~34 MB each; only the chosen one is fetched, by notebook routes only.
    chunkSizeWarningLimit: 4096,
  },
})
