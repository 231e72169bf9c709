/**
 * Serves the built Svelte app. Unknown non-API paths fall back to index.html so that the
 * app's own routes survive a page reload. Pages and files are served cross-origin isolated.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import type { Env, Hono } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crossOriginIsolation } from './http/cross-origin-isolation.ts'

export function mountWebApp<E extends Env>(app: Hono<E>, webRoot: string): void {
  // Cross-origin isolated pages may run duckdb-wasm's threaded build (./http/cross-origin-isolation.ts).
  app.use('*', crossOriginIsolation())
  app.use('/assets/*', serveStatic({ root: webRoot }))
  app.use('/*', serveStatic({ root: webRoot }))
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return c.notFound()
    return c.html(readFileSync(join(webRoot, 'index.html'), 'utf8'))
  })
}
