/**
 * The JavaScript each route of the web app loads, gzipped (issue 13: routes other than notebooks
 * and boards load no Monaco and no duckdb-wasm). Each route is opened in a fresh Chromium context
 * (cold cache); every script and worker it fetched is gzipped here at level 9 and summed. The
 * .wasm duckdb-wasm fetches (notebook routes only) is counted apart.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { startBrowserCockpit } from './browser-cockpit.ts'
import type { Benchmark } from './run.ts'

const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url))
// As an analyst (Jobs and Admin are admins' pages).
const ROUTES = ['overview', 'live', 'catalog', 'alerts', 'boards', 'tokens', 'notebooks', 'notebooks/1']

export const routeJsBenchmark: Benchmark = {
  name: 'route-js',
  description: 'JavaScript each route loads, gzipped; which load Monaco or duckdb-wasm',
  async run() {
    const session = await startBrowserCockpit()
    try {
      console.log(`${'route'.padEnd(16)} ${'scripts'.padStart(7)} ${'JS gzip'.padStart(10)} ${'monaco'.padStart(7)} ${'duckdb'.padStart(7)} ${'.wasm gzip'.padStart(11)}`)
      for (const route of ROUTES) {
        const context = await session.context()
        const page = await context.newPage()
        const bodies: Promise<{ path: string; gzip: number }>[] = []
        page.on('response', (response) => {
          const path = new URL(response.url()).pathname
          if (!/\.(js|wasm)$/.test(path)) return
          // duckdb-wasm's .wasm is compiled as it streams, so its body cannot be read back: gzip the file served.
          if (path.endsWith('.wasm')) bodies.push(Promise.resolve({ path, gzip: gzipSync(readFileSync(join(WEB_ROOT, path)), { level: 6 }).length }))
          else bodies.push(response.body().then((body) => ({ path, gzip: gzipSync(body, { level: 9 }).length }), () => ({ path, gzip: 0 })))
        })
        await page.goto(`${session.cockpit.url}/#/${route}`)
        await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 60_000 })
        if (route.startsWith('notebooks/')) await page.waitForFunction(() => document.querySelector('[data-testid="engine-state"]')?.getAttribute('data-state') !== 'loading', null, { timeout: 180_000 })
        await page.waitForLoadState('networkidle')
        // A file fetched twice (a worker per thread) counts once.
        const files = [...new Map((await Promise.all(bodies)).map((file) => [file.path, file])).values()]
        const js = files.filter((file) => file.path.endsWith('.js'))
        const wasm = files.filter((file) => file.path.endsWith('.wasm'))
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
        const sum = (list: { gzip: number }[]) => list.reduce((total, file) => total + file.gzip, 0)
        const monaco = js.some((file) => /monaco|editor\.worker/.test(file.path))
        const duckdb = files.some((file) => /duckdb|wasm-engine/.test(file.path))
        console.log(`${route.padEnd(16)} ${String(js.length).padStart(7)} ${kb(sum(js)).padStart(10)} ${(monaco ? 'yes' : 'no').padStart(7)} ${(duckdb ? 'yes' : 'no').padStart(7)} ${(wasm.length === 0 ? '–' : kb(sum(wasm))).padStart(11)}`)
        await context.close()
      }
    } finally {
      await session.stop()
    }
  },
}
