/**
 * Vite builds the Svelte workbench in web/ into dist/web, which the Hono server serves.
 * In `npm run dev`, Vite serves the app with hot reload and proxies /api to the dev server.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const apiTarget = process.env.COCKPIT_DEV_API ?? 'http://127.0.0.1:8081'

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [svelte()],
  cacheDir: fileURLToPath(new URL('./node_modules/.vite', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: Number(process.env.COCKPIT_DEV_PORT ?? 5173),
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
})
